use crate::k8s::ServiceType;
use crate::k8s::net::{Family, parse_ip};
use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::rules::invalid_cluster_ip::{cluster_ip_span, cluster_ips_undecodable, json_list};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Only with `--ip-families`: flags what the cluster's IP families cannot serve: a cluster IP
    /// of a family the cluster does not have, an `ipFamilies` entry it does not have, and
    /// `ipFamilyPolicy: RequireDualStack` on a single-stack cluster. A headless Service without
    /// selector is exempt from the last two, as in the API server.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service before allocating anything, e.g. on an IPv4-only
    /// cluster: `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not
    /// configured for dual-stack services` and `spec.ipFamilies[0]: Invalid value: "IPv6": not
    /// configured on this cluster`. `PreferDualStack` is the portable choice: it gets two
    /// families where there are two and one elsewhere.
    ///
    /// ## Example
    /// ```yaml
    /// # svcctl lint --ip-families IPv4
    /// spec:
    ///   ipFamilyPolicy: RequireDualStack
    ///   ipFamilies: [IPv6, IPv4]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ipFamilyPolicy: PreferDualStack
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
    pub struct IpFamilyNotConfigured {
        id: "ip-family-not-configured",
        code: "SVC040",
        category: Api,
        severity: Error,
        summary: "an IP family or dual-stack policy the cluster does not serve",
        apiserver: "A4 A5 A6 (only with --ip-families)",
    }
}

impl Check for IpFamilyNotConfigured {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(served) = svc.settings.ip_families.as_deref() else {
            return;
        };
        let Some(spec) = svc.spec() else { return };
        if svc.service_type() == ServiceType::ExternalName {
            return;
        }
        let families = spec.ip_families.as_deref().unwrap_or(&[]);
        let served_names = served
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(" and ");

        // A cluster IP whose family `ipFamilies` does not state is inferred from the address.
        if !cluster_ips_undecodable(svc) {
            let ips = svc.cluster_ips();
            let list = json_list(&ips);
            for (i, ip) in ips.iter().enumerate().skip(families.len()) {
                if *ip == "None" {
                    break;
                }
                // Malformed addresses are invalid-cluster-ip's finding.
                let Some(parsed) = parse_ip(ip) else { continue };
                let family = parsed.family();
                if served.contains(&family) {
                    continue;
                }
                out.push(
                    Finding::at(
                        &Self::META,
                        path("spec.clusterIPs").index(i),
                        format!("Invalid value: {list}: {} is not configured on this cluster", family.as_str()),
                    )
                    .span(cluster_ip_span(svc, i))
                    .help(format!("this cluster serves {served_names} only; use such an address or leave the cluster IP out")),
                );
            }
        }

        // Headless without selector may ask for any families; they only shape DNS records.
        let headless_selectorless =
            spec.cluster_ip.as_deref() == Some("None") && !svc.has_selector();
        if headless_selectorless {
            return;
        }
        if spec.ip_family_policy.as_deref() == Some("RequireDualStack") && served.len() < 2 {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.ipFamilyPolicy"),
                    "Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services",
                )
                .help("use `PreferDualStack` (dual-stack where available) or `SingleStack`"),
            );
        }
        for (i, name) in families.iter().enumerate() {
            // Misspelled families are invalid-ip-family's finding.
            let Some(family) = Family::parse(name) else {
                continue;
            };
            if served.contains(&family) {
                continue;
            }
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.ipFamilies").index(i),
                    format!(
                        "Invalid value: {}: not configured on this cluster",
                        quoted(name)
                    ),
                )
                .help(format!(
                    "this cluster serves {served_names} only; remove `{name}` from `ipFamilies`"
                )),
            );
        }
    }
}
