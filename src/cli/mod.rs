//! The `chartroom` command line.
//!
//! Errors print as Helm prints them: `Error: <message>` on stderr and exit status 1; usage
//! errors use cobra/pflag's wording (`unknown flag: --x`, `flag needs an argument: --x`). A
//! project's problems print in the diagnostics layout instead, the same from every command
//! (see [`project_args::report`]).

pub mod argocd;
pub mod args;
pub mod baseline;
pub mod completions;
pub mod diff;
pub mod list;
pub mod manpages;
pub mod post_render;
pub mod project_args;
pub mod project_render;
pub mod render;
pub mod template;
pub mod terminal;
pub mod validate;
pub mod values;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory as _, FromArgMatches as _};

use args::{Cli, Command};

/// Runs the command line and returns the process exit status.
pub fn run() -> i32 {
    let arguments = match leading_directory(std::env::args_os().collect()) {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("Error: {message}");
            return 1;
        }
    };
    // clap's own help and errors follow --color too.
    let mut command = Cli::command().color(terminal::choice_in_arguments(&arguments).into());
    let parsed = command
        .try_get_matches_from_mut(arguments)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => return report_usage_error(&error),
    };
    terminal::init(&cli.terminal);
    let result = match cli.command {
        Command::Template(args) => template::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Values(args) => values::run(&args),
        Command::List(args) => list::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Baseline(args) => baseline::run(&args),
        Command::Argocd(args) => argocd::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => manpages::run(&args),
    };
    match result {
        Ok(status) => status,
        Err(error) => match error.downcast_ref::<project_args::ProjectProblems>() {
            Some(problems) => project_args::report(&problems.root, &problems.diagnostics),
            None => {
                eprintln!("Error: {error:#}");
                1
            }
        },
    }
}

/// `chartroom -C DIR <command> ...`, as git has it: changes to DIR first, so project commands
/// find the project there and relative paths resolve from it. (`-C` after a project command
/// names the project directory without changing directory.)
fn leading_directory(
    mut arguments: Vec<std::ffi::OsString>,
) -> Result<Vec<std::ffi::OsString>, String> {
    while arguments.len() > 1 {
        let first = arguments[1].to_string_lossy().into_owned();
        let directory = if first == "-C" {
            if arguments.len() < 3 {
                return Err("flag needs an argument: 'C' in -C".into());
            }
            let directory = arguments.remove(2);
            arguments.remove(1);
            directory
        } else if let Some(rest) = first.strip_prefix("-C").filter(|rest| !rest.is_empty()) {
            arguments.remove(1);
            rest.into()
        } else {
            break;
        };
        std::env::set_current_dir(&directory).map_err(|error| {
            format!(
                "cannot change to directory {}: {error}",
                directory.to_string_lossy()
            )
        })?;
    }
    Ok(arguments)
}

/// Prints a clap error in cobra's words (help and version go to stdout with status 0).
fn report_usage_error(error: &clap::Error) -> i32 {
    match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                1
            } else {
                0
            };
        }
        _ => {}
    }
    let invalid = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(text)) => text.clone(),
        _ => String::new(),
    };
    let flag = invalid
        .split([' ', '=', '<'])
        .next()
        .unwrap_or_default()
        .to_string();
    // A value clap rejected (`--color bogus`), as opposed to a missing one.
    let rejected_value = matches!(
        error.get(ContextKind::InvalidValue),
        Some(ContextValue::String(value)) if !value.is_empty()
    );
    let message = match error.kind() {
        ErrorKind::UnknownArgument if flag.starts_with("--") => format!("unknown flag: {flag}"),
        ErrorKind::UnknownArgument if flag.starts_with('-') => {
            let letter = flag.trim_start_matches('-').chars().next().unwrap_or('?');
            format!("unknown shorthand flag: '{letter}' in {flag}")
        }
        ErrorKind::InvalidValue | ErrorKind::NoEquals if !flag.is_empty() && !rejected_value => {
            format!("flag needs an argument: {flag}")
        }
        // Everything clap says before its usage line, on one line: a missing argument's
        // name follows the sentence that announces it.
        _ => error
            .render()
            .to_string()
            .trim_start_matches("error: ")
            .lines()
            .take_while(|line| !line.starts_with("Usage:"))
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    };
    eprintln!("Error: {message}");
    1
}
