//! What integrations (Argo CD, pre-commit, CI) rely on: the same input gives the same bytes
//! whatever the number of cores and however often it runs; manifests go to stdout and nothing
//! else does; failures exit non-zero with the diagnostic on stderr and nothing on stdout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn projects() -> Vec<PathBuf> {
    let mut projects = vec![root()];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.join("chartroom.yaml").is_file())
        .collect();
    examples.sort();
    projects.extend(examples);
    projects
}

fn chartroom(project: &Path, args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chartroom"))
        .arg("-C")
        .arg(project)
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn every_profile_renders_to_the_same_bytes_on_one_core_and_on_many() {
    for project in projects() {
        let reference = chartroom(&project, &["render", "--all"], "1");
        assert_eq!(
            reference.status.code(),
            Some(0),
            "{}: {}",
            project.display(),
            String::from_utf8_lossy(&reference.stderr)
        );
        assert!(!reference.stdout.is_empty());
        assert!(
            reference.stderr.is_empty(),
            "{}: stderr must stay empty on success: {}",
            project.display(),
            String::from_utf8_lossy(&reference.stderr)
        );
        for threads in ["2", "8", "1"] {
            let again = chartroom(&project, &["render", "--all"], threads);
            assert!(
                again.stdout == reference.stdout,
                "{}: output differs with {threads} threads",
                project.display()
            );
        }
    }
}

#[test]
fn failures_print_nothing_on_stdout() {
    let output = chartroom(&root(), &["render", "-p", "no-such-profile"], "2");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-profile"));
}
