//! Typed access to the arguments of a function call.
//!
//! The template executor has already converted every argument to the Go parameter type the
//! function declares, so these accessors only unpack the [`Value`] variant; a mismatch means the
//! executor and the declared signature disagree, reported as an error rather than a panic.

use crate::value::{FuncError, Value};

/// The argument at `index`, or an error naming the missing position.
pub fn argument(args: &[Value], index: usize) -> Result<&Value, FuncError> {
    args.get(index)
        .ok_or_else(|| FuncError::new(format!("missing argument {}", index + 1)))
}

/// A `string` parameter.
pub fn string_argument(args: &[Value], index: usize) -> Result<&str, FuncError> {
    match argument(args, index)? {
        Value::String(text) => Ok(text),
        other => Err(wrong_type("string", other)),
    }
}

/// An `int` (or `int64`) parameter.
pub fn int_argument(args: &[Value], index: usize) -> Result<i64, FuncError> {
    match argument(args, index)? {
        Value::Int(number) | Value::Int64(number) => Ok(*number),
        other => Err(wrong_type("int", other)),
    }
}

/// A `[]interface{}` parameter; Go passes nil as an empty (nil) slice.
pub fn list_argument(args: &[Value], index: usize) -> Result<Vec<Value>, FuncError> {
    match argument(args, index)? {
        Value::List(items) => Ok(items.as_ref().clone()),
        Value::Nil => Ok(Vec::new()),
        other => Err(wrong_type("[]interface {}", other)),
    }
}

/// Go's text/template wording for an argument of the wrong type.
pub fn wrong_type(expected: &str, got: &Value) -> FuncError {
    FuncError::new(format!(
        "wrong type for value; expected {expected}; got {}",
        got.type_name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_unpack_or_report_the_type() {
        let args = vec![Value::from("x"), Value::Int(3), Value::Nil];
        assert_eq!(string_argument(&args, 0), Ok("x"));
        assert_eq!(int_argument(&args, 1), Ok(3));
        assert_eq!(list_argument(&args, 2), Ok(vec![]));
        assert_eq!(
            string_argument(&args, 1).unwrap_err().0,
            "wrong type for value; expected string; got int"
        );
        assert!(argument(&args, 5).is_err());
    }
}
