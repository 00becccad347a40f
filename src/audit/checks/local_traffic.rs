//! SVC108 and SVC109: `externalTrafficPolicy: Local`, where a node without a ready endpoint of
//! the Service drops the traffic sent to it.

use std::collections::BTreeSet;

use crate::audit::AuditFinding;
use crate::audit::snapshot::Snapshot;
use crate::k8s::text::listing;
use crate::lint::rules::local_traffic_dropped_on_nodes::LocalTrafficDroppedOnNodes;
use crate::lint::rules::local_traffic_without_health_check::LocalTrafficWithoutHealthCheck;

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    for svc in snap.services.iter().filter(|s| {
        s.external_traffic_policy.as_deref() == Some("Local")
            && matches!(s.kind.as_str(), "NodePort" | "LoadBalancer")
    }) {
        if svc.kind == "LoadBalancer" && svc.health_check_node_port.is_none() {
            out.push(
                AuditFinding::service(
                    &LocalTrafficWithoutHealthCheck::META,
                    svc,
                    "externalTrafficPolicy is Local but the Service has no healthCheckNodePort: the load balancer cannot tell which nodes have a ready endpoint and keeps sending traffic to nodes that drop it".to_string(),
                )
                .field("spec.healthCheckNodePort")
                .help("recreate the Service so that the API server allocates a healthCheckNodePort, or point the load balancer's health check at one"),
            );
        }
        if !snap.seen.nodes || !snap.seen.pods || !svc.selects_pods() {
            continue;
        }
        let mut with_endpoints: BTreeSet<&str> = BTreeSet::new();
        for slice in snap.slices_of(svc) {
            for endpoint in slice.endpoints.iter().filter(|e| e.is_ready()) {
                if let Some(node) = endpoint.node_name.as_deref() {
                    with_endpoints.insert(node);
                }
            }
        }
        if with_endpoints.is_empty() {
            for pod in snap
                .selected(&svc.namespace, &svc.selector)
                .iter()
                .filter_map(|&i| snap.pod(i))
                .filter(|p| p.is_ready())
            {
                if let Some(node) = pod.spec.node_name.as_deref() {
                    with_endpoints.insert(node);
                }
            }
        }
        if with_endpoints.is_empty() {
            // No ready endpoint at all: no-ready-endpoints says so.
            continue;
        }
        let dropping: Vec<&str> = snap
            .nodes
            .iter()
            .filter(|n| n.is_ready() && !with_endpoints.contains(n.metadata.name.as_str()))
            .map(|n| n.metadata.name.as_str())
            .collect();
        if dropping.is_empty() {
            continue;
        }
        out.push(
            AuditFinding::service(
                &LocalTrafficDroppedOnNodes::META,
                svc,
                format!(
                    "externalTrafficPolicy is Local and only {} of the {} ready nodes run a ready endpoint ({}); traffic that reaches node{} {} is dropped",
                    with_endpoints.len(),
                    with_endpoints.len() + dropping.len(),
                    listing(&with_endpoints, |n| n.to_string()),
                    if dropping.len() == 1 { "" } else { "s" },
                    listing(&dropping, |n| n.to_string())
                ),
            )
            .field("spec.externalTrafficPolicy")
            .help("for a LoadBalancer, make sure its health check uses healthCheckNodePort; for a NodePort, send traffic only to nodes with endpoints, spread the Pods over every node (a DaemonSet), or use externalTrafficPolicy: Cluster"),
        );
    }
}
