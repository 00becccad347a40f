//! One file per rule. Each file's doc comment is the rule's documentation (`svcctl explain RULE`).
//!
//! Generated from the rule files by `tests/rule_registry.rs`; do not edit by hand. After adding,
//! renaming or removing a rule file, run `SVCCTL_BLESS=1 cargo test --test rule_registry`.

pub mod ambiguous_scalar;
pub mod backend_missing_in_cluster;
pub mod cluster_ip_on_external_name;
pub mod cluster_ip_outside_service_cidr;
pub mod deprecated_external_ips;
pub mod deprecated_load_balancer_ip;
pub mod deprecated_prefer_close;
pub mod deprecated_topology_aware_hints;
pub mod duplicate_key;
pub mod duplicate_node_port;
pub mod duplicate_port;
pub mod duplicate_port_name;
pub mod duplicate_service;
pub mod external_ips;
pub mod external_name_is_ip;
pub mod external_name_with_ports;
pub mod field_ignored_for_type;
pub mod headless_type_conflict;
pub mod helm_chart_not_rendered;
pub mod helm_template_failed;
pub mod ignored_on_headless;
pub mod ingress_backend_mismatch;
pub mod invalid_annotation;
pub mod invalid_app_protocol;
pub mod invalid_cluster_ip;
pub mod invalid_external_ip;
pub mod invalid_external_name;
pub mod invalid_external_traffic_policy;
pub mod invalid_health_check_node_port;
pub mod invalid_internal_traffic_policy;
pub mod invalid_ip_family;
pub mod invalid_kustomization;
pub mod invalid_label;
pub mod invalid_load_balancer_class;
pub mod invalid_metadata;
pub mod invalid_name;
pub mod invalid_namespace;
pub mod invalid_port_name;
pub mod invalid_protocol;
pub mod invalid_selector;
pub mod invalid_session_affinity;
pub mod invalid_source_range;
pub mod invalid_target_port_name;
pub mod invalid_traffic_distribution;
pub mod invalid_type;
pub mod invalid_type_meta;
pub mod invalid_value_type;
pub mod ip_family_not_configured;
pub mod kustomization_not_applied_as_written;
pub mod live_object_dump;
pub mod load_balancer_class_unserved;
pub mod load_balancer_field_on_wrong_type;
pub mod load_balancer_pending;
pub mod load_balancer_without_source_ranges;
pub mod local_traffic_dropped_on_nodes;
pub mod local_traffic_without_health_check;
pub mod no_ready_endpoints;
pub mod node_port_conflict;
pub mod node_port_exposed;
pub mod node_port_on_cluster_ip;
pub mod node_port_range;
pub mod non_canonical_ip;
pub mod orphaned_endpoint_slice;
pub mod pods_disagree_on_port;
pub mod port_name_missing;
pub mod port_out_of_range;
pub mod ports_required;
pub mod same_port_tcp_and_udp;
pub mod selector_matches_no_pod;
pub mod selector_matches_nothing;
pub mod selector_ports_disagree;
pub mod selectorless_without_endpoints;
pub mod session_affinity_config_ignored;
pub mod stale_endpoint_slices;
pub mod statefulset_service_mismatch;
pub mod target_port_name_not_found;
pub mod target_port_name_not_in_pods;
pub mod target_port_not_declared;
pub mod target_port_not_in_pods;
pub mod template_document_not_checked;
pub mod topology_annotation_mismatch;
pub mod traffic_policy_contradicts_type;
pub mod unknown_field;
pub mod yaml_syntax;

use super::{Rule, RuleMeta};
use crate::model::path::FieldPath;

/// Every rule, in code order: the order of `svcctl rules` and of the documentation.
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
    &helm_chart_not_rendered::HelmChartNotRendered,
    &template_document_not_checked::TemplateDocumentNotChecked,
    &helm_template_failed::HelmTemplateFailed,
    &selector_matches_no_pod::SelectorMatchesNoPod,
    &no_ready_endpoints::NoReadyEndpoints,
    &stale_endpoint_slices::StaleEndpointSlices,
    &target_port_name_not_in_pods::TargetPortNameNotInPods,
    &target_port_not_in_pods::TargetPortNotInPods,
    &pods_disagree_on_port::PodsDisagreeOnPort,
    &load_balancer_pending::LoadBalancerPending,
    &load_balancer_class_unserved::LoadBalancerClassUnserved,
    &local_traffic_dropped_on_nodes::LocalTrafficDroppedOnNodes,
    &local_traffic_without_health_check::LocalTrafficWithoutHealthCheck,
    &selectorless_without_endpoints::SelectorlessWithoutEndpoints,
    &orphaned_endpoint_slice::OrphanedEndpointSlice,
    &backend_missing_in_cluster::BackendMissingInCluster,
    &external_name_with_ports::ExternalNameWithPorts,
];

/// The rule unreadable inputs and YAML syntax errors are reported under.
pub(crate) static INPUT_ERRORS: &RuleMeta = &yaml_syntax::YamlSyntax::META;

pub(crate) fn path(text: &str) -> FieldPath {
    FieldPath::parse(text)
}
