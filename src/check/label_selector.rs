//! Kubernetes label selectors: the `matchLabels` and `matchExpressions` form (Deployments,
//! PodDisruptionBudgets, NetworkPolicies, ServiceMonitors) and the plain map form (Services).

use std::collections::BTreeMap;

use crate::value::Value;

/// A label set, as in `metadata.labels`.
pub type Labels = BTreeMap<String, String>;

/// A parsed selector. An empty selector selects everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: Labels,
    pub expressions: Vec<Requirement>,
}

/// One `matchExpressions` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

impl LabelSelector {
    /// Reads `{matchLabels: ..., matchExpressions: [...]}`; anything else reads as empty.
    pub fn from_structured(value: Option<&Value>) -> LabelSelector {
        let Some(map) = value.and_then(Value::as_map) else {
            return LabelSelector::default();
        };
        let expressions = map
            .get("matchExpressions")
            .and_then(|list| list.as_list().map(<[Value]>::to_vec))
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| {
                let entry = entry.as_map()?;
                Some(Requirement {
                    key: entry.get("key")?.as_str()?.to_string(),
                    operator: entry.get("operator")?.as_str()?.to_string(),
                    values: string_list(entry.get("values").as_ref()),
                })
            })
            .collect();
        LabelSelector {
            match_labels: labels_of(map.get("matchLabels").as_ref()),
            expressions,
        }
    }

    /// Reads a Service's plain `selector` map.
    pub fn from_map(value: Option<&Value>) -> LabelSelector {
        LabelSelector {
            match_labels: labels_of(value),
            expressions: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty()
    }

    /// Whether `labels` satisfy every `matchLabels` pair and every expression.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(key, value)| labels.get(key) == Some(value))
            && self.expressions.iter().all(|requirement| {
                let present = labels.get(&requirement.key);
                match requirement.operator.as_str() {
                    "In" => present.is_some_and(|value| requirement.values.contains(value)),
                    "NotIn" => present.is_none_or(|value| !requirement.values.contains(value)),
                    "Exists" => present.is_some(),
                    "DoesNotExist" => present.is_none(),
                    _ => false,
                }
            })
    }

    /// The selector as `kubectl get -l` writes it, for messages.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        for requirement in &self.expressions {
            parts.push(format!(
                "{} {} ({})",
                requirement.key,
                requirement.operator,
                requirement.values.join(",")
            ));
        }
        parts.join(",")
    }
}

/// A string-to-string map (labels, annotations, selectors); other entries are skipped.
pub fn labels_of(value: Option<&Value>) -> Labels {
    value
        .and_then(Value::as_map)
        .map(|map| {
            map.entries()
                .into_iter()
                .filter_map(|(key, value)| Some((key.to_string(), scalar_text(&value)?)))
                .collect()
        })
        .unwrap_or_default()
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Int(number) | Value::Int64(number) => Some(number.to_string()),
        _ => None,
    }
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_list)
        .map(|items| items.iter().filter_map(scalar_text).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::values::parse_values;

    fn selector(text: &str) -> LabelSelector {
        let value = parse_values(text).expect("yaml");
        LabelSelector::from_structured(Some(&value))
    }

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn match_labels_and_expressions_all_apply() {
        let chosen = selector(
            "matchLabels: {app: api}\nmatchExpressions:\n- {key: tier, operator: In, values: [web, edge]}\n- {key: canary, operator: DoesNotExist}\n",
        );
        assert!(chosen.matches(&labels(&[("app", "api"), ("tier", "web")])));
        assert!(!chosen.matches(&labels(&[("app", "api"), ("tier", "db")])));
        assert!(!chosen.matches(&labels(&[("app", "api"), ("tier", "web"), ("canary", "1")])));
        assert!(!chosen.matches(&labels(&[("tier", "web")])));
        assert_eq!(
            chosen.describe(),
            "app=api,tier In (web,edge),canary DoesNotExist ()"
        );
    }

    #[test]
    fn an_empty_selector_selects_everything() {
        let chosen = selector("{}");
        assert!(chosen.is_empty() && chosen.matches(&labels(&[])));
    }
}
