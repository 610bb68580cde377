//! Line diffs of canonical YAML, as unified diff text with optional ANSI colour (whether to
//! colour is decided once per run by `cli::terminal`).
//!
//! Objects are printed with the project's emitter (Helm's `toYaml`: keys sorted, one spelling
//! per value), so the text of two objects differs only where their content does.

use similar::{ChangeTag, TextDiff};

use crate::value::Value;

use super::error::DiffError;
use super::identity::ResourceKey;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// An object as canonical YAML (absent objects are empty text).
pub fn canonical_yaml(key: &ResourceKey, object: Option<&Value>) -> Result<String, DiffError> {
    match object {
        None => Ok(String::new()),
        Some(value) => crate::yaml::emit::to_yaml(value).map_err(|error| DiffError::Emit {
            key: key.to_string(),
            message: error.to_string(),
        }),
    }
}

/// How many lines were removed and added between two texts.
pub fn line_counts(old: &str, new: &str) -> (usize, usize) {
    let diff = TextDiff::from_lines(old, new);
    let mut removed = 0;
    let mut added = 0;
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => removed += 1,
            ChangeTag::Insert => added += 1,
            ChangeTag::Equal => {}
        }
    }
    (removed, added)
}

/// A unified diff of two texts with `context` lines around each change, headed by
/// `--- old_label` and `+++ new_label`; empty when the texts are equal.
pub fn unified(
    old: &str,
    new: &str,
    old_label: &str,
    new_label: &str,
    context: usize,
    colour: bool,
) -> String {
    let diff = TextDiff::from_lines(old, new);
    let mut output = String::new();
    let paint = |text: &str, code: &str| {
        if colour {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let mut unified = diff.unified_diff();
    unified.context_radius(context);
    for (index, hunk) in unified.iter_hunks().enumerate() {
        if index == 0 {
            output.push_str(&paint(&format!("--- {old_label}"), BOLD));
            output.push('\n');
            output.push_str(&paint(&format!("+++ {new_label}"), BOLD));
            output.push('\n');
        }
        output.push_str(&paint(&hunk.header().to_string(), CYAN));
        output.push('\n');
        for change in hunk.iter_changes() {
            let (sign, code) = match change.tag() {
                ChangeTag::Delete => ('-', Some(RED)),
                ChangeTag::Insert => ('+', Some(GREEN)),
                ChangeTag::Equal => (' ', None),
            };
            let line = format!("{sign}{}", change.value().trim_end_matches('\n'));
            match code {
                Some(code) => output.push_str(&paint(&line, code)),
                None => output.push_str(&line),
            }
            output.push('\n');
            if change.missing_newline() {
                output.push_str("\\ No newline at end of file\n");
            }
        }
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_diff_has_headers_hunks_and_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nD\ne\nf\ng\n";
        let text = unified(old, new, "baseline", "render", 1, false);
        assert_eq!(
            text,
            "--- baseline\n+++ render\n@@ -3,3 +3,3 @@\n c\n-d\n+D\n e\n"
        );
        assert_eq!(unified(old, old, "a", "b", 3, false), "");
    }

    #[test]
    fn colour_wraps_changed_lines() {
        let text = unified("x\n", "y\n", "a", "b", 3, true);
        assert!(text.contains("\x1b[31m-x\x1b[0m"), "{text:?}");
        assert!(text.contains("\x1b[32m+y\x1b[0m"), "{text:?}");
    }

    #[test]
    fn line_counts_count_both_directions() {
        assert_eq!(line_counts("a\nb\n", "a\nc\nd\n"), (1, 2));
        assert_eq!(line_counts("", "a\n"), (0, 1));
    }

    #[test]
    fn canonical_yaml_sorts_keys() {
        let key = ResourceKey {
            group: String::new(),
            kind: "ConfigMap".into(),
            namespace: String::new(),
            name: "x".into(),
        };
        let value = crate::yaml::parse_value_any("b: 1\na: '2'").unwrap();
        assert_eq!(
            canonical_yaml(&key, Some(&value)).unwrap(),
            "a: \"2\"\nb: 1\n"
        );
        assert_eq!(canonical_yaml(&key, None).unwrap(), "");
    }
}
