//! The cross-object index: compact facts extracted from every file while it is parsed (Services,
//! the pod templates of workloads, Ingress backends…), then indexed once by namespace and label so
//! cross-object rules stay linear in the size of the run. Trees are dropped after extraction, so
//! memory is bounded by the largest file plus these facts, which are kept small (see
//! [`super::compact`]): a run holds one per Service and workload.

// The run index's maps are keyed by short strings the run itself supplies and looked up hundreds
// of thousands of times: foldhash, not SipHash.
use compact_str::CompactString;
use foldhash::{HashMap, HashSet};
use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub use super::compact::Labels;
use super::compact::{Loc, OwnedLabels, Packed, PackedBuilder, Parts};
use super::suppress::{IgnoreList, object_ignores};
use super::{Finding, RunFinding};
use crate::model::object::{ObjectRef, ParsedFile, display_name};
use crate::model::path::{FieldPath, locate};
use crate::model::source::{SourceFile, Span};
use crate::model::workload;
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

/// An object of the run as the facts keep it, borrowed: what [`ObjectRef`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectView<'a> {
    pub document: usize,
    pub item: Option<usize>,
    pub ordinal: usize,
    pub api_version: &'a str,
    pub kind: &'a str,
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
}

impl ObjectView<'_> {
    /// `service/web`, `deployment.apps/web`: the names kubectl prints.
    pub fn display_name(&self) -> String {
        display_name(self.api_version, self.kind, self.name)
    }

    pub fn to_ref(&self) -> ObjectRef {
        ObjectRef {
            document: self.document,
            item: self.item,
            ordinal: self.ordinal,
            api_version: self.api_version.into(),
            kind: self.kind.into(),
            name: self.name.map(CompactString::from),
            namespace: self.namespace.map(CompactString::from),
        }
    }
}

impl<'a> From<&'a ObjectRef> for ObjectView<'a> {
    fn from(o: &'a ObjectRef) -> Self {
        ObjectView {
            document: o.document,
            item: o.item,
            ordinal: o.ordinal,
            api_version: &o.api_version,
            kind: &o.kind,
            name: o.name.as_deref(),
            namespace: o.namespace.as_deref(),
        }
    }
}

/// Where an object is in its file.
#[derive(Clone, Copy, Debug)]
struct Place {
    document: usize,
    ordinal: usize,
    /// The index inside a `kind: List`, or `usize::MAX` (no list holds that many items).
    item: usize,
}

impl Place {
    fn of(object: &ObjectRef) -> Place {
        Place {
            document: object.document,
            ordinal: object.ordinal,
            item: object.item.unwrap_or(usize::MAX),
        }
    }

    fn view<'a>(
        self,
        api_version: &'a str,
        kind: &'a str,
        name: &'a str,
        namespace: &'a str,
    ) -> ObjectView<'a> {
        ObjectView {
            document: self.document,
            item: (self.item != usize::MAX).then_some(self.item),
            ordinal: self.ordinal,
            api_version,
            kind,
            name: (!name.is_empty()).then_some(name),
            namespace: (!namespace.is_empty()).then_some(namespace),
        }
    }
}

/// What a Service port's `targetPort` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortTarget<'a> {
    Int(i32),
    String(&'a str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TargetKind {
    Absent,
    Int,
    String,
}

/// One Service port, kept compactly; read it through [`ServiceFacts::ports`].
#[derive(Clone, Debug)]
pub struct PortFacts {
    /// Where its name, protocol ("" for TCP) and target name start in the Service's strings.
    at: usize,
    span: Loc,
    port_span: Loc,
    target_span: Loc,
    node_port_span: Loc,
    port: i32,
    /// 0 when not set (a 0 is not kept).
    node_port: i32,
    target_number: i32,
    target: TargetKind,
}

/// One Service port.
#[derive(Clone, Copy, Debug)]
pub struct Port<'a> {
    pub index: usize,
    pub name: Option<&'a str>,
    pub port: i32,
    pub protocol: &'a str,
    pub target: Option<PortTarget<'a>>,
    pub node_port: Option<i32>,
    pub span: Span,
    /// The `port` value, where a finding about a defaulted targetPort points.
    pub port_span: Span,
    pub target_span: Option<Span>,
    pub node_port_span: Option<Span>,
}

/// A core Service, as the cross-object rules need it.
#[derive(Clone, Debug)]
pub struct ServiceFacts {
    place: Place,
    /// Its name, namespace, type ("" for ClusterIP) and externalName ("" when none), then the
    /// selector's keys and values, then each port's strings (see [`PortFacts`]).
    strings: Packed,
    ports: Box<[PortFacts]>,
    name_span: Loc,
    selector_span: Loc,
    pub headless: bool,
    /// Its ports by name and number, for a Service with many (see [`LazyPortIndex`]).
    port_index: LazyPortIndex,
}

impl ServiceFacts {
    /// The four strings every Service has, and where the selector starts.
    fn head(&self) -> ([&str; 4], usize) {
        let packed = self.strings.as_str();
        let mut out = [""; 4];
        let mut at = 0;
        for slot in &mut out {
            (*slot, at) = Packed::read(packed, at);
        }
        (out, at)
    }

    pub fn object(&self) -> ObjectView<'_> {
        let ([name, namespace, ..], _) = self.head();
        self.place.view("v1", "Service", name, namespace)
    }

    pub fn name_span(&self) -> Span {
        self.name_span.span()
    }

    /// `spec.type`, `ClusterIP` when not set.
    pub fn type_(&self) -> &str {
        match self.head().0[2] {
            "" => "ClusterIP",
            t => t,
        }
    }

    pub fn external_name(&self) -> Option<&str> {
        Some(self.head().0[3]).filter(|n| !n.is_empty())
    }

    pub fn selector(&self) -> Labels<'_> {
        self.head_and_selector().1
    }

    /// [`Self::head`] and the selector after it, for callers that want several of them: each
    /// accessor reads the packed head again.
    fn head_and_selector(&self) -> ([&str; 4], Labels<'_>) {
        let (head, start) = self.head();
        let end = self
            .ports
            .first()
            .map_or(self.strings.as_str().len(), |p| p.at);
        (head, Labels::new(self.strings.as_str(), start, end))
    }

    /// The `selector` key.
    pub fn selector_span(&self) -> Option<Span> {
        self.selector_span.get()
    }

    pub fn ports(&self) -> impl ExactSizeIterator<Item = Port<'_>> + Clone + '_ {
        self.ports
            .iter()
            .enumerate()
            .map(|(index, p)| self.port(index, p))
    }

    pub fn port_count(&self) -> usize {
        self.ports.len()
    }

    /// Whether one of its ports has this number (`port`).
    pub fn declares_port_number(&self, number: i32) -> bool {
        match self.port_index() {
            Some(index) => index.numbers.contains(&i64::from(number)),
            None => self.ports().any(|p| p.port == number),
        }
    }

    /// Whether one of its ports has this name.
    pub fn declares_port_named(&self, name: &str) -> bool {
        match self.port_index() {
            Some(index) => index.by_name.contains_key(name),
            None => self.ports().any(|p| p.name == Some(name)),
        }
    }

    fn port_index(&self) -> Option<&PortIndex> {
        self.port_index.of(
            self.ports.len(),
            self.ports().map(|p| (p.name, i64::from(p.port))),
        )
    }

    fn port<'a>(&'a self, index: usize, p: &PortFacts) -> Port<'a> {
        let packed = self.strings.as_str();
        let (name, at) = Packed::read(packed, p.at);
        let (protocol, at) = Packed::read(packed, at);
        let (target_name, _) = Packed::read(packed, at);
        Port {
            index,
            name: (!name.is_empty()).then_some(name),
            port: p.port,
            protocol: if protocol.is_empty() { "TCP" } else { protocol },
            target: match p.target {
                TargetKind::Absent => None,
                TargetKind::Int => Some(PortTarget::Int(p.target_number)),
                TargetKind::String => Some(PortTarget::String(target_name)),
            },
            node_port: (p.node_port != 0).then_some(p.node_port),
            span: p.span.span(),
            port_span: p.port_span.span(),
            target_span: p.target_span.get(),
            node_port_span: p.node_port_span.get(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ContainerPort {
    pub name: Option<Box<str>>,
    pub port: i64,
    pub protocol: Cow<'static, str>,
}

/// The apiVersions of objects that have Pods (the kinds are [`workload::KINDS`]).
const WORKLOAD_API_VERSIONS: &[&str] = &[
    "v1",
    "apps/v1",
    "batch/v1",
    "batch/v1beta1",
    "apps/v1beta1",
    "apps/v1beta2",
    "extensions/v1beta1",
];

#[derive(Clone, Debug)]
pub struct WorkloadFacts {
    place: Place,
    /// Indexes into [`WORKLOAD_API_VERSIONS`] and [`workload::KINDS`].
    api_version: u8,
    kind: u8,
    name_span: Loc,
    /// Its name and namespace ("" when none), then the labels its Pods carry (pod template
    /// labels, or a Pod's own labels).
    strings: Packed,
    pub ports: Box<[ContainerPort]>,
    pub replicas: Option<i64>,
    /// StatefulSet `spec.serviceName` and its span.
    pub service_name: Option<(Box<str>, Span)>,
    /// Its ports by name and number, for a workload with many (see [`LazyPortIndex`]).
    port_index: LazyPortIndex,
}

/// The ports of a Service or a workload by name and by number, so that thousands of questions
/// about an object declaring thousands of ports (thousands of targetPorts or Ingress paths, or
/// thousands of Services asking about one workload) stay linear.
#[derive(Clone, Debug, Default)]
struct PortIndex {
    /// The positions of the ports with each name, in order.
    by_name: HashMap<Box<str>, Vec<usize>>,
    numbers: HashSet<i64>,
}

/// A [`PortIndex`] built on the first question about an object with more than
/// [`INDEX_PORTS_FROM`] ports; the few ports of nearly every object are scanned instead. Boxed:
/// every Service and workload carries the slot, and almost none fills it.
#[derive(Clone, Debug, Default)]
struct LazyPortIndex(OnceLock<Box<PortIndex>>);

impl LazyPortIndex {
    /// The index of `ports` (`count` of them, as `(name, number)`), if there are enough to
    /// index.
    fn of<'p>(
        &self,
        count: usize,
        ports: impl Iterator<Item = (Option<&'p str>, i64)>,
    ) -> Option<&PortIndex> {
        (count > INDEX_PORTS_FROM).then(|| {
            &**self.0.get_or_init(|| {
                let mut index = PortIndex::default();
                for (i, (name, number)) in ports.enumerate() {
                    if let Some(name) = name {
                        index.by_name.entry(name.into()).or_default().push(i);
                    }
                    index.numbers.insert(number);
                }
                Box::new(index)
            })
        })
    }
}

impl WorkloadFacts {
    pub fn object(&self) -> ObjectView<'_> {
        let packed = self.strings.as_str();
        let (name, at) = Packed::read(packed, 0);
        let (namespace, _) = Packed::read(packed, at);
        self.place.view(
            WORKLOAD_API_VERSIONS
                .get(usize::from(self.api_version))
                .copied()
                .unwrap_or(""),
            workload::KINDS
                .get(usize::from(self.kind))
                .copied()
                .unwrap_or(""),
            name,
            namespace,
        )
    }

    pub fn name_span(&self) -> Span {
        self.name_span.span()
    }

    /// The labels its Pods carry (pod template labels, or a Pod's own labels).
    pub fn pod_labels(&self) -> Labels<'_> {
        let packed = self.strings.as_str();
        let (_, at) = Packed::read(packed, 0);
        let (_, at) = Packed::read(packed, at);
        Labels::new(packed, at, packed.len())
    }

    /// A container port with this name and protocol: what a named targetPort resolves to (the
    /// endpoints controller compares both).
    pub fn port_named(&self, name: &str, protocol: &str) -> Option<&ContainerPort> {
        self.ports_named(name).find(|p| p.protocol == protocol)
    }

    /// The container ports with this name, in order (of any protocol).
    pub fn ports_named<'s>(&'s self, name: &str) -> impl Iterator<Item = &'s ContainerPort> {
        let (scanned, indexed) = match self.port_index() {
            None => (Some(&self.ports[..]), None),
            Some(index) => (None, index.by_name.get(name)),
        };
        let scanned = scanned
            .into_iter()
            .flatten()
            .filter(move |p| p.name.as_deref() == Some(name));
        let indexed = indexed
            .into_iter()
            .flatten()
            .filter_map(|&i| self.ports.get(i));
        scanned.chain(indexed)
    }

    pub fn declares_number(&self, port: i64) -> bool {
        match self.port_index() {
            Some(index) => index.numbers.contains(&port),
            None => self.ports.iter().any(|p| p.port == port),
        }
    }

    fn port_index(&self) -> Option<&PortIndex> {
        self.port_index.of(
            self.ports.len(),
            self.ports.iter().map(|p| (p.name.as_deref(), p.port)),
        )
    }

    /// The declared ports, `http (8080/TCP), 9090/TCP`, for messages (the first few of many).
    pub fn port_list(&self) -> String {
        super::text::listing(&self.ports, |p| match &p.name {
            Some(n) => format!("{n} ({}/{})", p.port, p.protocol),
            None => format!("{}/{}", p.port, p.protocol),
        })
    }
}

/// Ports scanned for each question about them; a longer list is indexed once, in the object's
/// facts ([`LazyPortIndex`]).
const INDEX_PORTS_FROM: usize = 16;

/// A workload a Service selects, with every nearby definition of it.
#[derive(Clone, Debug)]
pub struct Selected<'a> {
    /// The file of the first definition, which labels point at.
    pub file: usize,
    pub workload: &'a WorkloadFacts,
    pub definitions: Vec<&'a WorkloadFacts>,
}

impl Selected<'_> {
    pub fn declares_name(&self, name: &str, protocol: &str) -> bool {
        self.definitions
            .iter()
            .any(|w| w.port_named(name, protocol).is_some())
    }

    pub fn declares_number(&self, port: i64) -> bool {
        self.definitions.iter().any(|w| w.declares_number(port))
    }

    pub fn declares_ports(&self) -> bool {
        self.definitions.iter().any(|w| !w.ports.is_empty())
    }

    pub fn ports(&self) -> impl Iterator<Item = &ContainerPort> {
        self.definitions.iter().flat_map(|w| w.ports.iter())
    }
}

/// Where a Service port sends traffic in its Pods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    Named(&'a str),
    /// A number; `defaulted` when `targetPort` was left out and takes the value of `port`.
    Number {
        port: i64,
        defaulted: bool,
    },
}

impl<'a> Port<'a> {
    /// The target and the span a finding about it points at; `None` for a name the API server
    /// refuses anyway.
    pub fn target(&self) -> Option<(Target<'a>, Span)> {
        match self.target {
            Some(PortTarget::String(name)) if !name.is_empty() => {
                if !crate::k8s::text::iana_svc_name(name).is_empty() {
                    return None;
                }
                Some((Target::Named(name), self.target_span.unwrap_or(self.span)))
            }
            Some(PortTarget::Int(n)) if n != 0 => Some((
                Target::Number {
                    port: i64::from(n),
                    defaulted: false,
                },
                self.target_span.unwrap_or(self.span),
            )),
            _ if self.port > 0 => Some((
                Target::Number {
                    port: i64::from(self.port),
                    defaulted: true,
                },
                self.port_span,
            )),
            _ => None,
        }
    }
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
    pub port_span: Option<Span>,
    /// The field paths of the name and the port (`spec.rules[0].backendRefs[1].name`).
    pub field: String,
    pub port_field: String,
}

#[derive(Debug)]
pub struct FileFacts {
    pub source: Arc<SourceFile>,
    pub services: Parts<ServiceFacts>,
    pub workloads: Parts<WorkloadFacts>,
    pub backends: Vec<BackendRef>,
    /// (namespace, Service name) of every Endpoints and EndpointSlice object: Services whose
    /// endpoints the run spells out (by hand, or in a dump of a cluster).
    pub endpoints: Vec<(Option<String>, String)>,
    /// Object-level `svcctl.dev/ignore` lists by object ordinal.
    pub ignores: HashMap<usize, IgnoreList>,
    /// `# svcctl-ignore:` comments by line.
    pub comment_ignores: HashMap<usize, IgnoreList>,
}

/// Where an object's name is, or would be: taken for every object of the run, so the path is
/// parsed once.
fn name_span(node: &Node) -> Span {
    static METADATA_NAME: std::sync::LazyLock<FieldPath> =
        std::sync::LazyLock::new(|| FieldPath::parse("metadata.name"));
    locate(node, &METADATA_NAME).label_span()
}

fn string_map(node: Option<&Node>) -> OwnedLabels {
    let Some(node) = node else {
        return OwnedLabels::default();
    };
    OwnedLabels::collect(node.string_entries().filter_map(|(k, e)| {
        let v = match e.value.resolved()? {
            Resolved::Str(s) => s,
            _ => e.value.scalar_text()?,
        };
        Some((k, v))
    }))
}

fn int(node: Option<&Node>) -> Option<i64> {
    node?.as_int()
}

/// Common protocol names without an allocation.
fn protocol_name(protocol: &str) -> Cow<'static, str> {
    match protocol {
        "TCP" => Cow::Borrowed("TCP"),
        "UDP" => Cow::Borrowed("UDP"),
        "SCTP" => Cow::Borrowed("SCTP"),
        other => Cow::Owned(other.to_string()),
    }
}

fn container_ports(pod_spec: Option<&Node>) -> Box<[ContainerPort]> {
    let mut ports = Vec::new();
    let Some(pod_spec) = pod_spec else {
        return ports.into_boxed_slice();
    };
    for list in ["containers", "initContainers"] {
        for container in pod_spec.get(list).and_then(Node::as_seq).unwrap_or(&[]) {
            for p in container.get("ports").and_then(Node::as_seq).unwrap_or(&[]) {
                let Some(port) = int(p.get("containerPort")) else {
                    continue;
                };
                ports.push(ContainerPort {
                    name: p.get("name").and_then(Node::as_str).map(Box::from),
                    port,
                    protocol: protocol_name(
                        p.get("protocol").and_then(Node::as_str).unwrap_or("TCP"),
                    ),
                });
            }
        }
    }
    ports.into_boxed_slice()
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

fn route_backends(object: &ObjectRef, node: &Node, out: &mut Vec<BackendRef>) {
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

impl FileFacts {
    /// Facts of a piece of a file read on its own (see `driver::check_in_pieces`), renumbered as
    /// if the file's first `documents` documents and `ordinals` objects had come before it.
    pub fn renumber(&mut self, documents: usize, ordinals: usize) {
        let places = self.services.iter_mut().map(|s| &mut s.place);
        for place in places.chain(self.workloads.iter_mut().map(|w| &mut w.place)) {
            place.document += documents;
            place.ordinal += ordinals;
        }
        for backend in &mut self.backends {
            backend.object.document += documents;
            backend.object.ordinal += ordinals;
        }
        if !self.ignores.is_empty() {
            self.ignores = std::mem::take(&mut self.ignores)
                .into_iter()
                .map(|(ordinal, list)| (ordinal + ordinals, list))
                .collect();
        }
    }

    /// Add the facts of a later part of the same file.
    pub fn absorb(&mut self, part: FileFacts) {
        self.services.append(part.services);
        self.workloads.append(part.workloads);
        self.backends.extend(part.backends);
        self.endpoints.extend(part.endpoints);
        self.ignores.extend(part.ignores);
        for (line, list) in part.comment_ignores {
            self.comment_ignores.entry(line).or_default().extend(list);
        }
    }

    /// Extract the facts of one parsed file. `typed` holds the typed view of each core Service by
    /// object ordinal (built once by the per-Service phase).
    pub fn extract(file: &ParsedFile, typed: &TypedServices) -> FileFacts {
        let mut services = Vec::with_capacity(typed.len());
        let mut workloads = Vec::new();
        let mut facts = FileFacts {
            source: file.source.clone(),
            services: Parts::default(),
            workloads: Parts::default(),
            backends: Vec::new(),
            endpoints: Vec::new(),
            ignores: HashMap::default(),
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
            let name_span = name_span(node);
            if object.is_core_service() {
                let Some(service) = typed.get(object.ordinal) else {
                    continue;
                };
                services.push(service_facts(object, node, name_span, service));
                continue;
            }
            let group = object.api_version.split('/').next().unwrap_or("");
            match object.kind.as_str() {
                "Endpoints" if object.api_version == "v1" => {
                    if let Some(name) = &object.name {
                        facts.endpoints.push((
                            object.namespace.as_deref().map(str::to_string),
                            name.to_string(),
                        ));
                    }
                }
                "EndpointSlice" if group == "discovery.k8s.io" => {
                    let service = node
                        .get("metadata")
                        .and_then(|m| m.get("labels"))
                        .and_then(|l| l.get("kubernetes.io/service-name"))
                        .and_then(Node::scalar_text);
                    if let Some(service) = service {
                        facts.endpoints.push((
                            object.namespace.as_deref().map(str::to_string),
                            service.to_string(),
                        ));
                    }
                }
                "Ingress" if object.api_version == "networking.k8s.io/v1" => {
                    ingress_backends(object, node, &mut facts.backends);
                }
                "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute" | "UDPRoute"
                    if group == "gateway.networking.k8s.io" =>
                {
                    route_backends(object, node, &mut facts.backends);
                }
                kind => {
                    let Some(api_version) = WORKLOAD_API_VERSIONS
                        .iter()
                        .position(|v| *v == object.api_version)
                    else {
                        continue;
                    };
                    let Some((labels, pod_spec)) = workload::pod_labels_and_spec(kind, node) else {
                        continue;
                    };
                    let Some(kind_index) = workload::KINDS.iter().position(|k| *k == kind) else {
                        continue;
                    };
                    let spec = node.get("spec");
                    let labels = string_map(labels);
                    let name = object.name.as_deref().unwrap_or("");
                    let namespace = object.namespace.as_deref().unwrap_or("");
                    let labels = labels.labels();
                    let mut strings = PackedBuilder::with_capacity(
                        PackedBuilder::cost(name)
                            + PackedBuilder::cost(namespace)
                            + labels
                                .iter()
                                .map(|(k, v)| PackedBuilder::cost(k) + PackedBuilder::cost(v))
                                .sum::<usize>(),
                    );
                    strings.push(name);
                    strings.push(namespace);
                    Labels::pack(&mut strings, labels);
                    workloads.push(WorkloadFacts {
                        place: Place::of(object),
                        api_version: u8::try_from(api_version).unwrap_or(u8::MAX),
                        kind: u8::try_from(kind_index).unwrap_or(u8::MAX),
                        name_span: Loc::new(name_span),
                        strings: strings.finish(),
                        ports: container_ports(pod_spec),
                        replicas: int(spec.and_then(|s| s.get("replicas"))),
                        service_name: (kind == "StatefulSet")
                            .then(|| spec.and_then(|s| s.get("serviceName")))
                            .flatten()
                            .and_then(|n| n.as_str().map(|s| (Box::from(s), n.span))),
                        port_index: LazyPortIndex::default(),
                    });
                }
            }
        }
        facts.services.push_part(services);
        facts.workloads.push_part(workloads);
        facts
    }
}

/// The typed view of each core Service of a file, by object ordinal. A list, not a map: they
/// are added in file order, so a lookup is a binary search, and a part of 64 small Services no
/// longer pays for hashing and for moving each ~1 KB `Service` as the map grows.
#[derive(Default)]
pub struct TypedServices(Vec<(usize, Service)>);

impl TypedServices {
    pub fn with_capacity(capacity: usize) -> Self {
        TypedServices(Vec::with_capacity(capacity))
    }

    /// Add the Service of object `ordinal`, which must come after those already added; one
    /// out of order is put in its place.
    pub fn push(&mut self, ordinal: usize, service: Service) {
        match self.0.last() {
            Some((last, _)) if *last >= ordinal => {
                let at = self.0.partition_point(|(o, _)| *o < ordinal);
                match self.0.get_mut(at) {
                    Some(slot) if slot.0 == ordinal => slot.1 = service,
                    _ => self.0.insert(at, (ordinal, service)),
                }
            }
            _ => self.0.push((ordinal, service)),
        }
    }

    pub fn get(&self, ordinal: usize) -> Option<&Service> {
        let at = self.0.binary_search_by_key(&ordinal, |(o, _)| *o).ok()?;
        self.0.get(at).map(|(_, service)| service)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A Service port's strings, in the order [`PortFacts`] describes.
fn port_strings(p: &ServicePort) -> [&str; 3] {
    [
        p.name.as_deref().unwrap_or(""),
        p.protocol.as_deref().filter(|p| *p != "TCP").unwrap_or(""),
        match &p.target_port {
            Some(IntOrString::String(s)) => s.as_str(),
            _ => "",
        },
    ]
}

fn service_facts(object: &ObjectRef, node: &Node, name_span: Span, svc: &Service) -> ServiceFacts {
    let default_spec = ServiceSpec::default();
    let spec = svc.spec.as_ref().unwrap_or(&default_spec);
    let headless = match (spec.cluster_ip.as_deref(), spec.cluster_ips.as_deref()) {
        (Some(ip), None | Some([])) => ip == "None",
        (_, Some([only])) => only == "None",
        _ => false,
    };
    // Spans are read straight off the tree: this runs for every Service of every file.
    let port_nodes = node
        .get("spec")
        .and_then(|s| s.get("ports"))
        .and_then(Node::as_seq)
        .unwrap_or(&[]);
    let spec_ports = spec.ports.as_deref().unwrap_or(&[]);
    // The strings, in the order `ServiceFacts::strings` describes.
    let head = [
        object.name.as_deref().unwrap_or(""),
        object.namespace.as_deref().unwrap_or(""),
        spec.type_
            .as_deref()
            .filter(|t| *t != "ClusterIP")
            .unwrap_or(""),
        spec.external_name.as_deref().unwrap_or(""),
    ];
    let selector = spec
        .selector
        .iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v.as_str()));
    let mut strings = PackedBuilder::with_capacity(
        head.iter().map(|s| PackedBuilder::cost(s)).sum::<usize>()
            + selector
                .clone()
                .map(|(k, v)| PackedBuilder::cost(k) + PackedBuilder::cost(v))
                .sum::<usize>()
            + spec_ports
                .iter()
                .flat_map(port_strings)
                .map(PackedBuilder::cost)
                .sum::<usize>(),
    );
    for s in head {
        strings.push(s);
    }
    Labels::pack(&mut strings, selector);
    let ports = spec_ports
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let item = port_nodes.get(i);
            let key_span = |field: &str| item.and_then(|n| n.entry(field)).map(|e| e.value.span);
            let item_span = item.map_or(name_span, |n| {
                n.as_map()
                    .and_then(|m| m.first())
                    .map_or(n.span, |e| e.key.span)
            });
            let at = strings.position();
            for s in port_strings(p) {
                strings.push(s);
            }
            let (target, target_number) = match &p.target_port {
                None => (TargetKind::Absent, 0),
                Some(IntOrString::Int(n)) => (TargetKind::Int, *n),
                Some(IntOrString::String(_)) => (TargetKind::String, 0),
            };
            PortFacts {
                at,
                span: Loc::new(item_span),
                port_span: Loc::new(key_span("port").unwrap_or(item_span)),
                target_span: Loc::from_option(key_span("targetPort")),
                node_port_span: Loc::from_option(key_span("nodePort")),
                port: p.port,
                node_port: p.node_port.unwrap_or(0),
                target_number,
                target,
            }
        })
        .collect();
    let selector_entry = node.get("spec").and_then(|s| s.entry("selector"));
    ServiceFacts {
        place: Place::of(object),
        strings: strings.finish(),
        ports,
        name_span: Loc::new(name_span),
        selector_span: Loc::from_option(selector_entry.map(|e| e.key.span)),
        headless,
        port_index: LazyPortIndex::default(),
    }
}

/// The namespace an object lands in, as far as the run can tell: an absent namespace and an
/// explicit `default` are the same (both end up wherever `kubectl apply` is pointed, which for
/// manifests applied together is one place).
pub fn namespace_key(namespace: Option<&str>) -> Option<&str> {
    namespace.filter(|n| !n.is_empty() && *n != "default")
}

/// Whether a workload's Pods carry `key=value` because their controller adds it, although the
/// manifest does not say so. The value must fit the workload where it can be checked (a
/// StatefulSet Pod's name starts with the StatefulSet's), so that `pod-name: web-0` selects the
/// Pods of StatefulSet `web` only.
fn controller_label_present(workload: &WorkloadFacts, key: &str, value: &str) -> bool {
    let object = workload.object();
    let kind = object.kind;
    let name = object.name.unwrap_or("");
    let child_of = |v: &str| {
        v.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|rest| !rest.is_empty())
    };
    match key {
        "statefulset.kubernetes.io/pod-name" => kind == "StatefulSet" && child_of(value),
        "apps.kubernetes.io/pod-index" => kind == "StatefulSet",
        "job-name" | "batch.kubernetes.io/job-name" => match kind {
            "Job" => value == name,
            "CronJob" => child_of(value),
            _ => false,
        },
        "controller-uid" | "batch.kubernetes.io/controller-uid" => {
            matches!(kind, "Job" | "CronJob")
        }
        "pod-template-hash" => matches!(kind, "Deployment" | "ReplicaSet"),
        _ => false,
    }
}

/// Whether a selector (already known to be non-empty) selects a workload's Pods: every key must
/// match (a partial match is no match, kube-score#316).
pub fn selects(selector: Labels<'_>, workload: &WorkloadFacts) -> bool {
    unmatched(selector, workload).next().is_none()
}

/// The selector's `(key, value)` pairs that a workload's Pods do not carry (neither written on
/// the template nor added by their controller), in key order, each with the value the template
/// gives that key, if any. Both label sets are sorted by key, so this is one walk over the two:
/// a lookup per selector key would make a 50,000-label selector against a 50,000-label template
/// quadratic.
pub fn unmatched<'s>(
    selector: Labels<'s>,
    workload: &'s WorkloadFacts,
) -> impl Iterator<Item = (&'s str, &'s str, Option<&'s str>)> {
    let mut labels = workload.pod_labels().iter().peekable();
    selector.iter().filter_map(move |(key, wanted)| {
        while labels.next_if(|&(label, _)| label < key).is_some() {}
        let actual = labels
            .peek()
            .filter(|&&(label, _)| label == key)
            .map(|&(_, value)| value);
        let matched = actual == Some(wanted)
            || (CONTROLLER_LABELS.contains(&key)
                && controller_label_present(workload, key, wanted));
        (!matched).then_some((key, wanted, actual))
    })
}

type Located<'a, T> = Vec<(usize, &'a T)>;

/// The selection of every Service, by the address of its facts (see [`RunIndex::selected`]).
type Selections<'a> = HashMap<usize, Option<Vec<Selected<'a>>>>;

/// How many Services of a namespace [`RunIndex::similar_service`] looks at.
const SIMILAR_SERVICES: usize = 1024;

/// The whole run, indexed for cross-object rules.
pub struct RunIndex<'a> {
    pub files: &'a [FileFacts],
    /// Workloads by namespace (see [`namespace_key`]).
    pub workloads_by_namespace: HashMap<Option<&'a str>, Located<'a, WorkloadFacts>>,
    /// Workloads by namespace and one `key=value` pod label, for linear selector matching.
    pub workloads_by_label:
        HashMap<(Option<&'a str>, &'a str, &'a str), Located<'a, WorkloadFacts>>,
    /// Services by namespace and name.
    services_by_key: ServicesByKey<'a>,
    /// The first Services of each namespace, in run order (as many as
    /// [`RunIndex::similar_service`] looks at).
    pub services_by_namespace: HashMap<Option<&'a str>, Located<'a, ServiceFacts>>,
    /// Workloads by the folder of their file (those from standard input are in none).
    pub workloads_by_folder: HashMap<Option<&'a Path>, Located<'a, WorkloadFacts>>,
    /// The file read from standard input, if any (see [`is_stdin`]).
    stdin: Option<usize>,
    /// Services whose Endpoints or EndpointSlices the run contains.
    pub endpoints: HashSet<(Option<&'a str>, &'a str)>,
    /// The files defining each object (kind, namespace, name), in order and without repeats.
    /// Only kept when the run has several files: a file is never an alternative to itself.
    /// Worked out when first asked for: only node-port-conflict asks, and only about files
    /// whose Services ask for one nodePort, which few runs have.
    defined_in: OnceLock<HashMap<Identity<'a>, DefinedIn>>,
    /// Every Service, workload and Ingress or Route backend of the run, in run order: what
    /// [`RunPart`]s share out.
    services: Vec<(usize, &'a ServiceFacts)>,
    workloads: Vec<(usize, &'a WorkloadFacts)>,
    backends: Vec<(usize, &'a BackendRef)>,
    /// What each Service selects: several rules ask, so it is worked out once, in parallel.
    selections: Selections<'a>,
}

/// What makes two definitions the same object.
pub type Identity<'a> = (&'a str, Option<&'a str>, &'a str);

pub fn identity(object: ObjectView<'_>) -> Option<Identity<'_>> {
    Some((object.kind, namespace_key(object.namespace), object.name?))
}

/// The key Services are looked up by: (namespace, name).
type ServiceKey<'a> = (Option<&'a str>, &'a str);

fn service_key(svc: &ServiceFacts) -> Option<ServiceKey<'_>> {
    let object = svc.object();
    Some((namespace_key(object.namespace), object.name?))
}

fn key_hash(key: ServiceKey<'_>) -> u64 {
    // Fixed, so that a run's work is the same from one run to the next.
    crate::model::source::stable_hash(key)
}

fn endpoints_of(files: &[FileFacts]) -> HashSet<(Option<&str>, &str)> {
    files
        .iter()
        .flat_map(|f| &f.endpoints)
        .map(|(ns, name)| (namespace_key(ns.as_deref()), name.as_str()))
        .collect()
}

/// The files defining one object, in order and without repeats: nearly always just one, which is
/// kept without an allocation of its own.
#[derive(Debug)]
pub struct DefinedIn {
    first: usize,
    more: Vec<usize>,
}

impl DefinedIn {
    fn add(&mut self, file: usize) {
        if self.more.last().unwrap_or(&self.first) != &file {
            self.more.push(file);
        }
    }

    pub fn contains(&self, file: usize) -> bool {
        self.first == file || self.more.contains(&file)
    }
}

fn definitions_of(files: &[FileFacts]) -> HashMap<Identity<'_>, DefinedIn> {
    if files.len() < 2 {
        return HashMap::default();
    }
    let objects: usize = files
        .iter()
        .map(|f| f.services.len() + f.workloads.len())
        .sum();
    let mut defined_in: HashMap<Identity<'_>, DefinedIn> =
        HashMap::with_capacity_and_hasher(objects, Default::default());
    for (fi, f) in files.iter().enumerate() {
        let objects = f
            .services
            .iter()
            .map(ServiceFacts::object)
            .chain(f.workloads.iter().map(WorkloadFacts::object));
        for id in objects.filter_map(identity) {
            defined_in
                .entry(id)
                .and_modify(|d| d.add(fi))
                .or_insert(DefinedIn {
                    first: fi,
                    more: Vec::new(),
                });
        }
    }
    defined_in
}

type WorkloadMaps<'a> = (
    HashMap<Option<&'a str>, Located<'a, WorkloadFacts>>,
    HashMap<(Option<&'a str>, &'a str, &'a str), Located<'a, WorkloadFacts>>,
    HashMap<Option<&'a Path>, Located<'a, WorkloadFacts>>,
);

fn workload_maps(files: &[FileFacts]) -> WorkloadMaps<'_> {
    let mut by_namespace: HashMap<_, Located<'_, WorkloadFacts>> = HashMap::default();
    let mut by_label: HashMap<_, Located<'_, WorkloadFacts>> = HashMap::default();
    let mut by_folder: HashMap<_, Located<'_, WorkloadFacts>> = HashMap::default();
    for (fi, f) in files.iter().enumerate() {
        // Standard input belongs to every folder (see `RunIndex::workloads_near`).
        let folder = (!is_stdin(f)).then(|| Path::new(&f.source.name).parent());
        for w in f.workloads.iter() {
            if let Some(folder) = folder {
                by_folder.entry(folder).or_default().push((fi, w));
            }
            let ns = namespace_key(w.object().namespace);
            by_namespace.entry(ns).or_default().push((fi, w));
            for (k, v) in w.pod_labels() {
                by_label.entry((ns, k, v)).or_default().push((fi, w));
            }
        }
    }
    (by_namespace, by_label, by_folder)
}

/// Whether a file is standard input (`-`), which has no folder: it was not applied from one, so
/// it is taken to go with every input of the run, as in `cat svc.yaml | svcctl lint - deploy/`.
fn is_stdin(file: &FileFacts) -> bool {
    file.source.name == "-"
}

fn first_services_of(files: &[FileFacts]) -> HashMap<Option<&str>, Located<'_, ServiceFacts>> {
    let mut by_namespace: HashMap<_, Located<'_, ServiceFacts>> = HashMap::default();
    for (fi, f) in files.iter().enumerate() {
        for s in f.services.iter() {
            let first = by_namespace
                .entry(namespace_key(s.object().namespace))
                .or_default();
            if first.len() < SIMILAR_SERVICES {
                first.push((fi, s));
            }
        }
    }
    by_namespace
}

/// Named Services grouped by [`ServiceKey`]: sorted by the key's hash, then the key, then run
/// order, so that the Services of one key are one slice in run order. Two flat vectors instead
/// of a map of vectors: a run may hold 150,000 Services, nearly all with keys of their own.
#[derive(Default)]
struct ServicesByKey<'a> {
    hashes: Vec<u64>,
    services: Located<'a, ServiceFacts>,
}

impl<'a> ServicesByKey<'a> {
    fn build(files: &'a [FileFacts]) -> Self {
        let count = files.iter().map(|f| f.services.len()).sum();
        let mut keyed: Vec<(u64, usize, &'a ServiceFacts)> = Vec::with_capacity(count);
        for (fi, f) in files.iter().enumerate() {
            for s in f.services.iter() {
                if let Some(key) = service_key(s) {
                    keyed.push((key_hash(key), fi, s));
                }
            }
        }
        // Stable: run order within a key.
        keyed.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| service_key(a.2).cmp(&service_key(b.2)))
        });
        ServicesByKey {
            hashes: keyed.iter().map(|k| k.0).collect(),
            services: keyed.into_iter().map(|(_, fi, s)| (fi, s)).collect(),
        }
    }

    fn get(&self, key: ServiceKey<'_>) -> &[(usize, &'a ServiceFacts)] {
        let hash = key_hash(key);
        let start = self.hashes.partition_point(|h| *h < hash);
        let end = self.hashes.partition_point(|h| *h <= hash);
        let same_hash = self.services.get(start..end).unwrap_or(&[]);
        let key = Some(key);
        let first = same_hash.partition_point(|(_, s)| service_key(s) < key);
        let last = same_hash.partition_point(|(_, s)| service_key(s) <= key);
        same_hash.get(first..last).unwrap_or(&[])
    }

    fn groups(&self) -> impl Iterator<Item = &[(usize, &'a ServiceFacts)]> {
        // Keys are compared only where hashes are equal: nearly every Service has a key of its
        // own, and reading two Services' names for each neighbour costs two cache misses each.
        let mut at = 0;
        std::iter::from_fn(move || {
            let (services, hashes) = (self.services.get(at..)?, self.hashes.get(at..)?);
            let (&(_, first), &hash) = (services.first()?, hashes.first()?);
            let same = services
                .iter()
                .zip(hashes)
                .skip(1)
                .take_while(|((_, s), h)| **h == hash && service_key(s) == service_key(first))
                .count();
            at += 1 + same;
            services.get(..=same)
        })
    }
}

/// `(file, item)` for the items `of` each file, in run order.
fn in_run_order<'a, T: 'a, I>(
    files: &'a [FileFacts],
    of: impl Fn(&'a FileFacts) -> I,
) -> Vec<(usize, &'a T)>
where
    I: Iterator<Item = &'a T>,
{
    files
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| of(f).map(move |item| (fi, item)))
        .collect()
}

/// Where part `part` of `parts` of a list of `len` items lies: consecutive, in order, covering it.
fn share_bounds(len: usize, part: usize, parts: usize) -> std::ops::Range<usize> {
    // In u128: a count times a part number cannot overflow it.
    let bound = |part: usize| (len as u128 * part as u128 / parts.max(1) as u128) as usize;
    bound(part)..bound(part + 1)
}

/// The share of a run's Services, workloads and backends that one call of
/// [`super::Rule::check_run`] judges, with the whole index to look things up in. The parts of a
/// run are consecutive runs of each list, in order, so findings come out in the order one part
/// covering everything would give them.
pub struct RunPart<'r, 'a> {
    pub run: &'r RunIndex<'a>,
    part: usize,
    parts: usize,
}

impl<'r, 'a> RunPart<'r, 'a> {
    /// The run cut into `parts` parts (at least one).
    pub fn split(run: &'r RunIndex<'a>, parts: usize) -> impl Iterator<Item = Self> {
        let parts = parts.max(1);
        (0..parts).map(move |part| RunPart { run, part, parts })
    }

    fn share<'s, T>(&self, all: &'s [T]) -> &'s [T] {
        all.get(share_bounds(all.len(), self.part, self.parts))
            .unwrap_or_default()
    }

    pub fn services(&self) -> impl Iterator<Item = (usize, &'a ServiceFacts)> + '_ {
        self.share(&self.run.services).iter().copied()
    }

    pub fn workloads(&self) -> impl Iterator<Item = (usize, &'a WorkloadFacts)> + '_ {
        self.share(&self.run.workloads).iter().copied()
    }

    pub fn backends(&self) -> impl Iterator<Item = (usize, &'a BackendRef)> + '_ {
        self.share(&self.run.backends).iter().copied()
    }
}

impl<'a> RunIndex<'a> {
    pub fn build(files: &'a [FileFacts]) -> Self {
        // The maps are independent, so they are built side by side.
        let ((services_by_key, endpoints), (workload_maps, services_by_namespace)) = rayon::join(
            || rayon::join(|| ServicesByKey::build(files), || endpoints_of(files)),
            || rayon::join(|| workload_maps(files), || first_services_of(files)),
        );
        let (workloads_by_namespace, workloads_by_label, workloads_by_folder) = workload_maps;
        let mut index = RunIndex {
            services: in_run_order(files, |f| f.services.iter()),
            workloads: in_run_order(files, |f| f.workloads.iter()),
            backends: in_run_order(files, |f| f.backends.iter()),
            files,
            workloads_by_namespace,
            workloads_by_label,
            services_by_key,
            services_by_namespace,
            endpoints,
            workloads_by_folder,
            stdin: files.iter().position(is_stdin),
            defined_in: OnceLock::new(),
            selections: Selections::default(),
        };
        if index.has_workloads() {
            index.selections = index.all_selections();
        }
        index
    }

    /// Drop the index, its maps side by side (see `finish` in the driver).
    pub fn dispose(self) {
        let RunIndex {
            workloads_by_namespace,
            workloads_by_label,
            services_by_key,
            services_by_namespace,
            workloads_by_folder,
            endpoints,
            defined_in,
            selections,
            ..
        } = self;
        rayon::join(
            || drop(selections),
            || {
                rayon::join(
                    || drop((defined_in, services_by_key)),
                    || {
                        drop((
                            workloads_by_label,
                            workloads_by_namespace,
                            workloads_by_folder,
                            services_by_namespace,
                            endpoints,
                        ))
                    },
                )
            },
        );
    }

    /// How many Services, workloads and backends the run has: what [`RunPart`]s share out.
    pub fn items(&self) -> usize {
        self.services.len() + self.workloads.len() + self.backends.len()
    }

    /// Whether any file of the run defines a workload.
    pub fn has_workloads(&self) -> bool {
        !self.workloads.is_empty()
    }

    /// The Services named `name` in a namespace.
    pub fn services_named(
        &self,
        namespace: Option<&'a str>,
        name: &'a str,
    ) -> &[(usize, &'a ServiceFacts)] {
        self.services_by_key.get((namespace_key(namespace), name))
    }

    /// The named Services of the run grouped by namespace and name, each group in run order.
    pub fn services_by_key(&self) -> impl Iterator<Item = &[(usize, &'a ServiceFacts)]> {
        self.services_by_key.groups()
    }

    fn folder(&self, file: usize) -> Option<&Path> {
        self.files
            .get(file)
            .and_then(|f| Path::new(&f.source.name).parent())
    }

    /// The workloads defined in the folder of file `fi` (including that file), and those read
    /// from standard input; every workload of the run when `fi` is standard input.
    pub fn workloads_near(
        &self,
        fi: usize,
    ) -> Box<dyn Iterator<Item = (usize, &'a WorkloadFacts)> + '_> {
        if self.stdin == Some(fi) {
            return Box::new(self.workloads.iter().copied());
        }
        Box::new(
            self.workloads_by_folder
                .get(&self.folder(fi))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .copied()
                .chain(self.stdin_workloads()),
        )
    }

    /// Whether two files are in one folder, what `kubectl apply -f DIR` applies together. Only
    /// such objects are related: across folders, the same labels and names are reused by
    /// unrelated examples, fixtures and projects. Standard input is in every folder: it was
    /// named on the command line with the other inputs to be checked with them.
    pub fn same_folder(&self, a: usize, b: usize) -> bool {
        a == b || self.stdin == Some(a) || self.stdin == Some(b) || self.folder(a) == self.folder(b)
    }

    /// The workloads of file `fi` and of standard input (which goes with every input, see
    /// [`is_stdin`]); every workload of the run when `fi` is standard input. Their objects are
    /// applied as written, where two files of one folder may be given different namespaces by
    /// a kustomization.
    pub fn workloads_of_input(
        &self,
        fi: usize,
    ) -> Box<dyn Iterator<Item = (usize, &'a WorkloadFacts)> + '_> {
        if self.stdin == Some(fi) {
            return Box::new(self.workloads.iter().copied());
        }
        Box::new(self.workloads_in(fi).chain(self.stdin_workloads()))
    }

    fn workloads_in(&self, file: usize) -> impl Iterator<Item = (usize, &'a WorkloadFacts)> + '_ {
        self.files
            .get(file)
            .into_iter()
            .flat_map(move |f| f.workloads.iter().map(move |w| (file, w)))
    }

    fn stdin_workloads(&self) -> impl Iterator<Item = (usize, &'a WorkloadFacts)> + '_ {
        self.stdin.into_iter().flat_map(|i| self.workloads_in(i))
    }

    /// Whether two files define the same object: then they are alternatives (variants of one
    /// deployment, an all-in-one file next to its parts, fixtures) rather than parts applied
    /// together.
    pub fn alternatives(&self, a: usize, b: usize) -> bool {
        if a == b {
            return false;
        }
        let Some(file) = self.files.get(a) else {
            return false;
        };
        file.services
            .iter()
            .map(ServiceFacts::object)
            .chain(file.workloads.iter().map(WorkloadFacts::object))
            .filter_map(identity)
            .any(|id| {
                self.defined_in
                    .get_or_init(|| definitions_of(self.files))
                    .get(&id)
                    .is_some_and(|fs| fs.contains(b))
            })
    }

    /// Of several definitions related to `file`, the nearest: those in the same file if any,
    /// else those in the same folder; nothing from other folders.
    pub fn nearest<'b, T>(&self, file: usize, found: &'b [(usize, &'a T)]) -> Vec<(usize, &'a T)> {
        let here: Vec<_> = found.iter().filter(|(f, _)| *f == file).copied().collect();
        if !here.is_empty() {
            return here;
        }
        found
            .iter()
            .filter(|(f, _)| self.same_folder(file, *f))
            .copied()
            .collect()
    }

    /// A Service in the same namespace and folder as file `fi` whose name is a near miss of
    /// `name` (see [`near_miss`]): the evidence that a reference to a missing Service is a typo
    /// rather than a Service deployed from elsewhere.
    pub fn similar_service(
        &self,
        fi: usize,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<&'a ServiceFacts> {
        self.services_by_namespace
            .get(&namespace_key(namespace))?
            .iter()
            // Bounded, so that many dangling references stay linear in the run.
            .take(SIMILAR_SERVICES)
            .find(|(sfi, s)| {
                self.same_folder(fi, *sfi) && s.object().name.is_some_and(|n| near_miss(name, n))
            })
            .map(|(_, s)| *s)
    }

    /// Whether the selector question applies: not to an ExternalName Service, nor to one
    /// without a selector or whose endpoints the run spells out (managed by hand, or a dump of a
    /// cluster), nor when the run has no workload at all (they are deployed from elsewhere).
    pub fn selector_applies(&self, svc: &ServiceFacts) -> bool {
        let ([name, namespace, type_, _], selector) = svc.head_and_selector();
        if type_ == "ExternalName" || selector.is_empty() || !self.has_workloads() {
            return false;
        }
        let ns = namespace_key(Some(namespace));
        name.is_empty() || !self.endpoints.contains(&(ns, name))
    }

    /// Every workload of the run, in the Service's namespace, whose Pods the selector matches.
    /// Linear in the size of the smallest label bucket the selector touches.
    pub fn matching(&self, svc: &ServiceFacts) -> Located<'a, WorkloadFacts> {
        let ([_, namespace, ..], selector) = svc.head_and_selector();
        let ns = namespace_key(Some(namespace));
        let empty = Vec::new();
        let candidates = selector
            .iter()
            .filter(|(k, _)| !CONTROLLER_LABELS.contains(k))
            .map(|(k, v)| self.workloads_by_label.get(&(ns, k, v)).unwrap_or(&empty))
            .min_by_key(|bucket| bucket.len())
            .or_else(|| self.workloads_by_namespace.get(&ns))
            .unwrap_or(&empty);
        candidates
            .iter()
            .filter(|(_, w)| selects(selector, w))
            .copied()
            .collect()
    }

    /// The workloads a Service (in file `fi`) sends traffic to, as far as the run shows: the
    /// matching workloads in the same file, else in the same folder. A workload defined in
    /// several nearby files (variants of one bundle) is one workload whose definitions are all
    /// kept, since the run cannot tell which one goes with the Service. `None` when the question
    /// does not apply (see [`Self::selector_applies`]); empty when nothing nearby matches.
    ///
    /// `svc` must be one of this run's Services: the answers are worked out for all of them
    /// when the index is built, in parallel, and looked up by the address of their facts.
    pub fn selected(&self, svc: &ServiceFacts) -> Option<&[Selected<'a>]> {
        self.selections
            .get(&address(svc))
            .and_then(Option::as_deref)
    }

    fn all_selections(&self) -> Selections<'a> {
        self.services
            .par_iter()
            .map(|&(fi, svc)| (address(svc), self.select(fi, svc)))
            .collect()
    }

    fn select(&self, fi: usize, svc: &ServiceFacts) -> Option<Vec<Selected<'a>>> {
        if !self.selector_applies(svc) {
            return None;
        }
        let mut out: Vec<Selected<'a>> = Vec::new();
        let mut by_identity: HashMap<Identity<'a>, usize> = HashMap::default();
        for (wfi, w) in self.nearest(fi, &self.matching(svc)) {
            match identity(w.object()).and_then(|id| by_identity.get(&id).copied()) {
                Some(i) => {
                    if let Some(group) = out.get_mut(i) {
                        group.definitions.push(w);
                    }
                }
                None => {
                    if let Some(id) = identity(w.object()) {
                        by_identity.insert(id, out.len());
                    }
                    out.push(Selected {
                        file: wfi,
                        workload: w,
                        definitions: vec![w],
                    });
                }
            }
        }
        Some(out)
    }
}

/// Where a Service's facts live: they stay put while the index that borrows them exists, so the
/// address names the Service.
fn address(svc: &ServiceFacts) -> usize {
    std::ptr::from_ref(svc) as usize
}

/// A finding on one object of the run.
pub fn on_object(file: usize, object: ObjectView<'_>, finding: Finding) -> RunFinding {
    RunFinding {
        file,
        object: Some(object.to_ref()),
        finding,
        related: Vec::new(),
    }
}

/// `deployment.apps/web`, or `deployment.apps/web (namespace shop)` when the namespace matters.
pub fn describe(object: ObjectView<'_>) -> String {
    match namespace_key(object.namespace) {
        Some(ns) => format!("{} in namespace {ns}", object.display_name()),
        None => object.display_name(),
    }
}

/// Whether `actual` looks like a slip of the keyboard for `wanted` (or the reverse): one
/// character added, dropped, changed or two swapped. `web`/`wbe` and `frontend`/`front-end` are;
/// `hello`/`hello-world` is not, and neither are `v1`/`v2` or `redis-0`/`redis-1`, which name
/// different things on purpose.
pub fn near_miss(wanted: &str, actual: &str) -> bool {
    if wanted == actual || wanted.len() < 3 || wanted.len() > 253 || actual.len() > 253 {
        return false;
    }
    if wanted.len().abs_diff(actual.len()) > 1 {
        return false;
    }
    let only_digits_differ = wanted.len() == actual.len()
        && wanted
            .bytes()
            .zip(actual.bytes())
            .all(|(a, b)| a == b || (a.is_ascii_digit() && b.is_ascii_digit()));
    if only_digits_differ {
        return false;
    }
    strsim::damerau_levenshtein(wanted, actual) == 1
}

#[cfg(test)]
mod tests {
    use super::{DefinedIn, TypedServices, near_miss, share_bounds};
    use crate::lint::driver::{LintOptions, lint_texts};

    #[test]
    fn typed_services_are_found_by_ordinal_whatever_order_they_came_in() {
        let named = |name: &str| k8s_openapi::api::core::v1::Service {
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some(name.into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let name_at = |typed: &TypedServices, ordinal| {
            typed
                .get(ordinal)
                .and_then(|s| s.metadata.name.clone())
                .unwrap_or_default()
        };
        let mut typed = TypedServices::default();
        for (ordinal, name) in [(2, "c"), (5, "f"), (0, "a"), (3, "d"), (5, "f2")] {
            typed.push(ordinal, named(name));
        }
        assert_eq!(typed.len(), 4);
        for (ordinal, name) in [(0, "a"), (2, "c"), (3, "d"), (5, "f2")] {
            assert_eq!(name_at(&typed, ordinal), name);
        }
        for missing in [1, 4, 6] {
            assert!(typed.get(missing).is_none());
        }
    }

    fn service(name: &str, selector: &str, extra: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{extra}  selector:\n    app: {selector}\n  ports:\n  - port: 80\n    targetPort: http\n"
        )
    }

    fn deployment(name: &str, app: &str, port_name: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n        - name: {port_name}\n          containerPort: 8080\n"
        )
    }

    /// (file, rule id) of every cross-object finding of a run over named texts.
    fn run(files: &[(&str, String)]) -> Vec<(String, &'static str)> {
        let texts = files
            .iter()
            .map(|(n, t)| (n.to_string(), t.clone()))
            .collect();
        let report = lint_texts(texts, &LintOptions::default());
        let mut found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.category == crate::lint::Category::CrossObject)
            .map(|d| (d.file.name.clone(), d.rule.id))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn workloads_relate_to_services_in_the_same_folder() {
        let typo = service("web", "wbe", "");
        let web = deployment("web", "web", "http");
        assert_eq!(
            run(&[
                ("k8s/svc.yaml", typo.clone()),
                ("k8s/deploy.yaml", web.clone())
            ]),
            [("k8s/svc.yaml".to_string(), "selector-matches-nothing")]
        );
        // Another folder is another project, example or environment.
        assert!(run(&[("a/svc.yaml", typo), ("b/deploy.yaml", web.clone())]).is_empty());
        let bad_port = service("web", "web", "");
        assert_eq!(
            run(&[
                ("k8s/svc.yaml", bad_port.clone()),
                ("k8s/deploy.yaml", deployment("web", "web", "htp"))
            ]),
            [("k8s/svc.yaml".to_string(), "target-port-name-not-found")]
        );
        assert!(
            run(&[
                ("a/svc.yaml", bad_port),
                ("b/deploy.yaml", deployment("web", "web", "htp"))
            ])
            .is_empty()
        );
    }

    #[test]
    fn standard_input_is_in_every_folder() {
        let typo = service("web", "wbe", "");
        let web = deployment("web", "web", "http");
        assert_eq!(
            run(&[("-", typo.clone()), ("k8s/deploy.yaml", web.clone())]),
            [("-".to_string(), "selector-matches-nothing")]
        );
        assert_eq!(
            run(&[("k8s/svc.yaml", typo), ("-", web)]),
            [("k8s/svc.yaml".to_string(), "selector-matches-nothing")]
        );
        // The named targetPort is looked up in the workload piped in, too.
        assert_eq!(
            run(&[
                ("k8s/svc.yaml", service("web", "web", "")),
                ("-", deployment("web", "web", "htp"))
            ]),
            [("k8s/svc.yaml".to_string(), "target-port-name-not-found")]
        );
    }

    /// A Service's and a workload's ports are scanned when they are few and indexed when they
    /// are many ([`super::LazyPortIndex`]): the answers must be the same, present ports found
    /// (by name and by number, first and last) and absent ones not.
    #[test]
    fn port_questions_get_the_same_answers_scanned_and_indexed() {
        for count in [3usize, super::INDEX_PORTS_FROM + 24] {
            let last = count - 1;
            let mut service = String::from(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n",
            );
            let mut deployment = String::from(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n",
            );
            for i in 0..count {
                let target = if i % 2 == 0 {
                    format!("c{i}")
                } else {
                    (2000 + i).to_string()
                };
                service.push_str(&format!(
                    "  - name: q{i}\n    port: {}\n    targetPort: {target}\n",
                    1000 + i
                ));
                deployment.push_str(&format!(
                    "        - name: c{i}\n          containerPort: {}\n",
                    2000 + i
                ));
            }
            // One named and one numbered targetPort the workload does not declare.
            service.push_str("  - name: y\n    port: 7\n    targetPort: zz\n");
            service.push_str("  - name: z\n    port: 8\n    targetPort: 3999\n");
            let paths: String = [
                "name: q0".to_string(),
                format!("name: q{last}"),
                format!("number: {}", 1000 + last),
                "number: 1000".to_string(),
                "name: nope".to_string(),
                "number: 9".to_string(),
            ]
            .iter()
            .enumerate()
            .map(|(i, port)| {
                format!(
                    "      - path: /p{i}\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              {port}\n"
                )
            })
            .collect();
            let ingress = format!(
                "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - http:\n      paths:\n{paths}"
            );
            let found = run(&[("k8s/app.yaml", [service, deployment, ingress].join("---\n"))]);
            let at = |rule| ("k8s/app.yaml".to_string(), rule);
            assert_eq!(
                found,
                [
                    at("ingress-backend-mismatch"),
                    at("ingress-backend-mismatch"),
                    at("target-port-name-not-found"),
                    at("target-port-not-declared"),
                ],
                "{count} ports"
            );
        }
    }

    /// `unmatched` walks the selector and the template labels side by side: keys only the
    /// template has, before, between and after the selector's, must be stepped over, and a key
    /// the controller adds counts as carried.
    #[test]
    fn selectors_are_matched_against_template_labels_key_by_key() {
        let with = |selector: &str, labels: &str| {
            let service = format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {selector}\n  ports:\n  - port: 80\n"
            );
            let deployment = format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {labels}\n    spec:\n      containers:\n      - name: c\n        image: x\n"
            );
            run(&[("k8s/svc.yaml", service), ("k8s/deploy.yaml", deployment)])
        };
        let nothing = [("k8s/svc.yaml".to_string(), "selector-matches-nothing")];
        assert!(
            with(
                "{app: web, tier: api}",
                "{aaa: 1, app: web, mid: 2, tier: api, zzz: 3}"
            )
            .is_empty()
        );
        assert!(with("{app: web, pod-template-hash: abc}", "{app: web}").is_empty());
        assert_eq!(
            with("{app: web, tier: apl}", "{aaa: 1, app: web, tier: api}"),
            nothing
        );
        assert_eq!(
            with("{app: web, tier: api}", "{app: web, tier: api2}"),
            nothing
        );
    }

    #[test]
    fn run_parts_tile_each_list_in_order() {
        for len in 0..40 {
            for parts in 1..12 {
                let mut next = 0;
                for part in 0..parts {
                    let range = share_bounds(len, part, parts);
                    assert_eq!(range.start, next, "{len} items, part {part} of {parts}");
                    assert!(range.end >= range.start);
                    next = range.end;
                }
                assert_eq!(next, len, "{len} items in {parts} parts");
            }
        }
    }

    #[test]
    fn a_run_checked_in_parts_reports_each_object_once() {
        // Enough objects for several parts (see OBJECTS_PER_RUN_PART in the driver), on pools of
        // one and of three threads: every Service's finding, once.
        let services = 700;
        let text: String = (0..services)
            .map(|i| {
                format!(
                    "---\n{}---\n{}",
                    service(&format!("s{i}"), &format!("a{i}"), ""),
                    deployment(&format!("d{i}"), &format!("a{i}"), "htp")
                )
            })
            .collect();
        let mut expected: Vec<String> = (0..services).map(|i| format!("s{i}")).collect();
        expected.sort();
        for threads in [1, 3] {
            let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else {
                panic!("a thread pool of {threads}");
            };
            let report = pool.install(|| {
                lint_texts(
                    vec![("k8s/all.yaml".into(), text.clone())],
                    &LintOptions::default(),
                )
            });
            let mut named: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.rule.id == "target-port-name-not-found")
                .filter_map(|d| d.object.as_ref()?.name.clone())
                .collect();
            named.sort();
            assert_eq!(named, expected, "on {threads} threads");
        }
    }

    #[test]
    fn an_object_keeps_each_defining_file_once() {
        let mut d = DefinedIn {
            first: 0,
            more: Vec::new(),
        };
        for file in [0, 0, 2, 2, 5] {
            d.add(file);
        }
        assert_eq!((d.first, d.more.as_slice()), (0, &[2, 5][..]));
        assert!(d.contains(0) && d.contains(2) && d.contains(5));
        assert!(!d.contains(1) && !d.contains(3));
    }

    #[test]
    fn a_workload_defined_in_several_bundles_counts_once_with_every_definition() {
        // all-in-one.yaml and quickstart.yaml both define deployment/web, one declaring "http".
        let bundle = format!(
            "{}---\n{}",
            service("web", "web", ""),
            deployment("web", "web", "http")
        );
        let other = deployment("web", "web", "metrics");
        assert!(
            run(&[
                ("k8s/all-in-one.yaml", bundle),
                ("k8s/quickstart.yaml", other)
            ])
            .is_empty()
        );
    }

    #[test]
    fn node_port_conflicts_need_files_applied_together() {
        let np = |name: &str| {
            service(name, "web", "  type: NodePort\n")
                .replace("targetPort: http", "nodePort: 30007")
        };
        assert_eq!(
            run(&[("k8s/a.yaml", np("web")), ("k8s/b.yaml", np("admin"))]),
            [("k8s/b.yaml".to_string(), "node-port-conflict")]
        );
        assert!(run(&[("dev/a.yaml", np("web")), ("prod/b.yaml", np("admin"))]).is_empty());
        // all.yaml repeats admin, so it is an alternative to admin.yaml, not applied with it.
        let all = format!(
            "{}---\n{}",
            np("web"),
            np("admin").replace("30007", "30008")
        );
        assert!(run(&[("k8s/all.yaml", all), ("k8s/admin.yaml", np("admin"))]).is_empty());
    }

    #[test]
    fn the_same_service_in_two_files_is_not_a_duplicate() {
        let web = service("web", "web", "");
        assert!(run(&[("k8s/a.yaml", web.clone()), ("k8s/b.yaml", web.clone())]).is_empty());
        assert_eq!(
            run(&[("k8s/a.yaml", format!("{web}---\n{web}"))]),
            [("k8s/a.yaml".to_string(), "duplicate-service")]
        );
    }

    #[test]
    fn near_misses_are_typos_not_versions() {
        assert!(near_miss("wbe", "web"));
        assert!(near_miss("frontend", "front-end"));
        assert!(near_miss("checkuot", "checkout"));
        assert!(near_miss("kafka-headles", "kafka-headless"));
        assert!(!near_miss("web", "web"));
        assert!(!near_miss("db", "dc"));
        assert!(!near_miss("hello", "hello-world"));
        assert!(!near_miss("v1", "v2"));
        assert!(!near_miss("tcp-echo-v1", "tcp-echo-v2"));
        assert!(!near_miss("my-service", "ai-service"));
    }
}
