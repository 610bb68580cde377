//! The names of the reference rules, so that each can be switched off on its own
//! (`--disable-check NAME`, `checks: {disable: [...]}` in a profile or in `chartroom.yaml`'s
//! `defaults`).
//!
//! A name is part of chartroom's interface: profiles and CI scripts spell it, so a rule keeps
//! its name once published. The list is also written into the project and profile JSON
//! Schemas (an `enum`), which a test keeps in step with [`Rule::ALL`].

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// One reference rule of [`check_references`](super::check_references).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// An apiVersion outside Kubernetes' own groups is defined by a CRD or listed.
    ApiVersionKnown,
    /// Namespaced objects set `metadata.namespace`.
    NamespaceSet,
    /// The namespace an object lands in is rendered or external.
    NamespaceExists,
    /// No two objects share kind, namespace and name.
    UniqueObjects,
    /// Secrets used by pods and Ingress TLS exist.
    SecretExists,
    /// ConfigMaps used by pods exist.
    ConfigMapExists,
    /// Keys read from a Secret or ConfigMap are in it.
    DataKeyExists,
    /// PersistentVolumeClaims mounted by pods exist.
    PvcExists,
    /// ServiceAccounts of pods and of RBAC subjects exist.
    ServiceAccountExists,
    /// A pod's PriorityClass exists.
    PriorityClassExists,
    /// StorageClasses of claims exist.
    StorageClassExists,
    /// Probes' named ports are ports of their container.
    ProbePortExists,
    /// Services named by StatefulSets and Ingress backends exist.
    ServiceExists,
    /// An Ingress backend's port is a port of its Service.
    ServicePortExists,
    /// A Service's selector selects a rendered pod template.
    ServiceSelectorMatches,
    /// A Service's named target ports are container ports of the selected pods.
    TargetPortExists,
    /// An Ingress's IngressClass exists.
    IngressClassExists,
    /// cert-manager issuers named by Certificates and Ingress annotations exist.
    IssuerExists,
    /// An autoscaler's scale target exists.
    ScaleTargetExists,
    /// PodDisruptionBudget and NetworkPolicy selectors select a rendered pod template.
    PodSelectorMatches,
    /// The Role or ClusterRole of a binding exists.
    RoleExists,
    /// ServiceMonitor and PodMonitor selectors select something.
    MonitorSelectorMatches,
    /// Monitor endpoints name ports the selected Services or pods have.
    MonitorPortExists,
    /// An ExternalSecret's secret store exists.
    SecretStoreExists,
}

impl Rule {
    /// Every rule, in the order the documentation lists them.
    pub const ALL: [Rule; 24] = [
        Rule::ApiVersionKnown,
        Rule::NamespaceSet,
        Rule::NamespaceExists,
        Rule::UniqueObjects,
        Rule::SecretExists,
        Rule::ConfigMapExists,
        Rule::DataKeyExists,
        Rule::PvcExists,
        Rule::ServiceAccountExists,
        Rule::PriorityClassExists,
        Rule::StorageClassExists,
        Rule::ProbePortExists,
        Rule::ServiceExists,
        Rule::ServicePortExists,
        Rule::ServiceSelectorMatches,
        Rule::TargetPortExists,
        Rule::IngressClassExists,
        Rule::IssuerExists,
        Rule::ScaleTargetExists,
        Rule::PodSelectorMatches,
        Rule::RoleExists,
        Rule::MonitorSelectorMatches,
        Rule::MonitorPortExists,
        Rule::SecretStoreExists,
    ];

    /// The stable name users write.
    pub fn name(self) -> &'static str {
        match self {
            Rule::ApiVersionKnown => "api-version-known",
            Rule::NamespaceSet => "namespace-set",
            Rule::NamespaceExists => "namespace-exists",
            Rule::UniqueObjects => "unique-objects",
            Rule::SecretExists => "secret-exists",
            Rule::ConfigMapExists => "config-map-exists",
            Rule::DataKeyExists => "data-key-exists",
            Rule::PvcExists => "pvc-exists",
            Rule::ServiceAccountExists => "service-account-exists",
            Rule::PriorityClassExists => "priority-class-exists",
            Rule::StorageClassExists => "storage-class-exists",
            Rule::ProbePortExists => "probe-port-exists",
            Rule::ServiceExists => "service-exists",
            Rule::ServicePortExists => "service-port-exists",
            Rule::ServiceSelectorMatches => "service-selector-matches",
            Rule::TargetPortExists => "target-port-exists",
            Rule::IngressClassExists => "ingress-class-exists",
            Rule::IssuerExists => "issuer-exists",
            Rule::ScaleTargetExists => "scale-target-exists",
            Rule::PodSelectorMatches => "pod-selector-matches",
            Rule::RoleExists => "role-exists",
            Rule::MonitorSelectorMatches => "monitor-selector-matches",
            Rule::MonitorPortExists => "monitor-port-exists",
            Rule::SecretStoreExists => "secret-store-exists",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule name chartroom does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown check {name:?}; the checks are: {}", rule_names().join(", "))]
pub struct UnknownRule {
    pub name: String,
}

/// Every rule's name, in documentation order.
pub fn rule_names() -> Vec<&'static str> {
    Rule::ALL.iter().map(|rule| rule.name()).collect()
}

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(name: &str) -> Result<Rule, UnknownRule> {
        Rule::ALL
            .into_iter()
            .find(|rule| rule.name() == name)
            .ok_or_else(|| UnknownRule {
                name: name.to_string(),
            })
    }
}

/// The rules switched off for one check of a render.
pub type DisabledRules = BTreeSet<Rule>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let names: BTreeSet<&str> = rule_names().into_iter().collect();
        assert_eq!(names.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            assert_eq!(rule.name().parse::<Rule>(), Ok(rule));
        }
        let error = "secrets-exist".parse::<Rule>().unwrap_err().to_string();
        assert!(
            error.starts_with("unknown check \"secrets-exist\"; the checks are: api-version-known, namespace-set,"),
            "{error}"
        );
    }

    /// The project and profile schemas accept exactly these names.
    #[test]
    fn the_json_schemas_list_every_name() {
        for (file, text) in [
            ("profile", include_str!("../../schemas/profile.schema.json")),
            (
                "chartroom",
                include_str!("../../schemas/chartroom.schema.json"),
            ),
        ] {
            let schema: serde_json::Value = serde_json::from_str(text).unwrap();
            let listed: Vec<&str> = schema["$defs"]["checkName"]["enum"]
                .as_array()
                .unwrap_or_else(|| panic!("{file}: no $defs/checkName enum"))
                .iter()
                .filter_map(|name| name.as_str())
                .collect();
            assert_eq!(listed, rule_names(), "{file}.schema.json");
        }
    }
}
