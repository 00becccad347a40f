//! SVC100: a selector that matches no Pod of its namespace, with the near miss that explains it.

use crate::audit::AuditFinding;
use crate::audit::snapshot::{Snapshot, Svc};
use crate::k8s::text::listing;
use crate::lint::index::near_miss;
use crate::lint::rules::selector_matches_no_pod::SelectorMatchesNoPod;

/// Near misses looked at per Service, so that a namespace of many failing Services stays linear.
const LOOKED_AT: usize = 1024;

pub fn check(snap: &Snapshot, out: &mut Vec<AuditFinding>) {
    if !snap.seen.pods {
        return;
    }
    for svc in snap.services.iter().filter(|s| s.selects_pods()) {
        if !snap.selected(&svc.namespace, &svc.selector).is_empty() {
            continue;
        }
        let mut message = format!(
            "the selector {} matches none of the {} Pods in namespace {}",
            svc.selector_text(),
            snap.pods_in(&svc.namespace).len(),
            svc.namespace
        );
        let help;
        if let Some(detail) = near_miss_pod(snap, svc) {
            message.push_str(&format!("; {detail}"));
            help = "make every selector label equal to a label of the Pods (or fix the Pods' template)";
        } else if snap.seen.all_namespaces {
            let elsewhere = snap.selected_elsewhere(&svc.namespace, &svc.selector);
            let mut namespaces: Vec<&str> = elsewhere
                .iter()
                .filter_map(|&i| snap.pod(i))
                .map(|p| p.metadata.namespace.as_str())
                .collect();
            namespaces.sort_unstable();
            namespaces.dedup();
            if namespaces.is_empty() {
                help = "check that the workload meant to serve it is running and labelled with every selector label";
            } else {
                message.push_str(&format!(
                    "; Pods with these labels run in namespace {}, and a Service only selects Pods of its own namespace",
                    listing(&namespaces, |n| n.to_string())
                ));
                help =
                    "put the Service in the namespace of its Pods (or the Pods in the Service's)";
            }
        } else {
            help = "check that the workload meant to serve it is running and labelled with every selector label";
        }
        out.push(
            AuditFinding::service(&SelectorMatchesNoPod::META, svc, message)
                .field("spec.selector")
                .help(help),
        );
    }
}

/// A Pod of the Service's namespace that the selector misses by one label: a label it lacks (for
/// selectors of two labels or more) or a value one typo away.
fn near_miss_pod(snap: &Snapshot, svc: &Svc) -> Option<String> {
    for (key, wanted) in &svc.selector {
        let others: std::collections::BTreeMap<String, String> = svc
            .selector
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let candidates: Vec<u32> = if others.is_empty() {
            snap.pods_in(&svc.namespace)
                .iter()
                .copied()
                .take(LOOKED_AT)
                .collect()
        } else {
            snap.selected(&svc.namespace, &others)
        };
        for pod in candidates
            .iter()
            .take(LOOKED_AT)
            .filter_map(|&i| snap.pod(i))
        {
            let name = &pod.metadata.name;
            match pod.metadata.labels.get(key) {
                None if !others.is_empty() => {
                    return Some(format!(
                        "Pod {name} has every other selector label but no {key} label"
                    ));
                }
                Some(actual) if near_miss(wanted, actual) => {
                    return Some(format!("Pod {name} has {key}={actual}, not {wanted}"));
                }
                _ => {}
            }
        }
    }
    None
}
