//! Render benchmarks over the repository's own inputs: the `suggestion` chart rendered with the
//! `prod` profile's values through the project API (parse shared across renders, and parse
//! included), the Go-template executor alone on that chart's parsed templates, and the `toYaml`
//! emitter on the objects of the prod golden files. Run with `cargo bench --bench render`.
//! Nothing here asserts on time.

use std::path::{Path, PathBuf};

use chartroom::chart::HelmCompat;
use chartroom::engine::objects::{
    release_map, Capabilities, KubeVersion, ReleaseOptions, VersionSet,
};
use chartroom::engine::render::ParsedChart;
use chartroom::engine::scope::{chart_scopes, ReleaseData};
use chartroom::project::chart_component::{render_chart, LoadedChart};
use chartroom::project::{CommandLineValues, Component, Project, ResolvedProfile, Workspace};
use chartroom::value::{Map, Value};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::Arc;

const PROFILE: &str = "prod";
const COMPONENT: &str = "suggestion";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace of the repository's project, the prod profile and the suggestion component.
fn project_inputs() -> (Workspace, ResolvedProfile, Component) {
    let project = Project::load(&root())
        .unwrap_or_else(|diagnostics| panic!("loading the project: {diagnostics:?}"));
    let profile = ResolvedProfile::resolve(&project, PROFILE)
        .unwrap_or_else(|diagnostics| panic!("profile {PROFILE}: {diagnostics:?}"));
    let component = project
        .component(COMPONENT)
        .unwrap_or_else(|| panic!("no component {COMPONENT}"))
        .clone();
    (Workspace::new(project), profile, component)
}

fn bench_project_render(criterion: &mut Criterion) {
    let (workspace, profile, component) = project_inputs();
    let command_line = CommandLineValues::default();
    let first = workspace
        .render_component(&profile, &component, &command_line)
        .expect("suggestion renders in prod");
    assert!(first.text.contains("kind: Deployment"));
    criterion.bench_function(
        "project render suggestion -p prod (parse shared)",
        |bencher| {
            bencher.iter(|| {
                workspace
                    .render_component(black_box(&profile), &component, &command_line)
                    .map(|part| part.text.len())
            })
        },
    );

    let effective = workspace
        .effective_values(&profile, &component, &command_line)
        .expect("effective values");
    let settings = workspace.release_settings(&profile, &component);
    let loaded = LoadedChart::load(
        &root().join("charts").join(COMPONENT),
        "charts/suggestion",
        HelmCompat::V4,
    )
    .expect("chart loads");
    criterion.bench_function(
        "render_chart suggestion -p prod (parse included)",
        |bencher| {
            bencher.iter(|| {
                render_chart(&loaded, black_box(&effective.values), &settings)
                    .map(|text| text.len())
            })
        },
    );
}

/// The suggestion chart's templates parsed once and the top-level data of each chart, as the
/// engine builds them for a prod render.
fn bench_executor(criterion: &mut Criterion) {
    let (workspace, profile, component) = project_inputs();
    let effective = workspace
        .effective_values(&profile, &component, &CommandLineValues::default())
        .expect("effective values");
    let loaded = LoadedChart::load(
        &root().join("charts").join(COMPONENT),
        "charts/suggestion",
        HelmCompat::V4,
    )
    .expect("chart loads");
    let values = coalesced(&loaded, &effective.values);
    let parsed = ParsedChart::parse(&loaded.chart).expect("templates parse");
    let release = ReleaseData {
        release: Value::Map(release_map(&ReleaseOptions {
            name: COMPONENT.into(),
            namespace: "iot".into(),
            is_upgrade: false,
        })),
        capabilities: Value::Object(Arc::new(Capabilities::new(
            KubeVersion::default_version(),
            VersionSet::with_extra(&[]),
        ))),
    };
    let scopes = chart_scopes(&loaded.chart, &values, &release, HelmCompat::V4);
    let set = parsed.template_set().clone();
    let rendered: Vec<_> = parsed
        .templates()
        .iter()
        .filter(|template| template.is_rendered())
        .cloned()
        .collect();
    criterion.bench_function("gotmpl execute suggestion templates", |bencher| {
        bencher.iter(|| {
            let mut bytes = 0;
            for template in &rendered {
                let data = scopes
                    .get(&template.chart_path)
                    .cloned()
                    .unwrap_or_default();
                let current = Map::new();
                current.insert("Name", Value::from(template.name.as_str()));
                current.insert("BasePath", Value::from(template.base_path.as_str()));
                data.insert("Template", Value::Map(current));
                bytes += set
                    .execute(&template.name, &Value::Map(data))
                    .map(|text| text.len())
                    .unwrap_or(0);
            }
            bytes
        })
    });
    criterion.bench_function("gotmpl parse suggestion templates", |bencher| {
        bencher.iter(|| {
            ParsedChart::parse(black_box(&loaded.chart)).map(|parsed| parsed.templates().len())
        })
    });
}

fn coalesced(loaded: &LoadedChart, values: &Map) -> Map {
    let user =
        chartroom::project::chart_component::values_as_file(values).expect("values as a file");
    match chartroom::chart::coalesce_values(&loaded.chart, &user).expect("values coalesce") {
        Value::Map(map) => map,
        _ => Map::new(),
    }
}

/// Every object of the prod golden files (what Helm printed for the chart components).
fn golden_objects(directory: &Path) -> Vec<Value> {
    let mut objects = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(directory)
        .expect("golden directory")
        .map(|entry| entry.expect("golden entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("golden file");
        for document in text.split("\n---\n") {
            let value = chartroom::yaml::parse_value_any(document).expect("golden document parses");
            if !matches!(value, Value::Nil) {
                objects.push(value);
            }
        }
    }
    objects
}

fn bench_yaml_emitter(criterion: &mut Criterion) {
    let objects = golden_objects(&root().join("tests/golden").join(PROFILE));
    assert!(objects.len() > 10);
    criterion.bench_function("toYaml prod golden objects", |bencher| {
        bencher.iter(|| {
            objects
                .iter()
                .map(|object| {
                    chartroom::yaml::emit::to_yaml(black_box(object))
                        .map(|text| text.len())
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
}

criterion_group!(
    benches,
    bench_project_render,
    bench_executor,
    bench_yaml_emitter
);
criterion_main!(benches);
