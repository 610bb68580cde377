//! "Did you mean" for misspelt names: the known name nearest to what was written, offered only
//! when it is near enough that the typo is the likely story.
//!
//! Nearness is the edit distance (insertions, deletions, substitutions, and swaps of two
//! neighbouring letters), ignoring case. A name is close when it differs only in case, or when
//! the distance is at most a third of the longer name (at least 1, at most 3 edits), so a short
//! name never suggests an unrelated one.

/// The name in `known` closest to `given`, if any is close; ties go to the earlier name.
pub fn closest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let wanted = given.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        if candidate == given {
            return None;
        }
        let lowered = candidate.to_lowercase();
        let distance = if lowered == wanted {
            0
        } else {
            edit_distance(&wanted, &lowered)
        };
        let longer = wanted.chars().count().max(lowered.chars().count());
        let allowed = (longer / 3).clamp(1, 3);
        if distance <= allowed && best.is_none_or(|(found, _)| distance < found) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, name)| name.to_string())
}

/// Edits turning `a` into `b`, a swap of two neighbouring characters counting as one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the usual table: the one before the previous is needed for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut cost = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cost = cost.min(before[j - 2] + 1);
            }
            current[j] = cost;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_edits_and_swaps() {
        assert_eq!(edit_distance("replicas", "replicas"), 0);
        assert_eq!(edit_distance("replcas", "replicas"), 1);
        assert_eq!(edit_distance("namespce", "namespace"), 1);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn only_close_names_are_suggested() {
        let known = ["namespace", "releaseName", "components", "extends"];
        assert_eq!(closest("namespce", known).as_deref(), Some("namespace"));
        assert_eq!(
            closest("ReleaseName", known).as_deref(),
            Some("releaseName")
        );
        assert_eq!(closest("extend", known).as_deref(), Some("extends"));
        assert_eq!(closest("zzz", known), None);
        assert_eq!(closest("x", ["y", "ab"]), Some("y".to_string()));
        assert_eq!(
            closest("prd", ["base", "dev", "prod"]).as_deref(),
            Some("prod")
        );
        assert_eq!(closest("qa", ["base", "dev", "prod"]), None);
        // A name that is known needs no suggestion.
        assert_eq!(closest("dev", ["dev", "deb"]), None);
    }
}
