//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain local-traffic-without-health-check`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live LoadBalancer Service with `externalTrafficPolicy: Local` that has no
    /// `healthCheckNodePort` (`svcctl audit` only).
    ///
    /// ## Why is this bad?
    /// The load balancer learns which nodes have a local endpoint only from `healthCheckNodePort`.
    /// Without one it keeps sending traffic to nodes that drop it. The API server allocates the port
    /// when the Service is created with these settings; a Service without it was created by an
    /// unusual path and should be recreated.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   externalTrafficPolicy: Local      # no healthCheckNodePort
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   externalTrafficPolicy: Local
    ///   healthCheckNodePort: 32000        # allocated by the API server
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip
    pub struct LocalTrafficWithoutHealthCheck {
        id: "local-traffic-without-health-check",
        code: "SVC109",
        category: Cluster,
        severity: Warning,
        summary: "a LoadBalancer with externalTrafficPolicy Local and no healthCheckNodePort",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for LocalTrafficWithoutHealthCheck {}
