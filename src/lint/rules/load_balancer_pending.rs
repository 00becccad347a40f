//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain load-balancer-pending`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live LoadBalancer Service that has no `status.loadBalancer.ingress` longer than
    /// `--pending-after` (default 5m) after it was created (`svcctl audit` only).
    ///
    /// ## Why is this bad?
    /// `EXTERNAL-IP <pending>` means no controller has provisioned a load balancer: a cluster without
    /// a cloud provider or MetalLB, a quota, a missing subnet annotation. Clients outside the cluster
    /// cannot reach the Service, and nothing fails loudly.
    ///
    /// ## Example
    /// ```yaml
    /// # Service shop/web, type LoadBalancer, created 2h ago
    /// status:
    ///   loadBalancer: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status:
    ///   loadBalancer:
    ///     ingress:
    ///       - ip: 203.0.113.10
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
    pub struct LoadBalancerPending {
        id: "load-balancer-pending",
        code: "SVC106",
        category: Cluster,
        severity: Warning,
        summary: "a LoadBalancer Service still without an address after --pending-after",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for LoadBalancerPending {}
