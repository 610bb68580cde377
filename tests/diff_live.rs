//! `--against live` against an in-process stand-in of the Kubernetes API server.
//!
//! The stand-in listens on 127.0.0.1, serves discovery, GET, LIST with label selectors and
//! dry-run server-side apply PATCHes in the JSON shapes a real API server uses, and records
//! every request; any other request (a write, a LIST without a selector, an unknown path)
//! makes the test fail.

#![cfg(feature = "live")]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value as Json};

use chartroom::diff::identity::{ResourceSet, Scopes};
use chartroom::diff::live::{live_sides, LiveOptions};
use chartroom::diff::normalize::parse_manifests;
use chartroom::diff::{compare, write_text, ChangeKind, DiffReport, IgnoreRules, ReportOptions};

/// One request as the stand-in saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    query: BTreeMap<String, String>,
    content_type: String,
    authorization: String,
}

#[derive(Default)]
struct State {
    /// Stored objects by item path (`/api/v1/namespaces/iot/configmaps/app-config`).
    objects: BTreeMap<String, Json>,
    seen: Vec<Seen>,
    unexpected: Vec<String>,
    /// Answer 404 to everything, as a web server that is not Kubernetes does.
    not_kubernetes: bool,
}

struct StandIn {
    port: u16,
    state: Arc<Mutex<State>>,
}

const CONNECTION_LIMIT: usize = 500;
const SERVER_LIFETIME: Duration = Duration::from_secs(120);

impl StandIn {
    fn start(objects: BTreeMap<String, Json>) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            objects,
            ..State::default()
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut served = 0;
            while served < CONNECTION_LIMIT && started.elapsed() < SERVER_LIFETIME {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        stream.set_nonblocking(false).unwrap();
                        stream
                            .set_read_timeout(Some(Duration::from_secs(10)))
                            .unwrap();
                        let state = shared.clone();
                        std::thread::spawn(move || serve_connection(stream, &state));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        StandIn { port, state }
    }

    fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    fn unexpected(&self) -> Vec<String> {
        self.state.lock().unwrap().unexpected.clone()
    }
}

/// Serves requests on one connection until the client closes it.
fn serve_connection(stream: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = BTreeMap::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
            }
        }
        let length: usize = headers
            .get("content-length")
            .and_then(|value| value.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let target = parts.next().unwrap_or_default().to_string();
        let (path, query) = split_target(&target);
        let seen = Seen {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            content_type: headers.get("content-type").cloned().unwrap_or_default(),
            authorization: headers.get("authorization").cloned().unwrap_or_default(),
        };
        let (status, content_type, reply) = {
            let mut state = state.lock().unwrap();
            state.seen.push(seen.clone());
            respond(&mut state, &seen, &body)
        };
        let reason = match status {
            200 => "OK",
            404 => "Not Found",
            _ => "Bad Request",
        };
        let head = format!("HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", reply.len());
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(reply.as_bytes()).is_err()
        {
            return;
        }
    }
}

fn split_target(target: &str) -> (String, BTreeMap<String, String>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect();
    (path.to_string(), query)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => decoded.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
                decoded.push(u8::from_str_radix(hex, 16).unwrap());
                index += 2;
            }
            byte => decoded.push(byte),
        }
        index += 1;
    }
    String::from_utf8(decoded).unwrap()
}

fn not_found_status(name: &str, plural: &str) -> String {
    json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": format!("{plural} \"{name}\" not found"), "reason": "NotFound",
        "details": {"name": name, "kind": plural}, "code": 404
    })
    .to_string()
}

fn resource_list(group_version: &str, resources: &[(&str, &str, bool)]) -> String {
    let resources: Vec<Json> = resources
        .iter()
        .map(|(plural, kind, namespaced)| {
            json!({
                "name": plural, "singularName": kind.to_ascii_lowercase(), "namespaced": namespaced, "kind": kind,
                "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                "storageVersionHash": "aGFzaA=="
            })
        })
        .collect();
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources}).to_string()
}

/// The label selector forms chartroom uses: `key in (a,b)` and `key=value`.
fn selector_matches(selector: &str, labels: &Json) -> bool {
    if let Some((key, values)) = selector.split_once(" in (") {
        let values: Vec<&str> = values
            .trim_end_matches(')')
            .split(',')
            .map(str::trim)
            .collect();
        return labels
            .get(key.trim())
            .and_then(Json::as_str)
            .is_some_and(|value| values.contains(&value));
    }
    if let Some((key, value)) = selector.split_once('=') {
        return labels.get(key.trim()).and_then(Json::as_str) == Some(value.trim());
    }
    false
}

/// Server-side apply as far as these tests need it: the applied fields over the stored object,
/// a Secret's stringData folded into data.
fn apply_over(stored: &Json, applied: &Json) -> Json {
    let mut merged = stored.clone();
    merge_into(&mut merged, applied);
    if merged["kind"] == "Secret" {
        if let Some(string_data) = merged
            .as_object_mut()
            .and_then(|object| object.remove("stringData"))
        {
            let engine = base64::engine::general_purpose::STANDARD;
            for (key, value) in string_data.as_object().unwrap() {
                merged["data"][key] = json!(engine.encode(value.as_str().unwrap()));
            }
        }
    }
    merged
}

fn merge_into(target: &mut Json, patch: &Json) {
    match (target, patch) {
        (Json::Object(target), Json::Object(patch)) => {
            for (key, value) in patch {
                merge_into(target.entry(key.clone()).or_insert(Json::Null), value);
            }
        }
        // Lists of named items (containers, ports) merge by name, as their merge keys do.
        (Json::Array(target), Json::Array(patch))
            if patch.iter().all(|item| item.get("name").is_some()) =>
        {
            let mut merged = Vec::new();
            for item in patch {
                let mut base = target
                    .iter()
                    .find(|existing| existing.get("name") == item.get("name"))
                    .cloned()
                    .unwrap_or(Json::Null);
                merge_into(&mut base, item);
                merged.push(base);
            }
            *target = merged;
        }
        (target, patch) => *target = patch.clone(),
    }
}

fn respond(state: &mut State, seen: &Seen, body: &[u8]) -> (u16, &'static str, String) {
    const JSON: &str = "application/json";
    let path = seen.path.as_str();
    let unexpected = |state: &mut State, why: &str| {
        state.unexpected.push(format!(
            "{} {} {:?}: {why}",
            seen.method, seen.path, seen.query
        ));
        (
            400,
            JSON,
            json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 400})
                .to_string(),
        )
    };
    if state.not_kubernetes {
        return (
            404,
            "text/plain; charset=utf-8",
            "404 page not found\n".into(),
        );
    }
    if seen.method == "GET" && path == "/api/v1" {
        return (
            200,
            JSON,
            resource_list(
                "v1",
                &[
                    ("configmaps", "ConfigMap", true),
                    ("secrets", "Secret", true),
                    ("services", "Service", true),
                    ("namespaces", "Namespace", false),
                ],
            ),
        );
    }
    if seen.method == "GET" && path == "/apis/apps/v1" {
        return (
            200,
            JSON,
            resource_list(
                "apps/v1",
                &[
                    ("deployments", "Deployment", true),
                    ("deployments/scale", "Scale", true),
                ],
            ),
        );
    }
    if seen.method == "GET" && path.starts_with("/apis/monitoring.coreos.com/") {
        return (
            404,
            "text/plain; charset=utf-8",
            "404 page not found\n".into(),
        );
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    // /api/v1/namespaces/NS/PLURAL[/NAME] or /apis/G/V/namespaces/NS/PLURAL[/NAME]
    let rest = match segments.as_slice() {
        ["api", "v1", rest @ ..] => rest,
        ["apis", _, _, rest @ ..] => rest,
        _ => return unexpected(state, "unknown path"),
    };
    match (seen.method.as_str(), rest) {
        ("GET", ["namespaces", _, plural, name]) => match state.objects.get(path) {
            Some(object) => (200, JSON, object.to_string()),
            None => (404, JSON, not_found_status(name, plural)),
        },
        ("GET", ["namespaces", namespace, plural]) => {
            let Some(selector) = seen.query.get("labelSelector") else {
                return unexpected(state, "LIST without a label selector");
            };
            let prefix = format!("{path}/");
            let items: Vec<Json> = state
                .objects
                .iter()
                .filter(|(item_path, _)| item_path.starts_with(&prefix))
                .filter(|(_, object)| selector_matches(selector, &object["metadata"]["labels"]))
                .map(|(_, object)| {
                    let mut item = object.clone();
                    let item_object = item.as_object_mut().unwrap();
                    item_object.remove("apiVersion");
                    item_object.remove("kind");
                    item
                })
                .collect();
            let kind = format!("{}List", plural.trim_end_matches('s'));
            let _ = namespace;
            (200, JSON, json!({"kind": kind, "apiVersion": "v1", "metadata": {"resourceVersion": "4242"}, "items": items}).to_string())
        }
        ("PATCH", ["namespaces", _, _, _]) => {
            let dry_run = seen.query.get("dryRun").map(String::as_str) == Some("All");
            let manager = seen.query.get("fieldManager").map(String::as_str) == Some("chartroom");
            if !dry_run || !manager || seen.content_type != "application/apply-patch+yaml" {
                return unexpected(
                    state,
                    "PATCH that is not a dry-run server-side apply by chartroom",
                );
            }
            let applied: Json = serde_json::from_slice(body).unwrap_or(Json::Null);
            match state.objects.get(path) {
                Some(stored) => (200, JSON, apply_over(stored, &applied).to_string()),
                None => unexpected(state, "dry-run apply of an object chartroom did not find"),
            }
        }
        _ => unexpected(state, "method or path chartroom must not use"),
    }
}

/// What the cluster holds: objects with the fields an API server adds.
fn cluster_objects() -> BTreeMap<String, Json> {
    let server_metadata = |name: &str, labels: Json| {
        json!({
            "name": name, "namespace": "iot", "uid": format!("uid-{name}"), "resourceVersion": "1001",
            "generation": 3, "creationTimestamp": "2026-01-01T00:00:00Z", "labels": labels,
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"data\":{\"password\":\"c2VjcmV0LW9sZA==\"}}"},
            "managedFields": [{"manager": "kubectl", "operation": "Apply", "apiVersion": "v1", "time": "2026-01-01T00:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": {}}]
        })
    };
    let web = json!({"app.kubernetes.io/instance": "web"});
    let mut objects = BTreeMap::new();
    objects.insert(
        "/api/v1/namespaces/iot/configmaps/app-config".into(),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": server_metadata("app-config", web.clone()), "data": {"mode": "fast"}}),
    );
    objects.insert(
        "/api/v1/namespaces/iot/configmaps/legacy-config".into(),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": server_metadata("legacy-config", web.clone()), "data": {"old": "yes"}}),
    );
    objects.insert(
        "/api/v1/namespaces/iot/configmaps/someone-else".into(),
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": server_metadata("someone-else", json!({"app.kubernetes.io/instance": "other"})), "data": {}}),
    );
    objects.insert(
        "/api/v1/namespaces/iot/secrets/creds".into(),
        json!({"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "metadata": server_metadata("creds", web.clone()), "data": {"password": "c2VjcmV0LW9sZA==", "user": "YWRtaW4="}}),
    );
    objects.insert(
        "/apis/apps/v1/namespaces/iot/deployments/web".into(),
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": server_metadata("web", web),
            "spec": {
                "replicas": 2, "progressDeadlineSeconds": 600, "revisionHistoryLimit": 10,
                "selector": {"matchLabels": {"app": "web"}},
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {
                        "containers": [{"name": "web", "image": "web:1.0", "imagePullPolicy": "IfNotPresent", "terminationMessagePath": "/dev/termination-log", "resources": {}}],
                        "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler"
                    }
                }
            },
            "status": {"replicas": 2, "readyReplicas": 2, "observedGeneration": 3}
        }),
    );
    objects
}

/// What chartroom renders (release `web`, namespace `iot` from the profile).
const RENDERED: &str = r#"# Source: web/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  labels: {app.kubernetes.io/instance: web}
data:
  mode: fast
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: new-config
  labels: {app.kubernetes.io/instance: web}
data: {feature: "on"}
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  labels: {app.kubernetes.io/instance: web}
type: Opaque
stringData:
  password: secret-new
  user: admin
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app.kubernetes.io/instance: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: web:1.0
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
  labels: {app.kubernetes.io/instance: web}
spec:
  endpoints: [{port: http}]
"#;

fn kubeconfig(port: u16) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    let text = format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: elsewhere\nclusters:\n- name: stand-in\n  cluster:\n    server: http://127.0.0.1:{port}\n- name: nowhere\n  cluster:\n    server: http://127.0.0.1:1\ncontexts:\n- name: stand-in\n  context: {{cluster: stand-in, user: tester, namespace: iot}}\n- name: elsewhere\n  context: {{cluster: nowhere, user: tester}}\nusers:\n- name: tester\n  user:\n    token: stand-in-token\n"
    );
    file.write_all(text.as_bytes()).unwrap();
    file
}

fn rendered() -> ResourceSet {
    ResourceSet::build(
        parse_manifests(RENDERED, "render").unwrap(),
        &Scopes::builtin(),
        "iot",
    )
    .unwrap()
}

fn summary(report: &chartroom::diff::DiffReport) -> Vec<(String, ChangeKind, Vec<String>)> {
    report
        .changes
        .iter()
        .map(|change| (change.key.to_string(), change.change, change.paths.clone()))
        .collect()
}

fn assert_only_reads(server: &StandIn, server_side: bool) {
    assert_eq!(
        server.unexpected(),
        Vec::<String>::new(),
        "chartroom sent requests it must not send"
    );
    for seen in server.seen() {
        assert_eq!(seen.authorization, "Bearer stand-in-token", "{seen:?}");
        match seen.method.as_str() {
            "GET" => {}
            "PATCH" => assert!(
                server_side && seen.query.get("dryRun").map(String::as_str) == Some("All"),
                "{seen:?}"
            ),
            _ => panic!("unexpected request {seen:?}"),
        }
    }
}

/// Diffs the rendered objects against a stand-in cluster serving [`cluster_objects`].
/// Also returns the warnings of reading the cluster side.
fn diff_against_stand_in(server_side: bool) -> (StandIn, DiffReport, Vec<String>) {
    let server = StandIn::start(cluster_objects());
    let config = kubeconfig(server.port);
    let options = LiveOptions {
        kubeconfig: Some(config.path().to_path_buf()),
        context: Some("stand-in".into()),
        server_side,
    };
    let sides = live_sides(&rendered(), &options).unwrap();
    let report = compare(&sides.old, &sides.new, &IgnoreRules::default());
    (server, report, sides.warnings)
}

/// What both comparison modes report against [`cluster_objects`]: defaulted and
/// server-written fields are not changes.
fn stand_in_changes() -> Vec<(String, ChangeKind, Vec<String>)> {
    vec![
        (
            "ConfigMap iot/legacy-config".to_string(),
            ChangeKind::Removed,
            vec![],
        ),
        (
            "ConfigMap iot/new-config".to_string(),
            ChangeKind::Added,
            vec![],
        ),
        (
            "Secret iot/creds".to_string(),
            ChangeKind::Changed,
            vec!["/data/password".to_string()],
        ),
        (
            "Deployment.apps iot/web".to_string(),
            ChangeKind::Changed,
            vec!["/spec/replicas".to_string()],
        ),
        (
            "ServiceMonitor.monitoring.coreos.com iot/web".to_string(),
            ChangeKind::Added,
            vec![],
        ),
    ]
}

#[test]
fn live_diff_compares_only_rendered_fields_and_finds_removed_objects() {
    let (server, report, warnings) = diff_against_stand_in(false);
    assert_eq!(summary(&report), stand_in_changes());
    assert_eq!(
        report.unchanged, 1,
        "app-config differs only in server-populated fields"
    );
    assert!(
        warnings
            .iter()
            .any(|warning| warning
                .contains("does not serve monitoring.coreos.com/v1 ServiceMonitor")),
        "{:?}",
        warnings
    );

    let options = ReportOptions {
        context: 3,
        colour: false,
        show_secrets: false,
        old_label: "live".into(),
        new_label: "render".into(),
    };
    let text = write_text(&report, &options).unwrap();
    for secret in ["secret-new", "c2VjcmV0LW9sZA==", "YWRtaW4=", "admin"] {
        assert!(
            !text.contains(secret),
            "secret value {secret} printed:\n{text}"
        );
    }

    let seen = server.seen();
    let lists: Vec<&Seen> = seen
        .iter()
        .filter(|seen| seen.path.ends_with("/configmaps"))
        .collect();
    assert_eq!(lists.len(), 1, "one LIST per rendered kind and namespace");
    assert_eq!(
        lists[0].query.get("labelSelector").map(String::as_str),
        Some("app.kubernetes.io/instance in (web)")
    );
    assert!(
        seen.iter()
            .any(|seen| seen.path == "/apis/monitoring.coreos.com/v1"),
        "discovery of the custom resource's group"
    );
    assert_only_reads(&server, false);
}

#[test]
fn server_side_diff_uses_dry_run_apply() {
    let (server, report, _warnings) = diff_against_stand_in(true);
    assert_eq!(summary(&report), stand_in_changes());
    let patches: Vec<Seen> = server
        .seen()
        .into_iter()
        .filter(|seen| seen.method == "PATCH")
        .collect();
    assert_eq!(
        patches.len(),
        3,
        "one dry-run apply per object that exists: {patches:?}"
    );
    assert!(patches
        .iter()
        .all(|patch| patch.query.get("force").map(String::as_str) == Some("true")));
    assert_only_reads(&server, true);
}

/// A server that answers 404 to discovery of the core API is not a cluster to compare with:
/// an error, not an empty cluster where every object would be "added".
#[test]
fn a_server_that_is_not_kubernetes_is_an_error() {
    let server = StandIn::start(cluster_objects());
    server.state.lock().unwrap().not_kubernetes = true;
    let config = kubeconfig(server.port);
    let options = LiveOptions {
        kubeconfig: Some(config.path().to_path_buf()),
        context: Some("stand-in".into()),
        server_side: false,
    };
    let error = live_sides(&rendered(), &options).unwrap_err().to_string();
    assert!(
        error.contains("404 to the discovery of the core API (v1)"),
        "{error}"
    );
}

#[test]
fn an_unknown_context_is_an_error() {
    let server = StandIn::start(cluster_objects());
    let config = kubeconfig(server.port);
    let options = LiveOptions {
        kubeconfig: Some(config.path().to_path_buf()),
        context: Some("missing".into()),
        server_side: false,
    };
    let error = live_sides(&rendered(), &options).unwrap_err().to_string();
    assert!(
        error.starts_with("cluster: cannot use kubeconfig"),
        "{error}"
    );
    assert!(server.seen().is_empty());
}
