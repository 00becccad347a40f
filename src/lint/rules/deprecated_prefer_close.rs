use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags `spec.trafficDistribution: PreferClose` when the target is Kubernetes 1.34 or later
    /// (`--kube-version`), where the API server warns `spec.trafficDistribution: "PreferClose" is
    /// deprecated; use "PreferSameZone"`. Before 1.34 `PreferSameZone` does not exist, so
    /// nothing is reported.
    ///
    /// ## Why is this bad?
    /// `PreferClose` was renamed `PreferSameZone`, which says what it does (prefer endpoints in
    /// the client's zone); `PreferSameNode` was added next to it. The old name remains an alias
    /// for now.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   trafficDistribution: PreferClose
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   trafficDistribution: PreferSameZone
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `PreferClose` is rewritten to `PreferSameZone`, its new name with the same behaviour,
    /// only when `--kube-version` is one that has the new name.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution
    pub struct DeprecatedPreferClose {
        id: "deprecated-prefer-close",
        code: "SVC073",
        category: Deprecation,
        severity: Warning,
        summary: "trafficDistribution PreferClose is deprecated",
        depends_on_kube_version: true,
        fix: Safe,
    }
}

impl Check for DeprecatedPreferClose {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        if !svc.settings.prefer_same_traffic_distribution() {
            return;
        }
        if svc.spec().and_then(|s| s.traffic_distribution.as_deref()) != Some("PreferClose") {
            return;
        }
        out.push(
            Finding::at(
                &Self::META,
                path("spec.trafficDistribution"),
                "spec.trafficDistribution: \"PreferClose\" is deprecated; use \"PreferSameZone\"",
            )
            .help("write trafficDistribution: PreferSameZone (same behaviour)")
            .fix(
                svc.rewrite(&path("spec.trafficDistribution"), "PreferSameZone")
                    .map(|e| Fix::safe("write `trafficDistribution: PreferSameZone`", vec![e])),
            ),
        );
    }
}
