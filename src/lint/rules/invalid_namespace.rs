use crate::lint::declare::declare_rule;
use crate::lint::{Finding, Rule, ServiceContext};

declare_rule! {
    /// ## What it does
    /// TODO
    ///
    /// ## Why is this bad?
    /// TODO
    ///
    /// ## Example
    /// ```yaml
    /// TODO
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// TODO
    /// ```
    ///
    /// ## References
    /// - TODO
    pub struct InvalidNamespace {
        id: "invalid-namespace",
        code: "SVC006",
        category: Api,
        severity: Error,
        summary: "metadata.namespace is not a valid RFC 1123 label",
    }
}

impl Rule for InvalidNamespace {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, _svc: &ServiceContext<'_>, _out: &mut Vec<Finding>) {
        // TODO: implement
    }
}
