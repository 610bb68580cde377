//! Sprig's list functions.
//!
//! They accept a slice of any Go element type through `reflect` (`[]string` from `splitList`,
//! `[]int` from `until`, Helm's list-like objects) and return new `[]interface{}` values, never
//! changing their input; the exceptions keep Go's result types: `until`/`untilStep` give
//! `[]int`, `chunk` gives `[][]interface{}`, `slice` keeps its input's type, and `rest`,
//! `initial` and `concat` give a nil `[]interface{}` where Sprig builds nothing. Go panics become errors with Go's text: a nil list is a nil pointer
//! dereference, a non-slice is "Cannot find first on type string" and so on; the `must*`
//! variants report the same errors. `slice` is Sprig's (Helm registers it over Go's builtin),
//! so slicing a string fails.

use std::sync::Arc;

use crate::funcs::convert::{
    any_arg, go_float_to_int, int_arg, reflect_kind, slice_items, to_int, NIL_DEREFERENCE,
};
use crate::funcs::defaults::{go_deep_equal, is_empty};
use crate::funcs::function;
use crate::value::{ElementType, FuncError, Function, GoType, List, Value};

use GoType::{Any, Int};

pub const FUNCTIONS: &[Function] = &[
    function("list", &[], Some(Any), list),
    function("tuple", &[], Some(Any), list),
    function("append", &[Any, Any], None, push),
    function("push", &[Any, Any], None, push),
    function("mustAppend", &[Any, Any], None, push),
    function("mustPush", &[Any, Any], None, push),
    function("prepend", &[Any, Any], None, prepend),
    function("mustPrepend", &[Any, Any], None, prepend),
    function("first", &[Any], None, first),
    function("mustFirst", &[Any], None, first),
    function("last", &[Any], None, last),
    function("mustLast", &[Any], None, last),
    function("rest", &[Any], None, rest),
    function("mustRest", &[Any], None, rest),
    function("initial", &[Any], None, initial),
    function("mustInitial", &[Any], None, initial),
    function("reverse", &[Any], None, reverse),
    function("mustReverse", &[Any], None, reverse),
    function("compact", &[Any], None, compact),
    function("mustCompact", &[Any], None, compact),
    function("uniq", &[Any], None, uniq),
    function("mustUniq", &[Any], None, uniq),
    function("without", &[Any], Some(Any), without),
    function("mustWithout", &[Any], Some(Any), without),
    function("has", &[Any, Any], None, has),
    function("mustHas", &[Any, Any], None, has),
    function("slice", &[Any], Some(Any), slice),
    function("mustSlice", &[Any], Some(Any), slice),
    function("chunk", &[Int, Any], None, chunk),
    function("mustChunk", &[Int, Any], None, chunk),
    function("concat", &[], Some(Any), concat),
    function("until", &[Int], None, until),
    function("untilStep", &[Int, Int, Int], None, until_step),
    function("seq", &[], Some(Int), seq),
];

/// The elements of `value` when it is a Go slice or array; otherwise the error Sprig raises,
/// `"<verb> on type <kind>"` style text built by `message`, or Go's nil dereference for nil.
fn items_or(
    value: &Value,
    message: impl FnOnce(&str) -> String,
) -> Result<Arc<Vec<Value>>, FuncError> {
    match slice_items(value) {
        Some(items) => Ok(items),
        None => match reflect_kind(value) {
            None => Err(FuncError::new(NIL_DEREFERENCE)),
            Some(kind) => Err(FuncError::new(message(kind))),
        },
    }
}

fn list(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::list(args.to_vec()))
}

fn push(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot push on type {kind}")
    })?;
    let mut out = items.to_vec();
    out.push(any_arg(args, 1)?.clone());
    Ok(Value::list(out))
}

fn prepend(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot prepend on type {kind}")
    })?;
    let mut out = Vec::with_capacity(items.len() + 1);
    out.push(any_arg(args, 1)?.clone());
    out.extend(items.iter().cloned());
    Ok(Value::list(out))
}

fn first(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot find first on type {kind}")
    })?;
    Ok(items.first().cloned().unwrap_or(Value::Nil))
}

fn last(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot find last on type {kind}")
    })?;
    Ok(items.last().cloned().unwrap_or(Value::Nil))
}

/// Go's nil `[]interface{}`: what Sprig returns where it builds no slice at all.
fn nil_list() -> Value {
    Value::List(List::nil(ElementType::Any))
}

/// All but the first element; a nil slice (not an empty one) for an empty list.
fn rest(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot find rest on type {kind}")
    })?;
    Ok(match items.split_first() {
        Some((_, tail)) => Value::list(tail.to_vec()),
        None => nil_list(),
    })
}

/// All but the last element; a nil slice for an empty list.
fn initial(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot find initial on type {kind}")
    })?;
    Ok(match items.split_last() {
        Some((_, head)) => Value::list(head.to_vec()),
        None => nil_list(),
    })
}

fn reverse(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot find reverse on type {kind}")
    })?;
    Ok(Value::list(items.iter().rev().cloned().collect()))
}

/// The elements that are not `empty`.
fn compact(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot compact on type {kind}")
    })?;
    Ok(Value::list(
        items
            .iter()
            .filter(|item| !is_empty(item))
            .cloned()
            .collect(),
    ))
}

/// The elements without repeats (`reflect.DeepEqual`, so `1` and `1.0` differ), first kept.
fn uniq(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot find uniq on type {kind}")
    })?;
    let mut out: Vec<Value> = Vec::new();
    for item in items.iter() {
        if !out.iter().any(|kept| go_deep_equal(item, kept)) {
            out.push(item.clone());
        }
    }
    Ok(Value::list(out))
}

fn without(args: &[Value]) -> Result<Value, FuncError> {
    let items = items_or(any_arg(args, 0)?, |kind| {
        format!("Cannot find without on type {kind}")
    })?;
    let omitted = args.get(1..).unwrap_or_default();
    Ok(Value::list(
        items
            .iter()
            .filter(|item| !omitted.iter().any(|omit| go_deep_equal(item, omit)))
            .cloned()
            .collect(),
    ))
}

/// `has needle list`: whether an element deep-equals the needle; a nil list has nothing.
fn has(args: &[Value]) -> Result<Value, FuncError> {
    let needle = any_arg(args, 0)?;
    let haystack = any_arg(args, 1)?;
    if haystack.is_nil() {
        return Ok(Value::Bool(false));
    }
    let items = items_or(haystack, |kind| format!("Cannot find has on type {kind}"))?;
    Ok(Value::Bool(
        items.iter().any(|item| go_deep_equal(needle, item)),
    ))
}

/// Sprig's `slice list [start [end]]`: indices converted with cast's `ToInt`; an empty list gives
/// nil; bounds outside the list fail like `reflect.Value.Slice`. The result has the input's
/// type (`slice` of a `[]string` is a `[]string`).
fn slice(args: &[Value]) -> Result<Value, FuncError> {
    let value = any_arg(args, 0)?;
    let items = items_or(value, |kind| {
        format!("list should be type of slice or array but {kind}")
    })?;
    let length = items.len() as i64;
    if length == 0 {
        return Ok(Value::Nil);
    }
    let start = args.get(1).map(to_int).unwrap_or(0);
    let end = args.get(2).map(to_int).unwrap_or(length);
    if start < 0 || end < start || end > length {
        return Err(FuncError::new(
            "reflect.Value.Slice: slice index out of bounds",
        ));
    }
    let range = start as usize..end as usize;
    Ok(match value {
        Value::Bytes(bytes) => Value::Bytes(Arc::from(&bytes[range])),
        Value::List(list) => Value::List(list.with_items(items[range].to_vec())),
        _ => Value::list(items[range].to_vec()),
    })
}

/// `chunk size list`: consecutive pieces of `size` elements, the last one shorter. The piece
/// count is computed in floating point as Sprig does, so a zero or negative size either yields
/// no pieces or fails like Go's `make` with a negative length.
fn chunk(args: &[Value]) -> Result<Value, FuncError> {
    let size = int_arg(args, 0)?;
    let items = items_or(any_arg(args, 1)?, |kind| {
        format!("Cannot chunk type {kind}")
    })?;
    let length = items.len() as i64;
    let make_error = || FuncError::new("runtime error: makeslice: len out of range");
    let count = crate::funcs::convert::go_float_to_int(((length - 1) as f64 / size as f64).floor())
        .wrapping_add(1);
    if count < 0 || count > length.max(1) {
        return Err(make_error());
    }
    let mut chunks = Vec::with_capacity(count as usize);
    for index in 0..count {
        let mut chunk_length = size;
        if index == count - 1 {
            chunk_length = go_float_to_int((length as f64 % size as f64).floor());
            if chunk_length == 0 {
                chunk_length = size;
            }
        }
        if chunk_length < 0 {
            return Err(make_error());
        }
        let mut piece = Vec::with_capacity(chunk_length.min(length) as usize);
        for offset in 0..chunk_length {
            let position = index.wrapping_mul(size).wrapping_add(offset);
            let item = usize::try_from(position)
                .ok()
                .and_then(|p| items.get(p))
                .ok_or_else(|| FuncError::new("reflect: slice index out of range"))?;
            piece.push(item.clone());
        }
        chunks.push(Value::list(piece));
    }
    Ok(Value::typed_list(ElementType::AnyList, chunks))
}

/// `concat list...`: the elements of every list in order, as a `[]interface{}` that is nil
/// when there are no elements at all (Sprig appends to a nil slice).
fn concat(args: &[Value]) -> Result<Value, FuncError> {
    let mut out = Vec::new();
    for value in args {
        let items = items_or(value, |kind| format!("Cannot concat type {kind} as list"))?;
        out.extend(items.iter().cloned());
    }
    Ok(if out.is_empty() {
        nil_list()
    } else {
        Value::list(out)
    })
}

/// Sprig's `untilStep`: from `start` towards `stop` (exclusive) by `step`; empty when the step
/// points away from `stop` or is zero.
pub fn until_step_values(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, FuncError> {
    let mut values = Vec::new();
    // Go would exhaust memory; the list is held to the limit on one value.
    let item_size = std::mem::size_of::<Value>() as u64;
    let max_items = crate::limits::VALUE_SIZE.get() / item_size;
    let mut current = start;
    let ascending = stop >= start;
    if (ascending && step <= 0) || (!ascending && step >= 0) {
        return Ok(values);
    }
    while (ascending && current < stop) || (!ascending && current > stop) {
        if values.len() as u64 >= max_items {
            crate::funcs::check_result_size("until", (values.len() as u64 + 1) * item_size)?;
        }
        values.push(current);
        match current.checked_add(step) {
            Some(next) => current = next,
            None => break,
        }
    }
    Ok(values)
}

/// A Go `[]int`, as `until` and `untilStep` return.
fn int_list(values: Vec<i64>) -> Value {
    Value::typed_list(
        ElementType::Int,
        values.into_iter().map(Value::Int).collect(),
    )
}

fn until(args: &[Value]) -> Result<Value, FuncError> {
    let count = int_arg(args, 0)?;
    let step = if count < 0 { -1 } else { 1 };
    Ok(int_list(until_step_values(0, count, step)?))
}

fn until_step(args: &[Value]) -> Result<Value, FuncError> {
    Ok(int_list(until_step_values(
        int_arg(args, 0)?,
        int_arg(args, 1)?,
        int_arg(args, 2)?,
    )?))
}

/// `seq [start [step]] end`, counting like GNU seq (down when `end < start`), as a string of
/// space-separated numbers.
fn seq(args: &[Value]) -> Result<Value, FuncError> {
    let params = args
        .iter()
        .map(|v| int_arg(std::slice::from_ref(v), 0))
        .collect::<Result<Vec<_>, _>>()?;
    let values = match params[..] {
        [end] => {
            let increment = if end < 1 { -1 } else { 1 };
            until_step_values(1, end.saturating_add(increment), increment)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step_values(start, end.saturating_add(step), step)?
        }
        [start, step, end] => {
            let increment = if end < start { -1 } else { 1 };
            if end < start && step > 0 {
                Vec::new()
            } else {
                until_step_values(start, end.saturating_add(increment), step)?
            }
        }
        _ => Vec::new(),
    };
    let printed: Vec<String> = values.iter().map(i64::to_string).collect();
    Ok(Value::from(printed.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::call_in;

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        call_in(FUNCTIONS, name, args)
    }

    fn ints(values: &[i64]) -> Value {
        Value::list(values.iter().map(|v| Value::Int(*v)).collect())
    }

    fn strs(values: &[&str]) -> Value {
        Value::list(values.iter().map(|v| Value::from(*v)).collect())
    }

    #[test]
    fn append_and_prepend_copy() {
        let original = ints(&[1, 2]);
        assert_eq!(
            call("append", &[original.clone(), Value::Int(3)]),
            Ok(ints(&[1, 2, 3]))
        );
        assert_eq!(original, ints(&[1, 2]));
        assert_eq!(
            call("prepend", &[original, Value::Int(0)]),
            Ok(ints(&[0, 1, 2]))
        );
        let map = Value::Map(crate::value::Map::new());
        assert_eq!(
            call("append", &[map, Value::Int(2)]).unwrap_err().0,
            "Cannot push on type map"
        );
        assert_eq!(
            call("mustPrepend", &[Value::Nil, Value::Int(1)])
                .unwrap_err()
                .0,
            NIL_DEREFERENCE
        );
    }

    #[test]
    fn ends_of_lists() {
        assert_eq!(call("first", &[ints(&[1, 2, 3])]), Ok(Value::Int(1)));
        assert_eq!(call("first", &[ints(&[])]), Ok(Value::Nil));
        assert_eq!(call("last", &[strs(&["a", "b"])]), Ok(Value::from("b")));
        assert_eq!(call("rest", &[ints(&[1, 2, 3])]), Ok(ints(&[2, 3])));
        assert_eq!(call("rest", &[ints(&[])]), Ok(nil_list()));
        assert_eq!(call("initial", &[ints(&[])]), Ok(nil_list()));
        assert_eq!(call("rest", &[ints(&[1])]), Ok(ints(&[])));
        assert_eq!(call("initial", &[ints(&[1, 2, 3])]), Ok(ints(&[1, 2])));
        assert_eq!(
            call("first", &[Value::from("abc")]).unwrap_err().0,
            "Cannot find first on type string"
        );
        assert_eq!(
            call("mustFirst", &[Value::Int(5)]).unwrap_err().0,
            "Cannot find first on type int"
        );
        assert_eq!(call("first", &[Value::Nil]).unwrap_err().0, NIL_DEREFERENCE);
    }

    #[test]
    fn uniq_without_has_use_deep_equality() {
        let mixed = Value::list(vec![
            Value::Int(1),
            Value::Float(1.0),
            Value::from("1"),
            Value::Int(1),
        ]);
        assert_eq!(
            call("uniq", &[mixed]),
            Ok(Value::list(vec![
                Value::Int(1),
                Value::Float(1.0),
                Value::from("1")
            ]))
        );
        assert_eq!(
            call("without", &[ints(&[1, 2, 3, 2]), Value::Int(2)]),
            Ok(ints(&[1, 3]))
        );
        assert_eq!(
            call("without", &[ints(&[1, 2, 3]), Value::Int(1), Value::Int(3)]),
            Ok(ints(&[2]))
        );
        assert_eq!(
            call("has", &[Value::Int(1), ints(&[1, 2])]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("has", &[Value::from("1"), ints(&[1, 2])]),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            call("has", &[Value::Int(1), Value::Nil]),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            call("has", &[Value::Nil, Value::list(vec![Value::Nil])]),
            Ok(Value::Bool(true))
        );
        assert!(call("has", &[Value::Int(1), Value::from("1")]).is_err());
    }

    #[test]
    fn compact_drops_empty_values() {
        let mixed = Value::list(vec![
            Value::Int(1),
            Value::Int(0),
            Value::from(""),
            Value::Nil,
            Value::Bool(false),
            Value::from("a"),
            Value::list(vec![]),
            Value::Float(0.0),
        ]);
        assert_eq!(
            call("compact", &[mixed]),
            Ok(Value::list(vec![Value::Int(1), Value::from("a")]))
        );
    }

    #[test]
    fn results_keep_go_slice_types() {
        let strings = Value::string_list(["a", "b", "c"]);
        let sliced = call("slice", &[strings.clone(), Value::Int(1)]).unwrap();
        assert_eq!(sliced, Value::string_list(["b", "c"]));
        let until = call("until", &[Value::Int(3)]).unwrap();
        assert_eq!(
            call("slice", &[until.clone(), Value::Int(2)])
                .unwrap()
                .type_name(),
            "[]int"
        );
        for name in ["uniq", "reverse", "compact", "rest", "initial"] {
            let result = call(name, std::slice::from_ref(&strings)).unwrap();
            assert_eq!(result.type_name(), "[]interface {}", "{name}");
        }
        // reflect.DeepEqual tells a []string from a []interface{} with the same elements.
        let anys = strs(&["a", "b", "c"]);
        assert_eq!(
            call("has", &[anys.clone(), Value::list(vec![strings.clone()])]),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            call(
                "uniq",
                &[Value::list(vec![strings.clone(), anys.clone(), strings])]
            )
            .unwrap()
            .as_list()
            .map(<[Value]>::len),
            Some(2)
        );
    }

    #[test]
    fn slicing() {
        let list = ints(&[1, 2, 3, 4]);
        assert_eq!(
            call("slice", &[list.clone(), Value::Int(1)]),
            Ok(ints(&[2, 3, 4]))
        );
        assert_eq!(
            call("slice", &[list.clone(), Value::Int(1), Value::Int(3)]),
            Ok(ints(&[2, 3]))
        );
        assert_eq!(call("slice", std::slice::from_ref(&list)), Ok(list.clone()));
        assert_eq!(
            call("slice", &[list.clone(), Value::from("1")]),
            Ok(ints(&[2, 3, 4]))
        );
        assert_eq!(
            call("slice", &[list, Value::Int(3), Value::Int(1)])
                .unwrap_err()
                .0,
            "reflect.Value.Slice: slice index out of bounds"
        );
        assert_eq!(
            call("slice", &[Value::from("abc"), Value::Int(1)])
                .unwrap_err()
                .0,
            "list should be type of slice or array but string"
        );
        assert_eq!(call("slice", &[ints(&[])]), Ok(Value::Nil));
    }

    #[test]
    fn chunking() {
        let chunks = call("chunk", &[Value::Int(2), ints(&[1, 2, 3, 4, 5])]).unwrap();
        let pieces = |items: Vec<Value>| Value::typed_list(ElementType::AnyList, items);
        assert_eq!(
            chunks,
            pieces(vec![ints(&[1, 2]), ints(&[3, 4]), ints(&[5])])
        );
        assert_eq!(chunks.type_name(), "[][]interface {}");
        assert_eq!(
            call("chunk", &[Value::Int(2), ints(&[])]),
            Ok(pieces(vec![]))
        );
        assert_eq!(
            call("chunk", &[Value::Int(-1), ints(&[1, 2])]),
            Ok(pieces(vec![]))
        );
        assert_eq!(
            call("chunk", &[Value::Int(0), ints(&[1, 2])])
                .unwrap_err()
                .0,
            "runtime error: makeslice: len out of range"
        );
        assert_eq!(
            call("chunk", &[Value::Int(2), Value::from("ab")])
                .unwrap_err()
                .0,
            "Cannot chunk type string"
        );
    }

    #[test]
    fn concatenation() {
        assert_eq!(
            call("concat", &[ints(&[1, 2]), ints(&[3]), ints(&[])]),
            Ok(ints(&[1, 2, 3]))
        );
        assert_eq!(call("concat", &[]), Ok(nil_list()));
        let nothing = call("concat", &[ints(&[]), strs(&[])]).unwrap();
        assert_eq!(nothing, nil_list());
        assert_eq!(nothing.type_name(), "[]interface {}");
        assert_eq!(nothing.kind_name(), "slice");
        assert_eq!(call("uniq", std::slice::from_ref(&nothing)), Ok(ints(&[])));
        assert_eq!(crate::value::json::to_json(&nothing, true).unwrap(), "null");
        assert_eq!(
            call("concat", &[ints(&[1]), Value::Int(2)]).unwrap_err().0,
            "Cannot concat type int as list"
        );
        assert_eq!(
            call("concat", &[ints(&[1]), Value::Nil]).unwrap_err().0,
            NIL_DEREFERENCE
        );
    }

    #[test]
    fn ranges() {
        let go_ints = |values: &[i64]| int_list(values.to_vec());
        assert_eq!(call("until", &[Value::Int(3)]), Ok(go_ints(&[0, 1, 2])));
        assert_eq!(call("until", &[Value::Int(-3)]), Ok(go_ints(&[0, -1, -2])));
        assert_eq!(
            call("until", &[Value::Int(2)]).unwrap().type_name(),
            "[]int"
        );
        let step = |a, b, c| call("untilStep", &[Value::Int(a), Value::Int(b), Value::Int(c)]);
        assert_eq!(step(0, 10, 3), Ok(go_ints(&[0, 3, 6, 9])));
        assert_eq!(step(10, 0, -3), Ok(go_ints(&[10, 7, 4, 1])));
        assert_eq!(step(0, 5, 0), Ok(go_ints(&[])));
        assert_eq!(step(0, 5, 0).unwrap().type_name(), "[]int");
        assert!(call("until", &[Value::Int(i64::MAX)]).is_err());
        let seq = |values: &[i64]| {
            call(
                "seq",
                &values.iter().map(|v| Value::Int(*v)).collect::<Vec<_>>(),
            )
        };
        assert_eq!(seq(&[5]), Ok(Value::from("1 2 3 4 5")));
        assert_eq!(seq(&[5, 1]), Ok(Value::from("5 4 3 2 1")));
        assert_eq!(seq(&[1, 2, 10]), Ok(Value::from("1 3 5 7 9")));
        assert_eq!(seq(&[10, -3, 1]), Ok(Value::from("10 7 4 1")));
        assert_eq!(seq(&[0]), Ok(Value::from("1 0")));
        assert_eq!(seq(&[2, 2]), Ok(Value::from("2")));
        assert_eq!(seq(&[]), Ok(Value::from("")));
        assert!(call("until", &[Value::from("3")]).is_err());
    }
}
