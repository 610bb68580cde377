//! Helm's `--set-literal` grammar: one `path=value` assignment where everything after the first
//! `=` is the value, verbatim (no commas, braces, escapes or typing). The path keeps the `--set`
//! shape (`a.b`, `a[0]`, `a[0].b`) but without backslash escapes.

use super::strvals::{StrvalsError, MAX_INDEX, MAX_NESTED_NAME_LEVEL};
use crate::value::fmt::quote::quote as go_quote;
use crate::value::{Map, Value};

/// Applies a `--set-literal` line onto `dest`.
pub fn parse_literal_into(line: &str, dest: &Map) -> Result<(), StrvalsError> {
    let mut parser = LiteralParser { chars: line.chars().collect(), position: 0 };
    loop {
        match parser.key(dest, 0) {
            Ok(()) => continue,
            Err(Stop::End) => return Ok(()),
            Err(Stop::Fail(error)) => return Err(error),
        }
    }
}

enum Stop {
    End,
    Fail(StrvalsError),
}

fn fail<T>(message: String) -> Result<T, Stop> {
    Err(Stop::Fail(StrvalsError(message)))
}

fn conversion_panic(found: &Value, wanted: &str) -> Stop {
    let found_type = if found.is_nil() { "nil".to_string() } else { found.type_name() };
    Stop::Fail(StrvalsError(format!(
        "unable to parse key: interface conversion: interface {{}} is {found_type}, not {wanted}"
    )))
}

struct LiteralParser {
    chars: Vec<char>,
    position: usize,
}

impl LiteralParser {
    /// Characters up to one of `stop` (consumed); `None` when the input ended first.
    fn until(&mut self, stop: &[char]) -> (String, Option<char>) {
        let mut text = String::new();
        while let Some(&c) = self.chars.get(self.position) {
            self.position += 1;
            if stop.contains(&c) {
                return (text, Some(c));
            }
            text.push(c);
        }
        (text, None)
    }

    fn rest(&mut self) -> String {
        let rest: String = self.chars.get(self.position..).unwrap_or_default().iter().collect();
        self.position = self.chars.len();
        rest
    }

    fn key(&mut self, data: &Map, nested_level: usize) -> Result<(), Stop> {
        let (key, last) = self.until(&['=', '[', '.']);
        match last {
            None if key.is_empty() => Err(Stop::End),
            None => fail(format!("key {} has no value", go_quote(&key))),
            Some('=') => {
                let value = self.rest();
                set(data, &key, Value::string(value));
                Ok(())
            }
            Some('.') => {
                let level = nested_level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return fail(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    ));
                }
                let inner = match data.get(&key) {
                    None => Map::new(),
                    Some(Value::Map(existing)) => existing,
                    Some(other) => return Err(conversion_panic(&other, "map[string]interface {}")),
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
            Some(_) => {
                let index = self.key_index()?;
                let mut list = match data.get(&key) {
                    None => Vec::new(),
                    Some(Value::List(items)) => items.as_ref().clone(),
                    Some(other) => return Err(conversion_panic(&other, "[]interface {}")),
                };
                let result = self.list_item(&mut list, index, nested_level);
                set(data, &key, Value::list(list));
                result
            }
        }
    }

    fn key_index(&mut self) -> Result<i64, Stop> {
        let (text, last) = self.until(&[']']);
        if last.is_none() {
            return Err(Stop::End);
        }
        let digits = text.strip_prefix(['+', '-']).unwrap_or(&text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return fail(format!(
                "error parsing index: strconv.Atoi: parsing {}: invalid syntax",
                go_quote(&text)
            ));
        }
        text.parse::<i64>().map_err(|_| {
            Stop::Fail(StrvalsError(format!(
                "error parsing index: strconv.Atoi: parsing {}: value out of range",
                go_quote(&text)
            )))
        })
    }

    fn list_item(&mut self, list: &mut Vec<Value>, index: i64, nested_level: usize) -> Result<(), Stop> {
        if index < 0 {
            return fail(format!("negative {index} index not allowed"));
        }
        let (rest, last) = self.until(&['[', '.', '=']);
        if !rest.is_empty() {
            return fail(format!("unexpected data at end of array index: {}", go_quote(&rest)));
        }
        match last {
            None => Err(Stop::End),
            Some('=') => {
                let value = self.rest();
                set_index(list, index, Value::string(value))
            }
            Some('.') => {
                let slot = usize::try_from(index).ok().filter(|i| *i < list.len());
                let inner = match slot.and_then(|i| list.get(i)) {
                    Some(Value::Map(existing)) => existing.clone(),
                    Some(_) => {
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
            Some(_) => {
                let next_index = self.key_index()?;
                let mut inner = match usize::try_from(index).ok().and_then(|i| list.get(i)) {
                    None | Some(Value::Nil) => Vec::new(),
                    Some(Value::List(items)) => items.as_ref().clone(),
                    Some(other) => return Err(conversion_panic(other, "[]interface {}")),
                };
                self.list_item(&mut inner, next_index, nested_level)?;
                set_index(list, index, Value::list(inner))
            }
        }
    }
}

fn set(data: &Map, key: &str, value: Value) {
    if !key.is_empty() {
        data.insert(key, value);
    }
}

fn set_index(list: &mut Vec<Value>, index: i64, value: Value) -> Result<(), Stop> {
    if index > MAX_INDEX {
        return fail(format!("index of {index} is greater than maximum supported index of {MAX_INDEX}"));
    }
    let position = usize::try_from(index).map_err(|_| Stop::Fail(StrvalsError(format!("negative {index} index not allowed"))))?;
    if list.len() <= position {
        list.resize(position + 1, Value::Nil);
    }
    if let Some(slot) = list.get_mut(position) {
        *slot = value;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_the_verbatim_rest() {
        let map = Map::new();
        parse_literal_into("a=x,y={z}", &map).unwrap();
        parse_literal_into(r"b.c=not\,escaped", &map).unwrap();
        parse_literal_into("d=null", &map).unwrap();
        assert_eq!(map.get("a"), Some("x,y={z}".into()));
        assert_eq!(map.get("b").unwrap().as_map().unwrap().get("c"), Some(r"not\,escaped".into()));
        assert_eq!(map.get("d"), Some("null".into()));
    }

    #[test]
    fn indexes_and_nested_maps() {
        let map = Map::new();
        parse_literal_into("l[1].k=v=w", &map).unwrap();
        let list = map.get("l").unwrap();
        assert_eq!(list.as_list().unwrap()[0], Value::Nil);
        assert_eq!(list.as_list().unwrap()[1].as_map().unwrap().get("k"), Some("v=w".into()));
    }

    #[test]
    fn errors() {
        let error = |line: &str| parse_literal_into(line, &Map::new()).unwrap_err().0;
        assert_eq!(error("novalue"), r#"key "novalue" has no value"#);
        assert_eq!(error("a[99999]=1"), "index of 99999 is greater than maximum supported index of 65536");
        assert_eq!(error("a[-2]=1"), "negative -2 index not allowed");
    }
}
