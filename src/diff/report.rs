//! Writing a [`DiffReport`]: the text report (object list, then a unified diff per changed
//! object), `--stat` (one line per object) and `-o json`; `-o markdown` is in
//! [`super::markdown`].
//!
//! Secret values are masked here, at the last moment, unless `show_secrets` is set; paths
//! never contain values, so the JSON report needs no masking.

use serde::Serialize;

use super::compare::{ChangeKind, DiffReport, ObjectChange};
use super::error::DiffError;
use super::secrets::{mask_pair, reveal_pair};
use super::textdiff::{canonical_yaml, line_counts, unified};

/// How to print a report.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Context lines around each change (`-U N`).
    pub context: usize,
    /// ANSI colour.
    pub colour: bool,
    /// Print Secret values instead of markers.
    pub show_secrets: bool,
    /// What the old side is called in diff headers (`baseline`, `git:main`, ...).
    pub old_label: String,
    /// What the new side is called (`render`).
    pub new_label: String,
}

/// Both sides of an object as the text that is printed (secrets masked unless shown).
pub(super) fn printed_texts(
    change: &ObjectChange,
    options: &ReportOptions,
) -> Result<(String, String), DiffError> {
    let (old, new) = if options.show_secrets {
        reveal_pair(&change.key, change.old.as_ref(), change.new.as_ref())
    } else {
        mask_pair(&change.key, change.old.as_ref(), change.new.as_ref())
    };
    Ok((
        canonical_yaml(&change.key, old.as_ref())?,
        canonical_yaml(&change.key, new.as_ref())?,
    ))
}

/// `N changed, N added, N removed, N unchanged` or `no changes (N objects)`.
pub fn summary_line(report: &DiffReport) -> String {
    if !report.has_changes() {
        let plural = if report.unchanged == 1 { "" } else { "s" };
        return format!("no changes ({} object{plural})", report.unchanged);
    }
    format!(
        "{} changed, {} added, {} removed, {} unchanged",
        report.count(ChangeKind::Changed),
        report.count(ChangeKind::Added),
        report.count(ChangeKind::Removed),
        report.unchanged
    )
}

/// The text report: every differing object with its marker (`+` added, `-` removed, `~`
/// changed) and, under changed ones, the changed paths; then a unified diff of each changed
/// object; then the summary line.
pub fn write_text(report: &DiffReport, options: &ReportOptions) -> Result<String, DiffError> {
    let mut output = String::new();
    for change in &report.changes {
        output.push_str(&format!("{} {}\n", change.change.marker(), change.key));
        for path in &change.paths {
            output.push_str(&format!("    {path}\n"));
        }
    }
    for change in report
        .changes
        .iter()
        .filter(|change| change.change == ChangeKind::Changed)
    {
        let (old, new) = printed_texts(change, options)?;
        let old_label = format!("{}: {}", options.old_label, change.key);
        let new_label = format!("{}: {}", options.new_label, change.key);
        output.push('\n');
        output.push_str(&unified(
            &old,
            &new,
            &old_label,
            &new_label,
            options.context,
            options.colour,
        ));
    }
    if report.has_changes() {
        output.push('\n');
    }
    output.push_str(&summary_line(report));
    output.push('\n');
    Ok(output)
}

/// `--stat`: one line per differing object with the lines its canonical YAML loses and gains,
/// then the summary line.
pub fn write_stat(report: &DiffReport, options: &ReportOptions) -> Result<String, DiffError> {
    let names: Vec<String> = report
        .changes
        .iter()
        .map(|change| change.key.to_string())
        .collect();
    let width = names
        .iter()
        .map(|name| name.chars().count())
        .max()
        .unwrap_or(0);
    let mut output = String::new();
    for (change, name) in report.changes.iter().zip(&names) {
        let (old, new) = printed_texts(change, options)?;
        let (removed, added) = line_counts(&old, &new);
        output.push_str(&format!(
            "{} {name:<width$} | {}\n",
            change.change.marker(),
            line_count_text(removed, added)
        ));
    }
    output.push_str(&summary_line(report));
    output.push('\n');
    Ok(output)
}

/// `+added -removed`, leaving out a zero side (`+9` for an added object).
pub(super) fn line_count_text(removed: usize, added: usize) -> String {
    let mut counts = Vec::new();
    if added > 0 {
        counts.push(format!("+{added}"));
    }
    if removed > 0 {
        counts.push(format!("-{removed}"));
    }
    counts.join(" ")
}

#[derive(Serialize)]
struct JsonReport<'a> {
    against: &'a str,
    summary: JsonSummary,
    objects: Vec<JsonObject<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    added: usize,
    removed: usize,
    changed: usize,
    unchanged: usize,
}

#[derive(Serialize)]
struct JsonObject<'a> {
    group: &'a str,
    kind: &'a str,
    namespace: &'a str,
    name: &'a str,
    change: ChangeKind,
    paths: &'a [String],
}

/// `-o json`: `{"against", "summary": {added, removed, changed, unchanged}, "objects": [{group,
/// kind, namespace, name, change, paths}]}`, pretty-printed, ending with a newline.
pub fn write_json(report: &DiffReport, against: &str) -> String {
    let json = JsonReport {
        against,
        summary: JsonSummary {
            added: report.count(ChangeKind::Added),
            removed: report.count(ChangeKind::Removed),
            changed: report.count(ChangeKind::Changed),
            unchanged: report.unchanged,
        },
        objects: report
            .changes
            .iter()
            .map(|change| JsonObject {
                group: &change.key.group,
                kind: &change.key.kind,
                namespace: &change.key.namespace,
                name: &change.key.name,
                change: change.change,
                paths: &change.paths,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json)
        .unwrap_or_else(|error| format!("{{\"error\": {:?}}}", error.to_string()));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare_texts as report;

    fn options(show_secrets: bool) -> ReportOptions {
        ReportOptions {
            context: 3,
            colour: false,
            show_secrets,
            old_label: "baseline".into(),
            new_label: "render".into(),
        }
    }

    const OLD: &str = "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: hunter2, user: admin}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n";
    const NEW: &str = "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: correct-horse, user: admin}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 4}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n";

    #[test]
    fn text_reports_list_objects_paths_and_diffs() {
        let text = write_text(&report(OLD, NEW), &options(false)).unwrap();
        assert!(text.starts_with("~ Secret iot/creds\n    /stringData/password\n+ Service iot/web\n~ Deployment.apps iot/web\n    /spec/replicas\n"), "{text}");
        assert!(
            text.contains(
                "--- baseline: Deployment.apps iot/web\n+++ render: Deployment.apps iot/web\n"
            ),
            "{text}"
        );
        assert!(text.contains("-  replicas: 3\n+  replicas: 4\n"), "{text}");
        assert!(
            text.ends_with("2 changed, 1 added, 0 removed, 0 unchanged\n"),
            "{text}"
        );
    }

    #[test]
    fn secret_values_never_print_unless_asked() {
        let text = write_text(&report(OLD, NEW), &options(false)).unwrap();
        assert!(
            !text.contains("hunter2") && !text.contains("correct-horse") && !text.contains("admin"),
            "{text}"
        );
        assert!(
            text.contains(
                "-  password: '(hidden: old value)'\n+  password: '(hidden: new value)'\n"
            ),
            "{text}"
        );
        let shown = write_text(&report(OLD, NEW), &options(true)).unwrap();
        assert!(
            shown.contains("-  password: hunter2\n+  password: correct-horse\n"),
            "{shown}"
        );
    }

    #[test]
    fn stat_lines_count_lines() {
        let text = write_stat(&report(OLD, NEW), &options(false)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "~ Secret iot/creds        | +1 -1");
        assert_eq!(lines[1], "+ Service iot/web         | +4");
        assert_eq!(lines[2], "~ Deployment.apps iot/web | +1 -1");
    }

    #[test]
    fn json_reports_parse_and_carry_paths() {
        let text = write_json(&report(OLD, NEW), "baseline");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["summary"]["changed"], 2);
        assert_eq!(json["objects"][2]["kind"], "Deployment");
        assert_eq!(json["objects"][2]["change"], "changed");
        assert_eq!(json["objects"][2]["paths"][0], "/spec/replicas");
        assert!(!text.contains("hunter2"));
    }

    #[test]
    fn no_changes_say_so() {
        assert_eq!(
            write_text(&report(OLD, OLD), &options(false)).unwrap(),
            "no changes (2 objects)\n"
        );
    }
}
