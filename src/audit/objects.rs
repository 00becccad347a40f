//! The live objects an audit reads, as light serde types: only the fields the checks use, so that
//! 50,000 Pods are read without building their whole trees (unknown fields are skipped by serde).
//! Services are the exception: they are kept whole, because every offline rule runs on them.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A field the API server may send as `null` (an EndpointSlice without endpoints has
/// `"endpoints": null`) read as its default, like an absent one.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// One page of a list call: the items and the token for the next page.
#[derive(Debug, Deserialize)]
pub struct Page<T> {
    #[serde(default, deserialize_with = "nullable")]
    pub metadata: ListMeta,
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListMeta {
    #[serde(rename = "continue", default, deserialize_with = "nullable")]
    pub continue_token: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub namespace: String,
    #[serde(default, deserialize_with = "nullable")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "nullable")]
    pub deletion_timestamp: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub creation_timestamp: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    #[serde(default, deserialize_with = "nullable")]
    pub metadata: Meta,
    #[serde(default, deserialize_with = "nullable")]
    pub spec: PodSpec,
    #[serde(default, deserialize_with = "nullable")]
    pub status: PodStatus,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    #[serde(default, deserialize_with = "nullable")]
    pub node_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub containers: Vec<Container>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub ports: Vec<ContainerPort>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerPort {
    #[serde(default, deserialize_with = "nullable")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub container_port: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub protocol: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    #[serde(default, deserialize_with = "nullable")]
    pub phase: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Condition {
    #[serde(rename = "type", default, deserialize_with = "nullable")]
    pub kind: String,
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
}

impl Pod {
    pub fn is_ready(&self) -> bool {
        self.metadata.deletion_timestamp.is_none()
            && self
                .status
                .conditions
                .iter()
                .any(|c| c.kind == "Ready" && c.status == "True")
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSlice {
    #[serde(default, deserialize_with = "nullable")]
    pub metadata: Meta,
    #[serde(default, deserialize_with = "nullable")]
    pub endpoints: Vec<Endpoint>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    #[serde(default, deserialize_with = "nullable")]
    pub addresses: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub conditions: EndpointConditions,
    #[serde(default, deserialize_with = "nullable")]
    pub node_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub target_ref: Option<TargetRef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct EndpointConditions {
    #[serde(default, deserialize_with = "nullable")]
    pub ready: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    pub terminating: Option<bool>,
}

impl Endpoint {
    /// discovery.k8s.io/v1: a nil `ready` means ready, unless terminating.
    pub fn is_ready(&self) -> bool {
        self.conditions.ready.unwrap_or(true) && !self.conditions.terminating.unwrap_or(false)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TargetRef {
    #[serde(default, deserialize_with = "nullable")]
    pub kind: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
}

/// The service-name label the endpointslice controller writes on a Service's slices.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

impl EndpointSlice {
    pub fn service_name(&self) -> Option<&str> {
        self.metadata
            .labels
            .get(SERVICE_NAME_LABEL)
            .map(String::as_str)
    }
}

/// core/v1 Endpoints, read only where no EndpointSlice names the Service.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(default, deserialize_with = "nullable")]
    pub metadata: Meta,
    #[serde(default, deserialize_with = "nullable")]
    pub subsets: Vec<Value>,
}

/// A Node: its name, readiness and labels (the topology ones matter); nothing else is read.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    #[serde(default, deserialize_with = "nullable")]
    pub metadata: Meta,
    #[serde(default, deserialize_with = "nullable")]
    pub status: NodeStatus,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    #[serde(default, deserialize_with = "nullable")]
    pub conditions: Vec<Condition>,
}

impl Node {
    pub fn is_ready(&self) -> bool {
        self.status
            .conditions
            .iter()
            .any(|c| c.kind == "Ready" && c.status == "True")
    }
}

/// An Ingress or a Gateway API route, kept whole: their backends are found by path.
#[derive(Clone, Debug)]
pub struct Router {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub object: Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_lists_and_fields_read_as_absent() {
        let slice: EndpointSlice = serde_json::from_str(
            r#"{"metadata": {"name": "s", "labels": null}, "endpoints": null}"#,
        )
        .expect("a slice with null endpoints");
        assert!(slice.endpoints.is_empty() && slice.metadata.labels.is_empty());
        let pod: Pod = serde_json::from_str(
            r#"{"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "ports": null}]}, "status": {"conditions": null}}"#,
        )
        .expect("a Pod with null lists");
        assert!(pod.spec.containers.iter().all(|c| c.ports.is_empty()));
        let page: Page<Pod> =
            serde_json::from_str(r#"{"metadata": {"continue": null}, "items": []}"#)
                .expect("a page");
        assert!(page.items.is_empty() && page.metadata.continue_token.is_none());
    }
}
