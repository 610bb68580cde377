//! One diagnostics layout, and the same findings, from every project command (issue 14,
//! point 5).
//!
//! Each test copies the repository's own project (chartroom.yaml, profiles, schemas, charts,
//! manifests) into a scratch directory, breaks it in one way, and runs the built binary. The
//! surprises the issue lists must be gone:
//!
//! * a) a YAML syntax error's message no longer names a line of its own that disagrees with
//!   the position shown;
//! * b) `render` blames the profile key that set a bad value, as `validate` does, not the
//!   component in chartroom.yaml;
//! * c) `render` (and `diff`) report every loading and schema problem `validate` reports;
//! * d) a cycle of `extends` is one problem, however many profiles lead into it;
//! * e) an unknown profile is named, with the known ones and the closest, and no made-up place.
//!
//! And the layout: `error: ...`, ` --> file:line:col`, the source line with a caret, `= at:`,
//! `= expected:`, `= help:`; coloured only when asked. The broken projects under
//! `tests/fixtures/projects/` are read where they are.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A project to run in: a scratch copy of the repository's project, removed when dropped
/// (`owned`), or a fixture of the repository, left alone.
struct Scratch(PathBuf, bool);

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
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

fn project_copy() -> Scratch {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let directory = std::env::temp_dir().join(format!(
        "chartroom-diagnostics-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    for entry in [
        "chartroom.yaml",
        "profiles",
        "schemas",
        "charts",
        "manifests",
    ] {
        copy_tree(&root().join(entry), &directory.join(entry));
    }
    Scratch(directory, true)
}

/// A fixture project of `tests/fixtures/projects/`, read in place (never written).
fn fixture(name: &str) -> Scratch {
    Scratch(root().join("tests/fixtures/projects").join(name), false)
}

impl Scratch {
    /// Replaces the first `from` in `file` by `to`; the 1-based line where it was.
    fn edit(&self, file: &str, from: &str, to: &str) -> usize {
        let path = self.0.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text
            .find(from)
            .unwrap_or_else(|| panic!("{from:?} not in {file}"));
        let line = text[..at].matches('\n').count() + 1;
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        line
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], environment: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_chartroom"));
        command
            .args(args)
            .current_dir(&self.0)
            .env("TZ", "UTC")
            .env_remove("NO_COLOR");
        for (name, value) in environment {
            command.env(name, value);
        }
        command.output().expect("run chartroom")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One printed diagnostic: its lines from `error: ` to the next, and the parts that matter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Finding {
    message: String,
    place: Option<String>,
    at: Option<String>,
    expected: Option<String>,
    help: Option<String>,
    /// The excerpt: the gutter's line number and the source line.
    excerpt: Option<(usize, String)>,
}

fn findings(stderr: &str) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            found.push(Finding {
                message: message.to_string(),
                ..Finding::default()
            });
            continue;
        }
        let Some(current) = found.last_mut() else {
            continue;
        };
        let trimmed = line.trim_start();
        let note = |label: &str| trimmed.strip_prefix(label).map(str::to_string);
        if let Some(place) = note("--> ") {
            current.place = Some(place);
        } else if let Some(at) = note("= at: ") {
            current.at = Some(at);
        } else if let Some(expected) = note("= expected: ") {
            current.expected = Some(expected);
        } else if let Some(help) = note("= help: ") {
            current.help = Some(help);
        } else if let Some((number, source)) = trimmed.split_once(" | ") {
            if let Ok(number) = number.parse() {
                current.excerpt = Some((number, source.to_string()));
            }
        }
    }
    found
}

/// Runs `args`, which must fail with status 1, printing nothing on stdout; its findings, and
/// checks the count line that ends the report.
fn failing(scratch: &Scratch, args: &[&str]) -> Vec<Finding> {
    let output = scratch.run(args);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?} printed output");
    let found = findings(&stderr);
    let count = match found.len() {
        1 => "1 problem found".to_string(),
        n => format!("{n} problems found"),
    };
    assert!(
        stderr.ends_with(&format!("\n{count}\n")),
        "{args:?}: {stderr}"
    );
    found
}

fn place_of(finding: &Finding) -> &str {
    finding.place.as_deref().unwrap_or_default()
}

/// a) go-yaml names the line of an error in its own way; the message no longer repeats it,
/// and the excerpt is the line the location names.
#[test]
fn a_yaml_syntax_error_has_one_position() {
    let scratch = project_copy();
    let edited = scratch.edit(
        "profiles/dev.yaml",
        "requests: { cpu: 200m, memory: 256Mi }",
        "requests: { cpu: 200m, memory: 256Mi",
    );
    let validate = failing(&scratch, &["validate", "-p", "dev"]);
    let render = failing(&scratch, &["render", "-p", "dev"]);
    assert_eq!(validate, render);
    assert_eq!(validate.len(), 1, "{validate:?}");
    let finding = &validate[0];
    assert_eq!(
        finding.message,
        "invalid YAML: did not find expected ',' or '}'"
    );
    assert!(!finding.message.contains("line"), "{finding:?}");
    // The parser notices the missing brace on the line after it.
    let place = format!("profiles/dev.yaml:{}:", edited + 1);
    assert!(place_of(finding).starts_with(&place), "{finding:?}");
    let (number, source) = finding.excerpt.clone().expect("an excerpt");
    assert_eq!(number, edited + 1);
    let file = std::fs::read_to_string(scratch.0.join("profiles/dev.yaml")).unwrap();
    assert_eq!(Some(source.as_str()), file.lines().nth(edited));
}

/// b) A value the chart's schema rejects is blamed on the profile key that set it, by
/// `render` as by `validate`, with what was expected.
#[test]
fn render_and_validate_blame_the_profile_key() {
    let scratch = project_copy();
    let line = scratch.edit(
        "profiles/prod.yaml",
        "replicaCount: 3",
        "replicaCount: three",
    );
    let validate = failing(&scratch, &["validate", "-p", "prod"]);
    let render = failing(&scratch, &["render", "-p", "prod"]);
    assert_eq!(validate, render);
    assert_eq!(render.len(), 1, "{render:?}");
    let finding = &render[0];
    assert_eq!(place_of(finding), format!("profiles/prod.yaml:{line}:7"));
    assert_eq!(finding.at.as_deref(), Some("replicaCount"));
    assert_eq!(finding.expected.as_deref(), Some("integer"));
    assert!(
        finding
            .message
            .ends_with("(values of component suggestion)"),
        "{finding:?}"
    );
    assert_eq!(
        finding.excerpt,
        Some((line, "      replicaCount: three".to_string()))
    );
}

/// c) Several unknown keys, in the profile and in a component's values: `render` and `diff`
/// report every one that `validate` reports, each with the known name it probably meant.
#[test]
fn render_reports_every_problem_validate_reports() {
    let scratch = project_copy();
    let first = scratch.edit(
        "profiles/prod.yaml",
        "namespace: iot\n",
        "namespace: iot\nnamespce: x\nreleaseNme: y\n",
    );
    let values = scratch.edit(
        "profiles/prod.yaml",
        "replicaCount: 3\n",
        "replicaCount: 3\n      replicaCont: 4\n",
    );
    let validate = failing(&scratch, &["validate", "-p", "prod"]);
    let render = failing(&scratch, &["render", "-p", "prod"]);
    let diff = failing(
        &scratch,
        &["diff", "-p", "prod", "--against", "profile:dev"],
    );
    assert_eq!(validate, render);
    assert_eq!(validate, diff);
    let summary: Vec<(&str, Option<&str>)> = render
        .iter()
        .map(|finding| (place_of(finding), finding.help.as_deref()))
        .collect();
    let at = |line: usize, column: usize| format!("profiles/prod.yaml:{line}:{column}");
    assert_eq!(
        summary,
        [
            (at(first + 1, 1).as_str(), Some("did you mean `namespace`?")),
            (
                at(first + 2, 1).as_str(),
                Some("did you mean `releaseName`?")
            ),
            (
                at(values + 1, 7).as_str(),
                Some("did you mean `replicaCount`?")
            ),
        ]
    );
}

/// d) Every profile of the project leads into a loop of `extends`: one problem, naming the
/// loop, at the `extends` key that closes it, from every command.
#[test]
fn an_extends_cycle_is_one_problem() {
    let scratch = project_copy();
    scratch.edit(
        "profiles/base.yaml",
        "abstract: true\n",
        "abstract: true\nextends: mobile\n",
    );
    let closing = scratch.edit("profiles/prod.yaml", "extends: base", "extends: base");
    let runs = [
        &["validate"][..],
        &["validate", "-p", "dev"],
        &["render", "--all"],
        &["render", "-p", "dev"],
        &["render", "-p", "mobile"],
        &["values", "-p", "staging", "suggestion"],
    ];
    for args in runs {
        let found = failing(&scratch, args);
        assert_eq!(found.len(), 1, "{args:?}: {found:?}");
        assert_eq!(
            found[0].message,
            "profiles extend each other in a cycle: base -> mobile -> prod -> base",
            "{args:?}"
        );
        assert_eq!(
            place_of(&found[0]),
            format!("profiles/prod.yaml:{closing}:1"),
            "{args:?}"
        );
        assert_eq!(found[0].at.as_deref(), Some("extends"), "{args:?}");
    }
}

/// e) A profile name that does not exist: said so, with the profiles there are and the
/// closest, and no place in any file.
#[test]
fn an_unknown_profile_is_named_with_the_known_ones() {
    let scratch = project_copy();
    for args in [
        &["render", "-p", "prd"][..],
        &["validate", "-p", "prd"],
        &["values", "-p", "prd", "suggestion"],
        &["diff", "-p", "prd", "--against", "profile:dev"],
    ] {
        let output = scratch.run(args);
        let stderr = text(&output.stderr);
        assert!(!stderr.contains("profiles:1:1"), "{stderr}");
        assert!(!stderr.contains("-->"), "{stderr}");
        let found = failing(&scratch, args);
        assert_eq!(
            found,
            [Finding {
                message: "unknown profile \"prd\"".into(),
                expected: Some("one of: base, dev, mobile, prod, staging".into()),
                help: Some("did you mean `prod`?".into()),
                ..Finding::default()
            }],
            "{args:?}"
        );
    }
    // Nothing close: no guess.
    let found = failing(&scratch, &["render", "-p", "qa-west"]);
    assert_eq!(found[0].help, None);
}

/// The layout, exactly, and its colour: only with `--color=always` (stderr is a pipe here),
/// and never under `--color=never`.
#[test]
fn the_layout_and_its_colour() {
    let scratch = project_copy();
    let line = scratch.edit(
        "profiles/dev.yaml",
        "namespace: iot-dev\n",
        "namespace: iot-dev\nnamespce: x\n",
    );
    let output = scratch.run(&["validate", "-p", "dev"]);
    let row = line + 1;
    let gutter = " ".repeat(row.to_string().len());
    let expected = [
        "error: unknown property \"namespce\" (not allowed by the schema)".to_string(),
        format!("{gutter}--> profiles/dev.yaml:{row}:1"),
        format!("{gutter} |"),
        format!("{row} | namespce: x"),
        format!("{gutter} | ^^^^^^^^"),
        format!("{gutter} = at: namespce"),
        format!("{gutter} = help: did you mean `namespace`?"),
        String::new(),
        "1 problem found".to_string(),
        String::new(),
    ];
    assert_eq!(text(&output.stderr), expected.join("\n"));
    let coloured = scratch.run(&["validate", "-p", "dev", "--color=always"]);
    assert!(coloured.stderr.contains(&0x1b));
    let plain = scratch.run_with(&["validate", "-p", "dev", "--color=never"], &[]);
    assert_eq!(plain.stderr, output.stderr);
    let no_color = scratch.run_with(&["validate", "-p", "dev"], &[("NO_COLOR", "1")]);
    assert_eq!(no_color.stderr, output.stderr);
}

/// Three problems of one profile, each at its own key, from `validate` and `render` alike.
#[test]
fn a_broken_profile_reports_three_positioned_errors() {
    let project = fixture("broken-profile");
    let found = failing(&project, &["validate", "-p", "bad"]);
    assert_eq!(found, failing(&project, &["render", "-p", "bad"]));
    type Summary<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let summary: Vec<Summary> = found
        .iter()
        .map(|finding| {
            (
                place_of(finding),
                finding.at.as_deref(),
                finding.expected.as_deref(),
                finding.help.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "profiles/bad.yaml:2:1",
                Some("namespce"),
                None,
                Some("did you mean `namespace`?")
            ),
            (
                "profiles/bad.yaml:6:7",
                Some("replicaCount"),
                Some("integer"),
                None
            ),
            ("profiles/bad.yaml:7:7", Some("database"), None, None),
        ]
    );
    assert!(found[0].message.starts_with("unknown property"));
    assert!(found[2].message.contains("\"host\" is a required property"));
}

/// A two-profile loop, asked for from either end: one problem, named the same way.
#[test]
fn an_extends_cycle_names_the_chain() {
    let project = fixture("broken-profile");
    for profile in ["loop-a", "loop-b"] {
        let found = failing(&project, &["render", "-p", profile]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "profiles extend each other in a cycle: loop-a -> loop-b -> loop-a"
        );
        assert_eq!(place_of(&found[0]), "profiles/loop-b.yaml:1:1");
    }
}

/// Naming only components the profile disables is an error at the `enabled: false` that
/// disables them; naming some is a note in the same layout.
#[test]
fn disabled_components_are_reported() {
    let project = fixture("layered");
    let found = failing(&project, &["render", "-p", "off", "app"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]
        .message
        .starts_with("component \"app\" is disabled in profile \"off\""));
    assert_eq!(place_of(&found[0]), "profiles/off.yaml:4:5");
    assert_eq!(found[0].at.as_deref(), Some("components.app.enabled"));
}

/// A profile's release name follows Helm's rule in every command, so it can never name a
/// path outside the output directory.
#[test]
fn release_names_from_profiles_follow_helm() {
    let project = fixture("broken-profile");
    for args in [["render", "-p", "escape"], ["validate", "-p", "escape"]] {
        let found = failing(&project, &args);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("release name \"../../app\""));
        assert_eq!(place_of(&found[0]), "profiles/escape.yaml:2:1");
        assert_eq!(found[0].at.as_deref(), Some("releaseName"));
    }
}
