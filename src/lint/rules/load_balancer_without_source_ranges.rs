use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

/// Annotations that make a cloud load balancer internal (reachable from the private network
/// only), with the value that does so (`None`: any value but "false").
const INTERNAL_LB: &[(&str, Option<&str>)] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        None,
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        Some("internal"),
    ),
    ("networking.gke.io/load-balancer-type", Some("internal")),
    ("cloud.google.com/load-balancer-type", Some("internal")),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        None,
    ),
    (
        "service.beta.kubernetes.io/oci-load-balancer-internal",
        None,
    ),
    ("oci-network-load-balancer.oraclecloud.com/internal", None),
    (
        "service.beta.kubernetes.io/openstack-internal-load-balancer",
        None,
    ),
    (
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type",
        Some("intranet"),
    ),
    (
        "service.kubernetes.io/qcloud-loadbalancer-internal-subnetid",
        None,
    ),
    (
        "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type",
        Some("private"),
    ),
    (
        "service.beta.kubernetes.io/cce-load-balancer-internal-vpc",
        None,
    ),
];

/// Annotations that restrict the client addresses some other way.
const RESTRICTED: &[&str] = &[
    "service.beta.kubernetes.io/load-balancer-source-ranges",
    "service.beta.kubernetes.io/azure-allowed-ip-ranges",
    "service.beta.kubernetes.io/azure-allowed-service-tags",
];

declare_rule! {
    /// ## What it does
    /// Flags a LoadBalancer Service that sets neither `spec.loadBalancerSourceRanges` (nor the
    /// `service.beta.kubernetes.io/load-balancer-source-ranges` annotation) nor an annotation
    /// that makes the cloud load balancer internal (for example
    /// `service.beta.kubernetes.io/aws-load-balancer-internal`,
    /// `networking.gke.io/load-balancer-type: Internal`,
    /// `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`).
    ///
    /// ## Why is this bad?
    /// A cloud load balancer gets a public address and, without source ranges, the cloud
    /// firewall admits every client on the internet. That is right for a public website and
    /// wrong for an admin interface or a database; this informational finding asks you to
    /// decide.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerSourceRanges:
    ///   - 203.0.113.0/24
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#internal-load-balancer
    pub struct LoadBalancerWithoutSourceRanges {
        id: "load-balancer-without-source-ranges",
        code: "SVC062",
        category: Security,
        severity: Info,
        summary: "a public LoadBalancer open to every address",
        judges_the_type: true,
    }
}

impl Check for LoadBalancerWithoutSourceRanges {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        if svc.service_type() != ServiceType::LoadBalancer {
            return;
        }
        let Some(service) = svc.service else { return };
        let ranges = svc
            .spec()
            .and_then(|s| s.load_balancer_source_ranges.as_ref())
            .is_some_and(|r| !r.is_empty());
        if ranges {
            return;
        }
        let annotations = service.metadata.annotations.as_ref();
        let annotation = |key: &str| annotations.and_then(|a| a.get(key)).map(|v| v.trim());
        let restricted = RESTRICTED
            .iter()
            .any(|k| annotation(k).is_some_and(|v| !v.is_empty()));
        let internal = INTERNAL_LB
            .iter()
            .any(|(k, wanted)| match (annotation(k), wanted) {
                (Some(v), Some(w)) => v.eq_ignore_ascii_case(w),
                (Some(v), None) => !v.is_empty() && !v.eq_ignore_ascii_case("false"),
                (None, _) => false,
            });
        if restricted || internal {
            return;
        }
        out.push(
            Finding::at(
                &Self::META,
                path("spec.type"),
                "this LoadBalancer admits clients from every address: it sets no loadBalancerSourceRanges and no internal load balancer annotation",
            )
            .help("list the client networks in spec.loadBalancerSourceRanges, or make the load balancer internal with your cloud's annotation"),
        );
    }
}
