//! saphyr-parser's syntax errors re-worded as go-yaml v2 (libyaml) words them.
//!
//! Both parsers descend from libyaml, so most problems have a direct counterpart; the few
//! that saphyr words or places differently are mapped here. go-yaml's line numbers follow two
//! rules: a scanner problem prints its 1-based line, a parser problem the 0-based line of the
//! token it stopped at; either way nothing is printed when that number is 0. go-yaml also
//! refuses control characters before parsing, which saphyr accepts.

use saphyr_parser::{Event, Parser, ScanError};

use super::error::YamlError;
use super::node::Span;

/// Which half of libyaml reports a problem; it decides how go-yaml prints the line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Scanner,
    Parser,
}

/// The go-yaml error for a saphyr syntax error in `text`.
pub fn syntax_error(error: &ScanError, text: &str) -> YamlError {
    let mark = error.marker();
    let span = Span {
        line: mark.line(),
        column: mark.col() + 1,
    };
    let info = error.info();
    if info.contains("found unknown anchor") {
        let name = anchor_name_at(text, mark.index());
        return YamlError::Decode {
            message: format!("unknown anchor '{name}' referenced"),
            span,
        };
    }
    let (message, stage, line) = translate(info, text, mark.index(), span.line);
    let reported_line = match stage {
        Stage::Scanner => (line > 1).then_some(line),
        Stage::Parser => (line > 1).then_some(line - 1),
    };
    YamlError::Syntax {
        message,
        reported_line,
        span: Span {
            line,
            column: span.column,
        },
    }
}

/// go-yaml's message, stage and (1-based) problem line for a saphyr message.
fn translate(info: &str, text: &str, char_index: usize, line: usize) -> (String, Stage, usize) {
    let parser = info.starts_with("while parsing") || info.starts_with("did not find expected <");
    let stage = if parser {
        Stage::Parser
    } else {
        Stage::Scanner
    };
    let problem = info.split_once(", ").map_or(info, |(context, problem)| {
        if context.starts_with("while ") {
            problem
        } else {
            info
        }
    });
    if info.contains("tabs disallowed") || info.starts_with("unexpected character") {
        return (
            "found character that cannot start any token".into(),
            Stage::Scanner,
            line,
        );
    }
    if info.contains("found a tab") {
        let tab_line = line_of_next(text, char_index, '\t').unwrap_or(line);
        return (
            "found a tab character that violates indentation".into(),
            Stage::Scanner,
            tab_line,
        );
    }
    if info.contains("found unexpected document indicator") {
        // saphyr points at the opening quote, libyaml at the marker line that cut it off.
        let marker_line = document_marker_line(text, char_index).unwrap_or(line);
        return (
            "found unexpected document indicator".into(),
            Stage::Scanner,
            marker_line,
        );
    }
    if info.contains("comment intercepting the multiline text") {
        // libyaml ends the plain scalar at the comment and reads the next line as a new
        // token, which the block collection around it does not expect.
        let expected = match innermost_collection_at_error(text) {
            Some(Collection::Sequence) => "did not find expected '-' indicator",
            _ => "did not find expected key",
        };
        return (expected.into(), Stage::Parser, line + 1);
    }
    if info.contains("found unexpected end of stream") {
        return (
            "found unexpected end of stream".into(),
            Stage::Scanner,
            end_line(text),
        );
    }
    if info.contains("block scalar content cannot start with a tab") {
        let tab_line = line_of_next(text, char_index, '\t').unwrap_or(line);
        return (
            "found a tab character where an indentation space is expected".into(),
            Stage::Scanner,
            tab_line,
        );
    }
    if info.contains("invalid trailing content after") {
        return ("did not find expected key".into(), Stage::Parser, line);
    }
    if info.contains("simple key expect ':'") {
        return ("could not find expected ':'".into(), Stage::Scanner, line);
    }
    if info.contains("misplaced bracket") {
        return ("did not find expected key".into(), Stage::Parser, line);
    }
    if info.contains("illegal placement of ':'") || info.contains("expected ',' or ']'") {
        let closing = if innermost_open_bracket(text, char_index) == Some('{') {
            '}'
        } else {
            ']'
        };
        return (
            format!("did not find expected ',' or '{closing}'"),
            Stage::Parser,
            line,
        );
    }
    if info.contains("handle wasn't declared") {
        return ("found undefined tag handle".into(), Stage::Parser, line);
    }
    if info.contains("recursion limit exceeded") {
        return (
            "exceeded max depth of 255 (flow collections)".into(),
            Stage::Scanner,
            line,
        );
    }
    (problem.to_owned(), stage, line)
}

/// A kind of collection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Collection {
    Sequence,
    Mapping,
}

/// The innermost collection saphyr has open when it stops on an error in `text`.
fn innermost_collection_at_error(text: &str) -> Option<Collection> {
    let mut open = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, _))) = parser.next_event() {
        match event {
            Event::SequenceStart(..) => open.push(Collection::Sequence),
            Event::MappingStart(..) => open.push(Collection::Mapping),
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    open.pop()
}

/// The name of the anchor or alias written at `char_index` (`*name` or `&name`).
pub fn anchor_name_at(text: &str, char_index: usize) -> String {
    text.chars()
        .skip(char_index)
        .skip_while(|c| *c == '*' || *c == '&')
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .collect()
}

/// The 1-based line of the next `wanted` character at or after `char_index`.
fn line_of_next(text: &str, char_index: usize, wanted: char) -> Option<usize> {
    let mut line = 1 + text.chars().take(char_index).filter(|c| *c == '\n').count();
    for character in text.chars().skip(char_index) {
        if character == wanted {
            return Some(line);
        }
        if character == '\n' {
            line += 1;
        }
    }
    None
}

/// The 1-based line of the first document marker line (`---` or `...` then a blank or the
/// end) after the line holding `char_index`.
fn document_marker_line(text: &str, char_index: usize) -> Option<usize> {
    let start_line = 1 + text.chars().take(char_index).filter(|c| *c == '\n').count();
    text.split('\n')
        .enumerate()
        .skip(start_line)
        .find(|(_, line)| {
            (line.starts_with("---") || line.starts_with("..."))
                && matches!(line.chars().nth(3), None | Some(' ' | '\t' | '\r'))
        })
        .map(|(index, _)| index + 1)
}

/// The 1-based line where the text ends (after a final newline, the line after it).
fn end_line(text: &str) -> usize {
    1 + text.chars().filter(|c| *c == '\n').count()
}

/// The innermost flow bracket still open at `char_index`, skipping quoted text and comments.
fn innermost_open_bracket(text: &str, char_index: usize) -> Option<char> {
    let mut open = Vec::new();
    let mut quote: Option<char> = None;
    let mut in_comment = false;
    let mut previous = '\n';
    for character in text.chars().take(char_index) {
        if in_comment {
            in_comment = character != '\n';
        } else if let Some(q) = quote {
            if character == q {
                quote = None;
            }
        } else {
            match character {
                '"' | '\'' if !open.is_empty() || previous.is_whitespace() || previous == ':' => {
                    quote = Some(character)
                }
                '#' if previous.is_whitespace() => in_comment = true,
                '[' | '{' => open.push(character),
                ']' | '}' => {
                    open.pop();
                }
                _ => {}
            }
        }
        previous = character;
    }
    open.pop()
}

/// go-yaml's reader check: only tab, LF, CR, printable ASCII, NEL and the printable Unicode
/// ranges may appear; anything else is refused before parsing.
pub fn check_characters(text: &str) -> Result<(), YamlError> {
    // Nearly every input is plain ASCII text: one pass over the bytes settles it, and only
    // other inputs are decoded character by character (with positions for the error).
    if text
        .bytes()
        .all(|byte| matches!(byte, 0x09 | 0x0A | 0x0D | 0x20..=0x7E))
    {
        return Ok(());
    }
    let mut line = 1;
    let mut column = 1;
    for character in text.chars() {
        let code = character as u32;
        let allowed = matches!(code, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
        if !allowed {
            return Err(YamlError::Syntax {
                message: "control characters are not allowed".into(),
                reported_line: None,
                span: Span { line, column },
            });
        }
        if character == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::yaml::build::{build_documents, Documents};

    fn message(text: &str) -> String {
        let error = super::check_characters(text)
            .and_then(|()| build_documents(text, Documents::All).map(|_| ()))
            .unwrap_err();
        error
            .to_string()
            .trim_start_matches("error converting YAML to JSON: ")
            .to_owned()
    }

    #[test]
    fn character_check_accepts_text_and_places_control_characters() {
        assert!(super::check_characters("a: b\n\tc: \"d\"\r\n").is_ok());
        assert!(super::check_characters("name: caf\u{e9} \u{1F600} \u{85}\n").is_ok());
        let error = super::check_characters("a: 1\nb: \u{e9}\u{7}\n").unwrap_err();
        match error {
            crate::yaml::YamlError::Syntax { span, .. } => {
                assert_eq!((span.line, span.column), (2, 5))
            }
            other => panic!("unexpected error {other:?}"),
        }
        assert!(super::check_characters("x\u{7F}").is_err());
        assert!(super::check_characters("x\u{FFFE}").is_err());
    }

    /// Each expectation is what Helm 4.1.4 printed for the same values.yaml.
    #[test]
    fn messages_and_lines_match_go_yaml() {
        let cases = [
            (
                "a: [1, 2\nb: 3\n",
                "yaml: line 1: did not find expected ',' or ']'",
            ),
            (
                "a: {x: 1\n",
                "yaml: line 1: did not find expected ',' or '}'",
            ),
            ("a: [\n", "yaml: line 1: did not find expected node content"),
            (
                "a: b: c\n",
                "yaml: mapping values are not allowed in this context",
            ),
            (
                "a:\n\tb: 1\n",
                "yaml: line 2: found character that cannot start any token",
            ),
            (
                "a: 1\n b: 2\nc\n",
                "yaml: line 2: mapping values are not allowed in this context",
            ),
            (
                "a:\n  b: 1\n c: 2\n",
                "yaml: line 2: did not find expected key",
            ),
            (
                "- a\nb: 1\n",
                "yaml: line 1: did not find expected '-' indicator",
            ),
            ("a: \"abc\n", "yaml: line 2: found unexpected end of stream"),
            ("a: !foo!bar x\n", "yaml: found undefined tag handle"),
            ("a: *nope\n", "yaml: unknown anchor 'nope' referenced"),
            (
                "key: value\n\tother: 1\n",
                "yaml: line 2: found a tab character that violates indentation",
            ),
            ("a: b\n- c\n", "yaml: line 1: did not find expected key"),
            ("a: x\u{1}y\n", "yaml: control characters are not allowed"),
            ("a: [1, 2]]\n", "yaml: did not find expected key"),
            ("a: 1\nb\n", "yaml: line 3: could not find expected ':'"),
            (
                "a: 1\n@b\n",
                "yaml: line 2: found character that cannot start any token",
            ),
            (
                "a: `x\n",
                "yaml: found character that cannot start any token",
            ),
            ("a: \"x\" y\n", "yaml: did not find expected key"),
            (
                "- x # c\n  y\n",
                "yaml: line 1: did not find expected '-' indicator",
            ),
            (
                "a:\n  b: x # c\n    y\n",
                "yaml: line 2: did not find expected key",
            ),
            (
                "a: \"x\n...\n\"\n",
                "yaml: line 2: found unexpected document indicator",
            ),
            (
                "a:\n  b: [\n  \"x\n---\n\"]\n",
                "yaml: line 4: found unexpected document indicator",
            ),
            (
                "a: >\n\tx\n",
                "yaml: line 2: found a tab character where an indentation space is expected",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(message(text), expected, "for {text:?}");
        }
    }
}
