//! Decoding Chart.yaml (and v1 `requirements.yaml`) into [`Metadata`] the way Helm does:
//! sigs.k8s.io/yaml converts the YAML to JSON guided by the Go struct, then `encoding/json`
//! fills the struct.
//!
//! What that implies, all reproduced here:
//! * keys match struct fields by their JSON name, exactly or else ignoring ASCII case; unknown
//!   keys are ignored; when two keys land on one field the later in byte order wins;
//! * a number or boolean written where a string is expected becomes a string: integers in
//!   decimal, floats with Go's shortest `%g` at float32 precision (`1.10` → `"1.1"`, `1.0` →
//!   `"1"`), booleans as `true`/`false`;
//! * null leaves a field unset; a wrong shape is `encoding/json`'s error, e.g. `json: cannot
//!   unmarshal array into Go struct field Metadata.name of type string`;
//! * `import-values` keeps plain JSON values (numbers float64).

use std::collections::BTreeMap;

use super::metadata::{Dependency, Maintainer, Metadata};
use crate::value::Value;
use crate::yaml::build::{build_documents, Documents};
use crate::yaml::resolve::{resolve_scalar, Scalar, StringData};
use crate::yaml::{Node, NodeKind};

/// A Chart.yaml decoding failure: the text Helm prints after `cannot load Chart.yaml: `.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

fn json_type_error(found: &str, field_path: &str, go_type: &str) -> DecodeError {
    DecodeError(format!(
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {found} into Go struct field {field_path} of type {go_type}"
    ))
}

/// The first document of a Chart.yaml-like text as a tree; `None` when it is empty or null.
fn first_document(text: &str) -> Result<Option<Node>, DecodeError> {
    let documents =
        build_documents(text, Documents::First).map_err(|error| DecodeError(error.to_string()))?;
    let Some(root) = documents.into_iter().next() else {
        return Ok(None);
    };
    // The YAML→JSON conversion rejects what JSON cannot hold (null keys, NaN) for the whole
    // document, whatever the target fields.
    root.to_value()
        .map_err(|error| DecodeError(error.to_string()))?;
    if let NodeKind::Scalar { .. } = root.kind {
        if matches!(scalar_of(&root)?, Scalar::Null) {
            return Ok(None);
        }
    }
    Ok(Some(root))
}

/// Only `apiVersion`, as Helm's loader first reads it to pick a chart format.
pub fn decode_api_version(text: &str) -> Result<String, DecodeError> {
    let Some(root) = first_document(text)? else {
        return Ok(String::new());
    };
    let Some(pairs) = root.mapping_pairs() else {
        return Err(DecodeError(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type loader.chartBase",
            json_kind(&root)?
        )));
    };
    let mut api_version = String::new();
    for (key, value) in sorted_fields(pairs)? {
        if field_matches("apiVersion", &key) {
            decode_string_into(&value, &mut api_version, "chartBase.apiVersion")?;
        }
    }
    Ok(api_version)
}

/// Decodes Chart.yaml text onto `metadata` (fields not in the text keep their value, which is
/// how Helm reads `requirements.yaml` over Chart.yaml).
pub fn decode_metadata_into(text: &str, metadata: &mut Metadata) -> Result<(), DecodeError> {
    let Some(root) = first_document(text)? else {
        return Ok(());
    };
    let Some(pairs) = root.mapping_pairs() else {
        return Err(DecodeError(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type v2.Metadata",
            json_kind(&root)?
        )));
    };
    for (key, value) in sorted_fields(pairs)? {
        let Some(field) = METADATA_FIELDS
            .iter()
            .find(|f| **f == key)
            .or_else(|| METADATA_FIELDS.iter().find(|f| field_matches(f, &key)))
        else {
            continue;
        };
        let path = format!("Metadata.{field}");
        match *field {
            "name" => decode_string_into(&value, &mut metadata.name, &path)?,
            "home" => decode_string_into(&value, &mut metadata.home, &path)?,
            "sources" => decode_strings_into(&value, &mut metadata.sources, &path)?,
            "version" => decode_string_into(&value, &mut metadata.version, &path)?,
            "description" => decode_string_into(&value, &mut metadata.description, &path)?,
            "keywords" => decode_strings_into(&value, &mut metadata.keywords, &path)?,
            "maintainers" => decode_maintainers(&value, metadata, &path)?,
            "icon" => decode_string_into(&value, &mut metadata.icon, &path)?,
            "apiVersion" => decode_string_into(&value, &mut metadata.api_version, &path)?,
            "condition" => decode_string_into(&value, &mut metadata.condition, &path)?,
            "tags" => decode_string_into(&value, &mut metadata.tags, &path)?,
            "appVersion" => decode_string_into(&value, &mut metadata.app_version, &path)?,
            "deprecated" => decode_bool_into(&value, &mut metadata.deprecated, &path)?,
            "annotations" => decode_annotations(&value, metadata, &path)?,
            "kubeVersion" => decode_string_into(&value, &mut metadata.kube_version, &path)?,
            "dependencies" => decode_dependencies(&value, metadata, &path)?,
            "type" => decode_string_into(&value, &mut metadata.chart_type, &path)?,
            _ => {}
        }
    }
    Ok(())
}

/// The JSON names of `Metadata`'s fields.
const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
];

const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];

const MAINTAINER_FIELDS: &[&str] = &["name", "email", "url"];

/// `encoding/json`'s key matching: equal ignoring ASCII case.
fn field_matches(field: &str, key: &str) -> bool {
    field.eq_ignore_ascii_case(key)
}

/// A mapping's entries with keys converted to strings, in byte order of the key (the order
/// `encoding/json` sees them in), the last of repeated keys winning.
fn sorted_fields(pairs: &[(Node, Node)]) -> Result<BTreeMap<String, Node>, DecodeError> {
    let mut fields = BTreeMap::new();
    for (key, value) in pairs {
        fields.insert(key_string(key)?, value.clone());
    }
    Ok(fields)
}

fn scalar_of(node: &Node) -> Result<Scalar, DecodeError> {
    match &node.kind {
        NodeKind::Scalar { text, style } => resolve_scalar(text, *style, node.tag.as_deref())
            .map_err(|error| {
                DecodeError(format!(
                    "error converting YAML to JSON: yaml: {}",
                    error.message
                ))
            }),
        _ => Err(DecodeError("not a scalar".into())),
    }
}

/// sigs.k8s.io/yaml's conversion of a map key to a JSON object key.
fn key_string(key: &Node) -> Result<String, DecodeError> {
    match scalar_of(key)? {
        Scalar::String(StringData::Text(text)) => Ok(text),
        Scalar::String(StringData::Binary(bytes)) => {
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        Scalar::Int(i) => Ok(i.to_string()),
        Scalar::Uint(u) => Ok(u.to_string()),
        Scalar::Float(f) => Ok(match format_float32_g(f).as_str() {
            "+Inf" => ".inf".into(),
            "-Inf" => "-.inf".into(),
            "NaN" => ".nan".into(),
            other => other.to_string(),
        }),
        Scalar::Bool(b) => Ok(b.to_string()),
        Scalar::Null => Err(DecodeError(
            "error converting YAML to JSON: unsupported map key of type: <nil>".into(),
        )),
    }
}

/// The JSON kind name `encoding/json` uses in type errors.
fn json_kind(node: &Node) -> Result<&'static str, DecodeError> {
    Ok(match &node.kind {
        NodeKind::Sequence(_) => "array",
        NodeKind::Mapping(_) => "object",
        NodeKind::Scalar { .. } => match scalar_of(node)? {
            Scalar::String(_) => "string",
            Scalar::Bool(_) => "bool",
            Scalar::Null => "null",
            _ => "number",
        },
    })
}

/// A scalar for a Go `string` target: numbers and booleans become strings; `None` for null.
fn string_of(node: &Node, path: &str) -> Result<Option<String>, DecodeError> {
    match &node.kind {
        NodeKind::Scalar { .. } => Ok(match scalar_of(node)? {
            Scalar::Null => None,
            Scalar::String(StringData::Text(text)) => Some(text),
            Scalar::String(StringData::Binary(bytes)) => {
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            Scalar::Int(i) => Some(i.to_string()),
            Scalar::Uint(u) => Some(u.to_string()),
            Scalar::Float(f) => Some(format_float32_g(f)),
            Scalar::Bool(b) => Some(b.to_string()),
        }),
        _ => Err(json_type_error(json_kind(node)?, path, "string")),
    }
}

fn decode_string_into(node: &Node, target: &mut String, path: &str) -> Result<(), DecodeError> {
    if let Some(text) = string_of(node, path)? {
        *target = text;
    }
    Ok(())
}

fn decode_bool_into(node: &Node, target: &mut bool, path: &str) -> Result<(), DecodeError> {
    match &node.kind {
        NodeKind::Scalar { .. } => match scalar_of(node)? {
            Scalar::Bool(b) => *target = b,
            Scalar::Null => {}
            _ => return Err(json_type_error(json_kind(node)?, path, "bool")),
        },
        _ => return Err(json_type_error(json_kind(node)?, path, "bool")),
    }
    Ok(())
}

/// A `[]string` target: null resets it; each null element is an empty string.
fn decode_strings_into(
    node: &Node,
    target: &mut Vec<String>,
    path: &str,
) -> Result<(), DecodeError> {
    match node.sequence_items() {
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(string_of(item, path)?.unwrap_or_default());
            }
            *target = out;
            Ok(())
        }
        None if json_kind(node)? == "null" => {
            target.clear();
            Ok(())
        }
        None => Err(json_type_error(json_kind(node)?, path, "[]string")),
    }
}

fn decode_maintainers(node: &Node, metadata: &mut Metadata, path: &str) -> Result<(), DecodeError> {
    let Some(items) = node.sequence_items() else {
        if json_kind(node)? == "null" {
            metadata.maintainers.clear();
            return Ok(());
        }
        return Err(json_type_error(json_kind(node)?, path, "[]*v2.Maintainer"));
    };
    let mut maintainers = Vec::with_capacity(items.len());
    for item in items {
        let Some(pairs) = item.mapping_pairs() else {
            if json_kind(item)? == "null" {
                maintainers.push(None);
                continue;
            }
            return Err(json_type_error(json_kind(item)?, path, "v2.Maintainer"));
        };
        let mut maintainer = Maintainer::default();
        for (key, value) in sorted_fields(pairs)? {
            let Some(field) = MAINTAINER_FIELDS.iter().find(|f| field_matches(f, &key)) else {
                continue;
            };
            let field_path = format!("{path}.{field}");
            match *field {
                "name" => decode_string_into(&value, &mut maintainer.name, &field_path)?,
                "email" => decode_string_into(&value, &mut maintainer.email, &field_path)?,
                _ => decode_string_into(&value, &mut maintainer.url, &field_path)?,
            }
        }
        maintainers.push(Some(maintainer));
    }
    metadata.maintainers = maintainers;
    Ok(())
}

fn decode_annotations(node: &Node, metadata: &mut Metadata, path: &str) -> Result<(), DecodeError> {
    let Some(pairs) = node.mapping_pairs() else {
        if json_kind(node)? == "null" {
            metadata.annotations = None;
            return Ok(());
        }
        return Err(json_type_error(json_kind(node)?, path, "map[string]string"));
    };
    let annotations = metadata.annotations.get_or_insert_with(BTreeMap::new);
    for (key, value) in sorted_fields(pairs)? {
        let text = string_of(&value, path)?.unwrap_or_default();
        annotations.insert(key, text);
    }
    Ok(())
}

fn decode_dependencies(
    node: &Node,
    metadata: &mut Metadata,
    path: &str,
) -> Result<(), DecodeError> {
    let Some(items) = node.sequence_items() else {
        if json_kind(node)? == "null" {
            metadata.dependencies = None;
            return Ok(());
        }
        return Err(json_type_error(json_kind(node)?, path, "[]*v2.Dependency"));
    };
    let mut dependencies = Vec::with_capacity(items.len());
    for item in items {
        let Some(pairs) = item.mapping_pairs() else {
            if json_kind(item)? == "null" {
                dependencies.push(None);
                continue;
            }
            return Err(json_type_error(json_kind(item)?, path, "v2.Dependency"));
        };
        let mut dependency = Dependency::default();
        for (key, value) in sorted_fields(pairs)? {
            let Some(field) = DEPENDENCY_FIELDS
                .iter()
                .find(|f| **f == key)
                .or_else(|| DEPENDENCY_FIELDS.iter().find(|f| field_matches(f, &key)))
            else {
                continue;
            };
            let field_path = format!("{path}.{field}");
            match *field {
                "name" => decode_string_into(&value, &mut dependency.name, &field_path)?,
                "version" => decode_string_into(&value, &mut dependency.version, &field_path)?,
                "repository" => {
                    decode_string_into(&value, &mut dependency.repository, &field_path)?
                }
                "condition" => decode_string_into(&value, &mut dependency.condition, &field_path)?,
                "tags" => decode_strings_into(&value, &mut dependency.tags, &field_path)?,
                "enabled" => decode_bool_into(&value, &mut dependency.enabled, &field_path)?,
                "import-values" => {
                    let decoded = value
                        .to_value()
                        .map_err(|error| DecodeError(error.to_string()))?;
                    match decoded {
                        Value::List(entries) => dependency.import_values = entries.to_vec(),
                        Value::Nil => dependency.import_values.clear(),
                        _ => {
                            return Err(json_type_error(
                                json_kind(&value)?,
                                &field_path,
                                "[]interface {}",
                            ))
                        }
                    }
                }
                _ => decode_string_into(&value, &mut dependency.alias, &field_path)?,
            }
        }
        dependencies.push(Some(dependency));
    }
    metadata.dependencies = Some(dependencies);
    Ok(())
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits that identify the value as
/// a float32, in exponent form when the decimal exponent is below -4 or at least 6 (the `%g`
/// rule for shortest output).
pub fn format_float32_g(value: f64) -> String {
    let single = value as f32;
    if single.is_nan() {
        return "NaN".into();
    }
    if single.is_infinite() {
        return if single > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if single == 0.0 {
        return if single.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let formatted = format!("{:e}", single.abs());
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mut out = String::new();
    if single < 0.0 {
        out.push('-');
    }
    if !(-4..6).contains(&exponent) {
        out.push_str(digits.get(..1).unwrap_or("0"));
        if digits.len() > 1 {
            out.push('.');
            out.push_str(digits.get(1..).unwrap_or_default());
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exponent.abs()));
    } else if exponent < 0 {
        out.push_str("0.");
        for _ in 0..(-exponent - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let integer_digits = (exponent + 1) as usize;
        if digits.len() <= integer_digits {
            out.push_str(&digits);
            out.push_str(&"0".repeat(integer_digits - digits.len()));
        } else {
            out.push_str(digits.get(..integer_digits).unwrap_or_default());
            out.push('.');
            out.push_str(digits.get(integer_digits..).unwrap_or_default());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Result<Metadata, DecodeError> {
        let mut metadata = Metadata::default();
        decode_metadata_into(text, &mut metadata)?;
        Ok(metadata)
    }

    #[test]
    fn numbers_in_string_fields_become_strings() {
        let metadata = decode("apiVersion: v2\nname: 12\nversion: 1.0\nappVersion: 1.10\nkubeVersion: 0x10\nicon: true\n").unwrap();
        assert_eq!(metadata.name, "12");
        assert_eq!(metadata.version, "1");
        assert_eq!(metadata.app_version, "1.1");
        assert_eq!(metadata.kube_version, "16");
        assert_eq!(metadata.icon, "true");
    }

    #[test]
    fn float32_g_formatting() {
        assert_eq!(format_float32_g(1.1), "1.1");
        assert_eq!(format_float32_g(1e6), "1e+06");
        assert_eq!(format_float32_g(123456789.0), "1.2345679e+08");
        assert_eq!(format_float32_g(0.0001), "0.0001");
        assert_eq!(format_float32_g(0.00001), "1e-05");
        assert_eq!(format_float32_g(2.5), "2.5");
        assert_eq!(format_float32_g(100.0), "100");
    }

    #[test]
    fn full_metadata() {
        let text = "apiVersion: v2\nname: meta\nversion: 1.2.3\nkeywords: [one, 2]\nannotations:\n  a: 1\n  b: x\nmaintainers:\n  - name: Someone\n    EMAIL: s@e.com\n  - null\ndeprecated: true\ntype: application\nunknown: 1\ndependencies:\n  - name: sub\n    version: 0.1.0\n    condition: sub.enabled\n    tags: [t]\n    alias: al\n    import-values:\n      - data\n      - child: a\n        parent: b\n";
        let metadata = decode(text).unwrap();
        assert_eq!(metadata.keywords, ["one", "2"]);
        assert_eq!(
            metadata
                .annotations
                .as_ref()
                .unwrap()
                .get("a")
                .map(String::as_str),
            Some("1")
        );
        assert_eq!(metadata.maintainers.len(), 2);
        assert_eq!(metadata.maintainers[0].as_ref().unwrap().email, "s@e.com");
        assert!(metadata.maintainers[1].is_none());
        assert!(metadata.deprecated);
        let dependency = metadata.dependency_list().next().unwrap();
        assert_eq!(dependency.alias, "al");
        assert_eq!(dependency.tags, ["t"]);
        assert_eq!(dependency.import_values.len(), 2);
    }

    #[test]
    fn type_errors_read_like_encoding_json() {
        assert_eq!(
            decode("name: [a]\n").unwrap_err().0,
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.name of type string"
        );
        assert_eq!(
            decode("deprecated: \"yes\"\n").unwrap_err().0,
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.deprecated of type bool"
        );
        assert!(decode("- a\n")
            .unwrap_err()
            .0
            .contains("cannot unmarshal array into Go value of type v2.Metadata"));
    }

    #[test]
    fn syntax_errors_keep_go_yaml_text() {
        let error = decode("apiVersion: v2\nname: [probe\nversion: 0.1.0\n").unwrap_err();
        assert!(
            error
                .0
                .starts_with("error converting YAML to JSON: yaml: line"),
            "{}",
            error.0
        );
    }

    #[test]
    fn api_version_and_empty_documents() {
        assert_eq!(
            decode_api_version("apiVersion: v9\nname: x\n").unwrap(),
            "v9"
        );
        assert_eq!(decode_api_version("").unwrap(), "");
        assert_eq!(decode("").unwrap(), Metadata::default());
    }

    #[test]
    fn later_decode_overlays_earlier() {
        let mut metadata = decode("apiVersion: v1\nname: probe\nversion: 0.1.0\n").unwrap();
        decode_metadata_into(
            "dependencies:\n  - name: sub\n    version: 0.1.0\n",
            &mut metadata,
        )
        .unwrap();
        assert_eq!(metadata.name, "probe");
        assert_eq!(metadata.dependency_list().count(), 1);
    }
}
