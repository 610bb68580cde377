//! `chartroom template`'s wider surface (post-renderer, packaged charts, `.helmignore`,
//! `--show-only` on subcharts, `--output-dir`, CRDs, tests) against fixtures recorded from
//! real Helm by `scripts/regenerate-surface.sh`.
//!
//! Each case under `tests/fixtures/surface/cases/` runs in a scratch copy of
//! `tests/fixtures/surface` (so cases can share the charts beside them and may write
//! `out/`), exactly as the script ran Helm; stdout plus the files written under `out/`,
//! stderr (scratch path replaced by `$FIXTURES`) and the exit status must all match.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/surface")
}

/// Copies a directory tree (files keep their permissions; symbolic links are recreated).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn files_under(directory: &Path, prefix: &str, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries {
        let entry = entry.unwrap();
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type().unwrap().is_dir() {
            files_under(&entry.path(), &name, found);
        } else {
            found.push(name);
        }
    }
}

struct Outcome {
    stdout: String,
    stderr: String,
    status: i32,
}

fn run_case(name: &str) -> Outcome {
    let scratch =
        std::env::temp_dir().join(format!("chartroom-surface-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    copy_tree(&fixtures(), &scratch);
    let directory = scratch.join("cases").join(name);
    let args_text = std::fs::read_to_string(directory.join("args")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_chartroom"))
        .arg("template")
        .args(args_text.lines())
        .current_dir(&directory)
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    let mut stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut written = Vec::new();
    files_under(&directory.join("out"), "out", &mut written);
    written.sort();
    for file in written {
        stdout.push_str(&format!("==> {file} <==\n"));
        stdout.push_str(&std::fs::read_to_string(directory.join(&file)).unwrap());
    }
    let stderr =
        String::from_utf8_lossy(&output.stderr).replace(scratch.to_str().unwrap(), "$FIXTURES");
    std::fs::remove_dir_all(&scratch).ok();
    Outcome {
        stdout,
        stderr,
        status: output.status.code().unwrap_or(-1),
    }
}

#[test]
fn surface_cases_match_helm() {
    let cases = fixtures().join("cases");
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 10,
        "expected the surface cases under {}",
        cases.display()
    );
    let mut failures = Vec::new();
    for name in &names {
        let expected_dir = cases.join(name);
        let read = |file: &str| std::fs::read_to_string(expected_dir.join(file)).unwrap();
        let outcome = run_case(name);
        let expected_status: i32 = read("expected.rc").trim().parse().unwrap();
        if outcome.stdout != read("expected.out") {
            failures.push(format!(
                "{name}: stdout differs:\n--- helm\n{}\n--- chartroom\n{}",
                read("expected.out"),
                outcome.stdout
            ));
        }
        if outcome.stderr != read("expected.err") {
            failures.push(format!(
                "{name}: stderr differs:\n--- helm\n{}\n--- chartroom\n{}",
                read("expected.err"),
                outcome.stderr
            ));
        }
        if outcome.status != expected_status {
            failures.push(format!(
                "{name}: exit status {} (helm {expected_status})",
                outcome.status
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} surface cases differ:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

/// `--dependency-update` would download the missing charts; chartroom never touches the
/// network, so it keeps Helm's missing-dependency error and says why it cannot fetch them.
#[test]
fn dependency_update_is_refused_without_network() {
    let chart = fixtures().join("charts/missing-dependency");
    let output = Command::new(env!("CARGO_BIN_EXE_chartroom"))
        .args(["template", "rel"])
        .arg(&chart)
        .arg("--dependency-update")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("Error: an error occurred while checking for chart dependencies."),
        "{stderr}"
    );
    assert!(
        stderr.contains("missing in charts/ directory: absent"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--dependency-update is not supported: chartroom never downloads charts"),
        "{stderr}"
    );
}
