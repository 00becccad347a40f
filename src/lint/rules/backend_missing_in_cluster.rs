//! A check of `svcctl audit` (see `src/audit/checks/`): declared here like every rule, so that
//! `svcctl explain backend-missing-in-cluster`, `svcctl rules` and `--select/--ignore` know it. Files never trigger
//! it; its fixtures are cluster states (see `tests/rule_fixtures.rs`).

use crate::lint::Check;
use crate::lint::declare::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a live Ingress, or Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute,
    /// UDPRoute, where the API serves them), whose backend names a Service that does not exist, or a
    /// port number or name that the Service does not have (`svcctl audit` only; the offline rule
    /// `ingress-backend-mismatch` does the same within the files linted together).
    ///
    /// ## Why is this bad?
    /// The API server accepts any backend name. Requests routed to a missing Service or port fail
    /// with 503 (or 500) at the Ingress controller or gateway, often only on one path.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// spec:
    ///   defaultBackend:
    ///     service:
    ///       name: web
    ///       port:
    ///         number: 8080    # Service web has port 80 (targetPort 8080)
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Ingress
    /// spec:
    ///   defaultBackend:
    ///     service:
    ///       name: web
    ///       port:
    ///         number: 80
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource
    /// - https://gateway-api.sigs.k8s.io/reference/spec/#backendref
    pub struct BackendMissingInCluster {
        id: "backend-missing-in-cluster",
        code: "SVC112",
        category: Cluster,
        severity: Error,
        summary: "an Ingress or route backend names a Service or port the cluster does not have",
    }
}

/// Nothing to check in files: the audit reports it from the live objects.
impl Check for BackendMissingInCluster {}
