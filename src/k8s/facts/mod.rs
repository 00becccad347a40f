//! What the objects of a run are, as compact facts kept for the whole run: each core Service
//! (its name, type, selector and ports) and each workload (the labels and container ports of its
//! Pods), read through accessors over packed strings (see [`super::compact`]). They are extracted
//! while a file is parsed, and the trees are dropped afterwards.

mod extract;

pub(crate) use extract::{name_span, service_facts, workload_facts};

use compact_str::CompactString;
use foldhash::{HashMap, HashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

use k8s_openapi::api::core::v1::Service;

use super::compact::{Labels, Loc, Packed};
use crate::model::object::{ObjectRef, display_name};
use crate::model::source::Span;
use crate::model::workload;

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
pub(crate) struct Place {
    document: usize,
    ordinal: usize,
    /// The index inside a `kind: List`, or `usize::MAX` (no list holds that many items).
    item: usize,
}

impl Place {
    /// See `FileFacts::renumber`.
    pub(crate) fn shift(&mut self, documents: usize, ordinals: usize) {
        self.document += documents;
        self.ordinal += ordinals;
    }

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
    pub(crate) place: Place,
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
    pub(crate) fn head_and_selector(&self) -> ([&str; 4], Labels<'_>) {
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
    pub(crate) place: Place,
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
        crate::k8s::text::listing(&self.ports, |p| match &p.name {
            Some(n) => format!("{n} ({}/{})", p.port, p.protocol),
            None => format!("{}/{}", p.port, p.protocol),
        })
    }
}

/// Ports scanned for each question about them; a longer list is indexed once, in the object's
/// facts ([`LazyPortIndex`]).
pub(crate) const INDEX_PORTS_FROM: usize = 16;

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

/// The namespace an object lands in, as far as the run can tell: an absent namespace and an
/// explicit `default` are the same (both end up wherever `kubectl apply` is pointed, which for
/// manifests applied together is one place).
pub fn namespace_key(namespace: Option<&str>) -> Option<&str> {
    namespace.filter(|n| !n.is_empty() && *n != "default")
}
