//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain target-port-name-not-in-pods`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a port of a live Service whose `targetPort` is a name that no container of the Pods
    /// the selector matches declares in `ports[].name` (`svcctl audit` only).
    ///
    /// ## Why is this bad?
    /// A named targetPort is resolved in each Pod. When no container declares the name, the Pod gives
    /// the Service no endpoint port for it, and connections to that Service port are refused.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - port: 80
    ///       targetPort: http      # the Pods' container names its port "web"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - port: 80
    ///       targetPort: web
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
    pub struct TargetPortNameNotInPods {
        id: "target-port-name-not-in-pods",
        code: "SVC103",
        category: Cluster,
        severity: Error,
        summary: "a named targetPort that no container of the selected Pods declares",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for TargetPortNameNotInPods {}
