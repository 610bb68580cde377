//! `chartroom list`: the project's profiles (with their chains and namespaces), components
//! (in render order) and charts.

use anyhow::Result;
use clap::Args;

use super::project_args::{load_project, ProjectArgs};
use crate::project::{ComponentKind, Diagnostics, ResolvedProfile};

/// List profiles, components and charts.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Runs `chartroom list`.
pub fn run(args: &ListArgs) -> Result<i32> {
    let project = match load_project(&args.project) {
        Ok(project) => project,
        Err(status) => return Ok(status),
    };
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
    for component in project
        .components
        .iter()
        .filter(|component| component.is_chart())
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
