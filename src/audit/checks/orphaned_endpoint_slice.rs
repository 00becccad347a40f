//! SVC111: an EndpointSlice whose `kubernetes.io/service-name` names no Service.

use crate::audit::AuditFinding;
use crate::audit::snapshot::Snapshot;
use crate::lint::rules::orphaned_endpoint_slice::OrphanedEndpointSlice;

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    for slice in &snap.slices {
        let Some(service) = slice.service_name() else {
            continue;
        };
        if snap.service(&slice.metadata.namespace, service).is_some() {
            continue;
        }
        out.push(
            AuditFinding::object(
                &OrphanedEndpointSlice::META,
                "discovery.k8s.io/v1",
                "EndpointSlice",
                &slice.metadata.namespace,
                &slice.metadata.name,
                format!(
                    "the EndpointSlice belongs to Service {service}, which does not exist in namespace {}: its {} endpoint{} nothing",
                    slice.metadata.namespace,
                    slice.endpoints.len(),
                    if slice.endpoints.len() == 1 { " serves" } else { "s serve" }
                ),
            )
            .field("metadata.labels[kubernetes.io/service-name]")
            .help("delete the EndpointSlice, or create the Service it was written for"),
        );
    }
}
