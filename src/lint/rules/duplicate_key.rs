use crate::lint::declare::declare_rule;
use crate::lint::{Check, Finding, ServiceContext};
use crate::model::decode::IssueKind;

declare_rule! {
    /// ## What it does
    /// Reports a key written twice in the same mapping of a Service.
    ///
    /// ## Why is this bad?
    /// With strict field validation (kubectl's default) the API server refuses the object. Without
    /// it, the last value silently wins, which usually hides an editing mistake.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   type: ClusterIP
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: NodePort
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
    pub struct DuplicateKey {
        id: "duplicate-key",
        code: "SVC004",
        category: Api,
        severity: Error,
        summary: "the same key appears twice in one mapping",
        apiserver: "P2 duplicate key (strict)",
    }
}

impl Check for DuplicateKey {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for issue in &svc.decoded.issues {
            if let IssueKind::DuplicateKey { first } = issue.kind {
                let line = svc.file.source.position(first.start).line;
                // Named by its whole path, as the API server's strict decoder names it.
                let field = &issue.path;
                out.push(
                    Finding::at(
                        &Self::META,
                        issue.path.clone(),
                        format!("strict decoding error: duplicate field \"{field}\" (first set on line {line})"),
                    )
                    .span(issue.span)
                    .help("keep one of the two; without strict validation the last one silently wins"),
                );
            }
        }
    }
}
