//! The flags that are not ports: labels, annotations, source ranges, the name, and the flags a
//! type does not take.

use super::*;

pub(super) fn pairs_text(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `KEY=VALUE[,KEY=VALUE]` for selectors and labels, checked as label keys and values.
pub(super) fn parse_labels(
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

pub(super) fn parse_annotations(
    values: &[String],
    problems: &mut Vec<String>,
) -> Vec<(String, String)> {
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
pub(super) fn network_of(cidr: &Cidr) -> String {
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
pub(super) fn source_range(flag: &str, text: &str) -> Result<String, String> {
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

pub(super) fn check_name(name: &str, settings: &Settings) -> Vec<String> {
    if settings.relaxed_service_names() {
        dns1123_label(name)
    } else {
        dns1035_label(name)
    }
}

/// Flags that the chosen type refuses or ignores.
pub(super) fn type_flags(args: &GenerateRequest, problems: &mut Vec<String>) {
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
