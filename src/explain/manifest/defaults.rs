//! The defaults the API server fills in on create, as the user will read them back.

use super::*;

pub(super) fn cluster_ips(spec: &ServiceSpec) -> Vec<String> {
    match (spec.cluster_ip.as_deref(), spec.cluster_ips.as_deref()) {
        (_, Some(ips)) if !ips.is_empty() => ips.to_vec(),
        (Some(ip), _) if !ip.is_empty() => vec![ip.to_string()],
        _ => Vec::new(),
    }
}

/// What the API server fills in on create (apiserver-service-validation.md §1, D1–D17).
pub(super) fn defaults(ctx: &Ctx<'_, '_>) -> Vec<DefaultOut> {
    let spec = &ctx.spec;
    let mut out = Vec::new();
    let mut add = |field: &str, value: String| {
        out.push(DefaultOut {
            field: field.to_string(),
            value,
        })
    };
    let empty = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    if ctx.facts.object().namespace.is_none() {
        add(
            "metadata.namespace",
            "the namespace kubectl targets (--namespace, else the context's, else default)".into(),
        );
    }
    if empty(&spec.type_) {
        add("spec.type", "ClusterIP".into());
    }
    let service_type = ctx.service_type;
    let external_name = service_type == ServiceType::ExternalName;
    let known = service_type != ServiceType::Unknown;
    for p in &ctx.ports {
        let i = p.index;
        let raw = spec.ports.as_ref().and_then(|ports| ports.get(i));
        if raw.is_some_and(|r| empty(&r.protocol)) {
            add(&format!("spec.ports[{i}].protocol"), "TCP".into());
        }
        let target_missing = raw.is_some_and(|r| match &r.target_port {
            None => true,
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            Some(IntOrString::Int(_)) => false,
        });
        if target_missing && p.port > 0 {
            add(
                &format!("spec.ports[{i}].targetPort"),
                format!("{} (the value of port)", p.port),
            );
        }
        if ctx.allocates_node_ports() && p.node_port.is_none() {
            add(
                &format!("spec.ports[{i}].nodePort"),
                format!("allocated from {}", ctx.range()),
            );
        }
    }
    if empty(&spec.session_affinity) {
        add("spec.sessionAffinity", "None".into());
    }
    let affinity = spec.session_affinity.as_deref().unwrap_or("None");
    if matches!(affinity, "None" | "") && spec.session_affinity_config.is_some() {
        add(
            "spec.sessionAffinityConfig",
            "removed, because sessionAffinity is None".into(),
        );
    }
    if affinity == "ClientIP"
        && spec
            .session_affinity_config
            .as_ref()
            .and_then(|c| c.client_ip.as_ref())
            .and_then(|c| c.timeout_seconds)
            .is_none()
    {
        add(
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
            "10800 (3 hours)".into(),
        );
    }
    if !known || external_name {
        return out;
    }
    let exposed = service_type.opens_node_ports() || !ctx.external_ips().is_empty();
    if exposed && empty(&spec.external_traffic_policy) {
        add("spec.externalTrafficPolicy", "Cluster".into());
    }
    if spec.internal_traffic_policy.is_none() {
        add("spec.internalTrafficPolicy", "Cluster".into());
    }
    if service_type == ServiceType::LoadBalancer && spec.allocate_load_balancer_node_ports.is_none()
    {
        add("spec.allocateLoadBalancerNodePorts", "true".into());
    }
    if service_type == ServiceType::LoadBalancer
        && spec.external_traffic_policy.as_deref() == Some("Local")
        && spec.health_check_node_port.unwrap_or(0) == 0
    {
        add(
            "spec.healthCheckNodePort",
            format!("allocated from {}", ctx.range()),
        );
    }
    let cluster_ip = spec.cluster_ip.as_deref().unwrap_or("");
    let has_ips = spec.cluster_ips.as_ref().is_some_and(|v| !v.is_empty());
    if !cluster_ip.is_empty() && !has_ips {
        add("spec.clusterIPs", format!("[{cluster_ip}]"));
    }
    if cluster_ip.is_empty() && !has_ips {
        let from = match &ctx.settings.service_cidrs {
            Some(cidrs) if !cidrs.is_empty() => cidrs
                .iter()
                .map(|c| format!("{}/{}", c.ip.ip, c.prefix))
                .collect::<Vec<_>>()
                .join(", "),
            _ => "the cluster's service CIDR".into(),
        };
        add("spec.clusterIP", format!("allocated from {from}"));
        add("spec.clusterIPs", "[the allocated cluster IP]".into());
    }
    if spec.ip_family_policy.is_none() {
        let policy = if ctx.facts.headless && ctx.facts.selector().is_empty() {
            "RequireDualStack (headless without a selector)"
        } else {
            "SingleStack"
        };
        add("spec.ipFamilyPolicy", policy.into());
    }
    if spec.ip_families.as_ref().is_none_or(|f| f.is_empty()) {
        let from_ips: Vec<&str> = cluster_ips(spec)
            .iter()
            .filter_map(|ip| parse_ip(ip).map(|p| p.family().as_str()))
            .collect();
        let policy = spec.ip_family_policy.as_deref().unwrap_or(
            if ctx.facts.headless && ctx.facts.selector().is_empty() {
                "RequireDualStack"
            } else {
                "SingleStack"
            },
        );
        let value = if !from_ips.is_empty() {
            format!("[{}] (from clusterIPs)", from_ips.join(", "))
        } else if ctx.facts.headless && ctx.facts.selector().is_empty() && policy != "SingleStack" {
            "both families, the cluster's primary one first (a headless Service without a selector gets both)".to_string()
        } else {
            match ctx.settings.ip_families.as_deref() {
                Some([first, ..]) => format!("[{}]", first.as_str()),
                _ => format!(
                    "[the cluster's primary family] ({} on most clusters)",
                    Family::V4.as_str()
                ),
            }
        };
        add("spec.ipFamilies", value);
    }
    out
}
