//! Functions over text: Sprig's string functions and the Go string semantics they rest on.
//!
//! Go strings are bytes and Go's case and regular-expression rules differ from Rust's, so each
//! family here carries the Go behaviour it needs next to the functions that expose it:
//! - [`basic`]: trimming, cutting, quoting, indenting, repeating, wrapping (`trunc`, `quote`,
//!   `indent`, `wrap`, ...), byte-wise as in Go;
//! - [`text_case`]: Go's simple Unicode case mappings and the case-changing functions
//!   (`upper`, `title`, `snakecase`, `camelcase`, ...);
//! - [`string_lists`]: between strings and lists of strings (`split`, `splitList`, `join`,
//!   `sortAlpha`, `toStrings`);
//! - [`regex`]: the `regex*` functions, on [`regex_syntax`], which checks a pattern with Go
//!   RE2's rules and error texts and translates it for the `regex` crate.

pub mod basic;
pub mod regex;
pub mod regex_syntax;
pub mod string_lists;
pub mod text_case;
