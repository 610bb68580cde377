//! Helm's `--set` family of flags: the `strvals` grammar.
//!
//! A set line is a comma-separated list of `path=value` assignments applied onto a values map
//! that already holds the `-f` files (and earlier flags), so `--set list[2]=z` patches a list
//! that came from a file. Paths are dot-separated keys with optional `[index]` suffixes; a
//! backslash escapes the next character in keys and values. Values are typed differently per
//! flag:
//!
//! * `--set`: `true`/`false`/`null` (any case), integers without a leading zero become int64,
//!   everything else stays a string; `{a,b}` is a list;
//! * `--set-string`: every value is a string (lists still split on `{}`);
//! * `--set-json`: each value is one JSON document (numbers are float64);
//! * `--set-file`: each value is a path whose file content becomes a string;
//! * `--set-literal`: one assignment, the rest of the line after `=` taken verbatim (no commas,
//!   braces, typing, nor backslash escapes in the path either); the path keeps the `--set`
//!   shape (`a.b`, `a[0]`, `a[0].b`), walked by the same code.
//!
//! Error texts match Helm's, including the Go panic messages Helm turns into errors when a path
//! walks into a value of the wrong type (`interface conversion: ...`).

use crate::value::fmt::quote::quote as go_quote;
use crate::value::json::from_serde_json;
use crate::value::{Map, Value};

/// The largest list index a set line may use.
pub const MAX_INDEX: i64 = 65536;

/// The deepest nesting of dotted names a set line may use.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// A set line Helm refuses; the text is Helm's message without the flag prefix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StrvalsError(pub String);

/// Reads the value of a `--set-file` assignment (the text after `=`) into a value.
pub type FileReader<'a> = dyn FnMut(&str) -> Result<Value, StrvalsError> + 'a;

/// How the values of a set line are typed.
enum ValueKind<'a, 'b> {
    Typed,
    Strings,
    Json,
    File(&'a mut FileReader<'b>),
    Literal,
}

/// Why a step of the parser stopped: the end of the input (not an error at the top level) or a
/// real failure.
enum Stop {
    End,
    Fail(StrvalsError),
}

impl From<StrvalsError> for Stop {
    fn from(error: StrvalsError) -> Stop {
        Stop::Fail(error)
    }
}

fn fail<T>(message: impl Into<String>) -> Result<T, Stop> {
    Err(Stop::Fail(StrvalsError(message.into())))
}

/// Applies a `--set` line onto `dest`.
pub fn parse_into(line: &str, dest: &Map) -> Result<(), StrvalsError> {
    Parser::new(line, ValueKind::Typed).parse(dest)
}

/// Applies a `--set-string` line onto `dest`.
pub fn parse_into_string(line: &str, dest: &Map) -> Result<(), StrvalsError> {
    Parser::new(line, ValueKind::Strings).parse(dest)
}

/// Applies a `--set-json` line (`key=<json>,key2=<json>`) onto `dest`.
pub fn parse_json_into(line: &str, dest: &Map) -> Result<(), StrvalsError> {
    Parser::new(line, ValueKind::Json).parse(dest)
}

/// Applies a `--set-literal` line onto `dest`: one `path=value`, the value being everything after
/// the first `=`.
pub fn parse_literal_into(line: &str, dest: &Map) -> Result<(), StrvalsError> {
    Parser::new(line, ValueKind::Literal).parse(dest)
}

/// Applies a `--set-file` line onto `dest`, reading each value through `reader`.
pub fn parse_file_into(
    line: &str,
    dest: &Map,
    reader: &mut FileReader<'_>,
) -> Result<(), StrvalsError> {
    Parser::new(line, ValueKind::File(reader)).parse(dest)
}

/// Parses a `--set` line into a fresh map.
pub fn parse(line: &str) -> Result<Map, StrvalsError> {
    let map = Map::new();
    parse_into(line, &map)?;
    Ok(map)
}

/// `--set` typing of a value: Helm's `typedVal`.
pub fn typed_value(text: &str, force_string: bool) -> Value {
    if force_string {
        return Value::string(text);
    }
    if text.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if text.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if text.eq_ignore_ascii_case("null") {
        return Value::Nil;
    }
    if text == "0" {
        return Value::Int64(0);
    }
    if !text.is_empty() && !text.starts_with('0') {
        if let Some(number) = go_parse_int(text) {
            return Value::Int64(number);
        }
    }
    Value::string(text)
}

/// Go's `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits only, no overflow.
fn go_parse_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok()
}

/// Go's `strconv.Atoi` with its error text, as Helm reports a bad `[index]`.
fn go_atoi(text: &str) -> Result<i64, String> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            go_quote(text)
        ));
    }
    text.parse::<i64>().map_err(|_| {
        format!(
            "strconv.Atoi: parsing {}: value out of range",
            go_quote(text)
        )
    })
}

/// The Go type Helm's panics name for a value held in an `interface{}`.
fn go_dynamic_type(value: &Value) -> String {
    match value {
        Value::Nil => "nil".to_string(),
        other => other.type_name(),
    }
}

/// The message of a failed Go type assertion, wrapped as Helm's key parser recovers it.
fn conversion_panic(found: &Value, wanted: &str) -> StrvalsError {
    StrvalsError(format!(
        "unable to parse key: interface conversion: interface {{}} is {}, not {}",
        go_dynamic_type(found),
        wanted
    ))
}

const LIST_TYPE: &str = "[]interface {}";
const MAP_TYPE: &str = "map[string]interface {}";

/// A rune reader over the set line with one character of push-back; `escapes` says whether a
/// backslash escapes the next character (not in `--set-literal` paths).
struct Scanner {
    chars: Vec<char>,
    position: usize,
    escapes: bool,
}

impl Scanner {
    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.position).copied();
        if c.is_some() {
            self.position += 1;
        }
        c
    }

    fn unread(&mut self) {
        self.position = self.position.saturating_sub(1);
    }

    fn rest(&self) -> String {
        self.chars
            .get(self.position..)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    /// The rest of the line, consumed.
    fn take_rest(&mut self) -> String {
        let rest = self.rest();
        self.position = self.chars.len();
        rest
    }

    fn skip_chars(&mut self, count: usize) {
        self.position = (self.position + count).min(self.chars.len());
    }

    /// Characters up to one of `stop` (consumed, returned as the second value), unescaping
    /// backslashes when `escapes` is on; `None` as the stop when the input ended first.
    fn until(&mut self, stop: &[char]) -> (String, Option<char>) {
        let mut text = String::new();
        loop {
            match self.read() {
                None => return (text, None),
                Some(c) if stop.contains(&c) => return (text, Some(c)),
                Some('\\') if self.escapes => match self.read() {
                    None => return (text, None),
                    Some(next) => text.push(next),
                },
                Some(c) => text.push(c),
            }
        }
    }
}

struct Parser<'a, 'b> {
    scanner: Scanner,
    kind: ValueKind<'a, 'b>,
}

/// Outcome of reading a `{a,b}` list value.
enum ListRead {
    List(Vec<Value>),
    NotList,
    End,
}

impl<'a, 'b> Parser<'a, 'b> {
    fn new(line: &str, kind: ValueKind<'a, 'b>) -> Self {
        let escapes = !matches!(kind, ValueKind::Literal);
        Parser {
            scanner: Scanner {
                chars: line.chars().collect(),
                position: 0,
                escapes,
            },
            kind,
        }
    }

    fn parse(mut self, dest: &Map) -> Result<(), StrvalsError> {
        loop {
            match self.key(dest, 0) {
                Ok(()) => continue,
                Err(Stop::End) => return Ok(()),
                Err(Stop::Fail(error)) => return Err(error),
            }
        }
    }

    fn read_value(&mut self, text: &str) -> Result<Value, StrvalsError> {
        match &mut self.kind {
            ValueKind::Typed => Ok(typed_value(text, false)),
            ValueKind::Strings | ValueKind::Literal => Ok(typed_value(text, true)),
            ValueKind::File(reader) => reader(text),
            ValueKind::Json => Ok(typed_value(text, false)),
        }
    }

    fn is_json(&self) -> bool {
        matches!(self.kind, ValueKind::Json)
    }

    fn is_literal(&self) -> bool {
        matches!(self.kind, ValueKind::Literal)
    }

    /// One assignment (or the rest of a dotted path) into `data`.
    fn key(&mut self, data: &Map, nested_level: usize) -> Result<(), Stop> {
        let stops: &[char] = if self.is_literal() {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let (key, last) = self.scanner.until(stops);
        match last {
            None => {
                if key.is_empty() {
                    Err(Stop::End)
                } else {
                    fail(format!("key {} has no value", go_quote(&key)))
                }
            }
            Some('[') => {
                let index = self.key_index()?;
                let mut list = match data.get(&key) {
                    None => Vec::new(),
                    Some(Value::List(items)) => items.to_vec(),
                    Some(other) => return Err(conversion_panic(&other, LIST_TYPE).into()),
                };
                let result = self.list_item(&mut list, index, nested_level);
                set(data, &key, Value::list(list));
                result
            }
            Some('=') => {
                if self.is_literal() {
                    set(data, &key, Value::string(self.scanner.take_rest()));
                    return Ok(());
                }
                if self.is_json() {
                    let value = self.json_value()?;
                    set(data, &key, value.unwrap_or(Value::Nil));
                    return Ok(());
                }
                match self.value_list()? {
                    ListRead::List(items) => {
                        set(data, &key, Value::list(items));
                        Ok(())
                    }
                    ListRead::End => {
                        set(data, &key, Value::string(""));
                        Err(Stop::End)
                    }
                    ListRead::NotList => {
                        let (text, _) = self.scanner.until(&[',']);
                        let value = self.read_value(&text)?;
                        set(data, &key, value);
                        Ok(())
                    }
                }
            }
            Some(',') => {
                set(data, &key, Value::string(""));
                fail(format!(
                    "key {} has no value (cannot end with ,)",
                    go_quote(&key)
                ))
            }
            Some(_) => {
                let level = nested_level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return fail(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    ));
                }
                let inner = match data.get(&key) {
                    None => Map::new(),
                    Some(Value::Map(existing)) => existing,
                    Some(other) => return Err(conversion_panic(&other, MAP_TYPE).into()),
                };
                let result = self.key(&inner, level);
                if result.is_ok() && inner.is_empty() {
                    return fail(format!("key map {} has no value", go_quote(&key)));
                }
                if !inner.is_empty() {
                    set(data, &key, Value::Map(inner));
                }
                result
            }
        }
    }

    /// The number inside `[...]` (the `[` already consumed).
    fn key_index(&mut self) -> Result<i64, Stop> {
        let (text, last) = self.scanner.until(&[']']);
        if last.is_none() {
            return Err(Stop::End);
        }
        go_atoi(&text)
            .map_err(|message| Stop::Fail(StrvalsError(format!("error parsing index: {message}"))))
    }

    /// What follows `name[index]`: `=value`, `.key...` or another `[index]`.
    fn list_item(
        &mut self,
        list: &mut Vec<Value>,
        index: i64,
        nested_level: usize,
    ) -> Result<(), Stop> {
        if index < 0 {
            return fail(format!("negative {index} index not allowed"));
        }
        let (rest, last) = self.scanner.until(&['[', '.', '=']);
        if !rest.is_empty() {
            return fail(format!(
                "unexpected data at end of array index: {}",
                go_quote(&rest)
            ));
        }
        match last {
            None => Err(Stop::End),
            Some('=') => {
                if self.is_literal() {
                    return set_index(list, index, Value::string(self.scanner.take_rest()));
                }
                if self.is_json() {
                    return self.json_value_for_index(list, index);
                }
                match self.value_list()? {
                    ListRead::List(items) => set_index(list, index, Value::list(items)),
                    ListRead::End => set_index(list, index, Value::string("")),
                    ListRead::NotList => {
                        let (text, _) = self.scanner.until(&[',']);
                        let value = self.read_value(&text)?;
                        set_index(list, index, value)
                    }
                }
            }
            Some('[') => {
                let next_index = self.key_index()?;
                let mut inner = match usize::try_from(index).ok().and_then(|i| list.get(i)) {
                    None | Some(Value::Nil) => Vec::new(),
                    Some(Value::List(items)) => items.to_vec(),
                    Some(other) => return Err(conversion_panic(other, LIST_TYPE).into()),
                };
                self.list_item(&mut inner, next_index, nested_level)?;
                set_index(list, index, Value::list(inner))
            }
            Some(_) => {
                let slot = usize::try_from(index).ok().filter(|i| *i < list.len());
                let inner = match slot.and_then(|i| list.get(i)) {
                    Some(Value::Map(existing)) => existing.clone(),
                    Some(_) => {
                        // Out-of-order indexes: Helm replaces the element with an empty map.
                        let fresh = Map::new();
                        if let Some(element) = slot.and_then(|i| list.get_mut(i)) {
                            *element = Value::Map(fresh.clone());
                        }
                        fresh
                    }
                    None => Map::new(),
                };
                self.key(&inner, nested_level)?;
                set_index(list, index, Value::Map(inner))
            }
        }
    }

    /// `--set-json` value of `name[index]=`: sets the element, then skips a separating comma.
    fn json_value_for_index(&mut self, list: &mut Vec<Value>, index: i64) -> Result<(), Stop> {
        if self.empty_value() {
            return set_index(list, index, Value::Nil);
        }
        let value = self.decode_json()?;
        set_index(list, index, value)?;
        self.empty_value();
        Ok(())
    }

    /// `--set-json` value after `=`: `None` for an empty value (Helm stores null).
    fn json_value(&mut self) -> Result<Option<Value>, Stop> {
        if self.empty_value() {
            return Ok(None);
        }
        let value = self.decode_json()?;
        self.empty_value();
        Ok(Some(value))
    }

    /// Decodes one JSON value at the cursor, as Go's `json.Decoder` does: the value ends where
    /// its grammar ends, whatever follows.
    fn decode_json(&mut self) -> Result<Value, Stop> {
        let rest = self.scanner.rest();
        let Some(length) = json_value_length(&rest) else {
            return fail("invalid JSON value");
        };
        let text = rest.get(..length).unwrap_or_default();
        let parsed: serde_json::Value = serde_json::from_str(text)
            .map_err(|error| Stop::Fail(StrvalsError(error.to_string())))?;
        self.scanner.skip_chars(text.chars().count());
        Ok(from_serde_json(&parsed))
    }

    /// Skips blanks; true (and a comma consumed) when the value is empty.
    fn empty_value(&mut self) -> bool {
        loop {
            match self.scanner.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => continue,
                Some(_) => {
                    self.scanner.unread();
                    return false;
                }
            }
        }
    }

    /// A `{a,b,...}` list value, if the value starts with `{`.
    fn value_list(&mut self) -> Result<ListRead, Stop> {
        match self.scanner.read() {
            None => return Ok(ListRead::End),
            Some('{') => {}
            Some(_) => {
                self.scanner.unread();
                return Ok(ListRead::NotList);
            }
        }
        let mut items = Vec::new();
        loop {
            let (text, last) = self.scanner.until(&[',', '}']);
            match last {
                None => return fail("list must terminate with '}'"),
                Some('}') => {
                    if let Some(next) = self.scanner.read() {
                        if next != ',' {
                            self.scanner.unread();
                        }
                    }
                    items.push(self.read_value(&text)?);
                    return Ok(ListRead::List(items));
                }
                Some(_) => items.push(self.read_value(&text)?),
            }
        }
    }
}

/// Helm's `set`: an empty key is silently skipped.
fn set(data: &Map, key: &str, value: Value) {
    if !key.is_empty() {
        data.insert(key, value);
    }
}

/// Helm's `setIndex`: grows the list with nulls up to the index.
fn set_index(list: &mut Vec<Value>, index: i64, value: Value) -> Result<(), Stop> {
    if index < 0 {
        return fail(format!("negative {index} index not allowed"));
    }
    if index > MAX_INDEX {
        return fail(format!(
            "index of {index} is greater than maximum supported index of {MAX_INDEX}"
        ));
    }
    let position = usize::try_from(index).unwrap_or(usize::MAX);
    if list.len() <= position {
        list.resize(position + 1, Value::Nil);
    }
    if let Some(slot) = list.get_mut(position) {
        *slot = value;
    }
    Ok(())
}

/// Length in bytes of the JSON value at the start of `text` (after JSON blanks), following the
/// grammar the way Go's decoder finds the end of a value; `None` if no value starts there.
fn json_value_length(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut position = bytes
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    let first = *bytes.get(position)?;
    match first {
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut in_string = false;
            let mut escaped = false;
            while let Some(&b) = bytes.get(position) {
                position += 1;
                if in_string {
                    match (escaped, b) {
                        (true, _) => escaped = false,
                        (false, b'\\') => escaped = true,
                        (false, b'"') => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(position);
                        }
                    }
                    _ => {}
                }
            }
            Some(position)
        }
        b'"' => {
            position += 1;
            let mut escaped = false;
            while let Some(&b) = bytes.get(position) {
                position += 1;
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => return Some(position),
                    _ => {}
                }
            }
            Some(position)
        }
        b't' | b'f' | b'n' => {
            let word = bytes.get(position..).unwrap_or_default();
            let literal: &[u8] = match first {
                b't' => b"true",
                b'f' => b"false",
                _ => b"null",
            };
            if word.starts_with(literal) {
                Some(position + literal.len())
            } else {
                Some(bytes.len())
            }
        }
        b'-' | b'0'..=b'9' => {
            let start = position;
            if bytes.get(position) == Some(&b'-') {
                position += 1;
            }
            let digits = |from: usize| {
                bytes
                    .get(from..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count()
            };
            match bytes.get(position) {
                Some(b'0') => position += 1,
                Some(b'1'..=b'9') => position += digits(position),
                _ => return Some(bytes.len().max(start + 1)),
            }
            if bytes.get(position) == Some(&b'.') && digits(position + 1) > 0 {
                position += 1 + digits(position + 1);
            }
            if matches!(bytes.get(position), Some(b'e' | b'E')) {
                let mut exponent = position + 1;
                if matches!(bytes.get(exponent), Some(b'+' | b'-')) {
                    exponent += 1;
                }
                if digits(exponent) > 0 {
                    position = exponent + digits(exponent);
                }
            }
            Some(position)
        }
        _ => Some(bytes.len()),
    }
}

#[cfg(test)]
#[path = "strvals_tests.rs"]
mod tests;
