use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a kustomization that Kustomize refuses to build, at the entry that makes it
    /// fail: a resource or patch file that does not exist, a cycle between kustomizations, a
    /// patch without `target:` that matches no object, two objects with one id after the build,
    /// a kustomization that is not a mapping, a label or annotation value that is not a
    /// string, or a file outside the kustomization's folder (Kustomize's load restrictor).
    ///
    /// The rest of the build is still linted: one bad entry does not hide the findings of the
    /// others.
    ///
    /// ## Why is this bad?
    /// `kubectl apply -k` applies nothing when the build fails.
    ///
    /// ## Example
    /// ```yaml
    /// # kustomization.yaml
    /// resources:
    /// - service.yaml
    /// - servcie-monitor.yaml   # no such file
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    /// - service.yaml
    /// - service-monitor.yaml
    /// ```
    ///
    /// ## References
    /// - Kustomize: https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
    pub struct InvalidKustomization {
        id: "invalid-kustomization",
        code: "SVC088",
        category: Syntax,
        severity: Error,
        summary: "Kustomize refuses to build this kustomization",
    }
}

// Its findings come from the kustomization build (`crate::lint::kustomized`), not from a check
// of one Service or of the run.
impl Check for InvalidKustomization {}
