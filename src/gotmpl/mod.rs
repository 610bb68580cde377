//! Go's text/template, written from the language specification: lexer, parser (AST with
//! positions), executor and the builtin functions. No IO.

pub mod builtins;
