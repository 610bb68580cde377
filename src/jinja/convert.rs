//! Conversions between minijinja's values and the project's [`Value`].
//!
//! Jinja has one integer type and one float type; the project's values follow Go. Going to
//! Jinja, `int`/`int64` become integers, and a `float64` holding a whole number (every number
//! read from YAML is one) becomes an integer too, so `{{ values.port }}` prints `8080` as Go's
//! `%v` would rather than `8080.0`. Coming back, integers become Go `int` and floats `float64`;
//! undefined and none become nil. Helm objects are seen through their JSON view.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::ValueKind;
use minijinja::Value as JinjaValue;

use crate::value::{Map, Value};

/// The largest magnitude below which every whole `f64` is exactly an integer.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

/// A project value as a Jinja value.
pub fn to_jinja(value: &Value) -> JinjaValue {
    match value {
        Value::Nil => JinjaValue::from(()),
        Value::Bool(flag) => JinjaValue::from(*flag),
        Value::Int(number) | Value::Int64(number) => JinjaValue::from(*number),
        Value::Float(number) => {
            if number.fract() == 0.0 && number.abs() < EXACT_INTEGER_LIMIT {
                JinjaValue::from(*number as i64)
            } else {
                JinjaValue::from(*number)
            }
        }
        Value::String(text) => JinjaValue::from(text.as_ref()),
        Value::Bytes(bytes) => JinjaValue::from_bytes(bytes.to_vec()),
        Value::List(items) => JinjaValue::from(items.iter().map(to_jinja).collect::<Vec<_>>()),
        Value::Map(map) => {
            let entries: BTreeMap<String, JinjaValue> = map
                .entries()
                .into_iter()
                .map(|(key, item)| (key.to_string(), to_jinja(&item)))
                .collect();
            JinjaValue::from(entries)
        }
        Value::Object(object) => to_jinja(&object.to_json_value()),
    }
}

/// A Jinja value as a project value (maps get string keys; sequences and iterables become
/// lists; anything else falls back to its printed form).
pub fn from_jinja(value: &JinjaValue) -> Value {
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => Value::Nil,
        ValueKind::Bool => Value::Bool(value.is_true()),
        ValueKind::Number => {
            if value.is_integer() {
                match i64::try_from(value.clone()) {
                    Ok(number) => Value::Int(number),
                    Err(_) => Value::Float(f64::try_from(value.clone()).unwrap_or(f64::NAN)),
                }
            } else {
                Value::Float(f64::try_from(value.clone()).unwrap_or(f64::NAN))
            }
        }
        ValueKind::String => Value::from(value.as_str().unwrap_or_default()),
        ValueKind::Bytes => Value::Bytes(Arc::from(value.as_bytes().unwrap_or_default())),
        ValueKind::Map => {
            let map = Map::new();
            if let Ok(keys) = value.try_iter() {
                for key in keys {
                    let item = value.get_item(&key).unwrap_or_default();
                    let name = match key.as_str() {
                        Some(text) => text.to_string(),
                        None => key.to_string(),
                    };
                    map.insert(name, from_jinja(&item));
                }
            }
            Value::Map(map)
        }
        ValueKind::Seq | ValueKind::Iterable => match value.try_iter() {
            Ok(items) => Value::list(items.map(|item| from_jinja(&item)).collect()),
            Err(_) => Value::from(value.to_string()),
        },
        _ => Value::from(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_whole_floats_become_integers() {
        let map = Map::new();
        map.insert("port", Value::Float(8080.0));
        map.insert("ratio", Value::Float(0.5));
        map.insert("names", Value::list(vec![Value::from("a"), Value::Nil]));
        let jinja = to_jinja(&Value::Map(map));
        assert_eq!(jinja.get_attr("port").unwrap().to_string(), "8080");
        assert_eq!(jinja.get_attr("ratio").unwrap().to_string(), "0.5");
        let back = from_jinja(&jinja);
        let back = back.as_map().unwrap();
        assert_eq!(back.get("port"), Some(Value::Int(8080)));
        assert_eq!(back.get("ratio"), Some(Value::Float(0.5)));
        assert_eq!(
            back.get("names"),
            Some(Value::list(vec![Value::from("a"), Value::Nil]))
        );
    }
}
