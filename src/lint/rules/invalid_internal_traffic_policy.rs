use crate::k8s::text::{quoted, supported};
use crate::lint::declare::declare_rule;
use crate::lint::fix::case_fix;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks that `spec.internalTrafficPolicy`, when present (even as `""`), is `Cluster` or
    /// `Local`, spelled exactly so.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service: `spec.internalTrafficPolicy: Unsupported value:
    /// "local": supported values: "Cluster", "Local"`. `PreferLocal` and `Topology` are not
    /// values of this field; for zone-aware routing see `trafficDistribution`.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   internalTrafficPolicy: local
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   internalTrafficPolicy: Local
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a value that differs from an allowed one only in case is written as the API server
    /// spells it (`local` → `Local`).
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service-traffic-policy/
    pub struct InvalidInternalTrafficPolicy {
        id: "invalid-internal-traffic-policy",
        code: "SVC037",
        category: Api,
        severity: Error,
        summary: "internalTrafficPolicy other than Cluster or Local",
        apiserver: "R70",
        fix: Safe,
    }
}

impl Check for InvalidInternalTrafficPolicy {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(policy) = svc
            .spec()
            .and_then(|s| s.internal_traffic_policy.as_deref())
        else {
            return;
        };
        if matches!(policy, "Cluster" | "Local") {
            return;
        }
        out.push(
            Finding::at(
                &Self::META,
                path("spec.internalTrafficPolicy"),
                format!(
                    "Unsupported value: {}: supported values: {}",
                    quoted(policy),
                    supported(&["Cluster", "Local"])
                ),
            )
            .help("use `Cluster` or `Local`, or remove the field (it defaults to Cluster)")
            .fix(case_fix(
                svc,
                &path("spec.internalTrafficPolicy"),
                policy,
                &["Cluster", "Local"],
            )),
        );
    }
}
