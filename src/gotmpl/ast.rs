//! The parse tree of a template, shaped like Go's `text/template/parse` nodes.
//!
//! Every node keeps its byte offset in the template text (`pos`), from which error messages
//! compute `line:column`; control nodes also keep the line. `Display` renders a node the way
//! Go's `Node.String()` does, because execution errors quote the failing node (`at <.Values.a>`).

use std::fmt::{self, Display, Formatter};
use std::sync::Arc;

use super::quote::go_quote;

/// A parsed template: its name, the name of the file it came from (`ParseName`, used in error
/// locations) and the source text (positions index into it).
#[derive(Debug)]
pub struct Tree {
    pub name: String,
    pub parse_name: Arc<str>,
    pub text: Arc<str>,
    /// Budget, so that a file whose text repeats (a library chart vendored by several
    /// subcharts) is parsed once and its trees reused under the other file's name.
    pub root: Arc<ListNode>,
}

impl Tree {
    /// `line` (1-based) and `column` (0-based byte offset in the line, or the offset itself on
    /// the first line, as Go computes it) of a byte offset.
    pub fn line_column(&self, pos: usize) -> (usize, usize) {
        let before = self.text.get(..pos.min(self.text.len())).unwrap_or("");
        let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
        let column = match before.rfind('\n') {
            Some(newline) => pos - (newline + 1),
            None => pos,
        };
        (line, column)
    }
}

/// A sequence of nodes.
#[derive(Debug, Clone, Default)]
pub struct ListNode {
    pub pos: usize,
    pub nodes: Vec<Node>,
}

impl ListNode {
    /// Go's `IsEmptyTree`: only whitespace text and comments.
    pub fn is_empty_tree(&self) -> bool {
        self.nodes.iter().all(|node| match node {
            Node::Text(text) => text
                .text
                .trim_matches(|c: char| c.is_whitespace())
                .is_empty(),
            Node::Comment(_) => true,
            _ => false,
        })
    }
}

/// A statement-level node.
#[derive(Debug, Clone)]
pub enum Node {
    Text(TextNode),
    Comment(TextNode),
    Action(ActionNode),
    // Boxed, so that the common nodes (text and actions) stay small: parse memory per action
    // is bounded (about 200 bytes), and the rarer control nodes pay for their size.
    If(Box<BranchNode>),
    Range(Box<BranchNode>),
    With(Box<BranchNode>),
    Template(Box<TemplateNode>),
    Break(Position),
    Continue(Position),
}

impl Node {
    pub fn pos(&self) -> usize {
        match self {
            Node::Text(n) | Node::Comment(n) => n.pos,
            Node::Action(n) => n.pos,
            Node::If(n) | Node::Range(n) | Node::With(n) => n.pos,
            Node::Template(n) => n.pos,
            Node::Break(p) | Node::Continue(p) => p.pos,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Position {
    pub pos: usize,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct TextNode {
    pub pos: usize,
    pub text: Arc<str>,
}

/// `{{pipeline}}`: evaluates and prints unless the pipeline declares variables.
#[derive(Debug, Clone)]
pub struct ActionNode {
    pub pos: usize,
    pub line: usize,
    pub pipe: PipeNode,
}

/// `if`, `range` and `with`: a pipeline, a body and an optional else body.
#[derive(Debug, Clone)]
pub struct BranchNode {
    pub pos: usize,
    pub line: usize,
    pub pipe: PipeNode,
    pub list: ListNode,
    pub else_list: Option<ListNode>,
}

/// `{{template "name" pipeline}}` (also what `block` leaves in place).
#[derive(Debug, Clone)]
pub struct TemplateNode {
    pub pos: usize,
    pub line: usize,
    pub name: String,
    pub pipe: Option<PipeNode>,
}

/// Commands separated by `|`, optionally preceded by variable declarations or assignments.
#[derive(Debug, Clone)]
pub struct PipeNode {
    pub pos: usize,
    pub line: usize,
    pub is_assign: bool,
    pub decl: Vec<VariableNode>,
    pub cmds: Vec<CommandNode>,
}

#[derive(Debug, Clone)]
pub struct VariableNode {
    pub pos: usize,
    /// `$x.a.b` is `["$x", "a", "b"]`.
    pub ident: Vec<String>,
}

/// One command: an operand followed by arguments when the operand is callable.
#[derive(Debug, Clone)]
pub struct CommandNode {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone)]
pub enum Arg {
    /// A function name.
    Identifier {
        pos: usize,
        name: String,
    },
    Dot {
        pos: usize,
    },
    Nil {
        pos: usize,
    },
    Variable(VariableNode),
    /// `.a.b` is `["a", "b"]`.
    Field {
        pos: usize,
        ident: Vec<String>,
    },
    /// `(pipeline).a.b` or a chain on another non-field operand.
    Chain {
        pos: usize,
        node: Box<Arg>,
        field: Vec<String>,
    },
    Bool {
        pos: usize,
        value: bool,
    },
    Number(Box<NumberNode>),
    /// `quoted` is the source text, `text` the decoded string.
    String {
        pos: usize,
        quoted: String,
        /// The Go string the literal denotes (escapes may write bytes that are not UTF-8).
        text: crate::value::Str,
    },
    Pipe(Box<PipeNode>),
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Bool { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Variable(v) => v.pos,
            Arg::Number(n) => n.pos,
            Arg::Pipe(p) => p.pos,
        }
    }

    /// Literal operands cannot start a later pipeline stage (they cannot take the piped value).
    pub fn is_literal(&self) -> bool {
        matches!(
            self,
            Arg::Bool { .. }
                | Arg::Dot { .. }
                | Arg::Nil { .. }
                | Arg::Number(_)
                | Arg::String { .. }
        )
    }
}

/// A number literal with every interpretation Go's parser found valid.
#[derive(Debug, Clone, Default)]
pub struct NumberNode {
    pub pos: usize,
    pub text: String,
    pub int: Option<i64>,
    pub uint: Option<u64>,
    pub float: Option<f64>,
    /// Imaginary and complex constants (`1i`, `1+2i`): Go evaluates them as `complex128`
    /// even when the imaginary part is zero (then `int`/`float` hold the real part too, as
    /// Go's `simplifyComplex` records, for arguments of those types).
    pub is_complex: bool,
    /// (real, imaginary) of a complex constant.
    pub complex: Option<(f64, f64)>,
}

impl Display for ListNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for node in &self.nodes {
            write!(f, "{node}")?;
        }
        Ok(())
    }
}

impl Display for Node {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text(t) => write!(f, "{}", go_quote(&t.text)),
            Node::Comment(t) => write!(f, "{{{{{}}}}}", t.text),
            Node::Action(a) => write!(f, "{{{{{}}}}}", a.pipe),
            Node::If(b) => write_branch(f, "if", b),
            Node::Range(b) => write_branch(f, "range", b),
            Node::With(b) => write_branch(f, "with", b),
            Node::Template(t) => write!(f, "{t}"),
            Node::Break(_) => write!(f, "{{{{break}}}}"),
            Node::Continue(_) => write!(f, "{{{{continue}}}}"),
        }
    }
}

fn write_branch(f: &mut Formatter<'_>, keyword: &str, branch: &BranchNode) -> fmt::Result {
    write!(f, "{{{{{keyword} {}}}}}{}", branch.pipe, branch.list)?;
    if let Some(else_list) = &branch.else_list {
        write!(f, "{{{{else}}}}{else_list}")?;
    }
    write!(f, "{{{{end}}}}")
}

impl Display for TemplateNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.pipe {
            Some(pipe) => write!(f, "{{{{template {} {pipe}}}}}", go_quote(&self.name)),
            None => write!(f, "{{{{template {}}}}}", go_quote(&self.name)),
        }
    }
}

impl Display for PipeNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, variable) in self.decl.iter().enumerate() {
                if i > 0 {
                    write!(f, ", ")?;
                }
                write!(f, "{variable}")?;
            }
            write!(f, "{}", if self.is_assign { " = " } else { " := " })?;
        }
        for (i, cmd) in self.cmds.iter().enumerate() {
            if i > 0 {
                write!(f, " | ")?;
            }
            write!(f, "{cmd}")?;
        }
        Ok(())
    }
}

impl Display for VariableNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.ident.join("."))
    }
}

impl Display for CommandNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                write!(f, " ")?;
            }
            match arg {
                // Parenthesised pipelines nest as deep as the parser allows.
                Arg::Pipe(pipe) => {
                    stacker::maybe_grow(64 * 1024, 1024 * 1024, || write!(f, "({pipe})"))?
                }
                other => write!(f, "{other}")?,
            }
        }
        Ok(())
    }
}

impl Display for Arg {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Identifier { name, .. } => write!(f, "{name}"),
            Arg::Dot { .. } => write!(f, "."),
            Arg::Nil { .. } => write!(f, "nil"),
            Arg::Variable(v) => write!(f, "{v}"),
            Arg::Field { ident, .. } => {
                for id in ident {
                    write!(f, ".{id}")?;
                }
                Ok(())
            }
            Arg::Chain { node, field, .. } => {
                match node.as_ref() {
                    Arg::Pipe(pipe) => write!(f, "({pipe})")?,
                    other => write!(f, "{other}")?,
                }
                for id in field {
                    write!(f, ".{id}")?;
                }
                Ok(())
            }
            Arg::Bool { value, .. } => write!(f, "{value}"),
            Arg::Number(n) => write!(f, "{}", n.text),
            Arg::String { quoted, .. } => write!(f, "{quoted}"),
            Arg::Pipe(pipe) => write!(f, "{pipe}"),
        }
    }
}

/// Deeply nested trees (thousands of nested `if`s or parentheses) are dropped with an explicit
/// work list instead of recursion, so dropping a tree cannot overflow the stack.
enum Doomed {
    Node(Node),
    Arg(Arg),
    Pipe(PipeNode),
}

fn drain(mut work: Vec<Doomed>) {
    while let Some(item) = work.pop() {
        match item {
            Doomed::Node(node) => match node {
                Node::Action(mut action) => work.push(Doomed::Pipe(std::mem::replace(
                    &mut action.pipe,
                    PipeNode::empty(),
                ))),
                Node::If(mut branch) | Node::Range(mut branch) | Node::With(mut branch) => {
                    work.extend(
                        std::mem::take(&mut branch.list.nodes)
                            .into_iter()
                            .map(Doomed::Node),
                    );
                    if let Some(else_list) = branch.else_list.as_mut() {
                        work.extend(
                            std::mem::take(&mut else_list.nodes)
                                .into_iter()
                                .map(Doomed::Node),
                        );
                    }
                    work.push(Doomed::Pipe(std::mem::replace(
                        &mut branch.pipe,
                        PipeNode::empty(),
                    )));
                }
                Node::Template(mut template) => {
                    if let Some(pipe) = template.pipe.take() {
                        work.push(Doomed::Pipe(pipe));
                    }
                }
                _ => {}
            },
            Doomed::Pipe(mut pipe) => {
                for mut cmd in std::mem::take(&mut pipe.cmds) {
                    work.extend(std::mem::take(&mut cmd.args).into_iter().map(Doomed::Arg));
                }
            }
            Doomed::Arg(arg) => match arg {
                Arg::Pipe(mut pipe) => work.push(Doomed::Pipe(std::mem::replace(
                    pipe.as_mut(),
                    PipeNode::empty(),
                ))),
                Arg::Chain { node, .. } => work.push(Doomed::Arg(*node)),
                _ => {}
            },
        }
    }
}

impl PipeNode {
    fn empty() -> PipeNode {
        PipeNode {
            pos: 0,
            line: 0,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        }
    }
}

impl Drop for ListNode {
    fn drop(&mut self) {
        if !self.nodes.is_empty() {
            drain(
                std::mem::take(&mut self.nodes)
                    .into_iter()
                    .map(Doomed::Node)
                    .collect(),
            );
        }
    }
}

impl Drop for PipeNode {
    fn drop(&mut self) {
        if self.cmds.iter().any(|cmd| {
            cmd.args
                .iter()
                .any(|arg| matches!(arg, Arg::Pipe(_) | Arg::Chain { .. }))
        }) {
            drain(vec![Doomed::Pipe(PipeNode {
                pos: 0,
                line: 0,
                is_assign: false,
                decl: Vec::new(),
                cmds: std::mem::take(&mut self.cmds),
            })]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_follow_go() {
        let tree = Tree {
            name: "t".into(),
            parse_name: "t".into(),
            text: "ab\ncd {{ x }}".into(),
            root: Arc::new(ListNode::default()),
        };
        assert_eq!(tree.line_column(1), (1, 1));
        assert_eq!(tree.line_column(9), (2, 6));
    }

    #[test]
    fn commands_print_like_go() {
        let cmd = CommandNode {
            pos: 0,
            args: vec![
                Arg::Identifier {
                    pos: 0,
                    name: "eq".into(),
                },
                Arg::Pipe(Box::new(PipeNode {
                    pos: 0,
                    line: 1,
                    is_assign: false,
                    decl: vec![],
                    cmds: vec![CommandNode {
                        pos: 0,
                        args: vec![
                            Arg::Identifier {
                                pos: 0,
                                name: "list".into(),
                            },
                            Arg::Field {
                                pos: 0,
                                ident: vec!["a".into(), "b".into()],
                            },
                        ],
                    }],
                })),
                Arg::String {
                    pos: 0,
                    quoted: "`x`".into(),
                    text: "x".into(),
                },
            ],
        };
        assert_eq!(cmd.to_string(), "eq (list .a.b) `x`");
    }
}
#[cfg(test)]
mod size_tests {
    use super::*;

    /// Parse memory per action is the size of these nodes; keep them small.
    #[test]
    fn common_nodes_stay_small() {
        assert!(
            std::mem::size_of::<Node>() <= 96,
            "{}",
            std::mem::size_of::<Node>()
        );
        assert!(
            std::mem::size_of::<Arg>() <= 64,
            "{}",
            std::mem::size_of::<Arg>()
        );
    }
}
