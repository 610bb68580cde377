//! A fast reading of the head of a rendered Kubernetes document, for the common case.
//!
//! Helm sorts every rendered document by its `apiVersion`, `kind`, `metadata.name` and
//! annotations, and to read them it parses the *whole* document: a syntax error anywhere is
//! Helm's error. A full parse of a large render (a chart shipping its CRDs: a megabyte of
//! YAML) costs more than rendering it. Most rendered documents, though, are written in a
//! small, regular part of YAML: block mappings and sequences, one-line plain or quoted
//! scalars, empty `{}` and `[]`, comments. Text in that part is valid YAML whatever it says,
//! and its head can be read line by line.
//!
//! [`scan_head`] recognises that part conservatively: it gives the head only for a document
//! it has checked from the first line to the last, and `None` for anything else (block
//! scalars, flow collections, anchors, tags, tabs, unusual keys, any doubt at all), which the
//! caller then parses fully. It never reports an error: errors are the full parser's job.
//! What a document could mean after sigs.k8s.io/yaml's JSON round trip is respected too: a
//! plain scalar that would become an infinity or NaN (an error in JSON) sends the document to
//! the full parse, and so does a head field whose value is not plainly a string.

use super::node::ScalarStyle;
use super::resolve::{resolve_scalar, Scalar, StringData};
use super::values::MAX_INPUT_BYTES;
use crate::value::{Map, Value};

/// Deeper nesting than this is left to the full parser (and its depth limit).
const MAX_NESTING: usize = 100;

/// The head of `text` as the full reading would give it (a map holding only `apiVersion`,
/// `kind` and `metadata` with its `name` and `annotations`, or `Nil` for an empty document),
/// or `None` when the document is outside the part of YAML this reader vouches for.
pub fn scan_head(text: &str) -> Option<Value> {
    if text.len() > MAX_INPUT_BYTES || super::syntax::check_characters(text).is_err() {
        return None;
    }
    // Line breaks YAML 1.1 knows besides LF, and a byte-order mark, are left to the parser.
    if text.contains(['\r', '\t', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}']) {
        return None;
    }
    let mut scanner = Scanner::default();
    for line in text.split('\n') {
        scanner.line(line)?;
    }
    scanner.finish()
}

/// What a block or value is in the document, for reading its head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The document root.
    Root,
    /// The value of the root's `metadata`.
    Metadata,
    /// The value of `metadata.annotations`.
    Annotations,
    /// A value read into a Go string: `apiVersion`, `kind`, `metadata.name`, an annotation.
    HeadString,
    /// Anything else.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Mapping,
    Sequence,
}

#[derive(Debug, Clone, Copy)]
struct Block {
    kind: BlockKind,
    indent: usize,
    role: Role,
}

/// A key (or `-`) whose value has not started on its line: the next lines decide.
#[derive(Debug, Clone, Copy)]
struct Pending {
    /// The column of the key or of the `-`.
    indent: usize,
    role: Role,
    /// Whether a sequence may start at the key's own column (values of mapping keys).
    in_mapping: bool,
}

#[derive(Default)]
struct Scanner {
    blocks: Vec<Block>,
    pending: Option<Pending>,
    /// A plain scalar may go on over more-indented lines right after it: its block's column,
    /// and whether it is a head string (whose full text this reader does not assemble).
    plain_open: Option<(usize, bool)>,
    seen_content: bool,
    api_version: Option<String>,
    kind: Option<String>,
    /// `Some(None)`: `metadata` present and null; `Some(Some(..))`: a mapping.
    metadata: Option<Option<MetadataHead>>,
}

#[derive(Default)]
struct MetadataHead {
    name: Option<String>,
    /// `Some(None)`: present and null.
    annotations: Option<Option<Vec<(String, String)>>>,
}

impl Scanner {
    fn line(&mut self, line: &str) -> Option<()> {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        self.content_line(indent, content)
    }

    fn content_line(&mut self, indent: usize, content: &str) -> Option<()> {
        if content.is_empty() {
            // A plain scalar going on after a blank line folds it: such a line is taken as
            // structure (and then refused), never as a continuation.
            self.plain_open = None;
            return Some(());
        }
        if content.starts_with('#') {
            self.plain_open = None;
            return Some(());
        }
        if indent == 0
            && (content.starts_with("---")
                || content.starts_with("...")
                || content.starts_with('%'))
        {
            return None;
        }
        if let Some((column, head)) = self.plain_open {
            if indent > column {
                return if head { None } else { continuation(content) };
            }
            self.plain_open = None;
        }
        self.seen_content = true;
        if let Some(pending) = self.pending.take() {
            return self.open_child(pending, indent, content);
        }
        while self
            .blocks
            .last()
            .is_some_and(|block| block.indent > indent)
        {
            self.blocks.pop();
        }
        let Some(&top) = self.blocks.last() else {
            // The first line of the document: a mapping at the left edge.
            if indent != 0 || is_sequence_entry(content) {
                return None;
            }
            return self.open_block(Role::Root, indent, content);
        };
        if top.indent != indent {
            return None;
        }
        match top.kind {
            BlockKind::Mapping if is_sequence_entry(content) => None,
            BlockKind::Mapping => self.mapping_entry(top, content),
            BlockKind::Sequence if is_sequence_entry(content) => self.sequence_entry(top, content),
            BlockKind::Sequence => {
                // A sequence at its parent key's column ends at the parent's next key.
                self.blocks.pop();
                match self.blocks.last() {
                    Some(&parent)
                        if parent.kind == BlockKind::Mapping && parent.indent == indent =>
                    {
                        self.mapping_entry(parent, content)
                    }
                    _ => None,
                }
            }
        }
    }

    /// The line after a key with no value on its own line.
    fn open_child(&mut self, pending: Pending, indent: usize, content: &str) -> Option<()> {
        let sequence = is_sequence_entry(content);
        let compact_sequence = pending.in_mapping && indent == pending.indent && sequence;
        if indent > pending.indent || compact_sequence {
            if !sequence && !starts_mapping_entry(content) {
                return None;
            }
            self.record_block(pending.role, sequence)?;
            return self.open_block(pending.role, indent, content);
        }
        // Nothing nested: the value is null, and the line belongs to an outer block.
        self.record_null(pending.role)?;
        self.content_line(indent, content)
    }

    /// Starts a mapping or sequence whose first line is `content` at column `indent`.
    fn open_block(&mut self, role: Role, indent: usize, content: &str) -> Option<()> {
        if self.blocks.len() >= MAX_NESTING {
            return None;
        }
        let kind = if is_sequence_entry(content) {
            BlockKind::Sequence
        } else {
            BlockKind::Mapping
        };
        let block = Block { kind, indent, role };
        self.blocks.push(block);
        match kind {
            BlockKind::Mapping => self.mapping_entry(block, content),
            BlockKind::Sequence => self.sequence_entry(block, content),
        }
    }

    /// `- ...` in a sequence at `block.indent` (sequences only ever hold `Other` values).
    fn sequence_entry(&mut self, block: Block, content: &str) -> Option<()> {
        let rest = &content[1..];
        let after = rest.trim_start_matches(' ');
        if after.is_empty() || after.starts_with('#') {
            self.pending = Some(Pending {
                indent: block.indent,
                role: Role::Other,
                in_mapping: false,
            });
            return Some(());
        }
        if is_sequence_entry(after) {
            return None;
        }
        if starts_mapping_entry(after) {
            let column = block.indent + 1 + (rest.len() - after.len());
            return self.open_block(Role::Other, column, after);
        }
        let scalar = value_scalar(after)?;
        if scalar.plain {
            self.plain_open = Some((block.indent, false));
        }
        Some(())
    }

    /// `key: ...` in a mapping at `block.indent`.
    fn mapping_entry(&mut self, block: Block, content: &str) -> Option<()> {
        let (key, rest) = split_key(content)?;
        let role = child_role(block.role, key)?;
        let value = rest.trim_start_matches(' ');
        if value.is_empty() || value.starts_with('#') {
            self.pending = Some(Pending {
                indent: block.indent,
                role,
                in_mapping: true,
            });
            return Some(());
        }
        let scalar = value_scalar(value)?;
        if scalar.plain {
            self.plain_open = Some((block.indent, role == Role::HeadString));
        }
        self.record_scalar(block.role, key, &scalar)
    }

    /// A one-line value under `key` in a mapping playing `parent`.
    fn record_scalar(&mut self, parent: Role, key: &str, scalar: &ScalarText) -> Option<()> {
        match (parent, key) {
            (Role::Root, "apiVersion") => set_once(&mut self.api_version, scalar.string()?),
            (Role::Root, "kind") => set_once(&mut self.kind, scalar.string()?),
            (Role::Root, "metadata") if scalar.is_empty_mapping() => {
                set_once(&mut self.metadata, Some(MetadataHead::default()))
            }
            (Role::Metadata, "name") => set_once(&mut self.metadata_mut()?.name, scalar.string()?),
            (Role::Metadata, "annotations") if scalar.is_empty_mapping() => {
                set_once(&mut self.metadata_mut()?.annotations, Some(Vec::new()))
            }
            (Role::Root, "metadata") | (Role::Metadata, "annotations") => None,
            (Role::Annotations, _) => {
                let value = scalar.string()?;
                let annotations = self.metadata_mut()?.annotations.as_mut()?.as_mut()?;
                if annotations.iter().any(|(existing, _)| *existing == key) {
                    return None;
                }
                annotations.push((key.to_string(), value));
                Some(())
            }
            _ => Some(()),
        }
    }

    /// A value that is a nested block: of the head's fields only `metadata` and
    /// `annotations` may be, and only mappings.
    fn record_block(&mut self, role: Role, sequence: bool) -> Option<()> {
        match role {
            Role::Metadata if !sequence => {
                set_once(&mut self.metadata, Some(MetadataHead::default()))
            }
            Role::Annotations if !sequence => {
                set_once(&mut self.metadata_mut()?.annotations, Some(Vec::new()))
            }
            Role::Metadata | Role::Annotations | Role::HeadString => None,
            Role::Root | Role::Other => Some(()),
        }
    }

    /// A value that is null (nothing after the key, nothing nested).
    fn record_null(&mut self, role: Role) -> Option<()> {
        match role {
            Role::Metadata => set_once(&mut self.metadata, None),
            Role::Annotations => set_once(&mut self.metadata_mut()?.annotations, None),
            Role::HeadString => None,
            Role::Root | Role::Other => Some(()),
        }
    }

    fn metadata_mut(&mut self) -> Option<&mut MetadataHead> {
        self.metadata.as_mut()?.as_mut()
    }

    fn finish(mut self) -> Option<Value> {
        if let Some(pending) = self.pending.take() {
            self.record_null(pending.role)?;
        }
        if !self.seen_content {
            return Some(Value::Nil);
        }
        let root = Map::new();
        if let Some(api_version) = self.api_version {
            root.insert("apiVersion", Value::string(api_version));
        }
        if let Some(kind) = self.kind {
            root.insert("kind", Value::string(kind));
        }
        match self.metadata {
            None => {}
            Some(None) => {
                root.insert("metadata", Value::Nil);
            }
            Some(Some(metadata)) => {
                root.insert("metadata", metadata_value(metadata));
            }
        }
        Some(Value::Map(root))
    }
}

fn metadata_value(metadata: MetadataHead) -> Value {
    let map = Map::new();
    if let Some(name) = metadata.name {
        map.insert("name", Value::string(name));
    }
    match metadata.annotations {
        None => {}
        Some(None) => {
            map.insert("annotations", Value::Nil);
        }
        Some(Some(pairs)) => {
            let annotations = Map::new();
            for (key, value) in pairs {
                annotations.insert(key, Value::string(value));
            }
            map.insert("annotations", Value::Map(annotations));
        }
    }
    Value::Map(map)
}

/// The role of the value under `key` in a mapping playing `parent`; `None` for a key that
/// JSON would match to a head field in another letter case (left to the full reading).
fn child_role(parent: Role, key: &str) -> Option<Role> {
    let fields: &[(&str, Role)] = match parent {
        Role::Root => &[
            ("apiVersion", Role::HeadString),
            ("kind", Role::HeadString),
            ("metadata", Role::Metadata),
        ],
        Role::Metadata => &[
            ("name", Role::HeadString),
            ("annotations", Role::Annotations),
        ],
        Role::Annotations => return Some(Role::HeadString),
        Role::HeadString | Role::Other => return Some(Role::Other),
    };
    for (field, role) in fields {
        if key.eq_ignore_ascii_case(field) {
            return (key == *field).then_some(*role);
        }
    }
    Some(Role::Other)
}

/// A head field set twice (a repeated key) is left to the full reading.
fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

fn is_sequence_entry(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

fn starts_mapping_entry(content: &str) -> bool {
    split_key(content).is_some()
}

/// A key this reader accepts and the text after its `:`. Plain keys start with a letter and
/// hold letters, digits and `_./-` (never a YAML 1.1 boolean or null word); quoted keys hold
/// no escapes.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let bytes = content.as_bytes();
    let (key, after) = match bytes.first()? {
        b'"' | b'\'' => {
            let quote = bytes[0] as char;
            let end = content[1..].find(quote)? + 1;
            let key = &content[1..end];
            if key.contains('\\') || content[end + 1..].starts_with(quote) {
                return None;
            }
            (key, &content[end + 1..])
        }
        first if first.is_ascii_alphabetic() => {
            let end = content
                .bytes()
                .position(|b| {
                    !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-'))
                })
                .unwrap_or(content.len());
            let key = &content[..end];
            if is_special_word(key) {
                return None;
            }
            (key, &content[end..])
        }
        _ => return None,
    };
    let rest = after.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest))
}

/// Words YAML 1.1 reads as booleans or null in some spelling.
fn is_special_word(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
    )
}

/// A one-line scalar value as written.
struct ScalarText {
    text: String,
    plain: bool,
    /// `{}` or `[]`.
    flow: Option<char>,
}

impl ScalarText {
    /// The value as a Go string field gets it, when that is plainly the text.
    fn string(&self) -> Option<String> {
        if self.flow.is_some() {
            return None;
        }
        if !self.plain {
            return Some(self.text.clone());
        }
        match resolve_scalar(&self.text, ScalarStyle::Plain, None).ok()? {
            Scalar::String(StringData::Text(text)) => Some(text),
            _ => None,
        }
    }

    fn is_empty_mapping(&self) -> bool {
        self.flow == Some('{')
    }
}

/// Reads the value part of a line (after `key: ` or `- `); `None` for anything but a
/// one-line plain scalar, a one-line quoted scalar without escapes, `{}` or `[]`, each
/// optionally followed by a comment.
fn value_scalar(value: &str) -> Option<ScalarText> {
    let first = value.as_bytes()[0];
    match first {
        b'"' | b'\'' => {
            let quote = first as char;
            let end = value[1..].find(quote)? + 1;
            let text = &value[1..end];
            if text.contains('\\') || value[end + 1..].starts_with(quote) {
                return None;
            }
            trailing_comment_only(&value[end + 1..])?;
            Some(ScalarText {
                text: text.to_string(),
                plain: false,
                flow: None,
            })
        }
        b'{' | b'[' => {
            let close = if first == b'{' { "}" } else { "]" };
            let rest = value[1..].strip_prefix(close)?;
            trailing_comment_only(rest)?;
            Some(ScalarText {
                text: String::new(),
                plain: false,
                flow: Some(first as char),
            })
        }
        b'-' | b'?' | b':' if value.len() == 1 || value.as_bytes()[1] == b' ' => None,
        b'?' | b':' | b',' | b']' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
        | b'@' | b'`' => None,
        _ => {
            let text = match value.find(" #") {
                Some(comment) => &value[..comment],
                None => value,
            };
            let text = text.trim_end_matches(' ');
            if text.contains(": ") || text.ends_with(':') {
                return None;
            }
            if matches!(first, b'+' | b'-' | b'.' | b'0'..=b'9') && !finite(text) {
                return None;
            }
            Some(ScalarText {
                text: text.to_string(),
                plain: true,
                flow: None,
            })
        }
    }
}

/// Whether a plain scalar survives the JSON stage (infinities and NaN do not).
fn finite(text: &str) -> bool {
    !matches!(
        resolve_scalar(text, ScalarStyle::Plain, None),
        Ok(Scalar::Float(number)) if !number.is_finite()
    )
}

fn trailing_comment_only(rest: &str) -> Option<()> {
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len()) {
        Some(())
    } else {
        None
    }
}

/// A more-indented line continuing a plain scalar: plain words only.
fn continuation(content: &str) -> Option<()> {
    let first = content.as_bytes()[0];
    if matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    ) {
        return None;
    }
    if content.contains(": ") || content.contains(" #") || content.ends_with(':') {
        return None;
    }
    Some(())
}

#[cfg(test)]
#[path = "head_scan_tests.rs"]
mod tests;
