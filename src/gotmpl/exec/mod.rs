//! The executor of Go's text/template: walks a parsed [`Tree`] with a data value, writing to
//! one output string.
//!
//! It follows Go's `exec.go`: a state holding the variable stack and the node being evaluated
//! (errors point at it), `walk` for statements (text, actions, if/with/range, template calls,
//! break/continue), and the evaluation of pipelines, commands, fields and function calls in
//! [`eval`] and [`call`]. Values flow as [`val::Val`], which keeps Go's distinction between
//! missing values, `interface{}`-typed values and concretely typed ones.

mod call;
mod eval;
pub(crate) mod val;

use super::hash::FastMap;

use crate::limits;
use crate::value::Value;

use super::ast::{Arg, BranchNode, CommandNode, ListNode, Node, PipeNode, TemplateNode, Tree};
use super::error::{ErrorLocation, ExecError, TemplateError};
use super::quote::go_quote;
use super::set::TemplateSet;
use val::Val;

/// Go's limit on nested `{{template}}` calls.
pub const MAX_TEMPLATE_DEPTH: usize = 100_000;

/// Free stack kept before growing it onto the heap; deep template nesting recurses.
const STACK_RED_ZONE: usize = 128 * 1024;
const STACK_GROWTH: usize = 4 * 1024 * 1024;

/// State shared by one top-level execution and every nested execution a context function
/// starts from it; the engine keeps one for all the templates of a chart, so the step budget
/// covers the whole render.
#[derive(Debug)]
pub struct Budget {
    /// Free-form counters for context functions (Helm counts nested `include`s per name).
    pub counters: FastMap<String, usize>,
    /// Actions walked and range iterations run so far.
    steps: u64,
    max_steps: u64,
    max_output: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            counters: FastMap::default(),
            steps: 0,
            max_steps: limits::STEPS.get(),
            max_output: limits::OUTPUT.get_usize(),
        }
    }
}

impl Budget {
    /// A budget with explicit limits (tests).
    pub fn with_limits(max_steps: u64, max_output: usize) -> Budget {
        Budget {
            max_steps,
            max_output,
            ..Budget::default()
        }
    }

    /// Steps taken so far (the headroom measurements of the bench charts read it).
    pub fn steps(&self) -> u64 {
        self.steps
    }
}

/// Steps between two looks at the process's memory.
const MEMORY_CHECK_INTERVAL: u64 = 1 << 16;

/// A function result this large triggers a look at the process's memory.
const LARGE_RESULT: usize = 1 << 20;

/// What a context function sees of the running execution.
pub struct ExecContext<'a> {
    set: &'a TemplateSet,
    shared: &'a mut Budget,
    template: &'a str,
}

impl<'a> ExecContext<'a> {
    /// The set being executed.
    pub fn template_set(&self) -> &TemplateSet {
        self.set
    }

    /// The name of the template whose action called the function.
    pub fn current_template(&self) -> &str {
        self.template
    }

    /// Counters shared by the whole execution, e.g. for recursion limits.
    pub fn counters(&mut self) -> &mut FastMap<String, usize> {
        &mut self.shared.counters
    }

    /// Executes the template `name` of the current set with `data` (Helm's `include`).
    pub fn execute_named(
        &mut self,
        name: &str,
        data: &Value,
    ) -> std::result::Result<String, ExecError> {
        let mut out = String::new();
        execute(self.set, name, data, &mut out, self.shared).map_err(|e| *e)?;
        Ok(out)
    }

    /// Parses `text` as template `name` in a child of the current set (so it sees every
    /// definition, and its own do not leak out) and executes it with `data` (Helm's `tpl`).
    pub fn parse_and_execute(
        &mut self,
        name: &str,
        text: &str,
        data: &Value,
    ) -> std::result::Result<String, TemplateError> {
        let mut child = self.set.child();
        let body = child.parse_body(name, text)?;
        let mut out = String::new();
        execute_tree(&child, &body, data, &mut out, self.shared)
            .map_err(|e| TemplateError::Exec(*e))?;
        Ok(out)
    }
}

/// Executes template `name` of `set` into `out`.
pub(crate) fn execute(
    set: &TemplateSet,
    name: &str,
    data: &Value,
    out: &mut String,
    shared: &mut Budget,
) -> Result<()> {
    let tree = set.lookup(name).ok_or_else(|| ExecError::NoTemplate {
        name: name.to_string(),
        root: set.root_name().to_string(),
    })?;
    execute_tree(set, &tree, data, out, shared)
}

/// Executes a parsed template body of `set` into `out`.
fn execute_tree(
    set: &TemplateSet,
    tree: &Tree,
    data: &Value,
    out: &mut String,
    shared: &mut Budget,
) -> Result<()> {
    let dot = if data.is_nil() {
        Val::Invalid
    } else {
        Val::Direct(data.clone())
    };
    let mut state = State {
        set,
        tree,
        out,
        shared,
        vars: vec![("$", dot.clone())],
        depth: 0,
        at: At::Nothing,
    };
    state.walk_list(&dot, &tree.root).map(|_| ())
}

/// How a statement ended: normally, or by `{{break}}` / `{{continue}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

/// The node being evaluated, which errors point at.
#[derive(Clone, Copy)]
enum At<'a> {
    Nothing,
    Node(&'a Node),
    Pipe(&'a PipeNode),
    Command(&'a CommandNode),
    Arg(&'a Arg),
}

impl At<'_> {
    fn pos(&self) -> Option<usize> {
        match self {
            At::Nothing => None,
            At::Node(node) => Some(node.pos()),
            At::Pipe(pipe) => Some(pipe.pos),
            At::Command(cmd) => Some(cmd.pos),
            At::Arg(arg) => Some(arg.pos()),
        }
    }

    fn describe(&self) -> String {
        match self {
            At::Nothing => String::new(),
            At::Node(node) => node.to_string(),
            At::Pipe(pipe) => pipe.to_string(),
            At::Command(cmd) => cmd.to_string(),
            At::Arg(arg) => arg.to_string(),
        }
    }
}

/// Errors are boxed inside the executor to keep its (recursive) frames small.
type Result<T> = std::result::Result<T, Box<ExecError>>;

struct State<'a, 'o> {
    set: &'a TemplateSet,
    tree: &'a Tree,
    out: &'o mut String,
    shared: &'o mut Budget,
    /// The variable stack: `$` first, then declarations in scope.
    vars: Vec<(&'a str, Val)>,
    depth: usize,
    at: At<'a>,
}

impl<'a, 'o> State<'a, 'o> {
    /// An error at the current node.
    fn error(&self, message: impl Into<String>) -> Box<ExecError> {
        let message = message.into();
        Box::new(match self.at.pos() {
            None => ExecError::Template {
                template: self.tree.name.clone(),
                message,
            },
            Some(pos) => {
                let (line, column) = self.tree.line_column(pos);
                ExecError::Node {
                    template: self.tree.name.clone(),
                    location: ErrorLocation {
                        parse_name: self.tree.parse_name.to_string(),
                        line,
                        column,
                        node: self.at.describe(),
                    },
                    message,
                    call: None,
                }
            }
        })
    }

    /// Counts one step against the budget; now and then, looks at the process's memory.
    fn step(&mut self) -> Result<()> {
        self.charge(1)
    }

    /// Counts `steps` steps against the budget (see [`step`](Self::step)).
    fn charge(&mut self, steps: u64) -> Result<()> {
        let before = self.shared.steps;
        self.shared.steps = before.saturating_add(steps);
        if self.shared.steps > self.shared.max_steps {
            return Err(self.error(format!(
                "execution stopped: the render {}",
                limits::STEPS.exceeded_at(self.shared.max_steps)
            )));
        }
        if self.shared.steps / MEMORY_CHECK_INTERVAL != before / MEMORY_CHECK_INTERVAL {
            limits::check_memory().map_err(|m| self.error(format!("execution stopped: {m}")))?;
        }
        Ok(())
    }

    fn check_output(&self) -> Result<()> {
        if self.out.len() > self.shared.max_output {
            return Err(self.error(format!(
                "execution stopped: the output {}",
                limits::OUTPUT.exceeded_at(self.shared.max_output as u64)
            )));
        }
        Ok(())
    }

    /// Fails when a function returned a value over the size limit; a large one is a moment to
    /// look at the process's memory.
    fn check_result(&self, value: &Value) -> std::result::Result<(), String> {
        let size = match value {
            Value::String(text) => text.len(),
            Value::Bytes(bytes) => bytes.len(),
            Value::List(items) => items.len(),
            _ => return Ok(()),
        };
        if size >= LARGE_RESULT {
            limits::check_value_size(size as u64, 1, "the result")?;
            limits::check_memory()?;
        }
        Ok(())
    }

    fn walk_list(&mut self, dot: &Val, list: &'a ListNode) -> Result<Flow> {
        for node in &list.nodes {
            let flow = stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || self.walk(dot, node))?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Val, node: &'a Node) -> Result<Flow> {
        self.at = At::Node(node);
        self.step()?;
        match node {
            Node::Text(text) => {
                self.out.push_str(&text.text);
                self.check_output()?;
            }
            Node::Comment(_) => {}
            Node::Action(action) => {
                // Declarations persist until the enclosing block ends and are not printed.
                let value = self.eval_pipeline(dot, &action.pipe)?;
                if action.pipe.decl.is_empty() {
                    self.at = At::Node(node);
                    value.print(self.out);
                    self.check_output()?;
                }
            }
            Node::If(branch) => return self.walk_if_or_with(false, dot, branch),
            Node::With(branch) => return self.walk_if_or_with(true, dot, branch),
            Node::Range(branch) => return self.walk_range(dot, node, branch),
            Node::Template(template) => self.walk_template(dot, node, template)?,
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(
        &mut self,
        is_with: bool,
        dot: &Val,
        branch: &'a BranchNode,
    ) -> Result<Flow> {
        let mark = self.vars.len();
        let value = self.eval_pipeline(dot, &branch.pipe)?;
        let flow = if value.is_true() {
            if is_with {
                self.walk_list(&value, &branch.list)
            } else {
                self.walk_list(dot, &branch.list)
            }
        } else if let Some(else_list) = &branch.else_list {
            self.walk_list(dot, else_list)
        } else {
            Ok(Flow::Normal)
        };
        self.vars.truncate(mark);
        flow
    }

    fn walk_range(&mut self, dot: &Val, node: &'a Node, branch: &'a BranchNode) -> Result<Flow> {
        self.at = At::Node(node);
        let mark = self.vars.len();
        let value = self.eval_pipeline(dot, &branch.pipe)?;
        let body_mark = self.vars.len();
        let ran = self.range_over(branch, value.as_value().cloned(), body_mark)?;
        if !ran {
            if let Some(else_list) = &branch.else_list {
                let flow = self.walk_list(dot, else_list);
                self.vars.truncate(mark);
                return flow;
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Normal)
    }

    /// Iterates `value` (lists, maps in key order, integers, collections of objects); false when
    /// there was nothing to iterate and the else branch applies.
    fn range_over(
        &mut self,
        branch: &'a BranchNode,
        value: Option<Value>,
        body_mark: usize,
    ) -> Result<bool> {
        let Some(value) = value else {
            return Ok(false);
        };
        match &value {
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if self.iteration(
                        branch,
                        Val::Direct(Value::Int(i as i64)),
                        Val::element(item.clone()),
                        body_mark,
                    )? == Flow::Break
                    {
                        break;
                    }
                }
                Ok(!items.is_empty())
            }
            Value::Bytes(bytes) => {
                for (i, byte) in bytes.iter().enumerate() {
                    let elem = Val::Direct(Value::Int(*byte as i64));
                    if self.iteration(branch, Val::Direct(Value::Int(i as i64)), elem, body_mark)?
                        == Flow::Break
                    {
                        break;
                    }
                }
                Ok(!bytes.is_empty())
            }
            Value::Map(map) => {
                let entries = map.entries();
                for (key, item) in &entries {
                    let key = Val::Direct(Value::String(key.clone()));
                    if self.iteration(branch, key, Val::element(item.clone()), body_mark)?
                        == Flow::Break
                    {
                        break;
                    }
                }
                Ok(!entries.is_empty())
            }
            Value::Int(n) | Value::Int64(n) => {
                if !self.set.range_over_integers() {
                    return Err(self.error(format!("range can't iterate over {n}")));
                }
                if branch.pipe.decl.len() > 1 {
                    return Err(self.error(format!(
                        "can't use {} to iterate over more than one variable",
                        n
                    )));
                }
                let wide = matches!(value, Value::Int64(_));
                for i in 0..*n {
                    let elem = Val::Direct(if wide { Value::Int64(i) } else { Value::Int(i) });
                    if self.iteration(branch, Val::Invalid, elem, body_mark)? == Flow::Break {
                        break;
                    }
                }
                Ok(*n > 0)
            }
            Value::Object(object) => match object.as_collection() {
                Some(collection @ (Value::List(_) | Value::Map(_))) => {
                    self.range_over(branch, Some(collection), body_mark)
                }
                _ => Err(self.error(format!(
                    "range can't iterate over {}",
                    object.format_value()
                ))),
            },
            other => Err(self.error(format!(
                "range can't iterate over {}",
                crate::value::fmt::format_v(other)
            ))),
        }
    }

    /// One pass of a range body: binds the declared variables (one variable gets the element;
    /// two get index and element), walks the body with the element as dot.
    fn iteration(
        &mut self,
        branch: &'a BranchNode,
        index: Val,
        elem: Val,
        body_mark: usize,
    ) -> Result<Flow> {
        let decl = &branch.pipe.decl;
        if !decl.is_empty() {
            if branch.pipe.is_assign {
                let target = if decl.len() > 1 {
                    index.clone()
                } else {
                    elem.clone()
                };
                self.set_var(&decl[0].ident[0], target)?;
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if decl.len() > 1 {
            if branch.pipe.is_assign {
                self.set_var(&decl[1].ident[0], elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        self.step()?;
        let flow = self.walk_list(&elem, &branch.list);
        self.vars.truncate(body_mark);
        match flow? {
            Flow::Break => Ok(Flow::Break),
            _ => Ok(Flow::Normal),
        }
    }

    fn walk_template(
        &mut self,
        dot: &Val,
        node: &'a Node,
        template: &'a TemplateNode,
    ) -> Result<()> {
        self.at = At::Node(node);
        let Some(tree) = self.set.lookup(&template.name) else {
            return Err(self.error(format!("template {} not defined", go_quote(&template.name))));
        };
        if self.depth >= MAX_TEMPLATE_DEPTH {
            return Err(self.error(format!(
                "exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})"
            )));
        }
        let new_dot = match &template.pipe {
            Some(pipe) => self.eval_pipeline(dot, pipe)?,
            None => Val::Invalid,
        };
        let mut inner = State {
            set: self.set,
            tree: &tree,
            out: &mut *self.out,
            shared: &mut *self.shared,
            vars: vec![("$", new_dot.clone())],
            depth: self.depth + 1,
            at: At::Nothing,
        };
        stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || {
            inner.walk_list(&new_dot, &tree.root)
        })?;
        Ok(())
    }

    fn set_var(&mut self, name: &str, value: Val) -> Result<()> {
        for (var_name, slot) in self.vars.iter_mut().rev() {
            if *var_name == name {
                *slot = value;
                return Ok(());
            }
        }
        Err(self.error(format!("undefined variable: {name}")))
    }

    /// Sets the `n`th variable from the top of the stack (1 is the top).
    fn set_top_var(&mut self, n: usize, value: Val) {
        let len = self.vars.len();
        if let Some(slot) = len.checked_sub(n).and_then(|i| self.vars.get_mut(i)) {
            slot.1 = value;
        }
    }

    fn var_value(&self, name: &str) -> Result<Val> {
        for (var_name, value) in self.vars.iter().rev() {
            if *var_name == name {
                return Ok(value.clone());
            }
        }
        Err(self.error(format!("undefined variable: {name}")))
    }
}

#[cfg(test)]
mod tests;
