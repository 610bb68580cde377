//! `chartroom baseline -p PROFILE | --all`: store what the profile renders under
//! `baselines/<profile>/`, atomically, as the default comparison of `chartroom diff`.

use anyhow::{Context as _, Result};
use clap::Args;

use crate::diff::baseline::write_baseline;
use crate::diff::identity::{ResourceSet, Scopes};

use super::project_args::ProjectArgs;
use super::project_render::{load_workspace, profile_names, render_profile_in};

/// Store the current render of a profile (or of every profile) as its baseline.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The profile to store.
    #[arg(
        short = 'p',
        long = "profile",
        value_name = "PROFILE",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub profile: Option<String>,
    /// Store every profile of the project.
    #[arg(long = "all")]
    pub all: bool,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Runs `chartroom baseline`; returns the exit status.
pub fn run(args: &BaselineArgs) -> Result<i32> {
    let root = args.project.project.as_path();
    let profiles = match &args.profile {
        Some(profile) => vec![profile.clone()],
        None => profile_names(root)?,
    };
    // Render everything first, so that a failing profile leaves every baseline as it was.
    let workspace = load_workspace(root, None)?;
    let mut rendered = Vec::new();
    for profile in &profiles {
        let output = render_profile_in(
            &workspace,
            profile,
            &format!("render -p {profile}"),
            &crate::project::CommandLineValues::default(),
        )
        .with_context(|| format!("rendering profile {profile}"))?;
        let mut scopes = Scopes::builtin();
        scopes.learn_from(output.objects.iter());
        rendered.push((
            profile,
            ResourceSet::build(output.objects, &scopes, &output.namespace)?,
        ));
    }
    for (profile, resources) in rendered {
        let written = write_baseline(root, profile, &resources)?;
        println!(
            "{profile}: {} objects in {}",
            written.objects,
            written.directory.display()
        );
    }
    Ok(0)
}
