//! The function table a template set is parsed and executed with.
//!
//! Two kinds of function exist: plain [`Function`]s from the function library (a Go signature
//! and a pure implementation), and [`ContextFunction`]s, closures that receive an
//! [`ExecContext`] so they can execute templates of the running set (Helm's `include` and
//! `tpl`). The executor converts and checks arguments against the Go signature for both, exactly
//! as Go's text/template does with reflection.

use super::hash::FastMap;
use std::fmt;
use std::sync::Arc;

use crate::value::{FuncError, Function, Signature, Value};

use super::exec::ExecContext;

/// The implementation of a context function.
pub type ContextFn =
    dyn Fn(&mut ExecContext<'_>, &[Value]) -> Result<Value, FuncError> + Send + Sync;

/// A function that can call back into the executor.
#[derive(Clone)]
pub struct ContextFunction {
    pub signature: Signature,
    pub call: Arc<ContextFn>,
}

impl fmt::Debug for ContextFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContextFunction")
            .field("signature", &self.signature)
            .finish()
    }
}

/// One entry of a function table.
#[derive(Clone, Debug)]
pub enum TemplateFunc {
    Native(Function),
    Context(ContextFunction),
}

impl TemplateFunc {
    pub fn signature(&self) -> Signature {
        match self {
            TemplateFunc::Native(f) => f.signature,
            TemplateFunc::Context(f) => f.signature,
        }
    }
}

/// Functions by name. Entries override text/template's builtins of the same name (Helm's
/// Sprig `slice` replaces Go's).
#[derive(Clone, Debug, Default)]
pub struct FuncMap {
    funcs: FastMap<String, TemplateFunc>,
}

impl FuncMap {
    pub fn new() -> FuncMap {
        FuncMap::default()
    }

    pub fn insert(&mut self, name: impl Into<String>, func: TemplateFunc) {
        self.funcs.insert(name.into(), func);
    }

    /// Adds a library function under its own name.
    pub fn insert_native(&mut self, function: Function) {
        self.funcs
            .insert(function.name.to_string(), TemplateFunc::Native(function));
    }

    /// Adds a closure that receives the execution context.
    pub fn insert_context<F>(&mut self, name: impl Into<String>, signature: Signature, call: F)
    where
        F: Fn(&mut ExecContext<'_>, &[Value]) -> Result<Value, FuncError> + Send + Sync + 'static,
    {
        self.funcs.insert(
            name.into(),
            TemplateFunc::Context(ContextFunction {
                signature,
                call: Arc::new(call),
            }),
        );
    }

    pub fn get(&self, name: &str) -> Option<&TemplateFunc> {
        self.funcs.get(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.funcs.contains_key(name)
    }

    pub fn len(&self) -> usize {
        self.funcs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.funcs.is_empty()
    }
}

impl FromIterator<Function> for FuncMap {
    fn from_iter<I: IntoIterator<Item = Function>>(iter: I) -> FuncMap {
        let mut map = FuncMap::new();
        for function in iter {
            map.insert_native(function);
        }
        map
    }
}
