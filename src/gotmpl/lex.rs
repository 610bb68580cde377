//! The lexer of Go's text/template: splits a template into text and the tokens inside `{{ }}`.
//!
//! It follows Go's design: a state machine whose states are functions of the lexer ("lex text",
//! "lex inside action", "lex number", ...), each consuming input and emitting items with their
//! byte offset and line. Trim markers (`{{- ` and ` -}}`) are applied here, comments are
//! dropped here (Helm does not ask for them), and lexical errors become an [`ItemKind::Error`]
//! item carrying Go's message, which ends the stream.

/// The kinds of token the lexer emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Error,
    Bool,
    /// A printable ASCII character not otherwise meaningful (`,` in `$i, $v`, or junk).
    Char,
    CharConstant,
    Complex,
    /// `=`
    Assign,
    /// `:=`
    Declare,
    Eof,
    /// `.name`
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    /// `$` or `$name`
    Variable,
    // Keywords (printed as `<word>` in errors).
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl ItemKind {
    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            ItemKind::Block
                | ItemKind::Break
                | ItemKind::Continue
                | ItemKind::Dot
                | ItemKind::Define
                | ItemKind::Else
                | ItemKind::End
                | ItemKind::If
                | ItemKind::Nil
                | ItemKind::Range
                | ItemKind::Template
                | ItemKind::With
        )
    }
}

fn keyword(word: &str) -> Option<ItemKind> {
    Some(match word {
        "." => ItemKind::Dot,
        "block" => ItemKind::Block,
        "break" => ItemKind::Break,
        "continue" => ItemKind::Continue,
        "define" => ItemKind::Define,
        "else" => ItemKind::Else,
        "end" => ItemKind::End,
        "if" => ItemKind::If,
        "range" => ItemKind::Range,
        "nil" => ItemKind::Nil,
        "template" => ItemKind::Template,
        "with" => ItemKind::With,
        _ => return None,
    })
}

/// One token: its kind, byte offset in the template text, source text (or error message for
/// [`ItemKind::Error`]) and the 1-based line it starts on.
///
/// The text borrows from the template (only error messages are owned), so the parser's
/// look-ahead copies items for free.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item<'a> {
    pub kind: ItemKind,
    pub pos: usize,
    /// The item's text; empty for an `Error` item, whose message the lexer keeps
    /// ([`Lexer::error_message`]) so that items stay plain copies.
    pub val: &'a str,
    pub line: usize,
}

impl std::fmt::Display for Item<'_> {
    /// How Go's parser names a token in "unexpected X in Y" messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            ItemKind::Eof => write!(f, "EOF"),
            ItemKind::Error => write!(f, "{}", self.val),
            kind if kind.is_keyword() => write!(f, "<{}>", self.val),
            _ => {
                if self.val.chars().count() > 10 {
                    let head: String = self.val.chars().take(10).collect();
                    write!(f, "{}...", crate::gotmpl::quote::go_quote(&head))
                } else {
                    write!(f, "{}", crate::gotmpl::quote::go_quote(self.val))
                }
            }
        }
    }
}

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
/// A trim marker is a space followed (left) or preceded (right) by a dash: `{{- ` / ` -}}`.
const TRIM_MARKER_LEN: usize = 2;

/// The lexer's states; each corresponds to one of Go's state functions.
#[derive(Debug, Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
    Done,
}

/// Go's lexer: a state machine run on demand. The parser pulls items one at a time
/// ([`Lexer::next_item`]), so a template's items never exist all at once: parse memory is the
/// tree's, not the token stream's.
pub struct Lexer<'a> {
    input: &'a str,
    bytes: &'a [u8],
    pos: usize,
    start: usize,
    paren_depth: i64,
    /// Items emitted by the last state functions and not yet pulled (a state emits at most a
    /// few).
    items: std::collections::VecDeque<Item<'a>>,
    state: State,
    /// Line counting is incremental: `line_at` is the line of byte `line_pos`.
    line_pos: usize,
    line_at: usize,
    /// The message of the `Error` item, once lexing failed.
    error_message: String,
}

/// Splits `input` into items, ending with an `Eof` or an `Error` item, and the error's
/// message (empty without one).
pub fn lex(input: &str) -> (Vec<Item<'_>>, String) {
    let mut lexer = Lexer::new(input);
    let items = std::iter::from_fn(|| lexer.next_item()).collect();
    (items, lexer.error_message)
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Lexer<'a> {
        Lexer {
            input,
            bytes: input.as_bytes(),
            pos: 0,
            start: 0,
            paren_depth: 0,
            items: std::collections::VecDeque::with_capacity(4),
            state: State::Text,
            line_pos: 0,
            line_at: 1,
            error_message: String::new(),
        }
    }

    /// The message of the `Error` item the lexer ended with (empty before that).
    pub fn error_message(&self) -> &str {
        &self.error_message
    }

    /// The next item; `None` after the final `Eof` or `Error` item.
    pub fn next_item(&mut self) -> Option<Item<'a>> {
        while self.items.is_empty() {
            self.state = match self.state {
                State::Text => self.lex_text(),
                State::LeftDelim => self.lex_left_delim(),
                State::Comment => self.lex_comment(),
                State::RightDelim => self.lex_right_delim(),
                State::InsideAction => self.lex_inside_action(),
                State::Space => self.lex_space(),
                State::Identifier => self.lex_identifier(),
                State::Field => self.lex_field_or_variable(ItemKind::Field),
                State::Variable => self.lex_field_or_variable(ItemKind::Variable),
                State::Char => self.lex_char(),
                State::Number => self.lex_number(),
                State::Quote => self.lex_quote(),
                State::RawQuote => self.lex_raw_quote(),
                State::Done => return None,
            };
        }
        self.items.pop_front()
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// The offset of the first `{{` in `text` (a byte scan: text between actions is most of a
/// template, and a substring searcher built per piece costs more than it saves).
fn find_left_delim(text: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text.get(from..)?.iter().position(|&b| b == b'{') {
        let at = from + found;
        if text.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

/// Length of the trailing whitespace of `s`.
fn right_trim_length(s: &str) -> usize {
    s.len() - s.trim_end_matches(is_space).len()
}

/// Length of the leading whitespace of `s`.
fn left_trim_length(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or("")
    }

    /// The next character, or `None` at the end of input.
    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        // Actions are nearly all ASCII: one byte is one character.
        match self.bytes.get(self.pos) {
            Some(&byte) if byte.is_ascii() => Some(byte as char),
            Some(_) => self.rest().chars().next(),
            None => None,
        }
    }

    /// Steps back over the character just read (`c`); `None` (end of input) steps nothing.
    fn backup(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.pos -= c.len_utf8();
        }
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn line_of(&mut self, offset: usize) -> usize {
        if offset >= self.line_pos {
            let slice = &self.bytes[self.line_pos..offset.min(self.bytes.len())];
            self.line_at += slice.iter().filter(|&&b| b == b'\n').count();
            self.line_pos = offset.min(self.bytes.len());
            self.line_at
        } else {
            1 + self.bytes[..offset].iter().filter(|&&b| b == b'\n').count()
        }
    }

    fn emit(&mut self, kind: ItemKind) {
        let val = &self.input[self.start..self.pos];
        self.emit_value(kind, val);
        self.start = self.pos;
    }

    fn emit_value(&mut self, kind: ItemKind, val: &'a str) {
        let line = self.line_of(self.start);
        self.items.push_back(Item {
            kind,
            pos: self.start,
            val,
            line,
        });
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn error(&mut self, message: impl Into<String>) -> State {
        self.error_message = message.into();
        self.emit_value(ItemKind::Error, "");
        State::Done
    }

    fn lex_text(&mut self) -> State {
        if let Some(offset) = find_left_delim(self.rest().as_bytes()) {
            if offset > 0 {
                self.pos += offset;
                let delim_end = self.pos + LEFT_DELIM.len();
                let trim = if has_left_trim_marker(&self.input[delim_end..]) {
                    right_trim_length(&self.input[self.start..self.pos])
                } else {
                    0
                };
                let text = &self.input[self.start..self.pos - trim];
                if !text.is_empty() {
                    self.emit_value(ItemKind::Text, text);
                }
                self.ignore();
            }
            return State::LeftDelim;
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.emit(ItemKind::Text);
        }
        self.emit(ItemKind::Eof);
        State::Done
    }

    fn lex_left_delim(&mut self) -> State {
        self.pos += LEFT_DELIM.len();
        let trim = has_left_trim_marker(self.rest());
        let after_marker = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.rest()[after_marker..].starts_with(LEFT_COMMENT) {
            self.pos += after_marker;
            self.ignore();
            return State::Comment;
        }
        self.emit(ItemKind::LeftDelim);
        self.pos += after_marker;
        self.ignore();
        self.paren_depth = 0;
        State::InsideAction
    }

    /// Comments must close right before the delimiter: `{{/* x */}}` or `{{- /* x */ -}}`.
    fn lex_comment(&mut self) -> State {
        self.pos += LEFT_COMMENT.len();
        let Some(end) = self.rest().find(RIGHT_COMMENT) else {
            return self.error("unclosed comment");
        };
        self.pos += end + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.error("comment ends before closing delimiter");
        }
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            self.pos += left_trim_length(self.rest());
        }
        self.ignore();
        State::Text
    }

    /// Whether the input is at a right delimiter, and whether a trim marker precedes it.
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            return (true, true);
        }
        (rest.starts_with(RIGHT_DELIM), false)
    }

    fn lex_right_delim(&mut self) -> State {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        self.emit(ItemKind::RightDelim);
        if trim {
            self.pos += left_trim_length(self.rest());
            self.ignore();
        }
        State::Text
    }

    fn lex_inside_action(&mut self) -> State {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return State::RightDelim;
            }
            return self.error("unclosed left paren");
        }
        let c = self.next();
        match c {
            None => return self.error("unclosed action"),
            Some(c) if is_space(c) => {
                self.backup(Some(c));
                return State::Space;
            }
            Some('=') => self.emit(ItemKind::Assign),
            Some(':') => {
                if self.next() != Some('=') {
                    return self.error("expected :=");
                }
                self.emit(ItemKind::Declare);
            }
            Some('|') => self.emit(ItemKind::Pipe),
            Some('"') => return State::Quote,
            Some('`') => return State::RawQuote,
            Some('$') => return State::Variable,
            Some('\'') => return State::Char,
            Some('.') => {
                // A dot followed by a digit starts a number; otherwise a field or dot.
                match self.bytes.get(self.pos) {
                    Some(b) if b.is_ascii_digit() => {
                        self.backup(Some('.'));
                        return State::Number;
                    }
                    _ => return State::Field,
                }
            }
            Some(c) if c == '+' || c == '-' || c.is_ascii_digit() => {
                self.backup(Some(c));
                return State::Number;
            }
            Some(c) if is_alphanumeric(c) => {
                self.backup(Some(c));
                return State::Identifier;
            }
            Some('(') => {
                self.emit(ItemKind::LeftParen);
                self.paren_depth += 1;
            }
            Some(')') => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.error("unexpected right paren");
                }
                self.emit(ItemKind::RightParen);
            }
            Some(c) if c.is_ascii() && !c.is_ascii_control() => self.emit(ItemKind::Char),
            Some(c) => {
                return self.error(format!(
                    "unrecognized character in action: {}",
                    go_rune_u(c)
                ));
            }
        }
        State::InsideAction
    }

    /// A run of spaces; a single space before ` -}}` belongs to the trim marker.
    fn lex_space(&mut self) -> State {
        let mut count = 0;
        while let Some(c) = self.peek() {
            if !is_space(c) {
                break;
            }
            self.pos += c.len_utf8();
            count += 1;
        }
        let before = &self.input[self.pos - 1..];
        if has_right_trim_marker(before) && before[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            self.pos -= 1;
            if count == 1 {
                return State::RightDelim;
            }
        }
        self.emit(ItemKind::Space);
        State::InsideAction
    }

    fn lex_identifier(&mut self) -> State {
        loop {
            let c = self.next();
            match c {
                Some(c) if is_alphanumeric(c) => {}
                _ => {
                    self.backup(c);
                    let word = &self.input[self.start..self.pos];
                    if !self.at_terminator() {
                        return self.error(format!("bad character {}", go_rune_u_opt(c)));
                    }
                    let kind = if let Some(kind) = keyword(word) {
                        kind
                    } else if word.starts_with('.') {
                        ItemKind::Field
                    } else if word == "true" || word == "false" {
                        ItemKind::Bool
                    } else {
                        ItemKind::Identifier
                    };
                    self.emit(kind);
                    return State::InsideAction;
                }
            }
        }
    }

    /// `.name` or `$name`; a lone `.` is the dot, a lone `$` the root variable.
    fn lex_field_or_variable(&mut self, kind: ItemKind) -> State {
        if self.at_terminator() {
            self.emit(if kind == ItemKind::Variable {
                ItemKind::Variable
            } else {
                ItemKind::Dot
            });
            return State::InsideAction;
        }
        let mut last;
        loop {
            last = self.next();
            match last {
                Some(c) if is_alphanumeric(c) => {}
                _ => {
                    self.backup(last);
                    break;
                }
            }
        }
        if !self.at_terminator() {
            return self.error(format!("bad character {}", go_rune_u_opt(last)));
        }
        self.emit(kind);
        State::InsideAction
    }

    /// Whether the next character can end a word: space, `.,|:()`, end of input or `}}`.
    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT_DELIM),
        }
    }

    fn lex_char(&mut self) -> State {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => return self.error("unterminated character constant"),
                    _ => {}
                },
                None | Some('\n') => return self.error("unterminated character constant"),
                Some('\'') => break,
                _ => {}
            }
        }
        self.emit(ItemKind::CharConstant);
        State::InsideAction
    }

    fn lex_number(&mut self) -> State {
        if !self.scan_number() {
            let text = self.input[self.start..self.pos].to_string();
            return self.error(format!(
                "bad number syntax: {}",
                crate::gotmpl::quote::go_quote(&text)
            ));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            // A complex constant such as 1+2i: no spaces, ends in 'i'.
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = self.input[self.start..self.pos].to_string();
                return self.error(format!(
                    "bad number syntax: {}",
                    crate::gotmpl::quote::go_quote(&text)
                ));
            }
            self.emit(ItemKind::Complex);
        } else {
            self.emit(ItemKind::Number);
        }
        State::InsideAction
    }

    /// Scans Go number syntax leniently (the parser validates); false when a letter follows.
    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        let mut decimal = true;
        let mut hex = false;
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
                decimal = false;
                hex = true;
            } else if self.accept("oO") {
                digits = "01234567_";
                decimal = false;
            } else if self.accept("bB") {
                digits = "01_";
                decimal = false;
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if decimal && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if hex && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if let Some(c) = self.peek() {
            if is_alphanumeric(c) {
                self.pos += c.len_utf8();
                return false;
            }
        }
        true
    }

    fn lex_quote(&mut self) -> State {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => return self.error("unterminated quoted string"),
                    _ => {}
                },
                None | Some('\n') => return self.error("unterminated quoted string"),
                Some('"') => break,
                _ => {}
            }
        }
        self.emit(ItemKind::String);
        State::InsideAction
    }

    fn lex_raw_quote(&mut self) -> State {
        loop {
            match self.next() {
                None => return self.error("unterminated raw quoted string"),
                Some('`') => break,
                _ => {}
            }
        }
        self.emit(ItemKind::RawString);
        State::InsideAction
    }
}

/// Go's `%#U` of a rune: `U+005E '^'`.
fn go_rune_u(c: char) -> String {
    format!("U+{:04X} '{}'", c as u32, c)
}

fn go_rune_u_opt(c: Option<char>) -> String {
    match c {
        Some(c) => go_rune_u(c),
        // Go's EOF rune is -1, printed by %#U as U+FFFFFFFFFFFFFFFF.
        None => "U+FFFFFFFFFFFFFFFF".to_string(),
    }
}

#[cfg(test)]
#[path = "lex_tests.rs"]
mod tests;
