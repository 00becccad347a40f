use crate::k8s::text::{dns1123_label, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::fix::edits::replace_scalar;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};
use crate::model::yaml::Node;

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
    /// Unsafe: the name is rewritten as a DNS label (`HTTP_API` → `http-api`), and so are the
    /// `port.name`s of the Ingress backends in the same file that name this port. Objects in
    /// other files (or an EndpointSlice) that name it are not updated.
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
                let mut edits = vec![svc.rewrite(&field, &fixed)?];
                edits.extend(
                    ingress_references(svc, name)
                        .into_iter()
                        .filter_map(|node| replace_scalar(svc.text(), node, &fixed)),
                );
                Some(Fix::unsafe_(format!("rename the port `{fixed}`"), edits))
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

/// The `port.name` nodes of the Ingress backends in the Service's file that name this port of
/// this Service: a rename must carry them along, or the Ingress loses its backend.
fn ingress_references<'a>(svc: &ServiceContext<'a>, port: &str) -> Vec<&'a Node> {
    let mut found = Vec::new();
    let mut visit = |backend: &'a Node| {
        let Some(service) = backend.get("service") else {
            return;
        };
        if service.get("name").and_then(Node::as_str) == Some(svc.name())
            && let Some(named) = service.get("port").and_then(|p| p.get("name"))
            && named.as_str() == Some(port)
        {
            found.push(named);
        }
    };
    for object in &svc.file.objects {
        if object.kind.as_str() != "Ingress" || object.namespace != svc.object.namespace {
            continue;
        }
        let Some(spec) = svc.file.node(object).and_then(|n| n.get("spec")) else {
            continue;
        };
        if let Some(default) = spec.get("defaultBackend") {
            visit(default);
        }
        for rule in spec.get("rules").and_then(Node::as_seq).unwrap_or(&[]) {
            let paths = rule.get("http").and_then(|h| h.get("paths"));
            for path in paths.and_then(Node::as_seq).unwrap_or(&[]) {
                if let Some(backend) = path.get("backend") {
                    visit(backend);
                }
            }
        }
    }
    found
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
