//! Go slices as template values: shared elements plus the slice's Go type and nil-ness.
//!
//! Templates mostly see `[]interface{}`, but some Sprig and Helm functions return typed
//! slices (`until` gives `[]int`, `keys` and `splitList` give `[]string`, `chunk` gives
//! `[][]interface{}`), and `typeOf`, `typeIs`, `reflect.DeepEqual` and text/template's
//! argument conversion tell those apart. Go also distinguishes a nil slice from an empty one:
//! both have length 0 and print as `[]`, but `encoding/json` (and so `toJson` and `toYaml`)
//! writes a nil slice as `null`. A [`List`] carries both facts next to its elements and
//! dereferences to `[Value]`, so readers that only need the elements index and iterate it
//! like a slice.

use std::ops::Deref;
use std::sync::Arc;

use super::Value;

/// The element type of a Go slice, as far as templates can observe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ElementType {
    /// `interface{}`: lists from `list`, values files, JSON and most Sprig functions.
    #[default]
    Any,
    /// `int`: `until`, `untilStep`.
    Int,
    /// `string`: `keys`, `splitList`, `sortAlpha`, `regexFindAll`, `.Files.Lines`, ...
    String,
    /// `[]interface{}`: the pieces `chunk` returns.
    AnyList,
}

impl ElementType {
    /// The element type's name as Go's `%T` prints it.
    pub fn go_name(self) -> &'static str {
        match self {
            ElementType::Any => "interface {}",
            ElementType::Int => "int",
            ElementType::String => "string",
            ElementType::AnyList => "[]interface {}",
        }
    }
}

/// A Go slice: immutable shared elements, the element type, and whether the slice is nil.
#[derive(Clone, Default)]
pub struct List {
    items: Arc<Vec<Value>>,
    element: ElementType,
    nil: bool,
}

impl List {
    /// A non-nil `[]interface{}` holding `items`.
    pub fn new(items: Vec<Value>) -> List {
        List::typed(ElementType::Any, items)
    }

    /// A non-nil slice of `element` values; the caller supplies items of that type.
    pub fn typed(element: ElementType, items: Vec<Value>) -> List {
        List {
            items: Arc::new(items),
            element,
            nil: false,
        }
    }

    /// A nil slice of `element` values (length 0, JSON `null`).
    pub fn nil(element: ElementType) -> List {
        List {
            items: Arc::new(Vec::new()),
            element,
            nil: true,
        }
    }

    /// A slice of the same Go type holding `items` (what Go's re-slicing and
    /// `copystructure` produce); nil only when this slice is nil and `items` is empty.
    pub fn with_items(&self, items: Vec<Value>) -> List {
        List {
            nil: self.nil && items.is_empty(),
            items: Arc::new(items),
            element: self.element,
        }
    }

    pub fn element_type(&self) -> ElementType {
        self.element
    }

    /// Whether this is Go's nil slice rather than an empty one.
    pub fn is_nil(&self) -> bool {
        self.nil
    }

    /// `%T` of the slice, e.g. `[]string`.
    pub fn type_name(&self) -> String {
        format!("[]{}", self.element.go_name())
    }

    /// The shared elements (cheap to clone).
    pub fn items(&self) -> &Arc<Vec<Value>> {
        &self.items
    }

    /// Mutable access to the elements, copying them first when they are shared. A nil slice
    /// becomes non-nil, as appending to one does in Go.
    pub fn make_mut(&mut self) -> &mut Vec<Value> {
        self.nil = false;
        Arc::make_mut(&mut self.items)
    }
}

impl Deref for List {
    type Target = [Value];

    fn deref(&self) -> &[Value] {
        &self.items
    }
}

impl From<Vec<Value>> for List {
    fn from(items: Vec<Value>) -> List {
        List::new(items)
    }
}

/// Go's `reflect.DeepEqual` for slices: same type, both nil or both not, equal elements.
impl PartialEq for List {
    fn eq(&self, other: &List) -> bool {
        self.element == other.element && self.nil == other.nil && self.items == other.items
    }
}

impl std::fmt::Debug for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.element != ElementType::Any {
            write!(f, "{}", self.type_name())?;
        }
        if self.nil {
            return write!(f, "(nil)");
        }
        f.debug_list().entries(self.items.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_follow_go() {
        assert_eq!(List::new(vec![]).type_name(), "[]interface {}");
        assert_eq!(List::typed(ElementType::Int, vec![]).type_name(), "[]int");
        assert_eq!(List::nil(ElementType::String).type_name(), "[]string");
        assert_eq!(
            List::typed(ElementType::AnyList, vec![]).type_name(),
            "[][]interface {}"
        );
    }

    #[test]
    fn nil_and_empty_differ_but_both_are_empty() {
        let nil = List::nil(ElementType::Any);
        let empty = List::new(vec![]);
        assert!(nil.is_nil() && !empty.is_nil());
        assert_eq!(nil.len(), 0);
        assert_ne!(nil, empty);
        assert!(nil.with_items(vec![]).is_nil());
        assert!(!nil.with_items(vec![Value::Int(1)]).is_nil());
    }

    #[test]
    fn equality_needs_the_same_element_type() {
        let strings = List::typed(ElementType::String, vec![Value::from("a")]);
        let anys = List::new(vec![Value::from("a")]);
        assert_ne!(strings, anys);
        assert_eq!(strings.with_items(vec![Value::from("a")]), strings);
    }

    #[test]
    fn make_mut_copies_shared_items_and_clears_nil() {
        let original = List::nil(ElementType::Int);
        let mut changed = original.clone();
        changed.make_mut().push(Value::Int(1));
        assert!(original.is_empty() && original.is_nil());
        assert_eq!(&changed[..], &[Value::Int(1)]);
        assert!(!changed.is_nil());
    }
}
