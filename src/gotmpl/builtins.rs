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
#[path = "builtins_tests.rs"]
mod tests;
