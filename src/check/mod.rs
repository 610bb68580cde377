//! Checks of what was rendered, before it reaches a cluster.
//!
//! A render can be valid YAML, valid against every values schema and still fail on an empty
//! cluster: a Deployment mounts a Secret nothing creates, a Service selects no pod, an Ingress
//! points at a port name the Service does not have, a ServiceMonitor scrapes nothing. These
//! checks read the rendered objects of one profile as a whole and report every such reference
//! that resolves neither inside the render nor to an object the profile declares as external
//! (`external:` in a profile: what a team must create before `kubectl apply`).
//!
//! * [`cluster`]: what every cluster has (built-in API groups, namespaces, ClusterRoles) and
//!   which kinds are cluster-scoped.
//! * [`label_selector`]: Kubernetes label selectors (`matchLabels`, `matchExpressions`).
//! * [`inventory`]: the index of a render: objects by kind, namespace and name, pod templates
//!   with their labels and port names, Secret and ConfigMap keys, Secrets other objects produce.
//! * [`references`]: the reference rules over that index.
//! * [`rules`]: the names of the reference rules, each of which can be switched off.
//! * [`kubernetes_schema`]: each object against the Kubernetes JSON schema of its kind for the
//!   target version (kubeconform's schema locations: directories, path templates, URLs).
//! * [`schema_fetch`]: schemas of URL locations, fetched over HTTP(S) into an on-disk cache
//!   (`--offline` reads the cache only); the only network access of `validate`.
//! * [`crd_schema`]: custom resources against the CustomResourceDefinitions of their kinds
//!   (from the render, charts' `crds/` directories and `--crd` files), with [`openapi`]
//!   turning a definition's OpenAPI v3 schema into a JSON Schema.
//!
//! This module reads [`Value`](crate::value::Value)s (and schema files or URLs); `project` hands
//! it the objects of a profile's render and turns its findings into diagnostics.

pub mod cluster;
pub mod crd_schema;
pub mod inventory;
pub mod kubernetes_schema;
pub mod label_selector;
pub mod openapi;
pub mod references;
pub mod rules;
pub mod schema_fetch;

pub use crd_schema::{CrdCatalog, CrdError, CustomResourceDefinition};
pub use inventory::{ExternalObject, RenderedInput};
pub use kubernetes_schema::{KubernetesSchemas, SchemaSettings};
pub use references::{check_references, Finding, ObjectName};
pub use rules::{DisabledRules, Rule, UnknownRule};
