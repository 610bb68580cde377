//! Tests of `toYaml` / `toYamlPretty` output: the helm-vectors `toyaml` cases (expected bytes
//! taken from Helm 4.1.4), single rules, and a property test that reads the output back with
//! an independent YAML parser.

use std::sync::Arc;

use proptest::prelude::*;
use saphyr_parser::{Event, Parser, ScalarStyle};

use super::*;
use crate::value::{FuncError, Map, Object};

fn map(entries: Vec<(&str, Value)>) -> Value {
    let m = Map::new();
    for (key, value) in entries {
        m.insert(key, value);
    }
    Value::Map(m)
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn f(x: f64) -> Value {
    Value::Float(x)
}

fn yaml(value: &Value) -> String {
    to_yaml(value).expect("toYaml succeeds")
}

fn pretty(value: &Value) -> String {
    to_yaml_pretty(value).expect("toYamlPretty succeeds")
}

/// encoding/json writes a nil slice as `null`, so `toYaml` does; go-yaml v3 (`toYamlPretty`)
/// writes it as an empty sequence.
#[test]
fn nil_slices() {
    let nil = Value::List(crate::value::List::nil(crate::value::ElementType::Any));
    assert_eq!(yaml(&map(vec![("a", nil.clone())])), "a: null\n");
    assert_eq!(yaml(&nil), "null\n");
    assert_eq!(pretty(&nil), "[]\n");
    assert_eq!(yaml(&Value::string_list(["x"])), "- x\n");
}

#[test]
fn empty_and_null_case() {
    let values = map(vec![
        ("emptymap", map(vec![])),
        ("emptylist", Value::list(vec![])),
        ("emptystr", s("")),
        ("nul", Value::Nil),
        ("tilde", Value::Nil),
        ("nested", map(vec![("inner", Value::Nil)])),
    ]);
    assert_eq!(
        yaml(&values),
        "emptylist: []\nemptymap: {}\nemptystr: \"\"\nnested:\n  inner: null\nnul: null\ntilde: null\n"
    );
    assert_eq!(yaml(&map(vec![])), "{}\n");
    assert_eq!(yaml(&Value::list(vec![])), "[]\n");
    assert_eq!(yaml(&Value::Nil), "null\n");
    assert_eq!(yaml(&s("s")), "s\n");
    assert_eq!(yaml(&Value::Int(5)), "5\n");
    assert_eq!(
        yaml(&Value::list(vec![Value::Int(1), s("a")])),
        "- 1\n- a\n"
    );
}

#[test]
fn keys_needing_quotes_case() {
    let keys = [
        "a:b",
        "yes",
        "1",
        "",
        "with space",
        "#hash",
        "null",
        "~",
        "-dash",
        "x.y",
        "é",
        "true",
        "*star",
    ];
    let values = map(keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, f(i as f64 + 1.0)))
        .collect());
    let expected = "\"\": 4\n'#hash': 6\n'*star': 13\n-dash: 9\n\"~\": 8\n\"1\": 3\na:b: 1\n\
                    \"null\": 7\n\"true\": 12\nwith space: 5\nx.y: 10\n\"yes\": 2\né: 11\n";
    assert_eq!(yaml(&values), expected);
}

#[test]
fn long_strings_fold_at_80_columns() {
    let values = map(vec![
        ("long_words", s("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.")),
        ("long_noword", s(&"a".repeat(108))),
        ("long_quoted", s("needs: quoting because of the colon and it is quite long so that it would exceed eighty columns")),
        ("long_multiline", s("first line is short\nsecond line is very long and goes on and on and on past the eighty column limit for sure yes\n")),
        ("nested", map(vec![("deeper", map(vec![("evendeeper", map(vec![("text", s("this sentence is placed deep inside so the indentation eats into the width limit ok"))]))]))])),
    ]);
    let expected = format!(
        "long_multiline: |\n  first line is short\n  second line is very long and goes on and on and on past the eighty column limit for sure yes\n\
         long_noword: {}\n\
         long_quoted: 'needs: quoting because of the colon and it is quite long so that it\n  would exceed eighty columns'\n\
         long_words: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n  tempor incididunt ut labore et dolore magna aliqua.\n\
         nested:\n  deeper:\n    evendeeper:\n      text: this sentence is placed deep inside so the indentation eats into the width\n        limit ok\n",
        "a".repeat(108)
    );
    assert_eq!(yaml(&values), expected);
    // toYamlPretty never folds.
    assert!(pretty(&values).contains("sed do eiusmod tempor incididunt"));
}

#[test]
fn multiline_strings_case() {
    let values = map(vec![
        ("trailing_nl", s("line1\nline2\n")),
        ("no_trailing_nl", s("line1\nline2")),
        ("two_trailing", s("a\nb\n\n")),
        ("leading_space", s("  indented first\nsecond\n")),
        ("leading_nl", s("\nstarts with newline")),
        ("trailing_space_line", s("a \nb")),
        ("with_tab", s("a\tb\nc")),
        ("only_nl", s("\n")),
        ("crlf", s("a\r\nb")),
    ]);
    let expected = "crlf: \"a\\r\\nb\"\nleading_nl: |2-\n\n  starts with newline\n\
                    leading_space: |2\n    indented first\n  second\nno_trailing_nl: |-\n  line1\n  line2\n\
                    only_nl: |2+\n\ntrailing_nl: |\n  line1\n  line2\ntrailing_space_line: \"a \\nb\"\n\
                    two_trailing: |+\n  a\n  b\n\nwith_tab: \"a\\tb\\nc\"\n";
    assert_eq!(yaml(&values), expected);
    // go-yaml v3 allows tabs in literal blocks.
    assert_eq!(
        pretty(&map(vec![("t", s("a\tb\nc"))])),
        "t: |-\n  a\tb\n  c\n"
    );
}

#[test]
fn nested_maps_and_lists_case() {
    let values = map(vec![
        ("z", f(1.0)),
        (
            "a",
            map(vec![
                (
                    "c",
                    Value::list(vec![f(1.0), f(2.0), map(vec![("x", s("z"))])]),
                ),
                (
                    "b",
                    Value::list(vec![
                        Value::list(vec![s("nested"), s("list")]),
                        map(vec![]),
                        Value::list(vec![]),
                    ]),
                ),
            ]),
        ),
        ("m", map(vec![("k", s("v"))])),
    ]);
    let expected = "a:\n  b:\n  - - nested\n    - list\n  - {}\n  - []\n  c:\n  - 1\n  - 2\n  - x: z\nm:\n  k: v\nz: 1\n";
    assert_eq!(yaml(&values), expected);
}

#[test]
fn numbers_follow_the_json_round_trip() {
    let values = map(vec![
        ("int", f(1.0)),
        ("neg", f(-5.0)),
        ("float", f(1.5)),
        ("big", f(1000000.0)),
        ("bigger", f(12345678901234.0)),
        ("exp_small", f(0.000001)),
        ("bool_t", Value::Bool(true)),
        ("bool_f", Value::Bool(false)),
        ("zero", f(0.0)),
        ("float_int", f(2.0)),
    ]);
    let expected = "big: 1000000\nbigger: 12345678901234\nbool_f: false\nbool_t: true\n\
                    exp_small: 1e-06\nfloat: 1.5\nfloat_int: 2\nint: 1\nneg: -5\nzero: 0\n";
    assert_eq!(yaml(&values), expected);
    assert_eq!(yaml(&f(1234567.5)), "1.2345675e+06\n");
    assert_eq!(yaml(&f(1e19)), "10000000000000000000\n");
    assert_eq!(yaml(&f(1e20)), "1e+20\n");
    assert_eq!(yaml(&f(-0.0)), "0\n");
    assert_eq!(yaml(&Value::Int64(-7)), "-7\n");
}

#[test]
fn special_floats_fail_in_to_yaml_but_not_in_pretty() {
    assert!(matches!(
        to_yaml(&f(f64::INFINITY)),
        Err(EmitError::UnsupportedFloat { .. })
    ));
    let inner = map(vec![("x", f(f64::NEG_INFINITY)), ("ok", Value::Int(1))]);
    assert!(to_yaml(&inner).is_err());
    let both = map(vec![("x", f(f64::INFINITY)), ("nan", f(f64::NAN))]);
    assert_eq!(pretty(&both), "nan: .nan\nx: .inf\n");
}

#[test]
fn special_characters_case() {
    let pairs = [
        ("colon_space", "a: b", "'a: b'"),
        ("colon_nospace", "a:b", "a:b"),
        ("hash_space", "a #b", "'a #b'"),
        ("hash_start", "#x", "'#x'"),
        ("leading_space", " x", "' x'"),
        ("trailing_space", "x ", "'x '"),
        ("dash_start", "- x", "'- x'"),
        ("star", "*alias", "'*alias'"),
        ("amp", "&anchor", "'&anchor'"),
        ("bang", "!tag", "'!tag'"),
        ("percent", "%p", "'%p'"),
        ("at", "@at", "'@at'"),
        ("backtick", "`tick", "'`tick'"),
        ("brace", "{x}", "'{x}'"),
        ("bracket", "[x]", "'[x]'"),
        ("gt", "> folded", "'> folded'"),
        ("pipe", "| literal", "'| literal'"),
        ("quote_single", "it's", "it's"),
        ("quote_double", "say \"hi\"", "say \"hi\""),
        ("comma", "a, b", "a, b"),
        ("question", "? q", "'? q'"),
        ("unicode", "héllo ☃ 日本", "héllo ☃ 日本"),
        ("emoji", "😀", "\"\\U0001F600\""),
        ("control", "bell\u{7}", "\"bell\\a\""),
        ("nbsp", "a\u{a0}b", "a\u{a0}b"),
        ("backslash", "a\\b", "a\\b"),
        ("url", "http://x.y/z?a=b#c", "http://x.y/z?a=b#c"),
        ("single_in_quotes", "'q' x", "'''q'' x'"),
        ("bom", "\u{feff}ab", "\"\\uFEFF\\x61\\x62\""),
        ("separator", "a\u{2028}b", "'a\u{2028}  b'"),
    ];
    for (name, text, expected) in pairs {
        assert_eq!(
            yaml(&map(vec![("k", s(text))])),
            format!("k: {expected}\n"),
            "{name}"
        );
    }
}

#[test]
fn string_lookalikes_are_double_quoted() {
    for text in [
        "1",
        "1.5",
        "1e3",
        "true",
        "yes",
        "no",
        "on",
        "null",
        "~",
        "",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "0x1F",
        "0755",
        "+1",
        ".inf",
        ".nan",
        "y",
        "n",
        "1:20",
        "1_000",
        "-1",
        "1.10",
        "0b101",
    ] {
        assert_eq!(yaml(&s(text)), format!("\"{text}\"\n"), "{text:?}");
        assert_eq!(pretty(&s(text)), format!("\"{text}\"\n"), "{text:?}");
    }
    assert_eq!(yaml(&s(".")), ".\n");
    assert_eq!(yaml(&s("-")), "'-'\n");
    assert_eq!(yaml(&s("<<")), "<<\n");
}

#[test]
fn long_and_multiline_keys_become_explicit() {
    let long_key = "k".repeat(129);
    assert_eq!(
        yaml(&map(vec![(&long_key, Value::Int(1))])),
        format!("? {long_key}\n: 1\n")
    );
    let short_key = "k".repeat(128);
    assert_eq!(
        yaml(&map(vec![(&short_key, Value::Int(1))])),
        format!("{short_key}: 1\n")
    );
    let value = map(vec![(
        "a\nb",
        Value::list(vec![
            Value::Int(1),
            map(vec![("x", Value::list(vec![Value::Int(2)]))]),
        ]),
    )]);
    assert_eq!(yaml(&value), "? |-\n  a\n  b\n: - 1\n  - x:\n    - 2\n");
    assert_eq!(pretty(&value), "? |-\n  a\n  b\n: - 1\n  - x:\n      - 2\n");
}

#[test]
fn json_round_trip_changes_and_rejects_some_strings() {
    assert_eq!(yaml(&map(vec![("a", s("x\u{85}y"))])), "a: x y\n");
    assert!(matches!(
        to_yaml(&s("a\u{7f}")),
        Err(EmitError::ControlCharacter { .. })
    ));
    assert!(matches!(
        to_yaml(&map(vec![(&"a".repeat(1023), Value::Nil)])),
        Err(EmitError::KeyNotReadable { .. })
    ));
    // toYamlPretty has no JSON step.
    assert_eq!(pretty(&map(vec![("a", s("x\u{85}y"))])), "a: \"x\\Ny\"\n");
    assert_eq!(pretty(&s("a\u{7f}")), "\"a\\x7F\"\n");
}

#[test]
fn pretty_shapes_case() {
    let values = map(vec![
        (
            "list",
            Value::list(vec![
                s("a"),
                Value::list(vec![s("b"), s("c")]),
                map(vec![("k", s("v"))]),
            ]),
        ),
        (
            "map",
            map(vec![
                ("z", f(1.0)),
                ("a", map(vec![("deep", Value::list(vec![f(1.0)]))])),
            ]),
        ),
        ("str", s("multi\nline\n")),
        ("empty", Value::list(vec![])),
        ("num", f(1000000.0)),
    ]);
    let expected = "empty: []\nlist:\n  - a\n  - - b\n    - c\n  - k: v\nmap:\n  a:\n    deep:\n      - 1\n  z: 1\nnum: 1e+06\nstr: |\n  multi\n  line\n";
    assert_eq!(pretty(&values), expected);
}

#[test]
fn bytes_become_base64_strings() {
    let bytes = |b: &[u8]| Value::Bytes(Arc::from(b));
    assert_eq!(yaml(&bytes(b"hi")), "aGk=\n");
    assert_eq!(yaml(&bytes(b"abc")), "YWJj\n");
    assert_eq!(yaml(&bytes(b"a")), "YQ==\n");
    assert_eq!(yaml(&bytes(b"")), "\"\"\n");
}

#[derive(Debug)]
struct Release;

impl Object for Release {
    fn type_name(&self) -> String {
        "chartutil.ReleaseOptions".into()
    }
    fn kind_name(&self) -> &'static str {
        "struct"
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn call_method(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, FuncError>> {
        None
    }
    fn has_method(&self, _name: &str) -> bool {
        false
    }
    fn format_value(&self) -> String {
        String::new()
    }
    fn to_json_value(&self) -> Value {
        map(vec![
            ("Name", s("rel")),
            ("Namespace", s("default")),
            ("Revision", Value::Int(1)),
            ("IsUpgrade", Value::Bool(false)),
            ("IsInstall", Value::Bool(true)),
            ("Service", s("Helm")),
        ])
    }
}

#[test]
fn objects_are_written_through_their_json_form() {
    let release = Value::Object(Arc::new(Release));
    assert_eq!(
        yaml(&release),
        "IsInstall: true\nIsUpgrade: false\nName: rel\nNamespace: default\nRevision: 1\nService: Helm\n"
    );
}

#[test]
fn a_map_containing_itself_is_refused() {
    let m = Map::new();
    m.insert("self", Value::Map(m.clone()));
    assert_eq!(to_yaml(&Value::Map(m.clone())), Err(EmitError::Cycle));
    assert_eq!(
        to_yaml_pretty(&Value::Map(m.clone())),
        Err(EmitError::Cycle)
    );
    m.remove("self");
    // The same map twice side by side is not a cycle.
    let shared = map(vec![("k", Value::Int(1))]);
    let twice = map(vec![("a", shared.clone()), ("b", shared)]);
    assert_eq!(yaml(&twice), "a:\n  k: 1\nb:\n  k: 1\n");
}

#[test]
fn deep_nesting_is_bounded_without_overflowing_the_stack() {
    let nest = |depth: usize| {
        let mut value = Value::Int(1);
        for _ in 0..depth {
            value = if depth.is_multiple_of(2) {
                map(vec![("k", value)])
            } else {
                Value::list(vec![value])
            };
        }
        value
    };
    for depth in [MAX_DEPTH, MAX_DEPTH - 1] {
        assert!(to_yaml(&nest(depth)).is_ok(), "{depth}");
        assert!(to_yaml_pretty(&nest(depth)).is_ok(), "{depth}");
    }
    assert_eq!(
        to_yaml(&nest(MAX_DEPTH + 1)),
        Err(EmitError::TooDeep { limit: MAX_DEPTH })
    );
}

// ---- property test: output read back by saphyr-parser gives the value back ----

/// A YAML 1.2 reading of the emitted text, with plain scalars typed as go-yaml would
/// (null, booleans, integers, floats; anything else a string).
fn read_back(text: &str) -> Value {
    let mut stack: Vec<(Value, Option<String>)> = Vec::new();
    let mut root = None;
    for item in Parser::new_from_str(text) {
        let (event, _) = item.unwrap_or_else(|e| panic!("output does not parse: {e:?}\n{text}"));
        let expecting_key = matches!(stack.last(), Some((Value::Map(_), None)));
        let finished = match event {
            Event::Scalar(content, _, _, _) if expecting_key => Some(s(&content)),
            Event::Scalar(content, style, _, _) => Some(if style == ScalarStyle::Plain {
                match content.as_ref() {
                    "null" => Value::Nil,
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    other => other
                        .parse::<f64>()
                        .map(Value::Float)
                        .unwrap_or_else(|_| s(other)),
                }
            } else {
                s(&content)
            }),
            Event::SequenceStart(..) => {
                stack.push((Value::list(vec![]), None));
                None
            }
            Event::MappingStart(..) => {
                stack.push((Value::Map(Map::new()), None));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop().map(|(v, _)| v),
            _ => None,
        };
        let Some(value) = finished else { continue };
        match stack.last_mut() {
            None => root = Some(value),
            Some((Value::List(items), _)) => items.make_mut().push(value),
            Some((Value::Map(m), pending)) => match pending.take() {
                None => *pending = Some(value.as_str().unwrap_or_default().to_string()),
                Some(key) => {
                    m.insert(key, value);
                }
            },
            Some(_) => unreachable!("only containers are stacked"),
        }
    }
    root.expect("a document")
}

/// Generated numbers are all float64 and read back as float64, whether they were written as
/// integers (toYaml's JSON round trip) or in `%v` form (toYamlPretty).
fn same_numbers(value: &Value) -> Value {
    match value {
        Value::Int(i) | Value::Int64(i) => Value::Float(*i as f64),
        Value::List(items) => Value::list(items.iter().map(same_numbers).collect()),
        Value::Map(m) => Value::Map(
            m.entries()
                .into_iter()
                .map(|(k, v)| (k, same_numbers(&v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "b",
        "Z",
        "0",
        "1",
        "9",
        " ",
        "  ",
        ":",
        "#",
        "-",
        "?",
        ",",
        "[",
        "]",
        "{",
        "}",
        "&",
        "*",
        "!",
        "|",
        ">",
        "'",
        "\"",
        "%",
        "@",
        "`",
        "~",
        ".",
        "_",
        "+",
        "e",
        "\t",
        "\n",
        "\r",
        "\\",
        "é",
        "\u{a0}",
        "😀",
        "\u{7}",
        "\u{feff}",
        "yes",
        "null",
        "1.5",
        "0x1F",
        "2001-12-14",
        "lorem ipsum dolor ",
        "sit amet consectetur ",
    ]);
    prop::collection::vec(pieces, 0..14).prop_map(|parts| parts.concat())
}

fn value_strategy() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Nil),
        any::<bool>().prop_map(Value::Bool),
        (-1_000_000i64..1_000_000).prop_map(|i| Value::Float(i as f64)),
        (-1e6f64..1e6).prop_map(Value::Float),
        text_strategy().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::list),
            prop::collection::vec((text_strategy(), inner), 0..5).prop_map(|entries| {
                Value::Map(
                    entries
                        .into_iter()
                        .map(|(k, v)| (crate::value::Str::from(k.as_str()), v))
                        .collect(),
                )
            }),
        ]
    })
}

proptest! {
    #[test]
    fn to_yaml_reads_back_as_the_json_round_tripped_value(value in value_strategy()) {
        let text = to_yaml(&value).expect("generated values are encodable");
        prop_assert_eq!(read_back(&text), same_numbers(&value), "{}", text);
    }

    #[test]
    fn to_yaml_pretty_reads_back_as_the_value(value in value_strategy()) {
        let text = to_yaml_pretty(&value).expect("generated values are encodable");
        prop_assert_eq!(read_back(&text), same_numbers(&value), "{}", text);
    }
}

fn root_map_strategy() -> impl Strategy<Value = Value> {
    prop::collection::vec((text_strategy(), value_strategy()), 0..6).prop_map(|entries| {
        Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (crate::value::Str::from(k.as_str()), v))
                .collect(),
        )
    })
}

proptest! {
    /// The crate's own values reader (go-yaml v2 semantics, numbers as float64) reads
    /// `toYaml`'s output back to the value it came from.
    #[test]
    fn values_reader_reads_to_yaml_output_back(value in root_map_strategy()) {
        let text = to_yaml(&value).expect("generated values are encodable");
        let read = crate::yaml::parse_values(&text)
            .unwrap_or_else(|e| panic!("reader rejects output: {e}\n{text}"));
        prop_assert_eq!(read, same_numbers(&value), "{}", text);
    }
}
