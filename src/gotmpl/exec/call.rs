//! Function and method calls: Go's `evalCall` with reflection replaced by the Go signature each
//! function declares. Arity is checked first (`wrong number of args for NAME: want N got M`),
//! then every argument is evaluated and converted to its parameter type: untyped constants
//! become the parameter's type (`1.5` is not an integer), values must already have it (`int64`
//! is not `int`), nil is accepted by interface, map, slice parameters only. `and`/`or`
//! evaluate their arguments lazily and return the deciding one.

use std::sync::Arc;

use crate::value::{FuncError, GoType, Object, Signature, Value};

use super::super::ast::Arg;
use super::super::error::{CallError, ExecError};
use super::super::funcs::TemplateFunc;
use super::val::{validate_type, Val};
use super::{At, ExecContext, Result, State};

/// What a name resolves to at a call.
enum Callable<'a> {
    AndOr { is_or: bool },
    Func(&'a TemplateFunc),
    Builtin(super::super::wiring::Builtin),
    Method(Arc<dyn Object>),
}

/// Methods that do not declare a signature take any arguments.
const ANY_ARGS: Signature = Signature {
    params: &[],
    variadic: Some(GoType::Any),
};

impl<'a, 'o> State<'a, 'o> {
    fn resolve(&self, name: &str) -> Option<Callable<'a>> {
        let set: &'a super::super::set::TemplateSet = self.set;
        if let Some(func) = set.funcs().get(name) {
            return Some(Callable::Func(func));
        }
        match name {
            "and" => Some(Callable::AndOr { is_or: false }),
            "or" => Some(Callable::AndOr { is_or: true }),
            _ => super::super::wiring::builtin(name).map(Callable::Builtin),
        }
    }

    /// Calls the function `name`; `call_node` is where a failure of the function itself is
    /// reported, `args` the argument operands (without the name).
    pub(super) fn eval_function(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        name: &'a str,
        call_node: At<'a>,
        args: &'a [Arg],
        final_value: Option<Val>,
    ) -> Result<Val> {
        self.at = At::Arg(node);
        let Some(callable) = self.resolve(name) else {
            return Err(self.error(format!(
                "{} is not a defined function",
                super::super::quote::go_quote(name)
            )));
        };
        self.eval_call(dot, callable, call_node, name, args, final_value)
    }

    pub(super) fn eval_method(
        &mut self,
        dot: &Val,
        object: Arc<dyn Object>,
        node: &'a Arg,
        name: &'a str,
        args: &'a [Arg],
        final_value: Option<Val>,
    ) -> Result<Val> {
        self.eval_call(
            dot,
            Callable::Method(object),
            At::Arg(node),
            name,
            args,
            final_value,
        )
    }

    fn eval_call(
        &mut self,
        dot: &Val,
        callable: Callable<'a>,
        call_node: At<'a>,
        name: &str,
        args: &'a [Arg],
        final_value: Option<Val>,
    ) -> Result<Val> {
        let signature = match &callable {
            Callable::AndOr { .. } => Signature {
                params: &[GoType::Any],
                variadic: Some(GoType::Any),
            },
            Callable::Func(func) => func.signature(),
            Callable::Builtin(builtin) => builtin.signature,
            Callable::Method(object) => object.method_signature(name).unwrap_or(ANY_ARGS),
        };
        let given = args.len() + usize::from(final_value.is_some());
        let fixed = signature.params.len();
        if signature.variadic.is_some() {
            if given < fixed {
                return Err(self.error(format!(
                    "wrong number of args for {name}: want at least {fixed} got {}",
                    args.len()
                )));
            }
        } else if given != fixed {
            return Err(self.error(format!(
                "wrong number of args for {name}: want {fixed} got {given}"
            )));
        }

        if let Callable::AndOr { is_or } = callable {
            let mut value = Val::Invalid;
            for arg in args {
                value = self.eval_arg(dot, GoType::Any, arg)?;
                if value.is_true() == is_or {
                    return Ok(value);
                }
            }
            if let Some(final_value) = final_value {
                value = final_value;
            }
            return Ok(value);
        }

        let param_type = |i: usize| -> GoType {
            signature
                .params
                .get(i)
                .copied()
                .or(signature.variadic)
                .unwrap_or(GoType::Any)
        };
        let mut values = Vec::with_capacity(given);
        for (i, arg) in args.iter().enumerate() {
            values.push(self.eval_arg(dot, param_type(i), arg)?.value());
        }
        if let Some(final_value) = final_value {
            let converted =
                validate_type(&final_value, param_type(given - 1)).map_err(|m| self.error(m))?;
            values.push(converted);
        }

        if let Callable::Func(_) = callable {
            let cost = crate::limits::function_cost(name);
            if cost > 0 {
                self.charge(cost)?;
            }
        }
        let result = match callable {
            Callable::AndOr { .. } => return Err(self.error("internal error: and/or")),
            Callable::Func(TemplateFunc::Native(function)) => (function.call)(&values),
            Callable::Func(TemplateFunc::Context(function)) => {
                let mut context = ExecContext {
                    set: self.set,
                    shared: &mut *self.shared,
                    template: &self.tree.name,
                };
                (function.call)(&mut context, &values)
            }
            Callable::Builtin(builtin) => builtin.call(args, &values),
            Callable::Method(object) => object
                .call_method(name, &values)
                .unwrap_or_else(|| Err(FuncError::new(format!("method {name} not found")))),
        };
        let result = result.and_then(|value| {
            self.check_result(&value).map_err(FuncError::new)?;
            Ok(value)
        });
        match result {
            Ok(Value::Nil) => Ok(Val::Interface(Value::Nil)),
            Ok(value) => Ok(Val::Direct(value)),
            Err(error) => {
                self.at = call_node;
                Err(self.call_error(name, error))
            }
        }
    }

    fn call_error(&self, name: &str, error: FuncError) -> Box<ExecError> {
        let mut err = self.error(format!("error calling {name}: {error}"));
        if let ExecError::Node { call, .. } = err.as_mut() {
            *call = Some(CallError {
                function: name.to_string(),
                error,
            });
        }
        err
    }

    /// Evaluates an argument for a parameter of type `param`.
    pub(super) fn eval_arg(&mut self, dot: &Val, param: GoType, arg: &'a Arg) -> Result<Val> {
        self.at = At::Arg(arg);
        let value = match arg {
            Arg::Dot { .. } => dot.clone(),
            Arg::Nil { .. } => {
                return match param {
                    GoType::Any
                    | GoType::List
                    | GoType::StringList
                    | GoType::Map
                    | GoType::Bytes => Ok(Val::Interface(Value::Nil)),
                    _ => Err(self.error(format!("cannot assign nil to {}", param.go_name()))),
                };
            }
            Arg::Field { .. }
            | Arg::Variable(_)
            | Arg::Pipe(_)
            | Arg::Identifier { .. }
            | Arg::Chain { .. } => self.eval_operand(dot, arg)?,
            Arg::Bool { .. } | Arg::Number(_) | Arg::String { .. } => {
                return self.eval_literal_arg(param, arg)
            }
        };
        if param == GoType::Any {
            return Ok(value);
        }
        validate_type(&value, param)
            .map(Val::Direct)
            .map_err(|m| self.error(m))
    }

    /// A literal converted to the parameter type, as Go converts untyped constants.
    fn eval_literal_arg(&mut self, param: GoType, arg: &'a Arg) -> Result<Val> {
        match (param, arg) {
            (GoType::Any, Arg::Number(number)) => self.ideal_constant(arg, number),
            (GoType::Any, Arg::Bool { value, .. }) | (GoType::Bool, Arg::Bool { value, .. }) => {
                Ok(Val::Direct(Value::Bool(*value)))
            }
            (GoType::Any, Arg::String { text, .. })
            | (GoType::String, Arg::String { text, .. }) => {
                Ok(Val::Direct(Value::String(text.clone())))
            }
            (GoType::Bool, _) => Err(self.error(format!("expected bool; found {arg}"))),
            (GoType::String, _) => Err(self.error(format!("expected string; found {arg}"))),
            (GoType::Float64, Arg::Number(number)) if number.float.is_some() => {
                Ok(Val::Direct(Value::Float(number.float.unwrap_or_default())))
            }
            (GoType::Float64, _) => Err(self.error(format!("expected float; found {arg}"))),
            (GoType::Int | GoType::Int64, Arg::Number(number)) if number.int.is_some() => {
                let int = number.int.unwrap_or_default();
                Ok(Val::Direct(if param == GoType::Int {
                    Value::Int(int)
                } else {
                    Value::Int64(int)
                }))
            }
            (GoType::Int | GoType::Int64, _) => {
                Err(self.error(format!("expected integer; found {arg}")))
            }
            _ => Err(self.error(format!(
                "can't handle {arg} for arg of type {}",
                param.go_name()
            ))),
        }
    }
}
