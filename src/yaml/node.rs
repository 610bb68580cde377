//! The YAML document tree: what a YAML text says before it is typed into a [`Value`].
//!
//! Every node carries its source position ([`Span`], 1-based like go-yaml's) so later stages
//! can point at `values.yaml:12:7`. Aliases are already replaced by the node their anchor named
//! (shared, not copied), and merge keys (`<<`) are already expanded into the mapping's pairs in
//! go-yaml v2's order, so a reader takes "the last pair with a key" as that key's value.

use std::sync::Arc;

use crate::value::{Str, Value};

use super::error::YamlError;

/// A position in the source text: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// How a scalar was written; it decides whether its text is typed (plain) or a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// One node of a YAML document. Cloning is cheap: collections are shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node starts (for an alias: where the alias is written).
    pub span: Span,
    /// The explicit tag, shortened like go-yaml prints it (`!!int`, `!custom`), if any.
    pub tag: Option<Str>,
    /// Whether the node was written as an alias (`*name`) of an anchored node.
    pub is_alias: bool,
    pub kind: NodeKind,
}

/// The three kinds of YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar {
        text: Str,
        style: ScalarStyle,
    },
    Sequence(Arc<[Node]>),
    /// Pairs in document order, merge keys expanded; keys may repeat (the last one counts).
    Mapping(Arc<[(Node, Node)]>),
}

/// Dropping a tree releases its collections from an explicit list, not by recursion: alias
/// chains can make a tree far deeper than its text looks.
impl Drop for Node {
    fn drop(&mut self) {
        let mut pending = Vec::new();
        take_children(&mut self.kind, &mut pending);
        while let Some(mut kind) = pending.pop() {
            take_children(&mut kind, &mut pending);
        }
    }
}

/// Moves the kinds of the children out of a collection this tree alone holds.
fn take_children(kind: &mut NodeKind, pending: &mut Vec<NodeKind>) {
    let mut take = |node: &mut Node| {
        if !matches!(node.kind, NodeKind::Scalar { .. }) {
            pending.push(std::mem::replace(
                &mut node.kind,
                NodeKind::Sequence(Arc::from(Vec::new())),
            ));
        }
    };
    match kind {
        NodeKind::Scalar { .. } => {}
        NodeKind::Sequence(items) => {
            if let Some(items) = Arc::get_mut(items) {
                items.iter_mut().for_each(&mut take);
            }
        }
        NodeKind::Mapping(pairs) => {
            if let Some(pairs) = Arc::get_mut(pairs) {
                for (key, value) in pairs.iter_mut() {
                    take(key);
                    take(value);
                }
            }
        }
    }
}

impl Node {
    /// The node's value as Helm sees it after sigs.k8s.io/yaml's YAML→JSON→`interface{}`
    /// round trip: numbers are `float64`, map keys are strings, `null` is nil.
    pub fn to_value(&self) -> Result<Value, YamlError> {
        super::convert::node_to_value(self, None)
    }

    /// The scalar's text, if this node is a scalar.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The mapping's pairs, if this node is a mapping.
    pub fn mapping_pairs(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Mapping(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// The sequence's items, if this node is a sequence.
    pub fn sequence_items(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }
}
