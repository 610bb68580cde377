//! From manifest text to comparable objects.
//!
//! A manifest stream (what `helm template` or `chartroom render` prints, a baseline file, a
//! file given with `--against PATH`) is split into YAML documents with the project's YAML
//! reader, so comments (`# Source: ...`), key order, quoting and number spelling disappear:
//! what remains is the parsed content. Empty documents are skipped, a `kind: List` document
//! stands for its items, and map entries whose value is null are dropped (Kubernetes treats
//! `key: null` in a manifest as "not set").
//!
//! Objects read from a cluster need more: [`strip_server_fields`] removes what the API server
//! writes (status, managedFields, resourceVersion, ...), [`merge_string_data`] folds a Secret's
//! `stringData` into `data` as the API server does, and [`project_onto`] keeps only the fields
//! a rendered object sets, so defaulted fields do not show as changes.

use crate::value::{Map, Value};
use crate::yaml::convert::node_to_value;
use crate::yaml::parse_documents;

use super::error::DiffError;
use super::pointer::MAX_DEPTH;

/// One object read from a manifest stream, with where it came from.
#[derive(Debug, Clone)]
pub struct ManifestObject {
    /// The object, a map, nulls dropped.
    pub object: Map,
    /// The stream's name (a path, `render`, `git:HEAD`, ...).
    pub origin: String,
    /// 1-based line and column of the document in the stream.
    pub line: usize,
    pub column: usize,
    /// The namespace a namespaced object without one is installed into, when it is not the
    /// one the whole stream defaults to (a component with a namespace of its own).
    pub default_namespace: Option<String>,
}

/// Every object of a manifest stream, in stream order.
pub fn parse_manifests(text: &str, origin: &str) -> Result<Vec<ManifestObject>, DiffError> {
    let documents = parse_documents(text).map_err(|error| DiffError::Yaml {
        origin: origin.into(),
        error,
    })?;
    let mut objects = Vec::new();
    for document in &documents {
        let value = node_to_value(document, None).map_err(|error| DiffError::Yaml {
            origin: origin.into(),
            error,
        })?;
        let (line, column) = (document.span.line, document.span.column);
        let object = match drop_nulls(&value, 0) {
            Value::Nil => continue,
            Value::Map(map) => map,
            _ => {
                return Err(DiffError::NotAnObject {
                    origin: origin.into(),
                    line,
                    column,
                })
            }
        };
        if is_list(&object) {
            for item in object
                .get("items")
                .as_ref()
                .and_then(Value::as_list)
                .unwrap_or_default()
            {
                match item {
                    Value::Map(map) => objects.push(ManifestObject {
                        object: map.clone(),
                        origin: origin.into(),
                        line,
                        column,
                        default_namespace: None,
                    }),
                    Value::Nil => {}
                    _ => {
                        return Err(DiffError::NotAnObject {
                            origin: origin.into(),
                            line,
                            column,
                        })
                    }
                }
            }
            continue;
        }
        objects.push(ManifestObject {
            object,
            origin: origin.into(),
            line,
            column,
            default_namespace: None,
        });
    }
    Ok(objects)
}

/// `apiVersion: v1, kind: List`: kubectl's wrapper whose `items` are the objects.
fn is_list(object: &Map) -> bool {
    let kind = object.get("kind");
    let api_version = object.get("apiVersion");
    kind.as_ref().and_then(Value::as_str) == Some("List")
        && api_version.as_ref().and_then(Value::as_str) == Some("v1")
}

/// A copy of `value` without null map entries (new maps: the input is left alone).
pub fn drop_nulls(value: &Value, depth: usize) -> Value {
    if depth >= MAX_DEPTH {
        return value.clone();
    }
    match value {
        Value::Map(map) => Value::Map(
            map.entries()
                .into_iter()
                .filter(|(_, child)| !child.is_nil())
                .map(|(key, child)| (key, drop_nulls(&child, depth + 1)))
                .collect(),
        ),
        Value::List(items) => Value::list(
            items
                .iter()
                .map(|item| drop_nulls(item, depth + 1))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Metadata fields the API server writes and a manifest never sets meaningfully.
const SERVER_METADATA_FIELDS: &[&str] = &[
    "managedFields",
    "resourceVersion",
    "uid",
    "creationTimestamp",
    "generation",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
];

/// The annotation `kubectl apply` (client side) stores the whole applied object in.
pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// A copy of a cluster object without server-populated fields: `status`, the metadata fields
/// in [`SERVER_METADATA_FIELDS`] and the last-applied annotation (which also holds Secret
/// values in clear). Empty `annotations` left behind are removed.
pub fn strip_server_fields(object: &Map) -> Map {
    let copy = object.shallow_copy();
    copy.remove("status");
    if let Some(Value::Map(metadata)) = copy.get("metadata") {
        let metadata = metadata.shallow_copy();
        for field in SERVER_METADATA_FIELDS {
            metadata.remove(field);
        }
        if let Some(Value::Map(annotations)) = metadata.get("annotations") {
            let annotations = annotations.shallow_copy();
            annotations.remove(LAST_APPLIED_ANNOTATION);
            if annotations.is_empty() {
                metadata.remove("annotations");
            } else {
                metadata.insert("annotations", Value::Map(annotations));
            }
        }
        copy.insert("metadata", Value::Map(metadata));
    }
    copy
}

/// For a core Secret: `stringData` entries moved into `data`, base64-encoded, overriding
/// `data` entries of the same key (the API server stores them so and never returns
/// `stringData`). Other objects are returned as they are.
pub fn merge_string_data(object: &Map) -> Map {
    let is_secret = object.get("kind").as_ref().and_then(Value::as_str) == Some("Secret")
        && object.get("apiVersion").as_ref().and_then(Value::as_str) == Some("v1");
    let Some(Value::Map(string_data)) = object.get("stringData").filter(|_| is_secret) else {
        return object.clone();
    };
    let copy = object.shallow_copy();
    let data = match copy.get("data") {
        Some(Value::Map(data)) => data.shallow_copy(),
        _ => Map::new(),
    };
    for (key, value) in string_data.entries() {
        let text = match &value {
            Value::String(text) => text.to_string(),
            other => crate::value::fmt::sprint(std::slice::from_ref(other)),
        };
        data.insert(key, Value::string(base64_encode(text.as_bytes())));
    }
    copy.remove("stringData");
    copy.insert("data", Value::Map(data));
    copy
}

/// Standard base64 with padding (RFC 4648), as Kubernetes stores Secret data.
fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The parts of a cluster object (`live`) that the rendered object (`rendered`) sets: map
/// keys the rendered map lacks are dropped, lists of the same length are projected item by
/// item, and a list whose length differs is kept whole (it changed either way).
pub fn project_onto(live: &Value, rendered: &Value) -> Value {
    project_at(live, rendered, 0)
}

fn project_at(live: &Value, rendered: &Value, depth: usize) -> Value {
    if depth >= MAX_DEPTH {
        return live.clone();
    }
    match (live, rendered) {
        (Value::Map(live_map), Value::Map(rendered_map)) => Value::Map(
            rendered_map
                .keys()
                .into_iter()
                .filter_map(|key| {
                    let live_child = live_map.get(&key)?;
                    let rendered_child = rendered_map.get(&key).unwrap_or(Value::Nil);
                    Some((key, project_at(&live_child, &rendered_child, depth + 1)))
                })
                .collect(),
        ),
        (Value::List(live_items), Value::List(rendered_items))
            if live_items.len() == rendered_items.len() =>
        {
            Value::list(
                live_items
                    .iter()
                    .zip(rendered_items.iter())
                    .map(|(live_item, rendered_item)| {
                        project_at(live_item, rendered_item, depth + 1)
                    })
                    .collect(),
            )
        }
        _ => live.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_value_any;

    fn yaml(text: &str) -> Value {
        parse_value_any(text).unwrap()
    }

    #[test]
    fn streams_split_into_objects_without_comments_or_nulls() {
        let text = "---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: null\ndata: {\"k\": 'v'}\n---\n---\n# only a comment\n";
        let objects = parse_manifests(text, "render").unwrap();
        assert_eq!(objects.len(), 1);
        assert_eq!(
            Value::Map(objects[0].object.clone()),
            yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}")
        );
        assert_eq!(objects[0].line, 3);
    }

    #[test]
    fn lists_stand_for_their_items() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n";
        let objects = parse_manifests(text, "x").unwrap();
        assert_eq!(objects.len(), 2);
    }

    #[test]
    fn non_objects_and_bad_yaml_are_errors_with_positions() {
        let error = parse_manifests("a: 1\n---\n- x\n", "file.yaml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "file.yaml:3:1: a manifest document must be a mapping (a Kubernetes object)"
        );
        assert!(parse_manifests("a: [\n", "f")
            .unwrap_err()
            .to_string()
            .starts_with("f: "));
    }

    #[test]
    fn server_fields_are_stripped() {
        let live = yaml(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  uid: x\n  resourceVersion: '5'\n  managedFields: []\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{}'\nstatus: {}\ndata: {k: v}",
        );
        let stripped = strip_server_fields(live.as_map().unwrap());
        assert_eq!(
            Value::Map(stripped),
            yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}")
        );
        assert!(
            live.as_map().unwrap().contains_key("status"),
            "the input is left alone"
        );
    }

    #[test]
    fn string_data_becomes_base64_data() {
        let secret =
            yaml("apiVersion: v1\nkind: Secret\ndata: {a: eA==, b: eA==}\nstringData: {b: hello}");
        let merged = merge_string_data(secret.as_map().unwrap());
        assert_eq!(
            Value::Map(merged),
            yaml("apiVersion: v1\nkind: Secret\ndata: {a: eA==, b: aGVsbG8=}")
        );
        let config_map = yaml("apiVersion: v1\nkind: ConfigMap\nstringData: {b: hello}");
        assert_eq!(
            Value::Map(merge_string_data(config_map.as_map().unwrap())),
            config_map
        );
    }

    #[test]
    fn projection_keeps_only_rendered_fields() {
        let live = yaml("spec:\n  replicas: 3\n  progressDeadlineSeconds: 600\n  containers:\n  - {name: a, image: x, terminationMessagePath: /dev/t}\n  ports: [1, 2]");
        let rendered =
            yaml("spec:\n  replicas: 4\n  containers:\n  - {name: a, image: y}\n  ports: [1]");
        let projected = project_onto(&live, &rendered);
        assert_eq!(
            projected,
            yaml("spec:\n  replicas: 3\n  containers:\n  - {name: a, image: x}\n  ports: [1, 2]")
        );
    }
}
