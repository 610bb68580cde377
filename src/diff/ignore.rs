//! Ignore rules: parts of objects a diff does not look at.
//!
//! A rule selects objects by group, kind, namespace and name (each optional, `*` matching any
//! run of characters) and names what to ignore in them: JSON pointers (the `/spec/replicas` of a
//! Deployment an autoscaler manages, in the manner of Argo CD's `ignoreDifferences`), and
//! annotation or label keys (a key ending in `*` matches every key with that prefix).
//! Annotations and labels are ignored in the object's own metadata and in the metadata of the
//! pod templates it holds (`spec.template`, `spec.jobTemplate` and its template), where
//! checksum annotations usually live.
//!
//! Rules come from chartroom.yaml (`diff.ignore`, a list of maps with the keys `group`,
//! `kind`, `namespace`, `name`, `jsonPointers`, `annotations`, `labels`) and from the command
//! line (`--ignore KIND[.GROUP][/NAME]:/pointer`, `--ignore-annotation KEY`,
//! `--ignore-label KEY`). Ignored parts are removed from both sides before comparing.

use crate::value::{Map, Value};
use crate::yaml::SpanIndex;

use super::error::DiffError;
use super::identity::ResourceKey;
use super::pointer::{get_at, parse_pointer, remove_at};

/// One ignore rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IgnoreRule {
    pub group: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// Parsed JSON pointers.
    pub json_pointers: Vec<Vec<String>>,
    pub annotations: Vec<String>,
    pub labels: Vec<String>,
}

/// The metadata maps annotation and label rules apply to, as pointers.
const METADATA_POINTERS: &[&[&str]] = &[
    &["metadata"],
    &["spec", "template", "metadata"],
    &["spec", "jobTemplate", "metadata"],
    &["spec", "jobTemplate", "spec", "template", "metadata"],
];

/// Keys a `diff.ignore` entry may have.
const RULE_KEYS: &[&str] = &[
    "group",
    "kind",
    "namespace",
    "name",
    "jsonPointers",
    "annotations",
    "labels",
];

impl IgnoreRule {
    /// `--ignore KIND[.GROUP][/NAME]:/pointer`: `*` as KIND or NAME matches every object.
    pub fn parse_flag(text: &str) -> Result<IgnoreRule, DiffError> {
        let invalid = |reason: &str| DiffError::IgnoreRule {
            origin: format!("--ignore {text}"),
            reason: reason.into(),
        };
        let Some((selector, pointer)) = text.split_once(':') else {
            return Err(invalid("expected KIND[/NAME]:/json/pointer"));
        };
        let (kind_part, name) = match selector.split_once('/') {
            Some((kind, name)) => (kind, Some(name)),
            None => (selector, None),
        };
        if kind_part.is_empty() {
            return Err(invalid("the kind is empty (use * for every kind)"));
        }
        let (kind, group) = match kind_part.split_once('.') {
            Some((kind, group)) => (kind, Some(group.to_string())),
            None => (kind_part, None),
        };
        let segments = parse_pointer(pointer)?;
        if segments.is_empty() {
            return Err(invalid(
                "the pointer must name a member, not the whole object",
            ));
        }
        Ok(IgnoreRule {
            group,
            kind: Some(kind.to_string()),
            name: name.filter(|name| !name.is_empty()).map(str::to_string),
            json_pointers: vec![segments],
            ..IgnoreRule::default()
        })
    }

    /// A rule ignoring one annotation key (or prefix ending in `*`) in every object.
    pub fn annotation(key: &str) -> IgnoreRule {
        IgnoreRule {
            annotations: vec![key.to_string()],
            ..IgnoreRule::default()
        }
    }

    /// A rule ignoring one label key (or prefix ending in `*`) in every object.
    pub fn label(key: &str) -> IgnoreRule {
        IgnoreRule {
            labels: vec![key.to_string()],
            ..IgnoreRule::default()
        }
    }

    /// Whether the rule selects this object.
    pub fn selects(&self, key: &ResourceKey) -> bool {
        let matches = |pattern: &Option<String>, text: &str| {
            pattern
                .as_deref()
                .is_none_or(|pattern| glob_match(pattern, text))
        };
        matches(&self.group, &key.group)
            && matches(&self.kind, &key.kind)
            && matches(&self.namespace, &key.namespace)
            && matches(&self.name, &key.name)
    }

    /// The object without what the rule ignores (the input is left alone).
    pub fn apply(&self, object: &Value) -> Value {
        let mut result = object.clone();
        for pointer in &self.json_pointers {
            result = remove_at(&result, pointer);
        }
        if self.annotations.is_empty() && self.labels.is_empty() {
            return result;
        }
        for metadata_pointer in METADATA_POINTERS {
            let segments: Vec<String> = metadata_pointer
                .iter()
                .map(|segment| segment.to_string())
                .collect();
            for (field, patterns) in [("annotations", &self.annotations), ("labels", &self.labels)]
            {
                let mut field_pointer = segments.clone();
                field_pointer.push(field.to_string());
                let Some(Value::Map(entries)) = get_at(&result, &field_pointer) else {
                    continue;
                };
                for key in entries.keys() {
                    if patterns.iter().any(|pattern| key_matches(pattern, &key)) {
                        let mut key_pointer = field_pointer.clone();
                        key_pointer.push(key.to_string());
                        result = remove_at(&result, &key_pointer);
                    }
                }
            }
        }
        result
    }
}

/// An annotation or label key pattern: exact, or a prefix when it ends with `*`.
fn key_matches(pattern: &str, key: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => pattern == key,
    }
}

/// Shell-style matching where `*` stands for any run of characters (no other wildcards).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    if parts.len() == 1 {
        return pattern == text;
    }
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(position) => rest = &rest[position + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// All rules in force for one diff.
#[derive(Debug, Clone, Default)]
pub struct IgnoreRules {
    pub rules: Vec<IgnoreRule>,
}

impl IgnoreRules {
    /// The object without everything the rules selecting it ignore.
    pub fn apply(&self, key: &ResourceKey, object: &Value) -> Value {
        self.rules
            .iter()
            .filter(|rule| rule.selects(key))
            .fold(object.clone(), |current, rule| rule.apply(&current))
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Reads chartroom.yaml's `diff.ignore` (absent: no rules). `origin` names the file in
    /// errors; `spans` (from the YAML reader) adds line and column.
    pub fn from_project(
        project: &Value,
        origin: &str,
        spans: Option<&SpanIndex>,
    ) -> Result<IgnoreRules, DiffError> {
        let position = |path: &str| match spans.and_then(|spans| spans.key_or_value(path)) {
            Some(span) => format!("{origin}:{}:{}: {path}", span.line, span.column),
            None => format!("{origin}: {path}"),
        };
        let invalid = |path: &str, reason: String| DiffError::IgnoreRule {
            origin: position(path),
            reason,
        };
        let Some(project) = project.as_map() else {
            return Ok(IgnoreRules::default());
        };
        let diff = match project.get("diff") {
            None | Some(Value::Nil) => return Ok(IgnoreRules::default()),
            Some(Value::Map(diff)) => diff,
            Some(_) => return Err(invalid("/diff", "must be a map".into())),
        };
        if let Some(unknown) = diff.keys().into_iter().find(|key| &**key != "ignore") {
            return Err(invalid(
                &format!("/diff/{unknown}"),
                "unknown key (diff takes only ignore)".into(),
            ));
        }
        let entries = match diff.get("ignore") {
            None | Some(Value::Nil) => return Ok(IgnoreRules::default()),
            Some(Value::List(entries)) => entries,
            Some(_) => return Err(invalid("/diff/ignore", "must be a list of rules".into())),
        };
        let mut rules = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let path = format!("/diff/ignore/{index}");
            let Value::Map(entry) = entry else {
                return Err(invalid(&path, "a rule must be a map".into()));
            };
            rules.push(rule_from_map(entry, &path, &invalid)?);
        }
        Ok(IgnoreRules { rules })
    }
}

fn rule_from_map(
    entry: &Map,
    path: &str,
    invalid: &dyn Fn(&str, String) -> DiffError,
) -> Result<IgnoreRule, DiffError> {
    if let Some(unknown) = entry
        .keys()
        .into_iter()
        .find(|key| !RULE_KEYS.contains(&&**key))
    {
        return Err(invalid(
            &format!("{path}/{unknown}"),
            format!("unknown key (expected one of {})", RULE_KEYS.join(", ")),
        ));
    }
    let text = |key: &str| -> Result<Option<String>, DiffError> {
        match entry.get(key) {
            None | Some(Value::Nil) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.to_string())),
            Some(_) => Err(invalid(&format!("{path}/{key}"), "must be a string".into())),
        }
    };
    let texts = |key: &str| -> Result<Vec<String>, DiffError> {
        match entry.get(key) {
            None | Some(Value::Nil) => Ok(Vec::new()),
            Some(Value::List(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| match item {
                    Value::String(text) => Ok(text.to_string()),
                    _ => Err(invalid(
                        &format!("{path}/{key}/{index}"),
                        "must be a string".into(),
                    )),
                })
                .collect(),
            Some(_) => Err(invalid(
                &format!("{path}/{key}"),
                "must be a list of strings".into(),
            )),
        }
    };
    let mut json_pointers = Vec::new();
    for (index, pointer) in texts("jsonPointers")?.iter().enumerate() {
        let segments = parse_pointer(pointer)
            .map_err(|error| invalid(&format!("{path}/jsonPointers/{index}"), error.to_string()))?;
        if segments.is_empty() {
            return Err(invalid(
                &format!("{path}/jsonPointers/{index}"),
                "the pointer must name a member, not the whole object".into(),
            ));
        }
        json_pointers.push(segments);
    }
    let rule = IgnoreRule {
        group: text("group")?,
        kind: text("kind")?,
        namespace: text("namespace")?,
        name: text("name")?,
        json_pointers,
        annotations: texts("annotations")?,
        labels: texts("labels")?,
    };
    if rule.json_pointers.is_empty() && rule.annotations.is_empty() && rule.labels.is_empty() {
        return Err(invalid(
            path,
            "the rule ignores nothing (give jsonPointers, annotations or labels)".into(),
        ));
    }
    Ok(rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_value_any, parse_values_with_spans};

    fn yaml(text: &str) -> Value {
        parse_value_any(text).unwrap()
    }

    fn key(kind: &str, name: &str) -> ResourceKey {
        ResourceKey {
            group: if kind == "Deployment" {
                "apps".into()
            } else {
                String::new()
            },
            kind: kind.into(),
            namespace: "iot".into(),
            name: name.into(),
        }
    }

    #[test]
    fn globs_match_runs_of_characters() {
        assert!(glob_match("*", "anything"));
        assert!(glob_match("web-*", "web-1"));
        assert!(glob_match("*-db-*", "a-db-b"));
        assert!(!glob_match("web-*", "api-1"));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("a*a", "a"));
    }

    #[test]
    fn flag_rules_select_kind_and_name() {
        let rule = IgnoreRule::parse_flag("Deployment/suggestion:/spec/replicas").unwrap();
        assert!(rule.selects(&key("Deployment", "suggestion")));
        assert!(!rule.selects(&key("Deployment", "other")));
        assert!(!rule.selects(&key("StatefulSet", "suggestion")));
        let any = IgnoreRule::parse_flag("*:/metadata/labels").unwrap();
        assert!(any.selects(&key("Service", "x")));
        let grouped = IgnoreRule::parse_flag("Deployment.apps:/spec/replicas").unwrap();
        assert_eq!(grouped.group.as_deref(), Some("apps"));
        assert!(IgnoreRule::parse_flag("Deployment/x").is_err());
        assert!(IgnoreRule::parse_flag("Deployment/x:spec").is_err());
        assert!(IgnoreRule::parse_flag(":/spec").is_err());
    }

    #[test]
    fn pointer_rules_remove_members() {
        let rules = IgnoreRules {
            rules: vec![IgnoreRule::parse_flag("Deployment:/spec/replicas").unwrap()],
        };
        let object = yaml("spec: {replicas: 3, paused: false}");
        assert_eq!(
            rules.apply(&key("Deployment", "a"), &object),
            yaml("spec: {paused: false}")
        );
        assert_eq!(rules.apply(&key("Service", "a"), &object), object);
    }

    #[test]
    fn annotation_and_label_rules_reach_pod_templates() {
        let rules = IgnoreRules {
            rules: vec![
                IgnoreRule::annotation("checksum/*"),
                IgnoreRule::label("helm.sh/chart"),
            ],
        };
        let object = yaml(
            "metadata: {labels: {helm.sh/chart: a-1, app: a}, annotations: {checksum/x: '1'}}\nspec: {template: {metadata: {annotations: {checksum/config: abc, keep: k}}}}",
        );
        let expected = yaml("metadata: {labels: {app: a}, annotations: {}}\nspec: {template: {metadata: {annotations: {keep: k}}}}");
        assert_eq!(rules.apply(&key("Deployment", "a"), &object), expected);
    }

    #[test]
    fn project_rules_are_read_with_positions() {
        let text = "name: p\ndiff:\n  ignore:\n  - kind: Deployment\n    name: suggestion\n    jsonPointers: [/spec/replicas]\n  - annotations: [checksum/config]\n";
        let (value, spans) = parse_values_with_spans(text).unwrap();
        let rules = IgnoreRules::from_project(&value, "chartroom.yaml", Some(&spans)).unwrap();
        assert_eq!(rules.rules.len(), 2);
        assert_eq!(
            rules.rules[0].json_pointers,
            vec![vec!["spec".to_string(), "replicas".to_string()]]
        );
        let bad = "diff:\n  ignore:\n  - kind: Deployment\n    jsonPointer: [/spec/replicas]\n";
        let (value, spans) = parse_values_with_spans(bad).unwrap();
        let error = IgnoreRules::from_project(&value, "chartroom.yaml", Some(&spans))
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(
                "chartroom.yaml:4:5: /diff/ignore/0/jsonPointer: invalid ignore rule: unknown key"
            ),
            "{error}"
        );
        let empty = "diff:\n  ignore:\n  - kind: Deployment\n";
        let (value, _) = parse_values_with_spans(empty).unwrap();
        assert!(IgnoreRules::from_project(&value, "c", None)
            .unwrap_err()
            .to_string()
            .contains("ignores nothing"));
        assert!(IgnoreRules::from_project(&yaml("name: x"), "c", None)
            .unwrap()
            .is_empty());
    }
}
