//! Go's number literal rules for template constants: `strconv.ParseInt`/`ParseUint` with base 0
//! (prefixes `0x`, `0o`, `0b`, legacy octal `017`, `_` separators) and `ParseFloat` (decimal and
//! hexadecimal floats), combined the way text/template's parser combines them, plus character
//! constants (`'a'` is the integer 97).

use super::ast::NumberNode;
use super::lex::ItemKind;
use super::quote::{unquote_char, Decoded};

/// Builds the number node for a `Number`, `CharConstant` or `Complex` token, or Go's error text.
pub fn parse_number(pos: usize, text: &str, kind: ItemKind) -> Result<NumberNode, String> {
    let mut node = NumberNode {
        pos,
        text: text.to_string(),
        ..NumberNode::default()
    };
    match kind {
        ItemKind::CharConstant => {
            let body = text.get(1..).unwrap_or("");
            let (decoded, tail) = unquote_char(body, '\'').map_err(|e| e.to_string())?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            let value = match decoded {
                Decoded::Char(c) => c as u32,
                Decoded::Byte(b) => b as u32,
            };
            node.int = Some(value as i64);
            node.uint = Some(value as u64);
            node.float = Some(value as f64);
            return Ok(node);
        }
        ItemKind::Complex => {
            let (re, im) = parse_complex(text)?;
            return Ok(simplify_complex(node, re, im));
        }
        _ => {}
    }
    if let Some(imaginary) = text.strip_suffix('i') {
        if let Some(im) = parse_float(imaginary) {
            return Ok(simplify_complex(node, 0.0, im));
        }
    }
    let unsigned = parse_uint(text);
    node.uint = unsigned;
    if let Some(signed) = parse_int(text) {
        node.int = Some(signed);
        if signed == 0 {
            // "-0" is also an unsigned zero.
            node.uint = Some(0);
        }
    }
    if let Some(i) = node.int {
        node.float = Some(i as f64);
    } else if let Some(u) = node.uint {
        node.float = Some(u as f64);
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!(
                "integer overflow: {}",
                super::quote::go_quote(text)
            ));
        }
        node.float = Some(f);
        if f.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(&f) {
            node.int = Some(f as i64);
        }
        if f.fract() == 0.0 && (0.0..u64::MAX as f64).contains(&f) {
            node.uint = Some(f as u64);
        }
    }
    if node.int.is_none() && node.uint.is_none() && node.float.is_none() {
        return Err(format!(
            "illegal number syntax: {}",
            super::quote::go_quote(text)
        ));
    }
    Ok(node)
}

/// `re±imi` as Go's `fmt.Sscan` reads a complex128 (the lexer only lets that shape through);
/// a part `strconv.ParseFloat` rejects fails with its error text.
fn parse_complex(text: &str) -> Result<(f64, f64), String> {
    let invalid = |part: &str| {
        format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            super::quote::go_quote(part)
        )
    };
    let imaginary = text.strip_suffix('i').ok_or_else(|| invalid(text))?;
    let bytes = imaginary.as_bytes();
    let split = (1..bytes.len())
        .rev()
        .find(|&i| {
            matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E' | b'p' | b'P')
        })
        .ok_or_else(|| invalid(text))?;
    let (real_text, imaginary_text) = imaginary.split_at(split);
    let re = parse_float(real_text).ok_or_else(|| invalid(real_text))?;
    let im = parse_float(imaginary_text).ok_or_else(|| invalid(imaginary_text))?;
    Ok((re, im))
}

/// Go's `simplifyComplex`: a complex constant whose imaginary part is zero also reads as the
/// float (and integer, when integral) of its real part.
fn simplify_complex(mut node: NumberNode, re: f64, im: f64) -> NumberNode {
    node.is_complex = true;
    node.complex = Some((re, im));
    if im == 0.0 {
        node.float = Some(re);
        if re.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(&re) {
            node.int = Some(re as i64);
        }
        if re.fract() == 0.0 && (0.0..u64::MAX as f64).contains(&re) {
            node.uint = Some(re as u64);
        }
    }
    node
}

/// Splits an optional sign, returning (negative, rest).
fn split_sign(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (false, rest)
    } else {
        (false, text)
    }
}

/// Go's `underscoreOK`: underscores only between digits, or between a base prefix and a digit.
fn underscores_ok(s: &str) -> bool {
    let bytes = s.as_bytes();
    // 'x' tracks the previous character class: '^' start, '0' digit or prefix, '_' underscore.
    let mut previous = b'^';
    let mut i = 0;
    let mut hex = false;
    if bytes.len() >= 2 && bytes[0] == b'0' {
        let base = bytes[1].to_ascii_lowercase();
        if base == b'x' || base == b'o' || base == b'b' {
            hex = base == b'x';
            i = 2;
            previous = b'0';
        }
    }
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            previous = b'0';
        } else if c == b'_' {
            if previous != b'0' {
                return false;
            }
            previous = b'_';
        } else {
            if previous == b'_' {
                return false;
            }
            previous = b'!';
        }
        i += 1;
    }
    previous != b'_'
}

/// The magnitude of an unsigned literal in base 0, or `None` when invalid or too large.
fn parse_magnitude(digits: &str) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let (radix, body) = match digits.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &digits[2..]),
        [b'0', b'o' | b'O', ..] => (8, &digits[2..]),
        [b'0', b'b' | b'B', ..] => (2, &digits[2..]),
        [b'0', _, ..] => (8, &digits[1..]),
        _ => (10, digits),
    };
    if digits.contains('_') && !underscores_ok(digits) {
        return None;
    }
    let cleaned: String = body.chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty() {
        // A base prefix needs digits after it.
        return None;
    }
    if !cleaned.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(&cleaned, radix).ok()
}

/// `strconv.ParseUint(text, 0, 64)`.
pub fn parse_uint(text: &str) -> Option<u64> {
    if text.starts_with(['+', '-']) {
        return None;
    }
    parse_magnitude(text)
}

/// `strconv.ParseInt(text, 0, 64)`.
pub fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = split_sign(text);
    let magnitude = parse_magnitude(digits)?;
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// `strconv.ParseFloat(text, 64)` for the literal forms the lexer produces.
pub fn parse_float(text: &str) -> Option<f64> {
    let (negative, body) = split_sign(text);
    if body.contains('_') && !underscores_ok(body) {
        return None;
    }
    let cleaned: String = body.chars().filter(|&c| c != '_').collect();
    let magnitude = if cleaned.len() > 2 && (cleaned.starts_with("0x") || cleaned.starts_with("0X"))
    {
        parse_hex_float(&cleaned[2..])?
    } else {
        if cleaned.is_empty()
            || !cleaned
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            return None;
        }
        cleaned.parse::<f64>().ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Hexadecimal mantissa with a mandatory binary exponent: `1.8p3`.
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mantissa, exponent) = s.split_once(['p', 'P'])?;
    let exponent: i32 = exponent.parse().ok()?;
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut value = 0f64;
    for c in int_part.chars().chain(frac_part.chars()) {
        value = value * 16.0 + c.to_digit(16)? as f64;
    }
    let scale = exponent - 4 * frac_part.len() as i32;
    Some(value * 2f64.powi(scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> NumberNode {
        parse_number(0, text, ItemKind::Number).unwrap()
    }

    #[test]
    fn integers_in_every_base() {
        assert_eq!(number("0x1F").int, Some(31));
        assert_eq!(number("0o17").int, Some(15));
        assert_eq!(number("017").int, Some(15));
        assert_eq!(number("0b101").int, Some(5));
        assert_eq!(number("1_000").int, Some(1000));
        assert_eq!(number("-5").int, Some(-5));
        assert_eq!(number("-5").uint, None);
    }

    #[test]
    fn floats_and_overflow() {
        let f = number("1e3");
        assert_eq!((f.float, f.int), (Some(1000.0), Some(1000)));
        assert_eq!(number("1.5").int, None);
        assert_eq!(number("0x1p4").float, Some(16.0));
        let big = number("9223372036854775808");
        assert_eq!((big.int, big.uint), (None, Some(9223372036854775808)));
        assert_eq!(
            parse_number(0, "99999999999999999999", ItemKind::Number).unwrap_err(),
            "integer overflow: \"99999999999999999999\""
        );
        assert_eq!(
            parse_number(0, "1__0", ItemKind::Number).unwrap_err(),
            "illegal number syntax: \"1__0\""
        );
        assert!(number("2i").is_complex);
    }

    #[test]
    fn character_constants() {
        assert_eq!(
            parse_number(0, "'a'", ItemKind::CharConstant).unwrap().int,
            Some(97)
        );
        assert_eq!(
            parse_number(0, "'\\n'", ItemKind::CharConstant)
                .unwrap()
                .int,
            Some(10)
        );
    }
}
