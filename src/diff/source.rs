//! What `--against` names, and reading the sources that are plain manifests.
//!
//! * `baseline` (the default): the profile's stored baseline ([`super::baseline`]);
//! * `live`: the cluster of the current kubeconfig context ([`super::live`]);
//! * `git:REF`: the same profile rendered from the project at a git revision ([`super::git`]);
//! * `profile:NAME`: another profile of the same project;
//! * `-`: a manifest stream on standard input;
//! * anything else: a path, to a manifest file or a directory of them (write `./baseline` for
//!   a file of that name).
//!
//! Rendering a project (for `git:` and `profile:`) is the caller's part; this module knows
//! nothing of projects.

use std::path::{Path, PathBuf};

use crate::value::Value;

use super::baseline::read_manifest_dir;
use super::error::DiffError;
use super::identity::{map_field, ResourceSet};
use super::normalize::{parse_manifests, ManifestObject};

/// The side a diff compares the current render against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Against {
    Baseline,
    Live,
    Git(String),
    Profile(String),
    Stdin,
    Path(PathBuf),
}

impl Against {
    /// Reads an `--against` value.
    pub fn parse(text: &str) -> Result<Against, DiffError> {
        let against = match text {
            "" => return Err(DiffError::Against(text.to_string())),
            "baseline" => Against::Baseline,
            "live" => Against::Live,
            "-" => Against::Stdin,
            _ => {
                if let Some(reference) = text.strip_prefix("git:") {
                    if reference.is_empty() {
                        return Err(DiffError::Against(text.to_string()));
                    }
                    Against::Git(reference.to_string())
                } else if let Some(profile) = text.strip_prefix("profile:") {
                    if profile.is_empty() {
                        return Err(DiffError::Against(text.to_string()));
                    }
                    Against::Profile(profile.to_string())
                } else {
                    Against::Path(PathBuf::from(text))
                }
            }
        };
        Ok(against)
    }

    /// How the source is named in reports.
    pub fn label(&self) -> String {
        match self {
            Against::Baseline => "baseline".into(),
            Against::Live => "live".into(),
            Against::Git(reference) => format!("git:{reference}"),
            Against::Profile(profile) => format!("profile:{profile}"),
            Against::Stdin => "stdin".into(),
            Against::Path(path) => path.display().to_string(),
        }
    }
}

/// The objects of a manifest file, or of every manifest file under a directory.
pub fn read_path(path: &Path) -> Result<Vec<ManifestObject>, DiffError> {
    if path.is_dir() {
        return read_manifest_dir(path);
    }
    let text = crate::input::read_to_string(path).map_err(|error| DiffError::io(path, error))?;
    parse_manifests(&text, &path.display().to_string())
}

/// The objects of the manifest stream on standard input.
pub fn read_stdin() -> Result<Vec<ManifestObject>, DiffError> {
    let bytes = crate::input::read_stdin().map_err(|error| DiffError::io("-", error))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        DiffError::io(
            "-",
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "standard input is not UTF-8",
            ),
        )
    })?;
    parse_manifests(&text, "stdin")
}

/// For `profile:NAME`: the other profile's objects moved from its namespace into this one's,
/// keys and `metadata.namespace` alike, so that each object meets its counterpart. Objects in
/// other namespaces keep theirs.
pub fn move_namespace(resources: ResourceSet, from: &str, to: &str) -> ResourceSet {
    if from == to {
        return resources;
    }
    let mut moved = ResourceSet::default();
    for (mut key, mut resource) in resources.resources {
        if key.namespace == from {
            key.namespace = to.to_string();
            resource.key.namespace = to.to_string();
            let object = resource.object.shallow_copy();
            if let Some(metadata) = map_field(&object, "metadata") {
                if metadata.get("namespace").as_ref().and_then(Value::as_str) == Some(from) {
                    let metadata = metadata.shallow_copy();
                    metadata.insert("namespace", Value::string(to));
                    object.insert("metadata", Value::Map(metadata));
                }
            }
            resource.object = object;
        }
        moved.resources.insert(key, resource);
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::identity::Scopes;

    #[test]
    fn against_values_parse() {
        assert_eq!(Against::parse("baseline").unwrap(), Against::Baseline);
        assert_eq!(Against::parse("live").unwrap(), Against::Live);
        assert_eq!(
            Against::parse("git:origin/main").unwrap(),
            Against::Git("origin/main".into())
        );
        assert_eq!(
            Against::parse("profile:staging").unwrap(),
            Against::Profile("staging".into())
        );
        assert_eq!(Against::parse("-").unwrap(), Against::Stdin);
        assert_eq!(
            Against::parse("./baseline").unwrap(),
            Against::Path("./baseline".into())
        );
        assert!(Against::parse("git:").is_err());
        assert!(Against::parse("profile:").is_err());
        assert_eq!(Against::Git("HEAD".into()).label(), "git:HEAD");
    }

    #[test]
    fn paths_read_files_and_directories() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(
            directory.path().join("a.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
        )
        .unwrap();
        std::fs::create_dir(directory.path().join("sub")).unwrap();
        std::fs::write(
            directory.path().join("sub/b.yml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n",
        )
        .unwrap();
        std::fs::write(directory.path().join("notes.txt"), "not: yaml: at: all").unwrap();
        assert_eq!(read_path(directory.path()).unwrap().len(), 2);
        assert_eq!(
            read_path(&directory.path().join("a.yaml")).unwrap().len(),
            1
        );
        assert!(read_path(&directory.path().join("missing.yaml")).is_err());
    }

    #[test]
    fn namespaces_move_for_profile_comparisons() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: iot-staging}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: kube-system}\n";
        let resources = ResourceSet::build(
            parse_manifests(text, "t").unwrap(),
            &Scopes::builtin(),
            "iot-staging",
        )
        .unwrap();
        let moved = move_namespace(resources, "iot-staging", "iot");
        let keys: Vec<String> = moved
            .iter()
            .map(|resource| resource.key.to_string())
            .collect();
        assert_eq!(keys, vec!["Service iot/a", "Service kube-system/b"]);
        let first = moved.iter().next().unwrap();
        assert_eq!(
            map_field(&first.object, "metadata")
                .unwrap()
                .get("namespace"),
            Some(Value::string("iot"))
        );
    }
}
