//! Go's `fmt.Sprintf`, `fmt.Sprint` and `fmt.Sprintln` over [`Value`] operands.
//!
//! The format grammar is Go's: `%`, flags (`#0+- `), an optional argument index `[n]`, a
//! width (digits or `*`), a precision (`.` then digits or `*`), another optional index, then
//! the verb. Mistakes are not errors but text in the output, exactly as Go writes it:
//! `%!d(string=x)` (wrong verb), `%!d(MISSING)`, `%!d(BADINDEX)`, `%!(BADWIDTH)`,
//! `%!(BADPREC)`, `%!(NOVERB)`, and `%!(EXTRA int=3, string=x)` for unused operands (not
//! reported once an explicit index reordered the operands).

use super::printer::{Flags, Printer, MAX_WIDTH};
use crate::value::Value;

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut state = FormatState {
        printer: Printer::default(),
        arg_index: 0,
        reordered: false,
        good_index: true,
    };
    state.run(format, args);
    state.printer.out
}

/// `fmt.Sprint(args...)`: operands printed with `%v`, a space between two operands only when
/// neither of them is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut printer = Printer::default();
    let mut previous_is_string = false;
    for (index, arg) in args.iter().enumerate() {
        let is_string = is_string_kind(arg);
        if index > 0 && !is_string && !previous_is_string {
            printer.out.push(' ');
        }
        printer.print_arg(arg, 'v');
        previous_is_string = is_string;
    }
    printer.out
}

/// `fmt.Sprintln(args...)`: operands printed with `%v`, always separated by a space, then a
/// newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut printer = Printer::default();
    for (index, arg) in args.iter().enumerate() {
        if index > 0 {
            printer.out.push(' ');
        }
        printer.print_arg(arg, 'v');
    }
    printer.out.push('\n');
    printer.out
}

fn is_string_kind(value: &Value) -> bool {
    match value {
        Value::String(_) => true,
        Value::Object(object) => object.kind_name() == "string",
        _ => false,
    }
}

struct FormatState {
    printer: Printer,
    /// The operand the next verb consumes.
    arg_index: usize,
    /// An explicit `[n]` was seen: unused operands are no longer reported.
    reordered: bool,
    /// The current verb's argument index is valid.
    good_index: bool,
}

impl FormatState {
    fn run(&mut self, format: &str, args: &[Value]) {
        let bytes = format.as_bytes();
        let end = bytes.len();
        let mut i = 0;
        'verbs: while i < end {
            self.good_index = true;
            let literal_start = i;
            while i < end && bytes[i] != b'%' {
                i += 1;
            }
            if i > literal_start {
                self.printer.out.push_str(&format[literal_start..i]);
            }
            if i >= end {
                break;
            }
            i += 1;
            self.printer.flags = Flags::default();
            while i < end {
                let flags = &mut self.printer.flags;
                match bytes[i] {
                    b'#' => flags.sharp = true,
                    b'0' => flags.zero = !flags.minus,
                    b'+' => flags.plus = true,
                    b'-' => {
                        flags.minus = true;
                        flags.zero = false;
                    }
                    b' ' => flags.space = true,
                    c => {
                        // Common case: flags then a lower-case ASCII verb with an operand left.
                        if c.is_ascii_lowercase() && self.arg_index < args.len() {
                            self.print_verb(&args[self.arg_index], c as char);
                            self.arg_index += 1;
                            i += 1;
                            continue 'verbs;
                        }
                        break;
                    }
                }
                i += 1;
            }

            let mut after_index;
            (i, after_index) = self.arg_number(format, i, args.len());

            if i < end && bytes[i] == b'*' {
                i += 1;
                let width = self.int_from_arg(args);
                match width {
                    Some(w) if w < 0 => {
                        self.printer.flags.width = Some(w.unsigned_abs() as usize);
                        self.printer.flags.minus = true;
                        self.printer.flags.zero = false;
                    }
                    Some(w) => self.printer.flags.width = Some(w as usize),
                    None => self.printer.out.push_str("%!(BADWIDTH)"),
                }
                after_index = false;
            } else {
                let (width, next) = parse_number(bytes, i, end);
                i = next;
                self.printer.flags.width = width;
                if after_index && width.is_some() {
                    self.good_index = false;
                }
            }

            if i + 1 < end && bytes[i] == b'.' {
                i += 1;
                if after_index {
                    self.good_index = false;
                }
                (i, after_index) = self.arg_number(format, i, args.len());
                if i < end && bytes[i] == b'*' {
                    i += 1;
                    match self.int_from_arg(args) {
                        Some(p) if p >= 0 => self.printer.flags.precision = Some(p as usize),
                        _ => {
                            self.printer.flags.precision = None;
                            self.printer.out.push_str("%!(BADPREC)");
                        }
                    }
                    after_index = false;
                } else {
                    let (precision, next) = parse_number(bytes, i, end);
                    i = next;
                    self.printer.flags.precision = Some(precision.unwrap_or(0));
                }
            }

            if !after_index {
                (i, _) = self.arg_number(format, i, args.len());
            }

            let Some(verb) = format.get(i..).and_then(|rest| rest.chars().next()) else {
                self.printer.out.push_str("%!(NOVERB)");
                break;
            };
            i += verb.len_utf8();

            if verb == '%' {
                // `%%` consumes no operand and ignores width and precision.
                self.printer.out.push('%');
            } else if !self.good_index {
                self.printer.out.push_str(&format!("%!{verb}(BADINDEX)"));
            } else if self.arg_index >= args.len() {
                self.printer.out.push_str(&format!("%!{verb}(MISSING)"));
            } else {
                self.print_verb(&args[self.arg_index], verb);
                self.arg_index += 1;
            }
        }

        if !self.reordered && self.arg_index < args.len() {
            self.printer.flags = Flags::default();
            self.printer.out.push_str("%!(EXTRA ");
            for (index, arg) in args[self.arg_index..].iter().enumerate() {
                if index > 0 {
                    self.printer.out.push_str(", ");
                }
                if let Value::Nil = arg {
                    self.printer.out.push_str("<nil>");
                } else {
                    self.printer.out.push_str(&arg.type_name());
                    self.printer.out.push('=');
                    self.printer.print_arg(arg, 'v');
                }
            }
            self.printer.out.push(')');
        }
    }

    /// Prints one operand; `%v` turns `#` into Go-syntax and `+` into field-name mode.
    fn print_verb(&mut self, arg: &Value, verb: char) {
        if verb == 'v' {
            let flags = &mut self.printer.flags;
            flags.sharp_v = flags.sharp;
            flags.sharp = false;
            flags.plus_v = flags.plus;
            flags.plus = false;
        }
        self.printer.print_arg(arg, verb);
    }

    /// Reads an explicit argument index `[n]` at `i` (1-based in the format). Returns where
    /// parsing continues and whether an index was found; a bad index marks the verb.
    fn arg_number(&mut self, format: &str, i: usize, arg_count: usize) -> (usize, bool) {
        let bytes = format.as_bytes();
        if i >= bytes.len() || bytes[i] != b'[' {
            return (i, false);
        }
        self.reordered = true;
        let (index, consumed, ok) = parse_arg_number(&bytes[i..]);
        if let (true, Some(index)) = (ok, index) {
            if index < arg_count {
                self.arg_index = index;
                return (i + consumed, true);
            }
        }
        self.good_index = false;
        (i + consumed, ok)
    }

    /// The operand for a `*` width or precision: any integer within Go's limit, else `None`.
    /// Consumes the operand when there is one.
    fn int_from_arg(&mut self, args: &[Value]) -> Option<i64> {
        let arg = args.get(self.arg_index)?;
        self.arg_index += 1;
        match arg {
            Value::Int(n) | Value::Int64(n) if (-MAX_WIDTH..=MAX_WIDTH).contains(n) => Some(*n),
            _ => None,
        }
    }
}

/// Parses `[n]` at the start of `bytes`: (zero-based index, bytes consumed, well formed).
/// `[0]` is well formed but names no operand.
fn parse_arg_number(bytes: &[u8]) -> (Option<usize>, usize, bool) {
    if bytes.len() < 3 {
        return (None, 1, false);
    }
    for close in 1..bytes.len() {
        if bytes[close] == b']' {
            let (number, next) = parse_number(bytes, 1, close);
            return match number {
                Some(n) if next == close => (n.checked_sub(1), close + 1, true),
                _ => (None, close + 1, false),
            };
        }
    }
    (None, 1, false)
}

/// Parses decimal digits in `bytes[start..end]`: the number (if any digit) and where parsing
/// stopped. A number beyond Go's limit makes the rest of the range unparsable, as in Go.
fn parse_number(bytes: &[u8], start: usize, end: usize) -> (Option<usize>, usize) {
    if start >= end {
        return (None, end);
    }
    let mut number: usize = 0;
    let mut seen = false;
    let mut i = start;
    while i < end && bytes[i].is_ascii_digit() {
        if number as i64 > MAX_WIDTH {
            return (None, end);
        }
        number = number * 10 + usize::from(bytes[i] - b'0');
        seen = true;
        i += 1;
    }
    (seen.then_some(number), i)
}
