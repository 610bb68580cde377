//! `.Files`: the chart's non-template files as Helm's `engine.files`, a Go
//! `map[string][]byte` with methods.
//!
//! Being a map, it ranges, prints (`map[f.txt:[104 105]]`) and serialises (`toJson` shows
//! base64 strings) like one, and a field that is not a method is a key lookup (a missing key
//! gives a nil byte slice). The methods: `Get` (text, empty when missing), `GetBytes`, `Glob`
//! (gobwas/glob patterns with `/` as separator: `*` stays within a path segment, `**` crosses
//! them, `{a,b}` alternatives, `[!x]` negated classes; a bad pattern means `**`), `Lines`
//! (split on `\n` after dropping one trailing newline), `AsConfig` and `AsSecrets` (YAML maps of
//! base names to text or base64).

use std::collections::BTreeMap;
use std::sync::Arc;

use regex::Regex;

use crate::value::{FuncError, Map, Object, Value};

/// The files of one chart, keyed by path relative to the chart root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Files(pub BTreeMap<String, Arc<[u8]>>);

impl Files {
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Files {
        Files(
            files
                .into_iter()
                .map(|(name, data)| (name, Arc::from(data)))
                .collect(),
        )
    }

    /// The files of a loaded chart, sharing its bytes.
    pub fn shared(files: impl IntoIterator<Item = (String, Arc<[u8]>)>) -> Files {
        Files(files.into_iter().collect())
    }

    fn get_bytes(&self, name: &str) -> Arc<[u8]> {
        self.0
            .get(name)
            .cloned()
            .unwrap_or_else(|| Arc::from(Vec::new()))
    }

    /// The files whose path matches a gobwas/glob pattern.
    pub fn glob(&self, pattern: &str) -> Files {
        let matcher = glob_regex(pattern).or_else(|| glob_regex("**"));
        let selected = self
            .0
            .iter()
            .filter(|(name, _)| matcher.as_ref().is_some_and(|regex| regex.is_match(name)))
            .map(|(name, data)| (name.clone(), data.clone()))
            .collect();
        Files(selected)
    }

    /// `Lines`: the file's text split on newlines, one trailing newline ignored.
    pub fn lines(&self, name: &str) -> Result<Vec<String>, FuncError> {
        let Some(data) = self.0.get(name) else {
            return Ok(Vec::new());
        };
        let text = String::from_utf8_lossy(data);
        if text.is_empty() {
            // Helm indexes the last byte of the text and panics on an empty file.
            return Err(FuncError::new("runtime error: index out of range [-1]"));
        }
        let text = text.strip_suffix('\n').unwrap_or(&text);
        Ok(text.split('\n').map(str::to_string).collect())
    }

    /// `AsConfig` / `AsSecrets`: base name to content (or base64 of it) as Helm's `toYaml`.
    fn as_yaml(&self, encode: fn(&[u8]) -> String) -> Result<Value, FuncError> {
        let map = Map::new();
        for (name, data) in &self.0 {
            let base = name.rsplit('/').next().unwrap_or(name);
            map.insert(base, Value::from(encode(data)));
        }
        let text = crate::yaml::emit::to_yaml(&Value::Map(map)).unwrap_or_default();
        Ok(Value::from(
            text.strip_suffix('\n').unwrap_or(&text).to_string(),
        ))
    }

    fn as_map(&self) -> Value {
        let map = Map::new();
        for (name, data) in &self.0 {
            map.insert(name.as_str(), Value::Bytes(data.clone()));
        }
        Value::Map(map)
    }
}

fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn base64_of(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let bytes = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let group = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for index in 0..4 {
            if index <= chunk.len() {
                let sextet = (group >> (18 - 6 * index)) & 0x3F;
                out.push(char::from(ALPHABET[sextet as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Translates a gobwas/glob pattern (separator `/`) into an anchored regular expression.
fn glob_regex(pattern: &str) -> Option<Regex> {
    let mut regex = String::from("^");
    let chars: Vec<char> = pattern.chars().collect();
    let mut index = 0;
    let mut alternation_depth = 0usize;
    while let Some(&c) = chars.get(index) {
        match c {
            '*' if chars.get(index + 1) == Some(&'*') => {
                regex.push_str(".*");
                index += 1;
            }
            '*' => regex.push_str("[^/]*"),
            '?' => regex.push_str("[^/]"),
            '{' => {
                regex.push_str("(?:");
                alternation_depth += 1;
            }
            '}' if alternation_depth > 0 => {
                regex.push(')');
                alternation_depth -= 1;
            }
            ',' if alternation_depth > 0 => regex.push('|'),
            '[' => {
                let close = chars.iter().skip(index + 1).position(|&x| x == ']')? + index + 1;
                let mut class: String = chars.get(index + 1..close)?.iter().collect();
                if let Some(rest) = class.strip_prefix('!') {
                    class = format!("^{rest}");
                }
                if class.is_empty() {
                    return None;
                }
                regex.push('[');
                regex.push_str(&class.replace('[', "\\["));
                regex.push(']');
                index = close;
            }
            '\\' => {
                index += 1;
                let escaped = chars.get(index)?;
                regex.push_str(&regex::escape(&escaped.to_string()));
            }
            other => regex.push_str(&regex::escape(&other.to_string())),
        }
        index += 1;
    }
    if alternation_depth > 0 {
        return None;
    }
    regex.push('$');
    Regex::new(&regex).ok()
}

fn string_argument(method: &str, args: &[Value]) -> Result<String, FuncError> {
    match args {
        [Value::String(text)] => Ok(text.to_string()),
        [other] => Err(FuncError::new(format!(
            "wrong type for value; expected string; got {}",
            other.type_name()
        ))),
        _ => Err(FuncError::new(format!(
            "wrong number of args for {method}: want 1 got {}",
            args.len()
        ))),
    }
}

impl Object for Files {
    fn type_name(&self) -> String {
        "engine.files".into()
    }
    fn kind_name(&self) -> &'static str {
        "map"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(
            self.0
                .get(name)
                .map(|data| Value::Bytes(data.clone()))
                .unwrap_or(Value::Nil),
        )
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        let result = match name {
            "Get" => string_argument(name, args).map(|file| {
                Value::String(crate::value::Str::from_byte_slice(&self.get_bytes(&file)))
            }),
            "GetBytes" => {
                string_argument(name, args).map(|file| Value::Bytes(self.get_bytes(&file)))
            }
            "Glob" => string_argument(name, args)
                .map(|pattern| Value::Object(Arc::new(self.glob(&pattern)))),
            "Lines" => string_argument(name, args)
                .and_then(|file| self.lines(&file).map(Value::string_list)),
            "AsConfig" | "AsSecrets" if !args.is_empty() => Err(FuncError::new(format!(
                "wrong number of args for {name}: want 0 got {}",
                args.len()
            ))),
            "AsConfig" => self.as_yaml(text_of),
            "AsSecrets" => self.as_yaml(base64_of),
            _ => return None,
        };
        Some(result)
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "Get" | "GetBytes" | "Glob" | "Lines" | "AsConfig" | "AsSecrets"
        )
    }
    fn format_value(&self) -> String {
        crate::value::fmt::format_v(&self.as_map())
    }
    fn to_json_value(&self) -> Value {
        let map = Map::new();
        for (name, data) in &self.0 {
            map.insert(name.as_str(), Value::from(base64_of(data)));
        }
        Value::Map(map)
    }
    fn is_truthy(&self) -> bool {
        !self.0.is_empty()
    }
    fn as_collection(&self) -> Option<Value> {
        Some(self.as_map())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        Files::new([
            ("conf/a.properties".to_string(), b"a=1\n".to_vec()),
            ("conf/b.json".to_string(), b"{}".to_vec()),
            ("conf/sub/c.yaml".to_string(), b"c: 1\n".to_vec()),
            ("crlf.txt".to_string(), b"a\r\nb\r\n".to_vec()),
        ])
    }

    #[test]
    fn glob_follows_gobwas_rules() {
        let names = |pattern: &str| files().glob(pattern).0.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names("conf/*"), vec!["conf/a.properties", "conf/b.json"]);
        assert_eq!(
            names("conf/**"),
            vec!["conf/a.properties", "conf/b.json", "conf/sub/c.yaml"]
        );
        assert_eq!(names("**.yaml"), vec!["conf/sub/c.yaml"]);
        assert_eq!(
            names("conf/{a,b}.*"),
            vec!["conf/a.properties", "conf/b.json"]
        );
        assert_eq!(names("conf/[!a]*"), vec!["conf/b.json"]);
    }

    #[test]
    fn lines_keep_carriage_returns() {
        assert_eq!(files().lines("crlf.txt").unwrap(), vec!["a\r", "b\r"]);
        assert!(files().lines("missing").unwrap().is_empty());
    }

    #[test]
    fn get_and_bytes() {
        let files = files();
        assert_eq!(
            files
                .call_method("Get", &[Value::from("conf/b.json")])
                .unwrap()
                .unwrap(),
            Value::from("{}")
        );
        assert_eq!(
            files
                .call_method("Get", &[Value::from("none")])
                .unwrap()
                .unwrap(),
            Value::from("")
        );
        assert_eq!(files.field("none"), Some(Value::Nil));
        assert_eq!(base64_of(b"line one"), "bGluZSBvbmU=");
        assert_eq!(base64_of(b"hi"), "aGk=");
    }
}
