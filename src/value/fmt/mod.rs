//! Go's `fmt` package over [`Value`]: how templates print values.
//!
//! `{{ . }}`, `print`, `printf`, `println`, Sprig's `toString`/`quote` and every `%v` in an
//! error message go through Go's `fmt`, so chart output depends on its exact rules: `%v` of a
//! float64 switches to exponent form at 1e+06, maps print as `map[a:1 b:x]` in key order, a
//! nil inside a list prints `<nil>`, and a verb that does not fit its operand prints
//! `%!d(string=x)` rather than failing.
//!
//! * [`float`]: `strconv.FormatFloat`, shared with the JSON and YAML encoders;
//! * [`quote`]: `strconv.Quote` and friends, `unicode.IsPrint`;
//! * `printer`: padding, precision and flag handling of one operand;
//! * `operand`: which verbs each value accepts and how lists and maps recurse;
//! * `printf`: the format-string interpreter, `Sprint` and `Sprintln`.

pub mod float;
mod operand;
mod printer;
mod printf;
pub mod quote;

pub use float::{format_float, format_float_g, shortest_digits};
pub use printf::{sprint, sprintf, sprintln};

use super::Value;
use printer::Printer;

/// `fmt.Sprint(v)` / `%v` of a single value.
pub fn format_v(value: &Value) -> String {
    let mut printer = Printer::default();
    printer.print_arg(value, 'v');
    printer.out
}

#[cfg(test)]
mod tests;
