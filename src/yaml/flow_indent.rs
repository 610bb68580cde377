//! go-yaml's leniency about indentation inside flow collections and quoted scalars.
//!
//! libyaml (and so go-yaml v2) checks indentation only in block context: the lines of a flow
//! collection (`[...]`, `{...}`) and the continuation lines of a quoted scalar may start in any
//! column, even left of the key that owns them (`b: [\n"x"\n]`). saphyr-parser keeps the block
//! indentation in force inside those constructs and refuses such lines ("invalid indentation",
//! "... in flow construct", "... in quoted scalar", or a tab "disallowed within this context").
//!
//! When saphyr refuses a line that way, [`relax`] finds the construct around the refused
//! position and moves every line that starts inside it right, up to one column past the
//! construct's opening character, turning leading tabs into spaces. Leading blanks of such
//! lines carry no meaning in YAML (flow separation and quoted-scalar line folding both drop
//! them), so the value read is the one go-yaml reads; the columns added are reported so spans
//! can be given in the original text's columns.
//!
//! The constructs open at the refused position come from saphyr itself (the collections it
//! reports for the text cut off there), so brackets in comments, block scalars or plain
//! scalars are never mistaken for flow collections; from the opening bracket to its match the
//! text is flow context, which [`construct_end`] scans with the few rules that context has.

use saphyr_parser::{Event, Parser, ScanError};

/// Columns added at the start of lines, so positions can be reported in the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnShifts {
    /// Columns added to each line, indexed by 0-based line number.
    added: Vec<usize>,
}

impl ColumnShifts {
    /// Records `columns` more added at the start of 1-based `line`.
    fn add(&mut self, line: usize, columns: usize) {
        let Some(index) = line.checked_sub(1) else {
            return;
        };
        if self.added.len() <= index {
            self.added.resize(index + 1, 0);
        }
        if let Some(slot) = self.added.get_mut(index) {
            *slot += columns;
        }
    }

    /// Adds the columns `other` records to these.
    pub fn merge(&mut self, other: &ColumnShifts) {
        for (index, columns) in other.added.iter().enumerate() {
            if *columns > 0 {
                self.add(index + 1, *columns);
            }
        }
    }

    /// The 1-based column in the original text of 1-based `column` on 1-based `line`.
    pub fn original_column(&self, line: usize, column: usize) -> usize {
        let added = line
            .checked_sub(1)
            .and_then(|index| self.added.get(index))
            .copied()
            .unwrap_or(0);
        column.saturating_sub(added).max(1)
    }
}

/// Which refusal saphyr gave.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// A token or tab left of the indentation; the position is inside a flow collection.
    InFlow,
    /// A quoted scalar's line left of the indentation; the position is the opening quote.
    InQuotedScalar,
    /// A tab leading a quoted scalar's line left of the indentation; the position is the tab.
    TabInQuotedScalar,
}

fn refusal(info: &str) -> Option<Refusal> {
    match info {
        "invalid indentation"
        | "invalid indentation in flow construct"
        | "tabs disallowed within this context (block indentation)" => Some(Refusal::InFlow),
        "invalid indentation in quoted scalar" => Some(Refusal::InQuotedScalar),
        "tab cannot be used as indentation" => Some(Refusal::TabInQuotedScalar),
        _ => None,
    }
}

/// For an indentation refusal inside a flow collection or quoted scalar, the text with the
/// lines of that construct moved right far enough for saphyr, and the columns added to each
/// line. `None` when the error is of another kind or nothing can be moved.
pub fn relax(text: &str, error: &ScanError) -> Option<(String, ColumnShifts)> {
    let refusal = refusal(error.info())?;
    let mut position = byte_index(text, error.marker().index());
    if refusal == Refusal::TabInQuotedScalar {
        position = quote_start(text.get(..position)?)?;
    }
    let mut candidates: Vec<Opening> = open_flow_brackets(text.get(..position)?)
        .into_iter()
        .map(Opening::Bracket)
        .collect();
    if refusal != Refusal::InFlow {
        candidates.push(Opening::Quote(position));
    }
    // The outermost construct that still encloses the refused position.
    let (start, end) = candidates.into_iter().find_map(|opening| {
        let start = opening.position();
        let end = construct_end(text, opening)?;
        (end > position).then_some((start, end))
    })?;
    let line_start = text
        .get(..start)?
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    let width = text.get(line_start..start)?.chars().count() + 1;
    move_lines_right(text, start, end, width)
}

/// Where a construct opens.
#[derive(Clone, Copy)]
enum Opening {
    /// A `[` or `{` at this byte index.
    Bracket(usize),
    /// A `"` or `'` at this byte index.
    Quote(usize),
}

impl Opening {
    fn position(self) -> usize {
        match self {
            Opening::Bracket(position) | Opening::Quote(position) => position,
        }
    }
}

/// The byte index of the `char_index`th character (the text's length past its end).
fn byte_index(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(index, _)| index)
}

/// The byte index of the quote opening the quoted scalar that `prefix` ends inside: saphyr
/// reports the unexpected end of such a scalar at its opening quote.
fn quote_start(prefix: &str) -> Option<usize> {
    let mut parser = Parser::new_from_str(prefix);
    let error = loop {
        match parser.next_event()? {
            Ok((Event::StreamEnd, _)) => return None,
            Ok(_) => continue,
            Err(error) => break error,
        }
    };
    if !error.info().contains("found unexpected end of stream") {
        return None;
    }
    let position = byte_index(prefix, error.marker().index());
    prefix
        .get(position..)?
        .starts_with(['"', '\''])
        .then_some(position)
}

/// Byte indices of the flow brackets of the collections saphyr has open at the end of
/// `prefix`, outermost first. The text is cut there, so saphyr reports an unexpected end;
/// the collections it started before that are the ones open at the cut.
fn open_flow_brackets(prefix: &str) -> Vec<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut parser = Parser::new_from_str(prefix);
    while let Some(Ok((event, span))) = parser.next_event() {
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => open.push(span.start.index()),
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
            }
            Event::DocumentStart(_) => open.clear(),
            Event::StreamEnd => break,
            _ => {}
        }
    }
    let mut brackets: Vec<usize> = Vec::new();
    for start in open {
        let start = byte_index(prefix, start);
        if let Some(bracket) = bracket_after_properties(prefix, start) {
            if brackets.last() != Some(&bracket) {
                brackets.push(bracket);
            }
        }
    }
    brackets
}

/// The `[` or `{` a collection starting at `start` opens with, past its anchor and tag and
/// the blanks, line breaks and comments after them; `None` for a block collection.
fn bracket_after_properties(text: &str, start: usize) -> Option<usize> {
    let mut rest = text.get(start..)?;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        if trimmed.starts_with('#') {
            rest = trimmed.find('\n').map_or("", |newline| &trimmed[newline..]);
            continue;
        }
        if trimmed.starts_with(['&', '!']) {
            let property_end = trimmed
                .find([' ', '\t', '\r', '\n'])
                .unwrap_or(trimmed.len());
            rest = &trimmed[property_end..];
            continue;
        }
        rest = trimmed;
        break;
    }
    rest.starts_with(['[', '{'])
        .then(|| text.len() - rest.len())
}

/// Where the scanner stands in flow context.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between tokens; `after_json_node` when the last token was a quoted scalar or a closing
    /// bracket, after which `:` is a value indicator even when not followed by a blank.
    Between {
        after_json_node: bool,
    },
    /// Inside a plain scalar's text.
    Plain,
    /// Blanks or line breaks after plain text: the scalar may still go on.
    PlainBlank,
    /// A comment, up to the line break.
    Comment,
    DoubleQuoted,
    SingleQuoted,
}

/// The byte index just past the end of the construct opening at `opening`: its matching
/// closing bracket or quote, or the start of a document marker line (`---` or `...`), which
/// breaks any construct; the text's end when it never closes. `None` if no construct opens
/// there.
fn construct_end(text: &str, opening: Opening) -> Option<usize> {
    let start = opening.position();
    let rest = text.get(start..)?;
    let mut state = match (opening, rest.chars().next()) {
        (Opening::Bracket(_), Some('[' | '{')) => State::Between {
            after_json_node: false,
        },
        (Opening::Quote(_), Some('"')) => State::DoubleQuoted,
        (Opening::Quote(_), Some('\'')) => State::SingleQuoted,
        _ => return None,
    };
    let mut depth: usize = 0;
    let mut characters = rest.char_indices().peekable();
    if state
        != (State::Between {
            after_json_node: false,
        })
    {
        characters.next();
    }
    let mut at_line_start = false;
    while let Some((offset, character)) = characters.next() {
        let position = start + offset;
        if at_line_start && is_document_marker(text.get(position..).unwrap_or("")) {
            return Some(position);
        }
        at_line_start = character == '\n';
        let next = characters.peek().map(|(_, next)| *next);
        state = match state {
            State::Comment => match character {
                '\n' => State::Between {
                    after_json_node: false,
                },
                _ => State::Comment,
            },
            State::DoubleQuoted => match character {
                '\\' => {
                    characters.next();
                    State::DoubleQuoted
                }
                '"' if depth == 0 => return Some(position + 1),
                '"' => State::Between {
                    after_json_node: true,
                },
                _ => State::DoubleQuoted,
            },
            State::SingleQuoted => match (character, next) {
                ('\'', Some('\'')) => {
                    characters.next();
                    State::SingleQuoted
                }
                ('\'', _) if depth == 0 => return Some(position + 1),
                ('\'', _) => State::Between {
                    after_json_node: true,
                },
                _ => State::SingleQuoted,
            },
            State::Between { after_json_node } => match character {
                ' ' | '\t' | '\r' | '\n' => State::Between { after_json_node },
                '#' => State::Comment,
                '"' => State::DoubleQuoted,
                '\'' => State::SingleQuoted,
                ':' if after_json_node || ends_plain_after_colon(next) => State::Between {
                    after_json_node: false,
                },
                _ => match bracket_step(character, &mut depth) {
                    Some(true) => return Some(position + character.len_utf8()),
                    Some(false) => State::Between {
                        after_json_node: matches!(character, ']' | '}'),
                    },
                    None => State::Plain,
                },
            },
            State::Plain | State::PlainBlank => match character {
                ' ' | '\t' | '\r' | '\n' => State::PlainBlank,
                '#' if state == State::PlainBlank => State::Comment,
                ':' if ends_plain_after_colon(next) => State::Between {
                    after_json_node: false,
                },
                _ => match bracket_step(character, &mut depth) {
                    Some(true) => return Some(position + character.len_utf8()),
                    Some(false) => State::Between {
                        after_json_node: matches!(character, ']' | '}'),
                    },
                    None => State::Plain,
                },
            },
        };
    }
    Some(text.len())
}

/// Applies a flow indicator to the nesting depth: `Some(true)` when it closes the outermost
/// collection, `Some(false)` for another indicator, `None` for any other character.
fn bracket_step(character: char, depth: &mut usize) -> Option<bool> {
    match character {
        '[' | '{' => {
            *depth += 1;
            Some(false)
        }
        ']' | '}' => {
            *depth = depth.saturating_sub(1);
            Some(*depth == 0)
        }
        ',' => Some(false),
        _ => None,
    }
}

/// Whether a `:` followed by `next` is a value indicator in flow context (a blank, a line
/// break, the end, or a flow indicator follows it).
fn ends_plain_after_colon(next: Option<char>) -> bool {
    matches!(
        next,
        None | Some(' ' | '\t' | '\r' | '\n' | ',' | '[' | ']' | '{' | '}')
    )
}

/// Whether a line starts with a document marker (`---` or `...` then a blank or the end).
fn is_document_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("..."))
        && matches!(line.chars().nth(3), None | Some(' ' | '\t' | '\r' | '\n'))
}

/// Moves each line that starts after `start` and at or before `end` right so that at least
/// `min_width` blanks lead it, turning its leading tabs into spaces.
/// Blank lines and document markers stay as they are.
fn move_lines_right(
    text: &str,
    start: usize,
    end: usize,
    min_width: usize,
) -> Option<(String, ColumnShifts)> {
    let mut relaxed = String::with_capacity(text.len() + 64);
    let mut shifts = ColumnShifts::default();
    let mut line_start = 0;
    for (line_index, line) in text.split_inclusive('\n').enumerate() {
        let inside = line_start > start && line_start <= end;
        line_start += line.len();
        let content = line.trim_start_matches([' ', '\t']);
        let leading = line.len() - content.len();
        let blank = content.trim_end_matches(['\r', '\n']).is_empty();
        if !inside || blank || is_document_marker(line) {
            relaxed.push_str(line);
            continue;
        }
        let width = leading.max(min_width);
        if width == leading && !line[..leading].contains('\t') {
            relaxed.push_str(line);
            continue;
        }
        relaxed.extend(std::iter::repeat_n(' ', width));
        relaxed.push_str(content);
        shifts.add(line_index + 1, width - leading);
    }
    (relaxed != text).then_some((relaxed, shifts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> ScanError {
        let mut parser = Parser::new_from_str(text);
        loop {
            match parser.next_event() {
                Some(Ok(_)) => continue,
                Some(Err(error)) => return error,
                None => panic!("saphyr accepted {text:?}"),
            }
        }
    }

    fn relaxed(text: &str) -> Option<String> {
        relax(text, &refused(text)).map(|(relaxed, _)| relaxed)
    }

    #[test]
    fn moves_the_lines_of_the_enclosing_flow_collection() {
        assert_eq!(
            relaxed("b: [\n  \"x\"\n]\n").unwrap(),
            "b: [\n    \"x\"\n    ]\n"
        );
        assert_eq!(
            relaxed("a:\n  b: {\n\"k\": [\n1],\n# c ]\n}\nc: 2\n").unwrap(),
            "a:\n  b: {\n      \"k\": [\n      1],\n      # c ]\n      }\nc: 2\n"
        );
    }

    #[test]
    fn stops_at_the_matching_bracket_past_quotes_and_comments() {
        let text = "a:\n  b: [\n\"]\", 'it''s ]', x, # ]\nz]\nc: [d]\n";
        let relaxed = relaxed(text).unwrap();
        assert!(relaxed.ends_with("\n      z]\nc: [d]\n"), "{relaxed:?}");
    }

    #[test]
    fn moves_continuation_lines_of_a_quoted_scalar() {
        assert_eq!(
            relaxed("  a: \"x\n y\"\nb: 1\n").unwrap(),
            "  a: \"x\n      y\"\nb: 1\n"
        );
        assert_eq!(
            relaxed("a:\n  b: 'x\ny'\n").unwrap(),
            "a:\n  b: 'x\n      y'\n"
        );
    }

    #[test]
    fn tab_indented_quoted_lines_are_moved() {
        assert_eq!(
            relaxed("a:\n  b: \"x\n\ty\"\n").unwrap(),
            "a:\n  b: \"x\n      y\"\n"
        );
    }

    #[test]
    fn leading_tabs_become_spaces() {
        assert_eq!(
            relaxed("a:\n  b: [\n\t\"x\"]\n").unwrap(),
            "a:\n  b: [\n      \"x\"]\n"
        );
    }

    #[test]
    fn document_markers_and_blank_lines_stay() {
        assert_eq!(
            relaxed("a:\n  b: [\n\n  \"x\n---\n\"]\n").unwrap(),
            "a:\n  b: [\n\n      \"x\n---\n\"]\n"
        );
    }

    #[test]
    fn anchors_and_tags_before_the_bracket_are_skipped() {
        assert_eq!(
            relaxed("a:\n  b: &x !!seq\n    [\n\"x\"]\n").unwrap(),
            "a:\n  b: &x !!seq\n    [\n     \"x\"]\n"
        );
    }

    #[test]
    fn other_errors_are_left_alone() {
        assert!(relaxed("a:\n  b: 1\n c: 2\n").is_none());
        assert!(relaxed("a: [1, 2\nb: 3\n").is_none());
        assert!(relaxed("a:\n\tb: 1\n").is_none());
    }

    #[test]
    fn shifts_give_original_columns() {
        let text = "b: [\n\"x\"\n]\n";
        let (_, shifts) = relax(text, &refused(text)).unwrap();
        assert_eq!(shifts.original_column(2, 5), 1);
        assert_eq!(shifts.original_column(1, 4), 4);
        let mut total = ColumnShifts::default();
        total.merge(&shifts);
        total.merge(&shifts);
        assert_eq!(total.original_column(2, 9), 1);
    }

    #[test]
    fn plain_scalars_keep_quotes_and_colons_as_text() {
        let text = "a:\n  b: [x \"]\n,\ny:\"]\"]\nc: 1\n";
        // `x "` is one plain scalar, `y:"` another; the first `]` closes the collection.
        assert_eq!(
            construct_end(text, Opening::Bracket(text.find('[').unwrap())),
            Some(text.find("]\n").unwrap() + 1)
        );
    }
}
