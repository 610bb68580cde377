//! Sprig's functions between strings and lists of strings.
//!
//! `split` and `splitn` return maps keyed `_0`, `_1`, ... (so templates can write
//! `(split "." $v)._1`), `splitList` a list; all three follow Go's `strings.SplitN` (an empty
//! separator splits into runes, a limit of 0 gives nothing). `join`, `sortAlpha` and `toStrings`
//! read any Go slice through Sprig's `strslice`, which drops nil elements and prints the rest
//! with `strval`.

use crate::funcs::convert::{any_arg, int_arg, slice_items, string_arg, string_list, strval};
use crate::funcs::function;
use crate::value::{FuncError, Function, GoType, Map, Value};

use GoType::{Any, Int, String as Str};

pub const FUNCTIONS: &[Function] = &[
    function("split", &[Str, Str], None, split),
    function("splitList", &[Str, Str], None, split_list),
    function("splitn", &[Str, Int, Str], None, splitn),
    function("join", &[Str, Any], None, join),
    function("sortAlpha", &[Any], None, sort_alpha),
    function("toStrings", &[Any], None, to_strings),
];

fn text(s: impl Into<String>) -> Result<Value, FuncError> {
    Ok(Value::from(s.into()))
}

/// `strings.SplitN(s, sep, n)`: `n < 0` splits everywhere, `n == 0` gives nothing, otherwise at
/// most `n` pieces; an empty separator splits into runes.
pub fn go_split(s: &str, separator: &str, limit: i64) -> Vec<String> {
    if limit == 0 {
        return Vec::new();
    }
    let limit = if limit < 0 {
        usize::MAX
    } else {
        usize::try_from(limit).unwrap_or(usize::MAX)
    };
    if separator.is_empty() {
        let mut pieces: Vec<String> = Vec::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if pieces.len() + 1 == limit {
                break;
            }
            pieces.push(c.to_string());
            rest = &rest[c.len_utf8()..];
        }
        if !rest.is_empty() {
            pieces.push(rest.to_string());
        }
        return pieces;
    }
    s.splitn(limit, separator).map(str::to_string).collect()
}

/// Sprig's split results: a map from `_0`, `_1`, ... to the pieces.
fn pieces_map(pieces: Vec<String>) -> Value {
    let map = Map::new();
    for (index, piece) in pieces.into_iter().enumerate() {
        map.insert(format!("_{index}"), Value::from(piece));
    }
    Value::Map(map)
}

fn split(args: &[Value]) -> Result<Value, FuncError> {
    let separator = string_arg(args, 0)?;
    Ok(pieces_map(go_split(string_arg(args, 1)?, separator, -1)))
}

fn split_list(args: &[Value]) -> Result<Value, FuncError> {
    let separator = string_arg(args, 0)?;
    Ok(string_list(go_split(string_arg(args, 1)?, separator, -1)))
}

fn splitn(args: &[Value]) -> Result<Value, FuncError> {
    let separator = string_arg(args, 0)?;
    let limit = int_arg(args, 1)?;
    Ok(pieces_map(go_split(string_arg(args, 2)?, separator, limit)))
}

/// Sprig's `strslice`: a slice's non-nil elements as strings, nil as no strings, and any other
/// value as a one-element list of its `strval`.
pub fn string_slice(value: &Value) -> Vec<String> {
    match slice_items(value) {
        Some(items) => items.iter().filter(|v| !v.is_nil()).map(strval).collect(),
        None if value.is_nil() => Vec::new(),
        None => vec![strval(value)],
    }
}

fn join(args: &[Value]) -> Result<Value, FuncError> {
    let separator = string_arg(args, 0)?;
    text(string_slice(any_arg(args, 1)?).join(separator))
}

/// `sortAlpha`: a slice's elements as strings in byte order; a non-slice (even nil) becomes a
/// one-element list of its `strval`.
fn sort_alpha(args: &[Value]) -> Result<Value, FuncError> {
    let value = any_arg(args, 0)?;
    let mut strings = match slice_items(value) {
        Some(_) => string_slice(value),
        None => vec![strval(value)],
    };
    strings.sort();
    Ok(string_list(strings))
}

fn to_strings(args: &[Value]) -> Result<Value, FuncError> {
    Ok(string_list(string_slice(any_arg(args, 0)?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call_in, string_result};

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        call_in(FUNCTIONS, name, args)
    }

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    fn ok_str(name: &str, args: &[Value]) -> String {
        string_result(FUNCTIONS, name, args)
    }

    #[test]
    fn splitting_and_joining() {
        let split_map = call("split", &[s("$"), s("foo$bar$baz")]).unwrap();
        let map = split_map.as_map().unwrap();
        assert_eq!(map.get("_1"), Some(s("bar")));
        assert_eq!(map.len(), 3);
        let list = |items: &[&str]| Value::string_list(items.iter().copied());
        assert_eq!(
            call("splitList", &[s(","), s("a,b,,c")]),
            Ok(list(&["a", "b", "", "c"]))
        );
        assert_eq!(call("splitList", &[s(","), s("")]), Ok(list(&[""])));
        assert_eq!(
            call("splitList", &[s(""), s("abc")]),
            Ok(list(&["a", "b", "c"]))
        );
        assert_eq!(go_split("a,b,c", ",", 2), ["a", "b,c"]);
        assert!(go_split("a,b,c", ",", 0).is_empty());
        assert_eq!(go_split("abc", "", 2), ["a", "bc"]);
        let mixed = Value::list(vec![
            Value::Int(1),
            Value::Float(2.5),
            Value::Bool(true),
            Value::Nil,
            s("x"),
        ]);
        assert_eq!(ok_str("join", &[s("-"), mixed]), "1-2.5-true-x");
        assert_eq!(ok_str("join", &[s(","), s("abc")]), "abc");
        let unsorted = list(&["b", "a", "C", "10", "9"]);
        assert_eq!(
            call("sortAlpha", &[unsorted]),
            Ok(list(&["10", "9", "C", "a", "b"]))
        );
        assert_eq!(call("sortAlpha", &[Value::Nil]), Ok(list(&["<nil>"])));
        assert_eq!(call("toStrings", &[Value::Nil]), Ok(list(&[])));
    }

    #[test]
    fn wrong_argument_types_are_errors() {
        assert!(call("splitn", &[s(","), s("2"), s("a,b")]).is_err());
        assert!(call("join", &[Value::Int(1), s("a")]).is_err());
    }
}
