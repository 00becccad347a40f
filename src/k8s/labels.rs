//! How a Service's label selector selects Pods: the labels written on a workload's Pod
//! template, and those its controller adds.

use super::compact::Labels;
use super::facts::WorkloadFacts;

/// Labels that controllers add to the Pods they create, so selectors may use them.
pub const CONTROLLER_LABELS: &[&str] = &[
    "statefulset.kubernetes.io/pod-name",
    "apps.kubernetes.io/pod-index",
    "job-name",
    "batch.kubernetes.io/job-name",
    "controller-uid",
    "batch.kubernetes.io/controller-uid",
    "pod-template-hash",
];

/// Whether a workload's Pods carry `key=value` because their controller adds it, although the
/// manifest does not say so. The value must fit the workload where it can be checked (a
/// StatefulSet Pod's name starts with the StatefulSet's), so that `pod-name: web-0` selects the
/// Pods of StatefulSet `web` only.
fn controller_label_present(workload: &WorkloadFacts, key: &str, value: &str) -> bool {
    let object = workload.object();
    let kind = object.kind;
    let name = object.name.unwrap_or("");
    let child_of = |v: &str| {
        v.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|rest| !rest.is_empty())
    };
    match key {
        "statefulset.kubernetes.io/pod-name" => kind == "StatefulSet" && child_of(value),
        "apps.kubernetes.io/pod-index" => kind == "StatefulSet",
        "job-name" | "batch.kubernetes.io/job-name" => match kind {
            "Job" => value == name,
            "CronJob" => child_of(value),
            _ => false,
        },
        "controller-uid" | "batch.kubernetes.io/controller-uid" => {
            matches!(kind, "Job" | "CronJob")
        }
        "pod-template-hash" => matches!(kind, "Deployment" | "ReplicaSet"),
        _ => false,
    }
}

/// A live Service's `spec.selector` (JSON, as the API server sends it) as key/value pairs, in
/// the server's order; empty when it has none.
pub fn selector_of(spec: &serde_json::Value) -> Vec<(String, String)> {
    spec.get("selector")
        .and_then(serde_json::Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a selector (already known to be non-empty) selects a workload's Pods: every key must
/// match (a partial match is no match, kube-score#316).
pub fn selects(selector: Labels<'_>, workload: &WorkloadFacts) -> bool {
    unmatched(selector, workload).next().is_none()
}

/// The selector's `(key, value)` pairs that a workload's Pods do not carry (neither written on
/// the template nor added by their controller), in key order, each with the value the template
/// gives that key, if any. Both label sets are sorted by key, so this is one walk over the two:
/// a lookup per selector key would make a 50,000-label selector against a 50,000-label template
/// quadratic.
pub fn unmatched<'s>(
    selector: Labels<'s>,
    workload: &'s WorkloadFacts,
) -> impl Iterator<Item = (&'s str, &'s str, Option<&'s str>)> {
    let mut labels = workload.pod_labels().iter().peekable();
    selector.iter().filter_map(move |(key, wanted)| {
        while labels.next_if(|&(label, _)| label < key).is_some() {}
        let actual = labels
            .peek()
            .filter(|&&(label, _)| label == key)
            .map(|&(_, value)| value);
        let matched = actual == Some(wanted)
            || (CONTROLLER_LABELS.contains(&key)
                && controller_label_present(workload, key, wanted));
        (!matched).then_some((key, wanted, actual))
    })
}
