//! The offline rules on live Services. Each is turned back into the manifest its author would
//! have written: what the cluster writes (status, resourceVersion, uid, creationTimestamp,
//! managedFields, generation) and what it allocates (clusterIP(s), nodePorts,
//! healthCheckNodePort) is dropped, so that none of it is a finding; the findings then name the
//! live object instead of a line of that reconstructed text.

use std::sync::Arc;

use serde_json::Value;

use super::service_info;
use super::snapshot::Svc;
use crate::lint::LintOptions;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::driver::lint_texts;
use crate::model::source::{SourceFile, Span};

/// Metadata the cluster writes, never the author.
const SERVER_METADATA: &[&str] = &[
    "resourceVersion",
    "uid",
    "creationTimestamp",
    "managedFields",
    "generation",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
];

/// Annotations tools write for their own bookkeeping.
const TOOL_ANNOTATIONS: &[&str] = &["kubectl.kubernetes.io/last-applied-configuration"];

/// The manifest an author would have written for this live Service.
pub fn as_written(object: &Value) -> Value {
    let mut object = object.clone();
    let Some(root) = object.as_object_mut() else {
        return object;
    };
    root.remove("status");
    root.entry("apiVersion").or_insert_with(|| "v1".into());
    root.entry("kind").or_insert_with(|| "Service".into());
    if let Some(meta) = root.get_mut("metadata").and_then(Value::as_object_mut) {
        for field in SERVER_METADATA {
            meta.remove(*field);
        }
        if let Some(annotations) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
            for a in TOOL_ANNOTATIONS {
                annotations.remove(*a);
            }
            if annotations.is_empty() {
                meta.remove("annotations");
            }
        }
    }
    if let Some(spec) = root.get_mut("spec").and_then(Value::as_object_mut) {
        // Headless (`None`) is the author's choice; an address is the allocator's.
        let headless = spec.get("clusterIP").and_then(Value::as_str) == Some("None");
        if !headless {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
        }
        spec.remove("healthCheckNodePort");
        if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
            for port in ports.iter_mut().filter_map(Value::as_object_mut) {
                port.remove("nodePort");
            }
        }
    }
    object
}

/// Every offline rule on every Service, as findings on the live objects.
pub fn lint_services(services: &[Svc], options: &LintOptions) -> Vec<Diagnostic> {
    let texts: Vec<(String, String)> = services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let text = serde_json::to_string_pretty(&as_written(&s.object)).unwrap_or_default();
            (i.to_string(), text)
        })
        .collect();
    let report = lint_texts(texts, options);
    report
        .diagnostics
        .into_iter()
        .filter_map(|mut d| {
            let svc = services.get(d.file.name.parse::<usize>().ok()?)?;
            d.file = Arc::new(SourceFile::new(
                format!("{}/{}", svc.namespace, svc.name),
                "",
            ));
            d.span = Span::new(0, 0);
            d.object = Some(service_info(&svc.namespace, &svc.name));
            // Other objects of the same text: there are none in a one-Service text.
            d.related.clear();
            // A fix edits the text svcctl wrote for the live object, not anything the user has.
            d.fix = None;
            Some(d)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_cluster_writes_and_allocates_is_dropped() {
        let live = serde_json::json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "namespace": "shop", "uid": "u", "resourceVersion": "9",
                "creationTimestamp": "2026-01-01T00:00:00Z", "managedFields": [{}],
                "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
            "spec": {"type": "LoadBalancer", "clusterIP": "10.96.0.7", "clusterIPs": ["10.96.0.7"],
                "healthCheckNodePort": 31000, "externalTrafficPolicy": "Local",
                "ports": [{"port": 80, "nodePort": 30080}]},
            "status": {"loadBalancer": {}}
        });
        assert_eq!(
            as_written(&live),
            serde_json::json!({
                "apiVersion": "v1", "kind": "Service",
                "metadata": {"name": "web", "namespace": "shop"},
                "spec": {"type": "LoadBalancer", "externalTrafficPolicy": "Local", "ports": [{"port": 80}]}
            })
        );
        let headless = serde_json::json!({"metadata": {"name": "h"}, "spec": {"clusterIP": "None", "clusterIPs": ["None"]}});
        assert_eq!(as_written(&headless)["spec"]["clusterIP"], "None");
    }
}
