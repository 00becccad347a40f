use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::{Check, Finding, ServiceContext};
use crate::model::path::FieldPath;

const TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
const TOPOLOGY_AWARE_HINTS: &str = "service.kubernetes.io/topology-aware-hints";

declare_rule! {
    /// ## What it does
    /// Flags a Service that carries both `service.kubernetes.io/topology-mode` and the deprecated
    /// `service.kubernetes.io/topology-aware-hints` annotation with different values.
    ///
    /// ## Why is this bad?
    /// The two annotations are the old and new name of one setting, so the API server refuses a
    /// Service where they disagree: `metadata.annotations[service.kubernetes.io/topology-mode]:
    /// Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints]
    /// when both are specified`. This usually happens when a migration adds the new annotation
    /// but leaves the old one behind.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     service.kubernetes.io/topology-mode: Auto
    ///     service.kubernetes.io/topology-aware-hints: disabled
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     service.kubernetes.io/topology-mode: Auto
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/
    /// - https://kubernetes.io/docs/reference/labels-annotations-taints/#service-kubernetes-io-topology-mode
    pub struct TopologyAnnotationMismatch {
        id: "topology-annotation-mismatch",
        code: "SVC010",
        category: Api,
        severity: Error,
        summary: "topology-mode and topology-aware-hints annotations disagree",
        apiserver: "R13",
    }
}

impl Check for TopologyAnnotationMismatch {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(annotations) = svc.service.and_then(|s| s.metadata.annotations.as_ref()) else {
            return;
        };
        let (Some(mode), Some(hints)) = (
            annotations.get(TOPOLOGY_MODE),
            annotations.get(TOPOLOGY_AWARE_HINTS),
        ) else {
            return;
        };
        if mode == hints {
            return;
        }
        out.push(
            Finding::at(
                &Self::META,
                FieldPath::parse("metadata.annotations").key(TOPOLOGY_MODE),
                format!(
                    "Invalid value: {}: must match annotations[{TOPOLOGY_AWARE_HINTS}] when both are specified",
                    quoted(mode)
                ),
            )
            .help(format!("remove the deprecated `{TOPOLOGY_AWARE_HINTS}` annotation")),
        );
    }
}
