use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::duplicate_node_port::NodePortReplay;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks that every `nodePort` requested by a `NodePort` or `LoadBalancer` Service lies in
    /// the cluster's NodePort range: `30000-32767` unless `--node-port-range` says otherwise
    /// (the API server's `--service-node-port-range`).
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service before any other check: `spec.ports[0].nodePort:
    /// Invalid value: 8080: provided port is not in the valid range. The range of valid ports is
    /// 30000-32767`. Because this comes from the port allocator, `kubectl apply
    /// --dry-run=server` may not report it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///     - port: 80
    ///       nodePort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///     - port: 80
    ///       nodePort: 30080  # or leave nodePort out and let the cluster pick one
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
    /// - https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
    pub struct NodePortRange {
        id: "node-port-range",
        code: "SVC012",
        category: Api,
        severity: Error,
        summary: "nodePort outside the cluster's NodePort range",
        apiserver: "A8",
    }
}

impl Check for NodePortRange {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        // Only these types allocate node ports; a nodePort on ClusterIP is refused by another
        // rule, and on ExternalName it is ignored.
        if !matches!(
            svc.service_type(),
            ServiceType::NodePort | ServiceType::LoadBalancer
        ) {
            return;
        }
        let range = svc.settings.node_port_range;
        let node_port = |i: usize| path(&format!("spec.ports[{i}].nodePort"));
        // Reported where the registry's allocator reports it: at the first entry of the `port`
        // number that asked for it, which is not always the entry that wrote it (the label
        // stays on the value as written).
        for claim in NodePortReplay::of(svc).claims {
            let Some(refusal) = range.refusal(claim.wanted) else {
                continue;
            };
            out.push(
                Finding::at(
                    &Self::META,
                    node_port(claim.entry),
                    format!("Invalid value: {}: {refusal}", claim.wanted),
                )
                .span(svc.span_of(&node_port(claim.writer)))
                .help(format!(
                    "leave `nodePort` out to let the cluster choose one, or pick a port in {range}"
                )),
            );
        }
    }
}
