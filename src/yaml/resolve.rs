//! go-yaml v2's resolution of scalars (YAML 1.1 flavoured), as Helm's values files get it.
//!
//! A plain scalar without a tag is typed by its text: the fixed words for null, booleans,
//! infinities and NaN, then Go's `strconv.ParseInt(text, 0, 64)` (so `0x`, `0o`, `0b` and a
//! leading-zero octal all work, after every `_` is removed), then `ParseUint`, then a float if
//! the text looks like a YAML float. Everything else is a string: base-60 numbers (`1:30`),
//! version strings, and timestamps (go-yaml v2 recognises them but hands `interface{}` targets
//! the original text). Quoted scalars are strings unless tagged. An explicit standard tag
//! (`!!int`, `!!float`, `!!bool`, `!!null`, `!!timestamp`) demands that the text resolve to that
//! type (an int is accepted for `!!float`); `!!str` keeps the text; `!!binary` is base64-decoded;
//! any other tag leaves the text a string.

use super::node::ScalarStyle;

/// A scalar as go-yaml v2 decodes it into `interface{}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    /// Go `int` (64-bit platforms).
    Int(i64),
    /// Go `uint64`: integers above `i64::MAX` that still fit 64 bits.
    Uint(u64),
    Float(f64),
    /// Text; `!!binary` data decoded to bytes that may not be UTF-8.
    String(StringData),
}

/// The bytes of a string scalar: text, or the result of decoding `!!binary`.
#[derive(Debug, Clone, PartialEq)]
pub enum StringData {
    Text(String),
    Binary(Vec<u8>),
}

/// Why a tagged scalar could not be decoded; the message is go-yaml's.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveError {
    pub message: String,
}

/// Tags as go-yaml shortens them (`!!int`), or the tag text as written for others.
const STR: &str = "!!str";
const INT: &str = "!!int";
const FLOAT: &str = "!!float";
const BOOL: &str = "!!bool";
const NULL: &str = "!!null";
const TIMESTAMP: &str = "!!timestamp";
const BINARY: &str = "!!binary";
/// The tag go-yaml gives a merge key `<<`.
pub const MERGE: &str = "!!merge";

/// Resolves a scalar's text, given its style and (shortened) tag, the way go-yaml v2's decoder
/// does for an `interface{}` target.
pub fn resolve_scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&str>,
) -> Result<Scalar, ResolveError> {
    let tag = match tag {
        None if style != ScalarStyle::Plain => {
            return Ok(Scalar::String(StringData::Text(text.to_owned())))
        }
        None => "",
        // The non-specific tag `!` makes the scalar a string.
        Some("!") => return Ok(Scalar::String(StringData::Text(text.to_owned()))),
        Some(tag) => tag,
    };
    if tag == BINARY {
        return decode_binary(text).map(|bytes| Scalar::String(StringData::Binary(bytes)));
    }
    if !matches!(tag, "" | STR | INT | FLOAT | BOOL | NULL | TIMESTAMP) {
        return Ok(Scalar::String(StringData::Text(text.to_owned())));
    }
    let (resolved_tag, value) = if tag == STR {
        (STR, text_scalar(text))
    } else {
        resolve_plain(text, tag.is_empty() || tag == TIMESTAMP)
    };
    if tag.is_empty() || tag == resolved_tag || tag == STR {
        return Ok(value);
    }
    if tag == FLOAT {
        if let Scalar::Int(i) = value {
            return Ok(Scalar::Float(i as f64));
        }
    }
    Err(ResolveError {
        message: format!("cannot decode {resolved_tag} `{text}` as a {tag}"),
    })
}

fn text_scalar(text: &str) -> Scalar {
    Scalar::String(StringData::Text(text.to_owned()))
}

/// The implicit type of plain text, with go-yaml's short tag for it. Timestamps keep their text
/// (go-yaml v2 gives `interface{}` targets the string) but report the timestamp tag so that
/// `!!timestamp` accepts them.
fn resolve_plain(text: &str, try_timestamp: bool) -> (&'static str, Scalar) {
    if let Some(known) = fixed_word(text) {
        return known;
    }
    let first = text.as_bytes().first().copied().unwrap_or(0);
    match first {
        b'.' => {
            if let Some(f) = parse_go_float_with_underscores(text) {
                return (FLOAT, Scalar::Float(f));
            }
        }
        b'0'..=b'9' | b'+' | b'-' => {
            if try_timestamp && is_timestamp(text) {
                return (TIMESTAMP, text_scalar(text));
            }
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if let Some(i) = parse_go_int(&plain) {
                return (INT, Scalar::Int(i));
            }
            if let Some(u) = parse_go_uint(&plain) {
                return (INT, Scalar::Uint(u));
            }
            if is_yaml_float(&plain) {
                if let Some(f) = parse_finite_float(&plain) {
                    return (FLOAT, Scalar::Float(f));
                }
            }
        }
        _ => {}
    }
    (STR, text_scalar(text))
}

/// The words go-yaml v2 resolves without parsing (YAML 1.1 booleans, nulls, infinities, NaN).
fn fixed_word(text: &str) -> Option<(&'static str, Scalar)> {
    let found = match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            (BOOL, Scalar::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            (BOOL, Scalar::Bool(false))
        }
        "" | "~" | "null" | "Null" | "NULL" => (NULL, Scalar::Null),
        ".nan" | ".NaN" | ".NAN" => (FLOAT, Scalar::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT, Scalar::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT, Scalar::Float(f64::NEG_INFINITY)),
        _ => return None,
    };
    Some(found)
}

/// Whether go-yaml's merge key: a plain, untagged `<<` or one tagged `!!merge`.
pub fn is_merge_key(text: &str, style: ScalarStyle, tag: Option<&str>) -> bool {
    text == "<<" && ((tag.is_none() && style == ScalarStyle::Plain) || tag == Some(MERGE))
}

/// Go's `strconv.ParseInt(s, 0, 64)` on text without underscores: optional sign, then a
/// `0x`/`0o`/`0b` prefix, a leading `0` (octal) or decimal digits.
pub fn parse_go_int(text: &str) -> Option<i64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = parse_go_uint(unsigned)?;
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i64).wrapping_neg())
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` on text without underscores (no sign allowed).
pub fn parse_go_uint(text: &str) -> Option<u64> {
    let lower_prefix = text.get(..2).map(|p| p.to_ascii_lowercase());
    let (radix, digits) = match lower_prefix.as_deref() {
        Some("0x") => (16, &text[2..]),
        Some("0o") => (8, &text[2..]),
        Some("0b") => (2, &text[2..]),
        _ if text.len() > 1 && text.starts_with('0') => (8, &text[1..]),
        _ => (10, text),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// go-yaml's test for float-looking text: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_yaml_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut position = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        position += 1;
    }
    let count_digits = |from: usize| {
        bytes
            .iter()
            .skip(from)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    if bytes.get(position) == Some(&b'.') {
        let fraction = count_digits(position + 1);
        if fraction == 0 {
            return false;
        }
        position += 1 + fraction;
    } else {
        let integer = count_digits(position);
        if integer == 0 {
            return false;
        }
        position += integer;
        if bytes.get(position) == Some(&b'.') {
            position += 1 + count_digits(position + 1);
        }
    }
    if matches!(bytes.get(position), Some(b'e' | b'E')) {
        position += 1;
        if matches!(bytes.get(position), Some(b'-' | b'+')) {
            position += 1;
        }
        let exponent = count_digits(position);
        if exponent == 0 {
            return false;
        }
        position += exponent;
    }
    position == bytes.len()
}

/// A decimal float as Go's `ParseFloat` reads it, failing (like Go's range error) on overflow.
fn parse_finite_float(text: &str) -> Option<f64> {
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(value)
}

/// Go's `ParseFloat` on text starting with `.`: decimal digits with Go's rule for underscores
/// (each between two digits), an optional exponent.
fn parse_go_float_with_underscores(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    for (index, byte) in bytes.iter().enumerate() {
        if *byte == b'_' {
            let before = index.checked_sub(1).and_then(|i| bytes.get(i));
            let after = bytes.get(index + 1);
            if !before.is_some_and(u8::is_ascii_digit) || !after.is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if !is_yaml_float(&plain) {
        return None;
    }
    parse_finite_float(&plain)
}

/// go-yaml v2's timestamp recognition: four digits and `-`, then one of its accepted layouts
/// (`2006-1-2`, `2006-1-2 15:4:5.999999999`, `2006-1-2T15:4:5.999999999Z07:00` with `t` or `T`).
fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 5 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return false;
    }
    let (date, rest) = match text.find(['T', 't', ' ']) {
        Some(split) => (
            &text[..split],
            Some((&text[split..split + 1], &text[split + 1..])),
        ),
        None => (text, None),
    };
    if !is_date(date) {
        return false;
    }
    match rest {
        None => true,
        Some((separator, time)) => is_clock(time, separator != " "),
    }
}

/// `2006-1-2`: a four-digit year, then month and day of one or two digits, in range.
fn is_date(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let number = |part: &str, max_len: usize| -> Option<u32> {
        if part.is_empty() || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return false;
    };
    if year.to_string().len() > 4 || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

/// `15:4:5` with optional fraction, then (when `zone_allowed`) `Z` or a `±hh:mm` offset.
fn is_clock(text: &str, zone_allowed: bool) -> bool {
    let bytes = text.as_bytes();
    let mut position = 0;
    let mut fields = Vec::new();
    for field in 0..3 {
        let digits = bytes
            .iter()
            .skip(position)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 2 {
            return false;
        }
        fields.push(
            text[position..position + digits]
                .parse::<u32>()
                .unwrap_or(99),
        );
        position += digits;
        if field < 2 {
            if bytes.get(position) != Some(&b':') {
                return false;
            }
            position += 1;
        }
    }
    if fields[0] > 23 || fields[1] > 59 || fields[2] > 59 {
        return false;
    }
    if bytes.get(position) == Some(&b'.') {
        let digits = bytes
            .iter()
            .skip(position + 1)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return false;
        }
        position += 1 + digits;
    }
    let zone = &text[position..];
    if zone.is_empty() {
        return true;
    }
    if !zone_allowed {
        return false;
    }
    if zone == "Z" {
        return true;
    }
    let zone_bytes = zone.as_bytes();
    zone_bytes.len() == 6
        && matches!(zone_bytes[0], b'+' | b'-')
        && zone_bytes[1..3].iter().all(u8::is_ascii_digit)
        && zone_bytes[3] == b':'
        && zone_bytes[4..6].iter().all(u8::is_ascii_digit)
}

/// Go's `base64.StdEncoding.DecodeString`: padded standard alphabet; CR and LF are skipped.
pub fn decode_binary(text: &str) -> Result<Vec<u8>, ResolveError> {
    let invalid = || ResolveError {
        message: "!!binary value contains invalid base64 data".to_owned(),
    };
    let symbols: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\n' && *b != b'\r')
        .collect();
    if !symbols.len().is_multiple_of(4) {
        return Err(invalid());
    }
    let value_of = |symbol: u8| -> Option<u32> {
        match symbol {
            b'A'..=b'Z' => Some(u32::from(symbol - b'A')),
            b'a'..=b'z' => Some(u32::from(symbol - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(symbol - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3);
    let quads = symbols.chunks(4).count();
    for (index, quad) in symbols.chunks(4).enumerate() {
        let padding = quad.iter().rev().take_while(|b| **b == b'=').count();
        if padding > 2 || (padding > 0 && index + 1 != quads) {
            return Err(invalid());
        }
        let mut accumulated = 0u32;
        for symbol in &quad[..4 - padding] {
            accumulated = (accumulated << 6) | value_of(*symbol).ok_or_else(invalid)?;
        }
        accumulated <<= 6 * padding as u32;
        let decoded = [
            (accumulated >> 16) as u8,
            (accumulated >> 8) as u8,
            accumulated as u8,
        ];
        // Go rejects non-zero bits left over in the last symbol before the padding.
        let keep = 3 - padding;
        if decoded[keep..].iter().any(|b| *b != 0) {
            return Err(invalid());
        }
        out.extend_from_slice(&decoded[..keep]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Scalar {
        resolve_scalar(text, ScalarStyle::Plain, None).unwrap()
    }

    fn text(value: &str) -> Scalar {
        Scalar::String(StringData::Text(value.to_owned()))
    }

    #[test]
    fn yaml11_booleans_and_nulls() {
        for word in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(plain(word), Scalar::Bool(true), "{word}");
        }
        for word in [
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ] {
            assert_eq!(plain(word), Scalar::Bool(false), "{word}");
        }
        for word in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(word), Scalar::Null, "{word}");
        }
        for word in ["yES", "nULL", "tRUE", "oN"] {
            assert_eq!(plain(word), text(word), "{word}");
        }
    }

    #[test]
    fn integers_follow_go_parse_int_base_zero() {
        assert_eq!(plain("0755"), Scalar::Int(493));
        assert_eq!(plain("0o755"), Scalar::Int(493));
        assert_eq!(plain("0x1F"), Scalar::Int(31));
        assert_eq!(plain("0X1f"), Scalar::Int(31));
        assert_eq!(plain("-0x10"), Scalar::Int(-16));
        assert_eq!(plain("1_000"), Scalar::Int(1000));
        assert_eq!(plain("0x_1F"), Scalar::Int(31));
        assert_eq!(plain("+12"), Scalar::Int(12));
        assert_eq!(plain("0b101"), Scalar::Int(5));
        assert_eq!(plain("+0b11"), Scalar::Int(3));
        assert_eq!(plain("-9223372036854775808"), Scalar::Int(i64::MIN));
        assert_eq!(plain("18446744073709551615"), Scalar::Uint(u64::MAX));
        assert_eq!(plain("0o"), text("0o"));
    }

    #[test]
    fn floats_and_their_lookalikes() {
        assert_eq!(plain("0888"), Scalar::Float(888.0));
        assert_eq!(plain("1e3"), Scalar::Float(1000.0));
        assert_eq!(plain("3."), Scalar::Float(3.0));
        assert_eq!(plain("00.5"), Scalar::Float(0.5));
        assert_eq!(plain(".5"), Scalar::Float(0.5));
        assert_eq!(plain(".5_5"), Scalar::Float(0.55));
        assert_eq!(plain("-.5"), Scalar::Float(-0.5));
        assert_eq!(plain("1_000.5"), Scalar::Float(1000.5));
        assert_eq!(
            plain("18446744073709551616"),
            Scalar::Float(18446744073709551616.0)
        );
        assert_eq!(plain(".inf"), Scalar::Float(f64::INFINITY));
        assert_eq!(plain("-.Inf"), Scalar::Float(f64::NEG_INFINITY));
        assert!(matches!(plain(".NaN"), Scalar::Float(f) if f.is_nan()));
        for word in [
            "1e400", "1:30", "1.2.3", ".iNf", ".", "1e", "0x", "-", "08x",
        ] {
            assert_eq!(plain(word), text(word), "{word}");
        }
    }

    #[test]
    fn timestamps_stay_text_but_satisfy_the_timestamp_tag() {
        assert_eq!(plain("2002-12-14"), text("2002-12-14"));
        assert_eq!(
            plain("2001-12-14t21:59:43.10-05:00"),
            text("2001-12-14t21:59:43.10-05:00")
        );
        let tagged = resolve_scalar(
            "2001-12-14 21:59:43.10",
            ScalarStyle::Plain,
            Some("!!timestamp"),
        );
        assert_eq!(tagged, Ok(text("2001-12-14 21:59:43.10")));
        assert!(resolve_scalar("2001-13-14", ScalarStyle::Plain, Some("!!timestamp")).is_err());
    }

    #[test]
    fn quoted_and_tagged_scalars() {
        assert_eq!(
            resolve_scalar("true", ScalarStyle::DoubleQuoted, None),
            Ok(text("true"))
        );
        assert_eq!(
            resolve_scalar("123", ScalarStyle::Plain, Some("!!str")),
            Ok(text("123"))
        );
        assert_eq!(
            resolve_scalar("42", ScalarStyle::DoubleQuoted, Some("!!int")),
            Ok(Scalar::Int(42))
        );
        assert_eq!(
            resolve_scalar("1", ScalarStyle::Plain, Some("!!float")),
            Ok(Scalar::Float(1.0))
        );
        assert_eq!(
            resolve_scalar("true", ScalarStyle::DoubleQuoted, Some("!!bool")),
            Ok(Scalar::Bool(true))
        );
        assert_eq!(
            resolve_scalar("", ScalarStyle::DoubleQuoted, Some("!!null")),
            Ok(Scalar::Null)
        );
        assert_eq!(
            resolve_scalar("value", ScalarStyle::Plain, Some("!custom")),
            Ok(text("value"))
        );
        assert_eq!(
            resolve_scalar("123", ScalarStyle::Plain, Some("!")),
            Ok(text("123"))
        );
        let error = resolve_scalar("abc", ScalarStyle::Plain, Some("!!int")).unwrap_err();
        assert_eq!(error.message, "cannot decode !!str `abc` as a !!int");
        let error = resolve_scalar("1.5", ScalarStyle::Plain, Some("!!int")).unwrap_err();
        assert_eq!(error.message, "cannot decode !!float `1.5` as a !!int");
    }

    #[test]
    fn binary_is_strict_base64() {
        assert_eq!(decode_binary("aGVsbG8="), Ok(b"hello".to_vec()));
        assert_eq!(decode_binary("aGVs\nbG8=\n"), Ok(b"hello".to_vec()));
        assert_eq!(decode_binary("////"), Ok(vec![255, 255, 255]));
        assert!(decode_binary("aGVsbG8").is_err());
        assert!(decode_binary("aGVsbG9=").is_err());
        assert!(decode_binary("aG Vs").is_err());
    }

    #[test]
    fn merge_key_detection() {
        assert!(is_merge_key("<<", ScalarStyle::Plain, None));
        assert!(is_merge_key(
            "<<",
            ScalarStyle::DoubleQuoted,
            Some("!!merge")
        ));
        assert!(!is_merge_key("<<", ScalarStyle::SingleQuoted, None));
    }
}
