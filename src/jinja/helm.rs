//! Helm's own template functions that Jinja manifests need besides the Sprig library:
//! `toYaml`, `toJson`, `toPrettyJson`, `toRawJson`, `fromYaml`, `fromJson` and `required`.
//!
//! They behave as in Helm charts: `toYaml` is go-yaml v2's output without its final newline
//! (empty on failure), the JSON writers are Go's `encoding/json` (HTML characters escaped
//! except by `toRawJson`), the readers return a map holding `Error` when the text is not a
//! map, and `required` fails with its message when the value is nil or an empty string.

use crate::value::{FuncError, Function, GoType, Map, Signature, Value};

const ONE_ANY: Signature = Signature {
    params: &[GoType::Any],
    variadic: None,
};
const ONE_STRING: Signature = Signature {
    params: &[GoType::String],
    variadic: None,
};
const MESSAGE_AND_VALUE: Signature = Signature {
    params: &[GoType::String, GoType::Any],
    variadic: None,
};

/// The table registered next to the library.
pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "toYaml",
        signature: ONE_ANY,
        call: to_yaml,
    },
    Function {
        name: "toJson",
        signature: ONE_ANY,
        call: to_json,
    },
    Function {
        name: "toPrettyJson",
        signature: ONE_ANY,
        call: to_pretty_json,
    },
    Function {
        name: "toRawJson",
        signature: ONE_ANY,
        call: to_raw_json,
    },
    Function {
        name: "fromYaml",
        signature: ONE_STRING,
        call: from_yaml,
    },
    Function {
        name: "fromJson",
        signature: ONE_STRING,
        call: from_json,
    },
    Function {
        name: "required",
        signature: MESSAGE_AND_VALUE,
        call: required,
    },
];

fn first(args: &[Value]) -> &Value {
    args.first().unwrap_or(&Value::Nil)
}

fn to_yaml(args: &[Value]) -> Result<Value, FuncError> {
    let text = crate::yaml::emit::to_yaml(first(args)).unwrap_or_default();
    Ok(Value::from(
        text.strip_suffix('\n').unwrap_or(&text).to_string(),
    ))
}

fn to_json(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(
        crate::value::json::to_json(first(args), true).unwrap_or_default(),
    ))
}

fn to_raw_json(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(
        crate::value::json::to_json(first(args), false).unwrap_or_default(),
    ))
}

fn to_pretty_json(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(
        crate::value::json::to_json_indent(first(args), "", "  ").unwrap_or_default(),
    ))
}

fn error_map(message: String) -> Value {
    let map = Map::new();
    map.insert("Error", Value::from(message));
    Value::Map(map)
}

fn from_yaml(args: &[Value]) -> Result<Value, FuncError> {
    let text = first(args).as_str().unwrap_or_default();
    Ok(crate::yaml::unmarshal_map(text)
        .map(Value::Map)
        .unwrap_or_else(|error| error_map(error.to_string())))
}

fn from_json(args: &[Value]) -> Result<Value, FuncError> {
    let text = first(args).as_str().unwrap_or_default();
    Ok(
        crate::value::json::from_json_map(text)
            .unwrap_or_else(|error| error_map(error.to_string())),
    )
}

fn required(args: &[Value]) -> Result<Value, FuncError> {
    let message = first(args).as_str().unwrap_or_default();
    let value = args.get(1).cloned().unwrap_or(Value::Nil);
    match &value {
        Value::Nil => Err(FuncError::new(message)),
        Value::String(text) if text.is_empty() => Err(FuncError::new(message)),
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        let function = FUNCTIONS
            .iter()
            .find(|function| function.name == name)
            .ok_or_else(|| FuncError::new("missing"))?;
        (function.call)(args)
    }

    #[test]
    fn conversions_follow_helm() {
        let map = Map::new();
        map.insert("a", Value::from("<b>"));
        assert_eq!(
            call("toYaml", &[Value::Map(map.clone())]).unwrap(),
            Value::from("a: <b>")
        );
        assert_eq!(
            call("toJson", &[Value::Map(map.clone())]).unwrap(),
            Value::from("{\"a\":\"\\u003cb\\u003e\"}")
        );
        assert_eq!(
            call("toPrettyJson", &[Value::Map(map)]).unwrap(),
            Value::from("{\n  \"a\": \"\\u003cb\\u003e\"\n}")
        );
        let broken = call("fromYaml", &[Value::from("- a")]).unwrap();
        assert!(broken.as_map().unwrap().contains_key("Error"));
    }

    #[test]
    fn required_fails_on_nil_and_empty() {
        assert_eq!(
            call("required", &[Value::from("need x"), Value::Nil])
                .unwrap_err()
                .0,
            "need x"
        );
        assert!(call("required", &[Value::from("need x"), Value::from("")]).is_err());
        assert_eq!(
            call("required", &[Value::from("m"), Value::Int(0)]).unwrap(),
            Value::Int(0)
        );
    }
}
