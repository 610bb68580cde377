//! How chartroom talks to the person at the terminal: whether stdout is coloured, whether
//! notes and warnings reach stderr, and progress lines for slow runs.
//!
//! Decided once per run, from the global `--color`/`--quiet` flags, `NO_COLOR` and whether
//! each stream is a terminal, so that every command agrees and no module looks at the
//! environment on its own. Nothing here ever writes to a stream that is not a terminal unless
//! asked to (`--color=always`), which keeps the output of CI runs and tests byte-stable.

use std::ffi::OsString;
use std::fmt::Display;
use std::io::{IsTerminal as _, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::OnceLock;
use std::thread::JoinHandle;
use std::time::Duration;

use clap::{Args, ValueEnum};

/// When to colour output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Only on a terminal, and not when NO_COLOR is set to a non-empty value.
    #[default]
    Auto,
    /// Always, even into a pipe or file (and despite NO_COLOR).
    Always,
    /// Never.
    Never,
}

/// The global flags every subcommand takes.
#[derive(Debug, Clone, Default, Args)]
pub struct TerminalArgs {
    /// When to colour output: auto (a terminal, unless NO_COLOR is set), always or never.
    #[arg(
        long = "color",
        alias = "colour",
        value_name = "WHEN",
        value_enum,
        global = true,
        default_value_t = ColorChoice::Auto
    )]
    pub color: ColorChoice,
    /// Print only errors on stderr: no notes, warnings or progress.
    #[arg(short = 'q', long = "quiet", global = true)]
    pub quiet: bool,
}

impl From<ColorChoice> for clap::ColorChoice {
    fn from(choice: ColorChoice) -> clap::ColorChoice {
        match choice {
            ColorChoice::Auto => clap::ColorChoice::Auto,
            ColorChoice::Always => clap::ColorChoice::Always,
            ColorChoice::Never => clap::ColorChoice::Never,
        }
    }
}

/// The `--color` choice among the raw arguments (the last one wins; `auto` when absent or not
/// a choice). clap prints help and usage errors before the flags are parsed, so its colour
/// must be chosen from the raw arguments; clap's `auto` honours `NO_COLOR` itself.
pub fn choice_in_arguments(arguments: &[OsString]) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut words = arguments.iter().skip(1).map(|word| word.to_string_lossy());
    while let Some(word) = words.next() {
        let value = match word.as_ref() {
            "--" => break,
            "--color" | "--colour" => words.next().map(|value| value.into_owned()),
            other => other
                .strip_prefix("--color=")
                .or_else(|| other.strip_prefix("--colour="))
                .map(str::to_string),
        };
        if let Some(parsed) = value.and_then(|value| ColorChoice::from_str(&value, false).ok()) {
            choice = parsed;
        }
    }
    choice
}

/// What this run may print besides its output, decided once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    /// Whether stdout gets ANSI colour.
    pub colour: bool,
    /// Whether diagnostics on stderr get ANSI colour (the same choice, made for stderr).
    pub stderr_colour: bool,
    /// Whether notes and warnings go to stderr.
    pub chatty: bool,
    /// Whether slow runs say so on stderr.
    pub progress: bool,
}

/// How long a run goes before it says what it is doing: shorter runs print nothing extra.
pub const PROGRESS_DELAY: Duration = Duration::from_millis(300);

static TERMINAL: OnceLock<Terminal> = OnceLock::new();

impl Terminal {
    /// The decision for given flags, `NO_COLOR` value and streams (pure, for tests).
    pub fn decide(
        args: &TerminalArgs,
        no_color: Option<&OsString>,
        stdout_is_terminal: bool,
        stderr_is_terminal: bool,
    ) -> Terminal {
        // no-color.org: set and non-empty disables colour by default; a command-line flag
        // still overrides it.
        let no_color = no_color.is_some_and(|value| !value.is_empty());
        let colour_for = |is_terminal: bool| match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        };
        Terminal {
            colour: colour_for(stdout_is_terminal),
            stderr_colour: colour_for(stderr_is_terminal),
            chatty: !args.quiet,
            progress: !args.quiet && stderr_is_terminal,
        }
    }

    /// The decision for this process's environment and streams.
    pub fn from_environment(args: &TerminalArgs) -> Terminal {
        Terminal::decide(
            args,
            std::env::var_os("NO_COLOR").as_ref(),
            std::io::stdout().is_terminal(),
            std::io::stderr().is_terminal(),
        )
    }
}

/// Fixes this run's decision (the first call wins).
pub fn init(args: &TerminalArgs) {
    let _ = TERMINAL.set(Terminal::from_environment(args));
}

/// This run's decision; the defaults (`--color=auto`, not quiet) when `init` was not called.
pub fn current() -> Terminal {
    *TERMINAL.get_or_init(|| Terminal::from_environment(&TerminalArgs::default()))
}

/// Whether stdout gets ANSI colour.
pub fn colour() -> bool {
    current().colour
}

/// Whether diagnostics on stderr get ANSI colour.
pub fn stderr_colour() -> bool {
    current().stderr_colour
}

/// Prints a line that informs but does not fail the run, unless `--quiet`.
pub fn note(line: impl Display) {
    if current().chatty {
        eprintln!("{line}");
    }
}

/// Prints `warning: ...` on stderr, unless `--quiet`.
pub fn warning(message: impl Display) {
    if current().chatty {
        eprintln!("warning: {message}");
    }
}

/// A progress line for a run that may take a while: printed on stderr once the run has gone
/// on for [`PROGRESS_DELAY`], and only on a terminal without `--quiet`. Dropping it before
/// then prints nothing; dropping it waits for the line to be written, so the line never lands
/// in the middle of the output that follows.
pub struct Progress {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the timer for `message` ("rendering 12 profiles...").
    pub fn start(message: impl Into<String>) -> Progress {
        if current().progress {
            Progress::start_to(message.into(), PROGRESS_DELAY, std::io::stderr())
        } else {
            Progress::inert()
        }
    }

    /// A progress that never prints.
    pub fn inert() -> Progress {
        Progress {
            stop: None,
            thread: None,
        }
    }

    /// Starts the timer writing to `sink` after `delay`.
    pub fn start_to(
        message: String,
        delay: Duration,
        mut sink: impl Write + Send + 'static,
    ) -> Progress {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(delay) {
                    let _ = writeln!(sink, "{message}");
                    let _ = sink.flush();
                }
            })
            .ok();
        Progress {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // Closing the channel wakes the timer thread at once.
        self.stop.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn args(color: ColorChoice, quiet: bool) -> TerminalArgs {
        TerminalArgs { color, quiet }
    }

    #[test]
    fn colour_follows_the_terminal_no_color_and_the_flag() {
        let set = OsString::from("1");
        let empty = OsString::new();
        let auto = args(ColorChoice::Auto, false);
        assert!(Terminal::decide(&auto, None, true, true).colour);
        assert!(!Terminal::decide(&auto, None, false, true).colour);
        assert!(!Terminal::decide(&auto, Some(&set), true, true).colour);
        assert!(Terminal::decide(&auto, Some(&empty), true, true).colour);
        let always = args(ColorChoice::Always, false);
        assert!(Terminal::decide(&always, Some(&set), false, false).colour);
        let never = args(ColorChoice::Never, false);
        assert!(!Terminal::decide(&never, None, true, true).colour);
        // stderr is decided on its own: diagnostics into a pipe stay plain.
        assert!(Terminal::decide(&auto, None, false, true).stderr_colour);
        assert!(!Terminal::decide(&auto, None, true, false).stderr_colour);
        assert!(!Terminal::decide(&auto, Some(&set), true, true).stderr_colour);
        assert!(Terminal::decide(&always, None, false, false).stderr_colour);
        assert!(!Terminal::decide(&never, None, true, true).stderr_colour);
    }

    #[test]
    fn the_color_flag_is_found_among_raw_arguments() {
        let choice = |words: &[&str]| {
            let arguments: Vec<OsString> = words.iter().map(OsString::from).collect();
            choice_in_arguments(&arguments)
        };
        assert_eq!(choice(&["chartroom", "--help"]), ColorChoice::Auto);
        assert_eq!(
            choice(&["chartroom", "--color", "never", "render", "--help"]),
            ColorChoice::Never
        );
        assert_eq!(
            choice(&["chartroom", "diff", "--colour=always"]),
            ColorChoice::Always
        );
        assert_eq!(
            choice(&["chartroom", "x", "--", "--color=never"]),
            ColorChoice::Auto
        );
    }

    #[test]
    fn quiet_silences_notes_and_progress() {
        let loud = Terminal::decide(&args(ColorChoice::Auto, false), None, false, true);
        assert!(loud.chatty && loud.progress);
        let quiet = Terminal::decide(&args(ColorChoice::Auto, true), None, false, true);
        assert!(!quiet.chatty && !quiet.progress);
        let piped = Terminal::decide(&args(ColorChoice::Auto, false), None, true, false);
        assert!(piped.chatty && !piped.progress);
    }

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn progress_prints_only_for_slow_runs() {
        let sink = Shared::default();
        drop(Progress::start_to(
            "quick...".into(),
            Duration::from_secs(60),
            sink.clone(),
        ));
        assert!(sink.0.lock().unwrap().is_empty());

        let progress = Progress::start_to("slow...".into(), Duration::ZERO, sink.clone());
        // The timer thread may not have started yet; a loaded machine gets five seconds.
        for _ in 0..500 {
            if !sink.0.lock().unwrap().is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(progress);
        assert_eq!(*sink.0.lock().unwrap(), b"slow...\n");
    }
}
