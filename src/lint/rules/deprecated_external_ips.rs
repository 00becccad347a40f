use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags `spec.externalIPs` on a Service that uses them (not headless, not ExternalName) when
    /// the target is Kubernetes 1.36 or later (`--kube-version`), where the field is deprecated
    /// and the API server warns `spec.externalIPs is deprecated and may no longer be implemented
    /// in some clusters`.
    ///
    /// ## Why is this bad?
    /// External IPs are deprecated in 1.36 (KEP-5707) and planned to be disabled by default in a
    /// later release; service proxies other than kube-proxy may not implement them at all. They
    /// are also a security hole (see `external-ips`).
    ///
    /// ## Example
    /// ```yaml
    /// spec:
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
    pub struct DeprecatedExternalIps {
        id: "deprecated-external-ips",
        code: "SVC071",
        category: Deprecation,
        severity: Warning,
        summary: "spec.externalIPs is deprecated (1.36)",
        depends_on_kube_version: true,
    }
}

impl Check for DeprecatedExternalIps {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        if svc.settings.kube_version.minor < 36 {
            return;
        }
        let used = svc
            .spec()
            .and_then(|s| s.external_ips.as_ref())
            .is_some_and(|ips| !ips.is_empty());
        if !used || svc.is_headless() || svc.service_type() == ServiceType::ExternalName {
            return;
        }
        out.push(
            Finding::at(
                &Self::META,
                path("spec.externalIPs"),
                "spec.externalIPs is deprecated and may no longer be implemented in some clusters",
            )
            .help("expose the Service with type LoadBalancer or a Gateway instead"),
        );
    }
}
