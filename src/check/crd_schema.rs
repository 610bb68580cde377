//! Custom resources checked against the CustomResourceDefinitions that define their kinds.
//!
//! A profile's definitions come from three places, in this order of precedence: the render
//! itself (a CRD object of any component), the `crds/` directories of its chart components
//! (which `helm template` does not print but Helm installs), and the files given with `--crd`
//! (definitions the cluster already has). The first place that defines a group and kind
//! wins as a whole, as `kubectl apply` of the render would replace the cluster's definition;
//! a later definition of the same kind whose common versions carry other schemas is a
//! conflict, reported as a warning and otherwise ignored.
//!
//! An object is checked against the `openAPIV3Schema` of the version its `apiVersion` names,
//! converted by [`openapi`](super::openapi). A version the definition does not have, or has
//! with `served: false`, is an error at `/apiVersion`. Converted schemas are compiled once per
//! run and shared by every profile (the same definition in two renders compiles once).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value as Json;

use crate::value::Value;

/// Why definitions could not be read from a file. Each message carries its cause (the causes
/// are not chained as sources, so that printing the chain does not repeat them).
#[derive(Debug, thiserror::Error)]
pub enum CrdError {
    #[error("cannot read CustomResourceDefinitions from {path}: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{path}: not valid YAML: {error}")]
    Yaml {
        path: String,
        error: crate::yaml::YamlError,
    },
    #[error("{path}: not valid JSON: {error}")]
    Json {
        path: String,
        error: serde_json::Error,
    },
    #[error("{path}: no CustomResourceDefinition (apiextensions.k8s.io) in it")]
    Empty { path: String },
}

/// One version of a definition.
#[derive(Debug, Clone, PartialEq)]
pub struct DefinedVersion {
    pub name: String,
    pub served: bool,
    /// The `openAPIV3Schema` as JSON text (what compiled schemas are cached by, computed once
    /// per definition); `None` when the version has none (anything validates).
    pub schema: Option<Arc<str>>,
}

/// A CustomResourceDefinition, as far as validation needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomResourceDefinition {
    /// `metadata.name` (`widgets.example.com`).
    pub name: String,
    pub group: String,
    pub kind: String,
    pub versions: Vec<DefinedVersion>,
    /// Where it was read: a template of the render, a chart's `crds/` file or a `--crd` file.
    pub origin: String,
}

impl CustomResourceDefinition {
    /// The definition a rendered object holds, if it is one.
    pub fn from_value(value: &Value, origin: &str) -> Option<CustomResourceDefinition> {
        CustomResourceDefinition::from_json(&crate::value::json::to_serde_json(value), origin)
    }

    /// The definition a JSON document holds, if it is one (`apiextensions.k8s.io/v1`, or
    /// `v1beta1` with its single `version` and top-level `validation`).
    pub fn from_json(document: &Json, origin: &str) -> Option<CustomResourceDefinition> {
        let text = |value: &Json| value.as_str().unwrap_or_default().to_string();
        if document["kind"] != "CustomResourceDefinition"
            || !text(&document["apiVersion"]).starts_with("apiextensions.k8s.io/")
        {
            return None;
        }
        let spec = &document["spec"];
        let shared_schema = spec["validation"]["openAPIV3Schema"].clone();
        let schema_of = |version: &Json| {
            let own = &version["schema"]["openAPIV3Schema"];
            let schema = if own.is_object() {
                own.clone()
            } else {
                shared_schema.clone()
            };
            schema.is_object().then(|| Arc::from(schema.to_string()))
        };
        let mut versions: Vec<DefinedVersion> = spec["versions"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|version| !text(&version["name"]).is_empty())
            .map(|version| DefinedVersion {
                name: text(&version["name"]),
                served: version["served"] != Json::Bool(false),
                schema: schema_of(version),
            })
            .collect();
        if versions.is_empty() && !text(&spec["version"]).is_empty() {
            versions.push(DefinedVersion {
                name: text(&spec["version"]),
                served: true,
                schema: schema_of(&Json::Null),
            });
        }
        Some(CustomResourceDefinition {
            name: text(&document["metadata"]["name"]),
            group: text(&spec["group"]),
            kind: text(&spec["names"]["kind"]),
            versions,
            origin: origin.to_string(),
        })
    }

    /// The `group/version` of each version it defines.
    pub fn api_versions(&self) -> Vec<String> {
        self.versions
            .iter()
            .map(|version| format!("{}/{}", self.group, version.name))
            .collect()
    }

    fn version(&self, name: &str) -> Option<&DefinedVersion> {
        self.versions.iter().find(|version| version.name == name)
    }

    /// `CustomResourceDefinition NAME (ORIGIN)`.
    pub fn describe(&self) -> String {
        format!("CustomResourceDefinition {} ({})", self.name, self.origin)
    }
}

/// The definitions among the documents of a YAML (or, for `.json` files, JSON) text; other
/// documents are skipped. `path` names the text in errors and origins.
pub fn definitions_in_text(
    text: &str,
    path: &str,
) -> Result<Vec<CustomResourceDefinition>, CrdError> {
    let documents: Vec<Json> = if path.to_ascii_lowercase().ends_with(".json") {
        let document = serde_json::from_str(text).map_err(|error| CrdError::Json {
            path: path.to_string(),
            error,
        })?;
        match document {
            Json::Array(items) => items,
            Json::Object(ref object) if object.get("kind") == Some(&"List".into()) => {
                object["items"].as_array().cloned().unwrap_or_default()
            }
            other => vec![other],
        }
    } else {
        let yaml_error = |error| CrdError::Yaml {
            path: path.to_string(),
            error,
        };
        crate::yaml::parse_documents(text)
            .map_err(yaml_error)?
            .iter()
            .map(|node| {
                crate::yaml::convert::node_to_value(node, None)
                    .map(|value| crate::value::json::to_serde_json(&value))
            })
            .collect::<Result<_, _>>()
            .map_err(yaml_error)?
    };
    Ok(documents
        .iter()
        .filter_map(|document| CustomResourceDefinition::from_json(document, path))
        .collect())
}

/// The definitions in the files and directories given with `--crd`: directories are walked
/// (in name order, without following links to directories) for `*.yaml`, `*.yml` and `*.json`
/// files. A path that holds no definition at all is an error: it was most likely mistyped.
pub fn load_definition_files(paths: &[PathBuf]) -> Result<Vec<CustomResourceDefinition>, CrdError> {
    let mut definitions = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let read_error = |error| CrdError::Read {
            path: shown.clone(),
            error,
        };
        let files = if std::fs::metadata(path).map_err(read_error)?.is_dir() {
            manifest_files(path).map_err(read_error)?
        } else {
            vec![path.clone()]
        };
        let before = definitions.len();
        for file in files {
            let file_shown = file.display().to_string();
            let text = crate::input::read_to_string(&file).map_err(|error| CrdError::Read {
                path: file_shown.clone(),
                error,
            })?;
            definitions.extend(definitions_in_text(&text, &file_shown)?);
        }
        if definitions.len() == before {
            return Err(CrdError::Empty { path: shown });
        }
    }
    Ok(definitions)
}

/// The manifest files under `directory`, sorted, at any depth.
fn manifest_files(directory: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(directory)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            found.extend(manifest_files(&path)?);
            continue;
        }
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
        if matches!(extension.as_deref(), Some("yaml" | "yml" | "json")) && path.is_file() {
            found.push(path);
        }
    }
    Ok(found)
}

/// What the definitions say of an object's kind and version.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// No definition has the object's group and kind.
    Undefined,
    /// The definition serves the version.
    Served(&'a CustomResourceDefinition, &'a DefinedVersion),
    /// The definition has the version, with `served: false`.
    NotServed(&'a CustomResourceDefinition),
    /// The definition has no such version.
    NoSuchVersion(&'a CustomResourceDefinition),
}

/// The definitions of one profile, by group and kind, with the conflicts met adding them.
#[derive(Debug, Default)]
pub struct CrdCatalog {
    definitions: BTreeMap<(String, String), CustomResourceDefinition>,
    conflicts: Vec<String>,
}

impl CrdCatalog {
    /// Adds a definition unless one of its group and kind is already there (earlier places
    /// take precedence); a later one that disagrees about a common version is a conflict.
    pub fn add(&mut self, definition: CustomResourceDefinition) {
        let key = (definition.group.clone(), definition.kind.clone());
        let Some(kept) = self.definitions.get(&key) else {
            self.definitions.insert(key, definition);
            return;
        };
        let differing: Vec<&str> = definition
            .versions
            .iter()
            .filter(|version| {
                kept.version(&version.name)
                    .is_some_and(|other| other != *version)
            })
            .map(|version| version.name.as_str())
            .collect();
        if !differing.is_empty() {
            self.conflicts.push(format!(
                "{} defines {} {}/{} unlike {}; objects are checked against the latter",
                definition.describe(),
                definition.kind,
                definition.group,
                differing.join(", "),
                kept.describe(),
            ));
        }
    }

    /// Warnings about definitions that were set aside.
    pub fn conflicts(&self) -> &[String] {
        &self.conflicts
    }

    /// Every `group/version` the definitions provide.
    pub fn api_versions(&self) -> Vec<String> {
        self.definitions
            .values()
            .flat_map(CustomResourceDefinition::api_versions)
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.definitions.is_empty()
    }

    /// The definition and version for an object of `kind` with `api_version`.
    pub fn lookup(&self, api_version: &str, kind: &str) -> Lookup<'_> {
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        let Some(definition) = self.definitions.get(&(group.to_string(), kind.to_string())) else {
            return Lookup::Undefined;
        };
        match definition.version(version) {
            Some(found) if found.served => Lookup::Served(definition, found),
            Some(_) => Lookup::NotServed(definition),
            None => Lookup::NoSuchVersion(definition),
        }
    }
}

type Compiled = Result<Arc<jsonschema::Validator>, String>;

/// The compiled schemas of CRD versions for one run, keyed by their schema text, and the
/// conflict warnings of every profile.
#[derive(Default)]
pub struct CrdSchemas {
    compiled: Mutex<HashMap<(bool, Arc<str>), Compiled>>,
    warnings: Mutex<BTreeSet<String>>,
}

impl std::fmt::Debug for CrdSchemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CrdSchemas").finish_non_exhaustive()
    }
}

impl CrdSchemas {
    /// The validator of a served version, compiled on first use; `None` when the version has
    /// no schema.
    pub fn validator(
        &self,
        definition: &CustomResourceDefinition,
        version: &DefinedVersion,
        strict: bool,
    ) -> Option<Compiled> {
        let text = version.schema.as_ref()?;
        let mut compiled = self.compiled.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = compiled.entry((strict, text.clone())).or_insert_with(|| {
            let unusable = |error: String| {
                format!(
                    "version {} of {}: not a usable schema: {error}",
                    version.name,
                    definition.describe()
                )
            };
            let schema: Json =
                serde_json::from_str(text).map_err(|error| unusable(error.to_string()))?;
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .should_validate_formats(false)
                .build(&super::openapi::to_json_schema(&schema, strict))
                .map(Arc::new)
                .map_err(|error| unusable(error.to_string()))
        });
        Some(entry.clone())
    }

    /// Keeps a warning for the end of the run (each once, however many profiles meet it).
    pub fn warn(&self, message: String) {
        self.warnings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(message);
    }

    /// The warnings kept so far, sorted.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *self.warnings.lock().unwrap_or_else(PoisonError::into_inner))
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDGETS: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {size: {type: integer}}}
    - name: v1alpha1
      served: false
      storage: false
      schema: {openAPIV3Schema: {type: object}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: not-a-definition}
";

    #[test]
    fn definitions_are_read_from_multi_document_yaml() {
        let found = definitions_in_text(WIDGETS, "crds/widgets.yaml").unwrap();
        assert_eq!(found.len(), 1);
        let widget = &found[0];
        assert_eq!(
            (
                widget.name.as_str(),
                widget.group.as_str(),
                widget.kind.as_str()
            ),
            ("widgets.example.com", "example.com", "Widget")
        );
        assert_eq!(
            widget.api_versions(),
            ["example.com/v1", "example.com/v1alpha1"]
        );
        assert!(widget.versions[0].served && !widget.versions[1].served);
    }

    #[test]
    fn json_files_and_lists_are_read() {
        let text = r#"{"kind": "List", "items": [{"apiVersion": "apiextensions.k8s.io/v1beta1",
            "kind": "CustomResourceDefinition", "metadata": {"name": "gadgets.example.com"},
            "spec": {"group": "example.com", "version": "v1beta1", "names": {"kind": "Gadget"},
            "validation": {"openAPIV3Schema": {"type": "object"}}}}]}"#;
        let found = definitions_in_text(text, "gadgets.JSON").unwrap();
        assert_eq!(found[0].api_versions(), ["example.com/v1beta1"]);
        assert!(found[0].versions[0].schema.is_some());
        assert!(matches!(
            definitions_in_text("{", "bad.json"),
            Err(CrdError::Json { .. })
        ));
        assert!(matches!(
            definitions_in_text("a: [", "bad.yaml"),
            Err(CrdError::Yaml { .. })
        ));
    }

    #[test]
    fn lookups_tell_served_unserved_and_missing_versions() {
        let mut catalog = CrdCatalog::default();
        for definition in definitions_in_text(WIDGETS, "w.yaml").unwrap() {
            catalog.add(definition);
        }
        assert!(matches!(
            catalog.lookup("example.com/v1", "Widget"),
            Lookup::Served(_, version) if version.name == "v1"
        ));
        assert!(matches!(
            catalog.lookup("example.com/v1alpha1", "Widget"),
            Lookup::NotServed(_)
        ));
        assert!(matches!(
            catalog.lookup("example.com/v2", "Widget"),
            Lookup::NoSuchVersion(_)
        ));
        assert!(matches!(
            catalog.lookup("example.com/v1", "Gadget"),
            Lookup::Undefined
        ));
    }

    #[test]
    fn the_first_definition_wins_and_disagreements_are_conflicts() {
        let mut catalog = CrdCatalog::default();
        let first = definitions_in_text(WIDGETS, "render.yaml")
            .unwrap()
            .remove(0);
        catalog.add(first.clone());
        let mut same = first.clone();
        same.origin = "same.yaml".into();
        catalog.add(same);
        assert!(catalog.conflicts().is_empty());
        let changed = WIDGETS.replace("size: {type: integer}", "size: {type: string}");
        catalog.add(
            definitions_in_text(&changed, "other.yaml")
                .unwrap()
                .remove(0),
        );
        assert_eq!(catalog.conflicts().len(), 1);
        let conflict = &catalog.conflicts()[0];
        assert!(
            conflict.contains("(other.yaml) defines Widget example.com/v1 "),
            "{conflict}"
        );
        assert!(conflict.ends_with("unlike CustomResourceDefinition widgets.example.com (render.yaml); objects are checked against the latter"), "{conflict}");
        let Lookup::Served(kept, _) = catalog.lookup("example.com/v1", "Widget") else {
            panic!("served");
        };
        assert_eq!(kept.origin, "render.yaml");
    }

    #[test]
    fn schemas_compile_once_per_text() {
        let definition = definitions_in_text(WIDGETS, "w.yaml").unwrap().remove(0);
        let schemas = CrdSchemas::default();
        let first = schemas
            .validator(&definition, &definition.versions[0], true)
            .unwrap()
            .unwrap();
        let again = schemas
            .validator(&definition, &definition.versions[0], true)
            .unwrap()
            .unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert!(!first.is_valid(&serde_json::json!({"spec": {"size": "big"}})));
        let mut bare = definition.versions[0].clone();
        bare.schema = None;
        assert!(schemas.validator(&definition, &bare, true).is_none());
        let mut broken = definition.versions[0].clone();
        broken.schema = Some(Arc::from(r#"{"type": "object", "minLength": "long"}"#));
        let error = schemas
            .validator(&definition, &broken, true)
            .unwrap()
            .unwrap_err();
        assert!(
            error.starts_with("version v1 of CustomResourceDefinition widgets.example.com (w.yaml): not a usable schema: "),
            "{error}"
        );
    }
}
