//! SVC110: a Service without a selector whose endpoints nobody wrote.

use crate::audit::AuditFinding;
use crate::audit::snapshot::Snapshot;
use crate::lint::rules::selectorless_without_endpoints::SelectorlessWithoutEndpoints;

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    if !snap.seen.slices || !snap.seen.endpoints {
        return;
    }
    for svc in snap
        .services
        .iter()
        .filter(|s| s.kind != "ExternalName" && s.selector.is_empty())
    {
        if snap.slices_of(svc).next().is_some() || snap.has_endpoints_object(svc) {
            continue;
        }
        out.push(
            AuditFinding::service(
                &SelectorlessWithoutEndpoints::META,
                svc,
                "the Service has no selector and no EndpointSlice or Endpoints of its own: it sends traffic nowhere".to_string(),
            )
            .field("spec.selector")
            .help(format!(
                "add a selector, or create an EndpointSlice labelled kubernetes.io/service-name={} with the backends' addresses",
                svc.name
            )),
        );
    }
}
