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
use super::hash::FastMap;
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
    templates: FastMap<String, Arc<Tree>>,
    /// Templates visible beneath this set's own (a child set made for `tpl`).
    parent: Option<TemplateSet>,
    funcs: Arc<FuncMap>,
    /// Whether `range` accepts an integer (text/template since Go 1.24); see
    /// [`TemplateSet::set_range_over_integers`].
    range_over_integers: bool,
}

impl TemplateSet {
    /// An empty set whose templates can call `funcs` and text/template's builtins.
    pub fn new(funcs: FuncMap) -> TemplateSet {
        TemplateSet {
            inner: Arc::new(SetInner {
                root_name: DEFAULT_ROOT_NAME.to_string(),
                templates: FastMap::default(),
                parent: None,
                funcs: Arc::new(funcs),
                range_over_integers: true,
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

    /// Whether `{{ range 3 }}` iterates (text/template since Go 1.24, the default) or fails
    /// with `range can't iterate over 3`, as in older Go releases such as the Go 1.23 that
    /// Helm 3.17.3 is built with.
    pub fn set_range_over_integers(&mut self, allowed: bool) {
        Arc::make_mut(&mut self.inner).range_over_integers = allowed;
    }

    /// See [`TemplateSet::set_range_over_integers`].
    pub fn range_over_integers(&self) -> bool {
        self.inner.range_over_integers
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
        let trees = self.parse_trees(name, text)?;
        for tree in trees {
            self.add_tree(tree);
        }
        Ok(())
    }

    /// Parses `text` as the template `name` against this set's functions without adding
    /// anything: the trees [`TemplateSet::parse_file`] would add, in its order.
    pub fn parse_trees(&self, name: &str, text: &str) -> Result<Vec<Tree>, ParseError> {
        let has_function = |f: &str| self.has_function(f);
        parse(name, text, &has_function)
    }

    /// Parses every `(name, text)` file and adds their trees in the order given: the same set
    /// as calling [`TemplateSet::parse_file`] on each in turn (and the same first error), but
    /// files are parsed on all cores, and a text that repeats an earlier file's text is parsed
    /// once, its trees shared under the later file's name. An error comes with the index of
    /// the file it is about.
    pub fn parse_files(&mut self, files: &[(&str, &str)]) -> Result<(), (usize, ParseError)> {
        use rayon::prelude::*;
        // The first file with each text; repeats reuse its parse.
        // Keys are whole template texts: hashed once each (pre-sized, so never rehashed), fast.
        let mut first_of: FastMap<&str, usize> =
            FastMap::with_capacity_and_hasher(files.len(), Default::default());
        let origin: Vec<usize> = files
            .iter()
            .enumerate()
            .map(|(index, (_, text))| *first_of.entry(text).or_insert(index))
            .collect();
        let unique: Vec<usize> = (0..files.len()).filter(|&i| origin[i] == i).collect();
        let funcs = self.inner.funcs.clone();
        let has_function = |f: &str| funcs.contains(f) || super::wiring::is_builtin(f);
        let parse_one = |&index: &usize| -> Result<Vec<Arc<Tree>>, ParseError> {
            let (name, text) = files[index];
            let trees = parse(name, text, &has_function)?;
            Ok(trees.into_iter().map(Arc::new).collect())
        };
        // A few small files parse faster than the thread pool wakes up.
        let total: usize = files.iter().map(|(_, text)| text.len()).sum();
        let parsed: Vec<Result<Vec<Arc<Tree>>, ParseError>> = if total < 64 * 1024 {
            unique.iter().map(parse_one).collect()
        } else {
            unique.par_iter().with_max_len(1).map(parse_one).collect()
        };
        let results: HashMap<usize, Result<Vec<Arc<Tree>>, ParseError>> =
            unique.into_iter().zip(parsed).collect();
        for (index, &(name, _)) in files.iter().enumerate() {
            let first = origin[index];
            let trees = if first == index {
                match results.get(&index) {
                    Some(Ok(trees)) => trees.clone(),
                    Some(Err(error)) => return Err((index, error.clone())),
                    None => Vec::new(),
                }
            } else {
                let reused = match results.get(&first) {
                    Some(Ok(trees)) => renamed(trees, files[first].0, name),
                    _ => None,
                };
                match reused {
                    Some(trees) => trees,
                    None => parse_one(&index).map_err(|error| (index, error))?,
                }
            };
            for tree in trees {
                self.add_shared_tree(tree);
            }
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
        let trees = self.parse_trees(name, text)?;
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
                root: Arc::new(super::ast::ListNode {
                    pos: 0,
                    nodes: Vec::new(),
                }),
            })
        }))
    }

    /// Go's association rule: an empty definition never replaces an existing template.
    fn add_tree(&mut self, tree: Tree) {
        self.add_shared_tree(Arc::new(tree));
    }

    fn add_shared_tree(&mut self, tree: Arc<Tree>) {
        if tree.root.is_empty_tree() && self.lookup(&tree.name).is_some() {
            return;
        }
        let inner = Arc::make_mut(&mut self.inner);
        inner.templates.insert(tree.name.clone(), tree);
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
                templates: FastMap::default(),
                parent: Some(self.clone()),
                funcs: self.inner.funcs.clone(),
                range_over_integers: self.inner.range_over_integers,
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
        self.execute_with_budget(name, data, out, &mut exec::Budget::default())
    }

    /// Like [`TemplateSet::execute_into`], counting against `budget`, which several
    /// executions (the templates of one chart) share.
    pub fn execute_with_budget(
        &self,
        name: &str,
        data: &Value,
        out: &mut String,
        budget: &mut exec::Budget,
    ) -> Result<(), ExecError> {
        exec::execute(self, name, data, out, budget).map_err(|e| *e)
    }
}

/// The trees of file `from` as the parse of the same text under the name `to` gives them: the
/// file's own tree renamed, definitions as they are, every tree naming `to` as its file, the
/// parsed nodes shared. `None` when a definition carries either file name (then only a real
/// parse is certain to agree).
fn renamed(trees: &[Arc<Tree>], from: &str, to: &str) -> Option<Vec<Arc<Tree>>> {
    let (own, definitions) = trees.split_first()?;
    if own.name != from || definitions.iter().any(|t| t.name == from || t.name == to) {
        return None;
    }
    let parse_name: Arc<str> = Arc::from(to);
    let mut result = Vec::with_capacity(trees.len());
    result.push(Arc::new(Tree {
        name: to.to_string(),
        parse_name: parse_name.clone(),
        text: own.text.clone(),
        root: own.root.clone(),
    }));
    for tree in definitions {
        result.push(Arc::new(Tree {
            name: tree.name.clone(),
            parse_name: parse_name.clone(),
            text: tree.text.clone(),
            root: tree.root.clone(),
        }));
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> TemplateSet {
        TemplateSet::new(FuncMap::new())
    }

    #[test]
    fn parse_files_matches_parsing_one_by_one_with_repeated_texts() {
        let shared = "{{ define \"d\" }}[{{ .x }}]{{ end }}file {{ template \"d\" . }}{{ .y.z }}";
        let files = [
            ("a/_h.tpl", shared),
            ("b.yaml", "b {{ template \"d\" . }}"),
            ("c/_h.tpl", shared),
            ("empty", ""),
            ("d/_h.tpl", shared),
        ];
        let mut batched = set();
        batched.parse_files(&files).unwrap();
        let mut single = set();
        for (name, text) in files {
            single.parse_file(name, text).unwrap();
        }
        assert_eq!(batched.template_names(), single.template_names());
        let data = Value::Nil;
        for name in single.template_names() {
            let expected = single.execute(&name, &data).map_err(|e| e.to_string());
            let got = batched.execute(&name, &data).map_err(|e| e.to_string());
            assert_eq!(got, expected, "{name}");
            let tree = batched.lookup(&name).unwrap();
            assert_eq!(*tree.parse_name, *single.lookup(&name).unwrap().parse_name);
        }
        // An execution error in a repeated file names that file.
        let x = crate::value::Map::new();
        x.insert("y", Value::Int(1));
        let error = batched.execute("c/_h.tpl", &Value::Map(x)).unwrap_err();
        assert!(error.to_string().contains("c/_h.tpl"), "{error}");
    }

    #[test]
    fn parse_files_reports_the_first_failing_file() {
        let files = [
            ("a", "ok"),
            ("b", "{{ end }}"),
            ("c", "{{ if }}"),
            ("d", "{{ end }}"),
        ];
        let (index, error) = set().parse_files(&files).unwrap_err();
        assert_eq!(index, 1);
        assert_eq!(error, set().parse_trees("b", "{{ end }}").unwrap_err());
        let big = "x".repeat(70 * 1024);
        let files = [("a", big.as_str()), ("b", "{{ end }}"), ("c", "{{ if }}")];
        assert_eq!(set().parse_files(&files).unwrap_err().0, 1);
    }
}
