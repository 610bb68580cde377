//! JSON pointers (RFC 6901) over [`Value`] trees: parsing and escaping, removing the member a
//! pointer names (ignore rules), and listing the pointers at which two objects differ (the
//! "changed paths" of a report).
//!
//! Walks are bounded: below [`MAX_DEPTH`] levels, subtrees are compared whole and reported at
//! their own pointer.

use crate::value::Value;

use super::error::DiffError;

/// How deep walks descend before comparing subtrees whole. Kubernetes objects nest a few dozen
/// levels at most.
pub const MAX_DEPTH: usize = 128;

/// One pointer segment written in RFC 6901 form (`~` as `~0`, `/` as `~1`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A pointer built from raw segments.
pub fn pointer_of(segments: &[String]) -> String {
    segments
        .iter()
        .map(|segment| format!("/{}", escape_segment(segment)))
        .collect()
}

/// The segments of a pointer: `""` is the whole document, otherwise it starts with `/`;
/// `~0` and `~1` are the only escapes.
pub fn parse_pointer(pointer: &str) -> Result<Vec<String>, DiffError> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(DiffError::Pointer {
            pointer: pointer.into(),
            reason: "must start with '/'".into(),
        });
    };
    let mut segments = Vec::new();
    for raw in rest.split('/') {
        let mut segment = String::with_capacity(raw.len());
        let mut characters = raw.chars();
        while let Some(character) = characters.next() {
            if character != '~' {
                segment.push(character);
                continue;
            }
            match characters.next() {
                Some('0') => segment.push('~'),
                Some('1') => segment.push('/'),
                _ => {
                    return Err(DiffError::Pointer {
                        pointer: pointer.into(),
                        reason: "'~' must be followed by 0 or 1".into(),
                    })
                }
            }
        }
        segments.push(segment);
    }
    if segments.len() > MAX_DEPTH {
        return Err(DiffError::Pointer {
            pointer: pointer.into(),
            reason: format!("more than {MAX_DEPTH} segments"),
        });
    }
    Ok(segments)
}

/// `value` without the member `segments` names (unchanged when nothing is there). Maps are
/// rebuilt along the path, so other holders of the same maps see no change.
pub fn remove_at(value: &Value, segments: &[String]) -> Value {
    let Some((first, rest)) = segments.split_first() else {
        return value.clone();
    };
    match value {
        Value::Map(map) => {
            let Some(child) = map.get(first) else {
                return value.clone();
            };
            let copy = map.shallow_copy();
            if rest.is_empty() {
                copy.remove(first);
            } else {
                copy.insert(first.as_str(), remove_at(&child, rest));
            }
            Value::Map(copy)
        }
        Value::List(items) => {
            let Some(index) = list_index(first, items.len()) else {
                return value.clone();
            };
            let mut copy = items.to_vec();
            if rest.is_empty() {
                copy.remove(index);
            } else if let Some(slot) = copy.get_mut(index) {
                *slot = remove_at(slot, rest);
            }
            Value::list(copy)
        }
        _ => value.clone(),
    }
}

/// The value a pointer names, if any.
pub fn get_at(value: &Value, segments: &[String]) -> Option<Value> {
    let mut current = value.clone();
    for segment in segments {
        current = match &current {
            Value::Map(map) => map.get(segment)?,
            Value::List(items) => items.get(list_index(segment, items.len())?)?.clone(),
            _ => return None,
        };
    }
    Some(current)
}

/// A list index segment: decimal digits without a leading zero, below `length`.
fn list_index(segment: &str, length: usize) -> Option<usize> {
    if segment.is_empty()
        || (segment.len() > 1 && segment.starts_with('0'))
        || !segment.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    segment
        .parse::<usize>()
        .ok()
        .filter(|index| *index < length)
}

/// The pointers at which `old` and `new` differ, in document order: the deepest member that
/// differs (a value changed, a key or list item added or removed). Lists are compared item by
/// item; items past the shorter list are reported one by one.
pub fn changed_paths(old: &Value, new: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut path = Vec::new();
    collect_changes(old, new, &mut path, &mut found);
    found
}

fn collect_changes(old: &Value, new: &Value, path: &mut Vec<String>, found: &mut Vec<String>) {
    if old == new {
        return;
    }
    if path.len() >= MAX_DEPTH {
        found.push(pointer_of(path));
        return;
    }
    match (old, new) {
        (Value::Map(old_map), Value::Map(new_map)) => {
            let mut keys = old_map.keys();
            keys.extend(new_map.keys());
            keys.sort();
            keys.dedup();
            for key in keys {
                path.push(key.to_string());
                match (old_map.get(&key), new_map.get(&key)) {
                    (Some(old_child), Some(new_child)) => {
                        collect_changes(&old_child, &new_child, path, found)
                    }
                    _ => found.push(pointer_of(path)),
                }
                path.pop();
            }
        }
        (Value::List(old_items), Value::List(new_items)) => {
            for index in 0..old_items.len().max(new_items.len()) {
                path.push(index.to_string());
                match (old_items.get(index), new_items.get(index)) {
                    (Some(old_child), Some(new_child)) => {
                        collect_changes(old_child, new_child, path, found)
                    }
                    _ => found.push(pointer_of(path)),
                }
                path.pop();
            }
        }
        _ => found.push(pointer_of(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_value_any;

    fn yaml(text: &str) -> Value {
        parse_value_any(text).unwrap()
    }

    #[test]
    fn pointers_parse_with_escapes() {
        assert_eq!(parse_pointer("").unwrap(), Vec::<String>::new());
        assert_eq!(
            parse_pointer("/metadata/annotations/a~1b~0c").unwrap(),
            vec!["metadata", "annotations", "a/b~c"]
        );
        assert!(parse_pointer("spec").is_err());
        assert!(parse_pointer("/a~2").is_err());
        assert_eq!(pointer_of(&["a/b".into(), "~".into()]), "/a~1b/~0");
    }

    #[test]
    fn remove_at_leaves_the_original_untouched() {
        let original = yaml("spec: {replicas: 3, template: {x: 1}}\nlist: [a, b, c]");
        let removed = remove_at(&original, &parse_pointer("/spec/replicas").unwrap());
        assert_eq!(removed, yaml("spec: {template: {x: 1}}\nlist: [a, b, c]"));
        assert_eq!(
            original,
            yaml("spec: {replicas: 3, template: {x: 1}}\nlist: [a, b, c]")
        );
        let removed = remove_at(&original, &parse_pointer("/list/1").unwrap());
        assert_eq!(
            removed,
            yaml("spec: {replicas: 3, template: {x: 1}}\nlist: [a, c]")
        );
        assert_eq!(
            remove_at(&original, &parse_pointer("/list/01").unwrap()),
            original
        );
        assert_eq!(
            remove_at(&original, &parse_pointer("/missing/x").unwrap()),
            original
        );
    }

    #[test]
    fn get_at_follows_maps_and_lists() {
        let value = yaml("a: {b: [x, {c: 5}]}");
        assert_eq!(
            get_at(&value, &parse_pointer("/a/b/1/c").unwrap()),
            Some(Value::Float(5.0))
        );
        assert_eq!(get_at(&value, &parse_pointer("/a/b/2").unwrap()), None);
    }

    #[test]
    fn changed_paths_name_the_deepest_difference() {
        let old = yaml("spec: {replicas: 3, selector: {app: a}}\nitems: [1, 2]\ngone: x");
        let new = yaml("spec: {replicas: 4, selector: {app: a}}\nitems: [1, 2, 3]\nadded/key: y");
        assert_eq!(
            changed_paths(&old, &new),
            vec!["/added~1key", "/gone", "/items/2", "/spec/replicas"]
        );
        assert!(changed_paths(&old, &old).is_empty());
        assert_eq!(changed_paths(&yaml("a: 1"), &yaml("a: '1'")), vec!["/a"]);
    }
}
