use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags traffic settings that cannot do anything for this kind of Service:
    /// - `internalTrafficPolicy` or `trafficDistribution` on an ExternalName Service (a DNS
    ///   alias; no proxy is involved);
    /// - `internalTrafficPolicy: Local` on a headless Service (DNS returns the Pods directly; no
    ///   proxy is involved);
    /// - `externalTrafficPolicy: Local` on a Service without a selector: its endpoints are
    ///   written by hand, usually without a `nodeName`, and then no node counts as having a
    ///   local endpoint.
    ///
    /// `externalTrafficPolicy` on a Service that is not externally accessible is refused by the
    /// API server and reported by `invalid-external-traffic-policy`.
    ///
    /// ## Why is this bad?
    /// The first two are silently ignored, so the author expects a behaviour (node-local
    /// routing) that never happens. The last one is worse: with `Local`, kube-proxy sends
    /// external traffic only to endpoints on the receiving node, so a Service whose endpoints
    /// have no `nodeName` drops all of it, and cloud health checks mark every node unhealthy.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   externalTrafficPolicy: Local
    ///   ports:
    ///   - port: 443
    ///   # no selector: endpoints come from a hand-written EndpointSlice
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   externalTrafficPolicy: Cluster
    ///   ports:
    ///   - port: 443
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-policies
    /// - https://kubernetes.io/docs/concepts/services-networking/service-traffic-policy/
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
    pub struct TrafficPolicyContradictsType {
        id: "traffic-policy-contradicts-type",
        code: "SVC085",
        category: BestPractice,
        severity: Warning,
        summary: "a traffic policy that has no effect on this Service",
        judges_the_type: true,
    }
}

impl Check for TrafficPolicyContradictsType {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        let internal = spec.internal_traffic_policy.as_deref();
        let valid_internal = matches!(internal, Some("Cluster" | "Local"));
        match svc.service_type() {
            ServiceType::ExternalName => {
                if valid_internal {
                    out.push(
                        Finding::at(
                            &Self::META,
                            path("spec.internalTrafficPolicy"),
                            "spec.internalTrafficPolicy has no effect on an ExternalName Service, which is only a DNS alias",
                        )
                        .help("remove internalTrafficPolicy"),
                    );
                }
                if spec
                    .traffic_distribution
                    .as_deref()
                    .is_some_and(|t| !t.is_empty())
                {
                    out.push(
                        Finding::at(
                            &Self::META,
                            path("spec.trafficDistribution"),
                            "spec.trafficDistribution has no effect on an ExternalName Service, which is only a DNS alias",
                        )
                        .help("remove trafficDistribution"),
                    );
                }
            }
            ServiceType::ClusterIp if svc.is_headless() && internal == Some("Local") => {
                out.push(
                    Finding::at(
                        &Self::META,
                        path("spec.internalTrafficPolicy"),
                        "internalTrafficPolicy: Local has no effect on a headless Service: DNS returns every Pod and clients connect to them directly",
                    )
                    .help("remove it, or give the Service a cluster IP if traffic should stay on the node"),
                );
            }
            _ => {}
        }
        let external_local = spec.external_traffic_policy.as_deref() == Some("Local");
        if external_local && svc.externally_accessible() && !svc.has_selector() {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.externalTrafficPolicy"),
                    "externalTrafficPolicy: Local sends external traffic only to endpoints on the receiving node, but this Service has no selector: its hand-written endpoints usually have no nodeName, so all external traffic is dropped",
                )
                .help("use externalTrafficPolicy: Cluster, or set nodeName on every endpoint of its EndpointSlices"),
            );
        }
    }
}
