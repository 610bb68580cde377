//! How one [`Value`] prints under one verb (Go's `printArg`/`printValue`): which verbs each
//! Go type accepts, the `%!verb(type=value)` form for the others, and the recursive layout of
//! lists (`[a b]`, `[]interface {}{"a", "b"}`) and maps (`map[k:v]`), where the verb and its
//! flags apply to every element and key.
//!
//! A nil at the top level is an untyped nil operand (`<nil>` for `%v`/`%T`, `%!d(<nil>)`
//! otherwise); a nil inside a list or map is a nil `interface{}`, printed `<nil>` whatever the
//! verb (`interface {}(nil)` with `%#v`).

use super::printer::Printer;
use crate::value::{Str, Value};

/// Nesting beyond this prints `...` instead of recursing: Go has no limit and overflows its
/// stack on a map that contains itself (possible through `set`); we must not.
const MAX_DEPTH: usize = 1000;

impl Printer {
    /// Prints a top-level operand (Go's `printArg`).
    pub fn print_arg(&mut self, value: &Value, verb: char) {
        if let Value::Nil = value {
            match verb {
                'T' | 'v' => self.pad("<nil>"),
                _ => {
                    self.out.push_str("%!");
                    self.out.push(verb);
                    self.out.push_str("(<nil>)");
                }
            }
            return;
        }
        if verb == 'T' {
            self.fmt_s(&value.type_name());
            return;
        }
        self.print_value(value, verb, 0);
    }

    /// Prints a value found at nesting `depth` (0 for the operand itself).
    pub fn print_value(&mut self, value: &Value, verb: char, depth: usize) {
        if depth > MAX_DEPTH {
            self.out.push_str("...");
            return;
        }
        match value {
            Value::Nil => {
                let text = if self.flags.sharp_v {
                    "interface {}(nil)"
                } else {
                    "<nil>"
                };
                self.out.push_str(text);
            }
            Value::Bool(b) => match verb {
                't' | 'v' => self.fmt_boolean(*b),
                _ => self.bad_verb(verb, "bool", |p| p.fmt_boolean(*b)),
            },
            Value::Int(i) => self.print_integer(i128::from(*i), true, verb, "int"),
            Value::Int64(i) => self.print_integer(i128::from(*i), true, verb, "int64"),
            Value::Float(f) => self.print_float(*f, verb),
            Value::String(s) => self.print_go_string(s, verb),
            Value::Bytes(bytes) => self.print_bytes(bytes, verb, depth),
            Value::List(items) => {
                // `%#v` writes Go syntax: the slice type, then `(nil)` or the braced elements.
                let (open, separator, close) = if self.flags.sharp_v {
                    if items.is_nil() {
                        self.out.push_str(&items.type_name());
                        self.out.push_str("(nil)");
                        return;
                    }
                    (format!("{}{{", items.type_name()), ", ", "}")
                } else {
                    ("[".to_string(), " ", "]")
                };
                self.out.push_str(&open);
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push_str(separator);
                    }
                    self.print_value(item, verb, depth + 1);
                }
                self.out.push_str(close);
            }
            Value::Map(map) => {
                let (open, separator, close) = if self.flags.sharp_v {
                    ("map[string]interface {}{", ", ", "}")
                } else {
                    ("map[", " ", "]")
                };
                self.out.push_str(open);
                for (index, (key, item)) in map.entries().into_iter().enumerate() {
                    if index > 0 {
                        self.out.push_str(separator);
                    }
                    self.print_string(&key, verb);
                    self.out.push(':');
                    self.print_value(&item, verb, depth + 1);
                }
                self.out.push_str(close);
            }
            Value::Object(object) => {
                let any: &dyn std::any::Any = object.as_ref();
                if let Some(complex) = any.downcast_ref::<crate::value::complex::Complex128>() {
                    return self.print_complex(*complex, verb);
                }
                let text = object.format_value();
                match verb {
                    'v' | 's' | 'q' | 'x' | 'X' => self.print_string(&text, verb),
                    _ => self.bad_verb(verb, &object.type_name(), |p| p.fmt_s(&text)),
                }
            }
        }
    }

    /// `%!verb(type=value)`: the value is printed with `%v` under the same width and flags.
    fn bad_verb(&mut self, verb: char, type_name: &str, render: impl FnOnce(&mut Printer)) {
        self.out.push_str("%!");
        self.out.push(verb);
        self.out.push('(');
        self.out.push_str(type_name);
        self.out.push('=');
        render(self);
        self.out.push(')');
    }

    /// Integers of every width; `signed` is false for the bytes of a `[]byte`.
    fn print_integer(&mut self, value: i128, signed: bool, verb: char, type_name: &str) {
        let negative = value < 0;
        let magnitude = value.unsigned_abs() as u64;
        // Go converts to uint64 first: a negative code point is huge, not small.
        let code = value as i64 as u64;
        match verb {
            'v' if self.flags.sharp_v && !signed => self.fmt_0x64(magnitude, true),
            'v' | 'd' => self.fmt_integer(magnitude, negative, 10, verb, false),
            'b' => self.fmt_integer(magnitude, negative, 2, verb, false),
            'o' | 'O' => self.fmt_integer(magnitude, negative, 8, verb, false),
            'x' => self.fmt_integer(magnitude, negative, 16, verb, false),
            'X' => self.fmt_integer(magnitude, negative, 16, verb, true),
            'c' => self.fmt_c(code),
            'q' => self.fmt_qc(code),
            'U' => self.fmt_unicode(code),
            _ => self.bad_verb(verb, type_name, |p| {
                p.print_integer(value, signed, 'v', type_name)
            }),
        }
    }

    fn print_float(&mut self, value: f64, verb: char) {
        match verb {
            'v' => self.fmt_float(value, 'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float(value, verb, -1),
            'f' | 'e' | 'E' => self.fmt_float(value, verb, 6),
            'F' => self.fmt_float(value, 'f', 6),
            _ => self.bad_verb(verb, "float64", |p| p.fmt_float(value, 'g', -1)),
        }
    }

    /// Go's `fmtComplex`: both parts with the float verb, the imaginary part always signed.
    fn print_complex(&mut self, value: crate::value::complex::Complex128, verb: char) {
        match verb {
            'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                let plus = self.flags.plus;
                self.out.push('(');
                self.print_float(value.re, verb);
                self.flags.plus = true;
                self.print_float(value.im, verb);
                self.out.push_str("i)");
                self.flags.plus = plus;
            }
            _ => self.bad_verb(verb, "complex128", |p| p.print_complex(value, 'v')),
        }
    }

    /// A Go string: its bytes for `%x` and `%q` when they are not valid UTF-8, else the text.
    fn print_go_string(&mut self, s: &Str, verb: char) {
        if s.is_valid_utf8() {
            return self.print_string(s, verb);
        }
        match verb {
            'v' if self.flags.sharp_v => self.fmt_q_bytes(s.as_bytes()),
            'x' => self.fmt_sx(s.as_bytes(), false),
            'X' => self.fmt_sx(s.as_bytes(), true),
            'q' => self.fmt_q_bytes(s.as_bytes()),
            _ => self.print_string(s, verb),
        }
    }

    fn print_string(&mut self, text: &str, verb: char) {
        match verb {
            'v' if self.flags.sharp_v => self.fmt_q(text),
            'v' | 's' => self.fmt_s(text),
            'x' => self.fmt_sx(text.as_bytes(), false),
            'X' => self.fmt_sx(text.as_bytes(), true),
            'q' => self.fmt_q(text),
            _ => self.bad_verb(verb, "string", |p| p.fmt_s(text)),
        }
    }

    /// `[]byte`: a list of numbers for `%v`/`%d`, text for `%s`/`%q`, hex for `%x`; other verbs
    /// apply to each byte. Go writes the type `[]byte` at the top level and `[]uint8` nested.
    fn print_bytes(&mut self, bytes: &[u8], verb: char, depth: usize) {
        match verb {
            'v' | 'd' if self.flags.sharp_v => {
                self.out
                    .push_str(if depth == 0 { "[]byte{" } else { "[]uint8{" });
                for (index, byte) in bytes.iter().enumerate() {
                    if index > 0 {
                        self.out.push_str(", ");
                    }
                    self.fmt_0x64(u64::from(*byte), true);
                }
                self.out.push('}');
            }
            's' => self.fmt_s(&String::from_utf8_lossy(bytes)),
            'q' => self.fmt_q_bytes(bytes),
            'x' => self.fmt_sx(bytes, false),
            'X' => self.fmt_sx(bytes, true),
            _ => {
                self.out.push('[');
                for (index, byte) in bytes.iter().enumerate() {
                    if index > 0 {
                        self.out.push(' ');
                    }
                    self.print_integer(i128::from(*byte), false, verb, "uint8");
                }
                self.out.push(']');
            }
        }
    }
}
