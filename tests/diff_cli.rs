//! End-to-end tests of `chartroom baseline` and `chartroom diff` on a temporary copy of the
//! repository's default project (a git repository of its own, for `--against git:REF`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value as Json;

/// The entries of the repository root that make up the default project.
const PROJECT_ENTRIES: &[&str] = &[
    "chartroom.yaml",
    "profiles",
    "charts",
    "manifests",
    "schemas",
    "values",
];

struct Project {
    directory: tempfile::TempDir,
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

fn git(directory: &Path, arguments: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(directory)
        .args(arguments)
        .status()
        .unwrap();
    assert!(status.success(), "git {arguments:?}");
}

impl Project {
    /// A committed copy of the default project.
    fn new() -> Project {
        let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let directory = tempfile::tempdir().unwrap();
        for entry in PROJECT_ENTRIES {
            let path = source.join(entry);
            if path.exists() {
                copy_tree(&path, &directory.path().join(entry));
            }
        }
        git(directory.path(), &["init", "-q", "-b", "main"]);
        git(
            directory.path(),
            &["config", "user.email", "test@example.invalid"],
        );
        git(directory.path(), &["config", "user.name", "test"]);
        git(directory.path(), &["add", "-A"]);
        git(directory.path(), &["commit", "-q", "-m", "default project"]);
        Project { directory }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.directory.path().join(relative)
    }

    fn run(&self, arguments: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_chartroom"))
            .args(arguments)
            .current_dir(self.directory.path())
            .env("NO_COLOR", "1")
            .env("KUBECONFIG", "/nonexistent")
            .output()
            .unwrap()
    }

    /// Replaces the only occurrence of `from` in a project file.
    fn edit(&self, relative: &str, from: &str, to: &str) {
        let path = self.path(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} must occur once in {relative}"
        );
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn describe(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn json_report(output: &Output) -> Json {
    serde_json::from_str(&stdout(output))
        .unwrap_or_else(|error| panic!("-o json did not parse: {error}\n{}", describe(output)))
}

/// `(kind, name, change, paths)` of every object in a JSON report.
fn objects(report: &Json) -> Vec<(String, String, String, Vec<String>)> {
    report["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|object| {
            let text = |field: &str| object[field].as_str().unwrap().to_string();
            let paths = object["paths"]
                .as_array()
                .unwrap()
                .iter()
                .map(|path| path.as_str().unwrap().to_string())
                .collect();
            (text("kind"), text("name"), text("change"), paths)
        })
        .collect()
}

/// The prod profile's PostgreSQL read replica count (prod's suggestion Deployment is scaled by
/// its HorizontalPodAutoscaler and renders no replica count).
const PROD_READ_REPLICAS: &str = "      readReplicas:\n        replicaCount: 2\n";

#[test]
fn a_fresh_baseline_has_no_changes() {
    let project = Project::new();
    let baseline = project.run(&["baseline", "-p", "prod"]);
    assert_eq!(baseline.status.code(), Some(0), "{}", describe(&baseline));
    assert!(
        project.path("baselines/prod/iot").is_dir(),
        "{}",
        describe(&baseline)
    );
    let diff = project.run(&["diff", "-p", "prod", "--exit-code"]);
    assert_eq!(diff.status.code(), Some(0), "{}", describe(&diff));
    assert!(
        stdout(&diff).starts_with("no changes ("),
        "{}",
        describe(&diff)
    );

    // Taking the baseline again writes the same bytes.
    let before = std::fs::read_dir(project.path("baselines/prod/iot"))
        .unwrap()
        .count();
    let again = project.run(&["baseline", "-p", "prod"]);
    assert_eq!(again.status.code(), Some(0), "{}", describe(&again));
    git(project.directory.path(), &["add", "-A"]);
    git(
        project.directory.path(),
        &["commit", "-q", "-m", "baseline"],
    );
    assert_eq!(
        project.run(&["baseline", "-p", "prod"]).status.code(),
        Some(0)
    );
    let status = Command::new("git")
        .arg("-C")
        .arg(project.directory.path())
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&status.stdout),
        "",
        "a second baseline changed files"
    );
    assert_eq!(
        std::fs::read_dir(project.path("baselines/prod/iot"))
            .unwrap()
            .count(),
        before
    );
}

/// Runs `diff -p PROFILE --exit-code -o json` and returns the single changed object's
/// `(kind, name, paths)`.
fn single_change(project: &Project, profile: &str, against: &str) -> (String, String, Vec<String>) {
    let json = project.run(&[
        "diff",
        "-p",
        profile,
        "--against",
        against,
        "--exit-code",
        "-o",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(2), "{}", describe(&json));
    let changed = objects(&json_report(&json));
    assert_eq!(changed.len(), 1, "{changed:?}");
    let (kind, name, change, paths) = changed.into_iter().next().unwrap();
    assert_eq!(change, "changed");
    (kind, name, paths)
}

#[test]
fn a_replica_change_names_exactly_that_deployment_and_path() {
    let project = Project::new();
    assert_eq!(
        project.run(&["baseline", "-p", "dev"]).status.code(),
        Some(0)
    );
    project.edit(
        "profiles/dev.yaml",
        "      replicaCount: 2\n",
        "      replicaCount: 4\n",
    );
    let (kind, name, paths) = single_change(&project, "dev", "baseline");
    assert_eq!(
        (kind.as_str(), paths.clone()),
        ("Deployment", vec!["/spec/replicas".to_string()])
    );

    let diff = project.run(&["diff", "-p", "dev", "--exit-code"]);
    assert_eq!(diff.status.code(), Some(2), "{}", describe(&diff));
    let text = stdout(&diff);
    assert!(
        text.starts_with(&format!(
            "~ Deployment.apps iot-dev/{name}\n    /spec/replicas\n"
        )),
        "{text}"
    );
    assert!(text.contains("-  replicas: 2\n+  replicas: 4\n"), "{text}");
    assert!(text.contains("1 changed, 0 added, 0 removed"), "{text}");

    let stat = project.run(&["diff", "-p", "dev", "--stat"]);
    assert_eq!(
        stat.status.code(),
        Some(0),
        "without --exit-code changes exit 0: {}",
        describe(&stat)
    );
    assert!(
        stdout(&stat).starts_with(&format!("~ Deployment.apps iot-dev/{name} | +1 -1\n")),
        "{}",
        describe(&stat)
    );

    let ignored = project.run(&[
        "diff",
        "-p",
        "dev",
        "--exit-code",
        "--ignore",
        &format!("Deployment/{name}:/spec/replicas"),
    ]);
    assert_eq!(ignored.status.code(), Some(0), "{}", describe(&ignored));

    // The same rule in chartroom.yaml, which stays valid for `chartroom validate`.
    let project_file = project.path("chartroom.yaml");
    let mut text = std::fs::read_to_string(&project_file).unwrap();
    text.push_str(&format!("diff:\n  ignore:\n    - kind: Deployment\n      name: {name}\n      jsonPointers: [/spec/replicas]\n"));
    std::fs::write(&project_file, text).unwrap();
    let validate = project.run(&["validate", "-p", "dev"]);
    assert_eq!(validate.status.code(), Some(0), "{}", describe(&validate));
    let configured = project.run(&["diff", "-p", "dev", "--exit-code"]);
    assert_eq!(
        configured.status.code(),
        Some(0),
        "{}",
        describe(&configured)
    );
}

#[test]
fn a_prod_replica_change_names_exactly_that_statefulset_and_path() {
    let project = Project::new();
    assert_eq!(
        project.run(&["baseline", "-p", "prod"]).status.code(),
        Some(0)
    );
    project.edit(
        "profiles/prod.yaml",
        PROD_READ_REPLICAS,
        "      readReplicas:\n        replicaCount: 3\n",
    );
    let (kind, name, paths) = single_change(&project, "prod", "baseline");
    assert_eq!(
        (kind.as_str(), name.as_str(), paths),
        (
            "StatefulSet",
            "postgres-read",
            vec!["/spec/replicas".to_string()]
        )
    );
}

#[test]
fn a_secret_change_names_the_key_but_not_the_values() {
    let project = Project::new();
    assert_eq!(
        project.run(&["baseline", "-p", "dev"]).status.code(),
        Some(0)
    );
    project.edit(
        "profiles/dev.yaml",
        "jwtSecret: dev-only-jwt-secret",
        "jwtSecret: rotated-jwt-secret-value",
    );

    let json = project.run(&["diff", "-p", "dev", "-o", "json"]);
    let changed = objects(&json_report(&json));
    assert_eq!(changed.len(), 1, "{changed:?}");
    let (kind, _, _, paths) = &changed[0];
    assert_eq!(kind, "Secret");
    assert_eq!(paths.len(), 1, "{paths:?}");
    let key = paths[0].rsplit('/').next().unwrap().to_string();

    let diff = project.run(&["diff", "-p", "dev", "--exit-code", "-U", "0"]);
    assert_eq!(diff.status.code(), Some(2), "{}", describe(&diff));
    let text = stdout(&diff);
    assert!(text.contains(&key), "the key {key} is named:\n{text}");
    assert!(
        text.contains("(hidden: old value)") && text.contains("(hidden: new value)"),
        "{text}"
    );
    for secret in [
        "dev-only-jwt-secret",
        "rotated-jwt-secret-value",
        "ZGV2LW9ubHktand0LXNlY3JldA==",
        "cm90YXRlZC1qd3Qtc2VjcmV0LXZhbHVl",
    ] {
        assert!(!text.contains(secret), "{secret} printed:\n{text}");
    }
    let shown = project.run(&["diff", "-p", "dev", "--show-secrets"]);
    let shown = stdout(&shown);
    assert!(
        shown.contains("rotated-jwt-secret-value")
            && shown.contains("dev-only-jwt-secret")
            && !shown.contains("cm90YXRlZC1qd3Qtc2VjcmV0LXZhbHVl"),
        "--show-secrets prints decoded values: {shown}"
    );
    let misplaced = project.run(&["diff", "-p", "dev", "--context", "kind-dev"]);
    assert_eq!(misplaced.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&misplaced.stderr)
            .contains("--context only applies to --against live"),
        "{}",
        describe(&misplaced)
    );
}

#[test]
fn another_profile_can_be_the_baseline() {
    let project = Project::new();
    let same = project.run(&[
        "diff",
        "-p",
        "prod",
        "--against",
        "profile:prod",
        "--exit-code",
    ]);
    assert_eq!(same.status.code(), Some(0), "{}", describe(&same));
    let staging = project.run(&[
        "diff",
        "-p",
        "prod",
        "--against",
        "profile:staging",
        "--exit-code",
        "-o",
        "json",
    ]);
    assert_eq!(staging.status.code(), Some(2), "{}", describe(&staging));
    let report = json_report(&staging);
    assert_eq!(report["against"], "profile:staging");
    let changed = objects(&report);
    assert!(
        changed
            .iter()
            .any(|(kind, _, change, _)| kind == "Deployment" && change == "changed"),
        "{changed:?}"
    );
    // Objects in staging's namespace meet their prod counterparts instead of showing as added
    // and removed.
    assert!(
        !changed
            .iter()
            .any(|(kind, _, change, _)| kind == "Deployment" && change != "changed"),
        "{changed:?}"
    );
}

#[test]
fn a_git_revision_can_be_the_baseline() {
    let project = Project::new();
    let clean = project.run(&["diff", "-p", "prod", "--against", "git:HEAD", "--exit-code"]);
    assert_eq!(clean.status.code(), Some(0), "{}", describe(&clean));
    project.edit(
        "profiles/prod.yaml",
        PROD_READ_REPLICAS,
        "      readReplicas:\n        replicaCount: 4\n",
    );
    let (kind, _, paths) = single_change(&project, "prod", "git:HEAD");
    assert_eq!(
        (kind.as_str(), paths),
        ("StatefulSet", vec!["/spec/replicas".to_string()])
    );
    let work_tree = std::fs::read_to_string(project.path("profiles/prod.yaml")).unwrap();
    assert!(
        work_tree.contains("replicaCount: 4"),
        "the work tree is untouched"
    );
}

#[test]
fn errors_exit_one() {
    let project = Project::new();
    let missing = project.run(&["diff", "-p", "prod", "--exit-code"]);
    assert_eq!(
        missing.status.code(),
        Some(1),
        "no baseline yet: {}",
        describe(&missing)
    );
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("chartroom baseline -p prod"),
        "{}",
        describe(&missing)
    );
    let bad_path = project.run(&[
        "diff",
        "-p",
        "prod",
        "--against",
        "no-such-file.yaml",
        "--exit-code",
    ]);
    assert_eq!(bad_path.status.code(), Some(1), "{}", describe(&bad_path));
    let bad_revision = project.run(&[
        "diff",
        "-p",
        "prod",
        "--against",
        "git:no-such-branch",
        "--exit-code",
    ]);
    assert_eq!(
        bad_revision.status.code(),
        Some(1),
        "{}",
        describe(&bad_revision)
    );
}

#[test]
fn a_manifest_file_or_standard_input_can_be_the_baseline() {
    let project = Project::new();
    let empty = project.path("empty.yaml");
    std::fs::write(&empty, "# nothing\n").unwrap();
    let output = project.run(&[
        "diff",
        "-p",
        "prod",
        "--against",
        empty.to_str().unwrap(),
        "-o",
        "json",
    ]);
    let report = json_report(&output);
    assert_eq!(report["summary"]["changed"], 0);
    assert_eq!(report["summary"]["removed"], 0);
    assert!(report["summary"]["added"].as_u64().unwrap() > 5, "{report}");

    let render = project.run(&[
        "diff",
        "-p",
        "prod",
        "--against",
        "profile:prod",
        "-o",
        "json",
    ]);
    assert_eq!(render.status.code(), Some(0), "{}", describe(&render));
    assert_eq!(
        project.run(&["baseline", "-p", "prod"]).status.code(),
        Some(0)
    );
    let mut stream = String::new();
    for entry in walk(&project.path("baselines/prod")) {
        stream.push_str("---\n");
        stream.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_chartroom"))
        .args(["diff", "-p", "prod", "--against", "-", "--exit-code"])
        .current_dir(project.directory.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
}

fn walk(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The baseline files of a profile's objects in `namespace` whose names start with `prefix`.
fn baseline_files(project: &Project, profile: &str, namespace: &str, prefix: &str) -> Vec<PathBuf> {
    walk(&project.path(&format!("baselines/{profile}/{namespace}")))
        .into_iter()
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(prefix)
        })
        .collect()
}

#[test]
fn markdown_reports_have_a_table_and_a_diff_per_object() {
    let project = Project::new();
    assert_eq!(
        project.run(&["baseline", "-p", "dev"]).status.code(),
        Some(0)
    );
    // Changed: the replica count. Added: an object missing from the baseline. Removed: an
    // object only in the baseline.
    project.edit(
        "profiles/dev.yaml",
        "      replicaCount: 2\n",
        "      replicaCount: 4\n",
    );
    let service = baseline_files(&project, "dev", "iot-dev", "Service_")
        .into_iter()
        .next()
        .unwrap();
    let service_name = std::fs::read_to_string(&service).unwrap();
    let service_name = service_name
        .lines()
        .find_map(|line| line.strip_prefix("  name: "))
        .unwrap()
        .to_string();
    std::fs::remove_file(&service).unwrap();
    std::fs::write(
        project.path("baselines/dev/iot-dev/ConfigMap_retired.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: retired\ndata:\n  a: b\n",
    )
    .unwrap();

    let output = project.run(&["diff", "-p", "dev", "-o", "markdown", "--exit-code"]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "#### Profile `dev` against `baseline`\n\n1 added, 1 removed, 1 changed, "
        ),
        "{text}"
    );
    assert!(
        text.contains("| change | kind | namespace | name | lines |\n|---|---|---|---|---|\n"),
        "{text}"
    );
    assert!(
        text.contains("| removed | ConfigMap | iot-dev | retired | -"),
        "{text}"
    );
    assert!(
        text.contains(&format!("| added | Service | iot-dev | {service_name} | +")),
        "{text}"
    );
    assert!(
        text.contains("| changed | Deployment.apps | iot-dev | "),
        "{text}"
    );
    assert_eq!(text.matches("<details><summary>").count(), 3, "{text}");
    assert!(
        text.contains("<details><summary>ConfigMap iot-dev/retired</summary>\n\n```diff\n"),
        "{text}"
    );
    assert!(text.contains("-  replicas: 2\n+  replicas: 4\n"), "{text}");
    assert!(text.ends_with("```\n\n</details>\n"), "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");

    // --stat keeps the table only; -U narrows the diffs.
    let stat = stdout(&project.run(&["diff", "-p", "dev", "-o", "markdown", "--stat"]));
    assert!(
        stat.contains("| changed | Deployment.apps |") && !stat.contains("<details>"),
        "{stat}"
    );
    let narrow = stdout(&project.run(&["diff", "-p", "dev", "-o", "markdown", "-U", "0"]));
    assert!(
        narrow.contains("@@ -") && narrow.len() < text.len(),
        "{narrow}"
    );
}

#[test]
fn markdown_without_changes_is_one_line() {
    let project = Project::new();
    assert_eq!(
        project.run(&["baseline", "-p", "dev"]).status.code(),
        Some(0)
    );
    let output = project.run(&["diff", "-p", "dev", "-o", "markdown", "--exit-code"]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("Profile `dev`: no changes against `baseline` (")
            && text.ends_with(" objects).\n")
            && text.lines().count() == 1,
        "{text}"
    );
}

#[test]
fn markdown_hides_secret_values() {
    let project = Project::new();
    assert_eq!(
        project.run(&["baseline", "-p", "dev"]).status.code(),
        Some(0)
    );
    project.edit(
        "profiles/dev.yaml",
        "jwtSecret: dev-only-jwt-secret",
        "jwtSecret: rotated-jwt-secret-value",
    );
    let output = project.run(&["diff", "-p", "dev", "-o", "markdown"]);
    let text = stdout(&output);
    assert!(
        text.contains("| changed | Secret | iot-dev | "),
        "{}",
        describe(&output)
    );
    assert!(
        text.contains("(hidden: old value)") && text.contains("(hidden: new value)"),
        "{text}"
    );
    for secret in [
        "dev-only-jwt-secret",
        "rotated-jwt-secret-value",
        "cm90YXRlZC1qd3Qtc2VjcmV0LXZhbHVl",
    ] {
        assert!(!text.contains(secret), "{secret} printed:\n{text}");
    }
    let shown = stdout(&project.run(&["diff", "-p", "dev", "-o", "markdown", "--show-secrets"]));
    assert!(shown.contains("rotated-jwt-secret-value"), "{shown}");
}

#[test]
fn markdown_fences_outgrow_backticks_in_the_diff() {
    let project = Project::new();
    assert_eq!(
        project.run(&["baseline", "-p", "dev"]).status.code(),
        Some(0)
    );
    // A baseline object with an extra top-level key holding a run of four backticks.
    let file = baseline_files(&project, "dev", "iot-dev", "ConfigMap_")
        .into_iter()
        .next()
        .unwrap();
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("zz: \"a ```` b\"\n");
    std::fs::write(&file, text).unwrap();
    let output = project.run(&["diff", "-p", "dev", "-o", "markdown", "--exit-code"]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let text = stdout(&output);
    assert!(text.contains("````"), "the change shows: {text}");
    assert!(text.contains("\n`````diff\n"), "{text}");
    assert!(text.ends_with("\n`````\n\n</details>\n"), "{text}");
}

#[test]
fn the_ci_recipe_comments_on_changed_profiles() {
    let project = Project::new();
    project.edit(
        "profiles/dev.yaml",
        "      replicaCount: 2\n",
        "      replicaCount: 3\n",
    );
    git(
        project.directory.path(),
        &["commit", "-q", "-am", "more replicas"],
    );
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/ci-diff.sh");
    let output = Command::new("bash")
        .arg(script)
        .args(["HEAD~1", "."])
        .current_dir(project.directory.path())
        .env("CHARTROOM", env!("CARGO_BIN_EXE_chartroom"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("## chartroom: rendered changes against `HEAD~1`\n\n### `.`\n"),
        "{text}"
    );
    assert!(
        text.contains("#### Profile `dev` against `git:HEAD~1`\n\n0 added, 0 removed, 1 changed, "),
        "{text}"
    );
    assert!(text.contains("-  replicas: 2\n+  replicas: 3\n"), "{text}");
    assert!(
        text.contains("Profile `prod`: no changes against `git:HEAD~1` ("),
        "{text}"
    );
}
