//! Go RE2 pattern syntax on top of the `regex` crate.
//!
//! Both engines implement RE2, but they disagree in details that change results: Go's `\d`,
//! `\w`, `\s` and `\b` are ASCII-only while the crate's are Unicode; Go accepts `\Q...\E`,
//! octal escapes and a `{` that starts no repetition as a literal. Go also words its syntax
//! errors its own way (`missing closing ): `(``), and Sprig passes those texts on. [`compile`]
//! checks a pattern with Go's rules, reporting Go's error, and translates it for the crate.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;

/// A Go regexp syntax error: the error code's text and the offending part of the pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("error parsing regexp: {code}: `{fragment}`")]
pub struct SyntaxError {
    pub code: &'static str,
    pub fragment: String,
}

const MAX_REPEAT: u32 = 1000;
const CACHE_LIMIT: usize = 512;

/// Compiles a Go regexp, reusing earlier compilations of the same pattern.
///
/// The compiled regex is shared, not cloned: a clone of a `Regex` starts with empty match
/// caches, and filling them again costs more than the match itself on the short strings
/// templates feed to `regexReplaceAll` in a loop.
pub fn compile(pattern: &str) -> Result<Arc<Regex>, SyntaxError> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = cache.lock().ok().and_then(|map| map.get(pattern).cloned()) {
        return Ok(found);
    }
    let translated = translate(pattern)?;
    let compiled = Arc::new(Regex::new(&translated).map_err(|_| SyntaxError {
        code: "invalid or unsupported Perl syntax",
        fragment: pattern.to_string(),
    })?);
    if let Ok(mut map) = cache.lock() {
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(pattern.to_string(), compiled.clone());
    }
    Ok(compiled)
}

/// The class text (without brackets) of a Go Perl class, ASCII only as in Go.
fn perl_class(letter: char) -> Option<(&'static str, bool)> {
    match letter {
        'd' => Some(("0-9", false)),
        'D' => Some(("0-9", true)),
        'w' => Some(("0-9A-Za-z_", false)),
        'W' => Some(("0-9A-Za-z_", true)),
        's' => Some(("\\t\\n\\f\\r ", false)),
        'S' => Some(("\\t\\n\\f\\r ", true)),
        _ => None,
    }
}

/// A literal character written so the crate reads it literally.
fn literal(out: &mut String, c: char) {
    if regex_syntax_meta(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_control() || c == ' ' || c == '#' {
        out.push_str(&format!("\\x{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

fn regex_syntax_meta(c: char) -> bool {
    matches!(
        c,
        '\\' | '.'
            | '+'
            | '*'
            | '?'
            | '('
            | ')'
            | '|'
            | '['
            | ']'
            | '{'
            | '}'
            | '^'
            | '$'
            | '-'
            | '&'
            | '~'
    )
}

struct Translator<'a> {
    pattern: &'a str,
    chars: Vec<char>,
    position: usize,
    out: String,
}

impl<'a> Translator<'a> {
    fn error(&self, code: &'static str, fragment: impl Into<String>) -> SyntaxError {
        SyntaxError {
            code,
            fragment: fragment.into(),
        }
    }

    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.position + offset).copied()
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to.min(self.chars.len())].iter().collect()
    }

    /// An escape at the cursor (on the backslash); `in_class` changes how classes are written.
    /// Returns the translated text and whether it is a single character (for class ranges).
    fn escape(&mut self, in_class: bool) -> Result<(String, Option<char>), SyntaxError> {
        let start = self.position;
        let Some(letter) = self.peek(1) else {
            return Err(self.error("trailing backslash at end of expression", ""));
        };
        self.position += 2;
        let single = |c: char| {
            let mut written = String::new();
            literal(&mut written, c);
            Ok((written, Some(c)))
        };
        match letter {
            'a' => single('\u{7}'),
            'f' => single('\u{C}'),
            't' => single('\t'),
            'n' => single('\n'),
            'r' => single('\r'),
            'v' => single('\u{B}'),
            '0'..='7' => {
                if letter != '0' && !matches!(self.peek(0), Some('0'..='7')) {
                    return Err(
                        self.error("invalid escape sequence", self.text(start, self.position))
                    );
                }
                let mut value = letter.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek(0).and_then(|c| c.to_digit(8)) {
                        Some(digit) => {
                            value = value * 8 + digit;
                            self.position += 1;
                        }
                        None => break,
                    }
                }
                single(char::from_u32(value).unwrap_or('\0'))
            }
            'x' => {
                let value = if self.peek(0) == Some('{') {
                    let close = (self.position..self.chars.len()).find(|i| self.chars[*i] == '}');
                    let Some(close) = close else {
                        return Err(self.error(
                            "invalid escape sequence",
                            self.text(start, self.chars.len()),
                        ));
                    };
                    let digits = self.text(self.position + 1, close);
                    self.position = close + 1;
                    u32::from_str_radix(&digits, 16)
                        .ok()
                        .filter(|_| !digits.is_empty())
                } else {
                    let digits = self.text(self.position, self.position + 2);
                    self.position += 2;
                    u32::from_str_radix(&digits, 16)
                        .ok()
                        .filter(|_| digits.len() == 2)
                };
                match value.and_then(char::from_u32) {
                    Some(c) => single(c),
                    None => {
                        Err(self.error("invalid escape sequence", self.text(start, self.position)))
                    }
                }
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                let (class, negated) = perl_class(letter).unwrap_or(("", false));
                let written = match (in_class, negated) {
                    (true, false) => class.to_string(),
                    (_, true) => format!("[^{class}]"),
                    (false, false) => format!("[{class}]"),
                };
                Ok((written, None))
            }
            'b' | 'B' if !in_class => Ok((format!("(?-u:\\{letter})"), None)),
            'A' | 'z' if !in_class => Ok((format!("\\{letter}"), None)),
            'p' | 'P' => {
                let name = if self.peek(0) == Some('{') {
                    let close = (self.position..self.chars.len()).find(|i| self.chars[*i] == '}');
                    let Some(close) = close else {
                        return Err(self.error(
                            "invalid character class range",
                            self.text(start, self.chars.len()),
                        ));
                    };
                    let name = self.text(self.position + 1, close);
                    self.position = close + 1;
                    name
                } else {
                    let Some(c) = self.peek(0) else {
                        return Err(self.error(
                            "invalid character class range",
                            self.text(start, self.position),
                        ));
                    };
                    self.position += 1;
                    c.to_string()
                };
                let written = format!("\\{letter}{{{name}}}");
                if name != "Any" && Regex::new(&written).is_err() {
                    return Err(self.error(
                        "invalid character class range",
                        self.text(start, self.position),
                    ));
                }
                Ok((written, None))
            }
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => single(c),
            _ => Err(self.error("invalid escape sequence", self.text(start, self.position))),
        }
    }

    /// A bracketed class at the cursor (on `[`).
    fn class(&mut self) -> Result<(), SyntaxError> {
        let start = self.position;
        let missing = |t: &Self| t.error("missing closing ]", t.text(start, t.chars.len()));
        self.position += 1;
        let mut written = String::from("[");
        if self.peek(0) == Some('^') {
            written.push('^');
            self.position += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(missing(self));
            };
            if c == ']' && !first {
                self.position += 1;
                break;
            }
            first = false;
            if c == '[' && self.peek(1) == Some(':') {
                let rest = self.text(self.position, self.chars.len());
                if let Some(end) = rest.find(":]") {
                    let name = &rest[2..end];
                    let known = [
                        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
                        "print", "punct", "space", "upper", "word", "xdigit",
                    ];
                    if !known.contains(&name.trim_start_matches('^')) {
                        return Err(self.error("invalid character class range", &rest[..end + 2]));
                    }
                    written.push_str(&rest[..end + 2]);
                    self.position += rest[..end + 2].chars().count();
                    continue;
                }
            }
            let range_start = self.position;
            let (low_text, low) = self.class_atom()?;
            // A class escape (`\d`, `\pL`) is a whole item: a `-` after it starts the next item
            // and is read as a literal, as Go's parser does.
            let range_follows = low.is_some()
                && self.peek(0) == Some('-')
                && !matches!(self.peek(1), Some(']') | None);
            if range_follows {
                self.position += 1;
                if self.peek(0) == Some('\\')
                    && matches!(
                        self.peek(1),
                        Some('d' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P')
                    )
                {
                    // Go reads a range's upper end as one character, where a class is unknown.
                    return Err(self.error(
                        "invalid escape sequence",
                        self.text(self.position, self.position + 2),
                    ));
                }
                let (high_text, high) = self.class_atom()?;
                match (low, high) {
                    (Some(low), Some(high)) if low <= high => {
                        written.push_str(&low_text);
                        written.push('-');
                        written.push_str(&high_text);
                    }
                    _ => {
                        return Err(self.error(
                            "invalid character class range",
                            self.text(range_start, self.position),
                        ))
                    }
                }
            } else {
                written.push_str(&low_text);
            }
        }
        written.push(']');
        self.out.push_str(&written);
        Ok(())
    }

    fn class_atom(&mut self) -> Result<(String, Option<char>), SyntaxError> {
        match self.peek(0) {
            Some('\\') => self.escape(true),
            Some(c) => {
                self.position += 1;
                let mut written = String::new();
                literal(&mut written, c);
                Ok((written, Some(c)))
            }
            None => Err(self.error("missing closing ]", "")),
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` at the cursor: its length in characters and bounds.
    fn repeat_at(&self) -> Option<(usize, u32, Option<u32>, bool)> {
        let rest = self.text(self.position, self.chars.len());
        let close = rest.find('}')?;
        let body = &rest[1..close];
        let (low, high, bounded) = match body.split_once(',') {
            None => (body, body, true),
            Some((low, "")) => (low, "", false),
            Some((low, high)) => (low, high, true),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(low) || (bounded && !digits(high)) {
            return None;
        }
        let low_value = low.parse::<u32>().unwrap_or(u32::MAX);
        let high_value = if bounded {
            Some(high.parse::<u32>().unwrap_or(u32::MAX))
        } else {
            None
        };
        Some((close + 1, low_value, high_value, bounded))
    }

    fn run(mut self) -> Result<String, SyntaxError> {
        let mut depth = 0usize;
        // Whether the previous item can take a repetition, and where the last repetition began.
        let mut repeatable = false;
        let mut last_repeat: Option<usize> = None;
        while let Some(c) = self.peek(0) {
            let start = self.position;
            match c {
                '\\' if self.peek(1) == Some('Q') => {
                    self.position += 2;
                    let rest = self.text(self.position, self.chars.len());
                    let (quoted, consumed) = match rest.find("\\E") {
                        Some(end) => (rest[..end].to_string(), end + 2),
                        None => (rest.clone(), rest.len()),
                    };
                    for q in quoted.chars() {
                        literal(&mut self.out, q);
                    }
                    self.position += rest[..consumed].chars().count();
                    repeatable = !quoted.is_empty();
                    last_repeat = None;
                    continue;
                }
                '\\' => {
                    let (written, _) = self.escape(false)?;
                    self.out.push_str(&written);
                    repeatable = true;
                    last_repeat = None;
                    continue;
                }
                '[' => {
                    self.class()?;
                    repeatable = true;
                    last_repeat = None;
                    continue;
                }
                '(' => {
                    self.position += 1;
                    if self.peek(0) == Some('?') {
                        if self.group_flags(start)? {
                            depth += 1;
                        }
                    } else {
                        self.out.push('(');
                        depth += 1;
                    }
                    repeatable = false;
                    last_repeat = None;
                    continue;
                }
                ')' => {
                    if depth == 0 {
                        return Err(self.error("unexpected )", self.pattern));
                    }
                    depth -= 1;
                    self.out.push(')');
                    repeatable = true;
                    last_repeat = None;
                }
                '|' => {
                    self.out.push('|');
                    repeatable = false;
                    last_repeat = None;
                }
                '*' | '+' | '?' | '{' => {
                    let length = if c == '{' {
                        match self.repeat_at() {
                            Some((length, low, high, _)) => {
                                if low > MAX_REPEAT
                                    || high.is_some_and(|h| h > MAX_REPEAT || h < low)
                                {
                                    return Err(self.error(
                                        "invalid repeat count",
                                        self.text(start, start + length),
                                    ));
                                }
                                length
                            }
                            None => {
                                self.position += 1;
                                self.out.push_str("\\{");
                                repeatable = true;
                                last_repeat = None;
                                continue;
                            }
                        }
                    } else {
                        1
                    };
                    let mut end = start + length;
                    if self.chars.get(end) == Some(&'?') {
                        end += 1;
                    }
                    if let Some(previous) = last_repeat {
                        return Err(self.error(
                            "invalid nested repetition operator",
                            self.text(previous, end),
                        ));
                    }
                    if !repeatable {
                        return Err(self.error(
                            "missing argument to repetition operator",
                            self.text(start, end),
                        ));
                    }
                    self.out.push_str(&self.text(start, end));
                    self.position = end;
                    last_repeat = Some(start);
                    continue;
                }
                '^' | '$' | '.' => {
                    self.out.push(c);
                    repeatable = true;
                    last_repeat = None;
                }
                other => {
                    literal(&mut self.out, other);
                    repeatable = true;
                    last_repeat = None;
                }
            }
            self.position += 1;
        }
        if depth > 0 {
            return Err(self.error("missing closing )", self.pattern));
        }
        Ok(self.out)
    }

    /// `(?flags)`, `(?flags:`, `(?P<name>` and `(?<name>` with the cursor on `?`; whether a group
    /// was opened (everything but a bare flag setting).
    fn group_flags(&mut self, start: usize) -> Result<bool, SyntaxError> {
        let rest = self.text(self.position, self.chars.len());
        let named = rest.strip_prefix("?P<").or_else(|| rest.strip_prefix("?<"));
        if let Some(after) = named {
            let prefix_length = rest.len() - after.len();
            let Some(close) = after.find('>') else {
                return Err(self.error("invalid named capture", self.text(start, self.chars.len())));
            };
            let name = &after[..close];
            let fragment = self.text(start, self.position + prefix_length + close + 1);
            if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_alphanumeric()) {
                return Err(self.error("invalid named capture", fragment));
            }
            self.out.push_str(&format!("(?P<{name}>"));
            self.position += (prefix_length + close + 1).min(rest.len());
            return Ok(true);
        }
        // Go reads flags up to `:` or `)`: at most one `-`, and a `-` must be followed by a flag;
        // no flags at all is fine (`(?:x)` is a plain non-capturing group, `(?)` sets nothing).
        let mut flags = String::new();
        let mut negated = false;
        let mut saw_flag = false;
        for (index, c) in rest.chars().enumerate().skip(1) {
            let fragment_end = self.position + index + 1;
            match c {
                'i' | 'm' | 's' | 'U' => {
                    flags.push(c);
                    saw_flag = true;
                }
                '-' if !negated => {
                    flags.push(c);
                    negated = true;
                    saw_flag = false;
                }
                ')' | ':' if !negated || saw_flag => {
                    if !flags.is_empty() {
                        self.out.push_str(&format!("(?{flags}{c}"));
                    } else if c == ':' {
                        self.out.push_str("(?:");
                    }
                    self.position += index + 1;
                    return Ok(c == ':');
                }
                _ => {
                    return Err(self.error(
                        "invalid or unsupported Perl syntax",
                        self.text(start, fragment_end),
                    ))
                }
            }
        }
        Err(self.error(
            "invalid or unsupported Perl syntax",
            self.text(start, self.chars.len()),
        ))
    }
}

/// Checks `pattern` with Go's syntax rules and rewrites it for the `regex` crate.
pub fn translate(pattern: &str) -> Result<String, SyntaxError> {
    let translator = Translator {
        pattern,
        chars: pattern.chars().collect(),
        position: 0,
        out: String::new(),
    };
    translator.run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_text(pattern: &str) -> String {
        translate(pattern).unwrap_err().to_string()
    }

    #[test]
    fn go_error_texts() {
        assert_eq!(
            error_text("("),
            "error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            error_text("["),
            "error parsing regexp: missing closing ]: `[`"
        );
        assert_eq!(
            error_text("a[bc"),
            "error parsing regexp: missing closing ]: `[bc`"
        );
        assert_eq!(
            error_text("*"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            error_text("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(error_text("a)"), "error parsing regexp: unexpected ): `a)`");
        assert_eq!(
            error_text("\\q"),
            "error parsing regexp: invalid escape sequence: `\\q`"
        );
        assert_eq!(
            error_text("[z-a]"),
            "error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            error_text("a{1001}"),
            "error parsing regexp: invalid repeat count: `{1001}`"
        );
        assert_eq!(
            error_text("(?=x)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"
        );
        assert_eq!(
            error_text("(?i"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i`"
        );
        assert_eq!(
            error_text("\\pX"),
            "error parsing regexp: invalid character class range: `\\pX`"
        );
        assert_eq!(
            error_text("\\1"),
            "error parsing regexp: invalid escape sequence: `\\1`"
        );
        assert_eq!(
            error_text("[a-\\d]"),
            "error parsing regexp: invalid escape sequence: `\\d`"
        );
        assert_eq!(
            error_text("[a-\\pL]"),
            "error parsing regexp: invalid escape sequence: `\\p`"
        );
        assert_eq!(
            error_text("[a-[:alpha:]]"),
            "error parsing regexp: invalid character class range: `a-[`"
        );
        assert_eq!(
            error_text("(?i-m-s)x"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i-m-`"
        );
        assert_eq!(
            error_text("(?-)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?-)`"
        );
        assert_eq!(
            error_text("(?i-:x)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i-:`"
        );
        assert_eq!(
            error_text("(?--)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?--`"
        );
        assert_eq!(
            error_text("x\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
    }

    #[test]
    fn translations_keep_go_meaning() {
        let matches = |pattern: &str, text: &str| compile(pattern).unwrap().is_match(text);
        assert!(!matches("^\\d$", "٣"));
        assert!(matches("^\\d$", "3"));
        assert!(!matches("^\\w+$", "héllo"));
        assert!(matches("^\\p{L}+$", "héllo"));
        assert!(matches("^a{$", "a{"));
        assert!(matches("^\\Q.*\\E$", ".*"));
        assert!(matches("^\\101$", "A"));
        assert!(matches("^[\\d\\s]+$", "1 2"));
        assert!(matches("^[^\\D]$", "5"));
        assert!(matches("(?i)ABC", "abc"));
        assert!(matches("^(?P<first>\\w+) (?<last>\\w+)$", "John Smith"));
        assert!(matches("^a*?b+?$", "aab"));
        assert!(matches("^x{2,3}$", "xxx"));
        assert!(matches("^[]a]+$", "]a"));
        assert!(matches("^[[:alpha:]]+$", "abc"));
        assert!(matches("^#\\ $", "# "));
    }

    #[test]
    fn dash_after_class_escape_is_literal() {
        let matches = |pattern: &str, text: &str| compile(pattern).unwrap().is_match(text);
        assert!(matches("^[\\w-\\.]+$", "my-master.x"));
        assert!(!matches("^[\\w-\\.]+$", "a/b"));
        assert!(matches("^[\\d-z]+$", "1-z"));
        assert!(!matches("^[\\d-z]+$", "y"));
        assert!(matches("^[\\d-\\w]+$", "a-1"));
        assert!(matches("^[[:alpha:]-z]+$", "a-z"));
        assert!(matches("^[\\pL-z]+$", "é-z"));
        assert!(matches("^[\\w--]+$", "a-"));
    }

    #[test]
    fn groups_without_flags() {
        let found = |pattern: &str, text: &str| {
            compile(pattern)
                .unwrap()
                .find(text)
                .map(|m| m.as_str().to_string())
        };
        assert_eq!(found("(?:x)", "x").as_deref(), Some("x"));
        assert_eq!(compile("^(?:a|b)$").unwrap().captures_len(), 1);
        assert!(compile("^(?:a|b)$").unwrap().is_match("b"));
        assert!(compile("^(?)a$").unwrap().is_match("a"));
        assert!(compile("(?i-s:A.)").unwrap().is_match("ab"));
    }
}
