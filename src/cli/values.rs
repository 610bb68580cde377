//! `chartroom values -p PROFILE COMPONENT`: the effective values a component renders with, as
//! YAML (Helm's `toYaml` output). For a chart component, `helm template` with this file as its
//! only values file renders what `chartroom render` renders.

use std::io::Write;

use anyhow::{anyhow, Context, Result};
use clap::Args;

use super::project_args::{load_project_with, report, OverrideArgs, ProjectArgs};
use crate::project::plan::unknown_component;
use crate::project::{Diagnostics, ResolvedProfile, Workspace};
use crate::value::Value;

/// Print the effective values of a component in a profile.
#[derive(Debug, Args)]
pub struct ValuesArgs {
    /// The profile.
    #[arg(short = 'p', long = "profile")]
    pub profile: String,
    /// The component.
    pub component: String,
    /// Print the release name and the `helm template` flags (namespace, kube version, API
    /// versions) this component renders with, one per line, instead of the values.
    #[arg(long = "helm-args")]
    pub helm_args: bool,
    #[command(flatten)]
    pub overrides: OverrideArgs,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Runs `chartroom values`.
pub fn run(args: &ValuesArgs) -> Result<i32> {
    let root = args.project.project.as_path();
    let project = match load_project_with(&args.project, &args.overrides) {
        Ok(project) => project,
        Err(status) => return Ok(status),
    };
    let profile = match ResolvedProfile::resolve(&project, &args.profile) {
        Ok(profile) => profile,
        Err(Diagnostics(found)) => return Ok(report(root, &found)),
    };
    let Some(component) = project.component(&args.component).cloned() else {
        let unknown = unknown_component(&project, &args.component, "");
        return Ok(report(root, &[unknown]));
    };
    let workspace = Workspace::new(project);
    if args.helm_args {
        let settings = workspace.release_settings(&profile, &component);
        let mut lines = vec![settings.name, "--namespace".to_string(), settings.namespace];
        if let Some(version) = settings.kube_version {
            lines.extend(["--kube-version".to_string(), version]);
        }
        for version in settings.api_versions {
            lines.extend(["--api-versions".to_string(), version]);
        }
        println!("{}", lines.join("\n"));
        return Ok(0);
    }
    let effective =
        match workspace.effective_values(&profile, &component, &args.overrides.command_line()) {
            Ok(effective) => effective,
            Err(found) => return Ok(report(root, &found)),
        };
    let text = crate::yaml::emit::to_yaml(&Value::Map(effective.values))
        .map_err(|error| anyhow!("{error}"))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .context("writing the output")?;
    Ok(0)
}
