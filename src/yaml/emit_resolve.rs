//! Whether a string can be written as a plain (unquoted) YAML scalar and still read back as a
//! string.
//!
//! go-yaml's encoder quotes a string exactly when its own resolver would give the unquoted text
//! another type: the YAML 1.1 words for booleans and null (`y`, `Yes`, `on`, `OFF`, `~`, `null`,
//! the empty string), `.inf`/`.nan`, the merge key `<<`, anything Go's integer parser accepts
//! after removing underscores (`010`, `0x1F`, `+1`, `1_000`, `0b101`), YAML-style floats that
//! Go can parse (`1e3`, `1.5`, `.5`), timestamps that Go's `time.Parse` accepts in one of four
//! layouts (`2001-12-14`, `2001-12-14t21:59:43.10-05:00`), and base-60 numbers (`12:30`).
//! go-yaml v3 (`toYamlPretty`) dropped the 1.1 booleans from its resolver but quotes them
//! anyway, so both encoders quote the same set of strings.

use std::sync::LazyLock;

use regex::Regex;

/// go-yaml's "YAML-style float" shape, checked before Go's float parser runs.
static YAML_STYLE_FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$").expect("valid regex")
});

/// YAML 1.1 sexagesimal numbers, which go-yaml never decodes but always quotes.
static BASE60_FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$").expect("valid regex")
});

/// Words go-yaml v2 resolves to a boolean, null, infinity or NaN. (Its table also lists the
/// merge key `<<`, but the resolver only consults the table for text starting with a sign,
/// digit, dot or one of `yYnNtTfFoO~`, so `<<` stays a plain string.)
const RESERVED_WORDS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No",
    "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan",
    ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
];

/// True when go-yaml would write `text` unquoted: the plain text resolves to a string and is
/// not a base-60 number. (The emitter may still quote it for syntax reasons: indicators,
/// leading spaces, special characters.)
pub fn plain_resolves_to_string(text: &str) -> bool {
    resolves_to_string(text) && !is_base60_float(text)
}

fn is_base60_float(text: &str) -> bool {
    let Some(first) = text.bytes().next() else {
        return false;
    };
    if !(first == b'+' || first == b'-' || first.is_ascii_digit()) || !text.contains(':') {
        return false;
    }
    BASE60_FLOAT.is_match(text)
}

/// go-yaml's resolver for an untagged plain scalar, reduced to "is it a string".
fn resolves_to_string(text: &str) -> bool {
    if RESERVED_WORDS.contains(&text) {
        return false;
    }
    let Some(first) = text.bytes().next() else {
        return false;
    };
    match first {
        b'.' => !go_parse_float_ok(text),
        b'+' | b'-' | b'0'..=b'9' => {
            if parses_as_timestamp(text) {
                return false;
            }
            let plain: String = text.chars().filter(|c| *c != '_').collect();
            if go_parse_int_ok(&plain) {
                return false;
            }
            if YAML_STYLE_FLOAT.is_match(&plain) && go_parse_float_ok(&plain) {
                return false;
            }
            if let Some(binary) = plain.strip_prefix("0b") {
                if parse_unsigned_digits(binary, 2).is_some() {
                    return false;
                }
            } else if let Some(binary) = plain.strip_prefix("-0b") {
                if parse_unsigned_digits(binary, 2).is_some_and(|v| v <= 1u64 << 63) {
                    return false;
                }
            }
            true
        }
        _ => true,
    }
}

/// Digits of `base` (no sign, no prefix, no underscores) as a u64; `None` when empty, invalid
/// or overflowing.
fn parse_unsigned_digits(digits: &str, base: u32) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for c in digits.chars() {
        let digit = c.to_digit(base)?;
        value = value
            .checked_mul(u64::from(base))?
            .checked_add(u64::from(digit))?;
    }
    Some(value)
}

/// Whether Go's `strconv.ParseInt(s, 0, 64)` or `strconv.ParseUint(s, 0, 64)` accepts `s`
/// (which has no underscores left): optional sign (signed only), `0x`/`0b`/`0o` prefixes or a
/// leading `0` for octal, and a value in range.
fn go_parse_int_ok(text: &str) -> bool {
    let (negative, signed, body) = if let Some(rest) = text.strip_prefix('-') {
        (true, true, rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (false, true, rest)
    } else {
        (false, false, text)
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    let Some(magnitude) = parse_unsigned_digits(digits, base) else {
        return false;
    };
    if negative {
        magnitude <= 1u64 << 63
    } else if signed {
        magnitude <= i64::MAX as u64
    } else {
        true
    }
}

/// Whether Go's `strconv.ParseFloat(s, 64)` accepts a decimal float written with a leading dot
/// or in go-yaml's float shape: underscores only between digits, and no overflow to infinity.
fn go_parse_float_ok(text: &str) -> bool {
    if !underscores_between_digits(text) {
        return false;
    }
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    if !YAML_STYLE_FLOAT.is_match(&cleaned) {
        return false;
    }
    cleaned.parse::<f64>().is_ok_and(|value| value.is_finite())
}

/// Go's rule for digit separators in number literals: each `_` sits between two digits.
fn underscores_between_digits(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let mut previous_digit = false;
    let mut previous_underscore = false;
    for c in body.chars() {
        if c.is_ascii_digit() {
            previous_digit = true;
            previous_underscore = false;
        } else if c == '_' {
            if !previous_digit {
                return false;
            }
            previous_digit = false;
            previous_underscore = true;
        } else {
            if previous_underscore {
                return false;
            }
            previous_digit = false;
        }
    }
    !previous_underscore
}

/// go-yaml's timestamp check: text starting `YYYY-` that Go's `time.Parse` accepts as
/// `2006-1-2T15:4:5.999999999Z07:00` (also with a lower-case `t`),
/// `2006-1-2 15:4:5.999999999` or `2006-1-2`.
pub fn parses_as_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    let year_digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if year_digits != 4 || bytes.get(4) != Some(&b'-') {
        return false;
    }
    let mut cursor = TimeCursor { rest: bytes };
    let Some(date) = cursor.date() else {
        return false;
    };
    if cursor.rest.is_empty() {
        return date.valid();
    }
    let separator = cursor.rest.first().copied();
    match separator {
        Some(b'T') | Some(b't') => {
            cursor.rest = &cursor.rest[1..];
            cursor.time_of_day() && cursor.zone() && cursor.rest.is_empty() && date.valid()
        }
        Some(b' ') => {
            let spaces = cursor.rest.iter().take_while(|b| **b == b' ').count();
            cursor.rest = &cursor.rest[spaces..];
            cursor.time_of_day() && cursor.rest.is_empty() && date.valid()
        }
        _ => false,
    }
}

struct Date {
    year: u32,
    month: u32,
    day: u32,
}

impl Date {
    fn valid(&self) -> bool {
        let leap = self.year.is_multiple_of(4)
            && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400));
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        self.day >= 1 && self.day <= days
    }
}

/// A position in a timestamp being matched the way Go's `time.Parse` walks its layout.
struct TimeCursor<'a> {
    rest: &'a [u8],
}

impl TimeCursor<'_> {
    /// One or two digits (Go's non-fixed `getnum`).
    fn number(&mut self) -> Option<u32> {
        let first = *self.rest.first().filter(|b| b.is_ascii_digit())?;
        let mut value = u32::from(first - b'0');
        let mut used = 1;
        if let Some(second) = self.rest.get(1).filter(|b| b.is_ascii_digit()) {
            value = value * 10 + u32::from(second - b'0');
            used = 2;
        }
        self.rest = &self.rest[used..];
        Some(value)
    }

    fn literal(&mut self, byte: u8) -> Option<()> {
        if self.rest.first() == Some(&byte) {
            self.rest = &self.rest[1..];
            Some(())
        } else {
            None
        }
    }

    fn date(&mut self) -> Option<Date> {
        let year_text = std::str::from_utf8(self.rest.get(..4)?).ok()?;
        let year = year_text.parse().ok()?;
        self.rest = &self.rest[4..];
        self.literal(b'-')?;
        let month = self.number()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        self.literal(b'-')?;
        let day = self.number()?;
        Some(Date { year, month, day })
    }

    /// `15:4:5` with an optional fraction (`.` or `,` followed by digits).
    fn time_of_day(&mut self) -> bool {
        let parsed = (|| {
            let hour = self.number()?;
            self.literal(b':')?;
            let minute = self.number()?;
            self.literal(b':')?;
            let second = self.number()?;
            (hour < 24 && minute < 60 && second < 60).then_some(())
        })();
        if parsed.is_none() {
            return false;
        }
        if self.rest.len() >= 2
            && (self.rest[0] == b'.' || self.rest[0] == b',')
            && self.rest[1].is_ascii_digit()
        {
            let digits = self.rest[1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            self.rest = &self.rest[1 + digits..];
        }
        true
    }

    /// `Z07:00`: `Z`, or a sign, two-digit hours (at most 24), `:`, two-digit minutes (at most
    /// 60).
    fn zone(&mut self) -> bool {
        if self.literal(b'Z').is_some() {
            return true;
        }
        let rest = self.rest;
        if rest.len() < 6 || rest[3] != b':' || !(rest[0] == b'+' || rest[0] == b'-') {
            return false;
        }
        let two = |pair: &[u8]| -> Option<u32> {
            if pair.len() == 2 && pair.iter().all(u8::is_ascii_digit) {
                Some(u32::from(pair[0] - b'0') * 10 + u32::from(pair[1] - b'0'))
            } else {
                None
            }
        };
        match (two(&rest[1..3]), two(&rest[4..6])) {
            (Some(hours), Some(minutes)) if hours <= 24 && minutes <= 60 => {
                self.rest = &rest[6..];
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml11_words_are_not_plain() {
        for word in [
            "yes", "Y", "n", "on", "OFF", "true", "null", "~", "", ".inf", "-.Inf",
        ] {
            assert!(!plain_resolves_to_string(word), "{word:?}");
        }
        for word in [
            "yES", "nO", "tru", "nil", "inf", "Infinity", "NaN", ".", "<<",
        ] {
            assert!(plain_resolves_to_string(word), "{word:?}");
        }
    }

    #[test]
    fn go_integers_are_not_plain() {
        for text in [
            "1", "-1", "+1", "010", "0755", "0x1F", "0X1f", "0o17", "0b101", "-0b101",
        ] {
            assert!(!plain_resolves_to_string(text), "{text:?}");
        }
        assert!(!plain_resolves_to_string("1_000"));
        assert!(!plain_resolves_to_string("18446744073709551615"));
        // Too large for 64 bits and not float-shaped: a string.
        assert!(plain_resolves_to_string("0x1FFFFFFFFFFFFFFFFF"));
        assert!(plain_resolves_to_string("0b102"));
        assert!(plain_resolves_to_string("0x"));
        assert!(plain_resolves_to_string("1-2"));
    }

    #[test]
    fn floats_are_not_plain_unless_they_overflow() {
        for text in [
            "1.5",
            "1e3",
            "1E+3",
            ".5",
            "-.5",
            "1.",
            "08",
            "1_0.5",
            "99999999999999999999",
        ] {
            assert!(!plain_resolves_to_string(text), "{text:?}");
        }
        assert!(plain_resolves_to_string("1e400"));
        assert!(plain_resolves_to_string("1.2.3"));
        assert!(plain_resolves_to_string("._5"));
    }

    #[test]
    fn timestamps_follow_go_time_parse() {
        for text in [
            "2001-12-14",
            "2001-1-2",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14T21:59:43Z",
            "2001-12-14 21:59:43.10",
            "2001-12-14   1:2:3",
            "2024-02-29",
        ] {
            assert!(parses_as_timestamp(text), "{text:?}");
        }
        for text in [
            "2001-13-01",
            "2001-02-30",
            "2023-02-29",
            "2001-12-14T21:59:43",
            "2001-12-14 25:00:00",
            "2001-12-14T21:59:43+5:00",
            "20011-12-14",
            "2001-123-1",
            "2001-12-14x",
        ] {
            assert!(!parses_as_timestamp(text), "{text:?}");
        }
    }

    #[test]
    fn base60_numbers_are_quoted() {
        assert!(!plain_resolves_to_string("12:30"));
        assert!(!plain_resolves_to_string("1:20:30.5"));
        assert!(plain_resolves_to_string("1:60"));
        assert!(plain_resolves_to_string("a:1"));
    }
}
