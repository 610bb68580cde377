//! `chartroom validate [-p PROFILE | --all]`: every check of the project; each problem on
//! stderr in the diagnostics layout, then how many, exit status 1 when there is any.

use anyhow::Result;
use clap::Args;

use super::project_args::{print_check_warnings, report, OverrideArgs, ProjectArgs};
use crate::project::validate::{validate_project, ProfileSelection};

/// Check the project file, profiles, values schemas, templates, rendered output and policies.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Check only this profile (and its chain).
    #[arg(short = 'p', long = "profile", conflicts_with = "all")]
    pub profile: Option<String>,
    /// Check every profile (the default).
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub overrides: OverrideArgs,
    #[command(flatten)]
    pub checks: super::project_args::CheckArgs,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Runs `chartroom validate`.
pub fn run(args: &ValidateArgs) -> Result<i32> {
    let selection = match &args.profile {
        Some(name) => ProfileSelection::One(name.clone()),
        None => ProfileSelection::All,
    };
    let checks = args.checks.checks()?;
    let progress = super::terminal::Progress::start(match &args.profile {
        Some(name) => format!("validating profile {name}..."),
        None => "validating every profile...".to_string(),
    });
    let diagnostics = validate_project(
        &args.project.project,
        &selection,
        &args.overrides.command_line(),
        &checks,
    );
    drop(progress);
    print_check_warnings(&checks);
    if diagnostics.is_empty() {
        return Ok(0);
    }
    Ok(report(&args.project.project, &diagnostics))
}
