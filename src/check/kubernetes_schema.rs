//! Rendered objects against the Kubernetes JSON schemas of the target version: what the API
//! server would reject (a misspelt field, a string where an integer belongs, a missing
//! required field) is found before `kubectl apply`.
//!
//! Schemas are found as kubeconform finds them. A location is either a directory or a path
//! template, on disk or as an `http(s)://` URL; URLs are fetched through an on-disk cache by
//! [`schema_fetch`](super::schema_fetch) (a 404 means "no schema here", and the search goes on
//! with the next candidate), and nothing else touches the network. A directory holds one subdirectory per version and flavour, e.g.
//! `v1.31.0-standalone-strict/deployment-apps-v1.json` (the layout of the public
//! kubernetes-json-schema repository, every definition inlined) or
//! `v1.31.0-local-strict/deployment-apps-v1.json` (definitions shared in `_definitions.json`
//! beside it, as the `kubernetes-validate` package ships them, fetched from beside a URL
//! too). A template spells the path with
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
use super::references::{Finding, ObjectName};
use super::schema_fetch::{is_url, sibling_url, SchemaFetcher};

/// How rendered objects are checked against Kubernetes' schemas.
#[derive(Debug, Clone)]
pub struct SchemaSettings {
    /// Directories or path templates, on disk or URLs, searched in order.
    pub locations: Vec<String>,
    /// Reject unknown fields.
    pub strict: bool,
    /// Skip objects no location has a schema for instead of reporting them.
    pub ignore_missing: bool,
    /// Take URL locations' schemas from the cache only, never from the network.
    pub offline: bool,
}

impl Default for SchemaSettings {
    /// No location, strict.
    fn default() -> SchemaSettings {
        SchemaSettings {
            locations: Vec::new(),
            strict: true,
            ignore_missing: false,
            offline: false,
        }
    }
}

/// Where one schema was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum SchemaSource {
    File(PathBuf),
    Url(String),
}

/// Compiled schemas, shared by every object and profile of a run, with the definitions given
/// on the command line.
pub struct KubernetesSchemas {
    settings: SchemaSettings,
    compiled: Mutex<HashMap<SchemaSource, Result<Arc<jsonschema::Validator>, String>>>,
    /// Present when a location is a URL.
    fetcher: Option<Arc<SchemaFetcher>>,
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
    /// Schemas from `settings`' locations; a URL among them sets up the fetcher (with the
    /// cache directory and timeout of the environment), which touches the network only when
    /// a schema is first needed.
    pub fn new(settings: SchemaSettings) -> KubernetesSchemas {
        let fetcher = settings
            .locations
            .iter()
            .any(|location| is_url(location))
            .then(|| Arc::new(SchemaFetcher::from_environment(settings.offline)));
        KubernetesSchemas {
            settings,
            compiled: Mutex::new(HashMap::new()),
            fetcher,
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

    /// The warnings of the run so far (conflicting definitions, a schema cache that could
    /// not be written), each once.
    pub fn take_warnings(&self) -> Vec<String> {
        let mut warnings = self.custom.take_warnings();
        if let Some(fetcher) = &self.fetcher {
            warnings.extend(fetcher.take_warnings());
        }
        warnings
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
            let source = match self.find_schema(&version, &api_version, &kind) {
                Ok(found) => found,
                Err(message) => {
                    findings.push(finding("/".into(), message));
                    continue;
                }
            };
            let Some(source) = source else {
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
            let validator = match self.validator(&source) {
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

    /// The first schema the locations have for this kind: a file that exists, or a URL that
    /// answered with a schema (one that answers "not found" passes the search on). A URL that
    /// cannot be fetched ends the search with an error naming it.
    fn find_schema(
        &self,
        version_directory: &str,
        api_version: &str,
        kind: &str,
    ) -> Result<Option<SchemaSource>, String> {
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
        for location in &self.settings.locations {
            let candidates: Vec<String> = if location.contains("{{") {
                vec![location
                    .replace("{{ .NormalizedKubernetesVersion }}", version_directory)
                    .replace("{{ .StrictSuffix }}", strict)
                    .replace("{{ .ResourceKind }}", &kind)
                    .replace("{{ .ResourceAPIVersion }}", version)
                    .replace("{{ .Group }}", group)
                    .replace("{{ .KindSuffix }}", &kind_suffix)]
            } else {
                ["standalone", "local"]
                    .iter()
                    .map(|flavour| {
                        let directory = format!("{version_directory}-{flavour}{strict}");
                        let file = format!("{kind}{kind_suffix}.json");
                        if is_url(location) {
                            format!("{}/{directory}/{file}", location.trim_end_matches('/'))
                        } else {
                            Path::new(location)
                                .join(directory)
                                .join(file)
                                .to_string_lossy()
                                .into_owned()
                        }
                    })
                    .collect()
            };
            for candidate in candidates {
                match &self.fetcher {
                    Some(fetcher) if is_url(&candidate) => match fetcher.fetch(&candidate) {
                        Ok(Some(_)) => return Ok(Some(SchemaSource::Url(candidate))),
                        Ok(None) => {}
                        Err(error) => return Err(error.to_string()),
                    },
                    _ => {
                        let path = PathBuf::from(candidate);
                        if path.is_file() {
                            return Ok(Some(SchemaSource::File(path)));
                        }
                    }
                }
            }
        }
        Ok(None)
    }

    fn validator(&self, source: &SchemaSource) -> Result<Arc<jsonschema::Validator>, String> {
        let mut compiled = self
            .compiled
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        compiled
            .entry(source.clone())
            .or_insert_with(|| {
                match source {
                    SchemaSource::File(path) => compile(path),
                    SchemaSource::Url(url) => self.compile_url(url),
                }
                .map(Arc::new)
            })
            .clone()
    }

    /// Compiles the schema a URL served; `$ref`s to other files are fetched from beside it.
    fn compile_url(&self, url: &str) -> Result<jsonschema::Validator, String> {
        let Some(fetcher) = &self.fetcher else {
            return Err(format!("{url}: no fetcher for URL schema locations"));
        };
        let schema = fetch_json(fetcher, url)?;
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(false)
            .with_retriever(SiblingUrls {
                url: url.to_string(),
                fetcher: Arc::clone(fetcher),
            })
            .build(&schema)
            .map_err(|error| format!("{url}: not a usable schema: {error}"))
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

/// The JSON a URL serves (through the fetcher's cache), or why there is none.
fn fetch_json(fetcher: &SchemaFetcher, url: &str) -> Result<serde_json::Value, String> {
    match fetcher.fetch(url) {
        Ok(Some(text)) => serde_json::from_str(&text).map_err(|error| format!("{url}: {error}")),
        Ok(None) => Err(format!("{url}: not found")),
        Err(error) => Err(error.to_string()),
    }
}

/// The last segment of a `$ref`'s path, when it is a plain file name.
fn referenced_file(uri: &jsonschema::Uri<String>) -> Option<String> {
    let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
    (!name.is_empty() && !name.contains("..")).then(|| name.to_string())
}

/// Resolves a fetched schema's references to files beside its URL (`/api/_definitions.json`
/// is the `_definitions.json` of the schema's own directory), fetched like the schema.
struct SiblingUrls {
    url: String,
    fetcher: Arc<SchemaFetcher>,
}

impl jsonschema::Retrieve for SiblingUrls {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = referenced_file(uri)
            .ok_or_else(|| format!("cannot resolve {uri} beside {}", self.url))?;
        fetch_json(&self.fetcher, &sibling_url(&self.url, &name)).map_err(Into::into)
    }
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
        let name = referenced_file(uri).ok_or_else(|| format!("cannot resolve {uri} offline"))?;
        read_json(&self.directory.join(name)).map_err(Into::into)
    }
}

fn describe(object: &RenderedInput<'_>) -> ObjectName {
    ObjectName::new(
        object.kind(),
        object.declared_namespace().unwrap_or_default(),
        text_at(object.value, &["metadata", "name"]),
    )
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
