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
    pub struct ClusterIpOutsideServiceCidr {
        id: "cluster-ip-outside-service-cidr",
        code: "SVC039",
        category: Api,
        severity: Error,
        summary: "a requested cluster IP outside the cluster's service CIDR",
    }
}

impl Rule for ClusterIpOutsideServiceCidr {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, _svc: &ServiceContext<'_>, _out: &mut Vec<Finding>) {
        // TODO: implement
    }
}
