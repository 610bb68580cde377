//! Every template of a chart tree with the top-level data it renders with.
//!
//! Helm walks the chart and its subcharts depth first. Each chart gets one top-level map,
//! shared by all of its templates: `Chart` (the metadata map plus `IsRoot`), `Files`,
//! `Release`, `Capabilities`, `Values` and `Subcharts` (each subchart's own top-level map, by
//! name); `Template` is set in that same map just before each template runs. The root chart's
//! `Values` is the coalesced values map itself (as `common.Values`); a subchart's is the table under its name in
//! its parent's values (an empty map when that is missing or not a map). Since these are the
//! same Go maps, `set` on `.Values` is seen by every template that runs later.
//! Template names are `<chart path>/templates/...`, where a subchart's path is
//! `<parent path>/charts/<name>` (its alias when it has one). Library charts contribute only
//! their `_`-prefixed files.

use std::sync::Arc;

use super::files::Files;
use super::values::Values;
use crate::chart::Chart;
use crate::value::{Map, Value};

/// One template to parse and maybe execute.
#[derive(Debug, Clone)]
pub struct Renderable {
    /// The full template name, e.g. `probe/charts/sub/templates/a.yaml`.
    pub name: String,
    pub text: String,
    /// The chart's shared top-level map.
    pub data: Map,
    /// `<chart path>/templates`.
    pub base_path: String,
}

/// The parts of the top-level data that are the same for every chart of a release.
#[derive(Debug, Clone)]
pub struct ReleaseData {
    /// `.Release`.
    pub release: Value,
    /// `.Capabilities`.
    pub capabilities: Value,
}

/// All templates of `chart` and its subcharts, with scoped data; `values` are the coalesced
/// values of the root chart. Depth of the chart tree is bounded by what the loader accepted.
pub fn all_templates(chart: &Chart, values: &Map, release: &ReleaseData) -> Vec<Renderable> {
    let mut templates = Vec::new();
    collect(chart, None, values, release, chart.name(), &mut templates);
    templates
}

/// Builds the top-level map of `chart` (`parent` is the parent's values), collects its
/// templates and returns the map (which the parent lists under `.Subcharts`).
fn collect(
    chart: &Chart,
    parent: Option<&Map>,
    root_values: &Map,
    release: &ReleaseData,
    full_path: &str,
    templates: &mut Vec<Renderable>,
) -> Map {
    let is_root = parent.is_none();
    let data = Map::new();
    data.insert("Chart", Value::Map(chart.metadata.to_value_map(is_root)));
    let files = Files::new(chart.files.iter().map(|file| (file.name.clone(), file.data.clone())));
    data.insert("Files", Value::Object(Arc::new(files)));
    data.insert("Release", release.release.clone());
    data.insert("Capabilities", release.capabilities.clone());
    let values = match parent {
        None => root_values.clone(),
        Some(parent_values) => match parent_values.get(chart.name()) {
            Some(Value::Map(table)) => table,
            _ => Map::new(),
        },
    };
    data.insert("Values", Values::value(values.clone()));
    let subcharts = Map::new();
    data.insert("Subcharts", Value::Map(subcharts.clone()));
    for dependency in &chart.dependencies {
        let child_path = format!("{full_path}/charts/{}", dependency.name());
        let child = collect(dependency, Some(&values), root_values, release, &child_path, templates);
        subcharts.insert(dependency.name(), Value::Map(child));
    }
    for template in &chart.templates {
        if chart.is_library() {
            let base = template.name.rsplit('/').next().unwrap_or(&template.name);
            if !base.starts_with('_') {
                continue;
            }
        }
        templates.push(Renderable {
            name: format!("{full_path}/{}", template.name),
            text: template.text().into_owned(),
            data: data.clone(),
            base_path: format!("{full_path}/templates"),
        });
    }
    data
}

/// Helm's parse and execution order: more `/` in the name first, then names in reverse byte
/// order. Parsing in this order makes the shallowest, alphabetically first file's `define`
/// win, since a later definition replaces an earlier one.
pub fn sort_for_render(templates: &mut [Renderable]) {
    templates.sort_by(|a, b| {
        let depth = |name: &str| name.bytes().filter(|&byte| byte == b'/').count();
        depth(&b.name).cmp(&depth(&a.name)).then_with(|| b.name.cmp(&a.name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renderable(name: &str) -> Renderable {
        Renderable { name: name.into(), text: String::new(), data: Map::new(), base_path: String::new() }
    }

    #[test]
    fn deepest_first_then_reverse_alphabetical() {
        let mut templates = vec![
            renderable("p/templates/a.yaml"),
            renderable("p/templates/b.yaml"),
            renderable("p/charts/sub/templates/s.yaml"),
            renderable("p/templates/dir/x.yaml"),
            renderable("p/templates/_h.tpl"),
        ];
        sort_for_render(&mut templates);
        let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "p/charts/sub/templates/s.yaml",
                "p/templates/dir/x.yaml",
                "p/templates/b.yaml",
                "p/templates/a.yaml",
                "p/templates/_h.tpl"
            ]
        );
    }
}
