//! Loading a manifests directory and rendering its templates with minijinja.
//!
//! The directory's `*.yaml`, `*.yml` and `*.j2` files (not subdirectories) are templates,
//! rendered in byte order of their names; each is registered under its project-relative path,
//! so `{% include %}`/`{% import %}` can name another file and every error names the file.
//! Undefined variables are errors (strict mode). A template's final newline is kept.

use std::path::Path;

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value as JinjaValue};

use super::convert::to_jinja;
use super::functions::register;
use crate::value::Value;

/// File name endings that make a file of a manifests directory a template.
pub const TEMPLATE_EXTENSIONS: &[&str] = &[".yaml", ".yml", ".j2"];

/// A template problem with the file and position it comes from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct JinjaError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What the templates see.
#[derive(Debug, Clone)]
pub struct JinjaContext {
    /// The component's effective values.
    pub values: Value,
    /// The profile: `name`, `namespace`, `kubeVersion`, `apiVersions`.
    pub profile: Value,
    /// The component's name.
    pub component: String,
    /// `name` and `namespace` of the release.
    pub release: Value,
    /// `kubeVersion` and `apiVersions` (the profile's).
    pub capabilities: Value,
}

impl JinjaContext {
    fn to_jinja(&self) -> JinjaValue {
        minijinja::context! {
            values => to_jinja(&self.values),
            profile => to_jinja(&self.profile),
            component => self.component.clone(),
            release => to_jinja(&self.release),
            capabilities => to_jinja(&self.capabilities),
        }
    }
}

/// One template's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// The file's name inside the directory.
    pub name: String,
    /// The project-relative path the template is registered (and reported) under.
    pub path: String,
    pub text: String,
}

/// One template file of a manifests directory.
#[derive(Debug, Clone)]
struct TemplateFile {
    name: String,
    path: String,
    source: String,
}

/// A manifests directory's templates, read once.
#[derive(Debug, Clone)]
pub struct ManifestDirectory {
    pub display: String,
    files: Vec<TemplateFile>,
}

impl ManifestDirectory {
    /// Reads every template of `directory`; `display` is its project-relative path.
    pub fn load(directory: &Path, display: &str) -> Result<ManifestDirectory, JinjaError> {
        let unreadable = |message: String| JinjaError {
            file: display.to_string(),
            line: 1,
            column: 1,
            message,
        };
        let entries = std::fs::read_dir(directory)
            .map_err(|error| unreadable(format!("cannot read directory: {error}")))?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| {
                TEMPLATE_EXTENSIONS
                    .iter()
                    .any(|extension| name.ends_with(extension))
            })
            .collect();
        names.sort();
        let mut files = Vec::with_capacity(names.len());
        for name in names {
            let path = format!("{}/{name}", display.trim_end_matches('/'));
            let source = crate::input::read_to_string(&directory.join(&name)).map_err(|error| {
                JinjaError {
                    file: path.clone(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read template: {error}"),
                }
            })?;
            files.push(TemplateFile { name, path, source });
        }
        Ok(ManifestDirectory {
            display: display.to_string(),
            files,
        })
    }

    /// A directory of the given `(file name, text)` templates, held in memory (tests, fuzzing).
    pub fn from_texts(display: &str, files: &[(&str, &str)]) -> ManifestDirectory {
        let mut files: Vec<TemplateFile> = files
            .iter()
            .map(|(name, source)| TemplateFile {
                name: name.to_string(),
                path: format!("{}/{name}", display.trim_end_matches('/')),
                source: source.to_string(),
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        ManifestDirectory {
            display: display.to_string(),
            files,
        }
    }

    /// The template file names, in render order.
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|file| file.name.as_str())
    }

    /// Every syntax error of every template.
    pub fn check(&self) -> Vec<JinjaError> {
        let mut environment = new_environment();
        self.files
            .iter()
            .filter_map(|file| {
                environment
                    .add_template_owned(file.path.clone(), file.source.clone())
                    .err()
                    .map(|error| self.positioned(&error, Some(&file.path)))
            })
            .collect()
    }

    /// Renders every template in order; the first failure stops the render.
    pub fn render(&self, context: &JinjaContext) -> Result<Vec<RenderedFile>, JinjaError> {
        let mut environment = new_environment();
        for file in &self.files {
            environment
                .add_template_owned(file.path.clone(), file.source.clone())
                .map_err(|error| self.positioned(&error, Some(&file.path)))?;
        }
        let data = context.to_jinja();
        super::functions::reset_charges();
        let mut rendered = Vec::with_capacity(self.files.len());
        for file in &self.files {
            let template = environment
                .get_template(&file.path)
                .map_err(|error| self.positioned(&error, Some(&file.path)))?;
            let text = template
                .render(&data)
                .map_err(|error| self.positioned(&error, Some(&file.path)))?;
            rendered.push(RenderedFile {
                name: file.name.clone(),
                path: file.path.clone(),
                text,
            });
        }
        Ok(rendered)
    }

    /// A minijinja error with the file, line and column it names (or `fallback`'s file).
    fn positioned(&self, error: &minijinja::Error, fallback: Option<&str>) -> JinjaError {
        let file = error
            .name()
            .or(fallback)
            .unwrap_or(&self.display)
            .to_string();
        let source = self
            .files
            .iter()
            .find(|candidate| candidate.path == file)
            .map(|candidate| candidate.source.as_str());
        let (line, column, snippet) = match (source, error.range()) {
            (Some(source), Some(range)) => {
                let (line, column) = line_and_column(source, range.start);
                (line, column, source.get(range).map(str::to_string))
            }
            _ => (error.line().unwrap_or(1), 1, None),
        };
        let mut message = error.kind().to_string();
        if error.kind() == minijinja::ErrorKind::OutOfFuel {
            message = format!(
                "render stopped: it used up its budget of {} steps (one per instruction or per 64 bytes of data built; set {} or {} to raise it)",
                jinja_fuel(),
                crate::limits::STEPS.variable,
                crate::limits::MEMORY.variable
            );
        }
        if let Some(detail) = error.detail() {
            message = format!("{message}: {detail}");
        }
        if let Some(snippet) =
            snippet.filter(|text| !text.is_empty() && !message.contains(text.as_str()))
        {
            message = format!("{message} (in `{snippet}`)");
        }
        JinjaError {
            file,
            line,
            column,
            message,
        }
    }
}

fn new_environment() -> Environment<'static> {
    let mut environment = Environment::new();
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    if let Ok(syntax) = SyntaxConfig::builder().keep_trailing_newline(true).build() {
        environment.set_syntax(syntax);
    }
    register(&mut environment);
    // minijinja's fuel counts instructions and the data a render builds (output included) and
    // refuses to build a value it could not pay for: one budget for time and memory.
    environment.set_fuel(Some(jinja_fuel()));
    environment
}

/// One fuel per instruction or per 64 bytes of data: the step limit, lowered so that the data
/// a render may build stays within the memory limit.
fn jinja_fuel() -> u64 {
    crate::limits::STEPS
        .get()
        .min(crate::limits::MEMORY.get() / 64)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(source: &str, offset: usize) -> (usize, usize) {
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|index| index + 1).unwrap_or(0);
    let column = before
        .get(line_start..)
        .map(|text| text.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Map;

    fn directory(files: &[(&str, &str)]) -> (std::path::PathBuf, ManifestDirectory) {
        let unique = format!(
            "chartroom-jinja-{}-{}",
            std::process::id(),
            files.len() * 31 + files.first().map(|f| f.1.len()).unwrap_or(0)
        );
        let root = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        for (name, text) in files {
            std::fs::write(root.join(name), text).unwrap();
        }
        let loaded = ManifestDirectory::load(&root, "manifests/m").unwrap();
        (root, loaded)
    }

    fn context() -> JinjaContext {
        let values = Map::new();
        values.insert("port", Value::Float(8080.0));
        let release = Map::new();
        release.insert("namespace", Value::from("iot"));
        JinjaContext {
            values: Value::Map(values),
            profile: Value::Map(Map::new()),
            component: "mon".into(),
            release: Value::Map(release),
            capabilities: Value::Map(Map::new()),
        }
    }

    #[test]
    fn endless_loops_stop_with_the_step_limit_named() {
        let (root, loaded) = directory(&[(
            "loop.yaml",
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        )]);
        let error = loaded.render(&context()).unwrap_err().to_string();
        let _ = std::fs::remove_dir_all(root);
        assert!(error.contains("CHARTROOM_MAX_STEPS"), "{error}");
        assert!(error.contains("loop.yaml"), "{error}");
    }

    #[test]
    fn renders_files_in_order_with_context() {
        let (root, loaded) = directory(&[
            ("b.yaml", "port: {{ values.port }}\n"),
            ("a.j2", "ns: {{ release.namespace }}-{{ component }}\n"),
            ("notes.txt", "x"),
        ]);
        let rendered = loaded.render(&context()).unwrap();
        let _ = std::fs::remove_dir_all(root);
        let texts: Vec<&str> = rendered.iter().map(|file| file.text.as_str()).collect();
        assert_eq!(texts, ["ns: iot-mon\n", "port: 8080\n"]);
        assert_eq!(rendered[0].path, "manifests/m/a.j2");
    }

    #[test]
    fn undefined_variables_name_file_and_line() {
        let (root, loaded) = directory(&[("svc.yaml", "a: 1\nb: {{ values.nope }}\n")]);
        let error = loaded.render(&context()).unwrap_err();
        let _ = std::fs::remove_dir_all(root);
        assert_eq!(
            (error.file.as_str(), error.line),
            ("manifests/m/svc.yaml", 2),
            "{error}"
        );
        assert!(
            error.to_string().starts_with("manifests/m/svc.yaml:2:"),
            "{error}"
        );
        assert!(error.message.contains("undefined"), "{error}");
    }

    #[test]
    fn syntax_errors_are_found_by_check() {
        let (root, loaded) =
            directory(&[("bad.yml", "a: {{ values.port \n"), ("ok.yaml", "{{ 1 }}")]);
        let problems = loaded.check();
        let _ = std::fs::remove_dir_all(root);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, "manifests/m/bad.yml");
    }
}
