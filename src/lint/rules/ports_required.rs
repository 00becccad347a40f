use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags a Service without `spec.ports`. Only an `ExternalName` Service and a headless
    /// Service (`clusterIP: None`) may leave them out.
    ///
    /// ## Why is this bad?
    /// A Service forwards ports; without any the API server refuses it with `spec.ports: Required
    /// value`. A common cause is a kustomize overlay or patch meant to be merged into a base,
    /// applied on its own.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
    pub struct PortsRequired {
        id: "ports-required",
        code: "SVC011",
        category: Api,
        severity: Error,
        summary: "a Service without ports (only ExternalName and headless may omit them)",
        apiserver: "R14",
        judges_the_type: true,
    }
}

impl Check for PortsRequired {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        if svc.service.is_none()
            || !svc.ports().is_empty()
            || svc.is_headless()
            || svc.service_type() == ServiceType::ExternalName
        {
            return;
        }
        out.push(
            Finding::at(&Self::META, path("spec.ports"), "Required value").help(
                "add at least one entry to `spec.ports` (e.g. `- port: 80`); if this file is a patch, apply it through its kustomization",
            ),
        );
    }
}
