//! Checking coalesced values against each chart's `values.schema.json`, as Helm does before
//! rendering.
//!
//! The root chart's schema sees all its values (including `global` and each subchart's table,
//! so `additionalProperties: false` at the root rejects any chart with subcharts); each
//! subchart's schema sees the table under its name, when that table exists and is not null.
//! The schema dialect defaults to JSON Schema 2020-12 and `format` is not asserted. Schemas
//! are never fetched from the network. Problems are collected per chart, in Helm's layout:
//! `<chart>:\n- at '<json pointer>': <message>\n`.
//!
//! Helm 3 used another validator (gojsonschema): it knows drafts 4, 6 and 7 only (a schema
//! naming a later dialect is read as draft 7, so `prefixItems` means nothing), it asserts
//! `format`, and its problems read `- <dotted path>: <message>` (see [`super::schema_helm3`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::chart::{Chart, HelmCompat};
use crate::value::{Map, Value};

/// The schema problems of a chart tree, in Helm's wording.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("values don't meet the specifications of the schema(s) in the following chart(s):\n{0}")]
pub struct SchemaError(pub String);

/// A compiled schema, or the problem line of a schema that does not compile.
type Compiled = Result<Arc<jsonschema::Validator>, String>;

/// A schema's text and the Helm release whose validator reads it.
type CacheKey = (HelmCompat, Vec<u8>);

/// Compiled validators by schema text, for runs that check the same charts' values many times
/// (every profile of a project). Safe to share between threads.
#[derive(Default)]
pub struct SchemaCache {
    compiled: Mutex<HashMap<CacheKey, Compiled>>,
}

impl std::fmt::Debug for SchemaCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self
            .compiled
            .lock()
            .map(|compiled| compiled.len())
            .unwrap_or_default();
        formatter
            .debug_struct("SchemaCache")
            .field("schemas", &count)
            .finish()
    }
}

impl SchemaCache {
    fn get_or_compile(&self, schema_text: &[u8], compat: HelmCompat) -> Compiled {
        let mut compiled = self.compiled.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (compat, schema_text.to_vec());
        if let Some(found) = compiled.get(&key) {
            return found.clone();
        }
        let fresh = compile(schema_text, compat);
        compiled.insert(key, fresh.clone());
        fresh
    }
}

/// Validates `values` against the schemas of `chart` and its subcharts, as Helm 4 does.
pub fn validate_values(chart: &Chart, values: &Map) -> Result<(), SchemaError> {
    validate_values_for(chart, values, HelmCompat::V4)
}

/// [`validate_values`] as the given Helm release's validator does.
pub fn validate_values_for(
    chart: &Chart,
    values: &Map,
    compat: HelmCompat,
) -> Result<(), SchemaError> {
    validate_values_with(chart, values, None, compat)
}

/// [`validate_values_for`] compiling each schema once per `cache`.
pub fn validate_values_cached(
    chart: &Chart,
    values: &Map,
    cache: &SchemaCache,
    compat: HelmCompat,
) -> Result<(), SchemaError> {
    validate_values_with(chart, values, Some(cache), compat)
}

fn validate_values_with(
    chart: &Chart,
    values: &Map,
    cache: Option<&SchemaCache>,
    compat: HelmCompat,
) -> Result<(), SchemaError> {
    let mut report = String::new();
    let checker = Checker { cache, compat };
    checker.validate_chart(chart, values, &mut report);
    if report.is_empty() {
        Ok(())
    } else {
        Err(SchemaError(report))
    }
}

/// How a chart tree's schemas are compiled: through a cache or not, for which Helm release.
struct Checker<'a> {
    cache: Option<&'a SchemaCache>,
    compat: HelmCompat,
}

impl Checker<'_> {
    fn validate_chart(&self, chart: &Chart, values: &Map, report: &mut String) {
        if let Some(schema) = &chart.schema {
            let validator = match self.cache {
                Some(cache) => cache.get_or_compile(schema, self.compat),
                None => compile(schema, self.compat),
            };
            if let Err(problems) =
                validator.and_then(|validator| validate_single(values, &validator, self.compat))
            {
                report.push_str(chart.name());
                report.push_str(":\n");
                report.push_str(&problems);
            }
        }
        for dependency in &chart.dependencies {
            match values.get(dependency.name()) {
                None | Some(Value::Nil) => {}
                Some(Value::Map(table)) => self.validate_chart(dependency, &table, report),
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
}

/// Compiles a `values.schema.json` (JSON Schema 2020-12 unless it names another dialect; for
/// Helm 3, draft 7 unless it names draft 4 or 6, with `format` asserted).
fn compile(schema_text: &[u8], compat: HelmCompat) -> Compiled {
    let text = String::from_utf8_lossy(schema_text);
    let schema = crate::value::json::from_json(&text).map_err(|error| format!("{error}\n"))?;
    let schema = crate::value::json::to_serde_json(&schema);
    let options = match compat {
        HelmCompat::V4 => jsonschema::options().with_draft(schema_draft(&schema)),
        HelmCompat::V3 => jsonschema::options()
            .with_draft(super::schema_helm3::draft(&schema))
            .should_validate_formats(true),
    };
    options
        .build(&schema)
        .map(Arc::new)
        .map_err(|error| format!("{error}\n"))
}

/// The problems of one schema, one `- at '<pointer>': <message>` line each (Helm 3:
/// `- <path>: <message>`).
fn validate_single(
    values: &Map,
    validator: &jsonschema::Validator,
    compat: HelmCompat,
) -> Result<(), String> {
    let instance = to_json(&Value::Map(values.clone()));
    let mut problems = String::new();
    for error in validator.iter_errors(&instance) {
        match compat {
            HelmCompat::V4 => problems.push_str(&format!(
                "- at '{}': {}\n",
                error.instance_path(),
                describe(&error)
            )),
            HelmCompat::V3 => super::schema_helm3::push_problems(&error, &mut problems),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A problem in the wording of Helm 4's validator for the common keywords.
fn describe(error: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::{TypeKind, ValidationErrorKind};
    let quoted = |items: &mut dyn Iterator<Item = String>| {
        items
            .map(|item| format!("'{item}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            format!(
                "additional properties {} not allowed",
                quoted(&mut unexpected.iter().cloned())
            )
        }
        ValidationErrorKind::Type { kind } => {
            let wanted = match kind {
                TypeKind::Single(single) => single.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!("got {}, want {wanted}", json_type(error.instance()))
        }
        ValidationErrorKind::Enum { options } => match options.as_array() {
            Some(items) => format!(
                "value must be one of {}",
                quoted(&mut items.iter().map(json_text))
            ),
            None => error.to_string(),
        },
        ValidationErrorKind::Minimum { limit } => format!(
            "minimum: got {}, want {}",
            json_text(error.instance()),
            json_text(limit)
        ),
        ValidationErrorKind::Maximum { limit } => format!(
            "maximum: got {}, want {}",
            json_text(error.instance()),
            json_text(limit)
        ),
        ValidationErrorKind::Required { property } => {
            format!("missing property '{}'", json_text(property))
        }
        ValidationErrorKind::Pattern { pattern } => {
            format!(
                "'{}' does not match pattern '{pattern}'",
                error.instance().as_str().unwrap_or_default()
            )
        }
        _ => error.to_string(),
    }
}

/// A JSON value's type as the validator names it.
fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// A JSON value as text, strings without quotes and numbers as Go prints them.
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(integer), _) => integer.to_string(),
            (None, Some(float)) => crate::value::fmt::format_float_g(float),
            _ => number.to_string(),
        },
        other => other.to_string(),
    }
}

/// The dialect a schema declares through `$schema`; 2020-12 when it names none (Helm 4's
/// validator defaults the same way). Project schemas follow the same rule.
pub fn schema_draft(schema: &serde_json::Value) -> jsonschema::Draft {
    let named = schema
        .get("$schema")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
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
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Bytes(bytes) => {
            serde_json::Value::String(String::from_utf8_lossy(bytes).into_owned())
        }
        Value::List(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(map) => serde_json::Value::Object(
            map.entries()
                .into_iter()
                .map(|(k, v)| (k.to_string(), to_json(&v)))
                .collect(),
        ),
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

    fn check(values: &Map, schema_text: &[u8]) -> Result<(), String> {
        compile(schema_text, HelmCompat::V4)
            .and_then(|validator| validate_single(values, &validator, HelmCompat::V4))
    }

    #[test]
    fn reports_each_problem_with_its_pointer() {
        let schema = br#"{"type":"object","properties":{"port":{"type":"integer","minimum":1}},"required":["port"]}"#;
        assert!(check(&values(&[("port", Value::Float(80.0))]), schema).is_ok());
        let problems = check(&values(&[("port", Value::Float(0.0))]), schema).unwrap_err();
        assert!(problems.starts_with("- at '/port': "), "{problems}");
        assert!(check(&values(&[("port", Value::Float(80.5))]), schema).is_err());
        assert!(check(&values(&[]), schema).is_err());
    }

    #[test]
    fn formats_are_not_asserted_and_bad_json_is_reported() {
        let schema = br#"{"properties":{"mail":{"type":"string","format":"email"}}}"#;
        assert!(check(&values(&[("mail", Value::from("not-an-email"))]), schema).is_ok());
        assert!(check(&values(&[]), b"{nope}").is_err());
    }

    #[test]
    fn cached_validation_compiles_once_and_reports_the_same() {
        let chart = crate::chart::Chart {
            metadata: crate::chart::Metadata {
                name: "c".into(),
                ..crate::chart::Metadata::default()
            },
            values: Map::new(),
            schema: Some(br#"{"properties":{"port":{"type":"integer"}}}"#.to_vec()),
            templates: Vec::new(),
            files: Vec::new(),
            dependencies: Vec::new(),
        };
        let cache = SchemaCache::default();
        let bad = values(&[("port", Value::from("x"))]);
        for _ in 0..2 {
            assert!(validate_values_cached(
                &chart,
                &values(&[("port", Value::Float(1.0))]),
                &cache,
                HelmCompat::V4
            )
            .is_ok());
            assert_eq!(
                validate_values_cached(&chart, &bad, &cache, HelmCompat::V4),
                validate_values(&chart, &bad)
            );
            assert!(validate_values_cached(&chart, &bad, &cache, HelmCompat::V4).is_err());
        }
        assert_eq!(cache.compiled.lock().unwrap().len(), 1);
    }
}
