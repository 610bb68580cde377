//! Helm 4's install order of resource kinds.
//!
//! Manifests (and, separately, hooks) are stably sorted by the position of their `kind` in
//! Helm's install list; kinds not in the list come after all listed kinds, ordered by byte
//! order of the kind name, and documents of the same kind keep their order. Kind names are
//! case-sensitive (`SERVICE` is an unknown kind). Helm 4 added the two admission webhook
//! configuration kinds right after `APIService`; Helm 3 treated them as unknown.

use std::cmp::Ordering;

use super::manifest::{Hook, Manifest};
use crate::chart::HelmCompat;

/// Helm 4's `InstallOrder`.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// The install order of the given Helm release: Helm 3's list ends at `APIService`.
pub fn install_order(compat: HelmCompat) -> &'static [&'static str] {
    match compat {
        HelmCompat::V3 => &INSTALL_ORDER[..INSTALL_ORDER.len() - 2],
        HelmCompat::V4 => INSTALL_ORDER,
    }
}

fn rank(kind: &str, compat: HelmCompat) -> Option<usize> {
    install_order(compat)
        .iter()
        .position(|known| *known == kind)
}

/// The order of two kinds (Helm 4's list): listed kinds by list position, then unknown kinds
/// by name.
pub fn compare_kinds(a: &str, b: &str) -> Ordering {
    compare_kinds_for(a, b, HelmCompat::V4)
}

/// [`compare_kinds`] with the given Helm release's list.
pub fn compare_kinds_for(a: &str, b: &str, compat: HelmCompat) -> Ordering {
    match (rank(a, compat), rank(b, compat)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// Sorts manifests into the given Helm release's install order (stable).
pub fn sort_manifests(manifests: &mut [Manifest], compat: HelmCompat) {
    manifests.sort_by(|a, b| compare_kinds_for(&a.head.kind, &b.head.kind, compat));
}

/// Sorts hooks by kind only (stable): weights do not take part in `helm template`'s order.
pub fn sort_hooks(hooks: &mut [Hook], compat: HelmCompat) {
    hooks.sort_by(|a, b| compare_kinds_for(&a.manifest.head.kind, &b.manifest.head.kind, compat));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::manifest::SimpleHead;

    fn manifest(kind: &str, content: &str) -> Manifest {
        Manifest {
            path: "p/templates/x.yaml".into(),
            content: content.into(),
            head: SimpleHead {
                kind: kind.into(),
                ..SimpleHead::default()
            },
        }
    }

    #[test]
    fn known_kinds_first_unknown_alphabetically_stable() {
        let mut manifests = vec![
            manifest("Zeta", "1"),
            manifest("", "2"),
            manifest("Service", "3"),
            manifest("ValidatingWebhookConfiguration", "4"),
            manifest("Alpha", "5"),
            manifest("Namespace", "6"),
            manifest("Service", "7"),
            manifest("SERVICE", "8"),
            manifest("APIService", "9"),
        ];
        let mut helm3 = manifests.clone();
        sort_manifests(&mut manifests, HelmCompat::V4);
        let order: Vec<&str> = manifests.iter().map(|m| m.content.as_str()).collect();
        assert_eq!(order, vec!["6", "3", "7", "9", "4", "2", "5", "8", "1"]);
        sort_manifests(&mut helm3, HelmCompat::V3);
        let order: Vec<&str> = helm3.iter().map(|m| m.content.as_str()).collect();
        assert_eq!(order, vec!["6", "3", "7", "9", "2", "5", "8", "4", "1"]);
    }
}
