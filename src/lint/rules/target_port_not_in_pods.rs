//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain target-port-not-in-pods`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a port of a live Service whose numeric `targetPort` (or `port`, when targetPort is not
    /// given) is declared by no container of the Pods the selector matches, while those containers do
    /// list other ports (`svcctl audit` only).
    ///
    /// ## Why is this bad?
    /// Declaring container ports is informational, so this may work: something may listen on the
    /// port anyway. But when the containers list their ports and this one is not among them, the
    /// Service most often points at the wrong one (the Service port instead of the container port).
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - port: 80
    ///       targetPort: 80        # the containers declare 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
    pub struct TargetPortNotInPods {
        id: "target-port-not-in-pods",
        code: "SVC104",
        category: Cluster,
        severity: Info,
        summary: "a numeric targetPort that no container of the selected Pods declares, while they declare others",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for TargetPortNotInPods {}
