use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::invalid_cluster_ip::cluster_ip_span;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags `clusterIP: None` (a headless Service) on a Service of type `NodePort` or
    /// `LoadBalancer`.
    ///
    /// ## Why is this bad?
    /// NodePort and LoadBalancer traffic is forwarded to the Service's cluster IP, and a headless
    /// Service has none. The API server refuses it: `spec.clusterIPs[0]: Invalid value: "None":
    /// may not be set to 'None' for LoadBalancer services`.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   clusterIP: None
    ///   ports:
    ///     - port: 80
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///     - port: 80
    /// ```
    /// If you need per-Pod DNS records, add a separate headless `ClusterIP` Service.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
    pub struct HeadlessTypeConflict {
        id: "headless-type-conflict",
        code: "SVC025",
        category: Api,
        severity: Error,
        summary: "clusterIP: None on a NodePort or LoadBalancer Service",
        apiserver: "R15 R16",
        judges_the_type: true,
    }
}

impl Check for HeadlessTypeConflict {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        if !svc.is_headless() {
            return;
        }
        let type_name = match svc.service_type() {
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::NodePort => "NodePort",
            _ => return,
        };
        out.push(
            Finding::at(
                &Self::META,
                path("spec.clusterIPs[0]"),
                format!(
                    "Invalid value: \"None\": may not be set to 'None' for {type_name} services"
                ),
            )
            .span(cluster_ip_span(svc, 0))
            .help("remove `clusterIP: None`, or make the Service `type: ClusterIP`"),
        );
    }
}
