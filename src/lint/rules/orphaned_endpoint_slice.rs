//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain orphaned-endpoint-slice`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live EndpointSlice whose `kubernetes.io/service-name` label names a Service that
    /// does not exist in its namespace (`svcctl audit` only).
    ///
    /// ## Why is this bad?
    /// Such a slice serves nothing: it was written by hand for a Service that was renamed or deleted,
    /// or its label has a typo and the Service it was meant for has no endpoints.
    ///
    /// ## Example
    /// ```yaml
    /// kind: EndpointSlice
    /// metadata:
    ///   labels:
    ///     kubernetes.io/service-name: legacy-bd   # the Service is legacy-db
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: EndpointSlice
    /// metadata:
    ///   labels:
    ///     kubernetes.io/service-name: legacy-db
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership
    pub struct OrphanedEndpointSlice {
        id: "orphaned-endpoint-slice",
        code: "SVC111",
        category: Cluster,
        severity: Warning,
        summary: "an EndpointSlice whose kubernetes.io/service-name names no Service",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for OrphanedEndpointSlice {}
