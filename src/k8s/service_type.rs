//! The Service types: the one representation lint, generate and explain share.

/// The four Service types, after defaulting (an absent or empty `type` is ClusterIP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceType {
    ClusterIp,
    NodePort,
    LoadBalancer,
    ExternalName,
    /// A value the API server refuses; what depends on the type stays quiet about it.
    Unknown,
}

impl ServiceType {
    /// The type a written `spec.type` gives a Service, with the API server's default.
    pub fn of(written: Option<&str>) -> ServiceType {
        match written {
            None | Some("") | Some("ClusterIP") => ServiceType::ClusterIp,
            Some("NodePort") => ServiceType::NodePort,
            Some("LoadBalancer") => ServiceType::LoadBalancer,
            Some("ExternalName") => ServiceType::ExternalName,
            Some(_) => ServiceType::Unknown,
        }
    }

    /// The API's spelling (`NodePort`); `None` for a value the API server refuses.
    pub const fn api_name(self) -> Option<&'static str> {
        match self {
            ServiceType::ClusterIp => Some("ClusterIP"),
            ServiceType::NodePort => Some("NodePort"),
            ServiceType::LoadBalancer => Some("LoadBalancer"),
            ServiceType::ExternalName => Some("ExternalName"),
            ServiceType::Unknown => None,
        }
    }

    /// Whether kube-proxy gives it a virtual IP and forwards its ports (all but ExternalName).
    pub fn is_proxied(self) -> bool {
        matches!(
            self,
            ServiceType::ClusterIp | ServiceType::NodePort | ServiceType::LoadBalancer
        )
    }

    /// Whether every node opens its ports (NodePort, and LoadBalancer on top of it).
    pub fn opens_node_ports(self) -> bool {
        matches!(self, ServiceType::NodePort | ServiceType::LoadBalancer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_or_empty_type_is_cluster_ip_and_a_wrong_one_is_unknown() {
        assert_eq!(ServiceType::of(None), ServiceType::ClusterIp);
        assert_eq!(ServiceType::of(Some("")), ServiceType::ClusterIp);
        assert_eq!(ServiceType::of(Some("nodeport")), ServiceType::Unknown);
        for t in [
            ServiceType::ClusterIp,
            ServiceType::NodePort,
            ServiceType::LoadBalancer,
            ServiceType::ExternalName,
        ] {
            assert_eq!(ServiceType::of(t.api_name()), t);
        }
        assert_eq!(ServiceType::Unknown.api_name(), None);
    }
}
