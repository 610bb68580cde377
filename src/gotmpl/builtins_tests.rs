//! Expected texts come from the helm-vectors `lang/*` cases and Helm 4.1.4 probes.

use super::*;
use crate::value::Map;

fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    let function = builtin(name).expect("builtin exists");
    (function.call)(args).map_err(|error| error.to_string())
}

fn ok(name: &str, args: &[Value]) -> Value {
    call(name, args).expect("call succeeds")
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn values_map() -> Value {
    let m = Map::new();
    m.insert("b", Value::Float(2.0));
    m.insert("a", s("x"));
    Value::Map(m)
}

#[test]
fn table_has_go_signatures() {
    assert_eq!(builtins().len(), 16);
    assert!(builtin("and").is_none());
    let printf = builtin("printf").unwrap();
    assert_eq!(printf.signature.params, &[GoType::String]);
    assert_eq!(builtin("ne").unwrap().signature.params.len(), 2);
    assert_eq!(builtin("eq").unwrap().signature.variadic, Some(GoType::Any));
}

#[test]
fn eq_accepts_equal_basic_kinds() {
    assert_eq!(ok("eq", &[Value::Int(1), Value::Int(1)]), Value::Bool(true));
    assert_eq!(
        ok(
            "eq",
            &[Value::Int(1), Value::Int(2), Value::Int(3), Value::Int(1)]
        ),
        Value::Bool(true)
    );
    assert_eq!(
        ok("eq", &[Value::Int64(5), Value::Int(5)]),
        Value::Bool(true)
    );
    assert_eq!(
        ok("eq", &[Value::Float(1.0), Value::Float(1.0)]),
        Value::Bool(true)
    );
    assert_eq!(ok("eq", &[Value::Nil, Value::Nil]), Value::Bool(true));
    assert_eq!(ok("eq", &[s(""), Value::Nil]), Value::Bool(false));
    assert_eq!(ok("eq", &[Value::Nil, Value::Int(1)]), Value::Bool(false));
    assert_eq!(ok("eq", &[values_map(), Value::Nil]), Value::Bool(false));
    assert_eq!(ok("eq", &[Value::Nil, values_map()]), Value::Bool(false));
    assert_eq!(ok("ne", &[s("a"), s("b")]), Value::Bool(true));
}

#[test]
fn eq_errors_match_go() {
    let cases: [(&[Value], &str); 7] = [
        (&[Value::Float(1.0), Value::Int(1)], "incompatible types for comparison: float64 and int"),
        (&[s("1"), Value::Int(1)], "incompatible types for comparison: string and int"),
        (&[Value::Bool(true), Value::Int(1)], "incompatible types for comparison: bool and int"),
        (&[Value::list(vec![Value::Int(1)]), Value::Int(1)], "incompatible types for comparison: []interface {} and int"),
        (
            &[Value::list(vec![Value::Int(1)]), Value::list(vec![Value::Int(1)])],
            "non-comparable type [%!s(int=1)]: []interface {}",
        ),
        (&[values_map(), values_map()], "non-comparable type map[a:x b:%!s(float64=2)]: map[string]interface {}"),
        (
            &[Value::list(vec![Value::Int(1)]), values_map()],
            "non-comparable types [%!s(int=1)]: []interface {}, map[string]interface {}: map[a:x b:2]",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(call("eq", args).unwrap_err(), expected);
    }
    assert_eq!(
        call("eq", &[Value::Int(1)]).unwrap_err(),
        "missing argument for comparison"
    );
}

#[test]
fn ordering_comparisons() {
    let t = Value::Bool(true);
    assert_eq!(ok("lt", &[Value::Int(1), Value::Int(2)]), t);
    assert_eq!(ok("lt", &[s("B"), s("a")]), t);
    assert_eq!(ok("lt", &[Value::Float(1.5), Value::Float(2.5)]), t);
    assert_eq!(ok("lt", &[Value::Int(-1), Value::Int64(0)]), t);
    assert_eq!(ok("le", &[Value::Int(2), Value::Int(2)]), t);
    assert_eq!(ok("ge", &[Value::Int(3), Value::Int(2)]), t);
    assert_eq!(ok("gt", &[s("b"), s("a")]), t);
    assert_eq!(ok("gt", &[Value::Float(2.0), Value::Float(1.5)]), t);
    assert_eq!(
        ok("gt", &[Value::Int(2), Value::Int(2)]),
        Value::Bool(false)
    );
    assert_eq!(
        call("lt", &[t.clone(), Value::Bool(false)]).unwrap_err(),
        "invalid type for comparison"
    );
    assert_eq!(
        call("lt", &[Value::Nil, Value::Int(1)]).unwrap_err(),
        "invalid type for comparison"
    );
    assert_eq!(
        call("lt", &[Value::Int(1), Value::Nil]).unwrap_err(),
        "invalid type for comparison"
    );
    assert_eq!(
        call("lt", &[s("a"), Value::Int(1)]).unwrap_err(),
        "incompatible types for comparison: string and int"
    );
    assert_eq!(
        call("ge", &[Value::Float(1.0), Value::Int(1)]).unwrap_err(),
        "incompatible types for comparison: float64 and int"
    );
}

#[test]
fn index_lists_maps_and_strings() {
    let list = Value::list(vec![s("p"), s("q"), s("r")]);
    assert_eq!(ok("index", &[list.clone(), Value::Int(1)]), s("q"));
    assert_eq!(ok("index", &[list.clone(), Value::Int64(0)]), s("p"));
    assert_eq!(ok("index", &[values_map(), s("a")]), s("x"));
    assert_eq!(ok("index", &[values_map(), s("missing")]), Value::Nil);
    assert_eq!(ok("index", &[s("abc"), Value::Int(1)]), Value::Int(98));
    assert_eq!(ok("index", &[values_map()]), values_map());
    let nested = Value::list(vec![
        Value::list(vec![Value::Int(0), Value::Int(1)]),
        Value::list(vec![Value::Int(2)]),
    ]);
    assert_eq!(
        ok("index", &[nested, Value::Int(1), Value::Int(0)]),
        Value::Int(2)
    );
}

#[test]
fn index_errors_match_go() {
    let pair = Value::list(vec![Value::Int(1), Value::Int(2)]);
    let cases: [(Vec<Value>, &str); 10] = [
        (vec![pair.clone(), Value::Int(5)], "index out of range: 5"),
        (vec![pair.clone(), Value::Int(-1)], "index out of range: -1"),
        (
            vec![pair.clone(), Value::Int(2)],
            "reflect: slice index out of range",
        ),
        (
            vec![s("abc"), Value::Int(3)],
            "reflect: string index out of range",
        ),
        (
            vec![pair.clone(), Value::Float(1.0)],
            "cannot index slice/array with type float64",
        ),
        (
            vec![pair.clone(), Value::Nil],
            "cannot index slice/array with nil",
        ),
        (vec![Value::Nil, s("x")], "index of untyped nil"),
        (
            vec![values_map(), Value::Int(1)],
            "value has type int; should be string",
        ),
        (
            vec![values_map(), Value::Nil],
            "value is nil; should be of type string",
        ),
        (
            vec![Value::Int(3), Value::Int(1)],
            "can't index item of type int",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(call("index", &args).unwrap_err(), expected);
    }
    let floats = Value::list(vec![Value::Float(1.0)]);
    assert_eq!(
        call("index", &[floats, Value::Int(0), Value::Int(0)]).unwrap_err(),
        "can't index item of type float64"
    );
}

#[test]
fn go_slice_builtin() {
    let list = Value::list((1..=4).map(Value::Int).collect());
    assert_eq!(
        ok("slice", &[list.clone(), Value::Int(1), Value::Int(3)]),
        Value::list(vec![Value::Int(2), Value::Int(3)])
    );
    assert_eq!(
        ok("slice", &[list.clone(), Value::Int(3)]),
        Value::list(vec![Value::Int(4)])
    );
    assert_eq!(ok("slice", std::slice::from_ref(&list)), list);
    let strings = Value::string_list(["a", "b", "c"]);
    assert_eq!(
        ok("slice", &[strings, Value::Int(2)]),
        Value::string_list(["c"])
    );
    assert_eq!(
        ok("slice", &[s("hello"), Value::Int(1), Value::Int(3)]),
        s("el")
    );
    assert_eq!(
        call("slice", &[list.clone(), Value::Int(1), Value::Int(5)]).unwrap_err(),
        "index out of range: 5"
    );
    assert_eq!(
        call("slice", &[list.clone(), Value::Int(3), Value::Int(1)]).unwrap_err(),
        "invalid slice index: 3 > 1"
    );
    let three = [list.clone(), Value::Int(1), Value::Int(3), Value::Int(2)];
    assert_eq!(
        call("slice", &three).unwrap_err(),
        "invalid slice index: 3 > 2"
    );
    let too_many = [
        list,
        Value::Int(0),
        Value::Int(0),
        Value::Int(0),
        Value::Int(0),
    ];
    assert_eq!(
        call("slice", &too_many).unwrap_err(),
        "too many slice indexes: 4"
    );
    let string_three = [s("abc"), Value::Int(0), Value::Int(1), Value::Int(2)];
    assert_eq!(
        call("slice", &string_three).unwrap_err(),
        "cannot 3-index slice a string"
    );
    assert_eq!(
        call("slice", &[Value::Nil]).unwrap_err(),
        "slice of untyped nil"
    );
    assert_eq!(
        call("slice", &[Value::Int(1)]).unwrap_err(),
        "can't slice item of type int"
    );
}

#[test]
fn len_and_not() {
    assert_eq!(ok("len", &[s("héllo")]), Value::Int(6));
    assert_eq!(ok("len", &[values_map()]), Value::Int(2));
    assert_eq!(ok("len", &[Value::list(vec![])]), Value::Int(0));
    assert_eq!(
        call("len", &[Value::Int(3)]).unwrap_err(),
        "len of type int"
    );
    assert_eq!(
        call("len", &[Value::Nil]).unwrap_err(),
        "len of nil pointer"
    );
    assert_eq!(ok("not", &[Value::Map(Map::new())]), Value::Bool(true));
    assert_eq!(ok("not", &[s("x")]), Value::Bool(false));
    assert_eq!(ok("not", &[Value::Nil]), Value::Bool(true));
}

#[test]
fn print_family() {
    assert_eq!(ok("print", &[s("a"), Value::Int(1), s("b")]), s("a1b"));
    assert_eq!(ok("println", &[s("x"), Value::Int(1)]), s("x 1\n"));
    assert_eq!(ok("printf", &[s("%d-%s"), Value::Int(1), s("z")]), s("1-z"));
    assert!(call("printf", &[]).is_err());
}

#[test]
fn escapers_match_go() {
    assert_eq!(
        ok("html", &[s("<a href=\"x\">&'</a>")]),
        s("&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;")
    );
    assert_eq!(
        ok("html", &[Value::Int(1), s("<"), Value::Int(2)]),
        s("1&lt;2")
    );
    assert_eq!(ok("html", &[Value::Nil]), s("&lt;no value&gt;"));
    assert_eq!(
        ok("js", &[s("it's \"q\" <tag> & = \\ \n é")]),
        s("it\\'s \\\"q\\\" \\u003Ctag\\u003E \\u0026 \\u003D \\\\ \\u000A é")
    );
    assert_eq!(ok("js", &[s("\u{2028}")]), s("\\u2028"));
    assert_eq!(
        ok("js", &[Value::Nil, Value::Int(1)]),
        s("\\u003Cno value\\u003E1")
    );
    assert_eq!(
        ok("urlquery", &[s("a b&c=d/é?+")]),
        s("a+b%26c%3Dd%2F%C3%A9%3F%2B")
    );
    assert_eq!(ok("urlquery", &[s("x"), Value::Int(1)]), s("x1"));
    assert_eq!(
        ok("urlquery", &[s("~-_. !*()'")]),
        s("~-_.+%21%2A%28%29%27")
    );
}
