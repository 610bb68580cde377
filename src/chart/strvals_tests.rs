//! Tests of the `--set` family grammars in `strvals.rs`.

use super::*;

fn json_of(map: &Map) -> String {
    format!("{:?}", Value::Map(map.clone()))
}

fn set_line(line: &str) -> Result<Map, StrvalsError> {
    parse(line)
}

#[test]
fn typed_values_follow_typed_val() {
    assert_eq!(typed_value("TRUE", false), Value::Bool(true));
    assert_eq!(typed_value("False", false), Value::Bool(false));
    assert_eq!(typed_value("NULL", false), Value::Nil);
    assert_eq!(typed_value("0", false), Value::Int64(0));
    assert_eq!(typed_value("-3", false), Value::Int64(-3));
    assert_eq!(typed_value("+7", false), Value::Int64(7));
    assert_eq!(typed_value("007", false), Value::string("007"));
    assert_eq!(typed_value("1.50", false), Value::string("1.50"));
    assert_eq!(typed_value("0x10", false), Value::string("0x10"));
    assert_eq!(
        typed_value("99999999999999999999", false),
        Value::string("99999999999999999999")
    );
    assert_eq!(typed_value("1", true), Value::string("1"));
}

#[test]
fn dotted_paths_and_commas() {
    let map = set_line("a.b.c=deep,a.b.d=2,x=top").unwrap();
    assert_eq!(
        json_of(&map),
        r#"{"a": {"b": {"c": "deep", "d": int64(2)}}, "x": "top"}"#
    );
}

#[test]
fn brace_lists_and_empty_list() {
    let map = set_line("a={x,y},b={},c={1,true,null}").unwrap();
    assert_eq!(
        map.get("a"),
        Some(Value::list(vec!["x".into(), "y".into()]))
    );
    assert_eq!(map.get("b"), Some(Value::list(vec!["".into()])));
    assert_eq!(
        map.get("c"),
        Some(Value::list(vec![
            Value::Int64(1),
            Value::Bool(true),
            Value::Nil
        ]))
    );
}

#[test]
fn escapes_keep_separators() {
    let map = set_line(r"a=x\,y,b\.c=dotted,eq=a=b,bs=a\\b").unwrap();
    assert_eq!(map.get("a"), Some("x,y".into()));
    assert_eq!(map.get("b.c"), Some("dotted".into()));
    assert_eq!(map.get("eq"), Some("a=b".into()));
    assert_eq!(map.get("bs"), Some(r"a\b".into()));
}

#[test]
fn list_indexes_grow_with_nulls() {
    let map = Map::new();
    parse_into("list[0]=x", &map).unwrap();
    parse_into("list[2]=z", &map).unwrap();
    parse_into("obj.items[1].name=second", &map).unwrap();
    assert_eq!(
        map.get("list"),
        Some(Value::list(vec!["x".into(), Value::Nil, "z".into()]))
    );
    let items = map
        .get("obj")
        .unwrap()
        .as_map()
        .unwrap()
        .get("items")
        .unwrap();
    assert_eq!(items.as_list().unwrap().len(), 2);
    assert_eq!(items.as_list().unwrap()[0], Value::Nil);
}

#[test]
fn nested_list_indexes() {
    let map = set_line("a[1][0]=x").unwrap();
    let outer = map.get("a").unwrap();
    assert_eq!(outer.as_list().unwrap()[1], Value::list(vec!["x".into()]));
}

#[test]
fn index_patches_an_existing_list() {
    let map = Map::new();
    map.insert(
        "l",
        Value::list(vec!["x".into(), "xx".into(), "xxx".into()]),
    );
    parse_into("l[2]=z", &map).unwrap();
    assert_eq!(
        map.get("l"),
        Some(Value::list(vec!["x".into(), "xx".into(), "z".into()]))
    );
}

#[test]
fn empty_and_null_values() {
    let map = set_line("del=null,empty=,keep=1").unwrap();
    assert_eq!(map.get("del"), Some(Value::Nil));
    assert_eq!(map.get("empty"), Some("".into()));
    assert_eq!(map.get("keep"), Some(Value::Int64(1)));
    let trailing = set_line("a=").unwrap();
    assert_eq!(trailing.get("a"), Some("".into()));
}

#[test]
fn errors_use_helm_texts() {
    let error = |line: &str| set_line(line).unwrap_err().0;
    assert_eq!(
        error("a[x]=1"),
        r#"error parsing index: strconv.Atoi: parsing "x": invalid syntax"#
    );
    assert_eq!(
        error("a[100000]=1"),
        "index of 100000 is greater than maximum supported index of 65536"
    );
    assert_eq!(error("a[-1]=1"), "negative -1 index not allowed");
    assert_eq!(error("novalue"), r#"key "novalue" has no value"#);
    assert_eq!(
        error("ctl\u{1}\u{a0}"),
        r#"key "ctl\x01\u00a0" has no value"#
    );
    assert_eq!(error("a={1,2"), "list must terminate with '}'");
    assert_eq!(
        error("a,b=1"),
        r#"key "a" has no value (cannot end with ,)"#
    );
    assert_eq!(error("a.=1"), r#"key map "a" has no value"#);
    assert_eq!(
        error("a[0]x=1"),
        r#"unexpected data at end of array index: "x""#
    );
    let deep = (0..32)
        .map(|i| format!("k{i}"))
        .collect::<Vec<_>>()
        .join(".")
        + "=1";
    assert!(error(&deep).starts_with("value name nested level is greater"));
}

#[test]
fn type_conflicts_report_go_panics() {
    let map = set_line("a.b=1").unwrap();
    let error = parse_into("a[0]=2", &map).unwrap_err().0;
    assert_eq!(
        error,
        "unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}"
    );
    let map = set_line("a=x").unwrap();
    let error = parse_into("a.b=2", &map).unwrap_err().0;
    assert_eq!(error, "unable to parse key: interface conversion: interface {} is string, not map[string]interface {}");
    let map = set_line("a=null").unwrap();
    let error = parse_into("a.b=2", &map).unwrap_err().0;
    assert!(error.contains("interface {} is nil, not"));
}

#[test]
fn repeated_keys_replace() {
    let map = set_line("a=1,a=2,b.c=1,b=flat").unwrap();
    assert_eq!(map.get("a"), Some(Value::Int64(2)));
    assert_eq!(map.get("b"), Some("flat".into()));
}

#[test]
fn set_string_keeps_text() {
    let map = Map::new();
    parse_into_string("a=1,b=true,c=null,l={1,2},d=0123", &map).unwrap();
    assert_eq!(map.get("a"), Some("1".into()));
    assert_eq!(map.get("c"), Some("null".into()));
    assert_eq!(
        map.get("l"),
        Some(Value::list(vec!["1".into(), "2".into()]))
    );
}

#[test]
fn set_json_values() {
    let map = Map::new();
    parse_json_into(r#"obj={"k":[1,{"x":null}]}"#, &map).unwrap();
    parse_json_into(r#"arr=[1,"a"],nn=null,nested.key="str""#, &map).unwrap();
    parse_json_into("lst[1]=5", &map).unwrap();
    parse_json_into("e=", &map).unwrap();
    assert_eq!(
        map.get("arr"),
        Some(Value::list(vec![Value::Float(1.0), "a".into()]))
    );
    assert_eq!(map.get("nn"), Some(Value::Nil));
    assert_eq!(map.get("e"), Some(Value::Nil));
    assert_eq!(
        map.get("lst"),
        Some(Value::list(vec![Value::Nil, Value::Float(5.0)]))
    );
    assert_eq!(
        map.get("nested").unwrap().as_map().unwrap().get("key"),
        Some("str".into())
    );
    assert!(parse_json_into("a={bad", &Map::new()).is_err());
}

#[test]
fn set_json_value_ends_with_its_grammar() {
    let map = Map::new();
    parse_json_into("a=1x=2", &map).unwrap();
    assert_eq!(map.get("a"), Some(Value::Float(1.0)));
    assert_eq!(map.get("x"), Some(Value::Float(2.0)));
    assert_eq!(json_value_length("  true,"), Some(6));
    assert_eq!(json_value_length("-1.5e3,"), Some(6));
    assert_eq!(json_value_length(r#""a\"b",x"#), Some(6));
}

#[test]
fn set_file_reads_through_reader() {
    let map = Map::new();
    let mut reader = |path: &str| -> Result<Value, StrvalsError> {
        if path == "missing" {
            Err(StrvalsError(
                "open missing: no such file or directory".into(),
            ))
        } else {
            Ok(Value::string(format!("content of {path}")))
        }
    };
    parse_file_into("a=x.txt,b=y.txt", &map, &mut reader).unwrap();
    assert_eq!(map.get("b"), Some("content of y.txt".into()));
    let error = parse_file_into("c=missing", &map, &mut reader).unwrap_err();
    assert_eq!(error.0, "open missing: no such file or directory");
}

#[test]
fn literal_value_is_the_verbatim_rest() {
    let map = Map::new();
    parse_literal_into("a=x,y={z}", &map).unwrap();
    parse_literal_into(r"b.c=not\,escaped", &map).unwrap();
    parse_literal_into("d=null", &map).unwrap();
    assert_eq!(map.get("a"), Some("x,y={z}".into()));
    assert_eq!(
        map.get("b").unwrap().as_map().unwrap().get("c"),
        Some(r"not\,escaped".into())
    );
    assert_eq!(map.get("d"), Some("null".into()));
}

#[test]
fn literal_indexes_and_nested_maps() {
    let map = Map::new();
    parse_literal_into("l[1].k=v=w", &map).unwrap();
    let list = map.get("l").unwrap();
    assert_eq!(list.as_list().unwrap()[0], Value::Nil);
    assert_eq!(
        list.as_list().unwrap()[1].as_map().unwrap().get("k"),
        Some("v=w".into())
    );
}

#[test]
fn literal_paths_keep_commas_and_backslashes() {
    // helm4 --set-literal 'x,y=1' --set-literal 'p\.q=a\,b' --set-literal 'l[0][1]={v}'
    let map = Map::new();
    parse_literal_into("x,y=1", &map).unwrap();
    parse_literal_into(r"p\.q=a\,b", &map).unwrap();
    parse_literal_into("l[0][1]={v}", &map).unwrap();
    assert_eq!(
        json_of(&map),
        r#"{"l": [[nil, "{v}"]], "p\\": {"q": "a\\,b"}, "x,y": "1"}"#
    );
}

#[test]
fn literal_errors() {
    let error = |line: &str| parse_literal_into(line, &Map::new()).unwrap_err().0;
    assert_eq!(error("novalue"), r#"key "novalue" has no value"#);
    assert_eq!(
        error("a[99999]=1"),
        "index of 99999 is greater than maximum supported index of 65536"
    );
    assert_eq!(error("a[-2]=1"), "negative -2 index not allowed");
}
