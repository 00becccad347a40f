//! SVC101 and SVC102: matching Pods but none ready, and EndpointSlices that disagree with the
//! Pods the selector matches.

use std::collections::HashSet;

use crate::audit::AuditFinding;
use crate::audit::snapshot::Snapshot;
use crate::k8s::text::listing;
use crate::lint::rules::no_ready_endpoints::NoReadyEndpoints;
use crate::lint::rules::stale_endpoint_slices::StaleEndpointSlices;

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    if !snap.seen.pods {
        return;
    }
    for svc in snap.services.iter().filter(|s| s.selects_pods()) {
        let selected = snap.selected(&svc.namespace, &svc.selector);
        if selected.is_empty() {
            continue;
        }
        let pods: Vec<_> = selected.iter().filter_map(|&i| snap.pod(i)).collect();
        let ready: Vec<&str> = pods
            .iter()
            .filter(|p| p.is_ready())
            .map(|p| p.metadata.name.as_str())
            .collect();
        // Slices that still route to Pods none of which is ready are stale, not empty: the
        // stale-slice finding below says so instead.
        let routed_by_stale_slices = ready.is_empty()
            && snap.seen.slices
            && snap
                .slices_of(svc)
                .any(|s| s.endpoints.iter().any(|e| e.is_ready()));
        if ready.is_empty() && !routed_by_stale_slices {
            let terminating = pods
                .iter()
                .filter(|p| p.metadata.deletion_timestamp.is_some())
                .count();
            let pending = pods
                .iter()
                .filter(|p| {
                    p.metadata.deletion_timestamp.is_none()
                        && p.status.phase.as_deref().is_none_or(|s| s == "Pending")
                })
                .count();
            let not_ready = pods.len() - terminating - pending;
            out.push(
                AuditFinding::service(
                    &NoReadyEndpoints::META,
                    svc,
                    format!(
                        "{} Pod{} match{} the selector {} but none is ready ({pending} Pending, {not_ready} running but not ready, {terminating} terminating): every connection to the Service is refused",
                        pods.len(),
                        if pods.len() == 1 { "" } else { "s" },
                        if pods.len() == 1 { "es" } else { "" },
                        svc.selector_text()
                    ),
                )
                .field("spec.selector")
                .help("see why with `kubectl describe pod` (readiness probe, image pull, scheduling)"),
            );
            continue;
        }
        if !snap.seen.slices || (ready.is_empty() && !routed_by_stale_slices) {
            continue;
        }
        // Compare the slices with the Pods: what kube-proxy routes to is the slices.
        let ready_set: HashSet<&str> = ready.iter().copied().collect();
        let mut listed: HashSet<&str> = HashSet::new();
        let mut gone: Vec<String> = Vec::new();
        let mut slices = 0;
        for slice in snap.slices_of(svc) {
            slices += 1;
            for endpoint in &slice.endpoints {
                let Some(target) = endpoint.target_ref.as_ref().filter(|t| t.kind == "Pod") else {
                    continue;
                };
                if !endpoint.is_ready() {
                    continue;
                }
                if ready_set.contains(target.name.as_str()) {
                    listed.insert(target.name.as_str());
                } else {
                    gone.push(target.name.clone());
                }
            }
        }
        let missing: Vec<&str> = ready
            .iter()
            .copied()
            .filter(|n| !listed.contains(n))
            .collect();
        if gone.is_empty() && missing.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        if slices == 0 {
            parts.push(format!(
                "no EndpointSlice lists the {} ready Pod{} the selector matches ({})",
                ready.len(),
                if ready.len() == 1 { "" } else { "s" },
                listing(&ready, |n| n.to_string())
            ));
        } else {
            if !gone.is_empty() {
                gone.sort();
                parts.push(format!(
                    "its EndpointSlices route to {} endpoint{} whose Pod is gone, unready or no longer selected ({})",
                    gone.len(),
                    if gone.len() == 1 { "" } else { "s" },
                    listing(&gone, |n| n.to_string())
                ));
            }
            if !missing.is_empty() {
                parts.push(format!(
                    "{} ready Pod{} missing from them ({})",
                    missing.len(),
                    if missing.len() == 1 { " is" } else { "s are" },
                    listing(&missing, |n| n.to_string())
                ));
            }
        }
        out.push(
            AuditFinding::service(&StaleEndpointSlices::META, svc, parts.join("; "))
                .help("the EndpointSlices are stale: check that kube-controller-manager (the endpointslice controller) is running, or whoever manages them"),
        );
    }
}
