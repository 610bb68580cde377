//! `chartroom completions SHELL`: the shell completion script, generated from the same clap
//! definition the command line parses with, so it can never offer a flag that does not exist.
//!
//! Install lines for each shell are in README.md ("Shell completions and man pages").

use std::io::Write as _;

use anyhow::{Context as _, Result};
use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

use super::args::Cli;

/// Print the completion script for a shell on stdout.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "chartroom", &mut script);
    script
}

/// Runs `chartroom completions`.
pub fn run(args: &CompletionsArgs) -> Result<i32> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&script(args.shell))
        .and_then(|()| stdout.flush())
        .context("writing the completion script")?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let text = String::from_utf8(script(shell)).unwrap();
            for name in ["render", "validate", "diff", "template"] {
                assert!(text.contains(name), "{shell}: no {name}");
            }
        }
    }
}
