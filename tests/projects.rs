//! chartroom projects end to end, through the binary: the default project renders and
//! validates, chart components equal Helm's output (golden files from
//! `scripts/regenerate-golden.sh`), rendered objects pass `kubernetes-validate`, and broken
//! projects under `tests/fixtures/projects/` report every problem at its file, line and column.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PROFILES: &[&str] = &["dev", "staging", "prod", "mobile"];
const CHART_COMPONENTS: &[&str] = &["postgres", "redis", "suggestion"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chartroom(directory: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chartroom"))
        .args(args)
        .current_dir(directory)
        .env("TZ", "UTC")
        .output()
        .expect("run chartroom")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/projects").join(name)
}

#[test]
fn every_profile_of_the_default_project_renders() {
    for profile in PROFILES {
        let output = chartroom(&root(), &["render", "-p", profile]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{profile}: {}",
            text(&output.stderr)
        );
        let stream = text(&output.stdout);
        assert!(
            stream.contains("kind: Deployment"),
            "{profile} has no Deployment"
        );
        assert!(stream.contains("# Source: suggestion/templates/deployment.yaml"));
    }
}

#[test]
fn the_default_project_validates() {
    let output = chartroom(&root(), &["validate", "--all"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[test]
fn chart_components_equal_helm_template() {
    for profile in PROFILES {
        for component in CHART_COMPONENTS {
            let golden = root()
                .join("tests/golden")
                .join(profile)
                .join(format!("{component}.yaml"));
            let expected = std::fs::read_to_string(&golden).unwrap_or_else(|error| {
                panic!(
                    "{}: {error} (run scripts/regenerate-golden.sh)",
                    golden.display()
                )
            });
            let output = chartroom(&root(), &["render", "-p", profile, component]);
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
            assert!(
                text(&output.stdout) == expected,
                "render -p {profile} {component} differs from {}",
                golden.display()
            );
        }
    }
}

#[test]
fn components_render_in_project_order() {
    let output = chartroom(&root(), &["render", "-p", "prod"]);
    let stream = text(&output.stdout);
    let position = |needle: &str| {
        stream
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(position("# Source: postgresql/") < position("# Source: redis/"));
    assert!(position("# Source: redis/") < position("# Source: suggestion/"));
    assert!(position("# Source: suggestion/") < position("# Source: manifests/monitoring/"));
}

#[test]
fn a_broken_profile_reports_three_positioned_errors() {
    let output = chartroom(&fixture("broken-profile"), &["validate", "-p", "bad"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("profiles/"))
        .collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("profiles/bad.yaml:2:1: /namespce: unknown property")),
        "{stderr}"
    );
    assert!(
        lines.iter().any(
            |line| line.starts_with("profiles/bad.yaml:6:7: /replicaCount: ")
                && line.contains("integer")
        ),
        "{stderr}"
    );
    assert!(
        lines.iter().any(
            |line| line.starts_with("profiles/bad.yaml:7:7: /database: ")
                && line.contains("\"host\" is a required property")
        ),
        "{stderr}"
    );
}

#[test]
fn an_extends_cycle_names_the_chain() {
    let output = chartroom(&fixture("broken-profile"), &["render", "-p", "loop-a"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("cycle: loop-a -> loop-b -> loop-a"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn an_undefined_jinja_variable_names_file_and_line() {
    let output = chartroom(&fixture("jinja-undefined"), &["render", "-p", "dev"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("manifests/web/service.yaml:9:"),
        "{stderr}"
    );
    assert!(stderr.contains("values.targetPort"), "{stderr}");
}

#[test]
fn output_dir_writes_one_file_per_object() {
    let target = std::env::temp_dir().join(format!("chartroom-projects-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&target);
    let output = chartroom(
        &root(),
        &[
            "render",
            "-p",
            "prod",
            "--output-dir",
            target.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(target
        .join("suggestion/deployment-suggestion.yaml")
        .is_file());
    assert!(target
        .join("monitoring/prometheusrule-monitoring-suggestion-alerts.yaml")
        .is_file());
    let _ = std::fs::remove_dir_all(&target);
}

#[test]
fn values_print_the_profile_chain_over_the_chart() {
    let output = chartroom(
        &root(),
        &[
            "values",
            "-p",
            "mobile",
            "suggestion",
            "--set",
            "image.tag=v9",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let values = text(&output.stdout);
    assert!(values.contains("maxReplicas: 15"), "mobile overrides prod");
    assert!(
        values.contains("DATABASE_HOST: postgres"),
        "base applies first"
    );
    assert!(values.contains("tag: v9"), "--set applies last");
}

/// Every rendered object whose kind Kubernetes defines passes `kubernetes-validate --strict`
/// for Kubernetes 1.31.0 (installed by .ci/run from PyPI); custom resources are skipped.
#[test]
fn rendered_objects_pass_kubernetes_validate() {
    let probe = Command::new("kubernetes-validate")
        .arg("--version")
        .output();
    if probe.map(|output| !output.status.success()).unwrap_or(true) {
        panic!("kubernetes-validate is not installed (pip install kubernetes-validate==1.37.0, as .ci/run does)");
    }
    let target = std::env::temp_dir().join(format!("chartroom-kv-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&target);
    let output = chartroom(
        &root(),
        &[
            "render",
            "--all",
            "--output-dir",
            target.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let mut files = Vec::new();
    let mut pending = vec![target.clone()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory)
            .expect("read output")
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if !std::fs::read_to_string(&path)
                .unwrap_or_default()
                .contains("apiVersion: monitoring.coreos.com/")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(
        files.len() > 20,
        "expected the objects of four profiles, got {}",
        files.len()
    );
    let result = Command::new("kubernetes-validate")
        .args(["--strict", "-k", "1.31.0", "--quiet"])
        .args(&files)
        .output()
        .expect("run kubernetes-validate");
    let _ = std::fs::remove_dir_all(&target);
    assert!(
        result.status.success(),
        "{}{}",
        text(&result.stdout),
        text(&result.stderr)
    );
}
