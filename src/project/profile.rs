//! Profiles: `profiles/<name>.yaml`, one per environment, layered with `extends`.
//!
//! A profile names the profile it extends; resolving a profile walks that chain to its base
//! and applies it base first: scalar settings (namespace, kubeVersion, releaseName) and the
//! `apiVersions` and `checks.disable` lists of a later profile replace earlier ones, and
//! per-component settings (enabled, namespace) likewise; per-component values, values files
//! and `--set` lines all apply, in chain order. A chain that comes back to a profile already in
//! it is an error naming the whole loop. Each file is checked against `schemas/profile.schema.json`, and so is the
//! merged chain.

use std::collections::BTreeMap;
use std::path::Path;

use super::model::{
    check_names, map_at, string_at, strings_at, Component, Project, DEFAULT_RELEASE_NAME,
};
use super::schema::JsonSchema;
use super::source::{Diagnostic, Diagnostics, Location, SourceFile};
use super::values::ValuesComposer;
use crate::check::{DisabledRules, ExternalObject};
use crate::value::{Map, Value};
use crate::yaml::spans::child_path;

/// The JSON Schema of profile files, as shipped in `schemas/`.
pub const PROFILE_SCHEMA: &str = include_str!("../../schemas/profile.schema.json");
const PROFILE_SCHEMA_NAME: &str = "schemas/profile.schema.json";
/// The namespace when nothing sets one (Helm's default).
pub const DEFAULT_NAMESPACE: &str = "default";

/// One profile file as read (a file that is not YAML keeps its diagnostic).
#[derive(Debug, Clone)]
pub struct ProfileFile {
    pub name: String,
    pub display: String,
    pub file: Result<SourceFile, Diagnostic>,
}

impl ProfileFile {
    pub fn load(name: &str, path: &Path, display: &str) -> ProfileFile {
        ProfileFile {
            name: name.to_string(),
            display: display.to_string(),
            file: SourceFile::load(path, display),
        }
    }

    /// The profile this one extends, if any.
    pub fn extends(&self) -> Option<(String, Location)> {
        let file = self.file.as_ref().ok()?;
        string_at(file, "/extends").map(|parent| (parent, file.locate("/extends")))
    }

    /// Whether the file says `abstract: true` (the profile exists to be extended), whatever
    /// else is wrong with it or its chain.
    pub fn is_abstract(&self) -> bool {
        self.file
            .as_ref()
            .is_ok_and(|file| file.get("/abstract") == Some(Value::Bool(true)))
    }

    /// Problems of this file alone: YAML, schema, components the project does not have.
    pub fn check(&self, project: &Project) -> Vec<Diagnostic> {
        let file = match &self.file {
            Ok(file) => file,
            Err(diagnostic) => return vec![diagnostic.clone()],
        };
        let mut diagnostics = match JsonSchema::compile(PROFILE_SCHEMA, PROFILE_SCHEMA_NAME) {
            Ok(schema) => schema.check(&file.value, &|pointer| file.locate(pointer)),
            Err(diagnostic) => vec![diagnostic],
        };
        for name in map_at(file, "/components").keys() {
            if project.component(&name).is_none() {
                let pointer = child_path("/components", &name);
                diagnostics.push(
                    Diagnostic::new(
                        file.locate(&pointer),
                        pointer,
                        format!("no component {name:?} in chartroom.yaml"),
                    )
                    .suggesting(
                        &name,
                        project
                            .components
                            .iter()
                            .map(|component| component.name.as_str()),
                    ),
                );
            }
        }
        if let Some((parent, location)) = self.extends() {
            if !project.profiles.contains_key(&parent) {
                diagnostics.push(
                    Diagnostic::new(
                        location,
                        "/extends",
                        format!("no profile {parent:?} in profiles/"),
                    )
                    .suggesting(&parent, project.profiles.keys().map(String::as_str)),
                );
            }
        }
        diagnostics
    }
}

/// A profile with its chain applied.
#[derive(Debug, Clone)]
pub struct ResolvedProfile {
    pub name: String,
    /// The chain's files, base first, ending with this profile's.
    pub chain: Vec<SourceFile>,
    pub namespace: String,
    pub kube_version: Option<String>,
    pub api_versions: Vec<String>,
    pub release_name: String,
    /// Objects the render may refer to without rendering them (`external:`): the lists of the
    /// chain joined base first, a later entry replacing an earlier one of the same identity.
    pub external: Vec<ExternalObject>,
    /// Reference rules not checked (`checks.disable`: the last list of the chain, else
    /// `chartroom.yaml`'s defaults).
    pub disabled_checks: DisabledRules,
    /// Set by the profile's own `abstract: true` (not inherited): it exists to be extended and
    /// is not rendered or validated on its own.
    pub is_abstract: bool,
}

impl ResolvedProfile {
    /// Resolves `name` in `project`: its chain (base first), every file's problems, the merged
    /// chain's schema problems. Any problem fails the resolution, all of them reported.
    pub fn resolve(project: &Project, name: &str) -> Result<ResolvedProfile, Diagnostics> {
        let (profile, problems) = ResolvedProfile::resolve_with_problems(project, name)?;
        if problems.is_empty() {
            Ok(profile)
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// Resolves `name` as far as possible: a chain that cannot be built (unknown profile,
    /// cycle, a file that is not YAML) is an error; schema problems of the files and of the
    /// merged chain come back next to the profile, so validation can go on to the values.
    pub fn resolve_with_problems(
        project: &Project,
        name: &str,
    ) -> Result<(ResolvedProfile, Vec<Diagnostic>), Diagnostics> {
        let names = chain_names(project, name)?;
        let mut diagnostics = Vec::new();
        let mut chain = Vec::new();
        let mut unreadable = Vec::new();
        for member in &names {
            let Some(profile) = project.profiles.get(member) else {
                continue;
            };
            diagnostics.extend(profile.check(project));
            match &profile.file {
                Ok(file) => chain.push(file.clone()),
                Err(diagnostic) => unreadable.push(diagnostic.clone()),
            }
        }
        if !unreadable.is_empty() {
            return Err(Diagnostics(unreadable));
        }
        if diagnostics.is_empty() {
            diagnostics.extend(check_merged_chain(&chain));
        }
        diagnostics.sort();
        diagnostics.dedup();
        let last_string =
            |pointer: &str| chain.iter().rev().find_map(|file| string_at(file, pointer));
        let api_versions = chain
            .iter()
            .rev()
            .find(|file| file.get("/apiVersions").is_some())
            .map(|file| {
                strings_at(file, "/apiVersions")
                    .into_iter()
                    .map(|(text, _)| text)
                    .collect()
            })
            .unwrap_or_else(|| project.defaults.api_versions.clone());
        let disabled_checks = chain
            .iter()
            .rev()
            .find(|file| file.get("/checks/disable").is_some())
            .map(|file| check_names(file, "/checks/disable"))
            .unwrap_or_else(|| project.defaults.disabled_checks.clone());
        let namespace = last_string("/namespace")
            .or_else(|| project.defaults.namespace.clone())
            .unwrap_or_else(|| DEFAULT_NAMESPACE.to_string());
        let profile = ResolvedProfile {
            name: name.to_string(),
            external: external_objects(&chain, &namespace),
            namespace,
            kube_version: last_string("/kubeVersion")
                .or_else(|| project.defaults.kube_version.clone()),
            api_versions,
            disabled_checks,
            release_name: last_string("/releaseName")
                .or_else(|| project.defaults.release_name.clone())
                .unwrap_or_else(|| DEFAULT_RELEASE_NAME.to_string()),
            is_abstract: chain.last().and_then(|file| file.get("/abstract"))
                == Some(Value::Bool(true)),
            chain,
        };
        Ok((profile, diagnostics))
    }

    fn component_setting(&self, component: &str, key: &str) -> Option<Value> {
        let pointer = format!("{}/{}", child_path("/components", component), key);
        self.chain.iter().rev().find_map(|file| file.get(&pointer))
    }

    /// Whether the component renders in this profile (the last `enabled` in the chain; true).
    pub fn is_enabled(&self, component: &str) -> bool {
        !matches!(
            self.component_setting(component, "enabled"),
            Some(Value::Bool(false))
        )
    }

    /// The component's namespace: the chain's per-component setting, else the component's own
    /// in `chartroom.yaml`, else the profile's.
    pub fn namespace_of(&self, component: &Component) -> String {
        match self.component_setting(&component.name, "namespace") {
            Some(Value::String(namespace)) => namespace.to_string(),
            _ => component
                .namespace
                .clone()
                .unwrap_or_else(|| self.namespace.clone()),
        }
    }

    /// The release name of a component: the pattern with `{project}`, `{profile}` and
    /// `{component}` replaced.
    pub fn release_name_of(&self, project: &Project, component: &Component) -> String {
        self.release_name
            .replace("{project}", &project.name)
            .replace("{profile}", &self.name)
            .replace("{component}", &component.name)
    }

    /// Adds this chain's layers for `component` to `composer`, base first; per profile:
    /// values files, then `values`, then `set` lines.
    pub fn add_component_layers(
        &self,
        project: &Project,
        component: &Component,
        composer: &mut ValuesComposer,
    ) -> Result<(), Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let base = child_path("/components", &component.name);
        for file in &self.chain {
            for (relative, location) in strings_at(file, &format!("{base}/valuesFiles")) {
                if let Err(diagnostic) = add_values_file(project, &relative, &location, composer) {
                    diagnostics.push(diagnostic);
                }
            }
            let values_pointer = format!("{base}/values");
            let values = map_at(file, &values_pointer);
            composer.add_map(&values, &|pointer| {
                file.locate(&format!("{values_pointer}{pointer}"))
            });
            for (line, location) in strings_at(file, &format!("{base}/set")) {
                if let Err(diagnostic) = composer.add_set(&line, &location) {
                    diagnostics.push(diagnostic);
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(())
        } else {
            Err(diagnostics)
        }
    }
}

/// The `external:` entries of a chain, base first; an entry replaces an earlier one with the
/// same kind, namespace and name. Namespaces default to the profile's.
fn external_objects(chain: &[SourceFile], namespace: &str) -> Vec<ExternalObject> {
    let mut objects: Vec<ExternalObject> = Vec::new();
    for file in chain {
        let Some(Value::List(entries)) = file.get("/external") else {
            continue;
        };
        for entry in entries.iter() {
            let Some(map) = entry.as_map() else {
                continue;
            };
            let text = |key: &str| {
                map.get(key)
                    .and_then(|value| value.as_str().map(str::to_string))
            };
            let (Some(kind), Some(name)) = (text("kind"), text("name")) else {
                continue;
            };
            let keys = map.get("keys").and_then(|keys| {
                keys.as_list().map(|items| {
                    items
                        .iter()
                        .filter_map(|item| item.as_str().map(str::to_string))
                        .collect()
                })
            });
            let object = ExternalObject {
                namespace: text("namespace").unwrap_or_else(|| namespace.to_string()),
                kind,
                name,
                keys,
                description: text("description"),
                create: text("create"),
            };
            objects.retain(|earlier| {
                (&earlier.kind, &earlier.namespace, &earlier.name)
                    != (&object.kind, &object.namespace, &object.name)
            });
            objects.push(object);
        }
    }
    objects
}

/// Reads a values file of the project and merges it; `named_at` is where it was named.
pub fn add_values_file(
    project: &Project,
    relative: &str,
    named_at: &Location,
    composer: &mut ValuesComposer,
) -> Result<(), Diagnostic> {
    let path = project.resolve_path(relative);
    let display = project.display(&path);
    if !path.is_file() {
        return Err(Diagnostic::new(
            named_at.clone(),
            "",
            format!("values file {display} does not exist"),
        ));
    }
    let file = SourceFile::load(&path, &display)?;
    let map = file.value.as_map().cloned().unwrap_or_default();
    composer.add_map(&map, &|pointer| file.locate(pointer));
    Ok(())
}

/// The profile names from the base of `name`'s chain to `name` itself.
pub fn chain_names(project: &Project, name: &str) -> Result<Vec<String>, Diagnostics> {
    let mut names = vec![name.to_string()];
    let mut current = project
        .profiles
        .get(name)
        .ok_or_else(|| Diagnostics(vec![unknown_profile(project, name)]))?
        .clone();
    while let Some((parent, _)) = current.extends() {
        if let Some(start) = names.iter().position(|member| *member == parent) {
            return Err(Diagnostics(vec![cycle_problem(project, &names[start..])]));
        }
        match project.profiles.get(&parent) {
            Some(profile) => {
                names.push(parent);
                current = profile.clone();
            }
            None => break,
        }
    }
    names.reverse();
    Ok(names)
}

/// A profile name that no file in `profiles/` has, with the names that exist and the closest.
pub fn unknown_profile(project: &Project, name: &str) -> Diagnostic {
    let known: Vec<&str> = project.profiles.keys().map(String::as_str).collect();
    let expected = if known.is_empty() {
        "a profile, but profiles/ has none".to_string()
    } else {
        format!("one of: {}", known.join(", "))
    };
    Diagnostic::unplaced(format!("unknown profile {name:?}"))
        .with_expected(expected)
        .suggesting(name, known)
}

/// The one problem of a loop of `extends`, whichever of its profiles (or of the profiles that
/// lead into it) the walk started from: the loop is named from its alphabetically first
/// member round to it again, at the `extends` key of the member that closes it.
fn cycle_problem(project: &Project, members: &[String]) -> Diagnostic {
    let first = members
        .iter()
        .enumerate()
        .min_by_key(|(_, member)| member.as_str())
        .map_or(0, |(index, _)| index);
    let mut round: Vec<String> = members[first..]
        .iter()
        .chain(&members[..first])
        .cloned()
        .collect();
    let closing = round.last().cloned().unwrap_or_default();
    round.push(round[0].clone());
    let location = project
        .profiles
        .get(&closing)
        .and_then(ProfileFile::extends)
        .map(|(_, location)| location)
        .unwrap_or_else(|| Location::whole_file(format!("profiles/{closing}.yaml")));
    Diagnostic::new(
        location,
        "/extends",
        format!(
            "profiles extend each other in a cycle: {}",
            round.join(" -> ")
        ),
    )
}

/// The chain merged into one profile document (without `extends`) checked against the schema,
/// each problem placed at the file that set the value.
fn check_merged_chain(chain: &[SourceFile]) -> Vec<Diagnostic> {
    let mut composer = ValuesComposer::new();
    for file in chain {
        let document = file
            .value
            .as_map()
            .map(Map::shallow_copy)
            .unwrap_or_default();
        document.remove("extends");
        document.remove("abstract");
        composer.add_map(&document, &|pointer| file.locate(pointer));
    }
    let merged = composer.finish();
    let fallback = chain
        .last()
        .map(|file| Location::whole_file(&file.display))
        .unwrap_or_else(|| Location::whole_file("profiles"));
    match JsonSchema::compile(PROFILE_SCHEMA, PROFILE_SCHEMA_NAME) {
        Ok(schema) => schema.check(&Value::Map(merged.values.clone()), &|pointer| {
            merged.locate_or(pointer, &fallback)
        }),
        Err(diagnostic) => vec![diagnostic],
    }
}

/// Every profile's problems, by profile name (files alone and chains).
pub fn check_all_profiles(project: &Project) -> BTreeMap<String, Vec<Diagnostic>> {
    project
        .profiles
        .keys()
        .map(|name| {
            let problems = match ResolvedProfile::resolve(project, name) {
                Ok(_) => Vec::new(),
                Err(Diagnostics(list)) => list,
            };
            (name.clone(), problems)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (std::path::PathBuf, Project) {
        let root = std::env::temp_dir().join(format!(
            "chartroom-profile-{}-{}",
            std::process::id(),
            files.len()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("profiles")).unwrap();
        for (name, text) in files {
            std::fs::write(root.join(name), text).unwrap();
        }
        let loaded = Project::load(&root).unwrap();
        (root, loaded)
    }

    #[test]
    fn chains_apply_base_first_and_settings_fall_back() {
        let (root, project) = project(&[
            ("chartroom.yaml", "name: p\ndefaults: {namespace: d, kubeVersion: \"1.30.0\"}\ncomponents:\n  web: {chart: c, namespace: webns}\n  db: {chart: c}\n"),
            ("profiles/base.yaml", "apiVersions: [a/v1]\ncomponents:\n  db: {enabled: false}\n  web: {values: {first: 1, second: 1}}\n"),
            ("profiles/prod.yaml", "extends: base\nnamespace: prod\nreleaseName: \"{profile}-{component}\"\ncomponents:\n  db: {enabled: true, namespace: dbns}\n  web: {values: {second: 2}, set: [\"third=3\"]}\n"),
        ]);
        let prod = ResolvedProfile::resolve(&project, "prod").unwrap();
        let base = ResolvedProfile::resolve(&project, "base").unwrap();
        let _ = std::fs::remove_dir_all(root);
        assert_eq!(chain_names(&project, "prod").unwrap(), ["base", "prod"]);
        assert_eq!(
            (base.namespace.as_str(), prod.namespace.as_str()),
            ("d", "prod")
        );
        assert_eq!(prod.kube_version.as_deref(), Some("1.30.0"));
        assert_eq!(prod.api_versions, ["a/v1"]);
        assert!(!base.is_enabled("db") && prod.is_enabled("db"));
        let web = project.component("web").unwrap();
        let db = project.component("db").unwrap();
        assert_eq!(prod.namespace_of(web), "webns");
        assert_eq!(prod.namespace_of(db), "dbns");
        assert_eq!(prod.release_name_of(&project, web), "prod-web");
        let mut composer = ValuesComposer::new();
        prod.add_component_layers(&project, web, &mut composer)
            .unwrap();
        let values = composer.finish();
        assert_eq!(values.values.get("first"), Some(Value::Float(1.0)));
        assert_eq!(values.values.get("second"), Some(Value::Float(2.0)));
        assert_eq!(values.values.get("third"), Some(Value::Int64(3)));
        assert_eq!(
            values.provenance.locate("/first").unwrap().file,
            "profiles/base.yaml"
        );
        assert_eq!(
            values.provenance.locate("/second").unwrap().file,
            "profiles/prod.yaml"
        );
    }

    #[test]
    fn disabled_checks_come_from_the_chain_else_the_defaults() {
        use crate::check::Rule;
        let (root, project) = project(&[
            ("chartroom.yaml", "name: p\ndefaults:\n  checks: {disable: [secret-exists]}\ncomponents:\n  web: {chart: c}\n"),
            ("profiles/plain.yaml", "namespace: a\n"),
            ("profiles/base.yaml", "checks:\n  disable: [role-exists, unique-objects]\n"),
            ("profiles/strict.yaml", "extends: base\nchecks: {disable: []}\n"),
        ]);
        let resolved = |name: &str| {
            ResolvedProfile::resolve(&project, name)
                .unwrap()
                .disabled_checks
                .into_iter()
                .collect::<Vec<Rule>>()
        };
        let (plain, base, strict) = (resolved("plain"), resolved("base"), resolved("strict"));
        let _ = std::fs::remove_dir_all(root);
        assert_eq!(plain, [Rule::SecretExists]);
        assert_eq!(base, [Rule::UniqueObjects, Rule::RoleExists]);
        assert_eq!(strict, []);
    }

    #[test]
    fn unknown_components_and_parents_are_reported() {
        let (root, project) = project(&[
            (
                "chartroom.yaml",
                "name: p\ncomponents:\n  web: {chart: c}\n",
            ),
            (
                "profiles/x.yaml",
                "extends: nowhere\ncomponents:\n  wbe: {}\n",
            ),
        ]);
        let problems = ResolvedProfile::resolve(&project, "x").unwrap_err().0;
        let _ = std::fs::remove_dir_all(root);
        let placed: Vec<(String, &str, Option<&str>)> = problems
            .iter()
            .map(|problem| {
                (
                    problem.location.as_ref().unwrap().to_string(),
                    problem.message.as_str(),
                    problem.help(),
                )
            })
            .collect();
        assert_eq!(
            placed,
            [
                (
                    "profiles/x.yaml:1:1".to_string(),
                    "no profile \"nowhere\" in profiles/",
                    None
                ),
                (
                    "profiles/x.yaml:3:3".to_string(),
                    "no component \"wbe\" in chartroom.yaml",
                    Some("did you mean `web`?")
                ),
            ]
        );
    }

    #[test]
    fn a_cycle_is_one_problem_whichever_profile_leads_into_it() {
        let (root, project) = project(&[
            (
                "chartroom.yaml",
                "name: p\ncomponents:\n  web: {chart: c}\n",
            ),
            ("profiles/a.yaml", "# a\nextends: b\n"),
            ("profiles/b.yaml", "extends: c\n"),
            ("profiles/c.yaml", "extends: a\n"),
            ("profiles/d.yaml", "extends: b\n"),
        ]);
        let problems: Vec<Diagnostics> = ["a", "b", "c", "d"]
            .iter()
            .map(|name| chain_names(&project, name).unwrap_err())
            .collect();
        let unknown = chain_names(&project, "bb").unwrap_err().0;
        let _ = std::fs::remove_dir_all(root);
        for found in &problems {
            assert_eq!(found, &problems[0]);
        }
        let cycle = &problems[0].0;
        assert_eq!(cycle.len(), 1);
        assert_eq!(
            cycle[0].message,
            "profiles extend each other in a cycle: a -> b -> c -> a"
        );
        assert_eq!(
            cycle[0].location,
            Some(Location::new("profiles/c.yaml", 1, 1))
        );
        assert_eq!(unknown[0].location, None);
        assert_eq!(unknown[0].message, "unknown profile \"bb\"");
        assert_eq!(unknown[0].expected(), Some("one of: a, b, c, d"));
        assert_eq!(unknown[0].help(), Some("did you mean `b`?"));
    }
}
