//! Sprig's dictionary functions.
//!
//! Go maps are references: `set`, `unset`, `merge` and `mergeOverwrite` change the map they are
//! given, and every holder of that map (including `.Values`, for templates rendered later) sees
//! the change; [`Map`] is shared the same way. `merge` follows dario.cat/mergo's rules: nested
//! maps merge recursively, lists are never merged, and without overwrite a destination value is
//! replaced only when it is Go's zero value. `dig` type-asserts like Sprig, so a value that is
//! not a plain `map[string]interface{}` (even `.Values`) fails with Go's interface conversion
//! text.

use crate::funcs::convert::{any_arg, map_arg, map_like, slice_items, string_arg, strval};
use crate::funcs::defaults::is_empty;
use crate::funcs::function;
use crate::value::{FuncError, Function, GoType, Map, Value};

use GoType::{Any, Map as GoMap, String as Str};

/// Nesting beyond which merging and copying stop (a map can contain itself through `set`,
/// where Go would recurse until the stack overflows).
const MAX_NESTING: usize = 1_000;

pub const FUNCTIONS: &[Function] = &[
    function("dict", &[], Some(Any), dict),
    function("get", &[GoMap, Str], None, get),
    function("set", &[GoMap, Str, Any], None, set),
    function("unset", &[GoMap, Str], None, unset),
    function("hasKey", &[GoMap, Str], None, has_key),
    function("keys", &[], Some(GoMap), keys),
    function("values", &[GoMap], None, values),
    function("pluck", &[Str], Some(GoMap), pluck),
    function("pick", &[GoMap], Some(Str), pick),
    function("omit", &[GoMap], Some(Str), omit),
    function("dig", &[], Some(Any), dig),
    function("merge", &[GoMap], Some(GoMap), merge),
    function("mustMerge", &[GoMap], Some(GoMap), merge),
    function("mergeOverwrite", &[GoMap], Some(GoMap), merge_overwrite),
    function("mustMergeOverwrite", &[GoMap], Some(GoMap), merge_overwrite),
    function("deepCopy", &[Any], None, deep_copy),
    function("mustDeepCopy", &[Any], None, deep_copy),
];

/// `dict k1 v1 k2 v2 ...`: keys printed with `strval`; a key without a value maps to `""`.
fn dict(args: &[Value]) -> Result<Value, FuncError> {
    let map = Map::new();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_else(|| Value::from(""));
        map.insert(strval(&pair[0]), value);
    }
    Ok(Value::Map(map))
}

/// `get map key`: the value, or `""` when the key is absent.
fn get(args: &[Value]) -> Result<Value, FuncError> {
    let key = string_arg(args, 1)?;
    let found = map_arg(args, 0)?.and_then(|map| map.get(key));
    Ok(found.unwrap_or_else(|| Value::from("")))
}

/// `set map key value`: stores into the shared map and returns it.
fn set(args: &[Value]) -> Result<Value, FuncError> {
    let key = string_arg(args, 1)?;
    let value = any_arg(args, 2)?.clone();
    let map = map_arg(args, 0)?.ok_or_else(|| FuncError::new("assignment to entry in nil map"))?;
    map.insert(key, value);
    Ok(Value::Map(map))
}

/// `unset map key`: removes the key from the shared map and returns it.
fn unset(args: &[Value]) -> Result<Value, FuncError> {
    let key = string_arg(args, 1)?;
    let map = map_arg(args, 0)?.unwrap_or_default();
    map.remove(key);
    Ok(Value::Map(map))
}

fn has_key(args: &[Value]) -> Result<Value, FuncError> {
    let key = string_arg(args, 1)?;
    Ok(Value::Bool(
        map_arg(args, 0)?.is_some_and(|map| map.contains_key(key)),
    ))
}

/// The maps among variadic map arguments (nil maps are skipped: they hold nothing).
fn map_args(args: &[Value], from: usize) -> Result<Vec<Map>, FuncError> {
    let mut maps = Vec::new();
    for index in from..args.len() {
        if let Some(map) = map_arg(args, index)? {
            maps.push(map);
        }
    }
    Ok(maps)
}

/// `keys map...`: every key of every map as a `[]string`, map by map (Go's map order is
/// random; these come in byte order within each map).
fn keys(args: &[Value]) -> Result<Value, FuncError> {
    let mut out = Vec::new();
    for map in map_args(args, 0)? {
        out.extend(map.keys());
    }
    Ok(Value::string_list(out))
}

fn values(args: &[Value]) -> Result<Value, FuncError> {
    let entries = map_arg(args, 0)?
        .map(|map| map.entries())
        .unwrap_or_default();
    Ok(Value::list(
        entries.into_iter().map(|(_, value)| value).collect(),
    ))
}

/// `pluck key map...`: the key's value from every map that has it.
fn pluck(args: &[Value]) -> Result<Value, FuncError> {
    let key = string_arg(args, 0)?;
    let found = map_args(args, 1)?
        .iter()
        .filter_map(|map| map.get(key))
        .collect();
    Ok(Value::list(found))
}

fn string_args(args: &[Value], from: usize) -> Result<Vec<&str>, FuncError> {
    (from..args.len())
        .map(|index| string_arg(args, index))
        .collect()
}

/// `pick map key...`: a new map with just the named keys that exist.
fn pick(args: &[Value]) -> Result<Value, FuncError> {
    let source = map_arg(args, 0)?.unwrap_or_default();
    let picked = Map::new();
    for key in string_args(args, 1)? {
        if let Some(value) = source.get(key) {
            picked.insert(key, value);
        }
    }
    Ok(Value::Map(picked))
}

/// `omit map key...`: a new map without the named keys.
fn omit(args: &[Value]) -> Result<Value, FuncError> {
    let source = map_arg(args, 0)?.unwrap_or_default();
    let omitted = string_args(args, 1)?;
    let kept = source
        .entries()
        .into_iter()
        .filter(|(key, _)| !omitted.contains(&&**key));
    Ok(Value::Map(kept.collect()))
}

/// Go's text for a failed type assertion from `interface{}`.
fn interface_conversion(value: &Value, wanted: &str) -> FuncError {
    let actual = if value.is_nil() {
        "nil".to_string()
    } else {
        value.type_name()
    };
    FuncError::new(format!(
        "interface conversion: interface {{}} is {actual}, not {wanted}"
    ))
}

/// `dig key... default map`: walks nested maps by the keys; the default when a key is absent.
fn dig(args: &[Value]) -> Result<Value, FuncError> {
    let [keys @ .., default, last] = args else {
        return Err(FuncError::new("dig needs at least three arguments"));
    };
    if keys.is_empty() {
        return Err(FuncError::new("dig needs at least three arguments"));
    }
    let Value::Map(start) = last else {
        return Err(interface_conversion(last, "map[string]interface {}"));
    };
    let names = keys
        .iter()
        .map(|key| {
            key.as_str()
                .ok_or_else(|| interface_conversion(key, "string"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut current = start.clone();
    for (position, name) in names.iter().enumerate() {
        let Some(step) = current.get(name) else {
            return Ok(default.clone());
        };
        if position + 1 == names.len() {
            return Ok(step);
        }
        current = match step {
            Value::Map(next) => next,
            other => return Err(interface_conversion(&other, "map[string]interface {}")),
        };
    }
    Ok(default.clone())
}

/// mergo's `Merge` (or `MergeWithOverwrite`) of `source` into `destination`, in place.
///
/// For each source key: a nil source value only overwrites (with overwrite); a map merges into a
/// destination map recursively; then the source value is stored when overwriting, when the
/// destination lacks the key, or when its value is empty — except that a non-empty destination
/// keeps its value against a list, and a destination map that is (now) non-empty is kept
/// against a map.
pub fn merge_maps(
    destination: &Map,
    source: &Map,
    overwrite: bool,
    depth: usize,
) -> Result<(), FuncError> {
    if depth > MAX_NESTING {
        return Err(FuncError::new("merge: maps nested too deeply"));
    }
    for (key, source_value) in source.entries() {
        let destination_value = destination.get(&key);
        if source_value.is_nil() {
            if overwrite {
                destination.insert(key, Value::Nil);
            }
            continue;
        }
        let source_map = map_like(&source_value);
        if let (Some(source_map), Some(destination_map)) =
            (&source_map, destination_value.as_ref().and_then(map_like))
        {
            if !destination_map.same_map(source_map) {
                merge_maps(&destination_map, source_map, overwrite, depth + 1)?;
            }
        }
        if let Some(current) = &destination_value {
            if !is_empty(current) {
                if slice_items(&source_value).is_some() && !overwrite {
                    continue;
                }
                if source_map.is_some() && map_like(current).is_some() {
                    continue;
                }
            }
        }
        let replace = overwrite || destination_value.as_ref().is_none_or(is_empty);
        if replace {
            destination.insert(key, source_value);
        }
    }
    Ok(())
}

fn merge_all(args: &[Value], overwrite: bool) -> Result<Value, FuncError> {
    let destination = map_arg(args, 0)?.unwrap_or_default();
    for source in map_args(args, 1)? {
        merge_maps(&destination, &source, overwrite, 0)?;
    }
    Ok(Value::Map(destination))
}

/// `merge dst src...`: fills the destination's missing and empty values from each source in
/// turn, changing and returning the destination.
fn merge(args: &[Value]) -> Result<Value, FuncError> {
    merge_all(args, false)
}

/// `mergeOverwrite dst src...`: like `merge`, but source values win (nested maps still merge).
fn merge_overwrite(args: &[Value]) -> Result<Value, FuncError> {
    merge_all(args, true)
}

/// A copy of `value` sharing no map or list with it.
pub fn deep_copy_value(value: &Value, depth: usize) -> Result<Value, FuncError> {
    if depth > MAX_NESTING {
        return Err(FuncError::new("deepCopy: values nested too deeply"));
    }
    Ok(match value {
        Value::Map(map) => {
            let mut copied = crate::value::MapEntries::new();
            for (key, item) in map.entries() {
                copied.insert(key, deep_copy_value(&item, depth + 1)?);
            }
            Value::Map(Map::from_entries(copied))
        }
        // copystructure keeps the slice's type, and a nil slice stays nil.
        Value::List(items) => Value::List(
            items.with_items(
                items
                    .iter()
                    .map(|item| deep_copy_value(item, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
        ),
        Value::Object(_) => match map_like(value) {
            Some(map) => deep_copy_value(&Value::Map(map), depth)?,
            None => value.clone(),
        },
        other => other.clone(),
    })
}

/// `deepCopy v` (copystructure): nil has no type to copy and fails as reflect does.
fn deep_copy(args: &[Value]) -> Result<Value, FuncError> {
    let value = any_arg(args, 0)?;
    if value.is_nil() {
        return Err(FuncError::new(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    deep_copy_value(value, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::call_in;

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        call_in(FUNCTIONS, name, args)
    }

    fn s(text: &str) -> Value {
        Value::from(text)
    }

    fn map_of(pairs: &[(&str, Value)]) -> Map {
        pairs
            .iter()
            .map(|(k, v)| (crate::value::Str::from(*k), v.clone()))
            .collect()
    }

    #[test]
    fn dict_builds_string_keys() {
        let built = call(
            "dict",
            &[
                Value::Int(1),
                Value::Int(2),
                Value::Bool(true),
                s("x"),
                Value::Nil,
                s("y"),
            ],
        )
        .unwrap();
        let map = built.as_map().unwrap();
        assert_eq!(
            map.keys().iter().map(|k| k.to_string()).collect::<Vec<_>>(),
            ["1", "<nil>", "true"]
        );
        let odd = call("dict", &[s("k")]).unwrap();
        assert_eq!(odd.as_map().unwrap().get("k"), Some(s("")));
        let dup = call("dict", &[s("dup"), Value::Int(1), s("dup"), Value::Int(2)]).unwrap();
        assert_eq!(dup.as_map().unwrap().get("dup"), Some(Value::Int(2)));
    }

    #[test]
    fn get_set_unset_share_the_map() {
        let map = map_of(&[("a", Value::Int(1))]);
        let handle = Value::Map(map.clone());
        assert_eq!(call("get", &[handle.clone(), s("a")]), Ok(Value::Int(1)));
        assert_eq!(call("get", &[handle.clone(), s("zz")]), Ok(s("")));
        call("set", &[handle.clone(), s("c"), Value::Int(3)]).unwrap();
        assert_eq!(map.get("c"), Some(Value::Int(3)));
        call("unset", &[handle.clone(), s("a")]).unwrap();
        assert!(!map.contains_key("a"));
        assert_eq!(call("hasKey", &[handle, s("c")]), Ok(Value::Bool(true)));
        assert_eq!(
            call("set", &[Value::Nil, s("a"), Value::Int(1)])
                .unwrap_err()
                .0,
            "assignment to entry in nil map"
        );
        assert_eq!(call("get", &[Value::Nil, s("a")]), Ok(s("")));
        assert!(call("get", &[Value::list(vec![]), s("a")]).is_err());
    }

    #[test]
    fn keys_values_pluck_pick_omit() {
        let a = Value::Map(map_of(&[("name", s("a")), ("x", Value::Int(1))]));
        let b = Value::Map(map_of(&[("name", s("b"))]));
        assert_eq!(
            call("keys", &[a.clone(), b.clone()]),
            Ok(Value::string_list(["name", "x", "name"]))
        );
        assert_eq!(call("keys", &[]).unwrap().type_name(), "[]string");
        assert_eq!(
            call("values", std::slice::from_ref(&b)),
            Ok(Value::list(vec![s("b")]))
        );
        assert_eq!(
            call("pluck", &[s("name"), a.clone(), b.clone()]),
            Ok(Value::list(vec![s("a"), s("b")]))
        );
        assert_eq!(
            call("pluck", &[s("zzz"), a.clone()]),
            Ok(Value::list(vec![]))
        );
        assert_eq!(
            call("pick", &[a.clone(), s("name"), s("missing")]),
            Ok(Value::Map(map_of(&[("name", s("a"))])))
        );
        assert_eq!(
            call("omit", &[a, s("name")]),
            Ok(Value::Map(map_of(&[("x", Value::Int(1))])))
        );
        assert!(call("pick", &[b, Value::Int(1)]).is_err());
    }

    #[test]
    fn dig_walks_nested_maps() {
        let inner = Value::Map(map_of(&[("b", s("bee")), ("nil", Value::Nil)]));
        let outer = Value::Map(map_of(&[("a", inner), ("scalar", s("x"))]));
        assert_eq!(
            call("dig", &[s("a"), s("b"), s("d"), outer.clone()]),
            Ok(s("bee"))
        );
        assert_eq!(
            call("dig", &[s("a"), s("zz"), s("d"), outer.clone()]),
            Ok(s("d"))
        );
        assert_eq!(
            call("dig", &[s("a"), s("nil"), s("d"), outer.clone()]),
            Ok(Value::Nil)
        );
        assert_eq!(
            call("dig", &[s("scalar"), s("b"), s("d"), outer.clone()])
                .unwrap_err()
                .0,
            "interface conversion: interface {} is string, not map[string]interface {}"
        );
        assert_eq!(
            call("dig", &[s("a"), Value::Int(1), s("d"), outer.clone()])
                .unwrap_err()
                .0,
            "interface conversion: interface {} is int, not string"
        );
        assert_eq!(
            call("dig", &[s("a"), s("d"), Value::Nil]).unwrap_err().0,
            "interface conversion: interface {} is nil, not map[string]interface {}"
        );
        assert_eq!(
            call("dig", &[s("d"), outer]).unwrap_err().0,
            "dig needs at least three arguments"
        );
    }

    fn merge_case(overwrite: bool) -> Value {
        let destination = map_of(&[
            ("a", Value::Int(1)),
            (
                "n",
                Value::Map(map_of(&[
                    ("x", Value::Int(1)),
                    ("l", Value::list(vec![Value::Int(1), Value::Int(2)])),
                ])),
            ),
        ]);
        let source = map_of(&[
            ("a", Value::Int(2)),
            ("b", Value::Int(3)),
            (
                "n",
                Value::Map(map_of(&[
                    ("x", Value::Int(9)),
                    ("y", Value::Int(8)),
                    ("l", Value::list(vec![Value::Int(9)])),
                ])),
            ),
        ]);
        let name = if overwrite { "mergeOverwrite" } else { "merge" };
        call(name, &[Value::Map(destination), Value::Map(source)]).unwrap()
    }

    #[test]
    fn merge_keeps_destination_values() {
        let merged = merge_case(false);
        let expected = map_of(&[
            ("a", Value::Int(1)),
            ("b", Value::Int(3)),
            (
                "n",
                Value::Map(map_of(&[
                    ("x", Value::Int(1)),
                    ("y", Value::Int(8)),
                    ("l", Value::list(vec![Value::Int(1), Value::Int(2)])),
                ])),
            ),
        ]);
        assert_eq!(merged, Value::Map(expected));
    }

    #[test]
    fn merge_overwrite_prefers_sources() {
        let merged = merge_case(true);
        let expected = map_of(&[
            ("a", Value::Int(2)),
            ("b", Value::Int(3)),
            (
                "n",
                Value::Map(map_of(&[
                    ("x", Value::Int(9)),
                    ("y", Value::Int(8)),
                    ("l", Value::list(vec![Value::Int(9)])),
                ])),
            ),
        ]);
        assert_eq!(merged, Value::Map(expected));
    }

    #[test]
    fn merge_treats_zero_values_as_missing() {
        let zeros = || {
            map_of(&[
                ("a", s("")),
                ("b", Value::Int(0)),
                ("c", Value::Nil),
                ("d", Value::Bool(false)),
            ])
        };
        let fulls = || {
            map_of(&[
                ("a", s("A")),
                ("b", Value::Int(1)),
                ("c", s("C")),
                ("d", Value::Bool(true)),
            ])
        };
        assert_eq!(
            call("merge", &[Value::Map(zeros()), Value::Map(fulls())]),
            Ok(Value::Map(fulls()))
        );
        assert_eq!(
            call(
                "mergeOverwrite",
                &[Value::Map(fulls()), Value::Map(zeros())]
            ),
            Ok(Value::Map(zeros()))
        );
        assert_eq!(
            call("merge", &[Value::Map(fulls()), Value::Map(zeros())]),
            Ok(Value::Map(fulls()))
        );
    }

    #[test]
    fn merge_changes_the_destination_in_place() {
        let destination = map_of(&[("k", s("orig")), ("empty", Value::Map(Map::new()))]);
        let nested = map_of(&[("z", Value::Int(1))]);
        call(
            "merge",
            &[
                Value::Map(destination.clone()),
                Value::Map(map_of(&[
                    ("k", s("new")),
                    ("empty", Value::Map(nested.clone())),
                ])),
            ],
        )
        .unwrap();
        assert_eq!(destination.get("k"), Some(s("orig")));
        let filled = destination.get("empty").unwrap();
        assert_eq!(filled, Value::Map(nested.clone()));
        assert!(!filled.as_map().unwrap().same_map(&nested));
        assert!(call("merge", &[Value::Map(Map::new()), Value::list(vec![])]).is_err());
        let merged_into_itself = call(
            "merge",
            &[Value::Map(destination.clone()), Value::Map(destination)],
        );
        assert!(merged_into_itself.is_ok());
    }

    #[test]
    fn deep_copy_shares_nothing() {
        let nested = map_of(&[("x", Value::Int(1))]);
        let original = Value::Map(map_of(&[("n", Value::Map(nested.clone()))]));
        let copy = call("deepCopy", std::slice::from_ref(&original)).unwrap();
        assert_eq!(copy, original);
        copy.as_map()
            .unwrap()
            .get("n")
            .unwrap()
            .as_map()
            .unwrap()
            .insert("x", Value::Int(2));
        assert_eq!(nested.get("x"), Some(Value::Int(1)));
        assert_eq!(call("deepCopy", &[Value::Int(5)]), Ok(Value::Int(5)));
        assert!(call("deepCopy", &[Value::Nil]).is_err());
        let cyclic = Map::new();
        cyclic.insert("self", Value::Map(cyclic.clone()));
        assert!(call("mustDeepCopy", &[Value::Map(cyclic)]).is_err());
    }
}
