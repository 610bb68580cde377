//! Go's `json.Marshal` / `json.MarshalIndent` over [`Value`].
//!
//! Output rules charts see through `toJson`, `toPrettyJson`, `toRawJson` and (via
//! sigs.k8s.io/yaml) `toYaml`: map keys in byte order; `<`, `>`, `&` written as `\u003c`,
//! `\u003e`, `\u0026` unless HTML escaping is off; U+2028 and U+2029 always escaped; control
//! characters as `\b \f \n \r \t` or `\u00XX`; floats in plain decimal between 1e-6 and 1e21
//! and in exponent form (`1e+21`, `1e-7`) outside; integral floats without a fraction; byte
//! slices as base64 strings; NaN and infinities refused.

use super::{base64_standard, JsonError};
use crate::value::fmt::format_float;
use crate::value::{Map, Value};

/// Nesting deeper than this is refused rather than risking the stack (Go has no limit for
/// acyclic values, but template data never comes close).
const MAX_DEPTH: usize = 1_000;

/// Layout of the encoded text.
#[derive(Debug, Clone, Copy)]
pub struct EncodeOptions<'a> {
    /// Escape `<`, `>`, `&` (Go's default; `toRawJson` turns it off).
    pub escape_html: bool,
    /// `Some((prefix, indent))` for `MarshalIndent`'s multi-line layout.
    pub indent: Option<(&'a str, &'a str)>,
}

/// Encodes `value` as Go's encoding/json would.
pub fn encode(value: &Value, options: EncodeOptions<'_>) -> Result<String, JsonError> {
    let mut encoder = Encoder {
        out: String::new(),
        options,
        open_maps: Vec::new(),
    };
    encoder.value(value, 0)?;
    Ok(encoder.out)
}

struct Encoder<'a> {
    out: String,
    options: EncodeOptions<'a>,
    /// Maps being encoded, outermost first: meeting one again is a cycle.
    open_maps: Vec<Map>,
}

impl Encoder<'_> {
    fn value(&mut self, value: &Value, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::UnsupportedValue(format!(
                "nesting deeper than {MAX_DEPTH} levels"
            )));
        }
        match value {
            Value::Nil => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i) => self.out.push_str(&i.to_string()),
            Value::Float(f) => self.out.push_str(&format_json_float(*f)?),
            Value::String(s) if s.is_valid_utf8() => self.string(s),
            Value::String(s) => self
                .out
                .push_str(&quote_json_bytes(s.as_bytes(), self.options.escape_html)),
            Value::Bytes(bytes) => {
                self.out.push('"');
                self.out.push_str(&base64_standard(bytes));
                self.out.push('"');
            }
            Value::List(items) if items.is_nil() => self.out.push_str("null"),
            Value::List(items) => {
                self.out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.value(item, depth + 1)?;
                }
                if !items.is_empty() {
                    self.newline(depth);
                }
                self.out.push(']');
            }
            Value::Map(map) => self.map(map, depth)?,
            Value::Object(object) => match object.json_struct_fields() {
                Some(fields) => self.fields(fields.iter().map(|(k, v)| (k.as_str(), v)), depth)?,
                None => self.value(&object.to_json_value(), depth)?,
            },
        }
        Ok(())
    }

    /// An object's members in the given order.
    fn fields<'v>(
        &mut self,
        entries: impl ExactSizeIterator<Item = (&'v str, &'v Value)>,
        depth: usize,
    ) -> Result<(), JsonError> {
        let empty = entries.len() == 0;
        self.out.push('{');
        for (index, (key, item)) in entries.enumerate() {
            if index > 0 {
                self.out.push(',');
            }
            self.newline(depth + 1);
            self.string(key);
            self.out.push(':');
            if self.options.indent.is_some() {
                self.out.push(' ');
            }
            self.value(item, depth + 1)?;
        }
        if !empty {
            self.newline(depth);
        }
        self.out.push('}');
        Ok(())
    }

    fn map(&mut self, map: &Map, depth: usize) -> Result<(), JsonError> {
        if self.open_maps.iter().any(|open| open.same_map(map)) {
            return Err(JsonError::UnsupportedValue(
                "encountered a cycle via map[string]interface {}".into(),
            ));
        }
        self.open_maps.push(map.clone());
        let entries = map.entries();
        self.fields(entries.iter().map(|(k, v)| (&**k, v)), depth)?;
        self.open_maps.pop();
        Ok(())
    }

    /// In indented mode: a newline, the prefix, and `depth` indents.
    fn newline(&mut self, depth: usize) {
        if let Some((prefix, indent)) = self.options.indent {
            self.out.push('\n');
            self.out.push_str(prefix);
            for _ in 0..depth {
                self.out.push_str(indent);
            }
        }
    }

    fn string(&mut self, text: &str) {
        self.out
            .push_str(&quote_json_string(text, self.options.escape_html));
    }
}

/// A JSON string literal with Go's escapes.
pub fn quote_json_string(text: &str, escape_html: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON string literal for a Go string holding arbitrary bytes: each byte that is not part of
/// valid UTF-8 is written as the escape `\ufffd`, the rest as [`quote_json_string`] does.
pub fn quote_json_bytes(bytes: &[u8], escape_html: bool) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for chunk in crate::value::string::utf8_chunks(bytes) {
        match chunk {
            crate::value::string::Utf8Chunk::Text(text) => {
                let quoted = quote_json_string(text, escape_html);
                out.push_str(quoted.get(1..quoted.len() - 1).unwrap_or_default());
            }
            crate::value::string::Utf8Chunk::InvalidByte(_) => out.push_str("\\ufffd"),
        }
    }
    out.push('"');
    out
}

/// A float64 as encoding/json writes it: shortest digits, plain between 1e-6 and 1e21,
/// otherwise exponent form with the exponent's leading zero removed (`1e-7`, not `1e-07`).
pub fn format_json_float(f: f64) -> Result<String, JsonError> {
    if f.is_nan() || f.is_infinite() {
        return Err(JsonError::UnsupportedValue(format_float(f, 'g', -1)));
    }
    let magnitude = f.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let text = format_float(f, 'e', -1);
        // Go writes e-07 / e+21; JSON output drops a single leading zero of the exponent.
        let bytes = text.as_bytes();
        let n = bytes.len();
        if n >= 4 && bytes[n - 4] == b'e' && bytes[n - 3] == b'-' && bytes[n - 2] == b'0' {
            return Ok(format!("{}{}", &text[..n - 2], &text[n - 1..]));
        }
        return Ok(text);
    }
    Ok(format_float(f, 'f', -1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_follow_go_thresholds() {
        let cases = [
            (1.0, "1"),
            (1.5, "1.5"),
            (1e6, "1000000"),
            (1e21, "1e+21"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1e15, "1000000000000000"),
            (1.2345678901234569e23, "1.2345678901234569e+23"),
            (-0.0, "-0"),
            (1e-300, "1e-300"),
            (12345678901234567890.0, "12345678901234567000"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_json_float(value).unwrap(), expected, "{value}");
        }
    }

    #[test]
    fn unsupported_floats_name_the_value() {
        assert_eq!(
            format_json_float(f64::NAN).unwrap_err().to_string(),
            "json: unsupported value: NaN"
        );
        assert_eq!(
            format_json_float(f64::NEG_INFINITY)
                .unwrap_err()
                .to_string(),
            "json: unsupported value: -Inf"
        );
    }

    #[test]
    fn invalid_bytes_become_replacement_escapes() {
        assert_eq!(
            quote_json_bytes(&[b'h', 0xc3, b'<'], true),
            r#""h\ufffd\u003c""#
        );
        assert_eq!(
            quote_json_bytes("\u{FFFD}".as_bytes(), true),
            "\"\u{FFFD}\""
        );
    }

    #[test]
    fn strings_escape_like_go() {
        assert_eq!(
            quote_json_string("<a href='x'>&</a>", true),
            r#""\u003ca href='x'\u003e\u0026\u003c/a\u003e""#
        );
        assert_eq!(quote_json_string("<&>", false), r#""<&>""#);
        assert_eq!(
            quote_json_string("é\u{2028}\u{1}\t", true),
            r#""é\u2028\u0001\t""#
        );
        assert_eq!(
            quote_json_string("\u{8}\u{c}\u{7f}\u{0}\u{1f}\"\\", true),
            "\"\\b\\f\u{7f}\\u0000\\u001f\\\"\\\\\""
        );
    }
}
