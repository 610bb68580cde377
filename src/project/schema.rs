//! JSON Schema (2020-12 by default) checks of YAML documents, with every problem mapped back to
//! the file, line and column that wrote the offending value.
//!
//! The validator is the `jsonschema` crate without network or file retrieval: a schema may only
//! refer to itself. `format` is not asserted (as in Helm). A value is converted to JSON the way
//! Helm hands values to its validator; the caller supplies how a JSON pointer of the instance
//! maps to a [`Location`] (a file's span index, or the provenance of merged values).

use jsonschema::error::{TypeKind, ValidationErrorKind};

use super::source::{Diagnostic, Location};
use crate::value::Value;

/// A compiled schema, with its JSON kept for naming the properties a misspelt key may mean.
pub struct JsonSchema {
    validator: jsonschema::Validator,
    schema: serde_json::Value,
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
                    Location::whole_file(display),
                    error.instance_path().as_str(),
                    error.to_string(),
                )
            })?;
        Ok(JsonSchema { validator, schema })
    }

    /// Reads and compiles a schema file.
    pub fn load(path: &std::path::Path, display: &str) -> Result<JsonSchema, Diagnostic> {
        let text = crate::input::read_to_string(path).map_err(|error| {
            Diagnostic::new(
                Location::whole_file(display),
                "",
                format!("cannot read schema: {error}"),
            )
        })?;
        JsonSchema::compile(&text, display)
    }

    /// Every violation of the schema by `instance`; `locate` maps an instance JSON pointer to
    /// where that value was written. An unexpected property is reported at its own key, with
    /// the closest property the schema names there as a hint.
    pub fn check(&self, instance: &Value, locate: &dyn Fn(&str) -> Location) -> Vec<Diagnostic> {
        let json = value_to_json(instance);
        let mut diagnostics = Vec::new();
        for error in self.validator.iter_errors(&json) {
            let path = error.instance_path().as_str().to_string();
            match error.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected }
                | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                    let known = self.sibling_properties(error.schema_path().as_str());
                    for key in unexpected {
                        let key_path = crate::yaml::spans::child_path(&path, key);
                        let message =
                            format!("unknown property {key:?} (not allowed by the schema)");
                        diagnostics.push(
                            Diagnostic::new(locate(&key_path), key_path, message)
                                .suggesting(key, known.iter().map(String::as_str)),
                        );
                    }
                }
                kind => {
                    let message = match kind {
                        ValidationErrorKind::Enum { options } => {
                            not_one_of(error.instance(), options)
                        }
                        _ => error.to_string(),
                    };
                    let mut diagnostic = Diagnostic::new(locate(&path), path.clone(), message);
                    if let Some(expected) = expected_by(kind) {
                        diagnostic = diagnostic.with_expected(expected);
                    }
                    diagnostics.push(diagnostic);
                }
            }
        }
        diagnostics
    }

    /// The names under `properties` next to the keyword at `keyword_path` (a pointer into
    /// the schema, as validation errors give it).
    fn sibling_properties(&self, keyword_path: &str) -> Vec<String> {
        let parent = keyword_path
            .rsplit_once('/')
            .map_or("", |(parent, _)| parent);
        match self
            .schema
            .pointer(&format!("{parent}/properties"))
            .and_then(serde_json::Value::as_object)
        {
            Some(properties) => properties.keys().cloned().collect(),
            None => Vec::new(),
        }
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

/// What a failed keyword wanted, in words, where that is short enough to say.
fn expected_by(kind: &ValidationErrorKind) -> Option<String> {
    let list = |values: &[serde_json::Value]| {
        values
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match kind {
        ValidationErrorKind::Type {
            kind: TypeKind::Single(single),
        } => Some(single.to_string()),
        ValidationErrorKind::Type {
            kind: TypeKind::Multiple(types),
        } => Some(
            types
                .iter()
                .map(|single| single.to_string())
                .collect::<Vec<_>>()
                .join(" or "),
        ),
        ValidationErrorKind::Enum { options } => match options.as_array() {
            Some(values) => Some(format!("one of: {}", list(values))),
            None => Some(options.to_string()),
        },
        ValidationErrorKind::Constant { expected_value } => Some(expected_value.to_string()),
        ValidationErrorKind::Minimum { limit } => Some(format!("at least {limit}")),
        ValidationErrorKind::Maximum { limit } => Some(format!("at most {limit}")),
        ValidationErrorKind::ExclusiveMinimum { limit } => Some(format!("more than {limit}")),
        ValidationErrorKind::ExclusiveMaximum { limit } => Some(format!("less than {limit}")),
        ValidationErrorKind::MinLength { limit } => Some(format!("at least {limit} characters")),
        ValidationErrorKind::MaxLength { limit } => Some(format!("at most {limit} characters")),
        ValidationErrorKind::Pattern { pattern } => Some(format!("a match of /{pattern}/")),
        _ => None,
    }
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
        let placed: Vec<(String, &str)> = found
            .iter()
            .map(|diagnostic| {
                let location = diagnostic.location.as_ref().unwrap().to_string();
                (location, diagnostic.path.as_str())
            })
            .collect();
        assert_eq!(
            placed,
            [
                ("p.yaml:1:1".to_string(), "/replicas"),
                ("p.yaml:2:1".to_string(), "/nmae"),
                ("p.yaml:3:1".to_string(), "/db"),
            ]
        );
        assert_eq!(found[0].expected(), Some("integer"));
        assert!(found[1].message.starts_with("unknown property"));
        assert!(found[2].message.contains("host"), "{found:?}");
    }

    #[test]
    fn unknown_keys_suggest_the_closest_property_also_through_refs() {
        let schema = JsonSchema::compile(
            r##"{
                "type": "object", "additionalProperties": false,
                "properties": {"db": {"$ref": "#/$defs/db"}, "replicas": {}},
                "$defs": {"db": {"type": "object", "additionalProperties": false,
                                 "properties": {"host": {}, "port": {}}}}
            }"##,
            "s.json",
        )
        .unwrap();
        let file = SourceFile::parse(
            "replcas: 2\ndb:\n  hots: x\n  zzz: 1\n",
            Path::new("p.yaml"),
            "p.yaml",
        )
        .unwrap();
        let mut found = schema.check(&file.value, &|pointer| file.locate(pointer));
        found.sort();
        let helps: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|diagnostic| (diagnostic.path.as_str(), diagnostic.help()))
            .collect();
        assert_eq!(
            helps,
            [
                ("/replcas", Some("did you mean `replicas`?")),
                ("/db/hots", Some("did you mean `host`?")),
                ("/db/zzz", None),
            ]
        );
    }

    #[test]
    fn integral_floats_are_integers_and_bad_schemas_are_reported() {
        let schema = JsonSchema::compile(SCHEMA, "s.json").unwrap();
        let values = crate::yaml::parse_values("replicas: 2\n").unwrap();
        assert!(schema.is_valid(&values));
        let error = JsonSchema::compile("{\"type\": 12}", "bad.json").unwrap_err();
        assert_eq!(error.location.unwrap().file, "bad.json");
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
