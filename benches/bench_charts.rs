//! `helm template` over the shared bench charts (real public charts: Argo, Bitnami,
//! prometheus-community), in process: the steps `chartroom template` takes from loading the
//! chart to the release text (load, dependencies, coalescing and schema check, parse, render,
//! sort, print), one benchmark per case, plus the parse and the render of the largest
//! template sets on their own.
//!
//! The charts are read from `../shared/bench-charts` next to the repository (or
//! `CHARTROOM_BENCH_CHARTS`); without them every benchmark is skipped with a note. Each case's
//! output is checked once against Helm's expected output before it is timed. Run with
//! `cargo bench --bench bench_charts`; nothing here asserts on time.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chartroom::chart::{self, Chart, ValueOptions};
use chartroom::engine::objects::{
    release_map, Capabilities, KubeVersion, ReleaseOptions, VersionSet,
};
use chartroom::engine::output::{template_text, OutputOptions};
use chartroom::engine::release::{prepare_release, ReleaseRequest};
use chartroom::engine::render::ParsedChart;
use chartroom::engine::schema::validate_values;
use chartroom::engine::scope::ReleaseData;
use chartroom::value::{Map, Value};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// One case of the suite: `helm template rel charts/<chart> <args>`.
struct Case {
    name: String,
    chart: PathBuf,
    set: Vec<String>,
    expected: Vec<u8>,
}

fn suite() -> Option<PathBuf> {
    let dir = std::env::var_os("CHARTROOM_BENCH_CHARTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench-charts")
        });
    dir.join("cases").is_dir().then_some(dir)
}

/// The cases whose arguments are only `--set` flags (all of today's).
fn cases(suite: &Path) -> Vec<Case> {
    let mut names: Vec<String> = std::fs::read_dir(suite.join("cases"))
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut cases = Vec::new();
    for name in names {
        let dir = suite.join("cases").join(&name);
        let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        let Some(chart) = read("chart").split_whitespace().next().map(str::to_string) else {
            continue;
        };
        let words: Vec<String> = read("args")
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mut set = Vec::new();
        let mut words = words.iter();
        let mut supported = true;
        while let Some(word) = words.next() {
            match (word.as_str(), words.next()) {
                ("--set", Some(value)) => set.push(value.clone()),
                _ => supported = false,
            }
        }
        if !supported {
            eprintln!("bench_charts: {name}: arguments other than --set, skipped");
            continue;
        }
        cases.push(Case {
            name,
            chart: suite.join("charts").join(chart),
            set,
            expected: std::fs::read(dir.join("expected.helm4.yaml")).unwrap_or_default(),
        });
    }
    cases
}

/// The chart after dependency processing and its coalesced, schema-checked values.
fn prepare(case: &Case) -> (Chart, Map) {
    let options = ValueOptions {
        set: case.set.clone(),
        ..ValueOptions::default()
    };
    let user = options.merge(Path::new(".")).expect("values");
    let mut chart = chart::load_chart(&case.chart).expect("chart loads");
    chart::process_dependencies(&mut chart, &user).expect("dependencies");
    let values = match chart::coalesce_values(&chart, &user).expect("coalesce") {
        Value::Map(map) => map,
        _ => Map::new(),
    };
    validate_values(&chart, &values).expect("values match the schema");
    (chart, values)
}

fn request<'c>(chart: &'c Chart, values: Map) -> ReleaseRequest<'c> {
    ReleaseRequest {
        chart,
        values,
        release: release_options(),
        capabilities: capabilities(),
        compat: chart::HelmCompat::V4,
    }
}

fn release_options() -> ReleaseOptions {
    ReleaseOptions {
        name: "rel".into(),
        namespace: "default".into(),
        is_upgrade: false,
    }
}

fn capabilities() -> Capabilities {
    Capabilities::new(KubeVersion::default_version(), VersionSet::with_extra(&[]))
}

/// What `chartroom template` prints for the case.
fn template(case: &Case) -> Vec<u8> {
    let (chart, values) = prepare(case);
    let options = OutputOptions {
        release_name: "rel".into(),
        ..OutputOptions::default()
    };
    let mut out = Vec::new();
    let release = prepare_release(&request(&chart, values))
        .map_err(|failure| failure.error)
        .expect("renders")
        .into_release(&options, &mut out)
        .expect("release text");
    let text = template_text(&release.manifest, &release.hooks, &options, &mut out)
        .expect("template text");
    out.extend_from_slice(text.as_bytes());
    out
}

fn bench_cases(criterion: &mut Criterion) {
    let Some(suite) = suite() else {
        eprintln!(
            "bench_charts: ../shared/bench-charts not found (set CHARTROOM_BENCH_CHARTS); skipped"
        );
        return;
    };
    let mut group = criterion.benchmark_group("template");
    group.sample_size(20);
    for case in cases(&suite) {
        if template(&case) != case.expected {
            eprintln!(
                "bench_charts: {}: output differs from Helm's, not timed",
                case.name
            );
            continue;
        }
        group.bench_function(&case.name, |bencher| {
            bencher.iter(|| template(black_box(&case)).len())
        });
    }
    group.finish();
}

/// Parse and render alone, on the cases with the most template text.
fn bench_parse_and_render(criterion: &mut Criterion) {
    let Some(suite) = suite() else {
        return;
    };
    let mut group = criterion.benchmark_group("engine");
    group.sample_size(20);
    for case in cases(&suite)
        .into_iter()
        .filter(|case| case.name == "bitnami-grafana-mimir" || case.name == "argo-rollouts")
    {
        let (chart, values) = prepare(&case);
        group.bench_function(format!("parse {}", case.name), |bencher| {
            bencher.iter(|| ParsedChart::parse(black_box(&chart)).map(|p| p.templates().len()))
        });
        let parsed = ParsedChart::parse(&chart).expect("parses");
        let release = ReleaseData {
            release: Value::Map(release_map(&release_options())),
            capabilities: Value::Object(Arc::new(capabilities())),
        };
        group.bench_function(format!("render {}", case.name), |bencher| {
            bencher.iter(|| {
                // Templates may change the values they are given (`set`), so each render gets
                // its own copy, as each process has.
                let values = values.deep_copy();
                parsed
                    .render(&chart, black_box(&values), &release)
                    .map(|files| files.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_cases, bench_parse_and_render);
criterion_main!(benches);
