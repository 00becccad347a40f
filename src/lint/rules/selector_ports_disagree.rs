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
    pub struct SelectorPortsDisagree {
        id: "selector-ports-disagree",
        code: "SVC053",
        category: CrossObject,
        severity: Warning,
        summary: "the selector matches workloads whose ports disagree",
    }
}

impl Rule for SelectorPortsDisagree {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, _svc: &ServiceContext<'_>, _out: &mut Vec<Finding>) {
        // TODO: implement
    }
}
