//! Hostile input, one class at a time: every case must end with a clean error (non-zero exit,
//! a message that names the limit and the setting that raises it), within a generous time
//! bound and, where Linux reports it, a bound on the child's peak memory. The bounds are far
//! above what a correct run takes, so a loaded CI machine stays green, and far below what an
//! unbounded read or allocation would take (gigabytes, or a hang).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Peak resident memory a hostile case may reach (the budgets keep them far below).
const MEMORY_LIMIT_KIB: i64 = 1024 * 1024;

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident set of the child in KiB (Linux `ru_maxrss`).
    max_rss_kib: i64,
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chartroom-hostile-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs chartroom with `args` and `env`, waiting with `wait4` so the child's own peak memory is
/// known; stdout and stderr go to files, so no pipe can block the child.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let stdout_path = dir.join("stdout");
    let stderr_path = dir.join("stderr");
    let mut command = Command::new(env!("CARGO_BIN_EXE_chartroom"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    for (key, value) in env {
        command.env(key, value);
    }
    let start = Instant::now();
    let child = command.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let deadline = start + TIME_LIMIT;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        if Instant::now() > deadline {
            unsafe { libc::kill(pid, libc::SIGKILL) };
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            panic!("chartroom {args:?} ran longer than {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) {
        Some(libc::WEXITSTATUS(status))
    } else {
        None
    };
    Outcome {
        code,
        stdout: std::fs::read_to_string(stdout_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(stderr_path).unwrap_or_default(),
        elapsed: start.elapsed(),
        max_rss_kib: usage.ru_maxrss,
    }
}

/// The outcome is a clean failure whose message contains every one of `phrases`.
fn assert_refused(outcome: &Outcome, phrases: &[&str]) {
    assert_eq!(
        outcome.code,
        Some(1),
        "expected exit 1 (not a crash), stderr: {}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("panicked"),
        "panic: {}",
        outcome.stderr
    );
    for phrase in phrases {
        assert!(
            outcome.stderr.contains(phrase),
            "missing {phrase:?} in: {}",
            outcome.stderr.chars().take(2000).collect::<String>()
        );
    }
    assert!(
        outcome.stdout.is_empty(),
        "nothing may be printed: {}",
        outcome.stdout.len()
    );
    assert!(
        outcome.max_rss_kib < MEMORY_LIMIT_KIB,
        "peak memory {} KiB",
        outcome.max_rss_kib
    );
}

/// A chart named `c` whose one template is `template`.
fn chart_with(dir: &Path, template: &str) {
    let chart = dir.join("c");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(chart.join("values.yaml"), "").unwrap();
    std::fs::write(chart.join("templates/t.yaml"), template).unwrap();
}

#[test]
fn unbounded_and_blocking_reads_are_refused() {
    let dir = scratch("reads");
    chart_with(&dir, "a: 1\n");
    let outcome = run(&dir, &["template", "c", "-f", "/dev/zero"], &[]);
    assert_refused(&outcome, &["/dev/zero is a device"]);
    let outcome = run(&dir, &["template", "c", "--set-file", "k=/dev/zero"], &[]);
    assert_refused(&outcome, &["/dev/zero is a device"]);

    let fifo = dir.join("values.fifo");
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let outcome = run(&dir, &["template", "c", "-f", "values.fifo"], &[]);
    assert_refused(&outcome, &["is a named pipe"]);

    std::fs::write(dir.join("big.yaml"), "a: ".to_string() + &"x".repeat(4096)).unwrap();
    let outcome = run(
        &dir,
        &["template", "c", "-f", "big.yaml"],
        &[("CHARTROOM_MAX_FILE_SIZE", "1Ki")],
    );
    assert_refused(&outcome, &["1 KiB limit", "CHARTROOM_MAX_FILE_SIZE"]);
}

#[test]
fn endless_loops_stop_at_the_step_budget() {
    let dir = scratch("steps");
    chart_with(
        &dir,
        "{{- range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}\n",
    );
    let outcome = run(
        &dir,
        &["template", "c"],
        &[("CHARTROOM_MAX_STEPS", "100000")],
    );
    assert_refused(
        &outcome,
        &[
            "c/templates/t.yaml:1:",
            "100000 limit on template steps",
            "CHARTROOM_MAX_STEPS",
        ],
    );
    // The default budget stops it too, in seconds rather than hours.
    let outcome = run(&dir, &["template", "c"], &[]);
    assert_refused(&outcome, &["CHARTROOM_MAX_STEPS"]);
    assert!(
        outcome.elapsed < Duration::from_secs(40),
        "{:?}",
        outcome.elapsed
    );
}

/// Key generation in a loop is charged as the work it is: the loop ends at the step budget
/// after a few keys instead of running for hours.
#[test]
fn key_generation_is_charged_to_the_step_budget() {
    let dir = scratch("keys");
    chart_with(
        &dir,
        "{{- range until 1000000 }}{{ genPrivateKey \"ecdsa\" | len }}{{ end }}\n",
    );
    let outcome = run(
        &dir,
        &["template", "c"],
        &[("CHARTROOM_MAX_STEPS", "20000000")],
    );
    assert_refused(
        &outcome,
        &[
            "c/templates/t.yaml:1:",
            "20000000 limit on template steps",
            "CHARTROOM_MAX_STEPS",
        ],
    );
    assert!(
        outcome.elapsed < Duration::from_secs(20),
        "{:?}",
        outcome.elapsed
    );
}

#[test]
fn functions_refuse_to_build_huge_values() {
    let cases = [
        ("repeat", r#"{{ repeat 1073741000 "a" }}"#),
        (
            "repeat-loop",
            r#"{{ range until 100 }}{{ $x := repeat 50000000 "ab" }}{{ end }}"#,
        ),
        ("rand", "{{ randAlphaNum 99999999999 }}"),
        ("rand-bytes", "{{ randBytes 9999999999 }}"),
        (
            "wrap",
            r#"{{ wrapWith 1 (repeat 100000 "y") (repeat 100000 "x ") }}"#,
        ),
        (
            "replace",
            r#"{{ replace "" (repeat 100000 "y") (repeat 100000 "x") }}"#,
        ),
        (
            "regex",
            r#"{{ regexReplaceAll "" (repeat 100000 "x") (repeat 100000 "y") }}"#,
        ),
        ("indent", r#"{{ indent 100000 (repeat 100000 "\n") }}"#),
        ("until", "{{ until 100000000 | len }}"),
    ];
    for (tag, template) in cases {
        let dir = scratch(tag);
        chart_with(&dir, template);
        let outcome = run(&dir, &["template", "c"], &[]);
        assert_refused(
            &outcome,
            &[
                "c/templates/t.yaml:1:",
                "limit on size of one value",
                "CHARTROOM_MAX_VALUE_SIZE",
            ],
        );
        assert!(
            outcome.elapsed < Duration::from_secs(20),
            "{tag}: {:?}",
            outcome.elapsed
        );
    }
}

#[test]
fn output_is_bounded() {
    let dir = scratch("output");
    chart_with(
        &dir,
        r#"{{ range until 100000 }}{{ repeat 1000 "x" }}{{ end }}"#,
    );
    let outcome = run(&dir, &["template", "c"], &[("CHARTROOM_MAX_OUTPUT", "1Mi")]);
    assert_refused(
        &outcome,
        &["1 MiB limit on template output", "CHARTROOM_MAX_OUTPUT"],
    );
}

#[test]
fn parse_memory_is_a_few_hundred_bytes_per_action() {
    let dir = scratch("parse");
    // Half a million actions in a definition that never runs: only parsing costs memory.
    let template = format!(
        "{{{{ define \"x\" }}}}{}{{{{ end }}}}a: 1\n",
        "{{.}}".repeat(500_000)
    );
    chart_with(&dir, &template);
    let outcome = run(&dir, &["template", "c"], &[]);
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    // ~220 bytes per action today (was ~890); 400 leaves room for allocator variation.
    let per_action = (outcome.max_rss_kib * 1024) as f64 / 500_000.0;
    assert!(per_action < 400.0, "{per_action:.0} bytes per action");
}

fn tar_gz_members(entries: &[(&str, &[u8])], members: usize) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, name, *data).unwrap();
    }
    let tar = builder.into_inner().unwrap();
    let chunk = tar.len().div_ceil(members);
    let mut stream = Vec::new();
    for part in tar.chunks(chunk) {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), Default::default());
        encoder.write_all(part).unwrap();
        stream.extend(encoder.finish().unwrap());
    }
    stream
}

#[test]
fn archives_read_every_gzip_member_and_share_one_budget() {
    let dir = scratch("archives");
    let chart_yaml = b"apiVersion: v2\nname: c\nversion: 0.1.0\n";
    let template = b"a: {{ .Values.a }}\n";
    let archive = tar_gz_members(
        &[
            ("c/Chart.yaml", chart_yaml),
            ("c/values.yaml", b"a: 1\n"),
            ("c/templates/t.yaml", template),
        ],
        3,
    );
    std::fs::write(dir.join("c.tgz"), archive).unwrap();
    let outcome = run(&dir, &["template", "c.tgz"], &[]);
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert!(outcome.stdout.contains("a: 1"), "{}", outcome.stdout);

    // Twelve sub-chart archives of 1 MiB each against a 4 MiB total.
    let filler = vec![b'#'; 1 << 20];
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        (
            "p/Chart.yaml".into(),
            b"apiVersion: v2\nname: p\nversion: 0.1.0\n".to_vec(),
        ),
        ("p/templates/t.yaml".into(), b"a: 1\n".to_vec()),
    ];
    for index in 0..12 {
        let name = format!("s{index}");
        let chart_yaml = format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n");
        let sub = tar_gz_members(
            &[
                (&format!("{name}/Chart.yaml"), chart_yaml.as_bytes()),
                (&format!("{name}/filler.txt"), &filler),
            ],
            1,
        );
        entries.push((format!("p/charts/{name}-0.1.0.tgz"), sub));
    }
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, data)| (name.as_str(), data.as_slice()))
        .collect();
    std::fs::write(dir.join("p.tgz"), tar_gz_members(&borrowed, 1)).unwrap();
    let outcome = run(
        &dir,
        &["template", "p.tgz"],
        &[("CHARTROOM_MAX_CHART_SIZE", "4Mi")],
    );
    assert_refused(&outcome, &["4 MiB limit", "CHARTROOM_MAX_CHART_SIZE"]);
}

#[test]
fn symbolic_links_in_a_chart_are_announced_like_helm() {
    let dir = scratch("symlinks");
    chart_with(&dir, "a: 1\n");
    std::fs::write(dir.join("outside.yaml"), "b: 2\n").unwrap();
    std::os::unix::fs::symlink(
        dir.join("outside.yaml"),
        dir.join("c/templates/linked.yaml"),
    )
    .unwrap();
    let outcome = run(&dir, &["template", "c"], &[]);
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert!(outcome.stdout.contains("b: 2"), "{}", outcome.stdout);
    let expected = format!(
        "level=INFO msg=\"found symbolic link in path. Contents of linked file included and used\" path={} resolved={}",
        dir.join("c/templates/linked.yaml").display(),
        std::fs::canonicalize(dir.join("outside.yaml")).unwrap().display()
    );
    assert!(outcome.stderr.contains(&expected), "{}", outcome.stderr);
}

#[test]
fn interrupts_end_the_process_as_the_signal_does() {
    use std::os::unix::process::ExitStatusExt;
    let dir = scratch("interrupt");
    chart_with(&dir, "a: 1\n");
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // Reading values from a standard input that stays open: the run waits until signalled.
        let mut child = Command::new(env!("CARGO_BIN_EXE_chartroom"))
            .args(["template", "c", "-f", "-"])
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                panic!("signal {signal} did not end the run");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(status.signal(), Some(signal), "{status:?}");
    }
}
