use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::first_seen::FirstSeen;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags a port whose `name` repeats the name of an earlier port of the same Service.
    ///
    /// ## Why is this bad?
    /// Port names identify ports in Endpoints/EndpointSlices, DNS SRV records and Ingress or
    /// Gateway backends, so they must be unique; the API server refuses the Service with
    /// `spec.ports[1].name: Duplicate value: "http"`. Copy-pasted port entries, or one name for
    /// the TCP and UDP variant of a port, are the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: dns
    ///       port: 53
    ///       protocol: UDP
    ///     - name: dns
    ///       port: 53
    ///       protocol: TCP
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: dns-udp
    ///       port: 53
    ///       protocol: UDP
    ///     - name: dns-tcp
    ///       port: 53
    ///       protocol: TCP
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services
    pub struct DuplicatePortName {
        id: "duplicate-port-name",
        code: "SVC015",
        category: Api,
        severity: Error,
        summary: "two ports with the same name",
        apiserver: "R24",
    }
}

impl Check for DuplicatePortName {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let mut first_index = FirstSeen::new();
        for (i, port) in svc.ports().iter().enumerate() {
            let name = port.name.as_deref().unwrap_or("");
            if name.is_empty() {
                continue;
            }
            if let Some(first) = first_index.first_or_record(name, i) {
                out.push(
                    Finding::at(
                        &Self::META,
                        path(&format!("spec.ports[{i}].name")),
                        format!("Duplicate value: {}", quoted(name)),
                    )
                    .help(format!(
                        "`spec.ports[{first}]` is already named {}; give each port its own name",
                        quoted(name)
                    )),
                );
            }
        }
    }
}
