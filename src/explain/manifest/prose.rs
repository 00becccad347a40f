//! The prose of an explained Service: its one-paragraph summary and the notes on what it does.

use super::*;

pub(super) fn proxied_summary(ctx: &Ctx<'_, '_>) -> String {
    let word = type_word(ctx.facts);
    match ctx.ports.as_slice() {
        [] => format!(
            "{word} service {}: it has no ports, so nothing can connect to it (the API server refuses a Service without ports; see the findings below).",
            ctx.name
        ),
        [p] => {
            let (lead, target) = ctx.port_clause(p);
            format!(
                "{word} service {}: {lead} {target} of {}.",
                ctx.name,
                ctx.pods()
            )
        }
        ports => {
            let mut text = format!(
                "{word} service {} sends traffic to {}:",
                ctx.name,
                ctx.pods()
            );
            for p in ports {
                let (lead, target) = ctx.port_clause(p);
                let label = p
                    .name
                    .map_or_else(|| format!("{} {}", p.protocol, p.port), str::to_string);
                let _ = write!(text, "\n- {label}: {lead} {target}.");
            }
            text
        }
    }
}

pub(super) fn headless_summary(ctx: &Ctx<'_, '_>) -> String {
    let targets: Vec<String> = ctx
        .ports
        .iter()
        .map(|p| {
            let (target, _, _) = ctx.target(p);
            format!("{} {}", p.protocol, target.trim_start_matches("port "))
        })
        .collect();
    let connect = if targets.is_empty() {
        "on whatever ports the Pods listen on".to_string()
    } else {
        format!("on {}", join_and(&targets))
    };
    let lead = format!(
        "Headless service {} (clusterIP: None): there is no cluster IP and no proxying.",
        ctx.name
    );
    if ctx.facts.selector().is_empty() {
        return format!(
            "{lead} The cluster DNS answers {} with the addresses in the EndpointSlices you publish yourself (the Service has no selector), and clients connect to them directly, {connect}.",
            ctx.fqdn
        );
    }
    format!(
        "{lead} The cluster DNS answers {} with the IP addresses of the ready Pods, and clients connect to them directly, {connect}. The Pods are those labelled {}{}.",
        ctx.fqdn,
        selector_text(ctx.facts.selector()),
        backends_phrase(&ctx.backends, ctx.fi, ctx.index)
    )
}

pub(super) fn external_name_summary(ctx: &Ctx<'_, '_>) -> String {
    match ctx.facts.external_name() {
        Some(target) => format!(
            "ExternalName service {}: no cluster IP, no proxying and no load balancing. The cluster DNS answers {} with a CNAME record for {target}; clients then look up {target} and connect to it directly, on whatever port they use (the Service's ports are not used for traffic).",
            ctx.name, ctx.fqdn
        ),
        None => format!(
            "ExternalName service {}: it has no externalName, so the cluster DNS has nothing to answer with (the API server refuses it; see the findings below).",
            ctx.name
        ),
    }
}

pub(super) fn port_numbers(ports: &[Port<'_>]) -> Vec<String> {
    ports.iter().map(|p| p.port.to_string()).collect()
}

pub(super) fn notes(ctx: &Ctx<'_, '_>) -> Vec<String> {
    let spec = &ctx.spec;
    let mut notes = Vec::new();
    let short = &ctx.name;
    let inside = if ctx.ports.is_empty() {
        format!("{} (or {short} from the same namespace)", ctx.fqdn)
    } else {
        format!(
            "{} (or {short} from the same namespace)",
            at(&ctx.fqdn, &port_numbers(&ctx.ports))
        )
    };
    let exposed = ctx.service_type.opens_node_ports();
    match ctx.service_type {
        ServiceType::ExternalName => {
            notes.push(format!(
                "Clients inside the cluster use {} (or {short} from the same namespace).",
                ctx.fqdn
            ));
            if !ctx.facts.selector().is_empty() {
                notes.push("The selector is ignored: an ExternalName Service has no Pods.".into());
            }
            return notes;
        }
        ServiceType::NodePort => {
            let node_ports: Vec<String> = ctx
                .ports
                .iter()
                .map(|p| {
                    p.node_port
                        .map_or("<nodePort>".to_string(), |n| n.to_string())
                })
                .collect();
            let allocated = ctx.ports.iter().any(|p| p.node_port.is_none());
            notes.push(format!(
                "Reachable from outside the cluster at {}{}, and from inside at {inside}.",
                at("<node IP>", &node_ports),
                if allocated {
                    format!(" (see the allocated port with `kubectl get service {short}`)")
                } else {
                    String::new()
                }
            ));
        }
        ServiceType::LoadBalancer => {
            notes.push(format!(
                "Reachable from outside at the load balancer's address{} once the cloud provider has created it (`kubectl get service {short}` shows it as EXTERNAL-IP), and from inside at {inside}.",
                match port_numbers(&ctx.ports).as_slice() {
                    [] => String::new(),
                    [one] => format!(", port {one},"),
                    many => format!(", ports {},", join_and(many)),
                }
            ));
            match spec.load_balancer_source_ranges.as_deref() {
                Some(ranges) if !ranges.is_empty() => notes.push(format!(
                    "Only clients from {} may connect through the load balancer.",
                    join_and(ranges)
                )),
                _ => notes.push(
                    "The load balancer accepts clients from any address (no loadBalancerSourceRanges)."
                        .into(),
                ),
            }
            if let Some(class) = spec
                .load_balancer_class
                .as_deref()
                .filter(|c| !c.is_empty())
            {
                notes.push(format!(
                    "The load balancer implementation named {class} provisions it, not the default cloud provider integration."
                ));
            }
        }
        _ if ctx.facts.headless => {
            notes.push(format!(
                "Reachable only from inside the cluster, through DNS: {}.",
                ctx.fqdn
            ));
            for p in &ctx.ports {
                if let (_, Some(target), _) = ctx.target(p)
                    && target != i64::from(p.port)
                {
                    notes.push(format!(
                        "port {} is only a label here: a headless Service translates no ports, so clients must connect to the Pods' port {target}.",
                        p.port
                    ));
                }
            }
        }
        _ => {
            let ips = ctx.external_ips();
            if ips.is_empty() {
                notes.push(format!(
                    "Reachable only from inside the cluster, at {inside}."
                ));
            } else {
                notes.push(format!(
                    "Reachable from inside the cluster at {inside}, and from outside through the external IP {} when traffic for it reaches a node.",
                    join_and(&ips)
                ));
            }
        }
    }
    if exposed || !ctx.external_ips().is_empty() {
        if spec.external_traffic_policy.as_deref() == Some("Local") {
            let mut note = "externalTrafficPolicy: Local: a node sends outside traffic only to Pods on that node and keeps the client's source IP; nodes without such a Pod drop it.".to_string();
            if ctx.service_type == ServiceType::LoadBalancer {
                let _ = write!(
                    note,
                    " The load balancer finds the right nodes through the health check on {}.",
                    match spec.health_check_node_port.filter(|n| *n != 0) {
                        Some(n) => format!("healthCheckNodePort {n}"),
                        None => format!(
                            "a healthCheckNodePort the cluster picks from {}",
                            ctx.range()
                        ),
                    }
                );
            }
            notes.push(note);
        } else if exposed {
            notes.push("externalTrafficPolicy: Cluster (the default): any node forwards to any ready Pod, and the Pod sees the node's address instead of the client's.".into());
        }
    }
    if spec.internal_traffic_policy.as_deref() == Some("Local") {
        notes.push("internalTrafficPolicy: Local: clients in the cluster reach only Pods on their own node; on a node without one, connections fail.".into());
    }
    if spec.session_affinity.as_deref() == Some("ClientIP") {
        if ctx.facts.headless {
            notes.push(
                "sessionAffinity: ClientIP is ignored: a headless Service does no proxying.".into(),
            );
        } else {
            let timeout = spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds)
                .unwrap_or(10800);
            notes.push(format!(
                "sessionAffinity: ClientIP: connections from one client IP keep going to the same Pod until that client has opened none for {timeout} seconds."
            ));
        }
    }
    match spec.traffic_distribution.as_deref() {
        Some("PreferClose" | "PreferSameZone") => notes.push(format!(
            "trafficDistribution: {}: the proxy prefers Pods in the client's zone while there are any.",
            spec.traffic_distribution.as_deref().unwrap_or_default()
        )),
        Some("PreferSameNode") => notes.push(
            "trafficDistribution: PreferSameNode: the proxy prefers Pods on the client's node while there are any."
                .into(),
        ),
        _ => {}
    }
    if spec.publish_not_ready_addresses == Some(true) {
        notes.push("publishNotReadyAddresses: true: Pods are published (and get traffic) before they are ready.".into());
    }
    notes
}
