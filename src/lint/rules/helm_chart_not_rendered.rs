use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Says, once per chart, that a Helm chart's templates were read as raw templates instead of
    /// rendered by Helm (Helm is not on `PATH`, or `--helm=off`), at line 1 of its `Chart.yaml`.
    /// Text inside `{{ }}` actions is then an unknown value: the rules that need it stay quiet,
    /// and values from `values.yaml` are never substituted or guessed. What the templates write
    /// literally (`nodePort: 99999`, `type: Nodeport`, `protocol: HTTP`, a duplicate port) is
    /// still checked, at its template line. The chart's `values*.yaml`, `values.schema.json`,
    /// `Chart.yaml`, `Chart.lock`, `_*.tpl` helpers, `NOTES.txt`, `templates/tests/` and files
    /// outside `templates/` are never linted as manifests.
    ///
    /// ## Why is this bad?
    /// It is not a mistake in the chart: it says how much of it was checked. A port, type or
    /// selector that comes from `values.yaml` is only known once the chart is rendered.
    ///
    /// ## Example
    /// ```yaml
    /// # mychart/templates/service.yaml
    /// spec:
    ///   type: {{ .Values.service.type }}
    ///   ports:
    ///     - port: {{ .Values.service.port }}
    /// ```
    ///
    /// ## Use instead
    /// Render the chart and lint what it writes, with the values you deploy:
    /// ```sh
    /// helm template web mychart -f prod-values.yaml | svcctl lint -
    /// ```
    ///
    /// ## References
    /// - https://helm.sh/docs/helm/helm_template/
    pub struct HelmChartNotRendered {
        id: "helm-chart-not-rendered",
        code: "SVC090",
        category: Syntax,
        severity: Info,
        summary: "a Helm chart's templates were checked raw, without rendering",
    }
}

impl Check for HelmChartNotRendered {}
