//! What happens to a string on `toYaml`'s trip through JSON text and go-yaml v2's reader.
//!
//! `encoding/json` escapes control characters, quotes, backslashes, `<`, `>`, `&`, U+2028 and
//! U+2029, and writes everything else raw; go-yaml then reads that text as YAML:
//!
//! * raw characters YAML forbids (DEL, the C1 controls other than NEL, U+FFFE, U+FFFF) make the
//!   reader fail, so `toYaml` fails;
//! * a raw NEL (U+0085) is a YAML line break inside the double-quoted JSON string, so it is
//!   folded like any line break in a quoted scalar: spaces around it vanish, a single break
//!   becomes one space, further breaks become newlines;
//! * a map key is a YAML simple key: it must stay on one line (no NEL) and its JSON form
//!   (with quotes) must span at most 1024 characters, else the reader fails.

use super::emit::EmitError;

/// The longest a JSON-escaped key (without its quotes) may be for go-yaml to read it back.
const MAX_ESCAPED_KEY_CHARS: usize = 1022;

const NEL: char = '\u{85}';

/// A string value as it comes back from the JSON round trip.
pub fn round_trip_string(text: &str) -> Result<String, EmitError> {
    check_allowed_characters(text)?;
    if text.contains(NEL) {
        Ok(fold_line_breaks(text))
    } else {
        Ok(text.to_string())
    }
}

/// A map key as it comes back from the JSON round trip.
pub fn round_trip_key(key: &str) -> Result<String, EmitError> {
    check_allowed_characters(key)?;
    if key.contains(NEL) {
        return Err(EmitError::KeyNotReadable {
            reason: "a line break (U+0085) in a key",
        });
    }
    if escaped_length(key) > MAX_ESCAPED_KEY_CHARS {
        return Err(EmitError::KeyNotReadable {
            reason: "a key longer than 1024 characters",
        });
    }
    Ok(key.to_string())
}

fn check_allowed_characters(text: &str) -> Result<(), EmitError> {
    let forbidden = text.chars().find(|c| {
        let code = u32::from(*c);
        code == 0x7F
            || ((0x80..=0x9F).contains(&code) && code != 0x85)
            || code == 0xFFFE
            || code == 0xFFFF
    });
    match forbidden {
        Some(character) => Err(EmitError::ControlCharacter { character }),
        None => Ok(()),
    }
}

/// Characters `encoding/json` (with HTML escaping) writes for `text`, as go-yaml counts them.
fn escaped_length(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '"' | '\\' | '\u{08}' | '\u{0C}' | '\n' | '\r' | '\t' => 2,
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
            c if u32::from(c) < 0x20 => 6,
            _ => 1,
        })
        .sum()
}

/// YAML's line folding inside a double-quoted scalar whose only raw line break is NEL (every
/// other break and tab arrived escaped, so it is content here).
fn fold_line_breaks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < chars.len() {
        while index < chars.len() && chars[index] != ' ' && chars[index] != NEL {
            out.push(chars[index]);
            index += 1;
        }
        let mut whitespace = String::new();
        let mut breaks = 0usize;
        while index < chars.len() && (chars[index] == ' ' || chars[index] == NEL) {
            if chars[index] == NEL {
                breaks += 1;
                whitespace.clear();
            } else if breaks == 0 {
                whitespace.push(' ');
            }
            index += 1;
        }
        match breaks {
            0 => out.push_str(&whitespace),
            1 => out.push(' '),
            more => out.extend(std::iter::repeat_n('\n', more - 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nel_folds_like_a_quoted_line_break() {
        assert_eq!(round_trip_string("x\u{85}y").unwrap(), "x y");
        assert_eq!(round_trip_string("x \u{85} y").unwrap(), "x y");
        assert_eq!(round_trip_string("x\u{85}\u{85}y").unwrap(), "x\ny");
        assert_eq!(round_trip_string("\u{85}").unwrap(), " ");
        assert_eq!(round_trip_string("x\u{85}\u{85}\u{85}").unwrap(), "x\n\n");
        assert_eq!(round_trip_string("x\u{85}\ny").unwrap(), "x \ny");
        assert_eq!(round_trip_string("a  b\tc").unwrap(), "a  b\tc");
    }

    #[test]
    fn forbidden_characters_fail() {
        for text in ["a\u{7f}b", "a\u{80}b", "\u{9f}", "a\u{ffff}", "\u{fffe}"] {
            assert!(round_trip_string(text).is_err(), "{text:?}");
        }
        assert!(round_trip_string("\u{a0}\u{feff}\u{1F600}").is_ok());
    }

    #[test]
    fn keys_must_be_short_single_lines() {
        assert!(round_trip_key(&"a".repeat(1022)).is_ok());
        assert!(round_trip_key(&"a".repeat(1023)).is_err());
        assert!(round_trip_key(&format!("{}<", "a".repeat(1016))).is_ok());
        assert!(round_trip_key(&format!("{}<", "a".repeat(1017))).is_err());
        assert!(round_trip_key(&format!("{}\n", "a".repeat(1020))).is_ok());
        assert!(round_trip_key(&format!("{}\n", "a".repeat(1021))).is_err());
        assert!(round_trip_key("a\u{85}b").is_err());
    }
}
