//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain selector-matches-no-pod`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live Service whose `spec.selector` matches no Pod of its namespace in the cluster
    /// (`svcctl audit` only), and says what explains it when the cluster shows it: a Pod that has
    /// every selector label but one, a Pod whose value is one typo away (`app=wbe` for `app=web`), or
    /// Pods with exactly these labels in another namespace (with `-A`).
    ///
    /// ## Why is this bad?
    /// The API server accepts any selector, and a Service that selects nothing has no endpoints:
    /// every connection is refused, and nothing in `kubectl get service` says why. Offline lint can
    /// only guess which Pods a selector will meet; the cluster knows.
    ///
    /// ## Example
    /// ```yaml
    /// # Service shop/web                 # Pods in shop
    /// spec:                                # web-7d9f: app=wbe, tier=front
    ///   selector:
    ///     app: web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   selector:
    ///     app: web        # and the Pods labelled app=web
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/#does-the-service-have-any-endpoints
    pub struct SelectorMatchesNoPod {
        id: "selector-matches-no-pod",
        code: "SVC100",
        category: Cluster,
        severity: Error,
        summary: "the selector matches no Pod running in the Service's namespace",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for SelectorMatchesNoPod {}
