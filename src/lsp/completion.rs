//! Completion: the field names valid at the cursor's path (from the Service schema lint decodes
//! with), the values of the enumerated fields, and for a `targetPort` the container port names of
//! the workloads the Service selects, read from the files of its folder.

use lsp_types::{CompletionItem, CompletionItemKind, Documentation, Position};

use super::cursor::{self, Place};
use super::document::Document;
use crate::explain::fields::{note, type_label};
use crate::model::schema;
use crate::model::workload::pod_labels_and_spec;
use crate::model::yaml::{Limits, Node, parse_stream};

/// The values the API server accepts for the enumerated fields (paths without indices).
const ENUMS: &[(&str, &[&str])] = &[
    ("apiVersion", &["v1"]),
    ("kind", &["Service"]),
    (
        "spec.type",
        &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    ),
    ("spec.ports.protocol", &["TCP", "UDP", "SCTP"]),
    ("spec.sessionAffinity", &["None", "ClientIP"]),
    ("spec.externalTrafficPolicy", &["Cluster", "Local"]),
    ("spec.internalTrafficPolicy", &["Cluster", "Local"]),
    (
        "spec.ipFamilyPolicy",
        &["SingleStack", "PreferDualStack", "RequireDualStack"],
    ),
    ("spec.ipFamilies", &["IPv4", "IPv6"]),
    (
        "spec.trafficDistribution",
        &["PreferSameZone", "PreferSameNode", "PreferClose"],
    ),
    ("spec.allocateLoadBalancerNodePorts", &["true", "false"]),
    ("spec.publishNotReadyAddresses", &["true", "false"]),
];

/// A container port that a `targetPort` can name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortName {
    pub name: String,
    pub detail: String,
}

fn first_paragraph(text: &str) -> String {
    text.split("\n\n").next().unwrap_or(text).trim().to_string()
}

fn field_items(parents: &[String]) -> Vec<CompletionItem> {
    let s = schema::service();
    let Some(id) = s.at_path(parents.iter().map(String::as_str)) else {
        return Vec::new();
    };
    let prefix = parents.join(".");
    s.property_names(id)
        .into_iter()
        .filter(|name| *name != "status")
        .filter_map(|name| {
            let field = s.property(
                match s.shape(id).kind {
                    schema::Kind::Array(item) => item,
                    _ => id,
                },
                name,
            )?;
            let path = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            };
            let mut documentation = first_paragraph(&s.shape(field).description);
            if let Some(allowed) = note(&path).and_then(|n| n.allowed) {
                documentation.push_str("\n\nAllowed: ");
                documentation.push_str(allowed);
            }
            Some(CompletionItem {
                label: name.to_string(),
                kind: Some(CompletionItemKind::FIELD),
                detail: Some(type_label(s, field)),
                documentation: Some(Documentation::String(documentation)),
                ..CompletionItem::default()
            })
        })
        .collect()
}

fn value_items(path: &str) -> Vec<CompletionItem> {
    let values = ENUMS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, v)| *v)
        .unwrap_or_default();
    values
        .iter()
        .map(|v| CompletionItem {
            label: v.to_string(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(path.to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

fn port_items(ports: Vec<PortName>) -> Vec<CompletionItem> {
    ports
        .into_iter()
        .map(|p| CompletionItem {
            label: p.name,
            kind: Some(CompletionItemKind::VALUE),
            detail: Some(p.detail),
            ..CompletionItem::default()
        })
        .collect()
}

/// The completions at `position`. `ports` gives the container port names of the workloads a
/// selector picks (all of them when the Service's selector cannot be read yet).
pub fn complete(
    doc: &Document,
    position: Position,
    ports: impl FnOnce(Option<Vec<(String, String)>>) -> Vec<PortName>,
) -> Vec<CompletionItem> {
    let offset = doc.offset(position);
    let line_start = doc.offset(Position::new(position.line, 0));
    let here = cursor::at(
        &doc.text,
        &doc.index,
        position.line as usize,
        offset - line_start,
    );
    if here
        .kind
        .as_deref()
        .is_some_and(|k| !k.eq_ignore_ascii_case("service"))
    {
        return Vec::new();
    }
    let joined = |extra: Option<&str>| {
        let mut path = here.parents.clone();
        path.extend(extra.map(str::to_string));
        path.join(".")
    };
    match &here.at {
        // Under a list of scalars (`ipFamilies:`), what is typed is a value.
        Place::Key { .. } | Place::Item { .. } => {
            let values = value_items(&joined(None));
            if values.is_empty() {
                field_items(&here.parents)
            } else {
                values
            }
        }
        Place::Value { key, .. } if key == "targetPort" && joined(None) == "spec.ports" => {
            port_items(ports(selector_at(&doc.text, offset)))
        }
        Place::Value { key, .. } => value_items(&joined(Some(key))),
    }
}

/// The `spec.selector` of the Service document around `offset`, when the text parses.
fn selector_at(text: &str, offset: usize) -> Option<Vec<(String, String)>> {
    let stream = parse_stream(text, Limits::default());
    let document = stream
        .documents
        .iter()
        .find(|d| d.span.start <= offset && offset <= d.span.end)?;
    let selector = document.root.as_ref()?.get("spec")?.get("selector")?;
    Some(
        selector
            .as_map()?
            .iter()
            .filter_map(|e| {
                Some((
                    e.key.scalar_text()?.to_string(),
                    e.value.scalar_text()?.to_string(),
                ))
            })
            .collect(),
    )
}

/// The named container ports of the workloads in `texts` whose Pods `selector` selects (every
/// workload when there is no selector to go by), without repeats.
pub fn container_ports<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    selector: Option<&[(String, String)]>,
) -> Vec<PortName> {
    let mut out: Vec<PortName> = Vec::new();
    for text in texts {
        let stream = parse_stream(text, Limits::default());
        for root in stream.documents.iter().filter_map(|d| d.root.as_ref()) {
            let Some(kind) = root.get("kind").and_then(Node::as_str) else {
                continue;
            };
            let Some((labels, Some(spec))) = pod_labels_and_spec(kind, root) else {
                continue;
            };
            let selected = selector.is_none_or(|sel| {
                sel.iter().all(|(k, v)| {
                    labels.and_then(|l| l.get(k)).and_then(Node::scalar_text) == Some(v.as_str())
                })
            });
            if !selected {
                continue;
            }
            let name = root
                .get("metadata")
                .and_then(|m| m.get("name"))
                .and_then(Node::scalar_text)
                .unwrap_or("?");
            let containers = spec
                .get("containers")
                .and_then(Node::as_seq)
                .unwrap_or_default();
            for container in containers {
                let ports = container
                    .get("ports")
                    .and_then(Node::as_seq)
                    .unwrap_or_default();
                for port in ports {
                    let Some(port_name) = port.get("name").and_then(Node::scalar_text) else {
                        continue;
                    };
                    if out.iter().any(|p| p.name == port_name) {
                        continue;
                    }
                    let number = port
                        .get("containerPort")
                        .and_then(Node::scalar_text)
                        .unwrap_or("?");
                    let container = container
                        .get("name")
                        .and_then(Node::scalar_text)
                        .unwrap_or("?");
                    out.push(PortName {
                        name: port_name.to_string(),
                        detail: format!("{kind}/{name}, container {container}, port {number}"),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(items: &[CompletionItem]) -> Vec<&str> {
        items.iter().map(|i| i.label.as_str()).collect()
    }

    fn at_bar(text: &str) -> (Document, Position) {
        let at = text.find('|').unwrap();
        let doc = Document::new(text.replacen('|', "", 1), 1);
        let position = doc.position(at);
        (doc, position)
    }

    #[test]
    fn fields_values_and_port_names_are_offered_where_they_fit() {
        let (doc, at) = at_bar("kind: Service\nspec:\n  ports:\n    - port: 80\n      |\n");
        let items = complete(&doc, at, |_| Vec::new());
        assert!(
            labels(&items).contains(&"targetPort"),
            "{:?}",
            labels(&items)
        );
        assert!(!labels(&items).contains(&"selector"));
        let (doc, at) = at_bar("spec:\n  sessionAffinity: |\n");
        assert_eq!(
            labels(&complete(&doc, at, |_| Vec::new())),
            ["None", "ClientIP"]
        );
        let (doc, at) = at_bar("spec:\n  ipFamilies:\n    - |\n");
        assert_eq!(
            labels(&complete(&doc, at, |_| Vec::new())),
            ["IPv4", "IPv6"]
        );
        let (doc, at) = at_bar("kind: Deployment\nspec:\n  |\n");
        assert!(complete(&doc, at, |_| Vec::new()).is_empty());
        let (doc, at) = at_bar(
            "kind: Service\nspec:\n  selector:\n    app: web\n  ports:\n    - targetPort: |\n",
        );
        let mut seen = None;
        let items = complete(&doc, at, |sel| {
            seen = sel.clone();
            vec![PortName {
                name: "http".into(),
                detail: "d".into(),
            }]
        });
        assert_eq!(labels(&items), ["http"]);
        assert_eq!(seen, Some(vec![("app".to_string(), "web".to_string())]));
    }

    #[test]
    fn only_the_selected_workloads_ports_are_named() {
        let deployments = "kind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: app\n          ports:\n            - {name: http, containerPort: 8080}\n            - {containerPort: 9090}\n---\nkind: Deployment\nmetadata: {name: db}\nspec:\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers:\n        - name: pg\n          ports: [{name: sql, containerPort: 5432}]\n";
        let web = [("app".to_string(), "web".to_string())];
        assert_eq!(
            container_ports([deployments], Some(&web)),
            [PortName {
                name: "http".into(),
                detail: "Deployment/web, container app, port 8080".into()
            }]
        );
        let all: Vec<String> = container_ports([deployments], None)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(all, ["http", "sql"]);
    }
}
