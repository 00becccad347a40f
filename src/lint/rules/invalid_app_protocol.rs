use crate::k8s::text::{qualified_name, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks each `spec.ports[].appProtocol` that is present (even empty). It must be a
    /// qualified name like a label key: an IANA name such as `http`, `https` or `grpc`, a
    /// Kubernetes one such as `kubernetes.io/h2c`, or a domain-prefixed one such as
    /// `example.com/custom`.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service: `spec.ports[0].appProtocol: Invalid value: "HTTP/2":
    /// name part must consist of alphanumeric characters, '-', '_' or '.', …`. An empty
    /// `appProtocol: ""` is refused too; leave the field out instead.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: web
    ///       port: 80
    ///       appProtocol: HTTP/2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: web
    ///       port: 80
    ///       appProtocol: kubernetes.io/h2c
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#application-protocol
    pub struct InvalidAppProtocol {
        id: "invalid-app-protocol",
        code: "SVC019",
        category: Api,
        severity: Error,
        summary: "appProtocol that is not a qualified name",
        apiserver: "R30",
    }
}

impl Check for InvalidAppProtocol {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for (i, port) in svc.ports().iter().enumerate() {
            let Some(app_protocol) = port.app_protocol.as_deref() else {
                continue;
            };
            for msg in qualified_name(app_protocol) {
                out.push(
                    Finding::at(
                        &Self::META,
                        path(&format!("spec.ports[{i}].appProtocol")),
                        format!("Invalid value: {}: {msg}", quoted(app_protocol)),
                    )
                    .help(help(app_protocol)),
                );
            }
        }
    }
}

fn help(app_protocol: &str) -> String {
    if app_protocol.is_empty() {
        "remove the empty `appProtocol`, or name the protocol (e.g. `http`)".into()
    } else if app_protocol.eq_ignore_ascii_case("http/2")
        || app_protocol.eq_ignore_ascii_case("h2c")
    {
        "use `kubernetes.io/h2c` for HTTP/2 over cleartext".into()
    } else {
        "use an IANA name (`http`, `https`, `grpc`), `kubernetes.io/h2c`, `kubernetes.io/ws`, or a `domain/name`".into()
    }
}
