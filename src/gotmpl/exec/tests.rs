use crate::gotmpl::{ExecError, FuncMap, TemplateSet};
use crate::value::{FuncError, Function, GoType, Map, Signature, Value};

fn upper(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(
        args[0].as_str().unwrap_or_default().to_uppercase(),
    ))
}

fn list(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::list(args.to_vec()))
}

fn add_ints(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int(args.iter().filter_map(Value::as_i64).sum()))
}

fn wide(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int64(args[0].as_i64().unwrap_or(0)))
}

fn half(args: &[Value]) -> Result<Value, FuncError> {
    match &args[0] {
        Value::Float(f) => Ok(Value::Float(f / 2.0)),
        _ => Err(FuncError::new("not a float")),
    }
}

fn boom(_: &[Value]) -> Result<Value, FuncError> {
    Err(FuncError::new("boom"))
}

fn test_funcs() -> FuncMap {
    let mut funcs: FuncMap = [
        Function {
            name: "upper",
            signature: Signature {
                params: &[GoType::String],
                variadic: None,
            },
            call: upper,
        },
        Function {
            name: "list",
            signature: Signature {
                params: &[],
                variadic: Some(GoType::Any),
            },
            call: list,
        },
        Function {
            name: "addi",
            signature: Signature {
                params: &[GoType::Int],
                variadic: Some(GoType::Int),
            },
            call: add_ints,
        },
        Function {
            name: "wide",
            signature: Signature {
                params: &[GoType::Int],
                variadic: None,
            },
            call: wide,
        },
        Function {
            name: "half",
            signature: Signature {
                params: &[GoType::Float64],
                variadic: None,
            },
            call: half,
        },
        Function {
            name: "boom",
            signature: Signature {
                params: &[],
                variadic: Some(GoType::Any),
            },
            call: boom,
        },
        Function {
            name: "keys",
            signature: Signature {
                params: &[GoType::Map],
                variadic: None,
            },
            call: list,
        },
    ]
    .into_iter()
    .collect();
    funcs.insert_context(
        "include",
        Signature {
            params: &[GoType::String, GoType::Any],
            variadic: None,
        },
        |ctx, args| {
            let name = args[0].as_str().unwrap_or_default().to_string();
            let depth = {
                let counter = ctx.counters().entry(name.clone()).or_insert(0);
                *counter += 1;
                *counter
            };
            if depth > 50 {
                return Err(FuncError::new(format!("nested reference name: {name}")));
            }
            let result = ctx
                .execute_named(&name, &args[1])
                .map_err(|e| FuncError::new(e.to_string()));
            *ctx.counters().entry(name).or_insert(1) -= 1;
            result.map(Value::from)
        },
    );
    funcs.insert_context(
        "tpl",
        Signature {
            params: &[GoType::String, GoType::Any],
            variadic: None,
        },
        |ctx, args| {
            let text = args[0].as_str().unwrap_or_default().to_string();
            ctx.parse_and_execute("gotpl", &text, &args[1])
                .map(Value::from)
                .map_err(|e| FuncError::new(e.to_string()))
        },
    );
    funcs
}

fn values(yaml_like: &[(&str, Value)]) -> Value {
    let map = Map::new();
    for (k, v) in yaml_like {
        map.insert(*k, v.clone());
    }
    Value::Map(map)
}

fn data() -> Value {
    let inner = values(&[
        ("b", Value::from("bee")),
        ("n", Value::Nil),
        ("f", Value::Float(3.0)),
        ("i", Value::Int64(7)),
    ]);
    values(&[
        ("a", inner),
        ("s", Value::from("str")),
        (
            "l",
            Value::list(vec![Value::Int(1), Value::from("two"), Value::Nil]),
        ),
        ("m", values(&[("z", Value::Int(26)), ("a", Value::Int(1))])),
        ("empty", Value::list(vec![])),
        ("num", Value::Float(3.0)),
    ])
}

fn render(text: &str) -> Result<String, ExecError> {
    let mut set = TemplateSet::new(test_funcs());
    set.parse_file("t.yaml", text)
        .map_err(|e| panic!("parse error: {e}"))
        .unwrap();
    set.execute("t.yaml", &data())
}

fn ok(text: &str) -> String {
    render(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn err(text: &str) -> String {
    render(text).expect_err(text).to_string()
}

#[test]
fn prints_values_and_missing_keys() {
    assert_eq!(
        ok("{{ .s }} {{ .a.b }} {{ .missing }} {{ .a.n }} {{ .num }} {{ .l }}"),
        "str bee <no value> <no value> 3 [1 two <nil>]"
    );
    assert_eq!(ok("{{ .m }}"), "map[a:1 z:26]");
    assert_eq!(
        ok("{{ 1.5 }} {{ 1e3 }} {{ 0x10 }} {{ 'a' }} {{ true }} {{ \"q\\tx\" }} {{ `r` }}"),
        "1.5 1000 16 97 true q\tx r"
    );
    assert_eq!(ok("{{ (.a).b }} {{ $.s }}"), "bee str");
}

#[test]
fn field_errors_follow_go() {
    assert_eq!(
        err("x: {{ .a.n.b }}"),
        "template: t.yaml:1:8: executing \"t.yaml\" at <.a.n.b>: nil pointer evaluating interface {}.b"
    );
    assert_eq!(
        err("{{ .l.x }}"),
        "template: t.yaml:1:5: executing \"t.yaml\" at <.l.x>: can't evaluate field x in type interface {}"
    );
    assert_eq!(
        err("{{ with .s }}{{ .x }}{{ end }}"),
        "template: t.yaml:1:16: executing \"t.yaml\" at <.x>: can't evaluate field x in type string"
    );
    assert_eq!(
        err("{{ .m.z 1 }}"),
        "template: t.yaml:1:5: executing \"t.yaml\" at <.m.z>: z is not a method but has arguments"
    );
    assert_eq!(ok("{{ $x := .missing }}{{ $x.y }}"), "<no value>");
    assert_eq!(
        err("{{ ((1)).x }}"),
        "template: t.yaml:1:5: executing \"t.yaml\" at <1>: can't evaluate field x in type int"
    );
}

#[test]
fn argument_conversion_follows_go() {
    assert_eq!(
        ok("{{ upper .s }} {{ .s | upper }} {{ addi 1 2 3 }} {{ half 3 }} {{ half .num }}"),
        "STR STR 6 1.5 1.5"
    );
    assert!(err("{{ addi 1.5 }}").ends_with("at <1.5>: expected integer; found 1.5"));
    assert!(err("{{ addi .a.i }}")
        .ends_with("at <.a.i>: wrong type for value; expected int; got int64"));
    assert!(err("{{ wide 1 | addi 1 }}")
        .ends_with("at <1>: wrong type for value; expected int; got int64"));
    assert!(err("{{ upper .missing }}")
        .ends_with("at <.missing>: wrong type for value; expected string; got interface {}"));
    assert!(err("{{ .missing | upper }}").ends_with("at <upper>: invalid value; expected string"));
    assert!(err("{{ upper nil }}").ends_with("at <nil>: cannot assign nil to string"));
    assert_eq!(
        ok("{{ keys nil }} {{ .missing2 | keys }}"),
        "[<nil>] [<nil>]"
    );
    assert!(err("{{ keys .missing2 }}")
        .ends_with("wrong type for value; expected map[string]interface {}; got interface {}"));
    assert!(err("{{ upper 1 }}").ends_with("at <1>: expected string; found 1"));
    assert!(err("{{ upper .s .s }}")
        .ends_with("at <upper>: wrong number of args for upper: want 1 got 2"));
    assert!(err("{{ .s | upper .s }}")
        .ends_with("at <upper>: wrong number of args for upper: want 1 got 2"));
    assert!(err("{{ addi }}")
        .ends_with("at <addi>: wrong number of args for addi: want at least 1 got 0"));
    assert!(err("{{ keys 1 }}")
        .ends_with("at <1>: can't handle 1 for arg of type map[string]interface {}"));
    assert_eq!(
        err("a\n  {{ boom 1 }}"),
        "template: t.yaml:2:5: executing \"t.yaml\" at <boom 1>: error calling boom: boom"
    );
}

#[test]
fn commands_and_literals() {
    assert!(err("{{ nil }}").ends_with("at <nil>: nil is not a command"));
    assert!(err("{{ 9223372036854775808 }}")
        .ends_with("at <9223372036854775808>: 9223372036854775808 overflows int"));
    assert!(err("{{ .s | .s }}").ends_with("at <.s>: s is not a method but has arguments"));
    assert!(err("{{ $x := 1 }}{{ $x 2 }}").ends_with("can't give argument to non-function $x"));
    assert_eq!(ok("{{ 1i }} {{ 2+0i }}"), "(0+1i) (2+0i)");
}

#[test]
fn and_or_short_circuit_and_return_operands() {
    assert_eq!(
        ok("{{ and 1 0 (boom) }}|{{ or 0 \"\" .s (boom) }}|{{ and 1 2 }}|{{ or 0 .missing }}"),
        "0|str|2|<no value>"
    );
    assert_eq!(ok("{{ .s | and 1 }}|{{ 0 | or \"\" }}"), "str|0");
}

#[test]
fn control_structures() {
    assert_eq!(
        ok("{{ if .missing }}a{{ else if .s }}b{{ else }}c{{ end }}"),
        "b"
    );
    assert_eq!(
        ok("{{ with .missing }}a{{ else with .a }}{{ .b }}{{ end }}"),
        "bee"
    );
    assert_eq!(
        ok("{{ range .l }}[{{ . }}]{{ end }}"),
        "[1][two][<no value>]"
    );
    assert_eq!(
        ok("{{ range $i, $v := .m }}{{ $i }}={{ $v }};{{ end }}"),
        "a=1;z=26;"
    );
    assert_eq!(
        ok("{{ range .empty }}x{{ else }}empty{{ end }}{{ range .missing }}x{{ else }}none{{ end }}"),
        "emptynone"
    );
    assert_eq!(
        ok("{{ range 3 }}{{ . }}{{ end }}{{ range $v := 2 }}{{ $v }}{{ end }}{{ range 0 }}x{{ else }}z{{ end }}"),
        "01201z"
    );
    assert_eq!(
        ok("{{ range $i, $e := .l }}{{ if $i }}{{ break }}{{ end }}{{ $e }}{{ end }}"),
        "1"
    );
    assert_eq!(ok("{{ range $i, $e := .l }}{{ $i }}{{ end }}"), "012");
    assert_eq!(
        ok("{{ range $i, $e := .l }}{{ if $i }}{{ continue }}{{ end }}{{ $e }}{{ end }}"),
        "1"
    );
    assert!(err("{{ range .num }}{{ end }}").ends_with("at <.num>: range can't iterate over 3"));
    assert!(err("{{ range .s }}{{ end }}").ends_with("range can't iterate over str"));
    assert!(err("{{ range $i, $v := 3 }}{{ end }}")
        .ends_with("at <3>: can't use 3 to iterate over more than one variable"));
}

#[test]
fn variables_scope_and_assign() {
    assert_eq!(
        ok("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 5 }}{{ end }}{{ $x }}"),
        "2"
    );
    assert_eq!(
        ok("{{ $x := .s }}{{ range .l }}{{ $x }}{{ end }}"),
        "strstrstr"
    );
    assert_eq!(
        ok("{{ range $v := .l }}{{ $v = 0 }}{{ $v }}{{ end }}"),
        "000"
    );
    assert_eq!(ok("{{ with $x := .a }}{{ $x.b }}{{ end }}"), "bee");
}

#[test]
fn templates_defines_and_depth() {
    assert_eq!(
        ok("{{ define \"x\" }}<{{ . }}>{{ end }}{{ template \"x\" .s }}{{ template \"x\" }}"),
        "<str><<no value>>"
    );
    assert_eq!(ok("{{ block \"b\" .s }}[{{ . }}]{{ end }}"), "[str]");
    assert_eq!(
        err("{{ template \"nope\" . }}"),
        "template: t.yaml:1:12: executing \"t.yaml\" at <{{template \"nope\" .}}>: template \"nope\" not defined"
    );
    let message = err("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}");
    assert!(
        message.ends_with("exceeded maximum template depth (100000)"),
        "{message}"
    );
    assert!(message.contains("executing \"r\""));
}

#[test]
fn context_functions_reenter_the_executor() {
    assert_eq!(
        ok("{{ define \"h\" }}{{ .b }}{{ end }}{{ include \"h\" .a | upper }}"),
        "BEE"
    );
    assert_eq!(
        ok("{{ define \"h\" }}{{ .b }}{{ end }}{{ tpl \"{{ include \\\"h\\\" . }}-{{ .b }}\" .a }}"),
        "bee-bee"
    );
    let message = err("{{ tpl \"{{ .x.y.z }}\" . }}");
    assert!(message.ends_with("error calling tpl: template: gotpl:1:5: executing \"gotpl\" at <.x.y.z>: nil pointer evaluating interface {}.y"), "{message}");
    let message =
        err("{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}{{ include \"loop\" . }}");
    assert!(message.contains("nested reference name: loop"), "{message}");
    // tpl's definitions stay in its child set.
    let mut set = TemplateSet::new(test_funcs());
    set.parse_file("t", "{{ tpl \"{{ define \\\"q\\\" }}x{{ end }}\" . }}")
        .unwrap();
    assert_eq!(set.execute("t", &Value::Nil).unwrap(), "");
    assert!(!set.has_template("q"));
}

#[test]
fn execute_unknown_template() {
    let set = TemplateSet::new(FuncMap::new());
    assert_eq!(
        set.execute("nope", &Value::Nil).unwrap_err().to_string(),
        "template: no template \"nope\" associated with template \"gotpl\""
    );
}

#[test]
fn builtins_are_wired_with_go_signatures() {
    assert_eq!(ok("{{ eq .s \"str\" }} {{ ne 1 2 }} {{ not .missing }} {{ len .l }} {{ index .m \"z\" }} {{ printf \"%d-%s\" 3 .s }}"), "true true true 3 26 3-str");
    assert_eq!(
        err("{{ eq .num 1 }}"),
        "template: t.yaml:1:3: executing \"t.yaml\" at <eq .num 1>: error calling eq: incompatible types for comparison: float64 and int"
    );
    assert!(err("{{ printf }}")
        .ends_with("at <printf>: wrong number of args for printf: want at least 1 got 0"));
    assert!(err("{{ printf 1 }}").ends_with("at <1>: expected string; found 1"));
    assert!(err("{{ not 1 2 }}").ends_with("wrong number of args for not: want 1 got 2"));
    assert!(err("{{ call .num }}")
        .ends_with("at <call .num>: error calling call: non-function .num of type float64"));
    assert!(err("{{ call .missing }}").ends_with("error calling call: call of nil"));
    assert!(err("{{ index .l 5 }}").ends_with("error calling index: index out of range: 5"));
}

#[test]
fn table_functions_override_builtins() {
    let mut funcs = test_funcs();
    funcs.insert_native(Function {
        name: "len",
        signature: Signature {
            params: &[GoType::Any],
            variadic: None,
        },
        call: |_| Ok(Value::Int(42)),
    });
    let mut set = TemplateSet::new(funcs);
    set.parse_file("t", "{{ len 1 }}").unwrap();
    assert_eq!(set.execute("t", &Value::Nil).unwrap(), "42");
}

#[test]
fn deep_template_recursion_does_not_overflow() {
    // A template calling itself 1000 times and then stopping (via a shrinking list).
    let mut set = TemplateSet::new(test_funcs());
    set.parse_file(
        "t",
        "{{ define \"d\" }}{{ if . }}.{{ template \"d\" (slice0 .) }}{{ end }}{{ end }}"
            .replace("(slice0 .)", ".rest")
            .as_str(),
    )
    .unwrap();
    let mut data = Value::Nil;
    for _ in 0..1000 {
        let map = Map::new();
        map.insert("rest", data);
        data = Value::Map(map);
    }
    let mut set2 = set.clone();
    set2.parse_file("main", "{{ template \"d\" . }}").unwrap();
    assert_eq!(set2.execute("main", &data).unwrap().len(), 1000);
    assert!(!set.has_template("main"));
}

/// A Helm-like struct: `Versions` is a slice with a `Has` method, `Major` a plain field.
#[derive(Debug)]
struct Versions;

impl crate::value::Object for Versions {
    fn type_name(&self) -> String {
        "common.VersionSet".into()
    }
    fn kind_name(&self) -> &'static str {
        "slice"
    }
    fn field(&self, name: &str) -> Option<Value> {
        (name == "Major").then(|| Value::from("1"))
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        match name {
            "Has" => Some(Ok(Value::Bool(args[0].as_str() == Some("apps/v1")))),
            "Fail" => Some(Err(FuncError::new("\"nope\" is not a table"))),
            _ => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "Has" | "Fail")
    }
    fn method_signature(&self, name: &str) -> Option<Signature> {
        match name {
            "Has" => Some(Signature {
                params: &[GoType::String],
                variadic: None,
            }),
            _ => None,
        }
    }
    fn format_template(&self) -> String {
        "v1.2".into()
    }
    fn format_value(&self) -> String {
        "[apps/v1 v1]".into()
    }
    fn to_json_value(&self) -> Value {
        self.as_collection().unwrap_or(Value::Nil)
    }
    fn as_collection(&self) -> Option<Value> {
        Some(Value::list(vec![Value::from("apps/v1"), Value::from("v1")]))
    }
}

fn render_with_object(text: &str) -> Result<String, ExecError> {
    let mut set = TemplateSet::new(test_funcs());
    set.parse_file("o.yaml", text).unwrap();
    let top = Map::new();
    top.insert("V", Value::Object(std::sync::Arc::new(Versions)));
    set.execute("o.yaml", &Value::Map(top))
}

#[test]
fn objects_have_methods_then_fields() {
    let out = render_with_object("{{ .V.Has \"apps/v1\" }} {{ .V.Has \"x\" }} {{ .V.Major }} {{ .V }} {{ range .V }}[{{ . }}]{{ end }}");
    assert_eq!(out.unwrap(), "true false 1 v1.2 [apps/v1][v1]");
    let message = |text: &str| render_with_object(text).unwrap_err().to_string();
    assert_eq!(
        message("a: {{ .V.Has }}"),
        "template: o.yaml:1:8: executing \"o.yaml\" at <.V.Has>: wrong number of args for Has: want 1 got 0"
    );
    assert!(message("{{ .V.Major 1 }}")
        .ends_with("Major has arguments but cannot be invoked as function"));
    assert!(message("{{ .V.Nope }}").ends_with("can't evaluate field Nope in type interface {}"));
    assert!(message("{{ .V.Major.X }}").ends_with("can't evaluate field X in type string"));
    let failure = render_with_object("{{ .V.Fail \"nope\" }}").unwrap_err();
    assert!(failure
        .to_string()
        .ends_with("at <.V.Fail>: error calling Fail: \"nope\" is not a table"));
    assert!(matches!(failure, ExecError::Node { call: Some(ref c), .. } if c.function == "Fail"));
}
