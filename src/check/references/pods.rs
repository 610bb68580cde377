//! The references a pod template makes: its ServiceAccount and PriorityClass, the Secrets,
//! ConfigMaps and claims of its volumes (with the keys their `items` name), what its containers
//! read through `env` and `envFrom`, and the named ports of their probes.

use super::super::inventory::{containers_of, list_at, port_names, text_at, value_at};
use super::super::rules::Rule;
use super::{Checker, Subject};
use crate::value::Value;

impl Checker<'_> {
    pub(super) fn check_pod(&mut self, subject: &Subject<'_>, spec: &Value, base: &str) {
        let account = text_at(spec, &["serviceAccountName"]);
        self.require(
            subject,
            Rule::ServiceAccountExists,
            &format!("{base}/serviceAccountName"),
            "ServiceAccount",
            &account,
        );
        let priority = text_at(spec, &["priorityClassName"]);
        self.require(
            subject,
            Rule::PriorityClassExists,
            &format!("{base}/priorityClassName"),
            "PriorityClass",
            &priority,
        );
        for (index, secret) in list_at(spec, &["imagePullSecrets"]).iter().enumerate() {
            let name = text_at(secret, &["name"]);
            self.require(
                subject,
                Rule::SecretExists,
                &format!("{base}/imagePullSecrets/{index}/name"),
                "Secret",
                &name,
            );
        }
        for (index, volume) in list_at(spec, &["volumes"]).iter().enumerate() {
            self.check_volume(subject, volume, &format!("{base}/volumes/{index}"));
        }
        let init_count = list_at(spec, &["initContainers"]).len();
        for (position, container) in containers_of(spec).iter().enumerate() {
            let pointer = if position < init_count {
                format!("{base}/initContainers/{position}")
            } else {
                format!("{base}/containers/{}", position - init_count)
            };
            self.check_container(subject, container, &pointer);
        }
    }

    fn check_volume(&mut self, subject: &Subject<'_>, volume: &Value, pointer: &str) {
        let optional = |source: &Value| value_at(source, &["optional"]) == Some(Value::Bool(true));
        if let Some(secret) = value_at(volume, &["secret"]) {
            if !optional(&secret) {
                let name = text_at(&secret, &["secretName"]);
                self.require_with_items(
                    subject,
                    Rule::SecretExists,
                    &format!("{pointer}/secret"),
                    "Secret",
                    &name,
                    &secret,
                );
            }
        }
        if let Some(config_map) = value_at(volume, &["configMap"]) {
            if !optional(&config_map) {
                let name = text_at(&config_map, &["name"]);
                self.require_with_items(
                    subject,
                    Rule::ConfigMapExists,
                    &format!("{pointer}/configMap"),
                    "ConfigMap",
                    &name,
                    &config_map,
                );
            }
        }
        if let Some(claim) = value_at(volume, &["persistentVolumeClaim"]) {
            let name = text_at(&claim, &["claimName"]);
            self.require(
                subject,
                Rule::PvcExists,
                &format!("{pointer}/persistentVolumeClaim/claimName"),
                "PersistentVolumeClaim",
                &name,
            );
        }
        for (index, source) in list_at(volume, &["projected", "sources"])
            .iter()
            .enumerate()
        {
            for (field, kind, rule) in [
                ("secret", "Secret", Rule::SecretExists),
                ("configMap", "ConfigMap", Rule::ConfigMapExists),
            ] {
                if let Some(reference) = value_at(source, &[field]) {
                    if !optional(&reference) {
                        let name = text_at(&reference, &["name"]);
                        self.require_with_items(
                            subject,
                            rule,
                            &format!("{pointer}/projected/sources/{index}/{field}"),
                            kind,
                            &name,
                            &reference,
                        );
                    }
                }
            }
        }
    }

    /// A Secret or ConfigMap volume source, with the keys its `items` name.
    fn require_with_items(
        &mut self,
        subject: &Subject<'_>,
        rule: Rule,
        pointer: &str,
        kind: &str,
        name: &str,
        source: &Value,
    ) {
        if !self.require(subject, rule, pointer, kind, name) {
            return;
        }
        for (index, item) in list_at(source, &["items"]).iter().enumerate() {
            let key = text_at(item, &["key"]);
            self.require_key(
                subject,
                &format!("{pointer}/items/{index}/key"),
                kind,
                name,
                &key,
            );
        }
    }

    fn require_key(
        &mut self,
        subject: &Subject<'_>,
        pointer: &str,
        kind: &str,
        name: &str,
        key: &str,
    ) {
        let Some(keys) = self.inventory.data_keys(kind, &subject.namespace, name) else {
            return;
        };
        if !keys.contains(key) {
            let known = keys.iter().cloned().collect::<Vec<_>>().join(", ");
            self.report(
                subject,
                Rule::DataKeyExists,
                pointer,
                format!("{kind} {name:?} has no key {key:?} (keys: {known})"),
            );
        }
    }

    fn check_container(&mut self, subject: &Subject<'_>, container: &Value, pointer: &str) {
        for (index, variable) in list_at(container, &["env"]).iter().enumerate() {
            for (field, kind, rule) in [
                ("secretKeyRef", "Secret", Rule::SecretExists),
                ("configMapKeyRef", "ConfigMap", Rule::ConfigMapExists),
            ] {
                let Some(reference) = value_at(variable, &["valueFrom", field]) else {
                    continue;
                };
                if value_at(&reference, &["optional"]) == Some(Value::Bool(true)) {
                    continue;
                }
                let name = text_at(&reference, &["name"]);
                let at = format!("{pointer}/env/{index}/valueFrom/{field}");
                if self.require(subject, rule, &at, kind, &name) {
                    let key = text_at(&reference, &["key"]);
                    self.require_key(subject, &format!("{at}/key"), kind, &name, &key);
                }
            }
        }
        for (index, source) in list_at(container, &["envFrom"]).iter().enumerate() {
            for (field, kind, rule) in [
                ("secretRef", "Secret", Rule::SecretExists),
                ("configMapRef", "ConfigMap", Rule::ConfigMapExists),
            ] {
                let Some(reference) = value_at(source, &[field]) else {
                    continue;
                };
                if value_at(&reference, &["optional"]) != Some(Value::Bool(true)) {
                    let name = text_at(&reference, &["name"]);
                    self.require(
                        subject,
                        rule,
                        &format!("{pointer}/envFrom/{index}/{field}"),
                        kind,
                        &name,
                    );
                }
            }
        }
        let names = port_names(container);
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            for handler in ["httpGet", "tcpSocket"] {
                if let Some(port) = value_at(container, &[probe, handler, "port"]) {
                    if let Some(name) = port.as_str() {
                        if !names.contains(name) {
                            self.report(
                                subject,
                                Rule::ProbePortExists,
                                &format!("{pointer}/{probe}/{handler}/port"),
                                format!(
                                    "the probe uses port {name:?}, but container {:?} has no port of that name",
                                    text_at(container, &["name"])
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}
