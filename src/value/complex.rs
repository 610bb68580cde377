//! Go's `complex128`, the type of text/template's imaginary and complex constants (`1i`,
//! `1+2i`, `0i`). Templates rarely use them, but Helm parses and prints them, so they are
//! values here too: `%v` prints `(1+2i)`, `typeOf` says `complex128`, zero is false.

use super::fmt::float::format_float_g;
use super::{Object, Value};

/// A `complex128` value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Complex128 {
    pub re: f64,
    pub im: f64,
}

impl Complex128 {
    pub fn value(re: f64, im: f64) -> Value {
        Value::Object(std::sync::Arc::new(Complex128 { re, im }))
    }
}

impl Object for Complex128 {
    fn type_name(&self) -> String {
        "complex128".to_string()
    }

    fn kind_name(&self) -> &'static str {
        "complex128"
    }

    /// fmt's `%v`: both parts as `%g`, the imaginary one always signed.
    fn format_value(&self) -> String {
        let imaginary = format_float_g(self.im);
        let sign = if imaginary.starts_with(['-', '+']) {
            ""
        } else {
            "+"
        };
        format!("({}{sign}{imaginary}i)", format_float_g(self.re))
    }

    /// encoding/json cannot encode complex numbers; Helm's toJson fails on them. The nearest
    /// observable stand-in here is null.
    fn to_json_value(&self) -> Value {
        Value::Nil
    }

    fn is_truthy(&self) -> bool {
        self.re != 0.0 || self.im != 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_go_does() {
        let text = |re, im| Complex128 { re, im }.format_value();
        assert_eq!(text(0.0, 1.0), "(0+1i)");
        assert_eq!(text(1.0, -2.5), "(1-2.5i)");
        assert_eq!(text(0.0, 0.0), "(0+0i)");
        assert_eq!(text(1e6, f64::INFINITY), "(1e+06+Infi)");
        assert!(!Complex128 { re: 0.0, im: 0.0 }.is_truthy());
        assert!(Complex128 { re: 0.0, im: 1.0 }.is_truthy());
    }
}
