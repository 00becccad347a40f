use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::service::ServiceType;
use crate::lint::{Finding, Rule, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags fields that a headless Service (`clusterIP: None`) accepts but ignores, as the API
    /// server warns: `spec.loadBalancerIP is ignored for headless services`, `spec.externalIPs
    /// is ignored for headless services`, `spec.SessionAffinity is ignored for headless
    /// services`.
    ///
    /// ## Why is this bad?
    /// A headless Service has no virtual IP: DNS returns the Pod addresses and clients connect
    /// to them directly. There is no proxy to pin a client to one Pod, to listen on external
    /// IPs, or to claim a load balancer address, so these fields promise something that never
    /// happens.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   clusterIP: None
    ///   sessionAffinity: ClientIP
    ///   externalIPs:
    ///   - 203.0.113.10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   clusterIP: None
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
    pub struct IgnoredOnHeadless {
        id: "ignored-on-headless",
        code: "SVC080",
        category: BestPractice,
        severity: Warning,
        summary: "a field that a headless Service ignores",
    }
}

impl Rule for IgnoredOnHeadless {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        // The API server's notion: type ClusterIP with clusterIP None (on other types headless is
        // an error, reported by headless-type-conflict).
        if !svc.is_headless() || svc.service_type() != ServiceType::ClusterIp {
            return;
        }
        let Some(spec) = svc.spec() else { return };
        if spec
            .load_balancer_ip
            .as_deref()
            .is_some_and(|ip| !ip.is_empty())
        {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.loadBalancerIP"),
                    "spec.loadBalancerIP is ignored for headless services",
                )
                .help("remove it"),
            );
        }
        if spec
            .external_ips
            .as_ref()
            .is_some_and(|ips| !ips.is_empty())
        {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.externalIPs"),
                    "spec.externalIPs is ignored for headless services",
                )
                .help("remove it, or give the Service a cluster IP"),
            );
        }
        if spec.session_affinity.as_deref() == Some("ClientIP") {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.sessionAffinity"),
                    "spec.SessionAffinity is ignored for headless services",
                )
                .help("remove sessionAffinity (and sessionAffinityConfig), or give the Service a cluster IP"),
            );
        }
    }
}
