//! Flags shared by the project subcommands (`render`, `validate`, `values`, `list`), and how
//! they report a project's problems: one `file:line:col: path: message` line each on stderr,
//! exit status 1.

use std::path::PathBuf;

use clap::Args;

use crate::project::{CommandLineValues, Diagnostic, Project};

/// Where the project is.
#[derive(Debug, Clone, Args)]
pub struct ProjectArgs {
    /// The project directory (holding chartroom.yaml).
    #[arg(long = "project", short = 'C', default_value = ".", value_name = "DIR")]
    pub project: PathBuf,
}

/// Values given on the command line, over every profile.
#[derive(Debug, Clone, Args)]
pub struct OverrideArgs {
    /// Values files applied over the profile, in order (may repeat).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// helm --set assignments applied last (may repeat).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

impl OverrideArgs {
    pub fn command_line(&self) -> CommandLineValues {
        CommandLineValues {
            values_files: self.values.clone(),
            set: self.set.clone(),
        }
    }
}

/// Prints diagnostics to stderr and returns the failing exit status.
pub fn report(diagnostics: &[Diagnostic]) -> i32 {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
    1
}

/// Loads the project, or prints why not.
pub fn load_project(args: &ProjectArgs) -> Result<Project, i32> {
    Project::load(&args.project).map_err(|diagnostics| report(&diagnostics.0))
}
