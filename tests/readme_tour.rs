//! README.md's five-minute tour and its completion/man install commands, run as written (issue
//! 14, point 9), so the README cannot drift from the binary.
//!
//! Every `sh` block of the tour's section and of "Shell completions and man pages" runs, in
//! order, as one `sh -e` script, in a copy of the repository made a git repository of its own
//! (the tour diffs against `git:HEAD`), with the built chartroom first on `PATH` and `HOME` in
//! a temporary directory (the install commands write there). Every line of the tour's `text`
//! blocks (the output it shows) must appear in the script's output.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The README sections whose `sh` blocks run.
const SECTIONS: &[&str] = &["## Five-minute tour", "## Shell completions and man pages"];

/// Top-level entries of the repository that a clone has but the tour never needs.
const SKIPPED: &[&str] = &["target", ".git", ".cache"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The lines of a README section: from its heading to the next heading of the same or a
/// higher level.
fn section<'a>(readme: &'a str, heading: &str) -> Vec<&'a str> {
    let level = heading.split(' ').next().unwrap_or("#").len();
    let mut lines = readme.lines().skip_while(|line| *line != heading);
    assert!(lines.next().is_some(), "README.md has no {heading:?}");
    let ends_section = |line: &&str| {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        hashes > 0 && hashes <= level && line[hashes..].starts_with(' ')
    };
    lines.take_while(|line| !ends_section(line)).collect()
}

/// The fenced blocks of a section whose info string is `language`, each as its lines.
fn blocks(lines: &[&str], language: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut current: Option<(bool, Vec<String>)> = None;
    for line in lines {
        match current.take() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    current = Some((info.trim() == language, Vec::new()));
                }
            }
            Some((wanted, mut body)) => {
                if line.starts_with("```") {
                    if wanted {
                        found.push(body);
                    }
                } else {
                    body.push(line.to_string());
                    current = Some((wanted, body));
                }
            }
        }
    }
    assert!(current.is_none(), "an unclosed code block");
    found
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

/// A copy of the repository as a clone would have it, committed.
fn clone_of_repository(into: &Path) {
    for entry in std::fs::read_dir(root()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if !SKIPPED.iter().any(|skipped| name == *skipped) {
            copy_tree(&entry.path(), &into.join(&name));
        }
    }
    for arguments in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=tour",
            "-c",
            "user.email=tour@example.invalid",
            "commit",
            "-q",
            "-m",
            "clone",
        ],
    ] {
        let status = Command::new("git")
            .arg("-C")
            .arg(into)
            .args(arguments)
            .status()
            .unwrap();
        assert!(status.success(), "git {arguments:?}");
    }
}

#[test]
fn the_readme_tour_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut script = String::from("set -eu\n");
    let mut shown_output = Vec::new();
    for heading in SECTIONS {
        let lines = section(&readme, heading);
        let commands = blocks(&lines, "sh");
        assert!(!commands.is_empty(), "{heading}: no sh blocks");
        for block in commands {
            script.push_str(&block.join("\n"));
            script.push('\n');
        }
        for block in blocks(&lines, "text") {
            shown_output.extend(block.into_iter().filter(|line| line.trim() != "..."));
        }
    }
    for command in [
        "chartroom render",
        "chartroom validate",
        "chartroom diff",
        "chartroom template",
        "examples/",
        "chartroom completions",
        "chartroom man",
    ] {
        assert!(script.contains(command), "the tour never runs {command}");
    }

    let work = tempfile::tempdir().unwrap();
    let clone = work.path().join("chartroom");
    let home = work.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    clone_of_repository(&clone);

    let binary = PathBuf::from(env!("CARGO_BIN_EXE_chartroom"));
    let mut path = vec![binary.parent().unwrap().to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let output = Command::new("sh")
        .arg("-x")
        .arg("-c")
        .arg(&script)
        .current_dir(&clone)
        .env("PATH", std::env::join_paths(path).unwrap())
        .env("HOME", &home)
        .env_remove("NO_COLOR")
        .env_remove("CDPATH")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the tour failed ({:?}); the last commands and their output:\n{}\n--- stdout ---\n{}",
        output.status,
        tail(&stderr, 40),
        tail(&stdout, 40)
    );
    for line in &shown_output {
        assert!(
            stdout.lines().any(|printed| printed == line),
            "README shows {line:?}, the tour never printed it:\n{stdout}"
        );
    }

    // The install commands put every file where the README says.
    for installed in [
        ".local/share/bash-completion/completions/chartroom",
        ".zfunc/_chartroom",
        ".config/fish/completions/chartroom.fish",
        ".config/elvish/lib/chartroom.elv",
        ".local/share/man/man1/chartroom.1",
        ".local/share/man/man1/chartroom-render.1",
    ] {
        let path = home.join(installed);
        let size = std::fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0);
        assert!(size > 0, "{} missing or empty", path.display());
    }
    // The tour cleans up after itself: the clone is as it was.
    let status = Command::new("git")
        .arg("-C")
        .arg(&clone)
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout), "", "left behind");
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[test]
fn sections_end_at_the_next_heading_of_their_level() {
    let readme = "# t\n## A\na\n### B\nb\n## C\nc\n";
    assert_eq!(section(readme, "## A"), vec!["a", "### B", "b"]);
    assert_eq!(section(readme, "### B"), vec!["b"]);
    let fenced = ["```sh", "x", "```", "```text", "y", "```"];
    assert_eq!(blocks(&fenced, "sh"), vec![vec!["x".to_string()]]);
    assert_eq!(blocks(&fenced, "text"), vec![vec!["y".to_string()]]);
}
