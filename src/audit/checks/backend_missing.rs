//! SVC112: an Ingress or a Gateway API route whose backend names a Service, or a port of one,
//! that the cluster does not have.

use serde_json::Value;

use crate::audit::AuditFinding;
use crate::audit::objects::Router;
use crate::audit::snapshot::Snapshot;
use crate::k8s::text::listing;
use crate::lint::rules::backend_missing_in_cluster::BackendMissingInCluster;

struct Backend<'a> {
    field: String,
    namespace: &'a str,
    service: &'a str,
    port: Option<&'a Value>,
    port_field: String,
}

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    for router in &snap.routers {
        let mut backends = Vec::new();
        if router.kind == "Ingress" {
            ingress_backends(router, &mut backends);
        } else {
            route_backends(router, &mut backends);
        }
        for b in backends {
            if b.namespace != router.namespace && !snap.seen.all_namespaces {
                continue;
            }
            let api_version = router
                .object
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or("networking.k8s.io/v1");
            let finding = |field: &str, message: String, help: &str| {
                AuditFinding::object(
                    &BackendMissingInCluster::META,
                    api_version,
                    &router.kind,
                    &router.namespace,
                    &router.name,
                    message,
                )
                .field(field)
                .help(help)
            };
            let Some(svc) = snap.service(b.namespace, b.service) else {
                out.push(finding(
                    &b.field,
                    format!(
                        "the backend names Service {}, which does not exist in namespace {}: requests routed to it fail (503 or 500, depending on the controller)",
                        b.service, b.namespace
                    ),
                    "fix the Service name, or create the Service",
                ));
                continue;
            };
            let ports = || {
                listing(&svc.ports, |p| match &p.name {
                    Some(n) => format!("{} ({n})", p.port),
                    None => p.port.to_string(),
                })
            };
            match b.port {
                Some(Value::Number(n)) => {
                    let n = n.as_i64().unwrap_or(-1);
                    if !svc.ports.iter().any(|p| p.port == n) {
                        out.push(finding(
                            &b.port_field,
                            format!(
                                "the backend sends to port {n} of Service {}, which has no such port (it has {})",
                                b.service,
                                ports()
                            ),
                            "use one of the Service's ports (spec.ports[].port), not a container port",
                        ));
                    }
                }
                Some(Value::String(name))
                    if !svc
                        .ports
                        .iter()
                        .any(|p| p.name.as_deref() == Some(name.as_str())) =>
                {
                    out.push(finding(
                        &b.port_field,
                        format!(
                            "the backend sends to port {name:?} of Service {}, which names no port so (it has {})",
                            b.service,
                            ports()
                        ),
                        "use the name of one of the Service's ports (spec.ports[].name)",
                    ));
                }
                _ => {}
            }
        }
    }
}

fn ingress_backends<'a>(router: &'a Router, out: &mut Vec<Backend<'a>>) {
    let spec = router.object.get("spec");
    let mut visit = |backend: Option<&'a Value>, at: String| {
        let Some(service) = backend.and_then(|b| b.get("service")) else {
            return;
        };
        let Some(name) = service.get("name").and_then(Value::as_str) else {
            return;
        };
        let port = service
            .get("port")
            .and_then(|p| p.get("number").or_else(|| p.get("name")));
        let port_key = match port {
            Some(Value::String(_)) => "name",
            _ => "number",
        };
        out.push(Backend {
            field: format!("{at}.service.name"),
            namespace: &router.namespace,
            service: name,
            port,
            port_field: format!("{at}.service.port.{port_key}"),
        });
    };
    visit(
        spec.and_then(|s| s.get("defaultBackend")),
        "spec.defaultBackend".into(),
    );
    let rules = spec.and_then(|s| s.get("rules")).and_then(Value::as_array);
    for (i, rule) in rules.into_iter().flatten().enumerate() {
        let paths = rule.pointer("/http/paths").and_then(Value::as_array);
        for (j, path) in paths.into_iter().flatten().enumerate() {
            visit(
                path.get("backend"),
                format!("spec.rules[{i}].http.paths[{j}].backend"),
            );
        }
    }
}

fn route_backends<'a>(router: &'a Router, out: &mut Vec<Backend<'a>>) {
    let rules = router
        .object
        .pointer("/spec/rules")
        .and_then(Value::as_array);
    for (i, rule) in rules.into_iter().flatten().enumerate() {
        let refs = rule.get("backendRefs").and_then(Value::as_array);
        for (j, r) in refs.into_iter().flatten().enumerate() {
            let group = r.get("group").and_then(Value::as_str).unwrap_or("");
            let kind = r.get("kind").and_then(Value::as_str).unwrap_or("Service");
            if !group.is_empty() || kind != "Service" {
                continue;
            }
            let Some(name) = r.get("name").and_then(Value::as_str) else {
                continue;
            };
            let at = format!("spec.rules[{i}].backendRefs[{j}]");
            out.push(Backend {
                field: format!("{at}.name"),
                namespace: r
                    .get("namespace")
                    .and_then(Value::as_str)
                    .unwrap_or(&router.namespace),
                service: name,
                port: r.get("port"),
                port_field: format!("{at}.port"),
            });
        }
    }
}
