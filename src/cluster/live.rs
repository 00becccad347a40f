//! `svcctl explain svc/NAME`: read a Service and its EndpointSlices from the cluster (two GETs,
//! never a write) and hand them to [`crate::explain::live`] as a manifest and its endpoints.

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::discovery::v1::EndpointSlice;
use kube::Api;
use kube::api::ListParams;

use super::Connection;
use super::connect::{self, Cluster};
use super::status;
use crate::error::Failure;
use crate::explain::live::{LiveEndpoint, LiveEndpoints, LivePort, LiveService, as_written};

/// Fetch each named Service of the connection's namespace.
pub fn fetch(names: &[String], connection: &Connection) -> Result<Vec<LiveService>, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Message(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let cluster = connect::connect(connection).await?;
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            out.push(fetch_one(&cluster, name).await?);
        }
        Ok(out)
    })
}

async fn fetch_one(cluster: &Cluster, name: &str) -> Result<LiveService, Failure> {
    let ns = cluster.namespace.as_str();
    let services: Api<Service> = Api::namespaced(cluster.client.clone(), ns);
    let service = within(cluster, services.get(name))
        .await?
        .map_err(|e| failure(&e, cluster, "get", "services", name))?;
    let slices: Api<EndpointSlice> = Api::namespaced(cluster.client.clone(), ns);
    let params = ListParams::default().labels(&format!("kubernetes.io/service-name={name}"));
    let list = within(cluster, slices.list(&params))
        .await?
        .map_err(|e| failure(&e, cluster, "list", "endpointslices.discovery.k8s.io", name))?;
    let ingress = service
        .status
        .as_ref()
        .and_then(|s| s.load_balancer.as_ref())
        .and_then(|lb| lb.ingress.as_ref())
        .map(|list| {
            list.iter()
                .filter_map(|i| i.ip.clone().or_else(|| i.hostname.clone()))
                .collect()
        })
        .unwrap_or_default();
    let value = serde_json::to_value(&service)?;
    let manifest = format!("{}\n", serde_json::to_string_pretty(&as_written(&value))?);
    Ok(LiveService {
        source_name: format!("svc/{name} -n {ns} ({})", cluster.context),
        manifest,
        endpoints: LiveEndpoints::new(endpoints_of(&list.items), list.items.len(), ingress),
    })
}

/// Every endpoint of the slices, each Pod once: a dual-stack Pod is in one slice per family,
/// and the first address seen stands for it.
fn endpoints_of(slices: &[EndpointSlice]) -> Vec<LiveEndpoint> {
    let mut out: Vec<LiveEndpoint> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for slice in slices {
        let ports: Vec<LivePort> = slice
            .ports
            .iter()
            .flatten()
            .filter_map(|p| {
                Some(LivePort {
                    name: p.name.clone().filter(|n| !n.is_empty()),
                    protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                    port: p.port?,
                })
            })
            .collect();
        for e in slice.endpoints.iter().flatten() {
            let pod = e
                .target_ref
                .as_ref()
                .filter(|r| r.kind.as_deref() == Some("Pod"))
                .and_then(|r| r.name.clone());
            let address = e.addresses.first().cloned().unwrap_or_default();
            let key = pod.clone().unwrap_or_else(|| address.clone());
            if !seen.insert(key) {
                continue;
            }
            let conditions = e.conditions.as_ref();
            let ready = conditions.and_then(|c| c.ready).unwrap_or(true);
            out.push(LiveEndpoint {
                address,
                pod,
                node: e.node_name.clone(),
                zone: e.zone.clone(),
                ready,
                serving: conditions.and_then(|c| c.serving).unwrap_or(ready),
                terminating: conditions.and_then(|c| c.terminating).unwrap_or(false),
                ports: ports.clone(),
            });
        }
    }
    out
}

/// A request under `--timeout`.
async fn within<T>(
    cluster: &Cluster,
    request: impl std::future::Future<Output = T>,
) -> Result<T, Failure> {
    tokio::time::timeout(cluster.timeout, request)
        .await
        .map_err(|_| {
            Failure::Message(format!(
                "the API server at {} ({}) did not answer within {}s",
                cluster.server,
                cluster.context,
                cluster.timeout.as_secs_f64()
            ))
        })
}

/// One line for a refused or failed read, like `apply`'s: which verb on which resource.
fn failure(
    err: &kube::Error,
    cluster: &Cluster,
    verb: &str,
    resource: &str,
    name: &str,
) -> Failure {
    let ns = &cluster.namespace;
    let line = match err {
        kube::Error::Api(s) if s.code == 404 && verb == "get" => format!(
            "Service {name:?} not found in namespace {ns:?} ({}); list them with `kubectl get svc -n {ns}`",
            cluster.context
        ),
        kube::Error::Api(s) if s.code == 401 => format!(
            "the API server at {} refused the credentials of {} (401 Unauthorized); log in again \
             or fix this context's user in the kubeconfig",
            cluster.server, cluster.context
        ),
        kube::Error::Api(s) if s.code == 403 => format!(
            "{} may not {verb} {resource} in namespace {ns:?} (403 Forbidden): {}",
            cluster.context, s.message
        ),
        kube::Error::Api(s) => format!(
            "cannot {verb} {resource} in namespace {ns:?} ({}): {} ({})",
            cluster.context, s.message, s.code
        ),
        kube::Error::HyperError(_) | kube::Error::Service(_) => {
            status::unreachable_line(err, &cluster.server, &cluster.context)
        }
        kube::Error::Auth(_) => format!(
            "cannot get credentials for {}: {}",
            cluster.context,
            status::chain(err)
        ),
        other => format!(
            "cannot {verb} {resource} in namespace {ns:?} ({}): {}",
            cluster.context,
            status::chain(other)
        ),
    };
    Failure::Message(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_pod_is_one_endpoint_with_its_slice_ports() {
        let v4: EndpointSlice = serde_json::from_value(json!({
            "metadata": {"name": "web-a"}, "addressType": "IPv4",
            "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
            "endpoints": [
                {"addresses": ["10.0.0.1"], "conditions": {"ready": true}, "nodeName": "n1",
                 "targetRef": {"kind": "Pod", "name": "web-1"}},
                {"addresses": ["10.0.0.2"], "conditions": {"ready": false, "terminating": true},
                 "targetRef": {"kind": "Pod", "name": "web-2"}},
                {"addresses": ["192.0.2.7"]},
            ],
        }))
        .unwrap();
        let v6: EndpointSlice = serde_json::from_value(json!({
            "metadata": {"name": "web-b"}, "addressType": "IPv6",
            "endpoints": [{"addresses": ["fd00::1"], "targetRef": {"kind": "Pod", "name": "web-1"}}],
        }))
        .unwrap();
        let got = endpoints_of(&[v4, v6]);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].pod.as_deref(), Some("web-1"));
        assert_eq!(got[0].address, "10.0.0.1");
        assert_eq!(got[0].ports[0].port, 8080);
        assert!(got[1].terminating && !got[1].ready && !got[1].serving);
        assert!(got[2].ready && got[2].pod.is_none());
    }
}
