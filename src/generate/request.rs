//! What `svcctl new` is asked to generate, as plain values: the command line is parsed into
//! these by `commands::new`, and `explain` builds them directly for its examples.

use crate::k8s::ServiceType;

/// The type of Service to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    ClusterIp,
    NodePort,
    LoadBalancer,
    ExternalName,
    Headless,
}

impl Kind {
    /// In the order `svcctl new --help` lists them.
    pub const ALL: [Kind; 5] = [
        Kind::ClusterIp,
        Kind::NodePort,
        Kind::LoadBalancer,
        Kind::ExternalName,
        Kind::Headless,
    ];

    /// The `spec.type` it writes: a headless Service is a ClusterIP one without a cluster IP.
    pub fn service_type(self) -> ServiceType {
        match self {
            Kind::ClusterIp | Kind::Headless => ServiceType::ClusterIp,
            Kind::NodePort => ServiceType::NodePort,
            Kind::LoadBalancer => ServiceType::LoadBalancer,
            Kind::ExternalName => ServiceType::ExternalName,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ClusterIp => "clusterip",
            Kind::NodePort => "nodeport",
            Kind::LoadBalancer => "loadbalancer",
            Kind::ExternalName => "externalname",
            Kind::Headless => "headless",
        }
    }

    /// Other spellings the command line accepts.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Kind::ClusterIp => &["cluster-ip"],
            Kind::NodePort => &["node-port", "np"],
            Kind::LoadBalancer => &["load-balancer", "lb"],
            Kind::ExternalName => &["external-name"],
            Kind::Headless => &[],
        }
    }

    /// One line for `svcctl new --help`.
    pub fn summary(self) -> &'static str {
        match self {
            Kind::ClusterIp => "A virtual IP inside the cluster (type ClusterIP)",
            Kind::NodePort => "A port on every node, plus a cluster IP (type NodePort)",
            Kind::LoadBalancer => {
                "An external load balancer, plus node ports and a cluster IP (type LoadBalancer)"
            }
            Kind::ExternalName => {
                "A DNS alias (CNAME) for a name outside the cluster (type ExternalName)"
            }
            Kind::Headless => {
                "No virtual IP: DNS returns the Pod IPs (type ClusterIP, clusterIP: None)"
            }
        }
    }

    /// `a nodeport`, `an externalname`.
    pub fn article(self) -> String {
        let article = if self == Kind::ExternalName {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.as_str())
    }

    /// A name or alias, any case, as the command line takes it.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| {
            std::iter::once(k.as_str())
                .chain(k.aliases().iter().copied())
                .any(|n| n.eq_ignore_ascii_case(name))
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrafficPolicy {
    Cluster,
    Local,
}

impl TrafficPolicy {
    pub const ALL: [TrafficPolicy; 2] = [TrafficPolicy::Cluster, TrafficPolicy::Local];

    pub fn as_str(self) -> &'static str {
        match self {
            TrafficPolicy::Cluster => "Cluster",
            TrafficPolicy::Local => "Local",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionAffinity {
    ClientIp,
    None,
}

impl SessionAffinity {
    pub const ALL: [SessionAffinity; 2] = [SessionAffinity::ClientIp, SessionAffinity::None];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionAffinity::ClientIp => "ClientIP",
            SessionAffinity::None => "None",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpFamilyPolicy {
    SingleStack,
    PreferDualStack,
    RequireDualStack,
}

impl IpFamilyPolicy {
    pub const ALL: [IpFamilyPolicy; 3] = [
        IpFamilyPolicy::SingleStack,
        IpFamilyPolicy::PreferDualStack,
        IpFamilyPolicy::RequireDualStack,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IpFamilyPolicy::SingleStack => "SingleStack",
            IpFamilyPolicy::PreferDualStack => "PreferDualStack",
            IpFamilyPolicy::RequireDualStack => "RequireDualStack",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpFamily {
    Ipv4,
    Ipv6,
}

impl IpFamily {
    pub const ALL: [IpFamily; 2] = [IpFamily::Ipv4, IpFamily::Ipv6];

    pub fn as_str(self) -> &'static str {
        match self {
            IpFamily::Ipv4 => "IPv4",
            IpFamily::Ipv6 => "IPv6",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NewFormat {
    #[default]
    Yaml,
    Json,
}

impl NewFormat {
    pub const ALL: [NewFormat; 2] = [NewFormat::Yaml, NewFormat::Json];

    pub fn as_str(self) -> &'static str {
        match self {
            NewFormat::Yaml => "yaml",
            NewFormat::Json => "json",
        }
    }
}

/// Everything `svcctl new` generates from, as the user wrote it: ports, labels and the like stay
/// text so that the plan can refuse each with a message naming its flag.
#[derive(Clone, Debug)]
pub struct GenerateRequest {
    pub kind: Kind,
    pub name: Option<String>,
    pub ports: Vec<String>,
    pub target: Option<String>,
    pub port_names: Vec<String>,
    pub app_protocols: Vec<String>,
    pub node_ports: Vec<String>,
    pub selectors: Vec<String>,
    pub no_selector: bool,
    /// A workload manifest (`-` for stdin) to derive selector, namespace and ports from.
    pub from: Option<String>,
    pub workload: Option<String>,
    pub namespace: Option<String>,
    pub labels: Vec<String>,
    pub annotations: Vec<String>,
    pub external_name: Option<String>,
    pub external_traffic_policy: Option<TrafficPolicy>,
    pub internal_traffic_policy: Option<TrafficPolicy>,
    pub session_affinity: Option<SessionAffinity>,
    pub session_affinity_timeout: Option<String>,
    pub load_balancer_class: Option<String>,
    pub source_ranges: Vec<String>,
    pub ip_family_policy: Option<IpFamilyPolicy>,
    pub ip_family: Vec<IpFamily>,
    pub publish_not_ready_addresses: bool,
    pub format: NewFormat,
}

impl GenerateRequest {
    /// A request with nothing but the type and name: every other setting at its default.
    pub fn new(kind: Kind, name: Option<String>) -> GenerateRequest {
        GenerateRequest {
            kind,
            name,
            ports: Vec::new(),
            target: None,
            port_names: Vec::new(),
            app_protocols: Vec::new(),
            node_ports: Vec::new(),
            selectors: Vec::new(),
            no_selector: false,
            from: None,
            workload: None,
            namespace: None,
            labels: Vec::new(),
            annotations: Vec::new(),
            external_name: None,
            external_traffic_policy: None,
            internal_traffic_policy: None,
            session_affinity: None,
            session_affinity_timeout: None,
            load_balancer_class: None,
            source_ranges: Vec::new(),
            ip_family_policy: None,
            ip_family: Vec::new(),
            publish_not_ready_addresses: false,
            format: NewFormat::Yaml,
        }
    }
}

/// How `-o FILE` treats a file that exists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteMode {
    pub append: bool,
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_name_takes_names_and_aliases_in_any_case() {
        assert_eq!(Kind::from_name("NodePort"), Some(Kind::NodePort));
        assert_eq!(Kind::from_name("NP"), Some(Kind::NodePort));
        assert_eq!(Kind::from_name("load-balancer"), Some(Kind::LoadBalancer));
        assert_eq!(Kind::from_name("Cluster-IP"), Some(Kind::ClusterIp));
        assert_eq!(Kind::from_name("HEADLESS"), Some(Kind::Headless));
        assert_eq!(Kind::from_name("ingress"), None);
        assert_eq!(Kind::from_name(""), None);
    }
}
