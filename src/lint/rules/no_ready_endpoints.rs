//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain no-ready-endpoints`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live Service whose selector matches Pods of which none is ready (`svcctl audit`
    /// only), and counts them: how many are Pending, running but not ready, and terminating.
    ///
    /// ## Why is this bad?
    /// Only ready Pods become ready endpoints. With none, kube-proxy has nowhere to send traffic and
    /// every connection is refused, although `kubectl get pods` lists Pods that look like the
    /// Service's. The counts say where to look: scheduling and image pulls (Pending), readiness
    /// probes (not ready), or a rollout that is stuck (terminating).
    ///
    /// ## Example
    /// ```yaml
    /// # Service shop/web selects app=web
    /// # Pods: web-1 (Running, Ready=False), web-2 (Pending)
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # at least one selected Pod Running with condition Ready=True
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
    /// - https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/
    pub struct NoReadyEndpoints {
        id: "no-ready-endpoints",
        code: "SVC101",
        category: Cluster,
        severity: Error,
        summary: "Pods match the selector but none of them is ready",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for NoReadyEndpoints {}
