use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags the LoadBalancer-only settings on a Service of another type:
    /// `loadBalancerSourceRanges` (or, when that field is empty, the
    /// `service.beta.kubernetes.io/load-balancer-source-ranges` annotation),
    /// `allocateLoadBalancerNodePorts` (even `false`) and `loadBalancerClass` (even `""`).
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service, e.g. `spec.LoadBalancerSourceRanges: Forbidden: may
    /// only be used when `type` is 'LoadBalancer'` (the server really prints a capital L). Often
    /// the type was changed to ClusterIP or NodePort and the load-balancer settings were left
    /// behind; a source-range allow-list that is silently dropped would be worse, so it is an
    /// error.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   loadBalancerSourceRanges:
    ///     - 203.0.113.0/24
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerSourceRanges:
    ///     - 203.0.113.0/24
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
    /// - https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/
    pub struct LoadBalancerFieldOnWrongType {
        id: "load-balancer-field-on-wrong-type",
        code: "SVC032",
        category: Api,
        severity: Error,
        summary: "a LoadBalancer-only field on another type",
        apiserver: "R55 R57 R59 R62",
        judges_the_type: true,
    }
}

pub(crate) const SOURCE_RANGES_ANNOTATION: &str =
    "service.beta.kubernetes.io/load-balancer-source-ranges";

const FORBIDDEN: &str = "Forbidden: may only be used when `type` is 'LoadBalancer'";

impl Check for LoadBalancerFieldOnWrongType {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(service) = svc.service else { return };
        let Some(spec) = service.spec.as_ref() else {
            return;
        };
        // The API server's condition is "type is not LoadBalancer", a misspelt type included
        // (`type: loadbalancer` gets both findings from it, too).
        if svc.service_type() == ServiceType::LoadBalancer {
            return;
        }
        let help = "set `type: LoadBalancer`, or remove this setting";
        if spec
            .load_balancer_source_ranges
            .as_ref()
            .is_some_and(|r| !r.is_empty())
        {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.LoadBalancerSourceRanges"),
                    FORBIDDEN,
                )
                .span(svc.span_of(&path("spec.loadBalancerSourceRanges")))
                .help(help),
            );
        } else if service
            .metadata
            .annotations
            .as_ref()
            .is_some_and(|a| a.contains_key(SOURCE_RANGES_ANNOTATION))
        {
            out.push(
                Finding::at(
                    &Self::META,
                    path("metadata.annotations").key(SOURCE_RANGES_ANNOTATION),
                    FORBIDDEN,
                )
                .help(help),
            );
        }
        if spec.allocate_load_balancer_node_ports.is_some() {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.allocateLoadBalancerNodePorts"),
                    FORBIDDEN,
                )
                .help(help),
            );
        }
        if spec.load_balancer_class.is_some() {
            out.push(
                Finding::at(&Self::META, path("spec.loadBalancerClass"), FORBIDDEN).help(help),
            );
        }
    }
}
