//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain stale-endpoint-slices`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live Service whose EndpointSlices (label `kubernetes.io/service-name`) disagree with
    /// the Pods its selector matches (`svcctl audit` only): ready endpoints whose Pod is gone, not ready
    /// or no longer selected, ready Pods missing from every slice, or no slice at all although ready
    /// Pods match.
    ///
    /// ## Why is this bad?
    /// kube-proxy and every service mesh route by the EndpointSlices, not by the Pods. Slices that
    /// lag behind the Pods send traffic to addresses that are gone and none to the new Pods: the
    /// endpointslice controller (kube-controller-manager) is down or overloaded, or someone else
    /// writes the slices.
    ///
    /// ## Example
    /// ```yaml
    /// # Service shop/web selects app=web; ready Pods web-1, web-2
    /// # EndpointSlice web-abcde lists web-0 (deleted) and web-1
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # the EndpointSlices list exactly the ready Pods web-1 and web-2
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
    pub struct StaleEndpointSlices {
        id: "stale-endpoint-slices",
        code: "SVC102",
        category: Cluster,
        severity: Warning,
        summary: "the Service's EndpointSlices disagree with the Pods its selector matches",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for StaleEndpointSlices {}
