use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a chart that `helm template` refuses to render, at the template file and line
    /// Helm names: a `required` value left unset, a `fail` call, a template syntax error, a
    /// rendered document that is not YAML. svcctl renders a chart folder it is given (or finds
    /// in a folder) when `helm` is on `PATH` and `--helm` is not `off`, passing `--helm-values`
    /// and `--helm-set` through.
    ///
    /// Nothing else of the chart is linted: there is no rendered output to lint.
    ///
    /// ## Why is this bad?
    /// `helm install` fails the same way: the chart installs nothing.
    ///
    /// ## Example
    /// ```yaml
    /// # templates/service.yaml, rendered without --helm-set service.port=...
    /// spec:
    ///   ports:
    ///     - port: {{ required "service.port is required" .Values.service.port }}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # values.yaml
    /// service:
    ///   port: 80
    /// ```
    ///
    /// ## References
    /// - Helm: https://helm.sh/docs/helm/helm_template/
    pub struct HelmTemplateFailed {
        id: "helm-template-failed",
        code: "SVC095",
        category: Syntax,
        severity: Error,
        summary: "helm template fails on this chart",
    }
}

// Its findings come from rendering the chart (`crate::lint::helmed`), not from a check of one
// Service or of the run.
impl Check for HelmTemplateFailed {}
