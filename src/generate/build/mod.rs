//! From arguments to a checked plan, and from the plan to the manifest value.
//!
//! Every refusal names the flag and says what to do instead; all problems are collected, so one
//! run reports them all. The checks mirror the API server's (same messages where it has one) plus
//! the fields it accepts but ignores for a type, which a generator should never write.

use serde_json::{Map, Value, json};

use super::from::Workload;
use super::ports::{
    NameInput, PortSpec, Protocol, Target, assign_names, parse_node_port, parse_port_spec,
    parse_target,
};
use super::{IpFamily, IpFamilyPolicy, Kind, NewArgs, SessionAffinity, TrafficPolicy};
use crate::k8s::net::{Cidr, cidr_errors, parse_ip};
use crate::k8s::settings::{ALREADY_ALLOCATED, Settings};
use crate::k8s::text::{
    dns1035_label, dns1123_label, dns1123_subdomain, label_value, qualified_name,
};

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

fn pairs_text(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `KEY=VALUE[,KEY=VALUE]` for selectors and labels, checked as label keys and values.
fn parse_labels(
    flag: &str,
    values: &[String],
    problems: &mut Vec<String>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for value in values {
        for item in value.split(',').map(str::trim) {
            if item.is_empty() {
                continue;
            }
            let Some((key, val)) = item.split_once('=') else {
                problems.push(format!("{flag} {value:?}: {item:?} is not KEY=VALUE"));
                continue;
            };
            let (key, val) = (key.trim(), val.trim());
            let errors: Vec<String> = qualified_name(key)
                .into_iter()
                .map(|e| format!("key {key:?}: {e}"))
                .chain(
                    label_value(val)
                        .into_iter()
                        .map(|e| format!("value {val:?}: {e}")),
                )
                .collect();
            if !errors.is_empty() {
                problems.push(format!("{flag} {item}: {}", errors.join("; ")));
                continue;
            }
            match out.iter().find(|(k, _)| k == key) {
                Some((_, v)) if v != val => {
                    problems.push(format!(
                        "{flag} gives {key} twice ({key}={v} and {key}={val})"
                    ));
                }
                Some(_) => {}
                None => out.push((key.to_string(), val.to_string())),
            }
        }
    }
    out
}

fn parse_annotations(values: &[String], problems: &mut Vec<String>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for item in values {
        let Some((key, val)) = item.split_once('=') else {
            problems.push(format!("--annotation {item:?} is not KEY=VALUE"));
            continue;
        };
        let key = key.trim();
        // The API server checks annotation keys in lower case, so `Example.com/Owner` passes.
        let errors = qualified_name(&key.to_ascii_lowercase());
        if !errors.is_empty() {
            problems.push(format!("--annotation {key:?}: {}", errors.join("; ")));
            continue;
        }
        match out.iter().find(|(k, _)| k == key) {
            Some((_, v)) if v != val => {
                problems.push(format!("--annotation gives {key} twice"));
            }
            Some(_) => {}
            None => out.push((key.to_string(), val.to_string())),
        }
    }
    let size: usize = out.iter().map(|(k, v)| k.len() + v.len()).sum();
    if size > ANNOTATIONS_MAX_BYTES {
        problems.push(format!(
            "--annotation: the annotations total {size} bytes; they may not be more than {ANNOTATIONS_MAX_BYTES} bytes"
        ));
    }
    out
}

/// The network a CIDR with host bits probably meant (`192.168.1.5/24` → `192.168.1.0/24`).
fn network_of(cidr: &Cidr) -> String {
    match cidr.ip.ip {
        std::net::IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let mask = u32::MAX
                .checked_shl(32 - u32::from(cidr.prefix.min(32)))
                .unwrap_or(0);
            format!("{}/{}", std::net::Ipv4Addr::from(bits & mask), cidr.prefix)
        }
        std::net::IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let mask = u128::MAX
                .checked_shl(128 - u32::from(cidr.prefix.min(128)))
                .unwrap_or(0);
            format!("{}/{}", std::net::Ipv6Addr::from(bits & mask), cidr.prefix)
        }
    }
}

/// A source range in canonical form, or why it is refused. The strict rules of Kubernetes 1.36
/// apply whatever the target version: older servers only warn, and the value is wrong anyway.
fn source_range(flag: &str, text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    let errors = cidr_errors(trimmed, true);
    match Cidr::parse(trimmed) {
        Some(cidr) if errors.is_empty() => Ok(format!("{}/{}", cidr.ip.ip, cidr.prefix)),
        Some(cidr) if cidr.has_host_bits() && !cidr.ip.leading_zeros && !cidr.ip.ipv4_mapped => {
            Err(format!(
                "{flag} {text}: {} (did you mean {} or {}/{}?)",
                errors.join("; "),
                network_of(&cidr),
                cidr.ip.ip,
                if cidr.family() == crate::k8s::net::Family::V4 {
                    32
                } else {
                    128
                }
            ))
        }
        _ if parse_ip(trimmed).is_some() => Err(format!(
            "{flag} {text}: {} (a single address is {trimmed}/{})",
            errors.join("; "),
            if trimmed.contains(':') { 128 } else { 32 }
        )),
        _ => Err(format!("{flag} {text}: {}", errors.join("; "))),
    }
}

fn check_name(name: &str, settings: &Settings) -> Vec<String> {
    if settings.relaxed_service_names() {
        dns1123_label(name)
    } else {
        dns1035_label(name)
    }
}

/// Flags that the chosen type refuses or ignores.
fn type_flags(args: &NewArgs, problems: &mut Vec<String>) {
    let kind = args.kind;
    let t = kind.article();
    let mut refuse = |given: bool, message: String| {
        if given {
            problems.push(message);
        }
    };
    let node_ports = matches!(kind, Kind::NodePort | Kind::LoadBalancer);
    refuse(
        !node_ports && !args.node_ports.is_empty(),
        format!(
            "--node-port is only for nodeport and loadbalancer Services; {t} Service has no node ports"
        ),
    );
    refuse(
        !node_ports && args.external_traffic_policy.is_some(),
        format!(
            "--external-traffic-policy may only be set for externally-accessible services (nodeport, loadbalancer), not {t} Service"
        ),
    );
    refuse(
        kind != Kind::LoadBalancer && args.load_balancer_class.is_some(),
        format!("--load-balancer-class is only for loadbalancer Services, not {t} Service"),
    );
    refuse(
        kind != Kind::LoadBalancer && !args.source_ranges.is_empty(),
        format!("--source-range is only for loadbalancer Services, not {t} Service"),
    );
    refuse(
        kind != Kind::ExternalName && args.external_name.is_some(),
        format!("--external-name is only for externalname Services; {t} Service would ignore it"),
    );
    if kind == Kind::ExternalName {
        let why = "an externalname Service is a DNS alias (CNAME) for --external-name: it has no Pods, no virtual IP and no endpoints";
        refuse(!args.selectors.is_empty(), format!("--selector: {why}"));
        refuse(
            args.no_selector,
            format!("--no-selector: {why}; it never has a selector"),
        );
        refuse(args.from.is_some(), format!("--from: {why}"));
        refuse(args.target.is_some(), format!("--target: {why}"));
        refuse(
            args.session_affinity.is_some(),
            format!("--session-affinity: {why}"),
        );
        refuse(
            args.internal_traffic_policy.is_some(),
            format!("--internal-traffic-policy: {why}"),
        );
        refuse(
            args.ip_family_policy.is_some(),
            "--ip-family-policy: may not be set for ExternalName services".into(),
        );
        refuse(
            !args.ip_family.is_empty(),
            "--ip-family: may not be set for ExternalName services".into(),
        );
        refuse(
            args.publish_not_ready_addresses,
            format!("--publish-not-ready-addresses: {why}"),
        );
        refuse(args.external_name.is_none(), "an externalname Service needs --external-name HOST, e.g. --external-name db.example.com".into());
    }
    if kind == Kind::Headless {
        refuse(
            args.session_affinity == Some(SessionAffinity::ClientIp),
            "--session-affinity ClientIP: a headless Service has no virtual IP to keep affinity on (clients connect to Pod IPs directly)".into(),
        );
        refuse(
            args.internal_traffic_policy.is_some(),
            "--internal-traffic-policy: a headless Service has no virtual IP for kube-proxy to route, so the policy has no effect".into(),
        );
    }
}

/// A checked plan, or every reason the arguments cannot make a valid Service.
pub(super) fn plan(
    args: &NewArgs,
    settings: &Settings,
    workload: Option<&Workload>,
) -> Result<Plan, Vec<String>> {
    let kind = args.kind;
    let mut problems = Vec::new();
    let mut notes: Vec<String> = workload.map(|w| w.notes.clone()).unwrap_or_default();
    type_flags(args, &mut problems);

    // Namespace: a Service selects Pods of its own namespace only.
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

    // Selector (the default app=NAME comes after the name).
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
        let parsed = parse_labels("--selector", &args.selectors, &mut problems);
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
                &mut problems,
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

    // Name.
    let app_value = selector.as_ref().and_then(|s| {
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
    let (name, derived): (String, Option<String>) = if let Some(n) = &args.name {
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
    };
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

    let ports = plan_ports(args, settings, workload, &mut problems, &mut notes);

    // ExternalName.
    let external_name = match (&args.external_name, kind) {
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
    };

    // Session affinity.
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

    // LoadBalancer.
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

    // IP families.
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
    let selectorless_headless = kind == Kind::Headless && selector.is_none();
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

    // Metadata.
    let labels = parse_labels("--label", &args.labels, &mut problems);
    let annotations = parse_annotations(&args.annotations, &mut problems);
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

/// A port before names and node ports are settled.
struct Draft {
    spec: PortSpec,
    /// The `--port` value as written, for messages; `None` for a port derived from a workload.
    text: Option<String>,
    /// The name to prefer for it: its named target, or the workload's name for that port.
    preferred: Option<String>,
    /// The user wrote the target (`80:8080`, `--target`), rather than it being derived.
    explicit_target: bool,
}

fn plan_ports(
    args: &NewArgs,
    settings: &Settings,
    workload: Option<&Workload>,
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Vec<PlanPort> {
    let kind = args.kind;
    let mut drafts: Vec<Draft> = Vec::new();
    let mut parse_failed = false;
    for text in &args.ports {
        match parse_port_spec(text) {
            Ok(spec) => drafts.push(Draft {
                text: Some(text.clone()),
                preferred: match &spec.target {
                    Some(Target::Name(n)) => Some(n.clone()),
                    _ => None,
                },
                explicit_target: spec.target.is_some(),
                spec,
            }),
            Err(e) => {
                parse_failed = true;
                problems.push(format!("--port {text}: {e}"));
            }
        }
    }

    if let Some(w) = workload.filter(|_| kind != Kind::ExternalName) {
        if args.ports.is_empty() {
            drafts = w
                .ports
                .iter()
                .map(|cp| Draft {
                    text: None,
                    spec: PortSpec {
                        port: cp.port,
                        target: Some(match &cp.name {
                            Some(n) => Target::Name(n.clone()),
                            None => Target::Number(cp.port),
                        }),
                        protocol: cp.protocol,
                    },
                    preferred: cp.name.clone(),
                    explicit_target: false,
                })
                .collect();
            if !drafts.is_empty() {
                notes.push(format!("ports from {}: {}", w.display, w.port_list()));
            }
        } else {
            // One port and one declared port: that is the target (not on a headless Service,
            // where clients that resolve the name connect on the port, not on a target).
            let single = drafts.len() == 1
                && args.target.is_none()
                && w.ports.len() == 1
                && kind != Kind::Headless;
            for draft in &mut drafts {
                let flag = format!("--port {}", draft.text.as_deref().unwrap_or_default());
                let spec = &mut draft.spec;
                match &spec.target {
                    None => {
                        let same_number = w
                            .ports
                            .iter()
                            .find(|cp| cp.port == spec.port && cp.protocol == spec.protocol);
                        if let Some(cp) = same_number {
                            if let Some(n) = &cp.name {
                                spec.target = Some(Target::Name(n.clone()));
                                draft.preferred = Some(n.clone());
                            }
                        } else if let Some(cp) = w
                            .ports
                            .first()
                            .filter(|cp| single && cp.protocol == spec.protocol)
                        {
                            let target = match &cp.name {
                                Some(n) => Target::Name(n.clone()),
                                None => Target::Number(cp.port),
                            };
                            notes.push(format!(
                                "--port {}: targetPort {target}, the only port {} declares",
                                spec.port, w.display
                            ));
                            draft.preferred = cp.name.clone();
                            spec.target = Some(target);
                        }
                    }
                    Some(Target::Name(n)) => check_declared(w, n, spec.protocol, &flag, problems),
                    Some(Target::Number(_)) => {}
                }
            }
        }
    }

    if let Some(t) = args.target.as_ref().filter(|_| kind != Kind::ExternalName) {
        match parse_target(t) {
            Err(e) => problems.push(format!("--target {t}: {e}")),
            Ok(target) => match drafts.as_mut_slice() {
                [] if parse_failed => {}
                [] => {
                    parse_failed = true;
                    problems.push(format!("--target needs a --port: e.g. --port 80 --target {t}"));
                }
                [only] if only.explicit_target => problems.push(format!(
                    "--target {t}: --port {} already has a target; drop --target or the :TARGET part",
                    only.text.as_deref().unwrap_or_default()
                )),
                [only] => {
                    if let (Target::Name(n), Some(w)) = (&target, workload) {
                        check_declared(w, n, only.spec.protocol, &format!("--target {t}"), problems);
                    }
                    only.preferred = match &target {
                        Target::Name(n) => Some(n.clone()),
                        Target::Number(_) => None,
                    };
                    only.explicit_target = true;
                    only.spec.target = Some(target);
                }
                several => problems.push(format!(
                    "--target sets the target of a single port, but there are {}; write PORT:TARGET for each --port instead",
                    several.len()
                )),
            },
        }
    }

    if drafts.is_empty()
        && !parse_failed
        && matches!(kind, Kind::ClusterIp | Kind::NodePort | Kind::LoadBalancer)
    {
        problems.push(match workload {
            Some(w) => format!(
                "{} declares no container ports, and {} Service needs at least one; give --port PORT[:TARGET]",
                w.display,
                kind.article()
            ),
            None => format!(
                "{} Service needs at least one port; give --port, e.g. --port 80:8080",
                kind.article()
            ),
        });
    }
    if kind == Kind::ExternalName {
        for d in drafts.iter().filter(|d| d.explicit_target) {
            problems.push(format!(
                "--port {}: an externalname Service has no Pods, so its ports have no target; write --port {}",
                d.text.as_deref().unwrap_or_default(),
                d.spec.port
            ));
        }
    }
    for (i, d) in drafts.iter().enumerate() {
        let earlier = drafts[..i]
            .iter()
            .any(|e| e.spec.port == d.spec.port && e.spec.protocol == d.spec.protocol);
        if earlier {
            problems.push(format!(
                "port {}/{} is given twice; each PORT/PROTOCOL pair may appear only once",
                d.spec.port,
                d.spec.protocol.as_str()
            ));
        }
    }
    // Names.
    let count = drafts.len();
    let per_port = |flag: &str, given: usize, problems: &mut Vec<String>| {
        if given > count && !parse_failed {
            problems.push(format!(
                "{given} {flag} values for {count} port{}; give at most one per port, in --port order",
                if count == 1 { "" } else { "s" }
            ));
        }
    };
    per_port("--port-name", args.port_names.len(), problems);
    per_port("--app-protocol", args.app_protocols.len(), problems);
    if matches!(kind, Kind::NodePort | Kind::LoadBalancer) {
        per_port("--node-port", args.node_ports.len(), problems);
    }
    for (i, name) in args.port_names.iter().enumerate() {
        let errors = dns1123_label(name);
        if !errors.is_empty() {
            problems.push(format!("--port-name {name:?}: {}", errors.join("; ")));
        }
        if args.port_names[..i].contains(name) {
            problems.push(format!(
                "--port-name {name} is given twice; port names must be unique"
            ));
        }
    }
    for p in &args.app_protocols {
        let errors = qualified_name(p);
        if !errors.is_empty() {
            problems.push(format!("--app-protocol {p:?}: {}", errors.join("; ")));
        }
    }
    let names: Vec<Option<String>> = if count >= 2 {
        let inputs: Vec<NameInput<'_>> = drafts
            .iter()
            .enumerate()
            .map(|(i, d)| NameInput {
                port: d.spec.port,
                protocol: d.spec.protocol,
                explicit: args.port_names.get(i).map(String::as_str),
                preferred: d.preferred.as_deref(),
            })
            .collect();
        assign_names(&inputs).into_iter().map(Some).collect()
    } else {
        vec![args.port_names.first().cloned(); count]
    };

    // Node ports.
    let mut node_ports: Vec<Option<i64>> = vec![None; count];
    if matches!(kind, Kind::NodePort | Kind::LoadBalancer) {
        let range = settings.node_port_range;
        for (i, text) in args.node_ports.iter().enumerate() {
            let value = match parse_node_port(text) {
                Ok(v) => v,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            let Some(n) = value else { continue };
            if let Some(refusal) = range.refusal(n) {
                problems.push(format!(
                    "--node-port {text}: {refusal} (if your cluster uses another range, set --node-port-range or node-port-range in .svcctl.yaml)"
                ));
                continue;
            }
            if let Some(slot) = node_ports.get_mut(i) {
                *slot = Some(n);
            }
        }
        for (i, n) in node_ports.iter().enumerate() {
            let Some(n) = n else { continue };
            let clash = node_ports[..i]
                .iter()
                .zip(&drafts)
                .find(|(m, d)| *m == &Some(*n) && d.spec.port != drafts[i].spec.port);
            if let Some((_, other)) = clash {
                problems.push(format!(
                    "--node-port {n} is given for port {} and port {}: {ALREADY_ALLOCATED} (only the same port number with another protocol may share a nodePort)",
                    other.spec.port, drafts[i].spec.port
                ));
            }
        }
        // KEP-3668: the cluster allocates dynamically from the top of the range first, so a
        // static nodePort in the bottom band is the least likely to collide.
        let size = range.last - range.first + 1;
        let band_end = range.first + (size / 32).clamp(16, 128) - 1;
        let high: Vec<String> = node_ports
            .iter()
            .flatten()
            .filter(|n| **n > band_end)
            .map(i64::to_string)
            .collect();
        if !high.is_empty() && size > 16 {
            notes.push(format!(
                "nodePort {} is outside {}-{band_end}, the band kept for static assignment; the cluster may hand it to another Service first (KEP-3668)",
                high.join(", "),
                range.first
            ));
        }
    }

    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| PlanPort {
            name: names.get(i).cloned().flatten(),
            protocol: d.spec.protocol,
            app_protocol: args.app_protocols.get(i).cloned(),
            port: d.spec.port,
            target: if kind == Kind::ExternalName {
                None
            } else {
                Some(d.spec.target.unwrap_or(Target::Number(d.spec.port)))
            },
            node_port: node_ports.get(i).copied().flatten(),
        })
        .collect()
}

/// A named target must be a port name the workload's containers declare, with that protocol.
fn check_declared(
    w: &Workload,
    name: &str,
    protocol: Protocol,
    flag: &str,
    problems: &mut Vec<String>,
) {
    match w.declares(name) {
        Some(cp) if cp.protocol == protocol => {}
        Some(cp) => problems.push(format!(
            "{flag}: port {name} of {} is {}, not {}",
            w.display,
            cp.protocol.as_str(),
            protocol.as_str()
        )),
        None => {
            let names = w.ports.iter().filter_map(|p| p.name.as_deref());
            let hint = crate::model::decode::suggest(name, names)
                .map(|s| format!("; did you mean {s}?"))
                .unwrap_or_default();
            problems.push(format!(
                "{flag}: {} declares no port named {name} (it declares {}){hint}",
                w.display,
                w.port_list()
            ));
        }
    }
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
        let type_name = match self.kind {
            Kind::ClusterIp | Kind::Headless => "ClusterIP",
            Kind::NodePort => "NodePort",
            Kind::LoadBalancer => "LoadBalancer",
            Kind::ExternalName => "ExternalName",
        };
        spec.insert("type".into(), json!(type_name));
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
