//! The low-level layout of one formatted operand, as Go's `fmt` does it: padding to a width
//! (counted in characters, with zeros when the `0` flag is set and `-` is not), precision as
//! truncation for strings and minimum digits for integers, sign and base prefixes, and the
//! float post-processing of the `#`, `+` and space flags.
//!
//! [`Printer`] holds the output buffer and the flags of the verb being printed; the verb
//! dispatch over [`Value`](crate::value::Value) lives in the sibling `operand` module.

use super::float::format_float;
use super::quote::{
    can_backquote, is_print, quote, quote_ascii, quote_bytes, quote_rune, quote_rune_ascii,
};

/// Go refuses widths and precisions above this (`%!(BADWIDTH)`, `%!(BADPREC)`).
pub(super) const MAX_WIDTH: i64 = 1_000_000;

/// The flags, width and precision of one verb (Go's `fmtFlags` plus `wid`/`prec`).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Flags {
    pub sharp: bool,
    pub zero: bool,
    pub plus: bool,
    pub minus: bool,
    pub space: bool,
    /// `%#v`: Go-syntax representation.
    pub sharp_v: bool,
    /// `%+v`: field names in structs (no visible effect on the values charts hold).
    pub plus_v: bool,
    pub width: Option<usize>,
    pub precision: Option<usize>,
}

/// Output buffer plus the flags of the verb being formatted.
#[derive(Debug, Default)]
pub(super) struct Printer {
    pub out: String,
    pub flags: Flags,
}

impl Printer {
    /// Writes `count` padding characters: zeros when the `0` flag applies, spaces otherwise.
    pub fn write_padding(&mut self, count: usize) {
        let pad = if self.flags.zero && !self.flags.minus {
            '0'
        } else {
            ' '
        };
        self.out.extend(std::iter::repeat_n(pad, count));
    }

    /// Writes `text` padded to the width (left, or right with `-`).
    pub fn pad(&mut self, text: &str) {
        let width = self.flags.width.unwrap_or(0);
        let length = text.chars().count();
        if width <= length {
            self.out.push_str(text);
        } else if self.flags.minus {
            self.out.push_str(text);
            self.write_padding(width - length);
        } else {
            self.write_padding(width - length);
            self.out.push_str(text);
        }
    }

    /// The precision, when present, cuts a string to that many characters.
    fn truncate<'a>(&self, text: &'a str) -> &'a str {
        match self.flags.precision {
            Some(limit) => match text.char_indices().nth(limit) {
                Some((index, _)) => &text[..index],
                None => text,
            },
            None => text,
        }
    }

    /// `%s` of a string.
    pub fn fmt_s(&mut self, text: &str) {
        let text = self.truncate(text);
        self.pad(text);
    }

    /// `%t`/`%v` of a bool.
    pub fn fmt_boolean(&mut self, value: bool) {
        self.pad(if value { "true" } else { "false" });
    }

    /// `%q` of a string: backquoted with `#` when possible, ASCII-only with `+`.
    pub fn fmt_q(&mut self, text: &str) {
        let text = self.truncate(text);
        if self.flags.sharp && can_backquote(text) {
            self.pad(&format!("`{text}`"));
        } else if self.flags.plus {
            self.pad(&quote_ascii(text));
        } else {
            self.pad(&quote(text));
        }
    }

    /// `%q` of a Go string that is not valid UTF-8: never backquoted (Go's `CanBackquote`
    /// refuses invalid bytes), each invalid byte escaped as `\xNN`.
    pub fn fmt_q_bytes(&mut self, bytes: &[u8]) {
        let quoted = quote_bytes(bytes, self.flags.plus);
        self.pad(&quoted);
    }

    /// `%x`/`%X` of a string or byte slice: two hex digits per byte; precision limits the bytes
    /// read; space separates bytes; `#` adds `0x` (once, or per byte with space).
    pub fn fmt_sx(&mut self, bytes: &[u8], upper: bool) {
        let length = match self.flags.precision {
            Some(limit) if limit < bytes.len() => limit,
            _ => bytes.len(),
        };
        let Flags {
            sharp,
            space,
            minus,
            ..
        } = self.flags;
        let width = self.flags.width;
        if length == 0 {
            if let Some(width) = width {
                self.write_padding(width);
            }
            return;
        }
        let mut encoded_width = 2 * length;
        if space {
            if sharp {
                encoded_width *= 2;
            }
            encoded_width += length - 1;
        } else if sharp {
            encoded_width += 2;
        }
        let padding = width.map_or(0, |w| w.saturating_sub(encoded_width));
        if !minus {
            self.write_padding(padding);
        }
        let prefix = if upper { "0X" } else { "0x" };
        if sharp {
            self.out.push_str(prefix);
        }
        for (index, byte) in bytes.iter().take(length).enumerate() {
            if space && index > 0 {
                self.out.push(' ');
                if sharp {
                    self.out.push_str(prefix);
                }
            }
            self.out.push(hex_digit(byte >> 4, upper));
            self.out.push(hex_digit(byte & 15, upper));
        }
        if minus {
            self.write_padding(padding);
        }
    }

    /// An integer in `base` (Go's `fmt.fmtInteger`): precision or the `0` flag give leading
    /// zeros, `#` adds `0b`/`0`/`0x`, verb `O` adds `0o`, then the sign (`-`, `+` or space).
    pub fn fmt_integer(
        &mut self,
        magnitude: u64,
        negative: bool,
        base: u32,
        verb: char,
        upper: bool,
    ) {
        let flags = self.flags;
        let mut min_digits = 0;
        if let Some(precision) = flags.precision {
            if precision == 0 && magnitude == 0 {
                let zero = self.flags.zero;
                self.flags.zero = false;
                self.write_padding(flags.width.unwrap_or(0));
                self.flags.zero = zero;
                return;
            }
            min_digits = precision;
        } else if let (true, false, Some(width)) = (flags.zero, flags.minus, flags.width) {
            min_digits = width;
            if negative || flags.plus || flags.space {
                min_digits = min_digits.saturating_sub(1);
            }
        }
        let mut digits = to_base(magnitude, base, upper);
        if digits.len() < min_digits {
            digits = format!("{}{digits}", "0".repeat(min_digits - digits.len()));
        }
        let mut prefix = String::new();
        if negative {
            prefix.push('-');
        } else if flags.plus {
            prefix.push('+');
        } else if flags.space {
            prefix.push(' ');
        }
        if verb == 'O' {
            prefix.push_str("0o");
        }
        if flags.sharp {
            match base {
                2 => prefix.push_str("0b"),
                8 if !digits.starts_with('0') => prefix.push('0'),
                16 => prefix.push_str(if upper { "0X" } else { "0x" }),
                _ => {}
            }
        }
        let zero = self.flags.zero;
        self.flags.zero = false;
        self.pad(&format!("{prefix}{digits}"));
        self.flags.zero = zero;
    }

    /// Unsigned hex with an optional `0x` prefix (Go's `fmt0x64`, used by `%#v` of bytes).
    pub fn fmt_0x64(&mut self, value: u64, leading_0x: bool) {
        let sharp = self.flags.sharp;
        self.flags.sharp = leading_0x;
        self.fmt_integer(value, false, 16, 'v', false);
        self.flags.sharp = sharp;
    }

    /// `%c`: the character with this code; out-of-range codes print U+FFFD.
    pub fn fmt_c(&mut self, code: u64) {
        self.pad(rune_of(code).encode_utf8(&mut [0; 4]));
    }

    /// `%q` of an integer: a quoted character literal.
    pub fn fmt_qc(&mut self, code: u64) {
        let character = rune_of(code);
        let quoted = if self.flags.plus {
            quote_rune_ascii(character)
        } else {
            quote_rune(character)
        };
        self.pad(&quoted);
    }

    /// `%U`: `U+` and at least four (or precision) upper-case hex digits; `#` appends the
    /// quoted character when printable.
    pub fn fmt_unicode(&mut self, code: u64) {
        let min_digits = match self.flags.precision {
            Some(precision) if precision > 4 => precision,
            _ => 4,
        };
        let mut text = format!("U+{code:0min_digits$X}");
        if self.flags.sharp {
            if let Some(character) = u32::try_from(code).ok().and_then(char::from_u32) {
                if is_print(character) {
                    text.push_str(&format!(" '{character}'"));
                }
            }
        }
        let zero = self.flags.zero;
        self.flags.zero = false;
        self.pad(&text);
        self.flags.zero = zero;
    }

    /// A float through `strconv` with `verb` and `default_precision` (overridden by an explicit
    /// precision), then Go's sign, `#` and zero-padding rules (Go's `fmt.fmtFloat`).
    pub fn fmt_float(&mut self, value: f64, verb: char, default_precision: i32) {
        let precision = self.flags.precision.map_or(default_precision, |p| p as i32);
        let formatted = format_float(value, verb, precision);
        let mut num: Vec<u8> = Vec::with_capacity(formatted.len() + 8);
        if !formatted.starts_with(['-', '+']) {
            num.push(b'+');
        }
        num.extend_from_slice(formatted.as_bytes());
        let flags = self.flags;
        if flags.space && num[0] == b'+' && !flags.plus {
            num[0] = b' ';
        }
        if num.get(1).is_some_and(|c| *c == b'I' || *c == b'N') {
            let zero = self.flags.zero;
            self.flags.zero = false;
            let start = usize::from(num[1] == b'N' && !flags.space && !flags.plus);
            self.pad(&String::from_utf8_lossy(&num[start..]));
            self.flags.zero = zero;
            return;
        }
        if flags.sharp && verb != 'b' {
            apply_sharp_float(&mut num, verb, precision);
        }
        let text = String::from_utf8_lossy(&num).into_owned();
        if flags.plus || num[0] != b'+' {
            if let (true, false, Some(width)) = (flags.zero, flags.minus, flags.width) {
                if width > text.len() {
                    self.out.push_str(&text[..1]);
                    self.write_padding(width - text.len());
                    self.out.push_str(&text[1..]);
                    return;
                }
            }
            self.pad(&text);
            return;
        }
        self.pad(&text[1..]);
    }
}

/// `#` on a float: always a decimal point, and for `%g`/`%x` trailing zeros up to the
/// precision (6 when unspecified), counting significant digits the way Go does.
fn apply_sharp_float(num: &mut Vec<u8>, verb: char, precision: i32) {
    let mut digits: i64 = match verb {
        'v' | 'g' | 'G' | 'x' => {
            if precision == -1 {
                6
            } else {
                i64::from(precision)
            }
        }
        _ => 0,
    };
    let mut tail = Vec::new();
    let mut has_point = false;
    let mut saw_nonzero = false;
    let mut index = 1;
    while index < num.len() {
        match num[index] {
            b'.' => has_point = true,
            b'p' | b'P' => {
                tail = num.split_off(index);
                break;
            }
            b'e' | b'E' if verb != 'x' && verb != 'X' => {
                tail = num.split_off(index);
                break;
            }
            other => {
                if other != b'0' {
                    saw_nonzero = true;
                }
                if saw_nonzero {
                    digits -= 1;
                }
            }
        }
        index += 1;
    }
    if !has_point {
        if num.len() == 2 && num[1] == b'0' {
            digits -= 1;
        }
        num.push(b'.');
    }
    while digits > 0 {
        num.push(b'0');
        digits -= 1;
    }
    num.extend_from_slice(&tail);
}

fn hex_digit(value: u8, upper: bool) -> char {
    let c = std::char::from_digit(u32::from(value & 15), 16).unwrap_or('0');
    if upper {
        c.to_ascii_uppercase()
    } else {
        c
    }
}

fn to_base(mut value: u64, base: u32, upper: bool) -> String {
    if value == 0 {
        return "0".into();
    }
    let mut digits = Vec::new();
    while value > 0 {
        let digit = (value % u64::from(base)) as u32;
        let c = std::char::from_digit(digit, base).unwrap_or('0');
        digits.push(if upper { c.to_ascii_uppercase() } else { c });
        value /= u64::from(base);
    }
    digits.iter().rev().collect()
}

/// The character with code `code`, or U+FFFD when it is not a valid Unicode scalar value.
fn rune_of(code: u64) -> char {
    u32::try_from(code)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{fffd}')
}
