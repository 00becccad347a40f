use std::net::IpAddr;

use crate::k8s::net::{ip_errors, parse_ip};
use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::rules::non_canonical_ip::{canonical_ip, rewrite_ip};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks every `spec.externalIPs` entry: it must be a plain IP address (from Kubernetes 1.36
    /// also without leading zeros and not IPv4-mapped IPv6), and not unspecified (`0.0.0.0`,
    /// `::`), loopback, link-local (`169.254.0.0/16`, `fe80::/10`) or link-local multicast
    /// (`224.0.0.0/24`, `ffX2::/16`).
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service, e.g. `spec.externalIPs[0]: Invalid value:
    /// "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`. Hostnames and CIDRs
    /// are not accepted either; these addresses are matched on incoming packets by kube-proxy.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   externalIPs:
    ///     - 169.254.10.1
    ///     - lb.example.com
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   externalIPs:
    ///     - 198.51.100.10
    /// ```
    ///
    /// ## Fix safety
    /// Safe: an address refused only for how it is written (leading zeros, an IPv4-mapped IPv6
    /// address) is rewritten canonically, the address the API server read it as before 1.36.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
    pub struct InvalidExternalIp {
        id: "invalid-external-ip",
        code: "SVC028",
        category: Api,
        severity: Error,
        summary: "externalIPs entry that is not a usable IP",
        apiserver: "R48 R49",
        depends_on_kube_version: true,
        fix: Safe,
    }
}

/// `ValidateEndpointIP`'s objections, with Go's `net.IP` predicates (an IPv4-mapped IPv6 address
/// is judged as IPv4).
fn endpoint_ip_errors(written: &str, ip: IpAddr) -> Vec<String> {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    let (unspecified, loopback, link_local, link_local_multicast) = match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            (
                v4.is_unspecified(),
                o[0] == 127,
                o[0] == 169 && o[1] == 254,
                o[0] == 224 && o[1] == 0 && o[2] == 0,
            )
        }
        IpAddr::V6(v6) => {
            let o = v6.octets();
            (
                v6.is_unspecified(),
                v6.is_loopback(),
                o[0] == 0xfe && o[1] & 0xc0 == 0x80,
                o[0] == 0xff && o[1] & 0x0f == 0x02,
            )
        }
    };
    let mut errors = Vec::new();
    if unspecified {
        errors.push(format!("may not be unspecified ({written})"));
    }
    if loopback {
        errors.push("may not be in the loopback range (127.0.0.0/8, ::1/128)".to_string());
    }
    if link_local {
        errors.push("may not be in the link-local range (169.254.0.0/16, fe80::/10)".to_string());
    }
    if link_local_multicast {
        errors.push(
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)".to_string(),
        );
    }
    errors
}

impl Check for InvalidExternalIp {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        let ips = spec.external_ips.as_deref().unwrap_or(&[]);
        for (i, ip) in ips.iter().enumerate() {
            let mut errors: Vec<String> = ip_errors(ip, svc.settings.strict_ips())
                .into_iter()
                .map(str::to_string)
                .collect();
            if errors.is_empty()
                && let Some(parsed) = parse_ip(ip)
            {
                errors = endpoint_ip_errors(ip, parsed.ip);
            }
            let target = path("spec.externalIPs").index(i);
            let fix = (!errors.is_empty())
                .then(|| canonical_ip(ip))
                .flatten()
                .filter(|c| {
                    ip_errors(c, svc.settings.strict_ips()).is_empty()
                        && parse_ip(c).is_some_and(|p| endpoint_ip_errors(c, p.ip).is_empty())
                })
                .and_then(|c| rewrite_ip(svc, &target, ip, &c));
            for msg in errors {
                out.push(
                    Finding::at(
                        &Self::META,
                        target.clone(),
                        format!("Invalid value: {}: {msg}", quoted(ip)),
                    )
                    .help("list routable IP addresses of your nodes or load balancer, one plain address per entry")
                    .fix(fix.clone()),
                );
            }
        }
    }
}
