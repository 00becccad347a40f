//! The cross-object index: compact facts extracted from every file while it is parsed (Services,
//! the pod templates of workloads, Ingress backends…), then indexed once by namespace and label so
//! cross-object rules stay linear in the size of the run. Trees are dropped after extraction, so
//! memory is bounded by the largest file plus these facts.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::suppress::{IgnoreList, object_ignores};
use crate::model::object::{ObjectRef, ParsedFile};
use crate::model::path::{FieldPath, locate};
use crate::model::source::{SourceFile, Span};
use crate::model::yaml::{Node, Resolved};

/// Labels that controllers add to the Pods they create, so selectors may use them.
pub const CONTROLLER_LABELS: &[&str] = &[
    "statefulset.kubernetes.io/pod-name",
    "apps.kubernetes.io/pod-index",
    "job-name",
    "batch.kubernetes.io/job-name",
    "controller-uid",
    "batch.kubernetes.io/controller-uid",
    "pod-template-hash",
];

#[derive(Clone, Debug)]
pub struct PortFacts {
    pub index: usize,
    pub name: Option<String>,
    pub port: i32,
    pub protocol: String,
    pub target: Option<IntOrString>,
    pub node_port: Option<i32>,
    pub span: Span,
    pub target_span: Option<Span>,
    pub node_port_span: Option<Span>,
}

#[derive(Clone, Debug)]
pub struct ServiceFacts {
    pub object: ObjectRef,
    pub name_span: Span,
    pub type_: String,
    pub headless: bool,
    pub selector: BTreeMap<String, String>,
    pub selector_span: Option<Span>,
    pub ports: Vec<PortFacts>,
    pub external_name: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub port: i64,
    pub protocol: String,
}

#[derive(Clone, Debug)]
pub struct WorkloadFacts {
    pub object: ObjectRef,
    pub name_span: Span,
    /// The labels its Pods carry (pod template labels, or a Pod's own labels).
    pub pod_labels: BTreeMap<String, String>,
    pub ports: Vec<ContainerPort>,
    pub replicas: Option<i64>,
    /// StatefulSet `spec.serviceName` and its span.
    pub service_name: Option<(String, Span)>,
}

/// A reference from an Ingress or a Gateway API route to a Service by name and port.
#[derive(Clone, Debug)]
pub struct BackendRef {
    pub object: ObjectRef,
    pub service: String,
    pub namespace: Option<String>,
    /// A port number or name, when given.
    pub port: Option<IntOrString>,
    pub span: Span,
}

#[derive(Debug)]
pub struct FileFacts {
    pub source: Arc<SourceFile>,
    pub services: Vec<ServiceFacts>,
    pub workloads: Vec<WorkloadFacts>,
    pub backends: Vec<BackendRef>,
    /// Object-level `svcctl.dev/ignore` lists by object ordinal.
    pub ignores: HashMap<usize, IgnoreList>,
    /// `# svcctl-ignore:` comments by line.
    pub comment_ignores: HashMap<usize, IgnoreList>,
}

fn span_at(node: &Node, path: &str) -> Span {
    locate(node, &FieldPath::parse(path)).label_span()
}

fn string_map(node: Option<&Node>) -> BTreeMap<String, String> {
    node.map(|n| {
        n.string_entries()
            .filter_map(|(k, e)| {
                let v = match e.value.resolved()? {
                    Resolved::Str(s) => s.to_string(),
                    _ => e.value.scalar_text()?.to_string(),
                };
                Some((k.to_string(), v))
            })
            .collect()
    })
    .unwrap_or_default()
}

fn int(node: Option<&Node>) -> Option<i64> {
    match node?.resolved()? {
        Resolved::Int(i) => Some(i),
        _ => None,
    }
}

/// The pod spec and pod labels of a workload kind, wherever that kind keeps its template.
fn pod_template<'a>(kind: &str, node: &'a Node) -> Option<(Option<&'a Node>, Option<&'a Node>)> {
    let spec = node.get("spec");
    let template = match kind {
        "Pod" => {
            return Some((
                node.get("metadata").and_then(|m| m.get("labels")),
                spec,
            ));
        }
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController"
        | "Job" => spec.and_then(|s| s.get("template")),
        "CronJob" => spec
            .and_then(|s| s.get("jobTemplate"))
            .and_then(|j| j.get("spec"))
            .and_then(|s| s.get("template")),
        _ => return None,
    };
    let template = template?;
    Some((
        template.get("metadata").and_then(|m| m.get("labels")),
        template.get("spec"),
    ))
}

fn container_ports(pod_spec: Option<&Node>) -> Vec<ContainerPort> {
    let mut ports = Vec::new();
    let Some(pod_spec) = pod_spec else {
        return ports;
    };
    for list in ["containers", "initContainers"] {
        for container in pod_spec.get(list).and_then(Node::as_seq).unwrap_or(&[]) {
            for p in container.get("ports").and_then(Node::as_seq).unwrap_or(&[]) {
                let Some(port) = int(p.get("containerPort")) else {
                    continue;
                };
                ports.push(ContainerPort {
                    name: p.get("name").and_then(Node::as_str).map(str::to_string),
                    port,
                    protocol: p
                        .get("protocol")
                        .and_then(Node::as_str)
                        .unwrap_or("TCP")
                        .to_string(),
                });
            }
        }
    }
    ports
}

fn int_or_string(node: Option<&Node>) -> Option<IntOrString> {
    match node?.resolved()? {
        Resolved::Int(i) => i32::try_from(i).ok().map(IntOrString::Int),
        Resolved::Str(s) => Some(IntOrString::String(s.to_string())),
        _ => None,
    }
}

fn ingress_backends(object: &ObjectRef, node: &Node, out: &mut Vec<BackendRef>) {
    let Some(spec) = node.get("spec") else { return };
    let mut visit = |backend: &Node| {
        let Some(service) = backend.get("service") else {
            return;
        };
        let Some(name) = service.get("name").and_then(Node::as_str) else {
            return;
        };
        let port = service
            .get("port")
            .and_then(|p| {
                int_or_string(p.get("number")).or_else(|| int_or_string(p.get("name")))
            });
        out.push(BackendRef {
            object: object.clone(),
            service: name.to_string(),
            namespace: object.namespace.clone(),
            port,
            span: service.get("name").map_or(backend.span, |n| n.span),
        });
    };
    if let Some(default) = spec.get("defaultBackend") {
        visit(default);
    }
    for rule in spec.get("rules").and_then(Node::as_seq).unwrap_or(&[]) {
        let paths = rule
            .get("http")
            .and_then(|h| h.get("paths"))
            .and_then(Node::as_seq)
            .unwrap_or(&[]);
        for p in paths {
            if let Some(backend) = p.get("backend") {
                visit(backend);
            }
        }
    }
}

fn route_backends(object: &ObjectRef, node: &Node, out: &mut Vec<BackendRef>) {
    let rules = node
        .get("spec")
        .and_then(|s| s.get("rules"))
        .and_then(Node::as_seq)
        .unwrap_or(&[]);
    for rule in rules {
        for backend in rule.get("backendRefs").and_then(Node::as_seq).unwrap_or(&[]) {
            let kind = backend.get("kind").and_then(Node::as_str).unwrap_or("Service");
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
            out.push(BackendRef {
                object: object.clone(),
                service: name.to_string(),
                namespace: backend
                    .get("namespace")
                    .and_then(Node::as_str)
                    .map(str::to_string)
                    .or_else(|| object.namespace.clone()),
                port: int_or_string(backend.get("port")),
                span: name_node.span,
            });
        }
    }
}

impl FileFacts {
    /// Extract the facts of one parsed file. `typed` holds the typed view of each core Service by
    /// object ordinal (built once by the per-Service phase).
    pub fn extract(file: &ParsedFile, typed: &HashMap<usize, Service>) -> FileFacts {
        let mut facts = FileFacts {
            source: file.source.clone(),
            services: Vec::new(),
            workloads: Vec::new(),
            backends: Vec::new(),
            ignores: HashMap::new(),
            comment_ignores: super::suppress::comment_ignores(&file.source, &file.stream.comments),
        };
        for object in &file.objects {
            let Some(node) = file.node(object) else {
                continue;
            };
            let ignores = object_ignores(node);
            if !ignores.is_empty() {
                facts.ignores.insert(object.ordinal, ignores);
            }
            let name_span = span_at(node, "metadata.name");
            if object.is_core_service() {
                let Some(service) = typed.get(&object.ordinal) else {
                    continue;
                };
                facts
                    .services
                    .push(service_facts(object, node, name_span, service));
                continue;
            }
            let group = object.api_version.split('/').next().unwrap_or("");
            match object.kind.as_str() {
                "Ingress" if object.api_version == "networking.k8s.io/v1" => {
                    ingress_backends(object, node, &mut facts.backends);
                }
                "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute" | "UDPRoute"
                    if group == "gateway.networking.k8s.io" =>
                {
                    route_backends(object, node, &mut facts.backends);
                }
                kind => {
                    let core_or_apps = matches!(
                        object.api_version.as_str(),
                        "v1" | "apps/v1" | "batch/v1" | "batch/v1beta1" | "apps/v1beta1"
                            | "apps/v1beta2" | "extensions/v1beta1"
                    );
                    if !core_or_apps {
                        continue;
                    }
                    let Some((labels, pod_spec)) = pod_template(kind, node) else {
                        continue;
                    };
                    let spec = node.get("spec");
                    facts.workloads.push(WorkloadFacts {
                        object: object.clone(),
                        name_span,
                        pod_labels: string_map(labels),
                        ports: container_ports(pod_spec),
                        replicas: int(spec.and_then(|s| s.get("replicas"))),
                        service_name: (kind == "StatefulSet")
                            .then(|| spec.and_then(|s| s.get("serviceName")))
                            .flatten()
                            .and_then(|n| n.as_str().map(|s| (s.to_string(), n.span))),
                    });
                }
            }
        }
        facts
    }
}

fn service_facts(object: &ObjectRef, node: &Node, name_span: Span, svc: &Service) -> ServiceFacts {
    let spec = svc.spec.clone().unwrap_or_default();
    let cluster_ips: Vec<String> = match (&spec.cluster_ip, &spec.cluster_ips) {
        (Some(ip), None) if !ip.is_empty() => vec![ip.clone()],
        (_, Some(ips)) => ips.clone(),
        _ => Vec::new(),
    };
    let ports = spec
        .ports
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let base = format!("spec.ports[{i}]");
            let has = |f: &str| locate(node, &FieldPath::parse(&format!("{base}.{f}"))).exact;
            PortFacts {
                index: i,
                name: p.name.filter(|n| !n.is_empty()),
                port: p.port,
                protocol: p.protocol.filter(|p| !p.is_empty()).unwrap_or_else(|| "TCP".into()),
                target: p.target_port,
                node_port: p.node_port.filter(|n| *n != 0),
                span: span_at(node, &base),
                target_span: has("targetPort").then(|| span_at(node, &format!("{base}.targetPort"))),
                node_port_span: has("nodePort").then(|| span_at(node, &format!("{base}.nodePort"))),
            }
        })
        .collect();
    ServiceFacts {
        object: object.clone(),
        name_span,
        type_: spec
            .type_
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "ClusterIP".into()),
        headless: cluster_ips == ["None"],
        selector: spec.selector.unwrap_or_default(),
        selector_span: locate(node, &FieldPath::parse("spec.selector"))
            .exact
            .then(|| span_at(node, "spec.selector")),
        ports,
        external_name: spec.external_name,
    }
}

/// The whole run, indexed for cross-object rules.
pub struct RunIndex<'a> {
    pub files: &'a [FileFacts],
    /// Workloads by namespace (`None` = not stated in the manifest).
    pub workloads_by_namespace: HashMap<Option<&'a str>, Vec<(usize, &'a WorkloadFacts)>>,
    /// Workloads by one `key=value` pod label, for linear selector matching.
    pub workloads_by_label: HashMap<(&'a str, &'a str), Vec<(usize, &'a WorkloadFacts)>>,
    /// Services by name.
    pub services_by_name: HashMap<&'a str, Vec<(usize, &'a ServiceFacts)>>,
}

impl<'a> RunIndex<'a> {
    pub fn build(files: &'a [FileFacts]) -> Self {
        let mut index = RunIndex {
            files,
            workloads_by_namespace: HashMap::new(),
            workloads_by_label: HashMap::new(),
            services_by_name: HashMap::new(),
        };
        for (fi, f) in files.iter().enumerate() {
            for w in &f.workloads {
                index
                    .workloads_by_namespace
                    .entry(w.object.namespace.as_deref())
                    .or_default()
                    .push((fi, w));
                for (k, v) in &w.pod_labels {
                    index
                        .workloads_by_label
                        .entry((k.as_str(), v.as_str()))
                        .or_default()
                        .push((fi, w));
                }
            }
            for s in &f.services {
                if let Some(name) = s.object.name.as_deref() {
                    index.services_by_name.entry(name).or_default().push((fi, s));
                }
            }
        }
        index
    }

    pub fn has_workloads(&self) -> bool {
        self.files.iter().any(|f| !f.workloads.is_empty())
    }

    pub fn services(&self) -> impl Iterator<Item = (usize, &'a ServiceFacts)> + '_ {
        self.files
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| f.services.iter().map(move |s| (fi, s)))
    }

    pub fn workloads(&self) -> impl Iterator<Item = (usize, &'a WorkloadFacts)> + '_ {
        self.files
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| f.workloads.iter().map(move |w| (fi, w)))
    }
}
