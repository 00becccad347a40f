//! Facts read off a parsed object: done once per object of every file, so spans are read
//! straight off the tree and strings are packed as they are found.

use std::borrow::Cow;

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{
    ContainerPort, LazyPortIndex, Place, PortFacts, ServiceFacts, TargetKind,
    WORKLOAD_API_VERSIONS, WorkloadFacts,
};
use crate::k8s::compact::{Labels, Loc, OwnedLabels, PackedBuilder};
use crate::model::object::ObjectRef;
use crate::model::path::{FieldPath, locate};
use crate::model::source::Span;
use crate::model::workload;
use crate::model::yaml::{Node, Resolved};

/// Where an object's name is, or would be: taken for every object of the run, so the path is
/// parsed once.
pub(crate) fn name_span(node: &Node) -> Span {
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

pub(crate) fn service_facts(
    object: &ObjectRef,
    node: &Node,
    name_span: Span,
    svc: &Service,
) -> ServiceFacts {
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

/// The facts of a workload (an object with Pods), `None` for any other object.
/// The annotation that makes an object a Helm hook: run once around an install or upgrade (or by
/// `helm test`), never part of the release's running workloads. The test Pod `helm create`
/// writes carries the selector labels, and would otherwise be what a Service selects.
pub(crate) const HELM_HOOK: &str = "helm.sh/hook";

fn is_helm_hook(node: &Node) -> bool {
    node.get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get(HELM_HOOK))
        .is_some()
}

/// A workload's facts; none for an object that is not a workload, or is a Helm hook (see
/// [`HELM_HOOK`]).
pub(crate) fn workload_facts(
    object: &ObjectRef,
    node: &Node,
    name_span: Span,
) -> Option<WorkloadFacts> {
    if is_helm_hook(node) {
        return None;
    }
    let kind = object.kind.as_str();
    let api_version = WORKLOAD_API_VERSIONS
        .iter()
        .position(|v| *v == object.api_version)?;
    let (labels, pod_spec) = workload::pod_labels_and_spec(kind, node)?;
    let kind_index = workload::KINDS.iter().position(|k| *k == kind)?;
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
    Some(WorkloadFacts {
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
    })
}
