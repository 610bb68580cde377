//! The index of one profile's render that the reference rules look things up in: which objects
//! exist (rendered, produced by another object, built into every cluster, or declared external),
//! which keys a Secret or ConfigMap holds, which pods each workload runs with which labels and
//! port names, and which ports each Service has.

use std::collections::{BTreeMap, BTreeSet};

use super::cluster::{is_built_in_object, is_cluster_scoped};
use super::label_selector::{labels_of, LabelSelector, Labels};
use crate::value::Value;

/// One rendered object handed to the checks.
#[derive(Debug, Clone, Copy)]
pub struct RenderedInput<'a> {
    /// The component that rendered it.
    pub component: &'a str,
    /// Its `# Source:` template path, when it has one.
    pub source: Option<&'a str>,
    /// The namespace of the component's release (where `kubectl apply -n` would put it).
    pub release_namespace: &'a str,
    pub value: &'a Value,
}

impl RenderedInput<'_> {
    pub fn text(&self, path: &[&str]) -> String {
        text_at(self.value, path)
    }

    pub fn kind(&self) -> String {
        self.text(&["kind"])
    }

    pub fn name(&self) -> String {
        self.text(&["metadata", "name"])
    }

    /// `metadata.namespace`, when the object sets one.
    pub fn declared_namespace(&self) -> Option<String> {
        Some(self.text(&["metadata", "namespace"])).filter(|namespace| !namespace.is_empty())
    }

    /// The namespace the object lands in (empty for cluster-scoped kinds).
    pub fn namespace(&self, scopes: &Scopes) -> String {
        if scopes.is_cluster_scoped(&self.kind()) {
            String::new()
        } else {
            self.declared_namespace()
                .unwrap_or_else(|| self.release_namespace.to_string())
        }
    }
}

/// An object the profile says exists before `kubectl apply` (`external:` in a profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalObject {
    pub kind: String,
    pub name: String,
    /// The namespace of a namespaced kind (the profile's when the entry names none).
    pub namespace: String,
    /// The data keys it holds; `None` when the entry does not say (any key is accepted).
    pub keys: Option<Vec<String>>,
    pub description: Option<String>,
    /// The command that creates it.
    pub create: Option<String>,
}

/// Which kinds are cluster-scoped: Kubernetes' and known operators' list, plus the scope of
/// every CustomResourceDefinition in the render.
#[derive(Debug, Default)]
pub struct Scopes {
    custom: BTreeMap<String, bool>,
}

impl Scopes {
    pub fn is_cluster_scoped(&self, kind: &str) -> bool {
        self.custom
            .get(kind)
            .copied()
            .unwrap_or_else(|| is_cluster_scoped(kind))
    }
}

/// (kind, namespace, name); the namespace is empty for cluster-scoped kinds.
pub type ObjectKey = (String, String, String);

/// The pods one workload runs.
#[derive(Debug, Clone)]
pub struct PodTemplate {
    pub namespace: String,
    pub owner: String,
    pub labels: Labels,
    pub port_names: BTreeSet<String>,
}

/// A Service's identity, labels and ports.
#[derive(Debug, Clone)]
pub struct ServiceEntry {
    pub namespace: String,
    pub name: String,
    pub labels: Labels,
    /// (name, port) of each port.
    pub ports: Vec<(String, i64)>,
}

/// Everything the reference rules look up.
#[derive(Debug, Default)]
pub struct Inventory {
    pub scopes: Scopes,
    objects: BTreeSet<ObjectKey>,
    /// Data keys of Secrets and ConfigMaps; `None`: unknown, any key is accepted.
    keys: BTreeMap<ObjectKey, Option<BTreeSet<String>>>,
    pub pods: Vec<PodTemplate>,
    pub services: Vec<ServiceEntry>,
    /// Group/versions defined by CustomResourceDefinitions in the render.
    pub defined_api_versions: BTreeSet<String>,
}

impl Inventory {
    pub fn build(objects: &[RenderedInput<'_>], externals: &[ExternalObject]) -> Inventory {
        let mut inventory = Inventory::default();
        for object in objects {
            if object.kind() == "CustomResourceDefinition" {
                inventory.add_definition(object.value);
            }
        }
        for object in objects {
            inventory.add_rendered(object);
        }
        for external in externals {
            let key = inventory.key(&external.kind, &external.namespace, &external.name);
            let keys = external
                .keys
                .as_ref()
                .map(|keys| keys.iter().cloned().collect());
            inventory.objects.insert(key.clone());
            inventory.keys.insert(key, keys);
        }
        inventory
    }

    /// The key of an object, with the namespace dropped for cluster-scoped kinds.
    pub fn key(&self, kind: &str, namespace: &str, name: &str) -> ObjectKey {
        let namespace = if self.scopes.is_cluster_scoped(kind) {
            ""
        } else {
            namespace
        };
        (kind.to_string(), namespace.to_string(), name.to_string())
    }

    /// Whether the object exists after `kubectl apply`: rendered, produced by a rendered
    /// object, built into every cluster, or declared external.
    pub fn exists(&self, kind: &str, namespace: &str, name: &str) -> bool {
        is_built_in_object(kind, name) || self.objects.contains(&self.key(kind, namespace, name))
    }

    /// The data keys of a Secret or ConfigMap that exists; `None` when they are not known.
    pub fn data_keys(&self, kind: &str, namespace: &str, name: &str) -> Option<&BTreeSet<String>> {
        self.keys
            .get(&self.key(kind, namespace, name))
            .and_then(Option::as_ref)
    }

    /// The pods in `namespace` that `selector` selects.
    pub fn selected_pods(&self, namespace: &str, selector: &LabelSelector) -> Vec<&PodTemplate> {
        self.pods
            .iter()
            .filter(|pod| pod.namespace == namespace && selector.matches(&pod.labels))
            .collect()
    }

    fn add_definition(&mut self, definition: &Value) {
        let group = text_at(definition, &["spec", "group"]);
        let kind = text_at(definition, &["spec", "names", "kind"]);
        let cluster_scoped = text_at(definition, &["spec", "scope"]) == "Cluster";
        self.scopes.custom.insert(kind, cluster_scoped);
        for version in list_at(definition, &["spec", "versions"]) {
            let name = text_at(&version, &["name"]);
            if !name.is_empty() {
                self.defined_api_versions.insert(format!("{group}/{name}"));
            }
        }
    }

    fn add_rendered(&mut self, object: &RenderedInput<'_>) {
        let kind = object.kind();
        let namespace = object.namespace(&self.scopes);
        let name = object.name();
        let key = self.key(&kind, &namespace, &name);
        self.objects.insert(key.clone());
        match kind.as_str() {
            "Secret" => {
                let keys = map_keys(object.value, &["data"])
                    .into_iter()
                    .chain(map_keys(object.value, &["stringData"]))
                    .collect();
                self.keys.insert(key, Some(keys));
            }
            "ConfigMap" => {
                let keys = map_keys(object.value, &["data"])
                    .into_iter()
                    .chain(map_keys(object.value, &["binaryData"]))
                    .collect();
                self.keys.insert(key, Some(keys));
            }
            "Service" => self.services.push(ServiceEntry {
                namespace: namespace.clone(),
                name: name.clone(),
                labels: labels_of(value_at(object.value, &["metadata", "labels"]).as_ref()),
                ports: list_at(object.value, &["spec", "ports"])
                    .iter()
                    .map(|port| {
                        (
                            text_at(port, &["name"]),
                            value_at(port, &["port"])
                                .and_then(|number| number.as_i64())
                                .unwrap_or(-1),
                        )
                    })
                    .collect(),
            }),
            _ => {}
        }
        if let Some(template) = pod_template(&kind, object.value) {
            self.pods.push(PodTemplate {
                namespace: namespace.clone(),
                owner: format!("{kind} {name}"),
                labels: labels_of(value_at(&template.metadata, &["labels"]).as_ref()),
                port_names: containers_of(&template.spec)
                    .iter()
                    .flat_map(port_names)
                    .collect(),
            });
        }
        self.add_produced(object, &kind, &namespace);
    }

    /// Secrets that controllers create from a rendered object: cert-manager's Certificates and
    /// annotated Ingresses, External Secrets' ExternalSecrets, Bitnami's SealedSecrets.
    fn add_produced(&mut self, object: &RenderedInput<'_>, kind: &str, namespace: &str) {
        let group = super::cluster::api_group(&text_at(object.value, &["apiVersion"])).to_string();
        let mut produce = |name: String, keys: Option<BTreeSet<String>>| {
            if !name.is_empty() {
                let key = self.key("Secret", namespace, &name);
                self.objects.insert(key.clone());
                self.keys.insert(key, keys);
            }
        };
        let tls_keys = || Some(["tls.crt", "tls.key", "ca.crt"].map(String::from).into());
        match (group.as_str(), kind) {
            ("cert-manager.io", "Certificate") => {
                produce(text_at(object.value, &["spec", "secretName"]), tls_keys())
            }
            ("networking.k8s.io", "Ingress") => {
                let annotations =
                    labels_of(value_at(object.value, &["metadata", "annotations"]).as_ref());
                if annotations.contains_key("cert-manager.io/cluster-issuer")
                    || annotations.contains_key("cert-manager.io/issuer")
                {
                    for tls in list_at(object.value, &["spec", "tls"]) {
                        produce(text_at(&tls, &["secretName"]), tls_keys());
                    }
                }
            }
            ("external-secrets.io", "ExternalSecret") => {
                let target = text_at(object.value, &["spec", "target", "name"]);
                let name = if target.is_empty() {
                    object.name()
                } else {
                    target
                };
                let has_data_from = !list_at(object.value, &["spec", "dataFrom"]).is_empty();
                let has_template =
                    value_at(object.value, &["spec", "target", "template"]).is_some();
                let keys = (!has_data_from && !has_template).then(|| {
                    list_at(object.value, &["spec", "data"])
                        .iter()
                        .map(|entry| text_at(entry, &["secretKey"]))
                        .collect()
                });
                produce(name, keys)
            }
            ("bitnami.com", "SealedSecret") => produce(
                object.name(),
                Some(
                    map_keys(object.value, &["spec", "encryptedData"])
                        .into_iter()
                        .collect(),
                ),
            ),
            _ => {}
        }
    }
}

/// A pod template's metadata and spec.
pub struct PodTemplateParts {
    pub metadata: Value,
    pub spec: Value,
    /// The JSON pointer of the spec inside the object.
    pub spec_pointer: &'static str,
}

/// The pod template of a workload kind (or a Pod's own metadata and spec).
pub fn pod_template(kind: &str, object: &Value) -> Option<PodTemplateParts> {
    let (template_path, spec_pointer): (&[&str], &'static str) = match kind {
        "Pod" => (&[], "/spec"),
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job"
        | "Rollout" => (&["spec", "template"], "/spec/template/spec"),
        "CronJob" => (
            &["spec", "jobTemplate", "spec", "template"],
            "/spec/jobTemplate/spec/template/spec",
        ),
        _ => return None,
    };
    let template = if template_path.is_empty() {
        object.clone()
    } else {
        value_at(object, template_path)?
    };
    Some(PodTemplateParts {
        metadata: value_at(&template, &["metadata"]).unwrap_or(Value::Nil),
        spec: value_at(&template, &["spec"])?,
        spec_pointer,
    })
}

/// The containers and init containers of a pod spec.
pub fn containers_of(spec: &Value) -> Vec<Value> {
    list_at(spec, &["initContainers"])
        .into_iter()
        .chain(list_at(spec, &["containers"]))
        .collect()
}

/// The `ports[].name`s of a container.
pub fn port_names(container: &Value) -> BTreeSet<String> {
    list_at(container, &["ports"])
        .iter()
        .map(|port| text_at(port, &["name"]))
        .filter(|name| !name.is_empty())
        .collect()
}

/// The value at `path` (map keys) inside `value`.
pub fn value_at(value: &Value, path: &[&str]) -> Option<Value> {
    let mut current = value.clone();
    for key in path {
        current = current.as_map()?.get(key)?;
    }
    (!current.is_nil()).then_some(current)
}

/// The string at `path`, or "" when any step is missing or it is not a string.
pub fn text_at(value: &Value, path: &[&str]) -> String {
    value_at(value, path)
        .and_then(|found| found.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The list at `path`, or an empty list.
pub fn list_at(value: &Value, path: &[&str]) -> Vec<Value> {
    value_at(value, path)
        .and_then(|found| found.as_list().map(<[Value]>::to_vec))
        .unwrap_or_default()
}

fn map_keys(value: &Value, path: &[&str]) -> Vec<String> {
    value_at(value, path)
        .and_then(|found| found.as_map().map(|map| map.keys()))
        .unwrap_or_default()
        .into_iter()
        .map(|key| key.to_string())
        .collect()
}
