use crate::k8s::ServiceType;
use crate::k8s::settings::ALREADY_ALLOCATED;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks `spec.healthCheckNodePort`. It may only be set on a LoadBalancer Service with
    /// `externalTrafficPolicy: Local`; there it must lie in the cluster's NodePort range
    /// (`--node-port-range`, default 30000-32767) and must not equal one of the Service's own
    /// `nodePort` values.
    ///
    /// ## Why is this bad?
    /// Anywhere else the API server refuses the field: `spec.healthCheckNodePort: Invalid value:
    /// 30100: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is
    /// 'Local'`. A value the NodePort allocator cannot reserve fails with an internal error (HTTP
    /// 500, no field named): `Internal error occurred: failed to allocate requested HealthCheck
    /// NodePort 8080: provided port is not in the valid range. The range of valid ports is
    /// 30000-32767`.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   externalTrafficPolicy: Local
    ///   healthCheckNodePort: 10256
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   externalTrafficPolicy: Local
    /// ```
    /// Leave the field out and the cluster picks a free port; set it only if a firewall needs a
    /// fixed one, and then inside the NodePort range.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
    pub struct InvalidHealthCheckNodePort {
        id: "invalid-health-check-node-port",
        code: "SVC036",
        category: Api,
        severity: Error,
        summary: "healthCheckNodePort where it is not allowed, or out of range",
        apiserver: "R66 A11 A12",
        judges_the_type: true,
    }
}

impl Check for InvalidHealthCheckNodePort {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        let service_type = svc.service_type();
        // A misspelt type is not NodePort or LoadBalancer to the API server either: it reports
        // this field as well as the type.
        let port = i64::from(spec.health_check_node_port.unwrap_or(0));
        if port == 0 {
            return;
        }
        let field = path("spec.healthCheckNodePort");
        let needs_health_check = service_type == ServiceType::LoadBalancer
            && spec.external_traffic_policy.as_deref() == Some("Local");
        if !needs_health_check {
            out.push(
                Finding::at(
                    &Self::META,
                    field,
                    format!("Invalid value: {port}: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
                )
                .help("remove `healthCheckNodePort`; it only exists for LoadBalancer Services with `externalTrafficPolicy: Local`"),
            );
            return;
        }
        // The allocator's errors (A11/A12) carry no field path; this is the field they are about.
        let range = svc.settings.node_port_range;
        let reason = if let Some(refusal) = range.refusal(port) {
            refusal
        } else if svc
            .ports()
            .iter()
            .any(|p| i64::from(p.node_port.unwrap_or(0)) == port)
        {
            ALREADY_ALLOCATED.to_string()
        } else {
            return;
        };
        out.push(
            Finding::at(
                &Self::META,
                field,
                format!("Internal error occurred: failed to allocate requested HealthCheck NodePort {port}: {reason}"),
            )
            .help(format!("pick a port in {range} that none of the Service's nodePorts uses, or leave the field out to get a free one")),
        );
    }
}
