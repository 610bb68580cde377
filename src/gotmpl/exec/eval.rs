//! Evaluation of pipelines, commands, variables, field chains and constants, following Go's
//! `evalPipeline` / `evalCommand` / `evalField` rules: map keys, Helm objects' methods and
//! fields, missing keys (zero value, printed `<no value>`), and Go's error texts.

use crate::value::Value;

use super::super::ast::{Arg, CommandNode, NumberNode, PipeNode, VariableNode};
use super::val::Val;
use super::{At, Result, State, STACK_GROWTH, STACK_RED_ZONE};

impl<'a, 'o> State<'a, 'o> {
    /// Runs a pipeline: each command's result is the next one's final argument; declared
    /// variables are pushed (`:=`) or assigned (`=`).
    pub(super) fn eval_pipeline(&mut self, dot: &Val, pipe: &'a PipeNode) -> Result<Val> {
        self.at = At::Pipe(pipe);
        let mut value: Option<Val> = None;
        for cmd in &pipe.cmds {
            let previous = value.take();
            let result = stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || {
                self.eval_command(dot, cmd, previous)
            })?;
            value = Some(result.unwrap_interface());
        }
        let value = value.unwrap_or(Val::Invalid);
        for variable in &pipe.decl {
            let name = variable.ident.first().map(String::as_str).unwrap_or("$");
            if pipe.is_assign {
                self.set_var(name, value.clone())?;
            } else {
                self.vars.push((name, value.clone()));
            }
        }
        Ok(value)
    }

    fn eval_command(
        &mut self,
        dot: &Val,
        cmd: &'a CommandNode,
        final_value: Option<Val>,
    ) -> Result<Val> {
        let Some(first) = cmd.args.first() else {
            return Err(self.error("empty command"));
        };
        match first {
            Arg::Field { ident, .. } => {
                return self.eval_field_node(dot, first, ident, &cmd.args, final_value)
            }
            Arg::Chain { .. } => return self.eval_chain_node(dot, first, &cmd.args, final_value),
            Arg::Identifier { name, .. } => {
                return self.eval_function(
                    dot,
                    first,
                    name,
                    At::Command(cmd),
                    &cmd.args[1..],
                    final_value,
                )
            }
            Arg::Pipe(pipe) => {
                self.not_a_function(&cmd.args, &final_value)?;
                return self.eval_pipeline(dot, pipe);
            }
            Arg::Variable(variable) => {
                return self.eval_variable_node(dot, first, variable, &cmd.args, final_value)
            }
            _ => {}
        }
        self.at = At::Arg(first);
        self.not_a_function(&cmd.args, &final_value)?;
        match first {
            Arg::Bool { value, .. } => Ok(Val::Direct(Value::Bool(*value))),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.error("nil is not a command")),
            Arg::Number(number) => self.ideal_constant(first, number),
            Arg::String { text, .. } => Ok(Val::Direct(Value::String(text.clone()))),
            other => Err(self.error(format!(
                "can't evaluate command {}",
                super::super::quote::go_quote(&other.to_string())
            ))),
        }
    }

    pub(super) fn not_a_function(&self, args: &[Arg], final_value: &Option<Val>) -> Result<()> {
        if args.len() > 1 || final_value.is_some() {
            let name = args.first().map(ToString::to_string).unwrap_or_default();
            return Err(self.error(format!("can't give argument to non-function {name}")));
        }
        Ok(())
    }

    /// A number literal as a value: floats when written as floats, else Go `int`.
    pub(super) fn ideal_constant(&mut self, node: &'a Arg, number: &NumberNode) -> Result<Val> {
        self.at = At::Arg(node);
        let text = number.text.as_str();
        if let Some((re, im)) = number.complex {
            return Ok(Val::Direct(crate::value::complex::Complex128::value(
                re, im,
            )));
        }
        let bytes = text.as_bytes();
        let is_hex_int = bytes.len() > 2
            && bytes[0] == b'0'
            && (bytes[1] == b'x' || bytes[1] == b'X')
            && !text.contains(['p', 'P']);
        let is_rune = text.starts_with('\'');
        if let Some(float) = number.float {
            if !is_hex_int && !is_rune && text.contains(['.', 'e', 'E', 'p', 'P']) {
                return Ok(Val::Direct(Value::Float(float)));
            }
        }
        if let Some(int) = number.int {
            return Ok(Val::Direct(Value::Int(int)));
        }
        if number.uint.is_some() {
            return Err(self.error(format!("{text} overflows int")));
        }
        Ok(Val::Invalid)
    }

    pub(super) fn eval_field_node(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        ident: &'a [String],
        args: &'a [Arg],
        final_value: Option<Val>,
    ) -> Result<Val> {
        self.at = At::Arg(node);
        self.eval_field_chain(dot, dot.clone(), node, ident, args, final_value)
    }

    pub(super) fn eval_chain_node(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        args: &'a [Arg],
        final_value: Option<Val>,
    ) -> Result<Val> {
        self.at = At::Arg(node);
        let Arg::Chain {
            node: inner, field, ..
        } = node
        else {
            return Err(self.error("internal error: not a chain"));
        };
        if field.is_empty() {
            return Err(self.error("internal error: no fields in evalChainNode"));
        }
        if matches!(inner.as_ref(), Arg::Nil { .. }) {
            return Err(self.error(format!("indirection through explicit nil in {node}")));
        }
        let receiver = self.eval_operand(dot, inner)?;
        self.eval_field_chain(dot, receiver, node, field, args, final_value)
    }

    /// An operand evaluated without conversion to a parameter type.
    pub(super) fn eval_operand(&mut self, dot: &Val, arg: &'a Arg) -> Result<Val> {
        self.at = At::Arg(arg);
        match arg {
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Field { ident, .. } => {
                self.eval_field_node(dot, arg, ident, std::slice::from_ref(arg), None)
            }
            Arg::Variable(variable) => {
                self.eval_variable_node(dot, arg, variable, std::slice::from_ref(arg), None)
            }
            Arg::Pipe(pipe) => self.eval_pipeline(dot, pipe),
            Arg::Identifier { name, .. } => {
                self.eval_function(dot, arg, name, At::Arg(arg), &[], None)
            }
            Arg::Chain { .. } => self.eval_chain_node(dot, arg, std::slice::from_ref(arg), None),
            Arg::Nil { .. } => Ok(Val::Interface(Value::Nil)),
            Arg::Bool { value, .. } => Ok(Val::Direct(Value::Bool(*value))),
            Arg::Number(number) => self.ideal_constant(arg, number),
            Arg::String { text, .. } => Ok(Val::Direct(Value::String(text.clone()))),
        }
    }

    pub(super) fn eval_variable_node(
        &mut self,
        dot: &Val,
        node: &'a Arg,
        variable: &'a VariableNode,
        args: &'a [Arg],
        final_value: Option<Val>,
    ) -> Result<Val> {
        self.at = At::Arg(node);
        let name = variable.ident.first().map(String::as_str).unwrap_or("$");
        let value = self.var_value(name)?;
        if variable.ident.len() == 1 {
            self.not_a_function(args, &final_value)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, value, node, &variable.ident[1..], args, final_value)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Val,
        mut receiver: Val,
        node: &'a Arg,
        ident: &'a [String],
        args: &'a [Arg],
        final_value: Option<Val>,
    ) -> Result<Val> {
        let Some((last, init)) = ident.split_last() else {
            return Ok(receiver);
        };
        for name in init {
            receiver = self.eval_field(dot, name, node, &[], None, receiver)?;
        }
        self.eval_field(dot, last, node, args, final_value, receiver)
    }

    /// `.name` on `receiver`: a method of an object (called with the arguments), a field of an
    /// object, or a map key. A missing value yields a missing value; nil is an error.
    fn eval_field(
        &mut self,
        dot: &Val,
        name: &'a str,
        node: &'a Arg,
        args: &'a [Arg],
        final_value: Option<Val>,
        receiver: Val,
    ) -> Result<Val> {
        let value = match &receiver {
            Val::Invalid => return Ok(Val::Invalid),
            Val::Interface(value) | Val::Direct(value) => value.clone(),
        };
        let type_name = receiver.static_type_name();
        if value.is_nil() {
            return Err(self.error(format!("nil pointer evaluating {type_name}.{name}")));
        }
        let has_args = args.len() > 1 || final_value.is_some();
        match &value {
            Value::Object(object) => {
                if object.has_method(name) {
                    let call_args = args.get(1..).unwrap_or(&[]);
                    return self.eval_method(
                        dot,
                        object.clone(),
                        node,
                        name,
                        call_args,
                        final_value,
                    );
                }
                if let Some(field) = object.field(name) {
                    if has_args {
                        return Err(self.field_has_arguments(name, object.kind_name()));
                    }
                    return Ok(Val::Direct(field));
                }
                if let Some(Value::Map(map)) = object.as_collection() {
                    if has_args {
                        return Err(self.error(format!("{name} is not a method but has arguments")));
                    }
                    return Ok(Val::element(map.get(name).unwrap_or(Value::Nil)));
                }
            }
            Value::Map(map) => {
                if has_args {
                    return Err(self.error(format!("{name} is not a method but has arguments")));
                }
                return Ok(Val::element(map.get(name).unwrap_or(Value::Nil)));
            }
            _ => {}
        }
        Err(self.error(format!("can't evaluate field {name} in type {type_name}")))
    }

    fn field_has_arguments(&self, name: &str, kind: &str) -> Box<super::super::error::ExecError> {
        if kind == "map" {
            self.error(format!("{name} is not a method but has arguments"))
        } else {
            self.error(format!(
                "{name} has arguments but cannot be invoked as function"
            ))
        }
    }
}
