//! From a YAML [`Node`] to the [`Value`] Helm ends up with after sigs.k8s.io/yaml's round trip.
//!
//! sigs.k8s.io/yaml decodes YAML with go-yaml v2 into `interface{}`, rewrites map keys as
//! strings, marshals the result to JSON and decodes that JSON again. The observable effects,
//! reproduced here in one pass over the tree (with an explicit work stack, not recursion):
//!
//! * every number becomes `float64` (integers beyond 2^53 lose precision);
//! * keys become strings: booleans `true`/`false`, integers in decimal, floats formatted like
//!   Go's `FormatFloat(key, 'g', -1, 32)` (so `123456789.5` becomes `1.2345679e+08`); a null or
//!   uint64 key is an error, and so is a sequence or mapping used as a key;
//! * when a key repeats, the last pair wins (go-yaml v2 does not reject duplicates);
//! * infinities and NaN cannot be written as JSON, so they are errors;
//! * invalid UTF-8 (from `!!binary`) becomes U+FFFD, one per bad byte, as Go's JSON encoder does.
//!
//! go-yaml's decode errors win over the JSON-stage ones, and the JSON stage reports key
//! problems before unencodable numbers, so the first error of each stage is held until the end.
//! Alias expansion is bounded with go-yaml's own rule (a ratio of aliased to total decode steps).

use std::collections::BTreeMap;

use crate::value::string::lossy_text;
use crate::value::{Map, MapEntries, Str, Value};

use super::build::MAX_DEPTH;
use super::error::YamlError;
use super::node::{Node, NodeKind, Span};
use super::resolve::{resolve_scalar, Scalar, StringData};
use super::spans::{child_path, SpanEntry, SpanIndex};

/// Which part of a subtree the caller needs as a value. Every node is still visited (so
/// every error go-yaml or the JSON stage would report is still found); the parts nobody reads
/// become `Nil` instead of allocated maps, lists and strings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The whole value.
    All,
    /// A Kubernetes document root: only `apiVersion`, `kind` and `metadata` (any ASCII case).
    HeadRoot,
    /// Under `metadata`: only `name` and `annotations` (any ASCII case).
    HeadMetadata,
    /// Checked, not kept.
    Nothing,
}

impl Keep {
    fn child(self, key: &str) -> Keep {
        match self {
            Keep::All => Keep::All,
            Keep::Nothing => Keep::Nothing,
            Keep::HeadRoot => {
                if key.eq_ignore_ascii_case("apiVersion") || key.eq_ignore_ascii_case("kind") {
                    Keep::All
                } else if key.eq_ignore_ascii_case("metadata") {
                    Keep::HeadMetadata
                } else {
                    Keep::Nothing
                }
            }
            Keep::HeadMetadata => {
                if key.eq_ignore_ascii_case("name") || key.eq_ignore_ascii_case("annotations") {
                    Keep::All
                } else {
                    Keep::Nothing
                }
            }
        }
    }

    /// Sequence items of a head level keep only their type.
    fn item(self) -> Keep {
        match self {
            Keep::All => Keep::All,
            _ => Keep::Nothing,
        }
    }
}

/// Work still to do, last pushed first.
enum Task<'node> {
    Visit {
        node: &'node Node,
        depth: usize,
        in_alias: bool,
        path: Option<String>,
        key_span: Option<Span>,
        keep: Keep,
    },
    FinishList {
        count: usize,
        keep: Keep,
    },
    FinishMap {
        keys: Vec<Str>,
        keep: Keep,
    },
}

/// Counts go-yaml's decode steps to refuse documents made mostly of alias expansion.
#[derive(Default)]
struct AliasBudget {
    decoded: u64,
    aliased: u64,
}

impl AliasBudget {
    fn step(&mut self, in_alias: bool, span: Span) -> Result<(), YamlError> {
        self.decoded += 1;
        if in_alias {
            self.aliased += 1;
        }
        if self.aliased > 100
            && self.decoded > 1000
            && (self.aliased as f64 / self.decoded as f64) > allowed_alias_ratio(self.decoded)
        {
            return Err(YamlError::Decode {
                message: "document contains excessive aliasing".into(),
                span,
            });
        }
        Ok(())
    }
}

/// go-yaml's tolerance: up to 99% aliased steps for documents below 400,000 steps, falling
/// linearly to 10% at 4,000,000 steps.
fn allowed_alias_ratio(decoded: u64) -> f64 {
    const LOW: u64 = 400_000;
    const HIGH: u64 = 4_000_000;
    if decoded <= LOW {
        0.99
    } else if decoded >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decoded - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

/// The first JSON-stage problems, reported only if go-yaml itself found nothing wrong.
#[derive(Default)]
struct Deferred {
    key_error: Option<YamlError>,
    number_error: Option<YamlError>,
}

/// Converts `root` to a value; when `spans` is given, records the span of every path in it.
pub(crate) fn node_to_value(
    root: &Node,
    spans: Option<&mut SpanIndex>,
) -> Result<Value, YamlError> {
    convert(root, spans, Keep::All)
}

/// [`node_to_value`] for a reader that looks only at a Kubernetes document's head
/// (`apiVersion`, `kind`, `metadata.name`, `metadata.annotations`, matched in any ASCII case as
/// Go's JSON decoder matches struct fields): the same errors, and the same value at those
/// paths and at the root's type, but every other map entry is `Nil` and every other list
/// holds only `Nil`s, so nothing else is allocated.
pub(crate) fn node_to_head_value(root: &Node) -> Result<Value, YamlError> {
    convert(root, None, Keep::HeadRoot)
}

fn convert(root: &Node, mut spans: Option<&mut SpanIndex>, keep: Keep) -> Result<Value, YamlError> {
    let mut tasks = vec![Task::Visit {
        node: root,
        depth: 0,
        in_alias: false,
        path: spans.is_some().then(String::new),
        key_span: None,
        keep,
    }];
    let mut values: Vec<Value> = Vec::new();
    let mut budget = AliasBudget::default();
    let mut deferred = Deferred::default();
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit {
                node,
                depth,
                in_alias,
                path,
                key_span,
                keep,
            } => {
                let in_alias = in_alias || node.is_alias;
                budget.step(in_alias, node.span)?;
                if depth > MAX_DEPTH {
                    return Err(YamlError::Decode {
                        message: format!("exceeded max depth of {MAX_DEPTH}"),
                        span: node.span,
                    });
                }
                let depth = depth + 1;
                if let (Some(index), Some(path)) = (spans.as_deref_mut(), path.as_ref()) {
                    index.insert(
                        path.clone(),
                        SpanEntry {
                            key: key_span,
                            value: node.span,
                        },
                    );
                }
                match &node.kind {
                    NodeKind::Scalar { .. } => {
                        let value = scalar_value(node, &mut deferred)?;
                        values.push(if keep == Keep::Nothing {
                            Value::Nil
                        } else {
                            value
                        });
                    }
                    NodeKind::Sequence(items) => {
                        tasks.push(Task::FinishList {
                            count: items.len(),
                            keep,
                        });
                        let item_keep = keep.item();
                        for (position, item) in items.iter().enumerate().rev() {
                            let path = path.as_ref().map(|p| child_path(p, &position.to_string()));
                            tasks.push(Task::Visit {
                                node: item,
                                depth,
                                in_alias,
                                path,
                                key_span: None,
                                keep: item_keep,
                            });
                        }
                    }
                    NodeKind::Mapping(pairs) => {
                        let mut keys = Vec::with_capacity(pairs.len());
                        for (key, value) in pairs.iter() {
                            budget.step(in_alias || key.is_alias, key.span)?;
                            keys.push(key_string(key, value, &mut deferred)?);
                        }
                        // Only the last pair of a repeated key reaches the result and the spans
                        // (the map keeps the last one by itself; spans need to know).
                        let winners: Vec<bool> = if path.is_some() {
                            let mut last_of: BTreeMap<&str, usize> = BTreeMap::new();
                            for (position, key) in keys.iter().enumerate() {
                                last_of.insert(key, position);
                            }
                            keys.iter()
                                .enumerate()
                                .map(|(position, key)| last_of.get(&**key) == Some(&position))
                                .collect()
                        } else {
                            Vec::new()
                        };
                        let mut visits = Vec::with_capacity(pairs.len());
                        for (position, (key_node, value)) in pairs.iter().enumerate() {
                            let wins = winners.get(position).copied().unwrap_or(false);
                            let path = match (&path, keys.get(position)) {
                                (Some(p), Some(key)) if wins => Some(child_path(p, key)),
                                _ => None,
                            };
                            let child_keep = match keys.get(position) {
                                Some(key) => keep.child(key),
                                None => Keep::Nothing,
                            };
                            visits.push(Task::Visit {
                                node: value,
                                depth,
                                in_alias,
                                path,
                                key_span: Some(key_node.span),
                                keep: child_keep,
                            });
                        }
                        tasks.push(Task::FinishMap { keys, keep });
                        tasks.extend(visits.into_iter().rev());
                    }
                }
            }
            Task::FinishList { count, keep } => {
                if keep == Keep::Nothing {
                    values.truncate(values.len().saturating_sub(count));
                    values.push(Value::Nil);
                    continue;
                }
                let items = values.split_off(values.len().saturating_sub(count));
                values.push(Value::list(items));
            }
            Task::FinishMap { keys, keep } => {
                if keep == Keep::Nothing {
                    values.truncate(values.len().saturating_sub(keys.len()));
                    values.push(Value::Nil);
                    continue;
                }
                let converted = values.split_off(values.len().saturating_sub(keys.len()));
                let entries: MapEntries = keys.into_iter().zip(converted).collect();
                values.push(Value::Map(Map::from_entries(entries)));
            }
        }
    }
    if let Some(error) = deferred.key_error.or(deferred.number_error) {
        return Err(error);
    }
    Ok(values.pop().unwrap_or(Value::Nil))
}

/// A resolved scalar as the JSON round trip leaves it.
fn scalar_value(node: &Node, deferred: &mut Deferred) -> Result<Value, YamlError> {
    let scalar = resolve_node(node)?;
    Ok(match scalar {
        Scalar::Null => Value::Nil,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Float(i as f64),
        Scalar::Uint(u) => Value::Float(u as f64),
        Scalar::Float(f) => {
            if !f.is_finite() && deferred.number_error.is_none() {
                let shown = if f.is_nan() {
                    "NaN"
                } else if f > 0.0 {
                    "+Inf"
                } else {
                    "-Inf"
                };
                deferred.number_error = Some(YamlError::Json {
                    message: format!("json: unsupported value: {shown}"),
                    span: node.span,
                });
            }
            Value::Float(f)
        }
        Scalar::String(data) => Value::String(string_data(data)),
    })
}

fn resolve_node(node: &Node) -> Result<Scalar, YamlError> {
    let NodeKind::Scalar { text, style } = &node.kind else {
        return Ok(Scalar::Null);
    };
    resolve_scalar(text, *style, node.tag.as_deref()).map_err(|error| YamlError::Decode {
        message: error.message,
        span: node.span,
    })
}

fn string_data(data: StringData) -> Str {
    match data {
        StringData::Text(text) => Str::from(text),
        StringData::Binary(bytes) => Str::from(lossy_text(&bytes)),
    }
}

/// The JSON key sigs.k8s.io/yaml makes of a mapping key.
fn key_string(key: &Node, value: &Node, deferred: &mut Deferred) -> Result<Str, YamlError> {
    if !matches!(key.kind, NodeKind::Scalar { .. }) {
        return Err(YamlError::Decode {
            message: format!("invalid map key: {}", go_syntax(key)),
            span: key.span,
        });
    }
    let unsupported = |type_name: &str, shown: String, deferred: &mut Deferred| {
        if deferred.key_error.is_none() {
            deferred.key_error = Some(YamlError::Json {
                message: format!(
                    "unsupported map key of type: {type_name}, key: {shown}, value: {}",
                    go_syntax(value)
                ),
                span: key.span,
            });
        }
        Str::from("")
    };
    Ok(match resolve_node(key)? {
        Scalar::String(data) => string_data(data),
        Scalar::Bool(b) => Str::from(if b { "true" } else { "false" }),
        Scalar::Int(i) => Str::from(i.to_string()),
        Scalar::Float(f) => Str::from(format_float32_key(f)),
        Scalar::Null => unsupported("%!s(<nil>)", "<nil>".into(), deferred),
        Scalar::Uint(u) => unsupported("uint64", format!("0x{u:x}"), deferred),
    })
}

/// `strconv.FormatFloat(f, 'g', -1, 32)` with go-yaml's spellings of infinities and NaN.
fn format_float32_key(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    let single = f as f32;
    if single.is_infinite() {
        return if single > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    if single == 0.0 {
        return if single.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let scientific = format!("{:e}", single.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if single < 0.0 { "-" } else { "" };
    format!("{sign}{}", layout_g(&digits, exponent))
}

/// Go's `%g` layout of shortest digits with decimal exponent `exponent` (of the first digit).
fn layout_g(digits: &str, exponent: i32) -> String {
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{first}{fraction}e{sign}{:02}", exponent.abs());
    }
    if exponent < 0 {
        return format!("0.{}{digits}", "0".repeat((-exponent - 1) as usize));
    }
    let integer_length = (exponent + 1) as usize;
    if digits.len() <= integer_length {
        format!("{digits}{}", "0".repeat(integer_length - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..integer_length],
            &digits[integer_length..]
        )
    }
}

/// Go's `%#v` of what go-yaml v2 decodes from `node` (used in its error messages). Nesting
/// beyond a few levels is elided, so the printer's own recursion stays shallow.
fn go_syntax(node: &Node) -> String {
    let mut out = String::new();
    write_go_syntax(node, 0, &mut out);
    out
}

fn write_go_syntax(node: &Node, depth: usize, out: &mut String) {
    if depth > 16 {
        out.push_str("...");
        return;
    }
    match &node.kind {
        NodeKind::Scalar { .. } => match resolve_node(node) {
            Ok(Scalar::Null) => out.push_str("<nil>"),
            Ok(Scalar::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
            Ok(Scalar::Int(i)) => out.push_str(&i.to_string()),
            Ok(Scalar::Uint(u)) => out.push_str(&format!("0x{u:x}")),
            Ok(Scalar::Float(f)) => out.push_str(&crate::value::fmt::format_float_g(f)),
            Ok(Scalar::String(data)) => out.push_str(&format!("{:?}", &*string_data(data))),
            Err(_) => out.push_str(&format!("{:?}", node.scalar_text().unwrap_or_default())),
        },
        NodeKind::Sequence(items) => {
            out.push_str("[]interface {}{");
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push_str(", ");
                }
                write_go_syntax(item, depth + 1, out);
            }
            out.push('}');
        }
        NodeKind::Mapping(pairs) => {
            let mut rendered: Vec<(String, String)> = pairs
                .iter()
                .map(|(key, value)| {
                    let mut key_text = String::new();
                    write_go_syntax(key, depth + 1, &mut key_text);
                    let mut value_text = String::new();
                    write_go_syntax(value, depth + 1, &mut value_text);
                    (key_text, value_text)
                })
                .collect();
            rendered.sort();
            rendered.dedup_by(|later, earlier| later.0 == earlier.0);
            out.push_str("map[interface {}]interface {}{");
            for (position, (key, value)) in rendered.iter().enumerate() {
                if position > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push(':');
                out.push_str(value);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::build::{build_documents, Documents};

    fn convert(text: &str) -> Result<Value, YamlError> {
        let documents = build_documents(text, Documents::First)?;
        documents
            .first()
            .map(|node| node_to_value(node, None))
            .unwrap_or(Ok(Value::Nil))
    }

    fn json_like(value: &Value) -> String {
        format!("{value:?}")
    }

    #[test]
    fn numbers_become_float64() {
        let value = convert("a: 1\nb: 0x10\nc: 1.5\nd: 9223372036854775807\n").unwrap();
        let map = value.as_map().unwrap();
        assert_eq!(map.get("a"), Some(Value::Float(1.0)));
        assert_eq!(map.get("b"), Some(Value::Float(16.0)));
        assert_eq!(map.get("c"), Some(Value::Float(1.5)));
        assert_eq!(map.get("d"), Some(Value::Float(9223372036854775807.0)));
    }

    #[test]
    fn keys_are_stringified_like_sigs_yaml() {
        let value =
            convert("1: a\n2.5: b\ntrue: c\nyes: d\n123456789.5: e\n0.1: f\n.inf: g\n1e20: h\n")
                .unwrap();
        let keys: Vec<String> = value
            .as_map()
            .unwrap()
            .keys()
            .iter()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(
            keys,
            [".inf", "0.1", "1", "1.2345679e+08", "1e+20", "2.5", "true"]
        );
        assert_eq!(
            value.as_map().unwrap().get("true"),
            Some(Value::string("d"))
        );
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let value = convert("a: 1\nb: 2\na: 3\nm:\n  p: 1\nm:\n  q: 2\n").unwrap();
        assert_eq!(
            json_like(&value),
            r#"{"a": float64(3), "b": float64(2), "m": {"q": float64(2)}}"#
        );
    }

    #[test]
    fn null_key_and_collection_key_errors() {
        let error = convert("~: v\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: "v""#
        );
        let error = convert("? [a, b]\n: v\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"error converting YAML to JSON: yaml: invalid map key: []interface {}{"a", "b"}"#
        );
        let error = convert("null: 1\n").unwrap_err();
        assert!(
            error.to_string().ends_with("key: <nil>, value: 1"),
            "{error}"
        );
    }

    #[test]
    fn infinity_cannot_become_json() {
        let error = convert("inf: .inf\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "error converting YAML to JSON: json: unsupported value: +Inf"
        );
        // go-yaml's decode errors are reported before the JSON stage's.
        let error = convert("a: .nan\nb: !!int x\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("cannot decode !!str `x` as a !!int"),
            "{error}"
        );
    }

    #[test]
    fn binary_decodes_with_go_replacement() {
        let value = convert("a: !!binary aGVsbG8=\nb: !!binary \"////\"\n").unwrap();
        let map = value.as_map().unwrap();
        assert_eq!(map.get("a"), Some(Value::string("hello")));
        assert_eq!(
            map.get("b"),
            Some(Value::string("\u{FFFD}\u{FFFD}\u{FFFD}"))
        );
        assert_eq!(lossy_text(&[0xE2, 0x82, b'A']), "\u{FFFD}\u{FFFD}A");
    }

    #[test]
    fn alias_bombs_fail_cleanly() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let previous = level - 1;
            let refs = vec![format!("*a{previous}"); 9].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let error = convert(&text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "error converting YAML to JSON: yaml: document contains excessive aliasing"
        );
        assert!(convert("a: &a {x: 1}\nb: *a\nc: *a\n").is_ok());
    }

    #[test]
    fn deep_documents_convert_without_recursion() {
        let depth = crate::yaml::build::MAX_DEPTH;
        let flow = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert!(convert(&flow).is_ok());
        let block = format!("{}x", "- ".repeat(depth));
        let mut value = convert(&block).unwrap();
        let mut levels = 0;
        while let Value::List(items) = value {
            value = items[0].clone();
            levels += 1;
        }
        assert_eq!(levels, depth);
    }

    #[test]
    fn alias_chains_cannot_nest_past_the_limit() {
        let nest = |inner: &str| format!("{}{inner}{}", "[".repeat(150), "]".repeat(150));
        let mut text = format!("a0: &a0 {}\n", nest("1"));
        for level in 1..10 {
            text.push_str(&format!(
                "a{level}: &a{level} {}\n",
                nest(&format!("*a{}", level - 1))
            ));
        }
        let error = convert(&text).unwrap_err();
        assert!(
            error.to_string().ends_with("exceeded max depth of 1000"),
            "{error}"
        );
        // Dropping the deep shared tree must not overflow either.
        let documents = build_documents(&text, Documents::First).unwrap();
        drop(documents);
    }

    #[test]
    fn float_keys_use_single_precision() {
        assert_eq!(format_float32_key(1.1), "1.1");
        assert_eq!(format_float32_key(0.00001), "1e-05");
        assert_eq!(format_float32_key(-2.5), "-2.5");
        assert_eq!(format_float32_key(1e39), ".inf");
    }
}
