use crate::k8s::text::{quoted, supported};
use crate::lint::declare::declare_rule;
use crate::lint::fix::case_fix;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks `spec.externalTrafficPolicy`: it may only be set on externally reachable Services
    /// (NodePort, LoadBalancer, or ClusterIP with `externalIPs`), and must then be `Cluster` or
    /// `Local`, spelled exactly so.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service, e.g. `spec.externalTrafficPolicy: Invalid value:
    /// "Local": may only be set for externally-accessible services` on a plain ClusterIP or
    /// ExternalName Service, or `Unsupported value: "local": supported values: "Cluster",
    /// "Local"`. For traffic from inside the cluster use `internalTrafficPolicy`.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: ClusterIP
    ///   externalTrafficPolicy: Local
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: ClusterIP
    ///   internalTrafficPolicy: Local
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a value that differs from an allowed one only in case is written as the API server
    /// spells it (`local` → `Local`). A policy on a Service that is not externally
    /// accessible is not fixed: removing it or changing the type is the author's call.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
    /// - https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip
    pub struct InvalidExternalTrafficPolicy {
        id: "invalid-external-traffic-policy",
        code: "SVC035",
        category: Api,
        severity: Error,
        summary: "externalTrafficPolicy on an internal Service, or not Cluster/Local",
        apiserver: "R63 R65",
        fix: Safe,
    }
}

impl Check for InvalidExternalTrafficPolicy {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        // A misspelt type is not NodePort or LoadBalancer to the API server either: it reports
        // this field as well as the type.
        let policy = svc
            .spec()
            .and_then(|s| s.external_traffic_policy.as_deref())
            .unwrap_or("");
        // Empty is defaulted to Cluster where it matters, and ignored elsewhere.
        if policy.is_empty() {
            return;
        }
        let field = path("spec.externalTrafficPolicy");
        if !svc.externally_accessible() {
            out.push(
                Finding::at(
                    &Self::META,
                    field,
                    format!(
                        "Invalid value: {}: may only be set for externally-accessible services",
                        quoted(policy)
                    ),
                )
                .help("remove `externalTrafficPolicy` (use `internalTrafficPolicy` for in-cluster traffic), or make the Service NodePort or LoadBalancer"),
            );
        } else if !matches!(policy, "Cluster" | "Local") {
            let fix = case_fix(svc, &field, policy, &["Cluster", "Local"]);
            out.push(
                Finding::at(
                    &Self::META,
                    field,
                    format!(
                        "Unsupported value: {}: supported values: {}",
                        quoted(policy),
                        supported(&["Cluster", "Local"])
                    ),
                )
                .help("use `Cluster` or `Local`, with this capitalisation")
                .fix(fix),
            );
        }
    }
}
