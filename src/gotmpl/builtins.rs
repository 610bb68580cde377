//! The functions Go's text/template predefines, over [`Value`]: `not`, `eq`, `ne`, `lt`,
//! `le`, `gt`, `ge`, `index`, `slice`, `len`, `print`, `printf`, `println`, `html`, `js`,
//! `urlquery`.
//!
//! Each is a [`Function`] with its Go signature so the executor checks arity the same way it
//! does for library functions (Go's builtins take `reflect.Value`s, i.e. any value; a missing
//! value arrives as [`Value::Nil`]). Error texts are Go 1.25's, which Helm 4 prints after
//! `error calling NAME: `. `and`, `or` (short-circuit) and `call` (needs function values)
//! belong to the executor. In Helm, Sprig's `slice` replaces the one here.
//!
//! Known difference: indexing a string or byte slice yields Go's `uint8`; [`Value`] has no
//! such kind, so the byte comes back as an `int` (same printing, different `typeOf`).

use crate::value::fmt::{sprint, sprintf, sprintln};
use crate::value::{FuncError, Function, GoType, Signature, Value};

const ANY: &[GoType] = &[GoType::Any];
const ANY_PAIR: &[GoType] = &[GoType::Any, GoType::Any];

const fn function(
    name: &'static str,
    params: &'static [GoType],
    variadic: bool,
    call: crate::value::NativeFn,
) -> Function {
    let variadic = if variadic { Some(GoType::Any) } else { None };
    Function {
        name,
        signature: Signature { params, variadic },
        call,
    }
}

static BUILTINS: &[Function] = &[
    function("not", ANY, false, not),
    function("eq", ANY, true, eq),
    function("ne", ANY_PAIR, false, ne),
    function("lt", ANY_PAIR, false, lt),
    function("le", ANY_PAIR, false, le),
    function("gt", ANY_PAIR, false, gt),
    function("ge", ANY_PAIR, false, ge),
    function("index", ANY, true, index),
    function("slice", ANY, true, slice),
    function("len", ANY, false, len),
    function("print", &[], true, print),
    Function {
        name: "printf",
        signature: Signature {
            params: &[GoType::String],
            variadic: Some(GoType::Any),
        },
        call: printf,
    },
    function("println", &[], true, println),
    function("html", &[], true, html),
    function("js", &[], true, js),
    function("urlquery", &[], true, urlquery),
];

/// Every builtin of this module.
pub fn builtins() -> &'static [Function] {
    BUILTINS
}

/// The builtin called `name`, if text/template predefines it here.
pub fn builtin(name: &str) -> Option<Function> {
    BUILTINS
        .iter()
        .find(|function| function.name == name)
        .copied()
}

fn argument(args: &[Value], position: usize) -> &Value {
    args.get(position).unwrap_or(&Value::Nil)
}

/// `not x`: the negation of Go's truth of `x`.
pub fn not(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(!argument(args, 0).is_truthy()))
}

/// The comparison classes of Go's `basicKind`: only these compare with `lt` and friends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BasicKind {
    Invalid,
    Bool,
    Int,
    Float,
    String,
}

fn basic_kind(value: &Value) -> BasicKind {
    match value {
        Value::Bool(_) => BasicKind::Bool,
        Value::Int(_) | Value::Int64(_) => BasicKind::Int,
        Value::Float(_) => BasicKind::Float,
        Value::String(_) => BasicKind::String,
        _ => BasicKind::Invalid,
    }
}

/// Go's `reflect.Kind` name, for the rule that values of one kind may be compared for
/// identity (or with nil).
fn reflect_kind(value: &Value) -> &'static str {
    match value {
        Value::Nil => "invalid",
        Value::Bytes(_) | Value::List(_) => "slice",
        Value::Object(object) => object.kind_name(),
        other => other.kind_name(),
    }
}

fn is_comparable(value: &Value) -> bool {
    !matches!(reflect_kind(value), "slice" | "map" | "func")
}

fn incompatible(left: &Value, right: &Value) -> FuncError {
    FuncError::new(format!(
        "incompatible types for comparison: {} and {}",
        left.type_name(),
        right.type_name()
    ))
}

/// Whether `left == right` under Go's `eq` rules for one pair.
fn equal_pair(left: &Value, right: &Value) -> Result<bool, FuncError> {
    let (left_kind, right_kind) = (basic_kind(left), basic_kind(right));
    if left_kind != right_kind {
        // Comparing with a missing value is simply false.
        if left.is_nil() || right.is_nil() {
            return Ok(false);
        }
        return Err(incompatible(left, right));
    }
    Ok(match (left, right) {
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Int(a) | Value::Int64(a), Value::Int(b) | Value::Int64(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a == b,
        (Value::String(a), Value::String(b)) => a == b,
        _ => {
            let (left_reflect, right_reflect) = (reflect_kind(left), reflect_kind(right));
            if left_reflect != right_reflect && !left.is_nil() && !right.is_nil() {
                return Err(FuncError::new(format!(
                    "non-comparable types {}: {}, {}: {}",
                    sprintf("%s", std::slice::from_ref(left)),
                    left.type_name(),
                    right.type_name(),
                    sprintf("%v", std::slice::from_ref(right)),
                )));
            }
            if left.is_nil() || right.is_nil() {
                left.is_nil() == right.is_nil()
            } else if !is_comparable(right) {
                return Err(FuncError::new(format!(
                    "non-comparable type {}: {}",
                    sprintf("%s", std::slice::from_ref(right)),
                    right.type_name()
                )));
            } else {
                match (left, right) {
                    (Value::Object(a), Value::Object(b)) => {
                        // Complex numbers compare by value (Go's complexKind); other
                        // objects are pointers, equal when they are the same one.
                        let (a_any, b_any): (&dyn std::any::Any, &dyn std::any::Any) =
                            (a.as_ref(), b.as_ref());
                        use crate::value::complex::Complex128;
                        match (
                            a_any.downcast_ref::<Complex128>(),
                            b_any.downcast_ref::<Complex128>(),
                        ) {
                            (Some(x), Some(y)) => x == y,
                            _ => std::sync::Arc::ptr_eq(a, b),
                        }
                    }
                    _ => false,
                }
            }
        }
    })
}

/// `eq a b c ...`: true when `a` equals any of the others. Integers of different widths
/// compare by value; int against float, string against int etc. are errors; a missing value
/// equals only another missing value; maps and lists cannot be compared.
pub fn eq(args: &[Value]) -> Result<Value, FuncError> {
    let Some((first, others)) = args.split_first() else {
        return Err(FuncError::new("missing argument for comparison"));
    };
    if others.is_empty() {
        return Err(FuncError::new("missing argument for comparison"));
    }
    for other in others {
        if equal_pair(first, other)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// `ne a b`: the negation of `eq a b`.
pub fn ne(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(!equal_pair(
        argument(args, 0),
        argument(args, 1),
    )?))
}

/// Go's `lt`: both operands must be of the same basic kind, and not bool.
fn less(left: &Value, right: &Value) -> Result<bool, FuncError> {
    let bad_type = || FuncError::new("invalid type for comparison");
    let (left_kind, right_kind) = (basic_kind(left), basic_kind(right));
    if left_kind == BasicKind::Invalid || right_kind == BasicKind::Invalid {
        return Err(bad_type());
    }
    if left_kind != right_kind {
        return Err(incompatible(left, right));
    }
    match (left, right) {
        (Value::Int(a) | Value::Int64(a), Value::Int(b) | Value::Int64(b)) => Ok(a < b),
        (Value::Float(a), Value::Float(b)) => Ok(a < b),
        (Value::String(a), Value::String(b)) => Ok(a.as_bytes() < b.as_bytes()),
        _ => Err(bad_type()),
    }
}

/// `lt a b`.
pub fn lt(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(less(argument(args, 0), argument(args, 1))?))
}

/// `le a b`: `lt` or `eq`.
pub fn le(args: &[Value]) -> Result<Value, FuncError> {
    let (left, right) = (argument(args, 0), argument(args, 1));
    Ok(Value::Bool(less(left, right)? || equal_pair(left, right)?))
}

/// `gt a b`: not `le`.
pub fn gt(args: &[Value]) -> Result<Value, FuncError> {
    let (left, right) = (argument(args, 0), argument(args, 1));
    Ok(Value::Bool(
        !(less(left, right)? || equal_pair(left, right)?),
    ))
}

/// `ge a b`: not `lt`.
pub fn ge(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(!less(argument(args, 0), argument(args, 1))?))
}

/// A Helm object that is a Go slice or map behaves as its elements.
fn as_collection(value: &Value) -> Value {
    match value {
        Value::Object(object) => object.as_collection().unwrap_or_else(|| value.clone()),
        other => other.clone(),
    }
}

/// Go's `indexArg`: an integer operand within `0..=limit`.
fn index_argument(index: &Value, limit: usize) -> Result<usize, FuncError> {
    let position = match index {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Nil => return Err(FuncError::new("cannot index slice/array with nil")),
        other => {
            return Err(FuncError::new(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            )))
        }
    };
    match usize::try_from(position) {
        Ok(position) if position <= limit => Ok(position),
        _ => Err(FuncError::new(format!("index out of range: {position}"))),
    }
}

/// `index x i j ...` is `x[i][j]...`: lists and strings take integer indexes (a string
/// yields a byte), maps take string keys and give nil for a missing key.
pub fn index(args: &[Value]) -> Result<Value, FuncError> {
    let Some((item, indexes)) = args.split_first() else {
        return Err(FuncError::new("index of untyped nil"));
    };
    if item.is_nil() {
        return Err(FuncError::new("index of untyped nil"));
    }
    let mut item = item.clone();
    for index in indexes {
        if item.is_nil() {
            return Err(FuncError::new("index of nil pointer"));
        }
        item = match as_collection(&item) {
            Value::List(items) => {
                let position = index_argument(index, items.len())?;
                items
                    .get(position)
                    .cloned()
                    .ok_or_else(|| FuncError::new("reflect: slice index out of range"))?
            }
            Value::Bytes(bytes) => {
                let position = index_argument(index, bytes.len())?;
                let byte = bytes
                    .get(position)
                    .ok_or_else(|| FuncError::new("reflect: slice index out of range"))?;
                Value::Int(i64::from(*byte))
            }
            Value::String(text) => {
                let position = index_argument(index, text.len())?;
                let byte = text
                    .as_bytes()
                    .get(position)
                    .ok_or_else(|| FuncError::new("reflect: string index out of range"))?;
                Value::Int(i64::from(*byte))
            }
            Value::Map(map) => match index {
                Value::String(key) => map.get(key).unwrap_or(Value::Nil),
                Value::Nil => return Err(FuncError::new("value is nil; should be of type string")),
                other => {
                    return Err(FuncError::new(format!(
                        "value has type {}; should be string",
                        other.type_name()
                    )))
                }
            },
            other => {
                return Err(FuncError::new(format!(
                    "can't index item of type {}",
                    other.type_name()
                )))
            }
        };
    }
    Ok(item)
}

/// Go's builtin `slice x i j k`: `x[i:j:k]` of a list or byte slice, `x[i:j]` of a string
/// (byte offsets). Helm replaces it with Sprig's `slice`.
pub fn slice(args: &[Value]) -> Result<Value, FuncError> {
    let Some((item, indexes)) = args.split_first() else {
        return Err(FuncError::new("slice of untyped nil"));
    };
    if item.is_nil() {
        return Err(FuncError::new("slice of untyped nil"));
    }
    if indexes.len() > 3 {
        return Err(FuncError::new(format!(
            "too many slice indexes: {}",
            indexes.len()
        )));
    }
    let item = as_collection(item);
    let length = match &item {
        Value::String(text) => {
            if indexes.len() == 3 {
                return Err(FuncError::new("cannot 3-index slice a string"));
            }
            text.len()
        }
        Value::List(items) => items.len(),
        Value::Bytes(bytes) => bytes.len(),
        other => {
            return Err(FuncError::new(format!(
                "can't slice item of type {}",
                other.type_name()
            )))
        }
    };
    let mut bounds = [0, length, length];
    for (slot, index) in indexes.iter().enumerate() {
        bounds[slot] = index_argument(index, length)?;
    }
    if bounds[0] > bounds[1] {
        return Err(FuncError::new(format!(
            "invalid slice index: {} > {}",
            bounds[0], bounds[1]
        )));
    }
    if indexes.len() == 3 && bounds[1] > bounds[2] {
        return Err(FuncError::new(format!(
            "invalid slice index: {} > {}",
            bounds[1], bounds[2]
        )));
    }
    let range = bounds[0]..bounds[1];
    Ok(match item {
        Value::String(text) => Value::string(String::from_utf8_lossy(&text.as_bytes()[range])),
        // Re-slicing keeps the slice's Go type (and a nil slice stays nil).
        Value::List(items) => Value::List(items.with_items(items[range].to_vec())),
        Value::Bytes(bytes) => Value::Bytes(bytes[range].into()),
        other => other,
    })
}

/// `len x`: bytes of a string, elements of a list or map.
pub fn len(args: &[Value]) -> Result<Value, FuncError> {
    let item = argument(args, 0);
    if item.is_nil() {
        return Err(FuncError::new("len of nil pointer"));
    }
    let length = match as_collection(item) {
        Value::String(text) => text.byte_len(),
        Value::List(items) => items.len(),
        Value::Bytes(bytes) => bytes.len(),
        Value::Map(map) => map.len(),
        other => return Err(FuncError::new(format!("len of type {}", other.type_name()))),
    };
    Ok(Value::Int(length as i64))
}

/// `print`: Go's `fmt.Sprint`.
pub fn print(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(sprint(args)))
}

/// `printf`: Go's `fmt.Sprintf`; the first argument is the format.
pub fn printf(args: &[Value]) -> Result<Value, FuncError> {
    let Some((format, rest)) = args.split_first() else {
        return Err(FuncError::new(
            "wrong number of args for printf: want at least 1 got 0",
        ));
    };
    let Some(format) = format.as_str() else {
        return Err(FuncError::new(format!(
            "wrong type for value; expected string; got {}",
            format.type_name()
        )));
    };
    Ok(Value::string(sprintf(format, rest)))
}

/// `println`: Go's `fmt.Sprintln`.
pub fn println(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(sprintln(args)))
}

/// The text the escaping builtins work on: a lone string as is, otherwise `fmt.Sprint` of the
/// arguments with missing values printed as `<no value>` (a string, so unspaced).
fn escaper_text(args: &[Value]) -> String {
    if let [Value::String(text)] = args {
        return text.to_string();
    }
    let printable: Vec<Value> = args
        .iter()
        .map(|arg| {
            if arg.is_nil() {
                Value::string("<no value>")
            } else {
                arg.clone()
            }
        })
        .collect();
    sprint(&printable)
}

/// `html`: escapes `"`, `'`, `&`, `<`, `>` as HTML entities and NUL as U+FFFD.
pub fn html(args: &[Value]) -> Result<Value, FuncError> {
    let text = escaper_text(args);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\0' => out.push('\u{fffd}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    Ok(Value::string(out))
}

/// `js`: backslash-escapes quotes and backslashes, writes `<`, `>`, `&`, `=` and control
/// characters as `\uXXXX` (upper-case hex) and non-printable non-ASCII characters likewise.
pub fn js(args: &[Value]) -> Result<Value, FuncError> {
    let text = escaper_text(args);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' | '>' | '&' | '=' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if c < ' ' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if !c.is_ascii() && !crate::value::fmt::quote::is_print(c) => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    Ok(Value::string(out))
}

/// `urlquery`: Go's `url.QueryEscape`: letters, digits and `-_.~` stay, space becomes `+`,
/// every other byte `%XX`.
pub fn urlquery(args: &[Value]) -> Result<Value, FuncError> {
    let text = escaper_text(args);
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    Ok(Value::string(out))
}

#[cfg(test)]
mod tests {
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
}
