//! The Argo CD Config Management Plugin contract, played from the repo-server's side: the
//! generate command of `argocd/plugin.yaml` runs in a copy of the application's source
//! directory with the environment Argo CD sets, prints the manifests to apply on stdout, and
//! fails with the diagnostics on stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a project the way the repo-server checks a repository out: a fresh directory.
fn checkout(source: &Path, name: &str) -> PathBuf {
    let target =
        std::env::temp_dir().join(format!("chartroom-argocd-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&target);
    copy_tree(source, &target);
    target
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let name = entry.file_name();
        if name == "target" || name == ".git" || name == ".cache" || name == "tests" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).expect("copy");
        }
    }
}

/// The plugin's generate command, as plugin.yaml declares it, with Argo CD's environment.
fn generate(directory: &Path, environment: &[(&str, &str)]) -> Output {
    let plugin = std::fs::read_to_string(root().join("argocd/plugin.yaml")).expect("plugin.yaml");
    assert!(
        plugin.contains("command: [chartroom, argocd, generate]"),
        "{plugin}"
    );
    let mut command = Command::new(env!("CARGO_BIN_EXE_chartroom"));
    command
        .args(["argocd", "generate"])
        .current_dir(directory)
        .env_clear();
    command.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    command.env("ARGOCD_APP_SOURCE_PATH", ".");
    command.env("ARGOCD_APP_REVISION", "0123456789abcdef");
    for (name, value) in environment {
        command.env(name, value);
    }
    command.output().expect("run chartroom")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn generate_prints_what_render_prints() {
    let directory = checkout(&root().join("tests/fixtures/projects/layered"), "layered");
    let output = generate(
        &directory,
        &[
            ("ARGOCD_APP_NAME", "layered"),
            ("ARGOCD_APP_NAMESPACE", "elsewhere"),
            (
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"profile","string":"mobile"},{"name":"set","array":["image.tag=v7"]}]"#,
            ),
        ],
    );
    let rendered = Command::new(env!("CARGO_BIN_EXE_chartroom"))
        .args(["render", "-p", "mobile", "--set", "image.tag=v7"])
        .current_dir(&directory)
        .output()
        .expect("render");
    let _ = std::fs::remove_dir_all(&directory);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    // The project sets no release name pattern and renders one component: the release is
    // named after the application.
    assert_eq!(
        text(&output.stdout),
        text(&rendered.stdout).replace("  name: app\n", "  name: layered\n")
    );
    let stream = text(&output.stdout);
    assert!(
        stream.contains("kind: ConfigMap") && stream.contains("tag: \"v7\""),
        "{stream}"
    );
    assert!(
        stream.contains("namespace: layered"),
        "the project's own namespace is kept: {stream}"
    );
}

#[test]
fn the_application_fills_in_namespace_and_release_name() {
    let directory = checkout(&root().join("tests/fixtures/projects/argocd-app"), "app");
    let output = generate(
        &directory,
        &[
            ("ARGOCD_APP_NAME", "storefront"),
            ("ARGOCD_APP_NAMESPACE", "shop"),
            ("ARGOCD_ENV_PROFILE", "prod"),
        ],
    );
    let _ = std::fs::remove_dir_all(&directory);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stream = text(&output.stdout);
    assert!(stream.contains("name: storefront-settings"), "{stream}");
    assert!(stream.contains("namespace: shop"), "{stream}");
    assert!(stream.contains("replicas: \"3\""), "{stream}");
}

#[test]
fn a_broken_profile_fails_with_the_diagnostic_on_stderr() {
    let directory = checkout(&root().join("tests/fixtures/projects/argocd-app"), "broken");
    let output = generate(
        &directory,
        &[
            ("ARGOCD_ENV_PROFILE", "broken"),
            ("ARGOCD_APP_NAMESPACE", "shop"),
        ],
    );
    let missing = generate(&directory, &[("ARGOCD_APP_NAMESPACE", "shop")]);
    let _ = std::fs::remove_dir_all(&directory);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing to apply");
    assert!(
        text(&output.stderr).contains(" --> profiles/broken.yaml:5:5\n")
            && text(&output.stderr).contains("= at: components.web.unknownSetting\n"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("no profile: set the plugin parameter `profile`"),
        "{}",
        text(&missing.stderr)
    );
}

/// A render whose references do not resolve is refused: Argo CD must not apply it.
#[test]
fn an_unresolved_reference_blocks_the_sync() {
    let directory = checkout(
        &root().join("tests/fixtures/projects/argocd-app"),
        "unresolved",
    );
    let output = generate(
        &directory,
        &[
            ("ARGOCD_ENV_PROFILE", "prod"),
            ("ARGOCD_APP_NAMESPACE", "other"),
        ],
    );
    let _ = std::fs::remove_dir_all(&directory);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        text(&output.stderr).contains("Namespace \"other\" is neither rendered nor declared"),
        "{}",
        text(&output.stderr)
    );
}

/// The pre-commit hook checks the projects that hold the changed files, each once.
#[test]
fn the_pre_commit_hook_checks_the_touched_projects() {
    let hook = |mode: &str, files: &[&str]| {
        Command::new(root().join("scripts/pre-commit-chartroom.sh"))
            .arg(mode)
            .args(files)
            .current_dir(root())
            .env("CHARTROOM", env!("CARGO_BIN_EXE_chartroom"))
            .output()
            .expect("run the hook")
    };
    let fine = hook(
        "validate",
        &[
            "tests/fixtures/projects/layered/profiles/prod.yaml",
            "tests/fixtures/projects/layered/charts/app/values.yaml",
        ],
    );
    assert_eq!(fine.status.code(), Some(0), "{}", text(&fine.stderr));
    let broken = hook(
        "render-check",
        &["tests/fixtures/projects/broken-references/manifests/app/network.yaml"],
    );
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        text(&broken.stderr).contains("IngressClass \"nginx\""),
        "{}",
        text(&broken.stderr)
    );
}
