//! Helm's processing of Chart.yaml `dependencies` before rendering (`ProcessDependencies`).
//!
//! * Each listed dependency is matched to a loaded subchart by name and version range; a match
//!   is copied and, with an `alias`, renamed (so one chart can appear twice). Subcharts that no
//!   entry matches stay as they are.
//! * Every entry starts enabled. With the coalesced values, `tags` (a `tags:` map of booleans:
//!   any true tag enables, otherwise any false tag disables) and then `condition` (comma-separated
//!   value paths; the first one holding a boolean decides) switch entries off; disabled subcharts
//!   are dropped. This recurses into the remaining subcharts with their value paths.
//! * `import-values` copy values from a subchart into the parent's defaults: `{child, parent}`
//!   entries copy the child's table at `child` to `parent`, string entries copy the child's
//!   `exports.<name>` table to the top; the parent's own defaults win over imports.
//! * A chart without a `dependencies` key in Chart.yaml is left alone, subcharts included.

use super::coalesce::{coalesce_values, merge_tables, merge_values};
use super::metadata::Dependency;
use super::model::Chart;
use super::ChartError;
use crate::value::fmt::format_v;
use crate::value::{Map, Value};

/// Helm's `CheckDependencies`: every Chart.yaml dependency must have a loaded subchart of that
/// name (aliases aside).
pub fn check_dependencies(chart: &Chart) -> Result<(), ChartError> {
    let missing: Vec<String> = chart
        .metadata
        .dependency_list()
        .filter(|requirement| {
            !chart
                .dependencies
                .iter()
                .any(|loaded| loaded.name() == requirement.name)
        })
        .map(|requirement| requirement.name.clone())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ChartError::MissingDependencies(missing))
    }
}

/// Helm's `ProcessDependencies`: enables/disables and aliases subcharts using the user's
/// values, then imports values from subcharts into their parents.
///
/// Errors come wrapped as Helm's install action reports them (`chart dependencies processing
/// failed: ...`).
pub fn process_dependencies(chart: &mut Chart, values: &Value) -> Result<(), ChartError> {
    process_dependency_enabled(chart, values, "")
        .map_err(|error| ChartError::DependencyProcessing(Box::new(error)))?;
    process_dependency_import_values(chart);
    Ok(())
}

/// Helm's `IsCompatibleRange`: the chart version satisfies the dependency's range; a range or
/// version that does not parse never matches.
pub fn is_compatible_range(range: &str, version: &str) -> bool {
    crate::funcs::semver::constraint_matches(range, version).unwrap_or(false)
}

/// A renamed copy of the loaded subchart a dependency entry refers to.
fn alias_dependency(charts: &[Chart], requirement: &Dependency) -> Option<Chart> {
    let found = charts.iter().find(|chart| {
        chart.name() == requirement.name
            && is_compatible_range(&requirement.version, &chart.metadata.version)
    })?;
    let mut copy = found.clone();
    if !requirement.alias.is_empty() {
        copy.metadata.name = requirement.alias.clone();
    }
    Some(copy)
}

fn process_dependency_enabled(
    chart: &mut Chart,
    values: &Value,
    path: &str,
) -> Result<(), ChartError> {
    let Some(requirements) = chart.metadata.dependencies.take() else {
        return Ok(());
    };
    let mut requirements: Vec<Dependency> = requirements.into_iter().flatten().collect();
    let mut selected: Vec<Chart> = chart
        .dependencies
        .iter()
        .filter(|existing| {
            !requirements.iter().any(|requirement| {
                existing.name() == requirement.name
                    && is_compatible_range(&requirement.version, &existing.metadata.version)
            })
        })
        .cloned()
        .collect();
    for requirement in &mut requirements {
        if let Some(copy) = alias_dependency(&chart.dependencies, requirement) {
            selected.push(copy);
        }
        if !requirement.alias.is_empty() {
            requirement.name = requirement.alias.clone();
        }
        requirement.enabled = true;
    }
    chart.dependencies = selected;
    chart.metadata.dependencies = Some(requirements.iter().cloned().map(Some).collect());

    let coalesced = coalesce_values(chart, values)?;
    let coalesced_map = coalesced.as_map().cloned().unwrap_or_default();
    apply_tags(&mut requirements, &coalesced_map);
    apply_conditions(&mut requirements, &coalesced_map, path);

    let disabled: Vec<String> = requirements
        .iter()
        .filter(|requirement| !requirement.enabled)
        .map(|requirement| requirement.name.clone())
        .collect();
    let mut kept: Vec<Chart> = std::mem::take(&mut chart.dependencies)
        .into_iter()
        .filter(|sub| !disabled.iter().any(|name| name == sub.name()))
        .collect();
    let kept_requirements: Vec<Dependency> = requirements
        .into_iter()
        .filter(|requirement| !disabled.contains(&requirement.name))
        .collect();
    for sub in &mut kept {
        let sub_path = format!("{path}{}.", sub.name());
        process_dependency_enabled(sub, &coalesced, &sub_path)?;
    }
    chart.metadata.dependencies = if kept_requirements.is_empty() {
        None
    } else {
        Some(kept_requirements.into_iter().map(Some).collect())
    };
    chart.dependencies = kept;
    Ok(())
}

/// `tags:` decides for entries that name tags: any true tag enables, else any false disables.
fn apply_tags(requirements: &mut [Dependency], values: &Map) {
    let Some(Value::Map(tags)) = table(values, "tags") else {
        return;
    };
    for requirement in requirements {
        let mut has_true = false;
        let mut has_false = false;
        for tag in &requirement.tags {
            match tags.get(tag) {
                Some(Value::Bool(true)) => has_true = true,
                Some(Value::Bool(false)) => has_false = true,
                _ => {}
            }
        }
        requirement.enabled = has_true || !has_false;
    }
}

/// `condition:` paths, tried in order; the first that holds a boolean decides.
fn apply_conditions(requirements: &mut [Dependency], values: &Map, path: &str) {
    for requirement in requirements {
        for condition in requirement.condition.trim().split(',') {
            if condition.is_empty() {
                continue;
            }
            if let Some(Value::Bool(enabled)) = path_value(values, &format!("{path}{condition}")) {
                requirement.enabled = enabled;
                break;
            }
        }
    }
}

/// Helm's `Values.Table`: the map at a dotted path, every step a map.
fn table(values: &Map, dotted: &str) -> Option<Value> {
    let mut current = values.clone();
    for part in dotted.split('.') {
        match current.get(part) {
            Some(Value::Map(inner)) => current = inner,
            _ => return None,
        }
    }
    Some(Value::Map(current))
}

/// Helm's `Values.PathValue`: the non-map value at a dotted path (null included).
fn path_value(values: &Map, dotted: &str) -> Option<Value> {
    let (parent, key) = match dotted.rsplit_once('.') {
        Some((parent, key)) => (table(values, parent)?.as_map().cloned()?, key),
        None => (values.clone(), dotted),
    };
    match parent.get(key) {
        Some(Value::Map(_)) | None => None,
        Some(value) => Some(value),
    }
}

/// Imports run bottom-up: a chart's subcharts first, then the chart itself.
fn process_dependency_import_values(chart: &mut Chart) {
    for sub in &mut chart.dependencies {
        process_dependency_import_values(sub);
    }
    process_import_values(chart);
}

/// Helm's `processImportValues` in merge mode (nulls kept).
fn process_import_values(chart: &mut Chart) {
    if chart.metadata.dependencies.is_none() {
        return;
    }
    let merged = merge_values_of(chart);
    let imported = Map::new();
    let Some(requirements) = chart.metadata.dependencies.as_mut() else {
        return;
    };
    for requirement in requirements.iter_mut().flatten() {
        let mut rewritten = Vec::new();
        for entry in &requirement.import_values {
            match entry {
                Value::Map(spec) => {
                    let child = spec
                        .get("child")
                        .map(|v| format_v(&v))
                        .unwrap_or_else(|| "<nil>".into());
                    let parent = spec
                        .get("parent")
                        .map(|v| format_v(&v))
                        .unwrap_or_else(|| "<nil>".into());
                    rewritten.push(import_pair(&child, &parent));
                    let Some(Value::Map(source)) =
                        table(&merged, &format!("{}.{child}", requirement.name))
                    else {
                        continue;
                    };
                    merge_tables(&imported, &path_to_map(&parent, source));
                }
                Value::String(name) => {
                    let child = format!("exports.{name}");
                    rewritten.push(import_pair(&child, "."));
                    let Some(Value::Map(source)) =
                        table(&merged, &format!("{}.{child}", requirement.name))
                    else {
                        continue;
                    };
                    merge_tables(&imported, &source);
                }
                _ => {}
            }
        }
        requirement.import_values = rewritten;
    }
    let base = merged.deep_copy();
    merge_tables(&base, &imported);
    chart.values = base;
}

/// `MergeValues(chart, nil)`: the chart's defaults with its subcharts' under their names.
fn merge_values_of(chart: &Chart) -> Map {
    match merge_values(chart, &Value::Map(Map::new())) {
        Ok(Value::Map(map)) => map,
        _ => chart.values.clone(),
    }
}

fn import_pair(child: &str, parent: &str) -> Value {
    let pair = Map::new();
    pair.insert("child", Value::string(child));
    pair.insert("parent", Value::string(parent));
    Value::Map(pair)
}

/// Helm's `pathToMap`: `data` nested under the dotted path (`.` means the top).
fn path_to_map(path: &str, data: Map) -> Map {
    if path == "." {
        return data;
    }
    let mut current = data;
    for part in path.split('.').rev() {
        let wrapper = Map::new();
        wrapper.insert(part, Value::Map(current));
        current = wrapper;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::metadata::Metadata;

    fn map_of(json: &str) -> Map {
        let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
        match crate::value::json::from_serde_json(&parsed) {
            Value::Map(map) => map,
            _ => panic!("not a map"),
        }
    }

    fn chart(
        name: &str,
        values: &str,
        requirements: Option<Vec<Dependency>>,
        dependencies: Vec<Chart>,
    ) -> Chart {
        Chart {
            metadata: Metadata {
                name: name.into(),
                api_version: "v2".into(),
                version: "0.1.0".into(),
                dependencies: requirements.map(|list| list.into_iter().map(Some).collect()),
                ..Metadata::default()
            },
            values: map_of(values),
            schema: None,
            templates: vec![],
            files: vec![],
            dependencies,
        }
    }

    fn requirement(name: &str) -> Dependency {
        Dependency {
            name: name.into(),
            version: "0.1.0".into(),
            ..Dependency::default()
        }
    }

    fn names(chart: &Chart) -> Vec<String> {
        let mut names: Vec<String> = chart
            .dependencies
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn condition_false_drops_the_subchart() {
        let sub = chart("sub", r#"{"enabled":true}"#, None, vec![]);
        let mut parent = chart(
            "probe",
            r#"{"sub":{"enabled":false}}"#,
            Some(vec![Dependency {
                condition: "sub.enabled".into(),
                ..requirement("sub")
            }]),
            vec![sub],
        );
        process_dependencies(&mut parent, &Value::Map(Map::new())).unwrap();
        assert!(parent.dependencies.is_empty());
        assert!(parent.metadata.dependencies.is_none());
    }

    #[test]
    fn first_boolean_condition_wins_and_non_bool_is_skipped() {
        let sub = chart("sub", "{}", None, vec![]);
        let spec = Dependency {
            condition: "missing.path,first.on,second.on".into(),
            ..requirement("sub")
        };
        let mut parent = chart(
            "probe",
            r#"{"first":{"on":false},"second":{"on":true}}"#,
            Some(vec![spec]),
            vec![sub.clone()],
        );
        process_dependencies(&mut parent, &Value::Map(Map::new())).unwrap();
        assert!(parent.dependencies.is_empty());
        let spec = Dependency {
            condition: "sub.enabled".into(),
            ..requirement("sub")
        };
        let mut parent = chart(
            "probe",
            r#"{"sub":{"enabled":"false"}}"#,
            Some(vec![spec]),
            vec![sub],
        );
        process_dependencies(&mut parent, &Value::Map(Map::new())).unwrap();
        assert_eq!(names(&parent), ["sub"]);
    }

    #[test]
    fn tags_any_true_enables() {
        let sub = chart("sub", "{}", None, vec![]);
        let other = chart("other", "{}", None, vec![]);
        let mut parent = chart(
            "probe",
            r#"{"tags":{"front":false,"a":false,"b":true}}"#,
            Some(vec![
                Dependency {
                    tags: vec!["front".into()],
                    ..requirement("sub")
                },
                Dependency {
                    tags: vec!["a".into(), "b".into()],
                    ..requirement("other")
                },
            ]),
            vec![sub, other],
        );
        process_dependencies(&mut parent, &Value::Map(Map::new())).unwrap();
        assert_eq!(names(&parent), ["other"]);
    }

    #[test]
    fn aliases_copy_and_rename() {
        let sub = chart("sub", r#"{"v":"default"}"#, None, vec![]);
        let mut parent = chart(
            "probe",
            r#"{"one":{"enabled":false}}"#,
            Some(vec![
                Dependency {
                    alias: "one".into(),
                    condition: "one.enabled".into(),
                    ..requirement("sub")
                },
                Dependency {
                    alias: "two".into(),
                    ..requirement("sub")
                },
            ]),
            vec![sub],
        );
        process_dependencies(&mut parent, &Value::Map(Map::new())).unwrap();
        assert_eq!(names(&parent), ["two"]);
    }

    #[test]
    fn incompatible_version_keeps_the_subchart_unaliased() {
        let sub = chart("sub", "{}", None, vec![]);
        let spec = Dependency {
            version: "9.9.9".into(),
            alias: "renamed".into(),
            ..requirement("sub")
        };
        let mut parent = chart("probe", "{}", Some(vec![spec]), vec![sub]);
        process_dependencies(&mut parent, &Value::Map(Map::new())).unwrap();
        assert_eq!(names(&parent), ["sub"]);
    }

    #[test]
    fn import_values_both_forms() {
        let sub = chart(
            "sub",
            r#"{"cfg":{"inner":{"over":"child","added":"child"}},"exports":{"data":{"imported":"from-sub","existing":"from-sub"}}}"#,
            None,
            vec![],
        );
        let spec = Dependency {
            import_values: vec![
                Value::Map(map_of(r#"{"child":"cfg.inner","parent":"dest"}"#)),
                Value::string("data"),
                Value::Map(map_of(r#"{"child":"does.not.exist","parent":"x"}"#)),
            ],
            ..requirement("sub")
        };
        let mut parent = chart(
            "probe",
            r#"{"dest":{"keep":"parent","over":"parent"},"existing":"parent"}"#,
            Some(vec![spec]),
            vec![sub],
        );
        process_dependencies(&mut parent, &Value::Map(Map::new())).unwrap();
        let values = Value::Map(parent.values.clone());
        let dest = values.as_map().unwrap().get("dest").unwrap();
        assert_eq!(format_v(&dest), "map[added:child keep:parent over:parent]");
        assert_eq!(
            values.as_map().unwrap().get("imported"),
            Some("from-sub".into())
        );
        assert_eq!(
            values.as_map().unwrap().get("existing"),
            Some("parent".into())
        );
        assert!(values.as_map().unwrap().get("x").is_none());
        let rewritten = &parent
            .metadata
            .dependency_list()
            .next()
            .unwrap()
            .import_values;
        assert_eq!(format_v(&Value::list(rewritten.clone())), "[map[child:cfg.inner parent:dest] map[child:exports.data parent:.] map[child:does.not.exist parent:x]]");
    }

    #[test]
    fn missing_dependency_is_reported() {
        let parent = chart("probe", "{}", Some(vec![requirement("absent")]), vec![]);
        assert_eq!(
            check_dependencies(&parent).unwrap_err(),
            ChartError::MissingDependencies(vec!["absent".into()])
        );
    }

    #[test]
    fn nested_conditions_use_the_subchart_path() {
        let leaf = chart("leaf", "{}", None, vec![]);
        let mid = chart(
            "mid",
            "{}",
            Some(vec![Dependency {
                condition: "leaf.on".into(),
                ..requirement("leaf")
            }]),
            vec![leaf],
        );
        let mut parent = chart(
            "probe",
            r#"{"mid":{"leaf":{"on":false}}}"#,
            Some(vec![requirement("mid")]),
            vec![mid],
        );
        process_dependencies(&mut parent, &Value::Map(Map::new())).unwrap();
        assert_eq!(names(&parent), ["mid"]);
        assert!(parent.dependencies[0].dependencies.is_empty());
    }
}
