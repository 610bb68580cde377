//! Go's string quoting rules as text/template needs them: `strconv.Quote` (how node and token
//! texts are printed in messages; re-exported from `value::fmt::quote`) and `strconv.Unquote` /
//! `UnquoteChar` (how string and character literals in a template are decoded).

/// Go's `strconv.Quote`, with which text/template prints node and token texts in messages; the
/// one implementation (and its `unicode.IsPrint` table) lives in `value::fmt::quote`.
pub use crate::value::fmt::quote::quote as go_quote;

/// Why a literal could not be decoded; Go reports all of these as `invalid syntax`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid syntax")]
pub struct SyntaxError;

/// Go's `strconv.Unquote` for the three literal forms: `"..."`, `` `...` `` and `'x'`, as text
/// (bytes written with `\x` or octal escapes that are not valid UTF-8 read as U+FFFD).
pub fn go_unquote(s: &str) -> Result<String, SyntaxError> {
    go_unquote_bytes(s).map(|bytes| crate::value::string::lossy_text(&bytes))
}

/// Go's `strconv.Unquote` as the bytes of the Go string: `"\xff"` is the single byte 0xFF.
pub fn go_unquote_bytes(s: &str) -> Result<Vec<u8>, SyntaxError> {
    let bytes = s.as_bytes();
    if bytes.len() < 2 {
        return Err(SyntaxError);
    }
    let quote = bytes[0];
    if quote != bytes[bytes.len() - 1] {
        return Err(SyntaxError);
    }
    let body = &s[1..s.len() - 1];
    match quote {
        b'`' => {
            if body.contains('`') {
                return Err(SyntaxError);
            }
            // Carriage returns are dropped from raw strings.
            Ok(body.replace('\r', "").into_bytes())
        }
        b'"' if !body.contains(['\\', '"', '\n']) => {
            // Nothing to decode: most literals in templates are plain words.
            Ok(body.as_bytes().to_vec())
        }
        b'"' | b'\'' => {
            let mut out: Vec<u8> = Vec::with_capacity(body.len());
            let mut rest = body;
            let mut count = 0;
            while !rest.is_empty() {
                let (decoded, tail) = unquote_char(rest, quote as char)?;
                match decoded {
                    Decoded::Char(c) => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    Decoded::Byte(b) => out.push(b),
                }
                rest = tail;
                count += 1;
            }
            if quote == b'\'' && count != 1 {
                return Err(SyntaxError);
            }
            Ok(out)
        }
        _ => Err(SyntaxError),
    }
}

/// One decoded element of a quoted literal: a character, or a raw byte from `\x` / octal escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    Char(char),
    Byte(u8),
}

impl Decoded {
    /// The numeric value, as a character constant sees it.
    pub fn value(self) -> u32 {
        match self {
            Decoded::Char(c) => c as u32,
            Decoded::Byte(b) => b as u32,
        }
    }
}

/// Go's `strconv.UnquoteChar`: decodes the first character or escape of `s` inside a literal
/// delimited by `quote`, returning it and the rest.
pub fn unquote_char(s: &str, quote: char) -> Result<(Decoded, &str), SyntaxError> {
    let mut chars = s.chars();
    let first = chars.next().ok_or(SyntaxError)?;
    if first == quote && (quote == '\'' || quote == '"') {
        return Err(SyntaxError);
    }
    if first != '\\' {
        return Ok((Decoded::Char(first), chars.as_str()));
    }
    let escape = chars.next().ok_or(SyntaxError)?;
    let rest = chars.as_str();
    let simple = match escape {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        '\'' | '"' => {
            if escape != quote {
                return Err(SyntaxError);
            }
            Some(escape)
        }
        _ => None,
    };
    if let Some(c) = simple {
        return Ok((Decoded::Char(c), rest));
    }
    let hex_digits = |n: usize| -> Result<(u32, &str), SyntaxError> {
        let digits = rest.get(..n).ok_or(SyntaxError)?;
        let value = u32::from_str_radix(digits, 16).map_err(|_| SyntaxError)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SyntaxError);
        }
        Ok((value, &rest[n..]))
    };
    match escape {
        'x' => {
            let (value, tail) = hex_digits(2)?;
            Ok((Decoded::Byte(value as u8), tail))
        }
        'u' | 'U' => {
            let (value, tail) = hex_digits(if escape == 'u' { 4 } else { 8 })?;
            let c = char::from_u32(value).ok_or(SyntaxError)?;
            Ok((Decoded::Char(c), tail))
        }
        '0'..='7' => {
            let digits = s.get(1..4).ok_or(SyntaxError)?;
            if !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                return Err(SyntaxError);
            }
            let value = u32::from_str_radix(digits, 8).map_err(|_| SyntaxError)?;
            if value > 255 {
                return Err(SyntaxError);
            }
            Ok((Decoded::Byte(value as u8), &s[4..]))
        }
        _ => Err(SyntaxError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_strconv() {
        assert_eq!(go_quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(go_quote("\u{1}é"), r#""\x01é""#);
    }

    #[test]
    fn unquotes_go_literals() {
        assert_eq!(go_unquote(r#""a\tb\x41\101\u00e9""#).unwrap(), "a\tbAAé");
        assert_eq!(go_unquote("`a\\n\r`").unwrap(), "a\\n");
        assert_eq!(go_unquote("'x'").unwrap(), "x");
        assert_eq!(go_unquote(r#""\'""#), Err(SyntaxError));
        assert_eq!(go_unquote(r#""\q""#), Err(SyntaxError));
        assert_eq!(go_unquote("'ab'"), Err(SyntaxError));
    }

    #[test]
    fn byte_escapes_keep_their_bytes() {
        assert_eq!(
            go_unquote_bytes(r#""\xffa\303""#),
            Ok(vec![0xff, b'a', 0xc3])
        );
        assert_eq!(go_unquote(r#""\xff""#), Ok("\u{FFFD}".to_string()));
        assert_eq!(go_unquote_bytes("`a\r\\x`"), Ok(b"a\\x".to_vec()));
    }

    #[test]
    fn unquote_char_returns_tail() {
        let (decoded, tail) = unquote_char("\\n'", '\'').unwrap();
        assert_eq!((decoded, tail), (Decoded::Char('\n'), "'"));
        assert_eq!(unquote_char("\\377x", '\'').unwrap().0.value(), 255);
    }
}
