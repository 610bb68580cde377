//! The loaded chart: what Helm's loader keeps of a chart directory or archive.
//!
//! Helm sorts a chart's files into `Chart.yaml` (metadata), `values.yaml` (default values,
//! every YAML document merged), `values.schema.json`, `templates/...` and everything else
//! (`.Files`, which also holds `crds/`), with each directory or archive under `charts/` loaded
//! recursively as a dependency.

use std::borrow::Cow;
use std::sync::Arc;

use super::metadata::Metadata;
use crate::value::Map;

/// One file of a chart, named by its slash-separated path inside the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFile {
    pub name: String,
    /// Shared: `.Files` and the template sources hold the same bytes, never a copy.
    pub data: Arc<[u8]>,
}

impl ChartFile {
    /// The content as text (invalid UTF-8 replaced, as templates are text).
    pub fn text(&self) -> Cow<'_, str> {
        // std's validation is much faster than the lossy decoder's chunking; only invalid
        // text pays for the replacement.
        match std::str::from_utf8(&self.data) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.data),
        }
    }
}

/// A chart as Helm's loader builds it.
#[derive(Debug, Clone)]
pub struct Chart {
    pub metadata: Metadata,
    /// Default values from `values.yaml` (an empty map when there is none).
    pub values: Map,
    /// `values.schema.json`, verbatim.
    pub schema: Option<Vec<u8>>,
    /// Files under `templates/`, in byte order of their path.
    pub templates: Vec<ChartFile>,
    /// Every other file (what `.Files` sees), in byte order of their path; includes `crds/`.
    pub files: Vec<ChartFile>,
    /// Subcharts from `charts/` (directories and `.tgz` archives), ordered by name.
    pub dependencies: Vec<Chart>,
}

impl Chart {
    /// A `v2` chart with only templates (path and text) and subcharts, for tests.
    #[cfg(test)]
    pub fn with_templates(
        name: &str,
        version: &str,
        templates: &[(&str, &str)],
        dependencies: Vec<Chart>,
    ) -> Chart {
        Chart {
            metadata: Metadata {
                name: name.into(),
                version: version.into(),
                api_version: "v2".into(),
                ..Metadata::default()
            },
            values: Map::new(),
            schema: None,
            templates: templates
                .iter()
                .map(|(path, text)| ChartFile {
                    name: path.to_string(),
                    data: text.as_bytes().into(),
                })
                .collect(),
            files: Vec::new(),
            dependencies,
        }
    }

    /// The chart's name (after dependency processing, its alias).
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Whether the chart is a library chart (its templates only provide definitions).
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type.eq_ignore_ascii_case("library")
    }

    /// CRD files of this chart only: `crds/` files with a `.yaml`, `.yml` or `.json` extension
    /// (any case), in file order.
    pub fn crds(&self) -> Vec<&ChartFile> {
        self.files
            .iter()
            .filter(|file| file.name.starts_with("crds/") && has_manifest_extension(&file.name))
            .collect()
    }

    /// CRDs of this chart and, after them, of its dependencies (depth first), each with the
    /// path Helm prints: `<chart>/charts/<sub>/crds/<file>`. `full_path` is this chart's path
    /// (its name for the root chart).
    pub fn crd_objects(&self, full_path: &str) -> Vec<(String, &ChartFile)> {
        let mut out: Vec<(String, &ChartFile)> = self
            .crds()
            .into_iter()
            .map(|file| (format!("{full_path}/{}", file.name), file))
            .collect();
        for dependency in &self.dependencies {
            out.extend(
                dependency.crd_objects(&format!("{full_path}/charts/{}", dependency.name())),
            );
        }
        out
    }

    /// Helm's `checkIfInstallable`: only application charts (or untyped ones) render.
    pub fn check_installable(&self) -> Result<(), super::ChartError> {
        match self.metadata.chart_type.as_str() {
            "" | "application" => Ok(()),
            other => Err(super::ChartError::NotInstallable(other.to_string())),
        }
    }
}

fn has_manifest_extension(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rfind('.') {
        Some(dot) => {
            let extension = base.get(dot..).unwrap_or_default();
            [".yaml", ".yml", ".json"]
                .iter()
                .any(|wanted| extension.eq_ignore_ascii_case(wanted))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_extensions_ignore_case() {
        assert!(has_manifest_extension("crds/a.YAML"));
        assert!(has_manifest_extension("crds/a.json"));
        assert!(!has_manifest_extension("crds/README.md"));
        assert!(!has_manifest_extension("crds/yaml"));
    }
}
