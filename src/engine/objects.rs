//! The objects Helm hands to templates besides the values: `.Release`, `.Capabilities` (with
//! `KubeVersion`, `APIVersions`, `HelmVersion`) and the top-level map of each chart.
//!
//! `.Release` and `.Template` are plain maps. `.Capabilities` is a pointer to a Go struct, so it
//! prints as `{...}` in a template action and as `&{...}` through `print`; its `KubeVersion` is
//! a struct whose `String` method (normalised version) is what a template action prints, while
//! `print`/`quote` show the raw struct `{v1.29.1 v1.29.1 1 29}` (the second field is the
//! unexported normalised version). `APIVersions` is a string slice with a `Has` method; the
//! default list is the one Helm 4.1.4 builds from its Kubernetes 1.35 client.
//!
//! With [`HelmCompat::V3`] these are Helm 3.17.3's: the Go package is `chartutil` rather than
//! `common`, the defaults come from its Kubernetes 1.32 client, `KubeVersion` has no
//! normalised field (its `String` method, and so a template action and the chart's
//! `kubeVersion` check, use the version exactly as given), and `HelmVersion` has no
//! `KubeClientVersion`.

use std::sync::Arc;

use crate::chart::HelmCompat;
use crate::value::fmt::format_v;
use crate::value::{FuncError, Map, Object, Value};

/// The group/versions Helm 4.1.4's client knows (the default `.Capabilities.APIVersions`).
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// Helm 3.17.3's client list in Helm 3's order: Helm 4.1.4's without `resource.k8s.io/v1`
/// and `v1beta2`, with `networking.k8s.io/v1alpha1` after `networking.k8s.io/v1`, and with
/// `storagemigration.k8s.io` still at `v1alpha1`.
fn helm3_default_api_versions() -> Vec<String> {
    let mut versions = Vec::with_capacity(DEFAULT_API_VERSIONS.len());
    for &version in DEFAULT_API_VERSIONS {
        match version {
            "resource.k8s.io/v1" | "resource.k8s.io/v1beta2" => {}
            "storagemigration.k8s.io/v1beta1" => {
                versions.push("storagemigration.k8s.io/v1alpha1".to_string())
            }
            "networking.k8s.io/v1" => {
                versions.push(version.to_string());
                versions.push("networking.k8s.io/v1alpha1".to_string());
            }
            _ => versions.push(version.to_string()),
        }
    }
    versions
}

/// The Kubernetes version `helm template` assumes without `--kube-version`.
pub const DEFAULT_KUBE_VERSION: &str = "v1.35.0";

/// The Kubernetes version Helm 3.17.3 assumes without `--kube-version`.
pub const HELM3_DEFAULT_KUBE_VERSION: &str = "v1.32.0";

/// The Go package of Helm's template objects (`common.Values`, `chartutil.Values`).
fn package(compat: HelmCompat) -> &'static str {
    match compat {
        HelmCompat::V3 => "chartutil",
        HelmCompat::V4 => "common",
    }
}

/// `common.KubeVersion`: the version as given (with a `v` prefix), the normalised version used
/// for constraint checks, and the major and minor numbers as strings; `compat` says whose
/// struct it is (Helm 3's lacks the normalised field).
#[derive(Debug, Clone, PartialEq)]
pub struct KubeVersion {
    pub version: String,
    pub normalized: String,
    pub major: String,
    pub minor: String,
    pub compat: HelmCompat,
}

/// Why `--kube-version` was refused (Kubernetes' generic version parser's messages).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KubeVersionError {
    #[error("could not parse {0:?} as version")]
    Unparsable(String),
    #[error("illegal version string {0:?}")]
    TooFewComponents(String),
    #[error("illegal zero-prefixed version component {0:?} in {1:?}")]
    ZeroPrefixed(String, String),
    #[error("illegal non-numeric version component {0:?} in {1:?}: strconv.ParseUint: parsing {0:?}: value out of range")]
    OutOfRange(String, String),
    /// Helm 3 reads `--kube-version` as a semantic version, and says only this.
    #[error("Invalid Semantic Version")]
    InvalidSemver,
}

impl KubeVersion {
    /// Parses like Kubernetes' `ParseGeneric`: optional spaces and `v`, at least two dotted
    /// numbers (the first without leading zeros), then any suffix, which only the full
    /// `Version` keeps.
    pub fn parse(text: &str) -> Result<KubeVersion, KubeVersionError> {
        let trimmed = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0C']);
        let body = trimmed.strip_prefix('v').unwrap_or(trimmed);
        let numeric_end = numeric_prefix_len(body);
        if numeric_end == 0 {
            return Err(KubeVersionError::Unparsable(text.to_string()));
        }
        let numbers = &body[..numeric_end];
        let components: Vec<&str> = numbers.split('.').collect();
        if components.len() < 2 {
            return Err(KubeVersionError::TooFewComponents(text.to_string()));
        }
        let mut parsed = Vec::with_capacity(components.len());
        for (index, component) in components.iter().enumerate() {
            if index == 0 && component.starts_with('0') && *component != "0" {
                return Err(KubeVersionError::ZeroPrefixed(
                    component.to_string(),
                    text.to_string(),
                ));
            }
            let number: u64 = component.parse().map_err(|_| {
                KubeVersionError::OutOfRange(component.to_string(), text.to_string())
            })?;
            parsed.push(number);
        }
        let version = if text.starts_with('v') {
            text.to_string()
        } else {
            format!("v{text}")
        };
        let normalized = format!(
            "v{}",
            parsed
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(".")
        );
        Ok(KubeVersion {
            version,
            normalized,
            major: parsed.first().map(|n| n.to_string()).unwrap_or_default(),
            minor: parsed.get(1).map(|n| n.to_string()).unwrap_or_default(),
            compat: HelmCompat::V4,
        })
    }

    /// Parses `--kube-version` as the given Helm release does. Helm 3 reads it as a
    /// (coercing) semantic version and keeps it normalised: `1.29` is `v1.29.0`, `01.2.3` is
    /// `v1.2.3`, and `1.2.3.4` is refused.
    pub fn parse_for(text: &str, compat: HelmCompat) -> Result<KubeVersion, KubeVersionError> {
        match compat {
            HelmCompat::V4 => KubeVersion::parse(text),
            HelmCompat::V3 => {
                let parsed = crate::funcs::semver::version::Version::parse(text)
                    .map_err(|_| KubeVersionError::InvalidSemver)?;
                let version = format!("v{parsed}");
                Ok(KubeVersion {
                    normalized: version.clone(),
                    version,
                    major: parsed.major.to_string(),
                    minor: parsed.minor.to_string(),
                    compat,
                })
            }
        }
    }

    /// The version Helm 4 assumes by default.
    pub fn default_version() -> KubeVersion {
        KubeVersion::default_for(HelmCompat::V4)
    }

    /// The version the given Helm release assumes by default.
    pub fn default_for(compat: HelmCompat) -> KubeVersion {
        let (version, minor) = match compat {
            HelmCompat::V3 => (HELM3_DEFAULT_KUBE_VERSION, "32"),
            HelmCompat::V4 => (DEFAULT_KUBE_VERSION, "35"),
        };
        KubeVersion {
            version: version.into(),
            normalized: version.into(),
            major: "1".into(),
            minor: minor.into(),
            compat,
        }
    }

    /// The same version as the given Helm release's struct.
    pub fn with_compat(self, compat: HelmCompat) -> KubeVersion {
        KubeVersion { compat, ..self }
    }

    /// What the `String` method returns, which the chart's `kubeVersion` constraint is checked
    /// against: Helm 4 normalises (`v1.28.4-gke.1000` is `v1.28.4`), Helm 3 does not (so such
    /// a version is a pre-release that plain constraints exclude).
    pub fn string_form(&self) -> &str {
        match self.compat {
            HelmCompat::V3 => &self.version,
            HelmCompat::V4 => &self.normalized,
        }
    }
}

/// Length of the leading `digits(.digits)*` run.
fn numeric_prefix_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut index = 0;
    loop {
        let start = index;
        while bytes.get(index).is_some_and(u8::is_ascii_digit) {
            index += 1;
        }
        if index == start {
            return end;
        }
        end = index;
        if bytes.get(index) == Some(&b'.') && bytes.get(index + 1).is_some_and(u8::is_ascii_digit) {
            index += 1;
        } else {
            return end;
        }
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> String {
        format!("{}.KubeVersion", package(self.compat))
    }
    fn kind_name(&self) -> &'static str {
        "struct"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Version" => Some(Value::string(self.version.as_str())),
            "Major" => Some(Value::string(self.major.as_str())),
            "Minor" => Some(Value::string(self.minor.as_str())),
            _ => None,
        }
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        let result = match name {
            "String" => Value::string(self.string_form()),
            "GitVersion" => Value::string(self.version.as_str()),
            _ => return None,
        };
        Some(no_arguments(name, args).map(|()| result))
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "String" | "GitVersion")
    }
    fn format_template(&self) -> String {
        self.string_form().to_string()
    }
    fn format_value(&self) -> String {
        match self.compat {
            HelmCompat::V3 => format!("{{{} {} {}}}", self.version, self.major, self.minor),
            HelmCompat::V4 => format!(
                "{{{} {} {} {}}}",
                self.version, self.normalized, self.major, self.minor
            ),
        }
    }
    fn to_json_value(&self) -> Value {
        Value::Map(json_map(self.json_struct_fields()))
    }
    fn json_struct_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(vec![
            ("Version".into(), Value::string(self.version.as_str())),
            ("Major".into(), Value::string(self.major.as_str())),
            ("Minor".into(), Value::string(self.minor.as_str())),
        ])
    }
}

/// The map YAML sees of a struct's json fields.
fn json_map(fields: Option<Vec<(String, Value)>>) -> Map {
    let map = Map::new();
    for (key, value) in fields.unwrap_or_default() {
        map.insert(key, value);
    }
    map
}

fn no_arguments(name: &str, args: &[Value]) -> Result<(), FuncError> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(FuncError::new(format!(
            "wrong number of args for {name}: want 0 got {}",
            args.len()
        )))
    }
}

/// `common.VersionSet`: the API versions, a string slice with a `Has` method (`compat` says
/// whose).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionSet(pub Vec<String>, pub HelmCompat);

impl VersionSet {
    /// Helm 4's default list plus the `--api-versions` given, verbatim.
    pub fn with_extra(extra: &[String]) -> VersionSet {
        VersionSet::for_compat(HelmCompat::V4, extra)
    }

    /// The given Helm release's default list plus the `--api-versions` given, verbatim.
    pub fn for_compat(compat: HelmCompat, extra: &[String]) -> VersionSet {
        let mut versions: Vec<String> = match compat {
            HelmCompat::V3 => helm3_default_api_versions(),
            HelmCompat::V4 => DEFAULT_API_VERSIONS.iter().map(|v| v.to_string()).collect(),
        };
        versions.extend(extra.iter().cloned());
        VersionSet(versions, compat)
    }

    pub fn has(&self, version: &str) -> bool {
        self.0.iter().any(|known| known == version)
    }

    fn as_list(&self) -> Value {
        Value::list(self.0.iter().map(|v| Value::string(v.as_str())).collect())
    }
}

impl Object for VersionSet {
    fn type_name(&self) -> String {
        format!("{}.VersionSet", package(self.1))
    }
    fn kind_name(&self) -> &'static str {
        "slice"
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        if name != "Has" {
            return None;
        }
        Some(match args {
            [Value::String(version)] => Ok(Value::Bool(self.has(version))),
            [other] => Err(FuncError::new(format!(
                "wrong type for value; expected string; got {}",
                other.type_name()
            ))),
            _ => Err(FuncError::new(format!(
                "wrong number of args for Has: want 1 got {}",
                args.len()
            ))),
        })
    }
    fn has_method(&self, name: &str) -> bool {
        name == "Has"
    }
    fn format_value(&self) -> String {
        format_v(&self.as_list())
    }
    fn to_json_value(&self) -> Value {
        self.as_list()
    }
    fn is_truthy(&self) -> bool {
        !self.0.is_empty()
    }
    fn as_collection(&self) -> Option<Value> {
        Some(self.as_list())
    }
}

/// `version.BuildInfo` of the Helm release chartroom stands in for (4.1.4 or 3.17.3).
#[derive(Debug, Clone, PartialEq)]
pub struct HelmVersion(pub HelmCompat);

const HELM_VERSION_FIELDS: &[(&str, &str, &str)] = &[
    ("Version", "version", "v4.1.4"),
    (
        "GitCommit",
        "git_commit",
        "05fa37973dc9e42b76e1d2883494c87174b6074f",
    ),
    ("GitTreeState", "git_tree_state", "clean"),
    ("GoVersion", "go_version", "go1.25.9"),
    ("KubeClientVersion", "kube_client_version", "v1.35"),
];

/// Helm 3.17.3's build information (its struct has no `KubeClientVersion`).
const HELM3_VERSION_FIELDS: &[(&str, &str, &str)] = &[
    ("Version", "version", "v3.17.3"),
    (
        "GitCommit",
        "git_commit",
        "e4da49785aa6e6ee2b86efd5dd9e43400318262b",
    ),
    ("GitTreeState", "git_tree_state", "clean"),
    ("GoVersion", "go_version", "go1.23.7"),
];

impl HelmVersion {
    fn fields(&self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self.0 {
            HelmCompat::V3 => HELM3_VERSION_FIELDS,
            HelmCompat::V4 => HELM_VERSION_FIELDS,
        }
    }
}

impl Object for HelmVersion {
    fn type_name(&self) -> String {
        "version.BuildInfo".into()
    }
    fn kind_name(&self) -> &'static str {
        "struct"
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.fields()
            .iter()
            .find(|(field, _, _)| *field == name)
            .map(|(_, _, value)| Value::from(*value))
    }
    fn call_method(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, FuncError>> {
        None
    }
    fn has_method(&self, _name: &str) -> bool {
        false
    }
    fn format_value(&self) -> String {
        let values: Vec<&str> = self.fields().iter().map(|(_, _, value)| *value).collect();
        format!("{{{}}}", values.join(" "))
    }
    fn to_json_value(&self) -> Value {
        Value::Map(json_map(self.json_struct_fields()))
    }
    fn json_struct_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.fields()
                .iter()
                .map(|(_, json_name, value)| (json_name.to_string(), Value::from(*value)))
                .collect(),
        )
    }
}

/// `*common.Capabilities` (`*chartutil.Capabilities` in Helm 3).
#[derive(Debug, Clone)]
pub struct Capabilities {
    pub kube_version: Arc<KubeVersion>,
    pub api_versions: Arc<VersionSet>,
    pub compat: HelmCompat,
}

impl Capabilities {
    /// Helm 4's capabilities.
    pub fn new(kube_version: KubeVersion, api_versions: VersionSet) -> Capabilities {
        Capabilities {
            kube_version: Arc::new(kube_version),
            api_versions: Arc::new(api_versions),
            compat: HelmCompat::V4,
        }
    }

    /// The capabilities the given Helm release renders with: `kube_version` (its default
    /// when `None`) and its default API versions plus `extra_api_versions`.
    pub fn for_compat(
        compat: HelmCompat,
        kube_version: Option<KubeVersion>,
        extra_api_versions: &[String],
    ) -> Capabilities {
        let kube_version = kube_version
            .map(|version| version.with_compat(compat))
            .unwrap_or_else(|| KubeVersion::default_for(compat));
        Capabilities {
            kube_version: Arc::new(kube_version),
            api_versions: Arc::new(VersionSet::for_compat(compat, extra_api_versions)),
            compat,
        }
    }

    fn struct_text(&self) -> String {
        format!(
            "{{{} {} {}}}",
            self.kube_version.format_value(),
            self.api_versions.format_value(),
            HelmVersion(self.compat).format_value()
        )
    }
}

impl Object for Capabilities {
    fn type_name(&self) -> String {
        format!("*{}.Capabilities", package(self.compat))
    }
    fn kind_name(&self) -> &'static str {
        "ptr"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::Object(self.kube_version.clone())),
            "APIVersions" => Some(Value::Object(self.api_versions.clone())),
            "HelmVersion" => Some(Value::Object(Arc::new(HelmVersion(self.compat)))),
            _ => None,
        }
    }
    fn call_method(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, FuncError>> {
        None
    }
    fn has_method(&self, _name: &str) -> bool {
        false
    }
    fn format_template(&self) -> String {
        self.struct_text()
    }
    fn format_value(&self) -> String {
        format!("&{}", self.struct_text())
    }
    fn to_json_value(&self) -> Value {
        Value::Map(json_map(self.json_struct_fields()))
    }
    fn json_struct_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(vec![
            (
                "KubeVersion".into(),
                Value::Object(self.kube_version.clone()),
            ),
            (
                "APIVersions".into(),
                Value::Object(self.api_versions.clone()),
            ),
            (
                "HelmVersion".into(),
                Value::Object(Arc::new(HelmVersion(self.compat))),
            ),
        ])
    }
}

/// The options of a release that `.Release` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseOptions {
    pub name: String,
    pub namespace: String,
    pub is_upgrade: bool,
}

/// `.Release`: a plain map with Go field names; `Revision` is an `int`, always 1 here.
pub fn release_map(options: &ReleaseOptions) -> Map {
    let map = Map::new();
    map.insert("Name", Value::string(options.name.as_str()));
    map.insert("Namespace", Value::string(options.namespace.as_str()));
    map.insert("IsUpgrade", Value::Bool(options.is_upgrade));
    map.insert("IsInstall", Value::Bool(!options.is_upgrade));
    map.insert("Revision", Value::Int(1));
    map.insert("Service", Value::from("Helm"));
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_versions_parse_like_kubernetes() {
        let version = KubeVersion::parse("v1.28.4-gke.1000").unwrap();
        assert_eq!(version.version, "v1.28.4-gke.1000");
        assert_eq!(version.normalized, "v1.28.4");
        assert_eq!(
            (version.major.as_str(), version.minor.as_str()),
            ("1", "28")
        );
        let plain = KubeVersion::parse("1.25.3").unwrap();
        assert_eq!(plain.version, "v1.25.3");
        assert_eq!(
            KubeVersion::parse("notaversion").unwrap_err().to_string(),
            "could not parse \"notaversion\" as version"
        );
        assert!(KubeVersion::parse("1").is_err());
        assert!(KubeVersion::parse("01.2").is_err());
    }

    #[test]
    fn helm3_reads_kube_versions_as_semver() {
        let version = KubeVersion::parse_for("1.29", HelmCompat::V3).unwrap();
        assert_eq!(version.version, "v1.29.0");
        assert_eq!(version.format_value(), "{v1.29.0 1 29}");
        assert_eq!(
            KubeVersion::parse_for("1.2.3.4", HelmCompat::V3)
                .unwrap_err()
                .to_string(),
            "Invalid Semantic Version"
        );
        let gke = KubeVersion::parse_for("v1.28.4-gke.1000", HelmCompat::V3).unwrap();
        assert_eq!(gke.format_template(), "v1.28.4-gke.1000");
    }

    #[test]
    fn kube_version_prints_differ_by_context() {
        let version = KubeVersion::parse("1.29.1").unwrap();
        assert_eq!(version.format_template(), "v1.29.1");
        assert_eq!(version.format_value(), "{v1.29.1 v1.29.1 1 29}");
    }

    #[test]
    fn api_versions_hold_group_versions() {
        let set = VersionSet::with_extra(&["x.io/v1/Thing".to_string()]);
        assert_eq!(set.0.len(), DEFAULT_API_VERSIONS.len() + 1);
        assert!(set.has("apps/v1"));
        assert!(!set.has("apps/v1/Deployment"));
        assert!(set.has("x.io/v1/Thing"));
        assert_eq!(
            set.call_method("Has", &[Value::from("v1")])
                .unwrap()
                .unwrap(),
            Value::Bool(true)
        );
    }

    #[test]
    fn release_is_a_map_with_int_revision() {
        let release = release_map(&ReleaseOptions {
            name: "rel".into(),
            namespace: "default".into(),
            is_upgrade: false,
        });
        assert_eq!(release.get("Revision"), Some(Value::Int(1)));
        assert_eq!(release.get("IsInstall"), Some(Value::Bool(true)));
    }
}
