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
    pub struct AmbiguousScalar {
        id: "ambiguous-scalar",
        code: "SVC087",
        category: BestPractice,
        severity: Info,
        summary: "a YAML 1.1 value that kubectl reads differently than it looks",
    }
}

impl Rule for AmbiguousScalar {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, _svc: &ServiceContext<'_>, _out: &mut Vec<Finding>) {
        // TODO: implement
    }
}
