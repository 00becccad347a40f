//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain external-name-with-selector`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live ExternalName Service that also has a `spec.selector` or `spec.ports`
    /// (`svcctl audit` only).
    ///
    /// ## Why is this bad?
    /// An ExternalName Service is a DNS CNAME: no proxying, no endpoints. Its selector selects Pods
    /// for nothing, and its ports change nothing (clients connect to the external name on the port
    /// they choose). Either is a sign that the Service was meant to be another type.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: db.example.com
    ///   selector:
    ///     app: db
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: db.example.com
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#externalname
    pub struct ExternalNameWithSelector {
        id: "external-name-with-selector",
        code: "SVC113",
        category: Cluster,
        severity: Warning,
        summary: "an ExternalName Service that also carries a selector or ports, which nothing uses",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for ExternalNameWithSelector {}
