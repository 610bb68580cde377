//! Builds [`Node`] trees from saphyr-parser's event stream, the way go-yaml v2 composes them.
//!
//! The parser is event-driven, so nesting is kept on an explicit stack (deep input cannot
//! overflow the Rust stack) and bounded by [`MAX_DEPTH`]. Anchors are
//! remembered per document and aliases reuse the anchored node. Merge keys are expanded as
//! go-yaml v2 decodes them: at the position of `<<` the merged pairs are written in, a list of
//! maps from last to first (so earlier maps win), and pairs written later override them; the
//! number of pairs copied by merges is bounded, so merge chains cannot blow up memory.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle as ParserStyle, ScanError, Tag};

use super::error::YamlError;
use super::flow_indent::{relax, ColumnShifts};
use super::node::{Node, NodeKind, ScalarStyle, Span};
use super::resolve::is_merge_key;
use super::syntax::{anchor_name_at, syntax_error};

/// The deepest nesting of collections accepted. go-yaml stops at 10000, relying on Go's
/// growable stacks; chartroom's consumers of values (dropping, merging, printing, `toYaml`) are
/// recursive on a fixed Rust stack, so the bound is 1000, far beyond any real chart (a few
/// dozen levels) and safe for a recursive walk on a 2 MiB thread stack.
pub const MAX_DEPTH: usize = 1_000;
/// How many mapping pairs merge keys may copy in one document (go-yaml bounds alias expansion
/// the same way; a legitimate values file copies a few hundred).
pub const MAX_MERGED_PAIRS: usize = 1_000_000;

/// Which documents of a stream to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Documents {
    /// Only the first, like go-yaml's `Unmarshal` (later documents are not even parsed).
    First,
    /// Every document of the stream.
    All,
}

/// A collection being filled.
enum Frame {
    Sequence {
        span: Span,
        tag: Option<crate::value::Str>,
        anchor: usize,
        items: Vec<Node>,
    },
    Mapping {
        span: Span,
        tag: Option<crate::value::Str>,
        anchor: usize,
        pairs: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    merged_pairs: usize,
    root: Option<Node>,
}

/// How many refusals of saphyr that go-yaml does not share (tab separators, indentation in
/// flow collections and quoted scalars) are patched before giving up.
const MAX_PATCHES: usize = 2_000;

/// Why one parse attempt stopped.
enum Failure {
    Scan(ScanError),
    Yaml(YamlError),
}

impl From<YamlError> for Failure {
    fn from(error: YamlError) -> Failure {
        Failure::Yaml(error)
    }
}

/// Parses `text` into its documents. An empty stream has no documents.
///
/// Where saphyr is stricter than go-yaml the text is patched, meaning kept, and parsed again:
/// a tab between `:` or `-` and the value that follows (`key:\tvalue`) becomes a space (same
/// columns), and the lines of a flow collection or quoted scalar that saphyr finds under-indented
/// are moved right ([`relax`]); spans are given in the original text's columns.
pub fn build_documents(text: &str, which: Documents) -> Result<Vec<Node>, YamlError> {
    let mut patched: Option<String> = None;
    let mut shifts = ColumnShifts::default();
    for _ in 0..=MAX_PATCHES {
        let current = patched.as_deref().unwrap_or(text);
        let error = match build_once(current, which, &shifts) {
            Ok(documents) => return Ok(documents),
            Err(Failure::Yaml(error)) => return Err(error),
            Err(Failure::Scan(error)) => error,
        };
        if let Some(fixed) = patch_tab_separator(current, &error) {
            patched = Some(fixed);
        } else if let Some((fixed, added)) = relax(current, &error) {
            shifts.merge(&added);
            patched = Some(fixed);
        } else {
            return Err(original_columns(syntax_error(&error, current), &shifts));
        }
    }
    let current = patched.as_deref().unwrap_or(text);
    match build_once(current, which, &shifts) {
        Ok(documents) => Ok(documents),
        Err(Failure::Yaml(error)) => Err(error),
        Err(Failure::Scan(error)) => Err(original_columns(syntax_error(&error, current), &shifts)),
    }
}

/// The error (a syntax error of the scanner: `Syntax` or `Decode`) with its column given in the
/// original text.
fn original_columns(error: YamlError, shifts: &ColumnShifts) -> YamlError {
    error.with_spans(&|span| Span {
        line: span.line,
        column: shifts.original_column(span.line, span.column),
    })
}

/// For saphyr's "must be followed by a valid YAML whitespace" refusal, the text with the tabs
/// right before the error position replaced by spaces.
fn patch_tab_separator(text: &str, error: &ScanError) -> Option<String> {
    if !error
        .info()
        .contains("must be followed by a valid YAML whitespace")
    {
        return None;
    }
    let byte_index = text
        .char_indices()
        .nth(error.marker().index())
        .map_or(text.len(), |(index, _)| index);
    let before = text.get(..byte_index)?;
    let tabs_start = before.trim_end_matches('\t').len();
    if tabs_start == byte_index || !matches!(before[..tabs_start].chars().last(), Some(':' | '-')) {
        return None;
    }
    let mut fixed = String::with_capacity(text.len());
    fixed.push_str(&text[..tabs_start]);
    fixed.push_str(&" ".repeat(byte_index - tabs_start));
    fixed.push_str(&text[byte_index..]);
    Some(fixed)
}

fn build_once(text: &str, which: Documents, shifts: &ColumnShifts) -> Result<Vec<Node>, Failure> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        merged_pairs: 0,
        root: None,
    };
    let mut documents = Vec::new();
    while let Some(next) = parser.next_event() {
        let (event, event_span) = next.map_err(Failure::Scan)?;
        let line = event_span.start.line();
        let span = Span {
            line,
            column: shifts.original_column(line, event_span.start.col() + 1),
        };
        match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart => {}
            Event::DocumentStart(_) => {
                builder.anchors.clear();
                builder.merged_pairs = 0;
                builder.root = None;
            }
            Event::DocumentEnd => {
                if let Some(root) = builder.root.take() {
                    documents.push(root);
                }
                if which == Documents::First {
                    break;
                }
            }
            Event::Scalar(text_value, style, anchor, tag) => {
                let node = Node {
                    span,
                    tag: tag.map(|tag| short_tag(&tag)),
                    is_alias: false,
                    kind: NodeKind::Scalar {
                        text: crate::value::Str::from(text_value.as_ref()),
                        style: scalar_style(style),
                    },
                };
                if anchor > 0 {
                    builder.anchors.insert(anchor, node.clone());
                }
                builder.attach(node)?;
            }
            Event::Alias(anchor) => {
                let Some(target) = builder.anchors.get(&anchor) else {
                    let name = anchor_name_at(text, event_span.start.index());
                    let message = format!("anchor '{name}' value contains itself");
                    return Err(Failure::Yaml(YamlError::Decode { message, span }));
                };
                let mut node = target.clone();
                node.span = span;
                node.is_alias = true;
                builder.attach(node)?;
            }
            Event::SequenceStart(anchor, tag) => {
                builder.open(
                    span,
                    Frame::Sequence {
                        span,
                        tag: tag.map(|tag| short_tag(&tag)),
                        anchor,
                        items: Vec::new(),
                    },
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                let tag = tag.map(|tag| short_tag(&tag));
                builder.open(
                    span,
                    Frame::Mapping {
                        span,
                        tag,
                        anchor,
                        pairs: Vec::new(),
                        key: None,
                    },
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close()?,
        }
    }
    Ok(documents)
}

impl Builder {
    fn open(&mut self, span: Span, frame: Frame) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            let reported_line = (span.line > 1).then_some(span.line);
            return Err(YamlError::Syntax {
                message: format!("exceeded max depth of {MAX_DEPTH}"),
                reported_line,
                span,
            });
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) -> Result<(), YamlError> {
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::Sequence {
                span,
                tag,
                anchor,
                items,
            }) => (
                Node {
                    span,
                    tag,
                    is_alias: false,
                    kind: NodeKind::Sequence(items.into()),
                },
                anchor,
            ),
            Some(Frame::Mapping {
                span,
                tag,
                anchor,
                pairs,
                key,
            }) => {
                let mut pairs = pairs;
                if let Some(key) = key {
                    // The parser always completes a pair; keep a dangling key with a null value.
                    let value = Node {
                        span: key.span,
                        tag: None,
                        is_alias: false,
                        kind: NodeKind::Scalar {
                            text: crate::value::Str::from(""),
                            style: ScalarStyle::Plain,
                        },
                    };
                    pairs.push((key, value));
                }
                (
                    Node {
                        span,
                        tag,
                        is_alias: false,
                        kind: NodeKind::Mapping(pairs.into()),
                    },
                    anchor,
                )
            }
            None => return Ok(()),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        self.attach(node)
    }

    /// Hands a finished node to the collection being filled, or makes it the document root.
    fn attach(&mut self, node: Node) -> Result<(), YamlError> {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match frame {
            Frame::Sequence { items, .. } => items.push(node),
            Frame::Mapping { pairs, key, .. } => match key.take() {
                None => *key = Some(node),
                Some(key_node) => {
                    let is_merge = match &key_node.kind {
                        NodeKind::Scalar { text, style } => {
                            is_merge_key(text, *style, key_node.tag.as_deref())
                        }
                        _ => false,
                    };
                    if is_merge {
                        let merged = merged_pairs(&node)?;
                        self.merged_pairs += merged.len();
                        if self.merged_pairs > MAX_MERGED_PAIRS {
                            return Err(YamlError::Decode {
                                message: "document contains excessive aliasing".into(),
                                span: node.span,
                            });
                        }
                        pairs.extend(merged);
                    } else {
                        pairs.push((key_node, node));
                    }
                }
            },
        }
        Ok(())
    }
}

/// The pairs a merge key's value contributes, in the order that makes earlier maps win when the
/// last pair for a key counts.
fn merged_pairs(value: &Node) -> Result<Vec<(Node, Node)>, YamlError> {
    let want_map = || YamlError::Decode {
        message: "map merge requires map or sequence of maps as the value".into(),
        span: value.span,
    };
    match &value.kind {
        NodeKind::Mapping(pairs) => Ok(pairs.to_vec()),
        NodeKind::Sequence(items) => {
            let mut merged = Vec::new();
            for item in items.iter().rev() {
                match &item.kind {
                    NodeKind::Mapping(pairs) => merged.extend(pairs.iter().cloned()),
                    _ => return Err(want_map()),
                }
            }
            Ok(merged)
        }
        NodeKind::Scalar { .. } => Err(want_map()),
    }
}

fn scalar_style(style: ParserStyle) -> ScalarStyle {
    match style {
        ParserStyle::Plain => ScalarStyle::Plain,
        ParserStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        ParserStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        ParserStyle::Literal => ScalarStyle::Literal,
        ParserStyle::Folded => ScalarStyle::Folded,
    }
}

/// The tag as go-yaml shortens it: the YAML core prefix becomes `!!`.
fn short_tag(tag: &Tag) -> crate::value::Str {
    let full = if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    };
    match full.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => crate::value::Str::from(format!("!!{rest}")),
        None => crate::value::Str::from(full),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Node {
        build_documents(text, Documents::First).unwrap().remove(0)
    }

    fn keys(node: &Node) -> Vec<String> {
        node.mapping_pairs()
            .unwrap()
            .iter()
            .map(|(k, _)| k.scalar_text().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn under_indented_flow_lines_read_as_go_yaml_with_original_columns() {
        let root = first("b: [\n\"x\",\n  y, {c: 'd\ne'}]\nf: 1\n");
        let pairs = root.mapping_pairs().unwrap();
        let items = pairs[0].1.sequence_items().unwrap();
        assert_eq!(items[0].scalar_text(), Some("x"));
        assert_eq!(items[0].span, Span { line: 2, column: 1 });
        assert_eq!(items[1].span, Span { line: 3, column: 3 });
        assert_eq!(
            items[2].mapping_pairs().unwrap()[0].1.scalar_text(),
            Some("d e")
        );
        assert_eq!(pairs[1].0.span, Span { line: 5, column: 1 });
    }

    #[test]
    fn spans_are_one_based() {
        let root = first("a: 1\nlist:\n  - x\n");
        let pairs = root.mapping_pairs().unwrap();
        assert_eq!(pairs[0].0.span, Span { line: 1, column: 1 });
        assert_eq!(pairs[0].1.span, Span { line: 1, column: 4 });
        let item = &pairs[1].1.sequence_items().unwrap()[0];
        assert_eq!(item.span, Span { line: 3, column: 5 });
    }

    #[test]
    fn tags_and_styles_are_kept() {
        let root = first("a: !!int '1'\nb: !custom x\nc: |\n  t\n");
        let pairs = root.mapping_pairs().unwrap();
        assert_eq!(pairs[0].1.tag.as_deref(), Some("!!int"));
        assert_eq!(pairs[1].1.tag.as_deref(), Some("!custom"));
        assert!(matches!(
            pairs[2].1.kind,
            NodeKind::Scalar {
                style: ScalarStyle::Literal,
                ..
            }
        ));
    }

    #[test]
    fn aliases_share_their_anchor() {
        let root = first("a: &x [1, 2]\nb: *x\n");
        let pairs = root.mapping_pairs().unwrap();
        let (NodeKind::Sequence(left), NodeKind::Sequence(right)) =
            (&pairs[0].1.kind, &pairs[1].1.kind)
        else {
            panic!("sequences expected");
        };
        assert!(std::sync::Arc::ptr_eq(left, right));
        assert_eq!(pairs[1].1.span, Span { line: 2, column: 4 });
    }

    #[test]
    fn merges_expand_in_go_yaml_order() {
        let root =
            first("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nm:\n  k: 0\n  <<: [*a, *b]\n  z: 3\n");
        let merged = &root.mapping_pairs().unwrap()[2].1;
        assert_eq!(keys(merged), ["k", "y", "z", "x", "y", "z"]);
    }

    #[test]
    fn merge_of_a_scalar_is_refused() {
        let error = build_documents("a: &s x\nb:\n  <<: *s\n", Documents::First).unwrap_err();
        assert_eq!(
            error.to_string(),
            "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"
        );
    }

    #[test]
    fn unknown_anchor_names_it() {
        let error = build_documents("a: *nope\n", Documents::First).unwrap_err();
        assert_eq!(
            error.to_string(),
            "error converting YAML to JSON: yaml: unknown anchor 'nope' referenced"
        );
    }

    #[test]
    fn documents_first_or_all() {
        assert_eq!(
            build_documents("a: 1\n---\nb: 2\n", Documents::All)
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            build_documents("a: 1\n---\nb: [\n", Documents::First)
                .unwrap()
                .len(),
            1
        );
        assert!(build_documents("", Documents::All).unwrap().is_empty());
        assert!(build_documents("# only\n", Documents::All)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn tabs_after_indicators_are_separators() {
        let root = first("a:\t1\nb:\t\tx\nl:\n  -\ty\n");
        let pairs = root.mapping_pairs().unwrap();
        assert_eq!(pairs[0].1.scalar_text(), Some("1"));
        assert_eq!(pairs[1].1.scalar_text(), Some("x"));
        assert_eq!(pairs[1].1.span, Span { line: 2, column: 5 });
    }

    #[test]
    fn depth_is_bounded_without_recursion() {
        let deep = format!("{}x", "- ".repeat(MAX_DEPTH + 1));
        let error = build_documents(&deep, Documents::First).unwrap_err();
        assert!(
            error.to_string().contains("exceeded max depth of 1000"),
            "{error}"
        );
        assert_eq!(error.line(), Some(1));
        let fine = format!("{}x", "- ".repeat(MAX_DEPTH));
        assert!(build_documents(&fine, Documents::First).is_ok());
    }

    #[test]
    fn merge_bombs_are_bounded() {
        let mut text = String::from("l0: &l0 {a: 1, b: 2, c: 3, d: 4}\n");
        for level in 1..40 {
            let previous = level - 1;
            text.push_str(&format!(
                "l{level}: &l{level} {{<<: *l{previous}, k{level}a: 1, <<: *l{previous}}}\n"
            ));
        }
        let error = build_documents(&text, Documents::First).unwrap_err();
        assert!(error.to_string().contains("excessive aliasing"), "{error}");
    }
}
