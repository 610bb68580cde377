//! The everyday workflow around the commands (issue 14, point 8): shell completions and man
//! pages generated from the CLI definition, `--color`/`NO_COLOR`, `--quiet`, and a stderr
//! that stays byte-stable when it is not a terminal (no progress lines in CI logs).
//!
//! Every run is of the built binary in the repository's default project, read-only.

use std::path::PathBuf;
use std::process::{Command, Output};

const ESCAPE: u8 = 0x1b;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs chartroom in the repository root with `NO_COLOR` unset, plus `environment`.
fn chartroom_with(args: &[&str], environment: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chartroom"));
    command
        .current_dir(root())
        .args(args)
        .env_remove("NO_COLOR");
    for (name, value) in environment {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn chartroom(args: &[&str]) -> Output {
    chartroom_with(args, &[])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn succeeded(args: &[&str], output: &Output) {
    assert!(
        output.status.success(),
        "chartroom {args:?}: {:?}\n{}",
        output.status,
        text(&output.stderr)
    );
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let args = ["completions", shell];
        let output = chartroom(&args);
        succeeded(&args, &output);
        let script = text(&output.stdout);
        assert!(script.len() > 1000, "{shell}: {script}");
        for subcommand in ["template", "render", "validate", "diff", "baseline", "man"] {
            assert!(script.contains(subcommand), "{shell}: no {subcommand}");
        }
        assert!(script.contains("profile"), "{shell}: no --profile");
    }
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let output = chartroom(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("tcsh"));
}

#[test]
fn man_writes_one_page_per_command() {
    let directory = tempfile::tempdir().unwrap();
    let pages = directory.path().join("man1");
    let args = ["man", "--output-dir", pages.to_str().unwrap()];
    let output = chartroom(&args);
    succeeded(&args, &output);
    for name in [
        "chartroom.1",
        "chartroom-template.1",
        "chartroom-render.1",
        "chartroom-validate.1",
        "chartroom-diff.1",
        "chartroom-argocd-generate.1",
        "chartroom-completions.1",
    ] {
        let page = std::fs::read_to_string(pages.join(name)).unwrap_or_else(|error| {
            panic!("{name}: {error}");
        });
        assert!(page.contains(".TH"), "{name}: not a man page");
    }
    let render = std::fs::read_to_string(pages.join("chartroom-render.1")).unwrap();
    assert!(render.contains("profile"), "{render}");
    assert!(text(&output.stderr).contains("wrote"));
}

#[test]
fn man_without_a_directory_prints_the_top_page() {
    let output = chartroom(&["man"]);
    succeeded(&["man"], &output);
    let page = text(&output.stdout);
    assert!(page.contains(".TH chartroom 1"), "{page}");
    assert!(page.contains("render"), "{page}");
}

/// A diff with changes: two profiles of the default project.
const DIFF: &[&str] = &["diff", "-p", "dev", "--against", "profile:prod"];

fn diff_with(extra: &[&str], environment: &[(&str, &str)]) -> Vec<u8> {
    let args: Vec<&str> = DIFF.iter().chain(extra).copied().collect();
    let output = chartroom_with(&args, environment);
    succeeded(&args, &output);
    assert!(!output.stdout.is_empty());
    output.stdout
}

#[test]
fn color_always_colours_even_into_a_pipe() {
    assert!(diff_with(&["--color=always"], &[]).contains(&ESCAPE));
    // The flag is global: before the subcommand too, and spelled as helm also accepts it.
    let args = [
        "--colour",
        "always",
        "diff",
        "-p",
        "dev",
        "--against",
        "profile:prod",
    ];
    let output = chartroom(&args);
    succeeded(&args, &output);
    assert!(output.stdout.contains(&ESCAPE));
    // A command-line flag overrides NO_COLOR (no-color.org).
    assert!(diff_with(&["--color=always"], &[("NO_COLOR", "1")]).contains(&ESCAPE));
}

#[test]
fn color_never_and_no_color_print_no_escape_codes() {
    let plain = diff_with(&["--color=never"], &[]);
    assert!(!plain.contains(&ESCAPE));
    assert_eq!(diff_with(&[], &[("NO_COLOR", "1")]), plain);
    assert_eq!(diff_with(&[], &[]), plain, "auto into a pipe is plain");
}

#[test]
fn color_rejects_an_unknown_choice() {
    let output = chartroom(&["--color", "sometimes", "list"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("sometimes") && stderr.contains("never"),
        "{stderr}"
    );
}

#[test]
fn template_keeps_accepting_helms_color_flag() {
    let plain = ["template", "gateway", "charts/api-gateway"];
    let expected = chartroom(&plain);
    succeeded(&plain, &expected);
    for flag in ["--color=never", "--color=always", "--colour=auto"] {
        let args: Vec<&str> = plain.iter().copied().chain([flag]).collect();
        let output = chartroom(&args);
        succeeded(&args, &output);
        assert_eq!(output.stdout, expected.stdout, "{flag}");
    }
}

/// `monitoring` is disabled in `dev`: naming it next to an enabled component renders the
/// enabled one with a note about the other.
const RENDER_WITH_NOTE: &[&str] = &["render", "-p", "dev", "suggestion", "monitoring"];

#[test]
fn notes_reach_stderr_without_quiet() {
    let output = chartroom(RENDER_WITH_NOTE);
    succeeded(RENDER_WITH_NOTE, &output);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("note:") && stderr.contains("monitoring"),
        "{stderr}"
    );
}

#[test]
fn quiet_silences_notes_but_not_output() {
    let loud = chartroom(RENDER_WITH_NOTE);
    for position in [0, RENDER_WITH_NOTE.len()] {
        for flag in ["--quiet", "-q"] {
            let mut args = RENDER_WITH_NOTE.to_vec();
            args.insert(position, flag);
            let output = chartroom(&args);
            succeeded(&args, &output);
            assert_eq!(text(&output.stderr), "", "{args:?}");
            assert_eq!(output.stdout, loud.stdout, "{args:?}");
        }
    }
}

#[test]
fn quiet_still_prints_errors() {
    let output = chartroom(&["render", "-q", "-p", "no-such-profile"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("no-such-profile"));
}

#[test]
fn slow_runs_print_no_progress_into_a_pipe() {
    // Rendering every profile takes longer than the progress delay on a debug build; stderr
    // is a pipe here, so it must stay empty.
    for args in [
        &["render", "--all"][..],
        &["validate", "--all"],
        &["diff", "-p", "dev", "--against", "profile:prod", "--stat"],
    ] {
        let output = chartroom(args);
        succeeded(args, &output);
        assert_eq!(text(&output.stderr), "", "{args:?}");
    }
}

#[test]
fn help_follows_the_color_flag() {
    let always = chartroom(&["--color=always", "render", "--help"]);
    succeeded(&["--color=always", "render", "--help"], &always);
    assert!(always.stdout.contains(&ESCAPE));
    let never = chartroom(&["render", "--help", "--color", "never"]);
    assert!(!never.stdout.contains(&ESCAPE));
    assert!(text(&never.stdout).contains("--quiet"));
}
