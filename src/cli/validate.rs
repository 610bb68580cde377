//! `chartroom validate [-p PROFILE | --all]`: every check of the project; each problem on
//! stderr in the diagnostics layout, then how many, exit status 1 when there is any. With
//! `-o json`, every finding (problems and warnings) as one JSON document on stdout instead.

use std::io::Write;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::project_args::{print_check_warnings, report, OverrideArgs, ProjectArgs};
use crate::project::validate::{validate_project, ProfileSelection};
use crate::project::Diagnostic;

/// How `validate` reports what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// One `file:line:col: path: message` line per problem on stderr.
    Text,
    /// One JSON document on stdout: every finding with its parts, and a summary.
    Json,
}

/// Check the project file, profiles, values schemas, templates, rendered output and policies.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Check only this profile (and its chain).
    #[arg(short = 'p', long = "profile", conflicts_with = "all")]
    pub profile: Option<String>,
    /// Check every profile (the default).
    #[arg(long)]
    pub all: bool,
    /// Report format: text on stderr, or json on stdout (fields in docs/projects.md).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = ValidateFormat::Text)]
    pub output: ValidateFormat,
    #[command(flatten)]
    pub overrides: OverrideArgs,
    #[command(flatten)]
    pub checks: super::project_args::CheckArgs,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Runs `chartroom validate`.
pub fn run(args: &ValidateArgs) -> Result<i32> {
    let selection = match &args.profile {
        Some(name) => ProfileSelection::One(name.clone()),
        None => ProfileSelection::All,
    };
    let checks = args.checks.checks()?;
    let progress = super::terminal::Progress::start(match &args.profile {
        Some(name) => format!("validating profile {name}..."),
        None => "validating every profile...".to_string(),
    });
    let diagnostics = validate_project(
        &args.project.project,
        &selection,
        &args.overrides.command_line(),
        &checks,
    );
    drop(progress);
    let status = if diagnostics.is_empty() { 0 } else { 1 };
    if args.output == ValidateFormat::Json {
        let warnings = checks.take_warnings();
        let mut text = serde_json::to_string_pretty(&json_report(&diagnostics, &warnings))?;
        text.push('\n');
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .context("writing the report")?;
        return Ok(status);
    }
    print_check_warnings(&checks);
    if diagnostics.is_empty() {
        return Ok(0);
    }
    Ok(report(&args.project.project, &diagnostics))
}

/// The `-o json` document. Field names are part of chartroom's interface (docs/projects.md).
#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

#[derive(Debug, Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
}

/// One finding; `None` fields are `null`, never left out.
#[derive(Debug, Serialize)]
struct JsonFinding<'a> {
    /// `error` (a problem: exit status 1) or `warning`.
    severity: &'static str,
    rule: Option<&'a str>,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    profile: Option<&'a str>,
    component: Option<&'a str>,
    object: Option<JsonObject<'a>>,
    /// JSON pointer inside the checked document; `null` for the document as a whole.
    path: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct JsonObject<'a> {
    kind: &'a str,
    /// `null` for cluster-scoped objects and objects that set none.
    namespace: Option<&'a str>,
    name: &'a str,
}

fn json_report<'a>(diagnostics: &'a [Diagnostic], warnings: &'a [String]) -> JsonReport<'a> {
    let mut findings: Vec<JsonFinding<'a>> = diagnostics.iter().map(json_finding).collect();
    findings.extend(warnings.iter().map(|warning| JsonFinding {
        severity: "warning",
        rule: None,
        message: warning,
        file: None,
        line: None,
        column: None,
        profile: None,
        component: None,
        object: None,
        path: None,
    }));
    JsonReport {
        findings,
        summary: JsonSummary {
            errors: diagnostics.len(),
            warnings: warnings.len(),
        },
    }
}

fn json_finding(diagnostic: &Diagnostic) -> JsonFinding<'_> {
    let context = diagnostic.context.as_deref();
    let location = diagnostic.location.as_ref();
    JsonFinding {
        severity: "error",
        rule: context.and_then(|context| context.rule.as_deref()),
        message: diagnostic.detail(),
        file: location.map(|location| location.file.as_str()),
        line: location
            .filter(|location| location.has_position())
            .map(|location| location.line),
        column: location
            .filter(|location| location.has_position())
            .map(|location| location.column),
        profile: context.and_then(|context| context.profile.as_deref()),
        component: context.and_then(|context| context.component.as_deref()),
        object: context
            .and_then(|context| context.object.as_ref())
            .map(|object| JsonObject {
                kind: &object.kind,
                namespace: Some(object.namespace.as_str())
                    .filter(|namespace| !namespace.is_empty()),
                name: &object.name,
            }),
        path: Some(diagnostic.path.as_str()).filter(|path| !path.is_empty() && *path != "/"),
    }
}
