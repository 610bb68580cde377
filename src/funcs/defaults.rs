//! Sprig's defaults, flow control and reflection functions.
//!
//! `default`, `empty`, `coalesce`, `all` and `any` share one notion of "empty" (Go's zero value
//! of the dynamic type: nil, false, 0, and empty strings, lists and maps; structs never are).
//! `typeOf`, `kindOf`, `typeIs`, `kindIs` and `typeIsLike` print Go's `%T` and `reflect.Kind`
//! names, `deepEqual` is `reflect.DeepEqual` (types must match: `1` and `1.0` differ), and
//! `fail` aborts rendering with its message.

use super::convert::{any_arg, bool_arg, go_empty, string_arg, strval};
use super::function;
use crate::value::{FuncError, Function, GoType, Value};

use GoType::{Any, Bool, String as Str};

/// Nesting beyond which `deepEqual` stops comparing (a map can contain itself through `set`).
const MAX_COMPARE_DEPTH: usize = 10_000;

pub const FUNCTIONS: &[Function] = &[
    function("default", &[Any], Some(Any), default),
    function("empty", &[Any], None, empty),
    function("coalesce", &[], Some(Any), coalesce),
    function("all", &[], Some(Any), all),
    function("any", &[], Some(Any), any),
    function("ternary", &[Any, Any, Bool], None, ternary),
    function("toString", &[Any], None, to_string),
    function("typeOf", &[Any], None, type_of),
    function("typeIs", &[Str, Any], None, type_is),
    function("typeIsLike", &[Str, Any], None, type_is_like),
    function("kindOf", &[Any], None, kind_of),
    function("kindIs", &[Str, Any], None, kind_is),
    function("deepEqual", &[Any, Any], None, deep_equal),
    function("fail", &[Str], None, fail),
];

/// Sprig's `empty`: whether the value is the zero value of its type.
pub fn is_empty(value: &Value) -> bool {
    go_empty(value)
}

/// `reflect.DeepEqual`: same dynamic type and equal contents, recursively; NaN differs from
/// itself; two handles on the same map are equal.
pub fn go_deep_equal(left: &Value, right: &Value) -> bool {
    deep_equal_at(left, right, 0)
}

fn deep_equal_at(left: &Value, right: &Value, depth: usize) -> bool {
    if depth > MAX_COMPARE_DEPTH {
        return false;
    }
    match (left, right) {
        (Value::List(a), Value::List(b)) => {
            a.element_type() == b.element_type()
                && a.is_nil() == b.is_nil()
                && a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|(x, y)| deep_equal_at(x, y, depth + 1))
        }
        (Value::Map(a), Value::Map(b)) => {
            if a.same_map(b) {
                return true;
            }
            let (a, b) = (a.entries(), b.entries());
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && deep_equal_at(va, vb, depth + 1))
        }
        (a, b) => a == b,
    }
}

/// `default fallback [given]`: `given` unless it is missing or empty.
fn default(args: &[Value]) -> Result<Value, FuncError> {
    let fallback = any_arg(args, 0)?;
    match args.get(1) {
        Some(given) if !is_empty(given) => Ok(given.clone()),
        _ => Ok(fallback.clone()),
    }
}

fn empty(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(is_empty(any_arg(args, 0)?)))
}

/// The first non-empty argument, or nil.
fn coalesce(args: &[Value]) -> Result<Value, FuncError> {
    Ok(args
        .iter()
        .find(|v| !is_empty(v))
        .cloned()
        .unwrap_or(Value::Nil))
}

fn all(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(args.iter().all(|v| !is_empty(v))))
}

fn any(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(args.iter().any(|v| !is_empty(v))))
}

/// `ternary if_true if_false condition`.
fn ternary(args: &[Value]) -> Result<Value, FuncError> {
    let chosen = if bool_arg(args, 2)? {
        any_arg(args, 0)?
    } else {
        any_arg(args, 1)?
    };
    Ok(chosen.clone())
}

/// Sprig's `toString` (`strval`): a string as it is and a `[]byte` as the string of its bytes,
/// both keeping bytes that are not valid UTF-8; anything else as `%v` prints it.
fn to_string(args: &[Value]) -> Result<Value, FuncError> {
    Ok(match any_arg(args, 0)? {
        Value::String(s) => Value::String(s.clone()),
        Value::Bytes(bytes) => Value::String(crate::value::Str::from_byte_slice(bytes)),
        other => Value::from(strval(other)),
    })
}

fn type_of(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(any_arg(args, 0)?.type_name()))
}

fn type_is(args: &[Value]) -> Result<Value, FuncError> {
    let target = string_arg(args, 0)?;
    Ok(Value::Bool(any_arg(args, 1)?.type_name() == target))
}

/// `typeIsLike name v`: the type is `name` or a pointer to it.
fn type_is_like(args: &[Value]) -> Result<Value, FuncError> {
    let target = string_arg(args, 0)?;
    let actual = any_arg(args, 1)?.type_name();
    Ok(Value::Bool(
        actual == target || actual.strip_prefix('*') == Some(target),
    ))
}

fn kind_of(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(any_arg(args, 0)?.kind_name()))
}

fn kind_is(args: &[Value]) -> Result<Value, FuncError> {
    let target = string_arg(args, 0)?;
    Ok(Value::Bool(any_arg(args, 1)?.kind_name() == target))
}

fn deep_equal(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(go_deep_equal(
        any_arg(args, 0)?,
        any_arg(args, 1)?,
    )))
}

/// `fail message`: an error carrying exactly the message.
fn fail(args: &[Value]) -> Result<Value, FuncError> {
    Err(FuncError::new(string_arg(args, 0)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::call_in;
    use crate::value::Map;

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        call_in(FUNCTIONS, name, args)
    }

    #[test]
    fn default_replaces_empty_values() {
        let d = Value::from("d");
        for given in [
            Value::from(""),
            Value::Int(0),
            Value::Bool(false),
            Value::Nil,
            Value::list(vec![]),
            Value::Map(Map::new()),
            Value::Float(0.0),
        ] {
            assert_eq!(call("default", &[d.clone(), given]), Ok(d.clone()));
        }
        assert_eq!(
            call("default", &[d.clone(), Value::from(" ")]),
            Ok(Value::from(" "))
        );
        assert_eq!(call("default", std::slice::from_ref(&d)), Ok(d));
    }

    #[test]
    fn empty_coalesce_all_any() {
        assert_eq!(call("empty", &[Value::from("0")]), Ok(Value::Bool(false)));
        assert_eq!(
            call("empty", &[Value::list(vec![Value::Nil])]),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            call(
                "coalesce",
                &[Value::Int(0), Value::from(""), Value::Nil, Value::from("x")]
            ),
            Ok(Value::from("x"))
        );
        assert_eq!(call("coalesce", &[]), Ok(Value::Nil));
        assert_eq!(call("all", &[]), Ok(Value::Bool(true)));
        assert_eq!(
            call("all", &[Value::Int(1), Value::from("")]),
            Ok(Value::Bool(false))
        );
        assert_eq!(call("any", &[]), Ok(Value::Bool(false)));
        assert_eq!(
            call("any", &[Value::Int(0), Value::from("x")]),
            Ok(Value::Bool(true))
        );
    }

    #[test]
    fn ternary_needs_a_bool() {
        let yes = Value::from("yes");
        let no = Value::from("no");
        assert_eq!(
            call("ternary", &[yes.clone(), no.clone(), Value::Bool(false)]),
            Ok(no.clone())
        );
        assert!(call("ternary", &[yes, no, Value::from("true")]).is_err());
    }

    #[test]
    fn to_string_keeps_the_bytes_of_byte_slices() {
        let binary = Value::Bytes(std::sync::Arc::from(&[0xffu8, b'a'][..]));
        let converted = call("toString", &[binary]).unwrap();
        assert_eq!(
            converted,
            Value::String(crate::value::Str::from_byte_slice(&[0xff, b'a']))
        );
    }

    #[test]
    fn reflection_names() {
        assert_eq!(call("typeOf", &[Value::Nil]), Ok(Value::from("<nil>")));
        assert_eq!(
            call("kindOf", &[Value::list(vec![])]),
            Ok(Value::from("slice"))
        );
        assert_eq!(
            call("kindIs", &[Value::from("invalid"), Value::Nil]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("typeIs", &[Value::from("int64"), Value::Int64(3)]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("typeIsLike", &[Value::from("float64"), Value::Float(1.0)]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("typeIsLike", &[Value::from("*float64"), Value::Float(1.0)]),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            call("toString", &[Value::Float(1e6)]),
            Ok(Value::from("1e+06"))
        );
        assert!(call("typeIs", &[Value::Int(1), Value::Int(1)]).is_err());
    }

    #[test]
    fn deep_equality_is_type_strict() {
        assert!(!go_deep_equal(&Value::Int(1), &Value::Float(1.0)));
        assert!(!go_deep_equal(&Value::Int64(3), &Value::Int(3)));
        let a = Map::new();
        a.insert("a", Value::Float(1.0));
        let b = Map::new();
        b.insert("a", Value::Float(1.0));
        assert!(go_deep_equal(&Value::Map(a.clone()), &Value::Map(b)));
        a.insert("self", Value::Map(a.clone()));
        assert!(go_deep_equal(&Value::Map(a.clone()), &Value::Map(a)));
        assert!(!go_deep_equal(
            &Value::Float(f64::NAN),
            &Value::Float(f64::NAN)
        ));
    }

    #[test]
    fn fail_reports_its_message() {
        assert_eq!(call("fail", &[Value::from("boom")]).unwrap_err().0, "boom");
        assert!(call("fail", &[Value::Int(1)]).is_err());
    }
}
