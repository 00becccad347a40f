//! SVC113: an ExternalName Service with ports, which nothing applies. (Its selector is reported by
//! the offline rule `field-ignored-for-type`, which runs on every live Service.)

use crate::audit::AuditFinding;
use crate::audit::snapshot::Snapshot;
use crate::lint::rules::external_name_with_ports::ExternalNameWithPorts;

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    for svc in snap
        .services
        .iter()
        .filter(|s| s.kind == "ExternalName" && !s.ports.is_empty())
    {
        let target = svc.external_name.as_deref().unwrap_or("");
        let remapped = svc.ports.iter().any(|p| match &p.target_port {
            Some(serde_json::Value::Number(n)) => n.as_i64() != Some(p.port),
            Some(serde_json::Value::String(_)) => true,
            _ => false,
        });
        out.push(
            AuditFinding::service(
                &ExternalNameWithPorts::META,
                svc,
                format!(
                    "an ExternalName Service is a DNS alias (CNAME to {target}); its {} port{} nothing: clients connect to {target} on whatever port they choose{}",
                    svc.ports.len(),
                    if svc.ports.len() == 1 { " changes" } else { "s change" },
                    if remapped { ", and no targetPort is ever applied" } else { "" }
                ),
            )
            .field("spec.ports")
            .help("remove the ports (they are documentation at best), or make the Service a ClusterIP Service if it should map ports"),
        );
    }
}
