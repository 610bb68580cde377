//! The dynamic value every template, function and values file works on.
//!
//! Helm hands Go's `interface{}` values to its templates; their behaviour (which types exist,
//! how they print, which comparisons are errors) is what charts depend on, so [`Value`] mirrors
//! the Go types Helm actually produces rather than JSON's smaller set:
//!
//! * values files decode numbers as `float64` (sigs.k8s.io/yaml goes through JSON), while
//!   template literals are `int` and `--set` integers are `int64`: three distinct kinds
//!   ([`Value::Float`], [`Value::Int`], [`Value::Int64`]) because `typeOf`, `kindIs` and Go's
//!   argument conversion tell them apart;
//! * maps are Go maps: reference types that `set`/`unset`/`merge` mutate in place, so a change
//!   made in one template is visible to every holder of the same map ([`Map`] is shared);
//! * lists and strings are immutable and shared: cloning a `Value` never copies data; a list
//!   also knows its Go slice type (`[]interface {}`, `[]string`, `[]int`, ...) and whether it is
//!   a nil slice ([`List`]);
//! * Helm's structs (Capabilities, Files, ...) are [`Object`]s with fields and methods.
//!
//! This module depends on nothing else in the crate.

pub mod complex;
pub mod fmt;
pub mod function;
pub mod json;
pub mod list;
pub mod object;
pub mod string;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub use function::{FuncError, Function, GoType, NativeFn, Signature};
pub use list::{ElementType, List};
pub use object::Object;
pub use string::Str;

/// A Go value as Helm's templates see it.
#[derive(Clone)]
pub enum Value {
    /// Go's untyped `nil` (also what a missing map key evaluates to).
    Nil,
    Bool(bool),
    /// Go `int`: template integer literals, `len`, `atoi`, `int`.
    Int(i64),
    /// Go `int64`: `--set` integers, Sprig arithmetic, `int64`.
    Int64(i64),
    /// Go `float64`: every number read from a values file or JSON.
    Float(f64),
    String(Str),
    /// Go `[]byte` (`.Files.GetBytes`); prints as a list of numbers.
    Bytes(Arc<[u8]>),
    /// A Go slice: `[]interface{}` mostly, `[]string`/`[]int` from some functions.
    List(List),
    /// Go `map[string]interface{}`.
    Map(Map),
    /// One of Helm's structs (Capabilities, Files, KubeVersion, ...).
    Object(Arc<dyn Object>),
}

impl Value {
    pub fn string(s: impl Into<Str>) -> Value {
        Value::String(s.into())
    }

    /// A Go `[]interface{}` holding `items`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(List::new(items))
    }

    /// A Go slice of `element` values (`[]string`, `[]int`, ...).
    pub fn typed_list(element: ElementType, items: Vec<Value>) -> Value {
        Value::List(List::typed(element, items))
    }

    /// A Go `[]string`.
    pub fn string_list<I, S>(strings: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: Into<Str>,
    {
        let items = strings
            .into_iter()
            .map(|s| Value::String(s.into()))
            .collect();
        Value::typed_list(ElementType::String, items)
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The integer held by an `int` or `int64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) | Value::Int64(i) => Some(*i),
            _ => None,
        }
    }

    /// Go's truth: false, 0, nil, and empty strings, lists and maps are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(o) => o.is_truthy(),
        }
    }

    /// The Go type name as `%T` and Sprig's `typeOf` print it.
    pub fn type_name(&self) -> String {
        match self {
            Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Int64(_) => "int64".into(),
            Value::Float(_) => "float64".into(),
            Value::String(_) => "string".into(),
            Value::Bytes(_) => "[]uint8".into(),
            Value::List(l) => l.type_name(),
            Value::Map(_) => "map[string]interface {}".into(),
            Value::Object(o) => o.type_name(),
        }
    }

    /// The Go `reflect.Kind` name as Sprig's `kindOf` prints it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => o.kind_name(),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s.into())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::list(items)
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Map(m)
    }
}

/// Structural equality, used by tests and by Sprig's `deepEqual`-like helpers. Not Go's `eq`,
/// which refuses to compare maps and lists (see the template executor).
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Int64(a), Value::Int64(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Int64(i) => write!(f, "int64({i})"),
            Value::Float(x) => write!(f, "float64({x})"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Bytes(b) => write!(f, "bytes{b:?}"),
            Value::List(l) => write!(f, "{l:?}"),
            Value::Map(m) => {
                let inner = m.read();
                f.debug_map().entries(inner.iter()).finish()
            }
            Value::Object(o) => write!(f, "{}", o.type_name()),
        }
    }
}

/// The entries of a [`Map`], kept in Go's printing order (byte order of the keys).
pub type MapEntries = BTreeMap<Str, Value>;

/// A Go `map[string]interface{}`: shared and mutable, like a Go map.
///
/// Cloning a `Map` clones the handle, not the entries; use [`Map::deep_copy`] for Sprig's
/// `deepCopy` and [`Map::shallow_copy`] where Helm copies a map before changing it.
#[derive(Clone, Default)]
pub struct Map(Arc<RwLock<MapEntries>>);

impl Map {
    pub fn new() -> Map {
        Map::default()
    }

    pub fn from_entries(entries: MapEntries) -> Map {
        Map(Arc::new(RwLock::new(entries)))
    }

    /// Read access to the entries. Do not call a mutating method on the same map while holding it.
    pub fn read(&self) -> RwLockReadGuard<'_, MapEntries> {
        self.0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Write access to the entries.
    pub fn write(&self) -> RwLockWriteGuard<'_, MapEntries> {
        self.0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        self.read().get(key).cloned()
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.read().contains_key(key)
    }

    pub fn insert(&self, key: impl Into<Str>, value: Value) -> Option<Value> {
        self.write().insert(key.into(), value)
    }

    pub fn remove(&self, key: &str) -> Option<Value> {
        self.write().remove(key)
    }

    pub fn len(&self) -> usize {
        self.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// The keys in byte order.
    pub fn keys(&self) -> Vec<Str> {
        self.read().keys().cloned().collect()
    }

    /// A snapshot of the entries in byte order of the keys (cheap: values are shared).
    pub fn entries(&self) -> Vec<(Str, Value)> {
        self.read()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Whether both handles name the same Go map.
    pub fn same_map(&self, other: &Map) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// A new map holding the same entries (nested maps stay shared).
    pub fn shallow_copy(&self) -> Map {
        Map::from_entries(self.read().clone())
    }

    /// A new map with every nested map and list copied (Sprig's `deepCopy`).
    pub fn deep_copy(&self) -> Map {
        let copied = self
            .read()
            .iter()
            .map(|(k, v)| (k.clone(), deep_copy(v)))
            .collect();
        Map::from_entries(copied)
    }
}

/// Copies every map and list inside `value`, so the result shares no mutable state with it.
pub fn deep_copy(value: &Value) -> Value {
    match value {
        Value::Map(m) => Value::Map(m.deep_copy()),
        Value::List(l) => Value::List(l.with_items(l.iter().map(deep_copy).collect())),
        other => other.clone(),
    }
}

impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        if self.same_map(other) {
            return true;
        }
        *self.read() == *other.read()
    }
}

impl FromIterator<(Str, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (Str, Value)>>(iter: I) -> Map {
        Map::from_entries(iter.into_iter().collect())
    }
}

impl std::fmt::Debug for Map {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.read().iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_are_shared_like_go_maps() {
        let m = Map::new();
        let alias = Value::Map(m.clone());
        m.insert("a", Value::Int(1));
        assert_eq!(alias.as_map().unwrap().get("a"), Some(Value::Int(1)));
        let copy = m.deep_copy();
        copy.insert("b", Value::Int(2));
        assert!(!m.contains_key("b"));
    }

    #[test]
    fn truthiness_follows_go() {
        assert!(!Value::Nil.is_truthy());
        assert!(!Value::Int(0).is_truthy());
        assert!(!Value::string("").is_truthy());
        assert!(!Value::list(vec![]).is_truthy());
        assert!(!Value::Map(Map::new()).is_truthy());
        assert!(Value::Float(0.5).is_truthy());
    }

    #[test]
    fn typed_lists_name_their_element_type() {
        assert_eq!(Value::list(vec![]).type_name(), "[]interface {}");
        let strings = Value::string_list(["a", "b"]);
        assert_eq!(strings.type_name(), "[]string");
        assert_eq!(strings.kind_name(), "slice");
        assert_eq!(deep_copy(&strings), strings);
        assert_ne!(
            strings,
            Value::list(vec![Value::from("a"), Value::from("b")])
        );
        let nil = Value::List(List::nil(ElementType::Any));
        assert!(!nil.is_truthy());
        assert_eq!(deep_copy(&nil), nil);
    }

    #[test]
    fn kinds_keep_go_integer_widths_apart() {
        assert_eq!(Value::Int(1).type_name(), "int");
        assert_eq!(Value::Int64(1).kind_name(), "int64");
        assert_eq!(Value::Float(1.0).type_name(), "float64");
    }
}
