//! Connects text/template's builtin functions to the executor. `not`, `eq`, `index`, `printf`
//! and the rest come from [`super::builtins`] as plain functions with Go signatures; `call` is
//! here because it needs the callee's source text; `and` and `or` evaluate their arguments
//! lazily, so the executor runs them itself.

use crate::value::{FuncError, GoType, NativeFn, Signature, Value};

use super::ast::Arg;

/// A builtin as the executor calls it.
#[derive(Clone, Copy)]
pub struct Builtin {
    pub signature: Signature,
    kind: BuiltinKind,
}

#[derive(Clone, Copy)]
enum BuiltinKind {
    Native(NativeFn),
    Call,
}

impl Builtin {
    /// Invokes the builtin on converted arguments; `args` are the operand nodes.
    pub fn call(&self, args: &[Arg], values: &[Value]) -> Result<Value, FuncError> {
        match self.kind {
            BuiltinKind::Native(implementation) => implementation(values),
            BuiltinKind::Call => call(args, values),
        }
    }
}

/// Go's `call fn args...`. Templates have no function values (Helm passes none), so calling
/// anything fails the way Go fails for a non-function: naming the callee by its source text.
fn call(args: &[Arg], values: &[Value]) -> Result<Value, FuncError> {
    let callee = values.first().unwrap_or(&Value::Nil);
    if callee.is_nil() {
        return Err(FuncError::new("call of nil"));
    }
    let name = match args.first() {
        Some(arg) => arg.to_string(),
        None => match callee {
            Value::String(s) => s.to_string(),
            other => format!("<{} Value>", other.type_name()),
        },
    };
    Err(FuncError::new(format!(
        "non-function {name} of type {}",
        callee.type_name()
    )))
}

/// Whether templates can name `name` without a function table entry.
pub fn is_builtin(name: &str) -> bool {
    matches!(name, "and" | "or" | "call") || super::builtins::builtin(name).is_some()
}

/// The builtin called `name` (other than `and`/`or`).
pub fn builtin(name: &str) -> Option<Builtin> {
    if name == "call" {
        return Some(Builtin {
            signature: Signature {
                params: &[GoType::Any],
                variadic: Some(GoType::Any),
            },
            kind: BuiltinKind::Call,
        });
    }
    let function = super::builtins::builtin(name)?;
    Some(Builtin {
        signature: function.signature,
        kind: BuiltinKind::Native(function.call),
    })
}
