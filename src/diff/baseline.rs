//! Stored baselines: `baselines/<profile>/` holds what the profile rendered when the baseline
//! was taken, one object per file, for `chartroom diff` (its default comparison) and for review
//! in pull requests.
//!
//! Layout: `baselines/<profile>/<namespace>/<Kind>[.<group>]_<name>.yaml`, with `_cluster` as
//! the directory of cluster-scoped objects. Each file is the object as canonical YAML (keys
//! sorted, the project's emitter), so the same render always writes the same bytes. Kubernetes
//! names never contain `_` or `%`; any byte outside `[A-Za-z0-9.-]` (and a leading `.`) is
//! written `%XX`, so every object has its own file and no name leaves the directory.
//!
//! Writing is atomic: the new baseline is written to a temporary directory beside the old one
//! and swapped in with renames, so a reader sees the old or the new baseline, never a mixture.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::error::DiffError;
use super::identity::{Resource, ResourceSet};
use super::normalize::{parse_manifests, ManifestObject};
use super::textdiff::canonical_yaml;

/// The directory holding every profile's baseline.
pub const BASELINES_DIR: &str = "baselines";
/// The namespace directory of cluster-scoped objects.
pub const CLUSTER_DIR: &str = "_cluster";

/// The baseline directory of a profile.
pub fn baseline_dir(project_root: &Path, profile: &str) -> PathBuf {
    project_root.join(BASELINES_DIR).join(profile)
}

/// A file name part with every byte outside `[A-Za-z0-9.-]`, and a leading `.`, as `%XX`.
pub fn encode_name_part(part: &str) -> String {
    let mut encoded = String::with_capacity(part.len());
    for (index, byte) in part.bytes().enumerate() {
        let plain = byte.is_ascii_alphanumeric() || byte == b'-' || (byte == b'.' && index > 0);
        if plain {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Where an object is stored, relative to the profile's baseline directory.
pub fn relative_path(resource: &Resource) -> PathBuf {
    let key = &resource.key;
    let namespace = if key.namespace.is_empty() {
        CLUSTER_DIR.to_string()
    } else {
        encode_name_part(&key.namespace)
    };
    let kind = if key.group.is_empty() {
        encode_name_part(&key.kind)
    } else {
        format!(
            "{}.{}",
            encode_name_part(&key.kind),
            encode_name_part(&key.group)
        )
    };
    PathBuf::from(namespace).join(format!("{kind}_{}.yaml", encode_name_part(&key.name)))
}

/// Refuses profile names that are not a single plain path component.
fn check_profile_name(profile: &str) -> Result<(), DiffError> {
    let plain = !profile.is_empty()
        && !profile.starts_with('.')
        && profile
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(())
    } else {
        Err(DiffError::UnsafeName(profile.to_string()))
    }
}

/// What [`write_baseline`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineWritten {
    pub directory: PathBuf,
    pub objects: usize,
}

/// Replaces the profile's baseline with `resources`, atomically.
pub fn write_baseline(
    project_root: &Path,
    profile: &str,
    resources: &ResourceSet,
) -> Result<BaselineWritten, DiffError> {
    check_profile_name(profile)?;
    let parent = project_root.join(BASELINES_DIR);
    fs::create_dir_all(&parent).map_err(|error| DiffError::io(&parent, error))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{profile}.new-"))
        .tempdir_in(&parent)
        .map_err(|error| DiffError::io(&parent, error))?;
    let _registration = crate::interrupt::register(staging.path());
    for resource in resources.iter() {
        let relative = relative_path(resource);
        let path = staging.path().join(&relative);
        if let Some(directory) = path.parent() {
            fs::create_dir_all(directory).map_err(|error| DiffError::io(directory, error))?;
        }
        let text = canonical_yaml(
            &resource.key,
            Some(&crate::value::Value::Map(resource.object.clone())),
        )?;
        write_synced(&path, text.as_bytes())?;
    }
    let target = baseline_dir(project_root, profile);
    let staged = staging.keep();
    swap_into_place(&staged, &target, &parent, profile).inspect_err(|_| {
        let _ = fs::remove_dir_all(&staged);
    })?;
    Ok(BaselineWritten {
        directory: target,
        objects: resources.len(),
    })
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), DiffError> {
    let mut file = fs::File::create(path).map_err(|error| DiffError::io(path, error))?;
    file.write_all(bytes)
        .map_err(|error| DiffError::io(path, error))?;
    file.sync_all().map_err(|error| DiffError::io(path, error))
}

/// Moves `staged` to `target`: an existing `target` is first renamed aside and removed after
/// the new directory is in place (and restored if that rename fails).
fn swap_into_place(
    staged: &Path,
    target: &Path,
    parent: &Path,
    profile: &str,
) -> Result<(), DiffError> {
    if !target.exists() {
        return fs::rename(staged, target).map_err(|error| DiffError::io(target, error));
    }
    let aside = tempfile::Builder::new()
        .prefix(&format!(".{profile}.old-"))
        .tempdir_in(parent)
        .map_err(|error| DiffError::io(parent, error))?
        .keep();
    // `aside` exists (empty) so that its name is ours; rename replaces an empty directory.
    fs::rename(target, &aside).map_err(|error| DiffError::io(target, error))?;
    if let Err(error) = fs::rename(staged, target) {
        let _ = fs::rename(&aside, target);
        return Err(DiffError::io(target, error));
    }
    fs::remove_dir_all(&aside).map_err(|error| DiffError::io(&aside, error))
}

/// The objects of a profile's baseline, file by file in path order.
pub fn read_baseline(project_root: &Path, profile: &str) -> Result<Vec<ManifestObject>, DiffError> {
    check_profile_name(profile)?;
    let directory = baseline_dir(project_root, profile);
    if !directory.is_dir() {
        return Err(DiffError::NoBaseline {
            profile: profile.to_string(),
            path: directory,
        });
    }
    let mut objects = read_manifest_dir(&directory)?;
    // The namespace directory is the namespace the object was keyed with.
    for object in &mut objects {
        let relative = Path::new(&object.origin)
            .strip_prefix(&directory)
            .ok()
            .map(Path::to_path_buf);
        let namespace_directory = relative
            .as_ref()
            .and_then(|relative| relative.components().next())
            .and_then(|first| first.as_os_str().to_str().map(str::to_string));
        if let Some(namespace) =
            namespace_directory.filter(|name| name != CLUSTER_DIR && !name.contains('%'))
        {
            object.default_namespace = Some(namespace);
        }
    }
    Ok(objects)
}

/// Every `*.yaml`, `*.yml` and `*.json` file under `directory`, in path order, as objects.
/// Hidden files and directories are skipped.
pub fn read_manifest_dir(directory: &Path) -> Result<Vec<ManifestObject>, DiffError> {
    let mut objects = Vec::new();
    let walker = WalkDir::new(directory)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.map_err(|error| {
            let path = error.path().unwrap_or(directory).to_path_buf();
            DiffError::io(path, std::io::Error::other(error.to_string()))
        })?;
        let path = entry.path();
        let is_manifest = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| matches!(extension, "yaml" | "yml" | "json"));
        if !entry.file_type().is_file() || !is_manifest {
            continue;
        }
        let text =
            crate::input::read_to_string(path).map_err(|error| DiffError::io(path, error))?;
        objects.extend(parse_manifests(&text, &path.display().to_string())?);
    }
    Ok(objects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::identity::Scopes;

    const STREAM: &str = "# Source: a\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: odd_name/x, namespace: other}\n";

    fn resources(text: &str) -> ResourceSet {
        ResourceSet::build(
            parse_manifests(text, "render").unwrap(),
            &Scopes::builtin(),
            "iot",
        )
        .unwrap()
    }

    fn listing(directory: &Path) -> Vec<String> {
        let mut files: Vec<String> = WalkDir::new(directory)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                entry
                    .path()
                    .strip_prefix(directory)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn names_are_encoded_into_single_components() {
        assert_eq!(encode_name_part("web-1.a"), "web-1.a");
        assert_eq!(encode_name_part("../x"), "%2E.%2Fx");
        assert_eq!(encode_name_part("a_b%"), "a%5Fb%25");
    }

    #[test]
    fn baselines_are_written_in_a_reviewable_layout_and_read_back() {
        let root = tempfile::tempdir().unwrap();
        let written = write_baseline(root.path(), "prod", &resources(STREAM)).unwrap();
        assert_eq!(written.objects, 3);
        let directory = baseline_dir(root.path(), "prod");
        assert_eq!(
            listing(&directory),
            vec![
                "_cluster/ClusterRole.rbac.authorization.k8s.io_reader.yaml",
                "iot/Deployment.apps_web.yaml",
                "other/ConfigMap_odd%5Fname%2Fx.yaml"
            ]
        );
        let deployment =
            fs::read_to_string(directory.join("iot/Deployment.apps_web.yaml")).unwrap();
        assert_eq!(
            deployment,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n"
        );
        let read = ResourceSet::build(
            read_baseline(root.path(), "prod").unwrap(),
            &Scopes::builtin(),
            "iot",
        )
        .unwrap();
        let original = resources(STREAM);
        assert_eq!(
            read.resources.keys().collect::<Vec<_>>(),
            original.resources.keys().collect::<Vec<_>>()
        );
        for resource in original.iter() {
            assert_eq!(read.get(&resource.key).unwrap().object, resource.object);
        }
    }

    #[test]
    fn baseline_namespaces_come_back_from_the_layout() {
        let root = tempfile::tempdir().unwrap();
        let mut objects = parse_manifests(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
            "render",
        )
        .unwrap();
        objects[0].default_namespace = Some("monitoring".into());
        let resources = ResourceSet::build(objects, &Scopes::builtin(), "iot").unwrap();
        write_baseline(root.path(), "prod", &resources).unwrap();
        let read = ResourceSet::build(
            read_baseline(root.path(), "prod").unwrap(),
            &Scopes::builtin(),
            "iot",
        )
        .unwrap();
        assert_eq!(
            read.iter()
                .map(|resource| resource.key.to_string())
                .collect::<Vec<_>>(),
            vec!["ConfigMap monitoring/a"]
        );
    }

    #[test]
    fn rewriting_replaces_the_whole_baseline_and_leaves_no_temporaries() {
        let root = tempfile::tempdir().unwrap();
        write_baseline(root.path(), "prod", &resources(STREAM)).unwrap();
        let smaller = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: only}\n";
        write_baseline(root.path(), "prod", &resources(smaller)).unwrap();
        assert_eq!(
            listing(&baseline_dir(root.path(), "prod")),
            vec!["iot/ConfigMap_only.yaml"]
        );
        let entries: Vec<String> = fs::read_dir(root.path().join(BASELINES_DIR))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(entries, vec!["prod"]);
    }

    #[test]
    fn missing_baselines_and_unsafe_profiles_are_errors() {
        let root = tempfile::tempdir().unwrap();
        let error = read_baseline(root.path(), "prod").unwrap_err().to_string();
        assert!(
            error.contains("no baseline for profile prod")
                && error.contains("chartroom baseline -p prod"),
            "{error}"
        );
        assert!(write_baseline(root.path(), "../x", &ResourceSet::default()).is_err());
    }
}
