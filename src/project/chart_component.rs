//! Chart components: a chart loaded once per run, its values checked against its schemas with
//! errors placed by provenance, and its render through the engine exactly as `helm template`.
//!
//! A chart component renders with the values `chartroom values` prints: the effective values
//! are written as YAML and read back as a values file, so the render sees the same Go types
//! (`float64` numbers) that `helm template -f <that file>` sees. Then, as Helm does:
//! dependencies are processed, values coalesced with the chart's defaults, checked against the
//! chart's (and subcharts') `values.schema.json`, and the release rendered for the profile's
//! namespace, Kubernetes version and API versions.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use super::schema::JsonSchema;
use super::source::{Diagnostic, Location, SourceFile};
use super::values::EffectiveValues;
use crate::chart::{self, Chart};
use crate::engine::objects::{Capabilities, KubeVersion, ReleaseOptions};
use crate::engine::output::{template_text, OutputOptions};
use crate::engine::release::{check_kube_version, render_release_parsed, ReleaseRequest};
use crate::engine::render::ParsedChart;
use crate::engine::schema::{validate_values_cached, SchemaCache};
use crate::engine::EngineError;
use crate::value::{ElementType, List, Map, Value};
use crate::yaml::spans::child_path;

/// Maps a JSON path of a values document to where it was written.
pub type Locator<'a> = Box<dyn Fn(&str) -> Location + 'a>;

/// A chart read from disk, with its `values.yaml` positions when it is a directory.
#[derive(Debug, Clone)]
pub struct LoadedChart {
    /// The chart path as written in `chartroom.yaml`.
    pub display: String,
    pub chart: Chart,
    /// `values.yaml` with spans (directories only; archives give no positions).
    pub values_file: Option<SourceFile>,
}

impl LoadedChart {
    /// Loads the chart at `path` (a directory or `.tgz`) as the given Helm release does.
    pub fn load(
        path: &Path,
        display: &str,
        compat: chart::HelmCompat,
    ) -> Result<LoadedChart, Diagnostic> {
        let at_chart =
            |message: String| Diagnostic::new(Location::whole_file(display), "", message);
        let chart =
            chart::load_chart_for(path, compat).map_err(|error| at_chart(error.to_string()))?;
        chart
            .check_installable()
            .map_err(|error| at_chart(error.to_string()))?;
        chart::check_dependencies(&chart).map_err(|error| at_chart(error.to_string()))?;
        let values_path = path.join("values.yaml");
        let values_file = if path.is_dir() && values_path.is_file() {
            Some(SourceFile::load(
                &values_path,
                format!("{display}/values.yaml"),
            )?)
        } else {
            None
        };
        // Helm 3 reads only the first document of values.yaml; when there are more, the
        // positions (read from all of them) do not describe the chart's defaults.
        let values_file = values_file.filter(|file| {
            compat == chart::HelmCompat::V4 || file.value == Value::Map(chart.values.clone())
        });
        Ok(LoadedChart {
            display: display.to_string(),
            chart,
            values_file,
        })
    }

    /// The chart's default values and where each was written.
    pub fn default_values(&self) -> (Map, Locator<'_>) {
        match &self.values_file {
            Some(file) => (
                file.value.as_map().cloned().unwrap_or_default(),
                Box::new(move |pointer: &str| file.locate(pointer)),
            ),
            None => {
                let display = self.display.clone();
                (
                    self.chart.values.clone(),
                    Box::new(move |_: &str| Location::whole_file(&display)),
                )
            }
        }
    }
}

/// The settings a release renders with.
#[derive(Debug, Clone)]
pub struct ReleaseSettings {
    pub name: String,
    pub namespace: String,
    pub kube_version: Option<String>,
    pub api_versions: Vec<String>,
    /// The Helm release whose output to reproduce.
    pub compat: chart::HelmCompat,
}

/// The effective values as the values file `chartroom values` prints, read back.
///
/// Values that came from YAML read back as they are, except that integers become `float64`:
/// such values take that one step without the text in between (a render of every profile
/// otherwise spends a third of its time printing and reparsing chart defaults). Anything the
/// text could change otherwise (bytes, typed or nil lists, negative zero, unprintable
/// characters, objects) takes the text.
pub fn values_as_file(values: &Map) -> Result<Value, String> {
    let values = Value::Map(values.clone());
    if let Some(read_back) = read_back_directly(&values, 0) {
        return Ok(read_back);
    }
    values_through_text(&values)
}

fn values_through_text(values: &Value) -> Result<Value, String> {
    let text = crate::yaml::emit::to_yaml(values).map_err(|error| error.to_string())?;
    crate::yaml::parse_values(&text).map_err(|error| error.to_string())
}

/// Deeper than this, the text decides (the YAML writer has a depth limit).
const DIRECT_DEPTH: usize = 100;

/// What printing `value` as YAML and reading it back as a values file gives, for values whose
/// round trip is known without doing it; `None` otherwise.
fn read_back_directly(value: &Value, depth: usize) -> Option<Value> {
    if depth > DIRECT_DEPTH {
        return None;
    }
    Some(match value {
        Value::Nil => Value::Nil,
        Value::Bool(flag) => Value::Bool(*flag),
        Value::Int(number) | Value::Int64(number) => Value::Float(*number as f64),
        Value::Float(number)
            if number.is_finite() && !(*number == 0.0 && number.is_sign_negative()) =>
        {
            Value::Float(*number)
        }
        Value::String(text) if printable(text) => Value::String(text.clone()),
        Value::List(list) if list.element_type() == ElementType::Any && !list.is_nil() => {
            let items = list
                .items()
                .iter()
                .map(|item| read_back_directly(item, depth + 1))
                .collect::<Option<Vec<Value>>>()?;
            Value::List(List::new(items))
        }
        Value::Map(map) => {
            let copy = Map::new();
            for (key, item) in map.entries() {
                if !printable(&key) {
                    return None;
                }
                copy.insert(key, read_back_directly(&item, depth + 1)?);
            }
            Value::Map(copy)
        }
        _ => return None,
    })
}

/// Text a YAML file holds as it is: printable ASCII, tab, line feed and the Unicode ranges
/// YAML allows, without the line breaks YAML 1.1 adds (NEL, U+2028, U+2029) or a byte-order
/// mark, and without carriage returns (whose line breaks YAML normalises).
fn printable(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(c as u32, 0x09 | 0x0A | 0x20..=0x7E | 0xA0..=0x2027 | 0x202A..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..=0x10FFFF)
    })
}

/// A chart component's values made ready once for both the values check and the render:
/// read back as the values file (`helm template -f`), the chart's dependencies processed with
/// them (conditions, tags, import-values) and everything coalesced.
#[derive(Debug, Clone)]
pub struct PreparedValues {
    pub chart: Chart,
    pub coalesced: Map,
}

/// Prepares `values` for `loaded` (see [`PreparedValues`]); the error is Helm's message.
pub fn prepare_values(loaded: &LoadedChart, values: &Map) -> Result<PreparedValues, String> {
    let user = values_as_file(values)?;
    let mut chart = loaded.chart.clone();
    chart::process_dependencies(&mut chart, &user)
        .map_err(|error| format!("chart dependencies processing failed: {error}"))?;
    let coalesced =
        match chart::coalesce_values(&chart, &user).map_err(|error| error.to_string())? {
            Value::Map(map) => map,
            _ => Map::new(),
        };
    Ok(PreparedValues { chart, coalesced })
}

/// What every render of one chart in a run shares (all profiles, both sides of a diff, on any
/// thread): its parsed template sets and its compiled values schemas. A chart usually parses
/// to one set; values that enable other subcharts give another, so one set is kept per
/// distinct template list.
#[derive(Debug, Default)]
pub struct ChartCache {
    parsed: Mutex<Vec<Arc<ParsedChart>>>,
    schemas: SchemaCache,
    /// The values schemas as [`check_chart_values`] reads them, by file and Helm release.
    checks: Mutex<HashMap<(String, chart::HelmCompat), Arc<JsonSchema>>>,
}

impl ChartCache {
    /// The parse of `chart` (a processed chart tree), parsing it on first use. Renders of the
    /// same chart wait for one parse instead of repeating it. Parse errors are not kept.
    pub fn get_or_parse(
        &self,
        chart: &Chart,
        compat: chart::HelmCompat,
    ) -> Result<Arc<ParsedChart>, EngineError> {
        let mut parsed = self.parsed.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = parsed
            .iter()
            .find(|candidate| candidate.compat() == compat && candidate.is_parse_of(chart))
        {
            return Ok(found.clone());
        }
        let fresh = Arc::new(ParsedChart::parse_for(chart, compat)?);
        parsed.push(fresh.clone());
        Ok(fresh)
    }

    /// The values schema `text` of the file shown as `display`, compiled on first use.
    fn values_schema(
        &self,
        text: &[u8],
        display: &str,
        compat: chart::HelmCompat,
    ) -> Result<Arc<JsonSchema>, Diagnostic> {
        let key = (display.to_string(), compat);
        if let Some(found) = self
            .checks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Ok(found.clone());
        }
        let compiled = Arc::new(JsonSchema::compile_for(
            &String::from_utf8_lossy(text),
            display,
            compat,
        )?);
        self.checks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, compiled.clone());
        Ok(compiled)
    }

    /// How many distinct template sets have been parsed.
    pub fn len(&self) -> usize {
        self.parsed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Renders the chart like `helm template <name> <chart> -f <values> --namespace ...`: the
/// text Helm prints on stdout. Parses the chart's templates; see [`render_chart_with`].
pub fn render_chart(
    loaded: &LoadedChart,
    values: &Map,
    settings: &ReleaseSettings,
) -> Result<String, String> {
    render_chart_with(loaded, values, settings, &ChartCache::default())
}

/// [`render_chart`] taking the chart's template set and schemas from `cache` (prepared there
/// on first use).
pub fn render_chart_with(
    loaded: &LoadedChart,
    values: &Map,
    settings: &ReleaseSettings,
    cache: &ChartCache,
) -> Result<String, String> {
    render_prepared(&prepare_values(loaded, values)?, settings, cache)
}

/// [`render_chart_with`] for values already prepared.
pub fn render_prepared(
    prepared: &PreparedValues,
    settings: &ReleaseSettings,
    cache: &ChartCache,
) -> Result<String, String> {
    let compat = settings.compat;
    let kube_version = match &settings.kube_version {
        Some(text) => Some(
            KubeVersion::parse_for(text, compat)
                .map_err(|error| format!("invalid kube version '{text}': {error}"))?,
        ),
        None => None,
    };
    let chart = &prepared.chart;
    validate_values_cached(chart, &prepared.coalesced, &cache.schemas, compat)
        .map_err(|error| error.to_string())?;
    let request = ReleaseRequest {
        chart,
        values: prepared.coalesced.clone(),
        release: ReleaseOptions {
            name: settings.name.clone(),
            namespace: settings.namespace.clone(),
            is_upgrade: false,
        },
        capabilities: Capabilities::for_compat(compat, kube_version, &settings.api_versions),
        compat,
    };
    check_kube_version(chart, &request.capabilities).map_err(|error| error.to_string())?;
    let parsed_chart = cache
        .get_or_parse(chart, compat)
        .map_err(|error| error.to_string())?;
    let options = OutputOptions {
        release_name: settings.name.clone(),
        ..OutputOptions::default()
    };
    let mut sink = std::io::sink();
    let release = render_release_parsed(&request, &parsed_chart, &options, &mut sink)
        .map_err(|failure| failure.error.to_string())?;
    template_text(&release.manifest, &release.hooks, &options, &mut sink)
        .map_err(|error| error.to_string())
}

/// Where a problem of a chart's values that no layer set is reported: its `values.yaml`.
pub fn values_fallback(loaded: &LoadedChart) -> Location {
    Location::whole_file(format!("{}/values.yaml", loaded.display))
}

/// Schema problems of a chart component's values: the chart's `values.schema.json` over the
/// coalesced values, each subchart's over its table; each problem at the line that set the
/// value (`fallback` when no layer did, e.g. a subchart default). Compiled schemas are kept
/// in `cache`.
pub fn check_chart_values(
    loaded: &LoadedChart,
    prepared: &PreparedValues,
    effective: &EffectiveValues,
    compat: chart::HelmCompat,
    cache: &ChartCache,
) -> Vec<Diagnostic> {
    let fallback = values_fallback(loaded);
    let chart = &prepared.chart;
    let coalesced = prepared.coalesced.clone();
    let mut diagnostics = Vec::new();
    let mut pending: Vec<(&Chart, Map, String, String)> =
        vec![(chart, coalesced, String::new(), loaded.display.clone())];
    while let Some((current, values, prefix, display)) = pending.pop() {
        if let Some(schema_text) = &current.schema {
            let schema_display = format!("{display}/values.schema.json");
            match cache.values_schema(schema_text, &schema_display, compat) {
                Ok(schema) => {
                    let found = schema.check(&Value::Map(values.clone()), &|pointer| {
                        effective.locate_or(&format!("{prefix}{pointer}"), &fallback)
                    });
                    diagnostics.extend(found.into_iter().map(|mut diagnostic| {
                        let inner = if diagnostic.path == "/" {
                            ""
                        } else {
                            diagnostic.path.as_str()
                        };
                        diagnostic.path = format!("{prefix}{inner}");
                        if diagnostic.path.is_empty() {
                            diagnostic.path = "/".to_string();
                        }
                        diagnostic
                    }));
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        for dependency in &current.dependencies {
            if let Some(Value::Map(table)) = values.get(dependency.name()) {
                pending.push((
                    dependency,
                    table,
                    child_path(&prefix, dependency.name()),
                    format!("{display}/charts/{}", dependency.name()),
                ));
            }
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct read-back agrees with printing and reparsing, wherever it answers.
    fn agrees(values: &Value) -> bool {
        match read_back_directly(values, 0) {
            Some(direct) => {
                assert_eq!(Ok(direct), values_through_text(values), "{values:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn values_read_back_without_text_as_through_it() {
        let tricky = crate::yaml::parse_values(concat!(
            "a: 3\nb: 1.5\nc: 1e21\nd: 0.1\ne: -2\nf: \"3\"\ng: \"yes\"\nh: \" lead\"\n",
            "i: \"trail \"\nj: \"\"\nk: \"a: b\"\nl: \"#x\"\nm: \"line\\nnext\\n\"\n",
            "n: \"x\\n\\n\"\no: ~\np: []\nq: {}\nr: [1, \"two\", {s: [null]}]\nt: ü€😀\n",
            "u: \"tab\\there\"\nv: \"  \\n \"\nw: true\nx: 9007199254740993\n",
        ))
        .unwrap();
        let map = tricky;
        assert!(agrees(&map));
        let with_ints = Map::new();
        with_ints.insert("int", Value::Int(7));
        with_ints.insert("int64", Value::Int64(-9_007_199_254_740_993));
        assert!(agrees(&Value::Map(with_ints)));
        let negative_zero = Map::new();
        negative_zero.insert("z", Value::Float(-0.0));
        assert!(read_back_directly(&Value::Map(negative_zero), 0).is_none());
        // Every values file of the repository's charts.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for base in ["charts", "examples"] {
            for entry in walkdir::WalkDir::new(root.join(base)).into_iter().flatten() {
                if entry.file_name() == "values.yaml" {
                    files.push(entry.into_path());
                }
            }
        }
        assert!(!files.is_empty());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            if let Ok(values) = crate::yaml::parse_values(&text) {
                assert!(agrees(&values), "{}", file.display());
            }
        }
    }

    fn loaded(templates: &[(&str, &str)]) -> LoadedChart {
        let chart = Chart::with_templates("c", "1.0.0", templates, Vec::new());
        LoadedChart {
            display: "charts/c".into(),
            chart,
            values_file: None,
        }
    }

    fn settings(namespace: &str) -> ReleaseSettings {
        ReleaseSettings {
            name: "rel".into(),
            namespace: namespace.into(),
            kube_version: None,
            api_versions: Vec::new(),
            compat: chart::HelmCompat::V4,
        }
    }

    #[test]
    fn renders_share_one_parse_and_match_a_fresh_render() {
        let chart = loaded(&[("templates/cm.yaml", "kind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n  namespace: {{ .Release.Namespace }}\n")]);
        let parsed = ChartCache::default();
        for (name, namespace) in [("a", "dev"), ("b", "prod")] {
            let values = Map::new();
            values.insert("name", Value::from(name));
            let shared = render_chart_with(&chart, &values, &settings(namespace), &parsed).unwrap();
            assert_eq!(
                shared,
                render_chart(&chart, &values, &settings(namespace)).unwrap()
            );
            assert!(
                shared.contains(&format!("name: {name}\n  namespace: {namespace}")),
                "{shared}"
            );
        }
        assert_eq!(parsed.len(), 1);
    }

    #[test]
    fn parse_errors_are_reported_and_not_kept() {
        let chart = loaded(&[("templates/bad.yaml", "{{ end }}")]);
        let parsed = ChartCache::default();
        let error = render_chart_with(&chart, &Map::new(), &settings("ns"), &parsed).unwrap_err();
        assert_eq!(
            error,
            "parse error at (c/templates/bad.yaml:1): unexpected {{end}}"
        );
        assert!(parsed.is_empty());
    }
}
