//! What `chartroom diff` and `chartroom baseline` need from a project: the objects a profile
//! renders (through the project module, as `chartroom render -p` prints them), the names of
//! the profiles, and the ignore rules of chartroom.yaml.

use std::path::Path;

use anyhow::{Context as _, Result};

use super::project_args::ProjectProblems;
use crate::chart::HelmCompat;
use crate::diff::ignore::IgnoreRules;
use crate::diff::normalize::{parse_manifests, ManifestObject};
use crate::project::{CommandLineValues, Diagnostic, Project, Workspace};

/// A profile's render as objects.
#[derive(Debug, Clone)]
pub struct RenderedProfile {
    /// The profile's namespace.
    pub namespace: String,
    /// Every object, components in project order; objects of a component installed into
    /// another namespace carry it as their default namespace.
    pub objects: Vec<ManifestObject>,
}

/// The project's problems as the error `chartroom` prints in the diagnostics layout.
fn problems(root: &Path, diagnostics: Vec<Diagnostic>) -> anyhow::Error {
    ProjectProblems {
        root: root.to_path_buf(),
        diagnostics,
    }
    .into()
}

fn load(root: &Path) -> Result<Project> {
    Project::load(root).map_err(|diagnostics| problems(root, diagnostics.0))
}

/// Renders one profile of the project at `root` (with `--helm-compat`, when given, over its
/// setting); `origin` names the stream in messages.
pub fn render_profile(
    root: &Path,
    profile_name: &str,
    origin: &str,
    helm_compat: Option<HelmCompat>,
) -> Result<RenderedProfile> {
    render_profile_in(
        &load_workspace(root, helm_compat)?,
        profile_name,
        origin,
        &CommandLineValues::default(),
    )
}

/// The project at `root` with its sources loaded, for rendering several profiles with one
/// load and one parse of each chart; `--helm-compat`, when given, overrides its setting.
pub fn load_workspace(root: &Path, helm_compat: Option<HelmCompat>) -> Result<Workspace> {
    Ok(Workspace::new(load(root)?.with_helm_compat(helm_compat)))
}

/// Renders one profile of a loaded project with command-line values; `origin` names the
/// stream in messages.
pub fn render_profile_in(
    workspace: &Workspace,
    profile_name: &str,
    origin: &str,
    command_line: &CommandLineValues,
) -> Result<RenderedProfile> {
    let (profile, parts) = workspace
        .render_profile_named(profile_name, &[], command_line)
        .map_err(|diagnostics| problems(&workspace.project.root, diagnostics))?;
    let mut objects = Vec::new();
    for part in parts {
        let component_namespace = workspace
            .project
            .component(&part.name)
            .map(|component| profile.namespace_of(component));
        let mut part_objects = parse_manifests(&part.text, &format!("{origin} ({})", part.name))?;
        if let Some(namespace) =
            component_namespace.filter(|namespace| *namespace != profile.namespace)
        {
            for object in &mut part_objects {
                object.default_namespace = Some(namespace.clone());
            }
        }
        objects.extend(part_objects);
    }
    Ok(RenderedProfile {
        namespace: profile.namespace.clone(),
        objects,
    })
}

/// The project's profiles that can be rendered (abstract ones left out), in name order.
pub fn profile_names(root: &Path) -> Result<Vec<String>> {
    let project = load(root)?;
    Ok(project
        .profiles
        .iter()
        .filter(|(_, profile)| !profile.is_abstract())
        .map(|(name, _)| name.clone())
        .collect())
}

/// chartroom.yaml's `diff.ignore` rules.
pub fn load_ignore_rules(root: &Path) -> Result<IgnoreRules> {
    let path = root.join("chartroom.yaml");
    let text = crate::input::read_to_string(&path)
        .with_context(|| format!("reading {}", path.display()))?;
    let (value, spans) = crate::yaml::parse_values_with_spans(&text)
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(IgnoreRules::from_project(
        &value,
        "chartroom.yaml",
        Some(&spans),
    )?)
}
