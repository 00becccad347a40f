use crate::k8s::text::{dns1123_label, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks that each `spec.ports[].name` is an RFC 1123 label: lower-case letters, digits and
    /// `-`, starting and ending with a letter or digit, at most 63 characters.
    ///
    /// ## Why is this bad?
    /// Port names become DNS SRV record names (`_http._tcp.web.default.svc`), so the API server
    /// refuses anything else: `spec.ports[0].name: Invalid value: "HTTP_API": a lowercase RFC 1123
    /// label must consist of …`. Upper case and `_` are the usual mistakes.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: HTTP_API
    ///       port: 80
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http-api
    ///       port: 80
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the name is rewritten as a DNS label (`HTTP_API` → `http-api`). The API server
    /// refused the old name, but other objects (an Ingress backend's `port.name`, an EndpointSlice)
    /// may name the port, and they are not updated.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
    pub struct InvalidPortName {
        id: "invalid-port-name",
        code: "SVC014",
        category: Api,
        severity: Error,
        summary: "a port name that is not a DNS label",
        apiserver: "R23",
        fix: Unsafe,
    }
}

impl Check for InvalidPortName {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for (i, port) in svc.ports().iter().enumerate() {
            let name = port.name.as_deref().unwrap_or("");
            if name.is_empty() {
                continue;
            }
            let field = path(&format!("spec.ports[{i}].name"));
            let fix = label(name).and_then(|fixed| {
                let edit = svc.rewrite(&field, &fixed)?;
                Some(Fix::unsafe_(
                    format!("rename the port `{fixed}`"),
                    vec![edit],
                ))
            });
            for msg in dns1123_label(name) {
                out.push(
                    Finding::at(
                        &Self::META,
                        field.clone(),
                        format!("Invalid value: {}: {msg}", quoted(name)),
                    )
                    .help(help(name))
                    .fix(fix.clone()),
                );
            }
        }
    }
}

/// `name` as a DNS label, if lower-casing it and turning other characters into `-` makes one.
fn label(name: &str) -> Option<String> {
    let fixed: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .chars()
        .take(63)
        .collect();
    (!fixed.is_empty() && dns1123_label(&fixed).is_empty()).then_some(fixed)
}

fn help(name: &str) -> String {
    if let Some(fixed) = label(name) {
        format!("use lower-case letters, digits and '-' (e.g. `{fixed}`)")
    } else {
        "use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters".into()
    }
}
