//! The errors of parsing and executing templates, with the parts Helm rearranges exposed as
//! fields: Go prints `template: NAME:LINE: MESSAGE` for parse errors and
//! `template: FILE:LINE:COL: executing "NAME" at <NODE>: MESSAGE` for execution errors; Helm 4
//! rewrites both (`parse error at (FILE:LINE): MESSAGE`, or a multi-line form), so the engine
//! needs the pieces, while `Display` gives Go's one-line text (what `include`/`tpl` embed).

use crate::value::FuncError;

use super::quote::go_quote;

/// A syntax error: the file (Go's `ParseName`), the line of the last token read, and Go's
/// message (which may itself contain `: `, e.g. `template: multiple definition of template "x"`;
/// Helm keeps only the text after the last `: `).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("template: {name}:{line}: {message}")]
pub struct ParseError {
    pub name: String,
    pub line: usize,
    pub message: String,
}

/// Where an execution error happened: the file and position of the node being evaluated, and
/// the node's source form as Go prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorLocation {
    /// The file the node was parsed from (a `define` keeps its file's name).
    pub parse_name: String,
    /// 1-based line.
    pub line: usize,
    /// Go's column: the 0-based byte offset within the line.
    pub column: usize,
    /// The node, e.g. `.Values.a.b` or `index .Values.l 3`.
    pub node: String,
}

/// A function's error as the executor wrapped it (`error calling NAME: ERROR`).
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    pub function: String,
    pub error: FuncError,
}

/// An error during execution.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExecError {
    /// An error while evaluating a node of template `template`.
    #[error("template: {}:{}:{}: executing {} at <{}>: {message}", location.parse_name, location.line, location.column, go_quote(template), location.node)]
    Node {
        template: String,
        location: ErrorLocation,
        /// The complete message; for function errors `error calling NAME: ...`.
        message: String,
        /// Set when the error came from a called function or method.
        call: Option<CallError>,
    },
    /// An error with no node to point at (an empty template).
    #[error("template: {template}: {message}")]
    Template { template: String, message: String },
    /// The named template does not exist in the set (Go's `ExecuteTemplate`).
    #[error(
        "template: no template {} associated with template {}",
        go_quote(name),
        go_quote(root)
    )]
    NoTemplate { name: String, root: String },
}

impl ExecError {
    /// The message without Go's location prefix.
    pub fn message(&self) -> String {
        match self {
            ExecError::Node { message, .. } | ExecError::Template { message, .. } => {
                message.clone()
            }
            ExecError::NoTemplate { .. } => self.to_string(),
        }
    }
}

/// Either kind of error, for operations that parse and execute (`tpl`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TemplateError {
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error(transparent)]
    Exec(#[from] ExecError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_one_line_forms() {
        let err = ExecError::Node {
            template: "probe/templates/probe.yaml".into(),
            location: ErrorLocation {
                parse_name: "probe/templates/probe.yaml".into(),
                line: 5,
                column: 6,
                node: "index .Values.l 3".into(),
            },
            message: "error calling index: index out of range: 3".into(),
            call: None,
        };
        assert_eq!(
            err.to_string(),
            "template: probe/templates/probe.yaml:5:6: executing \"probe/templates/probe.yaml\" at <index .Values.l 3>: error calling index: index out of range: 3"
        );
        let parse = ParseError {
            name: "x.yaml".into(),
            line: 3,
            message: "unexpected {{end}}".into(),
        };
        assert_eq!(parse.to_string(), "template: x.yaml:3: unexpected {{end}}");
        let missing = ExecError::NoTemplate {
            name: "nope".into(),
            root: "gotpl".into(),
        };
        assert_eq!(
            missing.to_string(),
            "template: no template \"nope\" associated with template \"gotpl\""
        );
    }
}
