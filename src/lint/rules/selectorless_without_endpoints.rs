//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain selectorless-without-endpoints`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live Service (other than ExternalName) that has no selector and no EndpointSlice
    /// labelled `kubernetes.io/service-name` with its name, nor Endpoints with addresses (`svcctl audit`
    /// only).
    ///
    /// ## Why is this bad?
    /// A Service without a selector gets no endpoints from the cluster: whoever created it must write
    /// them. With none, the Service sends traffic nowhere.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata:
    ///   name: legacy-db
    /// spec:
    ///   ports:
    ///     - port: 5432    # and no EndpointSlice for legacy-db
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: EndpointSlice
    /// metadata:
    ///   name: legacy-db-1
    ///   labels:
    ///     kubernetes.io/service-name: legacy-db
    /// addressType: IPv4
    /// endpoints:
    ///   - addresses: ["10.1.2.3"]
    /// ports:
    ///   - port: 5432
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
    pub struct SelectorlessWithoutEndpoints {
        id: "selectorless-without-endpoints",
        code: "SVC110",
        category: Cluster,
        severity: Warning,
        summary: "a Service without a selector and without EndpointSlices or Endpoints of its own",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for SelectorlessWithoutEndpoints {}
