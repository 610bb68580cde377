//! Source positions of every value in a parsed values file, by path.
//!
//! Paths are JSON-pointer-like: `/components/api/replicas`, list items by index (`/list/0`),
//! `~` and `/` inside keys written `~0` and `~1`; the document itself is the empty path. A
//! validator that finds a problem at a path can then say `profiles/prod.yaml:12:7`.

use std::collections::BTreeMap;

use super::node::Span;

/// Where a value sits in the source: its key (absent for list items and the root) and itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanEntry {
    pub key: Option<Span>,
    pub value: Span,
}

/// Spans of all paths of one parsed values text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpanIndex {
    entries: BTreeMap<String, SpanEntry>,
}

impl SpanIndex {
    pub fn new() -> SpanIndex {
        SpanIndex::default()
    }

    /// The spans recorded for `path` (e.g. `/a/b/0`).
    pub fn get(&self, path: &str) -> Option<&SpanEntry> {
        self.entries.get(path)
    }

    /// The span of the key of `path` if it has one, otherwise of its value.
    pub fn key_or_value(&self, path: &str) -> Option<Span> {
        self.entries
            .get(path)
            .map(|entry| entry.key.unwrap_or(entry.value))
    }

    pub fn insert(&mut self, path: String, entry: SpanEntry) {
        self.entries.insert(path, entry);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All paths with their spans, in byte order of the paths.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &SpanEntry)> {
        self.entries
            .iter()
            .map(|(path, entry)| (path.as_str(), entry))
    }

    /// Moves every span down by `lines` (for a document that starts later in its file).
    pub(crate) fn shift_lines(&mut self, lines: usize) {
        if lines == 0 {
            return;
        }
        let shift = |span: Span| Span {
            line: span.line + lines,
            column: span.column,
        };
        for entry in self.entries.values_mut() {
            entry.key = entry.key.map(shift);
            entry.value = shift(entry.value);
        }
    }

    /// Keeps only the paths `keep` accepts.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.entries.retain(|path, _| keep(path));
    }

    /// Adds every entry of `later`, replacing entries of the same path.
    pub(crate) fn overlay(&mut self, later: SpanIndex) {
        self.entries.extend(later.entries);
    }
}

/// The path of `segment` (a key or list index) under `parent`, escaped like a JSON pointer.
pub fn child_path(parent: &str, segment: &str) -> String {
    let mut path = String::with_capacity(parent.len() + segment.len() + 1);
    path.push_str(parent);
    path.push('/');
    for character in segment.chars() {
        match character {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            other => path.push(other),
        }
    }
    path
}

/// The unescaped segments of a path made by [`child_path`].
pub fn path_segments(path: &str) -> Vec<String> {
    path.split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_escape_like_json_pointers() {
        let path = child_path(&child_path("", "a/b"), "c~d");
        assert_eq!(path, "/a~1b/c~0d");
        assert_eq!(path_segments(&path), ["a/b", "c~d"]);
        assert!(path_segments("").is_empty());
    }

    #[test]
    fn shifting_and_overlaying() {
        let mut index = SpanIndex::new();
        let span = Span { line: 1, column: 3 };
        index.insert(
            "/a".into(),
            SpanEntry {
                key: Some(Span { line: 1, column: 1 }),
                value: span,
            },
        );
        index.shift_lines(2);
        assert_eq!(index.get("/a").unwrap().value, Span { line: 3, column: 3 });
        let mut later = SpanIndex::new();
        later.insert(
            "/a".into(),
            SpanEntry {
                key: None,
                value: Span { line: 9, column: 9 },
            },
        );
        index.overlay(later);
        assert_eq!(index.key_or_value("/a"), Some(Span { line: 9, column: 9 }));
    }
}
