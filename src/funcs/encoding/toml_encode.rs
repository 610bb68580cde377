//! Helm's `toToml`: BurntSushi/toml's encoder output for template values.
//!
//! In each table the plain keys come first, then sub-tables and arrays of tables, each group
//! in byte order of the keys; nested tables are indented two spaces per level and top-level
//! tables are preceded by a blank line; floats always show a decimal point (`8080.0`); nil
//! values are skipped. A value that cannot be TOML becomes the encoder's error text, which
//! `toToml` returns as its result.

use crate::funcs::time::gotime::as_time;
use crate::funcs::time::layout::RFC3339_NANO;
use crate::value::fmt::format_float_g;
use crate::value::{FuncError, Function, GoType, Signature, Value};

pub const FUNCTIONS: &[Function] = &[Function {
    name: "toToml",
    signature: Signature {
        params: &[GoType::Any],
        variadic: None,
    },
    call: to_toml,
}];

fn to_toml(args: &[Value]) -> Result<Value, FuncError> {
    let value = args.first().cloned().unwrap_or(Value::Nil);
    Ok(Value::from(encode(&value).unwrap_or_else(|error| error)))
}

const NO_KEY: &str = "toml: top-level values must be Go maps or structs";
const NIL_ELEMENT: &str = "toml: cannot encode array with nil element";
/// Nesting beyond this is refused rather than risking the stack on cyclic or hostile data.
const MAX_DEPTH: usize = 200;

/// The TOML document for `value`, or the encoder's error text.
pub fn encode(value: &Value) -> Result<String, String> {
    let mut encoder = Encoder {
        out: String::new(),
        written: false,
    };
    encoder.encode(&[], value, 0)?;
    Ok(encoder.out)
}

/// Objects other than times are encoded through their JSON view (Helm's structs have json
/// tags; semver versions marshal to text).
fn resolved(value: &Value) -> Value {
    match value {
        Value::Object(object) if as_time(value).is_none() => object.to_json_value(),
        other => other.clone(),
    }
}

/// Go's nil for BurntSushi's `isNil`: untyped nil or a nil slice (skipped as a map entry,
/// refused as an array element).
fn is_go_nil(value: &Value) -> bool {
    match value {
        Value::Nil => true,
        Value::List(items) => items.is_nil(),
        _ => false,
    }
}

fn is_table(value: &Value) -> bool {
    matches!(resolved(value), Value::Map(_))
}

/// Go's `isTableArray`: a non-empty array whose elements are all tables; a nil element is an
/// error wherever the array is.
fn is_table_array(items: &[Value]) -> Result<bool, String> {
    if items.iter().any(is_go_nil) {
        return Err(NIL_ELEMENT.into());
    }
    Ok(!items.is_empty() && items.iter().all(is_table))
}

fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A string in TOML basic quotes, with BurntSushi's escapes.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key_piece(piece: &str) -> String {
    if piece.is_empty() {
        "\"\"".into()
    } else if is_bare_key(piece) {
        piece.to_string()
    } else {
        quoted(piece)
    }
}

fn key_path(key: &[String]) -> String {
    key.iter()
        .map(|piece| key_piece(piece))
        .collect::<Vec<_>>()
        .join(".")
}

fn float_text(number: f64) -> String {
    if number.is_nan() {
        return if number.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if number.is_infinite() {
        return if number < 0.0 {
            "-inf".into()
        } else {
            "inf".into()
        };
    }
    let text = format_float_g(number);
    if text.contains('.') || text.contains('e') {
        text
    } else {
        format!("{text}.0")
    }
}

struct Encoder {
    out: String,
    written: bool,
}

impl Encoder {
    fn write(&mut self, text: &str) {
        self.out.push_str(text);
        self.written = true;
    }

    fn newline(&mut self) {
        if self.written {
            self.write("\n");
        }
    }

    fn indent(key: &[String]) -> String {
        "  ".repeat(key.len().saturating_sub(1))
    }

    fn encode(&mut self, key: &[String], value: &Value, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("toml: value nested too deeply".into());
        }
        match resolved(value) {
            Value::Nil => Ok(()),
            Value::Map(_) => self.table(key, &resolved(value), depth),
            Value::List(items) if is_table_array(&items)? => {
                if key.is_empty() {
                    return Err(NO_KEY.into());
                }
                for item in items.iter() {
                    self.newline();
                    self.write(&format!("{}[[{}]]", Self::indent(key), key_path(key)));
                    self.newline();
                    self.map_entries(key, &resolved(item), false, depth + 1)?;
                }
                Ok(())
            }
            _ => self.key_value(key, value, false, depth),
        }
    }

    fn key_value(
        &mut self,
        key: &[String],
        value: &Value,
        inline: bool,
        depth: usize,
    ) -> Result<(), String> {
        let Some(last) = key.last() else {
            return self.element(value, depth);
        };
        self.write(&format!("{}{} = ", Self::indent(key), key_piece(last)));
        self.element(value, depth)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn table(&mut self, key: &[String], value: &Value, depth: usize) -> Result<(), String> {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            self.write(&format!("{}[{}]", Self::indent(key), key_path(key)));
            self.newline();
        }
        self.map_entries(key, value, false, depth + 1)
    }

    /// BurntSushi's `eMap`: plain keys, then tables; inline tables separate with `, `.
    fn map_entries(
        &mut self,
        key: &[String],
        value: &Value,
        inline: bool,
        depth: usize,
    ) -> Result<(), String> {
        let Value::Map(map) = value else {
            return Ok(());
        };
        let entries = map.entries();
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for (name, item) in &entries {
            let table_like = match resolved(item) {
                Value::Map(_) => true,
                Value::List(items) => is_table_array(&items)?,
                _ => false,
            };
            if table_like {
                sub.push((name, item));
            } else {
                direct.push((name, item));
            }
        }
        if inline {
            self.write("{");
        }
        let trailing_comma = !sub.is_empty();
        for (group, trail) in [(direct, trailing_comma), (sub, false)] {
            let count = group.len();
            for (index, (name, item)) in group.into_iter().enumerate() {
                if is_go_nil(item) {
                    continue;
                }
                if inline {
                    self.key_value(&[name.to_string()], item, true, depth)?;
                    if trail || index + 1 != count {
                        self.write(", ");
                    }
                } else {
                    let mut child = key.to_vec();
                    child.push(name.to_string());
                    self.encode(&child, item, depth)?;
                }
            }
        }
        if inline {
            self.write("}");
        }
        Ok(())
    }

    fn element(&mut self, value: &Value, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("toml: value nested too deeply".into());
        }
        if let Some(time) = as_time(value) {
            let text = time.format(RFC3339_NANO);
            self.write(&text);
            return Ok(());
        }
        match resolved(value) {
            Value::Nil => Err(NIL_ELEMENT.into()),
            Value::Bool(b) => {
                self.write(if b { "true" } else { "false" });
                Ok(())
            }
            Value::Int(n) | Value::Int64(n) => {
                self.write(&n.to_string());
                Ok(())
            }
            Value::Float(f) => {
                self.write(&float_text(f));
                Ok(())
            }
            Value::String(text) => {
                self.write(&quoted(&text));
                Ok(())
            }
            Value::Bytes(bytes) => {
                let numbers: Vec<String> = bytes.iter().map(u8::to_string).collect();
                self.write(&format!("[{}]", numbers.join(", ")));
                Ok(())
            }
            Value::List(items) => {
                self.write("[");
                for (index, item) in items.iter().enumerate() {
                    if is_go_nil(item) {
                        return Err(NIL_ELEMENT.into());
                    }
                    self.element(item, depth + 1)?;
                    if index + 1 != items.len() {
                        self.write(", ");
                    }
                }
                self.write("]");
                Ok(())
            }
            map @ Value::Map(_) => self.map_entries(&[], &map, true, depth + 1),
            Value::Object(object) => {
                self.write(&quoted(&object.format_value()));
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Map;

    fn map(entries: Vec<(&str, Value)>) -> Value {
        let map = Map::new();
        for (key, value) in entries {
            map.insert(key, value);
        }
        Value::Map(map)
    }

    #[test]
    fn values_document_matches_burntsushi() {
        let servers = Value::list(vec![
            map(vec![
                ("host", Value::from("a")),
                ("port", Value::Float(1.0)),
            ]),
            map(vec![
                ("host", Value::from("b")),
                ("port", Value::Float(2.0)),
            ]),
        ]);
        let document = map(vec![
            ("enabled", Value::Bool(true)),
            ("key with space", Value::Float(1.0)),
            ("name", Value::from("app")),
            ("port", Value::Float(8080.0)),
            ("ratio", Value::Float(0.5)),
            (
                "tags",
                Value::list(vec![Value::from("a"), Value::from("b")]),
            ),
            (
                "nested",
                map(vec![("deep", map(vec![("k", Value::from("v"))]))]),
            ),
            ("servers", servers),
            ("gone", Value::Nil),
        ]);
        let expected = "enabled = true\n\"key with space\" = 1.0\nname = \"app\"\nport = 8080.0\nratio = 0.5\ntags = [\"a\", \"b\"]\n\n[nested]\n  [nested.deep]\n    k = \"v\"\n\n[[servers]]\n  host = \"a\"\n  port = 1.0\n\n[[servers]]\n  host = \"b\"\n  port = 2.0\n";
        assert_eq!(encode(&document).unwrap(), expected);
    }

    #[test]
    fn scalars_lists_and_inline_tables() {
        assert_eq!(encode(&Value::from("str")).unwrap(), "\"str\"");
        assert_eq!(
            encode(&Value::list(vec![Value::Int(1), Value::Int(2)])).unwrap(),
            "[1, 2]"
        );
        assert_eq!(encode(&map(vec![])).unwrap(), "");
        assert_eq!(encode(&Value::Nil).unwrap(), "");
        let mixed = map(vec![(
            "l",
            Value::list(vec![
                map(vec![
                    ("a", Value::Int(1)),
                    ("t", map(vec![("x", Value::Bool(false))])),
                ]),
                Value::Int(2),
            ]),
        )]);
        assert_eq!(
            encode(&mixed).unwrap(),
            "l = [{a = 1, t = {x = false}}, 2]\n"
        );
        let nested_tables = map(vec![(
            "x",
            map(vec![(
                "y",
                Value::list(vec![
                    map(vec![("z", Value::Int(1))]),
                    map(vec![("z", Value::Int(2))]),
                ]),
            )]),
        )]);
        assert_eq!(
            encode(&nested_tables).unwrap(),
            "[x]\n\n  [[x.y]]\n    z = 1\n\n  [[x.y]]\n    z = 2\n"
        );
        assert_eq!(
            encode(&map(vec![
                ("f", Value::Float(1e21)),
                ("q", Value::from("a\"b\n"))
            ]))
            .unwrap(),
            "f = 1e+21\nq = \"a\\\"b\\n\"\n"
        );
    }

    #[test]
    fn unencodable_values_give_error_text() {
        let tables = Value::list(vec![map(vec![("a", Value::Int(1))])]);
        assert_eq!(encode(&tables).unwrap_err(), NO_KEY);
        let with_nil = map(vec![("l", Value::list(vec![Value::Int(1), Value::Nil]))]);
        assert_eq!(encode(&with_nil).unwrap_err(), NIL_ELEMENT);
        assert_eq!(to_toml(&[tables]).unwrap(), Value::from(NO_KEY));
        let nil_list = Value::List(crate::value::List::nil(crate::value::ElementType::Any));
        let with_nil_list = map(vec![("l", Value::list(vec![Value::Int(1), nil_list]))]);
        assert_eq!(encode(&with_nil_list).unwrap_err(), NIL_ELEMENT);
    }

    #[test]
    fn nil_slices_are_skipped_in_tables() {
        let nil_list = Value::List(crate::value::List::nil(crate::value::ElementType::Any));
        let table = map(vec![("k", nil_list.clone()), ("v", Value::Int(1))]);
        assert_eq!(encode(&table).unwrap(), "v = 1\n");
        assert_eq!(encode(&nil_list).unwrap(), "[]");
    }
}
