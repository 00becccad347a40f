//! Name references: where objects name other objects, pointed at the renamed objects' new names
//! at the end of a root's build, as Kustomize does.

use super::Object;
use super::transform::at_path;
use super::tree::{KNode, Origin, Value};

/// Where objects name other objects, per Kustomize's name-reference configuration: the kind
/// named, the referring kinds (empty: any) and the path.
const POD_SPECS: [&str; 4] = [
    "spec",
    "spec/template/spec",
    "template/spec",
    "spec/jobTemplate/spec/template/spec",
];

fn reference_paths(kind: &str) -> Vec<(Option<&'static str>, String)> {
    let mut out: Vec<(Option<&'static str>, String)> = Vec::new();
    let pod = |suffixes: &[&str], out: &mut Vec<(Option<&'static str>, String)>| {
        for p in POD_SPECS {
            for s in suffixes {
                out.push((None, format!("{p}/{s}")));
            }
        }
    };
    match kind {
        "ConfigMap" => pod(
            &[
                "volumes/configMap/name",
                "volumes/projected/sources/configMap/name",
                "containers/env/valueFrom/configMapKeyRef/name",
                "initContainers/env/valueFrom/configMapKeyRef/name",
                "containers/envFrom/configMapRef/name",
                "initContainers/envFrom/configMapRef/name",
            ],
            &mut out,
        ),
        "Secret" => {
            pod(
                &[
                    "volumes/secret/secretName",
                    "volumes/projected/sources/secret/name",
                    "containers/env/valueFrom/secretKeyRef/name",
                    "initContainers/env/valueFrom/secretKeyRef/name",
                    "containers/envFrom/secretRef/name",
                    "initContainers/envFrom/secretRef/name",
                    "imagePullSecrets/name",
                ],
                &mut out,
            );
            out.push((Some("Ingress"), "spec/tls/secretName".to_owned()));
            out.push((Some("ServiceAccount"), "imagePullSecrets/name".to_owned()));
        }
        "Service" => {
            out.push((Some("StatefulSet"), "spec/serviceName".to_owned()));
            out.push((
                Some("Ingress"),
                "spec/rules/http/paths/backend/serviceName".to_owned(),
            ));
            out.push((Some("Ingress"), "spec/backend/serviceName".to_owned()));
            out.push((
                Some("Ingress"),
                "spec/rules/http/paths/backend/service/name".to_owned(),
            ));
            out.push((
                Some("Ingress"),
                "spec/defaultBackend/service/name".to_owned(),
            ));
            out.push((Some("APIService"), "spec/service/name".to_owned()));
            out.push((
                Some("ValidatingWebhookConfiguration"),
                "webhooks/clientConfig/service/name".to_owned(),
            ));
            out.push((
                Some("MutatingWebhookConfiguration"),
                "webhooks/clientConfig/service/name".to_owned(),
            ));
        }
        "ServiceAccount" => {
            pod(&["serviceAccountName", "serviceAccount"], &mut out);
            for k in ["RoleBinding", "ClusterRoleBinding"] {
                out.push((Some(k), "subjects/name".to_owned()));
            }
        }
        "PersistentVolumeClaim" => pod(&["volumes/persistentVolumeClaim/claimName"], &mut out),
        "Role" | "ClusterRole" => {
            for k in ["RoleBinding", "ClusterRoleBinding"] {
                out.push((Some(k), "roleRef/name".to_owned()));
            }
        }
        _ => {}
    }
    out
}

/// Points references at the current names of renamed objects (after prefixes, suffixes and
/// hashes), as Kustomize does at the end of a root's build.
pub(crate) fn fix_name_references(objects: &mut [Object]) {
    // (kind, old names, current name, current namespace, where the name was written)
    let renamed: Vec<(String, Vec<String>, String, String, Origin)> = objects
        .iter()
        .filter(|o| o.previous.first().is_some_and(|(n, _)| n != o.name()))
        .filter_map(|o| {
            let origin = o.root.lookup(&["metadata", "name"])?.origin;
            let old: Vec<String> = o.previous.iter().map(|(n, _)| n.clone()).collect();
            Some((
                o.kind().to_owned(),
                old,
                o.name().to_owned(),
                o.namespace().to_owned(),
                origin,
            ))
        })
        .collect();
    if renamed.is_empty() {
        return;
    }
    for o in objects.iter_mut() {
        let referrer_kind = o.kind().to_owned();
        let referrer_ns = o.namespace().to_owned();
        for kind in [
            "ConfigMap",
            "Secret",
            "Service",
            "ServiceAccount",
            "PersistentVolumeClaim",
            "Role",
            "ClusterRole",
        ] {
            let targets: Vec<&(String, Vec<String>, String, String, Origin)> =
                renamed.iter().filter(|r| r.0 == kind).collect();
            if targets.is_empty() {
                continue;
            }
            for (only, path) in reference_paths(kind) {
                if only.is_some_and(|k| k != referrer_kind) {
                    continue;
                }
                let segments: Vec<&str> = path.split('/').collect();
                let dummy = o.root.origin;
                at_path_leaf(&mut o.root, &segments, dummy, &mut |leaf| {
                    let Some(value) = leaf.as_str() else { return };
                    let candidates: Vec<_> = targets
                        .iter()
                        .filter(|t| t.1.iter().any(|n| n == value))
                        .filter(|t| {
                            kind == "ClusterRole"
                                || t.3 == referrer_ns
                                || t.3.is_empty()
                                || referrer_ns.is_empty()
                        })
                        .collect();
                    if let [one] = candidates.as_slice() {
                        *leaf = KNode::string(one.2.clone(), one.4);
                    }
                });
                // A binding's subject follows its ServiceAccount into its namespace too.
                if kind == "ServiceAccount"
                    && path == "subjects/name"
                    && let Some(Value::Seq(subjects)) =
                        o.root.get_mut("subjects").map(|n| &mut n.value)
                {
                    for s in subjects.iter_mut() {
                        let name = s
                            .get("name")
                            .and_then(KNode::as_str)
                            .unwrap_or("")
                            .to_owned();
                        let target = targets.iter().find(|t| t.2 == name && !t.3.is_empty());
                        if let Some(t) = target
                            && s.get("kind").and_then(KNode::as_str) == Some("ServiceAccount")
                        {
                            s.set("namespace", KNode::string(t.3.clone(), t.4));
                        }
                    }
                }
            }
        }
    }
}

/// Like [`at_path`] but the last segment names a scalar field, never created.
fn at_path_leaf(node: &mut KNode, path: &[&str], origin: Origin, f: &mut dyn FnMut(&mut KNode)) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    at_path(node, parents, false, origin, &mut |parent| {
        if let Value::Seq(items) = &mut parent.value {
            for item in items {
                if let Some(leaf) = item.get_mut(last) {
                    f(leaf);
                }
            }
        } else if let Some(leaf) = parent.get_mut(last) {
            f(leaf);
        }
    });
}
