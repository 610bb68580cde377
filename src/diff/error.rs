//! The errors of `chartroom diff` and `chartroom baseline`: unreadable manifests, bad ignore
//! rules or `--against` values, baseline and git failures, cluster failures.

use std::path::PathBuf;

use crate::yaml::YamlError;

/// Why a diff or a baseline could not be produced. Positions are `origin:line:column`, where
/// `origin` names the stream (a file, `render`, `baseline`, `git:REF`, ...).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A manifest stream is not valid YAML.
    #[error("{origin}: {error}")]
    Yaml { origin: String, error: YamlError },
    /// A document of a manifest stream is not a mapping.
    #[error(
        "{origin}:{line}:{column}: a manifest document must be a mapping (a Kubernetes object)"
    )]
    NotAnObject {
        origin: String,
        line: usize,
        column: usize,
    },
    /// An object lacks a field its identity needs (`kind`, `apiVersion`, `metadata.name`).
    #[error("{origin}:{line}:{column}: object has no {field}")]
    MissingField {
        origin: String,
        line: usize,
        column: usize,
        field: &'static str,
    },
    /// The same object (group, kind, namespace, name) appears twice in one stream.
    #[error("{origin}:{line}: {key} is defined twice (first at line {first_line})")]
    Duplicate {
        origin: String,
        key: String,
        line: usize,
        first_line: usize,
    },
    /// A JSON pointer (RFC 6901) that cannot be read.
    #[error("invalid JSON pointer {pointer:?}: {reason}")]
    Pointer { pointer: String, reason: String },
    /// An ignore rule from `--ignore` or chartroom.yaml's `diff.ignore` that cannot be read.
    #[error("{origin}: invalid ignore rule: {reason}")]
    IgnoreRule { origin: String, reason: String },
    /// An `--against` value that names no known source.
    #[error("invalid --against {0:?}: expected baseline, live, git:REF, profile:NAME or a path (a file, a directory or -)")]
    Against(String),
    /// A file or directory could not be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A git command failed.
    #[error("git {command}: {message}")]
    Git { command: String, message: String },
    /// `--against baseline` with no stored baseline for the profile.
    #[error("no baseline for profile {profile} at {}; create it with `chartroom baseline -p {profile}`", path.display())]
    NoBaseline { profile: String, path: PathBuf },
    /// A canonical YAML rendering of an object failed.
    #[error("{key}: cannot write as YAML: {message}")]
    Emit { key: String, message: String },
    /// A baseline file name would leave the baseline directory.
    #[error("refusing to write {0:?}: the name would leave the baseline directory")]
    UnsafeName(String),
    /// Talking to the cluster failed (`--against live`).
    #[error("cluster: {0}")]
    Live(String),
}

impl DiffError {
    pub(crate) fn io(path: impl Into<PathBuf>, error: std::io::Error) -> DiffError {
        DiffError::Io {
            path: path.into(),
            error,
        }
    }
}
