//! A set of named templates sharing one function table: what Helm builds from all the template
//! files of a chart. Parsing a file adds the file's own template (named after the file) and its
//! `define`s; a later definition of a name replaces an earlier one (unless it is empty), as Go's
//! `Template.AddParseTree` does. Trees are shared (`Arc`), so cloning a set and deriving a child
//! set for `tpl` are cheap.

use std::collections::HashMap;
use std::sync::Arc;

use crate::value::Value;

use super::ast::Tree;
use super::error::{ExecError, ParseError};
use super::exec;
use super::funcs::FuncMap;
use super::parse::parse;

/// Helm names the root template of its set `gotpl`; `tpl` parses under that name too.
pub const DEFAULT_ROOT_NAME: &str = "gotpl";

#[derive(Clone, Debug)]
pub struct TemplateSet {
    inner: Arc<SetInner>,
}

#[derive(Clone, Debug)]
struct SetInner {
    root_name: String,
    templates: HashMap<String, Arc<Tree>>,
    /// Templates visible beneath this set's own (a child set made for `tpl`).
    parent: Option<TemplateSet>,
    funcs: Arc<FuncMap>,
}

impl TemplateSet {
    /// An empty set whose templates can call `funcs` and text/template's builtins.
    pub fn new(funcs: FuncMap) -> TemplateSet {
        TemplateSet {
            inner: Arc::new(SetInner {
                root_name: DEFAULT_ROOT_NAME.to_string(),
                templates: HashMap::new(),
                parent: None,
                funcs: Arc::new(funcs),
            }),
        }
    }

    /// The name of the set's root template, used in "no template ... associated" errors.
    pub fn root_name(&self) -> &str {
        &self.inner.root_name
    }

    pub fn set_root_name(&mut self, name: impl Into<String>) {
        Arc::make_mut(&mut self.inner).root_name = name.into();
    }

    pub fn funcs(&self) -> &FuncMap {
        &self.inner.funcs
    }

    /// Whether templates may call `name` (a table function or a builtin).
    pub fn has_function(&self, name: &str) -> bool {
        self.inner.funcs.contains(name) || super::wiring::is_builtin(name)
    }

    /// Parses `text` as the template `name` and adds it and its definitions to the set.
    pub fn parse_file(&mut self, name: &str, text: &str) -> Result<(), ParseError> {
        let trees = {
            let has_function = |f: &str| self.has_function(f);
            parse(name, text, &has_function)?
        };
        for tree in trees {
            self.add_tree(tree);
        }
        Ok(())
    }

    /// Parses `text` as the body of a new template `name`, as Go's `t.New(name).Parse(text)`
    /// on a clone does for Helm's `tpl`, and returns that body. Go executes the template object
    /// it parsed into, so the body runs even when it is empty; and in the clone the name maps
    /// to the clone's own unparsed root, so the new body always takes the name (an empty `tpl`
    /// inside a `tpl` does not fall back to the outer text). `define`s inside follow the
    /// association rule.
    pub fn parse_body(&mut self, name: &str, text: &str) -> Result<Arc<Tree>, ParseError> {
        let trees = {
            let has_function = |f: &str| self.has_function(f);
            parse(name, text, &has_function)?
        };
        let mut body = None;
        for tree in trees {
            if tree.name == name && body.is_none() {
                let tree = Arc::new(tree);
                let inner = Arc::make_mut(&mut self.inner);
                inner.templates.insert(name.to_string(), tree.clone());
                body = Some(tree);
            } else {
                self.add_tree(tree);
            }
        }
        // The parser always yields the body's tree; an empty one stands in if it ever does not.
        Ok(body.unwrap_or_else(|| {
            Arc::new(Tree {
                name: name.to_string(),
                parse_name: Arc::from(name),
                text: Arc::from(text),
                root: super::ast::ListNode {
                    pos: 0,
                    nodes: Vec::new(),
                },
            })
        }))
    }

    /// Go's association rule: an empty definition never replaces an existing template.
    fn add_tree(&mut self, tree: Tree) {
        if tree.root.is_empty_tree() && self.lookup(&tree.name).is_some() {
            return;
        }
        let inner = Arc::make_mut(&mut self.inner);
        inner.templates.insert(tree.name.clone(), Arc::new(tree));
    }

    /// The template `name`, looking through parent sets.
    pub fn lookup(&self, name: &str) -> Option<Arc<Tree>> {
        let mut set = self;
        loop {
            if let Some(tree) = set.inner.templates.get(name) {
                return Some(tree.clone());
            }
            set = set.inner.parent.as_ref()?;
        }
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.lookup(name).is_some()
    }

    /// The names of all templates, sorted.
    pub fn template_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let mut set = Some(self);
        while let Some(current) = set {
            names.extend(current.inner.templates.keys().cloned());
            set = current.inner.parent.as_ref();
        }
        names.sort();
        names.dedup();
        names
    }

    /// A set that sees every template of this one and can add or replace its own without
    /// affecting this set (what Helm's `tpl` gets from cloning the template set).
    pub fn child(&self) -> TemplateSet {
        TemplateSet {
            inner: Arc::new(SetInner {
                root_name: self.inner.root_name.clone(),
                templates: HashMap::new(),
                parent: Some(self.clone()),
                funcs: self.inner.funcs.clone(),
            }),
        }
    }

    /// Executes the template `name` with `data` as dot and `$`.
    pub fn execute(&self, name: &str, data: &Value) -> Result<String, ExecError> {
        let mut out = String::new();
        self.execute_into(name, data, &mut out)?;
        Ok(out)
    }

    /// Like [`TemplateSet::execute`], appending to `out`.
    pub fn execute_into(
        &self,
        name: &str,
        data: &Value,
        out: &mut String,
    ) -> Result<(), ExecError> {
        let mut shared = exec::Shared::default();
        exec::execute(self, name, data, out, &mut shared).map_err(|e| *e)
    }
}
