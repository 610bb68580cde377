//! Conversions shared by every function family.
//!
//! Sprig converts loosely typed template values with spf13/cast (`ToInt64`, `ToInt`,
//! `ToFloat64`: strings parse with Go's `strconv` rules, failures become 0), prints values with
//! its `strval` (strings as they are, everything else through `fmt`'s `%v`) and inspects them
//! with `reflect` kinds ("is this a slice?"). The helpers here reproduce those rules once, plus
//! accessors for arguments the executor has already converted to a function's Go signature.

use std::sync::Arc;

use crate::value::fmt::format_v;
use crate::value::string::lossy_text;
use crate::value::{FuncError, Map, Value};

/// Go's message for a panic on a nil pointer, which Sprig reaches by asking `reflect` for the
/// kind of a nil argument.
pub const NIL_DEREFERENCE: &str =
    "runtime error: invalid memory address or nil pointer dereference";

/// Sprig's `strval`: strings unchanged, byte slices as text, everything else as `%v` prints it
/// (which uses a Go `String`/`Error` method where the value has one).
pub fn strval(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::Bytes(bytes) => lossy_text(bytes),
        other => format_v(other),
    }
}

/// spf13/cast `ToInt64`: integers as they are, floats truncated, `true` is 1, strings parsed by
/// `strconv.ParseInt(s, 0, 64)` after dropping a zero fraction (`"3.0"`), anything else 0.
pub fn to_int64(value: &Value) -> i64 {
    match value {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Float(f) => go_float_to_int(*f),
        Value::Bool(b) => i64::from(*b),
        Value::String(s) => parse_go_int(trim_zero_decimal(s)).unwrap_or(0),
        _ => 0,
    }
}

/// spf13/cast `ToInt` (Go `int` is 64 bits wide on Helm's platforms, so the rules of
/// [`to_int64`] apply unchanged).
pub fn to_int(value: &Value) -> i64 {
    to_int64(value)
}

/// spf13/cast `ToFloat64`: numbers widened, `true` is 1, strings parsed by
/// `strconv.ParseFloat(s, 64)`, anything else (and any parse failure) 0.
pub fn to_float64(value: &Value) -> f64 {
    match value {
        Value::Int(i) | Value::Int64(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::String(s) => parse_go_float(s).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Go's conversion of a float64 to int64 on amd64: truncation toward zero, and the
/// "integer indefinite" value (the minimum int64) for NaN and out-of-range values.
pub fn go_float_to_int(f: f64) -> i64 {
    if f.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        i64::MIN
    } else {
        f.trunc() as i64
    }
}

/// cast's `trimZeroDecimal`: `"3.0"` and `"3.00"` become `"3"`; other fractions stay.
pub fn trim_zero_decimal(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut found_zero = false;
    for index in (0..bytes.len()).rev() {
        match bytes[index] {
            b'.' if found_zero => return &s[..index],
            b'.' => {}
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// `strconv.Atoi`: an optionally signed base-10 integer, nothing else (no spaces, no prefixes).
pub fn atoi(s: &str) -> Option<i64> {
    let (negative, digits) = split_sign(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude: u64 = digits.parse().ok()?;
    signed_in_range(negative, magnitude)
}

/// `strconv.ParseInt(s, 0, 64)`: sign, then `0x`/`0o`/`0b` prefixes or a leading `0` for octal,
/// underscores allowed between digits (Go literal syntax); out-of-range values fail.
pub fn parse_go_int(s: &str) -> Option<i64> {
    let (negative, body) = split_sign(s);
    if body.is_empty() {
        return None;
    }
    let lower: Vec<u8> = body.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let (base, digits) = if lower.first() == Some(&b'0') {
        match lower.get(1) {
            Some(b'x') if lower.len() >= 3 => (16, &lower[2..]),
            Some(b'o') if lower.len() >= 3 => (8, &lower[2..]),
            Some(b'b') if lower.len() >= 3 => (2, &lower[2..]),
            _ => (8, &lower[1..]),
        }
    } else {
        (10, &lower[..])
    };
    let mut magnitude: u64 = 0;
    let mut saw_underscore = false;
    for &byte in digits {
        if byte == b'_' {
            saw_underscore = true;
            continue;
        }
        let digit = match byte {
            b'0'..=b'9' => u64::from(byte - b'0'),
            b'a'..=b'z' => u64::from(byte - b'a') + 10,
            _ => return None,
        };
        if digit >= base {
            return None;
        }
        magnitude = magnitude.checked_mul(base)?.checked_add(digit)?;
    }
    if saw_underscore && !underscores_separate_digits(s) {
        return None;
    }
    signed_in_range(negative, magnitude)
}

fn split_sign(s: &str) -> (bool, &str) {
    if let Some(rest) = s.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = s.strip_prefix('+') {
        (false, rest)
    } else {
        (false, s)
    }
}

fn signed_in_range(negative: bool, magnitude: u64) -> Option<i64> {
    const LIMIT: u64 = 1 << 63;
    if negative {
        if magnitude > LIMIT {
            return None;
        }
        Some((magnitude as i64).wrapping_neg())
    } else if magnitude >= LIMIT {
        None
    } else {
        Some(magnitude as i64)
    }
}

/// Go's rule for `_` in number literals: each underscore sits between digits (a base prefix
/// counts as a digit).
fn underscores_separate_digits(s: &str) -> bool {
    let bytes = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let mut saw = b'^';
    let mut index = 0;
    let mut hex = false;
    if bytes.len() >= 2
        && bytes[0] == b'0'
        && matches!(bytes[1].to_ascii_lowercase(), b'b' | b'o' | b'x')
    {
        index = 2;
        saw = b'0';
        hex = bytes[1].eq_ignore_ascii_case(&b'x');
    }
    while index < bytes.len() {
        let byte = bytes[index];
        index += 1;
        if byte.is_ascii_digit() || (hex && byte.is_ascii_hexdigit()) {
            saw = b'0';
        } else if byte == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (`0x1p-2`) forms, `inf`/`infinity`/`nan`
/// in any case, `_` between digits; overflow to infinity is an error, as are spaces.
pub fn parse_go_float(s: &str) -> Option<f64> {
    let (negative, body) = split_sign(s);
    let signed = |f: f64| if negative { -f } else { f };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(signed(f64::INFINITY));
    }
    if lower == "nan" {
        return (body.len() == s.len()).then_some(f64::NAN);
    }
    if let Some(hex) = lower.strip_prefix("0x") {
        return parse_hex_float(hex).map(signed);
    }
    let digits = if body.contains('_') {
        if !underscores_separate_digits(body) {
            return None;
        }
        body.replace('_', "")
    } else {
        body.to_string()
    };
    if !is_decimal_float_syntax(&digits) {
        return None;
    }
    let value: f64 = digits.parse().ok()?;
    if value.is_infinite() {
        return None;
    }
    Some(signed(value))
}

fn is_decimal_float_syntax(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut index = 0;
    let mut mantissa_digits = 0;
    while index < bytes.len() && bytes[index].is_ascii_digit() {
        index += 1;
        mantissa_digits += 1;
    }
    if index < bytes.len() && bytes[index] == b'.' {
        index += 1;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
            mantissa_digits += 1;
        }
    }
    if mantissa_digits == 0 {
        return false;
    }
    if index < bytes.len() && (bytes[index] == b'e' || bytes[index] == b'E') {
        index += 1;
        if index < bytes.len() && (bytes[index] == b'+' || bytes[index] == b'-') {
            index += 1;
        }
        let exponent_start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
        }
        if index == exponent_start {
            return false;
        }
    }
    index == bytes.len()
}

/// The part of a hexadecimal float after `0x`: hex digits with an optional point, then a
/// mandatory binary exponent `p±N`; underscores may separate digits.
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mantissa, exponent) = s.split_once('p')?;
    let exponent: i32 = exponent.replace('_', "").parse().ok()?;
    let mut value = 0.0f64;
    let mut fraction_digits = 0i32;
    let mut seen_point = false;
    let mut digits = 0;
    for ch in mantissa.chars() {
        match ch {
            '.' if !seen_point => seen_point = true,
            '_' => {}
            _ => {
                let digit = ch.to_digit(16)?;
                value = value * 16.0 + f64::from(digit);
                digits += 1;
                if seen_point {
                    fraction_digits += 1;
                }
            }
        }
    }
    if digits == 0 {
        return None;
    }
    let result = value * 2f64.powi(exponent - 4 * fraction_digits);
    result.is_finite().then_some(result)
}

/// Sprig's `empty` (text/template's truth inverted): nil, false, zero numbers and empty strings,
/// slices and maps are empty; structs never are.
pub fn go_empty(value: &Value) -> bool {
    match value {
        Value::Object(object) => match object.as_collection() {
            Some(collection) => !collection.is_truthy(),
            None => !object.is_truthy(),
        },
        other => !other.is_truthy(),
    }
}

/// `reflect.TypeOf(v).Kind()` as Sprig's messages print it; `None` for nil, where Go has no type
/// (asking for its kind is a nil dereference).
pub fn reflect_kind(value: &Value) -> Option<&'static str> {
    match value {
        Value::Nil => None,
        other => Some(other.kind_name()),
    }
}

/// The elements of a Go slice or array of any element type (what Sprig reaches through
/// `reflect`), or `None` when the value is no slice. Byte slices yield their bytes as integers.
pub fn slice_items(value: &Value) -> Option<Arc<Vec<Value>>> {
    match value {
        Value::List(items) => Some(items.items().clone()),
        Value::Bytes(bytes) => Some(Arc::new(
            bytes.iter().map(|b| Value::Int(i64::from(*b))).collect(),
        )),
        Value::Object(object) if matches!(object.kind_name(), "slice" | "array") => {
            match object.as_collection() {
                Some(Value::List(items)) => Some(items.items().clone()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The map behind a Go map value: a [`Value::Map`] or a Helm object whose kind is map (such as
/// `common.Values`), which Go lets a `map[string]interface{}` parameter accept.
pub fn map_like(value: &Value) -> Option<Map> {
    match value {
        Value::Map(map) => Some(map.clone()),
        Value::Object(object) if object.kind_name() == "map" => match object.as_collection() {
            Some(Value::Map(map)) => Some(map),
            _ => None,
        },
        _ => None,
    }
}

/// The error for an argument of the wrong Go type, worded like text/template's.
pub fn wrong_type(expected: &str, got: &Value) -> FuncError {
    FuncError::new(format!(
        "wrong type for value; expected {expected}; got {}",
        got.type_name()
    ))
}

/// Argument `index` as a Go `string`.
pub fn string_arg(args: &[Value], index: usize) -> Result<&str, FuncError> {
    match args.get(index) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(wrong_type("string", other)),
        None => Err(missing_argument(index)),
    }
}

/// Argument `index` (already converted to a Go `string`) as the bytes Go holds, which need not
/// be valid UTF-8.
pub fn string_bytes_arg(args: &[Value], index: usize) -> Result<&[u8], FuncError> {
    match args.get(index) {
        Some(Value::String(s)) => Ok(s.as_bytes()),
        Some(other) => Err(wrong_type("string", other)),
        None => Err(missing_argument(index)),
    }
}

/// Argument `index` as a Go `int` or `int64`.
pub fn int_arg(args: &[Value], index: usize) -> Result<i64, FuncError> {
    match args.get(index) {
        Some(Value::Int(i) | Value::Int64(i)) => Ok(*i),
        Some(other) => Err(wrong_type("int", other)),
        None => Err(missing_argument(index)),
    }
}

/// Argument `index` as a Go `bool`.
pub fn bool_arg(args: &[Value], index: usize) -> Result<bool, FuncError> {
    match args.get(index) {
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(wrong_type("bool", other)),
        None => Err(missing_argument(index)),
    }
}

/// Argument `index` as a Go `map[string]interface{}`; `None` is Go's nil map.
pub fn map_arg(args: &[Value], index: usize) -> Result<Option<Map>, FuncError> {
    match args.get(index) {
        Some(Value::Nil) => Ok(None),
        Some(other) => match map_like(other) {
            Some(map) => Ok(Some(map)),
            None => Err(wrong_type("map[string]interface {}", other)),
        },
        None => Err(missing_argument(index)),
    }
}

/// Argument `index` of any type (Go `interface{}`).
pub fn any_arg(args: &[Value], index: usize) -> Result<&Value, FuncError> {
    args.get(index).ok_or_else(|| missing_argument(index))
}

fn missing_argument(index: usize) -> FuncError {
    FuncError::new(format!("missing argument {}", index + 1))
}

/// A Go `[]string` (what `splitList`, `sortAlpha`, `toStrings` and the regexp functions return).
pub fn string_list<I: IntoIterator<Item = String>>(items: I) -> Value {
    Value::string_list(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cast_integers_follow_parse_int_with_base_prefixes() {
        let s = |t: &str| to_int64(&Value::from(t));
        assert_eq!(s("12"), 12);
        assert_eq!(s("12abc"), 0);
        assert_eq!(s("0x1F"), 31);
        assert_eq!(s("010"), 8);
        assert_eq!(s("3.9"), 0);
        assert_eq!(s("3.0"), 3);
        assert_eq!(s(" 5"), 0);
        assert_eq!(s("1e3"), 0);
        assert_eq!(s("-0"), 0);
        assert_eq!(s("0b101"), 5);
        assert_eq!(s("0o17"), 15);
        assert_eq!(s("1_000"), 1000);
        assert_eq!(s("_1"), 0);
        assert_eq!(s("9223372036854775807"), i64::MAX);
        assert_eq!(s("9223372036854775808"), 0);
        assert_eq!(s("-9223372036854775808"), i64::MIN);
        assert_eq!(to_int64(&Value::Float(-3.9)), -3);
        assert_eq!(to_int64(&Value::Bool(true)), 1);
        assert_eq!(to_int64(&Value::Nil), 0);
        assert_eq!(to_int64(&Value::list(vec![])), 0);
    }

    #[test]
    fn atoi_is_plain_base_ten() {
        assert_eq!(atoi("010"), Some(10));
        assert_eq!(atoi("-7"), Some(-7));
        assert_eq!(atoi("+7"), Some(7));
        assert_eq!(atoi("0x1F"), None);
        assert_eq!(atoi(" 1"), None);
        assert_eq!(atoi(""), None);
    }

    #[test]
    fn floats_parse_like_strconv() {
        assert_eq!(parse_go_float("1e3"), Some(1000.0));
        assert_eq!(parse_go_float(".5"), Some(0.5));
        assert_eq!(parse_go_float("1."), Some(1.0));
        assert_eq!(parse_go_float("abc"), None);
        assert_eq!(parse_go_float("0x10"), None);
        assert_eq!(parse_go_float("0x1p-2"), Some(0.25));
        assert_eq!(parse_go_float(".inf"), None);
        assert_eq!(parse_go_float("-Inf"), Some(f64::NEG_INFINITY));
        assert!(parse_go_float("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_go_float("+nan"), None);
        assert_eq!(parse_go_float("1e400"), None);
        assert_eq!(parse_go_float("1_0"), Some(10.0));
        assert_eq!(parse_go_float("1__0"), None);
        assert_eq!(to_float64(&Value::Bool(true)), 1.0);
    }

    #[test]
    fn float_to_int_matches_amd64() {
        assert_eq!(go_float_to_int(1.99), 1);
        assert_eq!(go_float_to_int(f64::NAN), i64::MIN);
        assert_eq!(go_float_to_int(1e19), i64::MIN);
    }

    #[test]
    fn strval_prints_like_percent_v() {
        assert_eq!(strval(&Value::Float(1e6)), "1e+06");
        assert_eq!(strval(&Value::Nil), "<nil>");
        assert_eq!(strval(&Value::Bytes(Arc::from(&b"hi"[..]))), "hi");
        assert_eq!(
            strval(&Value::list(vec![Value::Int(1), Value::from("a")])),
            "[1 a]"
        );
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        assert_eq!(lossy_text(b"h\xc3"), "h\u{FFFD}");
        assert_eq!(lossy_text(b"\xe2\x82x"), "\u{FFFD}\u{FFFD}x");
        assert_eq!(lossy_text("é".as_bytes()), "é");
    }

    #[test]
    fn argument_accessors_reject_wrong_types() {
        let args = [Value::Int(1), Value::from("x")];
        assert_eq!(
            string_arg(&args, 0).unwrap_err().0,
            "wrong type for value; expected string; got int"
        );
        assert_eq!(int_arg(&args, 0), Ok(1));
        assert!(map_arg(&args, 1).is_err());
        assert!(any_arg(&args, 2).is_err());
    }
}
