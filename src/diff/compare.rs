//! Matching two sides of a diff by identity and finding what changed.
//!
//! The "old" side is what the comparison is made against (baseline, git revision, other
//! profile, file, cluster); the "new" side is the current render. An object only in the new
//! side is added, one only in the old side is removed, and one in both whose content differs
//! (after ignore rules) is changed, with the JSON pointers of every difference.

use serde::Serialize;

use crate::value::Value;

use super::identity::{ResourceKey, ResourceSet};
use super::ignore::IgnoreRules;
use super::pointer::changed_paths;

/// How an object differs between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    /// The word used in reports.
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }

    /// The one-character marker of text reports.
    pub fn marker(self) -> char {
        match self {
            ChangeKind::Added => '+',
            ChangeKind::Removed => '-',
            ChangeKind::Changed => '~',
        }
    }
}

/// One object that differs, with both sides as compared (ignore rules applied, secrets not
/// yet masked).
#[derive(Debug, Clone)]
pub struct ObjectChange {
    pub key: ResourceKey,
    pub change: ChangeKind,
    /// JSON pointers of the differences (empty for added and removed objects).
    pub paths: Vec<String>,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The outcome of a comparison.
#[derive(Debug, Clone, Default)]
pub struct DiffReport {
    /// Differing objects in key order.
    pub changes: Vec<ObjectChange>,
    /// How many objects are the same on both sides.
    pub unchanged: usize,
}

impl DiffReport {
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// How many objects changed in this way.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes
            .iter()
            .filter(|change| change.change == kind)
            .count()
    }
}

/// Compares `old` with `new` object by object.
pub fn compare(old: &ResourceSet, new: &ResourceSet, ignore: &IgnoreRules) -> DiffReport {
    let mut report = DiffReport::default();
    let mut keys: Vec<&ResourceKey> = old.resources.keys().chain(new.resources.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let old_object = old
            .get(key)
            .map(|resource| ignore.apply(key, &Value::Map(resource.object.clone())));
        let new_object = new
            .get(key)
            .map(|resource| ignore.apply(key, &Value::Map(resource.object.clone())));
        let (change, paths) = match (&old_object, &new_object) {
            (None, Some(_)) => (ChangeKind::Added, Vec::new()),
            (Some(_), None) => (ChangeKind::Removed, Vec::new()),
            (Some(old_value), Some(new_value)) => {
                let paths = changed_paths(old_value, new_value);
                if paths.is_empty() {
                    report.unchanged += 1;
                    continue;
                }
                (ChangeKind::Changed, paths)
            }
            (None, None) => continue,
        };
        report.changes.push(ObjectChange {
            key: key.clone(),
            change,
            paths,
            old: old_object,
            new: new_object,
        });
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::identity::Scopes;
    use crate::diff::ignore::IgnoreRule;
    use crate::diff::normalize::parse_manifests;

    fn set(text: &str) -> ResourceSet {
        ResourceSet::build(
            parse_manifests(text, "t").unwrap(),
            &Scopes::builtin(),
            "iot",
        )
        .unwrap()
    }

    const OLD: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: gone}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: same}\ndata: {a: b}\n";
    const NEW: &str = "# Source: x\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: same}\ndata: {\"a\": 'b'}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 4}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: new}\n";

    #[test]
    fn objects_are_added_removed_or_changed() {
        let report = compare(&set(OLD), &set(NEW), &IgnoreRules::default());
        let summary: Vec<(String, ChangeKind, Vec<String>)> = report
            .changes
            .iter()
            .map(|change| (change.key.to_string(), change.change, change.paths.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("Service iot/gone".to_string(), ChangeKind::Removed, vec![]),
                ("Service iot/new".to_string(), ChangeKind::Added, vec![]),
                (
                    "Deployment.apps iot/web".to_string(),
                    ChangeKind::Changed,
                    vec!["/spec/replicas".to_string()]
                ),
            ]
        );
        assert_eq!(report.unchanged, 1);
        assert_eq!(report.count(ChangeKind::Changed), 1);
    }

    #[test]
    fn ignored_differences_do_not_count() {
        let rules = IgnoreRules {
            rules: vec![IgnoreRule::parse_flag("Deployment/web:/spec/replicas").unwrap()],
        };
        let report = compare(&set(OLD), &set(NEW), &rules);
        assert_eq!(report.count(ChangeKind::Changed), 0);
        assert_eq!(report.unchanged, 2);
    }

    #[test]
    fn identical_sides_have_no_changes() {
        assert!(!compare(&set(NEW), &set(NEW), &IgnoreRules::default()).has_changes());
    }
}
