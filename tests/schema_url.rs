//! Kubernetes schema locations given as URLs, through the binary against a real HTTP server
//! this test runs on 127.0.0.1 (a small static-file server on `std::net`, serving schema
//! files copied from `.cache/kubernetes-json-schema`): a schema is fetched once and then read
//! from the cache, even with the server gone; a 404 passes the search on to the next
//! candidate; `--offline` without a cached schema names the URL; a server that accepts but
//! never answers is given up on after `CHARTROOM_HTTP_TIMEOUT`, naming the URL.
//!
//! The project is `tests/fixtures/projects/schema-violations`: a Namespace, a Deployment and
//! a Service for Kubernetes 1.31, two fields of the Deployment wrong.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn project() -> PathBuf {
    root().join("tests/fixtures/projects/schema-violations")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs chartroom on the project with `cache` as its cache directory and no proxy.
fn chartroom(cache: &Path, args: &[&str], environment: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chartroom"));
    command
        .args(args)
        .current_dir(project())
        .env("TZ", "UTC")
        .env("CHARTROOM_CACHE_DIR", cache);
    for variable in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "CHARTROOM_HTTP_TIMEOUT",
    ] {
        command.env_remove(variable);
    }
    for (name, value) in environment {
        command.env(name, value);
    }
    command.output().expect("run chartroom")
}

/// The two findings of the project's Deployment.
const REPLICAS: &str =
    "error: Deployment shop/web (profile prod, component app): \"three\" is not of types";
const IMAGE_PULL: &str = "error: Deployment shop/web (profile prod, component app): unknown field \"imagePullPolice\" (Kubernetes v1.31.0 schema of Deployment)";

/// A directory `schemas/v1.31.0-local-strict/` holding the definitions and the schemas of
/// `kinds`, copied from the cache `scripts/install-test-tools.sh` fills.
fn schema_tree(kinds: &[&str]) -> tempfile::TempDir {
    let source = root().join(".cache/kubernetes-json-schema/v1.31.0-local-strict");
    assert!(
        source.is_dir(),
        "{} is missing: run scripts/install-test-tools.sh",
        source.display()
    );
    let tree = tempfile::tempdir().unwrap();
    let target = tree.path().join("schemas/v1.31.0-local-strict");
    std::fs::create_dir_all(&target).unwrap();
    for name in std::iter::once("_definitions").chain(kinds.iter().copied()) {
        let file = format!("{name}.json");
        std::fs::copy(source.join(&file), target.join(&file)).unwrap();
    }
    tree
}

/// An HTTP/1.1 server on 127.0.0.1: static files from a directory (404 for anything else),
/// or, stalled, one that accepts connections and never answers. Records each request path.
struct Server {
    address: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn files(directory: &Path) -> Server {
        Server::start(Some(directory.to_path_buf()))
    }

    fn stalled() -> Server {
        Server::start(None)
    }

    fn start(directory: Option<PathBuf>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let requests = Arc::clone(&requests);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                // Connections of the stalled server stay open, unanswered, until it stops.
                let mut held = Vec::new();
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => match &directory {
                            Some(directory) => {
                                let directory = directory.clone();
                                let requests = Arc::clone(&requests);
                                std::thread::spawn(move || {
                                    answer(stream, &directory, &requests);
                                });
                            }
                            None => held.push(stream),
                        },
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Server {
            address,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// Closes the listening socket: connections are refused from now on.
    fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Reads one request and answers it with the file its path names, or 404.
fn answer(mut stream: TcpStream, directory: &Path, requests: &Mutex<Vec<String>>) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split(' ').nth(1).unwrap_or("/").to_string();
    requests.lock().unwrap().push(path.clone());
    let relative = path.trim_start_matches('/');
    let file = directory.join(relative);
    let (status, body) = match std::fs::read(&file) {
        Ok(body) if !relative.contains("..") => ("200 OK", body),
        _ => ("404 Not Found", b"not found\n".to_vec()),
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(&body);
}

/// kubeconform's path template for the flavour the test tree has.
const TEMPLATE: &str = "/schemas/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";

fn files_in(directory: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(directory)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The first run fetches each schema (and the definitions they share) once and keeps them;
/// later runs, online with the server gone and `--offline`, read the cache and report the
/// same findings.
#[test]
fn schemas_are_fetched_once_then_read_from_the_cache() {
    let tree = schema_tree(&["namespace-v1", "deployment-apps-v1", "service-v1"]);
    let mut server = Server::files(tree.path());
    let cache = tempfile::tempdir().unwrap();
    let location = server.url(TEMPLATE);
    let args = ["validate", "--all", "--schema-location", &location];

    let first = chartroom(cache.path(), &args, &[]);
    let stderr = text(&first.stderr);
    assert_eq!(first.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(REPLICAS), "{stderr}");
    assert!(stderr.contains(IMAGE_PULL), "{stderr}");
    assert!(stderr.ends_with("2 problems found\n"), "{stderr}");
    let mut requests = server.requests();
    requests.sort();
    assert_eq!(
        requests,
        [
            "/schemas/v1.31.0-local-strict/_definitions.json",
            "/schemas/v1.31.0-local-strict/deployment-apps-v1.json",
            "/schemas/v1.31.0-local-strict/namespace-v1.json",
            "/schemas/v1.31.0-local-strict/service-v1.json",
        ]
    );
    let cached = files_in(&cache.path().join("schemas"));
    assert_eq!(cached.len(), 4, "{cached:?}");
    assert!(
        cached
            .iter()
            .all(|name| name.len() == 64 + ".json".len() && name.ends_with(".json")),
        "one file per URL, named by its hash, no temporary file left: {cached:?}"
    );

    server.stop();
    let second = chartroom(cache.path(), &args, &[]);
    assert_eq!(text(&second.stderr), stderr);
    assert_eq!(second.status.code(), Some(1));
    let mut offline_args = args.to_vec();
    offline_args.push("--offline");
    let offline = chartroom(cache.path(), &offline_args, &[]);
    assert_eq!(text(&offline.stderr), stderr);
    assert_eq!(server.requests().len(), 4);
}

/// A location whose URL answers 404 passes the search on: to the next location, and within
/// a directory-style URL from the standalone to the local flavour; a kind no URL has is the
/// usual missing-schema error. `--offline` then gives the same answers from the cache, the
/// "not found"s included.
#[test]
fn not_found_falls_through_to_the_next_location() {
    let tree = schema_tree(&["namespace-v1", "deployment-apps-v1"]);
    let mut server = Server::files(tree.path());
    let cache = tempfile::tempdir().unwrap();
    let nowhere = server.url("/nowhere/{{ .ResourceKind }}{{ .KindSuffix }}.json");
    let directory = server.url("/schemas/");
    let args = [
        "validate",
        "--all",
        "--schema-location",
        &nowhere,
        "--schema-location",
        &directory,
    ];
    let output = chartroom(cache.path(), &args, &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(REPLICAS), "{stderr}");
    assert!(stderr.contains(IMAGE_PULL), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: Service shop/web (profile prod, component app): no Kubernetes v1.31.0 schema for Service v1 in {nowhere}, {directory}"
        )),
        "{stderr}"
    );
    assert!(stderr.ends_with("3 problems found\n"), "{stderr}");
    let requests = server.requests();
    for path in [
        "/nowhere/deployment-apps-v1.json",
        "/schemas/v1.31.0-standalone-strict/deployment-apps-v1.json",
        "/schemas/v1.31.0-local-strict/deployment-apps-v1.json",
        "/schemas/v1.31.0-local-strict/service-v1.json",
    ] {
        assert!(
            requests.iter().any(|request| request == path),
            "{path} in {requests:?}"
        );
    }

    server.stop();
    let mut offline_args = args.to_vec();
    offline_args.push("--offline");
    let offline = chartroom(cache.path(), &offline_args, &[]);
    assert_eq!(text(&offline.stderr), stderr);
}

/// `--offline` with nothing cached never connects, and each finding names the URL the cache
/// lacks (in the JSON report too).
#[test]
fn offline_without_a_cached_schema_names_the_url() {
    let tree = schema_tree(&["namespace-v1", "deployment-apps-v1", "service-v1"]);
    let server = Server::files(tree.path());
    let cache = tempfile::tempdir().unwrap();
    let location = server.url(TEMPLATE);
    let output = chartroom(
        cache.path(),
        &[
            "validate",
            "--all",
            "--offline",
            "--schema-location",
            &location,
            "-o",
            "json",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3, "{report:#}");
    let deployment = server.url("/schemas/v1.31.0-local-strict/deployment-apps-v1.json");
    let finding = findings
        .iter()
        .find(|finding| finding["object"]["kind"] == "Deployment")
        .expect("a finding for the Deployment");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("schema {deployment} is not in the cache (")),
        "{message}"
    );
    assert!(message.contains("--offline"), "{message}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    assert!(files_in(&cache.path().join("schemas")).is_empty());
}

/// A server that accepts the connection and never answers: the request gives up after
/// `CHARTROOM_HTTP_TIMEOUT` seconds with an error naming the URL, and the other kinds, of the
/// same host, are not waited for again. (The bound on the run's time only shows that the
/// variable, not the 60 s default, was in force.)
#[test]
fn a_stalled_server_times_out_naming_the_url() {
    let server = Server::stalled();
    let cache = tempfile::tempdir().unwrap();
    let location = server.url(TEMPLATE);
    let started = Instant::now();
    let output = chartroom(
        cache.path(),
        &["validate", "--all", "--schema-location", &location],
        &[("CHARTROOM_HTTP_TIMEOUT", "1")],
    );
    let elapsed = started.elapsed();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}: {stderr}");
    let timed_out: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("no complete answer within 1 s"))
        .collect();
    assert!(!timed_out.is_empty(), "{stderr}");
    assert!(
        timed_out.iter().all(|line| line.contains(&format!(
            "cannot fetch schema {}",
            server.url("/schemas/v1.31.0-local-strict/")
        ))),
        "{stderr}"
    );
    assert!(stderr.ends_with("3 problems found\n"), "{stderr}");
    assert!(files_in(&cache.path().join("schemas")).is_empty());
}

/// Without `--schema-location`, the schemas `scripts/install-kubernetes-schemas.sh` put in the
/// cache directory are the default; with none installed, objects are not schema-checked.
#[test]
fn installed_schemas_are_the_default_location() {
    let tree = schema_tree(&["namespace-v1", "deployment-apps-v1", "service-v1"]);
    let cache = tempfile::tempdir().unwrap();
    let bare = chartroom(cache.path(), &["validate", "--all"], &[]);
    assert_eq!(bare.status.code(), Some(0), "{}", text(&bare.stderr));
    std::fs::rename(
        tree.path().join("schemas"),
        cache.path().join("kubernetes-json-schema"),
    )
    .unwrap();
    let checked = chartroom(cache.path(), &["validate", "--all"], &[]);
    let stderr = text(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(REPLICAS), "{stderr}");
    assert!(stderr.contains(IMAGE_PULL), "{stderr}");
    assert!(stderr.ends_with("2 problems found\n"), "{stderr}");
}
