//! The functions Helm adds to Sprig's: YAML and JSON conversions and the cluster placeholders,
//! plus Sprig's own JSON writers (`toPrettyJson`, `toRawJson`, `mustFromJson`, ...), which
//! live here beside Helm's JSON functions.
//!
//! Helm's conversions are forgiving by design: `toYaml`/`toJson`/`toYamlPretty` return an
//! empty string when the value cannot be encoded, `fromYaml`/`fromJson` return a map holding
//! the error text under `Error`, and the `...Array` readers return a one-element list with the
//! error text. Only `mustToYaml`/`mustToJson` fail the render. JSON `null` leaves Go's result
//! nil (written as `null` by `toJson`), while YAML `null` leaves the empty map. `toYaml` output loses its final
//! newline. `lookup` always finds nothing (no cluster) and `getHostByName` returns an empty
//! string, as Helm does when DNS lookups are not enabled. `include`, `tpl`, `required` and
//! `fail` need the template set and live in the renderer.

use crate::value::{ElementType, FuncError, Function, GoType, List, Map, Signature, Value};

const ONE_ANY: Signature = Signature {
    params: &[GoType::Any],
    variadic: None,
};
const ONE_STRING: Signature = Signature {
    params: &[GoType::String],
    variadic: None,
};

/// Helm's own functions that need no template context.
pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "toYaml",
        signature: ONE_ANY,
        call: to_yaml,
    },
    Function {
        name: "mustToYaml",
        signature: ONE_ANY,
        call: must_to_yaml,
    },
    Function {
        name: "toYamlPretty",
        signature: ONE_ANY,
        call: to_yaml_pretty,
    },
    Function {
        name: "fromYaml",
        signature: ONE_STRING,
        call: from_yaml,
    },
    Function {
        name: "fromYamlArray",
        signature: ONE_STRING,
        call: from_yaml_array,
    },
    Function {
        name: "toJson",
        signature: ONE_ANY,
        call: to_json,
    },
    Function {
        name: "mustToJson",
        signature: ONE_ANY,
        call: must_to_json,
    },
    Function {
        name: "fromJson",
        signature: ONE_STRING,
        call: from_json,
    },
    Function {
        name: "fromJsonArray",
        signature: ONE_STRING,
        call: from_json_array,
    },
    Function {
        name: "toPrettyJson",
        signature: ONE_ANY,
        call: to_pretty_json,
    },
    Function {
        name: "mustToPrettyJson",
        signature: ONE_ANY,
        call: must_to_pretty_json,
    },
    Function {
        name: "toRawJson",
        signature: ONE_ANY,
        call: to_raw_json,
    },
    Function {
        name: "mustToRawJson",
        signature: ONE_ANY,
        call: to_raw_json,
    },
    Function {
        name: "mustFromJson",
        signature: ONE_STRING,
        call: must_from_json,
    },
    Function {
        name: "lookup",
        signature: Signature {
            params: &[
                GoType::String,
                GoType::String,
                GoType::String,
                GoType::String,
            ],
            variadic: None,
        },
        call: lookup,
    },
    Function {
        name: "getHostByName",
        signature: ONE_STRING,
        call: get_host_by_name,
    },
];

fn argument(args: &[Value]) -> &Value {
    args.first().unwrap_or(&Value::Nil)
}

fn text_argument(args: &[Value]) -> &str {
    argument(args).as_str().unwrap_or_default()
}

fn trim_final_newline(text: String) -> Value {
    match text.strip_suffix('\n') {
        Some(trimmed) => Value::from(trimmed.to_string()),
        None => Value::from(text),
    }
}

fn to_yaml(args: &[Value]) -> Result<Value, FuncError> {
    Ok(crate::yaml::emit::to_yaml(argument(args))
        .map(trim_final_newline)
        .unwrap_or_else(|_| Value::from("")))
}

fn must_to_yaml(args: &[Value]) -> Result<Value, FuncError> {
    crate::yaml::emit::to_yaml(argument(args))
        .map(trim_final_newline)
        .map_err(|error| FuncError::new(error.to_string()))
}

fn to_yaml_pretty(args: &[Value]) -> Result<Value, FuncError> {
    Ok(crate::yaml::emit::to_yaml_pretty(argument(args))
        .map(trim_final_newline)
        .unwrap_or_else(|_| Value::from("")))
}

fn to_json(args: &[Value]) -> Result<Value, FuncError> {
    Ok(crate::value::json::to_json(argument(args), true)
        .map(Value::from)
        .unwrap_or_else(|_| Value::from("")))
}

fn must_to_json(args: &[Value]) -> Result<Value, FuncError> {
    crate::value::json::to_json(argument(args), true)
        .map(Value::from)
        .map_err(|error| FuncError::new(error.to_string()))
}

fn error_map(message: String) -> Value {
    let map = Map::new();
    map.insert("Error", Value::from(message));
    Value::Map(map)
}

fn from_yaml(args: &[Value]) -> Result<Value, FuncError> {
    Ok(match crate::yaml::unmarshal_map(text_argument(args)) {
        Ok(map) => Value::Map(map),
        Err(error) => error_map(error.to_string()),
    })
}

fn from_yaml_array(args: &[Value]) -> Result<Value, FuncError> {
    Ok(match crate::yaml::unmarshal_list(text_argument(args)) {
        Ok(items) => Value::list(items),
        Err(error) => Value::list(vec![Value::from(error.to_string())]),
    })
}

fn from_json(args: &[Value]) -> Result<Value, FuncError> {
    Ok(
        match crate::value::json::from_json_map(text_argument(args)) {
            Ok(Value::Map(map)) => Value::Map(map),
            // JSON null leaves Go's map nil, which `toJson` writes as null.
            Ok(_) => Value::Nil,
            Err(error) => error_map(error.to_string()),
        },
    )
}

fn from_json_array(args: &[Value]) -> Result<Value, FuncError> {
    Ok(
        match crate::value::json::from_json_list(text_argument(args)) {
            Ok(Value::List(items)) => Value::List(items),
            // JSON null leaves the `[]interface{}` nil: still a slice, written back as null.
            Ok(_) => Value::List(List::nil(ElementType::Any)),
            Err(error) => Value::list(vec![Value::from(error.to_string())]),
        },
    )
}

/// Sprig's `toPrettyJson`: two-space indented JSON, empty on failure.
fn to_pretty_json(args: &[Value]) -> Result<Value, FuncError> {
    Ok(crate::value::json::to_json_indent(argument(args), "", "  ")
        .map(Value::from)
        .unwrap_or_else(|_| Value::from("")))
}

fn must_to_pretty_json(args: &[Value]) -> Result<Value, FuncError> {
    crate::value::json::to_json_indent(argument(args), "", "  ")
        .map(Value::from)
        .map_err(|error| FuncError::new(error.to_string()))
}

/// Sprig's `toRawJson`/`mustToRawJson`: JSON without HTML escaping; failures are errors.
fn to_raw_json(args: &[Value]) -> Result<Value, FuncError> {
    crate::value::json::to_json(argument(args), false)
        .map(Value::from)
        .map_err(|error| FuncError::new(error.to_string()))
}

/// Sprig's `mustFromJson`: any JSON value; invalid JSON is an error.
fn must_from_json(args: &[Value]) -> Result<Value, FuncError> {
    crate::value::json::from_json(text_argument(args))
        .map_err(|error| FuncError::new(error.to_string()))
}

fn lookup(_args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Map(Map::new()))
}

fn get_host_by_name(_args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Value]) -> Value {
        let function = FUNCTIONS.iter().find(|f| f.name == name).unwrap();
        (function.call)(args).unwrap()
    }

    #[test]
    fn readers_report_errors_in_band() {
        let result = call("fromJson", &[Value::from("[1]")]);
        let error = result.as_map().unwrap().get("Error").unwrap();
        assert_eq!(
            error,
            Value::from(
                "json: cannot unmarshal array into Go value of type map[string]interface {}"
            )
        );
        let list = call("fromJsonArray", &[Value::from("{")]);
        assert_eq!(list.as_list().unwrap().len(), 1);
        assert_eq!(call("fromJson", &[Value::from("null")]), Value::Nil);
    }

    #[test]
    fn yaml_round_trip_drops_final_newline() {
        let map = Map::new();
        map.insert("a", Value::Int(1));
        assert_eq!(call("toYaml", &[Value::Map(map)]), Value::from("a: 1"));
        assert_eq!(
            call(
                "lookup",
                &[
                    Value::from("v1"),
                    Value::from("Pod"),
                    Value::from(""),
                    Value::from("")
                ]
            ),
            Value::Map(Map::new())
        );
    }
}
