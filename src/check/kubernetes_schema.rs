//! Rendered objects against the Kubernetes JSON schemas of the target version, offline: what
//! the API server would reject (a misspelt field, a string where an integer belongs, a missing
//! required field) is found before `kubectl apply`.
//!
//! Schemas are found as kubeconform finds them. A location is either a directory or a path
//! template. A directory holds one subdirectory per version and flavour, e.g.
//! `v1.31.0-standalone-strict/deployment-apps-v1.json` (the layout of the public
//! kubernetes-json-schema repository, every definition inlined) or
//! `v1.31.0-local-strict/deployment-apps-v1.json` (definitions shared in `_definitions.json`
//! beside it, as the `kubernetes-validate` package ships them). A template spells the path with
//! kubeconform's placeholders: `{{ .NormalizedKubernetesVersion }}` (`v1.31.0`),
//! `{{ .StrictSuffix }}` (`-strict` in strict mode), `{{ .ResourceKind }}` (`deployment`),
//! `{{ .ResourceAPIVersion }}` (`v1`), `{{ .Group }}` (`apps`) and `{{ .KindSuffix }}`
//! (`-apps-v1`). The first location that has a schema for an object wins. Strict schemas
//! reject unknown fields, as `kubeconform -strict` does. Objects of kinds no location has a
//! schema for are errors unless missing schemas are ignored.
//!
//! Custom resources are checked against their CustomResourceDefinitions ([`crd_schema`]
//! (super::crd_schema)): an object of a group Kubernetes does not serve itself is checked
//! against the definition of its kind when the profile has one, and only otherwise looked for
//! in the locations (which may hold a catalogue of CRD schemas). Objects of Kubernetes' own
//! groups always go to the locations. Without any location only custom resources with a
//! definition are checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jsonschema::error::ValidationErrorKind;

use super::cluster::is_built_in_api;
use super::crd_schema::{CrdCatalog, CrdSchemas, CustomResourceDefinition, Lookup};
use super::inventory::{text_at, RenderedInput};
use super::references::Finding;

/// How rendered objects are checked against Kubernetes' schemas.
#[derive(Debug, Clone)]
pub struct SchemaSettings {
    /// Directories or path templates, searched in order.
    pub locations: Vec<String>,
    /// Reject unknown fields.
    pub strict: bool,
    /// Skip objects no location has a schema for instead of reporting them.
    pub ignore_missing: bool,
}

impl Default for SchemaSettings {
    /// No location, strict.
    fn default() -> SchemaSettings {
        SchemaSettings {
            locations: Vec::new(),
            strict: true,
            ignore_missing: false,
        }
    }
}

/// Compiled schemas, shared by every object and profile of a run, with the definitions given
/// on the command line.
pub struct KubernetesSchemas {
    settings: SchemaSettings,
    compiled: Mutex<HashMap<PathBuf, Result<Arc<jsonschema::Validator>, String>>>,
    /// Definitions of the cluster's custom resources (`--crd`).
    definitions: Vec<CustomResourceDefinition>,
    custom: CrdSchemas,
}

impl Default for KubernetesSchemas {
    fn default() -> KubernetesSchemas {
        KubernetesSchemas::new(SchemaSettings::default())
    }
}

impl std::fmt::Debug for KubernetesSchemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KubernetesSchemas")
            .field("settings", &self.settings)
            .field("definitions", &self.definitions.len())
            .finish()
    }
}

impl KubernetesSchemas {
    pub fn new(settings: SchemaSettings) -> KubernetesSchemas {
        KubernetesSchemas {
            settings,
            compiled: Mutex::new(HashMap::new()),
            definitions: Vec::new(),
            custom: CrdSchemas::default(),
        }
    }

    /// These schemas with the definitions of custom resources the cluster has (`--crd`).
    pub fn with_definitions(mut self, definitions: Vec<CustomResourceDefinition>) -> Self {
        self.definitions = definitions;
        self
    }

    /// The definitions given with `--crd`.
    pub fn definitions(&self) -> &[CustomResourceDefinition] {
        &self.definitions
    }

    /// Keeps a warning for the end of the run.
    pub fn warn(&self, message: String) {
        self.custom.warn(message);
    }

    /// The warnings of the run so far (conflicting definitions), each once.
    pub fn take_warnings(&self) -> Vec<String> {
        self.custom.take_warnings()
    }

    /// Every schema violation of `objects` for Kubernetes `kube_version` (`1.31.0` or
    /// `v1.31`), each at the object's template and the JSON pointer of the offending field;
    /// custom resources against the profile's `definitions` first.
    pub fn check(
        &self,
        objects: &[RenderedInput<'_>],
        kube_version: &str,
        definitions: &CrdCatalog,
    ) -> Vec<Finding> {
        let version = normalized_version(kube_version);
        let mut findings = Vec::new();
        for object in objects {
            let api_version = object.text(&["apiVersion"]);
            let kind = object.kind();
            let finding = |pointer: String, message: String| Finding {
                component: object.component.to_string(),
                source: object.source.map(str::to_string),
                object: describe(object),
                pointer,
                message,
                rule: None,
            };
            let custom = !is_built_in_api(&api_version);
            if custom {
                match definitions.lookup(&api_version, &kind) {
                    Lookup::Served(definition, served) => {
                        let validator =
                            self.custom
                                .validator(definition, served, self.settings.strict);
                        match validator {
                            Some(Ok(validator)) => {
                                let label =
                                    format!("version {} of {}", served.name, definition.describe());
                                for (pointer, message) in violations(&validator, object, &label) {
                                    findings.push(finding(pointer, message));
                                }
                            }
                            Some(Err(message)) => findings.push(finding("/".into(), message)),
                            None => {}
                        }
                        continue;
                    }
                    Lookup::NotServed(definition) => {
                        findings.push(finding(
                            "/apiVersion".into(),
                            format!(
                                "{api_version} is not served: {} sets served: false for it",
                                definition.describe()
                            ),
                        ));
                        continue;
                    }
                    Lookup::NoSuchVersion(definition) => {
                        let known: Vec<&str> = definition
                            .versions
                            .iter()
                            .map(|version| version.name.as_str())
                            .collect();
                        findings.push(finding(
                            "/apiVersion".into(),
                            format!(
                                "{} has no version {api_version} (versions: {})",
                                definition.describe(),
                                known.join(", ")
                            ),
                        ));
                        continue;
                    }
                    Lookup::Undefined => {}
                }
            }
            if self.settings.locations.is_empty() {
                continue;
            }
            let Some(path) = self.schema_path(&version, &api_version, &kind) else {
                if !self.settings.ignore_missing {
                    let advice = if custom {
                        "and no CustomResourceDefinition of the render, of a chart's crds/ or of --crd defines it (give --crd with its definition, or --ignore-missing-schemas)"
                    } else {
                        "(give --schema-location, or --ignore-missing-schemas)"
                    };
                    findings.push(finding(
                        "/kind".into(),
                        format!(
                            "no Kubernetes {version} schema for {kind} {api_version} in {} {advice}",
                            self.settings.locations.join(", ")
                        ),
                    ));
                }
                continue;
            };
            let validator = match self.validator(&path) {
                Ok(validator) => validator,
                Err(message) => {
                    findings.push(finding("/".into(), message));
                    continue;
                }
            };
            let label = format!("Kubernetes {version} schema of {kind}");
            for (pointer, message) in violations(&validator, object, &label) {
                findings.push(finding(pointer, message));
            }
        }
        findings.sort();
        findings.dedup();
        findings
    }

    /// The first schema file the locations have for this kind.
    fn schema_path(
        &self,
        version_directory: &str,
        api_version: &str,
        kind: &str,
    ) -> Option<PathBuf> {
        let (group, version) = match api_version.rsplit_once('/') {
            Some((group, version)) => (group, version),
            None => ("", api_version),
        };
        let kind = kind.to_ascii_lowercase();
        let group_label = group.split('.').next().unwrap_or("").to_ascii_lowercase();
        let kind_suffix = if group_label.is_empty() {
            format!("-{version}")
        } else {
            format!("-{group_label}-{version}")
        };
        let strict = if self.settings.strict { "-strict" } else { "" };
        self.settings.locations.iter().find_map(|location| {
            let candidates: Vec<PathBuf> = if location.contains("{{") {
                let expanded = location
                    .replace("{{ .NormalizedKubernetesVersion }}", version_directory)
                    .replace("{{ .StrictSuffix }}", strict)
                    .replace("{{ .ResourceKind }}", &kind)
                    .replace("{{ .ResourceAPIVersion }}", version)
                    .replace("{{ .Group }}", group)
                    .replace("{{ .KindSuffix }}", &kind_suffix);
                vec![PathBuf::from(expanded)]
            } else {
                ["standalone", "local"]
                    .iter()
                    .map(|flavour| {
                        Path::new(location)
                            .join(format!("{version_directory}-{flavour}{strict}"))
                            .join(format!("{kind}{kind_suffix}.json"))
                    })
                    .collect()
            };
            candidates.into_iter().find(|path| path.is_file())
        })
    }

    fn validator(&self, path: &Path) -> Result<Arc<jsonschema::Validator>, String> {
        let mut compiled = self
            .compiled
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        compiled
            .entry(path.to_path_buf())
            .or_insert_with(|| compile(path).map(Arc::new))
            .clone()
    }
}

/// Each (JSON pointer, message) at which `validator` rejects the object; an unknown field is
/// named on its own, with `schema` saying which schema does not know it.
fn violations(
    validator: &jsonschema::Validator,
    object: &RenderedInput<'_>,
    schema: &str,
) -> Vec<(String, String)> {
    let instance = crate::value::json::to_serde_json(object.value);
    let mut found = Vec::new();
    for error in validator.iter_errors(&instance) {
        let pointer = error.instance_path().as_str().to_string();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    found.push((
                        crate::yaml::spans::child_path(&pointer, key),
                        format!("unknown field {key:?} ({schema})"),
                    ));
                }
            }
            _ => found.push((
                if pointer.is_empty() {
                    "/".into()
                } else {
                    pointer
                },
                error.to_string(),
            )),
        }
    }
    found
}

/// `v1.31.0` from `1.31.0`, `v1.31` or `1.31`.
fn normalized_version(version: &str) -> String {
    let version = version.trim();
    let version = version.strip_prefix('v').unwrap_or(version);
    if version.split('.').count() == 2 {
        format!("v{version}.0")
    } else {
        format!("v{version}")
    }
}

/// Compiles one schema file; `$ref`s to other files resolve in its directory.
fn compile(path: &Path) -> Result<jsonschema::Validator, String> {
    let schema = read_json(path)?;
    let directory = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(false)
        .with_retriever(SiblingFiles { directory })
        .build(&schema)
        .map_err(|error| format!("{}: not a usable schema: {error}", path.display()))
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = crate::input::read_to_string(path)
        .map_err(|error| format!("cannot read schema {}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// Resolves a schema's references to files beside it (`/api/_definitions.json` is the
/// `_definitions.json` of the schema's own directory), never the network.
struct SiblingFiles {
    directory: PathBuf,
}

impl jsonschema::Retrieve for SiblingFiles {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .path()
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        if name.is_empty() || name.contains("..") {
            return Err(format!("cannot resolve {uri} offline").into());
        }
        read_json(&self.directory.join(name)).map_err(Into::into)
    }
}

fn describe(object: &RenderedInput<'_>) -> String {
    let namespace = object.declared_namespace().unwrap_or_default();
    let kind = object.kind();
    let name = text_at(object.value, &["metadata", "name"]);
    if namespace.is_empty() {
        format!("{kind} {name}")
    } else {
        format!("{kind} {namespace}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::crd_schema::definitions_in_text;

    const DEFINITION: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: configmaps.example.com}
spec:
  group: example.com
  names: {kind: ConfigMap}
  versions:
    - name: v1
      served: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {size: {type: integer}}}
";

    fn findings(objects: &str, strict: bool) -> Vec<String> {
        let mut catalog = CrdCatalog::default();
        for definition in definitions_in_text(DEFINITION, "crd.yaml").unwrap() {
            catalog.add(definition);
        }
        let values: Vec<crate::value::Value> = objects
            .split("---\n")
            .map(|text| crate::yaml::parse_value_any(text).unwrap())
            .collect();
        let inputs: Vec<RenderedInput<'_>> = values
            .iter()
            .map(|value| RenderedInput {
                component: "app",
                source: None,
                release_namespace: "shop",
                value,
            })
            .collect();
        let schemas = KubernetesSchemas::new(SchemaSettings {
            strict,
            ..SchemaSettings::default()
        });
        schemas
            .check(&inputs, "1.31", &catalog)
            .into_iter()
            .map(|finding| {
                format!(
                    "{} {}: {}",
                    finding.object, finding.pointer, finding.message
                )
            })
            .collect()
    }

    /// Without locations only custom resources with a definition are checked, and a
    /// definition never stands in for a kind of Kubernetes' own groups.
    #[test]
    fn custom_resources_go_to_their_definition_and_built_ins_do_not() {
        let objects = "apiVersion: example.com/v1
kind: ConfigMap
metadata: {name: custom}
spec: {size: big, extra: 1}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: core}
spec: {size: big}
---
apiVersion: example.net/v1
kind: Undefined
metadata: {name: free}
";
        assert_eq!(
            findings(objects, true),
            [
                "ConfigMap custom /spec/extra: unknown field \"extra\" (version v1 of CustomResourceDefinition configmaps.example.com (crd.yaml))",
                "ConfigMap custom /spec/size: \"big\" is not of type \"integer\"",
            ]
        );
        assert_eq!(findings(objects, false).len(), 1);
    }
}
