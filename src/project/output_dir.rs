//! `render --output-dir`: one directory per component, one file per object, written
//! atomically.
//!
//! The whole tree is written into a fresh temporary directory next to the target and then
//! renamed into place (a previous tree is moved aside first and removed afterwards), so readers
//! see either the old tree or the new one, never a half-written one. Every name is checked to
//! stay inside the target: component directories are single plain path segments and object
//! files are sanitized names.

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
}

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

/// Writes `directories` as the tree at `target`, replacing what was there, atomically.
pub fn write_tree(target: &Path, directories: &[OutputDirectory]) -> Result<(), OutputError> {
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
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let base = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let staging = parent.join(format!(".{base}.chartroom-tmp-{}", std::process::id()));
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

fn fill(staging: &Path, directories: &[OutputDirectory]) -> Result<(), OutputError> {
    std::fs::create_dir_all(staging).map_err(|source| OutputError::Io {
        path: staging.display().to_string(),
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
        write_tree(&target, &[first]).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("web/service-web.yaml")).unwrap(),
            "a\n"
        );
        let second = OutputDirectory {
            segments: vec!["db".into()],
            files: vec![("x.yaml".into(), "b\n".into())],
        };
        write_tree(&target, &[second]).unwrap();
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
            write_tree(&target, &[escaping]),
            Err(OutputError::Escapes(_))
        ));
        let nested = OutputDirectory {
            segments: vec!["a/b".into()],
            files: vec![],
        };
        assert!(write_tree(&target, &[nested]).is_err());
        let leftovers: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        let _ = std::fs::remove_dir_all(root);
    }
}
