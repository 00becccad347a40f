use crate::lint::declare::declare_rule;
use crate::lint::first_seen::FirstSeen;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags a `port` number listed twice in `spec.ports` with different protocols (say 53/UDP
    /// and 53/TCP).
    ///
    /// ## Why is this bad?
    /// The Service itself is fine, but client-side `kubectl apply` (and other strategic merge
    /// patches) merge `spec.ports` by `port` number alone, so on the next apply one of the two
    /// entries is silently dropped or overwritten, a long-standing bug (kubernetes#39188,
    /// #105610). Server-side apply keys ports by port and protocol and gets it right.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///   - name: dns
    ///     port: 53
    ///     protocol: UDP
    ///   - name: dns-tcp
    ///     port: 53
    ///     protocol: TCP
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # the same manifest, applied with:
    /// #   kubectl apply --server-side -f dns.yaml
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/using-api/server-side-apply/
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services
    pub struct SamePortTcpAndUdp {
        id: "same-port-tcp-and-udp",
        code: "SVC083",
        category: BestPractice,
        severity: Warning,
        summary: "the same port with TCP and UDP breaks client-side apply",
        judges_the_whole_item: true,
    }
}

impl Check for SamePortTcpAndUdp {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let mut first = FirstSeen::new();
        for (i, port) in svc.ports().iter().enumerate() {
            if port.port == 0 {
                continue;
            }
            let protocol = port
                .protocol
                .as_deref()
                .filter(|p| !p.is_empty())
                .unwrap_or("TCP");
            let Some(&(j, other)) = first.first_or_record(port.port, (i, protocol)) else {
                continue;
            };
            // The same (port, protocol) twice is duplicate-port's error.
            if other == protocol {
                continue;
            }
            out.push(
                Finding::at(
                    &Self::META,
                    path(&format!("spec.ports[{i}]")),
                    format!(
                        "port {} is listed for both {other} (spec.ports[{j}]) and {protocol}: client-side kubectl apply merges ports by number and drops one of them on a later apply",
                        port.port
                    ),
                )
                .help("apply this Service with `kubectl apply --server-side`, which keys ports by port and protocol"),
            );
        }
    }
}
