//! The contract between template engines and the function library.
//!
//! Sprig and Helm functions are Go functions with typed parameters; text/template converts and
//! checks each argument against the parameter's Go type before the call (an `int64` passed to an
//! `int` parameter is "wrong type for value; expected int; got int64", a missing value passed to
//! a `string` parameter is "invalid value; expected string"). A [`Function`] therefore carries
//! its Go signature next to a plain Rust implementation over [`Value`]: the executor of each
//! template language does the conversion, the implementation sees converted arguments.

use super::Value;

/// A Go parameter type as text/template's argument conversion distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoType {
    /// `interface{}`: anything, including nil.
    Any,
    String,
    Int,
    Int64,
    Float64,
    Bool,
    /// `[]interface{}`
    List,
    /// `[]string`
    StringList,
    /// `map[string]interface{}`
    Map,
    /// `[]byte`
    Bytes,
}

impl GoType {
    /// The name Go prints in conversion errors.
    pub fn go_name(self) -> &'static str {
        match self {
            GoType::Any => "interface {}",
            GoType::String => "string",
            GoType::Int => "int",
            GoType::Int64 => "int64",
            GoType::Float64 => "float64",
            GoType::Bool => "bool",
            GoType::List => "[]interface {}",
            GoType::StringList => "[]string",
            GoType::Map => "map[string]interface {}",
            GoType::Bytes => "[]uint8",
        }
    }
}

/// Parameters of a Go function: fixed ones, then an optional variadic tail (`...T`).
#[derive(Debug, Clone, Copy)]
pub struct Signature {
    pub params: &'static [GoType],
    pub variadic: Option<GoType>,
}

/// The error a function returns; the executor wraps it as `error calling NAME: MESSAGE`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct FuncError(pub String);

impl FuncError {
    pub fn new(message: impl Into<String>) -> FuncError {
        FuncError(message.into())
    }
}

/// A function implementation: arguments already converted to the signature's types.
pub type NativeFn = fn(&[Value]) -> Result<Value, FuncError>;

/// One template function: its name, Go signature and implementation.
#[derive(Debug, Clone, Copy)]
pub struct Function {
    pub name: &'static str,
    pub signature: Signature,
    pub call: NativeFn,
}
