//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain pods-disagree-on-port`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a port of a live Service whose named `targetPort` the Pods the selector matches
    /// resolve to different container port numbers, or that only some of them declare (`svcctl audit`
    /// only).
    ///
    /// ## Why is this bad?
    /// Each Pod resolves a named port on its own, so the same Service port lands on different
    /// container ports depending on the Pod: typical of a selector that spans two workloads, or of a
    /// rollout that renamed or renumbered the port halfway.
    ///
    /// ## Example
    /// ```yaml
    /// # targetPort: http; Pod web-a declares http=8080, Pod web-b http=9090
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # every selected Pod declares http with the same number
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
    pub struct PodsDisagreeOnPort {
        id: "pods-disagree-on-port",
        code: "SVC105",
        category: Cluster,
        severity: Warning,
        summary: "the selected Pods give a named targetPort different numbers, or only some declare it",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for PodsDisagreeOnPort {}
