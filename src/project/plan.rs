//! The render plan of a run: components loaded once, effective values per profile and
//! component, and the rendered stream, with profiles and components rendered in parallel.
//!
//! Effective values, lowest precedence first: the chart's `values.yaml` (chart components),
//! the component's `valuesFiles` and `values` in `chartroom.yaml`, then each profile of the
//! chain, base first (its `valuesFiles`, `values`, `set`), then the command line's `-f` files
//! and `--set` lines.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::chart_component::{
    check_chart_values, prepare_values, render_chart_with, render_prepared, values_fallback,
    ChartCache, LoadedChart, ReleaseSettings,
};
use super::model::{Component, ComponentKind, Project};
use super::profile::{add_values_file, ResolvedProfile};
use super::source::{display_path, settle, Diagnostic, Diagnostics, Location, SourceFile};
use super::values::{EffectiveValues, ValuesComposer};
use crate::jinja::{JinjaContext, ManifestDirectory};
use crate::value::{Map, Value};

/// Values given on the command line, applied over every profile. The more specific layer
/// wins: `-f` files for every component, then `--values-for` files of this component, then
/// `--set` lines for every component, then `--set-for` lines of this component.
#[derive(Debug, Clone, Default)]
pub struct CommandLineValues {
    /// `-f` files, in order.
    pub values_files: Vec<PathBuf>,
    /// `--set` lines, in order.
    pub set: Vec<String>,
    /// `--values-for COMPONENT FILE`, in order.
    pub component_values_files: Vec<(String, PathBuf)>,
    /// `--set-for COMPONENT LINE`, in order.
    pub component_set: Vec<(String, String)>,
    /// `--helm-compat`, over the project's `helmCompat:`.
    pub helm_compat: Option<crate::chart::HelmCompat>,
}

impl CommandLineValues {
    /// Component names the per-component flags use that the project does not have.
    pub fn unknown_components(&self, project: &Project) -> Vec<Diagnostic> {
        let named = self
            .component_values_files
            .iter()
            .map(|(component, _)| ("--values-for", component))
            .chain(
                self.component_set
                    .iter()
                    .map(|(component, _)| ("--set-for", component)),
            );
        named
            .filter(|(_, component)| project.component(component).is_none())
            .map(|(flag, component)| {
                unknown_component(project, component, &format!(" (given to {flag})"))
            })
            .collect()
    }
}

/// A component name the project does not have, from the command line: the names it has and
/// the closest one. `context` follows the message (which flag named it).
pub fn unknown_component(project: &Project, name: &str, context: &str) -> Diagnostic {
    let known: Vec<&str> = project
        .components
        .iter()
        .map(|component| component.name.as_str())
        .collect();
    Diagnostic::unplaced(format!("no component {name:?} in chartroom.yaml{context}"))
        .with_expected(format!("one of: {}", known.join(", ")))
        .suggesting(name, known)
}

/// A component's loaded source.
#[derive(Debug, Clone)]
pub enum LoadedSource {
    Chart(Arc<LoadedChart>),
    Manifests(Arc<ManifestDirectory>),
}

/// A project with every component's chart or templates loaded, and each chart's templates
/// parsed, once per run.
#[derive(Debug)]
pub struct Workspace {
    pub project: Project,
    sources: BTreeMap<String, Result<LoadedSource, Diagnostic>>,
    /// The parsed templates and compiled schemas of each chart path, shared by every
    /// profile's render.
    charts: HashMap<PathBuf, Arc<ChartCache>>,
}

impl Workspace {
    /// Loads every component's source, in parallel; failures are kept per component.
    pub fn new(project: Project) -> Workspace {
        let sources = project
            .components
            .par_iter()
            .map(|component| (component.name.clone(), load_source(&project, component)))
            .collect();
        let charts = project
            .components
            .iter()
            .filter(|component| matches!(component.kind, ComponentKind::Chart(_)))
            .map(|component| {
                (
                    project.resolve_path(component.source_path()),
                    Arc::default(),
                )
            })
            .collect();
        Workspace {
            project,
            sources,
            charts,
        }
    }

    /// What renders of a chart component's chart share (components naming the same chart
    /// path share one).
    pub fn chart_cache(&self, component: &Component) -> Arc<ChartCache> {
        self.charts
            .get(&self.project.resolve_path(component.source_path()))
            .cloned()
            .unwrap_or_default()
    }

    /// The loaded chart or templates of a component.
    pub fn source(&self, component: &str) -> Result<&LoadedSource, Diagnostic> {
        match self.sources.get(component) {
            Some(Ok(source)) => Ok(source),
            Some(Err(diagnostic)) => Err(diagnostic.clone()),
            None => Err(unknown_component(&self.project, component, "")),
        }
    }

    /// The effective values of `component` in `profile`, with provenance.
    pub fn effective_values(
        &self,
        profile: &ResolvedProfile,
        component: &Component,
        command_line: &CommandLineValues,
    ) -> Result<EffectiveValues, Vec<Diagnostic>> {
        let project = &self.project;
        let mut composer = ValuesComposer::new();
        let mut diagnostics = Vec::new();
        if let Ok(LoadedSource::Chart(loaded)) = self.source(&component.name) {
            let (defaults, locate) = loaded.default_values();
            composer.add_map(&defaults, &*locate);
        }
        for (relative, location) in &component.values_files {
            if let Err(diagnostic) = add_values_file(project, relative, location, &mut composer) {
                diagnostics.push(diagnostic);
            }
        }
        let values_pointer = format!("{}/values", component.pointer());
        composer.add_map(&component.values, &|pointer| {
            project.file.locate(&format!("{values_pointer}{pointer}"))
        });
        if let Err(found) = profile.add_component_layers(project, component, &mut composer) {
            diagnostics.extend(found);
        }
        let own_files = command_line
            .component_values_files
            .iter()
            .filter(|(name, _)| *name == component.name)
            .map(|(_, path)| path);
        for path in command_line.values_files.iter().chain(own_files) {
            let display = path.to_string_lossy().into_owned();
            match SourceFile::load(path, &display) {
                Ok(file) => {
                    let map = file.value.as_map().cloned().unwrap_or_default();
                    composer.add_map(&map, &|pointer| file.locate(pointer));
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        for (index, line) in command_line.set.iter().enumerate() {
            if let Err(diagnostic) = composer.add_set(line, &Location::new("--set", index + 1, 1)) {
                diagnostics.push(diagnostic);
            }
        }
        for (index, (_, line)) in command_line
            .component_set
            .iter()
            .enumerate()
            .filter(|(_, (name, _))| *name == component.name)
        {
            if let Err(diagnostic) =
                composer.add_set(line, &Location::new("--set-for", index + 1, 1))
            {
                diagnostics.push(diagnostic);
            }
        }
        if diagnostics.is_empty() {
            Ok(composer.finish())
        } else {
            Err(diagnostics)
        }
    }

    /// The components of `profile` to render: `selected` (all when empty) that are enabled,
    /// in project order. Unknown names are errors, and so is naming only components the
    /// profile disables (see [`Workspace::disabled_among`] for the notice when some are).
    pub fn selected_components(
        &self,
        profile: &ResolvedProfile,
        selected: &[String],
    ) -> Result<Vec<&Component>, Diagnostic> {
        for name in selected {
            if self.project.component(name).is_none() {
                return Err(unknown_component(&self.project, name, ""));
            }
        }
        let mut disabled = self.disabled_among(profile, selected);
        if !selected.is_empty() && disabled.len() == selected.len() {
            return Err(disabled.swap_remove(0));
        }
        Ok(self
            .project
            .components
            .iter()
            .filter(|component| selected.is_empty() || selected.contains(&component.name))
            .filter(|component| profile.is_enabled(&component.name))
            .collect())
    }

    /// The named components that `profile` disables, each as a notice at the `enabled: false`
    /// that disables it.
    pub fn disabled_among(
        &self,
        profile: &ResolvedProfile,
        selected: &[String],
    ) -> Vec<Diagnostic> {
        selected
            .iter()
            .filter(|name| !profile.is_enabled(name))
            .map(|name| {
                let pointer = format!(
                    "{}/enabled",
                    crate::yaml::spans::child_path("/components", name)
                );
                let message = format!(
                    "component {name:?} is disabled in profile {:?}: nothing to render for it",
                    profile.name
                );
                match profile
                    .chain
                    .iter()
                    .rev()
                    .find(|file| file.get(&pointer).is_some())
                {
                    Some(file) => Diagnostic::new(file.locate(&pointer), pointer, message),
                    None => Diagnostic::unplaced(message),
                }
            })
            .collect()
    }

    /// Renders one component in one profile: the text of its part of the stream.
    pub fn render_component(
        &self,
        profile: &ResolvedProfile,
        component: &Component,
        command_line: &CommandLineValues,
    ) -> Result<RenderedComponent, Vec<Diagnostic>> {
        let effective = self.effective_values(profile, component, command_line)?;
        let source = self
            .source(&component.name)
            .map_err(|diagnostic| vec![diagnostic])?;
        let mut prepared = None;
        if let LoadedSource::Chart(loaded) = source {
            let found = match prepare_values(loaded, &effective.values) {
                Ok(ready) => {
                    let found = check_chart_values(
                        loaded,
                        &ready,
                        &effective,
                        self.project.helm_compat,
                        &self.chart_cache(component),
                    );
                    prepared = Some(ready);
                    found
                }
                Err(message) => vec![Diagnostic::new(values_fallback(loaded), "", message)],
            };
            if !found.is_empty() {
                let context = format!(" (values of component {})", component.name);
                return Err(found
                    .into_iter()
                    .map(|mut diagnostic| {
                        let detail = diagnostic.message.clone();
                        diagnostic.message.push_str(&context);
                        diagnostic.context_mut().detail = Some(detail);
                        diagnostic
                    })
                    .collect());
            }
        }
        let settings = self.release_settings(profile, component);
        if let Some(reason) = crate::chart::release_name::release_name_problem(&settings.name) {
            let location = profile
                .chain
                .iter()
                .rev()
                .find(|file| file.get("/releaseName").is_some())
                .map(|file| file.locate("/releaseName"))
                .unwrap_or_else(|| self.project.file.locate("/defaults/releaseName"));
            return Err(vec![Diagnostic::new(
                location,
                "/releaseName",
                format!(
                    "release name {:?} of component {}: {reason}",
                    settings.name, component.name
                ),
            )]);
        }
        let at_component = |message: String| {
            vec![Diagnostic::new(
                self.project.file.locate(&component.pointer()),
                component.pointer(),
                message,
            )]
        };
        let text = match source {
            LoadedSource::Chart(loaded) => {
                let rendered = match &prepared {
                    Some(ready) => render_prepared(ready, &settings, &self.chart_cache(component)),
                    None => render_chart_with(
                        loaded,
                        &effective.values,
                        &settings,
                        &self.chart_cache(component),
                    ),
                };
                rendered.map_err(at_component)?
            }
            LoadedSource::Manifests(directory) => {
                let context = jinja_context(profile, component, &settings, &effective.values);
                let files = directory.render(&context).map_err(|error| {
                    vec![Diagnostic::new(
                        Location::new(&error.file, error.line, error.column),
                        "",
                        error.message,
                    )]
                })?;
                manifest_stream(&files)
            }
        };
        Ok(RenderedComponent {
            name: component.name.clone(),
            text,
        })
    }

    /// Release name, namespace and capabilities of a component in a profile.
    pub fn release_settings(
        &self,
        profile: &ResolvedProfile,
        component: &Component,
    ) -> ReleaseSettings {
        ReleaseSettings {
            name: profile.release_name_of(&self.project, component),
            namespace: profile.namespace_of(component),
            kube_version: profile.kube_version.clone(),
            api_versions: profile.api_versions.clone(),
            compat: self.project.helm_compat,
        }
    }

    /// Resolves the profile `name` and renders the selected components: every problem of
    /// the profile's files and chain and of each component's values and render comes back
    /// together, sorted, as `validate` finds them, so no command stops at the first.
    pub fn render_profile_named(
        &self,
        name: &str,
        selected: &[String],
        command_line: &CommandLineValues,
    ) -> Result<(ResolvedProfile, Vec<RenderedComponent>), Vec<Diagnostic>> {
        let (profile, problems) = ResolvedProfile::resolve_with_problems(&self.project, name)
            .map_err(|Diagnostics(found)| found)?;
        let parts = self.render_resolved(&profile, problems, selected, command_line)?;
        Ok((profile, parts))
    }

    /// [`Workspace::render_profile`] after the profile's own problems `earlier` (from
    /// [`ResolvedProfile::resolve_with_problems`]): the render fails when either has any, with
    /// all of them.
    pub fn render_resolved(
        &self,
        profile: &ResolvedProfile,
        earlier: Vec<Diagnostic>,
        selected: &[String],
        command_line: &CommandLineValues,
    ) -> Result<Vec<RenderedComponent>, Vec<Diagnostic>> {
        let mut diagnostics = earlier;
        match self.render_profile(profile, selected, command_line) {
            Ok(parts) if diagnostics.is_empty() => return Ok(parts),
            Ok(_) => {}
            Err(found) => diagnostics.extend(found),
        }
        settle(&mut diagnostics);
        Err(diagnostics)
    }

    /// Renders the selected components of a profile in parallel; the parts come back in
    /// project order. Every component's problems are reported.
    pub fn render_profile(
        &self,
        profile: &ResolvedProfile,
        selected: &[String],
        command_line: &CommandLineValues,
    ) -> Result<Vec<RenderedComponent>, Vec<Diagnostic>> {
        if profile.is_abstract {
            let message = format!(
                "profile {:?} is abstract: it only exists to be extended",
                profile.name
            );
            return Err(vec![match profile.chain.last() {
                Some(file) => Diagnostic::new(file.locate("/abstract"), "/abstract", message),
                None => Diagnostic::unplaced(message),
            }]);
        }
        let components = self
            .selected_components(profile, selected)
            .map_err(|diagnostic| vec![diagnostic])?;
        let results: Vec<Result<RenderedComponent, Vec<Diagnostic>>> = components
            .par_iter()
            .map(|component| self.render_component(profile, component, command_line))
            .collect();
        let mut rendered = Vec::new();
        let mut diagnostics = Vec::new();
        for result in results {
            match result {
                Ok(part) => rendered.push(part),
                Err(found) => diagnostics.extend(found),
            }
        }
        if diagnostics.is_empty() {
            Ok(rendered)
        } else {
            Err(diagnostics)
        }
    }
}

/// One component's part of a profile's stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedComponent {
    pub name: String,
    /// `---`-separated documents, each with a `# Source:` comment, ending in a newline.
    pub text: String,
}

fn load_source(project: &Project, component: &Component) -> Result<LoadedSource, Diagnostic> {
    let path = project.resolve_path(component.source_path());
    let display = display_path(&project.root, &path);
    match &component.kind {
        ComponentKind::Chart(_) => LoadedChart::load(&path, &display, project.helm_compat)
            .map(|loaded| LoadedSource::Chart(Arc::new(loaded))),
        ComponentKind::Manifests(_) => ManifestDirectory::load(&path, &display)
            .map(|directory| LoadedSource::Manifests(Arc::new(directory)))
            .map_err(|error| {
                Diagnostic::new(
                    Location::new(&error.file, error.line, error.column),
                    "",
                    error.message,
                )
            }),
    }
}

/// What Jinja templates of a component see.
pub fn jinja_context(
    profile: &ResolvedProfile,
    component: &Component,
    settings: &ReleaseSettings,
    values: &Map,
) -> JinjaContext {
    let strings = |items: &[String]| {
        Value::list(
            items
                .iter()
                .map(|item| Value::from(item.as_str()))
                .collect(),
        )
    };
    let kube_version = settings.kube_version.clone().unwrap_or_default();
    let profile_map = Map::new();
    profile_map.insert("name", Value::from(profile.name.as_str()));
    profile_map.insert("namespace", Value::from(profile.namespace.as_str()));
    profile_map.insert("kubeVersion", Value::from(kube_version.as_str()));
    profile_map.insert("apiVersions", strings(&settings.api_versions));
    let release = Map::new();
    release.insert("name", Value::from(settings.name.as_str()));
    release.insert("namespace", Value::from(settings.namespace.as_str()));
    let capabilities = Map::new();
    capabilities.insert("kubeVersion", Value::from(kube_version.as_str()));
    capabilities.insert("apiVersions", strings(&settings.api_versions));
    JinjaContext {
        values: Value::Map(values.clone()),
        profile: Value::Map(profile_map),
        component: component.name.clone(),
        release: Value::Map(release),
        capabilities: Value::Map(capabilities),
    }
}

/// The stream of a manifests component: each non-empty document of each file, as
/// `---\n# Source: <path>\n<document>\n`.
pub fn manifest_stream(files: &[crate::jinja::RenderedFile]) -> String {
    let mut out = String::new();
    for file in files {
        for document in super::documents::split_documents(&file.text) {
            if super::documents::is_blank_document(&document) {
                continue;
            }
            out.push_str("---\n# Source: ");
            out.push_str(&file.path);
            out.push('\n');
            out.push_str(document.trim_end());
            out.push('\n');
        }
    }
    out
}
