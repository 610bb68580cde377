//! `.Values` as Helm 4 hands it to templates: a `common.Values`, Go's named type over
//! `map[string]interface{}`.
//!
//! It behaves as the map it wraps (keys as fields, `range`, `index`, `len`, and any function
//! taking a map receives the same shared map, so `set .Values` is seen later), but `typeOf`
//! says `common.Values` and it has methods: `AsMap`, `YAML` (the values as `toYaml` writes
//! them, final newline kept), `Table "a.b"` (a nested map as `common.Values`, or the error
//! `"b" is not a table`) and `PathValue "a.b"` (a non-map value, or `"b" is not a value`).
//! Methods win over keys, as in Go: a value named `YAML` is reached with `index`.

use std::sync::Arc;

use crate::chart::HelmCompat;
use crate::value::{FuncError, Map, Object, Value};

/// A `common.Values` map (Helm 3's identical type lives in `chartutil`, which `typeOf` shows).
#[derive(Debug, Clone)]
pub struct Values(pub Map, pub HelmCompat);

impl Values {
    /// Wraps a map as a template value.
    pub fn value(map: Map, compat: HelmCompat) -> Value {
        Value::Object(Arc::new(Values(map, compat)))
    }

    /// Helm's `Table`: follows dotted keys through nested maps.
    pub fn table(&self, path: &str) -> Result<Map, FuncError> {
        let mut table = self.0.clone();
        for key in path.split('.') {
            match table.get(key) {
                Some(Value::Map(next)) => table = next,
                Some(Value::Object(object)) if object.kind_name() == "map" => {
                    match object.as_collection() {
                        Some(Value::Map(next)) => table = next,
                        _ => return Err(not_a_table(key)),
                    }
                }
                _ => return Err(not_a_table(key)),
            }
        }
        Ok(table)
    }

    /// Helm's `PathValue`: the non-map value at a dotted path.
    pub fn path_value(&self, path: &str) -> Result<Value, FuncError> {
        if path.is_empty() {
            return Err(FuncError::new("YAML path cannot be empty"));
        }
        let (table, key) = match path.rsplit_once('.') {
            Some((parent, key)) => (self.table(parent).map_err(|_| not_a_value(key))?, key),
            None => (self.0.clone(), path),
        };
        match table.get(key) {
            Some(Value::Map(_)) | None => Err(not_a_value(key)),
            Some(value) => Ok(value),
        }
    }
}

fn not_a_table(key: &str) -> FuncError {
    FuncError::new(format!(
        "{} is not a table",
        crate::value::fmt::quote::quote(key)
    ))
}

fn not_a_value(key: &str) -> FuncError {
    FuncError::new(format!(
        "{} is not a value",
        crate::value::fmt::quote::quote(key)
    ))
}

fn one_string(method: &str, args: &[Value]) -> Result<String, FuncError> {
    match args {
        [Value::String(text)] => Ok(text.to_string()),
        [other] => Err(FuncError::new(format!(
            "wrong type for value; expected string; got {}",
            other.type_name()
        ))),
        _ => Err(FuncError::new(format!(
            "wrong number of args for {method}: want 1 got {}",
            args.len()
        ))),
    }
}

fn no_arguments(method: &str, args: &[Value]) -> Result<(), FuncError> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(FuncError::new(format!(
            "wrong number of args for {method}: want 0 got {}",
            args.len()
        )))
    }
}

impl Object for Values {
    fn type_name(&self) -> String {
        match self.1 {
            HelmCompat::V3 => "chartutil.Values".into(),
            HelmCompat::V4 => "common.Values".into(),
        }
    }
    fn kind_name(&self) -> &'static str {
        "map"
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        let result = match name {
            "AsMap" => no_arguments(name, args).map(|()| Value::Map(self.0.clone())),
            "YAML" => no_arguments(name, args).and_then(|()| {
                crate::yaml::emit::to_yaml(&Value::Map(self.0.clone()))
                    .map(Value::from)
                    .map_err(|error| FuncError::new(error.to_string()))
            }),
            "Table" => one_string(name, args)
                .and_then(|path| self.table(&path))
                .map(|table| Values::value(table, self.1)),
            "PathValue" => one_string(name, args).and_then(|path| self.path_value(&path)),
            _ => return None,
        };
        Some(result)
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "AsMap" | "YAML" | "Table" | "PathValue")
    }
    fn format_value(&self) -> String {
        crate::value::fmt::format_v(&Value::Map(self.0.clone()))
    }
    fn to_json_value(&self) -> Value {
        Value::Map(self.0.clone())
    }
    fn is_truthy(&self) -> bool {
        !self.0.is_empty()
    }
    fn as_collection(&self) -> Option<Value> {
        Some(Value::Map(self.0.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Values {
        let inner = Map::new();
        inner.insert("o", Value::from("deep"));
        let middle = Map::new();
        middle.insert("sub", Value::Map(inner));
        let root = Map::new();
        root.insert("m", Value::Map(middle));
        root.insert("top", Value::Int(1));
        Values(root, HelmCompat::V4)
    }

    #[test]
    fn tables_and_path_values() {
        let values = sample();
        assert_eq!(
            values.table("m.sub").unwrap().get("o"),
            Some(Value::from("deep"))
        );
        assert_eq!(
            values.table("m.none").unwrap_err().to_string(),
            "\"none\" is not a table"
        );
        assert_eq!(values.path_value("m.sub.o").unwrap(), Value::from("deep"));
        assert_eq!(values.path_value("top").unwrap(), Value::Int(1));
        assert_eq!(
            values.path_value("m").unwrap_err().to_string(),
            "\"m\" is not a value"
        );
    }

    #[test]
    fn behaves_as_its_map() {
        let values = sample();
        assert_eq!(values.type_name(), "common.Values");
        assert!(values.is_truthy());
        assert!(!Values(Map::new(), HelmCompat::V4).is_truthy());
        let as_map = values.call_method("AsMap", &[]).unwrap().unwrap();
        assert!(as_map.as_map().unwrap().same_map(&values.0));
    }
}
