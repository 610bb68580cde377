//! Helm's `fromToml`: a TOML 1.0 document decoded the way BurntSushi/toml fills a
//! `map[string]interface{}` (integers `int64`, floats `float64`, datetimes `time.Time`, tables
//! maps, arrays lists). Errors never fail the template: the message goes into the result map
//! under `Error`, formatted like BurntSushi's (`toml: line 1 (last key "a"): ...`).

use crate::funcs::convert::string_arg;
use crate::funcs::time::gotime::{GoTime, Location};
use crate::funcs::time::parse::parse_in_location;
use crate::value::{FuncError, Function, GoType, Map, Signature, Value};

pub const FUNCTIONS: &[Function] = &[Function {
    name: "fromToml",
    signature: Signature {
        params: &[GoType::String],
        variadic: None,
    },
    call: from_toml,
}];

/// Helm 3.17.3's `fromToml`, built with an older BurntSushi/toml whose errors at the end of
/// the text give the number of newlines before it as the line: one less than the line the text
/// ends on, unless it ends with a newline. Other errors read the same.
pub const HELM3_FROM_TOML: Function = Function {
    name: "fromToml",
    signature: Signature {
        params: &[GoType::String],
        variadic: None,
    },
    call: from_toml_helm3,
};

fn from_toml_helm3(args: &[Value]) -> Result<Value, FuncError> {
    let text = string_arg(args, 0)?;
    let root = Map::new();
    if let Err(message) = decode_into(text, &root) {
        let root = Map::new();
        let message = if message.contains(": unexpected EOF") {
            let newlines = text.bytes().filter(|&b| b == b'\n').count();
            with_line(&message, newlines)
        } else {
            message
        };
        root.insert("Error", Value::from(message));
        return Ok(Value::Map(root));
    }
    Ok(Value::Map(root))
}

/// `toml: line N...` with another line number.
fn with_line(message: &str, line: usize) -> String {
    let Some(rest) = message.strip_prefix("toml: line ") else {
        return message.to_string();
    };
    let after_number = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    format!("toml: line {line}{after_number}")
}

fn from_toml(args: &[Value]) -> Result<Value, FuncError> {
    let text = string_arg(args, 0)?;
    let root = Map::new();
    if let Err(message) = decode_into(text, &root) {
        // BurntSushi parses the whole text before filling the map: a failure leaves it empty.
        // An error at the end of the text is on the line of its last character.
        let message = if message.contains(": unexpected EOF") {
            let before_last = &text.as_bytes()[..text.len().saturating_sub(1)];
            with_line(
                &message,
                1 + before_last.iter().filter(|&&b| b == b'\n').count(),
            )
        } else {
            message
        };
        let failed = Map::new();
        failed.insert("Error", Value::from(message));
        return Ok(Value::Map(failed));
    }
    Ok(Value::Map(root))
}

/// Deeper nesting of arrays and inline tables is refused (no unbounded recursion).
const MAX_DEPTH: usize = 128;

/// Decodes `text` into `root`; on failure returns BurntSushi's error text (`root` then holds
/// what was decoded before the error, which Helm's `fromToml` does not show).
pub fn decode_into(text: &str, root: &Map) -> Result<(), String> {
    let mut parser = Parser {
        text,
        position: 0,
        line: 1,
        last_key: String::new(),
        table_key: String::new(),
    };
    parser
        .document(root)
        .map_err(|message| parser.error_text(&message))
}

struct Parser<'a> {
    text: &'a str,
    position: usize,
    line: usize,
    /// The key errors name (BurntSushi's context): the current table's path, plus the key
    /// being assigned once its `=` has been read.
    last_key: String,
    /// The path of the current `[table]` (empty at the top).
    table_key: String,
}

/// `prefix.key`, or `key` alone at the top.
fn joined(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn is_bare_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

impl Parser<'_> {
    fn error_text(&self, message: &str) -> String {
        if self.last_key.is_empty() {
            format!("toml: line {}: {message}", self.line)
        } else {
            format!(
                "toml: line {} (last key {:?}): {message}",
                self.line, self.last_key
            )
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.position..].chars().next()
    }

    fn rest(&self) -> &str {
        &self.text[self.position..]
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.position += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// The `=` between a key and its value, with the blanks around it.
    fn key_separator(&mut self) -> Result<(), String> {
        self.skip_spaces();
        if !self.eat('=') {
            return Err(match self.peek() {
                None => "unexpected EOF; expected key separator '='".to_string(),
                Some(found) => format!("expected '.' or '=', but got {found:?} instead"),
            });
        }
        self.skip_spaces();
        Ok(())
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.bump();
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some('#') {
            while self.peek().is_some_and(|c| c != '\n') {
                self.bump();
            }
        }
    }

    /// Whitespace, newlines and comments (between array elements and statements).
    fn skip_blank(&mut self) {
        loop {
            self.skip_spaces();
            self.skip_comment();
            match self.peek() {
                Some('\n') => {
                    self.bump();
                }
                Some('\r') if self.rest().starts_with("\r\n") => {
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn end_of_line(&mut self) -> Result<(), String> {
        self.skip_spaces();
        self.skip_comment();
        match self.peek() {
            None => Ok(()),
            Some('\n') => {
                self.bump();
                Ok(())
            }
            Some('\r') if self.rest().starts_with("\r\n") => {
                self.bump();
                self.bump();
                Ok(())
            }
            Some(other) => Err(format!("expected a top-level item to end with a newline, comment, or EOF, but got {other:?} instead")),
        }
    }

    fn document(&mut self, root: &Map) -> Result<(), String> {
        let mut current = root.clone();
        loop {
            self.skip_blank();
            match self.peek() {
                None => return Ok(()),
                Some('[') => {
                    self.bump();
                    let array = self.eat('[');
                    self.skip_spaces();
                    let path = self.key_path()?;
                    self.table_key = path.join(".");
                    self.last_key = self.table_key.clone();
                    self.skip_spaces();
                    let closed = if array {
                        self.rest().starts_with("]]")
                    } else {
                        self.peek() == Some(']')
                    };
                    if !closed {
                        return Err(format!(
                            "expected a closing bracket for the table name, but got {:?}",
                            self.peek().unwrap_or(' ')
                        ));
                    }
                    self.bump();
                    if array {
                        self.bump();
                    }
                    current = if array {
                        self.array_table(root, &path)?
                    } else {
                        self.table(root, &path)?
                    };
                    self.end_of_line()?;
                }
                Some(_) => {
                    self.last_key = self.table_key.clone();
                    let path = self.key_path()?;
                    self.key_separator()?;
                    self.last_key = joined(&self.table_key, &path.join("."));
                    let value = self.value(0)?;
                    assign(&current, &path, value)?;
                    self.end_of_line()?;
                    self.last_key = self.table_key.clone();
                }
            }
        }
    }

    /// `[a.b]`: the table at the path, created as needed.
    fn table(&self, root: &Map, path: &[String]) -> Result<Map, String> {
        let mut map = root.clone();
        for key in path {
            map = descend(&map, key)?;
        }
        Ok(map)
    }

    /// `[[a.b]]`: a new table appended to the array at the path.
    fn array_table(&self, root: &Map, path: &[String]) -> Result<Map, String> {
        let Some((last, parents)) = path.split_last() else {
            return Err("empty table name".into());
        };
        let mut map = root.clone();
        for key in parents {
            map = descend(&map, key)?;
        }
        let fresh = Map::new();
        let items = match map.get(last) {
            None => vec![Value::Map(fresh.clone())],
            Some(Value::List(items)) => {
                let mut items = items.to_vec();
                items.push(Value::Map(fresh.clone()));
                items
            }
            Some(_) => return Err(format!("key {last:?} has already been defined")),
        };
        map.insert(last.as_str(), Value::list(items));
        Ok(fresh)
    }

    fn key_path(&mut self) -> Result<Vec<String>, String> {
        let mut path = vec![self.key()?];
        loop {
            self.skip_spaces();
            if !self.eat('.') {
                return Ok(path);
            }
            self.skip_spaces();
            path.push(self.key()?);
        }
    }

    fn key(&mut self) -> Result<String, String> {
        match self.peek() {
            Some('"') => {
                self.bump();
                self.basic_string()
            }
            Some('\'') => {
                self.bump();
                self.literal_string()
            }
            Some(c) if is_bare_key_char(c) => {
                let start = self.position;
                while self.peek().is_some_and(is_bare_key_char) {
                    self.bump();
                }
                Ok(self.text[start..self.position].to_string())
            }
            None => Err("unexpected EOF; expected key".into()),
            Some(other) => Err(format!("bare keys cannot contain {other:?}")),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("value nested too deeply".into());
        }
        let rest = self.rest();
        match self.peek() {
            None => Err("unexpected EOF; expected value".into()),
            Some('\n' | '\r') => Err("expected value but found newline instead".into()),
            Some('"') if rest.starts_with("\"\"\"") => {
                self.position += 3;
                self.multiline_basic_string().map(Value::from)
            }
            Some('"') => {
                self.bump();
                self.basic_string().map(Value::from)
            }
            Some('\'') if rest.starts_with("'''") => {
                self.position += 3;
                self.multiline_literal_string().map(Value::from)
            }
            Some('\'') => {
                self.bump();
                self.literal_string().map(Value::from)
            }
            Some('[') => {
                self.bump();
                self.array(depth)
            }
            Some('{') => {
                self.bump();
                self.inline_table(depth)
            }
            Some(_) if rest.starts_with("true") => {
                self.position += 4;
                Ok(Value::Bool(true))
            }
            Some(_) if rest.starts_with("false") => {
                self.position += 5;
                Ok(Value::Bool(false))
            }
            Some(_) => self.scalar(),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            if self.eat(']') {
                return Ok(Value::list(items));
            }
            items.push(self.value(depth + 1)?);
            self.skip_blank();
            if self.eat(']') {
                return Ok(Value::list(items));
            }
            if !self.eat(',') {
                return Err(format!(
                    "expected a comma (',') or array terminator (']'), but got {:?}",
                    self.peek().unwrap_or(' ')
                ));
            }
        }
    }

    fn inline_table(&mut self, depth: usize) -> Result<Value, String> {
        let table = Map::new();
        self.skip_spaces();
        if self.eat('}') {
            return Ok(Value::Map(table));
        }
        let prefix = self.last_key.clone();
        loop {
            self.skip_spaces();
            self.last_key = prefix.clone();
            let path = self.key_path()?;
            self.key_separator()?;
            self.last_key = joined(&prefix, &path.join("."));
            let value = self.value(depth + 1)?;
            assign(&table, &path, value)?;
            self.last_key = prefix.clone();
            self.skip_spaces();
            if self.eat('}') {
                return Ok(Value::Map(table));
            }
            if !self.eat(',') {
                return Err(format!(
                    "expected a comma or an inline table terminator '}}', but got {:?} instead",
                    self.peek().unwrap_or(' ')
                ));
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let code_point = |parser: &mut Parser, length: usize| -> Result<char, String> {
            let digits = parser.rest().get(..length).unwrap_or("").to_string();
            let value = u32::from_str_radix(&digits, 16)
                .ok()
                .filter(|_| digits.len() == length);
            parser.position += digits.len();
            value
                .and_then(char::from_u32)
                .ok_or_else(|| format!("invalid escape: '\\u{digits}'"))
        };
        match self.bump() {
            Some('b') => Ok('\u{8}'),
            Some('t') => Ok('\t'),
            Some('n') => Ok('\n'),
            Some('f') => Ok('\u{c}'),
            Some('r') => Ok('\r'),
            Some('e') => Ok('\u{1b}'),
            Some('"') => Ok('"'),
            Some('\\') => Ok('\\'),
            Some('u') => code_point(self, 4),
            Some('U') => code_point(self, 8),
            Some(other) => Err(format!("invalid escape character {other:?}; only the following escape characters are allowed: \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX, and \\UXXXXXXXX")),
            None => Err("unexpected EOF".into()),
        }
    }

    fn basic_string(&mut self) -> Result<String, String> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None | Some('\n') => return Err("unexpected EOF; expected '\"'".into()),
                Some('"') => return Ok(out),
                Some('\\') => out.push(self.escape()?),
                Some(c) => out.push(c),
            }
        }
    }

    fn literal_string(&mut self) -> Result<String, String> {
        let start = self.position;
        loop {
            match self.bump() {
                None | Some('\n') => return Err("unexpected EOF; expected \"'\"".into()),
                Some('\'') => return Ok(self.text[start..self.position - 1].to_string()),
                Some(_) => {}
            }
        }
    }

    /// Skips the newline right after an opening `"""` or `'''`.
    fn skip_first_newline(&mut self) {
        if self.rest().starts_with("\r\n") {
            self.bump();
            self.bump();
        } else if self.peek() == Some('\n') {
            self.bump();
        }
    }

    fn multiline_basic_string(&mut self) -> Result<String, String> {
        self.skip_first_newline();
        let mut out = String::new();
        loop {
            if self.rest().starts_with("\"\"\"") && !self.rest().starts_with("\"\"\"\"") {
                self.position += 3;
                return Ok(out);
            }
            match self.bump() {
                None => return Err("unexpected EOF; expected '\"\"\"'".into()),
                Some('\\') => {
                    let after = self.rest();
                    let trimmed = after.trim_start_matches([' ', '\t']);
                    if trimmed.starts_with('\n') || trimmed.starts_with("\r\n") {
                        while self.peek().is_some_and(char::is_whitespace) {
                            self.bump();
                        }
                    } else {
                        out.push(self.escape()?);
                    }
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn multiline_literal_string(&mut self) -> Result<String, String> {
        self.skip_first_newline();
        let start = self.position;
        loop {
            if self.rest().starts_with("'''") && !self.rest().starts_with("''''") {
                let text = self.text[start..self.position].to_string();
                self.position += 3;
                return Ok(text);
            }
            if self.bump().is_none() {
                return Err("unexpected EOF; expected \"'''\"".into());
            }
        }
    }

    /// Numbers, `inf`/`nan`, dates and times.
    fn scalar(&mut self) -> Result<Value, String> {
        let start = self.position;
        let is_token =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.' | ':');
        while self.peek().is_some_and(is_token) {
            self.bump();
        }
        // A date may be followed by a space and a time.
        let date_like =
            self.position - start == 10 && self.text.as_bytes().get(start + 4) == Some(&b'-');
        if date_like
            && self.peek() == Some(' ')
            && self.text[self.position + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            self.bump();
            while self.peek().is_some_and(is_token) {
                self.bump();
            }
        }
        let token = &self.text[start..self.position];
        if token.is_empty() {
            return Err(format!(
                "expected value but found {:?} instead",
                self.peek().unwrap_or(' ')
            ));
        }
        parse_scalar(token)
    }
}

/// The sub-table `key` of `map`, created when missing; the last table of an array of tables.
fn descend(map: &Map, key: &str) -> Result<Map, String> {
    match map.get(key) {
        None => {
            let fresh = Map::new();
            map.insert(key, Value::Map(fresh.clone()));
            Ok(fresh)
        }
        Some(Value::Map(existing)) => Ok(existing),
        Some(Value::List(items)) => match items.last() {
            Some(Value::Map(last)) => Ok(last.clone()),
            _ => Err(format!("key {key:?} has already been defined")),
        },
        Some(_) => Err(format!("key {key:?} has already been defined")),
    }
}

/// `a.b.c = value` inside `table`.
fn assign(table: &Map, path: &[String], value: Value) -> Result<(), String> {
    let Some((last, parents)) = path.split_last() else {
        return Err("empty key".into());
    };
    let mut map = table.clone();
    for key in parents {
        map = descend(&map, key)?;
    }
    if map.contains_key(last) {
        return Err(format!("Key '{last}' has already been defined."));
    }
    map.insert(last.as_str(), value);
    Ok(())
}

fn parse_scalar(token: &str) -> Result<Value, String> {
    parse_scalar_value(token)?.ok_or_else(|| format!("invalid value: {token:?}"))
}

/// A scalar token's value; `Ok(None)` when it is no TOML value at all.
fn parse_scalar_value(token: &str) -> Result<Option<Value>, String> {
    match token {
        "inf" | "+inf" => return Ok(Some(Value::Float(f64::INFINITY))),
        "-inf" => return Ok(Some(Value::Float(f64::NEG_INFINITY))),
        "nan" | "+nan" | "-nan" => return Ok(Some(Value::Float(f64::NAN))),
        _ => {}
    }
    let bytes = token.as_bytes();
    if bytes.len() >= 8 && bytes.get(4) == Some(&b'-') || bytes.get(2) == Some(&b':') {
        return Ok(parse_datetime(token).map(GoTime::value));
    }
    let digits: String = token.chars().filter(|&c| c != '_').collect();
    if token.contains("__") || token.starts_with('_') || token.ends_with('_') {
        return Ok(None);
    }
    let (negative, unsigned) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(&digits)),
    };
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(body) = unsigned.strip_prefix(prefix) {
            if negative || digits.starts_with('+') {
                return Ok(None);
            }
            return Ok(i64::from_str_radix(body, radix).ok().map(Value::Int64));
        }
    }
    let is_float = unsigned.contains(['.', 'e', 'E']);
    if !is_float {
        if unsigned.len() > 1 && unsigned.starts_with('0') {
            return Err(format!(
                "Invalid integer {token:?}: cannot have leading zeroes"
            ));
        }
        return Ok(digits.parse::<i64>().ok().map(Value::Int64));
    }
    Ok(digits
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Value::Float))
}

/// Offset datetimes keep their offset; local datetimes, dates and times get BurntSushi's
/// zero-offset marker zones.
fn parse_datetime(token: &str) -> Option<GoTime> {
    let mut text: String = token.to_string();
    if text.len() > 10 && matches!(text.as_bytes()[10], b' ' | b't') {
        text.replace_range(10..11, "T");
    }
    if text.ends_with('z') {
        text.pop();
        text.push('Z');
    }
    let with_offset =
        text.ends_with('Z') || text.get(19..).is_some_and(|tail| tail.contains(['+', '-']));
    let attempts: [(&str, Option<&str>); 4] = [
        ("2006-01-02T15:04:05.999999999Z07:00", None),
        ("2006-01-02T15:04:05.999999999", Some("datetime-local")),
        ("2006-01-02", Some("date-local")),
        ("15:04:05.999999999", Some("time-local")),
    ];
    for (layout, zone) in attempts {
        if zone.is_none() != with_offset {
            continue;
        }
        let location = match zone {
            Some(name) => Location::fixed(name, 0),
            None => Location::utc(),
        };
        if let Ok(time) = parse_in_location(layout, &text, location) {
            return Some(time);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_names_the_table_and_the_key_being_assigned() {
        let error = |text: &str| {
            decode(text)
                .as_map()
                .unwrap()
                .get("Error")
                .and_then(|e| e.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        assert_eq!(
            error("[t]\nb = 012"),
            "toml: line 2 (last key \"t.b\"): Invalid integer \"012\": cannot have leading zeroes"
        );
        assert_eq!(
            error("[t]\nb = 1\nc"),
            "toml: line 3 (last key \"t\"): unexpected EOF; expected key separator '='"
        );
        assert_eq!(
            error("a = 1\nb x"),
            "toml: line 2: expected '.' or '=', but got 'x' instead"
        );
        assert_eq!(
            error("a = 1\nb = [1,\n"),
            "toml: line 2 (last key \"b\"): unexpected EOF; expected value"
        );
    }

    #[test]
    fn helm3_counts_newlines_for_end_of_text_errors() {
        let error = |text: &str| {
            let Value::Map(map) = from_toml_helm3(&[Value::from(text)]).unwrap() else {
                panic!("a map");
            };
            map.get("Error")
                .and_then(|e| e.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        assert_eq!(
            error("a ="),
            "toml: line 0 (last key \"a\"): unexpected EOF; expected value"
        );
        assert_eq!(
            error("a = 1\nb"),
            "toml: line 1: unexpected EOF; expected key separator '='"
        );
        assert_eq!(
            error("a = 1\na = 2"),
            "toml: line 2 (last key \"a\"): Key 'a' has already been defined."
        );
    }

    fn decode(text: &str) -> Value {
        from_toml(&[Value::from(text)]).unwrap()
    }

    fn json_like(value: &Value) -> String {
        crate::value::fmt::format_v(value)
    }

    #[test]
    fn decodes_tables_arrays_and_types() {
        let value = decode("a = 1\nb = \"s\"\nf = 1.5\n[t]\nk = true\nl = [1, 2]");
        assert_eq!(
            json_like(&value),
            "map[a:1 b:s f:1.5 t:map[k:true l:[1 2]]]"
        );
        let map = value.as_map().unwrap().clone();
        assert_eq!(map.get("a").unwrap().type_name(), "int64");
        assert_eq!(map.get("f").unwrap().type_name(), "float64");
        let dates = decode("d = 1979-05-27\ndt = 1979-05-27T07:32:00Z");
        let dates = dates.as_map().unwrap().clone();
        assert_eq!(dates.get("d").unwrap().type_name(), "time.Time");
        assert_eq!(
            json_like(&dates.get("dt").unwrap()),
            "1979-05-27 07:32:00 +0000 UTC"
        );
    }

    #[test]
    fn decodes_strings_keys_and_arrays_of_tables() {
        let text = "# c\n\"q k\".x = 'lit'\nm = \"\"\"\nline\\\n   joined\"\"\"\ne = \"tab\\t\\u00e9\"\n[[s]]\nn = 1\n[[s]]\nn = 0x1f\n[s.sub]\nz = -2_000\ni = { a = [1, 2,], b.c = 'x' }\n";
        let value = decode(text);
        assert_eq!(
            json_like(&value),
            "map[e:tab\té m:linejoined q k:map[x:lit] s:[map[n:1] map[n:31 sub:map[i:map[a:[1 2] b:map[c:x]] z:-2000]]]]"
        );
    }

    #[test]
    fn errors_go_into_the_error_key() {
        let value = decode("a = ");
        let error = value.as_map().unwrap().get("Error").unwrap();
        assert_eq!(
            error,
            Value::from("toml: line 1 (last key \"a\"): unexpected EOF; expected value")
        );
        let twice = decode("a = 1\na = 2");
        assert!(twice.as_map().unwrap().contains_key("Error"));
        // Helm 4.1.4 and 3.17.3 both print only the error for this text.
        assert_eq!(twice.as_map().unwrap().get("a"), None);
        let leading_zero = decode("x = 012").as_map().unwrap().get("Error").unwrap();
        assert_eq!(leading_zero, Value::from("toml: line 1 (last key \"x\"): Invalid integer \"012\": cannot have leading zeroes"));
        let duplicate = decode("a = 1\na = 2")
            .as_map()
            .unwrap()
            .get("Error")
            .unwrap();
        assert_eq!(
            duplicate,
            Value::from("toml: line 2 (last key \"a\"): Key 'a' has already been defined.")
        );
        assert!(from_toml(&[Value::Int(1)]).is_err());
    }
}
