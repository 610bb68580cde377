//! `chartroom validate`: every check of a project, all problems reported in one run.
//!
//! In order: `chartroom.yaml` against its schema; each profile file and each merged chain
//! against the profile schema; every component's source loads and every Jinja template
//! parses; then per profile and enabled component: the effective values against the chart's
//! `values.schema.json` (and its subcharts'), the render, the rendered output parsing as YAML
//! objects, the references between rendered objects (`check::references`), each object
//! against its schema (custom resources against their CustomResourceDefinitions, the rest
//! against Kubernetes' schemas when locations are given), and the profile's policies over
//! every rendered object.

use std::path::Path;

use rayon::prelude::*;

use super::documents::{parse_objects, RenderedObject};
use super::model::Project;
use super::plan::{CommandLineValues, LoadedSource, Workspace};
use super::policy::{Policies, PolicySubject};
use super::profile::ResolvedProfile;
use super::source::{settle, Context, Diagnostic, Diagnostics, Location};
use crate::check::crd_schema::{definitions_in_text, CrdError};
use crate::check::{
    check_references, CrdCatalog, CustomResourceDefinition, DisabledRules, KubernetesSchemas,
    RenderedInput,
};

/// Which profiles to check.
#[derive(Debug, Clone)]
pub enum ProfileSelection {
    All,
    One(String),
}

/// Runs every check; the problems, sorted, without duplicates (empty when the project is valid).
pub fn validate_project(
    root: &Path,
    selection: &ProfileSelection,
    command_line: &CommandLineValues,
    checks: &RenderedChecks,
) -> Vec<Diagnostic> {
    let project = match Project::load(root) {
        Ok(project) => project.with_helm_compat(command_line.helm_compat),
        Err(Diagnostics(found)) => return found,
    };
    let names: Vec<String> = match selection {
        ProfileSelection::All => project.profiles.keys().cloned().collect(),
        ProfileSelection::One(name) => vec![name.clone()],
    };
    let workspace = Workspace::new(project);
    let mut diagnostics = Vec::new();
    for component in &workspace.project.components {
        match workspace.source(&component.name) {
            Ok(LoadedSource::Manifests(directory)) => {
                diagnostics.extend(directory.check().into_iter().map(|error| {
                    Diagnostic::new(
                        Location::new(&error.file, error.line, error.column),
                        "",
                        error.message,
                    )
                }))
            }
            Ok(LoadedSource::Chart(_)) => {}
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let per_profile: Vec<Vec<Diagnostic>> = names
        .par_iter()
        .map(|name| validate_profile(&workspace, name, command_line, checks))
        .collect();
    diagnostics.extend(per_profile.into_iter().flatten());
    settle(&mut diagnostics);
    diagnostics
}

/// The problems of one profile: its chain, its components' values, render and policies.
pub fn validate_profile(
    workspace: &Workspace,
    name: &str,
    command_line: &CommandLineValues,
    checks: &RenderedChecks,
) -> Vec<Diagnostic> {
    let (profile, mut diagnostics) =
        match ResolvedProfile::resolve_with_problems(&workspace.project, name) {
            Ok(resolved) => resolved,
            Err(Diagnostics(found)) => return found,
        };
    if profile.is_abstract {
        return diagnostics;
    }
    let components = match workspace.selected_components(&profile, &[]) {
        Ok(components) => components,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return diagnostics;
        }
    };
    let mut rendered: Vec<(String, Vec<RenderedObject>)> = Vec::new();
    for component in components {
        // The same values checks and render as every other command's (`render`, `diff`).
        let in_component = |found: Vec<Diagnostic>| {
            found
                .into_iter()
                .map(|diagnostic| diagnostic.in_component(name, &component.name))
        };
        match workspace.render_component(&profile, component, command_line) {
            Ok(part) => match parse_objects(&part.text, &format!("{name}/{}", component.name)) {
                Ok(objects) => rendered.push((component.name.clone(), objects)),
                Err(found) => diagnostics.extend(in_component(found)),
            },
            Err(found) => diagnostics.extend(in_component(found)),
        }
    }
    diagnostics.extend(rendered_problems(workspace, &profile, &rendered, checks));
    match Policies::load(&workspace.project.root, &profile) {
        Ok(policies) if !policies.is_empty() => {
            let subjects: Vec<PolicySubject<'_>> = rendered
                .iter()
                .flat_map(|(component, objects)| {
                    objects
                        .iter()
                        .map(move |object| PolicySubject { component, object })
                })
                .collect();
            diagnostics.extend(policies.check(name, &subjects));
        }
        Ok(_) => {}
        Err(found) => diagnostics.extend(found),
    }
    diagnostics
}

/// What is checked in a profile's render beyond its parsing: the references between objects
/// (but the disabled rules), custom resources against their definitions, and each other
/// object against the Kubernetes schemas when schema locations are given.
#[derive(Debug, Default)]
pub struct RenderedChecks {
    /// Schema locations (maybe none), strictness and the `--crd` definitions.
    pub schemas: KubernetesSchemas,
    /// The Kubernetes version the schemas are for, over the profile's `kubeVersion`.
    pub kube_version: Option<String>,
    /// Reference rules switched off on the command line, besides the profile's.
    pub disabled: DisabledRules,
}

impl RenderedChecks {
    /// What the checks of the run found worth a warning (definitions set aside), each once.
    pub fn take_warnings(&self) -> Vec<String> {
        self.schemas.take_warnings()
    }
}

/// The problems of a profile's render: references that resolve neither in the render nor to
/// the profile's `external:` objects, and objects the Kubernetes schemas reject, each placed
/// at the template that produced the object.
pub fn rendered_problems(
    workspace: &Workspace,
    profile: &ResolvedProfile,
    rendered: &[(String, Vec<RenderedObject>)],
    checks: &RenderedChecks,
) -> Vec<Diagnostic> {
    let mut inputs = Vec::new();
    let mut namespaces = Vec::new();
    for (component, _) in rendered {
        let namespace = workspace
            .project
            .component(component)
            .map(|found| profile.namespace_of(found))
            .unwrap_or_else(|| profile.namespace.clone());
        namespaces.push(namespace);
    }
    for ((component, objects), namespace) in rendered.iter().zip(&namespaces) {
        for object in objects {
            inputs.push(RenderedInput {
                component,
                source: object.source.as_deref(),
                release_namespace: namespace,
                value: &object.value,
            });
        }
    }
    let (catalog, mut diagnostics) =
        definitions_of(workspace, rendered, checks.schemas.definitions());
    for conflict in catalog.conflicts() {
        checks.schemas.warn(conflict.clone());
    }
    let mut disabled = profile.disabled_checks.clone();
    disabled.extend(checks.disabled.iter().copied());
    // Definitions given with --crd are in the cluster: their APIs need no listing.
    let mut api_versions = profile.api_versions.clone();
    api_versions.extend(
        checks
            .schemas
            .definitions()
            .iter()
            .flat_map(CustomResourceDefinition::api_versions),
    );
    let mut findings = check_references(&inputs, &profile.external, &api_versions, &disabled);
    let version = checks
        .kube_version
        .clone()
        .or_else(|| profile.kube_version.clone())
        .unwrap_or_else(|| crate::engine::objects::DEFAULT_KUBE_VERSION.to_string());
    findings.extend(checks.schemas.check(&inputs, &version, &catalog));
    diagnostics.extend(findings.into_iter().map(|finding| {
        let file = template_path(workspace, &finding.component, finding.source.as_deref());
        let rule = finding
            .rule
            .map(|rule| format!(" [{rule}]"))
            .unwrap_or_default();
        let message = format!(
            "{} (profile {}, component {}): {}{rule}",
            finding.object, profile.name, finding.component, finding.message
        );
        Diagnostic::new(Location::whole_file(file), finding.pointer, message).with_context(
            Context {
                profile: Some(profile.name.clone()),
                component: Some(finding.component),
                object: Some(finding.object),
                rule: finding.rule.map(|rule| rule.to_string()),
                detail: Some(finding.message),
                ..Context::default()
            },
        )
    }));
    diagnostics
}

/// The CustomResourceDefinitions a profile's objects are checked against, first found first:
/// those rendered, those in the `crds/` directories of its chart components (all of a chart
/// tree's, as Helm installs them before rendering), those given with `--crd`. A `crds/` file
/// that does not parse is a problem at that file: Helm would fail to install it.
fn definitions_of(
    workspace: &Workspace,
    rendered: &[(String, Vec<RenderedObject>)],
    given: &[CustomResourceDefinition],
) -> (CrdCatalog, Vec<Diagnostic>) {
    let mut catalog = CrdCatalog::default();
    let mut diagnostics = Vec::new();
    for (component, objects) in rendered {
        for object in objects {
            if object.kind() != "CustomResourceDefinition" {
                continue;
            }
            let origin = template_path(workspace, component, object.source.as_deref());
            if let Some(definition) = CustomResourceDefinition::from_value(&object.value, &origin) {
                catalog.add(definition);
            }
        }
    }
    for (component, _) in rendered {
        let Ok(LoadedSource::Chart(loaded)) = workspace.source(component) else {
            continue;
        };
        for (path, file) in loaded.chart.crd_objects(loaded.chart.name()) {
            let origin = template_path(workspace, component, Some(&path));
            match definitions_in_text(&String::from_utf8_lossy(&file.data), &origin) {
                Ok(found) => found
                    .into_iter()
                    .for_each(|definition| catalog.add(definition)),
                Err(error) => {
                    let reason = match &error {
                        CrdError::Yaml { error, .. } => format!("not valid YAML: {error}"),
                        CrdError::Json { error, .. } => format!("not valid JSON: {error}"),
                        other => other.to_string(),
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            Location::whole_file(&origin),
                            "",
                            format!("{reason} (CRD file of component {component})"),
                        )
                        .with_context(Context {
                            component: Some(component.clone()),
                            detail: Some(reason),
                            ..Context::default()
                        }),
                    );
                }
            }
        }
    }
    for definition in given {
        catalog.add(definition.clone());
    }
    (catalog, diagnostics)
}

/// Where a rendered object came from, relative to the project: a chart's `# Source:` path
/// starts with the chart's name, which stands for the component's chart directory.
fn template_path(workspace: &Workspace, component: &str, source: Option<&str>) -> String {
    let Some(source) = source else {
        return component.to_string();
    };
    match workspace.project.component(component) {
        Some(found) if found.is_chart() => match source.split_once('/') {
            Some((_, rest)) => format!("{}/{rest}", found.source_path().trim_end_matches('/')),
            None => source.to_string(),
        },
        _ => source.to_string(),
    }
}
