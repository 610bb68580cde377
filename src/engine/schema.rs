//! Checking coalesced values against each chart's `values.schema.json`, as Helm does before
//! rendering.
//!
//! The root chart's schema sees all its values (including `global` and each subchart's table,
//! so `additionalProperties: false` at the root rejects any chart with subcharts); each
//! subchart's schema sees the table under its name, when that table exists and is not null.
//! The schema dialect defaults to JSON Schema 2020-12 and `format` is not asserted. Schemas
//! are never fetched from the network. Problems are collected per chart, in Helm's layout:
//! `<chart>:\n- at '<json pointer>': <message>\n`.

use crate::chart::Chart;
use crate::value::{Map, Value};

/// The schema problems of a chart tree, in Helm's wording.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("values don't meet the specifications of the schema(s) in the following chart(s):\n{0}")]
pub struct SchemaError(pub String);

/// Validates `values` against the schemas of `chart` and its subcharts.
pub fn validate_values(chart: &Chart, values: &Map) -> Result<(), SchemaError> {
    let mut report = String::new();
    validate_chart(chart, values, &mut report);
    if report.is_empty() {
        Ok(())
    } else {
        Err(SchemaError(report))
    }
}

fn validate_chart(chart: &Chart, values: &Map, report: &mut String) {
    if let Some(schema) = &chart.schema {
        if let Err(problems) = validate_single(values, schema) {
            report.push_str(chart.name());
            report.push_str(":\n");
            report.push_str(&problems);
        }
    }
    for dependency in &chart.dependencies {
        match values.get(dependency.name()) {
            None | Some(Value::Nil) => {}
            Some(Value::Map(table)) => validate_chart(dependency, &table, report),
            Some(other) => {
                report.push_str(&format!(
                    "{}:\ninvalid type for values: expected object (map), got {}\n",
                    dependency.name(),
                    other.type_name()
                ));
            }
        }
    }
}

/// The problems of one schema, one `- at '<pointer>': <message>` line each.
fn validate_single(values: &Map, schema_text: &[u8]) -> Result<(), String> {
    let schema: serde_json::Value = serde_json::from_slice(schema_text).map_err(|error| format!("{error}\n"))?;
    let validator = jsonschema::options()
        .with_draft(default_draft(&schema))
        .build(&schema)
        .map_err(|error| format!("{error}\n"))?;
    let instance = to_json(&Value::Map(values.clone()));
    let mut problems = String::new();
    for error in validator.iter_errors(&instance) {
        problems.push_str(&format!("- at '{}': {}\n", error.instance_path(), error));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// 2020-12 unless the schema names another dialect through `$schema`.
fn default_draft(schema: &serde_json::Value) -> jsonschema::Draft {
    let named = schema.get("$schema").and_then(serde_json::Value::as_str).unwrap_or_default();
    if named.contains("draft-04") {
        jsonschema::Draft::Draft4
    } else if named.contains("draft-06") {
        jsonschema::Draft::Draft6
    } else if named.contains("draft-07") {
        jsonschema::Draft::Draft7
    } else if named.contains("2019-09") {
        jsonschema::Draft::Draft201909
    } else {
        jsonschema::Draft::Draft202012
    }
}

/// A value as JSON, for the validator (objects through their JSON view).
fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Nil => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) | Value::Int64(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Bytes(bytes) => serde_json::Value::String(String::from_utf8_lossy(bytes).into_owned()),
        Value::List(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(map) => serde_json::Value::Object(map.entries().into_iter().map(|(k, v)| (k.to_string(), to_json(&v))).collect()),
        Value::Object(object) => to_json(&object.to_json_value()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(entries: &[(&str, Value)]) -> Map {
        let map = Map::new();
        for (key, value) in entries {
            map.insert(*key, value.clone());
        }
        map
    }

    #[test]
    fn reports_each_problem_with_its_pointer() {
        let schema = br#"{"type":"object","properties":{"port":{"type":"integer","minimum":1}},"required":["port"]}"#;
        assert!(validate_single(&values(&[("port", Value::Float(80.0))]), schema).is_ok());
        let problems = validate_single(&values(&[("port", Value::Float(0.0))]), schema).unwrap_err();
        assert!(problems.starts_with("- at '/port': "), "{problems}");
        assert!(validate_single(&values(&[("port", Value::Float(80.5))]), schema).is_err());
        assert!(validate_single(&values(&[]), schema).is_err());
    }

    #[test]
    fn formats_are_not_asserted_and_bad_json_is_reported() {
        let schema = br#"{"properties":{"mail":{"type":"string","format":"email"}}}"#;
        assert!(validate_single(&values(&[("mail", Value::from("not-an-email"))]), schema).is_ok());
        assert!(validate_single(&values(&[]), b"{nope}").is_err());
    }
}
