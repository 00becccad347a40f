use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::fix::edits::remove_entry;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags a non-zero `nodePort` on a port of a `ClusterIP` Service, including one whose `type`
    /// was left out (it defaults to `ClusterIP`).
    ///
    /// ## Why is this bad?
    /// Only NodePort and LoadBalancer Services open ports on the nodes. The API server refuses
    /// the Service: `spec.ports[0].nodePort: Forbidden: may not be used when `type` is
    /// 'ClusterIP'`. This usually means `type: NodePort` was forgotten, or was removed without
    /// removing the `nodePort` values.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - port: 80
    ///       nodePort: 30080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///     - port: 80
    ///       nodePort: 30080
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the `nodePort` line is removed (with a comment at its end; comment lines above stay).
    /// The API server refuses the Service as written, and a ClusterIP Service opens no node port, so
    /// nothing that works is lost. If the port was meant to be reachable on the nodes, set `type:
    /// NodePort` instead of fixing. A `nodePort` written on the line of the port's `- ` is not removed.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
    pub struct NodePortOnClusterIp {
        id: "node-port-on-cluster-ip",
        code: "SVC030",
        category: Api,
        severity: Error,
        summary: "nodePort on a ClusterIP Service",
        apiserver: "R52",
        judges_the_type: true,
        fix: Safe,
    }
}

impl Check for NodePortOnClusterIp {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        if svc.service_type() != ServiceType::ClusterIp {
            return;
        }
        for (i, port) in svc.ports().iter().enumerate() {
            if port.node_port.unwrap_or(0) != 0 {
                out.push(
                    Finding::at(
                        &Self::META,
                        path("spec.ports").index(i).field("nodePort"),
                        "Forbidden: may not be used when `type` is 'ClusterIP'",
                    )
                    .help("remove `nodePort`, or set `type: NodePort` (or LoadBalancer) if the port must be reachable on the nodes")
                    .fix(remove_node_port(svc, i)),
                );
            }
        }
    }
}

fn remove_node_port(svc: &ServiceContext<'_>, i: usize) -> Option<Fix> {
    let port = svc.node_at(&path("spec.ports").index(i))?;
    // The last `nodePort` key is the one the decoder kept.
    let index = port
        .as_map()?
        .iter()
        .rposition(|e| e.key.scalar_text() == Some("nodePort"))?;
    let edit = remove_entry(svc.text(), port, index)?;
    Some(Fix::safe("remove `nodePort`", vec![edit]))
}
