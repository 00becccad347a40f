use crate::k8s::ServiceType;
use crate::k8s::text::{qualified_name, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks `spec.loadBalancerClass` on a LoadBalancer Service: like a label key it must be a
    /// qualified name, an optional DNS-subdomain prefix and `/` followed by a name of letters,
    /// digits, `-`, `_` and `.` (at most 63 characters), e.g. `example.com/internal-vip`. An empty
    /// string is refused too.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service, e.g. `spec.loadBalancerClass: Invalid value:
    /// "Example.com/LB": prefix part a lowercase RFC 1123 subdomain must consist of …`. The class
    /// also cannot be changed later, so a typo would stick.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerClass: MetalLB/l2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerClass: metallb.io/l2
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#load-balancer-class
    pub struct InvalidLoadBalancerClass {
        id: "invalid-load-balancer-class",
        code: "SVC034",
        category: Api,
        severity: Error,
        summary: "loadBalancerClass that is not a qualified name",
        apiserver: "R61",
    }
}

impl Check for InvalidLoadBalancerClass {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        // On other types the field is forbidden outright (load-balancer-field-on-wrong-type).
        if svc.service_type() != ServiceType::LoadBalancer {
            return;
        }
        let Some(class) = svc.spec().and_then(|s| s.load_balancer_class.as_deref()) else {
            return;
        };
        for msg in qualified_name(class) {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.loadBalancerClass"),
                    format!("Invalid value: {}: {msg}", quoted(class)),
                )
                .help("use the class name your load-balancer controller documents, e.g. `example.com/internal-vip`, or remove the field for the cloud default"),
            );
        }
    }
}
