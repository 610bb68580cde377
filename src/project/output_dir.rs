//! `render --output-dir`: one directory per component, one file per object, written
//! atomically.
//!
//! The whole tree is written into a fresh temporary directory next to the target and then
//! renamed into place (a previous tree is moved aside first and removed afterwards), so readers
//! see either the old tree or the new one, never a half-written one. Every name is checked to
//! stay inside the target: component directories are single plain path segments and object
//! files are sanitized names.
//!
//! chartroom never deletes what it did not write: every tree carries a marker file
//! (`.chartroom-output`) listing the files it wrote. An existing target is replaced only when
//! it is empty, or when its marker lists every file in it; anything else (a directory someone
//! pointed at by mistake, or files added to a rendered tree by hand) is refused unless the
//! caller forces it.

use std::path::{Component as PathComponent, Path, PathBuf};

use super::documents::RenderedObject;

/// Why an output tree could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("refusing to write {0:?}: the name would leave the output directory")]
    Escapes(String),
    #[error("refusing to replace {path}: {reason}; choose a new or empty directory, or pass --force to replace it")]
    NotOwned { path: String, reason: String },
}

/// The file that marks a directory as a chartroom output tree and lists what it wrote.
pub const OWNER_MARKER: &str = ".chartroom-output";
const MARKER_HEADER: &str =
    "# Written by chartroom render --output-dir; replaced on every render. Files written:";

/// One directory of the tree and its files (name and content).
#[derive(Debug, Clone)]
pub struct OutputDirectory {
    /// Path segments below the output directory, e.g. `["prod", "suggestion"]`.
    pub segments: Vec<String>,
    pub files: Vec<(String, String)>,
}

impl OutputDirectory {
    /// A component's directory from its rendered objects.
    pub fn from_objects(segments: Vec<String>, objects: &[RenderedObject]) -> OutputDirectory {
        let files = objects
            .iter()
            .map(|object| {
                let mut text = String::from("---\n");
                text.push_str(object.text.trim_end());
                text.push('\n');
                (object.file_name.clone(), text)
            })
            .collect();
        OutputDirectory { segments, files }
    }
}

/// Whether `name` is one plain path segment (no separators, not `.` or `..`, not empty).
pub fn is_plain_segment(name: &str) -> bool {
    let mut components = Path::new(name).components();
    matches!(
        (components.next(), components.next()),
        (Some(PathComponent::Normal(_)), None)
    ) && !name.contains(['/', '\\'])
}

/// Writes `directories` as the tree at `target`, replacing what was there, atomically. A
/// non-empty target must be a tree chartroom wrote, holding only files it wrote, unless
/// `force` is set.
pub fn write_tree(
    target: &Path,
    directories: &[OutputDirectory],
    force: bool,
) -> Result<(), OutputError> {
    for directory in directories {
        for name in directory
            .segments
            .iter()
            .chain(directory.files.iter().map(|(name, _)| name))
        {
            if !is_plain_segment(name) {
                return Err(OutputError::Escapes(name.clone()));
            }
        }
    }
    let io = |path: &Path| {
        let shown = path.display().to_string();
        move |source| OutputError::Io {
            path: shown,
            source,
        }
    };
    if !force {
        check_owned(target)?;
    }
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let base = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    remove_abandoned(&parent, &base);
    let staging = parent.join(format!(".{base}.chartroom-tmp-{}", std::process::id()));
    let _registration = crate::interrupt::register(&staging);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    let result = fill(&staging, directories)
        .and_then(|()| swap_into_place(&staging, target, &parent, &base));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Removes the staging and moved-aside trees of earlier runs on the same target that were
/// killed before they could clean up (their process no longer exists).
fn remove_abandoned(parent: &Path, base: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = [".chartroom-tmp-", ".chartroom-old-"]
            .iter()
            .find_map(|marker| {
                name.strip_prefix(&format!(".{base}{marker}"))
                    .and_then(|pid| pid.parse::<u32>().ok())
            });
        if let Some(pid) = pid {
            if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Refuses a target that exists and holds anything chartroom did not write.
fn check_owned(target: &Path) -> Result<(), OutputError> {
    let refuse = |reason: String| OutputError::NotOwned {
        path: target.display().to_string(),
        reason,
    };
    let metadata = match std::fs::symlink_metadata(target) {
        Ok(metadata) => metadata,
        Err(_) => return Ok(()),
    };
    if !metadata.is_dir() {
        return Err(refuse("it is not a directory".into()));
    }
    let present = relative_files(target).map_err(|source| OutputError::Io {
        path: target.display().to_string(),
        source,
    })?;
    if present.is_empty() {
        return Ok(());
    }
    let Ok(marker) = std::fs::read_to_string(target.join(OWNER_MARKER)) else {
        return Err(refuse(format!(
            "it is not empty and chartroom did not write it (no {OWNER_MARKER} file)"
        )));
    };
    let written: std::collections::BTreeSet<&str> = marker
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect();
    let foreign: Vec<&String> = present
        .iter()
        .filter(|file| file.as_str() != OWNER_MARKER && !written.contains(file.as_str()))
        .collect();
    match foreign.first() {
        None => Ok(()),
        Some(first) => Err(refuse(format!(
            "it holds {} file(s) chartroom did not write, e.g. {first}",
            foreign.len()
        ))),
    }
}

/// Every file and symbolic link below `directory`, as `/`-separated relative paths; empty
/// directories count too, so that nothing is silently removed.
fn relative_files(directory: &Path) -> std::io::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![(directory.to_path_buf(), String::new())];
    while let Some((path, prefix)) = pending.pop() {
        let mut empty = true;
        for entry in std::fs::read_dir(&path)? {
            let entry = entry?;
            empty = false;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type()?.is_dir() {
                pending.push((entry.path(), format!("{name}/")));
            } else {
                found.push(name);
            }
        }
        if empty && !prefix.is_empty() {
            found.push(prefix);
        }
    }
    found.sort();
    Ok(found)
}

fn fill(staging: &Path, directories: &[OutputDirectory]) -> Result<(), OutputError> {
    std::fs::create_dir_all(staging).map_err(|source| OutputError::Io {
        path: staging.display().to_string(),
        source,
    })?;
    let mut marker = format!("{MARKER_HEADER}\n");
    for directory in directories {
        for (name, _) in &directory.files {
            let mut relative = directory.segments.join("/");
            if !relative.is_empty() {
                relative.push('/');
            }
            relative.push_str(name);
            marker.push_str(&relative);
            marker.push('\n');
        }
    }
    let marker_path = staging.join(OWNER_MARKER);
    std::fs::write(&marker_path, marker).map_err(|source| OutputError::Io {
        path: marker_path.display().to_string(),
        source,
    })?;
    for directory in directories {
        let mut path = staging.to_path_buf();
        for segment in &directory.segments {
            path.push(segment);
        }
        std::fs::create_dir_all(&path).map_err(|source| OutputError::Io {
            path: path.display().to_string(),
            source,
        })?;
        for (name, text) in &directory.files {
            let file = path.join(name);
            std::fs::write(&file, text).map_err(|source| OutputError::Io {
                path: file.display().to_string(),
                source,
            })?;
        }
    }
    Ok(())
}

fn swap_into_place(
    staging: &Path,
    target: &Path,
    parent: &Path,
    base: &str,
) -> Result<(), OutputError> {
    let io = |path: &Path, source| OutputError::Io {
        path: path.display().to_string(),
        source,
    };
    if target.exists() {
        let old = parent.join(format!(".{base}.chartroom-old-{}", std::process::id()));
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|source| io(&old, source))?;
        }
        std::fs::rename(target, &old).map_err(|source| io(target, source))?;
        if let Err(source) = std::fs::rename(staging, target) {
            let _ = std::fs::rename(&old, target);
            return Err(io(target, source));
        }
        std::fs::remove_dir_all(&old).map_err(|source| io(&old, source))?;
    } else {
        std::fs::rename(staging, target).map_err(|source| io(target, source))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_trees() {
        let root = std::env::temp_dir().join(format!("chartroom-out-{}", std::process::id()));
        let target = root.join("out");
        let first = OutputDirectory {
            segments: vec!["web".into()],
            files: vec![("service-web.yaml".into(), "a\n".into())],
        };
        write_tree(&target, &[first], false).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("web/service-web.yaml")).unwrap(),
            "a\n"
        );
        let second = OutputDirectory {
            segments: vec!["db".into()],
            files: vec![("x.yaml".into(), "b\n".into())],
        };
        write_tree(&target, &[second], false).unwrap();
        assert!(
            !target.join("web").exists(),
            "the old tree is replaced, not merged"
        );
        assert!(target.join("db/x.yaml").is_file());
        let escaping = OutputDirectory {
            segments: vec!["..".into()],
            files: vec![],
        };
        assert!(matches!(
            write_tree(&target, &[escaping], false),
            Err(OutputError::Escapes(_))
        ));
        let nested = OutputDirectory {
            segments: vec!["a/b".into()],
            files: vec![],
        };
        assert!(write_tree(&target, &[nested], false).is_err());
        let leftovers: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn foreign_files_are_never_deleted() {
        let root = std::env::temp_dir().join(format!("chartroom-own-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let tree = || OutputDirectory {
            segments: vec!["web".into()],
            files: vec![("service-web.yaml".into(), "a\n".into())],
        };
        let foreign = root.join("profiles");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("prod.yaml"), "x").unwrap();
        let refused = write_tree(&foreign, &[tree()], false).unwrap_err();
        assert!(
            refused.to_string().contains("chartroom did not write it"),
            "{refused}"
        );
        assert!(foreign.join("prod.yaml").is_file());
        let owned = root.join("out");
        write_tree(&owned, &[tree()], false).unwrap();
        write_tree(&owned, &[tree()], false).unwrap();
        std::fs::write(owned.join("web/notes.txt"), "mine").unwrap();
        let refused = write_tree(&owned, &[tree()], false).unwrap_err();
        assert!(
            refused.to_string().contains("e.g. web/notes.txt"),
            "{refused}"
        );
        assert!(owned.join("web/notes.txt").is_file());
        write_tree(&owned, &[tree()], true).unwrap();
        assert!(!owned.join("web/notes.txt").exists(), "--force replaces");
        let file = root.join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(write_tree(&file, &[tree()], false).is_err());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn trees_of_killed_runs_are_removed() {
        let root = std::env::temp_dir().join(format!("chartroom-abandoned-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        // No process has a PID this large (Linux caps PIDs at 2^22).
        let abandoned = root.join(".out.chartroom-tmp-99999999");
        std::fs::create_dir_all(&abandoned).unwrap();
        let other = root.join(".other.chartroom-tmp-99999999");
        std::fs::create_dir_all(&other).unwrap();
        write_tree(&root.join("out"), &[], false).unwrap();
        assert!(!abandoned.exists());
        assert!(other.exists(), "only the target's own leftovers go");
        let _ = std::fs::remove_dir_all(root);
    }
}
