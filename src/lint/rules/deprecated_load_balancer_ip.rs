use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags `spec.loadBalancerIP`, deprecated since Kubernetes 1.24.
    ///
    /// ## Why is this bad?
    /// The field never worked for dual-stack Services, and what it does was always left to each
    /// cloud provider: some honour it, some ignore it, and the API server never checks its
    /// value. It may be removed in a future API version. Load balancer implementations offer
    /// their own annotations instead.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerIP: 203.0.113.10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     # the annotation of your implementation, e.g. MetalLB:
    ///     metallb.universe.tf/loadBalancerIPs: 203.0.113.10
    /// spec:
    ///   type: LoadBalancer
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
    pub struct DeprecatedLoadBalancerIp {
        id: "deprecated-load-balancer-ip",
        code: "SVC070",
        category: Deprecation,
        severity: Warning,
        summary: "spec.loadBalancerIP is deprecated",
    }
}

impl Check for DeprecatedLoadBalancerIp {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        // Deprecated in 1.24, before every version svcctl knows.
        let set = svc
            .spec()
            .and_then(|s| s.load_balancer_ip.as_deref())
            .is_some_and(|ip| !ip.is_empty());
        if !set {
            return;
        }
        out.push(
            Finding::at(
                &Self::META,
                path("spec.loadBalancerIP"),
                "spec.loadBalancerIP is deprecated since Kubernetes 1.24; its effect depends on the load balancer implementation",
            )
            .help("use your load balancer implementation's annotation for a fixed address (e.g. metallb.universe.tf/loadBalancerIPs, service.beta.kubernetes.io/azure-load-balancer-ipv4)"),
        );
    }
}
