//! chartroom projects end to end, through the binary. Every project of the repository (the
//! root, Tethral, and each `examples/<name>/`) in every concrete profile: `validate` passes
//! (schemas, policies and the reference check), the render equals its golden snapshot, each
//! chart component equals Helm 4.1.4's `helm template` with the values and flags chartroom
//! prints (golden files from `scripts/regenerate-golden.sh`), and every rendered object of a
//! built-in kind passes `kubernetes-validate --strict` for the profile's Kubernetes version.
//! Broken projects under `tests/fixtures/projects/` report every problem at its place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chartroom::project::{Project, ResolvedProfile};

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

/// One diagnostic as printed: its message, its ` --> ` place and its `= at:` key path.
#[derive(Debug, Default)]
struct Finding {
    message: String,
    place: String,
    at: String,
}

/// The errors on stderr, each from its `error: ` line to the next.
fn findings(stderr: &str) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            found.push(Finding {
                message: message.to_string(),
                ..Finding::default()
            });
        } else if let Some(current) = found.last_mut() {
            let line = line.trim_start();
            if let Some(place) = line.strip_prefix("--> ") {
                current.place = place.to_string();
            } else if let Some(at) = line.strip_prefix("= at: ") {
                current.at = at.to_string();
            }
        }
    }
    found
}

/// A project of the repository with its concrete profiles.
struct ProjectUnderTest {
    /// Relative to the repository root ("." for the root project).
    directory: String,
    name: String,
    profiles: Vec<ResolvedProfile>,
    project: Project,
}

/// The root project and every `examples/*/chartroom.yaml`.
fn projects() -> Vec<ProjectUnderTest> {
    let mut directories = vec![".".to_string()];
    let mut examples: Vec<String> = std::fs::read_dir(root().join("examples"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| entry.path().join("chartroom.yaml").is_file())
                .map(|entry| format!("examples/{}", entry.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    examples.sort();
    directories.extend(examples);
    directories
        .into_iter()
        .map(|directory| {
            let project = Project::load(&root().join(&directory))
                .unwrap_or_else(|problems| panic!("{directory}: {problems}"));
            let profiles = project
                .profiles
                .keys()
                .map(|name| {
                    ResolvedProfile::resolve(&project, name)
                        .unwrap_or_else(|problems| panic!("{directory}: {problems}"))
                })
                .filter(|profile| !profile.is_abstract)
                .collect();
            ProjectUnderTest {
                name: project.name.clone(),
                directory,
                profiles,
                project,
            }
        })
        .collect()
}

fn golden_dir(project: &ProjectUnderTest, profile: &str) -> PathBuf {
    root()
        .join("tests/golden")
        .join(&project.name)
        .join(profile)
}

fn read_golden(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (run scripts/regenerate-golden.sh)",
            path.display()
        )
    })
}

#[test]
fn the_repository_holds_the_five_seed_systems() {
    let names: BTreeSet<String> = projects().into_iter().map(|project| project.name).collect();
    for expected in [
        "tethral-suggestion",
        "trialsage-cer",
        "dr-assistant",
        "semantic-explorer",
        "synthetic-consumer-ssr",
    ] {
        assert!(names.contains(expected), "{expected} missing: {names:?}");
    }
}

/// The Kubernetes JSON schemas `scripts/install-test-tools.sh` links into `.cache`.
fn kubernetes_schemas() -> String {
    let schemas = root().join(".cache/kubernetes-json-schema");
    assert!(
        schemas.is_dir(),
        "{} is missing: run scripts/install-test-tools.sh",
        schemas.display()
    );
    schemas.to_string_lossy().into_owned()
}

/// `validate` with every check: schemas, values, references, and each object of a built-in
/// kind against the strict Kubernetes schemas of the profile's version.
#[test]
fn every_project_validates() {
    let schemas = kubernetes_schemas();
    for project in projects() {
        let output = chartroom(
            &root(),
            &[
                "validate",
                "-C",
                &project.directory,
                "--all",
                "--schema-location",
                &schemas,
                "--ignore-missing-schemas",
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {}",
            project.directory,
            text(&output.stderr)
        );
    }
}

/// `render -C DIR -p P --check` from the repository root prints exactly the golden snapshot.
#[test]
fn every_profile_renders_its_golden_stream() {
    for project in projects() {
        for profile in &project.profiles {
            let golden = golden_dir(&project, &profile.name).join("render.yaml");
            let expected = read_golden(&golden);
            let output = chartroom(
                &root(),
                &[
                    "render",
                    "-C",
                    &project.directory,
                    "-p",
                    &profile.name,
                    "--check",
                ],
            );
            assert_eq!(
                output.status.code(),
                Some(0),
                "{} {}: {}",
                project.directory,
                profile.name,
                text(&output.stderr)
            );
            assert!(
                text(&output.stdout) == expected,
                "render -C {} -p {} differs from {} (run scripts/regenerate-golden.sh {0} and review the change)",
                project.directory,
                profile.name,
                golden.display()
            );
        }
    }
}

/// Every chart component that renders anything has Helm's output beside it, and equals it.
#[test]
fn chart_components_equal_helm_template() {
    let mut compared = 0;
    for project in projects() {
        for profile in &project.profiles {
            for component in project
                .project
                .components
                .iter()
                .filter(|c| c.is_chart() && profile.is_enabled(&c.name))
            {
                let output = chartroom(
                    &root(),
                    &[
                        "render",
                        "-C",
                        &project.directory,
                        "-p",
                        &profile.name,
                        &component.name,
                    ],
                );
                assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
                let golden = golden_dir(&project, &profile.name)
                    .join("helm")
                    .join(format!("{}.yaml", component.name));
                if output.stdout.is_empty() && !golden.exists() {
                    continue;
                }
                let expected = read_golden(&golden);
                assert!(
                    text(&output.stdout) == expected,
                    "render -C {} -p {} {} differs from Helm's {}",
                    project.directory,
                    profile.name,
                    component.name,
                    golden.display()
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 20, "only {compared} chart renders compared");
}

/// Golden directories belong to a concrete profile of a project (a renamed or removed profile
/// leaves none behind).
#[test]
fn no_golden_file_is_stale() {
    let projects = projects();
    let mut expected = BTreeSet::new();
    for project in &projects {
        for profile in &project.profiles {
            expected.insert(format!("{}/{}", project.name, profile.name));
        }
    }
    for entry in std::fs::read_dir(root().join("tests/golden")).expect("tests/golden") {
        let project = entry.expect("entry");
        for profile in std::fs::read_dir(project.path()).expect("project golden") {
            let profile = profile.expect("entry");
            let key = format!(
                "{}/{}",
                project.file_name().to_string_lossy(),
                profile.file_name().to_string_lossy()
            );
            assert!(expected.contains(&key), "stale golden directory {key}");
        }
    }
}

#[test]
fn components_render_in_project_order() {
    let output = chartroom(&root(), &["render", "-p", "prod"]);
    let stream = text(&output.stdout);
    let project = Project::load(&root()).expect("root project");
    let mut last = 0;
    for component in project.components.iter().filter(|c| c.is_chart()) {
        let chart = chartroom::chart::load_chart(&root().join(component.source_path()))
            .expect("chart loads");
        let needle = format!("# Source: {}/", chart.name());
        if let Some(position) = stream.find(&needle) {
            assert!(
                position >= last,
                "{needle} comes before an earlier component"
            );
            last = position;
        }
    }
}

#[test]
fn an_undefined_jinja_variable_names_file_and_line() {
    let output = chartroom(&fixture("jinja-undefined"), &["render", "-p", "dev"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        findings(&stderr)[0]
            .place
            .starts_with("manifests/web/service.yaml:9:"),
        "{stderr}"
    );
    assert!(stderr.contains("values.targetPort"), "{stderr}");
}

/// Each unresolved reference of `tests/fixtures/projects/broken-references` is reported at the
/// template, object and field that holds it; optional references and declared externals are not.
#[test]
fn unresolved_references_are_each_reported() {
    let output = chartroom(&fixture("broken-references"), &["validate", "--all"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    #[rustfmt::skip]
    let expected = [
        ("manifests/app/network.yaml", "apiVersion", "Certificate shop/web", "cert-manager.io/v1 is not built into Kubernetes"),
        ("", "metadata.namespace", "ConfigMap shop/stray", "without metadata.namespace"),
        ("", "spec.endpoints[0].port", "ServiceMonitor shop/web", "no selected Service has a port named \"metrics\""),
        ("", "spec.ingressClassName", "Ingress shop/web", "IngressClass \"nginx\" is neither rendered nor declared"),
        ("", "spec.issuerRef", "Certificate shop/web", "ClusterIssuer \"letsencrypt\""),
        ("", "spec.ports[0].targetPort", "Service shop/web", "has a port named \"web\""),
        ("", "backend.service.port", "Ingress shop/web", "Service \"web\" has no port \"https\""),
        ("", "spec.selector", "Service shop/api", "the selector app=api matches no pod"),
        ("", "spec.tls[0].secretName", "Ingress shop/web", "Secret \"shop-tls\" in namespace shop"),
        ("manifests/app/workload.yaml", "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key", "Deployment shop/web", "Secret \"shop-database\" has no key \"password\" (keys: url)"),
        ("", "env[1].valueFrom.secretKeyRef", "Deployment shop/web", "Secret \"shop-cache\""),
        ("", "readinessProbe.httpGet.port", "Deployment shop/web", "the probe uses port \"health\""),
        ("", "serviceAccountName", "Deployment shop/web", "ServiceAccount \"web\""),
        ("", "configMap.items[0].key", "Deployment shop/web", "ConfigMap \"web-settings\" has no key \"app.toml\""),
        ("", "metadata.name", "ConfigMap shop/web-settings", "rendered twice: also by app (manifests/app/workload.yaml)"),
    ];
    let found = findings(&stderr);
    for (place, at, object, message) in expected {
        assert!(
            found.iter().any(|finding| finding.place.starts_with(place)
                && finding.at.ends_with(at)
                && finding.message.starts_with(object)
                && finding.message.contains(message)),
            "missing {place} {at} … {message} in\n{stderr}"
        );
    }
    assert!(
        !stderr.contains("not-needed"),
        "optional references are skipped"
    );
    assert_eq!(found.len(), expected.len(), "{stderr}");
    let checked = chartroom(
        &fixture("broken-references"),
        &["render", "-p", "prod", "--check"],
    );
    assert_eq!(checked.status.code(), Some(1));
    assert!(
        checked.stdout.is_empty(),
        "nothing is printed when the check fails"
    );
}

/// Fields the Kubernetes schemas reject are each named, at the template and JSON path; a
/// schema that does not exist is an error unless missing schemas are ignored.
#[test]
fn schema_violations_are_each_reported() {
    let schemas = kubernetes_schemas();
    let output = chartroom(
        &fixture("schema-violations"),
        &["validate", "--all", "--schema-location", &schemas],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    let found = findings(&stderr);
    assert!(
        found
            .iter()
            .any(|finding| finding.place == "manifests/app/objects.yaml"
                && finding.at == "spec.replicas"
                && finding.message.starts_with(
                    "Deployment shop/web (profile prod, component app): \"three\" is not of types"
                )),
        "{stderr}"
    );
    assert!(found.iter().any(|finding| finding.at == "spec.template.spec.containers[0].imagePullPolice"
        && finding.message == "Deployment shop/web (profile prod, component app): unknown field \"imagePullPolice\" (Kubernetes v1.31.0 schema of Deployment)"), "{stderr}");
    assert!(stderr.contains("2 problems found"), "{stderr}");
    let loose = chartroom(
        &fixture("schema-violations"),
        &[
            "render",
            "-p",
            "prod",
            "--check",
            "--schema-location",
            &schemas,
            "--no-strict",
        ],
    );
    assert_eq!(loose.status.code(), Some(1));
    assert!(
        !text(&loose.stderr).contains("imagePullPolice"),
        "{}",
        text(&loose.stderr)
    );
    let missing = chartroom(
        &fixture("broken-references"),
        &["validate", "--all", "--schema-location", &schemas],
    );
    assert!(
        text(&missing.stderr)
            .contains("no Kubernetes v1.31.0 schema for ServiceMonitor monitoring.coreos.com/v1"),
        "{}",
        text(&missing.stderr)
    );
}

/// A key written twice in one map is accepted by YAML readers that keep the last value, but
/// `kubectl apply` refuses the document: validate says where.
#[test]
fn a_key_set_twice_is_reported() {
    let output = chartroom(&fixture("duplicate-keys"), &["validate", "--all"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("prod/app (manifests/app/configmap.yaml):")
            && stderr.contains("rendered document sets the key \"app\" twice in one map"),
        "{stderr}"
    );
}

#[test]
fn output_dir_writes_one_file_per_object() {
    let target = std::env::temp_dir().join(format!("chartroom-projects-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&target);
    let stream = chartroom(&root(), &["render", "-p", "prod"]);
    let objects = text(&stream.stdout).matches("\nkind: ").count();
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
    let files = walk(&target);
    let _ = std::fs::remove_dir_all(&target);
    assert_eq!(files.len(), objects);
    assert!(files
        .iter()
        .all(|file| file.extension().is_some_and(|e| e == "yaml")));
}

/// `--output-dir` pointed at a directory chartroom did not write (here the project's own
/// profiles) refuses and leaves it as it was.
#[test]
fn output_dir_never_deletes_foreign_files() {
    let scratch = std::env::temp_dir().join(format!("chartroom-foreign-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch");
    std::fs::write(scratch.join("prod.yaml"), "mine").expect("write");
    let output = chartroom(
        &root(),
        &[
            "render",
            "-p",
            "prod",
            "--output-dir",
            scratch.to_str().unwrap_or_default(),
        ],
    );
    let kept = std::fs::read_to_string(scratch.join("prod.yaml")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&scratch);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("chartroom did not write it"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(kept, "mine");
}

#[test]
fn values_print_the_profile_chain_over_the_chart() {
    let output = chartroom(
        &fixture("layered"),
        &["values", "-p", "mobile", "app", "--set", "image.tag=v9"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let values = text(&output.stdout);
    assert!(values.contains("maxReplicas: 15"), "mobile overrides prod");
    assert!(
        values.contains("replicaCount: 3"),
        "prod applies under mobile"
    );
    assert!(values.contains("FROM_BASE: \"yes\""), "base applies first");
    assert!(
        values.contains("FROM_PROJECT: \"yes\""),
        "chartroom.yaml values apply"
    );
    assert!(values.contains("tag: v9"), "--set applies last");
}

fn walk(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if entry.file_name() != ".chartroom-output" {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `kubernetes-validate`: `CHARTROOM_KUBERNETES_VALIDATE`, else the one
/// `scripts/install-test-tools.sh` puts in `.cache/venv`, else PATH.
fn kubernetes_validate() -> PathBuf {
    if let Some(path) = std::env::var_os("CHARTROOM_KUBERNETES_VALIDATE") {
        return PathBuf::from(path);
    }
    let cached = root().join(".cache/venv/bin/kubernetes-validate");
    if cached.is_file() {
        return cached;
    }
    PathBuf::from("kubernetes-validate")
}

/// Every rendered object whose kind Kubernetes itself defines passes
/// `kubernetes-validate --strict` for the profile's Kubernetes version; custom resources are
/// left to the reference check (their API must be listed by the profile).
#[test]
fn rendered_objects_pass_kubernetes_validate() {
    let program = kubernetes_validate();
    let probe = Command::new(&program).arg("--version").output();
    if probe.map(|output| !output.status.success()).unwrap_or(true) {
        panic!(
            "{} is not installed: run scripts/install-test-tools.sh (a virtual environment in .cache/venv)",
            program.display()
        );
    }
    let mut validated = 0;
    for project in projects() {
        for profile in &project.profiles {
            let target = std::env::temp_dir().join(format!(
                "chartroom-kv-{}-{}-{}",
                std::process::id(),
                project.name,
                profile.name
            ));
            let _ = std::fs::remove_dir_all(&target);
            let output = chartroom(
                &root(),
                &[
                    "render",
                    "-C",
                    &project.directory,
                    "-p",
                    &profile.name,
                    "--output-dir",
                    target.to_str().unwrap_or_default(),
                ],
            );
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
            let files: Vec<PathBuf> = walk(&target)
                .into_iter()
                .filter(|file| {
                    let document = std::fs::read_to_string(file).unwrap_or_default();
                    let api_version = document
                        .lines()
                        .find_map(|line| line.strip_prefix("apiVersion: "))
                        .unwrap_or_default()
                        .trim()
                        .to_string();
                    chartroom::check::cluster::is_built_in_api(&api_version)
                })
                .collect();
            let version = profile
                .kube_version
                .clone()
                .unwrap_or_else(|| "1.31.0".into());
            let version = version.trim_start_matches('v').to_string();
            let result = Command::new(&program)
                .args(["--strict", "-k", &version, "--quiet"])
                .args(&files)
                .output()
                .expect("run kubernetes-validate");
            let _ = std::fs::remove_dir_all(&target);
            assert!(
                result.status.success(),
                "{} {}: {}{}",
                project.directory,
                profile.name,
                text(&result.stdout),
                text(&result.stderr)
            );
            validated += files.len();
        }
    }
    assert!(validated > 100, "only {validated} objects validated");
}

/// A missing argument is named in the error, not cut off after the sentence announcing it.
#[test]
fn missing_arguments_are_named() {
    let output = chartroom(&root(), &["values", "-p", "dev"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr).trim_end(),
        "Error: the following required arguments were not provided: <COMPONENT>"
    );
}

/// `chartroom -C DIR <command>` (git's spelling) works like `<command> -C DIR`.
#[test]
fn a_leading_directory_flag_changes_to_the_project() {
    let before = chartroom(
        &root(),
        &[
            "-C",
            "tests/fixtures/projects/layered",
            "values",
            "-p",
            "prod",
            "app",
        ],
    );
    let after = chartroom(
        &root(),
        &[
            "values",
            "-C",
            "tests/fixtures/projects/layered",
            "-p",
            "prod",
            "app",
        ],
    );
    assert_eq!(before.status.code(), Some(0), "{}", text(&before.stderr));
    assert_eq!(before.stdout, after.stdout);
}

/// `--set`/`-f` reach every component; `--set-for`/`--values-for` one, and win over them.
#[test]
fn per_component_overrides_reach_one_component() {
    let project = fixture("layered");
    let values = |extra: &[&str]| {
        let mut args = vec!["values", "-p", "prod", "app"];
        args.extend_from_slice(extra);
        text(&chartroom(&project, &args).stdout)
    };
    assert!(
        values(&["--set", "image.tag=v2", "--set-for", "app", "image.tag=v3"]).contains("tag: v3")
    );
    assert!(
        values(&["--set-for", "app", "image.tag=v3", "--set", "image.tag=v2"]).contains("tag: v3")
    );
    let unknown = chartroom(
        &project,
        &["render", "-p", "prod", "--set-for", "nope", "a=1"],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown.stderr)
            .starts_with("error: no component \"nope\" in chartroom.yaml (given to --set-for)\n"),
        "{}",
        text(&unknown.stderr)
    );
}

/// A reader that goes away early ends the run quietly, as with any Unix tool.
#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chartroom"))
        .args(["render", "-p", "prod"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    assert!(
        !text(&output.stderr).contains("panicked"),
        "{}",
        text(&output.stderr)
    );
}

/// `helmCompat: 3` renders chart components as Helm 3.17.3 does (Kubernetes 1.32 in
/// `.Capabilities`, `.Chart` as a struct with json tags, values schemas read as draft 7), and
/// `--helm-compat` overrides it in `render` and `validate`.
#[test]
fn helm_compat_setting_and_flag() {
    let project = fixture("helm3-compat");
    let helm3 = chartroom(&project, &["render", "-p", "dev"]);
    assert!(helm3.status.success(), "{}", text(&helm3.stderr));
    let stdout = text(&helm3.stdout);
    assert!(stdout.contains("kube: \"v1.32.0\""), "{stdout}");
    assert!(
        stdout.contains(r#"chart: "{\"name\":\"app\",\"version\":\"0.1.0\",\"apiVersion\":\"v2\",\"IsRoot\":true}""#),
        "{stdout}"
    );
    let validate = chartroom(&project, &["validate"]);
    assert!(validate.status.success(), "{}", text(&validate.stderr));
    // Helm 4 enforces the schema's 2020-12 prefixItems, which the chart's values break.
    let helm4 = chartroom(&project, &["render", "-p", "dev", "--helm-compat", "4"]);
    assert!(!helm4.status.success());
    // Reported as validate reports it: at the line that set the value.
    let stderr = text(&helm4.stderr);
    let found = findings(&stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert_eq!(found[0].place, "charts/app/values.yaml:3:8", "{stderr}");
    assert_eq!(found[0].at, "pair[0]", "{stderr}");
    let helm4 = chartroom(
        &project,
        &[
            "render",
            "-p",
            "dev",
            "--helm-compat",
            "4",
            "--set",
            "pair[0]=x",
        ],
    );
    assert!(helm4.status.success(), "{}", text(&helm4.stderr));
    let stdout = text(&helm4.stdout);
    assert!(stdout.contains("kube: \"v1.35.0\""), "{stdout}");
    assert!(stdout.contains(r#"\"APIVersion\":\"v2\""#), "{stdout}");
    let validate = chartroom(&project, &["validate", "--helm-compat", "4"]);
    assert!(!validate.status.success());
    let stderr = text(&validate.stderr);
    let found = findings(&stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert_eq!(found[0].place, "charts/app/values.yaml:3:8", "{stderr}");
    assert_eq!(found[0].at, "pair[0]", "{stderr}");
    let bad = chartroom(&project, &["render", "-p", "dev", "--helm-compat", "2"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("expected 3 or 4"),
        "{}",
        text(&bad.stderr)
    );
}
