//! Sprig's regular expression functions (Go RE2 syntax, see [`super::regex_syntax`]).
//!
//! The plain functions compile with Go's `MustCompile`, so an invalid pattern fails with
//! ``regexp: Compile(`[`): error parsing regexp: ...``; the `must*` variants return the bare
//! compile error; `regexMatch` answers false instead. Matching follows Go's iteration rules (an
//! empty match right after a previous match is skipped, so `regexReplaceAll "x*" "abc" "-"` is
//! `-a-b-c-`), and replacement templates expand `$1`, `${1}`, `$name` and `$$` as Go's
//! `Regexp.Expand` does, where `$1x` names the group `1x`.

use std::sync::Arc;

use regex::{Captures, Regex};

use super::regex_syntax::compile;
use crate::funcs::convert::{int_arg, string_arg, string_list};
use crate::funcs::function;
use crate::value::fmt::quote::quote as go_quote;
use crate::value::{ElementType, FuncError, Function, GoType, List, Value};

use GoType::{Int, String as Str};

pub const FUNCTIONS: &[Function] = &[
    function("regexMatch", &[Str, Str], None, regex_match),
    function("mustRegexMatch", &[Str, Str], None, must_regex_match),
    function("regexFindAll", &[Str, Str, Int], None, regex_find_all),
    function(
        "mustRegexFindAll",
        &[Str, Str, Int],
        None,
        must_regex_find_all,
    ),
    function("regexFind", &[Str, Str], None, regex_find),
    function("mustRegexFind", &[Str, Str], None, must_regex_find),
    function("regexReplaceAll", &[Str, Str, Str], None, regex_replace_all),
    function(
        "mustRegexReplaceAll",
        &[Str, Str, Str],
        None,
        must_regex_replace_all,
    ),
    function(
        "regexReplaceAllLiteral",
        &[Str, Str, Str],
        None,
        regex_replace_all_literal,
    ),
    function(
        "mustRegexReplaceAllLiteral",
        &[Str, Str, Str],
        None,
        must_regex_replace_all_literal,
    ),
    function("regexSplit", &[Str, Str, Int], None, regex_split),
    function("mustRegexSplit", &[Str, Str, Int], None, must_regex_split),
    function("regexQuoteMeta", &[Str], None, regex_quote_meta),
];

/// `regexp.MustCompile`: the compile error wrapped the way its panic prints.
fn must_compile(pattern: &str) -> Result<Arc<Regex>, FuncError> {
    compile(pattern).map_err(|error| {
        FuncError::new(format!("regexp: Compile({}): {error}", backquote(pattern)))
    })
}

/// `regexp.Compile`: the bare syntax error.
fn checked_compile(pattern: &str) -> Result<Arc<Regex>, FuncError> {
    compile(pattern).map_err(|error| FuncError::new(error.to_string()))
}

/// Go's `regexp` quoting of a pattern in messages: backquoted when that is possible.
fn backquote(pattern: &str) -> String {
    let plain = !pattern.contains('`') && !pattern.chars().any(|c| c.is_control() && c != '\t');
    if plain {
        format!("`{pattern}`")
    } else {
        go_quote(pattern)
    }
}

/// Go's `allMatches`: successive leftmost-first matches, skipping an empty match that touches
/// the previous match, at most `limit` of them.
fn go_matches<'t>(regex: &Regex, text: &'t str, limit: Option<usize>) -> Vec<Captures<'t>> {
    let mut found = Vec::new();
    let mut position = 0;
    let mut previous_end: Option<usize> = None;
    while position <= text.len() && limit.is_none_or(|limit| found.len() < limit) {
        let Some(captures) = regex.captures_at(text, position) else {
            break;
        };
        let Some(whole) = captures.get(0) else {
            break;
        };
        let mut accept = true;
        if whole.end() == position {
            if Some(whole.start()) == previous_end {
                accept = false;
            }
            position += text[position..].chars().next().map_or(1, char::len_utf8);
        } else {
            position = whole.end();
        }
        previous_end = Some(whole.end());
        if accept {
            found.push(captures);
        }
    }
    found
}

/// A Go `FindAll` limit: negative means all.
fn limit_of(count: i64) -> Option<usize> {
    usize::try_from(count).ok()
}

/// Go's `Regexp.Expand` of a replacement template against one match.
pub fn expand(regex: &Regex, template: &str, captures: &Captures<'_>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let Some((name, after)) = extract_name(rest) else {
            out.push('$');
            continue;
        };
        rest = after;
        let group = match group_number(name) {
            Some(number) => captures.get(number),
            None => regex
                .capture_names()
                .position(|candidate| candidate == Some(name))
                .and_then(|index| captures.get(index)),
        };
        if let Some(matched) = group {
            out.push_str(matched.as_str());
        }
    }
    out.push_str(rest);
    out
}

/// The group name after a `$`: letters, digits and `_`, optionally in braces.
fn extract_name(text: &str) -> Option<(&str, &str)> {
    let (braced, body) = match text.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, text),
    };
    let length: usize = body
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum();
    if length == 0 {
        return None;
    }
    let name = &body[..length];
    let rest = &body[length..];
    if braced {
        return rest.strip_prefix('}').map(|after| (name, after));
    }
    Some((name, rest))
}

/// A group number: decimal digits without a leading zero, below 10^8.
fn group_number(name: &str) -> Option<usize> {
    if !name.bytes().all(|b| b.is_ascii_digit()) || (name.len() > 1 && name.starts_with('0')) {
        return None;
    }
    name.parse::<usize>()
        .ok()
        .filter(|number| *number < 100_000_000)
}

/// Go's `ReplaceAll` loop: every match replaced, except an empty match right after a match.
fn replace_all(
    regex: &Regex,
    text: &str,
    replacement: impl Fn(&Captures<'_>) -> String,
) -> Result<String, FuncError> {
    let limit = crate::limits::VALUE_SIZE.get_usize();
    let mut out = String::with_capacity(text.len());
    let mut last_end = 0;
    let mut search = 0;
    while search <= text.len() {
        let Some(captures) = regex.captures_at(text, search) else {
            break;
        };
        let Some(whole) = captures.get(0) else {
            break;
        };
        out.push_str(&text[last_end..whole.start()]);
        if whole.end() > last_end || whole.start() == 0 {
            out.push_str(&replacement(&captures));
            if out.len() > limit {
                crate::funcs::check_result_size("regexReplaceAll", out.len() as u64)?;
            }
        }
        last_end = whole.end();
        let width = text[search..].chars().next().map_or(1, char::len_utf8);
        if search + width > whole.end() {
            search += width;
        } else if search + 1 > whole.end() {
            search += 1;
        } else {
            search = whole.end();
        }
    }
    out.push_str(text.get(last_end..).unwrap_or_default());
    Ok(out)
}

/// Go's `Regexp.Split`.
fn split(regex: &Regex, text: &str, count: i64) -> Option<Vec<String>> {
    if count == 0 {
        return None;
    }
    let matches = go_matches(regex, text, limit_of(count));
    let mut pieces = Vec::with_capacity(matches.len() + 1);
    let mut begin = 0;
    let mut end = 0;
    for captures in &matches {
        if count > 0 && pieces.len() as i64 == count - 1 {
            break;
        }
        let Some(whole) = captures.get(0) else {
            continue;
        };
        end = whole.start();
        if whole.end() != 0 {
            pieces.push(text[begin..end].to_string());
        }
        begin = whole.end();
    }
    if end != text.len() {
        pieces.push(text[begin..].to_string());
    }
    Some(pieces)
}

/// A Go `[]string` that may be nil (a nil slice: length 0, JSON `null`).
fn optional_strings(strings: Option<Vec<String>>) -> Value {
    match strings {
        Some(strings) => string_list(strings),
        None => Value::List(List::nil(ElementType::String)),
    }
}

fn find_all(regex: &Regex, text: &str, count: i64) -> Value {
    let found: Vec<String> = go_matches(regex, text, limit_of(count))
        .iter()
        .filter_map(|captures| captures.get(0).map(|m| m.as_str().to_string()))
        .collect();
    optional_strings((!found.is_empty()).then_some(found))
}

fn find(regex: &Regex, text: &str) -> Value {
    Value::from(regex.find(text).map_or("", |m| m.as_str()))
}

fn regex_match(args: &[Value]) -> Result<Value, FuncError> {
    let pattern = string_arg(args, 0)?;
    let text = string_arg(args, 1)?;
    Ok(Value::Bool(
        compile(pattern).is_ok_and(|regex| regex.is_match(text)),
    ))
}

fn must_regex_match(args: &[Value]) -> Result<Value, FuncError> {
    let regex = checked_compile(string_arg(args, 0)?)?;
    Ok(Value::Bool(regex.is_match(string_arg(args, 1)?)))
}

fn regex_find_all(args: &[Value]) -> Result<Value, FuncError> {
    let regex = must_compile(string_arg(args, 0)?)?;
    Ok(find_all(&regex, string_arg(args, 1)?, int_arg(args, 2)?))
}

fn must_regex_find_all(args: &[Value]) -> Result<Value, FuncError> {
    let regex = checked_compile(string_arg(args, 0)?)?;
    Ok(find_all(&regex, string_arg(args, 1)?, int_arg(args, 2)?))
}

fn regex_find(args: &[Value]) -> Result<Value, FuncError> {
    let regex = must_compile(string_arg(args, 0)?)?;
    Ok(find(&regex, string_arg(args, 1)?))
}

fn must_regex_find(args: &[Value]) -> Result<Value, FuncError> {
    let regex = checked_compile(string_arg(args, 0)?)?;
    Ok(find(&regex, string_arg(args, 1)?))
}

fn replace_expanding(regex: &Regex, args: &[Value]) -> Result<Value, FuncError> {
    let text = string_arg(args, 1)?;
    let template = string_arg(args, 2)?;
    Ok(Value::from(replace_all(regex, text, |captures| {
        expand(regex, template, captures)
    })?))
}

fn replace_literal(regex: &Regex, args: &[Value]) -> Result<Value, FuncError> {
    let text = string_arg(args, 1)?;
    let replacement = string_arg(args, 2)?;
    Ok(Value::from(replace_all(regex, text, |_| {
        replacement.to_string()
    })?))
}

fn regex_replace_all(args: &[Value]) -> Result<Value, FuncError> {
    replace_expanding(&*must_compile(string_arg(args, 0)?)?, args)
}

fn must_regex_replace_all(args: &[Value]) -> Result<Value, FuncError> {
    replace_expanding(&*checked_compile(string_arg(args, 0)?)?, args)
}

fn regex_replace_all_literal(args: &[Value]) -> Result<Value, FuncError> {
    replace_literal(&*must_compile(string_arg(args, 0)?)?, args)
}

fn must_regex_replace_all_literal(args: &[Value]) -> Result<Value, FuncError> {
    replace_literal(&*checked_compile(string_arg(args, 0)?)?, args)
}

fn regex_split(args: &[Value]) -> Result<Value, FuncError> {
    let pattern = string_arg(args, 0)?;
    let regex = must_compile(pattern)?;
    Ok(optional_strings(split_pattern(
        &regex,
        pattern,
        string_arg(args, 1)?,
        int_arg(args, 2)?,
    )))
}

fn must_regex_split(args: &[Value]) -> Result<Value, FuncError> {
    let pattern = string_arg(args, 0)?;
    let regex = checked_compile(pattern)?;
    Ok(optional_strings(split_pattern(
        &regex,
        pattern,
        string_arg(args, 1)?,
        int_arg(args, 2)?,
    )))
}

/// Go decides "empty expression" on the pattern as written, not on its translation.
fn split_pattern(regex: &Regex, pattern: &str, text: &str, count: i64) -> Option<Vec<String>> {
    if count != 0 && !pattern.is_empty() && text.is_empty() {
        return Some(vec![String::new()]);
    }
    split(regex, text, count)
}

/// `regexp.QuoteMeta`: a backslash before each of `\.+*?()|[]{}^$`.
fn regex_quote_meta(args: &[Value]) -> Result<Value, FuncError> {
    let mut out = String::new();
    for c in string_arg(args, 0)?.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(Value::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::call_in;

    fn call(name: &str, args: &[&str], number: Option<i64>) -> Result<Value, FuncError> {
        let mut values: Vec<Value> = args.iter().map(|a| Value::from(*a)).collect();
        values.extend(number.map(Value::Int));
        call_in(FUNCTIONS, name, &values)
    }

    fn strs(items: &[&str]) -> Value {
        Value::string_list(items.iter().copied())
    }

    #[test]
    fn matching_and_finding() {
        assert_eq!(
            call("regexMatch", &["^[a-z]+$", "abc"], None),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("regexMatch", &["[", "x"], None),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            call("mustRegexMatch", &["(", "x"], None).unwrap_err().0,
            "error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            call("regexFind", &["[0-9]+", "ab123cd456"], None),
            Ok(Value::from("123"))
        );
        assert_eq!(call("regexFind", &["z", "abc"], None), Ok(Value::from("")));
        assert_eq!(
            call("regexFind", &["[", "x"], None).unwrap_err().0,
            "regexp: Compile(`[`): error parsing regexp: missing closing ]: `[`"
        );
        assert_eq!(
            call("regexFindAll", &["[0-9]", "a1b2c3"], Some(-1)),
            Ok(strs(&["1", "2", "3"]))
        );
        assert_eq!(
            call("regexFindAll", &["[0-9]", "a1b2c3"], Some(2)),
            Ok(strs(&["1", "2"]))
        );
        let none = call("regexFindAll", &["z", "abc"], Some(-1)).unwrap();
        assert_eq!(none, Value::List(List::nil(ElementType::String)));
        assert_eq!(crate::value::json::to_json(&none, true).unwrap(), "null");
        assert_eq!(
            call("regexFindAll", &["[0-9]", "a1b2c3"], Some(0)),
            Ok(none.clone())
        );
        assert_eq!(
            call("regexFindAll", &["x", "abc"], Some(-1)),
            Ok(none.clone())
        );
        assert_eq!(
            call("regexFindAll", &["", "abc"], Some(-1)),
            Ok(strs(&["", "", "", ""]))
        );
        assert_eq!(
            call("regexFindAll", &["a*", "baaac"], Some(-1)),
            Ok(strs(&["", "aaa", ""]))
        );
        assert_eq!(call("regexFind", &[".", "é"], None), Ok(Value::from("é")));
    }

    #[test]
    fn replacing() {
        let rep = |p: &str, s: &str, r: &str| call("regexReplaceAll", &[p, s, r], None).unwrap();
        assert_eq!(rep("a(x*)b", "-ab-axxb-", "${1}W"), Value::from("-W-xxW-"));
        assert_eq!(rep("a(x*)b", "-ab-axxb-", "$1W"), Value::from("---"));
        assert_eq!(
            rep(
                "(?P<first>\\w+) (?P<last>\\w+)",
                "John Smith",
                "$last, $first"
            ),
            Value::from("Smith, John")
        );
        assert_eq!(rep("x*", "abc", "-"), Value::from("-a-b-c-"));
        assert_eq!(rep("a*", "baaac", "-"), Value::from("-b-c-"));
        assert_eq!(rep("o", "foo", "$$"), Value::from("f$$"));
        assert_eq!(rep("o", "foo", "${"), Value::from("f${${"));
        assert_eq!(
            call(
                "regexReplaceAllLiteral",
                &["a(x*)b", "-ab-axxb-", "${1}"],
                None
            ),
            Ok(Value::from("-${1}-${1}-"))
        );
        assert_eq!(
            call("regexReplaceAll", &["*", "x", "y"], None).unwrap_err().0,
            "regexp: Compile(`*`): error parsing regexp: missing argument to repetition operator: `*`"
        );
    }

    #[test]
    fn splitting() {
        let sp = |p: &str, s: &str, n: i64| call("regexSplit", &[p, s], Some(n)).unwrap();
        assert_eq!(sp("[,;]", "a,b;c", -1), strs(&["a", "b", "c"]));
        assert_eq!(sp("[,;]", "a,b;c", 2), strs(&["a", "b;c"]));
        assert_eq!(sp("x", "abc", -1), strs(&["abc"]));
        assert_eq!(sp("", "abc", -1), strs(&["a", "b", "c"]));
        assert_eq!(sp(",", "", -1), strs(&[""]));
        let nil_strings = Value::List(List::nil(ElementType::String));
        assert_eq!(sp(",", "a,b", 0), nil_strings);
        assert_eq!(sp(",", "a,", -1), strs(&["a", ""]));
        assert_eq!(
            call("mustRegexSplit", &["-", "a-b-c"], Some(-1)),
            Ok(strs(&["a", "b", "c"]))
        );
    }

    #[test]
    fn quoting_metacharacters() {
        assert_eq!(
            call("regexQuoteMeta", &["1.2.3"], None),
            Ok(Value::from("1\\.2\\.3"))
        );
        assert_eq!(
            call("regexQuoteMeta", &["[a]*+?(x)|^$\\"], None),
            Ok(Value::from("\\[a\\]\\*\\+\\?\\(x\\)\\|\\^\\$\\\\"))
        );
    }

    #[test]
    fn wrong_argument_types_are_errors() {
        let args = [Value::from("a"), Value::from("a"), Value::from("1")];
        assert!(call_in(FUNCTIONS, "regexFindAll", &args).is_err());
    }
}
