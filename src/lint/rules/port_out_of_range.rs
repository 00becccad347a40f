use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::k8s::text::{PORT_RANGE_MSG, valid_port};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks that each `spec.ports[].port`, and each numeric `targetPort`, is between 1 and
    /// 65535. A missing `port` counts as 0. A missing, `0` or `""` `targetPort` takes the value
    /// of `port`, so a bad `port` without a `targetPort` is reported twice, as the API server
    /// does.
    ///
    /// ## Why is this bad?
    /// Such a port cannot exist, and the API server refuses the Service: `spec.ports[0].port:
    /// Invalid value: 0: must be between 1 and 65535, inclusive`. A missing `port` (only
    /// `targetPort` or `nodePort` given) is the common case.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       targetPort: 8080
    ///     - name: admin
    ///       port: 70000
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: 8080
    ///     - name: admin
    ///       port: 7000
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
    pub struct PortOutOfRange {
        id: "port-out-of-range",
        code: "SVC016",
        category: Api,
        severity: Error,
        summary: "port or numeric targetPort outside 1-65535",
        apiserver: "R25 R28",
    }
}

impl Check for PortOutOfRange {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for (i, port) in svc.ports().iter().enumerate() {
            let port_path = || path(&format!("spec.ports[{i}].port"));
            let port_known = !svc.undecodable(port_path);
            if !valid_port(i64::from(port.port)) {
                let port_path = port_path();
                let help = if svc.has(&port_path.to_string()) {
                    "use a port number between 1 and 65535"
                } else {
                    "add `port:`, the number the Service listens on (1-65535)"
                };
                out.push(
                    Finding::at(
                        &Self::META,
                        port_path,
                        format!("Invalid value: {}: {PORT_RANGE_MSG}", port.port),
                    )
                    .help(help),
                );
            }
            // D6: an unset targetPort becomes `port`, so it inherits a bad `port` (unless that
            // `port` never decoded, when its zero value says nothing).
            let target = match &port.target_port {
                Some(IntOrString::Int(n)) if *n != 0 => Some((*n, false)),
                Some(IntOrString::String(s)) if !s.is_empty() => None,
                _ if port_known => Some((port.port, true)),
                _ => None,
            };
            if let Some((target, defaulted)) = target.filter(|(n, _)| !valid_port(i64::from(*n))) {
                let help = if defaulted {
                    "`targetPort` defaults to `port`; fix `port`, or set `targetPort` to the container port (1-65535)"
                } else {
                    "use the container port number (1-65535), or the name of a container port"
                };
                out.push(
                    Finding::at(
                        &Self::META,
                        path(&format!("spec.ports[{i}].targetPort")),
                        format!("Invalid value: {target}: {PORT_RANGE_MSG}"),
                    )
                    .help(help),
                );
            }
        }
    }
}
