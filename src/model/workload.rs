//! Where the objects that run Pods keep them: which kinds those are, the spec that holds a
//! controller's Pod template and selector, and the labels and spec of the Pods themselves. Lint's
//! cross-object index and `svcctl new --from` read workloads through these.

use super::yaml::Node;

/// The kinds whose objects run Pods. The order is fixed: lint's facts keep an index into it.
pub const KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

/// The spec that holds a controller's Pod `template` and `selector`: `spec`, or a CronJob's
/// `spec.jobTemplate.spec`. `None` for a Pod (it is its own Pod) and for other kinds.
pub fn controller_spec<'a>(kind: &str, node: &'a Node) -> Option<&'a Node> {
    let spec = node.get("spec");
    match kind {
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job" => spec,
        "CronJob" => spec
            .and_then(|s| s.get("jobTemplate"))
            .and_then(|j| j.get("spec")),
        _ => None,
    }
}

/// The labels and spec of the Pods a workload runs: a Pod's own, or its Pod template's. `None`
/// for kinds that run no Pods.
pub fn pod_labels_and_spec<'a>(
    kind: &str,
    node: &'a Node,
) -> Option<(Option<&'a Node>, Option<&'a Node>)> {
    if kind == "Pod" {
        return Some((
            node.get("metadata").and_then(|m| m.get("labels")),
            node.get("spec"),
        ));
    }
    if !KINDS.contains(&kind) {
        return None;
    }
    let template = controller_spec(kind, node).and_then(|s| s.get("template"));
    Some((
        template
            .and_then(|t| t.get("metadata"))
            .and_then(|m| m.get("labels")),
        template.and_then(|t| t.get("spec")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::root;

    #[test]
    fn pods_are_found_wherever_each_kind_keeps_them() {
        let cron = root(
            "kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: c}}\n        spec: {containers: []}\n",
        );
        let (labels, spec) = pod_labels_and_spec("CronJob", &cron).expect("runs Pods");
        assert_eq!(
            labels.and_then(|l| l.get("app")).and_then(Node::as_str),
            Some("c")
        );
        assert!(spec.and_then(|s| s.get("containers")).is_some());

        let pod = root("kind: Pod\nmetadata: {labels: {app: p}}\nspec: {containers: []}\n");
        let (labels, _) = pod_labels_and_spec("Pod", &pod).expect("runs Pods");
        assert_eq!(
            labels.and_then(|l| l.get("app")).and_then(Node::as_str),
            Some("p")
        );
        assert!(controller_spec("Pod", &pod).is_none());

        let config = root("kind: ConfigMap\ndata: {}\n");
        assert!(pod_labels_and_spec("ConfigMap", &config).is_none());
    }
}
