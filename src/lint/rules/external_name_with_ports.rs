//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain external-name-with-ports`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live ExternalName Service that also lists `spec.ports` (`svcctl audit` only). A
    /// selector on one is `field-ignored-for-type`'s, which runs on every live Service too.
    ///
    /// ## Why is this bad?
    /// An ExternalName Service is a DNS CNAME: no proxying, no endpoints, no port mapping. Its
    /// ports change nothing (clients connect to the external name on the port they choose, and a
    /// `targetPort` is never applied), so they promise a translation that does not happen; often
    /// the Service was meant to be another type.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: db.example.com
    ///   ports:
    ///     - port: 5432
    ///       targetPort: 15432    # never applied
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
    pub struct ExternalNameWithPorts {
        id: "external-name-with-ports",
        code: "SVC113",
        category: Cluster,
        severity: Warning,
        summary: "an ExternalName Service with ports, which nothing applies",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for ExternalNameWithPorts {}
