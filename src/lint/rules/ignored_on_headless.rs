use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags fields that a headless Service (`clusterIP: None`) accepts but ignores, as the API
    /// server warns: `spec.loadBalancerIP is ignored for headless services`, `spec.externalIPs
    /// is ignored for headless services`, `spec.SessionAffinity is ignored for headless
    /// services`. It also flags a numeric `targetPort` that differs from its `port`, which the
    /// API server tolerates without a word. A named `targetPort` is not checked: the number it
    /// stands for is the container's.
    ///
    /// ## Why is this bad?
    /// A headless Service has no virtual IP: DNS returns the Pod addresses and clients connect
    /// to them directly. There is no proxy to pin a client to one Pod, to listen on external
    /// IPs, or to claim a load balancer address, so these fields promise something that never
    /// happens.
    ///
    /// Nor is there anything to turn `port` into `targetPort`. With a selector, the EndpointSlice
    /// controller publishes the `targetPort` as the endpoint's port, so readers of EndpointSlices
    /// (a Gateway, an Ingress controller) and DNS SRV lookups see it; kube-proxy leaves headless
    /// Services alone. But a client that resolves the name gets only the Pods' addresses and
    /// connects on the `port` it was told, where the Pods do not listen. Without a selector the
    /// EndpointSlices are written by hand and carry the port themselves, so `targetPort` is not
    /// used at all. If only EndpointSlice readers use the Service (as Gateway API's conformance
    /// tests do on purpose), silence the finding on that line with
    /// `# svcctl-ignore: ignored-on-headless`.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   clusterIP: None
    ///   sessionAffinity: ClientIP
    ///   externalIPs:
    ///   - 203.0.113.10
    ///   selector:
    ///     app: db
    ///   ports:
    ///   - port: 5432
    ///     targetPort: 5433
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   clusterIP: None
    ///   selector:
    ///     app: db
    ///   ports:
    ///   - port: 5433
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
    pub struct IgnoredOnHeadless {
        id: "ignored-on-headless",
        code: "SVC080",
        category: BestPractice,
        severity: Warning,
        summary: "a field that a headless Service ignores",
        judges_the_type: true,
        judges_the_whole_item: true,
    }
}

impl Check for IgnoredOnHeadless {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        // The API server's notion: type ClusterIP with clusterIP None (on other types headless is
        // an error, reported by headless-type-conflict).
        if !svc.is_headless() || svc.service_type() != ServiceType::ClusterIp {
            return;
        }
        let Some(spec) = svc.spec() else { return };
        if spec
            .load_balancer_ip
            .as_deref()
            .is_some_and(|ip| !ip.is_empty())
        {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.loadBalancerIP"),
                    "spec.loadBalancerIP is ignored for headless services",
                )
                .help("remove it"),
            );
        }
        if spec
            .external_ips
            .as_ref()
            .is_some_and(|ips| !ips.is_empty())
        {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.externalIPs"),
                    "spec.externalIPs is ignored for headless services",
                )
                .help("remove it, or give the Service a cluster IP"),
            );
        }
        if spec.session_affinity.as_deref() == Some("ClientIP") {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.sessionAffinity"),
                    "spec.SessionAffinity is ignored for headless services",
                )
                .help("remove sessionAffinity (and sessionAffinityConfig), or give the Service a cluster IP"),
            );
        }
        let selector = svc.has_selector();
        for (i, p) in svc.ports().iter().enumerate() {
            // 0 is defaulted to `port`; a name stands for the container's number, unknown here.
            let Some(IntOrString::Int(target)) = p.target_port else {
                continue;
            };
            if target == 0 || target == p.port {
                continue;
            }
            let port = p.port;
            let (message, help) = if selector {
                (
                    format!(
                        "port {port} is not remapped to targetPort {target} on a headless service: clients that resolve its name get the Pods' addresses and connect on {port}; only EndpointSlice readers (a Gateway, an Ingress controller) and DNS SRV lookups see {target}"
                    ),
                    format!(
                        "give port {target} too, so that every client reaches the Pods; keep the pair only if the Service is used through its EndpointSlices alone (then `# svcctl-ignore: ignored-on-headless`)"
                    ),
                )
            } else {
                (
                    format!(
                        "targetPort {target} is ignored for a headless service without a selector: the EndpointSlices written for it carry the Pods' port"
                    ),
                    "remove targetPort, and put the Pods' port in the EndpointSlices".to_string(),
                )
            };
            out.push(
                Finding::at(
                    &Self::META,
                    path(&format!("spec.ports[{i}].targetPort")),
                    message,
                )
                .help(help),
            );
        }
    }
}
