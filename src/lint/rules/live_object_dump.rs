use crate::lint::declare::declare_rule;
use crate::lint::{Check, Finding, ServiceContext};
use crate::model::path::FieldPath;
use crate::model::yaml::{Node, NodeKind, Resolved};

declare_rule! {
    /// ## What it does
    /// Flags a Service that carries what the cluster writes into a live object:
    /// `metadata.resourceVersion`, `metadata.uid`, `metadata.creationTimestamp`,
    /// `metadata.managedFields`, `metadata.selfLink`, or a non-empty `status`. One finding per
    /// object, at the first such field. (`creationTimestamp: null` and an empty
    /// `status.loadBalancer`, which `kubectl create --dry-run=client -o yaml` prints, are not
    /// counted.)
    ///
    /// ## Why is this bad?
    /// Output of `kubectl get -o yaml` does not apply cleanly elsewhere. With a
    /// `resourceVersion` the API server refuses to create the object (`resourceVersion should not
    /// be set on objects to be created`), and on update it turns the apply into an optimistic
    /// lock that fails as soon as the object changes. Such dumps usually also pin the cluster IP
    /// and node ports allocated by the source cluster, which collide or fall outside the ranges
    /// of another one.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   resourceVersion: "123456"
    ///   uid: 0b0f1f5e-6c3a-4c1e-9f7a-1c2d3e4f5a6b
    /// spec:
    ///   clusterIP: 10.96.14.7
    /// status:
    ///   loadBalancer: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/#object-spec-and-status
    pub struct LiveObjectDump {
        id: "live-object-dump",
        code: "SVC084",
        category: BestPractice,
        severity: Warning,
        summary: "output of kubectl get -o yaml that will not apply cleanly",
    }
}

/// Whether a node holds any value at all (a scalar other than null, somewhere inside).
fn has_content(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Scalar(_) => !matches!(node.resolved(), Some(Resolved::Null)),
        NodeKind::Seq(items) => items.iter().any(has_content),
        NodeKind::Map(entries) => entries.iter().any(|e| has_content(&e.value)),
    }
}

impl Check for LiveObjectDump {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let meta = svc.node.get("metadata");
        let mut found: Vec<(usize, &str)> = Vec::new();
        for field in [
            "resourceVersion",
            "uid",
            "creationTimestamp",
            "managedFields",
            "selfLink",
        ] {
            let Some(entry) = meta.and_then(|m| m.entry(field)) else {
                continue;
            };
            if has_content(&entry.value) {
                found.push((entry.key.span.start, field));
            }
        }
        if let Some(status) = svc.node.entry("status")
            && has_content(&status.value)
        {
            found.push((status.key.span.start, "status"));
        }
        found.sort();
        let Some(&(_, first)) = found.first() else {
            return;
        };
        let path_of = |field: &str| {
            if field == "status" {
                "status".to_string()
            } else {
                format!("metadata.{field}")
            }
        };
        let fields: Vec<String> = found.iter().map(|(_, f)| path_of(f)).collect();
        let mut message = format!(
            "this looks like a dump of a live object: {} {} set by the cluster",
            fields.join(", "),
            if fields.len() == 1 { "is" } else { "are" }
        );
        if found.iter().any(|(_, f)| *f == "resourceVersion") {
            message.push_str(
                "; creating it fails with `resourceVersion should not be set on objects to be created`",
            );
        }
        let cluster_ips = svc.cluster_ips();
        if cluster_ips.iter().any(|ip| !ip.is_empty() && *ip != "None") {
            message.push_str(&format!(
                "; it also pins the clusterIP {} of the source cluster",
                cluster_ips.join(", ")
            ));
        }
        out.push(
            Finding::at(&Self::META, FieldPath::parse(&path_of(first)), message).help(
                "remove the fields the cluster sets (status, resourceVersion, uid, creationTimestamp, managedFields, selfLink) and usually the allocated clusterIP(s) and nodePorts",
            ),
        );
    }
}
