use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags `spec.externalIPs` on a Service that uses them (not headless, not ExternalName).
    ///
    /// ## Why is this bad?
    /// kube-proxy on every node captures traffic to each listed IP and sends it to the
    /// Service, whoever owns that address. Anyone allowed to create a Service can list the IP of
    /// a database or a public website and intercept the cluster's traffic to it
    /// (CVE-2020-8554). The API server does not check ownership; clusters should enable the
    /// `DenyServiceExternalIPs` admission plugin, and the field is deprecated from Kubernetes
    /// 1.36.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: ClusterIP
    ///   externalIPs:
    ///   - 203.0.113.10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
    /// - https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips
    pub struct ExternalIps {
        id: "external-ips",
        code: "SVC060",
        category: Security,
        severity: Warning,
        summary: "spec.externalIPs lets anyone who can create Services intercept traffic (CVE-2020-8554)",
    }
}

impl Check for ExternalIps {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(ips) = svc.spec().and_then(|s| s.external_ips.as_ref()) else {
            return;
        };
        // Ignored there (ignored-on-headless and field-ignored-for-type say so).
        if ips.is_empty() || svc.is_headless() || svc.service_type() == ServiceType::ExternalName {
            return;
        }
        out.push(
            Finding::at(
                &Self::META,
                path("spec.externalIPs"),
                format!(
                    "every node intercepts traffic to {} for this Service, whoever owns the address (CVE-2020-8554)",
                    ips.join(", ")
                ),
            )
            .help("use a LoadBalancer Service or a Gateway instead; cluster operators should enable the DenyServiceExternalIPs admission plugin"),
        );
    }
}
