//! Flags shared by the project subcommands (`render`, `validate`, `values`, `list`), and how
//! every command reports a project's problems: each in the layout of
//! [`crate::project::report`] on stderr (coloured as `--color`/`NO_COLOR` say for stderr),
//! then how many there were, and exit status 1.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::project::report::{render, render_all, summary, Level, ProjectSources};
use crate::project::{CommandLineValues, Diagnostic, Project};

/// Where the project is.
#[derive(Debug, Clone, Args)]
pub struct ProjectArgs {
    /// The project directory (holding chartroom.yaml).
    #[arg(long = "project", short = 'C', default_value = ".", value_name = "DIR")]
    pub project: PathBuf,
}

/// Values given on the command line, over every profile: for every component, or for one.
#[derive(Debug, Clone, Args)]
pub struct OverrideArgs {
    /// Values files applied over the profile for every component, in order (may repeat).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// helm --set assignments for every component (may repeat).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// A values file for one component only, over the -f files (may repeat):
    /// --values-for api prod-api.yaml
    #[arg(long = "values-for", num_args = 2, value_names = ["COMPONENT", "FILE"])]
    pub values_for: Vec<String>,
    /// helm --set assignments for one component only, applied last (may repeat):
    /// --set-for api image.tag=v2
    #[arg(long = "set-for", num_args = 2, value_names = ["COMPONENT", "KEY=VALUE"])]
    pub set_for: Vec<String>,
    /// Reproduce this Helm major version's chart output: 4 (Helm 4.1.4) or 3 (Helm 3.17.3);
    /// overrides chartroom.yaml's helmCompat.
    #[arg(long = "helm-compat", value_name = "MAJOR")]
    pub helm_compat: Option<crate::chart::HelmCompat>,
}

impl OverrideArgs {
    pub fn command_line(&self) -> CommandLineValues {
        let pairs = |flat: &[String]| -> Vec<(String, String)> {
            flat.chunks(2)
                .filter_map(|pair| match pair {
                    [component, value] => Some((component.clone(), value.clone())),
                    _ => None,
                })
                .collect()
        };
        CommandLineValues {
            values_files: self.values.clone(),
            set: self.set.clone(),
            component_values_files: pairs(&self.values_for)
                .into_iter()
                .map(|(component, file)| (component, PathBuf::from(file)))
                .collect(),
            component_set: pairs(&self.set_for),
            helm_compat: self.helm_compat,
        }
    }
}

/// How rendered objects are checked beyond their references: where the Kubernetes JSON
/// schemas (on disk or at URLs) and the cluster's CustomResourceDefinitions are, and which
/// reference rules are switched off.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Check every rendered object against the Kubernetes JSON schemas found here: a directory
    /// (kubeconform's `<version>-standalone[-strict]/<kind>-<group>-<version>.json` layout, or
    /// kubernetes-validate's `-local` one) or a path template with kubeconform's placeholders,
    /// either of them on disk or as an http(s) URL, fetched once into the cache
    /// (~/.cache/chartroom/schemas) (may repeat; the first location with a schema wins).
    /// Default: the schemas scripts/install-kubernetes-schemas.sh installed into
    /// ~/.cache/chartroom/kubernetes-json-schema, when present.
    #[arg(long = "schema-location", value_name = "DIR_OR_TEMPLATE")]
    pub locations: Vec<String>,
    /// Take the schemas of URL locations from the cache only: a schema no earlier run fetched
    /// is an error naming its URL.
    #[arg(long = "offline")]
    pub offline: bool,
    /// The Kubernetes version of the schemas (default: the profile's kubeVersion).
    #[arg(long = "kube-version", value_name = "VERSION")]
    pub kube_version: Option<String>,
    /// Skip objects no location and no CustomResourceDefinition has a schema for instead of
    /// reporting them.
    #[arg(long = "ignore-missing-schemas")]
    pub ignore_missing: bool,
    /// Accept fields the schemas do not know (strict by default, like kubeconform -strict).
    #[arg(long = "no-strict")]
    pub no_strict: bool,
    /// CustomResourceDefinitions the cluster has, to check custom resources against: a YAML
    /// or JSON file (any number of documents) or a directory of them (may repeat). Their
    /// APIs also count as available to the reference check.
    #[arg(long = "crd", value_name = "FILE|DIR")]
    pub crds: Vec<PathBuf>,
    /// Do not apply this reference rule (may repeat), e.g. --disable-check secret-exists;
    /// the rules are listed in docs/projects.md.
    #[arg(long = "disable-check", value_name = "NAME", value_parser = parse_rule)]
    pub disable_checks: Vec<crate::check::Rule>,
}

fn parse_rule(name: &str) -> Result<crate::check::Rule, crate::check::UnknownRule> {
    name.parse()
}

impl CheckArgs {
    /// The checks of a run, with the `--crd` definitions read.
    pub fn checks(&self) -> anyhow::Result<crate::project::validate::RenderedChecks> {
        let definitions = crate::check::crd_schema::load_definition_files(&self.crds)?;
        let mut locations = self.locations.clone();
        if locations.is_empty() {
            if let Some(installed) = crate::check::schema_fetch::installed_schema_dir() {
                locations.push(installed.to_string_lossy().into_owned());
            }
        }
        let schemas = crate::check::KubernetesSchemas::new(crate::check::SchemaSettings {
            locations,
            strict: !self.no_strict,
            ignore_missing: self.ignore_missing,
            offline: self.offline,
        })
        .with_definitions(definitions);
        Ok(crate::project::validate::RenderedChecks {
            schemas,
            kube_version: self.kube_version.clone(),
            disabled: self.disable_checks.iter().copied().collect(),
        })
    }
}

/// Prints the warnings the checks of a run kept (each once, after the run's output).
pub fn print_check_warnings(checks: &crate::project::validate::RenderedChecks) {
    for warning in checks.take_warnings() {
        super::terminal::warning(warning);
    }
}

/// Prints the problems of the project at `root` to stderr and returns the failing exit status.
pub fn report(root: &Path, diagnostics: &[Diagnostic]) -> i32 {
    let sources = ProjectSources::new(root);
    let text = render_all(diagnostics, &sources, super::terminal::stderr_colour());
    eprintln!("{text}\n{}", summary(diagnostics.len()));
    1
}

/// Prints a notice about the project at `root` in the same layout, unless `--quiet`.
pub fn note(root: &Path, diagnostic: &Diagnostic) {
    let sources = ProjectSources::new(root);
    let text = render(
        diagnostic,
        Level::Note,
        &sources,
        super::terminal::stderr_colour(),
    );
    super::terminal::note(text.trim_end());
}

/// A project's problems carried as an error by commands that return one (`diff`,
/// `baseline`): `chartroom` prints them as [`report`] does rather than as `Error: ...`.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::project::Diagnostics(.diagnostics.clone()))]
pub struct ProjectProblems {
    pub root: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the project and checks that the per-component flags name its components, or prints
/// why not.
pub fn load_project_with(args: &ProjectArgs, overrides: &OverrideArgs) -> Result<Project, i32> {
    let project = load_project(args)?.with_helm_compat(overrides.helm_compat);
    let unknown = overrides.command_line().unknown_components(&project);
    if unknown.is_empty() {
        Ok(project)
    } else {
        Err(report(&args.project, &unknown))
    }
}

/// Loads the project, or prints why not.
pub fn load_project(args: &ProjectArgs) -> Result<Project, i32> {
    Project::load(&args.project).map_err(|diagnostics| report(&args.project, &diagnostics.0))
}
