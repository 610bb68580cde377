//! Keeping Secret values out of diff output.
//!
//! The values under a core Secret's `data` and `stringData` are replaced by markers before an
//! object is printed, so a diff shows which keys were added, removed or changed and nothing of
//! their contents (not even lengths). Comparison itself happens on the real values, earlier;
//! only printing is masked. `--show-secrets` turns this off.

use crate::value::{Map, Value};

use super::identity::ResourceKey;

/// Printed in place of a value that is the same on both sides.
pub const UNCHANGED: &str = "(hidden: unchanged)";
/// Printed in place of the old side of a changed value.
pub const CHANGED_BEFORE: &str = "(hidden: old value)";
/// Printed in place of the new side of a changed value.
pub const CHANGED_AFTER: &str = "(hidden: new value)";
/// Printed in place of a value present on one side only.
pub const ONE_SIDED: &str = "(hidden)";

/// The fields whose values are hidden.
const SECRET_FIELDS: &[&str] = &["data", "stringData"];

/// Whether objects of this key carry secret values.
pub fn is_secret(key: &ResourceKey) -> bool {
    key.group.is_empty() && key.kind == "Secret"
}

/// Both sides of a Secret with their values replaced by markers that tell equal, changed and
/// one-sided keys apart. Non-Secrets are returned as given.
pub fn mask_pair(
    key: &ResourceKey,
    old: Option<&Value>,
    new: Option<&Value>,
) -> (Option<Value>, Option<Value>) {
    if !is_secret(key) {
        return (old.cloned(), new.cloned());
    }
    let old_map = old.and_then(Value::as_map).map(Map::shallow_copy);
    let new_map = new.and_then(Value::as_map).map(Map::shallow_copy);
    for field in SECRET_FIELDS {
        let old_values = old_map.as_ref().and_then(|map| map.get(field));
        let new_values = new_map.as_ref().and_then(|map| map.get(field));
        let (masked_old, masked_new) = mask_field(old_values.as_ref(), new_values.as_ref());
        if let (Some(map), Some(masked)) = (&old_map, masked_old) {
            map.insert(*field, masked);
        }
        if let (Some(map), Some(masked)) = (&new_map, masked_new) {
            map.insert(*field, masked);
        }
    }
    (
        old.map(|original| old_map.map(Value::Map).unwrap_or_else(|| original.clone())),
        new.map(|original| new_map.map(Value::Map).unwrap_or_else(|| original.clone())),
    )
}

/// Both sides of a Secret with its `data` values decoded from base64 for `--show-secrets`, as
/// helm-diff shows them: the text when it is UTF-8, the base64 as written otherwise.
/// Non-Secrets are returned as given.
pub fn reveal_pair(
    key: &ResourceKey,
    old: Option<&Value>,
    new: Option<&Value>,
) -> (Option<Value>, Option<Value>) {
    if !is_secret(key) {
        return (old.cloned(), new.cloned());
    }
    let reveal = |side: Option<&Value>| {
        side.map(|value| {
            let Some(map) = value.as_map().map(Map::shallow_copy) else {
                return value.clone();
            };
            if let Some(Value::Map(data)) = map.get("data") {
                let decoded = Map::new();
                for (name, encoded) in data.entries() {
                    let text = encoded.as_str().and_then(|text| {
                        use base64::Engine as _;
                        base64::engine::general_purpose::STANDARD
                            .decode(text.trim())
                            .ok()
                            .and_then(|bytes| String::from_utf8(bytes).ok())
                    });
                    decoded.insert(name, text.map(Value::string).unwrap_or(encoded));
                }
                map.insert("data", Value::Map(decoded));
            }
            Value::Map(map)
        })
    };
    (reveal(old), reveal(new))
}

/// Masks one `data`/`stringData` field on both sides. A field that is not a map is masked as a
/// whole.
fn mask_field(old: Option<&Value>, new: Option<&Value>) -> (Option<Value>, Option<Value>) {
    let whole = |value: Option<&Value>, marker: &str| value.map(|_| Value::string(marker));
    match (old, new) {
        (Some(Value::Map(old_entries)), Some(Value::Map(new_entries))) => {
            let masked_old = Map::new();
            let masked_new = Map::new();
            for (key, old_value) in old_entries.entries() {
                let marker = match new_entries.get(&key) {
                    Some(new_value) if new_value == old_value => UNCHANGED,
                    Some(_) => CHANGED_BEFORE,
                    None => ONE_SIDED,
                };
                masked_old.insert(key, Value::string(marker));
            }
            for (key, new_value) in new_entries.entries() {
                let marker = match old_entries.get(&key) {
                    Some(old_value) if new_value == old_value => UNCHANGED,
                    Some(_) => CHANGED_AFTER,
                    None => ONE_SIDED,
                };
                masked_new.insert(key, Value::string(marker));
            }
            (Some(Value::Map(masked_old)), Some(Value::Map(masked_new)))
        }
        (Some(Value::Map(entries)), other) => (Some(mask_all(entries)), whole(other, ONE_SIDED)),
        (other, Some(Value::Map(entries))) => (whole(other, ONE_SIDED), Some(mask_all(entries))),
        (old, new) if old == new => (whole(old, UNCHANGED), whole(new, UNCHANGED)),
        (old, new) => (whole(old, CHANGED_BEFORE), whole(new, CHANGED_AFTER)),
    }
}

fn mask_all(entries: &Map) -> Value {
    Value::Map(
        entries
            .keys()
            .into_iter()
            .map(|key| (key, Value::string(ONE_SIDED)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_value_any;

    fn yaml(text: &str) -> Value {
        parse_value_any(text).unwrap()
    }

    fn secret_key() -> ResourceKey {
        ResourceKey {
            group: String::new(),
            kind: "Secret".into(),
            namespace: "iot".into(),
            name: "s".into(),
        }
    }

    #[test]
    fn values_become_markers_that_tell_changes_apart() {
        let old = yaml("kind: Secret\ndata: {same: c2FtZQ==, changed: b2xk, gone: eA==}\nstringData: {plain: old-text}");
        let new = yaml("kind: Secret\ndata: {same: c2FtZQ==, changed: bmV3, added: eQ==}\nstringData: {plain: new-text}");
        let (masked_old, masked_new) = mask_pair(&secret_key(), Some(&old), Some(&new));
        let expected_old = yaml(
            "kind: Secret\ndata: {same: '(hidden: unchanged)', changed: '(hidden: old value)', gone: (hidden)}\nstringData: {plain: '(hidden: old value)'}",
        );
        let expected_new = yaml(
            "kind: Secret\ndata: {same: '(hidden: unchanged)', changed: '(hidden: new value)', added: (hidden)}\nstringData: {plain: '(hidden: new value)'}",
        );
        assert_eq!(masked_old, Some(expected_old));
        assert_eq!(masked_new, Some(expected_new));
        assert!(
            old.as_map()
                .unwrap()
                .get("data")
                .unwrap()
                .as_map()
                .unwrap()
                .contains_key("gone"),
            "input untouched"
        );
    }

    #[test]
    fn one_sided_secrets_are_masked_too() {
        let new = yaml("kind: Secret\nstringData: {token: abc}");
        let (masked_old, masked_new) = mask_pair(&secret_key(), None, Some(&new));
        assert_eq!(masked_old, None);
        assert_eq!(
            masked_new,
            Some(yaml("kind: Secret\nstringData: {token: (hidden)}"))
        );
    }

    #[test]
    fn other_kinds_are_left_alone() {
        let config = yaml("kind: ConfigMap\ndata: {a: b}");
        let key = ResourceKey {
            kind: "ConfigMap".into(),
            ..secret_key()
        };
        assert_eq!(
            mask_pair(&key, Some(&config), None),
            (Some(config.clone()), None)
        );
    }
}
