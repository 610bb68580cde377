//! From a loaded chart and its coalesced values to the release `helm template` prints: the
//! chart's `kubeVersion` check, the render, NOTES set aside, the sort into manifests and
//! hooks, and the release manifest text (CRDs first with `--include-crds`).
//!
//! When sorting fails (a document that is not YAML Helm can read), Helm keeps every rendered
//! file, unsorted and untrimmed, as the release text, plus the hooks found before the failure,
//! so that `--debug` can show them; [`ReleaseFailure`] carries that partial release.

use std::io::Write;
use std::sync::Arc;

use super::error::EngineError;
use super::manifest::Hook;
use super::objects::{release_map, Capabilities, ReleaseOptions};
use super::output::{
    raw_release_text, release_text, sort_rendered_for, CrdFile, OutputOptions, Sorted,
};
use super::render::ParsedChart;
use super::scope::ReleaseData;
use crate::chart::{Chart, HelmCompat};
use crate::value::{Map, Value};

/// The suffix of the notes templates Helm renders but never prints.
const NOTES_SUFFIX: &str = "NOTES.txt";

/// What a release needs besides the chart.
#[derive(Debug, Clone)]
pub struct ReleaseRequest<'a> {
    /// The chart after dependency processing.
    pub chart: &'a Chart,
    /// Coalesced (and schema-checked) values.
    pub values: Map,
    pub release: ReleaseOptions,
    pub capabilities: Capabilities,
    /// The Helm release whose template objects, functions and install order to reproduce
    /// (the capabilities should be built for the same one).
    pub compat: HelmCompat,
}

/// The rendered release: the manifest text (CRDs and sorted manifests) and the sorted hooks.
#[derive(Debug, Clone, Default)]
pub struct Release {
    pub manifest: String,
    pub hooks: Vec<Hook>,
}

/// A failed render with whatever release Helm still has to show for it.
#[derive(Debug)]
pub struct ReleaseFailure {
    pub error: EngineError,
    pub partial: Release,
}

impl From<EngineError> for ReleaseFailure {
    fn from(error: EngineError) -> ReleaseFailure {
        ReleaseFailure {
            error,
            partial: Release::default(),
        }
    }
}

/// A rendered and sorted release before its manifest text is assembled (or written), so a
/// post-renderer can run before anything reaches the output.
#[derive(Debug, Clone, Default)]
pub struct PreparedRelease {
    pub sorted: Sorted,
    pub crds: Vec<CrdFile>,
}

impl PreparedRelease {
    /// The release: the manifest text (with `--output-dir` the manifests are written, the
    /// writes reported on `out`, and the text stays empty) and the hooks.
    pub fn into_release<W: Write>(
        self,
        options: &OutputOptions,
        out: &mut W,
    ) -> Result<Release, EngineError> {
        let manifest = release_text(&self.sorted, &self.crds, options, out)?;
        Ok(Release {
            manifest,
            hooks: self.sorted.hooks,
        })
    }
}

/// Renders the chart and sorts the rendered files into manifests and hooks; nothing is
/// written yet.
pub fn prepare_release(request: &ReleaseRequest<'_>) -> Result<PreparedRelease, ReleaseFailure> {
    check_kube_version(request.chart, &request.capabilities)?;
    let parsed = ParsedChart::parse_for(request.chart, request.compat)?;
    let prepared = render_and_sort(request, &parsed);
    // Freeing every node of every parsed template takes milliseconds on big charts and
    // nothing waits for it: it happens on the thread pool, off the path to the output.
    rayon::spawn(move || drop(parsed));
    prepared
}

/// [`prepare_release`] with the chart's templates already parsed: `parsed` must be the parse
/// of `request.chart` (see [`ParsedChart::is_parse_of`]).
pub fn prepare_release_parsed(
    request: &ReleaseRequest<'_>,
    parsed: &ParsedChart,
) -> Result<PreparedRelease, ReleaseFailure> {
    check_kube_version(request.chart, &request.capabilities)?;
    render_and_sort(request, parsed)
}

fn render_and_sort(
    request: &ReleaseRequest<'_>,
    parsed: &ParsedChart,
) -> Result<PreparedRelease, ReleaseFailure> {
    let data = ReleaseData {
        release: Value::Map(release_map(&request.release)),
        capabilities: Value::Object(Arc::new(request.capabilities.clone())),
    };
    let mut files = parsed.render(request.chart, &request.values, &data)?;
    files.retain(|name, _| !name.ends_with(NOTES_SUFFIX));
    let sorted = match sort_rendered_for(&files, request.compat) {
        Ok(sorted) => sorted,
        Err(failure) => {
            return Err(ReleaseFailure {
                error: failure.error,
                partial: Release {
                    manifest: raw_release_text(&files),
                    hooks: failure.hooks_so_far,
                },
            })
        }
    };
    Ok(PreparedRelease {
        sorted,
        crds: crd_files(request.chart),
    })
}

/// Renders and sorts the release; with `--output-dir` the manifests are written (and the
/// writes reported on `out`) instead of collected.
pub fn render_release<W: Write>(
    request: &ReleaseRequest<'_>,
    options: &OutputOptions,
    out: &mut W,
) -> Result<Release, ReleaseFailure> {
    Ok(prepare_release(request)?.into_release(options, out)?)
}

/// [`render_release`] with the chart's templates already parsed.
pub fn render_release_parsed<W: Write>(
    request: &ReleaseRequest<'_>,
    parsed: &ParsedChart,
    options: &OutputOptions,
    out: &mut W,
) -> Result<Release, ReleaseFailure> {
    Ok(prepare_release_parsed(request, parsed)?.into_release(options, out)?)
}

/// Helm refuses a chart whose `kubeVersion` constraint excludes the target version (an
/// unparsable constraint excludes every version). Helm checks this before it parses any
/// template.
pub fn check_kube_version(chart: &Chart, capabilities: &Capabilities) -> Result<(), EngineError> {
    let constraint = chart.metadata.kube_version.as_str();
    if constraint.is_empty() {
        return Ok(());
    }
    let kube = &capabilities.kube_version;
    let compatible =
        crate::funcs::semver::constraint_matches(constraint, kube.string_form()).unwrap_or(false);
    if compatible {
        Ok(())
    } else {
        Err(EngineError::IncompatibleKubeVersion {
            constraint: constraint.to_string(),
            version: kube.version.clone(),
        })
    }
}

/// The CRD files of the chart tree, parent before subcharts, with their printed paths.
fn crd_files(chart: &Chart) -> Vec<CrdFile> {
    chart
        .crd_objects(chart.name())
        .into_iter()
        .map(|(path, file)| CrdFile {
            path,
            content: file.text().into_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartFile, Metadata};
    use crate::engine::objects::{KubeVersion, VersionSet};

    fn request_for(chart: &Chart) -> ReleaseRequest<'_> {
        ReleaseRequest {
            chart,
            values: Map::new(),
            release: ReleaseOptions {
                name: "rel".into(),
                namespace: "default".into(),
                is_upgrade: false,
            },
            capabilities: Capabilities::new(
                KubeVersion::default_version(),
                VersionSet::with_extra(&[]),
            ),
            compat: HelmCompat::V4,
        }
    }

    fn chart(kube_version: &str, files: &[(&str, &str)]) -> Chart {
        Chart {
            metadata: Metadata {
                name: "p".into(),
                version: "1.0.0".into(),
                kube_version: kube_version.into(),
                ..Metadata::default()
            },
            values: Map::new(),
            schema: None,
            templates: files
                .iter()
                .map(|(name, text)| ChartFile {
                    name: name.to_string(),
                    data: text.as_bytes().into(),
                })
                .collect(),
            files: vec![ChartFile {
                name: "crds/c.yaml".into(),
                data: b"kind: CustomResourceDefinition\n".as_slice().into(),
            }],
            dependencies: Vec::new(),
        }
    }

    #[test]
    fn kube_version_constraint_is_checked() {
        let chart = chart("<1.20.0", &[]);
        let failure = render_release(
            &request_for(&chart),
            &OutputOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(
            failure.error.to_string(),
            "chart requires kubeVersion: <1.20.0 which is incompatible with Kubernetes v1.35.0"
        );
    }

    #[test]
    fn notes_are_dropped_and_crds_lead_when_included() {
        let chart = chart(
            "",
            &[
                ("templates/NOTES.txt", "notes"),
                ("templates/a.yaml", "kind: Service"),
            ],
        );
        let options = OutputOptions {
            include_crds: true,
            ..OutputOptions::default()
        };
        let release = render_release(&request_for(&chart), &options, &mut Vec::new()).unwrap();
        assert_eq!(
            release.manifest,
            "---\n# Source: p/crds/c.yaml\nkind: CustomResourceDefinition\n\n---\n# Source: p/templates/a.yaml\nkind: Service\n"
        );
    }

    #[test]
    fn unreadable_documents_keep_the_raw_files() {
        let chart = chart("", &[("templates/a.yaml", "a: b: c\n")]);
        let failure = render_release(
            &request_for(&chart),
            &OutputOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(failure
            .error
            .to_string()
            .starts_with("YAML parse error on p/templates/a.yaml"));
        assert_eq!(
            failure.partial.manifest,
            "---\n# Source: p/templates/a.yaml\na: b: c\n\n"
        );
    }
}
