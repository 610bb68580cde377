//! `chartroom diff -p PROFILE [--against SOURCE]`: what would change if the profile's current
//! render were applied, compared with a baseline, a path, a git revision, another profile or
//! the cluster. See docs/diff.md.
//!
//! Exit status: 1 on error; otherwise 0, or with `--exit-code` 0 for no changes and 2 for
//! changes.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};

use crate::diff::baseline::read_baseline;
use crate::diff::git::snapshot;
use crate::diff::identity::{ResourceSet, Scopes};
use crate::diff::ignore::IgnoreRule;
use crate::diff::normalize::ManifestObject;
use crate::diff::source::{move_namespace, read_path, read_stdin, Against};
use crate::diff::{compare, write_json, write_markdown, write_stat, write_text, ReportOptions};

use super::project_args::ProjectArgs;
use super::project_render::{load_ignore_rules, load_workspace, render_profile, render_profile_in};
use crate::project::{CommandLineValues, Workspace};

/// Output formats of `chartroom diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Changed objects and paths, a unified diff per changed object, a summary line.
    Text,
    /// Changed objects and paths for programs.
    Json,
    /// For a pull-request comment: summary table and collapsible per-object diffs.
    Markdown,
}

/// Show what would change: the profile's render against a baseline, a path, a git revision,
/// another profile or the live cluster.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The profile to render.
    #[arg(short = 'p', long = "profile", value_name = "PROFILE")]
    pub profile: String,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Values over the profile for the rendered side, as `render` takes them.
    #[command(flatten)]
    pub overrides: super::project_args::OverrideArgs,
    /// What to compare against: baseline, live, git:REF, profile:NAME, a file or directory of
    /// manifests, or - for standard input.
    #[arg(long = "against", value_name = "SOURCE", default_value = "baseline")]
    pub against: String,
    /// Lines of context around each change.
    #[arg(short = 'U', long = "unified", value_name = "N", default_value_t = 3)]
    pub unified: usize,
    /// Exit with 2 when there are changes (0 when none, 1 on error).
    #[arg(long = "exit-code")]
    pub exit_code: bool,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = DiffFormat::Text)]
    pub output: DiffFormat,
    /// One line per changed object instead of full diffs (with -o markdown: the table only).
    #[arg(long = "stat")]
    pub stat: bool,
    /// Print Secret values instead of hiding them.
    #[arg(long = "show-secrets")]
    pub show_secrets: bool,
    /// Ignore a JSON pointer in matching objects: KIND[.GROUP][/NAME]:/pointer (* matches any).
    #[arg(long = "ignore", value_name = "KIND/NAME:/POINTER")]
    pub ignore: Vec<String>,
    /// Ignore an annotation key (a trailing * matches a prefix) in every object.
    #[arg(long = "ignore-annotation", value_name = "KEY")]
    pub ignore_annotation: Vec<String>,
    /// Ignore a label key (a trailing * matches a prefix) in every object.
    #[arg(long = "ignore-label", value_name = "KEY")]
    pub ignore_label: Vec<String>,
    /// Kubeconfig context for --against live (default: the current context).
    #[arg(long = "context", value_name = "NAME")]
    pub context: Option<String>,
    /// Kubeconfig file for --against live (default: KUBECONFIG or ~/.kube/config).
    #[arg(long = "kubeconfig", value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
    /// With --against live: compare with a dry-run server-side apply (never a real write).
    #[arg(long = "server-side")]
    pub server_side: bool,
}

/// The sides of a comparison as object lists, before keying.
struct Sides {
    old: Vec<ManifestObject>,
    new: Vec<ManifestObject>,
    /// The namespace objects of the old side default to, and the one they move to.
    old_namespace: String,
}

/// Runs `chartroom diff`; returns the exit status.
pub fn run(args: &DiffArgs) -> Result<i32> {
    let against = Against::parse(&args.against)?;
    if args.context.is_some() && !matches!(against, Against::Live) {
        anyhow::bail!(
            "--context only applies to --against live (comparing against {})",
            args.against
        );
    }
    let root = args.project.project.as_path();
    // The project first, so a broken chartroom.yaml is reported as every command reports it.
    let workspace = load_workspace(root, args.overrides.helm_compat)?;
    let mut ignore = load_ignore_rules(root)?;
    for flag in &args.ignore {
        ignore.rules.push(IgnoreRule::parse_flag(flag)?);
    }
    ignore.rules.extend(
        args.ignore_annotation
            .iter()
            .map(|key| IgnoreRule::annotation(key)),
    );
    ignore
        .rules
        .extend(args.ignore_label.iter().map(|key| IgnoreRule::label(key)));

    let command_line = args.overrides.command_line();
    let unknown = command_line.unknown_components(&workspace.project);
    if !unknown.is_empty() {
        return Ok(super::project_args::report(root, &unknown));
    }
    let progress = super::terminal::Progress::start(match &against {
        Against::Live => format!("comparing profile {} with the cluster...", args.profile),
        _ => format!(
            "comparing profile {} with {}...",
            args.profile,
            against.label()
        ),
    });
    let current = render_profile_in(&workspace, &args.profile, "render", &command_line)?;
    let namespace = current.namespace.clone();
    let new = current.objects;
    let (old_set, new_set, warnings) = match &against {
        Against::Live => live_sets(new, &namespace, args)?,
        _ => {
            let sides = read_side(&against, root, &workspace, &args.profile, new, &namespace)?;
            let mut scopes = Scopes::builtin();
            scopes.learn_from(sides.old.iter().chain(sides.new.iter()));
            let old_set = ResourceSet::build(sides.old, &scopes, &sides.old_namespace)?;
            let old_set = move_namespace(old_set, &sides.old_namespace, &namespace);
            (
                old_set,
                ResourceSet::build(sides.new, &scopes, &namespace)?,
                Vec::new(),
            )
        }
    };
    for warning in &warnings {
        super::terminal::warning(warning);
    }
    let report = compare(&old_set, &new_set, &ignore);
    drop(progress);
    // The global --color flag, NO_COLOR and whether stdout is a terminal (super::terminal).
    let colour = super::terminal::colour();
    let options = ReportOptions {
        context: args.unified,
        colour: colour && args.output == DiffFormat::Text,
        show_secrets: args.show_secrets,
        old_label: against.label(),
        new_label: format!("render -p {}", args.profile),
    };
    let text = match (args.output, args.stat) {
        (DiffFormat::Json, _) => write_json(&report, &against.label()),
        (DiffFormat::Markdown, stat) => write_markdown(&report, &options, &args.profile, stat)?,
        (DiffFormat::Text, true) => write_stat(&report, &options)?,
        (DiffFormat::Text, false) => write_text(&report, &options)?,
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .context("writing the report")?;
    stdout.flush().context("writing the report")?;
    Ok(if args.exit_code && report.has_changes() {
        2
    } else {
        0
    })
}

/// The old side's objects for every source but `live`; another profile renders in
/// `workspace` (the current side's), sharing its parsed charts.
fn read_side(
    against: &Against,
    root: &Path,
    workspace: &Workspace,
    profile: &str,
    new: Vec<ManifestObject>,
    namespace: &str,
) -> Result<Sides> {
    let same_namespace = |old| Sides {
        old,
        new: Vec::new(),
        old_namespace: namespace.to_string(),
    };
    let mut sides = match against {
        Against::Baseline => same_namespace(read_baseline(root, profile)?),
        Against::Path(path) => same_namespace(read_path(path)?),
        Against::Stdin => same_namespace(read_stdin()?),
        Against::Git(reference) => {
            let checkout = snapshot(root, reference)?;
            let rendered = render_profile(
                checkout.project_root(),
                profile,
                &against.label(),
                Some(workspace.project.helm_compat),
            )
            .with_context(|| {
                format!(
                    "rendering profile {profile} at {reference} ({})",
                    checkout.commit
                )
            })?;
            Sides {
                old: rendered.objects,
                new: Vec::new(),
                old_namespace: rendered.namespace,
            }
        }
        Against::Profile(other) => {
            let rendered = render_profile_in(
                workspace,
                other,
                &against.label(),
                &CommandLineValues::default(),
            )
            .with_context(|| format!("rendering profile {other}"))?;
            Sides {
                old: rendered.objects,
                new: Vec::new(),
                old_namespace: rendered.namespace,
            }
        }
        Against::Live => anyhow::bail!("--against live is read from the cluster, not as manifests"),
    };
    sides.new = new;
    Ok(sides)
}

#[cfg(feature = "live")]
fn live_sets(
    new: Vec<ManifestObject>,
    namespace: &str,
    args: &DiffArgs,
) -> Result<(ResourceSet, ResourceSet, Vec<String>)> {
    use crate::diff::live::{live_sides, LiveOptions};
    let mut scopes = Scopes::builtin();
    scopes.learn_from(new.iter());
    let rendered = ResourceSet::build(new, &scopes, namespace)?;
    let options = LiveOptions {
        kubeconfig: args.kubeconfig.clone(),
        context: args.context.clone(),
        server_side: args.server_side,
    };
    let sides = live_sides(&rendered, &options)?;
    Ok((sides.old, sides.new, sides.warnings))
}

#[cfg(not(feature = "live"))]
fn live_sets(
    _new: Vec<ManifestObject>,
    _namespace: &str,
    _args: &DiffArgs,
) -> Result<(ResourceSet, ResourceSet, Vec<String>)> {
    anyhow::bail!("--against live needs chartroom built with the `live` feature")
}
