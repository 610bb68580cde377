//! Helpers the family test modules share: calling a function from a family table by its
//! template name, and reading a string result.

use crate::value::{FuncError, Function, Value};

/// Calls the function registered as `name` in `table`; a name missing from the table fails the
/// calling test.
pub(crate) fn call_in(table: &[Function], name: &str, args: &[Value]) -> Result<Value, FuncError> {
    let function = table
        .iter()
        .find(|function| function.name == name)
        .unwrap_or_else(|| panic!("{name} is not registered in this table"));
    (function.call)(args)
}

/// The string `name` returns for `args`; an error or a non-string result fails the calling test.
pub(crate) fn string_result(table: &[Function], name: &str, args: &[Value]) -> String {
    match call_in(table, name, args) {
        Ok(Value::String(out)) => out.to_string(),
        other => panic!("{name}: {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_by_name_and_reads_strings() {
        let table = crate::funcs::strings::basic::FUNCTIONS;
        assert_eq!(string_result(table, "upper", &[Value::from("ab")]), "AB");
        assert_eq!(
            string_result(table, "repeat", &[Value::Int(2), Value::from("ab")]),
            "abab"
        );
        assert!(call_in(table, "repeat", &[Value::Int(-1), Value::from("ab")]).is_err());
    }

    #[test]
    #[should_panic(expected = "notAFunction is not registered")]
    fn an_unknown_name_fails_the_test() {
        let _ = call_in(crate::funcs::strings::basic::FUNCTIONS, "notAFunction", &[]);
    }
}
