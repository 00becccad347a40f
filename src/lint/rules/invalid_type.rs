use crate::k8s::text::{quoted, supported};
use crate::lint::declare::declare_rule;
use crate::lint::fix::one_close_match;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks that `spec.type` is one of `ClusterIP`, `NodePort`, `LoadBalancer` or
    /// `ExternalName`, spelled exactly so (the API server is case-sensitive). Leaving it out means
    /// `ClusterIP`.
    ///
    /// ## Why is this bad?
    /// The API server refuses anything else: `spec.type: Unsupported value: "Loadbalancer":
    /// supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`. Ingress,
    /// Headless and Internal are not Service types (use an Ingress object, `clusterIP: None`, or a
    /// cloud annotation instead).
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: Loadbalancer
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a type that differs from a valid one only in case, or is close in spelling to
    /// exactly one, is rewritten to it (`Nodeport` → `NodePort`).
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
    pub struct InvalidType {
        id: "invalid-type",
        code: "SVC029",
        category: Api,
        severity: Error,
        summary: "type other than ClusterIP, NodePort, LoadBalancer or ExternalName",
        apiserver: "R51",
        fix: Safe,
    }
}

const TYPES: [&str; 4] = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

impl Check for InvalidType {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(type_) = svc.spec().and_then(|s| s.type_.as_deref()) else {
            return;
        };
        // An empty type is defaulted to ClusterIP before validation.
        if type_.is_empty() || TYPES.contains(&type_) {
            return;
        }
        let help = match TYPES.iter().find(|t| t.eq_ignore_ascii_case(type_)) {
            Some(t) => format!("write `{t}`; the type is case-sensitive"),
            None => "use ClusterIP, NodePort, LoadBalancer or ExternalName".to_string(),
        };
        let fix = one_close_match(type_, &TYPES).and_then(|t| {
            let edit = svc.rewrite(&path("spec.type"), t)?;
            Some(Fix::safe(format!("write `type: {t}`"), vec![edit]))
        });
        out.push(
            Finding::at(
                &Self::META,
                path("spec.type"),
                format!(
                    "Unsupported value: {}: supported values: {}",
                    quoted(type_),
                    supported(&TYPES)
                ),
            )
            .help(help)
            .fix(fix),
        );
    }
}
