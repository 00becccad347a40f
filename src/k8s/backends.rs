//! The Services that Ingresses and Gateway API routes send traffic to, by name and port.

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::object::ObjectRef;
use crate::model::source::Span;
use crate::model::yaml::{Node, Resolved};

/// A reference from an Ingress or a Gateway API route to a Service by name and port.
#[derive(Clone, Debug)]
pub struct BackendRef {
    pub object: ObjectRef,
    pub service: String,
    pub namespace: Option<String>,
    /// A port number or name, when given.
    pub port: Option<IntOrString>,
    pub span: Span,
    pub port_span: Option<Span>,
    /// The field paths of the name and the port (`spec.rules[0].backendRefs[1].name`).
    pub field: String,
    pub port_field: String,
}

fn int_or_string(node: Option<&Node>) -> Option<IntOrString> {
    match node?.resolved()? {
        Resolved::Int(i) => i32::try_from(i).ok().map(IntOrString::Int),
        Resolved::Str(s) => Some(IntOrString::String(s.to_string())),
        _ => None,
    }
}

pub(crate) fn ingress_backends(object: &ObjectRef, node: &Node, out: &mut Vec<BackendRef>) {
    let Some(spec) = node.get("spec") else { return };
    let mut visit = |backend: &Node, at: String| {
        let Some(service) = backend.get("service") else {
            return;
        };
        let Some(name_node) = service.get("name") else {
            return;
        };
        let Some(name) = name_node.as_str() else {
            return;
        };
        let port = service.get("port");
        let (port_node, port_field) = match port.and_then(|p| p.get("number")) {
            Some(n) => (Some(n), "number"),
            None => (port.and_then(|p| p.get("name")), "name"),
        };
        out.push(BackendRef {
            object: object.clone(),
            service: name.to_string(),
            namespace: object.namespace.as_deref().map(str::to_string),
            port: int_or_string(port_node),
            span: name_node.span,
            port_span: port_node.map(|n| n.span),
            field: format!("{at}.service.name"),
            port_field: format!("{at}.service.port.{port_field}"),
        });
    };
    if let Some(default) = spec.get("defaultBackend") {
        visit(default, "spec.defaultBackend".into());
    }
    for (i, rule) in spec
        .get("rules")
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let paths = rule
            .get("http")
            .and_then(|h| h.get("paths"))
            .and_then(Node::as_seq)
            .unwrap_or(&[]);
        for (j, p) in paths.iter().enumerate() {
            if let Some(backend) = p.get("backend") {
                visit(backend, format!("spec.rules[{i}].http.paths[{j}].backend"));
            }
        }
    }
}

pub(crate) fn route_backends(object: &ObjectRef, node: &Node, out: &mut Vec<BackendRef>) {
    let rules = node
        .get("spec")
        .and_then(|s| s.get("rules"))
        .and_then(Node::as_seq)
        .unwrap_or(&[]);
    for (i, rule) in rules.iter().enumerate() {
        let refs = rule
            .get("backendRefs")
            .and_then(Node::as_seq)
            .unwrap_or(&[]);
        for (j, backend) in refs.iter().enumerate() {
            let kind = backend
                .get("kind")
                .and_then(Node::as_str)
                .unwrap_or("Service");
            let group = backend.get("group").and_then(Node::as_str).unwrap_or("");
            if kind != "Service" || !group.is_empty() {
                continue;
            }
            let Some(name_node) = backend.get("name") else {
                continue;
            };
            let Some(name) = name_node.as_str() else {
                continue;
            };
            let at = format!("spec.rules[{i}].backendRefs[{j}]");
            out.push(BackendRef {
                object: object.clone(),
                service: name.to_string(),
                namespace: backend
                    .get("namespace")
                    .and_then(Node::as_str)
                    .map(str::to_string)
                    .or_else(|| object.namespace.as_deref().map(str::to_string)),
                port: int_or_string(backend.get("port")),
                span: name_node.span,
                port_span: backend.get("port").map(|n| n.span),
                field: format!("{at}.name"),
                port_field: format!("{at}.port"),
            });
        }
    }
}
