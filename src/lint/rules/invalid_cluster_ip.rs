use crate::k8s::ServiceType;
use crate::k8s::net::{Family, ip_errors, parse_ip};
use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::rules::non_canonical_ip::{canonical_ip, rewrite_ip};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};
use crate::model::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks `spec.clusterIP` and `spec.clusterIPs` the way the API server does before it
    /// allocates anything: every entry must be an IP address (from Kubernetes 1.36 also without
    /// leading zeros and not IPv4-mapped IPv6), `None` may only stand alone, there are at most two
    /// entries and then one per IP family, `clusterIPs[0]` must equal `clusterIP`, `clusterIPs`
    /// needs `clusterIP`, and each IP must match the family listed at the same index of
    /// `spec.ipFamilies`.
    ///
    /// ## Why is this bad?
    /// The Service is refused before anything else is looked at, e.g. `spec.clusterIPs[0]: Invalid
    /// value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`. The
    /// error names `clusterIPs[0]` even when only `clusterIP` was written, because the API server
    /// copies `clusterIP` into `clusterIPs` first.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   clusterIP: 10.96.0.10
    ///   clusterIPs: [10.96.0.11, 10.96.0.12]
    ///   ipFamilies: [IPv6]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   clusterIP: 10.96.0.10
    ///   clusterIPs: [10.96.0.10, "fd00:10:96::a"]
    ///   ipFamilyPolicy: RequireDualStack
    ///   ipFamilies: [IPv4, IPv6]
    /// ```
    /// Usually it is simplest to leave both fields out and let the cluster pick an address.
    ///
    /// ## Fix safety
    /// Safe: an address refused only for how it is written (leading zeros, an IPv4-mapped IPv6
    /// address) is rewritten canonically (`010.096.000.010` → `10.96.0.10`), the address the API
    /// server read it as before 1.36.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#choosing-your-own-ip-address
    /// - https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
    pub struct InvalidClusterIp {
        id: "invalid-cluster-ip",
        code: "SVC023",
        category: Api,
        severity: Error,
        summary: "clusterIP/clusterIPs that the API server refuses",
        apiserver: "R38 R39 R43 R44 R45 R46 R47",
        depends_on_kube_version: true,
        fix: Safe,
    }
}

/// A list value as the API server prints it in `Invalid value: ["10.0.0.1","None"]`.
pub(crate) fn json_list(items: &[&str]) -> String {
    serde_json::to_string(items).unwrap_or_default()
}

/// Whether the user wrote a non-empty `clusterIPs` (otherwise the registry derived it from
/// `clusterIP`, D11).
fn wrote_cluster_ips(svc: &ServiceContext<'_>) -> bool {
    svc.spec()
        .and_then(|s| s.cluster_ips.as_ref())
        .is_some_and(|ips| !ips.is_empty())
}

/// Where a finding on `spec.clusterIPs[i]` points: that entry, or the `clusterIP` the registry
/// copied into it when the manifest has no `clusterIPs`.
pub(crate) fn cluster_ip_span(svc: &ServiceContext<'_>, i: usize) -> Span {
    if wrote_cluster_ips(svc) {
        svc.span_of(&path("spec.clusterIPs").index(i))
    } else {
        svc.span_of(&path("spec.clusterIP"))
    }
}

/// Where a finding on `spec.clusterIPs` as a whole points (same fallback as [`cluster_ip_span`]).
pub(crate) fn cluster_ips_span(svc: &ServiceContext<'_>) -> Span {
    if wrote_cluster_ips(svc) {
        svc.span_of(&path("spec.clusterIPs"))
    } else {
        svc.span_of(&path("spec.clusterIP"))
    }
}

/// Whether a value at or under `prefix` failed to decode: it reads as its zero value (`""`), and
/// verdicts built on that would be noise next to the decode error. The driver drops findings on
/// such paths itself, but not those on a parent path or a differently spelled one.
pub(crate) fn undecodable_under(svc: &ServiceContext<'_>, prefix: &str) -> bool {
    svc.decoded.issues.iter().any(|issue| {
        if !matches!(
            issue.kind,
            crate::model::decode::IssueKind::WrongType { .. }
        ) {
            return false;
        }
        let p = issue.path.to_string();
        p == prefix
            || p.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    })
}

/// Whether `clusterIP` or an entry of `clusterIPs` failed to decode.
pub(crate) fn cluster_ips_undecodable(svc: &ServiceContext<'_>) -> bool {
    undecodable_under(svc, "spec.clusterIP") || undecodable_under(svc, "spec.clusterIPs")
}

impl Check for InvalidClusterIp {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        // ExternalName Services may not have cluster IPs at all (cluster-ip-on-external-name).
        if svc.service_type() == ServiceType::ExternalName || cluster_ips_undecodable(svc) {
            return;
        }
        let ips = svc.cluster_ips();
        let list = json_list(&ips);
        let whole = || path("spec.clusterIPs");
        let cluster_ip = spec.cluster_ip.as_deref().unwrap_or("");

        if !cluster_ip.is_empty() {
            if ips.first().is_some_and(|first| *first != cluster_ip) {
                out.push(
                    Finding::at(
                        &Self::META,
                        whole(),
                        format!("Invalid value: {list}: first value must match `clusterIP`"),
                    )
                    .help("make `clusterIPs[0]` the same address as `clusterIP`, or drop `clusterIPs`"),
                );
            }
        } else if !ips.is_empty() {
            out.push(
                Finding::at(
                    &Self::META,
                    whole(),
                    format!(
                        "Invalid value: {list}: must be empty when `clusterIP` is not specified"
                    ),
                )
                .help("also set `clusterIP` to the first entry of `clusterIPs`"),
            );
        }

        let mut has_invalid = false;
        for (i, ip) in ips.iter().enumerate() {
            if i == 0 && *ip == "None" {
                if ips.len() > 1 {
                    has_invalid = true;
                    out.push(
                        Finding::at(
                            &Self::META,
                            whole(),
                            format!(
                                "Invalid value: {list}: 'None' must be the first and only value"
                            ),
                        )
                        .help("a headless Service has `clusterIPs: [None]` and nothing else"),
                    );
                }
                continue;
            }
            let errors = ip_errors(ip, svc.settings.strict_ips());
            has_invalid |= !errors.is_empty();
            let fix = (!errors.is_empty())
                .then(|| canonical_ip(ip))
                .flatten()
                .filter(|c| ip_errors(c, svc.settings.strict_ips()).is_empty())
                .and_then(|c| {
                    let target = if wrote_cluster_ips(svc) {
                        path("spec.clusterIPs").index(i)
                    } else {
                        path("spec.clusterIP")
                    };
                    rewrite_ip(svc, &target, ip, &c)
                });
            for msg in errors {
                out.push(
                    Finding::at(
                        &Self::META,
                        whole().index(i),
                        format!("Invalid value: {}: {msg}", quoted(ip)),
                    )
                    .span(cluster_ip_span(svc, i))
                    .help("write a plain IP address such as `10.96.0.10`, `None` for a headless Service, or leave it out")
                    .fix(fix.clone()),
                );
            }
        }

        if ips.len() > 2 {
            out.push(
                Finding::at(
                    &Self::META,
                    whole(),
                    format!("Invalid value: {list}: may only hold up to 2 values"),
                )
                .help("give at most one IPv4 and one IPv6 address"),
            );
        }

        // As in the API server, family checks on malformed entries would only add confusion.
        if has_invalid {
            return;
        }

        if ips.len() > 1 {
            let families: Vec<Family> = ips
                .iter()
                .filter_map(|ip| parse_ip(ip))
                .map(|ip| ip.family())
                .collect();
            if !(families.contains(&Family::V4) && families.contains(&Family::V6)) {
                out.push(
                    Finding::at(
                        &Self::META,
                        whole(),
                        format!("Invalid value: {list}: may specify no more than one IP for each IP family"),
                    )
                    .help("a dual-stack Service has one IPv4 and one IPv6 cluster IP"),
                );
            }
        }

        if svc.is_headless() {
            return;
        }
        let declared = spec.ip_families.as_deref().unwrap_or(&[]);
        for (i, (ip, family)) in ips.iter().zip(declared).enumerate() {
            let is_v6 = parse_ip(ip).is_some_and(|p| p.family() == Family::V6);
            let expected = match family.as_str() {
                "IPv4" if is_v6 => "IPv4",
                "IPv6" if !is_v6 => "IPv6",
                _ => continue,
            };
            out.push(
                Finding::at(
                    &Self::META,
                    whole().index(i),
                    format!(
                        "Invalid value: {}: expected an {expected} value as indicated by `ipFamilies[{i}]`",
                        quoted(ip)
                    ),
                )
                .span(cluster_ip_span(svc, i))
                .help("list the cluster IPs in the same order as `ipFamilies`"),
            );
        }
    }
}
