//! Helm's engine: every template of a chart tree parsed into one set and executed.
//!
//! All templates (the chart's and every subchart's) are parsed into one Go template set in
//! Helm's order (deepest path first, then reverse byte order), so a `define` in a shallower or
//! alphabetically earlier file replaces one parsed before it; then each template whose file
//! name does not start with `_` is executed in that same order with its chart's top-level data
//! (`.Template` set first), and the text `<no value>` is deleted from its output.
//! The set's functions are Sprig's, Helm's conversions, and four that need the engine:
//! `include` (execute a named template, at most 1000 nested times per name), `tpl` (parse a
//! string in a child of the set, so it sees all definitions without adding its own to the
//! set, and execute it), `required` (fail on nil or empty string) and `fail`; the messages of
//! the last two are wrapped so the final error names only them.
//!
//! The parsed set depends only on the chart tree (after dependency processing), never on
//! values or release settings, so a [`ParsedChart`] is parsed once and rendered as often as
//! needed; the set's trees are shared, so it is cheap to clone and safe to use from many
//! threads.

use std::collections::BTreeMap;

use super::error::{reword_exec_error, reword_parse_error, warn_wrap, EngineError};
use super::scope::{chart_scopes, same_templates, template_sources, ReleaseData, TemplateSource};
use crate::chart::{Chart, HelmCompat};
use crate::gotmpl::{Budget, ExecContext, FuncMap, TemplateError, TemplateSet};
use crate::value::{FuncError, GoType, Map, Signature, Value};

/// Nested `include`s of one name Helm allows before failing.
pub const MAX_INCLUDE_DEPTH: usize = 1000;

/// Nested `tpl` calls chartroom allows (Helm has no limit and dies when Go's stack runs out).
pub const MAX_TPL_DEPTH: usize = 1000;

/// The text Go writes for a missing value, which Helm deletes from every output.
const NO_VALUE: &str = "<no value>";

/// The name Helm gives its template set and every `tpl` text.
const ROOT_NAME: &str = "gotpl";

const NAME_AND_DATA: Signature = Signature {
    params: &[GoType::String, GoType::Any],
    variadic: None,
};
const MESSAGE: Signature = Signature {
    params: &[GoType::String],
    variadic: None,
};

/// The function table of Helm 4's engine.
pub fn helm_functions() -> FuncMap {
    helm_functions_for(HelmCompat::V4)
}

/// The function table of the given Helm release's engine: Helm 3 has no `mustToYaml`, and its
/// `fromToml` numbers end-of-text errors differently.
pub fn helm_functions_for(compat: HelmCompat) -> FuncMap {
    let mut funcs = FuncMap::new();
    for function in crate::funcs::library() {
        funcs.insert_native(*function);
    }
    for function in super::helm_funcs::FUNCTIONS {
        if compat == HelmCompat::V3 && function.name == "mustToYaml" {
            continue;
        }
        funcs.insert_native(*function);
    }
    if compat == HelmCompat::V3 {
        funcs.insert_native(crate::funcs::encoding::toml_decode::HELM3_FROM_TOML);
    }
    funcs.insert_context("include", NAME_AND_DATA, include);
    funcs.insert_context("tpl", NAME_AND_DATA, tpl);
    funcs.insert_context(
        "required",
        NAME_AND_DATA,
        |_context: &mut ExecContext<'_>, args: &[Value]| required(args),
    );
    funcs.insert_context(
        "fail",
        MESSAGE,
        |_context: &mut ExecContext<'_>, args: &[Value]| {
            Err(FuncError::new(warn_wrap(string_at(args, 0))))
        },
    );
    funcs
}

fn string_at(args: &[Value], index: usize) -> &str {
    args.get(index).and_then(Value::as_str).unwrap_or_default()
}

fn include(context: &mut ExecContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let name = string_at(args, 0).to_string();
    let data = args.get(1).cloned().unwrap_or(Value::Nil);
    let key = format!("include:{name}");
    let depth = context.counters().get(&key).copied().unwrap_or(0);
    if depth > MAX_INCLUDE_DEPTH {
        return Err(FuncError::new(format!(
            "rendering template has a nested reference name: {name}: unable to execute template"
        )));
    }
    context.counters().insert(key.clone(), depth + 1);
    let result = context.execute_named(&name, &data);
    if let Some(count) = context.counters().get_mut(&key) {
        *count = count.saturating_sub(1);
    }
    result
        .map(Value::from)
        .map_err(|error| FuncError::new(error.to_string()))
}

/// The counter of nested `tpl` calls (not a valid template name, so no `include` key clashes).
const TPL_COUNTER: &str = "tpl depth";

fn tpl(context: &mut ExecContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let text = string_at(args, 0).to_string();
    let data = args.get(1).cloned().unwrap_or(Value::Nil);
    let quoted = crate::value::fmt::quote::quote(&text);
    let depth = context.counters().get(TPL_COUNTER).copied().unwrap_or(0);
    if depth >= MAX_TPL_DEPTH {
        return Err(FuncError::new(format!(
            "tpl calls nested deeper than {MAX_TPL_DEPTH} levels"
        )));
    }
    context
        .counters()
        .insert(TPL_COUNTER.to_string(), depth + 1);
    let result = context.parse_and_execute(ROOT_NAME, &text, &data);
    if let Some(count) = context.counters().get_mut(TPL_COUNTER) {
        *count = count.saturating_sub(1);
    }
    match result {
        Ok(output) => Ok(Value::from(output.replace(NO_VALUE, ""))),
        Err(TemplateError::Parse(error)) => Err(FuncError::new(format!(
            "cannot parse template {quoted}: {error}"
        ))),
        Err(TemplateError::Exec(error)) => Err(FuncError::new(format!(
            "error during tpl function execution for {quoted}: {error}"
        ))),
    }
}

fn required(args: &[Value]) -> Result<Value, FuncError> {
    let value = args.get(1).cloned().unwrap_or(Value::Nil);
    match &value {
        Value::Nil => Err(FuncError::new(warn_wrap(string_at(args, 0)))),
        Value::String(text) if text.is_empty() => {
            Err(FuncError::new(warn_wrap(string_at(args, 0))))
        }
        _ => Ok(value),
    }
}

/// A chart tree's templates parsed once into Helm's template set, in Helm's order, so that
/// any number of renders (other values, releases or capabilities, on any thread) skip the
/// parse. Valid for the chart it was parsed from after dependency processing: a render of a
/// chart whose enabled subcharts differ needs its own (see [`ParsedChart::is_parse_of`]).
#[derive(Debug, Clone)]
pub struct ParsedChart {
    set: TemplateSet,
    templates: Vec<TemplateSource>,
    compat: HelmCompat,
}

impl ParsedChart {
    /// Parses every template of `chart` (a processed chart tree) into one set, for Helm 4.
    pub fn parse(chart: &Chart) -> Result<ParsedChart, EngineError> {
        ParsedChart::parse_for(chart, HelmCompat::V4)
    }

    /// Parses every template of `chart` into one set with the given Helm release's functions
    /// and template language (Helm 3's Go cannot `range` over an integer); its renders hand
    /// templates that release's objects.
    pub fn parse_for(chart: &Chart, compat: HelmCompat) -> Result<ParsedChart, EngineError> {
        let templates = template_sources(chart);
        let mut set = TemplateSet::new(helm_functions_for(compat));
        set.set_root_name(ROOT_NAME);
        set.set_range_over_integers(compat == HelmCompat::V4);
        let files: Vec<(&str, &str)> = templates
            .iter()
            .map(|template| (template.name.as_str(), template.text.as_str()))
            .collect();
        set.parse_files(&files).map_err(|(index, error)| {
            let name = files.get(index).map_or("", |(name, _)| name);
            EngineError::Parse(reword_parse_error(name, &error.to_string()))
        })?;
        Ok(ParsedChart {
            set,
            templates,
            compat,
        })
    }

    /// Whether this is the parse of `chart`: the same template names with the same texts.
    pub fn is_parse_of(&self, chart: &Chart) -> bool {
        same_templates(chart, &self.templates)
    }

    /// The Helm release this parse imitates.
    pub fn compat(&self) -> HelmCompat {
        self.compat
    }

    /// The parsed set (clones share the parsed trees).
    pub fn template_set(&self) -> &TemplateSet {
        &self.set
    }

    /// The templates in Helm's parse and execution order.
    pub fn templates(&self) -> &[TemplateSource] {
        &self.templates
    }

    /// Renders every template (NOTES included, partials not) of `chart`, which must be the
    /// chart this was parsed from: template name to output.
    pub fn render(
        &self,
        chart: &Chart,
        values: &Map,
        release: &ReleaseData,
    ) -> Result<BTreeMap<String, String>, EngineError> {
        let scopes = chart_scopes(chart, values, release, self.compat);
        let mut rendered = BTreeMap::new();
        // One budget for the whole chart: a chart is not allowed more work by splitting it
        // into many templates.
        let mut budget = Budget::default();
        for template in self
            .templates
            .iter()
            .filter(|template| template.is_rendered())
        {
            let data = scopes
                .get(&template.chart_path)
                .cloned()
                .unwrap_or_default();
            let current = Map::new();
            current.insert("Name", Value::string(template.name.as_str()));
            current.insert("BasePath", Value::string(template.base_path.as_str()));
            data.insert("Template", Value::Map(current));
            let mut output = String::new();
            self.set
                .execute_with_budget(&template.name, &Value::Map(data), &mut output, &mut budget)
                .map_err(|error| {
                    EngineError::Execution(reword_exec_error(
                        &template.name,
                        &error.to_string(),
                        self.compat,
                    ))
                })?;
            if output.contains(NO_VALUE) {
                output = output.replace(NO_VALUE, "");
            }
            rendered.insert(template.name.clone(), output);
        }
        Ok(rendered)
    }
}

/// Renders every template of `chart` (NOTES included, partials not): template name to output.
/// Parses the chart first; use [`ParsedChart`] to render a chart more than once.
pub fn render_templates(
    chart: &Chart,
    values: &Map,
    release: &ReleaseData,
) -> Result<BTreeMap<String, String>, EngineError> {
    ParsedChart::parse(chart)?.render(chart, values, release)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::objects::{release_map, ReleaseOptions};
    use std::sync::Arc;

    fn chart(name: &str, templates: &[(&str, &str)], dependencies: Vec<Chart>) -> Chart {
        Chart::with_templates(name, "0.1.0", templates, dependencies)
    }

    fn release() -> ReleaseData {
        let options = ReleaseOptions {
            name: "rel".into(),
            namespace: "default".into(),
            is_upgrade: false,
        };
        let capabilities = crate::engine::objects::Capabilities::new(
            crate::engine::objects::KubeVersion::default_version(),
            crate::engine::objects::VersionSet::with_extra(&[]),
        );
        ReleaseData {
            release: Value::Map(release_map(&options)),
            capabilities: Value::Object(Arc::new(capabilities)),
        }
    }

    fn render(chart: &Chart, values: &Map) -> Result<BTreeMap<String, String>, EngineError> {
        render_templates(chart, values, &release())
    }

    #[test]
    fn partials_are_parsed_not_rendered_and_no_value_is_removed() {
        let chart = chart(
            "p",
            &[
                (
                    "templates/_h.tpl",
                    "{{ define \"h\" }}[{{ .Values.x }}]{{ end }}",
                ),
                (
                    "templates/a.yaml",
                    "a: {{ include \"h\" . }}{{ .Values.missing }}",
                ),
            ],
            Vec::new(),
        );
        let values = Map::new();
        values.insert("x", Value::Int(1));
        let rendered = render(&chart, &values).unwrap();
        assert_eq!(rendered.len(), 1);
        assert_eq!(rendered["p/templates/a.yaml"], "a: [1]");
    }

    #[test]
    fn shallow_alphabetically_first_define_wins_and_subcharts_see_their_values() {
        let sub = chart(
            "sub",
            &[
                ("templates/_s.tpl", "{{ define \"who\" }}sub{{ end }}"),
                (
                    "templates/s.yaml",
                    "s: {{ .Values.v }} {{ include \"who\" . }}",
                ),
            ],
            Vec::new(),
        );
        let parent = chart(
            "p",
            &[
                ("templates/a.yaml", "{{ define \"who\" }}a{{ end }}"),
                (
                    "templates/b.yaml",
                    "{{ define \"who\" }}b{{ end }}t: {{ .Template.Name }}",
                ),
            ],
            vec![sub],
        );
        let sub_values = Map::new();
        sub_values.insert("v", Value::from("x"));
        let values = Map::new();
        values.insert("sub", Value::Map(sub_values));
        let rendered = render(&parent, &values).unwrap();
        assert_eq!(rendered["p/charts/sub/templates/s.yaml"], "s: x a");
        assert_eq!(rendered["p/templates/b.yaml"], "t: p/templates/b.yaml");
    }

    #[test]
    fn required_fail_and_tpl() {
        let chart = chart(
            "p",
            &[(
                "templates/a.yaml",
                "a: {{ tpl \"{{ .Values.t }}\" . }}\nb: {{ required \"need b\" .Values.b }}",
            )],
            Vec::new(),
        );
        let values = Map::new();
        values.insert("t", Value::from("tv"));
        let error = render(&chart, &values).unwrap_err();
        assert_eq!(
            error.to_string(),
            "execution error at (p/templates/a.yaml:2:6): need b"
        );
        values.insert("b", Value::from("bv"));
        assert_eq!(
            render(&chart, &values).unwrap()["p/templates/a.yaml"],
            "a: tv\nb: bv"
        );
        let failing = self::chart(
            "p",
            &[("templates/a.yaml", "{{ fail \"boom\" }}")],
            Vec::new(),
        );
        assert_eq!(
            render(&failing, &Map::new()).unwrap_err().to_string(),
            "execution error at (p/templates/a.yaml:1:3): boom"
        );
    }

    #[test]
    fn include_recursion_is_bounded() {
        let chart = chart(
            "p",
            &[(
                "templates/a.yaml",
                "{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}{{ include \"loop\" . }}",
            )],
            Vec::new(),
        );
        let error = render(&chart, &Map::new()).unwrap_err().to_string();
        assert!(
            error.ends_with(
                "rendering template has a nested reference name: loop: unable to execute template"
            ),
            "{}",
            &error[error.len().saturating_sub(200)..]
        );
    }

    #[test]
    fn tpl_recursion_is_bounded() {
        let chart = chart(
            "p",
            &[("templates/a.yaml", "{{ tpl .Values.t . }}")],
            Vec::new(),
        );
        let values = Map::new();
        values.insert("t", Value::from("{{ tpl .Values.t . }}"));
        let error = render(&chart, &values).unwrap_err().to_string();
        assert!(
            error.contains("tpl calls nested deeper than 1000 levels"),
            "{}",
            &error[error.len().saturating_sub(300)..]
        );
    }

    #[test]
    fn a_parsed_chart_renders_many_times_like_a_fresh_parse() {
        let sub = chart(
            "sub",
            &[("templates/s.yaml", "s: {{ .Values.v }}")],
            Vec::new(),
        );
        let parent = chart(
            "p",
            &[(
                "templates/a.yaml",
                "a: {{ .Values.x }} {{ .Template.Name }}",
            )],
            vec![sub],
        );
        let parsed = ParsedChart::parse(&parent).unwrap();
        assert!(parsed.is_parse_of(&parent));
        for x in ["one", "two"] {
            let values = Map::new();
            values.insert("x", Value::from(x));
            let sub_values = Map::new();
            sub_values.insert("v", Value::from(x));
            values.insert("sub", Value::Map(sub_values));
            let reused = parsed.render(&parent, &values, &release()).unwrap();
            assert_eq!(reused, render(&parent, &values).unwrap());
            assert_eq!(
                reused["p/templates/a.yaml"],
                format!("a: {x} p/templates/a.yaml")
            );
            assert_eq!(reused["p/charts/sub/templates/s.yaml"], format!("s: {x}"));
        }
        let mut without_sub = parent.clone();
        without_sub.dependencies.clear();
        assert!(!parsed.is_parse_of(&without_sub));
        let mut edited = parent.clone();
        edited.templates[0].data = b"a: changed".as_slice().into();
        assert!(!parsed.is_parse_of(&edited));
    }

    #[test]
    fn parse_errors_use_helm_wording() {
        let chart = chart("p", &[("templates/a.yaml", "a: {{ end }}")], Vec::new());
        assert_eq!(
            render(&chart, &Map::new()).unwrap_err().to_string(),
            "parse error at (p/templates/a.yaml:1): unexpected {{end}}"
        );
    }
}
