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

use std::collections::BTreeMap;

use super::error::{reword_exec_error, reword_parse_error, warn_wrap, EngineError};
use super::scope::{all_templates, sort_for_render, ReleaseData};
use crate::chart::Chart;
use crate::gotmpl::{ExecContext, FuncMap, TemplateError, TemplateSet};
use crate::value::{FuncError, GoType, Map, Signature, Value};

/// Nested `include`s of one name Helm allows before failing.
pub const MAX_INCLUDE_DEPTH: usize = 1000;

/// The text Go writes for a missing value, which Helm deletes from every output.
const NO_VALUE: &str = "<no value>";

/// The name Helm gives its template set and every `tpl` text.
const ROOT_NAME: &str = "gotpl";

const NAME_AND_DATA: Signature = Signature { params: &[GoType::String, GoType::Any], variadic: None };
const MESSAGE: Signature = Signature { params: &[GoType::String], variadic: None };

/// The function table of Helm's engine.
pub fn helm_functions() -> FuncMap {
    let mut funcs = FuncMap::new();
    for function in crate::funcs::library() {
        funcs.insert_native(*function);
    }
    for function in super::helm_funcs::FUNCTIONS {
        funcs.insert_native(*function);
    }
    funcs.insert_context("include", NAME_AND_DATA, include);
    funcs.insert_context("tpl", NAME_AND_DATA, tpl);
    funcs.insert_context("required", NAME_AND_DATA, |_context: &mut ExecContext<'_>, args: &[Value]| required(args));
    funcs.insert_context("fail", MESSAGE, |_context: &mut ExecContext<'_>, args: &[Value]| {
        Err(FuncError::new(warn_wrap(string_at(args, 0))))
    });
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
    result.map(Value::from).map_err(|error| FuncError::new(error.to_string()))
}

fn tpl(context: &mut ExecContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let text = string_at(args, 0).to_string();
    let data = args.get(1).cloned().unwrap_or(Value::Nil);
    let quoted = crate::value::fmt::quote::quote(&text);
    match context.parse_and_execute(ROOT_NAME, &text, &data) {
        Ok(output) => Ok(Value::from(output.replace(NO_VALUE, ""))),
        Err(TemplateError::Parse(error)) => Err(FuncError::new(format!("cannot parse template {quoted}: {error}"))),
        Err(TemplateError::Exec(error)) => {
            Err(FuncError::new(format!("error during tpl function execution for {quoted}: {error}")))
        }
    }
}

fn required(args: &[Value]) -> Result<Value, FuncError> {
    let value = args.get(1).cloned().unwrap_or(Value::Nil);
    match &value {
        Value::Nil => Err(FuncError::new(warn_wrap(string_at(args, 0)))),
        Value::String(text) if text.is_empty() => Err(FuncError::new(warn_wrap(string_at(args, 0)))),
        _ => Ok(value),
    }
}

/// Renders every template of `chart` (NOTES included, partials not): template name to output.
pub fn render_templates(
    chart: &Chart,
    values: &Map,
    release: &ReleaseData,
) -> Result<BTreeMap<String, String>, EngineError> {
    let mut templates = all_templates(chart, values, release);
    sort_for_render(&mut templates);
    let mut set = TemplateSet::new(helm_functions());
    set.set_root_name(ROOT_NAME);
    for template in &templates {
        set.parse_file(&template.name, &template.text)
            .map_err(|error| EngineError::Parse(reword_parse_error(&template.name, &error.to_string())))?;
    }
    let mut rendered = BTreeMap::new();
    for template in &templates {
        let base = template.name.rsplit('/').next().unwrap_or(&template.name);
        if base.starts_with('_') {
            continue;
        }
        let current = Map::new();
        current.insert("Name", Value::string(template.name.as_str()));
        current.insert("BasePath", Value::string(template.base_path.as_str()));
        template.data.insert("Template", Value::Map(current));
        let output = set
            .execute(&template.name, &Value::Map(template.data.clone()))
            .map_err(|error| EngineError::Execution(reword_exec_error(&template.name, &error.to_string())))?;
        rendered.insert(template.name.clone(), output.replace(NO_VALUE, ""));
    }
    Ok(rendered)
}
