//! `--against live`: the objects of the current kubeconfig context's cluster.
//!
//! chartroom only reads from a cluster. For every rendered object it asks discovery which
//! resource serves the object's `apiVersion` and `kind` (one request per API group version),
//! GETs the object, and LISTs each rendered kind in each rendered namespace with a label
//! selector on the release labels (`app.kubernetes.io/instance` of the rendered objects):
//! what carries those labels but is no longer rendered shows as removed. Kinds that the render
//! no longer contains at all are not listed.
//!
//! Cluster objects are compared without server-populated fields (status, managedFields,
//! resourceVersion, uid, creationTimestamp, generation, the last-applied annotation), and by
//! default only in the fields the rendered object sets, so defaults the API server fills in
//! are not changes; a rendered Secret's `stringData` is compared as the base64 `data` the API
//! server turns it into. With `--server-side`, the API server is asked instead what the
//! object would become: a server-side apply PATCH with `dryRun=All` (validated and defaulted,
//! never stored), compared in full with the cluster's object.
//!
//! A kind the cluster does not serve (a custom resource whose definition is not installed)
//! makes its objects show as added, with a warning.

mod cluster;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::value::{Map, Value};

use super::error::DiffError;
use super::identity::{map_field, text_field, Resource, ResourceKey, ResourceSet};

/// The label whose values name the releases a render belongs to.
pub const RELEASE_LABEL: &str = "app.kubernetes.io/instance";

/// The field manager named in dry-run apply requests.
pub const FIELD_MANAGER: &str = "chartroom";

/// How to reach the cluster and how to compare.
#[derive(Debug, Clone, Default)]
pub struct LiveOptions {
    /// `--kubeconfig`; otherwise `KUBECONFIG` or `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// `--context`; otherwise the kubeconfig's current context.
    pub context: Option<String>,
    /// `--server-side`: compare with a dry-run server-side apply.
    pub server_side: bool,
}

/// Both sides of a live comparison: the cluster's objects (old) and what the render would make
/// of them (new), with warnings for the user.
#[derive(Debug, Clone, Default)]
pub struct LiveSides {
    pub old: ResourceSet,
    pub new: ResourceSet,
    pub warnings: Vec<String>,
}

/// Reads the cluster's side of a comparison with `rendered`.
pub fn live_sides(rendered: &ResourceSet, options: &LiveOptions) -> Result<LiveSides, DiffError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| DiffError::Live(format!("cannot start the client runtime: {error}")))?;
    runtime.block_on(cluster::fetch(rendered, options))
}

/// The label selector that finds the release's objects: `app.kubernetes.io/instance in (...)`
/// over the release names the rendered objects carry (values that are not valid label values
/// are left out). `None` when no rendered object has the label.
pub fn release_selector(rendered: &ResourceSet) -> Option<String> {
    let releases: BTreeSet<String> = rendered
        .iter()
        .filter_map(|resource| map_field(&resource.object, "metadata"))
        .filter_map(|metadata| map_field(&metadata, "labels"))
        .filter_map(|labels| text_field(&labels, RELEASE_LABEL))
        .filter(|value| is_label_value(value))
        .collect();
    if releases.is_empty() {
        return None;
    }
    Some(format!(
        "{RELEASE_LABEL} in ({})",
        releases.into_iter().collect::<Vec<_>>().join(",")
    ))
}

/// Kubernetes label values: at most 63 characters of `[A-Za-z0-9._-]`, starting and ending
/// alphanumeric (or empty).
fn is_label_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    value.len() <= 63
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'))
        && bytes.first().is_none_or(u8::is_ascii_alphanumeric)
        && bytes.last().is_none_or(u8::is_ascii_alphanumeric)
}

/// A cluster object as a map with `apiVersion` and `kind` set (list items come without them).
fn with_type(object: Map, api_version: &str, kind: &str) -> Map {
    let copy = object.shallow_copy();
    copy.insert("apiVersion", Value::string(api_version));
    copy.insert("kind", Value::string(kind));
    copy
}

/// A resource of the cluster side, keyed like its rendered counterpart.
fn live_resource(key: &ResourceKey, api_version: &str, object: Map) -> Resource {
    Resource {
        key: key.clone(),
        api_version: api_version.to_string(),
        object,
        origin: "live".into(),
        line: 0,
    }
}

/// Rendered objects grouped by `apiVersion`, in key order.
fn by_api_version(rendered: &ResourceSet) -> BTreeMap<String, Vec<&Resource>> {
    let mut groups: BTreeMap<String, Vec<&Resource>> = BTreeMap::new();
    for resource in rendered.iter() {
        groups
            .entry(resource.api_version.clone())
            .or_default()
            .push(resource);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::identity::Scopes;
    use crate::diff::normalize::parse_manifests;

    fn set(text: &str) -> ResourceSet {
        ResourceSet::build(
            parse_manifests(text, "t").unwrap(),
            &Scopes::builtin(),
            "iot",
        )
        .unwrap()
    }

    #[test]
    fn the_selector_names_every_rendered_release() {
        let rendered = set(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {app.kubernetes.io/instance: redis}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, labels: {app.kubernetes.io/instance: postgres}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {app.kubernetes.io/instance: 'bad value!'}}\n",
        );
        assert_eq!(
            release_selector(&rendered).as_deref(),
            Some("app.kubernetes.io/instance in (postgres,redis)")
        );
        assert_eq!(
            release_selector(&set(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
            )),
            None
        );
    }

    #[test]
    fn label_values_follow_kubernetes_rules() {
        assert!(is_label_value("suggestion-1.0_x"));
        assert!(is_label_value(""));
        assert!(!is_label_value("-x"));
        assert!(!is_label_value("a b"));
        assert!(!is_label_value(&"a".repeat(64)));
    }

    #[test]
    fn objects_group_by_api_version() {
        let rendered = set("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n");
        let groups = by_api_version(&rendered);
        assert_eq!(groups.keys().collect::<Vec<_>>(), vec!["apps/v1", "v1"]);
        assert_eq!(groups["v1"].len(), 2);
    }
}
