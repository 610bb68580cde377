//! The executor's view of a value: Go's `reflect.Value` distinguishes an invalid value (a
//! missing pipeline result), a value whose static type is `interface{}` (anything read from a
//! map or list element) and a concretely typed value. The distinction shows in error messages
//! (`got interface {}`, `can't evaluate field x in type interface {}`) and in whether a nil is
//! accepted, so [`Val`] keeps it.

use crate::value::{fmt::format_v, ElementType, GoType, Value};

#[derive(Clone, Debug)]
pub enum Val {
    /// Go's invalid `reflect.Value`: a nil pipeline result, `$x := .missing`.
    Invalid,
    /// A value held in an `interface{}` slot (map values, list elements); may be nil.
    Interface(Value),
    /// A value of its own concrete type.
    Direct(Value),
}

impl Val {
    /// A map or list element.
    pub fn element(value: Value) -> Val {
        Val::Interface(value)
    }

    /// The value a pipeline stage yields: Go digs one level into `interface{}` values, so a
    /// nil becomes invalid and anything else takes its concrete type.
    pub fn unwrap_interface(self) -> Val {
        match self {
            Val::Interface(Value::Nil) | Val::Direct(Value::Nil) => Val::Invalid,
            Val::Interface(value) => Val::Direct(value),
            other => other,
        }
    }

    /// The underlying value (invalid is nil).
    pub fn value(&self) -> Value {
        match self {
            Val::Invalid => Value::Nil,
            Val::Interface(value) | Val::Direct(value) => value.clone(),
        }
    }

    pub fn as_value(&self) -> Option<&Value> {
        match self {
            Val::Invalid => None,
            Val::Interface(value) | Val::Direct(value) => Some(value),
        }
    }

    /// Go's `%s` of the value's static type in field errors.
    pub fn static_type_name(&self) -> String {
        match self {
            Val::Invalid => "<nil>".to_string(),
            Val::Interface(_) => "interface {}".to_string(),
            Val::Direct(value) => value.type_name(),
        }
    }

    /// text/template's truth: invalid and empty values are false.
    pub fn is_true(&self) -> bool {
        match self {
            Val::Invalid => false,
            Val::Interface(value) | Val::Direct(value) => value.is_truthy(),
        }
    }

    /// What `{{ pipeline }}` writes: `<no value>` for a missing value, the object's template
    /// form for Helm structs, `%v` otherwise.
    pub fn print(&self, out: &mut String) {
        match self.as_value() {
            None | Some(Value::Nil) => out.push_str("<no value>"),
            Some(Value::String(s)) => out.push_str(s),
            Some(Value::Object(object)) => out.push_str(&object.format_template()),
            Some(value) => out.push_str(&format_v(value)),
        }
    }
}

/// Why a value cannot be passed as a parameter: Go's message, without location.
pub fn validate_type(val: &Val, param: GoType) -> Result<Value, String> {
    let accepts_nil = matches!(
        param,
        GoType::Any | GoType::List | GoType::StringList | GoType::Map | GoType::Bytes
    );
    let value = match val {
        Val::Invalid => {
            return if accepts_nil {
                Ok(Value::Nil)
            } else {
                Err(format!("invalid value; expected {}", param.go_name()))
            };
        }
        Val::Interface(Value::Nil) => {
            return if param == GoType::Any {
                Ok(Value::Nil)
            } else {
                Err(format!(
                    "wrong type for value; expected {}; got interface {{}}",
                    param.go_name()
                ))
            };
        }
        Val::Interface(value) | Val::Direct(value) => value,
    };
    let ok = match (param, value) {
        (GoType::Any, _) => true,
        (GoType::String, Value::String(_)) => true,
        (GoType::Int, Value::Int(_)) => true,
        (GoType::Int64, Value::Int64(_)) => true,
        (GoType::Float64, Value::Float(_)) => true,
        (GoType::Bool, Value::Bool(_)) => true,
        // Go slices are only assignable to parameters of the same slice type: a `[]string`
        // is no `[]interface{}`, and the reverse.
        (GoType::List, Value::List(items)) => items.element_type() == ElementType::Any,
        (GoType::StringList, Value::List(items)) => items.element_type() == ElementType::String,
        (GoType::Map, Value::Map(_)) => true,
        (GoType::Bytes, Value::Bytes(_)) => true,
        (GoType::Map | GoType::List | GoType::StringList, Value::Object(object)) => {
            return match (param, object.as_collection()) {
                (GoType::Map, Some(map @ Value::Map(_))) => Ok(map),
                (GoType::List | GoType::StringList, Some(list @ Value::List(_))) => Ok(list),
                _ => Err(wrong_type(param, value)),
            };
        }
        _ => false,
    };
    if ok {
        Ok(value.clone())
    } else {
        Err(wrong_type(param, value))
    }
}

fn wrong_type(param: GoType, value: &Value) -> String {
    format!(
        "wrong type for value; expected {}; got {}",
        param.go_name(),
        value.type_name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nil_handling_depends_on_static_type() {
        assert_eq!(
            validate_type(&Val::Invalid, GoType::String).unwrap_err(),
            "invalid value; expected string"
        );
        assert_eq!(
            validate_type(&Val::Interface(Value::Nil), GoType::String).unwrap_err(),
            "wrong type for value; expected string; got interface {}"
        );
        assert_eq!(
            validate_type(&Val::Invalid, GoType::Map).unwrap(),
            Value::Nil
        );
        assert_eq!(
            validate_type(&Val::Interface(Value::Nil), GoType::Any).unwrap(),
            Value::Nil
        );
    }

    #[test]
    fn concrete_types_must_match() {
        assert_eq!(
            validate_type(&Val::Direct(Value::Int64(1)), GoType::Int).unwrap_err(),
            "wrong type for value; expected int; got int64"
        );
        assert_eq!(
            validate_type(&Val::Interface(Value::from("x")), GoType::String).unwrap(),
            Value::from("x")
        );
        assert_eq!(
            validate_type(&Val::Direct(Value::list(vec![])), GoType::String).unwrap_err(),
            "wrong type for value; expected string; got []interface {}"
        );
    }

    #[test]
    fn slices_must_have_the_parameter_element_type() {
        let strings = Value::string_list(["a"]);
        assert_eq!(
            validate_type(&Val::Direct(strings.clone()), GoType::List).unwrap_err(),
            "wrong type for value; expected []interface {}; got []string"
        );
        assert_eq!(
            validate_type(&Val::Direct(strings.clone()), GoType::StringList).unwrap(),
            strings
        );
        let anys = Value::list(vec![Value::from("a")]);
        assert_eq!(
            validate_type(&Val::Direct(anys.clone()), GoType::StringList).unwrap_err(),
            "wrong type for value; expected []string; got []interface {}"
        );
        assert_eq!(
            validate_type(&Val::Direct(anys.clone()), GoType::List).unwrap(),
            anys
        );
    }

    #[test]
    fn printing_and_unwrapping() {
        let mut out = String::new();
        Val::Interface(Value::Nil)
            .unwrap_interface()
            .print(&mut out);
        Val::Direct(Value::Float(1e6)).print(&mut out);
        assert_eq!(out, "<no value>1e+06");
        assert!(matches!(
            Val::Interface(Value::Int(1)).unwrap_interface(),
            Val::Direct(Value::Int(1))
        ));
    }
}
