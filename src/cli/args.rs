//! The command line of `chartroom template`, mirroring `helm template`'s flags.
//!
//! Flags that only matter when talking to a cluster or a repository are accepted and ignored
//! so that existing `helm template` invocations keep working. Like Helm's `pflag` string
//! slices, `-f/--values` and `-a/--api-versions` also split each occurrence on commas;
//! the `--set` family keeps every occurrence whole (the grammar splits later).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// chartroom: render, validate and diff Kubernetes manifests.
#[derive(Debug, Parser)]
#[command(name = "chartroom", version, about, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// `--color` and `--quiet`, taken by every subcommand.
    #[command(flatten)]
    pub terminal: super::terminal::TerminalArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render chart templates locally and display the output (a drop-in for `helm template`).
    Template(Box<TemplateArgs>),
    /// Render a profile's components (charts exactly as helm template, Jinja manifests).
    Render(super::render::RenderArgs),
    /// Check the project, profiles, values schemas, templates, rendered output and policies.
    Validate(super::validate::ValidateArgs),
    /// Print the effective values of a component in a profile.
    Values(super::values::ValuesArgs),
    /// List profiles, components and charts.
    List(super::list::ListArgs),
    /// Show what would change: a profile's render against a baseline, git revision, other
    /// profile, manifests or the live cluster.
    Diff(Box<super::diff::DiffArgs>),
    /// Store a profile's render under baselines/<profile>/ for later diffs.
    Baseline(super::baseline::BaselineArgs),
    /// Argo CD Config Management Plugin commands (see plugin.yaml and docs/argocd.md).
    Argocd(super::argocd::ArgocdArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(super::completions::CompletionsArgs),
    /// Print the man page, or write one page per command with --output-dir.
    Man(super::manpages::ManArgs),
}

/// Render chart templates locally and display the output.
///
/// Any values that would normally be looked up or retrieved in-cluster are faked locally,
/// and no server-side validation is done. `--api-versions` may be repeated or given as a
/// comma-separated list.
#[derive(Debug, Args)]
#[command(override_usage = "chartroom template [NAME] [CHART] [flags]")]
pub struct TemplateArgs {
    /// Release name and chart path (the name may be omitted with --generate-name or
    /// --name-template).
    #[arg(value_name = "NAME_OR_CHART")]
    pub positional: Vec<String>,

    /// Specify values in a YAML file (can specify multiple).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<String>,
    /// Set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Set STRING values on the command line.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,
    /// Set JSON values on the command line.
    #[arg(long = "set-json", value_name = "KEY=JSON")]
    pub set_json: Vec<String>,
    /// Set a literal STRING value on the command line.
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    pub set_literal: Vec<String>,
    /// Set values from respective files specified via the command line.
    #[arg(long = "set-file", value_name = "KEY=PATH")]
    pub set_file: Vec<String>,

    /// Namespace scope for this request.
    #[arg(short = 'n', long = "namespace", value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// Kubernetes version used for Capabilities.KubeVersion.
    #[arg(long = "kube-version", value_name = "VERSION")]
    pub kube_version: Option<String>,
    /// Reproduce this Helm major version's output: 4 (Helm 4.1.4) or 3 (Helm 3.17.3).
    #[arg(long = "helm-compat", value_name = "MAJOR", default_value = "4")]
    pub helm_compat: crate::chart::HelmCompat,
    /// Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified).
    #[arg(short = 'a', long = "api-versions", value_name = "VERSION")]
    pub api_versions: Vec<String>,
    /// Set .Release.IsUpgrade instead of .Release.IsInstall.
    #[arg(long = "is-upgrade")]
    pub is_upgrade: bool,

    /// Only show manifests rendered from the given templates.
    #[arg(short = 's', long = "show-only", value_name = "TEMPLATE")]
    pub show_only: Vec<String>,
    /// Writes the executed templates to files in output-dir instead of stdout.
    #[arg(long = "output-dir", value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Use release name in the output-dir path.
    #[arg(long = "release-name")]
    pub use_release_name: bool,
    /// Generate the name (and omit the NAME parameter).
    #[arg(short = 'g', long = "generate-name")]
    pub generate_name: bool,
    /// Specify template used to name the release.
    #[arg(long = "name-template", value_name = "TEMPLATE")]
    pub name_template: Option<String>,

    /// Include CRDs in the templated output.
    #[arg(long = "include-crds")]
    pub include_crds: bool,
    /// If set, no CRDs will be installed (no effect on template output).
    #[arg(long = "skip-crds")]
    pub skip_crds: bool,
    /// Prevent hooks from running during install (leaves hooks out of the output).
    #[arg(long = "no-hooks")]
    pub no_hooks: bool,
    /// Skip tests from templated output.
    #[arg(long = "skip-tests")]
    pub skip_tests: bool,
    /// If set, disables JSON schema validation.
    #[arg(long = "skip-schema-validation")]
    pub skip_schema_validation: bool,
    /// Enable verbose output; on invalid YAML, print the rendered files anyway.
    #[arg(long = "debug")]
    pub debug: bool,
    /// The path to an executable to be used for post rendering.
    #[arg(long = "post-renderer", value_name = "PATH")]
    pub post_renderer: Option<String>,
    /// An argument to the post-renderer (can specify multiple).
    #[arg(long = "post-renderer-args", value_name = "ARG")]
    pub post_renderer_args: Vec<String>,
    /// Update dependencies if they are missing (refused: chartroom never uses the network).
    #[arg(long = "dependency-update")]
    pub dependency_update: bool,
    /// If set, render subchart notes along with the parent (notes are never printed).
    #[arg(long = "render-subchart-notes")]
    pub render_subchart_notes: bool,

    #[command(flatten)]
    pub ignored: IgnoredFlags,
}

/// Cluster, repository and install flags `helm template` accepts that change nothing here.
#[derive(Debug, Args)]
pub struct IgnoredFlags {
    /// Simulate the operation ("client" only: no cluster is contacted).
    #[arg(long = "dry-run", value_name = "MODE", num_args = 0..=1, require_equals = true, default_missing_value = "unset", hide = true)]
    pub dry_run: Option<String>,
    #[arg(long = "validate", hide = true)]
    pub validate: bool,
    #[arg(long = "create-namespace", hide = true)]
    pub create_namespace: bool,
    #[arg(long = "devel", hide = true)]
    pub devel: bool,
    #[arg(long = "version", value_name = "VERSION", hide = true)]
    pub chart_version: Option<String>,
    #[arg(long = "repo", value_name = "URL", hide = true)]
    pub repo: Option<String>,
    #[arg(long = "verify", hide = true)]
    pub verify: bool,
    #[arg(long = "keyring", hide = true)]
    pub keyring: Option<String>,
    #[arg(long = "timeout", hide = true)]
    pub timeout: Option<String>,
    #[arg(long = "wait", num_args = 0..=1, require_equals = true, default_missing_value = "watcher", hide = true)]
    pub wait: Option<String>,
    #[arg(long = "wait-for-jobs", hide = true)]
    pub wait_for_jobs: bool,
    #[arg(long = "atomic", hide = true)]
    pub atomic: bool,
    #[arg(long = "rollback-on-failure", hide = true)]
    pub rollback_on_failure: bool,
    #[arg(long = "description", hide = true)]
    pub description: Option<String>,
    #[arg(short = 'l', long = "labels", hide = true)]
    pub labels: Vec<String>,
    #[arg(long = "enable-dns", hide = true)]
    pub enable_dns: bool,
    #[arg(long = "hide-notes", hide = true)]
    pub hide_notes: bool,
    #[arg(long = "take-ownership", hide = true)]
    pub take_ownership: bool,
    #[arg(long = "disable-openapi-validation", hide = true)]
    pub disable_openapi_validation: bool,
    #[arg(long = "replace", hide = true)]
    pub replace: bool,
    #[arg(long = "force", hide = true)]
    pub force: bool,
    #[arg(long = "force-replace", hide = true)]
    pub force_replace: bool,
    #[arg(long = "force-conflicts", hide = true)]
    pub force_conflicts: bool,
    #[arg(long = "server-side", num_args = 0..=1, require_equals = true, default_missing_value = "true", hide = true)]
    pub server_side: Option<String>,
    #[arg(long = "kube-context", hide = true)]
    pub kube_context: Option<String>,
    #[arg(long = "kubeconfig", hide = true)]
    pub kubeconfig: Option<String>,
    #[arg(long = "username", hide = true)]
    pub username: Option<String>,
    #[arg(long = "password", hide = true)]
    pub password: Option<String>,
    #[arg(long = "ca-file", hide = true)]
    pub ca_file: Option<String>,
    #[arg(long = "cert-file", hide = true)]
    pub cert_file: Option<String>,
    #[arg(long = "key-file", hide = true)]
    pub key_file: Option<String>,
    #[arg(long = "insecure-skip-tls-verify", hide = true)]
    pub insecure_skip_tls_verify: bool,
    #[arg(long = "plain-http", hide = true)]
    pub plain_http: bool,
    #[arg(long = "pass-credentials", hide = true)]
    pub pass_credentials: bool,
    #[arg(long = "registry-config", hide = true)]
    pub registry_config: Option<String>,
    #[arg(long = "repository-cache", hide = true)]
    pub repository_cache: Option<String>,
    #[arg(long = "repository-config", hide = true)]
    pub repository_config: Option<String>,
    #[arg(long = "content-cache", hide = true)]
    pub content_cache: Option<String>,
    #[arg(long = "burst-limit", hide = true)]
    pub burst_limit: Option<String>,
    #[arg(long = "qps", hide = true)]
    pub qps: Option<String>,
    // helm's `--color`/`--colour` is chartroom's global flag (super::terminal).
}

/// Splits each occurrence of a string-slice flag on commas, as pflag does.
pub fn split_commas(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|value| value.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|value| !value.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> TemplateArgs {
        let mut full = vec!["chartroom", "template"];
        full.extend_from_slice(args);
        match Cli::try_parse_from(full).unwrap().command {
            Command::Template(args) => *args,
            other => panic!("parsed as another command: {other:?}"),
        }
    }

    #[test]
    fn accepts_helm_template_flags_anywhere() {
        let args = parse(&[
            "rel",
            "--set",
            "a=1,b=2",
            "chart",
            "-f",
            "x.yaml,y.yaml",
            "-a",
            "v1,x/v1",
            "--dry-run=client",
        ]);
        assert_eq!(args.positional, vec!["rel", "chart"]);
        assert_eq!(args.set, vec!["a=1,b=2"]);
        assert_eq!(split_commas(&args.values), vec!["x.yaml", "y.yaml"]);
        assert_eq!(split_commas(&args.api_versions), vec!["v1", "x/v1"]);
        assert_eq!(args.ignored.dry_run.as_deref(), Some("client"));
    }

    #[test]
    fn unknown_flags_are_errors() {
        assert!(
            Cli::try_parse_from(["chartroom", "template", "rel", "chart", "--no-such-flag"])
                .is_err()
        );
    }
}
