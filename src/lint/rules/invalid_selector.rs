use crate::lint::declare::declare_rule;
use crate::lint::rules::invalid_label::check_label_map;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks every key and value of `spec.selector` with the label rules: a key is an optional
    /// DNS subdomain prefix and `/`, then a name of at most 63 letters, digits, `-`, `_` and `.`
    /// that starts and ends with a letter or digit; a value is empty or follows the name rule.
    ///
    /// ## Why is this bad?
    /// A selector can only match Pod labels, and a Pod cannot carry an invalid label, so the API
    /// server refuses the Service: `spec.selector: Invalid value: "web frontend": a valid label
    /// must be an empty string or consist of …`.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   selector:
    ///     app: web frontend
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   selector:
    ///     app: web-frontend
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    pub struct InvalidSelector {
        id: "invalid-selector",
        code: "SVC021",
        category: Api,
        severity: Error,
        summary: "a selector key or value that is not a valid label",
        apiserver: "R31",
    }
}

impl Check for InvalidSelector {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let selector = svc.spec().and_then(|s| s.selector.as_ref());
        check_label_map(&Self::META, svc, "spec.selector", selector, out);
    }
}
