//! Helm's coalescing of user-supplied values with a chart's defaults (`CoalesceValues`) and
//! its null-keeping variant (`MergeValues`), including subcharts and globals.
//!
//! The rules, all Helm's:
//! * user values win; maps merge key by key, deeply; lists and scalars replace;
//! * a null from the user deletes the chart's key when coalescing (merging keeps it), while a
//!   null that only the chart's own values.yaml holds is kept; a nested null deletes only
//!   where the chart has a non-null value for that key;
//! * a map and a non-map under the same key: the user's value wins and Helm logs a warning;
//! * every subchart gets the map under its name (created if absent; a non-map is the error
//!   `type mismatch on <name>`) coalesced with its own defaults, and the parent's `global` map
//!   copied into the subchart's `global` (parent entries win, maps merged).
//!
//! Maps are Go maps here: shared and mutated in place, exactly where Helm mutates them.

use std::collections::BTreeSet;

use super::model::Chart;
use super::ChartError;
use crate::value::fmt::format_v;
use crate::value::{deep_copy, Map, Value};

/// The key whose map flows from a chart into all its subcharts.
pub const GLOBAL_KEY: &str = "global";

/// Messages Helm logs while coalescing (type conflicts it skips); not errors.
pub type Warnings = Vec<String>;

/// Helm's `CoalesceValues`: the values a chart renders with, given the user's values.
pub fn coalesce_values(chart: &Chart, user: &Value) -> Result<Value, ChartError> {
    let mut warnings = Warnings::new();
    coalesce_values_with_warnings(chart, user, &mut warnings)
}

/// [`coalesce_values`], collecting the warnings Helm would log.
pub fn coalesce_values_with_warnings(
    chart: &Chart,
    user: &Value,
    warnings: &mut Warnings,
) -> Result<Value, ChartError> {
    let dest = copy_user_values(user);
    coalesce(chart, &dest, "", false, warnings)?;
    Ok(Value::Map(dest))
}

/// Helm's `MergeValues`: like [`coalesce_values`] but nulls are kept everywhere.
pub fn merge_values(chart: &Chart, user: &Value) -> Result<Value, ChartError> {
    let mut warnings = Warnings::new();
    let dest = copy_user_values(user);
    coalesce(chart, &dest, "", true, &mut warnings)?;
    Ok(Value::Map(dest))
}

fn copy_user_values(user: &Value) -> Map {
    match user {
        Value::Map(map) => map.deep_copy(),
        _ => Map::new(),
    }
}

fn concat_prefix(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn coalesce(
    chart: &Chart,
    dest: &Map,
    prefix: &str,
    merge: bool,
    warnings: &mut Warnings,
) -> Result<(), ChartError> {
    coalesce_chart_values(chart, dest, prefix, merge, warnings);
    coalesce_dependencies(chart, dest, prefix, merge, warnings)
}

/// Coalesces each subchart's map inside `dest` with that subchart's defaults and globals.
fn coalesce_dependencies(
    chart: &Chart,
    dest: &Map,
    prefix: &str,
    merge: bool,
    warnings: &mut Warnings,
) -> Result<(), ChartError> {
    for subchart in &chart.dependencies {
        let name = subchart.name();
        let sub_values = match dest.get(name) {
            None => {
                let fresh = Map::new();
                dest.insert(name, Value::Map(fresh.clone()));
                fresh
            }
            Some(Value::Map(existing)) => existing,
            Some(other) => {
                return Err(ChartError::TypeMismatch {
                    name: name.to_string(),
                    rendered: go_percent_t(&other),
                });
            }
        };
        let sub_prefix = concat_prefix(prefix, chart.name());
        coalesce_globals(&sub_values, dest, warnings);
        coalesce(subchart, &sub_values, &sub_prefix, merge, warnings)?;
    }
    Ok(())
}

/// Copies the `global` map of `source` (a parent's values) into `dest`'s (a subchart's):
/// the parent's scalars win, maps are merged with the parent's entries winning.
fn coalesce_globals(dest: &Map, source: &Map, warnings: &mut Warnings) {
    let dest_globals = match dest.get(GLOBAL_KEY) {
        None => Map::new(),
        Some(Value::Map(map)) => map,
        Some(_) => {
            warnings.push(format!(
                "warning: skipping globals because destination {GLOBAL_KEY} is not a table."
            ));
            return;
        }
    };
    let source_globals = match source.get(GLOBAL_KEY) {
        None => Map::new(),
        Some(Value::Map(map)) => map,
        Some(_) => {
            warnings.push(format!(
                "warning: skipping globals because source {GLOBAL_KEY} is not a table."
            ));
            return;
        }
    };
    for (key, value) in source_globals.entries() {
        match &value {
            Value::Map(table) => {
                let copy = table.shallow_copy();
                match dest_globals.get(&key) {
                    None => {
                        dest_globals.insert(key, Value::Map(copy));
                    }
                    Some(Value::Map(dest_table)) => {
                        coalesce_tables_full_key(&copy, &dest_table, &key, true, warnings);
                        dest_globals.insert(key, Value::Map(copy));
                    }
                    Some(_) => warnings.push(format!(
                        "Conflict: cannot merge map onto non-map for \"{key}\". Skipping."
                    )),
                }
            }
            _ => {
                if let Some(Value::Map(_)) = dest_globals.get(&key) {
                    warnings.push(format!("key {key} is table. Skipping"));
                } else {
                    dest_globals.insert(key, value.clone());
                }
            }
        }
    }
    dest.insert(GLOBAL_KEY, Value::Map(dest_globals));
}

/// Helm's `coalesceValues`: fills `values` (the user's side) from the chart's own defaults.
fn coalesce_chart_values(
    chart: &Chart,
    values: &Map,
    prefix: &str,
    merge: bool,
    warnings: &mut Warnings,
) {
    let sub_prefix = concat_prefix(prefix, chart.name());
    let defaults = chart.values.deep_copy();
    for (key, default) in defaults.entries() {
        match values.get(&key) {
            None => {
                values.insert(key, default);
            }
            Some(Value::Nil) if !merge => {
                values.remove(&key);
            }
            Some(Value::Map(user_table)) => match &default {
                Value::Map(default_table) => {
                    let merge = merge || chart.dependencies.iter().any(|sub| sub.name() == &*key);
                    let full_key = concat_prefix(&sub_prefix, &key);
                    coalesce_tables_full_key(
                        &user_table,
                        default_table,
                        &full_key,
                        merge,
                        warnings,
                    );
                }
                Value::Nil => {}
                _ => warnings.push(format!(
                    "warning: skipped value for {sub_prefix}.{key}: Not a table."
                )),
            },
            Some(_) => {}
        }
    }
}

/// Helm's `CoalesceTables`: merges `source` into `dest`, `dest` winning; nulls in `dest`
/// delete keys that `source` has non-null.
pub fn coalesce_tables(dest: &Map, source: &Map) {
    coalesce_tables_full_key(dest, source, "", false, &mut Warnings::new());
}

/// Helm's `MergeTables`: [`coalesce_tables`] keeping nulls.
pub fn merge_tables(dest: &Map, source: &Map) {
    coalesce_tables_full_key(dest, source, "", true, &mut Warnings::new());
}

/// Helm's `coalesceTablesFullKey`, walking nested tables with an explicit stack.
fn coalesce_tables_full_key(
    dest: &Map,
    source: &Map,
    prefix: &str,
    merge: bool,
    warnings: &mut Warnings,
) {
    let mut pending = vec![(dest.clone(), source.clone(), prefix.to_string())];
    while let Some((dest, source, prefix)) = pending.pop() {
        let originally_non_nil: BTreeSet<_> = source
            .entries()
            .into_iter()
            .filter(|(_, v)| !v.is_nil())
            .map(|(k, _)| k)
            .collect();
        for (key, value) in dest.entries() {
            if value.is_nil() {
                source.insert(key, Value::Nil);
            }
        }
        for (key, value) in source.entries() {
            let full_key = concat_prefix(&prefix, &key);
            match dest.get(&key) {
                Some(Value::Nil) if !merge && originally_non_nil.contains(&key) => {
                    dest.remove(&key);
                }
                None => {
                    dest.insert(key, value);
                }
                Some(existing) => match (&value, &existing) {
                    (Value::Map(source_table), Value::Map(dest_table)) => {
                        pending.push((dest_table.clone(), source_table.clone(), full_key));
                    }
                    (Value::Map(_), _) => warnings.push(format!(
                        "warning: cannot overwrite table with non table for {full_key} ({})",
                        format_v(&value)
                    )),
                    (_, Value::Map(_)) if !value.is_nil() => warnings.push(format!(
                        "warning: destination for {full_key} is a table. Ignoring non-table value ({})",
                        format_v(&value)
                    )),
                    _ => {}
                },
            }
        }
    }
}

/// Helm's `MergeMaps` (values files and `--set-json` objects): a new map with `overlay`'s
/// entries over `base`'s, maps merged recursively; neither input is changed.
pub fn merge_maps(base: &Map, overlay: &Map) -> Map {
    let out = base.shallow_copy();
    let mut pending = vec![(out.clone(), overlay.clone())];
    while let Some((target, overlay)) = pending.pop() {
        for (key, value) in overlay.entries() {
            if let (Value::Map(overlay_table), Some(Value::Map(existing))) =
                (&value, target.get(&key))
            {
                let merged = existing.shallow_copy();
                target.insert(key, Value::Map(merged.clone()));
                pending.push((merged, overlay_table.clone()));
                continue;
            }
            target.insert(key, value);
        }
    }
    out
}

/// Go's `%t` verb applied to any value, as in Helm's `type mismatch on X: %t`.
pub fn go_percent_t(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Nil => "%!t(<nil>)".to_string(),
        other => format!("%!t({}={})", other.type_name(), format_v(other)),
    }
}

/// A deep copy of a values tree (maps and lists copied, scalars shared).
pub fn copy_values(value: &Value) -> Value {
    deep_copy(value)
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

    fn chart(name: &str, values: &str, dependencies: Vec<Chart>) -> Chart {
        Chart {
            metadata: Metadata {
                name: name.into(),
                api_version: "v2".into(),
                version: "0.1.0".into(),
                ..Metadata::default()
            },
            values: map_of(values),
            schema: None,
            templates: vec![],
            files: vec![],
            dependencies,
        }
    }

    fn json(value: &Value) -> String {
        fn write(value: &Value) -> serde_json::Value {
            match value {
                Value::Nil => serde_json::Value::Null,
                Value::Bool(b) => (*b).into(),
                Value::Float(f) => (*f).into(),
                Value::Int(i) | Value::Int64(i) => (*i).into(),
                Value::String(s) => s.to_string().into(),
                Value::List(items) => items.iter().map(write).collect(),
                Value::Map(map) => map
                    .entries()
                    .iter()
                    .map(|(k, v)| (k.to_string(), write(v)))
                    .collect::<serde_json::Map<_, _>>()
                    .into(),
                _ => serde_json::Value::Null,
            }
        }
        write(value).to_string()
    }

    #[test]
    fn user_values_win_and_maps_merge() {
        let probe = chart(
            "probe",
            r#"{"map":{"a":1,"b":2,"deep":{"p":1,"q":2}},"list":[1,2,3],"keep":"kept"}"#,
            vec![],
        );
        let user = Value::Map(map_of(
            r#"{"map":{"b":20,"deep":{"q":200}},"list":[9],"new":"added"}"#,
        ));
        let out = coalesce_values(&probe, &user).unwrap();
        assert_eq!(
            json(&out),
            r#"{"keep":"kept","list":[9.0],"map":{"a":1.0,"b":20.0,"deep":{"p":1.0,"q":200.0}},"new":"added"}"#
        );
    }

    #[test]
    fn null_handling_matrix() {
        let probe = chart(
            "probe",
            r#"{"dflt":{"a":1,"b":2},"list":[1,null,3],"keepnull":null}"#,
            vec![],
        );
        let user = Value::Map(map_of(
            r#"{"dflt":{"a":null,"c":null},"newmap":{"x":null,"w":1},"list2":[null],"keepnull":null}"#,
        ));
        let out = coalesce_values(&probe, &user).unwrap();
        assert_eq!(
            json(&out),
            r#"{"dflt":{"b":2.0,"c":null},"list":[1.0,null,3.0],"list2":[null],"newmap":{"w":1.0,"x":null}}"#
        );
    }

    #[test]
    fn merge_keeps_nulls() {
        let probe = chart("probe", r#"{"a":1,"m":{"x":1}}"#, vec![]);
        let user = Value::Map(map_of(r#"{"a":null,"m":{"x":null}}"#));
        assert_eq!(
            json(&merge_values(&probe, &user).unwrap()),
            r#"{"a":null,"m":{"x":null}}"#
        );
    }

    #[test]
    fn subcharts_get_scoped_values_and_globals() {
        let sub = chart(
            "sub",
            r#"{"global":{"g2":"sub-default","shared":"sub-default"},"local":1}"#,
            vec![],
        );
        let probe = chart(
            "probe",
            r#"{"global":{"g1":"parent","shared":"parent"},"sub":{"global":{"g3":"set-under-sub"}}}"#,
            vec![sub],
        );
        let out = coalesce_values(&probe, &Value::Map(Map::new())).unwrap();
        assert_eq!(
            json(&out),
            r#"{"global":{"g1":"parent","shared":"parent"},"sub":{"global":{"g1":"parent","g2":"sub-default","g3":"set-under-sub","shared":"parent"},"local":1.0}}"#
        );
    }

    #[test]
    fn parent_null_deletes_subchart_default() {
        let sub = chart("sub", r#"{"drop":"default","keep":"default"}"#, vec![]);
        let probe = chart("probe", r#"{"sub":{"drop":null}}"#, vec![sub]);
        let out = coalesce_values(&probe, &Value::Map(Map::new())).unwrap();
        assert_eq!(json(&out), r#"{"sub":{"global":{},"keep":"default"}}"#);
    }

    #[test]
    fn subchart_own_nulls_are_kept() {
        let sub = chart("sub", r#"{"k":null,"m":{"n2":null}}"#, vec![]);
        let probe = chart("probe", "{}", vec![sub]);
        let out = coalesce_values(&probe, &Value::Map(Map::new())).unwrap();
        assert_eq!(
            json(&out),
            r#"{"sub":{"global":{},"k":null,"m":{"n2":null}}}"#
        );
    }

    #[test]
    fn non_map_subchart_values_are_a_type_mismatch() {
        let sub = chart("sub", r#"{"a":1}"#, vec![]);
        let probe = chart("probe", r#"{"sub":"scalar"}"#, vec![sub]);
        let error = coalesce_values(&probe, &Value::Map(Map::new())).unwrap_err();
        assert_eq!(
            error.to_string(),
            "type mismatch on sub: %!t(string=scalar)"
        );
    }

    #[test]
    fn type_changes_take_the_user_value_with_warnings() {
        let probe = chart(
            "probe",
            r#"{"mapToScalar":{"a":1},"scalarToMap":"x","deep":{"m":{"a":1},"s":"x"}}"#,
            vec![],
        );
        let user = Value::Map(map_of(
            r#"{"mapToScalar":"flat","scalarToMap":{"k":"v"},"deep":{"m":"flat","s":{"k":1}}}"#,
        ));
        let mut warnings = Warnings::new();
        let out = coalesce_values_with_warnings(&probe, &user, &mut warnings).unwrap();
        assert_eq!(
            json(&out),
            r#"{"deep":{"m":"flat","s":{"k":1.0}},"mapToScalar":"flat","scalarToMap":{"k":"v"}}"#
        );
        assert!(warnings
            .contains(&"warning: skipped value for probe.scalarToMap: Not a table.".to_string()));
        assert!(warnings
            .iter()
            .any(|w| w
                .starts_with("warning: cannot overwrite table with non table for probe.deep.m")));
    }

    #[test]
    fn merge_maps_overlays_without_touching_inputs() {
        let base = map_of(r#"{"a":{"x":1,"y":1},"b":1}"#);
        let overlay = map_of(r#"{"a":{"y":2},"c":3}"#);
        let out = merge_maps(&base, &overlay);
        assert_eq!(
            json(&Value::Map(out)),
            r#"{"a":{"x":1.0,"y":2.0},"b":1.0,"c":3.0}"#
        );
        assert_eq!(
            json(&Value::Map(base)),
            r#"{"a":{"x":1.0,"y":1.0},"b":1.0}"#
        );
    }

    #[test]
    fn percent_t_formats_like_go() {
        assert_eq!(go_percent_t(&Value::Bool(true)), "true");
        assert_eq!(go_percent_t(&Value::Float(1.5)), "%!t(float64=1.5)");
        assert_eq!(go_percent_t(&Value::Nil), "%!t(<nil>)");
    }
}
