//! Helm 3's values-schema validator (gojsonschema), as far as chartroom imitates it: which
//! dialect a schema is read in, and how its problems are worded.
//!
//! gojsonschema predates JSON Schema 2019-09: a schema naming draft 4 or 6 is read as such and
//! anything else as draft 7, so later keywords (`prefixItems`, `dependentRequired`) are
//! ignored. Each problem is a line `- <field>: <description>`, where the field is the dotted
//! path of the offending value (`(root)` for the top level, list indexes as numbers) and the
//! description uses gojsonschema's English phrases. An `additionalProperties` violation is
//! one line per unexpected property.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, ValidationError};
use serde_json::Value as Json;

/// The draft gojsonschema reads `schema` in.
pub fn draft(schema: &Json) -> Draft {
    let named = schema
        .get("$schema")
        .and_then(Json::as_str)
        .unwrap_or_default();
    if named.contains("draft-04") {
        Draft::Draft4
    } else if named.contains("draft-06") {
        Draft::Draft6
    } else {
        Draft::Draft7
    }
}

/// Appends the lines of one problem in gojsonschema's wording.
pub fn push_problems(error: &ValidationError<'_>, out: &mut String) {
    let pointer = error.instance_path().to_string();
    let field = field_name(&pointer);
    let mut line = |description: String| {
        out.push_str(&format!("- {field}: {description}\n"));
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for property in unexpected {
                line(format!("Additional property {property} is not allowed"));
            }
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(single) => single.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            };
            line(format!(
                "Invalid type. Expected: {expected}, given: {}",
                given_type(error.instance())
            ));
        }
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<String> = options
                .as_array()
                .map(|items| items.iter().map(Json::to_string).collect())
                .unwrap_or_default();
            let last = field.rsplit('.').next().unwrap_or(&field);
            line(format!(
                "{last} must be one of the following: {}",
                choices.join(", ")
            ));
        }
        ValidationErrorKind::Required { property } => {
            let name = property
                .as_str()
                .map_or(property.to_string(), str::to_string);
            line(format!("{name} is required"));
        }
        ValidationErrorKind::Minimum { limit } => line(format!(
            "Must be greater than or equal to {}",
            number(limit)
        )),
        ValidationErrorKind::Maximum { limit } => {
            line(format!("Must be less than or equal to {}", number(limit)))
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            line(format!("Must be greater than {}", number(limit)))
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            line(format!("Must be less than {}", number(limit)))
        }
        ValidationErrorKind::MinLength { limit } => line(format!(
            "String length must be greater than or equal to {limit}"
        )),
        ValidationErrorKind::MaxLength { limit } => line(format!(
            "String length must be less than or equal to {limit}"
        )),
        ValidationErrorKind::MinItems { limit } => {
            line(format!("Array must have at least {limit} items"))
        }
        ValidationErrorKind::MaxItems { limit } => {
            line(format!("Array must have at most {limit} items"))
        }
        ValidationErrorKind::Pattern { pattern } => {
            line(format!("Does not match pattern '{pattern}'"))
        }
        ValidationErrorKind::Format { format } => line(format!("Does not match format '{format}'")),
        _ => line(error.to_string()),
    }
}

/// gojsonschema's field name for a JSON pointer: `(root)`, or the segments joined by dots.
fn field_name(pointer: &str) -> String {
    if pointer.is_empty() {
        return "(root)".to_string();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

/// The type gojsonschema reports for a value: a number without a fraction is an integer.
fn given_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn number(value: &Json) -> String {
    match value.as_f64() {
        Some(float) if value.is_f64() => crate::value::fmt::format_float_g(float),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(schema: Json, instance: Json) -> String {
        let validator = jsonschema::options()
            .with_draft(draft(&schema))
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let mut out = String::new();
        for error in validator.iter_errors(&instance) {
            push_problems(&error, &mut out);
        }
        out
    }

    #[test]
    fn problems_read_like_gojsonschema() {
        let schema = json!({
            "type": "object",
            "required": ["port"],
            "additionalProperties": false,
            "properties": {
                "port": {"type": "integer", "minimum": 1},
                "mode": {"enum": ["fast", "slow"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "email": {"type": "string", "format": "email"}
            }
        });
        assert_eq!(
            problems(schema.clone(), json!({"port": 0})),
            "- port: Must be greater than or equal to 1\n"
        );
        assert_eq!(
            problems(schema.clone(), json!({"port": 1, "mode": "x"})),
            "- mode: mode must be one of the following: \"fast\", \"slow\"\n"
        );
        assert_eq!(
            problems(schema.clone(), json!({"port": 1, "tags": ["a", 1]})),
            "- tags.1: Invalid type. Expected: string, given: integer\n"
        );
        assert_eq!(
            problems(schema.clone(), json!({"port": 1, "email": "nope"})),
            "- email: Does not match format 'email'\n"
        );
        assert_eq!(
            problems(schema.clone(), json!({})),
            "- (root): port is required\n"
        );
        assert_eq!(
            problems(schema, json!({"port": 1, "extra": 1})),
            "- (root): Additional property extra is not allowed\n"
        );
    }

    #[test]
    fn later_drafts_are_read_as_draft_7() {
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "properties": {"pair": {"type": "array", "prefixItems": [{"type": "string"}]}}
        });
        assert_eq!(problems(schema, json!({"pair": [1, 2]})), "");
    }
}
