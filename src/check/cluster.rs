//! What an empty Kubernetes cluster already has, so references to it need no declaration, and
//! which kinds live outside namespaces.

/// API groups a conformant cluster serves without any operator (the core group is `""`).
const BUILT_IN_GROUPS: &[&str] = &[
    "",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "apps",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "extensions",
    "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io",
    "networking.k8s.io",
    "node.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "resource.k8s.io",
    "scheduling.k8s.io",
    "storage.k8s.io",
    "storagemigration.k8s.io",
];

/// Kinds that are not namespaced: Kubernetes' own and those of the operators whose custom
/// resources the reference rules know.
const CLUSTER_SCOPED_KINDS: &[&str] = &[
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ClusterExternalSecret",
    "ClusterIssuer",
    "ClusterRole",
    "ClusterRoleBinding",
    "ClusterSecretStore",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
    "VolumeSnapshotClass",
];

/// Objects every cluster has, as (kind, name); namespaced ones exist in every namespace.
const BUILT_IN_OBJECTS: &[(&str, &str)] = &[
    ("Namespace", "default"),
    ("Namespace", "kube-system"),
    ("Namespace", "kube-public"),
    ("Namespace", "kube-node-lease"),
    ("ServiceAccount", "default"),
    ("ConfigMap", "kube-root-ca.crt"),
    ("ClusterRole", "admin"),
    ("ClusterRole", "edit"),
    ("ClusterRole", "view"),
    ("ClusterRole", "cluster-admin"),
    ("PriorityClass", "system-cluster-critical"),
    ("PriorityClass", "system-node-critical"),
];

/// The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ``).
pub fn api_group(api_version: &str) -> &str {
    api_version
        .rsplit_once('/')
        .map(|(group, _)| group)
        .unwrap_or("")
}

/// Whether a cluster serves this `apiVersion` without an operator or CRD.
pub fn is_built_in_api(api_version: &str) -> bool {
    BUILT_IN_GROUPS.contains(&api_group(api_version))
}

/// Whether objects of `kind` live outside namespaces.
pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED_KINDS.contains(&kind)
}

/// Whether every cluster has this object (in every namespace, for namespaced kinds).
pub fn is_built_in_object(kind: &str, name: &str) -> bool {
    BUILT_IN_OBJECTS.contains(&(kind, name))
        || (kind == "ClusterRole" && name.starts_with("system:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_come_from_the_api_version() {
        assert_eq!(api_group("v1"), "");
        assert_eq!(api_group("apps/v1"), "apps");
        assert!(is_built_in_api("networking.k8s.io/v1"));
        assert!(!is_built_in_api("monitoring.coreos.com/v1"));
        assert!(is_cluster_scoped("ClusterIssuer") && !is_cluster_scoped("Issuer"));
        assert!(is_built_in_object("ClusterRole", "system:auth-delegator"));
        assert!(!is_built_in_object("ServiceAccount", "api"));
    }
}
