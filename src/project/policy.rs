//! Per-profile policies: `schemas/policies/<profile>/<Kind>.schema.json`, a JSON Schema every
//! rendered object of that kind must satisfy in that profile.
//!
//! A profile is held to the policies of its whole `extends` chain (a profile's own schema for
//! a kind replaces the one of a profile it extends), so a profile built on `prod` keeps prod's
//! rules. A policy sees one object at a time; so that a rule can depend on autoscaling, an
//! object that a HorizontalPodAutoscaler of the same render targets (`scaleTargetRef` kind and
//! name, same namespace) is checked with the annotation [`HPA_ANNOTATION`] set to the HPA's
//! name. The annotation exists only in the checked copy, never in the output.

use std::collections::BTreeMap;
use std::path::Path;

use super::documents::{text_at, RenderedObject};
use super::profile::ResolvedProfile;
use super::schema::JsonSchema;
use super::source::{display_path, Diagnostic};
use crate::value::{Map, Value};
use crate::yaml::parse_values_with_spans;

/// The annotation a checked copy carries when an HPA scales the object.
pub const HPA_ANNOTATION: &str = "chartroom.dev/scaled-by-hpa";
/// The directory holding policies, under the project root.
pub const POLICIES_DIR: &str = "schemas/policies";

/// The policies that apply to one profile, by kind.
#[derive(Debug, Default)]
pub struct Policies {
    by_kind: BTreeMap<String, JsonSchema>,
}

/// A rendered object with the component it belongs to.
pub struct PolicySubject<'a> {
    pub component: &'a str,
    pub object: &'a RenderedObject,
}

impl Policies {
    /// Reads the policies of `profile`'s chain; broken schemas are diagnostics.
    pub fn load(root: &Path, profile: &ResolvedProfile) -> Result<Policies, Vec<Diagnostic>> {
        let mut by_kind = BTreeMap::new();
        let mut diagnostics = Vec::new();
        let chain_names = profile.chain.iter().filter_map(|file| {
            file.path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
        });
        for name in chain_names {
            let directory = root.join(POLICIES_DIR).join(&name);
            let Ok(entries) = std::fs::read_dir(&directory) else {
                continue;
            };
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .collect();
            paths.sort();
            for path in paths {
                let file_name = path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let Some(kind) = file_name.strip_suffix(".schema.json") else {
                    continue;
                };
                match JsonSchema::load(&path, &display_path(root, &path)) {
                    Ok(schema) => {
                        by_kind.insert(kind.to_string(), schema);
                    }
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(Policies { by_kind })
        } else {
            Err(diagnostics)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_kind.is_empty()
    }

    /// Every policy violation among `subjects` (all objects of one profile's render); each at
    /// `<profile>/<component>/<file>` (the `--output-dir` path) and the line in that document.
    pub fn check(&self, profile: &str, subjects: &[PolicySubject<'_>]) -> Vec<Diagnostic> {
        let scaled = hpa_targets(subjects);
        let mut diagnostics = Vec::new();
        for subject in subjects {
            let kind = subject.object.kind();
            let Some(schema) = self.by_kind.get(&kind) else {
                continue;
            };
            let key = (
                kind.clone(),
                namespace_of(&subject.object.value),
                subject.object.name(),
            );
            let checked = match scaled.get(&key) {
                Some(hpa) => with_annotation(&subject.object.value, hpa),
                None => subject.object.value.clone(),
            };
            let display = format!(
                "{profile}/{}/{}",
                subject.component, subject.object.file_name
            );
            let spans = parse_values_with_spans(&subject.object.text)
                .map(|(_, spans)| spans)
                .unwrap_or_default();
            diagnostics.extend(
                schema
                    .check(&checked, &|pointer| {
                        super::source::locate_in(&display, &spans, pointer)
                    })
                    .into_iter()
                    .map(|mut diagnostic| {
                        diagnostic.message = format!("policy {kind}: {}", diagnostic.message);
                        diagnostic.with_context(super::source::Context {
                            profile: Some(profile.to_string()),
                            component: Some(subject.component.to_string()),
                            object: Some(crate::check::ObjectName::new(
                                &kind,
                                namespace_of(&subject.object.value),
                                subject.object.name(),
                            )),
                            ..Default::default()
                        })
                    }),
            );
        }
        diagnostics
    }
}

fn namespace_of(value: &Value) -> String {
    text_at(value, &["metadata", "namespace"])
}

/// (kind, namespace, name) of every object an HPA scales, with the HPA's name.
fn hpa_targets(subjects: &[PolicySubject<'_>]) -> BTreeMap<(String, String, String), String> {
    subjects
        .iter()
        .filter(|subject| subject.object.kind() == "HorizontalPodAutoscaler")
        .map(|subject| {
            let value = &subject.object.value;
            let target = (
                text_at(value, &["spec", "scaleTargetRef", "kind"]),
                namespace_of(value),
                text_at(value, &["spec", "scaleTargetRef", "name"]),
            );
            (target, subject.object.name())
        })
        .collect()
}

/// A deep copy of `value` with `metadata.annotations[HPA_ANNOTATION] = hpa`.
fn with_annotation(value: &Value, hpa: &str) -> Value {
    let copy = crate::value::deep_copy(value);
    if let Some(object) = copy.as_map() {
        let metadata = match object.get("metadata") {
            Some(Value::Map(map)) => map,
            _ => {
                let map = Map::new();
                object.insert("metadata", Value::Map(map.clone()));
                map
            }
        };
        let annotations = match metadata.get("annotations") {
            Some(Value::Map(map)) => map,
            _ => {
                let map = Map::new();
                metadata.insert("annotations", Value::Map(map.clone()));
                map
            }
        };
        annotations.insert(HPA_ANNOTATION, Value::from(hpa));
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::documents::parse_objects;
    use crate::project::source::Location;

    const POLICY: &str = r#"{
        "type": "object",
        "if": {"properties": {"metadata": {"properties": {"annotations": {"required": ["chartroom.dev/scaled-by-hpa"]}}, "required": ["annotations"]}}},
        "then": true,
        "else": {"properties": {"spec": {"required": ["replicas"], "properties": {"replicas": {"minimum": 2}}}}}
    }"#;

    #[test]
    fn hpa_scaled_objects_carry_the_annotation() {
        let stream = "---\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 1\n---\nkind: Deployment\nmetadata:\n  name: b\nspec: {}\n---\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: b-hpa\nspec:\n  scaleTargetRef: {kind: Deployment, name: b}\n";
        let objects = parse_objects(stream, "s").unwrap();
        let subjects: Vec<PolicySubject<'_>> = objects
            .iter()
            .map(|object| PolicySubject {
                component: "web",
                object,
            })
            .collect();
        let mut policies = Policies::default();
        policies.by_kind.insert(
            "Deployment".into(),
            JsonSchema::compile(POLICY, "p").unwrap(),
        );
        let found = policies.check("prod", &subjects);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].location,
            Some(Location::new("prod/web/deployment-a.yaml", 5, 3))
        );
        assert!(found[0].message.starts_with("policy Deployment: "));
    }
}
