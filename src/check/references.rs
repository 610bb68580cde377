//! The reference rules: every name a rendered object uses to point at another object must
//! resolve in the same render (same namespace for namespaced kinds), to an object every cluster
//! has, or to an `external:` declaration of the profile.
//!
//! What counts as a reference is what would make `kubectl apply` of the render on an empty
//! cluster fail or leave pods that never start or never receive traffic: namespaces, the
//! Secrets, ConfigMaps, PVCs and ServiceAccounts a pod uses (and the keys it reads from them),
//! named ports, Service, PodDisruptionBudget and NetworkPolicy selectors, Ingress backends and
//! TLS Secrets, autoscaler targets, RBAC bindings, Prometheus operator monitors, cert-manager
//! issuers, External Secrets stores, storage classes, and custom resources whose API nothing
//! in the profile provides.
//!
//! Each rule has a name ([`Rule`]) and can be switched off; a finding carries the name of the
//! rule that made it. The references of pod templates are in [`pods`].

use std::collections::BTreeSet;

use super::cluster::is_built_in_api;
use super::inventory::{
    list_at, pod_template, text_at, value_at, ExternalObject, Inventory, RenderedInput,
};
use super::label_selector::LabelSelector;
use super::rules::{DisabledRules, Rule};
use crate::value::Value;

mod pods;

/// One reference that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub component: String,
    /// The `# Source:` template of the object, when known.
    pub source: Option<String>,
    /// The object holding the reference (or failing its schema).
    pub object: ObjectName,
    /// JSON pointer of the reference inside the object.
    pub pointer: String,
    pub message: String,
    /// The reference rule that found it (`None` for schema checks).
    pub rule: Option<Rule>,
}

/// Which object a finding is about. Printed as `Kind namespace/name` (`Kind name` for
/// cluster-scoped objects), kept in parts for machine-readable reports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectName {
    pub kind: String,
    /// Empty for cluster-scoped objects (and objects without a namespace).
    pub namespace: String,
    pub name: String,
}

impl ObjectName {
    pub fn new(
        kind: impl Into<String>,
        namespace: impl Into<String>,
        name: impl Into<String>,
    ) -> ObjectName {
        ObjectName {
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

impl std::fmt::Display for ObjectName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.namespace.is_empty() {
            write!(f, "{} {}", self.kind, self.name)
        } else {
            write!(f, "{} {}/{}", self.kind, self.namespace, self.name)
        }
    }
}

/// Checks every reference of a profile's render with every rule but the `disabled` ones.
/// `api_versions` are the profile's `apiVersions` (operators the profile says are installed)
/// and the group/versions of CustomResourceDefinitions known to be in the cluster.
pub fn check_references(
    objects: &[RenderedInput<'_>],
    externals: &[ExternalObject],
    api_versions: &[String],
    disabled: &DisabledRules,
) -> Vec<Finding> {
    let inventory = Inventory::build(objects, externals);
    let mut checker = Checker {
        inventory: &inventory,
        api_versions,
        disabled,
        findings: Vec::new(),
        missing_namespaces: BTreeSet::new(),
    };
    let mut seen = std::collections::BTreeMap::new();
    for object in objects {
        checker.check_object(object);
        checker.check_unique(object, &mut seen);
    }
    let mut findings = checker.findings;
    findings.sort();
    findings.dedup();
    findings
}

struct Checker<'a> {
    inventory: &'a Inventory,
    api_versions: &'a [String],
    disabled: &'a DisabledRules,
    findings: Vec<Finding>,
    missing_namespaces: BTreeSet<String>,
}

/// The object being checked, for findings.
struct Subject<'a> {
    input: &'a RenderedInput<'a>,
    kind: String,
    namespace: String,
    label: ObjectName,
}

impl Checker<'_> {
    fn check_object(&mut self, input: &RenderedInput<'_>) {
        let kind = input.kind();
        let namespace = input.namespace(&self.inventory.scopes);
        let label = ObjectName::new(&kind, &namespace, input.name());
        let subject = Subject {
            input,
            kind,
            namespace,
            label,
        };
        self.check_api(&subject);
        self.check_namespace(&subject);
        if let Some(template) = pod_template(&subject.kind, input.value) {
            self.check_pod(&subject, &template.spec, template.spec_pointer);
        }
        let value = input.value;
        let group = super::cluster::api_group(&text_at(value, &["apiVersion"])).to_string();
        match (group.as_str(), subject.kind.as_str()) {
            (_, "StatefulSet") => {
                self.check_statefulset(&subject);
            }
            ("", "Service") => self.check_service(&subject),
            ("", "PersistentVolumeClaim") => {
                self.check_storage_class(&subject, value, "/spec");
            }
            ("networking.k8s.io", "Ingress") => self.check_ingress(&subject),
            ("autoscaling", "HorizontalPodAutoscaler") => {
                let target = value_at(value, &["spec", "scaleTargetRef"]).unwrap_or(Value::Nil);
                let kind = text_at(&target, &["kind"]);
                let name = text_at(&target, &["name"]);
                self.require(
                    &subject,
                    Rule::ScaleTargetExists,
                    "/spec/scaleTargetRef",
                    &kind,
                    &name,
                );
            }
            ("policy", "PodDisruptionBudget") => {
                self.check_pod_selector(&subject, &["spec", "selector"], "/spec/selector")
            }
            ("networking.k8s.io", "NetworkPolicy") => {
                self.check_pod_selector(&subject, &["spec", "podSelector"], "/spec/podSelector")
            }
            ("rbac.authorization.k8s.io", "RoleBinding" | "ClusterRoleBinding") => {
                self.check_binding(&subject)
            }
            ("monitoring.coreos.com", "ServiceMonitor") => self.check_service_monitor(&subject),
            ("monitoring.coreos.com", "PodMonitor") => self.check_pod_monitor(&subject),
            ("cert-manager.io", "Certificate") => {
                let issuer = value_at(value, &["spec", "issuerRef"]).unwrap_or(Value::Nil);
                self.check_issuer(&subject, "/spec/issuerRef", &issuer);
            }
            ("external-secrets.io", "ExternalSecret") => {
                let store = value_at(value, &["spec", "secretStoreRef"]).unwrap_or(Value::Nil);
                let mut kind = text_at(&store, &["kind"]);
                if kind.is_empty() {
                    kind = "SecretStore".to_string();
                }
                let name = text_at(&store, &["name"]);
                self.require(
                    &subject,
                    Rule::SecretStoreExists,
                    "/spec/secretStoreRef",
                    &kind,
                    &name,
                );
            }
            _ => {}
        }
    }

    /// Two objects with one kind, namespace and name: `kubectl apply` keeps only the last.
    fn check_unique(
        &mut self,
        input: &RenderedInput<'_>,
        seen: &mut std::collections::BTreeMap<(String, String, String), String>,
    ) {
        let kind = input.kind();
        let namespace = input.namespace(&self.inventory.scopes);
        let key = self.inventory.key(&kind, &namespace, &input.name());
        let here = format!(
            "{}{}",
            input.component,
            input
                .source
                .map(|source| format!(" ({source})"))
                .unwrap_or_default()
        );
        if let Some(first) = seen.get(&key) {
            let subject = Subject {
                input,
                label: ObjectName::new(&kind, &namespace, &key.2),
                kind,
                namespace,
            };
            let message = format!(
                "rendered twice: also by {first}; `kubectl apply` would keep only one of them"
            );
            self.report(&subject, Rule::UniqueObjects, "/metadata/name", message);
        } else {
            seen.insert(key, here);
        }
    }

    fn report(&mut self, subject: &Subject<'_>, rule: Rule, pointer: &str, message: String) {
        if self.disabled.contains(&rule) {
            return;
        }
        self.findings.push(Finding {
            component: subject.input.component.to_string(),
            source: subject.input.source.map(str::to_string),
            object: subject.label.clone(),
            pointer: pointer.to_string(),
            message,
            rule: Some(rule),
        });
    }

    /// Reports `kind name` under `rule` unless it exists in the subject's namespace (or
    /// cluster-wide); whether it exists.
    fn require(
        &mut self,
        subject: &Subject<'_>,
        rule: Rule,
        pointer: &str,
        kind: &str,
        name: &str,
    ) -> bool {
        if name.is_empty() || self.inventory.exists(kind, &subject.namespace, name) {
            return true;
        }
        let place = if self.inventory.scopes.is_cluster_scoped(kind) {
            String::new()
        } else {
            format!(" in namespace {}", subject.namespace)
        };
        self.report(
            subject,
            rule,
            pointer,
            format!(
                "{kind} {name:?}{place} is neither rendered nor declared in the profile's `external:` list"
            ),
        );
        false
    }

    fn check_api(&mut self, subject: &Subject<'_>) {
        let api_version = text_at(subject.input.value, &["apiVersion"]);
        if is_built_in_api(&api_version)
            || self.inventory.defined_api_versions.contains(&api_version)
        {
            return;
        }
        let listed = self.api_versions.iter().any(|listed| {
            listed == &api_version || listed == &format!("{api_version}/{}", subject.kind)
        });
        if !listed {
            self.report(
                subject,
                Rule::ApiVersionKnown,
                "/apiVersion",
                format!(
                    "{api_version} is not built into Kubernetes and no CustomResourceDefinition in the render defines it; list it in the profile's apiVersions if the cluster has the operator"
                ),
            );
        }
    }

    fn check_namespace(&mut self, subject: &Subject<'_>) {
        if subject.namespace.is_empty() {
            return;
        }
        if subject.input.declared_namespace().is_none() {
            self.report(
                subject,
                Rule::NamespaceSet,
                "/metadata/namespace",
                format!(
                    "namespaced object without metadata.namespace: `kubectl apply -f -` would put it in the current context's namespace, not {}",
                    subject.namespace
                ),
            );
        }
        // A missing namespace is reported once, at the first object that lands in it.
        if self.missing_namespaces.contains(&subject.namespace) {
            return;
        }
        let namespace = subject.namespace.clone();
        if !self.require(
            subject,
            Rule::NamespaceExists,
            "/metadata/namespace",
            "Namespace",
            &namespace,
        ) {
            self.missing_namespaces.insert(namespace);
        }
    }

    fn check_statefulset(&mut self, subject: &Subject<'_>) {
        let value = subject.input.value;
        let service = text_at(value, &["spec", "serviceName"]);
        self.require(
            subject,
            Rule::ServiceExists,
            "/spec/serviceName",
            "Service",
            &service,
        );
        for (index, claim) in list_at(value, &["spec", "volumeClaimTemplates"])
            .iter()
            .enumerate()
        {
            self.check_storage_class(
                subject,
                claim,
                &format!("/spec/volumeClaimTemplates/{index}/spec"),
            );
        }
    }

    fn check_storage_class(&mut self, subject: &Subject<'_>, claim: &Value, pointer: &str) {
        let class = text_at(claim, &["spec", "storageClassName"]);
        self.require(
            subject,
            Rule::StorageClassExists,
            &format!("{pointer}/storageClassName"),
            "StorageClass",
            &class,
        );
    }

    fn check_service(&mut self, subject: &Subject<'_>) {
        let value = subject.input.value;
        let selector = LabelSelector::from_map(value_at(value, &["spec", "selector"]).as_ref());
        if selector.is_empty() {
            return;
        }
        let inventory = self.inventory;
        let Some(selected) = self.selected_pods(
            inventory,
            subject,
            Rule::ServiceSelectorMatches,
            &selector,
            "/spec/selector",
        ) else {
            return;
        };
        let names: BTreeSet<&String> = selected.iter().flat_map(|pod| &pod.port_names).collect();
        for (index, port) in list_at(value, &["spec", "ports"]).iter().enumerate() {
            if let Some(target) = value_at(port, &["targetPort"])
                .and_then(|target| target.as_str().map(str::to_string))
            {
                if !names.contains(&target) {
                    let owners: Vec<&str> = selected.iter().map(|pod| pod.owner.as_str()).collect();
                    self.report(
                        subject,
                        Rule::TargetPortExists,
                        &format!("/spec/ports/{index}/targetPort"),
                        format!(
                            "no container of the selected pods ({}) has a port named {target:?}",
                            owners.join(", ")
                        ),
                    );
                }
            }
        }
    }

    fn check_ingress(&mut self, subject: &Subject<'_>) {
        let value = subject.input.value;
        let class = text_at(value, &["spec", "ingressClassName"]);
        self.require(
            subject,
            Rule::IngressClassExists,
            "/spec/ingressClassName",
            "IngressClass",
            &class,
        );
        if let Some(backend) = value_at(value, &["spec", "defaultBackend"]) {
            self.check_backend(subject, &backend, "/spec/defaultBackend");
        }
        for (rule_index, rule) in list_at(value, &["spec", "rules"]).iter().enumerate() {
            for (path_index, path) in list_at(rule, &["http", "paths"]).iter().enumerate() {
                if let Some(backend) = value_at(path, &["backend"]) {
                    let pointer =
                        format!("/spec/rules/{rule_index}/http/paths/{path_index}/backend");
                    self.check_backend(subject, &backend, &pointer);
                }
            }
        }
        let annotations = value_at(value, &["metadata", "annotations"]).unwrap_or(Value::Nil);
        for (annotation, kind) in [
            ("cert-manager.io/cluster-issuer", "ClusterIssuer"),
            ("cert-manager.io/issuer", "Issuer"),
        ] {
            let name = text_at(&annotations, &[annotation]);
            self.require(
                subject,
                Rule::IssuerExists,
                "/metadata/annotations",
                kind,
                &name,
            );
        }
        for (index, tls) in list_at(value, &["spec", "tls"]).iter().enumerate() {
            let name = text_at(tls, &["secretName"]);
            self.require(
                subject,
                Rule::SecretExists,
                &format!("/spec/tls/{index}/secretName"),
                "Secret",
                &name,
            );
        }
    }

    fn check_backend(&mut self, subject: &Subject<'_>, backend: &Value, pointer: &str) {
        let Some(service) = value_at(backend, &["service"]) else {
            return;
        };
        let name = text_at(&service, &["name"]);
        if !self.require(
            subject,
            Rule::ServiceExists,
            &format!("{pointer}/service/name"),
            "Service",
            &name,
        ) {
            return;
        }
        let Some(entry) = self
            .inventory
            .services
            .iter()
            .find(|entry| entry.namespace == subject.namespace && entry.name == name)
        else {
            return;
        };
        let port_name = text_at(&service, &["port", "name"]);
        let port_number =
            value_at(&service, &["port", "number"]).and_then(|number| number.as_i64());
        let found = entry.ports.iter().any(|(name, number)| {
            (!port_name.is_empty() && *name == port_name) || port_number == Some(*number)
        });
        if !found && (!port_name.is_empty() || port_number.is_some()) {
            let wanted = if port_name.is_empty() {
                port_number.unwrap_or_default().to_string()
            } else {
                format!("{port_name:?}")
            };
            self.report(
                subject,
                Rule::ServicePortExists,
                &format!("{pointer}/service/port"),
                format!("Service {name:?} has no port {wanted}"),
            );
        }
    }

    fn check_pod_selector(&mut self, subject: &Subject<'_>, path: &[&str], pointer: &str) {
        let selector = LabelSelector::from_structured(value_at(subject.input.value, path).as_ref());
        if !selector.is_empty() {
            let inventory = self.inventory;
            self.selected_pods(
                inventory,
                subject,
                Rule::PodSelectorMatches,
                &selector,
                pointer,
            );
        }
    }

    /// The rendered pods `selector` selects in the subject's namespace; none is reported
    /// under `rule`.
    fn selected_pods<'i>(
        &mut self,
        inventory: &'i Inventory,
        subject: &Subject<'_>,
        rule: Rule,
        selector: &LabelSelector,
        pointer: &str,
    ) -> Option<Vec<&'i super::inventory::PodTemplate>> {
        let pods = inventory.selected_pods(&subject.namespace, selector);
        if pods.is_empty() {
            self.report(
                subject,
                rule,
                pointer,
                format!(
                    "the selector {} matches no pod rendered in namespace {}",
                    selector.describe(),
                    subject.namespace
                ),
            );
            return None;
        }
        Some(pods)
    }

    fn check_binding(&mut self, subject: &Subject<'_>) {
        let value = subject.input.value;
        let role_kind = text_at(value, &["roleRef", "kind"]);
        let role_name = text_at(value, &["roleRef", "name"]);
        self.require(
            subject,
            Rule::RoleExists,
            "/roleRef",
            &role_kind,
            &role_name,
        );
        for (index, entry) in list_at(value, &["subjects"]).iter().enumerate() {
            if text_at(entry, &["kind"]) != "ServiceAccount" {
                continue;
            }
            let name = text_at(entry, &["name"]);
            let mut namespace = text_at(entry, &["namespace"]);
            if namespace.is_empty() {
                namespace = subject.namespace.clone();
            }
            if !self.inventory.exists("ServiceAccount", &namespace, &name) {
                self.report(
                    subject,
                    Rule::ServiceAccountExists,
                    &format!("/subjects/{index}"),
                    format!("ServiceAccount {name:?} in namespace {namespace} is neither rendered nor declared in the profile's `external:` list"),
                );
            }
        }
    }

    fn check_service_monitor(&mut self, subject: &Subject<'_>) {
        let value = subject.input.value;
        let selector =
            LabelSelector::from_structured(value_at(value, &["spec", "selector"]).as_ref());
        let any_namespace =
            value_at(value, &["spec", "namespaceSelector", "any"]) == Some(Value::Bool(true));
        let mut namespaces: Vec<String> =
            list_at(value, &["spec", "namespaceSelector", "matchNames"])
                .iter()
                .filter_map(|name| name.as_str().map(str::to_string))
                .collect();
        if namespaces.is_empty() {
            namespaces.push(subject.namespace.clone());
        }
        let services: Vec<_> = self
            .inventory
            .services
            .iter()
            .filter(|entry| any_namespace || namespaces.contains(&entry.namespace))
            .filter(|entry| selector.matches(&entry.labels))
            .collect();
        if services.is_empty() {
            self.report(
                subject,
                Rule::MonitorSelectorMatches,
                "/spec/selector",
                format!(
                    "the selector {} matches no Service rendered in {}",
                    selector.describe(),
                    namespaces.join(", ")
                ),
            );
            return;
        }
        for (index, endpoint) in list_at(value, &["spec", "endpoints"]).iter().enumerate() {
            let port = text_at(endpoint, &["port"]);
            if !port.is_empty()
                && !services
                    .iter()
                    .any(|entry| entry.ports.iter().any(|(name, _)| *name == port))
            {
                self.report(
                    subject,
                    Rule::MonitorPortExists,
                    &format!("/spec/endpoints/{index}/port"),
                    format!("no selected Service has a port named {port:?}"),
                );
            }
        }
    }

    fn check_pod_monitor(&mut self, subject: &Subject<'_>) {
        let value = subject.input.value;
        let selector =
            LabelSelector::from_structured(value_at(value, &["spec", "selector"]).as_ref());
        let inventory = self.inventory;
        let Some(pods) = self.selected_pods(
            inventory,
            subject,
            Rule::MonitorSelectorMatches,
            &selector,
            "/spec/selector",
        ) else {
            return;
        };
        for (index, endpoint) in list_at(value, &["spec", "podMetricsEndpoints"])
            .iter()
            .enumerate()
        {
            let port = text_at(endpoint, &["port"]);
            if !port.is_empty() && !pods.iter().any(|pod| pod.port_names.contains(&port)) {
                self.report(
                    subject,
                    Rule::MonitorPortExists,
                    &format!("/spec/podMetricsEndpoints/{index}/port"),
                    format!("no selected pod has a container port named {port:?}"),
                );
            }
        }
    }

    fn check_issuer(&mut self, subject: &Subject<'_>, pointer: &str, issuer: &Value) {
        let mut kind = text_at(issuer, &["kind"]);
        if kind.is_empty() {
            kind = "Issuer".to_string();
        }
        let name = text_at(issuer, &["name"]);
        self.require(subject, Rule::IssuerExists, pointer, &kind, &name);
    }
}
