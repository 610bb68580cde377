//! Custom resources against their CustomResourceDefinitions, and reference rules switched off,
//! through the binary on `tests/fixtures/projects/custom-resources`: definitions rendered by
//! the project, in a chart's `crds/` directory and given with `--crd`; findings placed like
//! every other schema finding (template, object, JSON path); `--disable-check` and
//! `checks: {disable: [...]}`, and the error for a rule name chartroom does not have.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn project() -> PathBuf {
    root().join("tests/fixtures/projects/custom-resources")
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

/// The diagnostics of `stderr`, one string each (`error: ...` with its location and notes).
fn diagnostics(stderr: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("error: ") {
            found.push(String::new());
        }
        if let Some(current) = found.last_mut() {
            current.push_str(line);
            current.push('\n');
        }
    }
    found
}

/// Asserts that for every (place, message) pair, `place` being `[FILE:1:1: ]/POINTER: OBJECT`,
/// one diagnostic names the file, the object, the pointer's last step and the message, and
/// that there is no other.
fn assert_findings(stderr: &str, expected: &[(&str, &str)]) {
    let found = diagnostics(stderr);
    for (place, message) in expected {
        let (file, rest) = match place.split_once(":1:1: ") {
            Some((file, rest)) => (Some(file), rest),
            None => (None, *place),
        };
        let (pointer, object) = rest.split_once(": ").expect("POINTER: OBJECT");
        let step = pointer.rsplit('/').next().unwrap_or("");
        assert!(
            found.iter().any(|diagnostic| {
                file.is_none_or(|file| diagnostic.contains(&format!("--> {file}\n")))
                    && diagnostic.contains(object)
                    && diagnostic.contains(step)
                    && diagnostic.contains(message)
            }),
            "missing {place} … {message} in\n{stderr}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{stderr}");
}

/// Widgets valid against the definition the render holds (int-or-string ports given either
/// way, a nullable field set to null, preserved and embedded fields), a Gadget valid against
/// its chart's `crds/`, a Sprocket against `--crd`: nothing to report, with or without the
/// Kubernetes schemas for the built-in objects.
#[test]
fn custom_resources_pass_their_definitions() {
    let schemas = kubernetes_schemas();
    for extra in [&[][..], &["--schema-location", schemas.as_str()][..]] {
        let mut args = vec!["validate", "-p", "valid", "--crd", "crds/sprocket.yaml"];
        args.extend(extra);
        let output = chartroom(&project(), &args);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    }
    let rendered = chartroom(
        &project(),
        &["render", "-p", "valid", "--check", "--crd", "crds"],
    );
    assert_eq!(
        rendered.status.code(),
        Some(0),
        "{}",
        text(&rendered.stderr)
    );
    let stdout = text(&rendered.stdout);
    assert_eq!(stdout.matches("\nkind: Widget\n").count(), 2, "{stdout}");
    assert!(
        !stdout.contains("kind: CustomResourceDefinition\nmetadata:\n  name: gadgets"),
        "a chart's crds/ are not printed: {stdout}"
    );
}

/// Each field a definition refuses is reported at the template, object and JSON path: a
/// wrong type, an unknown field (strict), a value outside a nullable enum, a boolean where an
/// integer or string belongs, versions the definition does not serve or does not have, and a
/// chart's custom resource against the chart's `crds/`.
#[test]
fn violations_are_reported_at_their_fields() {
    let output = chartroom(&project(), &["validate", "-p", "broken"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    let definition =
        "CustomResourceDefinition widgets.example.com (manifests/operator/widget-crd.yaml)";
    let expected = [
        ("manifests/broken/widgets.yaml:1:1: /spec/size: Widget shop/typo (profile broken, component broken)", "\"three\" is not of type \"integer\""),
        ("manifests/broken/widgets.yaml:1:1: /spec/color: Widget shop/typo", "unknown field \"color\" (version v1 of CustomResourceDefinition widgets.example.com (manifests/operator/widget-crd.yaml))"),
        ("/spec/colour: Widget shop/typo", "\"green\" is not one of \"red\", \"blue\" or null"),
        ("/spec/port: Widget shop/typo", "true is not of types \"integer\", \"string\""),
        ("/apiVersion: Widget shop/old", &format!("example.com/v1alpha1 is not served: {definition} sets served: false for it")),
        ("/apiVersion: Widget shop/future", &format!("{definition} has no version example.com/v2 (versions: v1, v1alpha1)")),
        ("/apiVersion: Widget shop/future", "example.com/v2 is not built into Kubernetes and no CustomResourceDefinition in the render defines it"),
        ("charts/gadgets/templates/gadget.yaml:1:1: /spec/size: Gadget shop/gadgets (profile broken, component gadgets)", "\"big\" is not of type \"integer\""),
    ];
    assert_findings(&stderr, &expected);
    assert!(stderr.ends_with("8 problems found\n"), "{stderr}");
    let loose = chartroom(&project(), &["validate", "-p", "broken", "--no-strict"]);
    let stderr = text(&loose.stderr);
    assert!(!stderr.contains("\"color\""), "{stderr}");
    assert!(stderr.contains("7 problems found"), "{stderr}");
}

/// A kind defined only by a `--crd` file: without it the API is unknown; with the file (or
/// its directory) the object is checked against it.
#[test]
fn definitions_given_with_crd_files() {
    let without = chartroom(&project(), &["validate", "-p", "valid"]);
    assert_eq!(without.status.code(), Some(1));
    assert_findings(
        &text(&without.stderr),
        &[(
            "manifests/sprockets/sprocket.yaml:1:1: /apiVersion: Sprocket shop/small",
            "example.net/v1 is not built into Kubernetes and no CustomResourceDefinition in the render defines it; list it in the profile's apiVersions if the cluster has the operator [api-version-known]",
        )],
    );
    let wrong = chartroom(
        &project(),
        &[
            "validate",
            "-p",
            "valid",
            "--crd",
            "crds",
            "--set-for",
            "sprockets",
            "teeth=many",
        ],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert_findings(
        &text(&wrong.stderr),
        &[(
            "manifests/sprockets/sprocket.yaml:1:1: /spec/teeth: Sprocket shop/small (profile valid, component sprockets)",
            "\"many\" is not of type \"integer\"",
        )],
    );
    let missing = chartroom(
        &project(),
        &["validate", "-p", "valid", "--crd", "nowhere.yaml"],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr)
            .starts_with("Error: cannot read CustomResourceDefinitions from nowhere.yaml: "),
        "{}",
        text(&missing.stderr)
    );
    let empty = chartroom(
        &project(),
        &["validate", "-p", "valid", "--crd", "profiles"],
    );
    assert_eq!(
        text(&empty.stderr),
        "Error: profiles: no CustomResourceDefinition (apiextensions.k8s.io) in it\n"
    );
}

/// A chart's `crds/` define kinds for the check though the render does not print them.
#[test]
fn chart_crds_define_kinds() {
    let args = |size: &'static str| {
        vec![
            "validate",
            "-p",
            "valid",
            "--crd",
            "crds",
            "--set-for",
            "gadgets",
            size,
        ]
    };
    let valid = chartroom(&project(), &args("size=7"));
    assert_eq!(valid.status.code(), Some(0), "{}", text(&valid.stderr));
    let invalid = chartroom(&project(), &args("size=big"));
    assert_findings(
        &text(&invalid.stderr),
        &[(
            "charts/gadgets/templates/gadget.yaml:1:1: /spec/size: Gadget shop/gadgets (profile valid, component gadgets)",
            "\"big\" is not of type \"integer\"",
        )],
    );
}

/// A second definition of a kind the render defines is set aside with a warning; objects are
/// checked against the render's.
#[test]
fn conflicting_definitions_warn_and_the_render_wins() {
    let output = chartroom(
        &project(),
        &[
            "validate",
            "-p",
            "valid",
            "--crd",
            "crds",
            "--crd",
            "other-crds/widget.yaml",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stderr),
        "warning: CustomResourceDefinition widgets.example.com (other-crds/widget.yaml) defines Widget example.com/v1 unlike CustomResourceDefinition widgets.example.com (manifests/operator/widget-crd.yaml); objects are checked against the latter\n"
    );
    let quiet = chartroom(
        &project(),
        &[
            "--quiet",
            "validate",
            "-p",
            "valid",
            "--crd",
            "crds",
            "--crd",
            "other-crds",
        ],
    );
    assert!(quiet.stderr.is_empty(), "{}", text(&quiet.stderr));
}

/// A kind no definition and no schema location knows is an error when the Kubernetes schemas
/// are checked, unless missing schemas are ignored.
#[test]
fn unknown_kinds_need_a_schema_unless_ignored() {
    let schemas = kubernetes_schemas();
    let output = chartroom(
        &project(),
        &[
            "validate",
            "-p",
            "unknown-kind",
            "--schema-location",
            &schemas,
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_findings(
        &text(&output.stderr),
        &[(
            "manifests/unknown/doohickey.yaml:1:1: /kind: Doohickey shop/mystery (profile unknown-kind, component unknown)",
            "no Kubernetes v1.31.0 schema for Doohickey example.com/v1 in",
        )],
    );
    assert!(
        text(&output.stderr).contains("and no CustomResourceDefinition of the render, of a chart's crds/ or of --crd defines it"),
        "{}",
        text(&output.stderr)
    );
    let ignored = chartroom(
        &project(),
        &[
            "validate",
            "-p",
            "unknown-kind",
            "--schema-location",
            &schemas,
            "--ignore-missing-schemas",
        ],
    );
    assert_eq!(ignored.status.code(), Some(0), "{}", text(&ignored.stderr));
}

/// A reference rule switched off on the command line or in a profile reports nothing; the
/// finding names its rule otherwise.
#[test]
fn reference_rules_can_be_switched_off() {
    let output = chartroom(&project(), &["validate", "-p", "consumer"]);
    assert_eq!(output.status.code(), Some(1));
    assert_findings(
        &text(&output.stderr),
        &[(
            "manifests/consumer/pod.yaml:1:1: /spec/containers/0/envFrom/0/secretRef: Pod shop/reader",
            "Secret \"from-vault\" in namespace shop is neither rendered nor declared in the profile's `external:` list [secret-exists]",
        )],
    );
    for args in [
        &[
            "validate",
            "-p",
            "consumer",
            "--disable-check",
            "secret-exists",
        ][..],
        &[
            "render",
            "-p",
            "consumer",
            "--check",
            "--disable-check",
            "secret-exists",
        ][..],
        &["validate", "-p", "relaxed"][..],
    ] {
        let output = chartroom(&project(), args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    // Other rules still apply.
    let output = chartroom(
        &project(),
        &[
            "validate",
            "-p",
            "consumer",
            "--disable-check",
            "config-map-exists",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
}

/// A rule name chartroom does not have is an error listing the names it has, on the command
/// line and in a profile.
#[test]
fn unknown_rule_names_list_the_valid_ones() {
    let all = "api-version-known, namespace-set, namespace-exists, unique-objects, secret-exists, config-map-exists, data-key-exists, pvc-exists, service-account-exists, priority-class-exists, storage-class-exists, probe-port-exists, service-exists, service-port-exists, service-selector-matches, target-port-exists, ingress-class-exists, issuer-exists, scale-target-exists, pod-selector-matches, role-exists, monitor-selector-matches, monitor-port-exists, secret-store-exists";
    let output = chartroom(
        &project(),
        &[
            "validate",
            "-p",
            "consumer",
            "--disable-check",
            "secrets-exist",
        ],
    );
    assert_ne!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "unknown check \"secrets-exist\"; the checks are: {all}"
        )),
        "{stderr}"
    );
    let output = chartroom(&project(), &["validate", "-p", "misspelt-check"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    let quoted = all
        .split(", ")
        .map(|name| format!("\"{name}\""))
        .collect::<Vec<_>>();
    let (last, rest) = quoted.split_last().unwrap();
    assert!(
        stderr.contains(&format!(
            "\"secrets-exist\" is not one of {} or {last}",
            rest.join(", ")
        )) && stderr.contains("--> profiles/misspelt-check.yaml:4:7"),
        "{stderr}"
    );
}

/// `validate -o json`: every finding as one JSON document on stdout (nothing on stderr),
/// with its parts in fields of stable names: severity, rule (`null` for schema findings),
/// the bare message, file, line, column, profile, component, the object and the JSON path.
/// The exit status stays 1 with findings and 0 without.
#[test]
fn json_report_carries_every_finding_in_parts() {
    let output = chartroom(&project(), &["validate", "-p", "broken", "-o", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 8, "{report:#}");
    assert_eq!(report["summary"]["errors"], 8);
    assert_eq!(report["summary"]["warnings"], 0);
    let fields = [
        "severity",
        "rule",
        "message",
        "file",
        "line",
        "column",
        "profile",
        "component",
        "object",
        "path",
    ];
    for finding in findings {
        let object = finding.as_object().unwrap();
        assert_eq!(object.keys().count(), fields.len(), "{finding:#}");
        assert!(
            fields.iter().all(|field| object.contains_key(*field)),
            "{finding:#}"
        );
        assert_eq!(finding["severity"], "error");
    }
    let unknown_api = findings
        .iter()
        .find(|finding| finding["rule"] == "api-version-known")
        .expect("the api-version-known finding");
    assert_eq!(
        unknown_api,
        &serde_json::json!({
            "severity": "error",
            "rule": "api-version-known",
            "message": "example.com/v2 is not built into Kubernetes and no CustomResourceDefinition in the render defines it; list it in the profile's apiVersions if the cluster has the operator",
            "file": "manifests/broken/widgets.yaml",
            "line": null,
            "column": null,
            "profile": "broken",
            "component": "broken",
            "object": {"kind": "Widget", "namespace": "shop", "name": "future"},
            "path": "/apiVersion",
        })
    );
    let size = findings
        .iter()
        .find(|finding| finding["path"] == "/spec/size" && finding["component"] == "gadgets")
        .expect("the Gadget's size");
    assert_eq!(size["rule"], serde_json::Value::Null);
    assert_eq!(size["message"], "\"big\" is not of type \"integer\"");
    assert_eq!(size["file"], "charts/gadgets/templates/gadget.yaml");
    assert_eq!(size["object"]["name"], "gadgets");

    // Problems of project files: no profile's render, no object.
    let broken = root().join("tests/fixtures/projects/broken-profile");
    let output = chartroom(&broken, &["validate", "-o", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let typo = findings
        .iter()
        .find(|finding| finding["path"] == "/namespce")
        .expect("the misspelt key");
    assert_eq!(typo["file"], "profiles/bad.yaml");
    assert_eq!(typo["line"], 2);
    assert_eq!(typo["column"], 1);
    assert_eq!(typo["profile"], serde_json::Value::Null);
    assert_eq!(typo["object"], serde_json::Value::Null);
    let replicas = findings
        .iter()
        .find(|finding| finding["path"] == "/replicaCount")
        .expect("the values problem");
    assert_eq!(replicas["message"], "\"three\" is not of type \"integer\"");
    assert_eq!(replicas["profile"], "bad");
    assert_eq!(replicas["component"], "app");
    assert_eq!(report["summary"]["errors"], findings.len());

    let clean = chartroom(
        &project(),
        &[
            "validate",
            "-p",
            "valid",
            "--crd",
            "crds/sprocket.yaml",
            "-o",
            "json",
        ],
    );
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    let report: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(
        report,
        serde_json::json!({"findings": [], "summary": {"errors": 0, "warnings": 0}})
    );

    // Warnings are findings of their own severity, without a place; they fail nothing.
    let warned = chartroom(
        &project(),
        &[
            "validate",
            "-p",
            "valid",
            "--crd",
            "crds",
            "--crd",
            "other-crds/widget.yaml",
            "-o",
            "json",
        ],
    );
    assert_eq!(warned.status.code(), Some(0), "{}", text(&warned.stderr));
    assert!(warned.stderr.is_empty(), "{}", text(&warned.stderr));
    let report: serde_json::Value = serde_json::from_slice(&warned.stdout).unwrap();
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 0, "warnings": 1})
    );
    let warning = &report["findings"][0];
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["file"], serde_json::Value::Null);
    assert!(
        warning["message"].as_str().unwrap().starts_with(
            "CustomResourceDefinition widgets.example.com (other-crds/widget.yaml) defines Widget"
        ),
        "{report:#}"
    );
}
