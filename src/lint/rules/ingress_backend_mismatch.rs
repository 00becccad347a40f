use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::k8s::facts::{PortTarget, ServiceFacts};
use crate::k8s::text::{listing, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::index::{RunPart, on_object};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, RunFinding};

declare_rule! {
    /// ## What it does
    /// Checks the Service backends of Ingresses (`networking.k8s.io/v1`) and Gateway API routes
    /// (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute `backendRefs`) against the Services
    /// defined in the same file, else the same folder: the port (a number or, for an Ingress, a
    /// name) must be one of the Service's `port`s. A Service name that no Service of the run has
    /// is reported only when a Service nearby has a nearly equal name (a typo); otherwise the
    /// Service may well be deployed from elsewhere.
    ///
    /// ## Why is this bad?
    /// The API server accepts any backend. A misspelt Service name, or the container's
    /// `targetPort` where the Service `port` belongs, gives 503s or a route marked
    /// `ResolvedRefs: False`, found only when traffic fails.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// spec:
    ///   defaultBackend:
    ///     service:
    ///       name: web
    ///       port:
    ///         number: 8080
    /// ---
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   ports:
    ///   - port: 80
    ///     targetPort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       port:
    ///         number: 80
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource
    /// - https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs
    pub struct IngressBackendMismatch {
        id: "ingress-backend-mismatch",
        code: "SVC057",
        category: CrossObject,
        severity: Warning,
        summary: "an Ingress or route backend names a missing Service or port",
        checks_run_in_parts: true,
    }
}

impl Check for IngressBackendMismatch {
    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        for (fi, backend) in part.backends() {
            let ns = backend.namespace.as_deref();
            let everywhere = run.services_named(ns, &backend.service);
            let kind = &backend.object.kind;
            if everywhere.is_empty() {
                // Only a near miss shows a typo; otherwise the Service may be deployed from
                // elsewhere (a dashboard, another team's chart).
                let Some(similar) = run.similar_service(fi, ns, &backend.service) else {
                    continue;
                };
                let message = format!(
                    "this {kind} sends traffic to Service {}, which is not defined in this run; did you mean {}?",
                    quoted(&backend.service),
                    quoted(similar.object().name.unwrap_or(""))
                );
                out.push(on_object(
                    fi,
                    (&backend.object).into(),
                    Finding::at(&Self::META, path(&backend.field), message)
                        .span(backend.span)
                        .help("name a Service that exists in the same namespace"),
                ));
                continue;
            }
            let nearby = run.nearest(fi, everywhere);
            let Some(&(sfi, svc)) = nearby.first() else {
                continue;
            };
            let Some(port) = &backend.port else { continue };
            // Any port of any nearby definition will do; an ExternalName Service without ports
            // forwards whatever port it is given.
            if svc.port_count() == 0 || nearby.iter().any(|(_, s)| has_port(s, port)) {
                continue;
            }
            let wanted = match port {
                IntOrString::Int(n) => format!("port {n}"),
                IntOrString::String(name) => format!("port named {}", quoted(name)),
            };
            let mut message = format!(
                "Service {} has no {wanted} (its ports: {})",
                quoted(&backend.service),
                port_list(svc)
            );
            if let IntOrString::Int(n) = port {
                let via = svc
                    .ports()
                    .find(|p| matches!(p.target, Some(PortTarget::Int(t)) if t == *n));
                if let Some(p) = via {
                    message.push_str(&format!(
                        "; {n} is the targetPort of Service port {}, and a backend names the Service port",
                        p.port
                    ));
                }
            }
            let mut rf = on_object(
                fi,
                (&backend.object).into(),
                Finding::at(&Self::META, path(&backend.port_field), message)
                    .span(backend.port_span.unwrap_or(backend.span))
                    .help("use one of the Service's `port` numbers or port names"),
            );
            rf.related
                .push((sfi, svc.name_span(), "the Service is defined here".into()));
            out.push(rf);
        }
    }
}

fn has_port(svc: &ServiceFacts, port: &IntOrString) -> bool {
    match port {
        IntOrString::Int(n) => svc.declares_port_number(*n),
        IntOrString::String(name) => svc.declares_port_named(name),
    }
}

fn port_list(svc: &ServiceFacts) -> String {
    listing(svc.ports(), |p| match &p.name {
        Some(n) => format!("{} ({n})", p.port),
        None => p.port.to_string(),
    })
}
