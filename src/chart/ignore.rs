//! `.helmignore`: which files of a chart directory Helm leaves out.
//!
//! One rule a line (blank lines and `#` comments skipped, surrounding blanks trimmed). A rule
//! is a Go `filepath.Match` pattern: with a `/` inside it matches the whole chart-relative path,
//! without one only the base name; a leading `/` is dropped; a trailing `/` limits it to
//! directories; `**` is refused. Helm always appends `templates/.?*` (dot files directly in
//! `templates/`). Rules are tried in order and the first ignoring rule wins; a `!rule` ignores
//! everything it does *not* match (Helm's reading of negation), so it only helps when it comes
//! after the rules it should override. An ignored directory is skipped with all its content.
//! Archives are loaded without `.helmignore`.

use super::glob::{glob_match, Glob};
use super::ChartError;

/// The file name Helm reads ignore rules from, at the top of a chart directory.
pub const HELM_IGNORE: &str = ".helmignore";

#[derive(Debug, Clone)]
enum Scope {
    /// The rule has a `/`: matched against the whole relative path.
    Path,
    /// No `/`: matched against the last path element.
    BaseName,
}

#[derive(Debug, Clone)]
struct Rule {
    pattern: Glob,
    scope: Scope,
    negate: bool,
    directories_only: bool,
}

/// Parsed `.helmignore` rules.
#[derive(Debug, Clone, Default)]
pub struct IgnoreRules {
    rules: Vec<Rule>,
}

impl IgnoreRules {
    /// No rules at all.
    pub fn empty() -> IgnoreRules {
        IgnoreRules::default()
    }

    /// Parses the text of a `.helmignore` file (a leading UTF-8 byte-order mark is skipped).
    pub fn parse(text: &str) -> Result<IgnoreRules, ChartError> {
        let mut rules = IgnoreRules::empty();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for line in text.lines() {
            rules.add_rule(line)?;
        }
        Ok(rules)
    }

    /// Adds Helm's built-in rule, after the file's own.
    pub fn add_defaults(&mut self) {
        // The built-in rule is well formed, so adding it cannot fail.
        let _ = self.add_rule("templates/.?*");
    }

    fn add_rule(&mut self, line: &str) -> Result<(), ChartError> {
        let rule = line.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err(ChartError::Ignore(
                "double-star (**) syntax is not supported".into(),
            ));
        }
        glob_match(rule, "abc").map_err(|error| ChartError::Ignore(error.to_string()))?;
        let (negate, rule) = match rule.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let (directories_only, rule) = match rule.strip_suffix('/') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let (scope, pattern) = if let Some(rest) = rule.strip_prefix('/') {
            (Scope::Path, rest)
        } else if rule.contains('/') {
            (Scope::Path, rule)
        } else {
            (Scope::BaseName, rule)
        };
        self.rules.push(Rule {
            pattern: Glob::new(pattern),
            scope,
            negate,
            directories_only,
        });
        Ok(())
    }

    /// Whether the chart-relative slash path `path` is left out.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        let base = go_base(path);
        let path_chars: Vec<char> = path.chars().collect();
        let base_chars: Vec<char> = base.chars().collect();
        for rule in &self.rules {
            let matches = match rule.scope {
                Scope::Path => rule.pattern.matches(path, &path_chars),
                Scope::BaseName => rule.pattern.matches(base, &base_chars),
            };
            if rule.negate {
                if rule.directories_only && !is_dir {
                    return true;
                }
                if !matches {
                    return true;
                }
                continue;
            }
            if rule.directories_only && !is_dir {
                continue;
            }
            if matches {
                return true;
            }
        }
        false
    }
}

/// Go's `filepath.Base` of a slash path.
fn go_base(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> IgnoreRules {
        let mut rules = IgnoreRules::parse(text).unwrap();
        rules.add_defaults();
        rules
    }

    #[test]
    fn base_name_and_path_rules() {
        let rules = rules("# comment\n\n*.bak\nsecret/\n/top.txt\ndocs/*.md\n");
        assert!(rules.ignore("a/b/c.bak", false));
        assert!(rules.ignore("secret", true));
        assert!(!rules.ignore("secret", false));
        assert!(rules.ignore("top.txt", false));
        assert!(rules.ignore("docs/x.md", false));
        assert!(!rules.ignore("docs/sub/x.md", false));
        assert!(!rules.ignore("values.yaml", false));
    }

    #[test]
    fn default_rule_hides_template_dot_files() {
        let rules = rules("");
        assert!(rules.ignore("templates/.hidden.yaml", false));
        assert!(!rules.ignore("templates/shown.yaml", false));
        assert!(!rules.ignore("charts/sub/templates/.hidden", false));
    }

    #[test]
    fn negation_ignores_what_it_does_not_match() {
        let rules = rules("*.txt\n!keep.txt\n");
        assert!(rules.ignore("keep.txt", false));
        let rules = rules_without_defaults("!keep.txt\n");
        assert!(!rules.ignore("keep.txt", false));
        assert!(rules.ignore("other.yaml", false));
    }

    fn rules_without_defaults(text: &str) -> IgnoreRules {
        IgnoreRules::parse(text).unwrap()
    }

    #[test]
    fn refused_rules() {
        assert_eq!(
            IgnoreRules::parse("a/**/b").unwrap_err().to_string(),
            "double-star (**) syntax is not supported"
        );
        assert_eq!(
            IgnoreRules::parse("[").unwrap_err().to_string(),
            "syntax error in pattern"
        );
    }

    /// The rule is checked as written; what is left after `!`, `/` and a trailing `/` are
    /// taken off may be malformed (`a\/` leaves `a\`), and then it matches nothing.
    #[test]
    fn a_rule_whose_remainder_is_malformed_matches_nothing() {
        let rules = IgnoreRules::parse("a\\/\n").unwrap();
        assert!(!rules.ignore("a", true));
        assert!(!rules.ignore("a\\", true));
    }
}
