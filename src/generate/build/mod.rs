//! From arguments to a checked plan, and from the plan to the manifest value.
//!
//! Every refusal names the flag and says what to do instead; all problems are collected, so one
//! run reports them all. The checks mirror the API server's (same messages where it has one) plus
//! the fields it accepts but ignores for a type, which a generator should never write.
//!
//! [`plan`] here runs the checks and assembles the [`Plan`]; [`flags`] reads the flags that are not
//! ports, [`port_plan`] settles the ports.

use serde_json::{Map, Value, json};

use super::from::Workload;
use super::ports::{
    NameInput, PortSpec, Protocol, Target, assign_names, parse_node_port, parse_port_spec,
    parse_target,
};
use super::{GenerateRequest, IpFamily, IpFamilyPolicy, Kind, SessionAffinity, TrafficPolicy};
use crate::k8s::net::{Cidr, cidr_errors, parse_ip};
use crate::k8s::settings::{ALREADY_ALLOCATED, Settings};
use crate::k8s::text::{
    dns1035_label, dns1123_label, dns1123_subdomain, label_value, qualified_name,
};

mod flags;
mod port_plan;

use flags::*;
use port_plan::*;

const SOURCE_RANGES_ANNOTATION: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";
const TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
const TOPOLOGY_HINTS: &str = "service.kubernetes.io/topology-aware-hints";
const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;

struct PlanPort {
    name: Option<String>,
    protocol: Protocol,
    app_protocol: Option<String>,
    port: u16,
    target: Option<Target>,
    node_port: Option<i64>,
}

/// A Service that will pass validation, field by field.
pub(super) struct Plan {
    pub name: String,
    kind: Kind,
    namespace: Option<String>,
    labels: Vec<(String, String)>,
    annotations: Vec<(String, String)>,
    selector: Option<Vec<(String, String)>>,
    ports: Vec<PlanPort>,
    external_name: Option<String>,
    external_traffic_policy: Option<TrafficPolicy>,
    internal_traffic_policy: Option<TrafficPolicy>,
    session_affinity: Option<SessionAffinity>,
    session_affinity_timeout: Option<i64>,
    load_balancer_class: Option<String>,
    source_ranges: Vec<String>,
    ip_family_policy: Option<IpFamilyPolicy>,
    ip_families: Vec<IpFamily>,
    publish_not_ready_addresses: bool,
    /// What was derived or defaulted, and advice; shown on stderr.
    pub notes: Vec<String>,
}

/// A checked plan, or every reason the arguments cannot make a valid Service. Each part is
/// checked in the order the flags are documented, so that problems are reported in that order.
pub(super) fn plan(
    args: &GenerateRequest,
    settings: &Settings,
    workload: Option<&Workload>,
) -> Result<Plan, Vec<String>> {
    let kind = args.kind;
    let mut problems = Vec::new();
    let mut notes: Vec<String> = workload.map(|w| w.notes.clone()).unwrap_or_default();
    type_flags(args, &mut problems);
    let namespace = plan_namespace(args, workload, &mut problems);
    let (selector, default_selector) = plan_selector(args, workload, &mut problems, &mut notes);
    let (name, selector) = plan_name(
        args,
        settings,
        workload,
        selector,
        default_selector,
        &mut problems,
        &mut notes,
    );
    let ports = plan_ports(args, settings, workload, &mut problems, &mut notes);
    let external_name = plan_external_name(args, &mut problems);
    let timeout = plan_session_affinity(args, &mut problems);
    let (load_balancer_class, source_ranges) = plan_load_balancer(args, &mut problems, &mut notes);
    let selectorless_headless = kind == Kind::Headless && selector.is_none();
    let families = plan_ip_families(args, settings, selectorless_headless, &mut problems);
    let (labels, annotations) = plan_metadata(args, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Plan {
        name,
        kind,
        namespace,
        labels,
        annotations,
        selector: selector.filter(|_| kind != Kind::ExternalName),
        ports,
        external_name,
        external_traffic_policy: args.external_traffic_policy,
        internal_traffic_policy: args.internal_traffic_policy,
        session_affinity: args.session_affinity,
        session_affinity_timeout: timeout,
        load_balancer_class,
        source_ranges,
        ip_family_policy: args.ip_family_policy,
        ip_families: families,
        publish_not_ready_addresses: args.publish_not_ready_addresses,
        notes,
    })
}

type Pairs = Vec<(String, String)>;

/// A Service selects Pods of its own namespace only.
fn plan_namespace(
    args: &GenerateRequest,
    workload: Option<&Workload>,
    problems: &mut Vec<String>,
) -> Option<String> {
    let workload_ns = workload.and_then(|w| w.namespace.as_deref());
    let namespace = match (args.namespace.as_deref(), workload_ns) {
        (Some(ns), Some(wns)) if ns != wns => {
            if let Some(w) = workload {
                problems.push(format!(
                    "--namespace {ns}: {} lives in namespace {wns}, and a Service selects Pods of its own namespace only",
                    w.display
                ));
            }
            Some(ns.to_string())
        }
        (Some(ns), _) => Some(ns.to_string()),
        (None, Some(wns)) => Some(wns.to_string()),
        (None, None) => None,
    };
    if let Some(ns) = &namespace {
        let errors = dns1123_label(ns);
        if !errors.is_empty() {
            let flag = if args.namespace.is_some() {
                "--namespace".to_string()
            } else {
                "the workload's namespace".to_string()
            };
            problems.push(format!("{flag} {ns:?}: {}", errors.join("; ")));
        }
    }

    namespace
}

/// The selector from the flags or the workload; `true` when it is to be the default app=NAME,
/// which needs the name first.
fn plan_selector(
    args: &GenerateRequest,
    workload: Option<&Workload>,
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> (Option<Pairs>, bool) {
    let kind = args.kind;
    let mut selector: Option<Vec<(String, String)>> = None;
    let mut default_selector = false;
    if kind == Kind::ExternalName {
        // A DNS alias selects nothing (type_flags refused any selector flag).
    } else if args.no_selector {
        notes.push(
            "no selector: the Service has no endpoints until you create EndpointSlices for it (labelled kubernetes.io/service-name: NAME)".into(),
        );
    } else if !args.selectors.is_empty() {
        let before = problems.len();
        let parsed = parse_labels("--selector", &args.selectors, problems);
        if parsed.is_empty() && problems.len() == before {
            problems.push("--selector is empty; give KEY=VALUE, or --no-selector for a Service without a selector".into());
        }
        selector = Some(parsed);
    } else if let Some(w) = workload {
        if w.selector.is_empty() {
            problems.push(format!(
                "{} has no labels in {} to select its Pods by; give --selector",
                w.display, w.selector_source
            ));
        } else {
            let before = problems.len();
            let values: Vec<String> = w.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let parsed = parse_labels(
                &format!("the selector of {}:", w.display),
                &values,
                problems,
            );
            if problems.len() == before {
                notes.push(format!(
                    "selector {} from {} ({})",
                    pairs_text(&parsed),
                    w.display,
                    w.selector_source
                ));
            }
            selector = Some(parsed);
        }
    } else {
        default_selector = true;
    }

    (selector, default_selector)
}

/// The name (given, or derived from the workload, the selector or the type), checked, and the
/// selector with its default filled in.
fn plan_name(
    args: &GenerateRequest,
    settings: &Settings,
    workload: Option<&Workload>,
    mut selector: Option<Pairs>,
    default_selector: bool,
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> (String, Option<Pairs>) {
    let kind = args.kind;
    let (name, derived) = derive_name(args, settings, workload, selector.as_ref());
    let name_errors = check_name(&name, settings);
    match (&derived, name_errors.is_empty()) {
        (_, true) => {}
        (None, false) => {
            let fixed: String = name
                .to_ascii_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let fixed = fixed.trim_matches('-');
            let hint = if check_name(fixed, settings).is_empty() {
                format!(" (did you mean {fixed}?)")
            } else {
                String::new()
            };
            problems.push(format!(
                "NAME {name:?} is not a valid Service name: {}{hint}",
                name_errors.join("; ")
            ));
        }
        (Some(how), false) => problems.push(format!(
            "the name {name:?} (from {how}) is not a valid Service name: {}; give NAME",
            name_errors.join("; ")
        )),
    }
    if name_errors.is_empty() && !dns1035_label(&name).is_empty() {
        notes.push(format!(
            "the name {name} starts with a digit: Kubernetes accepts that from 1.36 (RelaxedServiceNameValidation); older clusters refuse it"
        ));
    }
    if default_selector {
        selector = Some(vec![("app".to_string(), name.clone())]);
    }
    match (&derived, default_selector) {
        (Some(how), true) => notes.push(format!(
            "no NAME or --selector given: named the Service {name} ({how}) and selected Pods labelled app={name}; give --selector to match your Pods' labels"
        )),
        (Some(how), false) => notes.push(format!("no NAME given: named the Service {name} ({how})")),
        (None, true) => notes.push(format!(
            "selector app={name} (the default); give --selector if your Pods are labelled otherwise"
        )),
        (None, false) => {}
    }
    if let Some(w) = workload
        && let (Some(sn), "StatefulSet", Kind::Headless) = (&w.service_name, w.kind.as_str(), kind)
        && *sn != name
    {
        notes.push(format!(
            "{} has serviceName: {sn}; its Pods get stable DNS names only from a headless Service of that name",
            w.display
        ));
    }

    (name, selector)
}
/// The name and, unless NAME was given, where it came from: a StatefulSet's serviceName, the app
/// selector value, the workload's name, the first label of --external-name, or the type.
fn derive_name(
    args: &GenerateRequest,
    settings: &Settings,
    workload: Option<&Workload>,
    selector: Option<&Pairs>,
) -> (String, Option<String>) {
    let kind = args.kind;
    let app_value = selector.and_then(|s| {
        s.iter()
            .find(|(k, v)| k == "app" && !v.is_empty())
            .or_else(|| {
                s.iter()
                    .find(|(k, v)| k == "app.kubernetes.io/name" && !v.is_empty())
            })
            .map(|(k, v)| (k.clone(), v.clone()))
    });
    let external_label = args
        .external_name
        .as_deref()
        .and_then(|h| h.split('.').next())
        .filter(|l| check_name(l, settings).is_empty());
    // A StatefulSet's Pods get DNS names only through the headless Service its serviceName
    // names, so that name beats the app label.
    if let Some(n) = &args.name {
        (n.clone(), None)
    } else if let Some((w, sn)) = workload
        .filter(|_| kind == Kind::Headless)
        .and_then(|w| w.service_name.as_ref().map(|sn| (w, sn)))
    {
        (
            sn.clone(),
            Some(format!("the serviceName of {}", w.display)),
        )
    } else if let Some((key, value)) = app_value {
        (value, Some(format!("the {key} selector value")))
    } else if let Some((w, wn)) = workload.and_then(|w| w.name.as_ref().map(|n| (w, n))) {
        (wn.clone(), Some(format!("the name of {}", w.display)))
    } else if let (Kind::ExternalName, Some(label)) = (kind, external_label) {
        (
            label.to_string(),
            Some("the first label of --external-name".into()),
        )
    } else {
        let default = match kind {
            Kind::ClusterIp => "my-service",
            Kind::NodePort => "my-nodeport",
            Kind::LoadBalancer => "my-loadbalancer",
            Kind::ExternalName => "my-externalname",
            Kind::Headless => "my-headless",
        };
        (
            default.to_string(),
            Some(format!("the default for {} Service", kind.article())),
        )
    }
}

fn plan_external_name(args: &GenerateRequest, problems: &mut Vec<String>) -> Option<String> {
    let kind = args.kind;
    match (&args.external_name, kind) {
        (Some(host), Kind::ExternalName) => {
            let bare = host.strip_suffix('.').unwrap_or(host);
            if bare.is_empty() {
                problems.push(format!(
                    "--external-name {host:?}: Required value: a DNS name such as db.example.com"
                ));
            } else if parse_ip(bare).is_some() {
                problems.push(format!(
                    "--external-name {host}: an ExternalName is a DNS name (a CNAME), not an address; to reach a fixed IP, use a headless Service with --no-selector and an EndpointSlice"
                ));
            } else {
                let errors = dns1123_subdomain(bare);
                if !errors.is_empty() {
                    let mut message = format!("--external-name {host:?}: {}", errors.join("; "));
                    let lower = host.to_ascii_lowercase();
                    if lower != *host
                        && dns1123_subdomain(lower.strip_suffix('.').unwrap_or(&lower)).is_empty()
                    {
                        message.push_str(&format!(" (did you mean {lower}?)"));
                    }
                    problems.push(message);
                }
            }
            Some(host.clone())
        }
        _ => None,
    }
}

/// The ClientIP affinity timeout, in seconds.
fn plan_session_affinity(args: &GenerateRequest, problems: &mut Vec<String>) -> Option<i64> {
    let kind = args.kind;
    let timeout =
        args.session_affinity_timeout
            .as_deref()
            .and_then(|t| match t.trim().parse::<i64>() {
                Ok(n) if (1..=86400).contains(&n) => Some(n),
                Ok(_) => {
                    problems.push(format!(
                        "--session-affinity-timeout {t}: must be between 1 and 86400 seconds"
                    ));
                    None
                }
                Err(_) => {
                    problems.push(format!(
                        "--session-affinity-timeout {t:?} is not a number of seconds"
                    ));
                    None
                }
            });
    if args.session_affinity_timeout.is_some()
        && args.session_affinity != Some(SessionAffinity::ClientIp)
        && kind != Kind::ExternalName
    {
        problems.push(
            "--session-affinity-timeout needs --session-affinity ClientIP (without it the API server drops the timeout)".into(),
        );
    }

    timeout
}

/// The load-balancer class and the canonical source ranges.
fn plan_load_balancer(
    args: &GenerateRequest,
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> (Option<String>, Vec<String>) {
    let kind = args.kind;
    let load_balancer_class = args
        .load_balancer_class
        .clone()
        .filter(|_| kind == Kind::LoadBalancer);
    if let Some(class) = &load_balancer_class {
        let errors = qualified_name(class);
        if !errors.is_empty() {
            problems.push(format!(
                "--load-balancer-class {class:?}: {}",
                errors.join("; ")
            ));
        }
    }
    let mut source_ranges: Vec<String> = Vec::new();
    if kind == Kind::LoadBalancer {
        for range in &args.source_ranges {
            match source_range("--source-range", range) {
                Ok(canonical) => {
                    if canonical != range.trim() {
                        notes.push(format!("--source-range {range} written as {canonical}"));
                    }
                    if !source_ranges.contains(&canonical) {
                        source_ranges.push(canonical);
                    }
                }
                Err(e) => problems.push(e),
            }
        }
    }

    (load_balancer_class, source_ranges)
}

/// The families, checked against each other, the policy and what the cluster serves (which does
/// not apply where no cluster IP is allocated).
fn plan_ip_families(
    args: &GenerateRequest,
    settings: &Settings,
    selectorless_headless: bool,
    problems: &mut Vec<String>,
) -> Vec<IpFamily> {
    let kind = args.kind;
    let mut families: Vec<IpFamily> = Vec::new();
    for f in &args.ip_family {
        if families.contains(f) {
            problems.push(format!("--ip-family {} is given twice", f.as_str()));
        } else {
            families.push(*f);
        }
    }
    if families.len() == 2
        && matches!(
            args.ip_family_policy,
            None | Some(IpFamilyPolicy::SingleStack)
        )
        && kind != Kind::ExternalName
    {
        problems.push(
            "two --ip-family values need --ip-family-policy PreferDualStack or RequireDualStack (a SingleStack Service has one family)".into(),
        );
    }
    if let (Some(served), false) = (
        &settings.ip_families,
        selectorless_headless || kind == Kind::ExternalName,
    ) {
        let served_text = served
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(",");
        for f in &families {
            if !served.iter().any(|s| s.as_str() == f.as_str()) {
                problems.push(format!(
                    "--ip-family {}: not configured on this cluster (it serves {served_text}, per --ip-families)",
                    f.as_str()
                ));
            }
        }
        if args.ip_family_policy == Some(IpFamilyPolicy::RequireDualStack) && served.len() < 2 {
            problems.push(format!(
                "--ip-family-policy RequireDualStack: this cluster is not configured for dual-stack services (it serves {served_text}, per --ip-families)"
            ));
        }
    }

    families
}

/// Labels and annotations, with the annotations that other flags own or that must agree.
fn plan_metadata(args: &GenerateRequest, problems: &mut Vec<String>) -> (Pairs, Pairs) {
    let kind = args.kind;
    let labels = parse_labels("--label", &args.labels, problems);
    let annotations = parse_annotations(&args.annotations, problems);
    for (key, value) in &annotations {
        if key.eq_ignore_ascii_case(SOURCE_RANGES_ANNOTATION) {
            if kind != Kind::LoadBalancer {
                problems.push(format!(
                    "--annotation {key}: may only be used when `type` is 'LoadBalancer'"
                ));
            } else if !args.source_ranges.is_empty() {
                problems.push(format!(
                    "--annotation {key}: --source-range is given too and wins, so the annotation would be ignored; give the ranges once, with --source-range"
                ));
            } else {
                for range in value.split(',').filter(|r| !r.trim().is_empty()) {
                    if let Err(e) = source_range(&format!("--annotation {key}:"), range) {
                        problems.push(e);
                    }
                }
            }
        }
    }
    let annotation = |key: &str| annotations.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    if let (Some(mode), Some(hints)) = (annotation(TOPOLOGY_MODE), annotation(TOPOLOGY_HINTS))
        && mode != hints
    {
        problems.push(format!(
            "--annotation {TOPOLOGY_MODE}: must match annotations[{TOPOLOGY_HINTS}] when both are specified (give only {TOPOLOGY_MODE}; the other is deprecated)"
        ));
    }

    (labels, annotations)
}

impl Plan {
    /// The manifest: apiVersion, kind, metadata, spec, in that order; no status, no empty maps.
    pub fn to_value(&self) -> Value {
        let map_of = |pairs: &[(String, String)]| {
            Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            )
        };
        let mut metadata = Map::new();
        metadata.insert("name".into(), json!(self.name));
        if let Some(ns) = &self.namespace {
            metadata.insert("namespace".into(), json!(ns));
        }
        if !self.labels.is_empty() {
            metadata.insert("labels".into(), map_of(&self.labels));
        }
        if !self.annotations.is_empty() {
            metadata.insert("annotations".into(), map_of(&self.annotations));
        }

        let mut spec = Map::new();
        spec.insert("type".into(), json!(self.kind.service_type().api_name()));
        if self.kind == Kind::Headless {
            spec.insert("clusterIP".into(), json!("None"));
        }
        if let Some(host) = &self.external_name {
            spec.insert("externalName".into(), json!(host));
        }
        if let Some(selector) = self.selector.as_ref().filter(|s| !s.is_empty()) {
            spec.insert("selector".into(), map_of(selector));
        }
        if !self.ports.is_empty() {
            let ports: Vec<Value> = self
                .ports
                .iter()
                .map(|p| {
                    // The field order of ServicePort in the API, as kubectl and the docs show it.
                    let mut port = Map::new();
                    if let Some(name) = &p.name {
                        port.insert("name".into(), json!(name));
                    }
                    port.insert("protocol".into(), json!(p.protocol.as_str()));
                    if let Some(app) = &p.app_protocol {
                        port.insert("appProtocol".into(), json!(app));
                    }
                    port.insert("port".into(), json!(p.port));
                    match &p.target {
                        Some(Target::Number(n)) => {
                            port.insert("targetPort".into(), json!(n));
                        }
                        Some(Target::Name(n)) => {
                            port.insert("targetPort".into(), json!(n));
                        }
                        None => {}
                    }
                    if let Some(n) = p.node_port {
                        port.insert("nodePort".into(), json!(n));
                    }
                    Value::Object(port)
                })
                .collect();
            spec.insert("ports".into(), Value::Array(ports));
        }
        if let Some(p) = self.external_traffic_policy {
            spec.insert("externalTrafficPolicy".into(), json!(p.as_str()));
        }
        if let Some(p) = self.internal_traffic_policy {
            spec.insert("internalTrafficPolicy".into(), json!(p.as_str()));
        }
        match self.session_affinity {
            Some(SessionAffinity::ClientIp) => {
                spec.insert("sessionAffinity".into(), json!("ClientIP"));
                if let Some(t) = self.session_affinity_timeout {
                    spec.insert(
                        "sessionAffinityConfig".into(),
                        json!({"clientIP": {"timeoutSeconds": t}}),
                    );
                }
            }
            Some(SessionAffinity::None) => {
                spec.insert("sessionAffinity".into(), json!("None"));
            }
            None => {}
        }
        if let Some(p) = self.ip_family_policy {
            spec.insert("ipFamilyPolicy".into(), json!(p.as_str()));
        }
        if !self.ip_families.is_empty() {
            spec.insert(
                "ipFamilies".into(),
                Value::Array(self.ip_families.iter().map(|f| json!(f.as_str())).collect()),
            );
        }
        if let Some(class) = &self.load_balancer_class {
            spec.insert("loadBalancerClass".into(), json!(class));
        }
        if !self.source_ranges.is_empty() {
            spec.insert("loadBalancerSourceRanges".into(), json!(self.source_ranges));
        }
        if self.publish_not_ready_addresses {
            spec.insert("publishNotReadyAddresses".into(), json!(true));
        }
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": Value::Object(metadata),
            "spec": Value::Object(spec),
        })
    }
}
