//! Go's `json.Unmarshal` into `interface{}`: objects become maps, arrays lists, every number a
//! float64, and malformed input fails with Go's scanner messages (`invalid character 'x'
//! looking for beginning of value`, `unexpected end of JSON input`, ...), which Helm's
//! `fromJson` returns as data.
//!
//! Go validates the whole text before decoding, so a syntax error anywhere wins over a
//! number that does not fit a float64; the parser here keeps the first number error aside
//! until the end for the same effect. At the end of the input Go's scanner is fed one space,
//! so a truncated literal reports `invalid character ' ' in literal true (expecting 'e')`
//! while a truncated string or container reports `unexpected end of JSON input`. The parser
//! keeps its own stack of open containers (no recursion) and refuses nesting beyond 1000
//! levels with Go's `exceeded max depth` message (Go's own limit is 10000).

use super::JsonError;
use crate::value::fmt::quote::quote;
use crate::value::{Map, MapEntries, Str, Value};

/// Go allows 10000 levels; dropping (and printing, comparing) a `Value` recurses, so we stop
/// at 1000, far beyond any chart data, to stay clear of the stack.
const MAX_NESTING: usize = 1_000;

/// Parses one JSON text (surrounding whitespace allowed) into a [`Value`].
pub fn decode(text: &str) -> Result<Value, JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        position: 0,
        number_error: None,
    };
    let value = parser.document()?;
    match parser.number_error {
        Some(error) => Err(error),
        None => Ok(value),
    }
}

enum Frame {
    List(Vec<Value>),
    Object(MapEntries, Str),
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
    number_error: Option<JsonError>,
}

impl Parser<'_> {
    fn document(&mut self) -> Result<Value, JsonError> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.skip_space();
            let mut value = match self.peek() {
                None => return Err(JsonError::UnexpectedEnd),
                Some(b'{') => {
                    self.open(&mut stack, b'{')?;
                    self.position += 1;
                    self.skip_space();
                    if self.peek() == Some(b'}') {
                        self.position += 1;
                        Value::Map(Map::new())
                    } else {
                        let key = self.object_key()?;
                        stack.push(Frame::Object(MapEntries::new(), key));
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.open(&mut stack, b'[')?;
                    self.position += 1;
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        self.position += 1;
                        Value::list(Vec::new())
                    } else {
                        stack.push(Frame::List(Vec::new()));
                        continue 'value;
                    }
                }
                Some(b'"') => Value::String(self.string()?.into()),
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true", Value::Bool(true))?,
                Some(b'f') => self.literal("false", Value::Bool(false))?,
                Some(b'n') => self.literal("null", Value::Nil)?,
                Some(other) => return Err(self.syntax(other, "looking for beginning of value")),
            };
            // Attach the finished value to the open containers, closing those that end here.
            loop {
                self.skip_space();
                match stack.last_mut() {
                    None => {
                        return match self.peek() {
                            None => Ok(value),
                            Some(other) => Err(self.syntax(other, "after top-level value")),
                        };
                    }
                    Some(Frame::List(items)) => {
                        items.push(value);
                        match self.peek() {
                            Some(b',') => {
                                self.position += 1;
                                continue 'value;
                            }
                            Some(b']') => {
                                self.position += 1;
                                let items = std::mem::take(items);
                                stack.pop();
                                value = Value::list(items);
                            }
                            Some(other) => return Err(self.syntax(other, "after array element")),
                            None => return Err(JsonError::UnexpectedEnd),
                        }
                    }
                    Some(Frame::Object(entries, key)) => {
                        entries.insert(key.clone(), value);
                        match self.peek() {
                            Some(b',') => {
                                self.position += 1;
                                self.skip_space();
                                *key = self.object_key()?;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.position += 1;
                                let entries = std::mem::take(entries);
                                stack.pop();
                                value = Value::Map(Map::from_entries(entries));
                            }
                            Some(other) => {
                                return Err(self.syntax(other, "after object key:value pair"))
                            }
                            None => return Err(JsonError::UnexpectedEnd),
                        }
                    }
                }
            }
        }
    }

    /// Checks the nesting limit before a container opens.
    fn open(&self, stack: &mut [Frame], opener: u8) -> Result<(), JsonError> {
        if stack.len() + 1 > MAX_NESTING {
            return Err(self.syntax(opener, "exceeded max depth"));
        }
        Ok(())
    }

    /// A key string and its colon, positioned at the key's opening quote.
    fn object_key(&mut self) -> Result<Str, JsonError> {
        match self.peek() {
            Some(b'"') => {}
            Some(other) => {
                return Err(self.syntax(other, "looking for beginning of object key string"))
            }
            None => return Err(JsonError::UnexpectedEnd),
        }
        let key = self.string()?;
        self.skip_space();
        match self.peek() {
            Some(b':') => {
                self.position += 1;
                Ok(key.into())
            }
            Some(other) => Err(self.syntax(other, "after object key")),
            None => Err(JsonError::UnexpectedEnd),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.position += 1;
        }
    }

    /// The scanner's error for byte `found` in `context`.
    fn syntax(&self, found: u8, context: &str) -> JsonError {
        JsonError::Syntax {
            message: format!("invalid character {} {context}", quote_char(found)),
            offset: self.position,
        }
    }

    /// The next byte inside a token; at the end of input Go's scanner sees a space.
    fn token_byte(&self) -> u8 {
        self.peek().unwrap_or(b' ')
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        self.position += 1;
        for expected in word.bytes().skip(1) {
            let found = self.token_byte();
            if found != expected {
                let context = format!("in literal {word} (expecting {})", quote_char(expected));
                return Err(self.syntax(found, &context));
            }
            self.position += 1;
        }
        Ok(value)
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.position;
        if self.peek() == Some(b'-') {
            self.position += 1;
        }
        match self.token_byte() {
            b'0' => self.position += 1,
            b'1'..=b'9' => self.skip_digits(),
            other => return Err(self.syntax(other, "in numeric literal")),
        }
        if self.peek() == Some(b'.') {
            self.position += 1;
            if !self.token_byte().is_ascii_digit() {
                return Err(
                    self.syntax(self.token_byte(), "after decimal point in numeric literal")
                );
            }
            self.skip_digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.position += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.position += 1;
            }
            if !self.token_byte().is_ascii_digit() {
                return Err(self.syntax(self.token_byte(), "in exponent of numeric literal"));
            }
            self.skip_digits();
        }
        let literal = &self.text[start..self.position];
        let parsed: f64 = literal.parse().unwrap_or(f64::INFINITY);
        if parsed.is_infinite() && self.number_error.is_none() {
            self.number_error = Some(JsonError::UnmarshalType {
                value: format!("number {literal}"),
                target: "float64".into(),
            });
            return Ok(Value::Nil);
        }
        Ok(Value::Float(parsed))
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.position += 1;
        }
    }

    /// A string literal at its opening quote, escapes decoded. Unpaired UTF-16 surrogates
    /// become U+FFFD.
    fn string(&mut self) -> Result<String, JsonError> {
        self.position += 1;
        let mut out = String::new();
        loop {
            let run_start = self.position;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.position += 1;
            }
            out.push_str(&self.text[run_start..self.position]);
            match self.peek() {
                None => return Err(JsonError::UnexpectedEnd),
                Some(b'"') => {
                    self.position += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.position += 1;
                    self.escape(&mut out)?;
                }
                Some(control) => return Err(self.syntax(control, "in string literal")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let code = self.token_byte();
        let simple = match code {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'u' => None,
            other => return Err(self.syntax(other, "in string escape code")),
        };
        self.position += 1;
        if let Some(c) = simple {
            out.push(c);
            return Ok(());
        }
        let first = self.hex4()?;
        if (0xd800..0xdc00).contains(&first)
            && self.bytes.get(self.position..self.position + 2) == Some(b"\\u")
        {
            let saved = self.position;
            self.position += 2;
            let second = self.hex4()?;
            if (0xdc00..0xe000).contains(&second) {
                let combined = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                out.push(char::from_u32(combined).unwrap_or('\u{fffd}'));
                return Ok(());
            }
            self.position = saved;
        }
        out.push(char::from_u32(first).unwrap_or('\u{fffd}'));
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0;
        for _ in 0..4 {
            let b = self.token_byte();
            let Some(digit) = (b as char).to_digit(16) else {
                return Err(self.syntax(b, "in \\u hexadecimal character escape"));
            };
            code = code * 16 + digit;
            self.position += 1;
        }
        Ok(code)
    }
}

/// How Go's scanner names an offending byte: the byte read as a Latin-1 character, quoted.
fn quote_char(byte: u8) -> String {
    match byte {
        b'\'' => r"'\''".into(),
        b'"' => "'\"'".into(),
        other => {
            let quoted = quote(&char::from(other).to_string());
            format!("'{}'", &quoted[1..quoted.len() - 1])
        }
    }
}
