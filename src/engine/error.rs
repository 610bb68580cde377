//! The engine's errors and Helm 4's rewording of template errors.
//!
//! Helm rewrites Go's one-line template errors before showing them:
//! * a parse error `template: <file>:<line>: <a>: <b>` becomes
//!   `parse error at (<file>:<line>): <b>` (only the text after the last `": "` survives);
//! * an execution error carrying a `required`/`fail` message (wrapped in `HELM_ERR_START` /
//!   `HELM_ERR_END` markers, however deep in `include`s) becomes
//!   `execution error at (<outermost location>): <message>`;
//! * otherwise Helm walks the chain of wrapped errors; when every link reads as a template
//!   error it prints each distinct one in a multi-line form
//!   (`<location>\n  executing "<name>" at <<node>>:\n    <message>`), and when some link is a
//!   plain error (a function's own error such as `index out of range: 3`) it prints Go's
//!   original one-line text.
//!
//! Go wraps a function's error into the executor's (`error calling <fn>: <err>`), so the chain
//! is recovered from the text: after a template error's `error calling <fn>: ` comes the
//! function's error.

use std::path::PathBuf;

use crate::chart::HelmCompat;

/// Marks the start of a `required`/`fail` message inside an error text.
pub const WARN_START: &str = "HELM_ERR_START";
/// Marks the end of a `required`/`fail` message inside an error text.
pub const WARN_END: &str = "HELM_ERR_END";

/// Wraps a `required`/`fail` message so the engine can find it again.
pub fn warn_wrap(message: &str) -> String {
    format!("{WARN_START}{message}{WARN_END}")
}

/// Everything that can go wrong between a loaded chart and the printed manifests.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A template did not parse (already in Helm's `parse error at (...)` wording).
    #[error("{0}")]
    Parse(String),
    /// A template failed while executing (already in Helm's wording).
    #[error("{0}")]
    Execution(String),
    /// A rendered document is not YAML Helm can read.
    #[error("YAML parse error on {path}: {message}")]
    YamlParse { path: String, message: String },
    /// The chart's `kubeVersion` constraint excludes the target Kubernetes version.
    #[error(
        "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {version}"
    )]
    IncompatibleKubeVersion { constraint: String, version: String },
    /// The chart's `kubeVersion` is not a valid constraint.
    #[error("{0}")]
    KubeVersionConstraint(String),
    /// A `--show-only` pattern matched nothing.
    #[error("could not find template {0} in chart")]
    TemplateNotFound(String),
    /// The post-renderer failed.
    #[error("error while running post render on files: {0}")]
    PostRender(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Helm's `parse error at (<location>): <message>` from Go's parse error text.
pub fn reword_parse_error(file: &str, go_text: &str) -> String {
    let tokens: Vec<&str> = go_text.split(": ").collect();
    match (tokens.get(1), tokens.last()) {
        (Some(location), Some(message)) if tokens.len() > 1 => {
            format!("parse error at ({location}): {message}")
        }
        _ => format!("parse error in ({file}): {go_text}"),
    }
}

/// One link of the error chain in Helm's structured form.
#[derive(Debug, Clone, PartialEq, Default)]
struct Traceable {
    location: String,
    executed: String,
    message: String,
}

impl Traceable {
    fn render(&self, out: &mut String) {
        if !self.location.is_empty() {
            out.push_str(&self.location);
            out.push_str("\n  ");
        }
        if !self.executed.is_empty() {
            out.push_str(&self.executed);
            out.push_str("\n    ");
        }
        if !self.message.is_empty() {
            out.push_str(&self.message);
            out.push('\n');
        }
    }
}

/// Cuts a chained ` template:` tail from a message, as Helm does.
fn cut_chained(message: &str) -> &str {
    match message.find(" template:") {
        Some(cut) => &message[..cut],
        None => message,
    }
}

/// Reads one template error text; also returns the full message (before cutting) so the
/// caller can follow a wrapped function error.
fn parse_traceable(text: &str) -> Option<(Traceable, String)> {
    let remainder = text.strip_prefix("template: ")?;
    if remainder.starts_with("no template ") {
        return Some((
            Traceable {
                message: text.to_string(),
                ..Traceable::default()
            },
            String::new(),
        ));
    }
    if let Some(index) = remainder.find(": executing ") {
        let location = &remainder[..index];
        let after = &remainder[index + ": executing ".len()..];
        let quoted = after.strip_prefix('"')?;
        let end_quote = quoted.find('"')?;
        let function = &quoted[..end_quote];
        let after_function = quoted.get(end_quote + 1..)?;
        let after_at = after_function.strip_prefix(" at <")?;
        let end_location = after_at.find(">: ")?;
        let node = &after_at[..end_location];
        let message = &after_at[end_location + ">: ".len()..];
        return Some((
            Traceable {
                location: location.to_string(),
                executed: format!("executing \"{function}\" at <{node}>:"),
                message: cut_chained(message).to_string(),
            },
            message.to_string(),
        ));
    }
    let separator = remainder.rfind(": ")?;
    let message = &remainder[separator + 2..];
    Some((
        Traceable {
            location: remainder[..separator].to_string(),
            message: cut_chained(message).to_string(),
            ..Traceable::default()
        },
        String::new(),
    ))
}

/// The function error wrapped in an executor message `error calling <fn>: <err>`.
fn wrapped_function_error(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("error calling ")?;
    let separator = rest.find(": ")?;
    Some(&rest[separator + 2..])
}

/// Helm's rewording of a Go execution error text of the template `file`. Helm 3 only
/// rewords `required`/`fail` messages and otherwise prints Go's one-line text (in the words
/// of its older libraries, see [`helm3_wording`]).
pub fn reword_exec_error(file: &str, go_text: &str, compat: HelmCompat) -> String {
    let tokens: Vec<&str> = go_text.splitn(3, ": ").collect();
    let [_, location, rest] = tokens.as_slice() else {
        return format!("execution error in ({file}): {go_text}");
    };
    if let Some(start) = rest.find(WARN_START) {
        let after = &rest[start + WARN_START.len()..];
        if let Some(end) = after.rfind(WARN_END) {
            return format!("execution error at ({location}): {}", &after[..end]);
        }
    }
    if compat == HelmCompat::V3 {
        return helm3_wording(go_text);
    }
    let mut links: Vec<Traceable> = Vec::new();
    let mut current = go_text.to_string();
    // Each step consumes a prefix of the text, so the walk ends.
    loop {
        let Some((link, full_message)) = parse_traceable(&current) else {
            return go_text.to_string();
        };
        if links.last() != Some(&link) {
            links.push(link);
        }
        match wrapped_function_error(&full_message) {
            Some(inner) => current = inner.to_string(),
            None => break,
        }
    }
    let mut text = String::new();
    for link in &links {
        link.render(&mut text);
    }
    text.trim().to_string()
}

/// The phrase Go 1.24 extended with the two operand types.
const INCOMPATIBLE_COMPARISON: &str = "incompatible types for comparison";

/// An execution error's Go text as Helm 3.17.3 (Go 1.23, Masterminds semver 3.3) words it:
/// comparison errors name no operand types, a method called with the wrong number of
/// arguments is reported without the `error calling <method>: ` wrapper, and semver's parse
/// error is capitalised.
fn helm3_wording(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(start) = text.find(INCOMPATIBLE_COMPARISON) {
        let tail_start = start + INCOMPATIBLE_COMPARISON.len();
        let line_end = text[tail_start..]
            .find('\n')
            .map_or(text.len(), |end| tail_start + end);
        text.replace_range(tail_start..line_end, "");
    }
    if let Some(start) = text.find("error calling ") {
        let rest = &text[start + "error calling ".len()..];
        if let Some((method, message)) = rest.split_once(": ") {
            if message.starts_with(&format!("wrong number of args for {method}:")) {
                let cut = start.."error calling ".len() + start + method.len() + 2;
                text.replace_range(cut, "");
            }
        }
    }
    text.replace("invalid semantic version", "Invalid Semantic Version")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm3_keeps_go_text_without_comparison_types() {
        let go = "template: p/t.yaml:1:13: executing \"p/t.yaml\" at <.Values.a.b>: nil pointer evaluating interface {}.b";
        assert_eq!(reword_exec_error("p/t.yaml", go, HelmCompat::V3), go);
        let compare = "template: p/t.yaml:1:3: executing \"p/t.yaml\" at <eq .Values.n 1>: error calling eq: incompatible types for comparison: float64 and int";
        assert_eq!(
            reword_exec_error("p/t.yaml", compare, HelmCompat::V3),
            "template: p/t.yaml:1:3: executing \"p/t.yaml\" at <eq .Values.n 1>: error calling eq: incompatible types for comparison"
        );
        let method = "template: p/t.yaml:1:19: executing \"p/t.yaml\" at <.C.Has>: error calling Has: wrong number of args for Has: want 1 got 0";
        assert_eq!(
            reword_exec_error("p/t.yaml", method, HelmCompat::V3),
            "template: p/t.yaml:1:19: executing \"p/t.yaml\" at <.C.Has>: wrong number of args for Has: want 1 got 0"
        );
    }

    #[test]
    fn parse_errors_keep_location_and_last_part() {
        assert_eq!(
            reword_parse_error(
                "p/t.yaml",
                "template: p/t.yaml:2: function \"b\" not defined"
            ),
            "parse error at (p/t.yaml:2): function \"b\" not defined"
        );
    }

    #[test]
    fn simple_exec_errors_become_multi_line() {
        let go = "template: p/t.yaml:1:13: executing \"p/t.yaml\" at <.Values.a.b>: nil pointer evaluating interface {}.b";
        assert_eq!(
            reword_exec_error("p/t.yaml", go, HelmCompat::V4),
            "p/t.yaml:1:13\n  executing \"p/t.yaml\" at <.Values.a.b>:\n    nil pointer evaluating interface {}.b"
        );
    }

    #[test]
    fn plain_function_errors_stay_one_line() {
        let go = "template: p/t.yaml:5:6: executing \"p/t.yaml\" at <index .Values.l 3>: error calling index: index out of range: 3";
        assert_eq!(reword_exec_error("p/t.yaml", go, HelmCompat::V4), go);
    }

    #[test]
    fn missing_include_lists_both_links() {
        let go = "template: p/t.yaml:1:6: executing \"p/t.yaml\" at <include \"x\" .>: error calling include: template: no template \"x\" associated with template \"gotpl\"";
        assert_eq!(
            reword_exec_error("p/t.yaml", go, HelmCompat::V4),
            "p/t.yaml:1:6\n  executing \"p/t.yaml\" at <include \"x\" .>:\n    error calling include:\ntemplate: no template \"x\" associated with template \"gotpl\""
        );
    }

    #[test]
    fn fail_messages_surface_at_the_outer_location() {
        let go = format!(
            "template: p/t.yaml:1:6: executing \"p/t.yaml\" at <include \"f\" .>: error calling include: template: p/_h.tpl:1:18: executing \"f\" at <fail \"deep\">: error calling fail: {}",
            warn_wrap("deep failure")
        );
        assert_eq!(
            reword_exec_error("p/t.yaml", &go, HelmCompat::V4),
            "execution error at (p/t.yaml:1:6): deep failure"
        );
    }
}
