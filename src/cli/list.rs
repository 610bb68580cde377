//! `chartroom list`: the project's profiles (with their chains and namespaces), components
//! (in render order) and charts.

use anyhow::Result;
use clap::Args;

use super::project_args::{load_project, ProjectArgs};
use crate::project::{ComponentKind, Diagnostics, ResolvedProfile};

/// List profiles, components and charts.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print, for each concrete profile (or the one given with -p), the objects it expects to
    /// exist before `kubectl apply` (its `external:` list) and the command that creates each.
    #[arg(long)]
    pub external: bool,
    /// With --external: only this profile.
    #[arg(short = 'p', long = "profile", requires = "external")]
    pub profile: Option<String>,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Runs `chartroom list`.
pub fn run(args: &ListArgs) -> Result<i32> {
    let project = match load_project(&args.project) {
        Ok(project) => project,
        Err(status) => return Ok(status),
    };
    if args.external {
        return print_external(&project, args.profile.as_deref());
    }
    println!("project: {}", project.name);
    println!("profiles:");
    for name in project.profiles.keys() {
        match ResolvedProfile::resolve(&project, name) {
            Ok(profile) => {
                let chain =
                    crate::project::profile::chain_names(&project, name).unwrap_or_default();
                let note = if profile.is_abstract {
                    "  (abstract)"
                } else {
                    ""
                };
                println!(
                    "  {name}  namespace={}  chain={}{note}",
                    profile.namespace,
                    chain.join(" -> ")
                );
            }
            Err(Diagnostics(found)) => println!(
                "  {name}  ({} problem(s); run chartroom validate -p {name})",
                found.len()
            ),
        }
    }
    println!("components:");
    for component in &project.components {
        let (kind, path) = match &component.kind {
            ComponentKind::Chart(path) => ("chart", path),
            ComponentKind::Manifests(path) => ("manifests", path),
        };
        println!("  {}  {kind}={path}", component.name);
    }
    println!("charts:");
    let mut listed = std::collections::BTreeSet::new();
    for component in project
        .components
        .iter()
        .filter(|component| component.is_chart() && listed.insert(component.source_path()))
    {
        let path = project.resolve_path(component.source_path());
        match crate::chart::load_chart(&path) {
            Ok(chart) => println!(
                "  {}  {} {} (app {})",
                component.source_path(),
                chart.name(),
                chart.metadata.version,
                chart.metadata.app_version
            ),
            Err(error) => println!("  {}  (cannot load: {error})", component.source_path()),
        }
    }
    Ok(0)
}

/// `chartroom list --external`: what each profile needs from the cluster before it is applied.
fn print_external(project: &crate::project::Project, only: Option<&str>) -> Result<i32> {
    let names: Vec<String> = match only {
        Some(name) => vec![name.to_string()],
        None => project.profiles.keys().cloned().collect(),
    };
    for name in names {
        let profile = match ResolvedProfile::resolve(project, &name) {
            Ok(profile) if profile.is_abstract && only.is_none() => continue,
            Ok(profile) => profile,
            Err(Diagnostics(found)) => {
                return Ok(super::project_args::report(&project.root, &found))
            }
        };
        println!("profile {name} (namespace {}):", profile.namespace);
        if profile.external.is_empty() {
            println!("  nothing: the render creates everything it uses");
        }
        for object in &profile.external {
            let place = if crate::check::cluster::is_cluster_scoped(&object.kind) {
                String::new()
            } else {
                format!(" (namespace {})", object.namespace)
            };
            println!("  {} {}{place}", object.kind, object.name);
            if let Some(description) = &object.description {
                println!("    {description}");
            }
            if let Some(keys) = &object.keys {
                println!("    keys: {}", keys.join(", "));
            }
            if let Some(create) = &object.create {
                println!("    create: {create}");
            }
        }
    }
    Ok(0)
}
