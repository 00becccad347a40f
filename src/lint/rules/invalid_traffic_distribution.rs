use crate::k8s::text::{quoted, supported};
use crate::lint::declare::declare_rule;
use crate::lint::fix::case_fix;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks that `spec.trafficDistribution`, when present (even as `""`), is a value the target
    /// Kubernetes version accepts: `PreferClose`, `PreferSameZone` or `PreferSameNode` from 1.34,
    /// only `PreferClose` on 1.30 to 1.33 (`--kube-version` picks the rule).
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service: `spec.trafficDistribution: Unsupported value:
    /// "PreferZone": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"`. A
    /// manifest written for a newer cluster with `PreferSameZone` fails the same way on 1.33.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   trafficDistribution: SameZone
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   trafficDistribution: PreferSameZone
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a value that differs from an allowed one only in case is written as the API server
    /// spells it (`preferclose` → `PreferClose`). A value the target version lacks
    /// (`PreferSameZone` before 1.34) is not fixed.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution
    pub struct InvalidTrafficDistribution {
        id: "invalid-traffic-distribution",
        code: "SVC038",
        category: Api,
        severity: Error,
        summary: "trafficDistribution value this Kubernetes version does not support",
        apiserver: "R71",
        depends_on_kube_version: true,
        fix: Safe,
    }
}

impl Check for InvalidTrafficDistribution {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(value) = svc.spec().and_then(|s| s.traffic_distribution.as_deref()) else {
            return;
        };
        // In 1.30 the field sat behind the alpha `ServiceTrafficDistribution` gate, off by
        // default: the API server dropped it instead of validating it.
        if svc.settings.kube_version.minor < 31 {
            return;
        }
        // The API server lists them in this order, not sorted.
        let allowed: &[&str] = if svc.settings.prefer_same_traffic_distribution() {
            &["PreferClose", "PreferSameZone", "PreferSameNode"]
        } else {
            &["PreferClose"]
        };
        if allowed.contains(&value) {
            return;
        }
        let help = if matches!(value, "PreferSameZone" | "PreferSameNode") {
            format!(
                "`{value}` needs Kubernetes 1.34 or later (target: {}); use `PreferClose` on older clusters",
                svc.settings.kube_version
            )
        } else {
            format!("use one of {}", supported(allowed))
        };
        out.push(
            Finding::at(
                &Self::META,
                path("spec.trafficDistribution"),
                format!(
                    "Unsupported value: {}: supported values: {}",
                    quoted(value),
                    supported(allowed)
                ),
            )
            .help(help)
            .fix(case_fix(
                svc,
                &path("spec.trafficDistribution"),
                value,
                allowed,
            )),
        );
    }
}
