//! `--against git:REF`: the project as it is at another git revision, read from the
//! repository's objects into a temporary directory (the work tree and index are not touched).
//!
//! The project directory may be a subdirectory of the repository: the same subdirectory is
//! taken from the revision. Files come from `git ls-tree -r` and `git cat-file --batch`, so
//! what is extracted is exactly what is committed (no `export-ignore` or `export-subst`
//! rewriting, which `git archive` would apply). Symbolic links are recreated; submodules are
//! skipped.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use super::error::DiffError;

/// The project extracted at a revision; the directory is removed when this is dropped.
#[derive(Debug)]
pub struct GitSnapshot {
    directory: tempfile::TempDir,
    /// The revision as given.
    pub reference: String,
    /// The commit it resolved to.
    pub commit: String,
}

impl GitSnapshot {
    /// The project root inside the snapshot.
    pub fn project_root(&self) -> &Path {
        self.directory.path()
    }
}

/// Runs git in `directory` and returns its standard output.
fn git(directory: &Path, arguments: &[&str]) -> Result<Vec<u8>, DiffError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(directory)
        .args(arguments)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| DiffError::Git {
            command: arguments.join(" "),
            message: error.to_string(),
        })?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(DiffError::Git {
            command: arguments.join(" "),
            message,
        });
    }
    Ok(output.stdout)
}

fn git_text(directory: &Path, arguments: &[&str]) -> Result<String, DiffError> {
    Ok(String::from_utf8_lossy(&git(directory, arguments)?)
        .trim_end_matches('\n')
        .to_string())
}

/// One file of a tree listing.
struct TreeEntry {
    mode: String,
    object: String,
    path: PathBuf,
}

/// Extracts the project directory `project_root` as it is at `reference`.
pub fn snapshot(project_root: &Path, reference: &str) -> Result<GitSnapshot, DiffError> {
    if reference.is_empty() || reference.starts_with('-') {
        return Err(DiffError::Git {
            command: format!("rev-parse {reference}"),
            message: "not a revision".into(),
        });
    }
    let commit = git_text(
        project_root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .map_err(|_| DiffError::Git {
        command: format!("rev-parse {reference}"),
        message: format!("unknown revision {reference:?}"),
    })?;
    let prefix = git_text(project_root, &["rev-parse", "--show-prefix"])?;
    let tree = if prefix.is_empty() {
        commit.clone()
    } else {
        format!("{commit}:{}", prefix.trim_end_matches('/'))
    };
    let listing = git(
        project_root,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            "--end-of-options",
            &tree,
        ],
    )?;
    let entries = parse_listing(&listing)?;
    let directory = tempfile::Builder::new()
        .prefix("chartroom-git-")
        .tempdir()
        .map_err(|error| DiffError::io(std::env::temp_dir(), error))?;
    write_entries(project_root, directory.path(), &entries)?;
    Ok(GitSnapshot {
        directory,
        reference: reference.to_string(),
        commit,
    })
}

/// Reads `git ls-tree -r -z` output: `<mode> <type> <object>\t<path>\0` per entry.
fn parse_listing(listing: &[u8]) -> Result<Vec<TreeEntry>, DiffError> {
    let mut entries = Vec::new();
    for record in listing
        .split(|byte| *byte == 0)
        .filter(|record| !record.is_empty())
    {
        let record = String::from_utf8_lossy(record);
        let malformed = || DiffError::Git {
            command: "ls-tree".into(),
            message: format!("unexpected line {record:?}"),
        };
        let (header, path) = record.split_once('\t').ok_or_else(malformed)?;
        let mut fields = header.split(' ');
        let (Some(mode), Some(kind), Some(object)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(malformed());
        };
        if kind != "blob" {
            continue;
        }
        let path = PathBuf::from(path);
        if !path
            .components()
            .all(|component| matches!(component, Component::Normal(_)))
        {
            return Err(DiffError::Git {
                command: "ls-tree".into(),
                message: format!("refusing path {}", path.display()),
            });
        }
        entries.push(TreeEntry {
            mode: mode.to_string(),
            object: object.to_string(),
            path,
        });
    }
    Ok(entries)
}

/// Writes every blob under `destination`, reading contents through one `git cat-file --batch`.
fn write_entries(
    project_root: &Path,
    destination: &Path,
    entries: &[TreeEntry],
) -> Result<(), DiffError> {
    let command = "cat-file --batch";
    let failed = |message: String| DiffError::Git {
        command: command.into(),
        message,
    };
    let mut child = Command::new("git")
        .arg("-C")
        .arg(project_root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| failed(error.to_string()))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failed("no stdin".into()))?;
    let request: String = entries
        .iter()
        .map(|entry| format!("{}\n", entry.object))
        .collect();
    let writer = std::thread::spawn(move || {
        let result = stdin.write_all(request.as_bytes());
        drop(stdin);
        result
    });
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| failed("no stdout".into()))?;
    let mut reader = BufReader::new(stdout);
    for entry in entries {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|error| failed(error.to_string()))?;
        let size: usize = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|size| size.parse().ok())
            .filter(|_| header.split(' ').nth(1) == Some("blob"))
            .ok_or_else(|| failed(format!("unexpected reply {:?}", header.trim_end())))?;
        let mut contents = vec![0; size];
        reader
            .read_exact(&mut contents)
            .map_err(|error| failed(error.to_string()))?;
        let mut newline = [0u8; 1];
        reader
            .read_exact(&mut newline)
            .map_err(|error| failed(error.to_string()))?;
        write_entry(destination, entry, &contents)?;
    }
    let _ = writer.join();
    let status = child.wait().map_err(|error| failed(error.to_string()))?;
    if !status.success() {
        let mut message = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            let _ = stderr.read_to_string(&mut message);
        }
        return Err(failed(message.trim().to_string()));
    }
    Ok(())
}

fn write_entry(destination: &Path, entry: &TreeEntry, contents: &[u8]) -> Result<(), DiffError> {
    let path = destination.join(&entry.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| DiffError::io(parent, error))?;
    }
    if entry.mode == "120000" {
        #[cfg(unix)]
        {
            let target = PathBuf::from(String::from_utf8_lossy(contents).into_owned());
            return std::os::unix::fs::symlink(target, &path)
                .map_err(|error| DiffError::io(&path, error));
        }
    }
    std::fs::write(&path, contents).map_err(|error| DiffError::io(&path, error))?;
    #[cfg(unix)]
    if entry.mode == "100755" {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|error| DiffError::io(&path, error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(directory: &Path, arguments: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(directory)
            .args(arguments)
            .status()
            .unwrap();
        assert!(status.success(), "git {arguments:?}");
    }

    fn repository() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        run(root.path(), &["init", "-q", "-b", "main"]);
        run(
            root.path(),
            &["config", "user.email", "test@example.invalid"],
        );
        run(root.path(), &["config", "user.name", "test"]);
        std::fs::create_dir_all(root.path().join("project/profiles")).unwrap();
        std::fs::write(root.path().join("project/chartroom.yaml"), "name: a\n").unwrap();
        std::fs::write(
            root.path().join("project/profiles/prod.yaml"),
            "replicas: 3\n",
        )
        .unwrap();
        std::fs::write(root.path().join("outside.txt"), "x").unwrap();
        run(root.path(), &["add", "-A"]);
        run(root.path(), &["commit", "-q", "-m", "first"]);
        root
    }

    #[test]
    fn snapshots_hold_the_committed_project_directory() {
        let root = repository();
        let project = root.path().join("project");
        std::fs::write(project.join("profiles/prod.yaml"), "replicas: 4\n").unwrap();
        let snapshot = snapshot(&project, "HEAD").unwrap();
        let committed =
            std::fs::read_to_string(snapshot.project_root().join("profiles/prod.yaml")).unwrap();
        assert_eq!(committed, "replicas: 3\n");
        assert!(snapshot.project_root().join("chartroom.yaml").is_file());
        assert!(!snapshot.project_root().join("outside.txt").exists());
        assert_eq!(
            std::fs::read_to_string(project.join("profiles/prod.yaml")).unwrap(),
            "replicas: 4\n",
            "work tree untouched"
        );
        assert_eq!(snapshot.commit.len(), 40);
    }

    #[test]
    fn unknown_revisions_and_option_lookalikes_are_refused() {
        let root = repository();
        assert!(snapshot(root.path(), "no-such-branch")
            .unwrap_err()
            .to_string()
            .contains("unknown revision"));
        assert!(snapshot(root.path(), "--output=/tmp/x").is_err());
    }
}
