//! Tests of the values entry points; expectations come from Helm 4.1.4 runs
//! (the `values_yaml/*` conformance cases and probe charts).

use super::*;

fn json(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

/// A compact JSON rendering (sorted keys, Go's float formatting for integers).
fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(&b.to_string()),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e21 => out.push_str(&format!("{f:.0}")),
        Value::Float(f) => out.push_str(&f.to_string()),
        Value::String(s) => out.push_str(&format!("{:?}", &**s)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, v)) in map.entries().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!("{:?}:", &**k));
                write_json(v, out);
            }
            out.push('}');
        }
        other => out.push_str(&format!("{other:?}")),
    }
}

fn values_json(text: &str) -> String {
    json(&parse_values(text).unwrap())
}

#[test]
fn anchors_aliases_and_merges() {
    let text = "base: &base\n  a: 1\n  b: 2\n  nested: &nested\n    x: 1\ncopy: *base\nmerged:\n  <<: *base\n  b: override\n  c: 3\nmulti_merge:\n  <<: [*nested, *base]\n  x: own\nscalar_anchor: &s hello\nscalar_alias: *s\nlist_anchor: &l [1, 2]\nlist_alias: *l\n";
    assert_eq!(
        values_json(text),
        r#"{"base":{"a":1,"b":2,"nested":{"x":1}},"copy":{"a":1,"b":2,"nested":{"x":1}},"list_alias":[1,2],"list_anchor":[1,2],"merged":{"a":1,"b":"override","c":3,"nested":{"x":1}},"multi_merge":{"a":1,"b":2,"nested":{"x":1},"x":"own"},"scalar_alias":"hello","scalar_anchor":"hello"}"#
    );
    // go-yaml v2 lets a merge override keys written before it.
    assert_eq!(values_json("a: 1\n<<: {a: 2, b: 3}\n"), r#"{"a":2,"b":3}"#);
}

#[test]
fn yaml11_words_as_values_and_keys() {
    let text = "v_yes: yes\nv_off: off\nv_yES: yES\nyes: key-yes\nn: key-n\ny: key-y\n";
    assert_eq!(
        values_json(text),
        r#"{"false":"key-n","true":"key-y","v_off":false,"v_yES":"yES","v_yes":true}"#
    );
}

#[test]
fn nulls_and_strings() {
    let text = "tilde: ~\nempty:\nquoted: \"null\"\nts: 2001-12-14t21:59:43.10-05:00\nfolded: >\n  a\n  b\n\n  c\nkeep: |+\n  k\n\nplain: x\n  y\n";
    assert_eq!(
        values_json(text),
        r#"{"empty":null,"folded":"a b\nc\n","keep":"k\n\n","plain":"x y","quoted":"null","tilde":null,"ts":"2001-12-14t21:59:43.10-05:00"}"#
    );
}

#[test]
fn numbers_case() {
    let text = "octal_0: 0755\noctal_0o: 0o755\nhex: 0x1F\nneg_hex: -0x10\nunderscore: 1_000\nsexagesimal: 1:30\nexp: 1e3\ndot: .5\nplus: +12\nbinary: 0b101\ntrail: 3.\nbig_octal: 0888\nversion: 1.2.3\n";
    assert_eq!(
        values_json(text),
        r#"{"big_octal":888,"binary":5,"dot":0.5,"exp":1000,"hex":31,"neg_hex":-16,"octal_0":493,"octal_0o":493,"plus":12,"sexagesimal":"1:30","trail":3,"underscore":1000,"version":"1.2.3"}"#
    );
}

#[test]
fn tags_case() {
    let text = "str_int: !!str 123\nint_str: !!int \"42\"\nfloat_int: !!float 1\nbool_tag: !!bool \"true\"\nnull_tag: !!null \"\"\nseq_tag: !!seq [1]\nmap_tag: !!map {k: v}\ncustom: !custom value\nbinary: !!binary aGVsbG8=\n";
    assert_eq!(
        values_json(text),
        r#"{"binary":"hello","bool_tag":true,"custom":"value","float_int":1,"int_str":42,"map_tag":{"k":"v"},"null_tag":null,"seq_tag":[1],"str_int":"123"}"#
    );
}

#[test]
fn empty_null_and_comment_only_files_are_empty_maps() {
    for text in ["", "~\n", "# nothing\n# here\n", "---\n", "\n\n"] {
        assert_eq!(values_json(text), "{}", "{text:?}");
    }
}

#[test]
fn multi_document_values_deep_merge() {
    assert_eq!(values_json("a: 1\n---\nb: 2\n"), r#"{"a":1,"b":2}"#);
    assert_eq!(
        values_json("a: {x: 1, z: 1}\n---\na: {z: 2}\n"),
        r#"{"a":{"x":1,"z":2}}"#
    );
    assert_eq!(
        values_json("a: {x: 1}\n---\na: [1]\n--- # c\n~\n"),
        r#"{"a":[1]}"#
    );
    assert_eq!(values_json("# pre\n---\na: 1\n...\n"), r#"{"a":1}"#);
    // Only the first YAML document of a piece counts (`...` does not start a new piece).
    assert_eq!(values_json("a: 1\n...\nb: 2\n"), r#"{"a":1}"#);
    // Anchors do not cross pieces.
    let error = parse_values("a: &x 1\n---\nb: *x\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot unmarshal yaml document: error converting YAML to JSON: yaml: unknown anchor 'x' referenced"
    );
}

#[test]
fn separator_lines_must_be_bare() {
    let error = parse_values("a: 1\n---x\nb: 2\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "error reading yaml document: invalid Yaml document separator: x"
    );
    let error = parse_values("a: 1\n--- b: 2\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "error reading yaml document: invalid Yaml document separator: b: 2"
    );
}

#[test]
fn top_level_must_be_a_map() {
    let error = parse_values("- a\n- b\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"
    );
    let error = parse_values("just a string\n").unwrap_err();
    assert!(error
        .to_string()
        .ends_with("cannot unmarshal string into Go value of type map[string]interface {}"));
    let error = parse_values("a: 1\n---\n5\n").unwrap_err();
    assert!(error
        .to_string()
        .ends_with("cannot unmarshal number into Go value of type map[string]interface {}"));
    assert_eq!(error.line(), Some(3));
}

#[test]
fn helm_error_texts() {
    let error = parse_values("a: [1, 2\nb: 3\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"
    );
    let error = parse_values("? [a, b]\n: v\n").unwrap_err();
    assert!(error
        .to_string()
        .ends_with(r#"yaml: invalid map key: []interface {}{"a", "b"}"#));
    let error = parse_values("inf: .inf\n").unwrap_err();
    assert!(error.to_string().ends_with("json: unsupported value: +Inf"));
    // Lines in messages count from the piece; spans from the file.
    let error = parse_values("a: 1\n---\nb:\n\tc: 1\n").unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("yaml: line 2: found character that cannot start any token"),
        "{error}"
    );
    assert_eq!(error.line(), Some(4));
}

#[test]
fn crlf_lines_are_normalised() {
    assert_eq!(
        values_json("a: 1\r\nb: |\r\n  x\r\n  y\r\n"),
        r#"{"a":1,"b":"x\ny\n"}"#
    );
}

#[test]
fn spans_point_into_the_file() {
    let text = "components:\n  api:\n    replicas: 3\n  list:\n    - a\n    - b\n---\ncomponents:\n  web: {port: 80}\n";
    let (values, spans) = parse_values_with_spans(text).unwrap();
    assert!(values.as_map().unwrap().contains_key("components"));
    let replicas = spans.get("/components/api/replicas").unwrap();
    assert_eq!(replicas.key, Some(Span { line: 3, column: 5 }));
    assert_eq!(
        replicas.value,
        Span {
            line: 3,
            column: 15
        }
    );
    assert_eq!(
        spans.get("/components/list/1").unwrap().value,
        Span { line: 6, column: 7 }
    );
    assert_eq!(
        spans.key_or_value("/components/web/port"),
        Some(Span { line: 9, column: 9 })
    );
    assert!(spans.get("/components/nope").is_none());
}

#[test]
fn spans_forget_replaced_values() {
    let (_, spans) = parse_values_with_spans("m:\n  p: 1\n---\nm: 5\n").unwrap();
    assert!(spans.get("/m/p").is_none());
    assert_eq!(spans.get("/m").unwrap().value, Span { line: 4, column: 4 });
    let (_, spans) = parse_values_with_spans("a: 1\na: 2\n").unwrap();
    assert_eq!(spans.get("/a").unwrap().value.line, 2);
}

#[test]
fn from_yaml_entry_points() {
    assert!(unmarshal_map("").unwrap().is_empty());
    assert_eq!(unmarshal_map("a: 1\n---\nb: 2\n").unwrap().keys().len(), 1);
    let error = unmarshal_map("- 1\n").unwrap_err();
    assert!(error
        .to_string()
        .ends_with("cannot unmarshal array into Go value of type map[string]interface {}"));
    assert_eq!(
        unmarshal_list("- 1\n- x\n").unwrap(),
        vec![Value::Float(1.0), Value::string("x")]
    );
    let error = unmarshal_list("a: 1\n").unwrap_err();
    assert!(error
        .to_string()
        .ends_with("cannot unmarshal object into Go value of type []interface {}"));
    assert_eq!(parse_value_any("true\n").unwrap(), Value::Bool(true));
    assert_eq!(parse_value_any("").unwrap(), Value::Nil);
    assert_eq!(parse_documents("a: 1\n---\n- b\n").unwrap().len(), 2);
}

#[test]
fn input_size_is_bounded() {
    let big = "a".repeat(MAX_INPUT_BYTES + 1);
    assert!(matches!(
        parse_values(&big),
        Err(YamlError::TooLarge { .. })
    ));
}

#[test]
fn merging_leaves_earlier_maps_untouched() {
    let first = parse_values("a: {x: 1}\n").unwrap();
    let target = Map::new();
    merge_into(&target, first.as_map().unwrap());
    let later = parse_values("a: {z: 2}\n").unwrap();
    merge_into(&target, later.as_map().unwrap());
    assert_eq!(json(&Value::Map(target)), r#"{"a":{"x":1,"z":2}}"#);
    assert_eq!(json(&first), r#"{"a":{"x":1}}"#);
}

#[test]
fn head_values_keep_the_head_and_the_errors() {
    let document = "apiVersion: v1\nKind: ConfigMap\nmetadata:\n  NAME: x\n  labels: {a: b}\n  annotations:\n    helm.sh/hook: pre-install\n    w: 5\ndata:\n  big: [1, 2, {c: d}]\nlist: [1]\n";
    let full = parse_value_any(document).unwrap();
    let head = parse_head_value(document).unwrap();
    let (full, head) = (full.as_map().unwrap(), head.as_map().unwrap());
    assert_eq!(head.keys(), full.keys());
    for key in ["apiVersion", "Kind"] {
        assert_eq!(head.get(key), full.get(key));
    }
    assert_eq!(head.get("data"), Some(Value::Nil));
    assert_eq!(head.get("list"), Some(Value::Nil));
    let (full_meta, head_meta) = (full.get("metadata").unwrap(), head.get("metadata").unwrap());
    let (full_meta, head_meta) = (full_meta.as_map().unwrap(), head_meta.as_map().unwrap());
    assert_eq!(head_meta.get("NAME"), full_meta.get("NAME"));
    assert_eq!(head_meta.get("annotations"), full_meta.get("annotations"));
    assert_eq!(head_meta.get("labels"), Some(Value::Nil));
    // The root's type and the metadata's type survive.
    assert!(matches!(
        parse_head_value("- a\n- b\n").unwrap(),
        Value::List(_)
    ));
    assert!(matches!(
        parse_head_value("metadata: [1]\n")
            .unwrap()
            .as_map()
            .unwrap()
            .get("metadata"),
        Some(Value::List(_))
    ));
    // Errors anywhere in the document are the full reader's.
    for broken in [
        "kind: a\nspec:\n  x: !!int abc\n",
        "kind: a\nspec:\n  ? [a]\n  : b\n",
        "kind: a\nspec:\n  ~: b\n",
        "kind: a\nspec:\n  n: .nan\n",
        "kind: a\nspec: *nope\n",
        "kind: a\nspec: [\n",
    ] {
        assert_eq!(
            parse_head_value(broken).unwrap_err().to_string(),
            parse_value_any(broken).unwrap_err().to_string(),
            "{broken}"
        );
    }
}

mod json_is_yaml {
    //! JSON text is YAML: any JSON document must read back as the same values.

    use super::*;
    use proptest::prelude::*;

    fn json_tree() -> impl Strategy<Value = serde_json::Value> {
        let text = "[ -~\u{a0}-\u{3ff}\u{4e00}-\u{4e2f}\n\t]{0,10}";
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|i| serde_json::json!(i)),
            any::<u64>().prop_map(|u| serde_json::json!(u)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| serde_json::json!(f)),
            text.prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(5, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::btree_map(text, inner, 0..6)
                    .prop_map(|entries| serde_json::Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    fn expected(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::string(s.as_str()),
            serde_json::Value::Array(items) => Value::list(items.iter().map(expected).collect()),
            serde_json::Value::Object(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| (Str::from(k.as_str()), expected(v)))
                    .collect(),
            ),
        }
    }

    use crate::value::Str;

    proptest! {
        #[test]
        fn json_text_reads_back_equal(tree in json_tree()) {
            let compact = serde_json::to_string(&tree).unwrap();
            prop_assert_eq!(parse_value_any(&compact).unwrap(), expected(&tree), "compact {}", compact);
            let pretty = serde_json::to_string_pretty(&tree).unwrap();
            prop_assert_eq!(parse_value_any(&pretty).unwrap(), expected(&tree), "pretty {}", pretty);
        }
    }
}
