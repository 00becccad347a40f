use crate::lint::declare::declare_rule;
use crate::lint::first_seen::FirstSeen;
use crate::lint::fix::edits::remove_item;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags a port whose `port` number and `protocol` repeat an earlier port of the same
    /// Service. An absent protocol counts as `TCP`, so `protocol: TCP` and no protocol collide;
    /// the same number with `TCP` and `UDP` is fine.
    ///
    /// ## Why is this bad?
    /// A Service can only listen once on a given port and protocol, so the API server refuses it
    /// with `spec.ports[1]: Duplicate value: …`; with `kubectl apply --server-side` it fails even
    /// earlier with `duplicate entries for key [port=80,protocol="TCP"]`. Two entries that differ
    /// only in `targetPort` usually mean one of them should use another `port`.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: 8080
    ///     - name: metrics
    ///       port: 80
    ///       protocol: TCP
    ///       targetPort: 9090
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: 8080
    ///     - name: metrics
    ///       port: 9090
    ///       targetPort: 9090
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the repeated entry is removed with its lines. Whether it was a copy to drop or a
    /// port meant to get another number is the author's call, and its `name` or `targetPort` may be
    /// what other objects refer to.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services
    /// - https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
    pub struct DuplicatePort {
        id: "duplicate-port",
        code: "SVC020",
        category: Api,
        severity: Error,
        summary: "two ports with the same port number and protocol",
        apiserver: "R54",
        fix: Unsafe,
    }
}

impl Check for DuplicatePort {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let mut first_index = FirstSeen::new();
        for (i, port) in svc.ports().iter().enumerate() {
            // A port number that did not decode is only a zero, not a real collision.
            if svc.undecodable(|| path(&format!("spec.ports[{i}].port"))) {
                continue;
            }
            // D5: the comparison happens after an empty protocol became TCP.
            let protocol = match port.protocol.as_deref() {
                None | Some("") => "TCP",
                Some(p) => p,
            };
            if let Some(first) = first_index.first_or_record((port.port, protocol), i) {
                out.push(
                    Finding::at(
                        &Self::META,
                        path(&format!("spec.ports[{i}]")),
                        // The server prints the key it compared: a ServicePort with only
                        // Port and Protocol set, as JSON.
                        format!(
                            "Duplicate value: {{\"Name\":\"\",\"Protocol\":{},\"AppProtocol\":null,\"Port\":{},\"TargetPort\":0,\"NodePort\":0}}",
                            serde_json::Value::from(protocol),
                            port.port
                        ),
                    )
                    .help(format!(
                        "`spec.ports[{first}]` already uses port {} with {protocol}; give this entry another `port`, or remove it",
                        port.port
                    ))
                    .fix(remove_port(svc, i)),
                );
            }
        }
    }
}

fn remove_port(svc: &ServiceContext<'_>, i: usize) -> Option<Fix> {
    let ports = svc.node_at(&path("spec.ports"))?;
    let edit = remove_item(svc.text(), ports, i)?;
    Some(Fix::unsafe_(
        format!("remove `spec.ports[{i}]`"),
        vec![edit],
    ))
}
