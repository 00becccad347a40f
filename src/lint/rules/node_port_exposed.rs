use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags NodePort Services, and LoadBalancer Services that allocate node ports (the
    /// default). Off by default: enable it (`--select node-port-exposed`, or
    /// `rules: {node-port-exposed: warning}` in `.svcctl.yaml`) where policy forbids exposing
    /// Services on the nodes.
    ///
    /// ## Why is this bad?
    /// A node port opens the Service on every node's address, bypassing Ingress or Gateway
    /// controls, TLS termination and authentication placed in front of the cluster, and nodes
    /// often sit on networks broader than intended. Many platform teams require all external
    /// traffic to enter through a load balancer or a Gateway.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: ClusterIP   # and expose it through an Ingress or a Gateway
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#load-balancer-nodeport-allocation
    pub struct NodePortExposed {
        id: "node-port-exposed",
        code: "SVC063",
        category: Security,
        severity: Off,
        summary: "a NodePort or LoadBalancer Service exposes a port on every node",
        judges_the_type: true,
    }
}

impl Check for NodePortExposed {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let message = match svc.service_type() {
            ServiceType::NodePort => "type NodePort opens this Service on a port of every node",
            ServiceType::LoadBalancer => {
                let allocates = svc
                    .spec()
                    .and_then(|s| s.allocate_load_balancer_node_ports)
                    .unwrap_or(true);
                if !allocates {
                    return;
                }
                "type LoadBalancer also opens this Service on a port of every node (allocateLoadBalancerNodePorts defaults to true)"
            }
            _ => return,
        };
        out.push(
            Finding::at(&Self::META, path("spec.type"), message)
                .help("use type ClusterIP behind an Ingress or a Gateway, or set allocateLoadBalancerNodePorts: false if your load balancer does not need node ports"),
        );
    }
}
