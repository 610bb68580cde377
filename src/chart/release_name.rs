//! Helm's rule for release names: lower-case DNS-style names (labels of `a-z`, `0-9` and `-`,
//! separated by dots) of at most 53 bytes, so that names derived from them fit Kubernetes'
//! 63-byte limits. Names break out of nothing (`../x` is simply invalid), which is why every
//! release name, from `helm template`'s arguments or a profile's `releaseName` pattern, is
//! checked before it reaches a template or a path.

use std::sync::OnceLock;

use regex::Regex;

/// The longest release name Helm accepts.
pub const MAX_RELEASE_NAME_LENGTH: usize = 53;

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
            .unwrap_or_else(|_| unreachable!())
    })
}

/// Why `name` is not a valid release name, in Helm's words; `None` when it is.
pub fn release_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("no name provided".to_string())
    } else if name.len() > MAX_RELEASE_NAME_LENGTH || !pattern().is_match(name) {
        Some(format!(
            "invalid release name, must match regex {} and the length must not be longer than {MAX_RELEASE_NAME_LENGTH}",
            pattern().as_str()
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_helm() {
        assert_eq!(release_name_problem("rel"), None);
        assert_eq!(release_name_problem("a.b-c"), None);
        assert!(release_name_problem("../../esc").is_some());
        assert!(release_name_problem("BAD").is_some());
        assert!(release_name_problem(&"a".repeat(54)).is_some());
        assert_eq!(release_name_problem(""), Some("no name provided".into()));
    }
}
