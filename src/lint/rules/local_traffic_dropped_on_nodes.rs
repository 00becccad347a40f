//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain local-traffic-dropped-on-nodes`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live NodePort or LoadBalancer Service with `externalTrafficPolicy: Local` whose ready
    /// endpoints run on only some of the ready nodes, and names the nodes that drop its traffic
    /// (`svcctl audit` only; needs permission to list Nodes).
    ///
    /// ## Why is this bad?
    /// With `Local`, a node forwards external traffic only to endpoints on itself. A node without one
    /// drops the connection. A load balancer that health-checks `healthCheckNodePort` steers around
    /// those nodes; a NodePort client or a load balancer that checks something else does not.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   externalTrafficPolicy: Local    # Pods on node-a only; node-b and node-c drop
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   externalTrafficPolicy: Cluster  # or Pods on every node (a DaemonSet)
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip
    pub struct LocalTrafficDroppedOnNodes {
        id: "local-traffic-dropped-on-nodes",
        code: "SVC108",
        category: Cluster,
        severity: Warning,
        summary: "externalTrafficPolicy Local with ready endpoints on only some nodes",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for LocalTrafficDroppedOnNodes {}
