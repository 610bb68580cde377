//! A CustomResourceDefinition's `openAPIV3Schema` rewritten as a JSON Schema (draft 4) that
//! the `jsonschema` crate compiles, keeping the meaning the API server gives it.
//!
//! CRD schemas are OpenAPI 3.0 "structural" schemas: mostly draft 4 JSON Schema (boolean
//! `exclusiveMinimum`, `type` as one name), plus keywords of their own that change what
//! validates:
//!
//! * `nullable: true`: `null` is accepted where the schema would otherwise refuse it;
//! * `x-kubernetes-int-or-string: true`: an integer or a string (ports, percentages);
//! * `x-kubernetes-preserve-unknown-fields: true`: fields the schema does not list are kept
//!   at that level instead of being pruned (and so are not "unknown");
//! * `x-kubernetes-embedded-resource: true`: the object is a whole Kubernetes object, so
//!   `apiVersion`, `kind` (strings) and `metadata` (any object) are accepted whatever the
//!   schema says of them.
//!
//! In strict mode an object schema with `properties` (and neither an `additionalProperties`
//! nor preserve-unknown-fields) refuses any other field: that is what the API server's strict
//! field validation does with a field it would prune. Schemas under `allOf`, `anyOf`, `oneOf`
//! and `not` only add value checks in a structural schema, so they are never closed. The root
//! always accepts `apiVersion` and `kind` (strings) and `metadata` (any object: checking
//! ObjectMeta is left to the API server). Only keywords that validate are kept: descriptions,
//! defaults, examples and CEL rules (`x-kubernetes-validations`) are dropped.

use serde_json::{Map, Value as Json};

/// Keywords whose meaning is the same in a CRD schema and in JSON Schema draft 4.
const PLAIN_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Keywords combining subschemas; their branches add checks without declaring fields.
const JUNCTORS: &[&str] = &["allOf", "anyOf", "oneOf"];

/// The JSON Schema (draft 4) of a CRD version's `openAPIV3Schema`; `strict` closes object
/// schemas with `properties` to other fields.
pub fn to_json_schema(schema: &Json, strict: bool) -> Json {
    let mut root = convert(schema, strict);
    let properties = root
        .entry("properties")
        .or_insert_with(|| Json::Object(Map::new()));
    if let Json::Object(properties) = properties {
        properties.insert("apiVersion".into(), typed("string"));
        properties.insert("kind".into(), typed("string"));
        properties.insert("metadata".into(), typed("object"));
    }
    root.insert(
        "$schema".into(),
        Json::String("http://json-schema.org/draft-04/schema#".into()),
    );
    Json::Object(root)
}

fn typed(name: &str) -> Json {
    let mut schema = Map::new();
    schema.insert("type".into(), Json::String(name.into()));
    Json::Object(schema)
}

fn flag(node: &Map<String, Json>, keyword: &str) -> bool {
    node.get(keyword) == Some(&Json::Bool(true))
}

/// One schema node without its own `nullable` (the caller applies that).
fn convert(node: &Json, strict: bool) -> Map<String, Json> {
    let mut out = Map::new();
    let Some(node) = node.as_object() else {
        return out;
    };
    for keyword in PLAIN_KEYWORDS {
        if let Some(value) = node.get(*keyword) {
            out.insert((*keyword).into(), value.clone());
        }
    }
    // Draft 4 wants at least one entry in these; an empty list constrains nothing anyway.
    for keyword in ["enum", "required"] {
        if let Some(Json::Array(items)) = node.get(keyword) {
            if !items.is_empty() {
                out.insert(keyword.into(), Json::Array(items.clone()));
            }
        }
    }
    let preserve = flag(node, "x-kubernetes-preserve-unknown-fields");
    let declared = node.get("properties").and_then(Json::as_object);
    if let Some(declared) = declared {
        let properties: Map<String, Json> = declared
            .iter()
            .map(|(name, child)| (name.clone(), convert_child(child, strict)))
            .collect();
        out.insert("properties".into(), Json::Object(properties));
    }
    match node.get("additionalProperties") {
        Some(Json::Bool(allowed)) => {
            out.insert("additionalProperties".into(), Json::Bool(*allowed));
        }
        Some(child @ Json::Object(_)) => {
            out.insert("additionalProperties".into(), convert_child(child, strict));
        }
        _ => {
            if strict && declared.is_some() && !preserve {
                out.insert("additionalProperties".into(), Json::Bool(false));
            }
        }
    }
    match node.get("items") {
        Some(child @ Json::Object(_)) => {
            out.insert("items".into(), convert_child(child, strict));
        }
        Some(Json::Array(children)) => {
            let items = children
                .iter()
                .map(|child| convert_child(child, strict))
                .collect();
            out.insert("items".into(), Json::Array(items));
        }
        _ => {}
    }
    for junctor in JUNCTORS {
        if let Some(Json::Array(branches)) = node.get(*junctor) {
            if !branches.is_empty() {
                let branches = branches
                    .iter()
                    .map(|branch| convert_child(branch, false))
                    .collect();
                out.insert((*junctor).into(), Json::Array(branches));
            }
        }
    }
    if let Some(negated) = node.get("not") {
        out.insert("not".into(), convert_child(negated, false));
    }
    if flag(node, "x-kubernetes-int-or-string") {
        out.insert(
            "type".into(),
            Json::Array(vec![
                Json::String("integer".into()),
                Json::String("string".into()),
            ]),
        );
    }
    if flag(node, "x-kubernetes-embedded-resource") {
        if let Json::Object(properties) = out
            .entry("properties")
            .or_insert_with(|| Json::Object(Map::new()))
        {
            for (name, kind) in [
                ("apiVersion", "string"),
                ("kind", "string"),
                ("metadata", "object"),
            ] {
                properties.insert(name.into(), typed(kind));
            }
        }
    }
    out
}

/// A schema below the root: [`convert`] with `nullable: true` letting `null` through.
fn convert_child(node: &Json, strict: bool) -> Json {
    let mut out = convert(node, strict);
    let nullable = node.as_object().is_some_and(|node| flag(node, "nullable"));
    if !nullable {
        return Json::Object(out);
    }
    let null = Json::String("null".into());
    match out.get_mut("type") {
        Some(Json::String(name)) => {
            let name = std::mem::take(name);
            out.insert("type".into(), Json::Array(vec![Json::String(name), null]));
        }
        Some(Json::Array(names)) if !names.contains(&null) => names.push(null),
        _ => {}
    }
    if let Some(Json::Array(values)) = out.get_mut("enum") {
        if !values.contains(&Json::Null) {
            values.push(Json::Null);
        }
    }
    let combines = JUNCTORS
        .iter()
        .chain(&["not"])
        .any(|keyword| out.contains_key(*keyword));
    if combines {
        // The branches may refuse null themselves: let null pass before they are asked.
        let mut either = Map::new();
        either.insert(
            "anyOf".into(),
            Json::Array(vec![typed("null"), Json::Object(out)]),
        );
        return Json::Object(either);
    }
    Json::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compile(schema: &Json, strict: bool) -> jsonschema::Validator {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .build(&to_json_schema(schema, strict))
            .expect("the converted schema compiles")
    }

    fn widget_schema() -> Json {
        json!({
            "type": "object",
            "description": "A widget",
            "properties": {
                "spec": {
                    "type": "object",
                    "required": ["size"],
                    "properties": {
                        "size": {"type": "integer", "minimum": 1, "default": 1},
                        "port": {"x-kubernetes-int-or-string": true},
                        "colour": {"type": "string", "enum": ["red", "blue"], "nullable": true},
                        "note": {"type": "string", "nullable": true},
                        "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                        "template": {
                            "type": "object",
                            "x-kubernetes-embedded-resource": true,
                            "properties": {"spec": {"type": "object"}}
                        },
                        "items": {
                            "type": "array",
                            "items": {"type": "object", "properties": {"name": {"type": "string"}}}
                        },
                        "limit": {
                            "type": "object",
                            "properties": {"max": {"type": "integer"}},
                            "anyOf": [{"required": ["max"]}, {"properties": {"max": {"minimum": 0}}}]
                        }
                    }
                }
            }
        })
    }

    fn errors(validator: &jsonschema::Validator, instance: &Json) -> Vec<String> {
        validator
            .iter_errors(instance)
            .map(|error| format!("{}: {error}", error.instance_path().as_str()))
            .collect()
    }

    #[test]
    fn nullable_adds_null_to_the_type_and_the_enum() {
        let converted = to_json_schema(&widget_schema(), true);
        let spec = &converted["properties"]["spec"]["properties"];
        assert_eq!(spec["note"]["type"], json!(["string", "null"]));
        assert_eq!(spec["colour"]["enum"], json!(["red", "blue", null]));
        let validator = compile(&widget_schema(), true);
        let instance = json!({"spec": {"size": 2, "note": null, "colour": null}});
        assert_eq!(errors(&validator, &instance), Vec::<String>::new());
        let instance = json!({"spec": {"size": 2, "colour": "green"}});
        assert_eq!(errors(&validator, &instance).len(), 1);
    }

    #[test]
    fn nullable_with_combinators_lets_null_pass_first() {
        let schema = json!({"type": "object", "properties": {
            "value": {"type": "string", "nullable": true, "anyOf": [{"pattern": "^a"}]}
        }});
        let validator = compile(&schema, true);
        assert!(validator.is_valid(&json!({"value": null})));
        assert!(validator.is_valid(&json!({"value": "abc"})));
        assert!(!validator.is_valid(&json!({"value": "xyz"})));
    }

    #[test]
    fn int_or_string_accepts_both_and_nothing_else() {
        let validator = compile(&widget_schema(), true);
        for port in [json!(8080), json!("http")] {
            assert!(validator.is_valid(&json!({"spec": {"size": 1, "port": port}})));
        }
        for port in [json!(true), json!(1.5), json!({"a": 1})] {
            assert!(!validator.is_valid(&json!({"spec": {"size": 1, "port": port}})));
        }
    }

    #[test]
    fn strict_mode_closes_objects_with_properties_only() {
        let strict = compile(&widget_schema(), true);
        let instance = json!({"spec": {
            "size": 1,
            "sise": 2,
            "extra": {"anything": {"goes": true}},
            "labels": {"a": "b"},
            "items": [{"name": "x", "nmae": "y"}],
            "limit": {"max": 3}
        }});
        let found = errors(&strict, &instance);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found
            .iter()
            .any(|error| error.starts_with("/spec:") && error.contains("'sise' was unexpected")));
        assert!(found
            .iter()
            .any(|error| error.starts_with("/spec/items/0:") && error.contains("nmae")));
        let loose = compile(&widget_schema(), false);
        assert_eq!(errors(&loose, &instance), Vec::<String>::new());
    }

    #[test]
    fn combinator_branches_are_not_closed() {
        let converted = to_json_schema(&widget_schema(), true);
        let limit = &converted["properties"]["spec"]["properties"]["limit"];
        assert_eq!(limit["additionalProperties"], json!(false));
        assert_eq!(limit["anyOf"][1].get("additionalProperties"), None);
    }

    #[test]
    fn embedded_resources_and_the_root_accept_object_fields() {
        let validator = compile(&widget_schema(), true);
        let instance = json!({
            "apiVersion": "example.com/v1",
            "kind": "Widget",
            "metadata": {"name": "w", "labels": {"app": "w"}},
            "spec": {"size": 1, "template": {
                "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {}
            }}
        });
        assert_eq!(errors(&validator, &instance), Vec::<String>::new());
        let instance = json!({"kind": 3, "metadata": "m", "spec": {"size": 1}});
        assert_eq!(errors(&validator, &instance).len(), 2);
    }

    #[test]
    fn the_root_metadata_is_any_object_whatever_the_crd_says() {
        let schema = json!({"type": "object", "properties": {
            "metadata": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 3}}}
        }});
        let validator = compile(&schema, true);
        assert!(validator.is_valid(&json!({"metadata": {"name": "long-name", "labels": {}}})));
    }

    #[test]
    fn preserved_roots_and_unknown_keywords() {
        let schema = json!({
            "type": "object",
            "x-kubernetes-preserve-unknown-fields": true,
            "x-kubernetes-validations": [{"rule": "self.x > 0"}],
            "required": [],
            "properties": {"spec": {"type": "object", "example": {"a": 1}}}
        });
        let converted = to_json_schema(&schema, true);
        assert_eq!(converted.get("additionalProperties"), None);
        assert_eq!(converted.get("required"), None);
        assert_eq!(converted.get("x-kubernetes-validations"), None);
        let validator = compile(&schema, true);
        assert!(validator.is_valid(&json!({"spec": {"free": 1}, "status": {}})));
    }
}
