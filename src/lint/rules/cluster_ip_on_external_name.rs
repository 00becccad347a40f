use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::invalid_cluster_ip::cluster_ips_span;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags `clusterIP`, `clusterIPs`, `ipFamilies` or `ipFamilyPolicy` on a Service of
    /// `type: ExternalName`, including `clusterIP: None` and an empty `ipFamilyPolicy: ""`.
    ///
    /// ## Why is this bad?
    /// An ExternalName Service is only a DNS CNAME; it never gets a cluster IP. The API server
    /// refuses it: `spec.clusterIPs: Forbidden: may not be set for ExternalName services` (it
    /// reports `clusterIPs` even when only `clusterIP` was written, because it copies one into the
    /// other first).
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: db.example.com
    ///   clusterIP: None
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: db.example.com
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#externalname
    pub struct ClusterIpOnExternalName {
        id: "cluster-ip-on-external-name",
        code: "SVC026",
        category: Api,
        severity: Error,
        summary: "clusterIP, ipFamilies or ipFamilyPolicy on an ExternalName Service",
        apiserver: "R17 R18 R19",
        judges_the_type: true,
    }
}

const FORBIDDEN: &str = "Forbidden: may not be set for ExternalName services";

impl Check for ClusterIpOnExternalName {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        if svc.service_type() != ServiceType::ExternalName {
            return;
        }
        if !svc.cluster_ips().is_empty() {
            out.push(
                Finding::at(&Self::META, path("spec.clusterIPs"), FORBIDDEN)
                    .span(cluster_ips_span(svc))
                    .help("remove `clusterIP`/`clusterIPs`; an ExternalName Service is only a DNS alias"),
            );
        }
        if spec.ip_families.as_ref().is_some_and(|f| !f.is_empty()) {
            out.push(
                Finding::at(&Self::META, path("spec.ipFamilies"), FORBIDDEN)
                    .help("remove `ipFamilies` from the ExternalName Service"),
            );
        }
        if spec.ip_family_policy.is_some() {
            out.push(
                Finding::at(&Self::META, path("spec.ipFamilyPolicy"), FORBIDDEN)
                    .help("remove `ipFamilyPolicy` from the ExternalName Service"),
            );
        }
    }
}
