use crate::k8s::net::cidr_errors;
use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::rules::invalid_cluster_ip::undecodable_under;
use crate::lint::rules::load_balancer_field_on_wrong_type::SOURCE_RANGES_ANNOTATION;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks every entry of `spec.loadBalancerSourceRanges` (surrounding spaces are tolerated)
    /// and, when that field is empty, every comma-separated entry of the
    /// `service.beta.kubernetes.io/load-balancer-source-ranges` annotation: each must be a CIDR
    /// such as `203.0.113.0/24`. From Kubernetes 1.36 the CIDR must also have no leading zeros,
    /// no IPv4-mapped IPv6 address and no bits set after the prefix length.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service, e.g. `spec.LoadBalancerSourceRanges[0]: Invalid value:
    /// "192.168.1.5/24": must not have bits set beyond the prefix length`. A bare IP or a
    /// hostname is not accepted; `192.168.1.5/24` is ambiguous (the host `/32` or the network
    /// `192.168.1.0/24`?), which is why 1.36 refuses it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerSourceRanges:
    ///     - 203.0.113.7
    ///     - 192.168.1.5/24
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerSourceRanges:
    ///     - 203.0.113.7/32
    ///     - 192.168.1.0/24
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/
    pub struct InvalidSourceRange {
        id: "invalid-source-range",
        code: "SVC033",
        category: Api,
        severity: Error,
        summary: "loadBalancerSourceRanges entry that is not a CIDR",
        apiserver: "R56 R58",
        depends_on_kube_version: true,
    }
}

const HELP: &str =
    "write a network in CIDR notation, e.g. `203.0.113.0/24`, or `203.0.113.7/32` for one address";

impl Check for InvalidSourceRange {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(service) = svc.service else { return };
        let strict = svc.settings.strict_ips();
        let ranges = service
            .spec
            .as_ref()
            .and_then(|s| s.load_balancer_source_ranges.as_deref())
            .unwrap_or(&[]);
        if !ranges.is_empty() {
            for (i, range) in ranges.iter().enumerate() {
                let written = path("spec.loadBalancerSourceRanges").index(i);
                // The driver cannot match the server's capitalised path against decode errors.
                if undecodable_under(svc, &written.to_string()) {
                    continue;
                }
                // The field is allowed to be space-padded (a leftover of the annotation days).
                let value = range.trim();
                for msg in cidr_errors(value, strict) {
                    out.push(
                        Finding::at(
                            &Self::META,
                            path("spec.LoadBalancerSourceRanges").index(i),
                            format!("Invalid value: {}: {msg}", quoted(value)),
                        )
                        .span(svc.span_of(&written))
                        .help(HELP),
                    );
                }
            }
            return;
        }
        let Some(annotation) = service
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(SOURCE_RANGES_ANNOTATION))
        else {
            return;
        };
        let annotation = annotation.trim();
        if annotation.is_empty() {
            return;
        }
        for entry in annotation.split(',') {
            let value = entry.trim();
            for msg in cidr_errors(value, strict) {
                out.push(
                    Finding::at(
                        &Self::META,
                        path("metadata.annotations").key(SOURCE_RANGES_ANNOTATION),
                        format!("Invalid value: {}: {msg}", quoted(value)),
                    )
                    .help(HELP),
                );
            }
        }
    }
}
