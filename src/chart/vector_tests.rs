//! Checks the chart module against the recorded Helm 4 outputs of the conformance vectors
//! (`/work/shared/helm-vectors`, skipped when absent): for every case whose templates print
//! `.Values` (or one key of it) with `toJson`, the values this module computes for that chart
//! must print the recorded line; for failing cases in this module's domain, the error text
//! must be the recorded one.

use std::path::{Path, PathBuf};

use super::{
    check_dependencies, coalesce_values, load_chart, process_dependencies, Chart, ChartError,
    ValueOptions,
};
use crate::value::Value;

const VECTORS: &str = "/work/shared/helm-vectors/cases";

/// Splits an `args` line like a POSIX shell for the quoting the vectors use.
fn shell_split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for quoted in chars.by_ref() {
                    if quoted == '\'' {
                        break;
                    }
                    current.push(quoted);
                }
            }
            '"' => {
                in_word = true;
                while let Some(quoted) = chars.next() {
                    match quoted {
                        '"' => break,
                        '\\' => current.extend(chars.next()),
                        other => current.push(other),
                    }
                }
            }
            '\\' => {
                in_word = true;
                current.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

fn options_from_args(args: &[String]) -> Option<ValueOptions> {
    let mut options = ValueOptions::default();
    let mut index = 0;
    while index < args.len() {
        let value = args.get(index + 1).cloned().unwrap_or_default();
        match args[index].as_str() {
            "-f" | "--values" => options.values_files.push(value),
            "--set" => options.set.push(value),
            "--set-string" => options.set_string.push(value),
            "--set-json" => options.set_json.push(value),
            "--set-literal" => options.set_literal.push(value),
            "--set-file" => options.set_file.push(value),
            "--namespace" | "-n" => {}
            _ => return None,
        }
        index += 2;
    }
    Some(options)
}

/// Go's `encoding/json` text of a value (Helm's `toJson`).
fn go_json(value: &Value) -> String {
    match value {
        Value::Nil => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) | Value::Int64(i) => i.to_string(),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e21 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Value::String(s) => serde_json::to_string(&**s)
            .unwrap_or_default()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(go_json).collect::<Vec<_>>().join(",")
        ),
        Value::Map(map) => format!(
            "{{{}}}",
            map.entries()
                .iter()
                .map(|(k, v)| format!("{}:{}", go_json(&Value::string(&**k)), go_json(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Object(object) => go_json(&object.to_json_value()),
        Value::Bytes(_) => "?".into(),
    }
}

/// The chart pipeline as `helm template` runs it up to rendering.
fn values_for(case: &Path, args: &[String]) -> Result<Option<(Chart, Value)>, ChartError> {
    let Some(options) = options_from_args(args) else {
        return Ok(None);
    };
    let user = options.merge(case)?;
    let mut chart = load_chart(&case.join("chart"))?;
    chart.check_installable()?;
    check_dependencies(&chart)?;
    process_dependencies(&mut chart, &user)?;
    let values = coalesce_values(&chart, &user)?;
    Ok(Some((chart, values)))
}

/// Lines `key: {{ .Values | toJson }}` or `key: {{ .Values.name | toJson }}` of a template:
/// the printed key and the values path.
fn json_probes(template: &str) -> Vec<(String, Option<String>)> {
    template
        .lines()
        .filter_map(|line| {
            let (key, expression) = line.split_once(": {{ ")?;
            let inner = expression.strip_suffix(" | toJson }}")?;
            let path = inner.strip_prefix(".Values")?;
            if path.is_empty() {
                Some((key.to_string(), None))
            } else {
                let name = path.strip_prefix('.')?;
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    .then(|| (key.to_string(), Some(name.to_string())))
            }
        })
        .collect()
}

/// Every `(source path, template text, values)` of the chart and its subcharts.
fn rendered_templates(
    chart: &Chart,
    path: &str,
    values: &Value,
    out: &mut Vec<(String, String, Value)>,
) {
    if !chart.is_library() {
        for template in &chart.templates {
            out.push((
                format!("{path}/{}", template.name),
                template.text().into_owned(),
                values.clone(),
            ));
        }
    }
    for sub in &chart.dependencies {
        let sub_values = values
            .as_map()
            .and_then(|m| m.get(sub.name()))
            .unwrap_or(Value::Nil);
        rendered_templates(
            sub,
            &format!("{path}/charts/{}", sub.name()),
            &sub_values,
            out,
        );
    }
}

fn check_case(case: &Path) -> Result<usize, String> {
    let args = shell_split(
        std::fs::read_to_string(case.join("args"))
            .unwrap_or_default()
            .trim(),
    );
    let expected_out = std::fs::read_to_string(case.join("expected.out")).ok();
    let expected_err = std::fs::read_to_string(case.join("expected.err")).ok();
    match (values_for(case, &args), expected_out, expected_err) {
        (Ok(None), _, _) => Ok(0),
        (Ok(Some((chart, values))), Some(out), _) => {
            let mut templates = Vec::new();
            rendered_templates(&chart, chart.name(), &values, &mut templates);
            let mut checked = 0;
            for (source, text, scoped) in templates {
                let Some(section) = out
                    .split("---\n")
                    .find(|doc| doc.starts_with(&format!("# Source: {source}\n")))
                else {
                    continue;
                };
                for (key, name) in json_probes(&text) {
                    let value = match &name {
                        None => scoped.clone(),
                        Some(name) => scoped
                            .as_map()
                            .and_then(|m| m.get(name))
                            .unwrap_or(Value::Nil),
                    };
                    let line = format!("{key}: {}", go_json(&value));
                    if !section.lines().any(|l| l == line) {
                        return Err(format!(
                            "{}: {source}: computed `{line}`, recorded:\n{section}",
                            case.display()
                        ));
                    }
                    checked += 1;
                }
            }
            Ok(checked)
        }
        (Err(error), _, Some(err)) => {
            let message = format!("Error: {error}");
            let recorded = err
                .lines()
                .find(|l| l.starts_with("Error: "))
                .unwrap_or_default()
                .replace("<CASEDIR>", &case.display().to_string());
            if message == recorded {
                Ok(1)
            } else {
                Err(format!(
                    "{}: error `{message}`, recorded `{recorded}`",
                    case.display()
                ))
            }
        }
        (Err(error), Some(_), _) => Err(format!("{}: unexpected error {error}", case.display())),
        (Ok(Some(_)), None, Some(_)) => Ok(0),
        _ => Ok(0),
    }
}

fn case_dirs(area: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(Path::new(VECTORS).join(area))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

#[test]
fn recorded_values_and_errors_match() {
    if !Path::new(VECTORS).exists() {
        return;
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for area in [
        "values_set",
        "values_merge",
        "values_yaml",
        "subcharts",
        "chart_errors",
    ] {
        for case in case_dirs(area) {
            match check_case(&case) {
                Ok(count) => checked += count,
                Err(failure) => failures.push(failure),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(checked > 50, "only {checked} probes checked");
    eprintln!("{checked} recorded values and errors checked");
}

#[test]
fn chart_object_prints_like_helm4() {
    let case = Path::new(VECTORS).join("helm_objects/chart_raw_print");
    let Ok(expected) = std::fs::read_to_string(case.join("expected.out")) else {
        return;
    };
    let chart = load_chart(&case.join("chart")).unwrap();
    let line = format!(
        "json: {}",
        go_json(&Value::Map(chart.metadata.to_value_map(true)))
    );
    assert!(expected.lines().any(|l| l == line), "{line}");
    let case = Path::new(VECTORS).join("helm_objects/chart_metadata");
    let expected = std::fs::read_to_string(case.join("expected.out")).unwrap();
    let chart = load_chart(&case.join("chart")).unwrap();
    let map = chart.metadata.to_value_map(true);
    for (key, field) in [
        ("maintainers", "Maintainers"),
        ("annotations", "Annotations"),
        ("keywords", "Keywords"),
    ] {
        let line = format!("{key}: {}", go_json(&map.get(field).unwrap()));
        assert!(expected.lines().any(|l| l == line), "{line}");
    }
}

#[test]
fn helmignore_case_drops_the_ignored_template() {
    let case = Path::new(VECTORS).join("template_files/helmignore_templates/chart");
    if !case.exists() {
        return;
    }
    let chart = load_chart(&case).unwrap();
    let names: Vec<&str> = chart.templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["templates/kept.yaml", "templates/probe.yaml"]);
}

#[test]
fn shell_split_handles_quotes() {
    assert_eq!(
        shell_split(r#"--set 'a={x,y}' --set b\,c=1 "d e""#),
        ["--set", "a={x,y}", "--set", "b,c=1", "d e"]
    );
}
