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
    pub struct SessionAffinityConfigIgnored {
        id: "session-affinity-config-ignored",
        code: "SVC082",
        category: BestPractice,
        severity: Warning,
        summary: "sessionAffinityConfig without sessionAffinity: ClientIP is dropped",
    }
}

impl Rule for SessionAffinityConfigIgnored {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, _svc: &ServiceContext<'_>, _out: &mut Vec<Finding>) {
        // TODO: implement
    }
}
