//! The requests of `--against live`, through the kube crate: discovery of each API group
//! version, GET of each rendered object, LIST by release labels, and (with `--server-side`)
//! dry-run server-side apply PATCHes. Nothing else is sent.

use std::collections::{BTreeMap, BTreeSet};

use kube::api::{Api, DynamicObject, ListParams, Patch, PatchParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::core::ApiResource;
use kube::{Client, Config};

use crate::value::json::{from_serde_json, to_serde_json};
use crate::value::{Map, Value};

use super::super::error::DiffError;
use super::super::identity::{ResourceKey, ResourceSet};
use super::super::normalize::{merge_string_data, project_onto, strip_server_fields};
use super::{
    by_api_version, live_resource, release_selector, with_type, LiveOptions, LiveSides,
    FIELD_MANAGER,
};

/// A served resource type: how to address it and whether it is namespaced.
#[derive(Debug, Clone)]
struct Served {
    resource: ApiResource,
    namespaced: bool,
}

fn live_error(context: &str, error: impl std::fmt::Display) -> DiffError {
    DiffError::Live(format!("{context}: {error}"))
}

/// Connects with the kubeconfig and context the options name.
async fn connect(options: &LiveOptions) -> Result<Client, DiffError> {
    let kubeconfig = match &options.kubeconfig {
        Some(path) => Kubeconfig::read_from(path),
        None => Kubeconfig::read(),
    }
    .map_err(|error| live_error("cannot read kubeconfig", error))?;
    let config_options = KubeConfigOptions {
        context: options.context.clone(),
        ..KubeConfigOptions::default()
    };
    let config = Config::from_custom_kubeconfig(kubeconfig, &config_options)
        .await
        .map_err(|error| live_error("cannot use kubeconfig", error))?;
    Client::try_from(config).map_err(|error| live_error("cannot create a client", error))
}

/// Whether a kube error is the API server's 404.
fn is_not_found(error: &kube::Error) -> bool {
    matches!(error, kube::Error::Api(status) if status.code == 404 || status.is_not_found())
}

/// The resource types one API group version serves, by kind; `None` when the cluster does not
/// serve the group version at all.
async fn discover(
    client: &Client,
    api_version: &str,
) -> Result<Option<BTreeMap<String, Served>>, DiffError> {
    let (group, version) = match api_version.rsplit_once('/') {
        Some((group, version)) => (group.to_string(), version.to_string()),
        None => (String::new(), api_version.to_string()),
    };
    let listing = if group.is_empty() {
        client.list_core_api_resources(api_version).await
    } else {
        client.list_api_group_resources(api_version).await
    };
    let listing = match listing {
        Ok(listing) => listing,
        // Every Kubernetes API server serves the core group: a 404 there means the address is
        // not one, and reading it as "nothing deployed" would report every object as added.
        Err(error) if is_not_found(&error) && group.is_empty() => {
            return Err(DiffError::Live(format!(
                "the server answered 404 to the discovery of the core API ({api_version}): it is not a Kubernetes API server, or the kubeconfig points at the wrong address"
            )))
        }
        Err(error) if is_not_found(&error) => return Ok(None),
        Err(error) => return Err(live_error(&format!("discovery of {api_version}"), error)),
    };
    let mut served = BTreeMap::new();
    for resource in listing
        .resources
        .iter()
        .filter(|resource| !resource.name.contains('/'))
    {
        let api_resource = ApiResource {
            group: group.clone(),
            version: version.clone(),
            api_version: api_version.to_string(),
            kind: resource.kind.clone(),
            plural: resource.name.clone(),
        };
        served.insert(
            resource.kind.clone(),
            Served {
                resource: api_resource,
                namespaced: resource.namespaced,
            },
        );
    }
    Ok(Some(served))
}

fn api_for(client: &Client, served: &Served, namespace: &str) -> Api<DynamicObject> {
    if served.namespaced {
        Api::namespaced_with(client.clone(), namespace, &served.resource)
    } else {
        Api::all_with(client.clone(), &served.resource)
    }
}

/// A kube object as a [`Map`] without server-populated fields.
fn to_map(object: &DynamicObject, served: &Served) -> Result<Map, DiffError> {
    let json =
        serde_json::to_value(object).map_err(|error| live_error("cannot read an object", error))?;
    let Value::Map(map) = from_serde_json(&json) else {
        return Err(DiffError::Live(
            "the API server returned an object that is not a JSON object".into(),
        ));
    };
    Ok(strip_server_fields(&with_type(
        map,
        &served.resource.api_version,
        &served.resource.kind,
    )))
}

/// Reads both sides of the comparison (see the module documentation of [`super`]).
pub(super) async fn fetch(
    rendered: &ResourceSet,
    options: &LiveOptions,
) -> Result<LiveSides, DiffError> {
    let client = connect(options).await?;
    // The core API first: a server that does not serve it is not a cluster to compare with.
    discover(&client, "v1").await?;
    let mut sides = LiveSides::default();
    // (api version, kind, namespace) triples to LIST for removed objects.
    let mut listed: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut served_kinds: BTreeMap<(String, String), Served> = BTreeMap::new();
    for (api_version, resources) in by_api_version(rendered) {
        let discovered = discover(&client, &api_version).await?;
        for resource in resources {
            let key = &resource.key;
            let rendered_object = merge_string_data(&resource.object);
            let Some(served) = discovered.as_ref().and_then(|kinds| kinds.get(&key.kind)) else {
                sides.warnings.push(format!(
                    "{key}: the cluster does not serve {} {}",
                    api_version, key.kind
                ));
                sides.new.resources.insert(
                    key.clone(),
                    live_resource(key, &api_version, rendered_object),
                );
                continue;
            };
            served_kinds.insert((api_version.clone(), key.kind.clone()), served.clone());
            listed.insert((
                api_version.clone(),
                key.kind.clone(),
                if served.namespaced {
                    key.namespace.clone()
                } else {
                    String::new()
                },
            ));
            let api = api_for(&client, served, &key.namespace);
            let live = api
                .get_opt(&key.name)
                .await
                .map_err(|error| live_error(&format!("GET {key}"), error))?;
            let Some(live) = live else {
                sides.new.resources.insert(
                    key.clone(),
                    live_resource(key, &api_version, rendered_object),
                );
                continue;
            };
            let live_object = to_map(&live, served)?;
            let (old, new) = if options.server_side {
                let body = to_serde_json(&Value::Map(resource.object.clone()));
                let parameters = PatchParams::apply(FIELD_MANAGER).force().dry_run();
                let applied = api
                    .patch(&key.name, &parameters, &Patch::Apply(body))
                    .await
                    .map_err(|error| live_error(&format!("dry-run apply of {key}"), error))?;
                (live_object, to_map(&applied, served)?)
            } else {
                let projected = match project_onto(
                    &Value::Map(live_object),
                    &Value::Map(rendered_object.clone()),
                ) {
                    Value::Map(map) => map,
                    _ => Map::new(),
                };
                (projected, rendered_object)
            };
            sides
                .old
                .resources
                .insert(key.clone(), live_resource(key, &api_version, old));
            sides
                .new
                .resources
                .insert(key.clone(), live_resource(key, &api_version, new));
        }
    }
    if let Some(selector) = release_selector(rendered) {
        for (api_version, kind, namespace) in listed {
            let Some(served) = served_kinds.get(&(api_version.clone(), kind.clone())) else {
                continue;
            };
            let api = api_for(&client, served, &namespace);
            let list = api
                .list(&ListParams::default().labels(&selector))
                .await
                .map_err(|error| live_error(&format!("LIST {kind} in {namespace}"), error))?;
            for item in &list.items {
                let name = item.metadata.name.clone().unwrap_or_default();
                let item_namespace = if served.namespaced {
                    item.metadata
                        .namespace
                        .clone()
                        .unwrap_or_else(|| namespace.clone())
                } else {
                    String::new()
                };
                let key = ResourceKey {
                    group: served.resource.group.clone(),
                    kind: kind.clone(),
                    namespace: item_namespace,
                    name,
                };
                if key.name.is_empty() || rendered.get(&key).is_some() {
                    continue;
                }
                let object = to_map(item, served)?;
                sides
                    .old
                    .resources
                    .insert(key.clone(), live_resource(&key, &api_version, object));
            }
        }
    } else {
        sides.warnings.push(format!(
            "no rendered object carries the {} label, so removed objects cannot be found",
            super::RELEASE_LABEL
        ));
    }
    Ok(sides)
}
