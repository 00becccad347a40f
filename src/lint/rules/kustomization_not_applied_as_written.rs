use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a part of a kustomization that Kustomize builds without applying as written,
    /// and says so nowhere:
    /// - a strategic-merge patch entry Kustomize silently drops, such as a Service port entry
    ///   that names `protocol: TCP` where the base entry leaves `protocol` out, or the reverse
    ///   (Kustomize v5, issues #3620 and #4752), or a list entry without its merge key;
    /// - a patch whose explicit `target:` matches no object (Kustomize builds on silently);
    /// - a field svcctl does not build (remote resources, `helmCharts`, generator and
    ///   transformer plugins, `openapi`, `vars`), so the objects linted lack what it would add.
    ///
    /// ## Why is this bad?
    /// The overlay reads as if it changed something that `kubectl apply -k` never applies: a
    /// NodePort that stays random, a port that keeps its old target.
    ///
    /// ## Example
    /// ```yaml
    /// # base/service.yaml has   ports: [{name: http, port: 80}]
    /// # overlay patch:
    /// spec:
    ///   ports:
    ///   - port: 80
    ///     protocol: TCP      # not in the base entry: the whole entry is dropped
    ///     nodePort: 30080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///   - port: 80
    ///     nodePort: 30080
    /// ```
    ///
    /// ## References
    /// - https://github.com/kubernetes-sigs/kustomize/issues/3620
    /// - https://github.com/kubernetes-sigs/kustomize/issues/4752
    pub struct KustomizationNotAppliedAsWritten {
        id: "kustomization-not-applied-as-written",
        code: "SVC089",
        category: Syntax,
        severity: Warning,
        summary: "Kustomize silently drops or skips part of this kustomization",
    }
}

// Its findings come from the kustomization build (`crate::lint::kustomized`), not from a check
// of one Service or of the run.
impl Check for KustomizationNotAppliedAsWritten {}
