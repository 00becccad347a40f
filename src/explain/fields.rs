//! `svcctl explain <field>`: a Service field's type and Kubernetes description (from the schema
//! k8s-openapi generates, see [`crate::model::schema`]), plus what the OpenAPI text does not say:
//! the default the API server applies, the allowed values, the Service types the field applies to
//! and the svcctl rules that check it. Those facts live in [`FIELD_NOTES`], the one table that
//! maps fields to rule ids; a test keeps every id in it real.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::text::{Look, wrap, wrap_hanging};
use crate::k8s::ServiceType;
use crate::lint::find_rule;
use crate::model::decode::suggest;
use crate::model::schema::{self, Kind, Schema, ShapeId};

/// A type's API name, for the tables below (every `ServiceType` but `Unknown` has one).
const fn api_name(t: ServiceType) -> &'static str {
    match t.api_name() {
        Some(name) => name,
        None => "",
    }
}

pub const CLUSTER_IP: &str = api_name(ServiceType::ClusterIp);
pub const NODE_PORT: &str = api_name(ServiceType::NodePort);
pub const LOAD_BALANCER: &str = api_name(ServiceType::LoadBalancer);
pub const EXTERNAL_NAME: &str = api_name(ServiceType::ExternalName);
pub const HEADLESS: &str = "headless";

const ALL: &[&str] = &[
    CLUSTER_IP,
    NODE_PORT,
    LOAD_BALANCER,
    EXTERNAL_NAME,
    HEADLESS,
];
const PROXIED: &[&str] = &[CLUSTER_IP, NODE_PORT, LOAD_BALANCER];
const WITH_IPS: &[&str] = &[CLUSTER_IP, NODE_PORT, LOAD_BALANCER, HEADLESS];
const EXPOSED: &[&str] = &[NODE_PORT, LOAD_BALANCER];
const LB: &[&str] = &[LOAD_BALANCER];

/// What the API server does with a field beyond its OpenAPI description (from
/// apiserver-service-validation.md: §1 defaults, §2–3 checks, §7 warnings).
#[derive(Debug)]
pub struct FieldNote {
    /// Dotted path without indices or the `service.` prefix.
    pub path: &'static str,
    /// The default the API server (or its allocators) fills in.
    pub default: Option<&'static str>,
    pub allowed: Option<&'static str>,
    /// The Service types the field has an effect on (`headless` is a ClusterIP with
    /// `clusterIP: None`).
    pub applies_to: &'static [&'static str],
    /// svcctl rule ids that check it, in catalogue order.
    pub rules: &'static [&'static str],
}

/// The field → default / allowed values / types / rules table.
pub static FIELD_NOTES: &[FieldNote] = &[
    FieldNote {
        path: "",
        default: None,
        allowed: None,
        applies_to: ALL,
        rules: &[
            "yaml-syntax",
            "invalid-value-type",
            "unknown-field",
            "duplicate-key",
            "live-object-dump",
            "ambiguous-scalar",
            "invalid-kustomization",
            "kustomization-not-applied-as-written",
            "helm-chart-not-rendered",
            "template-document-not-checked",
            "helm-template-failed",
        ],
    },
    FieldNote {
        path: "apiVersion",
        default: None,
        allowed: Some("v1"),
        applies_to: ALL,
        rules: &["invalid-type-meta"],
    },
    FieldNote {
        path: "kind",
        default: None,
        allowed: Some("Service (case-sensitive)."),
        applies_to: ALL,
        rules: &["invalid-type-meta"],
    },
    FieldNote {
        path: "metadata.name",
        default: Some(
            "None: required, unless generateName is set (then generateName plus 5 random characters).",
        ),
        allowed: Some(
            "From Kubernetes 1.36 an RFC 1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters. Up to 1.35 it must also start with a letter (RFC 1035). Unique per namespace; it becomes the DNS name <name>.<namespace>.svc.cluster.local.",
        ),
        applies_to: ALL,
        rules: &[
            "invalid-name",
            "duplicate-service",
            "statefulset-service-mismatch",
            "ingress-backend-mismatch",
            "orphaned-endpoint-slice",
            "backend-missing-in-cluster",
        ],
    },
    FieldNote {
        path: "metadata.generateName",
        default: None,
        allowed: Some(
            "A prefix that follows the metadata.name rules; one trailing '-' is allowed.",
        ),
        applies_to: ALL,
        rules: &["invalid-name"],
    },
    FieldNote {
        path: "metadata.namespace",
        default: Some(
            "The namespace of the request: kubectl's --namespace, else the context's namespace, else default.",
        ),
        allowed: Some(
            "An RFC 1123 label of at most 63 characters, naming a namespace that exists.",
        ),
        applies_to: ALL,
        rules: &["invalid-namespace"],
    },
    FieldNote {
        path: "metadata.labels",
        default: None,
        allowed: Some(
            "Keys: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters ([A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]). Values: empty, or at most 63 characters of the same kind.",
        ),
        applies_to: ALL,
        rules: &["invalid-label"],
    },
    FieldNote {
        path: "metadata.annotations",
        default: None,
        allowed: Some(
            "Keys like label keys (checked in lower case); keys and values together at most 262144 bytes (256 KiB). svcctl.dev/ignore lists svcctl rules to silence for this object.",
        ),
        applies_to: ALL,
        rules: &[
            "invalid-annotation",
            "topology-annotation-mismatch",
            "invalid-source-range",
            "load-balancer-field-on-wrong-type",
            "deprecated-topology-aware-hints",
        ],
    },
    FieldNote {
        path: "metadata.generation",
        default: Some("Set by the system."),
        allowed: Some("Not negative; leave it out of manifests."),
        applies_to: ALL,
        rules: &["invalid-metadata"],
    },
    FieldNote {
        path: "metadata.ownerReferences",
        default: None,
        allowed: Some(
            "Entries with apiVersion, kind, name and uid; at most one with controller: true.",
        ),
        applies_to: ALL,
        rules: &["invalid-metadata"],
    },
    FieldNote {
        path: "metadata.finalizers",
        default: None,
        allowed: Some(
            "Qualified names (example.com/cleanup); a name without '/' must be a standard finalizer.",
        ),
        applies_to: ALL,
        rules: &["invalid-metadata"],
    },
    FieldNote {
        path: "metadata.resourceVersion",
        default: Some("Set by the system."),
        allowed: Some("Leave it out of manifests: a stale value makes updates fail."),
        applies_to: ALL,
        rules: &["live-object-dump"],
    },
    FieldNote {
        path: "metadata.uid",
        default: Some("Set by the system."),
        allowed: Some("Leave it out of manifests."),
        applies_to: ALL,
        rules: &["live-object-dump"],
    },
    FieldNote {
        path: "metadata.creationTimestamp",
        default: Some("Set by the system."),
        allowed: Some("Leave it out of manifests."),
        applies_to: ALL,
        rules: &["live-object-dump"],
    },
    FieldNote {
        path: "metadata.managedFields",
        default: Some("Set by the system."),
        allowed: Some("Leave it out of manifests."),
        applies_to: ALL,
        rules: &["live-object-dump"],
    },
    FieldNote {
        path: "metadata.selfLink",
        default: None,
        allowed: Some("Deprecated and no longer set by the system; leave it out of manifests."),
        applies_to: ALL,
        rules: &["live-object-dump"],
    },
    FieldNote {
        path: "spec.type",
        default: Some("ClusterIP, when absent or empty."),
        allowed: Some("ClusterIP, NodePort, LoadBalancer or ExternalName (case-sensitive)."),
        applies_to: ALL,
        rules: &["headless-type-conflict", "invalid-type"],
    },
    FieldNote {
        path: "spec.ports",
        default: None,
        allowed: Some(
            "Required (at least one port) unless the type is ExternalName or the Service is headless. Each (port, protocol) pair at most once; every port needs a name when there is more than one.",
        ),
        applies_to: WITH_IPS,
        rules: &[
            "ports-required",
            "port-name-missing",
            "duplicate-port",
            "same-port-tcp-and-udp",
            "external-name-with-ports",
        ],
    },
    FieldNote {
        path: "spec.ports.name",
        default: None,
        allowed: Some(
            "An RFC 1123 label (lower-case letters, digits and '-', at most 63 characters), unique within the Service. Required when the Service has more than one port.",
        ),
        applies_to: WITH_IPS,
        rules: &[
            "port-name-missing",
            "invalid-port-name",
            "duplicate-port-name",
            "target-port-name-not-found",
            "ingress-backend-mismatch",
        ],
    },
    FieldNote {
        path: "spec.ports.port",
        default: None,
        allowed: Some(
            "Required; 1-65535. The (port, protocol) pair must be unique within the Service.",
        ),
        applies_to: WITH_IPS,
        rules: &[
            "port-out-of-range",
            "duplicate-port",
            "ingress-backend-mismatch",
            "same-port-tcp-and-udp",
        ],
    },
    FieldNote {
        path: "spec.ports.protocol",
        default: Some("TCP."),
        allowed: Some("TCP, UDP or SCTP (case-sensitive)."),
        applies_to: WITH_IPS,
        rules: &[
            "invalid-protocol",
            "duplicate-port",
            "same-port-tcp-and-udp",
        ],
    },
    FieldNote {
        path: "spec.ports.targetPort",
        default: Some("The value of port, when absent, 0 or \"\"."),
        allowed: Some(
            "A number 1-65535, or the name of a container port: an IANA service name of at most 15 characters (a-z, 0-9 and '-', at least one letter, no '--', no '-' at either end). On a headless Service nothing translates port into targetPort: its EndpointSlices and DNS SRV records carry targetPort, but clients that resolve its name connect on port, so keep the two equal (without a selector, targetPort is not used at all).",
        ),
        applies_to: PROXIED,
        rules: &[
            "port-out-of-range",
            "invalid-target-port-name",
            "target-port-name-not-found",
            "target-port-not-declared",
            "selector-ports-disagree",
            "ignored-on-headless",
            "target-port-name-not-in-pods",
            "target-port-not-in-pods",
            "pods-disagree-on-port",
        ],
    },
    FieldNote {
        path: "spec.ports.nodePort",
        default: Some(
            "Allocated from the NodePort range (30000-32767 unless the API server's --service-node-port-range says otherwise) for type NodePort, and for LoadBalancer unless allocateLoadBalancerNodePorts is false.",
        ),
        allowed: Some(
            "A free port in the NodePort range (30000-32767 by default), unique within the Service and across the cluster. Refused on type ClusterIP.",
        ),
        applies_to: EXPOSED,
        rules: &[
            "node-port-range",
            "node-port-on-cluster-ip",
            "duplicate-node-port",
            "node-port-conflict",
            "node-port-exposed",
            "field-ignored-for-type",
        ],
    },
    FieldNote {
        path: "spec.ports.appProtocol",
        default: None,
        allowed: Some(
            "Label-key syntax: an IANA service name (http, https, grpc), a Kubernetes name (kubernetes.io/h2c, kubernetes.io/ws, kubernetes.io/wss) or a domain-prefixed name (example.com/custom).",
        ),
        applies_to: WITH_IPS,
        rules: &["invalid-app-protocol"],
    },
    FieldNote {
        path: "spec.selector",
        default: Some(
            "None: without a selector, Kubernetes manages no endpoints and you publish EndpointSlices yourself.",
        ),
        allowed: Some(
            "Label keys and values (label syntax). A Pod is selected only if it carries every key=value pair. Ignored for ExternalName.",
        ),
        applies_to: WITH_IPS,
        rules: &[
            "invalid-selector",
            "selector-matches-nothing",
            "target-port-name-not-found",
            "target-port-not-declared",
            "selector-ports-disagree",
            "field-ignored-for-type",
            "selector-matches-no-pod",
            "no-ready-endpoints",
            "stale-endpoint-slices",
            "selectorless-without-endpoints",
        ],
    },
    FieldNote {
        path: "spec.clusterIP",
        default: Some(
            "Allocated from the cluster's service CIDR (for example 10.96.0.0/12) when absent or empty.",
        ),
        allowed: Some(
            "Empty, \"None\" (a headless Service; only with type ClusterIP) or a free IP inside the service CIDR. Cannot be changed once set. Refused on ExternalName.",
        ),
        applies_to: WITH_IPS,
        rules: &[
            "invalid-cluster-ip",
            "headless-type-conflict",
            "cluster-ip-on-external-name",
            "cluster-ip-outside-service-cidr",
            "statefulset-service-mismatch",
            "non-canonical-ip",
        ],
    },
    FieldNote {
        path: "spec.clusterIPs",
        default: Some(
            "[clusterIP] when only clusterIP is set; otherwise allocated, one IP per entry of ipFamilies.",
        ),
        allowed: Some(
            "At most two IPs, one per IP family, the first equal to clusterIP; or [\"None\"] for a headless Service. Refused on ExternalName.",
        ),
        applies_to: WITH_IPS,
        rules: &[
            "invalid-cluster-ip",
            "invalid-ip-family",
            "headless-type-conflict",
            "cluster-ip-on-external-name",
            "cluster-ip-outside-service-cidr",
            "ip-family-not-configured",
            "non-canonical-ip",
        ],
    },
    FieldNote {
        path: "spec.ipFamilies",
        default: Some(
            "The families of clusterIPs, else the cluster's primary family; a second family is added when ipFamilyPolicy allows dual-stack and the cluster is dual-stack.",
        ),
        allowed: Some(
            "IPv4 and/or IPv6, each at most once, matching clusterIPs. Refused on ExternalName.",
        ),
        applies_to: WITH_IPS,
        rules: &[
            "invalid-ip-family",
            "cluster-ip-on-external-name",
            "ip-family-not-configured",
        ],
    },
    FieldNote {
        path: "spec.ipFamilyPolicy",
        default: Some("SingleStack; RequireDualStack for a headless Service without a selector."),
        allowed: Some(
            "SingleStack, PreferDualStack or RequireDualStack. Two clusterIPs or ipFamilies need a dual-stack policy. Refused on ExternalName.",
        ),
        applies_to: WITH_IPS,
        rules: &[
            "invalid-ip-family",
            "cluster-ip-on-external-name",
            "ip-family-not-configured",
        ],
    },
    FieldNote {
        path: "spec.externalName",
        default: None,
        allowed: Some(
            "Required for ExternalName: a lower-case RFC 1123 DNS name of at most 253 characters (one trailing dot allowed), such as db.example.com. Ignored by other types.",
        ),
        applies_to: &[EXTERNAL_NAME],
        rules: &[
            "invalid-external-name",
            "external-name-is-ip",
            "field-ignored-for-type",
        ],
    },
    FieldNote {
        path: "spec.externalIPs",
        default: None,
        allowed: Some(
            "IP addresses (not CIDRs or names) that are not unspecified (0.0.0.0), loopback (127.0.0.0/8, ::1) or link-local. Deprecated in 1.36; ignored by headless and ExternalName Services.",
        ),
        applies_to: PROXIED,
        rules: &[
            "invalid-external-ip",
            "external-ips",
            "deprecated-external-ips",
            "ignored-on-headless",
            "field-ignored-for-type",
            "non-canonical-ip",
        ],
    },
    FieldNote {
        path: "spec.sessionAffinity",
        default: Some("None."),
        allowed: Some("None or ClientIP (case-sensitive). Ignored by headless Services."),
        applies_to: PROXIED,
        rules: &[
            "invalid-session-affinity",
            "ignored-on-headless",
            "field-ignored-for-type",
            "session-affinity-config-ignored",
        ],
    },
    FieldNote {
        path: "spec.sessionAffinityConfig",
        default: Some(
            "Removed when sessionAffinity is None; with ClientIP, created as clientIP.timeoutSeconds: 10800 if missing.",
        ),
        allowed: Some("Only meaningful with sessionAffinity: ClientIP."),
        applies_to: PROXIED,
        rules: &[
            "invalid-session-affinity",
            "session-affinity-config-ignored",
        ],
    },
    FieldNote {
        path: "spec.sessionAffinityConfig.clientIP",
        default: Some("Created with timeoutSeconds: 10800 when sessionAffinity is ClientIP."),
        allowed: Some("Only meaningful with sessionAffinity: ClientIP."),
        applies_to: PROXIED,
        rules: &[
            "invalid-session-affinity",
            "session-affinity-config-ignored",
        ],
    },
    FieldNote {
        path: "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
        default: Some("10800 (3 hours) when sessionAffinity is ClientIP."),
        allowed: Some("1-86400 (one day), with sessionAffinity: ClientIP."),
        applies_to: PROXIED,
        rules: &[
            "invalid-session-affinity",
            "session-affinity-config-ignored",
        ],
    },
    FieldNote {
        path: "spec.externalTrafficPolicy",
        default: Some("Cluster, for NodePort, LoadBalancer and ClusterIP with externalIPs."),
        allowed: Some(
            "Cluster (spread over all ready Pods) or Local (only Pods on the receiving node; keeps the client's source IP). Only for externally reachable Services.",
        ),
        applies_to: EXPOSED,
        rules: &[
            "invalid-external-traffic-policy",
            "traffic-policy-contradicts-type",
            "local-traffic-dropped-on-nodes",
            "local-traffic-without-health-check",
        ],
    },
    FieldNote {
        path: "spec.internalTrafficPolicy",
        default: Some("Cluster, for every type but ExternalName."),
        allowed: Some("Cluster or Local (in-cluster clients reach only Pods on their own node)."),
        applies_to: PROXIED,
        rules: &[
            "invalid-internal-traffic-policy",
            "traffic-policy-contradicts-type",
        ],
    },
    FieldNote {
        path: "spec.healthCheckNodePort",
        default: Some(
            "Allocated from the NodePort range when type is LoadBalancer and externalTrafficPolicy is Local.",
        ),
        allowed: Some(
            "A free port in the NodePort range, only with type LoadBalancer and externalTrafficPolicy: Local. Cannot be changed once set.",
        ),
        applies_to: LB,
        rules: &[
            "invalid-health-check-node-port",
            "local-traffic-without-health-check",
        ],
    },
    FieldNote {
        path: "spec.allocateLoadBalancerNodePorts",
        default: Some("true, for type LoadBalancer."),
        allowed: Some(
            "true or false; only with type LoadBalancer. false suits load balancers that send traffic straight to Pod IPs.",
        ),
        applies_to: LB,
        rules: &["load-balancer-field-on-wrong-type"],
    },
    FieldNote {
        path: "spec.loadBalancerClass",
        default: Some(
            "None: the cluster's default load-balancer implementation (usually the cloud provider's) handles the Service.",
        ),
        allowed: Some(
            "A label-style name with an optional prefix (internal-vip, example.com/internal-vip); only with type LoadBalancer. Cannot be changed once set.",
        ),
        applies_to: LB,
        rules: &[
            "load-balancer-field-on-wrong-type",
            "invalid-load-balancer-class",
            "load-balancer-class-unserved",
        ],
    },
    FieldNote {
        path: "spec.loadBalancerIP",
        default: None,
        allowed: Some(
            "Deprecated: an address your cloud provider can assign (the API server never checks it). Prefer the provider's annotation.",
        ),
        applies_to: LB,
        rules: &[
            "ignored-on-headless",
            "deprecated-load-balancer-ip",
            "field-ignored-for-type",
            "non-canonical-ip",
        ],
    },
    FieldNote {
        path: "spec.loadBalancerSourceRanges",
        default: Some("None: the load balancer accepts clients from every address."),
        allowed: Some(
            "CIDRs such as 203.0.113.0/24; from Kubernetes 1.36 without host bits set. Only with type LoadBalancer.",
        ),
        applies_to: LB,
        rules: &[
            "load-balancer-field-on-wrong-type",
            "invalid-source-range",
            "load-balancer-without-source-ranges",
        ],
    },
    FieldNote {
        path: "spec.publishNotReadyAddresses",
        default: Some("false (not filled in)."),
        allowed: Some(
            "true or false. true publishes Pods in DNS before they are ready: mostly for the headless Service of a StatefulSet, for peer discovery.",
        ),
        applies_to: WITH_IPS,
        rules: &["field-ignored-for-type"],
    },
    FieldNote {
        path: "spec.trafficDistribution",
        default: Some("None: the proxy spreads traffic over all ready endpoints."),
        allowed: Some(
            "PreferSameZone or PreferSameNode (Kubernetes 1.34+), or PreferClose (the older, deprecated name of PreferSameZone).",
        ),
        applies_to: PROXIED,
        rules: &[
            "invalid-traffic-distribution",
            "deprecated-prefer-close",
            "traffic-policy-contradicts-type",
        ],
    },
    FieldNote {
        path: "status",
        default: Some(
            "Written by the system; anything in a manifest's status is discarded on create.",
        ),
        allowed: Some("Leave it out of manifests."),
        applies_to: ALL,
        rules: &["live-object-dump", "load-balancer-pending"],
    },
    FieldNote {
        path: "status.loadBalancer.ingress.ipMode",
        default: Some("VIP, when ip is set."),
        allowed: Some("VIP or Proxy, only together with ip."),
        applies_to: LB,
        rules: &[],
    },
];

/// The note for a dotted path (no indices, no `service.` prefix).
pub fn note(path: &str) -> Option<&'static FieldNote> {
    FIELD_NOTES.iter().find(|n| n.path == path)
}

/// A field the user asked about, resolved against the schema.
#[derive(Debug)]
pub struct Field {
    /// `spec.ports.nodePort`; empty for the Service itself.
    pub path: String,
    pub shape: ShapeId,
    /// The map whose values this is, when the path goes through a map key (`metadata.labels.app`).
    pub map_value_of: Option<String>,
}

/// Why a path is not a Service field, with suggestions.
#[derive(Debug)]
pub struct Unknown {
    pub message: String,
    pub suggestions: Vec<String>,
}

/// Strip `service.` (or `svc.`/`services.`) and `[0]`-style indices; `None` when the text is not
/// shaped like a field path at all.
pub fn normalize(arg: &str) -> Option<Vec<String>> {
    let mut segments = Vec::new();
    for raw in arg.trim().trim_matches('.').split('.') {
        let name = match raw.find('[') {
            Some(i) if raw.ends_with(']') => &raw[..i],
            Some(_) => return None,
            None => raw,
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
        {
            return None;
        }
        segments.push(name.to_string());
    }
    if let Some(first) = segments.first()
        && ["service", "services", "svc"].contains(&first.to_ascii_lowercase().as_str())
    {
        segments.remove(0);
    }
    Some(segments)
}

fn is_map(schema: &Schema, id: ShapeId) -> bool {
    matches!(&schema.shape(id).kind, Kind::Object { properties, additional: Some(_), .. } if properties.is_empty())
}

fn item(schema: &Schema, id: ShapeId) -> ShapeId {
    match schema.shape(id).kind {
        Kind::Array(item) => item,
        _ => id,
    }
}

/// Resolve a normalized path.
pub fn resolve(segments: &[String]) -> Result<Field, Unknown> {
    let s = schema::service();
    let mut id = s.root;
    let mut walked: Vec<&str> = Vec::new();
    let mut map_value_of = None;
    for seg in segments {
        let parent = item(s, id);
        let known = s.property_names(parent);
        if is_map(s, parent) {
            map_value_of = Some(walked.join("."));
        } else if !known.contains(&seg.as_str()) {
            return Err(unknown(s, &walked, seg, parent));
        }
        match s.property(parent, seg) {
            Some(next) => id = next,
            None => return Err(unknown(s, &walked, seg, parent)),
        }
        walked.push(seg);
    }
    Ok(Field {
        path: walked.join("."),
        shape: id,
        map_value_of,
    })
}

fn unknown(s: &Schema, walked: &[&str], seg: &str, parent: ShapeId) -> Unknown {
    let owner = if walked.is_empty() {
        "Service".to_string()
    } else {
        format!("{} ({})", walked.join("."), s.shape(parent).type_name)
    };
    let prefix = |name: &str| {
        if walked.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", walked.join("."))
        }
    };
    let names = s.property_names(parent);
    let mut suggestions = Vec::new();
    if let Some(close) = suggest(seg, names.iter().copied()) {
        suggestions.push(prefix(&close));
    }
    // The same name deeper in the tree: `targetPort` → `spec.ports.targetPort`.
    for path in all_paths() {
        let leaf = path.rsplit('.').next().unwrap_or(&path);
        if leaf.eq_ignore_ascii_case(seg) && !suggestions.contains(&path) {
            suggestions.push(path);
        }
    }
    let paths = all_paths();
    if suggestions.is_empty()
        && let Some(close) = suggest(seg, paths.iter().map(|p| p.rsplit('.').next().unwrap_or(p)))
    {
        for path in &paths {
            if path.rsplit('.').next() == Some(close.as_str()) && !suggestions.contains(path) {
                suggestions.push(path.clone());
            }
        }
    }
    suggestions.truncate(4);
    let mut message = format!("{owner} has no field `{seg}`");
    if names.iter().any(|n| n.eq_ignore_ascii_case(seg)) {
        message.push_str(" (field names are case-sensitive)");
    }
    Unknown {
        message,
        suggestions,
    }
}

/// Every field path of a Service (without the root), depth-first in schema order.
pub fn all_paths() -> Vec<String> {
    let s = schema::service();
    let mut out = Vec::new();
    collect_paths(s, s.root, "", 0, &mut out);
    out
}

fn collect_paths(s: &Schema, id: ShapeId, prefix: &str, depth: usize, out: &mut Vec<String>) {
    // Service has no recursive types, but a schema change must not hang the CLI.
    if depth > 12 {
        return;
    }
    if let Kind::Object { properties, .. } = &s.shape(item(s, id)).kind {
        for (name, sub) in properties {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            out.push(path.clone());
            collect_paths(s, *sub, &path, depth + 1, out);
        }
    }
}

/// kubectl's type label: `string`, `integer`, `[]ServicePort`, `map[string]string`.
pub fn type_label(s: &Schema, id: ShapeId) -> String {
    let shape = s.shape(id);
    match &shape.kind {
        Kind::String => "string".into(),
        Kind::Integer(_) => "integer".into(),
        Kind::Number => "number".into(),
        Kind::Boolean => "boolean".into(),
        Kind::IntOrString => "IntOrString".into(),
        Kind::Array(item) => format!("[]{}", type_label(s, *item)),
        Kind::Object {
            properties,
            additional: Some(value),
            ..
        } if properties.is_empty() => format!("map[string]{}", type_label(s, *value)),
        Kind::Object { .. } => shape.type_name.clone(),
        Kind::Any => {
            if shape.type_name.is_empty() || shape.type_name == "any" {
                "Object".into()
            } else {
                shape.type_name.clone()
            }
        }
    }
}

fn required_in(s: &Schema, parent: ShapeId, name: &str) -> bool {
    match &s.shape(item(s, parent)).kind {
        Kind::Object { required, .. } => required.iter().any(|r| r == name),
        _ => false,
    }
}

/// The sub-fields of an object (or of a list's items), with their shapes.
fn children(s: &Schema, id: ShapeId) -> Vec<(String, ShapeId, bool)> {
    let parent = item(s, id);
    match &s.shape(parent).kind {
        Kind::Object { properties, .. } => properties
            .iter()
            .map(|(n, sub)| (n.clone(), *sub, required_in(s, parent, n)))
            .collect(),
        _ => Vec::new(),
    }
}

/// `spec.ports[].nodePort`: where the field sits in a manifest.
fn manifest_path(segments: &[&str]) -> String {
    let s = schema::service();
    let mut id = s.root;
    let mut out = String::new();
    for seg in segments {
        let parent = item(s, id);
        let Some(next) = s.property(parent, seg) else {
            break;
        };
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(seg);
        if matches!(s.shape(next).kind, Kind::Array(_)) {
            out.push_str("[]");
        }
        id = next;
    }
    out
}

/// `SVC012 node-port-range: nodePort outside …`, wrapped under its summary.
fn rule_line(id: &str, width: usize) -> Option<String> {
    let m = find_rule(id)?.meta();
    Some(wrap_hanging(
        &format!("{} {}: {}", m.code, m.id, m.summary),
        width,
        "    ",
        "           ",
    ))
}

/// The text page for a field.
pub fn render_text(field: &Field, recursive: bool, look: &Look) -> String {
    let s = schema::service();
    let shape = s.shape(field.shape);
    let mut out = String::new();
    let _ = writeln!(out, "{}  Service", look.heading("KIND:   "));
    let _ = writeln!(out, "{}  v1", look.heading("VERSION:"));
    out.push('\n');
    let segments: Vec<&str> = if field.path.is_empty() {
        Vec::new()
    } else {
        field.path.split('.').collect()
    };
    if let Some(name) = segments.last() {
        let required = segments.len() >= 2 && {
            let parent_path = &segments[..segments.len() - 1];
            s.at_path(parent_path.iter().copied())
                .is_some_and(|p| required_in(s, p, name))
        };
        let _ = writeln!(
            out,
            "{}  {name} <{}>{}",
            look.heading("FIELD:  "),
            type_label(s, field.shape),
            if required { " -required-" } else { "" }
        );
        let _ = writeln!(
            out,
            "{}  {}",
            look.heading("PATH:   "),
            manifest_path(&segments)
        );
        out.push('\n');
    }
    let description = if shape.description.is_empty() {
        match &field.map_value_of {
            Some(map) => format!("A value of the map `{map}`."),
            None => String::new(),
        }
    } else {
        shape.description.clone()
    };
    if !description.is_empty() {
        let _ = writeln!(out, "{}", look.heading("DESCRIPTION:"));
        out.push_str(&wrap(&description, look.width, 4));
        out.push('\n');
    }
    if let Some(note) = note(&field.path) {
        if let Some(default) = note.default {
            let _ = writeln!(out, "{}", look.heading("DEFAULT:"));
            out.push_str(&wrap(default, look.width, 4));
            out.push('\n');
        }
        if let Some(allowed) = note.allowed {
            let _ = writeln!(out, "{}", look.heading("ALLOWED VALUES:"));
            out.push_str(&wrap(allowed, look.width, 4));
            out.push('\n');
        }
        if !field.path.is_empty() {
            let _ = writeln!(out, "{}", look.heading("APPLIES TO:"));
            out.push_str(&wrap(&applies_text(note.applies_to), look.width, 4));
            out.push('\n');
        }
        let rules: Vec<String> = note
            .rules
            .iter()
            .filter_map(|id| rule_line(id, look.width))
            .collect();
        if !rules.is_empty() {
            let _ = writeln!(out, "{}", look.heading("CHECKED BY:"));
            out.push_str(&rules.concat());
            out.push('\n');
        }
    }
    let kids = children(s, field.shape);
    if !kids.is_empty() {
        let _ = writeln!(out, "{}", look.heading("FIELDS:"));
        if recursive {
            tree(s, field.shape, 2, 0, &mut out);
        } else {
            for (name, id, required) in &kids {
                let _ = writeln!(
                    out,
                    "  {name} <{}>{}",
                    type_label(s, *id),
                    if *required { " -required-" } else { "" }
                );
                let description = &s.shape(*id).description;
                if !description.is_empty() {
                    out.push_str(&wrap(description, look.width, 4));
                }
                out.push('\n');
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn tree(s: &Schema, id: ShapeId, indent: usize, depth: usize, out: &mut String) {
    if depth > 12 {
        return;
    }
    for (name, sub, required) in children(s, id) {
        let _ = writeln!(
            out,
            "{}{name} <{}>{}",
            " ".repeat(indent),
            type_label(s, sub),
            if required { " -required-" } else { "" }
        );
        tree(s, sub, indent + 2, depth + 1, out);
    }
}

fn applies_text(types: &[&str]) -> String {
    if types == ALL {
        return "Every Service type.".into();
    }
    let names: Vec<String> = types
        .iter()
        .map(|t| {
            if *t == HEADLESS {
                "headless Services (clusterIP: None)".to_string()
            } else {
                t.to_string()
            }
        })
        .collect();
    format!("{}.", super::text::join_and(&names))
}

/// The JSON form of a field (and, with `recursive`, of its whole subtree).
pub fn to_json(field: &Field, recursive: bool) -> Value {
    let s = schema::service();
    let shape = s.shape(field.shape);
    let segments: Vec<&str> = if field.path.is_empty() {
        Vec::new()
    } else {
        field.path.split('.').collect()
    };
    let note = note(&field.path);
    let rules: Vec<Value> = note
        .map(|n| n.rules)
        .unwrap_or_default()
        .iter()
        .filter_map(|id| find_rule(id))
        .map(|r| {
            let m = r.meta();
            json!({"id": m.id, "code": m.code, "summary": m.summary})
        })
        .collect();
    json!({
        "kind": "Service",
        "apiVersion": "v1",
        "path": field.path,
        "manifestPath": manifest_path(&segments),
        "type": type_label(s, field.shape),
        "description": shape.description,
        "default": note.and_then(|n| n.default),
        "allowed": note.and_then(|n| n.allowed),
        "appliesTo": note.map(|n| n.applies_to.to_vec()),
        "rules": rules,
        "fields": child_json(s, field.shape, recursive, 0),
    })
}

fn child_json(s: &Schema, id: ShapeId, recursive: bool, depth: usize) -> Vec<Value> {
    if depth > 12 {
        return Vec::new();
    }
    children(s, id)
        .into_iter()
        .map(|(name, sub, required)| {
            let mut v = json!({
                "name": name,
                "type": type_label(s, sub),
                "required": required,
                "description": s.shape(sub).description,
            });
            if recursive {
                v["fields"] = Value::Array(child_json(s, sub, true, depth + 1));
            }
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_names_a_real_field_and_real_rules() {
        let paths = all_paths();
        for note in FIELD_NOTES {
            assert!(
                note.path.is_empty() || paths.iter().any(|p| p == note.path),
                "{} is not a Service field",
                note.path
            );
            for id in note.rules {
                assert!(find_rule(id).is_some(), "{}: no rule {id}", note.path);
            }
        }
    }

    #[test]
    fn every_rule_is_reachable_from_some_field() {
        for rule in crate::lint::RULES {
            let id = rule.meta().id;
            assert!(
                FIELD_NOTES.iter().any(|n| n.rules.contains(&id)),
                "no field lists {id}"
            );
        }
    }

    #[test]
    fn paths_normalize() {
        assert_eq!(
            normalize("service.spec.ports[0].nodePort"),
            Some(vec!["spec".into(), "ports".into(), "nodePort".into()])
        );
        assert_eq!(normalize("Service"), Some(vec![]));
        assert_eq!(normalize("a b"), None);
    }

    #[test]
    fn unknown_fields_suggest() {
        let err = resolve(&["spec".into(), "ports".into(), "nodeport".into()]).unwrap_err();
        assert_eq!(err.suggestions, ["spec.ports.nodePort"]);
        assert!(err.message.contains("case-sensitive"));
        let err = resolve(&["targetPort".into()]).unwrap_err();
        assert_eq!(err.suggestions, ["spec.ports.targetPort"]);
    }
}
