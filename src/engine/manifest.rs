//! Helm's view of rendered files as manifests: splitting a file into YAML documents, reading
//! each document's head (`apiVersion`, `kind`, `metadata.name`, `metadata.annotations`) and
//! telling hooks from plain manifests.
//!
//! Helm splits with a regular expression rather than a YAML parser: a separator is `---` at the
//! start of the (trimmed) text or after a newline (with any whitespace before that newline),
//! and it swallows all whitespace after it. So `---b: 2` splits, `--- # c` keeps `# c` in the
//! next piece, an indented `  ---` does not split, and `---\n---\n` leaves a piece `---`.
//! The head is read the way `sigs.k8s.io/yaml` unmarshals into Helm's `SimpleHead` struct:
//! through JSON, with scalars converted to strings where the struct wants a string.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::value::Value;

/// The annotation naming a document's hook events.
pub const HOOK_ANNOTATION: &str = "helm.sh/hook";
/// The annotation holding a hook's weight.
pub const HOOK_WEIGHT_ANNOTATION: &str = "helm.sh/hook-weight";

/// The hook events Helm knows (`test-success` is Helm 2's name for `test`).
const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

fn separator() -> &'static Regex {
    static SEPARATOR: OnceLock<Regex> = OnceLock::new();
    // Go's `\s` is the ASCII class [\t\n\f\r ]; spelled out so Unicode spaces do not count.
    SEPARATOR.get_or_init(|| {
        Regex::new(r"(?:^|[\t\n\x0C\r ]*\n)---[\t\n\x0C\r ]*").unwrap_or_else(|_| unreachable!())
    })
}

/// Splits a rendered file into its documents as Helm's `SplitManifests` does: the text is
/// trimmed, split on separators, empty pieces dropped and every piece trimmed.
pub fn split_manifests(text: &str) -> Vec<String> {
    separator()
        .split(text.trim())
        .filter(|piece| !piece.is_empty())
        .map(|piece| piece.trim().to_string())
        .collect()
}

/// The part of a document Helm reads to sort and classify it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SimpleHead {
    pub api_version: String,
    pub kind: String,
    /// `None` when the document has no `metadata` (or it is null).
    pub metadata: Option<HeadMetadata>,
}

/// `metadata.name` and `metadata.annotations` of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeadMetadata {
    pub name: String,
    /// `None` when absent or null.
    pub annotations: Option<BTreeMap<String, String>>,
}

/// Why a document's head could not be read: Go's `encoding/json` type errors, worded as
/// `sigs.k8s.io/yaml` reports them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HeadError {
    #[error("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {found} into Go value of type util.SimpleHead")]
    NotAnObject { found: &'static str },
    #[error("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {found} into Go struct field SimpleHead.{field} of type {go_type}")]
    FieldType {
        found: &'static str,
        field: String,
        go_type: &'static str,
    },
}

/// The JSON kind word Go's decoder uses for a value in its type errors.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Nil => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Int64(_) | Value::Float(_) => "number",
        Value::String(_) | Value::Bytes(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) | Value::Object(_) => "object",
    }
}

const METADATA_GO_TYPE: &str =
    "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";

/// Finds a key the way `encoding/json` matches object keys to struct fields: an exact match
/// wins, otherwise the last key equal ignoring ASCII case (later duplicates overwrite).
fn json_field(entries: &[(crate::value::Str, Value)], name: &str) -> Option<Value> {
    let mut found = None;
    for (key, value) in entries {
        if key.eq_ignore_ascii_case(name) {
            found = Some(value.clone());
        }
    }
    found
}

/// A scalar as a Go string field receives it: sigs.k8s.io/yaml turns numbers and booleans into
/// their text when the target is a string; null leaves the field empty.
fn string_field(value: &Value, field: &str) -> Result<String, HeadError> {
    match value {
        Value::Nil => Ok(String::new()),
        Value::String(s) => Ok(s.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Int(i) | Value::Int64(i) => Ok(i.to_string()),
        Value::Float(f) => Ok(crate::value::fmt::format_float_g(*f)),
        other => Err(HeadError::FieldType {
            found: json_kind(other),
            field: field.to_string(),
            go_type: "string",
        }),
    }
}

impl SimpleHead {
    /// Reads the head of a parsed document (`Nil` for an empty document).
    pub fn from_value(document: &Value) -> Result<SimpleHead, HeadError> {
        let entries = match document {
            Value::Nil => return Ok(SimpleHead::default()),
            Value::Map(map) => map.entries(),
            other => {
                return Err(HeadError::NotAnObject {
                    found: json_kind(other),
                })
            }
        };
        let mut head = SimpleHead::default();
        if let Some(value) = json_field(&entries, "apiVersion") {
            head.api_version = string_field(&value, "apiVersion")?;
        }
        if let Some(value) = json_field(&entries, "kind") {
            head.kind = string_field(&value, "kind")?;
        }
        if let Some(value) = json_field(&entries, "metadata") {
            head.metadata = read_metadata(&value)?;
        }
        Ok(head)
    }

    /// The annotations, when there is at least one.
    pub fn annotations(&self) -> Option<&BTreeMap<String, String>> {
        self.metadata
            .as_ref()
            .and_then(|metadata| metadata.annotations.as_ref())
            .filter(|annotations| !annotations.is_empty())
    }
}

fn read_metadata(value: &Value) -> Result<Option<HeadMetadata>, HeadError> {
    let entries = match value {
        Value::Nil => return Ok(None),
        Value::Map(map) => map.entries(),
        other => {
            return Err(HeadError::FieldType {
                found: json_kind(other),
                field: "metadata".into(),
                go_type: METADATA_GO_TYPE,
            })
        }
    };
    let mut metadata = HeadMetadata::default();
    if let Some(value) = json_field(&entries, "name") {
        metadata.name = string_field(&value, "metadata.name")?;
    }
    if let Some(value) = json_field(&entries, "annotations") {
        metadata.annotations = match value {
            Value::Nil => None,
            Value::Map(map) => {
                let mut annotations = BTreeMap::new();
                for (key, item) in map.entries() {
                    let text = string_field(&item, "metadata.annotations")?;
                    annotations.insert(key.to_string(), text);
                }
                Some(annotations)
            }
            other => {
                return Err(HeadError::FieldType {
                    found: json_kind(&other),
                    field: "metadata.annotations".into(),
                    go_type: "map[string]string",
                })
            }
        };
    }
    Ok(Some(metadata))
}

/// Reads the head of one document as Helm does (`sigs.k8s.io/yaml` into `SimpleHead`): the
/// first YAML document only; the error text is what Helm prints after the file name.
///
/// Documents in the plain block style most renders use are read line by line
/// ([`crate::yaml::head_scan`]); the rest, and every document with an error, get the full parse.
pub fn parse_head(document: &str) -> Result<SimpleHead, String> {
    if let Some(value) = crate::yaml::head_scan::scan_head(document) {
        return SimpleHead::from_value(&value).map_err(|error| error.to_string());
    }
    parse_head_fully(document)
}

/// [`parse_head`] by a full parse of the document, whatever it holds.
pub fn parse_head_fully(document: &str) -> Result<SimpleHead, String> {
    let value = crate::yaml::parse_head_value(document).map_err(|error| error.to_string())?;
    SimpleHead::from_value(&value).map_err(|error| error.to_string())
}

/// One document of a rendered file, as Helm prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// The template path, e.g. `probe/templates/x.yaml`.
    pub path: String,
    /// The trimmed document text.
    pub content: String,
    pub head: SimpleHead,
}

/// A document carrying a known `helm.sh/hook` annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    pub manifest: Manifest,
    /// The events, lower-cased (`test-success` kept as written: it means `test`).
    pub events: Vec<String>,
    /// `helm.sh/hook-weight` as an integer; 0 when absent or not a number.
    pub weight: i64,
}

impl Hook {
    /// Whether this hook runs on `helm test` (`--skip-tests` drops these).
    pub fn is_test(&self) -> bool {
        self.events
            .iter()
            .any(|event| event == "test" || event == "test-success")
    }
}

/// What Helm makes of one document.
#[derive(Debug, Clone, PartialEq)]
pub enum Classified {
    Manifest(Manifest),
    Hook(Hook),
    /// A hook annotation naming an event Helm does not know: the document is dropped.
    UnknownHook,
}

/// Go's `strconv.Atoi` for the hook weight: optional sign, decimal digits, no spaces.
fn parse_weight(text: &str) -> i64 {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    text.parse().unwrap_or(0)
}

/// Sorts one document into manifest or hook as Helm's manifest sorter does.
pub fn classify(path: &str, content: String, head: SimpleHead) -> Classified {
    let hook_types = head
        .annotations()
        .and_then(|annotations| annotations.get(HOOK_ANNOTATION))
        .cloned();
    let Some(hook_types) = hook_types else {
        return Classified::Manifest(Manifest {
            path: path.to_string(),
            content,
            head,
        });
    };
    let mut events = Vec::new();
    for event in hook_types.split(',') {
        let event = event.trim().to_lowercase();
        if !HOOK_EVENTS.contains(&event.as_str()) {
            return Classified::UnknownHook;
        }
        events.push(event);
    }
    let weight = head
        .annotations()
        .and_then(|annotations| annotations.get(HOOK_WEIGHT_ANNOTATION))
        .map(|text| parse_weight(text))
        .unwrap_or(0);
    Classified::Hook(Hook {
        manifest: Manifest {
            path: path.to_string(),
            content,
            head,
        },
        events,
        weight,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Map;

    #[test]
    fn splits_like_helm() {
        assert_eq!(split_manifests("a: 1\n---\nb: 2\n"), vec!["a: 1", "b: 2"]);
        assert_eq!(split_manifests("a: 1\n---b: 2"), vec!["a: 1", "b: 2"]);
        assert_eq!(
            split_manifests("a: 1\n---\n---\nb: 2"),
            vec!["a: 1", "---\nb: 2"]
        );
        assert_eq!(
            split_manifests("a: 1\n  ---\nb: 2"),
            vec!["a: 1\n  ---\nb: 2"]
        );
        assert_eq!(split_manifests("a: 1 ---\nb: 2"), vec!["a: 1 ---\nb: 2"]);
        assert_eq!(
            split_manifests("a: 1\r\n---\r\nb: 2\r\n"),
            vec!["a: 1", "b: 2"]
        );
        assert_eq!(
            split_manifests("a: 1\n--- # c\nb: 2"),
            vec!["a: 1", "# c\nb: 2"]
        );
        assert_eq!(split_manifests("---\n---\n"), vec!["---"]);
        assert_eq!(
            split_manifests("---\n\n---\n# only a comment\n---\na: 1\n---\n\n\n---\n"),
            vec!["---\n# only a comment", "a: 1", "---"]
        );
        assert_eq!(split_manifests("   \n"), Vec::<String>::new());
        assert_eq!(split_manifests("a: 1\n----\nb: 2"), vec!["a: 1", "-\nb: 2"]);
    }

    fn map(entries: &[(&str, Value)]) -> Value {
        let map = Map::new();
        for (key, value) in entries {
            map.insert(*key, value.clone());
        }
        Value::Map(map)
    }

    #[test]
    fn head_converts_scalars_to_strings() {
        let document = map(&[
            ("kind", Value::Int(5)),
            (
                "metadata",
                map(&[
                    ("name", Value::Float(5.0)),
                    ("annotations", map(&[("w", Value::Bool(true))])),
                ]),
            ),
        ]);
        let head = SimpleHead::from_value(&document).unwrap();
        assert_eq!(head.kind, "5");
        let metadata = head.metadata.unwrap();
        assert_eq!(metadata.name, "5");
        assert_eq!(metadata.annotations.unwrap()["w"], "true");
    }

    #[test]
    fn head_type_errors_read_like_go() {
        let list = Value::list(vec![Value::from("a")]);
        assert_eq!(
            SimpleHead::from_value(&list).unwrap_err().to_string(),
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type util.SimpleHead"
        );
        let document = map(&[
            ("kind", Value::from("ConfigMap")),
            ("metadata", Value::from("x")),
        ]);
        let message = SimpleHead::from_value(&document).unwrap_err().to_string();
        assert!(message.contains("cannot unmarshal string into Go struct field SimpleHead.metadata of type struct { Name string"));
    }

    #[test]
    fn head_fields_match_case_insensitively() {
        let document = map(&[("Kind", Value::from("Service"))]);
        assert_eq!(SimpleHead::from_value(&document).unwrap().kind, "Service");
    }

    fn hook_head(hook: &str, weight: Option<&str>) -> SimpleHead {
        let mut annotations = BTreeMap::new();
        annotations.insert(HOOK_ANNOTATION.to_string(), hook.to_string());
        if let Some(weight) = weight {
            annotations.insert(HOOK_WEIGHT_ANNOTATION.to_string(), weight.to_string());
        }
        SimpleHead {
            api_version: "v1".into(),
            kind: "Job".into(),
            metadata: Some(HeadMetadata {
                name: "j".into(),
                annotations: Some(annotations),
            }),
        }
    }

    #[test]
    fn classifies_hooks() {
        match classify(
            "p/t.yaml",
            "x".into(),
            hook_head(" Pre-Install , post-upgrade", Some("-3")),
        ) {
            Classified::Hook(hook) => {
                assert_eq!(hook.events, vec!["pre-install", "post-upgrade"]);
                assert_eq!(hook.weight, -3);
            }
            other => panic!("not a hook: {other:?}"),
        }
        assert_eq!(
            classify("p/t.yaml", "x".into(), hook_head("pre-install,bogus", None)),
            Classified::UnknownHook
        );
        match classify(
            "p/t.yaml",
            "x".into(),
            hook_head("test-success", Some("abc")),
        ) {
            Classified::Hook(hook) => {
                assert!(hook.is_test());
                assert_eq!(hook.weight, 0);
            }
            other => panic!("not a hook: {other:?}"),
        }
        assert!(matches!(
            classify("p/t.yaml", "x".into(), SimpleHead::default()),
            Classified::Manifest(_)
        ));
    }
}
