//! `chartroom man [--output-dir DIR]`: man pages generated from the clap definition, so the
//! pages document exactly the flags the binary accepts. With a directory, one page per command
//! (`chartroom.1`, `chartroom-render.1`, `chartroom-argocd-generate.1`, ...), ready for
//! `MANPATH`; without, the top-level page on stdout.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Args, CommandFactory as _};

use super::args::Cli;

/// Write man pages: the chartroom page on stdout, or every command's page into a directory.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command here (created if missing) instead of printing chartroom.1.
    #[arg(long = "output-dir", value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
}

/// Writes every command's page into `directory` (created if missing); returns the files
/// written, parents before their subcommands.
pub fn write_pages(directory: &Path) -> std::io::Result<Vec<PathBuf>> {
    fn write(
        command: &clap::Command,
        directory: &Path,
        written: &mut Vec<PathBuf>,
    ) -> std::io::Result<()> {
        written.push(clap_mangen::Man::new(command.clone()).generate_to(directory)?);
        for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            write(sub, directory, written)?;
        }
        Ok(())
    }
    std::fs::create_dir_all(directory)?;
    // Building names each subcommand's page after its path (`chartroom-argocd-generate`).
    let mut command = Cli::command();
    command.build();
    let mut written = Vec::new();
    write(&command, directory, &mut written)?;
    Ok(written)
}

/// Runs `chartroom man`.
pub fn run(args: &ManArgs) -> Result<i32> {
    match &args.output_dir {
        Some(directory) => {
            let written = write_pages(directory)
                .with_context(|| format!("writing man pages to {}", directory.display()))?;
            super::terminal::note(format_args!(
                "wrote {} man pages to {}",
                written.len(),
                directory.display()
            ));
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .context("rendering the man page")?;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&page)
                .and_then(|()| stdout.flush())
                .context("writing the man page")?;
        }
    }
    Ok(0)
}
