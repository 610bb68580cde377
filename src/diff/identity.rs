//! Which object is which: the key (API group, kind, namespace, name) both sides of a diff are
//! matched by, and the scope rules that decide the namespace part.
//!
//! The API version is not part of the key: `apps/v1` and `apps/v1beta2` Deployments of the same
//! name are one object served in two versions. A namespaced object without
//! `metadata.namespace` lives in the namespace it is installed into (the profile's); a
//! cluster-scoped object has no namespace, whatever its manifest says. Scope is known for the
//! built-in kinds and learned from CustomResourceDefinitions found in the streams; any other
//! kind is taken to be namespaced, as most custom resources are.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::value::{Map, Value};

use super::error::DiffError;
use super::normalize::ManifestObject;

/// The identity of a Kubernetes object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ResourceKey {
    /// API group, empty for the core group (`v1`).
    pub group: String,
    pub kind: String,
    /// Empty for cluster-scoped objects.
    pub namespace: String,
    pub name: String,
}

impl ResourceKey {
    /// `Kind` or `Kind.group`, as kubectl names a resource type.
    pub fn kind_with_group(&self) -> String {
        if self.group.is_empty() {
            self.kind.clone()
        } else {
            format!("{}.{}", self.kind, self.group)
        }
    }
}

/// `Deployment.apps iot/suggestion`, or `ClusterRole.rbac.authorization.k8s.io reader`.
impl fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            write!(f, "{} {}", self.kind_with_group(), self.name)
        } else {
            write!(
                f,
                "{} {}/{}",
                self.kind_with_group(),
                self.namespace,
                self.name
            )
        }
    }
}

/// The group part of an `apiVersion` (`apps/v1` is `apps`, `v1` is the core group `""`).
pub fn group_of(api_version: &str) -> &str {
    match api_version.rsplit_once('/') {
        Some((group, _)) => group,
        None => "",
    }
}

/// Built-in cluster-scoped kinds of Kubernetes 1.33, by (group, kind).
const CLUSTER_SCOPED: &[(&str, &str)] = &[
    ("", "ComponentStatus"),
    ("", "Namespace"),
    ("", "Node"),
    ("", "PersistentVolume"),
    (
        "admissionregistration.k8s.io",
        "MutatingWebhookConfiguration",
    ),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    (
        "admissionregistration.k8s.io",
        "ValidatingAdmissionPolicyBinding",
    ),
    (
        "admissionregistration.k8s.io",
        "ValidatingWebhookConfiguration",
    ),
    ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ("apiregistration.k8s.io", "APIService"),
    ("certificates.k8s.io", "CertificateSigningRequest"),
    ("certificates.k8s.io", "ClusterTrustBundle"),
    ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
    ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
    ("networking.k8s.io", "IngressClass"),
    ("networking.k8s.io", "IPAddress"),
    ("networking.k8s.io", "ServiceCIDR"),
    ("node.k8s.io", "RuntimeClass"),
    ("policy", "PodSecurityPolicy"),
    ("rbac.authorization.k8s.io", "ClusterRole"),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ("resource.k8s.io", "DeviceClass"),
    ("resource.k8s.io", "ResourceSlice"),
    ("scheduling.k8s.io", "PriorityClass"),
    ("storage.k8s.io", "CSIDriver"),
    ("storage.k8s.io", "CSINode"),
    ("storage.k8s.io", "StorageClass"),
    ("storage.k8s.io", "VolumeAttachment"),
    ("storage.k8s.io", "VolumeAttributesClass"),
];

/// Which kinds are cluster-scoped.
#[derive(Debug, Clone)]
pub struct Scopes {
    cluster_scoped: BTreeSet<(String, String)>,
    namespaced: BTreeSet<(String, String)>,
}

impl Default for Scopes {
    fn default() -> Scopes {
        Scopes::builtin()
    }
}

impl Scopes {
    /// The built-in kinds only.
    pub fn builtin() -> Scopes {
        let cluster_scoped = CLUSTER_SCOPED
            .iter()
            .map(|(group, kind)| (group.to_string(), kind.to_string()))
            .collect();
        Scopes {
            cluster_scoped,
            namespaced: BTreeSet::new(),
        }
    }

    /// Learns the scope of the custom resources defined by the CustomResourceDefinitions among
    /// `objects` (`spec.group`, `spec.names.kind`, `spec.scope`).
    pub fn learn_from<'a>(&mut self, objects: impl IntoIterator<Item = &'a ManifestObject>) {
        for manifest in objects {
            let object = &manifest.object;
            if text_field(object, "kind").as_deref() != Some("CustomResourceDefinition") {
                continue;
            }
            let Some(spec) = map_field(object, "spec") else {
                continue;
            };
            let group = text_field(&spec, "group").unwrap_or_default();
            let Some(kind) = map_field(&spec, "names").and_then(|names| text_field(&names, "kind"))
            else {
                continue;
            };
            match text_field(&spec, "scope").as_deref() {
                Some("Cluster") => {
                    self.cluster_scoped.insert((group, kind));
                }
                Some("Namespaced") => {
                    self.namespaced.insert((group, kind));
                }
                _ => {}
            }
        }
    }

    /// Records what the API server's discovery says about a kind.
    pub fn set(&mut self, group: &str, kind: &str, namespaced: bool) {
        let entry = (group.to_string(), kind.to_string());
        if namespaced {
            self.cluster_scoped.remove(&entry);
            self.namespaced.insert(entry);
        } else {
            self.namespaced.remove(&entry);
            self.cluster_scoped.insert(entry);
        }
    }

    /// Whether objects of this kind live in a namespace.
    pub fn is_namespaced(&self, group: &str, kind: &str) -> bool {
        let entry = (group.to_string(), kind.to_string());
        self.namespaced.contains(&entry) || !self.cluster_scoped.contains(&entry)
    }
}

/// A string field of a map.
pub fn text_field(map: &Map, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(text) => Some(text.to_string()),
        _ => None,
    }
}

/// A map field of a map.
pub fn map_field(map: &Map, key: &str) -> Option<Map> {
    match map.get(key)? {
        Value::Map(child) => Some(child),
        _ => None,
    }
}

/// An object of one side of a diff, with its key.
#[derive(Debug, Clone)]
pub struct Resource {
    pub key: ResourceKey,
    pub api_version: String,
    pub object: Map,
    /// Where it was read: `origin:line`.
    pub origin: String,
    pub line: usize,
}

/// One side of a diff: objects by key.
#[derive(Debug, Clone, Default)]
pub struct ResourceSet {
    pub resources: BTreeMap<ResourceKey, Resource>,
}

impl ResourceSet {
    /// Keys every object; namespaced objects without a namespace get their own default
    /// namespace if they have one, otherwise `default_namespace`.
    /// An object without `apiVersion`, `kind` or `metadata.name`, or one defined twice, is an
    /// error.
    pub fn build(
        objects: Vec<ManifestObject>,
        scopes: &Scopes,
        default_namespace: &str,
    ) -> Result<ResourceSet, DiffError> {
        let mut resources: BTreeMap<ResourceKey, Resource> = BTreeMap::new();
        for manifest in objects {
            let missing = |field: &'static str| DiffError::MissingField {
                origin: manifest.origin.clone(),
                line: manifest.line,
                column: manifest.column,
                field,
            };
            let api_version =
                text_field(&manifest.object, "apiVersion").ok_or_else(|| missing("apiVersion"))?;
            let kind = text_field(&manifest.object, "kind").ok_or_else(|| missing("kind"))?;
            let metadata =
                map_field(&manifest.object, "metadata").ok_or_else(|| missing("metadata.name"))?;
            let name = text_field(&metadata, "name")
                .filter(|name| !name.is_empty())
                .ok_or_else(|| missing("metadata.name"))?;
            let group = group_of(&api_version).to_string();
            let namespace = if scopes.is_namespaced(&group, &kind) {
                text_field(&metadata, "namespace")
                    .filter(|namespace| !namespace.is_empty())
                    .or_else(|| manifest.default_namespace.clone())
                    .unwrap_or_else(|| default_namespace.to_string())
            } else {
                String::new()
            };
            let key = ResourceKey {
                group,
                kind,
                namespace,
                name,
            };
            if let Some(first) = resources.get(&key) {
                return Err(DiffError::Duplicate {
                    origin: manifest.origin.clone(),
                    key: key.to_string(),
                    line: manifest.line,
                    first_line: first.line,
                });
            }
            let resource = Resource {
                key: key.clone(),
                api_version,
                object: manifest.object,
                origin: manifest.origin,
                line: manifest.line,
            };
            resources.insert(key, resource);
        }
        Ok(ResourceSet { resources })
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    pub fn get(&self, key: &ResourceKey) -> Option<&Resource> {
        self.resources.get(key)
    }

    /// The objects in key order.
    pub fn iter(&self) -> impl Iterator<Item = &Resource> {
        self.resources.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::normalize::parse_manifests;

    fn keys(text: &str, namespace: &str) -> Vec<String> {
        let objects = parse_manifests(text, "t").unwrap();
        let mut scopes = Scopes::builtin();
        scopes.learn_from(&objects);
        ResourceSet::build(objects, &scopes, namespace)
            .unwrap()
            .iter()
            .map(|resource| resource.key.to_string())
            .collect()
    }

    #[test]
    fn groups_come_from_api_versions() {
        assert_eq!(group_of("apps/v1"), "apps");
        assert_eq!(group_of("v1"), "");
        assert_eq!(
            group_of("rbac.authorization.k8s.io/v1"),
            "rbac.authorization.k8s.io"
        );
    }

    #[test]
    fn namespaces_default_for_namespaced_kinds_only() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: other}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader, namespace: ignored}\n";
        assert_eq!(
            keys(text, "iot"),
            vec![
                "Service other/web",
                "Deployment.apps iot/web",
                "ClusterRole.rbac.authorization.k8s.io reader"
            ]
        );
    }

    #[test]
    fn custom_resource_scope_is_learned_from_definitions() {
        let text = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Cluster, names: {kind: Widget}}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n";
        assert_eq!(
            keys(text, "iot"),
            vec![
                "CustomResourceDefinition.apiextensions.k8s.io widgets.example.com",
                "Gadget.example.com iot/g",
                "Widget.example.com w"
            ]
        );
    }

    #[test]
    fn the_api_version_is_not_part_of_the_identity() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: web}\n";
        let objects = parse_manifests(text, "t").unwrap();
        let error = ResourceSet::build(objects, &Scopes::builtin(), "iot").unwrap_err();
        assert_eq!(
            error.to_string(),
            "t:5: Deployment.apps iot/web is defined twice (first at line 1)"
        );
    }

    #[test]
    fn objects_without_names_are_errors() {
        let objects = parse_manifests(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n",
            "t",
        )
        .unwrap();
        let error = ResourceSet::build(objects, &Scopes::builtin(), "iot").unwrap_err();
        assert_eq!(error.to_string(), "t:1:1: object has no metadata.name");
    }
}
