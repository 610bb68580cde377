//! Expectations from the helm-vectors cases (sprig_encoding/*) and Helm 4.1.4 probes.

use super::*;
use crate::value::string::lossy_text;
use crate::value::{Map, Value};
use std::sync::Arc;

fn map(entries: &[(&str, Value)]) -> Value {
    let m = Map::new();
    for (key, value) in entries {
        m.insert(*key, value.clone());
    }
    Value::Map(m)
}

fn err(text: &str) -> String {
    from_json(text).unwrap_err().to_string()
}

#[test]
fn marshal_shapes() {
    let value = map(&[
        ("b", Value::Int(1)),
        (
            "a",
            Value::list(vec![
                Value::Int(1),
                Value::string("x"),
                Value::Nil,
                Value::Bool(true),
            ]),
        ),
        ("c", map(&[])),
    ]);
    assert_eq!(
        to_json(&value, true).unwrap(),
        r#"{"a":[1,"x",null,true],"b":1,"c":{}}"#
    );
    let numbers = [1.0, 1.5, 1e6, 1e21, 0.000001, 1e-7, 2.5].map(Value::Float);
    assert_eq!(
        to_json(&Value::list(numbers.to_vec()), true).unwrap(),
        "[1,1.5,1000000,1e+21,0.000001,1e-7,2.5]"
    );
    assert_eq!(to_json(&Value::Nil, true).unwrap(), "null");
    assert_eq!(to_json(&Value::list(vec![]), true).unwrap(), "[]");
    assert_eq!(
        to_json(&Value::Bytes(Arc::from(&b"hello"[..])), true).unwrap(),
        r#""aGVsbG8=""#
    );
    let raw = map(&[("h", Value::string("<a&b>")), ("u", Value::string("é"))]);
    assert_eq!(to_json(&raw, false).unwrap(), r#"{"h":"<a&b>","u":"é"}"#);
}

#[test]
fn marshal_refuses_nan_and_cycles() {
    assert_eq!(
        to_json(&Value::Float(f64::NAN), true)
            .unwrap_err()
            .to_string(),
        "json: unsupported value: NaN"
    );
    assert_eq!(
        to_json(&Value::Float(f64::INFINITY), true)
            .unwrap_err()
            .to_string(),
        "json: unsupported value: +Inf"
    );
    let m = Map::new();
    m.insert("self", Value::Map(m.clone()));
    assert_eq!(
        to_json(&Value::Map(m.clone()), true)
            .unwrap_err()
            .to_string(),
        "json: unsupported value: encountered a cycle via map[string]interface {}"
    );
    m.remove("self");
    // The same map twice side by side is not a cycle.
    let inner = map(&[("k", Value::Int(1))]);
    let twice = Value::list(vec![inner.clone(), inner]);
    assert_eq!(to_json(&twice, true).unwrap(), r#"[{"k":1},{"k":1}]"#);
}

#[test]
fn marshal_indent_layout() {
    let value = map(&[
        ("b", Value::Int(1)),
        (
            "a",
            Value::list(vec![Value::Int(1), map(&[("x", Value::string("<y>"))])]),
        ),
        ("e", map(&[])),
        ("el", Value::list(vec![])),
    ]);
    let expected = "{\n  \"a\": [\n    1,\n    {\n      \"x\": \"\\u003cy\\u003e\"\n    }\n  ],\n  \"b\": 1,\n  \"e\": {},\n  \"el\": []\n}";
    assert_eq!(to_json_indent(&value, "", "  ").unwrap(), expected);
    assert_eq!(
        to_json_indent(&Value::string("s"), "", "  ").unwrap(),
        "\"s\""
    );
    let prefixed = to_json_indent(&Value::list(vec![Value::Int(1)]), ">", "\t").unwrap();
    assert_eq!(prefixed, "[\n>\t1\n>]");
}

#[test]
fn unmarshal_values() {
    let value =
        from_json(r#"{"b": 1, "a": [1, 2.5, "x", null, true], "big": 12345678901234567890}"#)
            .unwrap();
    assert_eq!(
        to_json(&value, true).unwrap(),
        r#"{"a":[1,2.5,"x",null,true],"b":1,"big":12345678901234567000}"#
    );
    assert_eq!(
        from_json(r#"{"n": 1}"#).unwrap().as_map().unwrap().get("n"),
        Some(Value::Float(1.0))
    );
    assert_eq!(
        from_json(r#"{"k": 1, "k": 2}"#).unwrap(),
        map(&[("k", Value::Float(2.0))])
    );
    assert_eq!(from_json(" \"s\" ").unwrap(), Value::string("s"));
    assert_eq!(from_json("null").unwrap(), Value::Nil);
    let escaped = from_json(r#""\ud83d\ude00 \ud83d x \u00e9\n\/""#).unwrap();
    assert_eq!(escaped, Value::string("😀 \u{fffd} x é\n/"));
}

#[test]
fn unmarshal_syntax_errors_match_go() {
    let cases = [
        (
            "{bad json",
            "invalid character 'b' looking for beginning of object key string",
        ),
        ("", "unexpected end of JSON input"),
        (
            "{\"a\":1,}",
            "invalid character '}' looking for beginning of object key string",
        ),
        (
            "[1,]",
            "invalid character ']' looking for beginning of value",
        ),
        ("[1 2]", "invalid character '2' after array element"),
        ("{\"a\" 1}", "invalid character '1' after object key"),
        (
            "{\"a\":1 \"b\"}",
            "invalid character '\"' after object key:value pair",
        ),
        ("{} x", "invalid character 'x' after top-level value"),
        (
            "tru",
            "invalid character ' ' in literal true (expecting 'e')",
        ),
        (
            "{\"a\":trux}",
            "invalid character 'x' in literal true (expecting 'e')",
        ),
        (
            "nul",
            "invalid character ' ' in literal null (expecting 'l')",
        ),
        (
            "{\"a\":\"\\x\"}",
            "invalid character 'x' in string escape code",
        ),
        (
            "{\"a\":\"\\u12g4\"}",
            "invalid character 'g' in \\u hexadecimal character escape",
        ),
        ("{\"a\":-x}", "invalid character 'x' in numeric literal"),
        (
            "{\"a\":1.x}",
            "invalid character 'x' after decimal point in numeric literal",
        ),
        (
            "{\"a\":1ex}",
            "invalid character 'x' in exponent of numeric literal",
        ),
        (
            "{\"a\":01}",
            "invalid character '1' after object key:value pair",
        ),
        ("é", "invalid character 'Ã' looking for beginning of value"),
        (
            "{'a':1}",
            "invalid character '\\'' looking for beginning of object key string",
        ),
        ("\"\t\"", "invalid character '\\t' in string literal"),
        (
            "{\"a\":1e400, \"b\": x}",
            "invalid character 'x' looking for beginning of value",
        ),
        ("[1, 2", "unexpected end of JSON input"),
        ("\"abc", "unexpected end of JSON input"),
        ("-", "invalid character ' ' in numeric literal"),
    ];
    for (text, expected) in cases {
        assert_eq!(err(text), expected, "input {text:?}");
    }
}

#[test]
fn unmarshal_number_out_of_range() {
    assert_eq!(
        err("{\"a\":1e400}"),
        "json: cannot unmarshal number 1e400 into Go value of type float64"
    );
}

#[test]
fn nesting_limit() {
    let deep = "[".repeat(1_001);
    assert_eq!(err(&deep), "invalid character '[' exceeded max depth");
    let ok = format!("{}{}", "[".repeat(1_000), "]".repeat(1_000));
    assert!(from_json(&ok).is_ok());
}

#[test]
fn typed_destinations() {
    let array = from_json_map("[1, 2]").unwrap_err().to_string();
    assert_eq!(
        array,
        "json: cannot unmarshal array into Go value of type map[string]interface {}"
    );
    let number = from_json_map("5").unwrap_err().to_string();
    assert_eq!(
        number,
        "json: cannot unmarshal number into Go value of type map[string]interface {}"
    );
    let object = from_json_list("{\"k\": 1}").unwrap_err().to_string();
    assert_eq!(
        object,
        "json: cannot unmarshal object into Go value of type []interface {}"
    );
    assert_eq!(from_json_map("null").unwrap(), Value::Nil);
    assert_eq!(from_json_list("[]").unwrap(), Value::list(vec![]));
}

#[test]
fn serde_round_trip() {
    let value = map(&[
        ("f", Value::Float(2.0)),
        ("g", Value::Float(2.5)),
        ("i", Value::Int64(3)),
        ("l", Value::list(vec![Value::Nil, Value::Bool(false)])),
    ]);
    let json = to_serde_json(&value);
    assert_eq!(
        json.to_string(),
        r#"{"f":2,"g":2.5,"i":3,"l":[null,false]}"#
    );
    assert!(json["f"].is_i64());
    let back = from_serde_json(&json);
    assert_eq!(back.as_map().unwrap().get("i"), Some(Value::Float(3.0)));
    assert_eq!(back.as_map().unwrap().get("g"), Some(Value::Float(2.5)));
}

#[test]
fn invalid_utf8_bytes_become_one_replacement_each() {
    assert_eq!(lossy_text(b"ok"), "ok");
    assert_eq!(lossy_text(&[0xE2, 0x82, b'A']), "\u{FFFD}\u{FFFD}A");
    assert_eq!(
        lossy_text(&[b'a', 0xFF, 0xC3, 0xA9, 0xF0, 0x9F]),
        "a\u{FFFD}\u{e9}\u{FFFD}\u{FFFD}"
    );
}

#[test]
fn base64_padding() {
    assert_eq!(base64_standard(b""), "");
    assert_eq!(base64_standard(b"a"), "YQ==");
    assert_eq!(base64_standard(b"ab"), "YWI=");
    assert_eq!(base64_standard(b"abc"), "YWJj");
}

#[test]
fn nil_slices_are_null_and_empty_ones_are_not() {
    use crate::value::{ElementType, List};
    let nil = Value::List(List::nil(ElementType::String));
    let value = map(&[
        ("a", nil.clone()),
        ("b", Value::string_list(Vec::<&str>::new())),
    ]);
    assert_eq!(to_json(&value, true).unwrap(), r#"{"a":null,"b":[]}"#);
    assert_eq!(to_json_indent(&nil, "", "  ").unwrap(), "null");
    assert_eq!(
        to_serde_json(&value),
        serde_json::json!({"a": null, "b": []})
    );
}
