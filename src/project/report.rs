//! Diagnostics laid out for people, the one way every command prints a project's problems.
//!
//! The layout follows compilers' diagnostics, so the place and the reason read the same
//! whichever command found them:
//!
//! ```text
//! error: unknown property "namespce" (not allowed by the schema)
//!  --> profiles/prod.yaml:11:1
//!    |
//! 11 | namespce: x
//!    | ^^^^^^^^
//!    = at: namespce
//!    = help: did you mean `namespace`?
//! ```
//!
//! The source line comes from a [`SourceLookup`] (the project's files as they are on disk);
//! without one, or for a place that is not a line of a readable file, the excerpt is left out.
//! `= at:` is the key path of the offending value in the checked document, `= expected:` what
//! the check wanted, `= help:` a likely fix. Colour, when asked for, uses ANSI escapes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use super::source::Diagnostic;
use crate::yaml::spans::path_segments;

/// How serious a diagnostic is: an error fails the command, a note only informs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Note,
}

impl Level {
    fn label(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Note => "note",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Level::Error => RED,
            Level::Note => CYAN,
        }
    }
}

const RED: &str = "\x1b[1;31m";
const CYAN: &str = "\x1b[1;36m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Where the layout finds the text of a line a diagnostic points at.
pub trait SourceLookup {
    /// Line `line` (1-based) of the file diagnostics name `file`, without its line break.
    fn line(&self, file: &str, line: usize) -> Option<String>;
}

/// No source text: diagnostics are laid out without excerpts.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSources;

impl SourceLookup for NoSources {
    fn line(&self, _file: &str, _line: usize) -> Option<String> {
        None
    }
}

/// The files of a project on disk: a name is read relative to the project root, or as given
/// (a `-f` file named relative to the working directory) when the root has no such file. Each
/// file is read once.
#[derive(Debug)]
pub struct ProjectSources {
    root: PathBuf,
    files: Mutex<HashMap<String, Option<Arc<Vec<String>>>>>,
}

impl ProjectSources {
    pub fn new(root: impl Into<PathBuf>) -> ProjectSources {
        ProjectSources {
            root: root.into(),
            files: Mutex::default(),
        }
    }

    fn read(&self, file: &str) -> Option<Arc<Vec<String>>> {
        // Command-line flags (`--set`) stand in for files in some locations.
        if file.starts_with('-') {
            return None;
        }
        let inside = self.root.join(file);
        let path = if inside.is_file() {
            inside
        } else {
            PathBuf::from(file)
        };
        let text = crate::input::read_to_string(&path).ok()?;
        Some(Arc::new(text.lines().map(str::to_string).collect()))
    }
}

impl SourceLookup for ProjectSources {
    fn line(&self, file: &str, line: usize) -> Option<String> {
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        let lines = files
            .entry(file.to_string())
            .or_insert_with(|| self.read(file))
            .clone()?;
        lines.get(line.checked_sub(1)?).cloned()
    }
}

/// Lays out one diagnostic, ending in a line break.
pub fn render(
    diagnostic: &Diagnostic,
    level: Level,
    sources: &dyn SourceLookup,
    colour: bool,
) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let mut out = format!(
        "{}{}\n",
        paint(level.colour(), level.label()),
        paint(BOLD, &format!(": {}", diagnostic.message))
    );
    let location = diagnostic.location.as_ref();
    let line_number = location
        .filter(|location| location.has_position())
        .map(|location| location.line.to_string())
        .unwrap_or_default();
    let gutter = " ".repeat(line_number.len().max(1));
    if let Some(location) = location {
        out.push_str(&format!("{gutter}{} {location}\n", paint(BLUE, "-->")));
        let excerpt = location
            .has_position()
            .then(|| sources.line(&location.file, location.line))
            .flatten();
        if let Some(text) = excerpt {
            let bar = paint(BLUE, "|");
            let (indent, width) = underline(&text, location.column);
            out.push_str(&format!("{gutter} {bar}\n"));
            out.push_str(&format!("{} {bar} {text}\n", paint(BLUE, &line_number)));
            let carets = paint(level.colour(), &"^".repeat(width));
            out.push_str(&format!("{gutter} {bar} {indent}{carets}\n"));
        }
    }
    let mut notes = Vec::new();
    if let Some(path) = key_path(&diagnostic.path) {
        notes.push(("at", path));
    }
    if let Some(expected) = diagnostic.expected() {
        notes.push(("expected", expected.to_string()));
    }
    if let Some(help) = diagnostic.help() {
        notes.push(("help", help.to_string()));
    }
    for (label, text) in notes {
        out.push_str(&format!(
            "{gutter} {} {}\n",
            paint(BLUE, "="),
            paint(BOLD, &format!("{label}:")) + " " + &text
        ));
    }
    out
}

/// Lays out every diagnostic, one blank line between them.
pub fn render_all(diagnostics: &[Diagnostic], sources: &dyn SourceLookup, colour: bool) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| render(diagnostic, Level::Error, sources, colour))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `3 problems found`, the line that ends a report.
pub fn summary(count: usize) -> String {
    format!("{count} problem{} found", if count == 1 { "" } else { "s" })
}

/// What goes before the carets (the line's own tabs kept, so they line up) and how many carets:
/// the whole word that starts at `column` (a key, a number, a quoted string), else one.
fn underline(text: &str, column: usize) -> (String, usize) {
    let characters: Vec<char> = text.chars().collect();
    let start = column.max(1) - 1;
    let indent: String = characters
        .iter()
        .take(start)
        .map(|&character| if character == '\t' { '\t' } else { ' ' })
        .collect();
    let padding = start.saturating_sub(characters.len());
    let indent = indent + &" ".repeat(padding);
    let word = |character: &char| {
        character.is_alphanumeric() || matches!(character, '_' | '-' | '.' | '/' | '$')
    };
    let width = match characters.get(start) {
        Some(quote @ ('"' | '\'')) => characters
            .iter()
            .skip(start + 1)
            .position(|character| character == quote)
            .map_or(1, |end| end + 2),
        Some(first) if word(first) => characters
            .iter()
            .skip(start)
            .take_while(|character| word(character))
            .count(),
        _ => 1,
    };
    (indent, width)
}

/// A JSON pointer as a key path people read: `spec.containers[0].image`; keys that are not
/// plain words are quoted (`annotations["app.kubernetes.io/name"]`). `None` for the root.
pub fn key_path(pointer: &str) -> Option<String> {
    let segments = path_segments(pointer);
    if segments.iter().all(String::is_empty) {
        return None;
    }
    let mut out = String::new();
    for segment in segments {
        let plain = !segment.is_empty()
            && segment
                .chars()
                .all(|character| character.is_alphanumeric() || matches!(character, '_' | '-'));
        if !segment.is_empty() && segment.chars().all(|character| character.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else if plain {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        } else {
            out.push_str(&format!("[{segment:?}]"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::source::Location;

    struct Lines(&'static str);

    impl SourceLookup for Lines {
        fn line(&self, _file: &str, line: usize) -> Option<String> {
            self.0.lines().nth(line - 1).map(str::to_string)
        }
    }

    #[test]
    fn a_placed_diagnostic_shows_its_line_and_notes() {
        let diagnostic = Diagnostic::new(
            Location::new("profiles/prod.yaml", 11, 1),
            "/namespce",
            "unknown property \"namespce\"",
        )
        .suggesting("namespce", ["namespace", "components"]);
        let text = "\n".repeat(10) + "namespce: x\n";
        let sources = Lines(Box::leak(text.into_boxed_str()));
        let expected = [
            "error: unknown property \"namespce\"",
            "  --> profiles/prod.yaml:11:1",
            "   |",
            "11 | namespce: x",
            "   | ^^^^^^^^",
            "   = at: namespce",
            "   = help: did you mean `namespace`?",
            "",
        ];
        assert_eq!(
            render(&diagnostic, Level::Error, &sources, false),
            expected.join("\n")
        );
    }

    #[test]
    fn unplaced_and_whole_file_diagnostics_have_no_excerpt() {
        let unplaced = Diagnostic::unplaced("unknown profile \"prd\"")
            .with_expected("one of: dev, prod")
            .suggesting("prd", ["dev", "prod"]);
        assert_eq!(
            render(&unplaced, Level::Error, &NoSources, false),
            "error: unknown profile \"prd\"\n  = expected: one of: dev, prod\n  = help: did you mean `prod`?\n"
        );
        let chart = Diagnostic::new(Location::whole_file("charts/x.tgz"), "", "broken");
        assert_eq!(
            render(&chart, Level::Note, &Lines("a: 1"), false),
            "note: broken\n --> charts/x.tgz\n"
        );
    }

    #[test]
    fn colour_wraps_labels_in_escapes() {
        let diagnostic = Diagnostic::new(Location::new("a.yaml", 1, 4), "/a", "bad");
        let plain = render(&diagnostic, Level::Error, &Lines("a: \"x y\""), false);
        assert!(plain.contains("1 | a: \"x y\"\n  |    ^^^^^\n"), "{plain}");
        let coloured = render(&diagnostic, Level::Error, &Lines("a: 1"), true);
        assert!(
            coloured.starts_with("\x1b[1;31merror\x1b[0m"),
            "{coloured:?}"
        );
    }

    #[test]
    fn pointers_read_as_key_paths() {
        assert_eq!(key_path("/"), None);
        assert_eq!(key_path(""), None);
        assert_eq!(
            key_path("/spec/containers/0/image").as_deref(),
            Some("spec.containers[0].image")
        );
        assert_eq!(
            key_path("/metadata/annotations/app.kubernetes.io~1name").as_deref(),
            Some("metadata.annotations[\"app.kubernetes.io/name\"]")
        );
        assert_eq!(key_path("/api-gateway/x").as_deref(), Some("api-gateway.x"));
    }
}
