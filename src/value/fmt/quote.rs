//! Go's `strconv` quoting (`Quote`, `QuoteToASCII`, `QuoteRune`, `CanBackquote`) and
//! `unicode.IsPrint`, which decides what a quoted string keeps literally.
//!
//! `%q`, Sprig's `quote`-free paths, `js` and `%#U` all depend on which characters Go deems
//! printable: letters, marks, numbers, punctuation, symbols and the ASCII space. Rust has no
//! general-category table in std, so [`is_print`] lists the non-printable classes instead:
//! controls, format characters, separators other than U+0020, surrogates, private use and
//! noncharacters. Unassigned code points count as printable here (Go escapes them); charts
//! practically never contain them.

/// Go's `unicode.IsPrint` (see the module notes for the one approximation).
pub fn is_print(c: char) -> bool {
    let code = c as u32;
    if code < 0x20 || (0x7f..0xa0).contains(&code) {
        return false;
    }
    if code < 0x7f {
        return true;
    }
    !NON_PRINTABLE_RANGES
        .iter()
        .any(|&(low, high)| (low..=high).contains(&code))
        && (code & 0xfffe) != 0xfffe
}

/// Inclusive ranges of format characters (Cf), separators (Zs, Zl, Zp; U+0020 excepted),
/// private use (Co) and noncharacters.
const NON_PRINTABLE_RANGES: &[(u32, u32)] = &[
    (0x00a0, 0x00a0),
    (0x00ad, 0x00ad),
    (0x0600, 0x0605),
    (0x061c, 0x061c),
    (0x06dd, 0x06dd),
    (0x070f, 0x070f),
    (0x0890, 0x0891),
    (0x08e2, 0x08e2),
    (0x1680, 0x1680),
    (0x180e, 0x180e),
    (0x2000, 0x200f),
    (0x2028, 0x202f),
    (0x205f, 0x2064),
    (0x2066, 0x206f),
    (0x3000, 0x3000),
    (0xd800, 0xf8ff),
    (0xfdd0, 0xfdef),
    (0xfeff, 0xfeff),
    (0xfff9, 0xfffb),
    (0x110bd, 0x110bd),
    (0x110cd, 0x110cd),
    (0x13430, 0x1343f),
    (0x1bca0, 0x1bca3),
    (0x1d173, 0x1d17a),
    (0xe0001, 0xe0001),
    (0xe0020, 0xe007f),
    (0xf0000, 0x10ffff),
];

/// `strconv.Quote`: a double-quoted Go string literal, non-printable characters escaped.
pub fn quote(s: &str) -> String {
    quote_with(s, '"', false)
}

/// `strconv.QuoteToASCII`: like [`quote`] but every non-ASCII character is escaped too.
pub fn quote_ascii(s: &str) -> String {
    quote_with(s, '"', true)
}

/// `strconv.Quote` (with `ascii_only`, `QuoteToASCII`) of a Go string holding arbitrary bytes:
/// valid UTF-8 is quoted as [`quote`] does, and each byte outside valid UTF-8 becomes `\xNN`.
pub fn quote_bytes(bytes: &[u8], ascii_only: bool) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for chunk in crate::value::string::utf8_chunks(bytes) {
        match chunk {
            crate::value::string::Utf8Chunk::Text(text) => {
                for c in text.chars() {
                    push_escaped(&mut out, c, '"', ascii_only);
                }
            }
            crate::value::string::Utf8Chunk::InvalidByte(byte) => {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        }
    }
    out.push('"');
    out
}

/// `strconv.QuoteRune`: a single-quoted Go character literal.
pub fn quote_rune(c: char) -> String {
    quote_with(c.encode_utf8(&mut [0; 4]), '\'', false)
}

/// `strconv.QuoteRuneToASCII`.
pub fn quote_rune_ascii(c: char) -> String {
    quote_with(c.encode_utf8(&mut [0; 4]), '\'', true)
}

/// `strconv.CanBackquote`: whether `s` can be written as a raw string literal unchanged
/// (no control characters except tab, no backquote, no DEL, no byte order mark).
pub fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| !((c < ' ' && c != '\t') || c == '`' || c == '\u{7f}' || c == '\u{feff}'))
}

fn quote_with(s: &str, quote_char: char, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote_char);
    for c in s.chars() {
        push_escaped(&mut out, c, quote_char, ascii_only);
    }
    out.push(quote_char);
    out
}

fn push_escaped(out: &mut String, c: char, quote_char: char, ascii_only: bool) {
    if c == quote_char || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    let literal = if ascii_only {
        c.is_ascii() && is_print(c)
    } else {
        is_print(c)
    };
    if literal {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_quote_as_hex_escapes() {
        assert_eq!(quote_bytes(b"h\xc3\n", false), r#""h\xc3\n""#);
        assert_eq!(
            quote_bytes("é\u{FFFD}".as_bytes(), true),
            r#""\u00e9\ufffd""#
        );
        assert_eq!(quote_bytes("é".as_bytes(), false), quote("é"));
    }

    #[test]
    fn quote_escapes_like_go() {
        assert_eq!(quote("a\"b"), r#""a\"b""#);
        assert_eq!(quote("tab\there"), r#""tab\there""#);
        assert_eq!(quote("é\u{1}\u{2028}"), r#""é\x01\u2028""#);
        assert_eq!(
            quote("\u{a0}\u{200b}\u{feff}😀"),
            r#""\u00a0\u200b\ufeff😀""#
        );
        assert_eq!(quote("it's"), r#""it's""#);
        assert_eq!(quote("\u{7f}\u{f0000}"), r#""\x7f\U000f0000""#);
    }

    #[test]
    fn ascii_quote_escapes_everything_beyond_ascii() {
        assert_eq!(quote_ascii("é😀"), r#""\u00e9\U0001f600""#);
    }

    #[test]
    fn rune_quote_uses_single_quotes() {
        assert_eq!(quote_rune('A'), "'A'");
        assert_eq!(quote_rune('\n'), r"'\n'");
        assert_eq!(quote_rune('\''), r"'\''");
        assert_eq!(quote_rune('"'), "'\"'");
        assert_eq!(quote_rune('\u{fffd}'), "'\u{fffd}'");
    }

    #[test]
    fn backquote_rules() {
        assert!(can_backquote("ab\tc"));
        assert!(!can_backquote("a`b"));
        assert!(!can_backquote("a\nb"));
        assert!(!can_backquote("\u{feff}"));
    }

    #[test]
    fn printable_classes() {
        assert!(is_print(' '));
        assert!(is_print('é'));
        assert!(is_print('\u{fffd}'));
        assert!(!is_print('\u{85}'));
        assert!(!is_print('\u{2028}'));
        assert!(!is_print('\u{e000}'));
        assert!(!is_print('\u{ffff}'));
    }
}
