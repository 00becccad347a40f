//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain load-balancer-class-unserved`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live LoadBalancer Service without an address whose `spec.loadBalancerClass` no
    /// LoadBalancer Service of the audit has an address from (`svcctl audit` only).
    ///
    /// ## Why is this bad?
    /// The default cloud controller ignores Services with a `loadBalancerClass`; only a controller of
    /// that class provisions them. When no Service of the class has an address, most likely no such
    /// controller runs (or the class is misspelt), and the Service stays `<pending>` forever.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerClass: example.com/internal-lb   # nothing serves it
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer          # the cluster's default load balancer
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#load-balancer-class
    pub struct LoadBalancerClassUnserved {
        id: "load-balancer-class-unserved",
        code: "SVC107",
        category: Cluster,
        severity: Warning,
        summary: "a loadBalancerClass that no Service of the cluster has an address from",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for LoadBalancerClassUnserved {}
