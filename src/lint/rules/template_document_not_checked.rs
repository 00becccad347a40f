use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Says that a document of a templated file (a Helm template, or any YAML with `{{ }}`
    /// actions) was not checked, because it does not read as YAML once its actions are set
    /// aside: an action writes a part of its structure (for example `ports: {{ ... }}` followed
    /// by more items) in a way that cannot be read without rendering. No `yaml-syntax` error is
    /// reported for it: the template may well render to valid YAML.
    ///
    /// ## Why is this bad?
    /// It is not a mistake: it says which document svcctl could not see into, so that a clean
    /// result is not mistaken for a checked one.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports: {{ .Values.extraPorts }}
    ///     - port: 80
    /// ```
    ///
    /// ## Use instead
    /// Render the template and lint the result (`helm template … | svcctl lint -`), or write
    /// the block on its own lines (`{{- toYaml .Values.extraPorts | nindent 4 }}`).
    ///
    /// ## References
    /// - https://pkg.go.dev/text/template
    pub struct TemplateDocumentNotChecked {
        id: "template-document-not-checked",
        code: "SVC091",
        category: Syntax,
        severity: Info,
        summary: "a templated document that is not YAML without rendering was not checked",
    }
}

impl Check for TemplateDocumentNotChecked {}
