use crate::lint::declare::declare_rule;
use crate::lint::{Finding, Rule, ServiceContext};
use crate::model::decode::IssueKind;

declare_rule! {
    /// ## What it does
    /// Reports a value whose JSON type is not the one the field takes: a quoted number where an
    /// integer belongs, a number or a YAML 1.1 boolean (`yes`, `on`) where a string belongs, a
    /// scalar where a list belongs.
    ///
    /// ## Why is this bad?
    /// kubectl converts YAML to JSON with YAML 1.1 rules before sending it, and the API server
    /// refuses the whole object while decoding it: `json: cannot unmarshal string into Go struct
    /// field ServicePort.spec.ports.port of type int32`. Label values such as `version: 1.0` or
    /// `enabled: yes` are the classic trap: they are a number and a boolean, not strings.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     version: 1.0
    /// spec:
    ///   ports:
    ///     - port: "80"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     version: "1.0"
    /// spec:
    ///   ports:
    ///     - port: 80
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
    pub struct InvalidValueType {
        id: "invalid-value-type",
        code: "SVC002",
        category: Api,
        severity: Error,
        summary: "a value has the wrong JSON type for its field",
    }
}

impl Rule for InvalidValueType {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for issue in &svc.decoded.issues {
            if let IssueKind::WrongType { message } = &issue.kind {
                let help = if message.contains("of type string") {
                    "quote the value so that it is a string (\"1.0\", \"true\")"
                } else if message.contains("cannot unmarshal string") {
                    "remove the quotes: this field takes a number"
                } else {
                    "give this field a value of the type it takes"
                };
                out.push(
                    Finding::at(&Self::META, issue.path.clone(), message.clone())
                        .span(issue.span)
                        .help(help),
                );
            }
        }
    }
}
