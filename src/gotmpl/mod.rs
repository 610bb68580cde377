//! Go's text/template, written from the language specification: lexer, parser (AST with
//! positions), executor and the builtin functions. No IO.
//!
//! * [`lex`]: the state-machine lexer (items with byte offsets and lines, trim markers).
//! * [`parse`] / [`ast`]: the parser and its trees, with Go's exact parse errors.
//! * `exec`: the executor (pipelines, fields, calls with Go's argument conversion, control flow).
//! * [`funcs`]: function tables, including context functions that re-enter the executor.
//! * [`set`]: named template sets: what the engine parses chart files into and executes.
//!
//! ```
//! use chartroom::gotmpl::{FuncMap, TemplateSet};
//! use chartroom::value::Value;
//! let mut set = TemplateSet::new(FuncMap::new());
//! set.parse_file("t", "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" 3 }}").unwrap();
//! assert_eq!(set.execute("t", &Value::Nil).unwrap(), "[3]");
//! ```

// The public errors carry Go's positions and texts by value; one is returned per failed render,
// so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod ast;
pub mod builtins;
pub mod error;
mod exec;
pub mod funcs;
pub mod hash;
pub mod lex;
mod number;
pub mod parse;
pub mod quote;
pub mod set;
mod wiring;

pub use error::{CallError, ErrorLocation, ExecError, ParseError, TemplateError};
pub use exec::{Budget, ExecContext, MAX_TEMPLATE_DEPTH};
pub use funcs::{ContextFn, ContextFunction, FuncMap, TemplateFunc};
pub use set::{TemplateSet, DEFAULT_ROOT_NAME};
