use std::net::IpAddr;

use crate::k8s::net::parse_ip;
use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};
use crate::model::path::FieldPath;

declare_rule! {
    /// ## What it does
    /// Flags IP addresses in `spec.clusterIPs` (or `clusterIP`), `spec.externalIPs` and
    /// `spec.loadBalancerIP` that are not written the standard way, as the API server warns:
    /// - an IPv4 address with leading zeros (`010.000.000.001`) or an IPv4-mapped IPv6 address
    ///   (`::ffff:10.0.0.1`), `non-standard IP address … will be considered invalid in a future
    ///   Kubernetes release`. From 1.36 (`--kube-version`) these are errors in `clusterIPs` and
    ///   `externalIPs` (reported by `invalid-cluster-ip` and `invalid-external-ip`);
    ///   `loadBalancerIP` is never validated, so it is always reported here;
    /// - an IPv6 address not in RFC 5952 form (`2001:DB8:0:0::1` for `2001:db8::1`), `IPv6
    ///   address … should be in RFC 5952 canonical format`.
    ///
    /// ## Why is this bad?
    /// Leading zeros are read as decimal by Kubernetes but as octal by other software
    /// (`010.0.0.1` is 8.0.0.1 to many C libraries), the ambiguity behind CVE-2021-29923.
    /// Non-canonical IPv6 text compares unequal to the address controllers write back, which
    /// can cause endless update loops.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   clusterIP: 10.096.000.010
    ///   externalIPs:
    ///   - 2001:DB8::10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   clusterIP: 10.96.0.10
    ///   externalIPs:
    ///   - 2001:db8::10
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the address is rewritten in its canonical form (`010.000.000.001` → `10.0.0.1`,
    /// `2001:DB8:0:0::1` → `2001:db8::1`), the address Kubernetes already reads it as. When
    /// `clusterIP` and `clusterIPs[0]` both hold the same text, both are rewritten.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/
    pub struct NonCanonicalIp {
        id: "non-canonical-ip",
        code: "SVC086",
        category: BestPractice,
        severity: Warning,
        summary: "an IP address not in canonical form",
        depends_on_kube_version: true,
        fix: Safe,
    }
}

/// The warning the API server gives for one address, if any. `strict_error` is whether the
/// strict validation (1.36) already refuses a non-standard address in this field.
fn warning(value: &str, strict_error: bool, new_wording: bool) -> Option<(String, String)> {
    let ip = parse_ip(value)?;
    if ip.leading_zeros || ip.ipv4_mapped {
        if strict_error {
            return None;
        }
        // Go prints an IPv4-mapped address as plain IPv4.
        let canonical = match ip.ip {
            IpAddr::V6(v6) => v6
                .to_ipv4_mapped()
                .map_or_else(|| v6.to_string(), |v4| v4.to_string()),
            IpAddr::V4(v4) => v4.to_string(),
        };
        let verdict = if new_wording {
            "is invalid"
        } else {
            "will be considered invalid in a future Kubernetes release"
        };
        return Some((
            format!(
                "non-standard IP address {} {verdict}: use {}",
                quoted(value),
                quoted(&canonical)
            ),
            canonical,
        ));
    }
    if let IpAddr::V6(v6) = ip.ip {
        let canonical = v6.to_string();
        if canonical != value {
            return Some((
                format!(
                    "IPv6 address {} should be in RFC 5952 canonical format ({})",
                    quoted(value),
                    quoted(&canonical)
                ),
                canonical,
            ));
        }
    }
    None
}

impl Check for NonCanonicalIp {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        let strict = svc.settings.strict_ips();
        // Nearly every address is canonical: paths are built only for one that is not.
        let mut report = |value: &str,
                          strict_error: bool,
                          field: &dyn Fn() -> FieldPath,
                          span_of: &dyn Fn() -> Option<FieldPath>| {
            if let Some((message, canonical)) = warning(value, strict_error, strict) {
                let written = span_of();
                let target = written.clone().unwrap_or_else(field);
                let fix = rewrite_ip(svc, &target, value, &canonical);
                let mut finding = Finding::at(&Self::META, field(), message)
                    .help(format!("write {}", quoted(&canonical)))
                    .fix(fix);
                if let Some(at) = written {
                    finding = finding.span(svc.span_of(&at));
                }
                out.push(finding);
            }
        };
        // The API server warns about clusterIPs only when an address is requested, and reports
        // a lone clusterIP under clusterIPs[0] after copying it there.
        for (i, ip) in svc.cluster_ips().into_iter().enumerate() {
            if ip.is_empty() || ip == "None" {
                continue;
            }
            report(
                ip,
                strict,
                &|| path(&format!("spec.clusterIPs[{i}]")),
                &|| (i == 0 && !svc.has("spec.clusterIPs")).then(|| path("spec.clusterIP")),
            );
        }
        for (i, ip) in spec.external_ips.iter().flatten().enumerate() {
            report(
                ip,
                strict,
                &|| path(&format!("spec.externalIPs[{i}]")),
                &|| None,
            );
        }
        if let Some(ip) = spec.load_balancer_ip.as_deref().filter(|ip| !ip.is_empty()) {
            report(ip, false, &|| path("spec.loadBalancerIP"), &|| None);
        }
    }
}

/// `value` written canonically, when it is an IP address written otherwise (leading zeros, an
/// IPv4-mapped IPv6 address, IPv6 not in RFC 5952 form).
pub(crate) fn canonical_ip(value: &str) -> Option<String> {
    let ip = parse_ip(value)?;
    let canonical = match ip.ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map_or_else(|| v6.to_string(), |v4| v4.to_string()),
        IpAddr::V4(v4) => v4.to_string(),
    };
    (canonical != value).then_some(canonical)
}

/// The fix that writes the address at `target` (holding `value`) as `canonical`. `clusterIP`
/// must stay equal to `clusterIPs[0]`, so when both hold `value` both are rewritten.
pub(crate) fn rewrite_ip(
    svc: &ServiceContext<'_>,
    target: &FieldPath,
    value: &str,
    canonical: &str,
) -> Option<Fix> {
    let mut edits = vec![svc.rewrite(target, canonical)?];
    let pair = if *target == path("spec.clusterIPs[0]") {
        Some(path("spec.clusterIP"))
    } else if *target == path("spec.clusterIP") {
        Some(path("spec.clusterIPs[0]"))
    } else {
        None
    };
    if let Some(pair) = pair
        && svc.node_at(&pair).and_then(|n| n.as_str()) == Some(value)
    {
        edits.push(svc.rewrite(&pair, canonical)?);
    }
    Some(Fix::safe(format!("write {}", quoted(canonical)), edits))
}
