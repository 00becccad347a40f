//! The DNS records a Service gets: A/AAAA (or CNAME) and SRV, with their names.

use super::*;

pub(super) fn srv_name(p: &Port<'_>, fqdn: &str) -> Option<String> {
    let name = p.name?;
    Some(format!(
        "_{name}._{}.{fqdn}",
        p.protocol.to_ascii_lowercase()
    ))
}

pub(super) fn dns(ctx: &Ctx<'_, '_>) -> Vec<DnsRecord> {
    let record = |name: &str, kind: &str, value: String| DnsRecord {
        name: name.to_string(),
        kind: kind.to_string(),
        value,
    };
    let mut out = Vec::new();
    let fqdn = ctx.fqdn.as_str();
    if ctx.service_type == ServiceType::ExternalName {
        if let Some(target) = ctx.facts.external_name() {
            out.push(record(fqdn, "CNAME", target.to_string()));
        }
        return out;
    }
    if !ctx.service_type.is_proxied() {
        return out;
    }
    if ctx.facts.headless {
        out.push(record(fqdn, "A/AAAA", "the IP of each ready Pod".into()));
        if let Backends::Matched(list) = &ctx.backends {
            for (_, w) in list {
                let stateful = w.object().kind == "StatefulSet"
                    && w.service_name
                        .as_ref()
                        .is_some_and(|(s, _)| **s == *ctx.name);
                if !stateful {
                    continue;
                }
                let base = w.object().name.unwrap_or("<unnamed>");
                let replicas = w.replicas.unwrap_or(1).max(0);
                for i in 0..replicas.min(3) {
                    out.push(record(
                        &format!("{base}-{i}.{fqdn}"),
                        "A/AAAA",
                        format!("the IP of Pod {base}-{i}"),
                    ));
                }
                if replicas > 3 {
                    out.push(record(
                        &format!("{base}-{}.{fqdn}", replicas - 1),
                        "A/AAAA",
                        format!("… one name per Pod, up to {base}-{}", replicas - 1),
                    ));
                }
            }
        }
        for p in &ctx.ports {
            if let Some(srv) = srv_name(p, fqdn) {
                let (target, _, _) = ctx.target(p);
                out.push(record(&srv, "SRV", format!("{target} of each ready Pod")));
            }
        }
        return out;
    }
    let ips = cluster_ips(&ctx.spec);
    let value = if ips.is_empty() {
        "the cluster IP (allocated)".to_string()
    } else {
        join_and(&ips)
    };
    out.push(record(fqdn, "A/AAAA", value));
    for p in &ctx.ports {
        if let Some(srv) = srv_name(p, fqdn) {
            out.push(record(&srv, "SRV", format!("port {} on {fqdn}", p.port)));
        }
    }
    out
}
