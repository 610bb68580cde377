//! JSON Schema (2020-12 by default) checks of YAML documents, with every problem mapped back to
//! the file, line and column that wrote the offending value.
//!
//! The validator is the `jsonschema` crate without network or file retrieval: a schema may only
//! refer to itself. `format` is not asserted (as in Helm). A value is converted to JSON the way
//! Helm hands values to its validator; the caller supplies how a JSON pointer of the instance
//! maps to a [`Location`] (a file's span index, or the provenance of merged values).

use jsonschema::error::ValidationErrorKind;

use super::source::{Diagnostic, Location};
use crate::value::Value;

/// A compiled schema and the file it came from.
pub struct JsonSchema {
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for JsonSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JsonSchema")
    }
}

impl JsonSchema {
    /// Compiles schema text; `display` names the schema in the diagnostic when it is not valid
    /// JSON or not a valid schema.
    pub fn compile(text: &str, display: &str) -> Result<JsonSchema, Diagnostic> {
        JsonSchema::compile_for(text, display, crate::chart::HelmCompat::V4)
    }

    /// [`JsonSchema::compile`] for a chart's `values.schema.json` as the given Helm release's
    /// validator reads it (Helm 3: draft 7 unless it names draft 4 or 6, `format` asserted).
    pub fn compile_for(
        text: &str,
        display: &str,
        compat: crate::chart::HelmCompat,
    ) -> Result<JsonSchema, Diagnostic> {
        let schema: serde_json::Value = serde_json::from_str(text).map_err(|error| {
            Diagnostic::new(
                Location::new(display, error.line().max(1), error.column().max(1)),
                "",
                error.to_string(),
            )
        })?;
        let (draft, formats) = match compat {
            crate::chart::HelmCompat::V4 => (crate::engine::schema::schema_draft(&schema), false),
            crate::chart::HelmCompat::V3 => (crate::engine::schema_helm3::draft(&schema), true),
        };
        let validator = jsonschema::options()
            .with_draft(draft)
            .should_validate_formats(formats)
            .build(&schema)
            .map_err(|error| {
                Diagnostic::new(
                    Location::file_start(display),
                    error.instance_path().as_str(),
                    error.to_string(),
                )
            })?;
        Ok(JsonSchema { validator })
    }

    /// Reads and compiles a schema file.
    pub fn load(path: &std::path::Path, display: &str) -> Result<JsonSchema, Diagnostic> {
        let text = crate::input::read_to_string(path).map_err(|error| {
            Diagnostic::new(
                Location::file_start(display),
                "",
                format!("cannot read schema: {error}"),
            )
        })?;
        JsonSchema::compile(&text, display)
    }

    /// Every violation of the schema by `instance`; `locate` maps an instance JSON pointer to
    /// where that value was written. An unexpected property is reported at its own key.
    pub fn check(&self, instance: &Value, locate: &dyn Fn(&str) -> Location) -> Vec<Diagnostic> {
        let json = value_to_json(instance);
        let mut diagnostics = Vec::new();
        for error in self.validator.iter_errors(&json) {
            let path = error.instance_path().as_str().to_string();
            match error.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected }
                | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                    for key in unexpected {
                        let key_path = crate::yaml::spans::child_path(&path, key);
                        let message =
                            format!("unknown property {key:?} (not allowed by the schema)");
                        diagnostics.push(Diagnostic::new(locate(&key_path), key_path, message));
                    }
                }
                ValidationErrorKind::Enum { options } => diagnostics.push(Diagnostic::new(
                    locate(&path),
                    path.clone(),
                    not_one_of(error.instance(), options),
                )),
                _ => diagnostics.push(Diagnostic::new(
                    locate(&path),
                    path.clone(),
                    error.to_string(),
                )),
            }
        }
        diagnostics
    }

    /// Whether `instance` satisfies the schema.
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.validator.is_valid(&value_to_json(instance))
    }
}

/// An `enum` violation naming every allowed value (the validator's own message names two and
/// counts the rest, which leaves a reader guessing what to write).
fn not_one_of(instance: &serde_json::Value, options: &serde_json::Value) -> String {
    let allowed: Vec<String> = match options {
        serde_json::Value::Array(items) => items.iter().map(ToString::to_string).collect(),
        other => vec![other.to_string()],
    };
    let listed = match allowed.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    format!("{instance} is not one of {listed}")
}

/// A value as JSON: numbers keep their Go type's meaning (floats that are not finite become
/// null, as JSON cannot hold them), byte strings become text, Helm objects their JSON view.
pub fn value_to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Nil => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(*flag),
        Value::Int(number) | Value::Int64(number) => serde_json::Value::from(*number),
        Value::Float(number) => serde_json::Number::from_f64(*number)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::String(text) => serde_json::Value::String(text.to_string()),
        Value::Bytes(bytes) => {
            serde_json::Value::String(String::from_utf8_lossy(bytes).into_owned())
        }
        Value::List(items) => serde_json::Value::Array(items.iter().map(value_to_json).collect()),
        Value::Map(map) => serde_json::Value::Object(
            map.entries()
                .into_iter()
                .map(|(key, item)| (key.to_string(), value_to_json(&item)))
                .collect(),
        ),
        Value::Object(object) => value_to_json(&object.to_json_value()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::source::SourceFile;
    use std::path::Path;

    const SCHEMA: &str = r#"{
        "type": "object", "additionalProperties": false,
        "properties": {
            "replicas": {"type": "integer"},
            "db": {"type": "object", "required": ["host"], "properties": {"host": {"type": "string"}, "port": {"type": "integer"}}}
        }
    }"#;

    #[test]
    fn each_violation_points_at_its_line() {
        let file = SourceFile::parse(
            "replicas: three\nnmae: x\ndb:\n  port: 5432\n",
            Path::new("p.yaml"),
            "p.yaml",
        )
        .unwrap();
        let schema = JsonSchema::compile(SCHEMA, "s.json").unwrap();
        let mut found = schema.check(&file.value, &|pointer| file.locate(pointer));
        found.sort();
        let printed: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(printed.len(), 3, "{printed:?}");
        assert!(
            printed
                .iter()
                .any(|line| line.starts_with("p.yaml:1:1: /replicas: ")),
            "{printed:?}"
        );
        assert!(
            printed
                .iter()
                .any(|line| line.starts_with("p.yaml:2:1: /nmae: unknown property")),
            "{printed:?}"
        );
        assert!(
            printed
                .iter()
                .any(|line| line.starts_with("p.yaml:3:1: /db: ") && line.contains("host")),
            "{printed:?}"
        );
    }

    #[test]
    fn integral_floats_are_integers_and_bad_schemas_are_reported() {
        let schema = JsonSchema::compile(SCHEMA, "s.json").unwrap();
        let values = crate::yaml::parse_values("replicas: 2\n").unwrap();
        assert!(schema.is_valid(&values));
        let error = JsonSchema::compile("{\"type\": 12}", "bad.json").unwrap_err();
        assert_eq!(error.location.file, "bad.json");
        assert!(JsonSchema::compile("{nope", "bad.json").is_err());
    }
    #[test]
    fn enum_violations_name_every_allowed_value() {
        let schema = JsonSchema::compile(
            r#"{"properties": {"tier": {"enum": ["a", "b", "c", "d", 5]}}}"#,
            "s.json",
        )
        .unwrap();
        let values = crate::yaml::parse_values("tier: e\n").unwrap();
        let found = schema.check(&values, &|_| Location::file_start("v.yaml"));
        assert_eq!(
            found[0].message,
            "\"e\" is not one of \"a\", \"b\", \"c\", \"d\" or 5"
        );
    }
}
