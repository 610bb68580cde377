//! `chartroom template`: Helm's `helm template` step by step.
//!
//! The order of checks is Helm's, because it decides which error a broken invocation reports:
//! kube version flag, release name and chart arguments, chart location, user values, chart
//! loading and installability, missing dependencies, release name validity, dependency
//! processing, coalescing and schema validation, then the render. Errors from the render on
//! (Helm has created the release by then) end with Helm's hint about `--debug`; with `--debug`
//! the partial output is printed and the error still fails the command.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use super::args::{split_commas, TemplateArgs};
use super::post_render::PostRenderer;
use crate::chart::{self, Chart};
use crate::engine::objects::{Capabilities, KubeVersion, ReleaseOptions};
use crate::engine::output::{template_text, OutputOptions};
use crate::engine::release::{check_kube_version, prepare_release_parsed, Release, ReleaseRequest};
use crate::engine::render::ParsedChart;
use crate::engine::schema::validate_values_for;
use crate::value::{Map, Value};

/// Helm's hint after a render error.
const DEBUG_HINT: &str = "\n\nUse --debug flag to render out invalid YAML";

/// Runs `chartroom template` and returns the exit status.
pub fn run(args: &TemplateArgs) -> Result<i32> {
    let post_renderer = match &args.post_renderer {
        Some(given) => Some(PostRenderer::resolve(given, &args.post_renderer_args)?),
        None => None,
    };
    let compat = args.helm_compat;
    let kube_version = match &args.kube_version {
        Some(text) => Some(
            KubeVersion::parse_for(text, compat)
                .map_err(|error| anyhow!("invalid kube version '{text}': {error}"))?,
        ),
        None => None,
    };
    let (release_name, chart_reference) = name_and_chart(args)?;
    let chart_path = locate_chart(&chart_reference)?;
    let user_values = value_options(args)
        .merge_for(Path::new("."), compat)
        .map_err(located)?;
    let mut chart = chart::load_chart_for(&chart_path, compat).map_err(located)?;
    chart
        .check_installable()
        .map_err(|error| anyhow!("{error}"))?;
    if let Err(error) = chart::check_dependencies(&chart) {
        if args.dependency_update {
            bail!("{error}\n--dependency-update is not supported: chartroom never downloads charts; add them to charts/ first");
        }
        bail!("{}", error.message_for(compat));
    }
    validate_release_name(&release_name)?;
    chart::process_dependencies(&mut chart, &user_values)
        .map_err(|error| anyhow!("{}", error.message_for(compat)))?;
    let values = coalesced_values(&chart, &user_values, args.skip_schema_validation, compat)?;
    let request = ReleaseRequest {
        chart: &chart,
        values,
        release: ReleaseOptions {
            name: release_name.clone(),
            namespace: args
                .namespace
                .clone()
                .unwrap_or_else(|| "default".to_string()),
            is_upgrade: args.is_upgrade,
        },
        capabilities: Capabilities::for_compat(
            compat,
            kube_version,
            &split_commas(&args.api_versions),
        ),
        compat,
    };
    let options = OutputOptions {
        include_crds: args.include_crds,
        disable_hooks: args.no_hooks,
        skip_tests: args.skip_tests,
        show_only: args.show_only.clone(),
        output_dir: args.output_dir.clone(),
        use_release_name: args.use_release_name,
        release_name,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match release_output(&request, &options, post_renderer.as_ref(), &mut out) {
        Ok(release) => {
            let text = template_text(&release.manifest, &release.hooks, &options, &mut out)?;
            out.write_all(text.as_bytes())
                .context("writing the output")?;
            Ok(0)
        }
        Err((error, partial)) if args.debug => {
            let text = template_text(&partial.manifest, &partial.hooks, &options, &mut out)?;
            out.write_all(text.as_bytes())
                .context("writing the output")?;
            out.flush().ok();
            eprintln!("Error: {error}");
            Ok(1)
        }
        Err((error, _)) => bail!("{error}{DEBUG_HINT}"),
    }
}

/// The release `helm template` prints: rendered, sorted, and passed through the
/// post-renderer. The post-renderer runs before anything is written under `--output-dir`
/// (its input there is empty, as in Helm), so a failing one leaves no files behind. On failure
/// the error comes with the partial release `--debug` prints.
fn release_output<W: Write>(
    request: &ReleaseRequest<'_>,
    options: &OutputOptions,
    post_renderer: Option<&PostRenderer>,
    out: &mut W,
) -> std::result::Result<Release, (String, Release)> {
    let prepared = prepare_release_parsed(request, parse_for_process(request)?)
        .map_err(|failure| (failure.error.to_string(), failure.partial))?;
    let hooks = prepared.sorted.hooks.clone();
    let failed = |error: String| {
        (
            error,
            Release {
                manifest: String::new(),
                hooks: hooks.clone(),
            },
        )
    };
    let Some(renderer) = post_renderer else {
        return prepared
            .into_release(options, out)
            .map_err(|error| failed(error.to_string()));
    };
    if options.output_dir.is_some() {
        let replaced = renderer
            .run("")
            .map_err(|error| failed(error.to_string()))?;
        let release = prepared
            .into_release(options, out)
            .map_err(|error| failed(error.to_string()))?;
        return Ok(Release {
            manifest: replaced,
            hooks: release.hooks,
        });
    }
    let release = prepared
        .into_release(options, out)
        .map_err(|error| failed(error.to_string()))?;
    let replaced = renderer
        .run(&release.manifest)
        .map_err(|error| failed(error.to_string()))?;
    Ok(Release {
        manifest: replaced,
        hooks: release.hooks,
    })
}

/// The chart's templates parsed for the rest of the process, never freed: `template` renders
/// one release and exits, and taking a big chart's syntax trees apart node by node costs a
/// tenth of the run for memory the exit hands back anyway. The kube version is checked first,
/// as Helm does before it parses.
fn parse_for_process(
    request: &ReleaseRequest<'_>,
) -> std::result::Result<&'static ParsedChart, (String, Release)> {
    let failed = |error: crate::engine::error::EngineError| (error.to_string(), Release::default());
    check_kube_version(request.chart, &request.capabilities).map_err(failed)?;
    let parsed = ParsedChart::parse_for(request.chart, request.compat).map_err(failed)?;
    Ok(Box::leak(Box::new(parsed)))
}

/// A chart error in Helm's words, followed by ` (<file>:<line>:<column>)` where chartroom
/// knows the position and Helm's message does not name it (YAML syntax in values files,
/// Chart.yaml, requirements.yaml).
fn located(error: chart::ChartError) -> anyhow::Error {
    match error.location() {
        Some(location) => anyhow!("{error} ({location})"),
        None => anyhow!("{error}"),
    }
}

fn value_options(args: &TemplateArgs) -> chart::ValueOptions {
    chart::ValueOptions {
        values_files: split_commas(&args.values),
        set: args.set.clone(),
        set_string: args.set_string.clone(),
        set_json: args.set_json.clone(),
        set_literal: args.set_literal.clone(),
        set_file: args.set_file.clone(),
    }
}

/// Coalesces user values with the chart's defaults and checks them against the schemas.
fn coalesced_values(
    chart: &Chart,
    user_values: &Value,
    skip_schema_validation: bool,
    compat: chart::HelmCompat,
) -> Result<Map> {
    let values = chart::coalesce_values(chart, user_values).map_err(|error| anyhow!("{error}"))?;
    let values = match values {
        Value::Map(map) => map,
        _ => Map::new(),
    };
    if !skip_schema_validation {
        validate_values_for(chart, &values, compat)?;
    }
    Ok(values)
}

/// Helm's `NameAndChart` as `helm template` calls it: the release name and the chart
/// reference from the arguments and the naming flags.
fn name_and_chart(args: &TemplateArgs) -> Result<(String, String)> {
    let positional = &args.positional;
    if positional.is_empty() {
        bail!("\"chartroom template\" requires at least 1 argument\n\nUsage:  chartroom template [NAME] [CHART] [flags]");
    }
    if positional.len() > 2 {
        bail!(
            "expected at most two arguments, unexpected arguments: {}",
            positional[2..].join(", ")
        );
    }
    if let [name, chart] = positional.as_slice() {
        if args.generate_name {
            bail!("cannot set --generate-name and also specify a name");
        }
        if args.name_template.is_some() {
            bail!("cannot set --name-template and also specify a name");
        }
        return Ok((name.clone(), chart.clone()));
    }
    let chart = positional.first().cloned().unwrap_or_default();
    if let Some(template) = &args.name_template {
        return Ok((render_name_template(template)?, chart));
    }
    // `helm template` presets the release name to "release-name", which Helm's
    // `NameAndChart` takes before it would generate one: `--generate-name` with a single
    // argument still renders as "release-name".
    Ok((TEMPLATE_RELEASE_NAME.to_string(), chart))
}

/// The release name `helm template` uses when none is given.
const TEMPLATE_RELEASE_NAME: &str = "release-name";

/// `--name-template`: a Go template with Sprig's functions, executed with no data.
fn render_name_template(text: &str) -> Result<String> {
    let mut functions = crate::gotmpl::FuncMap::new();
    for function in crate::funcs::library() {
        functions.insert_native(*function);
    }
    let mut set = crate::gotmpl::TemplateSet::new(functions);
    set.parse_file("name-template", text)?;
    Ok(set.execute("name-template", &Value::Nil)?)
}

/// Helm's `LocateChart` for local charts: an existing path, else Helm's errors for paths and
/// repository references (chartroom never downloads).
fn locate_chart(reference: &str) -> Result<PathBuf> {
    let trimmed = reference.trim();
    let path = Path::new(trimmed);
    if path.exists() {
        return Ok(super::post_render::absolute_clean(path));
    }
    if path.is_absolute() || trimmed.starts_with('.') {
        bail!("path \"{trimmed}\" not found");
    }
    if !trimmed.contains('/') {
        bail!("non-absolute URLs should be in form of repo_name/path_to_chart, got: {trimmed}");
    }
    bail!("chart \"{trimmed}\" not found: chartroom renders local charts only (no repositories)")
}

/// Helm's release name rule (`chart::release_name`), in `helm template`'s error wording.
fn validate_release_name(name: &str) -> Result<()> {
    match crate::chart::release_name::release_name_problem(name) {
        None => Ok(()),
        Some(reason) => bail!("release name check failed: release name \"{name}\": {reason}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_follow_helm() {
        assert!(validate_release_name("rel").is_ok());
        assert!(validate_release_name("a.b-c").is_ok());
        let error = validate_release_name("BAD").unwrap_err().to_string();
        assert!(error
            .starts_with("release name check failed: release name \"BAD\": invalid release name"));
        assert!(validate_release_name(&"a".repeat(54)).is_err());
    }

    #[test]
    fn missing_charts_are_reported_like_helm() {
        assert_eq!(
            locate_chart("./nosuch").unwrap_err().to_string(),
            "path \"./nosuch\" not found"
        );
        assert!(locate_chart("nosuchchart")
            .unwrap_err()
            .to_string()
            .starts_with("non-absolute URLs"));
    }
}
