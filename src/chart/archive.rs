//! Reading a chart packaged as a gzip-compressed tar archive (`helm package` output or a
//! `.tgz` under `charts/`), with Helm's safety rules.
//!
//! Every entry must sit under one top-level directory, which is dropped from the names. Helm
//! refuses absolute paths, `..` escapes, Windows drive paths and a `Chart.yaml` outside that
//! directory, caps the expanded size of the whole chart (100 MiB) and of each file (5 MiB),
//! skips directories and PAX headers, and strips a UTF-8 byte-order mark from each file.
//! `.helmignore` does not apply to archives.

use std::io::Read;

use super::model::ChartFile;
use super::ChartError;

/// The largest total expanded size of a chart archive Helm accepts.
pub const MAX_DECOMPRESSED_CHART_SIZE: u64 = 100 * 1024 * 1024;

/// The largest expanded size of one file of a chart Helm accepts.
pub const MAX_DECOMPRESSED_FILE_SIZE: u64 = 5 * 1024 * 1024;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

fn archive_error(message: impl Into<String>) -> ChartError {
    ChartError::Archive(message.into())
}

/// Whether the bytes look like gzip data (Helm's `EnsureArchive` check).
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1F, 0x8B, 0x08])
}

/// Helm's `EnsureArchive`: the error for a chart file that is not a gzip archive.
pub fn ensure_archive(name: &str, bytes: &[u8]) -> Result<(), ChartError> {
    if is_gzip(bytes) {
        return Ok(());
    }
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        return Err(archive_error(format!(
            "file '{name}' seems to be a YAML file, but expected a gzipped archive"
        )));
    }
    let content_type = super::sniff::sniff_content_type(bytes);
    Err(archive_error(format!(
        "file '{name}' does not appear to be a gzipped archive; got '{content_type}'"
    )))
}

/// The files of a chart archive, named relative to its top-level directory, in archive order.
///
/// Like Go's gzip reader, every member of a multi-member gzip stream is read. Besides Helm's
/// limits on one archive, `total_budget` (decremented) bounds what this archive and the
/// archives nested in it may decompress to together ([`crate::limits::CHART_SIZE`]).
pub fn load_archive_files(
    compressed: &[u8],
    total_budget: &mut u64,
) -> Result<Vec<ChartFile>, ChartError> {
    let decoder = flate2::read::MultiGzDecoder::new(compressed);
    if decoder.header().is_none() {
        return Err(archive_error("gzip: invalid header"));
    }
    let mut archive = tar::Archive::new(decoder);
    let entries = archive
        .entries()
        .map_err(|error| archive_error(error.to_string()))?;
    let mut remaining = MAX_DECOMPRESSED_CHART_SIZE;
    let mut files = Vec::new();
    for entry in entries {
        let mut entry = entry.map_err(|error| archive_error(error.to_string()))?;
        let header = entry.header();
        let entry_type = header.entry_type();
        if entry_type.is_dir()
            || entry_type.is_pax_global_extensions()
            || entry_type.is_pax_local_extensions()
        {
            continue;
        }
        if entry_type.is_gnu_longname() || entry_type.is_gnu_longlink() {
            continue;
        }
        let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let name = chart_relative_name(&raw_name)?;
        let size = header.size().unwrap_or(0);
        if size > *total_budget {
            return Err(archive_error(format!(
                "decompressed chart {}",
                crate::limits::CHART_SIZE.exceeded()
            )));
        }
        if size > remaining {
            return Err(archive_error(format!(
                "decompressed chart is larger than the maximum size {MAX_DECOMPRESSED_CHART_SIZE}"
            )));
        }
        if size > MAX_DECOMPRESSED_FILE_SIZE {
            return Err(archive_error(format!(
                "decompressed chart file {} is larger than the maximum file size {MAX_DECOMPRESSED_FILE_SIZE}",
                crate::value::fmt::quote::quote(&raw_name)
            )));
        }
        let mut data = Vec::new();
        let written = (&mut entry)
            .take(remaining)
            .read_to_end(&mut data)
            .map_err(|error| archive_error(error.to_string()))? as u64;
        remaining = remaining.saturating_sub(written);
        *total_budget = total_budget.saturating_sub(written);
        if written < size || remaining == 0 {
            return Err(archive_error(format!(
                "decompressed chart is larger than the maximum size {MAX_DECOMPRESSED_CHART_SIZE}"
            )));
        }
        if data.starts_with(UTF8_BOM) {
            data.drain(..UTF8_BOM.len());
        }
        files.push(ChartFile {
            name,
            data: data.into(),
        });
    }
    if files.is_empty() {
        return Err(archive_error("no files in chart archive"));
    }
    Ok(files)
}

/// The name of an archive entry inside the chart: the top-level directory dropped, cleaned,
/// and checked against Helm's rules.
fn chart_relative_name(raw: &str) -> Result<String, ChartError> {
    let delimiter = if raw.contains('\\') { '\\' } else { '/' };
    let parts: Vec<&str> = raw.split(delimiter).collect();
    let joined = parts.get(1..).unwrap_or_default().join("/");
    if joined.starts_with('/') {
        return Err(archive_error("chart illegally contains absolute paths"));
    }
    let cleaned = clean_path(&joined);
    if cleaned == "." {
        return Err(archive_error(format!(
            "chart illegally contains content outside the base directory: {}",
            crate::value::fmt::quote::quote(raw)
        )));
    }
    if cleaned.starts_with("..") {
        return Err(archive_error("chart illegally references parent directory"));
    }
    let bytes = cleaned.as_bytes();
    if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/' {
        return Err(archive_error("chart contains illegally named files"));
    }
    if parts.first() == Some(&"Chart.yaml") {
        return Err(archive_error("chart yaml not in base directory"));
    }
    Ok(cleaned)
}

/// Go's `path.Clean`: collapses `//`, `.` and `dir/..` lexically.
pub fn clean_path(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a gzip-compressed tar with the given entries (test helper, also used by loader
    /// tests).
    pub(crate) fn make_tgz(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, data) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_entry_type(tar::EntryType::Regular);
            // set_path refuses `..`; write the raw name bytes to test Helm's own checks.
            let name_bytes = name.as_bytes();
            let field = &mut header.as_old_mut().name;
            field.iter_mut().for_each(|b| *b = 0);
            field[..name_bytes.len()].copy_from_slice(name_bytes);
            header.set_cksum();
            builder.append(&header, *data).unwrap();
        }
        let tar = builder.into_inner().unwrap();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, &tar).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn strips_the_top_directory_and_bom() {
        let tgz = make_tgz(&[
            ("probe/Chart.yaml", b"name: probe\n"),
            ("probe/templates/a.yaml", b"\xEF\xBB\xBFa: 1\n"),
        ]);
        let files = load_archive_files(&tgz, &mut { u64::MAX }).unwrap();
        assert_eq!(files[0].name, "Chart.yaml");
        assert_eq!(files[1].name, "templates/a.yaml");
        assert_eq!(&*files[1].data, b"a: 1\n");
    }

    #[test]
    fn refuses_escapes() {
        let error = |name: &str| {
            load_archive_files(&make_tgz(&[(name, b"x")]), &mut { u64::MAX })
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error("probe/../../etc/passwd"),
            "chart illegally references parent directory"
        );
        assert_eq!(
            error("probe//etc/passwd"),
            "chart illegally contains absolute paths"
        );
        assert_eq!(
            error("Chart.yaml"),
            "chart illegally contains content outside the base directory: \"Chart.yaml\""
        );
        assert_eq!(error("probe/c:/x"), "chart contains illegally named files");
    }

    #[test]
    fn every_gzip_member_is_read() {
        use std::io::Write;
        let mut builder = tar::Builder::new(Vec::new());
        for (name, data) in [
            ("c/Chart.yaml", &b"name: c"[..]),
            ("c/values.yaml", b"a: 1"),
        ] {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            builder.append_data(&mut header, name, data).unwrap();
        }
        let tar = builder.into_inner().unwrap();
        let (first, second) = tar.split_at(700);
        let mut stream = Vec::new();
        for part in [first, second] {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), Default::default());
            encoder.write_all(part).unwrap();
            stream.extend(encoder.finish().unwrap());
        }
        let files = load_archive_files(&stream, &mut { u64::MAX }).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Chart.yaml", "values.yaml"]);
    }

    #[test]
    fn the_total_budget_covers_nested_archives() {
        let tgz = make_tgz(&[("c/Chart.yaml", &[b'x'; 4000])]);
        let mut budget = 6000;
        load_archive_files(&tgz, &mut budget).unwrap();
        assert_eq!(budget, 2000);
        let error = load_archive_files(&tgz, &mut budget)
            .unwrap_err()
            .to_string();
        assert!(error.contains("CHARTROOM_MAX_CHART_SIZE"), "{error}");
    }

    #[test]
    fn refuses_non_gzip() {
        assert!(load_archive_files(b"plain text", &mut { u64::MAX }).is_err());
        assert_eq!(
            ensure_archive("x.yaml", b"a: 1").unwrap_err().to_string(),
            "file 'x.yaml' seems to be a YAML file, but expected a gzipped archive"
        );
    }

    #[test]
    fn clean_path_matches_go() {
        assert_eq!(clean_path("a//b/./c/.."), "a/b");
        assert_eq!(clean_path(""), ".");
        assert_eq!(clean_path("../x"), "../x");
        assert_eq!(clean_path("a/../.."), "..");
    }
}
