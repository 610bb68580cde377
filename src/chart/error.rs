//! The errors of loading charts and values, with Helm 4's message texts.
//!
//! Each variant renders exactly the text Helm prints after `Error: ` (the CLI adds that prefix),
//! so callers can show `to_string()` as is. File paths are those the user gave; YAML errors keep
//! the reader's `line N` positions inside their message.

use std::path::Path;

/// A failure loading a chart, reading values or processing dependencies.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// A file could not be read; `message` is Go's `*PathError` text (`open x: no such file ...`).
    #[error("{message}")]
    Io { path: String, message: String },
    /// No `Chart.yaml` where a chart directory was given.
    #[error("unable to detect chart at {path}: {message}")]
    NotAChart { path: String, message: String },
    /// `Chart.yaml` is not valid YAML or does not fit Helm's metadata types. `location`
    /// (`<file>:<line>:<column>`, not part of Helm's message) is where the reader stopped.
    #[error("cannot load {file}: {message}")]
    BadChartFile {
        file: String,
        message: String,
        location: Option<String>,
    },
    /// `Chart.yaml` is missing from a chart's files (a subchart without one).
    #[error("Chart.yaml file is missing")]
    MissingChartYaml,
    /// Metadata that Helm's `Validate` rejects.
    #[error("validation: {0}")]
    Validation(String),
    /// `apiVersion` other than v1, v2, v3 or empty.
    #[error("unsupported chart version")]
    UnsupportedChartVersion,
    /// `apiVersion: v3` (an internal chart format `helm template` refuses).
    #[error("invalid chart apiVersion")]
    InvalidApiVersion,
    /// A subchart under `charts/` failed to load.
    #[error("error unpacking subchart {name} in {parent}: {source}")]
    Subchart {
        name: String,
        parent: String,
        source: Box<ChartError>,
    },
    /// A chart archive Helm refuses (paths, sizes, format).
    #[error("{0}")]
    Archive(String),
    /// A `.helmignore` rule Helm refuses.
    #[error("{0}")]
    Ignore(String),
    /// A `-f` values file that is not valid YAML or not a map.
    #[error("failed to parse {path}: {message}")]
    ValuesFile {
        path: String,
        message: String,
        location: Option<String>,
    },
    /// A `--set`, `--set-string`, `--set-file` or `--set-literal` line Helm refuses.
    #[error("failed parsing {flag} data: {message}")]
    SetFlag { flag: &'static str, message: String },
    /// A `--set-json key=json` line Helm refuses (Helm shows the line, not the cause).
    #[error("failed parsing --set-json data {0}")]
    SetJson(String),
    /// A `--set-json '{...}'` object Helm refuses.
    #[error("failed parsing --set-json data JSON: {0}")]
    SetJsonObject(String),
    /// Values for a subchart that are not a map.
    #[error("type mismatch on {name}: {rendered}")]
    TypeMismatch { name: String, rendered: String },
    /// A failure while processing dependencies (Helm's install action wraps these; it also logs
    /// `level=ERROR msg="chart dependencies processing failed" error="<cause>"` first).
    #[error("chart dependencies processing failed: {0}")]
    DependencyProcessing(Box<ChartError>),
    /// Dependencies listed in Chart.yaml without a chart in `charts/`.
    #[error("an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}", .0.join(", "))]
    MissingDependencies(Vec<String>),
    /// A chart whose type cannot be rendered on its own (`library`).
    #[error("{0} charts are not installable")]
    NotInstallable(String),
}

impl ChartError {
    /// The message as the given Helm release prints it: Helm 3 reports a failed dependency
    /// processing by its cause alone, and begins the missing-dependencies message with a
    /// capital letter.
    pub fn message_for(&self, compat: super::HelmCompat) -> String {
        match (self, compat) {
            (ChartError::DependencyProcessing(cause), super::HelmCompat::V3) => cause.to_string(),
            (ChartError::MissingDependencies(_), super::HelmCompat::V3) => {
                let text = self.to_string();
                let mut chars = text.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => text,
                }
            }
            _ => self.to_string(),
        }
    }
}

/// Go's `*PathError` text for a failed file operation, e.g. `open x.yaml: no such file or
/// directory`.
pub fn go_path_error(operation: &str, path: &Path, error: &std::io::Error) -> String {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => {
            return format!("read {}: is a directory", path.display())
        }
        _ => match error.raw_os_error() {
            Some(21) => return format!("read {}: is a directory", path.display()),
            Some(20) => "not a directory".to_string(),
            _ => error.to_string(),
        },
    };
    format!("{operation} {}: {reason}", path.display())
}

/// Where a YAML error is, `<file>:<line>:<column>`, when the reader knows. go-yaml (and so
/// Helm) names at most a line, and for parser problems the line before the offending token.
pub fn yaml_error_location(file: &str, error: &crate::yaml::YamlError) -> Option<String> {
    Some(format!("{file}:{}:{}", error.line()?, error.column()?))
}

/// Where the YAML syntax problem of a Chart.yaml-like `text` is, if it has one (decode errors
/// about types carry no position, as in Helm).
pub fn yaml_text_location(file: &str, text: &str) -> Option<String> {
    let error = crate::yaml::values::parse_documents(text).err()?;
    yaml_error_location(file, &error)
}

impl ChartError {
    /// Where in which file the problem is (`<file>:<line>:<column>`, the file relative to
    /// the chart or as given on the command line), for errors whose Helm message lacks it.
    pub fn location(&self) -> Option<String> {
        match self {
            ChartError::BadChartFile { location, .. } | ChartError::ValuesFile { location, .. } => {
                location.clone()
            }
            ChartError::Subchart { name, source, .. } => source
                .location()
                .map(|inner| format!("charts/{name}/{inner}")),
            _ => None,
        }
    }

    /// The error of reading `path` as Helm reports it (`open <path>: <reason>`).
    pub fn io(path: &Path, error: &std::io::Error) -> ChartError {
        ChartError::Io {
            path: path.display().to_string(),
            message: go_path_error("open", path, error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_helm() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            ChartError::io(Path::new("nope.yaml"), &missing).to_string(),
            "open nope.yaml: no such file or directory"
        );
        let error = ChartError::Subchart {
            name: "broken".into(),
            parent: "probe".into(),
            source: Box::new(ChartError::MissingChartYaml),
        };
        assert_eq!(
            error.to_string(),
            "error unpacking subchart broken in probe: Chart.yaml file is missing"
        );
        assert_eq!(
            ChartError::MissingDependencies(vec!["a".into(), "b".into()]).to_string(),
            "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: a, b"
        );
    }

    #[test]
    fn helm3_words_dependency_errors_its_own_way() {
        use crate::chart::HelmCompat;
        let missing = ChartError::MissingDependencies(vec!["a".into()]);
        assert!(missing
            .message_for(HelmCompat::V3)
            .starts_with("An error occurred while checking"));
        assert_eq!(missing.message_for(HelmCompat::V4), missing.to_string());
        let processing = ChartError::DependencyProcessing(Box::new(ChartError::TypeMismatch {
            name: "sub".into(),
            rendered: "%!t(string=x)".into(),
        }));
        assert_eq!(
            processing.message_for(HelmCompat::V3),
            "type mismatch on sub: %!t(string=x)"
        );
        assert_eq!(
            processing.message_for(HelmCompat::V4),
            "chart dependencies processing failed: type mismatch on sub: %!t(string=x)"
        );
    }
}
