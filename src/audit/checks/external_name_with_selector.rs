//! SVC113: an ExternalName Service that also carries a selector or ports, which nothing uses.

use crate::audit::AuditFinding;
use crate::audit::snapshot::Snapshot;
use crate::lint::rules::external_name_with_selector::ExternalNameWithSelector;

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    for svc in snap.services.iter().filter(|s| s.kind == "ExternalName") {
        let target = svc.external_name.as_deref().unwrap_or("");
        if !svc.selector.is_empty() {
            out.push(
                AuditFinding::service(
                    &ExternalNameWithSelector::META,
                    svc,
                    format!(
                        "an ExternalName Service is a DNS alias (CNAME to {target}); its selector {} selects Pods for nothing",
                        svc.selector_text()
                    ),
                )
                .field("spec.selector")
                .help("remove the selector, or make the Service a ClusterIP Service if it should reach the Pods"),
            );
        }
        if !svc.ports.is_empty() {
            out.push(
                AuditFinding::service(
                    &ExternalNameWithSelector::META,
                    svc,
                    format!(
                        "an ExternalName Service is a DNS alias (CNAME to {target}); its {} port{} change nothing: clients connect to {target} on whatever port they choose",
                        svc.ports.len(),
                        if svc.ports.len() == 1 { "" } else { "s" }
                    ),
                )
                .field("spec.ports")
                .help("remove the ports (they are documentation at best)"),
            );
        }
    }
}
