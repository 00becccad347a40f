use std::net::IpAddr;

use crate::k8s::ServiceType;
use crate::k8s::net::{Cidr, Family, ip_errors, parse_ip};
use crate::lint::declare::declare_rule;
use crate::lint::rules::invalid_cluster_ip::{cluster_ip_span, cluster_ips_undecodable, json_list};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Only with `--service-cidr`: checks that every cluster IP the manifest asks for
    /// (`clusterIP`/`clusterIPs`) lies inside the cluster's service CIDR(s), and is not the
    /// network address (nor, for IPv4, the broadcast address) of that range.
    ///
    /// ## Why is this bad?
    /// The API server can only hand out addresses from its service range. A fixed address copied
    /// from another cluster, or from `kubectl get -o yaml`, is refused on create: `spec.clusterIPs:
    /// Invalid value: ["10.43.0.15"]: failed to allocate IP 10.43.0.15: the provided network does
    /// not match the current range`.
    ///
    /// ## Example
    /// ```yaml
    /// # svcctl lint --service-cidr 10.96.0.0/12
    /// spec:
    ///   clusterIP: 10.43.0.15
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   clusterIP: 10.96.0.15
    /// ```
    /// Or leave `clusterIP` out and let the cluster choose.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#choosing-your-own-ip-address
    pub struct ClusterIpOutsideServiceCidr {
        id: "cluster-ip-outside-service-cidr",
        code: "SVC039",
        category: Api,
        severity: Error,
        summary: "a requested cluster IP outside the cluster's service CIDR",
        apiserver: "A7 (only with --service-cidr)",
        depends_on_kube_version: true,
    }
}

/// `servicecidr.PrefixContainsIP`: a service range never hands out its network address, nor the
/// broadcast address of an IPv4 range.
fn range_offers(cidr: &Cidr, ip: IpAddr) -> bool {
    if !cidr.contains(ip) {
        return false;
    }
    let (value, width) = match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32u32),
        IpAddr::V6(v6) => (u128::from(v6), 128u32),
    };
    let host_bits = width.saturating_sub(u32::from(cidr.prefix));
    let host_mask = if host_bits >= 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    };
    let host = value & host_mask;
    if host == 0 {
        return false;
    }
    !(width == 32 && host == host_mask)
}

impl Check for ClusterIpOutsideServiceCidr {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(cidrs) = svc.settings.service_cidrs.as_deref() else {
            return;
        };
        if svc.service_type() == ServiceType::ExternalName || cluster_ips_undecodable(svc) {
            return;
        }
        let ips = svc.cluster_ips();
        // A headless Service gets no address (a misplaced `None` is invalid-cluster-ip's).
        if ips.contains(&"None") {
            return;
        }
        let list = json_list(&ips);
        for (i, ip) in ips.iter().enumerate() {
            // Malformed addresses are invalid-cluster-ip's finding.
            let Some(parsed) = parse_ip(ip) else { continue };
            if !ip_errors(ip, svc.settings.strict_ips()).is_empty() {
                continue;
            }
            let family = parsed.family();
            // A family the cluster does not serve at all is ip-family-not-configured's finding.
            if svc
                .settings
                .ip_families
                .as_ref()
                .is_some_and(|served| !served.contains(&family))
            {
                continue;
            }
            // The allocator compares an IPv4-mapped address as IPv4.
            let addr = match (family, parsed.ip) {
                (Family::V4, IpAddr::V6(v6)) => v6.to_ipv4_mapped().map_or(parsed.ip, IpAddr::V4),
                _ => parsed.ip,
            };
            if cidrs.iter().any(|cidr| range_offers(cidr, addr)) {
                continue;
            }
            let ranges = cidrs
                .iter()
                .map(|c| format!("{}/{}", c.ip.ip, c.prefix))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.clusterIPs"),
                    format!(
                        "Invalid value: {list}: failed to allocate IP {ip}: the provided network does not match the current range"
                    ),
                )
                .span(cluster_ip_span(svc, i))
                .help(format!(
                    "pick an address inside the service CIDR ({ranges}), or leave `clusterIP` out to get a free one"
                )),
            );
        }
    }
}
