//! Bounded reads of the files users hand to chartroom: values files, `--set-file`, chart
//! files, profiles, schemas, Jinja templates, baselines and `diff --against` streams.
//!
//! Every such read goes through here so that hostile or mistaken input cannot exhaust memory
//! or hang the process: only regular files are read (a directory, FIFO, socket or device such
//! as `/dev/zero` is refused before it is opened, so nothing blocks), and no file or standard
//! input stream may exceed [`max_file_bytes`]. The functions have the signatures of
//! `std::fs::read` and `read_to_string`, so callers keep their own error wording for the
//! ordinary failures (a missing file reads exactly as before); the new refusals are
//! `io::Error`s whose text names the file, the limit and the setting that raises it.

use std::io::{self, Read};
use std::path::Path;

/// The environment variable that sets the size limit (bytes, or with a `Ki`, `Mi`, `Gi`
/// suffix).
pub const MAX_FILE_SIZE_VARIABLE: &str = "CHARTROOM_MAX_FILE_SIZE";

/// The size limit when [`MAX_FILE_SIZE_VARIABLE`] is not set: far above any real values file
/// or template, far below what would hurt a CI machine.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The limit in force: [`MAX_FILE_SIZE_VARIABLE`] when it parses, else the default.
pub fn max_file_bytes() -> u64 {
    std::env::var(MAX_FILE_SIZE_VARIABLE)
        .ok()
        .and_then(|text| parse_size(&text))
        .unwrap_or(DEFAULT_MAX_FILE_BYTES)
}

/// `1048576`, `512Ki`, `64Mi`, `2Gi`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(split) => text.split_at(split),
        None => (text, ""),
    };
    let number: u64 = digits.parse().ok()?;
    let factor: u64 = match unit {
        "" => 1,
        "Ki" | "K" | "k" => 1 << 10,
        "Mi" | "M" => 1 << 20,
        "Gi" | "G" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(factor)
}

/// Reads a whole regular file, refusing other kinds of files and files over the limit.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let limit = max_file_bytes();
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(not_regular(path, &metadata));
    }
    if metadata.len() > limit {
        return Err(too_large(&path.display().to_string(), limit));
    }
    let file = std::fs::File::open(path)?;
    read_limited(file, &path.display().to_string(), limit)
}

/// [`read`] as UTF-8 text.
pub fn read_to_string(path: &Path) -> io::Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// Reads standard input up to the limit.
pub fn read_stdin() -> io::Result<Vec<u8>> {
    read_limited(io::stdin().lock(), "standard input", max_file_bytes())
}

/// Reads `source` to its end, failing once it passes `limit` bytes (a file that grows while
/// it is read, or a stream).
fn read_limited(source: impl Read, name: &str, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    source
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(name, limit));
    }
    Ok(bytes)
}

fn too_large(name: &str, limit: u64) -> io::Error {
    io::Error::other(format!(
        "{name} is larger than the {} limit on input files (set {MAX_FILE_SIZE_VARIABLE}, e.g. {MAX_FILE_SIZE_VARIABLE}=256Mi, to raise it)",
        describe_size(limit)
    ))
}

fn not_regular(path: &Path, metadata: &std::fs::Metadata) -> io::Error {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    let what = if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    };
    io::Error::other(format!(
        "{} is {what}: only regular files are read",
        path.display()
    ))
}

/// `64 MiB`, `1000 bytes`.
pub fn describe_size(bytes: u64) -> String {
    for (unit, factor) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if bytes >= factor && bytes.is_multiple_of(factor) {
            return format!("{} {unit}", bytes / factor);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("64Mi"), Some(64 << 20));
        assert_eq!(parse_size("2Gi"), Some(2 << 30));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("5Ti"), None);
        assert_eq!(describe_size(64 << 20), "64 MiB");
        assert_eq!(describe_size(1000), "1000 bytes");
    }

    #[test]
    fn devices_directories_and_pipes_are_refused_without_blocking() {
        let error = read(Path::new("/dev/zero")).unwrap_err();
        assert!(
            error.to_string().contains("/dev/zero is a device"),
            "{error}"
        );
        let error = read(Path::new("/")).unwrap_err();
        assert!(error.to_string().contains("is a directory"), "{error}");
        let missing = read(Path::new("/nonexistent/chartroom")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn streams_stop_at_the_limit() {
        let error = read_limited(io::repeat(b'x'), "standard input", 1024).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("standard input is larger than the 1 KiB limit"),
            "{error}"
        );
        assert!(error.to_string().contains("CHARTROOM_MAX_FILE_SIZE"));
        assert_eq!(read_limited(&b"abc"[..], "x", 3).unwrap(), b"abc");
    }
}
