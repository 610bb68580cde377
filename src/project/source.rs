//! Project YAML files read with their source positions, and the diagnostics that point into them.
//!
//! `chartroom.yaml`, profiles and values files are read like Helm values files (go-yaml v2
//! typing through [`crate::yaml`]), keeping a [`SpanIndex`] so any JSON path inside the file
//! can be turned back into `file:line:col`. A [`Diagnostic`] is one problem at one place; every
//! check of a project reports a list of them rather than stopping at the first, and
//! [`super::report`] lays them out for the terminal. Problems found in a profile's render also
//! carry their [`Context`] (profile, component, object, rule) in parts, for machine-readable
//! reports (`validate -o json`).

use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::ObjectName;
use crate::value::Value;
use crate::yaml::spans::path_segments;
use crate::yaml::{parse_values_with_spans, SpanIndex};

/// A place in a project file: the path as shown to users (relative to the project root when
/// possible), 1-based line and column. Line and column 0 stand for the file as a whole, when a
/// problem belongs to a file but to no line of it (a chart that does not load, an object a
/// template rendered).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Location {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    /// The start of a file (line 1, column 1).
    pub fn file_start(file: impl Into<String>) -> Location {
        Location::new(file, 1, 1)
    }

    /// A file without a position inside it.
    pub fn whole_file(file: impl Into<String>) -> Location {
        Location::new(file, 0, 0)
    }

    /// Whether the location names a line (and column) rather than the whole file.
    pub fn has_position(&self) -> bool {
        self.line > 0
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_position() {
            write!(f, "{}:{}:{}", self.file, self.line, self.column.max(1))
        } else {
            f.write_str(&self.file)
        }
    }
}

/// One problem found in a project: what, where it was written, at which key path of the
/// checked document, and, when known, what was expected there and a likely fix.
///
/// Two diagnostics are the same problem when they read the same (place, path, message): the
/// rest only describes a problem, so sorting and removing duplicates ignore it and a report
/// lists exactly the problems the text output prints.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Where the problem was written; `None` when it comes from no file (a profile name given
    /// on the command line that does not exist).
    pub location: Option<Location>,
    /// JSON pointer of the offending value in the document that was checked (`/` for the root).
    pub path: String,
    /// The message as printed, including what the context says in words.
    pub message: String,
    /// What was expected, a likely fix and what the problem is about, in parts; `None` when
    /// nothing is known beyond the message (boxed: results carrying a diagnostic stay small).
    pub context: Option<Box<Context>>,
}

/// What a problem is about beyond its place, for reports that want fields rather than a line.
/// Each part is known or `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// What would have been accepted (`integer`, `one of: a, b`), when the check says.
    pub expected: Option<String>,
    /// A likely fix, such as the known name closest to a misspelt one.
    pub help: Option<String>,
    /// The profile whose check found it (with several profiles sharing a problem, the first).
    pub profile: Option<String>,
    /// The component whose values, render or objects it concerns.
    pub component: Option<String>,
    /// The rendered object it concerns.
    pub object: Option<ObjectName>,
    /// The reference rule that found it (`secret-exists`, ...).
    pub rule: Option<String>,
    /// The message without the object, profile, component and rule the printed message adds.
    pub detail: Option<String>,
}

impl PartialEq for Diagnostic {
    fn eq(&self, other: &Diagnostic) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Diagnostic {}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Diagnostic) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Diagnostic {
    fn cmp(&self, other: &Diagnostic) -> Ordering {
        (&self.location, &self.path, &self.message).cmp(&(
            &other.location,
            &other.path,
            &other.message,
        ))
    }
}

impl Diagnostic {
    pub fn new(
        location: Location,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let path = path.into();
        let path = if path.is_empty() {
            "/".to_string()
        } else {
            path
        };
        Diagnostic {
            location: Some(location),
            path,
            message: message.into(),
            context: None,
        }
    }

    /// A problem with no place in any file.
    pub fn unplaced(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: None,
            path: "/".to_string(),
            message: message.into(),
            context: None,
        }
    }

    /// The diagnostic saying what was expected.
    pub fn with_expected(mut self, expected: impl Into<String>) -> Diagnostic {
        self.context_mut().expected = Some(expected.into());
        self
    }

    /// The diagnostic with a hint; `None` leaves it as it is.
    pub fn with_help(mut self, help: Option<String>) -> Diagnostic {
        if let Some(help) = help {
            self.context_mut().help = Some(help);
        }
        self
    }

    /// The diagnostic suggesting the name among `known` closest to `given`, when one is close.
    pub fn suggesting<'a>(
        self,
        given: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        let help =
            super::suggest::closest(given, known).map(|name| format!("did you mean `{name}`?"));
        self.with_help(help)
    }

    /// This diagnostic with its context (what was expected and the hint are kept).
    pub fn with_context(mut self, mut context: Context) -> Diagnostic {
        if let Some(known) = self.context.take() {
            context.expected = context.expected.or(known.expected);
            context.help = context.help.or(known.help);
        }
        self.context = Some(Box::new(context));
        self
    }

    /// What would have been accepted, when the check says.
    pub fn expected(&self) -> Option<&str> {
        self.context.as_ref()?.expected.as_deref()
    }

    /// A likely fix, when one is known.
    pub fn help(&self) -> Option<&str> {
        self.context.as_ref()?.help.as_deref()
    }

    /// The context, created empty when there is none yet, to fill in.
    pub fn context_mut(&mut self) -> &mut Context {
        self.context.get_or_insert_with(Default::default)
    }

    /// Records the profile and component a problem came up in, where not known already.
    pub fn in_component(mut self, profile: &str, component: &str) -> Diagnostic {
        let context = self.context_mut();
        context.profile.get_or_insert_with(|| profile.to_string());
        context
            .component
            .get_or_insert_with(|| component.to_string());
        self
    }

    /// The message without the parts the context holds (the printed message when the
    /// context has no detail).
    pub fn detail(&self) -> &str {
        self.context
            .as_ref()
            .and_then(|context| context.detail.as_deref())
            .unwrap_or(&self.message)
    }
}

/// The layout of [`super::report`], without colour or source lines.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = super::report::render(
            self,
            super::report::Level::Error,
            &super::report::NoSources,
            false,
        );
        f.write_str(text.trim_end())
    }
}

/// A list of diagnostics as one error (what `validate` and a failed load report).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", render_list(.0))]
pub struct Diagnostics(pub Vec<Diagnostic>);

fn render_list(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(Diagnostic::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Sorts diagnostics by place and drops repeats: several profiles, components or commands
/// that meet the same problem report it once.
pub fn settle(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort();
    diagnostics.dedup();
}

/// A YAML file of the project, parsed, with the position of every value.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in diagnostics.
    pub display: String,
    /// The path on disk.
    pub path: PathBuf,
    pub value: Value,
    pub spans: Arc<SpanIndex>,
}

impl SourceFile {
    /// Reads and parses `path`; `display` is how diagnostics name it. A read or YAML error is a
    /// diagnostic at the position the parser reports.
    pub fn load(path: &Path, display: impl Into<String>) -> Result<SourceFile, Diagnostic> {
        let display = display.into();
        let text = crate::input::read_to_string(path).map_err(|error| {
            Diagnostic::new(
                Location::whole_file(&display),
                "",
                format!("cannot read file: {error}"),
            )
        })?;
        SourceFile::parse(&text, path, display)
    }

    /// Parses `text` as the content of `path`.
    pub fn parse(
        text: &str,
        path: &Path,
        display: impl Into<String>,
    ) -> Result<SourceFile, Diagnostic> {
        let display = display.into();
        match parse_values_with_spans(text) {
            Ok((value, spans)) => Ok(SourceFile {
                display,
                path: path.to_path_buf(),
                value,
                spans: Arc::new(spans),
            }),
            Err(error) => {
                let location = match error.span() {
                    Some(span) => Location::new(&display, span.line.max(1), span.column.max(1)),
                    None => Location::whole_file(&display),
                };
                Err(Diagnostic::new(
                    location,
                    "",
                    format!("invalid YAML: {}", error.brief()),
                ))
            }
        }
    }

    /// Where the value at `pointer` was written: its key when it has one, otherwise the value;
    /// for a path the file does not hold, the nearest ancestor that it does.
    pub fn locate(&self, pointer: &str) -> Location {
        locate_in(&self.display, &self.spans, pointer)
    }

    /// The value at a JSON pointer, if present.
    pub fn get(&self, pointer: &str) -> Option<Value> {
        value_at(&self.value, pointer)
    }
}

/// [`SourceFile::locate`] over a bare span index.
pub fn locate_in(display: &str, spans: &SpanIndex, pointer: &str) -> Location {
    let mut current = pointer.to_string();
    loop {
        if let Some(span) = spans.key_or_value(&current) {
            return Location::new(display, span.line, span.column);
        }
        match current.rfind('/') {
            Some(slash) => current.truncate(slash),
            None => return Location::file_start(display),
        }
    }
}

/// The value at a JSON pointer inside `root` (map keys and list indexes).
pub fn value_at(root: &Value, pointer: &str) -> Option<Value> {
    let mut current = root.clone();
    for segment in path_segments(pointer) {
        let next = match &current {
            Value::Map(map) => map.get(&segment),
            Value::List(items) => segment
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index).cloned()),
            _ => None,
        };
        current = next?;
    }
    Some(current)
}

/// How a path on disk is shown: relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_falls_back_to_ancestors() {
        let text = "a:\n  b: 1\n  c:\n    - x\n";
        let file = SourceFile::parse(text, Path::new("f.yaml"), "f.yaml").unwrap();
        assert_eq!(file.locate("/a/b"), Location::new("f.yaml", 2, 3));
        assert_eq!(file.locate("/a/c/0"), Location::new("f.yaml", 4, 7));
        assert_eq!(
            file.locate("/a/missing/deep"),
            Location::new("f.yaml", 1, 1)
        );
        assert_eq!(file.get("/a/c/0"), Some(Value::from("x")));
    }

    #[test]
    fn yaml_errors_become_positioned_diagnostics() {
        let text = "a:\n  b: {c: 1\n  d: 2\n";
        let error = SourceFile::parse(text, Path::new("f.yaml"), "f.yaml").unwrap_err();
        let location = error.location.clone().unwrap();
        assert_eq!(location.file, "f.yaml");
        assert!(location.line >= 2, "{error:?}");
        assert_eq!(error.path, "/");
        assert!(error.message.starts_with("invalid YAML: "), "{error:?}");
        // go-yaml's own line count (which differs from the position) is left out.
        assert!(!error.message.contains("line "), "{error:?}");
    }

    #[test]
    fn whole_files_print_without_a_position() {
        assert_eq!(Location::whole_file("c.tgz").to_string(), "c.tgz");
        assert_eq!(Location::new("p.yaml", 3, 5).to_string(), "p.yaml:3:5");
    }
}
