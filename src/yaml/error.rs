//! Errors of the YAML reader, worded as Helm prints them.
//!
//! Helm reads YAML through sigs.k8s.io/yaml, which prefixes go-yaml's messages with
//! `error converting YAML to JSON: ` and JSON typing failures with `error unmarshaling JSON:
//! while decoding JSON: `; Helm's values loader adds `cannot unmarshal yaml document: `. Those
//! texts reach users (and `fromYaml` returns them as data), so [`YamlError`]'s `Display` is
//! exactly that chain. go-yaml's own line numbers are reproduced where it prints them: a scanner
//! problem names its 1-based line, a parser problem the 0-based line of the offending token, and
//! nothing is printed when that number is 0. The precise [`Span`] is kept separately.

use super::node::Span;

/// A YAML text Helm would refuse, with go-yaml's wording and the source position.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum YamlError {
    /// Malformed YAML found by the scanner or parser.
    #[error("error converting YAML to JSON: yaml: {}{message}", line_prefix(*.reported_line))]
    Syntax {
        message: String,
        /// The line go-yaml prints (`yaml: line N: ...`), if it prints one.
        reported_line: Option<usize>,
        span: Span,
    },
    /// Well-formed YAML that go-yaml refuses to decode: unknown anchors, values that do not
    /// match their tag, bad merges, collections as map keys, excessive aliasing, depth.
    #[error("error converting YAML to JSON: yaml: {message}")]
    Decode { message: String, span: Span },
    /// A decoded document JSON cannot hold: null or uint64 map keys, infinities, NaN.
    #[error("error converting YAML to JSON: {message}")]
    Json { message: String, span: Span },
    /// The document's top level is not the type the caller decodes into.
    #[error("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {found} into Go value of type {target}")]
    WrongType {
        found: &'static str,
        target: &'static str,
        span: Span,
    },
    /// A `---` line followed by something other than a comment (Helm's document splitter).
    #[error("error reading yaml document: invalid Yaml document separator: {text}")]
    Separator { text: String, span: Span },
    /// A values-file document failed; Helm's loader names the stage.
    #[error("cannot unmarshal yaml document: {0}")]
    Document(Box<YamlError>),
    /// The text is larger than chartroom reads as YAML.
    #[error("error converting YAML to JSON: yaml: input of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
}

fn line_prefix(line: Option<usize>) -> String {
    match line {
        Some(line) => format!("line {line}: "),
        None => String::new(),
    }
}

/// `an array`, `a string`: a JSON type name with its article.
fn article(kind: &str) -> String {
    match kind.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

impl YamlError {
    /// Where in the source the problem is, when known.
    pub fn span(&self) -> Option<Span> {
        match self {
            YamlError::Syntax { span, .. }
            | YamlError::Decode { span, .. }
            | YamlError::Json { span, .. }
            | YamlError::WrongType { span, .. }
            | YamlError::Separator { span, .. } => Some(*span),
            YamlError::Document(inner) => inner.span(),
            YamlError::TooLarge { .. } => None,
        }
    }

    /// The problem alone, for reports that give the position themselves: without Helm's chain
    /// of prefixes and without go-yaml's `line N:`, which counts differently from [`Span`] (a
    /// parser problem names the 0-based line) and so would contradict the position shown.
    pub fn brief(&self) -> String {
        match self {
            YamlError::Syntax { message, .. }
            | YamlError::Decode { message, .. }
            | YamlError::Json { message, .. } => message.clone(),
            YamlError::WrongType { found, .. } => {
                format!("the document is {} where a map is expected", article(found))
            }
            YamlError::Separator { text, .. } => {
                format!("invalid document separator: {text}")
            }
            YamlError::Document(inner) => inner.brief(),
            YamlError::TooLarge { size, limit } => {
                format!("input of {size} bytes exceeds the limit of {limit} bytes")
            }
        }
    }

    /// 1-based line of the problem, when known.
    pub fn line(&self) -> Option<usize> {
        self.span().map(|span| span.line)
    }

    /// 1-based column of the problem, when known.
    pub fn column(&self) -> Option<usize> {
        self.span().map(|span| span.column)
    }

    /// The error with its position moved down by `lines` (for documents cut out of a file).
    pub(crate) fn shifted(self, lines: usize) -> YamlError {
        self.with_spans(&|span| Span {
            line: span.line + lines,
            column: span.column,
        })
    }

    /// The error with every position it carries (also inside a wrapped document error)
    /// rewritten by `change`.
    pub(crate) fn with_spans(self, change: &dyn Fn(Span) -> Span) -> YamlError {
        match self {
            YamlError::Syntax {
                message,
                reported_line,
                span,
            } => YamlError::Syntax {
                message,
                reported_line,
                span: change(span),
            },
            YamlError::Decode { message, span } => YamlError::Decode {
                message,
                span: change(span),
            },
            YamlError::Json { message, span } => YamlError::Json {
                message,
                span: change(span),
            },
            YamlError::WrongType {
                found,
                target,
                span,
            } => YamlError::WrongType {
                found,
                target,
                span: change(span),
            },
            YamlError::Separator { text, span } => YamlError::Separator {
                text,
                span: change(span),
            },
            YamlError::Document(inner) => YamlError::Document(Box::new(inner.with_spans(change))),
            other @ YamlError::TooLarge { .. } => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_helm() {
        let error = YamlError::Syntax {
            message: "did not find expected ',' or ']'".into(),
            reported_line: Some(1),
            span: Span { line: 2, column: 1 },
        };
        assert_eq!(
            error.to_string(),
            "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"
        );
        let wrapped = YamlError::Document(Box::new(YamlError::WrongType {
            found: "array",
            target: "map[string]interface {}",
            span: Span { line: 1, column: 1 },
        }));
        assert_eq!(
            wrapped.to_string(),
            "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"
        );
        assert_eq!(
            wrapped.brief(),
            "the document is an array where a map is expected"
        );
        assert_eq!(error.brief(), "did not find expected ',' or ']'");
        assert_eq!(wrapped.shifted(3).line(), Some(4));
    }
}
