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
    pub struct TargetPortNameNotFound {
        id: "target-port-name-not-found",
        code: "SVC051",
        category: CrossObject,
        severity: Error,
        summary: "a named targetPort that no selected container declares",
    }
}

impl Rule for TargetPortNameNotFound {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, _svc: &ServiceContext<'_>, _out: &mut Vec<Finding>) {
        // TODO: implement
    }
}
