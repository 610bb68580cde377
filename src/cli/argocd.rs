//! `chartroom argocd generate`: the generate command of chartroom's Argo CD Config Management
//! Plugin (`argocd/plugin.yaml`, docs/argocd.md).
//!
//! Argo CD's repo-server runs the plugin's generate command in the application's source
//! directory and applies whatever it prints on stdout; stderr is shown to the user when the
//! command exits non-zero. What to render comes from the environment the repo-server sets:
//! the plugin parameters as JSON in `ARGOCD_APP_PARAMETERS` (`profile`, `components`, `set`,
//! `values`), the Application's `plugin.env` entries as `ARGOCD_ENV_<NAME>` (`PROFILE`,
//! `COMPONENTS`, `SET`, `VALUES`; parameters win), and the application's name and destination
//! namespace (`ARGOCD_APP_NAME`, `ARGOCD_APP_NAMESPACE`), which stand in for the release name
//! and namespace when the project and profile do not set them. The render is checked as
//! `render --check` does, so Argo CD never applies a render whose references do not resolve.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use clap::{Args, Subcommand};

use super::project_args::{load_project, report, ProjectArgs};
use crate::project::{CommandLineValues, Diagnostics, Project, ResolvedProfile, Workspace};

/// Argo CD plugin commands.
#[derive(Debug, Args)]
pub struct ArgocdArgs {
    #[command(subcommand)]
    pub command: ArgocdCommand,
}

#[derive(Debug, Subcommand)]
pub enum ArgocdCommand {
    /// Render the profile the plugin parameters or ARGOCD_ENV_* variables name, for Argo CD.
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// What the repo-server asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PluginRequest {
    pub profile: Option<String>,
    pub components: Vec<String>,
    pub set: Vec<String>,
    pub values_files: Vec<String>,
    pub app_name: Option<String>,
    pub app_namespace: Option<String>,
}

impl PluginRequest {
    /// Reads the request from environment variables (`lookup` is `std::env::var` in use).
    pub fn from_environment(lookup: &dyn Fn(&str) -> Option<String>) -> Result<PluginRequest> {
        let present = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let words = |text: String| -> Vec<String> {
            text.split([',', ' ', '\n'])
                .map(str::trim)
                .filter(|word| !word.is_empty())
                .map(str::to_string)
                .collect()
        };
        let lines = |text: String| -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut request = PluginRequest {
            profile: present("ARGOCD_ENV_PROFILE").map(|text| text.trim().to_string()),
            components: present("ARGOCD_ENV_COMPONENTS")
                .map(words)
                .unwrap_or_default(),
            set: present("ARGOCD_ENV_SET").map(lines).unwrap_or_default(),
            values_files: present("ARGOCD_ENV_VALUES").map(words).unwrap_or_default(),
            app_name: present("ARGOCD_APP_NAME"),
            app_namespace: present("ARGOCD_APP_NAMESPACE"),
        };
        if let Some(text) = present("ARGOCD_APP_PARAMETERS") {
            let parameters: Vec<serde_json::Value> = serde_json::from_str(&text)
                .context("ARGOCD_APP_PARAMETERS is not a JSON list of parameters")?;
            for parameter in &parameters {
                let name = parameter
                    .get("name")
                    .and_then(|name| name.as_str())
                    .unwrap_or("");
                let string = parameter.get("string").and_then(|value| value.as_str());
                let array: Option<Vec<String>> = parameter
                    .get("array")
                    .and_then(|value| value.as_array())
                    .map(|items| {
                        items
                            .iter()
                            .filter_map(|item| item.as_str().map(str::to_string))
                            .collect()
                    });
                let list = || {
                    array.clone().unwrap_or_else(|| {
                        string
                            .map(|text| words(text.to_string()))
                            .unwrap_or_default()
                    })
                };
                match name {
                    "profile" => {
                        if let Some(profile) = string.filter(|text| !text.trim().is_empty()) {
                            request.profile = Some(profile.trim().to_string());
                        }
                    }
                    "components" => request.components = list(),
                    "set" => {
                        request.set = array.clone().unwrap_or_else(|| {
                            string
                                .map(|text| lines(text.to_string()))
                                .unwrap_or_default()
                        })
                    }
                    "values" => request.values_files = list(),
                    _ => {}
                }
            }
        }
        Ok(request)
    }
}

/// Runs `chartroom argocd generate`.
pub fn run(args: &ArgocdArgs) -> Result<i32> {
    let ArgocdCommand::Generate(generate) = &args.command;
    let request = PluginRequest::from_environment(&|name| std::env::var(name).ok())?;
    let project = match load_project(&generate.project) {
        Ok(project) => project,
        Err(status) => return Ok(status),
    };
    let profile_name = request.profile.clone().ok_or_else(|| {
        anyhow!(
            "no profile: set the plugin parameter `profile`, or PROFILE in the Application's plugin env (profiles: {})",
            project.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
        )
    })?;
    let root = generate.project.project.as_path();
    let (mut profile, problems) =
        match ResolvedProfile::resolve_with_problems(&project, &profile_name) {
            Ok(resolved) => resolved,
            Err(Diagnostics(found)) => return Ok(report(root, &found)),
        };
    apply_application(&project, &mut profile, &request);
    let command_line = CommandLineValues {
        values_files: request
            .values_files
            .iter()
            .map(|file| generate.project.project.join(file))
            .collect::<Vec<PathBuf>>(),
        set: request.set.clone(),
        ..CommandLineValues::default()
    };
    let workspace = Workspace::new(project);
    let parts = match workspace
        .render_resolved(&profile, problems, &request.components, &command_line)
        .and_then(|parts| {
            super::render::check_rendered(
                &workspace,
                &profile,
                &parts,
                &crate::project::validate::RenderedChecks::default(),
            )?;
            Ok(parts)
        }) {
        Ok(parts) => parts,
        Err(found) => return Ok(report(root, &found)),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for part in &parts {
        out.write_all(part.text.as_bytes())
            .context("writing the output")?;
    }
    out.flush().context("writing the output")?;
    Ok(0)
}

/// The Application's destination namespace and name stand in for what the project leaves
/// open: the namespace when neither `chartroom.yaml` defaults nor the profile chain set one,
/// the release name when neither sets a `releaseName` pattern and one component renders.
fn apply_application(project: &Project, profile: &mut ResolvedProfile, request: &PluginRequest) {
    let chain_sets = |pointer: &str| profile.chain.iter().any(|file| file.get(pointer).is_some());
    if let Some(namespace) = &request.app_namespace {
        if project.defaults.namespace.is_none() && !chain_sets("/namespace") {
            profile.namespace = namespace.clone();
        }
    }
    if let Some(name) = &request.app_name {
        let single = request.components.len() == 1
            || project
                .components
                .iter()
                .filter(|component| profile.is_enabled(&component.name))
                .count()
                == 1;
        if single && project.defaults.release_name.is_none() && !chain_sets("/releaseName") {
            profile.release_name = name.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(variables: &[(&str, &str)]) -> PluginRequest {
        let variables: Vec<(String, String)> = variables
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        PluginRequest::from_environment(&|name| {
            variables
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        })
        .unwrap()
    }

    #[test]
    fn parameters_win_over_plugin_env() {
        let read = request(&[
            ("ARGOCD_ENV_PROFILE", "dev"),
            ("ARGOCD_ENV_COMPONENTS", "api, worker"),
            ("ARGOCD_ENV_SET", "image.tag=v1\nreplicaCount=2"),
            (
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"profile","string":"prod"},{"name":"components","array":["api"]}]"#,
            ),
            ("ARGOCD_APP_NAME", "shop"),
        ]);
        assert_eq!(read.profile.as_deref(), Some("prod"));
        assert_eq!(read.components, ["api"]);
        assert_eq!(read.set, ["image.tag=v1", "replicaCount=2"]);
        assert_eq!(read.app_name.as_deref(), Some("shop"));
        assert_eq!(read.app_namespace, None);
    }

    #[test]
    fn malformed_parameters_are_an_error() {
        let error = PluginRequest::from_environment(&|name| {
            (name == "ARGOCD_APP_PARAMETERS").then(|| "{".to_string())
        })
        .unwrap_err();
        assert!(error.to_string().contains("ARGOCD_APP_PARAMETERS"));
    }
}
