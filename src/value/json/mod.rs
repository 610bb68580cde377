//! Go's `encoding/json` over [`Value`], as Helm's `toJson`, `toPrettyJson`, `toRawJson`,
//! `fromJson`, `fromJsonArray` and (through sigs.k8s.io/yaml) `toYaml`/`fromYaml` use it, plus
//! conversions to and from `serde_json` for JSON Schema validation.
//!
//! * [`encode`](mod@encode): `Marshal`/`MarshalIndent` (key order, escapes, float layout);
//! * [`decode`](mod@decode): `Unmarshal` into `interface{}` with Go's error texts.

pub mod decode;
pub mod encode;

pub use encode::{format_json_float, quote_json_string, EncodeOptions};

use crate::value::{Map, Value};

/// Why encoding or decoding failed; `Display` is Go's error text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JsonError {
    /// Malformed JSON text; `offset` is the byte where the scanner stopped.
    #[error("{message}")]
    Syntax { message: String, offset: usize },
    /// The text ended inside a value (or was empty).
    #[error("unexpected end of JSON input")]
    UnexpectedEnd,
    /// A value JSON cannot represent (NaN, infinities, cyclic maps).
    #[error("json: unsupported value: {0}")]
    UnsupportedValue(String),
    /// Well-formed JSON of the wrong shape for the Go destination type.
    #[error("json: cannot unmarshal {value} into Go value of type {target}")]
    UnmarshalType { value: String, target: String },
}

/// `json.Marshal(v)` (`escape_html = true`) or an Encoder with `SetEscapeHTML(false)` minus
/// its trailing newline (`escape_html = false`, Sprig's `toRawJson`).
pub fn to_json(value: &Value, escape_html: bool) -> Result<String, JsonError> {
    encode::encode(
        value,
        EncodeOptions {
            escape_html,
            indent: None,
        },
    )
}

/// `json.MarshalIndent(v, prefix, indent)`: one element per line, `"key": value`, empty maps
/// and lists as `{}` and `[]`; HTML characters escaped (Sprig's `toPrettyJson`).
pub fn to_json_indent(value: &Value, prefix: &str, indent: &str) -> Result<String, JsonError> {
    encode::encode(
        value,
        EncodeOptions {
            escape_html: true,
            indent: Some((prefix, indent)),
        },
    )
}

/// `json.Unmarshal(text, &v)` with `v interface{}`: objects become maps, arrays lists,
/// numbers float64, `null` nil.
pub fn from_json(text: &str) -> Result<Value, JsonError> {
    decode::decode(text)
}

/// `json.Unmarshal` into a `map[string]interface{}` (Helm's `fromJson`): an object gives a
/// map, `null` gives nil, any other JSON value is a type error.
pub fn from_json_map(text: &str) -> Result<Value, JsonError> {
    let value = decode::decode(text)?;
    match value {
        Value::Map(_) | Value::Nil => Ok(value),
        other => Err(type_error(&other, "map[string]interface {}")),
    }
}

/// `json.Unmarshal` into a `[]interface{}` (Sprig's `fromJsonArray`): an array gives a list,
/// `null` gives nil, any other JSON value is a type error.
pub fn from_json_list(text: &str) -> Result<Value, JsonError> {
    let value = decode::decode(text)?;
    match value {
        Value::List(_) | Value::Nil => Ok(value),
        other => Err(type_error(&other, "[]interface {}")),
    }
}

fn type_error(value: &Value, target: &str) -> JsonError {
    let kind = match value {
        Value::Map(_) => "object",
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    };
    JsonError::UnmarshalType {
        value: kind.into(),
        target: target.into(),
    }
}

/// Nesting limit of the serde conversions (deeper data, only reachable through a map that
/// contains itself, becomes `null`).
const MAX_SERDE_DEPTH: usize = 1_000;

/// The value as JSON data, as Helm hands values to the schema validator (it marshals them with
/// encoding/json first): integral floats below 1e21 become integers, byte slices base64
/// strings, objects their JSON form; NaN and infinities become `null`.
pub fn to_serde_json(value: &Value) -> serde_json::Value {
    to_serde_at(value, 0)
}

fn to_serde_at(value: &Value, depth: usize) -> serde_json::Value {
    use serde_json::Value as Json;
    if depth > MAX_SERDE_DEPTH {
        return Json::Null;
    }
    match value {
        Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) | Value::Int64(i) => Json::from(*i),
        Value::Float(f) => float_to_serde(*f),
        Value::String(s) => Json::String(s.to_string()),
        Value::Bytes(bytes) => Json::String(base64_standard(bytes)),
        Value::List(items) if items.is_nil() => Json::Null,
        Value::List(items) => Json::Array(
            items
                .iter()
                .map(|item| to_serde_at(item, depth + 1))
                .collect(),
        ),
        Value::Map(map) => Json::Object(
            map.entries()
                .into_iter()
                .map(|(key, item)| (key.to_string(), to_serde_at(&item, depth + 1)))
                .collect(),
        ),
        Value::Object(object) => to_serde_at(&object.to_json_value(), depth + 1),
    }
}

fn float_to_serde(f: f64) -> serde_json::Value {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if f >= i64::MIN as f64 && f < i64::MAX as f64 {
            return serde_json::Value::from(f as i64);
        }
        if f >= 0.0 && f < u64::MAX as f64 {
            return serde_json::Value::from(f as u64);
        }
    }
    serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// JSON data as Go's `Unmarshal` into `interface{}` would give it: every number a float64.
pub fn from_serde_json(json: &serde_json::Value) -> Value {
    use serde_json::Value as Json;
    match json {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        Json::String(s) => Value::string(s.as_str()),
        Json::Array(items) => Value::list(items.iter().map(from_serde_json).collect()),
        Json::Object(entries) => Value::Map(
            entries
                .iter()
                .map(|(key, item)| (key.as_str().into(), from_serde_json(item)))
                .collect::<Map>(),
        ),
    }
}

/// Standard base64 with padding (how encoding/json writes a `[]byte`).
pub(crate) fn base64_standard(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk[0];
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let group = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(char::from(
                    ALPHABET[((group >> (18 - 6 * index)) & 63) as usize],
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
