//! The parser of Go's text/template: turns the lexer's items into [`Tree`]s, one for the file
//! itself and one per `define`/`block`, reporting errors with Go's exact messages and lines.
//!
//! The structure follows Go's recursive-descent parser: `textOrAction` / `action` at statement
//! level, `pipeline` / `command` / `operand` / `term` for expressions. Variables are scoped
//! lexically at parse time (a use of an undeclared `$x` is a parse error), function names are
//! checked against the function table, and `break`/`continue` must be inside a `range`.

use std::collections::VecDeque;
use std::sync::Arc;

use super::ast::{
    ActionNode, Arg, BranchNode, CommandNode, ListNode, Node, PipeNode, Position, TemplateNode,
    TextNode, Tree, VariableNode,
};
use super::error::ParseError;
use super::hash::FastMap;
use super::lex::{Item, ItemKind, Lexer};
use super::number::parse_number;
use super::quote::{go_unquote, go_unquote_bytes};

/// Go's limit on nested parenthesised expressions.
const MAX_EXPRESSION_DEPTH: usize = 10000;

/// Stack space kept free before growing the stack in recursive parsing.
const STACK_RED_ZONE: usize = 64 * 1024;
const STACK_GROWTH: usize = 2 * 1024 * 1024;

/// Parses `text` as the template `name` (also its `ParseName`). Returns the file's tree first,
/// then the trees of its `define`s and `block`s. `has_function` tells which identifiers are
/// functions.
pub fn parse(
    name: &str,
    text: &str,
    has_function: &dyn Fn(&str) -> bool,
) -> std::result::Result<Vec<Tree>, ParseError> {
    let text: Arc<str> = Arc::from(text);
    let parse_name: Arc<str> = Arc::from(name);
    let mut parser = Parser {
        lexer: Lexer::new(&text),
        window: VecDeque::with_capacity(2 * KEPT_BEHIND),
        window_start: 0,
        index: 0,
        furthest_line: 1,
        parse_name: parse_name.clone(),
        has_function,
        scope: Scope::new(),
        trees: FastMap::default(),
        order: Vec::new(),
    };
    let root = parser.parse_file()?;
    parser.add_tree(name.to_string(), root)?;
    let mut trees = Vec::with_capacity(parser.order.len());
    for tree_name in parser.order {
        if let Some(root) = parser.trees.remove(&tree_name) {
            trees.push(Tree {
                name: tree_name,
                parse_name: parse_name.clone(),
                text: text.clone(),
                root: Arc::new(root),
            });
        }
    }
    // The file's own tree first.
    if let Some(index) = trees.iter().position(|t| t.name == name) {
        let own = trees.remove(index);
        trees.insert(0, own);
    }
    Ok(trees)
}

/// Per-tree parse state: Go gives each `define` a fresh one.
struct Scope {
    vars: Vec<String>,
    range_depth: usize,
    /// Line of the `{{` of the action being parsed (for "unclosed action" messages).
    action_line: usize,
    expression_depth: usize,
}

impl Scope {
    fn new() -> Scope {
        Scope {
            vars: vec!["$".to_string()],
            range_depth: 0,
            action_line: 0,
            expression_depth: 0,
        }
    }
}

/// What a statement parses to: a node, or the `{{end}}`/`{{else}}` that closes a list.
enum Statement {
    Node(Node),
    End,
    Else(Position),
}

impl Statement {
    fn describe(&self) -> String {
        match self {
            Statement::Node(node) => node.to_string(),
            Statement::End => "{{end}}".to_string(),
            Statement::Else(_) => "{{else}}".to_string(),
        }
    }
}

/// Items kept behind the current one: the parser backs up at most a few items (Go's parser
/// keeps three), so a small window over the lexer's stream is enough.
const KEPT_BEHIND: usize = 8;

struct Parser<'a> {
    lexer: Lexer<'a>,
    /// The items pulled from the lexer that a backup can still reach; `window[0]` is item
    /// number `window_start` of the stream.
    window: VecDeque<Item<'a>>,
    window_start: usize,
    index: usize,
    /// The line of the furthest item read, where parse errors are reported (Go reports the
    /// line of the last token its lexer produced).
    furthest_line: usize,
    parse_name: Arc<str>,
    has_function: &'a dyn Fn(&str) -> bool,
    scope: Scope,
    trees: FastMap<String, ListNode>,
    order: Vec<String>,
}

type Result<T> = std::result::Result<T, ParseError>;

impl<'a> Parser<'a> {
    // ---- token access (Go's next/peek/backup over an item buffer) ----

    /// Item number `index` of the stream, pulling from the lexer as needed; past the end, an
    /// `Eof` where the last item ended.
    fn item(&mut self, index: usize) -> Item<'a> {
        while index >= self.window_end() {
            match self.lexer.next_item() {
                Some(item) => {
                    // Items are pulled only as far as the parser reads, so the newest one is
                    // the furthest read.
                    self.furthest_line = item.line;
                    self.window.push_back(item);
                }
                None => break,
            }
        }
        match index
            .checked_sub(self.window_start)
            .and_then(|offset| self.window.get(offset))
        {
            Some(item) => *item,
            None => {
                let last = self.window.back();
                Item {
                    kind: ItemKind::Eof,
                    pos: last.map(|i| i.pos + i.val.len()).unwrap_or(0),
                    val: "",
                    line: last.map(|i| i.line).unwrap_or(1),
                }
            }
        }
    }

    fn window_end(&self) -> usize {
        self.window_start + self.window.len()
    }

    fn next(&mut self) -> Item<'a> {
        let item = self.item(self.index);
        if self.index < self.window_end() {
            self.index += 1;
            // The index moves one item at a time, so one item at most falls out of reach.
            if self.index - self.window_start > KEPT_BEHIND {
                self.window.pop_front();
                self.window_start += 1;
            }
        }
        item
    }

    fn backup(&mut self) {
        self.index = self.index.saturating_sub(1);
    }

    fn peek(&mut self) -> Item<'a> {
        let item = self.next();
        self.backup();
        item
    }

    fn next_non_space(&mut self) -> Item<'a> {
        loop {
            let item = self.next();
            if item.kind != ItemKind::Space {
                return item;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'a> {
        let item = self.next_non_space();
        self.backup();
        item
    }

    // ---- errors ----

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            name: self.parse_name.to_string(),
            line: self.furthest_line,
            message: message.into(),
        }
    }

    fn unexpected(&self, item: &Item, context: &str) -> ParseError {
        if item.kind == ItemKind::Error {
            let message = self.lexer.error_message();
            let mut extra = String::new();
            if self.scope.action_line != 0 && self.scope.action_line != item.line {
                extra = format!(
                    " in action started at {}:{}",
                    self.parse_name, self.scope.action_line
                );
                if message.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.error(format!("{message}{extra}"));
        }
        self.error(format!("unexpected {item} in {context}"))
    }

    fn expect(&mut self, kind: ItemKind, context: &str) -> Result<Item<'a>> {
        let item = self.next_non_space();
        if item.kind != kind {
            return Err(self.unexpected(&item, context));
        }
        Ok(item)
    }

    // ---- trees ----

    /// Go's `Tree.add`: a later definition replaces an empty one; two non-empty definitions of
    /// one name in the same parse are an error.
    fn add_tree(&mut self, name: String, root: ListNode) -> Result<()> {
        match self.trees.get(&name) {
            Some(existing) if !existing.is_empty_tree() => {
                if !root.is_empty_tree() {
                    return Err(self.error(format!(
                        "template: multiple definition of template {}",
                        super::quote::go_quote(&name)
                    )));
                }
                Ok(())
            }
            Some(_) => {
                self.trees.insert(name, root);
                Ok(())
            }
            None => {
                self.order.push(name.clone());
                self.trees.insert(name, root);
                Ok(())
            }
        }
    }

    fn parse_file(&mut self) -> Result<ListNode> {
        let mut root = ListNode {
            pos: self.peek().pos,
            nodes: Vec::new(),
        };
        while self.peek().kind != ItemKind::Eof {
            if self.peek().kind == ItemKind::LeftDelim {
                let delim_index = self.index;
                self.next();
                if self.next_non_space().kind == ItemKind::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.index = delim_index;
            }
            match self.text_or_action()? {
                Statement::Node(node) => root.nodes.push(node),
                other => return Err(self.error(format!("unexpected {}", other.describe()))),
            }
        }
        root.nodes.shrink_to_fit();
        Ok(root)
    }

    /// `{{define "name"}} ... {{end}}`, the `{{define` already read.
    fn parse_definition(&mut self) -> Result<()> {
        let context = "define clause";
        let name_item = self.next_non_space();
        if name_item.kind != ItemKind::String && name_item.kind != ItemKind::RawString {
            return Err(self.unexpected(&name_item, context));
        }
        let name = go_unquote(name_item.val).map_err(|e| self.error(e.to_string()))?;
        self.expect(ItemKind::RightDelim, context)?;
        let saved = std::mem::replace(&mut self.scope, Scope::new());
        let result = self.item_list();
        self.scope = saved;
        let (list, end) = result?;
        if !matches!(end, Statement::End) {
            return Err(self.error(format!("unexpected {} in {context}", end.describe())));
        }
        self.add_tree(name, list)
    }

    /// Statements up to the `{{end}}` or `{{else}}` that closes them, which is returned too.
    fn item_list(&mut self) -> Result<(ListNode, Statement)> {
        let mut list = ListNode {
            pos: self.peek_non_space().pos,
            nodes: Vec::new(),
        };
        while self.peek_non_space().kind != ItemKind::Eof {
            match self.text_or_action()? {
                Statement::Node(node) => list.nodes.push(node),
                closing => {
                    list.nodes.shrink_to_fit();
                    return Ok((list, closing));
                }
            }
        }
        Err(self.error("unexpected EOF"))
    }

    fn text_or_action(&mut self) -> Result<Statement> {
        let item = self.next_non_space();
        match item.kind {
            ItemKind::Text => Ok(Statement::Node(Node::Text(TextNode {
                pos: item.pos,
                text: Arc::from(item.val),
            }))),
            ItemKind::LeftDelim => {
                let saved_line = self.scope.action_line;
                self.scope.action_line = item.line;
                let result = stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || self.action());
                self.scope.action_line = saved_line;
                result
            }
            _ => Err(self.unexpected(&item, "input")),
        }
    }

    fn action(&mut self) -> Result<Statement> {
        let item = self.next_non_space();
        match item.kind {
            ItemKind::Block => return self.block_control(),
            ItemKind::Break => {
                return self
                    .loop_control(item, "break")
                    .map(|p| Statement::Node(Node::Break(p)))
            }
            ItemKind::Continue => {
                return self
                    .loop_control(item, "continue")
                    .map(|p| Statement::Node(Node::Continue(p)))
            }
            ItemKind::Else => return self.else_control(),
            ItemKind::End => {
                self.expect(ItemKind::RightDelim, "end")?;
                return Ok(Statement::End);
            }
            ItemKind::If => {
                return self
                    .branch_control("if")
                    .map(|b| Statement::Node(Node::If(Box::new(b))))
            }
            ItemKind::Range => {
                return self
                    .branch_control("range")
                    .map(|b| Statement::Node(Node::Range(Box::new(b))))
            }
            ItemKind::Template => return self.template_control(),
            ItemKind::With => {
                return self
                    .branch_control("with")
                    .map(|b| Statement::Node(Node::With(Box::new(b))))
            }
            _ => {}
        }
        self.backup();
        let item = self.peek();
        let pipe = self.pipeline("command", ItemKind::RightDelim)?;
        Ok(Statement::Node(Node::Action(ActionNode {
            pos: item.pos,
            line: item.line,
            pipe,
        })))
    }

    fn loop_control(&mut self, keyword: Item<'a>, word: &str) -> Result<Position> {
        let item = self.next_non_space();
        if item.kind != ItemKind::RightDelim {
            return Err(self.unexpected(&item, &format!("{{{{{word}}}}}")));
        }
        if self.scope.range_depth == 0 {
            return Err(self.error(format!("{{{{{word}}}}} outside {{{{range}}}}")));
        }
        Ok(Position {
            pos: keyword.pos,
            line: keyword.line,
        })
    }

    fn else_control(&mut self) -> Result<Statement> {
        let peek = self.peek_non_space();
        // `{{else if` / `{{else with` leave the keyword for the enclosing control to read.
        if peek.kind == ItemKind::If || peek.kind == ItemKind::With {
            return Ok(Statement::Else(Position {
                pos: peek.pos,
                line: peek.line,
            }));
        }
        let item = self.expect(ItemKind::RightDelim, "else")?;
        Ok(Statement::Else(Position {
            pos: item.pos,
            line: item.line,
        }))
    }

    /// `if`, `range`, `with`: pipeline, body, optional else (with `else if`/`else with` chains).
    fn branch_control(&mut self, context: &str) -> Result<BranchNode> {
        let vars_mark = self.scope.vars.len();
        let result = self.branch_control_inner(context);
        self.scope.vars.truncate(vars_mark);
        result
    }

    fn branch_control_inner(&mut self, context: &str) -> Result<BranchNode> {
        let pipe = self.pipeline(context, ItemKind::RightDelim)?;
        if context == "range" {
            self.scope.range_depth += 1;
        }
        let result = self.item_list();
        if context == "range" {
            self.scope.range_depth -= 1;
        }
        let (list, next) = result?;
        let mut else_list = None;
        match next {
            Statement::End => {}
            Statement::Else(position) => {
                let peek = self.peek();
                if context == "if" && peek.kind == ItemKind::If {
                    self.next();
                    let nested = self.branch_control("if")?;
                    else_list = Some(ListNode {
                        pos: position.pos,
                        nodes: vec![Node::If(Box::new(nested))],
                    });
                } else if context == "with" && peek.kind == ItemKind::With {
                    self.next();
                    let nested = self.branch_control("with")?;
                    else_list = Some(ListNode {
                        pos: position.pos,
                        nodes: vec![Node::With(Box::new(nested))],
                    });
                } else {
                    let (list, next) = self.item_list()?;
                    if !matches!(next, Statement::End) {
                        return Err(self.error(format!("expected end; found {}", next.describe())));
                    }
                    else_list = Some(list);
                }
            }
            Statement::Node(_) => {}
        }
        Ok(BranchNode {
            pos: pipe.pos,
            line: pipe.line,
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, item: &Item, context: &str) -> Result<String> {
        match item.kind {
            ItemKind::String | ItemKind::RawString => {
                go_unquote(item.val).map_err(|e| self.error(e.to_string()))
            }
            _ => Err(self.unexpected(item, context)),
        }
    }

    fn template_control(&mut self) -> Result<Statement> {
        let context = "template clause";
        let item = self.next_non_space();
        let name = self.template_name(&item, context)?;
        let mut pipe = None;
        if self.next_non_space().kind != ItemKind::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, ItemKind::RightDelim)?);
        }
        Ok(Statement::Node(Node::Template(Box::new(TemplateNode {
            pos: item.pos,
            line: item.line,
            name,
            pipe,
        }))))
    }

    /// `{{block "name" pipeline}} body {{end}}`: defines `name` and calls it in place.
    fn block_control(&mut self) -> Result<Statement> {
        let context = "block clause";
        let item = self.next_non_space();
        let name = self.template_name(&item, context)?;
        let pipe = self.pipeline(context, ItemKind::RightDelim)?;
        let saved = std::mem::replace(&mut self.scope, Scope::new());
        let result = self.item_list();
        self.scope = saved;
        let (list, end) = result?;
        if !matches!(end, Statement::End) {
            return Err(self.error(format!("unexpected {} in {context}", end.describe())));
        }
        self.add_tree(name.clone(), list)?;
        Ok(Statement::Node(Node::Template(Box::new(TemplateNode {
            pos: item.pos,
            line: item.line,
            name,
            pipe: Some(pipe),
        }))))
    }

    // ---- expressions ----

    fn pipeline(&mut self, context: &str, end: ItemKind) -> Result<PipeNode> {
        let start = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: start.pos,
            line: start.line,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        // Declarations: `$x :=`, `$x =`, `$i, $v :=` (range only).
        loop {
            let variable = self.peek_non_space();
            if variable.kind != ItemKind::Variable {
                break;
            }
            let variable_index = self.index;
            self.next();
            let after_variable = self.peek();
            let next = self.peek_non_space();
            if next.kind == ItemKind::Assign || next.kind == ItemKind::Declare {
                pipe.is_assign = next.kind == ItemKind::Assign;
                self.next_non_space();
                pipe.decl.push(VariableNode {
                    pos: variable.pos,
                    ident: vec![variable.val.to_string()],
                });
                self.scope.vars.push(variable.val.to_string());
            } else if next.kind == ItemKind::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(VariableNode {
                    pos: variable.pos,
                    ident: vec![variable.val.to_string()],
                });
                self.scope.vars.push(variable.val.to_string());
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().kind {
                        ItemKind::Variable | ItemKind::RightDelim | ItemKind::RightParen => {
                            continue
                        }
                        _ => return Err(self.error("range can only initialize variables")),
                    }
                }
                return Err(self.error(format!("too many declarations in {context}")));
            } else {
                let _ = after_variable;
                self.index = variable_index;
            }
            break;
        }
        loop {
            let item = self.next_non_space();
            if item.kind == end {
                self.check_pipeline(&pipe, context)?;
                pipe.cmds.shrink_to_fit();
                pipe.decl.shrink_to_fit();
                return Ok(pipe);
            }
            match item.kind {
                ItemKind::Bool
                | ItemKind::CharConstant
                | ItemKind::Complex
                | ItemKind::Dot
                | ItemKind::Field
                | ItemKind::Identifier
                | ItemKind::Number
                | ItemKind::Nil
                | ItemKind::RawString
                | ItemKind::String
                | ItemKind::Variable
                | ItemKind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return Err(self.unexpected(&item, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> Result<()> {
        if pipe.cmds.is_empty() {
            return Err(self.error(format!("missing value for {context}")));
        }
        for (i, cmd) in pipe.cmds.iter().enumerate().skip(1) {
            if cmd.args.first().is_some_and(Arg::is_literal) {
                return Err(self.error(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> Result<CommandNode> {
        let mut cmd = CommandNode {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let item = self.next();
            match item.kind {
                ItemKind::Space => continue,
                ItemKind::RightDelim | ItemKind::RightParen => self.backup(),
                ItemKind::Pipe => {}
                _ => return Err(self.unexpected(&item, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.error("empty command"));
        }
        cmd.args.shrink_to_fit();
        Ok(cmd)
    }

    /// A term possibly followed by `.field` accesses.
    fn operand(&mut self) -> Result<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != ItemKind::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == ItemKind::Field {
            let item = self.next();
            fields.push(item.val.trim_start_matches('.').to_string());
        }
        Ok(Some(match node {
            Arg::Field { mut ident, .. } => {
                ident.extend(fields);
                Arg::Field {
                    pos: chain_pos,
                    ident,
                }
            }
            Arg::Variable(mut variable) => {
                variable.ident.extend(fields);
                Arg::Variable(VariableNode {
                    pos: chain_pos,
                    ident: variable.ident,
                })
            }
            literal if literal.is_literal() => {
                return Err(self.error(format!(
                    "unexpected . after term {}",
                    super::quote::go_quote(&literal.to_string())
                )));
            }
            other => Arg::Chain {
                pos: chain_pos,
                node: Box::new(other),
                field: fields,
            },
        }))
    }

    fn term(&mut self) -> Result<Option<Arg>> {
        let item = self.next_non_space();
        Ok(Some(match item.kind {
            ItemKind::Identifier => {
                if !(self.has_function)(item.val) {
                    return Err(self.error(format!(
                        "function {} not defined",
                        super::quote::go_quote(item.val)
                    )));
                }
                Arg::Identifier {
                    pos: item.pos,
                    name: item.val.to_string(),
                }
            }
            ItemKind::Dot => Arg::Dot { pos: item.pos },
            ItemKind::Nil => Arg::Nil { pos: item.pos },
            ItemKind::Variable => {
                if !self.scope.vars.iter().any(|var| *var == *item.val) {
                    return Err(self.error(format!(
                        "undefined variable {}",
                        super::quote::go_quote(item.val)
                    )));
                }
                Arg::Variable(VariableNode {
                    pos: item.pos,
                    ident: vec![item.val.to_string()],
                })
            }
            ItemKind::Field => Arg::Field {
                pos: item.pos,
                ident: vec![item.val.trim_start_matches('.').to_string()],
            },
            ItemKind::Bool => Arg::Bool {
                pos: item.pos,
                value: item.val == "true",
            },
            ItemKind::CharConstant | ItemKind::Complex | ItemKind::Number => Arg::Number(Box::new(
                parse_number(item.pos, item.val, item.kind).map_err(|m| self.error(m))?,
            )),
            ItemKind::LeftParen => {
                if self.scope.expression_depth >= MAX_EXPRESSION_DEPTH {
                    return Err(self.error("max expression depth exceeded"));
                }
                self.scope.expression_depth += 1;
                let result = stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || {
                    self.pipeline("parenthesized pipeline", ItemKind::RightParen)
                });
                self.scope.expression_depth -= 1;
                Arg::Pipe(Box::new(result?))
            }
            ItemKind::String | ItemKind::RawString => {
                let bytes = go_unquote_bytes(item.val).map_err(|e| self.error(e.to_string()))?;
                Arg::String {
                    pos: item.pos,
                    quoted: item.val.to_string(),
                    text: crate::value::Str::from_bytes(bytes),
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

#[cfg(test)]
mod tests;
