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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jsonschema::error::ValidationErrorKind;

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

/// Compiled schemas, shared by every object and profile of a run.
pub struct KubernetesSchemas {
    settings: SchemaSettings,
    compiled: Mutex<HashMap<PathBuf, Result<Arc<jsonschema::Validator>, String>>>,
}

impl std::fmt::Debug for KubernetesSchemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KubernetesSchemas")
            .field("settings", &self.settings)
            .finish()
    }
}

impl KubernetesSchemas {
    pub fn new(settings: SchemaSettings) -> KubernetesSchemas {
        KubernetesSchemas {
            settings,
            compiled: Mutex::new(HashMap::new()),
        }
    }

    /// Every schema violation of `objects` for Kubernetes `kube_version` (`1.31.0` or
    /// `v1.31`), each at the object's template and the JSON pointer of the offending field.
    pub fn check(&self, objects: &[RenderedInput<'_>], kube_version: &str) -> Vec<Finding> {
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
            };
            let Some(path) = self.schema_path(&version, &api_version, &kind) else {
                if !self.settings.ignore_missing {
                    findings.push(finding(
                        "/kind".into(),
                        format!(
                            "no Kubernetes {version} schema for {kind} {api_version} in {} (give --schema-location, or --ignore-missing-schemas for custom resources)",
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
            let instance = crate::value::json::to_serde_json(object.value);
            for error in validator.iter_errors(&instance) {
                let pointer = error.instance_path().as_str().to_string();
                match error.kind() {
                    ValidationErrorKind::AdditionalProperties { unexpected } => {
                        for key in unexpected {
                            findings.push(finding(
                                crate::yaml::spans::child_path(&pointer, key),
                                format!(
                                    "unknown field {key:?} (Kubernetes {version} schema of {kind})"
                                ),
                            ));
                        }
                    }
                    _ => findings.push(finding(
                        if pointer.is_empty() {
                            "/".into()
                        } else {
                            pointer
                        },
                        error.to_string(),
                    )),
                }
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
