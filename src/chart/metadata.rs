//! Chart.yaml metadata: Helm's `Metadata`, `Maintainer` and `Dependency` structs, their
//! validation (`Validate`, run when a chart loads) and the map Helm 4 gives templates as `.Chart`.
//!
//! Helm 4 exposes the metadata to templates as a map built from the Go struct by reflection:
//! every field under its Go name (`APIVersion`, `AppVersion`, ...), slices as lists (never
//! null), nested structs as maps, and `Annotations` as Go's typed `map[string]string`, which is
//! null in JSON when Chart.yaml has none but still prints as `map[]`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ChartError;
use crate::value::fmt::quote::quote as go_quote;
use crate::value::{Map, Object, Value};

/// A chart maintainer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Maintainer {
    pub name: String,
    pub email: String,
    pub url: String,
}

/// One entry of Chart.yaml `dependencies` (or v1 `requirements.yaml`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub condition: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    /// `import-values` entries as written: strings or `{child, parent}` maps.
    pub import_values: Vec<Value>,
    pub alias: String,
}

/// Chart.yaml as Helm decodes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub name: String,
    pub home: String,
    pub sources: Vec<String>,
    pub version: String,
    pub description: String,
    pub keywords: Vec<String>,
    /// `None` entries are null list items, which validation refuses.
    pub maintainers: Vec<Option<Maintainer>>,
    pub icon: String,
    pub api_version: String,
    pub condition: String,
    pub tags: String,
    pub app_version: String,
    pub deprecated: bool,
    /// `None` when Chart.yaml has no (or a null) `annotations`.
    pub annotations: Option<BTreeMap<String, String>>,
    pub kube_version: String,
    /// `None` when Chart.yaml has no `dependencies` key; Helm skips dependency processing then.
    /// `None` entries are null list items, which validation refuses.
    pub dependencies: Option<Vec<Option<Dependency>>>,
    /// `type`: "", "application" or "library".
    pub chart_type: String,
}

/// Helm's `sanitizeString`: whitespace becomes a space, unprintable characters are dropped.
pub fn sanitize_string(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if is_go_printable(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

/// Go's `unicode.IsPrint` approximated: graphic characters and the ASCII space.
fn is_go_printable(c: char) -> bool {
    !c.is_control()
        && !matches!(c as u32, 0xAD | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
}

impl Metadata {
    /// Helm's `Metadata.Validate`: sanitizes the text fields, then checks them in Helm's order.
    pub fn validate(&mut self) -> Result<(), ChartError> {
        for field in [
            &mut self.name,
            &mut self.description,
            &mut self.home,
            &mut self.icon,
            &mut self.condition,
            &mut self.tags,
            &mut self.app_version,
            &mut self.kube_version,
        ] {
            *field = sanitize_string(field);
        }
        for item in self.sources.iter_mut().chain(self.keywords.iter_mut()) {
            *item = sanitize_string(item);
        }
        let invalid = |message: String| Err(ChartError::Validation(message));
        if self.api_version.is_empty() {
            return invalid("chart.metadata.apiVersion is required".into());
        }
        if self.name.is_empty() {
            return invalid("chart.metadata.name is required".into());
        }
        if self.name == "." || self.name == ".." {
            return invalid(format!(
                "chart.metadata.name {} is not allowed",
                go_quote(&self.name)
            ));
        }
        if self.name != go_base(&self.name) {
            return invalid(format!(
                "chart.metadata.name {} is invalid",
                go_quote(&self.name)
            ));
        }
        if self.version.is_empty() {
            return invalid("chart.metadata.version is required".into());
        }
        if !is_valid_semver(&self.version) {
            return invalid(format!(
                "chart.metadata.version {} is invalid",
                go_quote(&self.version)
            ));
        }
        if !matches!(self.chart_type.as_str(), "" | "application" | "library") {
            return invalid("chart.metadata.type must be application or library".into());
        }
        for maintainer in &mut self.maintainers {
            let Some(maintainer) = maintainer else {
                return invalid("maintainers must not contain empty or null nodes".into());
            };
            maintainer.name = sanitize_string(&maintainer.name);
            maintainer.email = sanitize_string(&maintainer.email);
            maintainer.url = sanitize_string(&maintainer.url);
        }
        let mut seen = std::collections::BTreeSet::new();
        for dependency in self.dependencies.iter_mut().flatten() {
            let Some(dependency) = dependency else {
                return invalid("dependencies must not contain empty or null nodes".into());
            };
            dependency.name = sanitize_string(&dependency.name);
            dependency.version = sanitize_string(&dependency.version);
            dependency.repository = sanitize_string(&dependency.repository);
            dependency.condition = sanitize_string(&dependency.condition);
            for tag in &mut dependency.tags {
                *tag = sanitize_string(tag);
            }
            if !dependency.alias.is_empty()
                && !dependency
                    .alias
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                return invalid(format!(
                    "dependency {} has disallowed characters in the alias",
                    go_quote(&dependency.name)
                ));
            }
            let key = if dependency.alias.is_empty() {
                &dependency.name
            } else {
                &dependency.alias
            };
            if !seen.insert(key.clone()) {
                return invalid(format!(
                    "more than one dependency with name or alias {}",
                    go_quote(key)
                ));
            }
        }
        Ok(())
    }

    /// The dependencies that are present (validation guarantees no null entries).
    pub fn dependency_list(&self) -> impl Iterator<Item = &Dependency> {
        self.dependencies.iter().flatten().flatten()
    }

    /// `.Chart` as the given Helm release hands it to templates: Helm 4's map, or Helm 3's
    /// struct ([`super::chart_struct::ChartStruct`]).
    pub fn template_value(&self, is_root: bool, compat: super::HelmCompat) -> Value {
        match compat {
            super::HelmCompat::V4 => Value::Map(self.to_value_map(is_root)),
            super::HelmCompat::V3 => super::chart_struct::ChartStruct::value(self, is_root),
        }
    }

    /// `.Chart` as Helm 4 builds it (`MetadataAsMap` plus the engine's `IsRoot`).
    pub fn to_value_map(&self, is_root: bool) -> Map {
        let strings = |items: &[String]| {
            Value::list(items.iter().map(|s| Value::string(s.as_str())).collect())
        };
        let map = Map::new();
        map.insert("Name", Value::string(self.name.as_str()));
        map.insert("Home", Value::string(self.home.as_str()));
        map.insert("Sources", strings(&self.sources));
        map.insert("Version", Value::string(self.version.as_str()));
        map.insert("Description", Value::string(self.description.as_str()));
        map.insert("Keywords", strings(&self.keywords));
        let maintainers = self
            .maintainers
            .iter()
            .map(|maintainer| match maintainer {
                Some(m) => {
                    let entry = Map::new();
                    entry.insert("Name", Value::string(m.name.as_str()));
                    entry.insert("Email", Value::string(m.email.as_str()));
                    entry.insert("URL", Value::string(m.url.as_str()));
                    Value::Map(entry)
                }
                None => Value::Nil,
            })
            .collect();
        map.insert("Maintainers", Value::list(maintainers));
        map.insert("Icon", Value::string(self.icon.as_str()));
        map.insert("APIVersion", Value::string(self.api_version.as_str()));
        map.insert("Condition", Value::string(self.condition.as_str()));
        map.insert("Tags", Value::string(self.tags.as_str()));
        map.insert("AppVersion", Value::string(self.app_version.as_str()));
        map.insert("Deprecated", Value::Bool(self.deprecated));
        let annotations = match &self.annotations {
            Some(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.as_str().into(), Value::string(v.as_str())))
                    .collect(),
            ),
            None => Value::Object(Arc::new(NilStringMap)),
        };
        map.insert("Annotations", annotations);
        map.insert("KubeVersion", Value::string(self.kube_version.as_str()));
        let dependencies = self
            .dependencies
            .iter()
            .flatten()
            .map(|dependency| match dependency {
                Some(d) => Value::Map(d.to_value_map()),
                None => Value::Nil,
            })
            .collect();
        map.insert("Dependencies", Value::list(dependencies));
        map.insert("Type", Value::string(self.chart_type.as_str()));
        map.insert("IsRoot", Value::Bool(is_root));
        map
    }
}

impl Dependency {
    /// The dependency as Helm 4's reflection turns it into a map (Go field names).
    pub fn to_value_map(&self) -> Map {
        let map = Map::new();
        map.insert("Name", Value::string(self.name.as_str()));
        map.insert("Version", Value::string(self.version.as_str()));
        map.insert("Repository", Value::string(self.repository.as_str()));
        map.insert("Condition", Value::string(self.condition.as_str()));
        map.insert(
            "Tags",
            Value::list(
                self.tags
                    .iter()
                    .map(|t| Value::string(t.as_str()))
                    .collect(),
            ),
        );
        map.insert("Enabled", Value::Bool(self.enabled));
        map.insert("ImportValues", Value::list(self.import_values.clone()));
        map.insert("Alias", Value::string(self.alias.as_str()));
        map
    }
}

/// Go's nil `map[string]string`: prints as `map[]`, encodes to JSON as `null`, iterates as empty.
#[derive(Debug)]
pub struct NilStringMap;

impl Object for NilStringMap {
    fn type_name(&self) -> String {
        "map[string]string".into()
    }

    fn kind_name(&self) -> &'static str {
        "map"
    }

    fn format_value(&self) -> String {
        "map[]".into()
    }

    fn to_json_value(&self) -> Value {
        Value::Nil
    }

    fn is_truthy(&self) -> bool {
        false
    }

    fn as_collection(&self) -> Option<Value> {
        Some(Value::Map(Map::new()))
    }
}

/// Go's `filepath.Base` on a slash path.
fn go_base(path: &str) -> &str {
    if path.is_empty() {
        return ".";
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/";
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// Masterminds semver v3 `NewVersion` (coercing mode, Helm's default): `v` prefix, one to
/// three numeric parts that fit 64 bits, optional `-prerelease` (numeric identifiers without
/// leading zeros) and `+metadata`.
pub fn is_valid_semver(version: &str) -> bool {
    let text = version.strip_prefix('v').unwrap_or(version);
    let (core_and_pre, metadata) = match text.split_once('+') {
        Some((head, meta)) => (head, Some(meta)),
        None => (text, None),
    };
    let (core, prerelease) = match core_and_pre.split_once('-') {
        Some((head, pre)) => (head, Some(pre)),
        None => (core_and_pre, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return false;
    }
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u64>().is_ok())
    {
        return false;
    }
    let identifier_ok = |part: &str| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if let Some(pre) = prerelease {
        for part in pre.split('.') {
            if !identifier_ok(part) {
                return false;
            }
            if part.bytes().all(|b| b.is_ascii_digit()) && part.len() > 1 && part.starts_with('0') {
                return false;
            }
        }
    }
    if let Some(meta) = metadata {
        if !meta.split('.').all(identifier_ok) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Metadata {
        Metadata {
            api_version: "v2".into(),
            name: "probe".into(),
            version: "0.1.0".into(),
            ..Metadata::default()
        }
    }

    #[test]
    fn semver_follows_masterminds_coercion() {
        for ok in [
            "1",
            "1.2",
            "v1.2",
            "1.2.3",
            "01.2.3",
            "1.2.3-rc.1+build",
            "1.0.0-alpha-1",
            "1.2.3+0a",
        ] {
            assert!(is_valid_semver(ok), "{ok}");
        }
        for bad in [
            "not.semver",
            "1.2.3.4",
            "",
            "1.2.3-01",
            "1.2.3-",
            "1.2.3+",
            "1..2",
            "x1",
            "1.2.3-a..b",
        ] {
            assert!(!is_valid_semver(bad), "{bad}");
        }
    }

    #[test]
    fn validation_messages() {
        let check = |edit: fn(&mut Metadata)| {
            let mut metadata = valid();
            edit(&mut metadata);
            metadata.validate().err().map(|e| e.to_string())
        };
        assert_eq!(check(|_| {}), None);
        assert_eq!(
            check(|m| m.name.clear()).unwrap(),
            "validation: chart.metadata.name is required"
        );
        assert_eq!(
            check(|m| m.name = "../evil".into()).unwrap(),
            r#"validation: chart.metadata.name "../evil" is invalid"#
        );
        assert_eq!(
            check(|m| m.name = "..".into()).unwrap(),
            r#"validation: chart.metadata.name ".." is not allowed"#
        );
        assert_eq!(
            check(|m| m.version.clear()).unwrap(),
            "validation: chart.metadata.version is required"
        );
        assert_eq!(
            check(|m| m.version = "not.semver".into()).unwrap(),
            r#"validation: chart.metadata.version "not.semver" is invalid"#
        );
        assert_eq!(
            check(|m| m.chart_type = "plugin".into()).unwrap(),
            "validation: chart.metadata.type must be application or library"
        );
        assert_eq!(
            check(|m| m.maintainers = vec![None]).unwrap(),
            "validation: maintainers must not contain empty or null nodes"
        );
        assert_eq!(
            check(|m| m.dependencies = Some(vec![Some(Dependency {
                name: "a".into(),
                alias: "b.c".into(),
                ..Dependency::default()
            })]))
            .unwrap(),
            r#"validation: dependency "a" has disallowed characters in the alias"#
        );
        assert_eq!(
            check(|m| {
                let dependency = Dependency {
                    name: "a".into(),
                    ..Dependency::default()
                };
                m.dependencies = Some(vec![Some(dependency.clone()), Some(dependency)]);
            })
            .unwrap(),
            r#"validation: more than one dependency with name or alias "a""#
        );
    }

    #[test]
    fn sanitize_replaces_whitespace_and_drops_controls() {
        assert_eq!(sanitize_string("a\tb\nc\u{1}d"), "a b cd");
    }

    #[test]
    fn chart_map_has_go_field_names() {
        let map = valid().to_value_map(true);
        let keys: Vec<String> = map.keys().iter().map(|k| k.to_string()).collect();
        assert_eq!(
            keys,
            [
                "APIVersion",
                "Annotations",
                "AppVersion",
                "Condition",
                "Dependencies",
                "Deprecated",
                "Description",
                "Home",
                "Icon",
                "IsRoot",
                "Keywords",
                "KubeVersion",
                "Maintainers",
                "Name",
                "Sources",
                "Tags",
                "Type",
                "Version"
            ]
        );
        let annotations = map.get("Annotations").unwrap();
        assert_eq!(crate::value::fmt::format_v(&annotations), "map[]");
        assert_eq!(map.get("Keywords"), Some(Value::list(vec![])));
    }
}
