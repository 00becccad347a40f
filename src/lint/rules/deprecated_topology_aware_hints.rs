use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

const DEPRECATED: &str = "service.kubernetes.io/topology-aware-hints";

declare_rule! {
    /// ## What it does
    /// Flags the annotation `service.kubernetes.io/topology-aware-hints`, for which the API
    /// server warns `annotation service.kubernetes.io/topology-aware-hints is deprecated, please
    /// use service.kubernetes.io/topology-mode instead`.
    ///
    /// ## Why is this bad?
    /// The annotation was replaced by `service.kubernetes.io/topology-mode` in Kubernetes 1.27,
    /// and `spec.trafficDistribution` (1.31+) is the field that now expresses the same wish.
    /// Setting both annotations to different values is rejected outright.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     service.kubernetes.io/topology-aware-hints: auto
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   trafficDistribution: PreferSameZone
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution
    pub struct DeprecatedTopologyAwareHints {
        id: "deprecated-topology-aware-hints",
        code: "SVC072",
        category: Deprecation,
        severity: Warning,
        summary: "the topology-aware-hints annotation is deprecated",
    }
}

impl Check for DeprecatedTopologyAwareHints {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let present = svc
            .service
            .and_then(|s| s.metadata.annotations.as_ref())
            .is_some_and(|a| a.contains_key(DEPRECATED));
        if !present {
            return;
        }
        let field = path("metadata.annotations").key(DEPRECATED);
        // Point at the key, as for any problem with an annotation as a whole.
        let span = svc
            .node
            .get("metadata")
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.entry(DEPRECATED))
            .map(|e| e.key.span);
        let mut finding = Finding::at(
            &Self::META,
            field,
            format!(
                "annotation {DEPRECATED} is deprecated, please use service.kubernetes.io/topology-mode instead"
            ),
        )
        .help("replace it with spec.trafficDistribution: PreferSameZone (or the service.kubernetes.io/topology-mode annotation)");
        if let Some(span) = span {
            finding = finding.span(span);
        }
        out.push(finding);
    }
}
