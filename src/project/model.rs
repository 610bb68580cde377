//! `chartroom.yaml`: the project's name, defaults and ordered components.
//!
//! The file is read with go-yaml v2 typing and spans, checked against the embedded
//! `schemas/chartroom.schema.json`, then turned into a [`Project`]. Components keep the order
//! they are written in (the YAML key order, recovered from the spans), which is the order they
//! render in. Profiles (`profiles/*.yaml`) are read alongside; see [`super::profile`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::chart::HelmCompat;

use super::profile::ProfileFile;
use super::schema::JsonSchema;
use super::source::{display_path, Diagnostic, Diagnostics, Location, SourceFile};
use crate::value::{Map, Value};
use crate::yaml::spans::child_path;

/// The project file's name inside the project root.
pub const PROJECT_FILE: &str = "chartroom.yaml";
/// The directory holding profiles.
pub const PROFILES_DIR: &str = "profiles";
/// The JSON Schema of `chartroom.yaml`, as shipped in `schemas/`.
pub const PROJECT_SCHEMA: &str = include_str!("../../schemas/chartroom.schema.json");
/// The release name pattern when neither the project nor a profile sets one.
pub const DEFAULT_RELEASE_NAME: &str = "{component}";

/// What a component renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentKind {
    /// A Helm chart: a directory or a `.tgz`, relative to the project root.
    Chart(String),
    /// A directory of Jinja-templated manifests, relative to the project root.
    Manifests(String),
}

/// One component of the project.
#[derive(Debug, Clone)]
pub struct Component {
    pub name: String,
    pub kind: ComponentKind,
    /// Values files (relative to the project root) with where each was named.
    pub values_files: Vec<(String, Location)>,
    /// The `values` map written in `chartroom.yaml` (empty when absent).
    pub values: Map,
    pub namespace: Option<String>,
}

impl Component {
    /// JSON pointer of this component inside `chartroom.yaml`.
    pub fn pointer(&self) -> String {
        child_path("/components", &self.name)
    }

    pub fn is_chart(&self) -> bool {
        matches!(self.kind, ComponentKind::Chart(_))
    }

    /// The chart or manifests path as written.
    pub fn source_path(&self) -> &str {
        match &self.kind {
            ComponentKind::Chart(path) | ComponentKind::Manifests(path) => path,
        }
    }
}

/// Settings every profile starts from.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub namespace: Option<String>,
    pub kube_version: Option<String>,
    pub api_versions: Vec<String>,
    pub release_name: Option<String>,
    /// Reference rules no profile checks unless it says otherwise (`checks.disable`).
    pub disabled_checks: crate::check::DisabledRules,
}

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub name: String,
    pub defaults: Defaults,
    /// In render order.
    pub components: Vec<Component>,
    pub file: SourceFile,
    /// Every `profiles/*.yaml`, by name (the file name without `.yaml`).
    pub profiles: BTreeMap<String, ProfileFile>,
    /// The Helm release chart components reproduce (`helmCompat:`, Helm 4 when absent).
    pub helm_compat: HelmCompat,
}

impl Project {
    /// Loads `chartroom.yaml` and every profile of the project at `root`. Problems with the
    /// project file (YAML, schema) fail the load; a profile's problems are kept with the
    /// profile and reported when it is used or validated.
    pub fn load(root: &Path) -> Result<Project, Diagnostics> {
        let path = root.join(PROJECT_FILE);
        let display = display_path(root, &path);
        let file = SourceFile::load(&path, &display)
            .map_err(|diagnostic| Diagnostics(vec![diagnostic]))?;
        let diagnostics = check_project_file(&file);
        if !diagnostics.is_empty() {
            return Err(Diagnostics(diagnostics));
        }
        let profiles = load_profiles(root).map_err(|diagnostic| Diagnostics(vec![diagnostic]))?;
        Ok(Project {
            root: root.to_path_buf(),
            name: string_at(&file, "/name").unwrap_or_default(),
            defaults: read_defaults(&file),
            components: read_components(&file),
            helm_compat: read_helm_compat(&file),
            file,
            profiles,
        })
    }

    /// The project with `--helm-compat` (when given) in place of its `helmCompat:` setting.
    pub fn with_helm_compat(mut self, given: Option<HelmCompat>) -> Project {
        if let Some(compat) = given {
            self.helm_compat = compat;
        }
        self
    }

    pub fn component(&self, name: &str) -> Option<&Component> {
        self.components
            .iter()
            .find(|component| component.name == name)
    }

    /// A path of the project (relative paths are relative to the root).
    pub fn resolve_path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// How diagnostics name a file of the project.
    pub fn display(&self, path: &Path) -> String {
        display_path(&self.root, path)
    }
}

/// The schema problems of a parsed `chartroom.yaml`.
pub fn check_project_file(file: &SourceFile) -> Vec<Diagnostic> {
    match JsonSchema::compile(PROJECT_SCHEMA, "schemas/chartroom.schema.json") {
        Ok(schema) => schema.check(&file.value, &|pointer| file.locate(pointer)),
        Err(diagnostic) => vec![diagnostic],
    }
}

fn load_profiles(root: &Path) -> Result<BTreeMap<String, ProfileFile>, Diagnostic> {
    let directory = root.join(PROFILES_DIR);
    let mut profiles = BTreeMap::new();
    if !directory.is_dir() {
        return Ok(profiles);
    }
    let entries = std::fs::read_dir(&directory).map_err(|error| {
        Diagnostic::new(
            Location::whole_file(display_path(root, &directory)),
            "",
            format!("cannot read directory: {error}"),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    for path in paths {
        let is_yaml = path
            .extension()
            .is_some_and(|extension| extension == "yaml" || extension == "yml");
        if !is_yaml || !path.is_file() {
            continue;
        }
        let Some(name) = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
        else {
            continue;
        };
        let display = display_path(root, &path);
        profiles.insert(name.clone(), ProfileFile::load(&name, &path, &display));
    }
    Ok(profiles)
}

/// A string at `pointer`, if the file holds one there.
pub fn string_at(file: &SourceFile, pointer: &str) -> Option<String> {
    file.get(pointer)
        .and_then(|value| value.as_str().map(str::to_string))
}

/// The strings of a list at `pointer`, each with where it was written.
pub fn strings_at(file: &SourceFile, pointer: &str) -> Vec<(String, Location)> {
    let Some(Value::List(items)) = file.get(pointer) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let item_pointer = child_path(pointer, &index.to_string());
            item.as_str()
                .map(|text| (text.to_string(), file.locate(&item_pointer)))
        })
        .collect()
}

/// The map at `pointer` (empty when absent or not a map).
pub fn map_at(file: &SourceFile, pointer: &str) -> Map {
    match file.get(pointer) {
        Some(Value::Map(map)) => map,
        _ => Map::new(),
    }
}

/// The keys of the map at `pointer` in the order they are written in the file.
pub fn keys_in_file_order(file: &SourceFile, pointer: &str) -> Vec<String> {
    let mut keys: Vec<(Location, String)> = map_at(file, pointer)
        .keys()
        .into_iter()
        .map(|key| (file.locate(&child_path(pointer, &key)), key.to_string()))
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, key)| key).collect()
}

/// `helmCompat:` (3 or 4, which the schema enforces; a number or a string).
fn read_helm_compat(file: &SourceFile) -> HelmCompat {
    let text = match file.get("/helmCompat") {
        Some(Value::String(text)) => text.to_string(),
        Some(Value::Int(n) | Value::Int64(n)) => n.to_string(),
        Some(Value::Float(f)) => f.to_string(),
        _ => return HelmCompat::default(),
    };
    text.parse().unwrap_or_default()
}

fn read_defaults(file: &SourceFile) -> Defaults {
    Defaults {
        namespace: string_at(file, "/defaults/namespace"),
        kube_version: string_at(file, "/defaults/kubeVersion"),
        api_versions: strings_at(file, "/defaults/apiVersions")
            .into_iter()
            .map(|(text, _)| text)
            .collect(),
        release_name: string_at(file, "/defaults/releaseName"),
        disabled_checks: check_names(file, "/defaults/checks/disable"),
    }
}

/// The reference rules named in the list at `pointer`; names the schema refuses are left out
/// (the schema check reports them).
pub fn check_names(file: &SourceFile, pointer: &str) -> crate::check::DisabledRules {
    strings_at(file, pointer)
        .into_iter()
        .filter_map(|(name, _)| name.parse().ok())
        .collect()
}

fn read_components(file: &SourceFile) -> Vec<Component> {
    keys_in_file_order(file, "/components")
        .into_iter()
        .filter_map(|name| {
            let pointer = child_path("/components", &name);
            let kind = match (
                string_at(file, &format!("{pointer}/chart")),
                string_at(file, &format!("{pointer}/manifests")),
            ) {
                (Some(chart), _) => ComponentKind::Chart(chart),
                (None, Some(manifests)) => ComponentKind::Manifests(manifests),
                (None, None) => return None,
            };
            Some(Component {
                kind,
                values_files: strings_at(file, &format!("{pointer}/valuesFiles")),
                values: map_at(file, &format!("{pointer}/values")),
                namespace: string_at(file, &format!("{pointer}/namespace")),
                name,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> SourceFile {
        SourceFile::parse(text, Path::new("chartroom.yaml"), "chartroom.yaml").unwrap()
    }

    #[test]
    fn components_keep_file_order() {
        let file = parse("name: p\ncomponents:\n  zeta:\n    chart: charts/z\n  alpha:\n    manifests: m\n    values: {a: 1}\n");
        assert!(check_project_file(&file).is_empty());
        let components = read_components(&file);
        let names: Vec<&str> = components
            .iter()
            .map(|component| component.name.as_str())
            .collect();
        assert_eq!(names, ["zeta", "alpha"]);
        assert_eq!(components[1].kind, ComponentKind::Manifests("m".into()));
        assert_eq!(components[1].values.get("a"), Some(Value::Float(1.0)));
    }

    #[test]
    fn schema_rejects_unknown_keys_and_missing_sources() {
        let file = parse("name: p\ndefualts: {}\ncomponents:\n  a:\n    chrt: x\n");
        let problems: Vec<(String, String, Option<String>)> = check_project_file(&file)
            .into_iter()
            .map(|problem| {
                (
                    problem
                        .location
                        .as_ref()
                        .map(|at| at.to_string())
                        .unwrap_or_default(),
                    problem.path.clone(),
                    problem.help().map(String::from),
                )
            })
            .collect();
        assert!(
            problems.contains(&(
                "chartroom.yaml:2:1".to_string(),
                "/defualts".to_string(),
                Some("did you mean `defaults`?".to_string())
            )),
            "{problems:?}"
        );
        assert!(
            problems.contains(&(
                "chartroom.yaml:5:5".to_string(),
                "/components/a/chrt".to_string(),
                None
            )),
            "{problems:?}"
        );
    }
}
