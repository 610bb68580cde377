//! Every template of a chart tree with the top-level data it renders with.
//!
//! Helm walks the chart and its subcharts depth first. Each chart gets one top-level map,
//! shared by all of its templates: `Chart` (the metadata map plus `IsRoot`; in Helm 3 a
//! struct, see [`crate::chart::chart_struct`]), `Files`,
//! `Release`, `Capabilities`, `Values` and `Subcharts` (each subchart's own top-level map, by
//! name); `Template` is set in that same map just before each template runs. The root chart's
//! `Values` is the coalesced values map itself (as `common.Values`); a subchart's is the table under its name in
//! its parent's values (an empty map when that is missing or not a map). Since these are the
//! same Go maps, `set` on `.Values` is seen by every template that runs later.
//! Template names are `<chart path>/templates/...`, where a subchart's path is
//! `<parent path>/charts/<name>` (its alias when it has one). Library charts contribute only
//! their `_`-prefixed files.

use std::collections::HashMap;
use std::sync::Arc;

use super::files::Files;
use super::values::Values;
use crate::chart::{Chart, HelmCompat};
use crate::value::{Map, Value};

/// One template of a chart tree, as it is parsed into the set: which chart's data it runs
/// with is named by `chart_path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    /// The full template name, e.g. `probe/charts/sub/templates/a.yaml`.
    pub name: String,
    pub text: String,
    /// The full path of the chart the template belongs to, e.g. `probe/charts/sub`.
    pub chart_path: String,
    /// `<chart path>/templates`.
    pub base_path: String,
}

impl TemplateSource {
    /// Whether Helm executes the template (its file name does not start with `_`).
    pub fn is_rendered(&self) -> bool {
        let base = self.name.rsplit('/').next().unwrap_or(&self.name);
        !base.starts_with('_')
    }
}

/// The parts of the top-level data that are the same for every chart of a release.
#[derive(Debug, Clone)]
pub struct ReleaseData {
    /// `.Release`.
    pub release: Value,
    /// `.Capabilities`.
    pub capabilities: Value,
}

/// All templates of `chart` and its subcharts in Helm's parse and execution order (see
/// [`sort_for_render`]). Depth of the chart tree is bounded by what the loader accepted.
pub fn template_sources(chart: &Chart) -> Vec<TemplateSource> {
    let mut templates = Vec::new();
    walk_templates(chart, chart.name(), &mut |full_path, file| {
        templates.push(TemplateSource {
            name: format!("{full_path}/{}", file.name),
            text: file.text().into_owned(),
            chart_path: full_path.to_string(),
            base_path: format!("{full_path}/templates"),
        });
    });
    sort_for_render(&mut templates);
    templates
}

/// Whether `sources` are exactly the templates of `chart` (names and texts, in order), without
/// copying the texts.
pub fn same_templates(chart: &Chart, sources: &[TemplateSource]) -> bool {
    let mut found: Vec<(String, std::borrow::Cow<'_, str>)> = Vec::with_capacity(sources.len());
    walk_templates(chart, chart.name(), &mut |full_path, file| {
        found.push((format!("{full_path}/{}", file.name), file.text()));
    });
    if found.len() != sources.len() {
        return false;
    }
    found.sort_by(|a, b| render_order(&a.0, &b.0));
    found
        .iter()
        .zip(sources)
        .all(|((name, text), source)| *name == source.name && **text == *source.text)
}

/// Calls `visit` with every template file of the chart tree Helm parses (a library chart's
/// `_`-prefixed files only), subcharts before their parent's own files.
fn walk_templates<'c>(
    chart: &'c Chart,
    full_path: &str,
    visit: &mut dyn FnMut(&str, &'c crate::chart::ChartFile),
) {
    for dependency in &chart.dependencies {
        let child_path = format!("{full_path}/charts/{}", dependency.name());
        walk_templates(dependency, &child_path, visit);
    }
    for template in &chart.templates {
        if chart.is_library() {
            let base = template.name.rsplit('/').next().unwrap_or(&template.name);
            if !base.starts_with('_') {
                continue;
            }
        }
        visit(full_path, template);
    }
}

/// The top-level map of every chart of the tree, by full chart path; `values` are the
/// coalesced values of the root chart.
pub fn chart_scopes(
    chart: &Chart,
    values: &Map,
    release: &ReleaseData,
    compat: HelmCompat,
) -> HashMap<String, Map> {
    let mut scopes = HashMap::new();
    let context = ScopeContext {
        root_values: values,
        release,
        compat,
    };
    collect(chart, None, &context, chart.name(), &mut scopes);
    scopes
}

/// What every chart's top-level map is built from.
struct ScopeContext<'a> {
    root_values: &'a Map,
    release: &'a ReleaseData,
    compat: HelmCompat,
}

/// Builds the top-level map of `chart` (`parent` is the parent's values), records it and
/// those of its subcharts, and returns it (the parent lists it under `.Subcharts`).
fn collect(
    chart: &Chart,
    parent: Option<&Map>,
    context: &ScopeContext<'_>,
    full_path: &str,
    scopes: &mut HashMap<String, Map>,
) -> Map {
    let is_root = parent.is_none();
    let data = Map::new();
    data.insert(
        "Chart",
        chart.metadata.template_value(is_root, context.compat),
    );
    let files = Files::shared(
        chart
            .files
            .iter()
            .map(|file| (file.name.clone(), file.data.clone())),
    );
    data.insert("Files", Value::Object(Arc::new(files)));
    data.insert("Release", context.release.release.clone());
    data.insert("Capabilities", context.release.capabilities.clone());
    let values = match parent {
        None => context.root_values.clone(),
        Some(parent_values) => match parent_values.get(chart.name()) {
            Some(Value::Map(table)) => table,
            _ => Map::new(),
        },
    };
    data.insert("Values", Values::value(values.clone(), context.compat));
    let subcharts = Map::new();
    data.insert("Subcharts", Value::Map(subcharts.clone()));
    for dependency in &chart.dependencies {
        let child_path = format!("{full_path}/charts/{}", dependency.name());
        let child = collect(dependency, Some(&values), context, &child_path, scopes);
        subcharts.insert(dependency.name(), Value::Map(child));
    }
    scopes.insert(full_path.to_string(), data.clone());
    data
}

/// Helm's parse and execution order: more `/` in the name first, then names in reverse byte
/// order. Parsing in this order makes the shallowest, alphabetically first file's `define`
/// win, since a later definition replaces an earlier one.
pub fn sort_for_render(templates: &mut [TemplateSource]) {
    templates.sort_by(|a, b| render_order(&a.name, &b.name));
}

fn render_order(a: &str, b: &str) -> std::cmp::Ordering {
    let depth = |name: &str| name.bytes().filter(|&byte| byte == b'/').count();
    depth(b).cmp(&depth(a)).then_with(|| b.cmp(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renderable(name: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            text: String::new(),
            chart_path: String::new(),
            base_path: String::new(),
        }
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
