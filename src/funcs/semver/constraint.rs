//! Version constraints in Masterminds/semver v3 syntax, as `semverCompare` and Helm's
//! `kubeVersion:` check use them.
//!
//! A constraint is `||`-separated alternatives; each alternative is a list of comparisons
//! separated by spaces or commas, all of which must hold. Operators: `=` (or none), `!=`,
//! `>`, `<`, `>=`/`=>`, `<=`/`=<`, `~`/`~>` (patch-level changes), `^` (no change of the
//! left-most non-zero segment); `A - B` is a range. `x`, `X` and `*` (or a missing segment)
//! are wildcards. A prerelease version only satisfies an alternative in which some comparison
//! itself names a prerelease.

use super::version::{compare_prerelease, SemverError, Version};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// Go's `\s` (ASCII whitespace without vertical tab).
const SPACE: &str = r"[\t\n\f\r ]";
/// The operator alternatives in the library's order (leftmost-first matching depends on it).
const OPERATORS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

/// A version inside a constraint: wildcards allowed in the three numeric segments.
fn version_pattern() -> String {
    let segment = r"[0-9|x|X|\*]+";
    let identifiers = r"[0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*";
    format!(r"v?({segment})(\.{segment})?(\.{segment})?(-({identifiers}))?(\+({identifiers}))?")
}

struct Patterns {
    single: regex::Regex,
    range: regex::Regex,
    find: regex::Regex,
    valid: regex::Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let version = version_pattern();
        let compile = |text: String| {
            regex::Regex::new(&text).unwrap_or_else(|error| unreachable!("fixed pattern: {error}"))
        };
        Patterns {
            single: compile(format!(r"^{SPACE}*({OPERATORS}){SPACE}*({version}){SPACE}*$")),
            range: compile(format!(r"{SPACE}*({version}){SPACE}+-{SPACE}+({version}){SPACE}*")),
            find: compile(format!(r"({OPERATORS}){SPACE}*({version})")),
            valid: compile(format!(
                r"^({SPACE}*({OPERATORS}){SPACE}*({version}){SPACE}*)((?:{SPACE}+|,{SPACE}*)({OPERATORS}){SPACE}*({version}){SPACE}*)*$"
            )),
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
    Tilde,
    Caret,
}

impl Operator {
    fn from_text(text: &str) -> Option<Operator> {
        Some(match text {
            "" | "=" => Operator::TildeOrEqual,
            "!=" => Operator::NotEqual,
            ">" => Operator::Greater,
            "<" => Operator::Less,
            ">=" | "=>" => Operator::GreaterOrEqual,
            "<=" | "=<" => Operator::LessOrEqual,
            "~" | "~>" => Operator::Tilde,
            "^" => Operator::Caret,
            _ => return None,
        })
    }
}

/// One comparison: the operator and its version, with wildcard information.
#[derive(Debug, Clone)]
struct Comparison {
    operator: Operator,
    version: Version,
    /// Some segment was a wildcard or missing.
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
}

fn is_wildcard(text: &str) -> bool {
    matches!(text, "x" | "X" | "*")
}

impl Comparison {
    fn parse(text: &str) -> Result<Comparison, SemverError> {
        let captures = patterns()
            .single
            .captures(text)
            .ok_or_else(|| SemverError::ImproperConstraint(text.to_string()))?;
        let group = |index: usize| captures.get(index).map(|m| m.as_str()).unwrap_or("");
        let operator = Operator::from_text(group(1))
            .ok_or_else(|| SemverError::ImproperConstraint(text.to_string()))?;
        let (major, minor, patch, prerelease) = (group(3), group(4), group(5), group(6));
        let (version_text, dirty, minor_dirty, patch_dirty) =
            if is_wildcard(major) || major.is_empty() {
                (format!("0.0.0{prerelease}"), true, false, false)
            } else if minor.is_empty() || is_wildcard(minor.trim_start_matches('.')) {
                (format!("{major}.0.0{prerelease}"), true, true, false)
            } else if patch.is_empty() || is_wildcard(patch.trim_start_matches('.')) {
                (format!("{major}{minor}.0{prerelease}"), true, false, true)
            } else {
                (group(2).to_string(), false, false, false)
            };
        let version = Version::parse(&version_text).map_err(|_| SemverError::ConstraintParser)?;
        Ok(Comparison {
            operator,
            version,
            dirty,
            minor_dirty,
            patch_dirty,
        })
    }

    fn check(&self, version: &Version, include_prerelease: bool) -> bool {
        if !version.prerelease.is_empty() && !include_prerelease {
            return false;
        }
        let constraint = &self.version;
        let order = version.compare(constraint);
        match self.operator {
            Operator::TildeOrEqual if self.dirty => self.tilde(version),
            Operator::TildeOrEqual => order == Ordering::Equal,
            Operator::NotEqual => self.not_equal(version),
            Operator::Greater => self.greater(version),
            Operator::Less => order == Ordering::Less,
            Operator::GreaterOrEqual => order != Ordering::Less,
            Operator::LessOrEqual => self.less_or_equal(version),
            Operator::Tilde => self.tilde(version),
            Operator::Caret => self.caret(version),
        }
    }

    fn not_equal(&self, version: &Version) -> bool {
        let constraint = &self.version;
        if self.dirty {
            if constraint.major != version.major {
                return true;
            }
            if constraint.minor != version.minor && !self.minor_dirty {
                return true;
            }
            if self.minor_dirty {
                return false;
            }
            if constraint.patch != version.patch && !self.patch_dirty {
                return true;
            }
            if self.patch_dirty {
                if !version.prerelease.is_empty() || !constraint.prerelease.is_empty() {
                    return compare_prerelease(&version.prerelease, &constraint.prerelease)
                        != Ordering::Equal;
                }
                return false;
            }
        }
        version.compare(constraint) != Ordering::Equal
    }

    fn greater(&self, version: &Version) -> bool {
        let constraint = &self.version;
        if !self.dirty {
            return version.compare(constraint) == Ordering::Greater;
        }
        if version.major != constraint.major {
            return version.major > constraint.major;
        }
        if self.minor_dirty {
            return false;
        }
        if self.patch_dirty {
            return version.minor > constraint.minor;
        }
        version.compare(constraint) == Ordering::Greater
    }

    fn less_or_equal(&self, version: &Version) -> bool {
        let constraint = &self.version;
        if !self.dirty {
            return version.compare(constraint) != Ordering::Greater;
        }
        if version.major > constraint.major {
            return false;
        }
        !(version.major == constraint.major
            && version.minor > constraint.minor
            && !self.minor_dirty)
    }

    fn tilde(&self, version: &Version) -> bool {
        let constraint = &self.version;
        if version.compare(constraint) == Ordering::Less {
            return false;
        }
        if constraint.major == 0
            && constraint.minor == 0
            && constraint.patch == 0
            && !self.minor_dirty
            && !self.patch_dirty
        {
            return true;
        }
        version.major == constraint.major && (version.minor == constraint.minor || self.minor_dirty)
    }

    fn caret(&self, version: &Version) -> bool {
        let constraint = &self.version;
        if version.compare(constraint) == Ordering::Less {
            return false;
        }
        if constraint.major > 0 || self.minor_dirty {
            return version.major == constraint.major;
        }
        if version.major > 0 {
            return false;
        }
        if constraint.minor > 0 || self.patch_dirty {
            return version.minor == constraint.minor;
        }
        if version.minor > 0 {
            return false;
        }
        version.patch == constraint.patch
    }
}

/// A parsed constraint: alternatives of comparisons that must all hold.
#[derive(Debug, Clone)]
pub struct Constraints {
    alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone)]
struct Alternative {
    comparisons: Vec<Comparison>,
    /// Some comparison names a prerelease, so prerelease versions may match.
    names_prerelease: bool,
}

/// Turns each `A - B` range into `>= A, <= B `.
fn rewrite_ranges(text: &str) -> String {
    let mut rewritten = text.to_string();
    for captures in patterns().range.captures_iter(text) {
        let (Some(whole), Some(low), Some(high)) =
            (captures.get(0), captures.get(1), captures.get(11))
        else {
            continue;
        };
        let replacement = format!(">= {}, <= {} ", low.as_str(), high.as_str());
        rewritten = rewritten.replacen(whole.as_str(), &replacement, 1);
    }
    rewritten
}

impl Constraints {
    /// Go's `semver.NewConstraint`.
    pub fn parse(text: &str) -> Result<Constraints, SemverError> {
        let rewritten = rewrite_ranges(text);
        let mut alternatives = Vec::new();
        for part in rewritten.split("||") {
            if !patterns().valid.is_match(part) {
                return Err(SemverError::ImproperConstraint(part.to_string()));
            }
            let mut comparisons = Vec::new();
            let found: Vec<&str> = patterns()
                .find
                .find_iter(part)
                .map(|m| m.as_str())
                .collect();
            let pieces = if found.is_empty() { vec![part] } else { found };
            for piece in pieces {
                comparisons.push(Comparison::parse(piece)?);
            }
            let names_prerelease = comparisons.iter().any(|c| !c.version.prerelease.is_empty());
            alternatives.push(Alternative {
                comparisons,
                names_prerelease,
            });
        }
        Ok(Constraints { alternatives })
    }

    /// Go's `Constraints.Check`: some alternative whose comparisons all hold.
    pub fn check(&self, version: &Version) -> bool {
        self.alternatives.iter().any(|alternative| {
            alternative
                .comparisons
                .iter()
                .all(|comparison| comparison.check(version, alternative.names_prerelease))
        })
    }
}

/// Whether `version` satisfies `constraint` (Helm's `kubeVersion:` check and `semverCompare`).
pub fn constraint_matches(constraint: &str, version: &str) -> Result<bool, SemverError> {
    let constraints = Constraints::parse(constraint)?;
    Ok(constraints.check(&Version::parse(version)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_cases_match_helm() {
        let cases = [
            (">=1.2.3", "1.2.3", true),
            (">=1.2.3", "1.2.2", false),
            ("^1.2", "1.9.0", true),
            ("^1.2", "2.0.0", false),
            ("~1.2.3", "1.2.9", true),
            ("~1.2.3", "1.3.0", false),
            ("1.x", "1.99.1", true),
            (">1.0 <2.0", "1.5.0", true),
            (">1.0, <2.0", "2.0.0", false),
            ("<1.0 || >=3.0", "3.1.0", true),
            ("=1.0.0", "1.0", true),
            ("1.2.3 - 1.4.0", "1.4.0", true),
            ("*", "0.0.1", true),
            ("!=1.2.3", "1.2.3", false),
            ("^0.2.3", "0.3.0", false),
            ("~1", "1.9.9", true),
            (">=1.0.0", "1.1.0-beta", false),
            (">=1.0.0-0", "1.1.0-beta", true),
            (">=1.20.0-0", "v1.28.3-gke.100", true),
            (">=1.20.0", "v1.28.3-gke.100", false),
            ("^1.2.3-alpha", "1.2.3-beta", true),
            ("^1.2.3-alpha", "1.2.4-beta", true),
            (">= 1.2", "v1.2.0", true),
            ("v1.2.x", "1.2.7", true),
            ("<=1.2.3", "1.2.3+build.5", true),
            (">1.2.3", "1.2.3+build.5", false),
            ("~>1.2", "1.2.9", true),
            ("1.2", "1.2.5", true),
            (">=1.2.3-beta.2", "1.2.3-beta.10", true),
        ];
        for (constraint, version, expected) in cases {
            assert_eq!(
                constraint_matches(constraint, version),
                Ok(expected),
                "{constraint} | {version}"
            );
        }
    }

    #[test]
    fn wildcard_edges() {
        assert_eq!(constraint_matches(">1.x", "2.0.0"), Ok(true));
        assert_eq!(constraint_matches(">1.x", "1.9.0"), Ok(false));
        assert_eq!(constraint_matches(">1.2.x", "1.3.0"), Ok(true));
        assert_eq!(constraint_matches("<=1.2", "1.2.9"), Ok(true));
        assert_eq!(constraint_matches("!=1.2.x", "1.2.5"), Ok(false));
        assert_eq!(constraint_matches("!=1.2.x", "1.3.0"), Ok(true));
        assert_eq!(constraint_matches("^0.0.3", "0.0.4"), Ok(false));
        assert_eq!(constraint_matches("^0.x", "0.5.0"), Ok(true));
    }

    #[test]
    fn errors_name_the_bad_part() {
        assert_eq!(
            constraint_matches(">>1.0", "1.0.0"),
            Err(SemverError::ImproperConstraint(">>1.0".into()))
        );
        assert_eq!(
            constraint_matches(">1 || bad", "1.0.0"),
            Err(SemverError::ImproperConstraint(" bad".into()))
        );
        assert_eq!(
            constraint_matches(">1.0.0-01", "1.0.0"),
            Err(SemverError::ConstraintParser)
        );
        assert_eq!(
            constraint_matches(">1", "latest"),
            Err(SemverError::InvalidVersion)
        );
    }
}
