//! The entry points: YAML text to Helm values, as Helm 4 loads values files and `fromYaml`.
//!
//! * Values files ([`parse_values`]): Helm 4 cuts the text into documents at lines starting
//!   with `---` (only a comment may follow the dashes on that line), decodes each document
//!   through sigs.k8s.io/yaml into a map (a null or empty document counts as no map, anything
//!   other than a map is an error) and deep-merges them in order: maps merge key by key, any
//!   other value replaces. Line numbers in go-yaml's messages count from the document's start,
//!   as Helm prints them; spans count from the start of the file.
//! * `fromYaml`/`fromYamlArray` and Chart.yaml ([`unmarshal_map`], [`unmarshal_list`],
//!   [`parse_value_any`]): sigs.k8s.io/yaml's `Unmarshal`, which reads only the first document.
//!
//! Inputs above [`MAX_INPUT_BYTES`] are refused before parsing.

use crate::value::{Map, Value};

use super::build::{build_documents, Documents};
use super::convert::{node_to_head_value, node_to_value};
use super::error::YamlError;
use super::node::{Node, Span};
use super::spans::{path_segments, SpanEntry, SpanIndex};
use super::syntax::check_characters;

/// The largest YAML text read (64 MiB); Helm's own chart size limits are of the same order.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Go's name for the map type values decode into.
const MAP_TYPE: &str = "map[string]interface {}";
/// Go's name for the list type `fromYamlArray` decodes into.
const LIST_TYPE: &str = "[]interface {}";

/// Reads a values file (chart `values.yaml` or `-f` file) the way Helm 4 does: every document
/// merged into one map; an empty text gives an empty map.
pub fn parse_values(text: &str) -> Result<Value, YamlError> {
    load_values(text, false).map(|(values, _)| values)
}

/// [`parse_values`] that also returns where every value was written.
pub fn parse_values_with_spans(text: &str) -> Result<(Value, SpanIndex), YamlError> {
    let (values, spans) = load_values(text, true)?;
    Ok((values, spans.unwrap_or_default()))
}

/// Every document of a YAML stream as a tree (YAML's own `---` rules, not Helm's splitter).
pub fn parse_documents(text: &str) -> Result<Vec<Node>, YamlError> {
    check_input(text)?;
    build_documents(text, Documents::All)
}

/// The first document's value, whatever its type (nil for an empty text): sigs.k8s.io/yaml's
/// `Unmarshal` into `interface{}`.
pub fn parse_value_any(text: &str) -> Result<Value, YamlError> {
    decode_first(text, None).map(|(value, _)| value)
}

/// [`parse_value_any`] for a reader of a Kubernetes document's head only (Helm's
/// `SimpleHead`): the same errors, and the same values at the root's type, `apiVersion`,
/// `kind`, `metadata.name` and `metadata.annotations` (keys matched in any ASCII case); every
/// other part is checked but left `Nil`, which saves building values nobody reads.
pub fn parse_head_value(text: &str) -> Result<Value, YamlError> {
    check_input(text)?;
    let documents = build_documents(text, Documents::First)?;
    match documents.first() {
        None => Ok(Value::Nil),
        Some(root) => node_to_head_value(root),
    }
}

/// sigs.k8s.io/yaml's `Unmarshal` into `map[string]interface{}` (Helm's `fromYaml`, Chart.yaml):
/// the first document; null gives an empty map; another type is a JSON typing error.
pub fn unmarshal_map(text: &str) -> Result<Map, YamlError> {
    match decode_first(text, None)? {
        (Value::Nil, _) => Ok(Map::new()),
        (Value::Map(map), _) => Ok(map),
        (other, span) => Err(wrong_type(&other, MAP_TYPE, span)),
    }
}

/// sigs.k8s.io/yaml's `Unmarshal` into `[]interface{}` (Helm's `fromYamlArray`).
pub fn unmarshal_list(text: &str) -> Result<Vec<Value>, YamlError> {
    match decode_first(text, None)? {
        (Value::Nil, _) => Ok(Vec::new()),
        (Value::List(items), _) => Ok(items.to_vec()),
        (other, span) => Err(wrong_type(&other, LIST_TYPE, span)),
    }
}

fn check_input(text: &str) -> Result<(), YamlError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(YamlError::TooLarge {
            size: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    check_characters(text)
}

/// The first document's value and the span of its root.
fn decode_first(text: &str, spans: Option<&mut SpanIndex>) -> Result<(Value, Span), YamlError> {
    check_input(text)?;
    let documents = build_documents(text, Documents::First)?;
    match documents.first() {
        None => Ok((Value::Nil, Span { line: 1, column: 1 })),
        Some(root) => Ok((node_to_value(root, spans)?, root.span)),
    }
}

fn wrong_type(value: &Value, target: &'static str, span: Span) -> YamlError {
    let found = match value {
        Value::Map(_) => "object",
        Value::List(_) | Value::Bytes(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    };
    YamlError::WrongType {
        found,
        target,
        span,
    }
}

/// One document cut out of a values file, and the 0-based line where it starts.
struct Chunk {
    text: String,
    first_line: usize,
}

/// Helm 4's document splitter (k8s.io/apimachinery's YAMLReader): a line starting with `---`
/// ends the current document and is dropped, unless no content has been collected yet (then it
/// stays, as the new document's start marker). Anything but a comment after the dashes is an
/// error. Lines are re-terminated with `\n` (a `\r` before a newline is dropped).
fn split_documents(text: &str) -> Result<Vec<Chunk>, YamlError> {
    let mut chunks = Vec::new();
    let mut buffer = String::new();
    let mut first_line = 0;
    for (line_index, raw_line) in text.split_inclusive('\n').enumerate() {
        let line = match raw_line.strip_suffix('\n') {
            Some(without_newline) => without_newline
                .strip_suffix('\r')
                .unwrap_or(without_newline),
            None => raw_line,
        };
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(YamlError::Separator {
                    text: trimmed.to_owned(),
                    span: Span {
                        line: line_index + 1,
                        column: 1,
                    },
                });
            }
            if !buffer.is_empty() {
                chunks.push(Chunk {
                    text: std::mem::take(&mut buffer),
                    first_line,
                });
                continue;
            }
        }
        if buffer.is_empty() {
            first_line = line_index;
        }
        buffer.push_str(line);
        buffer.push('\n');
    }
    if !buffer.is_empty() {
        chunks.push(Chunk {
            text: buffer,
            first_line,
        });
    }
    Ok(chunks)
}

fn load_values(text: &str, with_spans: bool) -> Result<(Value, Option<SpanIndex>), YamlError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(YamlError::TooLarge {
            size: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let chunks = split_documents(text)?;
    let merged = Map::new();
    let mut all_spans = with_spans.then(SpanIndex::new);
    let document_count = chunks.len();
    for chunk in chunks {
        let mut spans = with_spans.then(SpanIndex::new);
        let in_document =
            |error: YamlError| YamlError::Document(Box::new(error.shifted(chunk.first_line)));
        let (value, root_span) = decode_first(&chunk.text, spans.as_mut()).map_err(in_document)?;
        match value {
            Value::Nil => {}
            Value::Map(map) => merge_into(&merged, &map),
            other => return Err(in_document(wrong_type(&other, MAP_TYPE, root_span))),
        }
        if let (Some(all), Some(mut spans)) = (all_spans.as_mut(), spans) {
            spans.shift_lines(chunk.first_line);
            all.overlay(spans);
        }
    }
    let values = Value::Map(merged);
    if let Some(all) = all_spans.as_mut() {
        if document_count > 1 {
            all.retain(|path| path_exists(&values, path));
        }
        if all.get("").is_none() {
            all.insert(
                String::new(),
                SpanEntry {
                    key: None,
                    value: Span { line: 1, column: 1 },
                },
            );
        }
    }
    Ok((values, all_spans))
}

/// Helm 4's `MergeMaps`: entries of `later` replace those of `target`, except that two maps
/// under the same key are merged. Maps of `target` are copied before they change, so maps the
/// caller still holds are left alone; an explicit stack replaces recursion.
fn merge_into(target: &Map, later: &Map) {
    let mut pending = vec![(target.clone(), later.clone())];
    while let Some((into, from)) = pending.pop() {
        for (key, value) in from.entries() {
            let existing = into.get(&key);
            match (existing, &value) {
                (Some(Value::Map(old)), Value::Map(new)) => {
                    let copy = old.shallow_copy();
                    into.insert(key, Value::Map(copy.clone()));
                    pending.push((copy, new.clone()));
                }
                _ => {
                    into.insert(key, value);
                }
            }
        }
    }
}

/// Whether `path` (as recorded in a [`SpanIndex`]) names a value inside `root`.
fn path_exists(root: &Value, path: &str) -> bool {
    let mut current = root.clone();
    for segment in path_segments(path) {
        let next = match &current {
            Value::Map(map) => map.get(&segment),
            Value::List(items) => segment
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index).cloned()),
            _ => None,
        };
        match next {
            Some(value) => current = value,
            None => return false,
        }
    }
    true
}

#[cfg(test)]
#[path = "values_tests.rs"]
mod tests;
