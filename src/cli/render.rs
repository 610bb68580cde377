//! `chartroom render -p PROFILE [COMPONENT...]`: one profile's (or, with `--all`, every
//! profile's) manifests, as one multi-document stream on stdout or as a tree of files.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
use rayon::prelude::*;

use super::project_args::{
    load_project_with, note, print_check_warnings, report, OverrideArgs, ProjectArgs,
};
use crate::project::documents::parse_objects;
use crate::project::output_dir::{write_tree, OutputDirectory};
use crate::project::validate::{rendered_problems, RenderedChecks};
use crate::project::{settle, Diagnostic, RenderedComponent, ResolvedProfile, Workspace};

/// Render a profile's components: charts exactly as helm template, Jinja manifests.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The profile (profiles/<name>.yaml).
    #[arg(
        short = 'p',
        long = "profile",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub profile: Option<String>,
    /// Render every profile.
    #[arg(long)]
    pub all: bool,
    /// Components to render (all enabled ones when none are named), in project order.
    pub components: Vec<String>,
    /// Write one directory per component and one file per object here instead of stdout
    /// (with --all, one directory per profile above them). Replaces the directory atomically;
    /// a non-empty directory must be one chartroom wrote, holding only files it wrote.
    #[arg(long = "output-dir", value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// With --output-dir: replace the directory even if it holds files chartroom did not write.
    #[arg(long, requires = "output_dir")]
    pub force: bool,
    /// Check the render before printing anything: every reference between objects resolves in
    /// the render or to the profile's `external:` objects, custom resources pass their
    /// CustomResourceDefinitions, and, with --schema-location, every object passes the
    /// Kubernetes schemas (as `chartroom validate` does).
    #[arg(long, conflicts_with = "components")]
    pub check: bool,
    #[command(flatten)]
    pub checks: super::project_args::CheckArgs,
    #[command(flatten)]
    pub overrides: OverrideArgs,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Runs `chartroom render`.
pub fn run(args: &RenderArgs) -> Result<i32> {
    let project = match load_project_with(&args.project, &args.overrides) {
        Ok(project) => project,
        Err(status) => return Ok(status),
    };
    let names: Vec<String> = match (&args.profile, args.all) {
        (Some(name), false) => vec![name.clone()],
        (None, true) => project
            .profiles
            .iter()
            .filter(|(_, profile)| !profile.is_abstract())
            .map(|(name, _)| name.clone())
            .collect(),
        _ => bail!("give either -p PROFILE or --all"),
    };
    let progress = super::terminal::Progress::start(match names.as_slice() {
        [name] => format!("rendering profile {name}..."),
        _ => format!("rendering {} profiles...", names.len()),
    });
    let workspace = Workspace::new(project);
    let command_line = args.overrides.command_line();
    let checks = args.checks.checks()?;
    let root = args.project.project.as_path();
    let results: Vec<Result<Vec<RenderedComponent>, Vec<Diagnostic>>> = names
        .par_iter()
        .map(|name| {
            let (profile, parts) =
                workspace.render_profile_named(name, &args.components, &command_line)?;
            let disabled = workspace.disabled_among(&profile, &args.components);
            for notice in &disabled {
                note(root, notice);
            }
            if args.check {
                check_rendered(&workspace, &profile, &parts, &checks)?;
            }
            Ok(parts)
        })
        .collect();
    drop(progress);
    print_check_warnings(&checks);
    let mut profiles = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, result) in names.iter().zip(results) {
        match result {
            Ok(parts) => profiles.push((name.clone(), parts)),
            Err(found) => diagnostics.extend(found),
        }
    }
    if !diagnostics.is_empty() {
        // Profiles sharing a base (or a cycle) meet its problems once each; report them once.
        settle(&mut diagnostics);
        return Ok(report(root, &diagnostics));
    }
    match &args.output_dir {
        Some(directory) => write_output_dir(root, directory, &profiles, args.all, args.force),
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for (name, parts) in &profiles {
                if args.all {
                    writeln!(out, "# chartroom profile: {name}").context("writing the output")?;
                }
                for part in parts {
                    out.write_all(part.text.as_bytes())
                        .context("writing the output")?;
                }
            }
            out.flush().context("writing the output")?;
            Ok(0)
        }
    }
}

/// The checks of `--check` over a profile's parts.
pub(super) fn check_rendered(
    workspace: &Workspace,
    profile: &ResolvedProfile,
    parts: &[RenderedComponent],
    checks: &RenderedChecks,
) -> Result<(), Vec<Diagnostic>> {
    let mut rendered = Vec::new();
    for part in parts {
        let objects = parse_objects(&part.text, &format!("{}/{}", profile.name, part.name))?;
        rendered.push((part.name.clone(), objects));
    }
    let found = rendered_problems(workspace, profile, &rendered, checks);
    if found.is_empty() {
        Ok(())
    } else {
        Err(found)
    }
}

fn write_output_dir(
    root: &std::path::Path,
    directory: &std::path::Path,
    profiles: &[(String, Vec<RenderedComponent>)],
    per_profile: bool,
    force: bool,
) -> Result<i32> {
    let mut tree = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, parts) in profiles {
        for part in parts {
            match parse_objects(&part.text, &format!("{name}/{}", part.name)) {
                Ok(objects) => {
                    let segments = if per_profile {
                        vec![name.clone(), part.name.clone()]
                    } else {
                        vec![part.name.clone()]
                    };
                    tree.push(OutputDirectory::from_objects(segments, &objects));
                }
                Err(found) => diagnostics.extend(found),
            }
        }
    }
    if !diagnostics.is_empty() {
        return Ok(report(root, &diagnostics));
    }
    write_tree(directory, &tree, force)
        .with_context(|| format!("writing {}", directory.display()))?;
    Ok(0)
}
