//! `svcctl new --from FILE`: what a Service for a workload needs, read offline from the
//! workload's manifest (what `kubectl expose` fetches from a live cluster): the Pod selector, the
//! namespace and the container ports.

use std::io::Read;
use std::sync::Arc;

use thiserror::Error;

use super::ports::Protocol;
use crate::model::object::{ObjectRef, ParsedFile};
use crate::model::source::SourceFile;
use crate::model::workload;
use crate::model::yaml::{Limits, Node, Resolved, parse_stream};

/// A port one of the workload's containers declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub port: u16,
    pub protocol: Protocol,
}

impl ContainerPort {
    pub fn describe(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} ({}/{})", self.port, self.protocol.as_str()),
            None => format!("{}/{}", self.port, self.protocol.as_str()),
        }
    }
}

#[derive(Debug)]
pub struct Workload {
    /// `deployment.apps/web`.
    pub display: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub selector: Vec<(String, String)>,
    /// Where the selector came from, for the note on stderr.
    pub selector_source: &'static str,
    pub ports: Vec<ContainerPort>,
    /// A StatefulSet's `spec.serviceName`: the headless Service its Pods' DNS names need.
    pub service_name: Option<String>,
    /// The file as given (`-` for stdin) and the workload's own text, to lint the new Service
    /// together with it.
    pub file: String,
    pub text: Option<String>,
    pub notes: Vec<String>,
}

impl Workload {
    pub fn declares(&self, name: &str) -> Option<&ContainerPort> {
        self.ports.iter().find(|p| p.name.as_deref() == Some(name))
    }

    pub fn port_list(&self) -> String {
        if self.ports.is_empty() {
            return "no ports".into();
        }
        self.ports
            .iter()
            .map(ContainerPort::describe)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why `--from` (or `--workload`) gave no workload to build on.
#[derive(Debug, Error)]
pub enum FromError {
    #[error("--from -: cannot read stdin: {0}")]
    Stdin(std::io::Error),
    #[error("--from {file}: {reason}")]
    Unreadable { file: String, reason: String },
    #[error(
        "--from {file}:{line}:{column}: {message} (fix the YAML first; `svcctl lint {file}` shows every problem)"
    )]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "--from {file}: no Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or Pod in it (found {found})"
    )]
    NoWorkload { file: String, found: String },
    #[error("--from {file} holds {count} workloads ({list}); pick one with --workload NAME")]
    SeveralWorkloads {
        file: String,
        count: usize,
        list: String,
    },
    #[error("--workload {pick}: no such workload in {file} (it holds {list})")]
    NoSuchWorkload {
        pick: String,
        file: String,
        list: String,
    },
    #[error(
        "--workload {pick} matches {count} workloads ({list}); write KIND/NAME, e.g. --workload {example}"
    )]
    AmbiguousWorkload {
        pick: String,
        count: usize,
        list: String,
        example: String,
    },
    #[error("--from {file}: cannot read {object}")]
    NoNode { file: String, object: String },
    #[error(
        "{workload}: container {container} declares a containerPort that is not a port number (1-65535); fix the workload or give --port"
    )]
    BadContainerPort { workload: String, container: String },
    #[error(
        "{workload}: container {container} port {port} has protocol {protocol:?}, not TCP, UDP or SCTP"
    )]
    BadProtocol {
        workload: String,
        container: String,
        port: u16,
        protocol: String,
    },
}

fn read(file: &str) -> Result<String, FromError> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .lock()
            .read_to_string(&mut text)
            .map_err(FromError::Stdin)?;
        return Ok(text);
    }
    std::fs::read_to_string(file).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::InvalidData => "not UTF-8 text".to_string(),
            _ => e.to_string(),
        };
        FromError::Unreadable {
            file: file.to_string(),
            reason,
        }
    })
}

/// Read `file` and pick the workload: the only one, or the one `--workload` names (`NAME` or
/// `KIND/NAME`).
pub fn load(file: &str, pick: Option<&str>) -> Result<Workload, FromError> {
    let text = read(file)?;
    let source = Arc::new(SourceFile::new(file, text));
    let stream = parse_stream(&source.text, Limits::default());
    if let Some(e) = stream.errors.first() {
        let at = source.position(e.span.start);
        return Err(FromError::Syntax {
            file: file.to_string(),
            line: at.line,
            column: at.column,
            message: e.message.clone(),
        });
    }
    let parsed = ParsedFile::new(source.clone(), stream);
    let candidates: Vec<&ObjectRef> = parsed
        .objects
        .iter()
        .filter(|o| workload::KINDS.contains(&o.kind.as_str()))
        .collect();
    if candidates.is_empty() {
        let found = if parsed.objects.is_empty() {
            "no Kubernetes objects".to_string()
        } else {
            parsed
                .objects
                .iter()
                .map(ObjectRef::display_name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(FromError::NoWorkload {
            file: file.to_string(),
            found,
        });
    }
    let list = |objects: &[&ObjectRef]| {
        objects
            .iter()
            .map(|o| o.display_name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen = match pick {
        None if candidates.len() == 1 => candidates[0],
        None => {
            return Err(FromError::SeveralWorkloads {
                file: file.to_string(),
                count: candidates.len(),
                list: list(&candidates),
            });
        }
        Some(pick) => {
            let (kind, name) = match pick.split_once('/') {
                Some((kind, name)) => (Some(kind.split('.').next().unwrap_or(kind)), name),
                None => (None, pick),
            };
            let matching: Vec<&ObjectRef> = candidates
                .iter()
                .copied()
                .filter(|o| o.name.as_deref() == Some(name))
                .filter(|o| kind.is_none_or(|k| o.kind.eq_ignore_ascii_case(k)))
                .collect();
            match matching.as_slice() {
                [one] => *one,
                [] => {
                    return Err(FromError::NoSuchWorkload {
                        pick: pick.to_string(),
                        file: file.to_string(),
                        list: list(&candidates),
                    });
                }
                several => {
                    return Err(FromError::AmbiguousWorkload {
                        pick: pick.to_string(),
                        count: several.len(),
                        list: list(several),
                        example: several[0].display_name(),
                    });
                }
            }
        }
    };
    let node = parsed.node(chosen).ok_or_else(|| FromError::NoNode {
        file: file.to_string(),
        object: chosen.display_name(),
    })?;
    let mut workload = read_workload(chosen, node)?;
    workload.file = file.to_string();
    // A top-level document stands on its own; an item of a `kind: List` does not, and is then
    // not linted together with the new Service.
    if chosen.item.is_none() {
        workload.text = source
            .text
            .get(node.span.start..node.span.end)
            .map(|t| format!("{t}\n"));
    }
    Ok(workload)
}

fn text_of(node: &Node) -> Option<String> {
    match node.resolved()? {
        Resolved::Str(s) => Some(s.to_string()),
        _ => node.scalar_text().map(str::to_string),
    }
}

fn string_map(node: Option<&Node>) -> Vec<(String, String)> {
    node.map(|n| {
        n.string_entries()
            .filter_map(|(k, e)| Some((k.to_string(), text_of(&e.value)?)))
            .collect()
    })
    .unwrap_or_default()
}

fn int(node: Option<&Node>) -> Option<i64> {
    node?.as_int()
}

fn read_workload(object: &ObjectRef, node: &Node) -> Result<Workload, FromError> {
    let display = object.display_name();
    let spec = node.get("spec");
    let selector_node =
        workload::controller_spec(&object.kind, node).and_then(|s| s.get("selector"));
    let (pod_labels, pod_spec) =
        workload::pod_labels_and_spec(&object.kind, node).unwrap_or_default();
    let mut notes = Vec::new();
    // A ReplicationController's selector is a plain map; the others use a LabelSelector.
    let (match_labels, expressions) = match object.kind.as_str() {
        "ReplicationController" => (string_map(selector_node), false),
        _ => (
            string_map(selector_node.and_then(|s| s.get("matchLabels"))),
            selector_node
                .and_then(|s| s.get("matchExpressions"))
                .and_then(Node::as_seq)
                .is_some_and(|e| !e.is_empty()),
        ),
    };
    let (selector, selector_source) = if !match_labels.is_empty() {
        if expressions {
            notes.push(format!(
                "{display} also selects with matchExpressions, which a Service selector cannot express; the Service may select more Pods than {display} owns"
            ));
        }
        let source = if object.kind == "ReplicationController" {
            "spec.selector"
        } else {
            "spec.selector.matchLabels"
        };
        (match_labels, source)
    } else {
        let source = if object.kind == "Pod" {
            "metadata.labels"
        } else {
            "its Pod template labels"
        };
        (string_map(pod_labels), source)
    };
    let ports = container_ports(&display, pod_spec)?;
    let service_name = (object.kind == "StatefulSet")
        .then(|| {
            spec.and_then(|s| s.get("serviceName"))
                .and_then(Node::as_str)
        })
        .flatten()
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    Ok(Workload {
        display,
        kind: object.kind.to_string(),
        name: object.name.as_deref().map(str::to_string),
        namespace: object.namespace.as_deref().map(str::to_string),
        selector,
        selector_source,
        ports,
        service_name,
        file: String::new(),
        text: None,
        notes,
    })
}

/// The ports of the Pod's containers and of its native sidecars (init containers that keep
/// running); a one-shot init container is gone before a Service could reach it.
fn container_ports(
    display: &str,
    pod_spec: Option<&Node>,
) -> Result<Vec<ContainerPort>, FromError> {
    let mut ports: Vec<ContainerPort> = Vec::new();
    let Some(pod_spec) = pod_spec else {
        return Ok(ports);
    };
    for list in ["containers", "initContainers"] {
        for container in pod_spec.get(list).and_then(Node::as_seq).unwrap_or(&[]) {
            if list == "initContainers"
                && container.get("restartPolicy").and_then(Node::as_str) != Some("Always")
            {
                continue;
            }
            let container_name = container.get("name").and_then(Node::as_str).unwrap_or("?");
            for p in container.get("ports").and_then(Node::as_seq).unwrap_or(&[]) {
                let number = int(p.get("containerPort"));
                let Some(port) = number
                    .and_then(|n| u16::try_from(n).ok())
                    .filter(|n| *n != 0)
                else {
                    return Err(FromError::BadContainerPort {
                        workload: display.to_string(),
                        container: container_name.to_string(),
                    });
                };
                let protocol_text = p.get("protocol").and_then(Node::as_str).unwrap_or("TCP");
                let Some(protocol) = Protocol::parse(protocol_text) else {
                    return Err(FromError::BadProtocol {
                        workload: display.to_string(),
                        container: container_name.to_string(),
                        port,
                        protocol: protocol_text.to_string(),
                    });
                };
                let name = p
                    .get("name")
                    .and_then(Node::as_str)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string);
                if ports
                    .iter()
                    .any(|q| q.port == port && q.protocol == protocol)
                {
                    continue;
                }
                ports.push(ContainerPort {
                    name,
                    port,
                    protocol,
                });
            }
        }
    }
    Ok(ports)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload(text: &str) -> Workload {
        let source = Arc::new(SourceFile::new("t.yaml", text));
        let parsed = ParsedFile::new(
            source.clone(),
            parse_stream(&source.text, Limits::default()),
        );
        let object = parsed.objects[0].clone();
        let node = parsed.node(&object).unwrap();
        read_workload(&object, node).unwrap()
    }

    #[test]
    fn deployment_selector_and_ports() {
        let w = workload(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web, version: v2}\n    spec:\n      containers:\n      - name: web\n        ports:\n        - {name: http, containerPort: 8080}\n        - {containerPort: 9090, protocol: udp}\n      initContainers:\n      - name: once\n        ports: [{containerPort: 1}]\n      - name: proxy\n        restartPolicy: Always\n        ports: [{name: admin, containerPort: 15000}]\n",
        );
        assert_eq!(w.selector, [("app".to_string(), "web".to_string())]);
        assert_eq!(w.selector_source, "spec.selector.matchLabels");
        assert_eq!(w.namespace.as_deref(), Some("shop"));
        assert_eq!(
            w.port_list(),
            "http (8080/TCP), 9090/UDP, admin (15000/TCP)"
        );
    }

    #[test]
    fn pod_and_cronjob_labels() {
        let w = workload(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n  containers: [{name: c}]\n",
        );
        assert_eq!(w.selector, [("app".to_string(), "p".to_string())]);
        assert!(w.ports.is_empty());
        let w = workload(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {job: c}}\n        spec: {containers: [{name: c}]}\n",
        );
        assert_eq!(w.selector_source, "its Pod template labels");
        assert_eq!(w.selector, [("job".to_string(), "c".to_string())]);
    }
}
