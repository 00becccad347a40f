use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags a port without a `name` in a Service that has more than one port. Each unnamed port
    /// is reported.
    ///
    /// ## Why is this bad?
    /// With several ports, the name is what tells them apart in Endpoints/EndpointSlices, in
    /// DNS SRV records and in Ingress or Gateway backends, so the API server refuses the Service:
    /// `spec.ports[1].name: Required value`. A single port may stay unnamed.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - port: 80
    ///     - port: 443
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///     - name: https
    ///       port: 443
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services
    pub struct PortNameMissing {
        id: "port-name-missing",
        code: "SVC013",
        category: Api,
        severity: Error,
        summary: "a port without a name in a Service with several ports",
        apiserver: "R22",
    }
}

impl Check for PortNameMissing {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let ports = svc.ports();
        if ports.len() < 2 {
            return;
        }
        for (i, port) in ports.iter().enumerate() {
            if port.name.as_deref().unwrap_or("").is_empty() {
                out.push(
                    Finding::at(
                        &Self::META,
                        path(&format!("spec.ports[{i}].name")),
                        "Required value",
                    )
                    .help(format!(
                        "name every port of a multi-port Service (e.g. `name: {}`)",
                        suggested_name(port.port)
                    )),
                );
            }
        }
    }
}

fn suggested_name(port: i32) -> String {
    match port {
        80 | 8080 => "http".into(),
        443 | 8443 => "https".into(),
        53 => "dns".into(),
        _ => format!("port-{port}"),
    }
}
