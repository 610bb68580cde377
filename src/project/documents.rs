//! Rendered streams cut into Kubernetes objects: document splitting, parsing (the "rendered
//! output parses" check), and the deterministic file names `--output-dir` uses.

use std::collections::BTreeMap;

use super::source::{Diagnostic, Location};
use crate::value::Value;

/// One object of a rendered stream.
#[derive(Debug, Clone)]
pub struct RenderedObject {
    /// The `# Source:` path of the document, when it has one.
    pub source: Option<String>,
    /// The document text (including its `# Source:` comment).
    pub text: String,
    /// The parsed object.
    pub value: Value,
    /// `<kind>-<name>.yaml`, unique within its component.
    pub file_name: String,
}

impl RenderedObject {
    pub fn kind(&self) -> String {
        text_at(&self.value, &["kind"])
    }

    pub fn name(&self) -> String {
        text_at(&self.value, &["metadata", "name"])
    }
}

/// The string at `path` (map keys) inside `value`, or "" when any step is missing.
pub(super) fn text_at(value: &Value, path: &[&str]) -> String {
    let mut current = value.clone();
    for key in path {
        current = match current.as_map().and_then(|map| map.get(key)) {
            Some(next) => next,
            None => return String::new(),
        };
    }
    current.as_str().map(str::to_string).unwrap_or_default()
}

/// The first key written twice in one mapping of a document, with its line in the document.
/// YAML readers that keep the last value (Helm's, ours) accept it; the API machinery's reader
/// behind `kubectl apply` refuses the whole document.
fn repeated_key(document: &str) -> Option<(String, usize)> {
    use crate::yaml::node::{Node, NodeKind};
    // The reader expands merge keys (`<<: *base`) into the mapping, where an override then
    // repeats a merged key legitimately: such documents are not judged.
    if document.contains("<<") {
        return None;
    }
    let nodes = crate::yaml::parse_documents(document).ok()?;
    let mut pending: Vec<&Node> = nodes.iter().collect();
    while let Some(node) = pending.pop() {
        match &node.kind {
            NodeKind::Mapping(pairs) => {
                let mut seen = std::collections::BTreeSet::new();
                for (key, value) in pairs.iter() {
                    if let NodeKind::Scalar { text, .. } = &key.kind {
                        if !key.is_alias && text.as_ref() != "<<" && !seen.insert(text.to_string())
                        {
                            return Some((text.to_string(), key.span.line));
                        }
                    }
                    pending.push(value);
                }
            }
            NodeKind::Sequence(items) => pending.extend(items.iter()),
            NodeKind::Scalar { .. } => {}
        }
    }
    None
}

/// Cuts a stream at `---` lines (a comment may follow the dashes).
pub fn split_documents(text: &str) -> Vec<String> {
    let mut documents = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_separator = bare
            .strip_prefix("---")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'));
        if is_separator {
            documents.push(std::mem::take(&mut current));
            continue;
        }
        current.push_str(line);
    }
    documents.push(current);
    documents.retain(|document| !document.is_empty());
    documents
}

/// Whether a document holds nothing but blank lines and comments.
pub fn is_blank_document(document: &str) -> bool {
    document.lines().all(|line| {
        let trimmed = line.trim();
        trimmed.is_empty() || trimmed.starts_with('#')
    })
}

/// The objects of a rendered stream, each parsed; a document that is not a YAML map, or has
/// no `kind`, is a diagnostic at `label` (the stream's origin) and its line in the stream.
pub fn parse_objects(text: &str, label: &str) -> Result<Vec<RenderedObject>, Vec<Diagnostic>> {
    let mut objects = Vec::new();
    let mut diagnostics = Vec::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for document in split_documents_with_lines(text) {
        let (start, document) = document;
        if is_blank_document(&document) {
            continue;
        }
        let source = document
            .lines()
            .find_map(|line| line.strip_prefix("# Source: ").map(str::to_string));
        let shown = source.clone().unwrap_or_else(|| label.to_string());
        let value = match crate::yaml::parse_value_any(&document) {
            Ok(value) => value,
            Err(error) => {
                let line = start
                    + error
                        .span()
                        .map(|span| span.line.saturating_sub(1))
                        .unwrap_or(0);
                diagnostics.push(Diagnostic::new(
                    Location::new(format!("{label} ({shown})"), line, 1),
                    "",
                    format!("rendered output is not valid YAML: {error}"),
                ));
                continue;
            }
        };
        if value.as_map().is_none() {
            diagnostics.push(Diagnostic::new(
                Location::new(format!("{label} ({shown})"), start, 1),
                "",
                "rendered document is not a map",
            ));
            continue;
        }
        if let Some((key, line)) = repeated_key(&document) {
            diagnostics.push(Diagnostic::new(
                Location::new(format!("{label} ({shown})"), start + line.saturating_sub(1), 1),
                "",
                format!(
                    "rendered document sets the key {key:?} twice in one map: `kubectl apply` rejects it"
                ),
            ));
            continue;
        }
        let base = format!(
            "{}-{}",
            sanitize(&text_at(&value, &["kind"])),
            sanitize(&text_at(&value, &["metadata", "name"]))
        );
        let count = used.entry(base.clone()).or_insert(0);
        *count += 1;
        let file_name = if *count == 1 {
            format!("{base}.yaml")
        } else {
            format!("{base}-{count}.yaml")
        };
        objects.push(RenderedObject {
            source,
            text: document,
            value,
            file_name,
        });
    }
    if diagnostics.is_empty() {
        Ok(objects)
    } else {
        Err(diagnostics)
    }
}

/// Documents with the 1-based line of the stream where each starts.
fn split_documents_with_lines(text: &str) -> Vec<(usize, String)> {
    let mut documents = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_separator = bare
            .strip_prefix("---")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'));
        if is_separator {
            documents.push((start, std::mem::take(&mut current)));
            start = index + 2;
            continue;
        }
        current.push_str(line);
    }
    documents.push((start, current));
    documents
}

/// A file-name-safe form: lower case, `[a-z0-9.-]` kept, everything else `_`; never empty,
/// never a dot-only name (so it cannot climb out of its directory).
pub fn sanitize(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|character| {
            let lower = character.to_ascii_lowercase();
            if lower.is_ascii_lowercase() || lower.is_ascii_digit() || lower == '-' || lower == '.'
            {
                lower
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() || cleaned.chars().all(|character| character == '.') {
        "unnamed".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_get_unique_safe_names() {
        let stream = "---\n# Source: a/t.yaml\nkind: Service\nmetadata:\n  name: web\n---\n# Source: a/u.yaml\nkind: Service\nmetadata:\n  name: web\n---\nkind: ConfigMap\nmetadata:\n  name: ../../etc\n---\n# only a comment\n";
        let objects = parse_objects(stream, "x").unwrap();
        let names: Vec<&str> = objects
            .iter()
            .map(|object| object.file_name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "service-web.yaml",
                "service-web-2.yaml",
                "configmap-.._.._etc.yaml"
            ]
        );
        assert_eq!(objects[0].source.as_deref(), Some("a/t.yaml"));
        assert_eq!(sanitize(".."), "unnamed");
    }

    #[test]
    fn broken_documents_are_reported_with_their_line() {
        let stream = "---\nkind: A\n---\nkind: [\n";
        let problems = parse_objects(stream, "comp").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            (4..=5).contains(&problems[0].location.as_ref().unwrap().line),
            "{problems:?}"
        );
    }
}
