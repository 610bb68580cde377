//! What `helm template` prints (or writes under `--output-dir`) from the rendered files.
//!
//! The steps follow Helm: the rendered files (partials and NOTES already gone) are taken in
//! byte order of their paths, split into documents, and each document is read as YAML and
//! classified as a manifest or a hook; a document that does not read fails the whole render
//! ("YAML parse error on <path>: ..."). The release manifest is then the CRDs of `crds/`
//! directories (only with `--include-crds`, unrendered, parent before subcharts) followed by
//! the kind-sorted manifests, each as `---\n# Source: <path>\n<document>\n`. `helm template`
//! prints that text trimmed plus one newline (so an empty render prints a single newline),
//! then the kind-sorted hooks in the same form. `--show-only` re-splits this whole text and
//! prints the documents whose `# Source:` path (without the chart name) matches each pattern,
//! pattern by pattern. `--output-dir` writes each document to `<dir>/<path>` instead,
//! appending when a file was already written, and reports each write on stdout.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;

use super::manifest::{
    classify, parse_head, split_manifests, Classified, Hook, Manifest, SimpleHead,
};
use super::sort::{sort_hooks, sort_manifests};
use super::EngineError;
use crate::chart::glob::glob_match;
use crate::chart::HelmCompat;

/// Below this much rendered YAML, reading heads on one thread beats waking the thread pool.
const PARALLEL_HEADS_BYTES: usize = 64 * 1024;

/// The choices `helm template` offers over its output.
#[derive(Debug, Clone, Default)]
pub struct OutputOptions {
    /// `--include-crds`: print the files of `crds/` first.
    pub include_crds: bool,
    /// `--no-hooks`: leave hooks out.
    pub disable_hooks: bool,
    /// `--skip-tests`: leave `test` hooks out.
    pub skip_tests: bool,
    /// `--show-only` patterns, in flag order.
    pub show_only: Vec<String>,
    /// `--output-dir`.
    pub output_dir: Option<PathBuf>,
    /// `--release-name`: write manifests and hooks under `<output-dir>/<release name>`.
    pub use_release_name: bool,
    pub release_name: String,
}

/// A raw file of a chart's `crds/` directory.
#[derive(Debug, Clone, PartialEq)]
pub struct CrdFile {
    /// The path printed in `# Source:`, e.g. `probe/charts/sub/crds/c.yaml`.
    pub path: String,
    pub content: String,
}

/// The rendered files split into sorted manifests and hooks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sorted {
    pub manifests: Vec<Manifest>,
    pub hooks: Vec<Hook>,
}

/// A failed sort: the error and the hooks found before it (Helm still prints those with
/// `--debug`).
#[derive(Debug)]
pub struct SortFailure {
    pub error: EngineError,
    pub hooks_so_far: Vec<Hook>,
}

/// Splits, reads and sorts every rendered file as Helm's manifest sorter does.
///
/// Reading the documents' heads (a full YAML parse of each document) is independent per
/// document, so it runs on all cores first; the documents are then taken in order, so the
/// first unreadable one fails the sort with the hooks found before it, as in Helm.
pub fn sort_rendered(files: &BTreeMap<String, String>) -> Result<Sorted, SortFailure> {
    sort_rendered_for(files, HelmCompat::V4)
}

/// [`sort_rendered`] in the given Helm release's install order.
pub fn sort_rendered_for(
    files: &BTreeMap<String, String>,
    compat: HelmCompat,
) -> Result<Sorted, SortFailure> {
    use rayon::prelude::*;
    let mut documents: Vec<(&String, String)> = Vec::new();
    for (path, content) in files {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || content.trim().is_empty() {
            continue;
        }
        for document in split_manifests(content) {
            documents.push((path, document));
        }
    }
    let total: usize = documents.iter().map(|(_, document)| document.len()).sum();
    let heads: Vec<Result<SimpleHead, String>> = if total < PARALLEL_HEADS_BYTES {
        documents
            .iter()
            .map(|(_, document)| parse_head(document))
            .collect()
    } else {
        documents
            .par_iter()
            .with_max_len(1)
            .map(|(_, document)| parse_head(document))
            .collect()
    };
    let mut sorted = Sorted::default();
    for ((path, document), head) in documents.into_iter().zip(heads) {
        let head = match head {
            Ok(head) => head,
            Err(message) => {
                // Helm 3 kept its manifest head type in package `releaseutil`.
                let message = match compat {
                    HelmCompat::V3 => {
                        message.replace(" util.SimpleHead", " releaseutil.SimpleHead")
                    }
                    HelmCompat::V4 => message,
                };
                return Err(SortFailure {
                    error: EngineError::YamlParse {
                        path: path.clone(),
                        message,
                    },
                    hooks_so_far: sorted.hooks,
                });
            }
        };
        match classify(path, document, head) {
            Classified::Manifest(manifest) => sorted.manifests.push(manifest),
            Classified::Hook(hook) => sorted.hooks.push(hook),
            Classified::UnknownHook => {}
        }
    }
    sort_manifests(&mut sorted.manifests, compat);
    sort_hooks(&mut sorted.hooks, compat);
    Ok(sorted)
}

/// The raw text Helm puts in the release when sorting failed: every non-blank rendered file
/// under its `# Source:` header (Helm takes them in map order; byte order here).
pub fn raw_release_text(files: &BTreeMap<String, String>) -> String {
    let mut text = String::new();
    for (path, content) in files {
        if content.trim().is_empty() {
            continue;
        }
        push_document(&mut text, path, content);
    }
    text
}

fn push_document(text: &mut String, path: &str, content: &str) {
    text.push_str("---\n# Source: ");
    text.push_str(path);
    text.push('\n');
    text.push_str(content);
    text.push('\n');
}

/// Writes files under `--output-dir` the way Helm does and reports each write on `out`.
struct DirectoryWriter<'a, W: Write> {
    out: &'a mut W,
}

impl<W: Write> DirectoryWriter<'_, W> {
    fn write(
        &mut self,
        directory: &Path,
        name: &str,
        content: &str,
        append: bool,
    ) -> Result<(), EngineError> {
        let file_name = format!("{}/{}", directory.display(), name);
        let target = PathBuf::from(&file_name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| EngineError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let mut text = String::new();
        push_document(&mut text, name, content);
        let result = if append {
            std::fs::OpenOptions::new()
                .append(true)
                .open(&target)
                .and_then(|mut file| file.write_all(text.as_bytes()))
        } else {
            std::fs::write(&target, text.as_bytes())
        };
        result.map_err(|source| EngineError::Io {
            path: target.clone(),
            source,
        })?;
        writeln!(self.out, "wrote {file_name}").map_err(|source| EngineError::Io {
            path: "<stdout>".into(),
            source,
        })?;
        Ok(())
    }
}

/// The release manifest text (CRDs and manifests, no hooks); with `--output-dir` the
/// documents are written to files instead and the text stays empty.
pub fn release_text<W: Write>(
    sorted: &Sorted,
    crds: &[CrdFile],
    options: &OutputOptions,
    out: &mut W,
) -> Result<String, EngineError> {
    let mut text = String::new();
    let mut written: HashSet<String> = HashSet::new();
    let mut writer = DirectoryWriter { out };
    if options.include_crds {
        for crd in crds {
            match &options.output_dir {
                None => push_document(&mut text, &crd.path, &crd.content),
                Some(directory) => {
                    let append = written.contains(&crd.path);
                    writer.write(directory, &crd.path, &crd.content, append)?;
                    written.insert(crd.path.clone());
                }
            }
        }
    }
    for manifest in &sorted.manifests {
        match &options.output_dir {
            None => push_document(&mut text, &manifest.path, &manifest.content),
            Some(directory) => {
                let directory = release_directory(directory, options);
                let append = written.contains(&manifest.path);
                writer.write(&directory, &manifest.path, &manifest.content, append)?;
                written.insert(manifest.path.clone());
            }
        }
    }
    Ok(text)
}

fn release_directory(directory: &Path, options: &OutputOptions) -> PathBuf {
    if options.use_release_name {
        directory.join(&options.release_name)
    } else {
        directory.to_path_buf()
    }
}

/// What `helm template` writes to stdout given the release text and the hooks.
pub fn template_text<W: Write>(
    release: &str,
    hooks: &[Hook],
    options: &OutputOptions,
    out: &mut W,
) -> Result<String, EngineError> {
    let mut text = String::new();
    text.push_str(release.trim());
    text.push('\n');
    if !options.disable_hooks {
        let mut writer = DirectoryWriter { out };
        for hook in hooks {
            if options.skip_tests && hook.is_test() {
                continue;
            }
            match &options.output_dir {
                None => push_document(&mut text, &hook.manifest.path, &hook.manifest.content),
                Some(directory) => {
                    let directory = release_directory(directory, options);
                    let append = directory.join(&hook.manifest.path).exists();
                    writer.write(
                        &directory,
                        &hook.manifest.path,
                        &hook.manifest.content,
                        append,
                    )?;
                }
            }
        }
    }
    if options.show_only.is_empty() {
        return Ok(text);
    }
    show_only(&text, &options.show_only)
}

fn source_pattern() -> &'static Regex {
    static SOURCE: OnceLock<Regex> = OnceLock::new();
    SOURCE.get_or_init(|| Regex::new(r"# Source: [^/]+/(.+)").unwrap_or_else(|_| unreachable!()))
}

/// `--show-only`: the documents whose source path (chart name removed) matches each pattern,
/// in pattern order, each printed as `---\n<document>\n`.
fn show_only(text: &str, patterns: &[String]) -> Result<String, EngineError> {
    let documents = split_manifests(text);
    let mut output = String::new();
    for pattern in patterns {
        let mut found = false;
        for document in &documents {
            let Some(path) = source_pattern()
                .captures(document)
                .and_then(|captures| captures.get(1))
            else {
                continue;
            };
            if glob_match(pattern, path.as_str()).unwrap_or(false) {
                output.push_str("---\n");
                output.push_str(document);
                output.push('\n');
                found = true;
            }
        }
        if !found {
            return Err(EngineError::TemplateNotFound(pattern.clone()));
        }
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(path, content)| (path.to_string(), content.to_string()))
            .collect()
    }

    fn render(entries: &[(&str, &str)], options: &OutputOptions) -> Result<String, EngineError> {
        let sorted = sort_rendered(&files(entries)).map_err(|failure| failure.error)?;
        let mut sink = Vec::new();
        let release = release_text(&sorted, &[], options, &mut sink)?;
        template_text(&release, &sorted.hooks, options, &mut sink)
    }

    #[test]
    fn empty_render_prints_one_newline() {
        assert_eq!(
            render(&[("p/templates/a.yaml", "  \n")], &OutputOptions::default()).unwrap(),
            "\n"
        );
    }

    #[test]
    fn manifests_sorted_then_hooks() {
        let hook = "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n";
        let text = render(
            &[
                (
                    "p/templates/a.yaml",
                    "kind: Service\n---\nkind: Namespace\n",
                ),
                ("p/templates/h.yaml", hook),
            ],
            &OutputOptions::default(),
        )
        .unwrap();
        assert_eq!(
            text,
            "---\n# Source: p/templates/a.yaml\nkind: Namespace\n---\n# Source: p/templates/a.yaml\nkind: Service\n\
             ---\n# Source: p/templates/h.yaml\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n"
        );
        let only_hooks =
            render(&[("p/templates/h.yaml", hook)], &OutputOptions::default()).unwrap();
        assert!(only_hooks.starts_with("\n---\n"));
    }

    #[test]
    fn show_only_follows_pattern_order_and_fails_when_nothing_matches() {
        let options = OutputOptions {
            show_only: vec!["templates/b.yaml".into(), "templates/a.yaml".into()],
            ..OutputOptions::default()
        };
        let text = render(
            &[
                ("p/templates/a.yaml", "a: 1"),
                ("p/templates/b.yaml", "b: 1"),
            ],
            &options,
        )
        .unwrap();
        assert_eq!(
            text,
            "---\n# Source: p/templates/b.yaml\nb: 1\n---\n# Source: p/templates/a.yaml\na: 1\n"
        );
        let missing = OutputOptions {
            show_only: vec!["templates/none.yaml".into()],
            ..OutputOptions::default()
        };
        let error = render(&[("p/templates/a.yaml", "a: 1")], &missing).unwrap_err();
        assert_eq!(
            error.to_string(),
            "could not find template templates/none.yaml in chart"
        );
    }

    #[test]
    fn invalid_yaml_names_the_file() {
        let error = render(
            &[("p/templates/a.yaml", "a: b: c")],
            &OutputOptions::default(),
        )
        .unwrap_err();
        assert!(error
            .to_string()
            .starts_with("YAML parse error on p/templates/a.yaml: "));
    }

    #[test]
    fn output_dir_appends_documents_of_one_file() {
        let directory =
            std::env::temp_dir().join(format!("chartroom-output-test-{}", std::process::id()));
        let options = OutputOptions {
            output_dir: Some(directory.clone()),
            ..OutputOptions::default()
        };
        let mut stdout = Vec::new();
        let sorted = sort_rendered(&files(&[("p/templates/m.yaml", "m1: 1\n---\nm2: 2")])).unwrap();
        let release = release_text(&sorted, &[], &options, &mut stdout).unwrap();
        let text = template_text(&release, &sorted.hooks, &options, &mut stdout).unwrap();
        assert_eq!(text, "\n");
        let written = std::fs::read_to_string(directory.join("p/templates/m.yaml")).unwrap();
        assert_eq!(
            written,
            "---\n# Source: p/templates/m.yaml\nm1: 1\n---\n# Source: p/templates/m.yaml\nm2: 2\n"
        );
        let reports = String::from_utf8(stdout).unwrap();
        assert_eq!(reports.lines().count(), 2);
        std::fs::remove_dir_all(&directory).ok();
    }
}
