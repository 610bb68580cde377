//! Helm's `toYaml` and `toYamlPretty`, byte for byte.
//!
//! `toYaml` is sigs.k8s.io/yaml's `Marshal`: the value goes through `encoding/json` first, the
//! JSON text is decoded again by go-yaml v2, and that result is encoded by go-yaml v2. The
//! round trip shows in the output: numbers are re-typed from their JSON text (a float64
//! `1000000` comes out as the integer `1000000`, `0.000001` as the float `1e-06`), byte slices
//! become base64 strings, Helm's structs appear under their json field names, NaN or
//! infinity fail (`json: unsupported value`), and some strings change or fail on the way back
//! (see [`super::emit_json`]). Map keys are sorted in go-yaml's order (see
//! [`super::emit_sort`]).
//!
//! `toYamlPretty` (Helm 4) encodes the Go value directly with go-yaml v3 at indent 2: floats
//! keep their `%v` form (`1e+06`), NaN and infinity print as `.nan`/`.inf`, sequences are
//! indented under their key and long lines are not folded.
//!
//! Both functions return the encoder's complete output, which ends with a line break; Helm's
//! template functions then drop one trailing `"\n"` (`strings.TrimSuffix`), which is left to
//! the caller.

use thiserror::Error;

use super::emit_json::{round_trip_key, round_trip_string};
use super::emit_resolve::plain_resolves_to_string;
use super::emit_scalar::{Dialect, RequestedStyle, ScalarAnalysis, Writer};
use super::emit_sort::{sort_by_key_order, KeyOrder};
use crate::value::fmt::format_float_g;
use crate::value::json::base64_standard;
use crate::value::{Map, Value};

/// Nesting deeper than this is refused, to bound recursion (Go itself accepts deeper values).
pub const MAX_DEPTH: usize = 500;

/// Why a value cannot be written as YAML.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum EmitError {
    /// `encoding/json` refuses NaN and infinities (`toYaml` only).
    #[error("error marshaling into JSON: json: unsupported value: {value}")]
    UnsupportedFloat { value: String },
    /// go-yaml's reader rejects a raw character of the JSON text (`toYaml` only).
    #[error("yaml: control characters are not allowed (found {character:?})")]
    ControlCharacter { character: char },
    /// go-yaml's reader cannot take a map key back from JSON text (`toYaml` only).
    #[error("yaml: did not find expected ',' or '}}' ({reason})")]
    KeyNotReadable { reason: &'static str },
    /// A map contains itself (Go's JSON encoder reports the cycle; go-yaml v3 would recurse
    /// without end).
    #[error("error marshaling into JSON: json: unsupported value: encountered a cycle via map[string]interface {{}}")]
    Cycle,
    /// The value nests deeper than [`MAX_DEPTH`].
    #[error("value nests deeper than {limit} levels")]
    TooDeep { limit: usize },
}

/// `toYaml`'s output (sigs.k8s.io/yaml.Marshal): ends with `"\n"`, which Helm's `toYaml`
/// template function trims.
pub fn to_yaml(value: &Value) -> Result<String, EmitError> {
    let node = Node::from_value(value, Route::JsonRoundTrip, &mut Vec::new())?;
    Ok(emit_document(&node, Dialect::V2))
}

/// Helm 4's `toYamlPretty` output (go-yaml v3, indent 2): ends with `"\n"`, which the template
/// function trims. Helm structs are written through [`crate::value::Object::to_json_value`].
pub fn to_yaml_pretty(value: &Value) -> Result<String, EmitError> {
    let node = Node::from_value(value, Route::GoValue, &mut Vec::new())?;
    Ok(emit_document(&node, Dialect::V3))
}

/// A value as go-yaml's encoder sees it, with mapping entries already in output order.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Null,
    Bool(bool),
    /// An integer, already as the decimal text go-yaml writes.
    Integer(String),
    Float(f64),
    String(String),
    Sequence(Vec<Node>),
    Mapping(Vec<(String, Node)>),
}

/// The two ways Helm turns a value into YAML, which differ only in how scalars, bytes and map
/// keys come out and in go-yaml's key order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// `toYaml`: `json.Marshal`, then go-yaml v2 decoding of the JSON text and encoding again.
    JsonRoundTrip,
    /// `toYamlPretty`: go-yaml v3 encoding the Go value directly.
    GoValue,
}

impl Node {
    /// The node go-yaml encodes for `value` along `route`.
    fn from_value(
        value: &Value,
        route: Route,
        open_maps: &mut Vec<Map>,
    ) -> Result<Node, EmitError> {
        Ok(match value {
            Value::Nil => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Int(i) | Value::Int64(i) => Node::Integer(i.to_string()),
            Value::Float(f) => match route {
                Route::JsonRoundTrip => json_float_node(*f)?,
                Route::GoValue => Node::Float(*f),
            },
            Value::String(s) => match route {
                Route::JsonRoundTrip => Node::String(round_trip_string(s)?),
                Route::GoValue => Node::String(s.to_string()),
            },
            Value::Bytes(bytes) => match route {
                Route::JsonRoundTrip => Node::String(base64_standard(bytes)),
                Route::GoValue => {
                    Node::Sequence(bytes.iter().map(|b| Node::Integer(b.to_string())).collect())
                }
            },
            // encoding/json writes a nil slice as `null`; go-yaml v3 writes it as `[]`.
            Value::List(items) if items.is_nil() && route == Route::JsonRoundTrip => Node::Null,
            Value::List(items) => {
                enter(open_maps, None)?;
                let mut nodes = Vec::with_capacity(items.len());
                for item in items.iter() {
                    nodes.push(Node::from_value(item, route, open_maps)?);
                }
                open_maps.pop();
                Node::Sequence(nodes)
            }
            Value::Map(map) => {
                enter(open_maps, Some(map))?;
                let mut entries = Vec::with_capacity(map.len());
                for (key, item) in map.entries() {
                    let key = match route {
                        Route::JsonRoundTrip => round_trip_key(&key)?,
                        Route::GoValue => key.to_string(),
                    };
                    entries.push((key, Node::from_value(&item, route, open_maps)?));
                }
                open_maps.pop();
                let order = match route {
                    Route::JsonRoundTrip => KeyOrder::V2,
                    Route::GoValue => KeyOrder::V3,
                };
                sort_by_key_order(&mut entries, order);
                Node::Mapping(entries)
            }
            Value::Object(object) => Node::from_value(&object.to_json_value(), route, open_maps)?,
        })
    }
}

/// Records one more level of nesting (`map` when the level is a map), refusing cycles and
/// nesting beyond [`MAX_DEPTH`]. The caller pops the level when done.
fn enter(open: &mut Vec<Map>, map: Option<&Map>) -> Result<(), EmitError> {
    if open.len() >= MAX_DEPTH {
        return Err(EmitError::TooDeep { limit: MAX_DEPTH });
    }
    match map {
        Some(map) if open.iter().any(|ancestor| ancestor.same_map(map)) => Err(EmitError::Cycle),
        Some(map) => {
            open.push(map.clone());
            Ok(())
        }
        None => {
            open.push(Map::new());
            Ok(())
        }
    }
}

/// 2^63, the first float64 beyond int64's range.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// A float64 after `encoding/json` writes it and go-yaml v2 reads it back: integral values
/// below 1e21 are written as plain digits and so come back as integers (int64, or uint64 when
/// larger), everything else stays a float.
fn json_float_node(f: f64) -> Result<Node, EmitError> {
    if f.is_nan() {
        return Err(EmitError::UnsupportedFloat {
            value: "NaN".into(),
        });
    }
    if f.is_infinite() {
        let value = if f > 0.0 { "+Inf" } else { "-Inf" };
        return Err(EmitError::UnsupportedFloat {
            value: value.into(),
        });
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        // Exact conversions: every integral f64 in these ranges is representable.
        if (-TWO_POW_63..TWO_POW_63).contains(&f) {
            return Ok(Node::Integer((f as i64).to_string()));
        }
        if f > 0.0 && f < 2.0 * TWO_POW_63 {
            return Ok(Node::Integer((f as u64).to_string()));
        }
    }
    Ok(Node::Float(f))
}

/// Go's `%v`/`'g'` float text with YAML's spellings of the special values.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        }
    } else {
        format_float_g(f)
    }
}

/// Where a node sits, as libyaml's emitter records it when it starts the node.
#[derive(Clone, Copy, Default)]
struct Context {
    /// The node is a mapping key or value.
    mapping: bool,
    /// The node is a mapping key written inline (`key: value`).
    simple_key: bool,
}

fn emit_document(node: &Node, dialect: Dialect) -> String {
    let mut writer = Writer::new(dialect);
    emit_node(&mut writer, node, Context::default());
    writer.write_indent();
    writer.out
}

/// The style go-yaml's encoder asks for a string: literal when it has a newline, plain when
/// the unquoted text reads back as the same string, double-quoted otherwise.
fn requested_string_style(text: &str) -> RequestedStyle {
    if text.contains('\n') {
        RequestedStyle::Literal
    } else if plain_resolves_to_string(text) {
        RequestedStyle::Plain
    } else {
        RequestedStyle::DoubleQuoted
    }
}

fn emit_node(writer: &mut Writer, node: &Node, context: Context) {
    match node {
        Node::Null => writer.write_scalar("null", RequestedStyle::Plain, context.simple_key),
        Node::Bool(b) => {
            let text = if *b { "true" } else { "false" };
            writer.write_scalar(text, RequestedStyle::Plain, context.simple_key);
        }
        Node::Integer(text) => writer.write_scalar(text, RequestedStyle::Plain, context.simple_key),
        Node::Float(f) => {
            writer.write_scalar(&float_text(*f), RequestedStyle::Plain, context.simple_key)
        }
        Node::String(text) => {
            writer.write_scalar(text, requested_string_style(text), context.simple_key);
        }
        Node::Sequence(items) if items.is_empty() => emit_empty_flow(writer, "[", "]"),
        Node::Mapping(entries) if entries.is_empty() => emit_empty_flow(writer, "{", "}"),
        Node::Sequence(items) => emit_block_sequence(writer, items, context),
        Node::Mapping(entries) => emit_block_mapping(writer, entries),
    }
}

/// `[]` or `{}`: go-yaml writes empty collections in flow style.
fn emit_empty_flow(writer: &mut Writer, open: &str, close: &str) {
    writer.write_indicator(open, true, true, false);
    writer.increase_indent(true, false);
    writer.restore_indent();
    writer.write_indicator(close, false, false, false);
}

fn emit_block_sequence(writer: &mut Writer, items: &[Node], context: Context) {
    // go-yaml v2 writes a sequence that is a mapping value at the key's own indentation.
    let indentless = writer.dialect == Dialect::V2 && context.mapping && !writer.at_indention();
    writer.increase_indent(false, indentless);
    for item in items {
        writer.write_indent();
        writer.write_indicator("-", true, false, true);
        emit_node(writer, item, Context::default());
    }
    writer.restore_indent();
}

fn emit_block_mapping(writer: &mut Writer, entries: &[(String, Node)]) {
    writer.increase_indent(false, false);
    for (key, value) in entries {
        writer.write_indent();
        let key_node = Node::String(key.clone());
        if ScalarAnalysis::of(key, writer.dialect).fits_simple_key(key) {
            emit_node(
                writer,
                &key_node,
                Context {
                    mapping: true,
                    simple_key: true,
                },
            );
            writer.write_indicator(":", false, false, false);
        } else {
            writer.write_indicator("?", true, false, true);
            emit_node(
                writer,
                &key_node,
                Context {
                    mapping: true,
                    simple_key: false,
                },
            );
            writer.write_indent();
            writer.write_indicator(":", true, false, true);
        }
        emit_node(
            writer,
            value,
            Context {
                mapping: true,
                simple_key: false,
            },
        );
    }
    writer.restore_indent();
}

#[cfg(test)]
#[path = "emit_tests.rs"]
mod tests;
