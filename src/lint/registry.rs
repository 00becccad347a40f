//! The rule registry. Its order is the order of `svcctl rules` and of the documentation; codes are
//! never reused (a test keeps ids and codes unique).

use super::Rule;
use super::rules::*;

pub static RULES: &[&dyn Rule] = &[
    &yaml_syntax::YamlSyntax,
    &invalid_value_type::InvalidValueType,
    &unknown_field::UnknownField,
    &duplicate_key::DuplicateKey,
    &invalid_name::InvalidName,
    &invalid_namespace::InvalidNamespace,
    &invalid_label::InvalidLabel,
    &invalid_annotation::InvalidAnnotation,
    &invalid_metadata::InvalidMetadata,
    &topology_annotation_mismatch::TopologyAnnotationMismatch,
    &ports_required::PortsRequired,
    &node_port_range::NodePortRange,
    &port_name_missing::PortNameMissing,
    &invalid_port_name::InvalidPortName,
    &duplicate_port_name::DuplicatePortName,
    &port_out_of_range::PortOutOfRange,
    &invalid_protocol::InvalidProtocol,
    &invalid_target_port_name::InvalidTargetPortName,
    &invalid_app_protocol::InvalidAppProtocol,
    &duplicate_port::DuplicatePort,
    &invalid_selector::InvalidSelector,
    &invalid_session_affinity::InvalidSessionAffinity,
    &invalid_cluster_ip::InvalidClusterIp,
    &invalid_ip_family::InvalidIpFamily,
    &headless_type_conflict::HeadlessTypeConflict,
    &cluster_ip_on_external_name::ClusterIpOnExternalName,
    &invalid_external_name::InvalidExternalName,
    &invalid_external_ip::InvalidExternalIp,
    &invalid_type::InvalidType,
    &node_port_on_cluster_ip::NodePortOnClusterIp,
    &duplicate_node_port::DuplicateNodePort,
    &load_balancer_field_on_wrong_type::LoadBalancerFieldOnWrongType,
    &invalid_source_range::InvalidSourceRange,
    &invalid_load_balancer_class::InvalidLoadBalancerClass,
    &invalid_external_traffic_policy::InvalidExternalTrafficPolicy,
    &invalid_health_check_node_port::InvalidHealthCheckNodePort,
    &invalid_internal_traffic_policy::InvalidInternalTrafficPolicy,
    &invalid_traffic_distribution::InvalidTrafficDistribution,
    &cluster_ip_outside_service_cidr::ClusterIpOutsideServiceCidr,
    &ip_family_not_configured::IpFamilyNotConfigured,
    &invalid_type_meta::InvalidTypeMeta,
    &selector_matches_nothing::SelectorMatchesNothing,
    &target_port_name_not_found::TargetPortNameNotFound,
    &target_port_not_declared::TargetPortNotDeclared,
    &selector_ports_disagree::SelectorPortsDisagree,
    &node_port_conflict::NodePortConflict,
    &duplicate_service::DuplicateService,
    &statefulset_service_mismatch::StatefulsetServiceMismatch,
    &ingress_backend_mismatch::IngressBackendMismatch,
    &external_ips::ExternalIps,
    &external_name_is_ip::ExternalNameIsIp,
    &load_balancer_without_source_ranges::LoadBalancerWithoutSourceRanges,
    &node_port_exposed::NodePortExposed,
    &deprecated_load_balancer_ip::DeprecatedLoadBalancerIp,
    &deprecated_external_ips::DeprecatedExternalIps,
    &deprecated_topology_aware_hints::DeprecatedTopologyAwareHints,
    &deprecated_prefer_close::DeprecatedPreferClose,
    &ignored_on_headless::IgnoredOnHeadless,
    &field_ignored_for_type::FieldIgnoredForType,
    &session_affinity_config_ignored::SessionAffinityConfigIgnored,
    &same_port_tcp_and_udp::SamePortTcpAndUdp,
    &live_object_dump::LiveObjectDump,
    &traffic_policy_contradicts_type::TrafficPolicyContradictsType,
    &non_canonical_ip::NonCanonicalIp,
    &ambiguous_scalar::AmbiguousScalar,
    &invalid_kustomization::InvalidKustomization,
    &kustomization_not_applied_as_written::KustomizationNotAppliedAsWritten,
];

/// A rule by id (`node-port-range`) or code (`SVC012`, any case).
pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().id == name || r.meta().code.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_codes_are_unique_and_documented() {
        let mut ids = HashSet::new();
        let mut codes = HashSet::new();
        for rule in RULES {
            let m = rule.meta();
            assert!(ids.insert(m.id), "duplicate id {}", m.id);
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(m.code.starts_with("SVC") && m.code.len() == 6, "{}", m.code);
            let docs = m.documentation();
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## References",
            ] {
                assert!(docs.contains(heading), "{} lacks `{heading}`", m.id);
            }
        }
    }
}
