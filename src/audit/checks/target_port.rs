//! SVC103, SVC104, SVC105: where each port's targetPort lands in the Pods the selector matches.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::audit::AuditFinding;
use crate::audit::snapshot::Snapshot;
use crate::k8s::text::listing;
use crate::lint::rules::pods_disagree_on_port::PodsDisagreeOnPort;
use crate::lint::rules::target_port_name_not_in_pods::TargetPortNameNotInPods;
use crate::lint::rules::target_port_not_in_pods::TargetPortNotInPods;

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    if !snap.seen.pods {
        return;
    }
    for svc in snap.services.iter().filter(|s| s.selects_pods()) {
        let selected = snap.selected(&svc.namespace, &svc.selector);
        let pods: Vec<_> = selected.iter().filter_map(|&i| snap.pod(i)).collect();
        if pods.is_empty() {
            continue;
        }
        for (i, port) in svc.ports.iter().enumerate() {
            let field = format!("spec.ports[{i}].targetPort");
            match &port.target_port {
                Some(Value::String(name)) => {
                    // Named: each Pod resolves it on its own; name → the numbers Pods give it.
                    let mut numbers: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
                    let mut without: Vec<&str> = Vec::new();
                    for pod in &pods {
                        let found = pod
                            .spec
                            .containers
                            .iter()
                            .flat_map(|c| &c.ports)
                            .find(|p| p.name.as_deref() == Some(name.as_str()));
                        match found {
                            Some(p) => numbers
                                .entry(p.container_port)
                                .or_default()
                                .push(&pod.metadata.name),
                            None => without.push(&pod.metadata.name),
                        }
                    }
                    if numbers.is_empty() {
                        out.push(
                            AuditFinding::service(
                                &TargetPortNameNotInPods::META,
                                svc,
                                format!(
                                    "targetPort {name:?} is declared by no container of the {} Pod{} the selector matches ({}): connections to port {} are refused",
                                    pods.len(),
                                    if pods.len() == 1 { "" } else { "s" },
                                    listing(&pods, |p| p.metadata.name.clone()),
                                    port.port
                                ),
                            )
                            .field(&field)
                            .help("name a port the containers declare (spec.containers[].ports[].name), or use its number"),
                        );
                    } else if numbers.len() > 1 || !without.is_empty() {
                        let mut parts: Vec<String> = numbers
                            .iter()
                            .map(|(n, names)| {
                                format!("{n} in {}", listing(names, |p| p.to_string()))
                            })
                            .collect();
                        if !without.is_empty() {
                            parts.push(format!(
                                "undeclared in {}",
                                listing(&without, |p| p.to_string())
                            ));
                        }
                        out.push(
                            AuditFinding::service(
                                &PodsDisagreeOnPort::META,
                                svc,
                                format!(
                                    "the Pods the selector matches disagree about port {name:?}: {}; traffic to port {} lands on a different container port depending on the Pod",
                                    parts.join(", "),
                                    port.port
                                ),
                            )
                            .field(&field)
                            .help("roll out one version of the Pods, or narrow the selector to the Pods of one workload"),
                        );
                    }
                }
                other => {
                    let number = other.as_ref().and_then(Value::as_i64).unwrap_or(port.port);
                    let declared: Vec<i64> = pods
                        .iter()
                        .flat_map(|p| &p.spec.containers)
                        .flat_map(|c| &c.ports)
                        .map(|p| p.container_port)
                        .collect();
                    if declared.is_empty() || declared.contains(&number) {
                        continue;
                    }
                    let mut listed = declared.clone();
                    listed.sort_unstable();
                    listed.dedup();
                    out.push(
                        AuditFinding::service(
                            &TargetPortNotInPods::META,
                            svc,
                            format!(
                                "targetPort {number} is declared by no container of the Pods the selector matches, which declare {}; it works only if something listens on {number} anyway",
                                listing(&listed, |n| n.to_string())
                            ),
                        )
                        .field(&field)
                        .help("point targetPort at a declared container port, or declare this one"),
                    );
                }
            }
        }
    }
}
