//! `--post-renderer PATH` with `--post-renderer-args`, as Helm 3 runs it.
//!
//! Helm 3 resolves the executable while parsing flags (Go's `exec.LookPath`: a name with a
//! slash is checked as given, a bare name is searched along `$PATH`) and keeps its absolute
//! path. After the render it runs the executable once with the arguments verbatim, the
//! release manifest text (CRDs with `--include-crds`, then the sorted manifests; empty under
//! `--output-dir`) on stdin; its stdout replaces that text unchanged, and hooks are printed
//! after it as usual. A failing run is reported with the program's stderr and Go's exit text.
//! Helm 4 accepts only plugin names here; chartroom keeps Helm 3's executable path, and in
//! addition refuses output that is not UTF-8 or not readable as YAML documents (Helm 3 would
//! print it and let `kubectl` fail later).

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use crate::engine::manifest::{parse_head, split_manifests};

/// Why a post-renderer could not be used or failed.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PostRenderError {
    /// The executable was not found (Helm reports this as an invalid flag value).
    #[error("invalid argument {given:?} for \"--post-renderer\" flag: unable to find binary at {given}: exec: {given:?}: {reason}")]
    NotFound { given: String, reason: String },
    /// The program could not be started or exited unsuccessfully.
    #[error("error while running post render on files: error while running command {path}. error output:\n{stderr}: {reason}")]
    Failed {
        path: String,
        stderr: String,
        reason: String,
    },
    /// The program's output is not text chartroom can print as manifests.
    #[error("error while running post render on files: post-renderer {path} wrote invalid output: {reason}")]
    InvalidOutput { path: String, reason: String },
}

/// A resolved post-renderer: the absolute path of the executable and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct PostRenderer {
    pub path: PathBuf,
    pub args: Vec<String>,
}

impl PostRenderer {
    /// Finds the executable `given` as Go's `exec.LookPath` does.
    pub fn resolve(given: &str, args: &[String]) -> Result<PostRenderer, PostRenderError> {
        let not_found = |reason: String| PostRenderError::NotFound {
            given: given.to_string(),
            reason,
        };
        let found = if given.contains('/') {
            check_executable(Path::new(given)).map_err(not_found)?;
            PathBuf::from(given)
        } else {
            search_path(given)
                .ok_or_else(|| not_found("executable file not found in $PATH".to_string()))?
        };
        Ok(PostRenderer {
            path: absolute_clean(&found),
            args: args.to_vec(),
        })
    }

    /// Runs the program with `input` on stdin and returns its stdout.
    pub fn run(&self, input: &str) -> Result<String, PostRenderError> {
        let path = self.path.display().to_string();
        let failed = |stderr: String, reason: String| PostRenderError::Failed {
            path: path.clone(),
            stderr,
            reason,
        };
        let mut child = Command::new(&self.path)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| {
                failed(
                    String::new(),
                    format!("fork/exec {path}: {}", os_reason(&error)),
                )
            })?;
        let stdin = child.stdin.take();
        let text = input.to_string();
        // The program may exit without reading everything; a broken pipe is not its failure.
        let feeder = std::thread::spawn(move || {
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(text.as_bytes());
            }
        });
        let output = child
            .wait_with_output()
            .map_err(|error| failed(String::new(), os_reason(&error)))?;
        let _ = feeder.join();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if !output.status.success() {
            return Err(failed(stderr, exit_reason(output.status)));
        }
        let invalid = |reason: String| PostRenderError::InvalidOutput {
            path: path.clone(),
            reason,
        };
        let stdout = String::from_utf8(output.stdout).map_err(|error| {
            invalid(format!(
                "byte {} is not valid UTF-8",
                error.utf8_error().valid_up_to()
            ))
        })?;
        for (index, document) in split_manifests(&stdout).iter().enumerate() {
            parse_head(document)
                .map_err(|message| invalid(format!("document {}: {message}", index + 1)))?;
        }
        Ok(stdout)
    }
}

/// Go's `findExecutable`: a regular file with some execute bit.
fn check_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let info = std::fs::metadata(path)
        .map_err(|error| format!("stat {}: {}", path.display(), os_reason(&error)))?;
    if info.is_dir() {
        return Err("is a directory".to_string());
    }
    if info.permissions().mode() & 0o111 == 0 {
        return Err("permission denied".to_string());
    }
    Ok(())
}

/// The first executable `name` along `$PATH` (an empty entry means the current directory).
fn search_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|directory| {
            if directory.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                directory
            }
        })
        .map(|directory| directory.join(name))
        .find(|candidate| check_executable(candidate).is_ok())
}

/// Go's `filepath.Abs`: joined to the working directory and cleaned lexically.
pub fn absolute_clean(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut clean = PathBuf::from("/");
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::Normal(part) => clean.push(part),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    clean
}

/// An OS error as Go prints it (no "(os error N)" suffix).
fn os_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => match error.raw_os_error() {
            Some(8) => "exec format error".to_string(),
            Some(21) => "is a directory".to_string(),
            _ => error.to_string(),
        },
    }
}

/// Go's `ExitError` text: `exit status N` or `signal: <name>`.
fn exit_reason(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    let signal = status.signal().unwrap_or_default();
    let name = match signal {
        1 => "hangup".to_string(),
        2 => "interrupt".to_string(),
        3 => "quit".to_string(),
        6 => "aborted".to_string(),
        9 => "killed".to_string(),
        11 => "segmentation fault".to_string(),
        13 => "broken pipe".to_string(),
        15 => "terminated".to_string(),
        other => format!("signal {other}"),
    };
    format!("signal: {name}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(tag: &str, body: &str) -> PathBuf {
        let directory = std::env::temp_dir().join(format!(
            "chartroom-post-render-{tag}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&directory).unwrap();
        let path = directory.join("run.sh");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn output_replaces_input_and_arguments_pass_verbatim() {
        let path = script("ok", "cat; for a in \"$@\"; do echo \"# [$a]\"; done");
        let renderer =
            PostRenderer::resolve(path.to_str().unwrap(), &["a b".into(), "c,d".into()]).unwrap();
        assert_eq!(
            renderer.run("kind: A\n").unwrap(),
            "kind: A\n# [a b]\n# [c,d]\n"
        );
    }

    #[test]
    fn failures_carry_stderr_and_exit_status() {
        let path = script("fail", "echo oops >&2; exit 3");
        let renderer = PostRenderer::resolve(path.to_str().unwrap(), &[]).unwrap();
        let error = renderer.run("").unwrap_err().to_string();
        assert_eq!(
            error,
            format!("error while running post render on files: error while running command {}. error output:\noops\n: exit status 3", path.display())
        );
    }

    #[test]
    fn unreadable_output_is_refused() {
        let path = script("bad", "echo 'a: b: c'");
        let renderer = PostRenderer::resolve(path.to_str().unwrap(), &[]).unwrap();
        assert!(matches!(
            renderer.run(""),
            Err(PostRenderError::InvalidOutput { .. })
        ));
        let binary = script("binary", "printf '\\377\\376'");
        let renderer = PostRenderer::resolve(binary.to_str().unwrap(), &[]).unwrap();
        assert!(renderer
            .run("")
            .unwrap_err()
            .to_string()
            .ends_with("byte 0 is not valid UTF-8"));
    }

    #[test]
    fn lookup_errors_use_go_wording() {
        let error = PostRenderer::resolve("./no/such/renderer", &[])
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "invalid argument \"./no/such/renderer\" for \"--post-renderer\" flag: unable to find binary at ./no/such/renderer: exec: \"./no/such/renderer\": stat ./no/such/renderer: no such file or directory"
        );
        let bare = PostRenderer::resolve("chartroom-no-such-renderer", &[])
            .unwrap_err()
            .to_string();
        assert!(
            bare.ends_with("executable file not found in $PATH"),
            "{bare}"
        );
        let directory = std::env::temp_dir();
        let error = PostRenderer::resolve(directory.to_str().unwrap(), &[])
            .unwrap_err()
            .to_string();
        assert!(error.ends_with(": is a directory"), "{error}");
    }

    #[test]
    fn paths_are_made_absolute_and_clean() {
        assert_eq!(
            absolute_clean(Path::new("/a/./b/../c")),
            PathBuf::from("/a/c")
        );
        assert!(absolute_clean(Path::new("./x")).is_absolute());
    }
}
