//! `-o markdown`: a diff report made to be posted as a pull-request comment.
//!
//! A heading naming the profile and the side compared against, the summary, a table of the
//! differing objects and (unless `--stat`) each object's unified diff in a collapsed
//! `<details>` block. Added and removed objects get a block too, showing the whole object, since
//! a reviewer cannot see the rendered object anywhere else. Objects come in report order, as in
//! the text report, and Secret values are masked the same way. A report without changes is a
//! single line, so a comment covering many profiles stays short.
//!
//! Nothing from the manifests can break out of its place: fences and code spans are longer
//! than any run of backticks they hold, table cells escape Markdown punctuation and the
//! `<summary>` escapes HTML.

use super::compare::{ChangeKind, DiffReport};
use super::error::DiffError;
use super::report::{line_count_text, printed_texts, ReportOptions};
use super::textdiff::{line_counts, unified};

/// Level 4, so the report nests under a comment's own `##`/`###` sections
/// (scripts/ci-diff.sh has one per project).
const HEADING: &str = "####";

/// The Markdown report of `profile` compared with `options.old_label`; with `stat`, the
/// table without the diffs. Never coloured.
pub fn write_markdown(
    report: &DiffReport,
    options: &ReportOptions,
    profile: &str,
    stat: bool,
) -> Result<String, DiffError> {
    let profile = code_span(profile);
    let against = code_span(&options.old_label);
    if !report.has_changes() {
        let plural = if report.unchanged == 1 { "" } else { "s" };
        return Ok(format!(
            "Profile {profile}: no changes against {against} ({} object{plural}).\n",
            report.unchanged
        ));
    }
    let mut table =
        String::from("| change | kind | namespace | name | lines |\n|---|---|---|---|---|\n");
    let mut blocks = vec![
        format!("{HEADING} Profile {profile} against {against}\n"),
        format!(
            "{} added, {} removed, {} changed, {} unchanged\n",
            report.count(ChangeKind::Added),
            report.count(ChangeKind::Removed),
            report.count(ChangeKind::Changed),
            report.unchanged
        ),
    ];
    let mut details = Vec::new();
    for change in &report.changes {
        let (old, new) = printed_texts(change, options)?;
        let (removed, added) = line_counts(&old, &new);
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            change.change.word(),
            table_cell(&change.key.kind_with_group()),
            table_cell(&change.key.namespace),
            table_cell(&change.key.name),
            line_count_text(removed, added)
        ));
        if stat {
            continue;
        }
        let diff = unified(
            &old,
            &new,
            &format!("{}: {}", options.old_label, change.key),
            &format!("{}: {}", options.new_label, change.key),
            options.context,
            false,
        );
        if !diff.is_empty() {
            let fence = fence_for(&diff);
            details.push(format!(
                "<details><summary>{}</summary>\n\n{fence}diff\n{diff}{fence}\n\n</details>\n",
                html_text(&change.key.to_string())
            ));
        }
    }
    blocks.push(table);
    blocks.extend(details);
    Ok(blocks.join("\n"))
}

/// The length of the longest run of backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|character| character != '`')
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// A backtick fence that no line of `text` can close: at least three backticks, and more
/// than the longest run inside (a closing fence may be indented, as a diff context line is).
fn fence_for(text: &str) -> String {
    "`".repeat((longest_backtick_run(text) + 1).max(3))
}

/// `text` as inline code, whatever backticks it holds.
fn code_span(text: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// `text` with the punctuation that could end a table cell, start emphasis, a link, an HTML
/// tag or an entity backslash-escaped; line breaks become spaces.
fn table_cell(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '\n' | '\r' => escaped.push(' '),
            other => escaped.push(other),
        }
    }
    escaped
}

/// `text` as HTML character data (a `<summary>` is raw HTML, where Markdown escapes do not
/// apply).
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare_texts as report;

    fn options(context: usize) -> ReportOptions {
        ReportOptions {
            context,
            colour: true,
            show_secrets: false,
            old_label: "git:main".into(),
            new_label: "render -p prod".into(),
        }
    }

    const OLD: &str = "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: hunter2}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3, paused: false, minReadySeconds: 5}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n";
    const NEW: &str = "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: correct-horse}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 4, paused: false, minReadySeconds: 5}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n";

    #[test]
    fn changes_have_a_heading_summary_table_and_a_diff_per_object() {
        let text = write_markdown(&report(OLD, NEW), &options(3), "prod", false).unwrap();
        assert!(
            text.starts_with(
                "#### Profile `prod` against `git:main`\n\n1 added, 1 removed, 2 changed, 0 unchanged\n\n\
                 | change | kind | namespace | name | lines |\n|---|---|---|---|---|\n\
                 | removed | ConfigMap | iot | old | -4 |\n\
                 | changed | Secret | iot | creds | +1 -1 |\n\
                 | added | Service | iot | web | +4 |\n\
                 | changed | Deployment.apps | iot | web | +1 -1 |\n\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "<details><summary>Deployment.apps iot/web</summary>\n\n```diff\n\
                 --- git:main: Deployment.apps iot/web\n+++ render -p prod: Deployment.apps iot/web\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("-  replicas: 3\n+  replicas: 4\n```\n\n</details>\n"),
            "{text}"
        );
        assert_eq!(text.matches("<details>").count(), 4, "{text}");
        assert!(
            text.contains("+kind: Service\n"),
            "added objects show whole: {text}"
        );
        assert!(!text.contains('\x1b'), "never coloured: {text:?}");
        assert!(
            !text.contains("hunter2") && !text.contains("correct-horse"),
            "{text}"
        );
        assert!(
            text.contains("-  password: '(hidden: old value)'\n"),
            "{text}"
        );
    }

    #[test]
    fn context_follows_the_option() {
        let wide = write_markdown(&report(OLD, NEW), &options(3), "prod", false).unwrap();
        let narrow = write_markdown(&report(OLD, NEW), &options(0), "prod", false).unwrap();
        assert!(wide.contains(" minReadySeconds: 5\n"), "{wide}");
        assert!(!narrow.contains(" minReadySeconds: 5\n"), "{narrow}");
    }

    #[test]
    fn stat_keeps_the_table_only() {
        let text = write_markdown(&report(OLD, NEW), &options(3), "prod", true).unwrap();
        assert!(
            text.ends_with("| changed | Deployment.apps | iot | web | +1 -1 |\n"),
            "{text}"
        );
        assert!(!text.contains("<details>"), "{text}");
    }

    #[test]
    fn no_changes_are_one_line() {
        assert_eq!(
            write_markdown(&report(OLD, OLD), &options(3), "prod", false).unwrap(),
            "Profile `prod`: no changes against `git:main` (3 objects).\n"
        );
    }

    #[test]
    fn backticks_in_the_diff_lengthen_the_fence() {
        let old = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\ndata: {readme: \"  ```` and ``\"}\n";
        let new =
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\ndata: {readme: plain}\n";
        let text = write_markdown(&report(old, new), &options(3), "prod", false).unwrap();
        assert!(text.contains("\n`````diff\n"), "{text}");
        assert!(text.contains("\n`````\n\n</details>\n"), "{text}");
        assert_eq!(fence_for("no ticks"), "```");
        assert_eq!(fence_for(" ``` "), "````");
    }

    #[test]
    fn names_cannot_break_the_markup() {
        assert_eq!(code_span("git:a`b"), "``git:a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(table_cell("a|b_c<d>"), "a\\|b\\_c\\<d\\>");
        assert_eq!(html_text("a<b>&c"), "a&lt;b&gt;&amp;c");
    }
}
