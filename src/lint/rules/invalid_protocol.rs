use crate::k8s::text::{quoted, supported};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};

const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];

declare_rule! {
    /// ## What it does
    /// Checks that each `spec.ports[].protocol` is `TCP`, `UDP` or `SCTP`, in upper case. An
    /// absent protocol means `TCP`.
    ///
    /// ## Why is this bad?
    /// `protocol` is the transport protocol, not the application protocol, so the API server
    /// refuses `HTTP`, `GRPC` or `tcp`: `spec.ports[0].protocol: Unsupported value: "HTTP":
    /// supported values: "SCTP", "TCP", "UDP"`. The application protocol goes into
    /// `appProtocol` (or, for Istio, the port name prefix).
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       protocol: HTTP
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       protocol: TCP
    ///       appProtocol: http
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `tcp`, `Udp` and the like are written in upper case. An application protocol
    /// (`HTTP`) is not fixed: which transport and `appProtocol` it means is the author's call.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/networking/service-protocols/
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#application-protocol
    pub struct InvalidProtocol {
        id: "invalid-protocol",
        code: "SVC017",
        category: Api,
        severity: Error,
        summary: "protocol other than TCP, UDP or SCTP",
        apiserver: "R27",
        fix: Safe,
    }
}

impl Check for InvalidProtocol {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for (i, port) in svc.ports().iter().enumerate() {
            // D5: an empty protocol is defaulted to TCP.
            let protocol = port.protocol.as_deref().unwrap_or("");
            if protocol.is_empty() || PROTOCOLS.contains(&protocol) {
                continue;
            }
            let field = path(&format!("spec.ports[{i}].protocol"));
            let upper = protocol.to_ascii_uppercase();
            let fix = PROTOCOLS
                .contains(&upper.as_str())
                .then(|| svc.rewrite(&field, &upper))
                .flatten()
                .map(|edit| Fix::safe(format!("write `protocol: {upper}`"), vec![edit]));
            out.push(
                Finding::at(
                    &Self::META,
                    field,
                    format!(
                        "Unsupported value: {}: supported values: {}",
                        quoted(protocol),
                        supported(&PROTOCOLS)
                    ),
                )
                .help(help(protocol))
                .fix(fix),
            );
        }
    }
}

/// Application protocols people put in `protocol` by mistake; they belong in `appProtocol`.
const APPLICATION_PROTOCOLS: [&str; 12] = [
    "http", "https", "http2", "h2c", "grpc", "ws", "wss", "tls", "mongo", "redis", "mysql",
    "tcp+tls",
];

fn help(protocol: &str) -> String {
    let upper = protocol.to_ascii_uppercase();
    let lower = protocol.to_ascii_lowercase();
    if PROTOCOLS.contains(&upper.as_str()) {
        format!("write it in upper case: `protocol: {upper}`")
    } else if APPLICATION_PROTOCOLS.contains(&lower.as_str()) {
        format!(
            "`protocol` is the transport; use `protocol: TCP` and put the application protocol in `appProtocol` (e.g. `appProtocol: {}`)",
            if lower == "http2" || lower == "h2c" {
                "kubernetes.io/h2c"
            } else {
                lower.as_str()
            }
        )
    } else {
        "a Service port carries TCP, UDP or SCTP only".into()
    }
}
