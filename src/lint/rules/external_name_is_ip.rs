use crate::k8s::ServiceType;
use crate::k8s::net::parse_ip;
use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags an ExternalName Service whose `spec.externalName` is an IPv4 address. The API server
    /// accepts it, because `10.0.0.5` is also a valid DNS name.
    ///
    /// ## Why is this bad?
    /// Cluster DNS answers an ExternalName Service with a CNAME record pointing at
    /// `externalName`. A CNAME to `10.0.0.5` names a host called "10.0.0.5", which does not
    /// resolve, so clients of the Service get no address at all.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: 10.0.0.5
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # a Service without a selector, plus an EndpointSlice with the address
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: legacy-db
    /// spec:
    ///   ports:
    ///   - port: 5432
    /// ---
    /// apiVersion: discovery.k8s.io/v1
    /// kind: EndpointSlice
    /// metadata:
    ///   name: legacy-db-1
    ///   labels:
    ///     kubernetes.io/service-name: legacy-db
    /// addressType: IPv4
    /// ports:
    /// - port: 5432
    /// endpoints:
    /// - addresses: ["10.0.0.5"]
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#externalname
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
    pub struct ExternalNameIsIp {
        id: "external-name-is-ip",
        code: "SVC061",
        category: Security,
        severity: Warning,
        summary: "an ExternalName that is an IP address",
    }
}

impl Check for ExternalNameIsIp {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        if svc.service_type() != ServiceType::ExternalName {
            return;
        }
        let Some(name) = svc.spec().and_then(|s| s.external_name.as_deref()) else {
            return;
        };
        let bare = name.strip_suffix('.').unwrap_or(name);
        // An IPv6 literal is not a DNS name at all: invalid-external-name reports it.
        if bare.contains(':') || parse_ip(bare).is_none() {
            return;
        }
        out.push(
            Finding::at(
                &Self::META,
                path("spec.externalName"),
                format!(
                    "externalName {} is an IP address: DNS answers with a CNAME to a host of that name, which does not resolve",
                    quoted(name)
                ),
            )
            .help("use a Service without a selector and an EndpointSlice holding the address"),
        );
    }
}
