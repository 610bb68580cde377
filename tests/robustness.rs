//! Robustness: no chart, values or flags may make `chartroom template` panic or hang.
//!
//! A seeded generator copies charts of the helm-vectors suite, damages them (truncated
//! templates, swapped or doubled delimiters, random bytes, binary templates, broken UTF-8 in
//! Chart.yaml or values.yaml) and adds hand-made hostile inputs (ten thousand nested `if`s,
//! recursive `include`/`template`/`tpl`, alias bombs in values.yaml, enormous `--set` paths
//! and indexes, symbolic-link loops). Each input runs through the debug binary with a time
//! limit; a panic (exit status 101, "panicked at"), a death by signal (stack overflow,
//! abort) or a timeout fails the test. Errors with a non-zero status are fine.
//!
//! `CHARTROOM_FUZZ_SEED` and `CHARTROOM_FUZZ_ITERATIONS` widen a run by hand, e.g.
//! `CHARTROOM_FUZZ_ITERATIONS=2000 cargo test --test robustness -- --nocapture`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The committed run: fixed seed, enough random mutations to stay well under a minute.
const DEFAULT_SEED: u64 = 0x00c0_ffee_5eed;
const DEFAULT_ITERATIONS: usize = 60;
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// xorshift64*: a small deterministic generator (no crate, same sequence everywhere).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }
}

/// One input to try: a chart directory and the arguments after `template rel <chart>`.
struct Input {
    label: String,
    chart: PathBuf,
    args: Vec<String>,
}

/// The charts to mutate: the helm-vectors suite's (when present) and this crate's fixtures.
fn suite_cases() -> Vec<PathBuf> {
    let suite = match std::env::var_os("CHARTROOM_HELM_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/helm-vectors"),
    };
    let mut charts = Vec::new();
    for area in std::fs::read_dir(suite.join("cases"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for case in std::fs::read_dir(area.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let chart = case.path().join("chart");
            if chart.join("Chart.yaml").is_file() {
                charts.push(chart);
            }
        }
    }
    let own = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/surface/charts");
    for entry in std::fs::read_dir(own).into_iter().flatten().flatten() {
        if entry.path().join("Chart.yaml").is_file() {
            charts.push(entry.path());
        }
    }
    charts.sort();
    charts
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            let _ = std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target);
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn files_of(directory: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(directory).into_iter().flatten().flatten() {
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            files_of(&entry.path(), found);
        } else if kind.is_file() {
            found.push(entry.path());
        }
    }
}

/// Damages one file of the chart in one random way and says how.
fn mutate(chart: &Path, rng: &mut Rng) -> String {
    let mut files = Vec::new();
    files_of(chart, &mut files);
    files.sort();
    let templates: Vec<&PathBuf> = files
        .iter()
        .filter(|path| path.to_string_lossy().contains("/templates/"))
        .collect();
    let pick = if !templates.is_empty() && rng.below(4) > 0 {
        templates[rng.below(templates.len())].clone()
    } else {
        files[rng.below(files.len())].clone()
    };
    let mut data = std::fs::read(&pick).unwrap();
    let name = pick.strip_prefix(chart).unwrap().display().to_string();
    let how = match rng.below(6) {
        0 => {
            let cut = rng.below(data.len() + 1);
            data.truncate(cut);
            format!("truncate {name} at {cut}")
        }
        1 => {
            let text = String::from_utf8_lossy(&data)
                .replace("{{", "\u{0}")
                .replace("}}", "{{")
                .replace('\u{0}', "}}");
            data = text.into_bytes();
            format!("swap delimiters in {name}")
        }
        2 => {
            let at = rng.below(data.len() + 1);
            let count = 1 + rng.below(16);
            let noise: Vec<u8> = (0..count).map(|_| rng.next() as u8).collect();
            data.splice(at..at, noise);
            format!("insert {count} random bytes into {name} at {at}")
        }
        3 => {
            let text = String::from_utf8_lossy(&data).replacen("{{", "{{{{", 1 + rng.below(3));
            data = text.into_bytes();
            format!("double delimiters in {name}")
        }
        4 => {
            let tokens = [
                "{{", "}}", "(", ")", "|", "$", ".", "\"", "`", "-", ":", "\n", " end ", " else ",
                " define ",
            ];
            let at = rng.below(data.len() + 1);
            let token = tokens[rng.below(tokens.len())];
            data.splice(at..at, token.bytes());
            format!("insert {token:?} into {name} at {at}")
        }
        _ => {
            let length = 1 + rng.below(4096);
            data = (0..length).map(|_| rng.next() as u8).collect();
            format!("replace {name} with {length} random bytes")
        }
    };
    std::fs::write(&pick, data).unwrap();
    how
}

fn write(path: &Path, data: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
}

/// A fresh minimal chart with the given templates and values.
fn hostile_chart(root: &Path, label: &str, templates: &[(&str, String)], values: &str) -> PathBuf {
    let chart = root.join(label);
    write(
        &chart.join("Chart.yaml"),
        "apiVersion: v2\nname: hostile\nversion: 0.1.0\n",
    );
    write(&chart.join("values.yaml"), values);
    for (name, text) in templates {
        write(&chart.join("templates").join(name), text);
    }
    chart
}

fn alias_bomb() -> String {
    let mut text = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!(
            "a{level}: &a{level} [{}]\n",
            vec![previous; 9].join(",")
        ));
    }
    text
}

/// The hand-made hostile inputs.
fn hostile_inputs(root: &Path) -> Vec<Input> {
    let simple =
        "kind: ConfigMap\nmetadata:\n  name: x\ndata:\n  v: {{ .Values | toJson | quote }}\n"
            .to_string();
    let nested_ifs = format!(
        "{}x{}",
        "{{ if true }}".repeat(10_000),
        "{{ end }}".repeat(10_000)
    );
    let nested_parens = format!("{{{{ {}1{} }}}}", "(".repeat(10_000), ")".repeat(10_000));
    let nested_ranges = format!(
        "{}x{}",
        "{{ range $i := list 1 }}".repeat(5_000),
        "{{ end }}".repeat(5_000)
    );
    let mut inputs = Vec::new();
    let mut add = |label: &str, templates: &[(&str, String)], values: &str, args: &[String]| {
        let chart = hostile_chart(root, label, templates, values);
        inputs.push(Input {
            label: label.to_string(),
            chart,
            args: args.to_vec(),
        });
    };
    add("nested_ifs", &[("a.yaml", nested_ifs)], "", &[]);
    add("nested_parens", &[("a.yaml", nested_parens)], "", &[]);
    add("nested_ranges", &[("a.yaml", nested_ranges)], "", &[]);
    add(
        "unclosed_ifs",
        &[("a.yaml", "{{ if true }}".repeat(10_000))],
        "",
        &[],
    );
    add(
        "recursive_include",
        &[(
            "a.yaml",
            "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}".into(),
        )],
        "",
        &[],
    );
    add(
        "mutual_include",
        &[("a.yaml", "{{ define \"a\" }}{{ include \"b\" . }}{{ end }}{{ define \"b\" }}x{{ include \"a\" . }}{{ end }}{{ include \"a\" . }}".into())],
        "",
        &[],
    );
    add(
        "recursive_template",
        &[(
            "a.yaml",
            "{{ define \"t\" }}{{ template \"t\" . }}{{ end }}{{ template \"t\" . }}".into(),
        )],
        "",
        &[],
    );
    add(
        "recursive_tpl",
        &[("a.yaml", "{{ tpl .Values.t . }}".into())],
        "t: '{{ tpl .Values.t . }}'\n",
        &[],
    );
    add(
        "alias_bomb_values",
        &[("a.yaml", simple.clone())],
        &alias_bomb(),
        &[],
    );
    add(
        "alias_bomb_unused",
        &[("a.yaml", "kind: A\n".into())],
        &alias_bomb(),
        &[],
    );
    add(
        "deep_values",
        &[("a.yaml", simple.clone())],
        &format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        &[],
    );
    add(
        "deep_values_unclosed",
        &[("a.yaml", simple.clone())],
        &format!("a: {}\n", "{".repeat(100_000)),
        &[],
    );
    let deep_path = vec!["a"; 50_000].join(".");
    add(
        "huge_set_path",
        &[("a.yaml", simple.clone())],
        "",
        &["--set".into(), format!("{deep_path}=1")],
    );
    add(
        "huge_set_index",
        &[("a.yaml", simple.clone())],
        "",
        &["--set".into(), "a[99999999]=1".into()],
    );
    add(
        "huge_set_index_overflow",
        &[("a.yaml", simple.clone())],
        "",
        &["--set".into(), "a[99999999999999999999999]=1".into()],
    );
    add(
        "nested_set_index",
        &[("a.yaml", simple.clone())],
        "",
        &["--set".into(), format!("a{}=1", "[0]".repeat(30_000))],
    );
    add(
        "huge_set_json",
        &[("a.yaml", simple.clone())],
        "",
        &[
            "--set-json".into(),
            format!("a={}{}", "[".repeat(50_000), "]".repeat(50_000)),
        ],
    );
    add(
        "huge_set_string_index",
        &[("a.yaml", simple.clone())],
        "",
        &["--set-string".into(), "a[99999999].b=x".into()],
    );
    add(
        "huge_set_literal",
        &[("a.yaml", simple.clone())],
        "",
        &["--set-literal".into(), format!("{deep_path}=x")],
    );
    add(
        "deep_values_file_map",
        &[("a.yaml", simple.clone())],
        &(0..5_000)
            .map(|depth| format!("{}k:\n", " ".repeat(depth)))
            .collect::<String>(),
        &[],
    );
    add(
        "cyclic_dict",
        &[("a.yaml", "{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"self\" $d }}j: {{ toJson $d }}\ny: {{ toYaml $d }}\np: {{ printf \"%v\" $d }}\nc: {{ deepCopy $d }}\nm: {{ merge (dict) $d | len }}\n".into())],
        "",
        &[],
    );
    add(
        "glob_stars",
        &[(
            "a.yaml",
            format!("{{{{ .Files.Glob \"{}\" | len }}}}", "**/".repeat(200)),
        )],
        "",
        &[],
    );
    add(
        "deep_set_json_objects",
        &[("a.yaml", simple.clone())],
        "",
        &[
            "--set-json".into(),
            format!("a={}1{}", "{\"a\":".repeat(20_000), "}".repeat(20_000)),
        ],
    );
    add(
        "deep_values_to_yaml",
        &[(
            "a.yaml",
            "{{ toYaml .Values }}{{ toJson .Values }}{{ deepCopy .Values | len }}".into(),
        )],
        "",
        &["--set".into(), format!("a{}=1", "[0]".repeat(30_000))],
    );
    add(
        "alias_bomb_chart_yaml",
        &[("a.yaml", simple.clone())],
        "",
        &[],
    );
    write(
        &root.join("alias_bomb_chart_yaml/Chart.yaml"),
        format!(
            "apiVersion: v2\nname: bomb\nversion: 0.1.0\n{}",
            alias_bomb().replace("a0:", "annotations:\n  x: y\nx0:")
        ),
    );
    add("binary_template", &[("bin.yaml", String::new())], "", &[]);
    write(
        &root.join("binary_template/templates/bin.yaml"),
        (0..=255u8).cycle().take(5000).collect::<Vec<u8>>(),
    );
    add(
        "non_utf8_chart_yaml",
        &[("a.yaml", simple.clone())],
        "",
        &[],
    );
    write(
        &root.join("non_utf8_chart_yaml/Chart.yaml"),
        b"apiVersion: v2\nname: h\xff\xfeost\nversion: 0.1.0\ndescription: \xc3\x28\n",
    );
    add("non_utf8_values", &[("a.yaml", simple.clone())], "", &[]);
    write(
        &root.join("non_utf8_values/values.yaml"),
        b"a: \xff\xfe\nb: [\xc3\x28]\n",
    );
    add("symlink_loop", &[("a.yaml", simple.clone())], "", &[]);
    let _ = std::os::unix::fs::symlink(".", root.join("symlink_loop/loop"));
    let _ = std::os::unix::fs::symlink("../templates", root.join("symlink_loop/templates/again"));
    add("symlink_to_self", &[("a.yaml", simple.clone())], "", &[]);
    let _ = std::os::unix::fs::symlink("self", root.join("symlink_to_self/templates/self"));
    add("subchart_loop", &[("a.yaml", simple)], "", &[]);
    let _ = std::os::unix::fs::symlink("..", root.join("subchart_loop/charts"));
    inputs
}

/// How one run ended, when it ended badly.
fn run_one(input: &Input) -> Option<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chartroom"))
        .arg("template")
        .arg("rel")
        .arg(&input.chart)
        .args(&input.args)
        .env("TZ", "UTC")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let mut stderr = stderr;
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Some(format!("{}: no result after {TIME_LIMIT:?}", input.label));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = reader.join().unwrap_or_default();
    let head: String = stderr.chars().take(600).collect();
    match status.code() {
        Some(101) => Some(format!("{}: panicked: {head}", input.label)),
        None => Some(format!(
            "{}: killed by a signal ({status}): {head}",
            input.label
        )),
        Some(_) if stderr.contains("panicked at") => {
            Some(format!("{}: panicked: {head}", input.label))
        }
        Some(_) => None,
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

#[test]
fn no_input_panics_or_hangs() {
    let seed = env_number("CHARTROOM_FUZZ_SEED", DEFAULT_SEED);
    let iterations = env_number("CHARTROOM_FUZZ_ITERATIONS", DEFAULT_ITERATIONS as u64) as usize;
    let root = std::env::temp_dir().join(format!("chartroom-robustness-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let mut inputs = hostile_inputs(&root.join("hostile"));
    let cases = suite_cases();
    let mut rng = Rng(seed | 1);
    for iteration in 0..iterations.min(if cases.is_empty() { 0 } else { usize::MAX }) {
        let source = &cases[rng.below(cases.len())];
        let chart = root
            .join("mutated")
            .join(iteration.to_string())
            .join("chart");
        copy_tree(source, &chart);
        let mut label = format!("{} #{iteration}:", source.parent().unwrap().display());
        for _ in 0..1 + rng.below(3) {
            label.push(' ');
            label.push_str(&mutate(&chart, &mut rng));
            label.push(';');
        }
        inputs.push(Input {
            label,
            chart,
            args: Vec::new(),
        });
    }
    let total = inputs.len();
    let (sender, receiver) = std::sync::mpsc::channel();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(inputs));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let queue = queue.clone();
            let sender = sender.clone();
            std::thread::spawn(move || loop {
                let next = queue.lock().unwrap().pop();
                let Some(input) = next else { break };
                if let Some(problem) = run_one(&input) {
                    sender.send(problem).unwrap();
                }
            })
        })
        .collect();
    drop(sender);
    for worker in workers {
        worker.join().unwrap();
    }
    let problems: Vec<String> = receiver.into_iter().collect();
    std::fs::remove_dir_all(&root).ok();
    eprintln!(
        "robustness: {total} inputs (seed {seed:#x}), {} problems",
        problems.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {total} inputs crashed or hung:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Devices, pipes and oversized files are refused at once with the limit and how to raise it,
/// wherever a file is read: values files, `--set-file`, `diff --against`.
#[test]
fn unbounded_inputs_are_refused() {
    let chart = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects/layered/charts/app");
    let run = |args: &[&str], limit: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_chartroom"));
        command.args(args);
        if let Some(limit) = limit {
            command.env("CHARTROOM_MAX_FILE_SIZE", limit);
        }
        let output = command.output().expect("run chartroom");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let chart = chart.to_str().unwrap_or_default();
    let (status, stderr) = run(&["template", "r", chart, "-f", "/dev/zero"], None);
    assert_eq!(status, Some(1));
    assert!(
        stderr.contains("/dev/zero is a device: only regular files are read"),
        "{stderr}"
    );
    let (status, stderr) = run(&["template", "r", chart, "--set-file", "k=/dev/zero"], None);
    assert_eq!(status, Some(1));
    assert!(stderr.contains("is a device"), "{stderr}");
    let values = std::env::temp_dir().join(format!("chartroom-big-{}.yaml", std::process::id()));
    std::fs::write(&values, "a: 1\n".repeat(1000)).expect("write values");
    let (status, stderr) = run(
        &[
            "template",
            "r",
            chart,
            "-f",
            values.to_str().unwrap_or_default(),
        ],
        Some("1Ki"),
    );
    let _ = std::fs::remove_file(&values);
    assert_eq!(status, Some(1));
    assert!(
        stderr.contains("larger than the 1 KiB limit on input files (set CHARTROOM_MAX_FILE_SIZE"),
        "{stderr}"
    );
}
