//! The kustomization fields that rewrite every object: namespace, namePrefix/nameSuffix, labels,
//! annotations and replicas (images, replacements and name references have files of their
//! own). Each value they write is placed at the kustomization entry that wrote it.

use super::Object;
use super::tree::{KNode, Origin, Value};

/// Kinds without a namespace: the namespace transformer leaves them alone.
const CLUSTER_SCOPED: [&str; 20] = [
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
    "IngressClass",
    "RuntimeClass",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "Node",
    "PodSecurityPolicy",
    "ComponentStatus",
];

/// One field spec of Kustomize's built-in configuration: a path (lists are walked through) in
/// objects of a kind (and group, when given).
struct Spec<'a> {
    group: Option<&'a str>,
    kind: Option<&'a str>,
    path: &'a str,
    create: bool,
}

const fn spec(
    group: Option<&'static str>,
    kind: Option<&'static str>,
    path: &'static str,
    create: bool,
) -> Spec<'static> {
    Spec {
        group,
        kind,
        path,
        create,
    }
}

const METADATA_LABELS: [Spec; 9] = [
    spec(None, None, "metadata/labels", true),
    spec(
        Some(""),
        Some("ReplicationController"),
        "spec/template/metadata/labels",
        true,
    ),
    spec(
        None,
        Some("Deployment"),
        "spec/template/metadata/labels",
        true,
    ),
    spec(
        None,
        Some("ReplicaSet"),
        "spec/template/metadata/labels",
        true,
    ),
    spec(
        None,
        Some("DaemonSet"),
        "spec/template/metadata/labels",
        true,
    ),
    spec(
        Some("apps"),
        Some("StatefulSet"),
        "spec/template/metadata/labels",
        true,
    ),
    spec(
        Some("batch"),
        Some("Job"),
        "spec/template/metadata/labels",
        true,
    ),
    spec(
        Some("batch"),
        Some("CronJob"),
        "spec/jobTemplate/metadata/labels",
        true,
    ),
    spec(
        Some("batch"),
        Some("CronJob"),
        "spec/jobTemplate/spec/template/metadata/labels",
        true,
    ),
];

const AFFINITY: [&str; 5] = [
    "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
];

const SELECTORS: [Spec; 12] = [
    spec(Some(""), Some("Service"), "spec/selector", true),
    spec(
        Some(""),
        Some("ReplicationController"),
        "spec/selector",
        true,
    ),
    spec(None, Some("Deployment"), "spec/selector/matchLabels", true),
    spec(None, Some("ReplicaSet"), "spec/selector/matchLabels", true),
    spec(None, Some("DaemonSet"), "spec/selector/matchLabels", true),
    spec(
        Some("apps"),
        Some("StatefulSet"),
        "spec/selector/matchLabels",
        true,
    ),
    spec(
        Some("batch"),
        Some("Job"),
        "spec/selector/matchLabels",
        false,
    ),
    spec(
        Some("batch"),
        Some("CronJob"),
        "spec/jobTemplate/spec/selector/matchLabels",
        false,
    ),
    spec(
        Some("policy"),
        Some("PodDisruptionBudget"),
        "spec/selector/matchLabels",
        false,
    ),
    spec(
        Some("networking.k8s.io"),
        Some("NetworkPolicy"),
        "spec/podSelector/matchLabels",
        false,
    ),
    spec(
        Some("networking.k8s.io"),
        Some("NetworkPolicy"),
        "spec/ingress/from/podSelector/matchLabels",
        false,
    ),
    spec(
        Some("networking.k8s.io"),
        Some("NetworkPolicy"),
        "spec/egress/to/podSelector/matchLabels",
        false,
    ),
];

const ANNOTATIONS: [Spec; 9] = [
    spec(None, None, "metadata/annotations", true),
    spec(
        Some(""),
        Some("ReplicationController"),
        "spec/template/metadata/annotations",
        true,
    ),
    spec(
        None,
        Some("Deployment"),
        "spec/template/metadata/annotations",
        true,
    ),
    spec(
        None,
        Some("ReplicaSet"),
        "spec/template/metadata/annotations",
        true,
    ),
    spec(
        None,
        Some("DaemonSet"),
        "spec/template/metadata/annotations",
        true,
    ),
    spec(
        None,
        Some("StatefulSet"),
        "spec/template/metadata/annotations",
        true,
    ),
    spec(
        Some("batch"),
        Some("Job"),
        "spec/template/metadata/annotations",
        true,
    ),
    spec(
        Some("batch"),
        Some("CronJob"),
        "spec/jobTemplate/metadata/annotations",
        true,
    ),
    spec(
        Some("batch"),
        Some("CronJob"),
        "spec/jobTemplate/spec/template/metadata/annotations",
        true,
    ),
];

fn applies(s: &Spec<'_>, o: &Object) -> bool {
    let (group, _) = o.group_version();
    s.kind.is_none_or(|k| k == o.kind()) && s.group.is_none_or(|g| g == group)
}

/// Calls `f` on the node at `path` (walking through lists), creating missing mappings when
/// `create`.
pub(super) fn at_path(
    node: &mut KNode,
    path: &[&str],
    create: bool,
    origin: Origin,
    f: &mut dyn FnMut(&mut KNode),
) {
    if let Value::Seq(items) = &mut node.value {
        for item in items {
            at_path(item, path, create, origin, f);
        }
        return;
    }
    let Some((first, rest)) = path.split_first() else {
        f(node);
        return;
    };
    if node.as_map().is_none() {
        return;
    }
    let exists = node.get(first).is_some_and(|n| !n.is_null());
    if !exists {
        if !create {
            return;
        }
        node.set(first, KNode::map(origin));
    }
    if let Some(next) = node.get_mut(first) {
        at_path(next, rest, create, origin, f);
    }
}

fn set_pairs(objects: &mut [Object], specs: &[&Spec<'_>], pairs: &KNode) {
    let entries: Vec<(String, KNode)> = pairs
        .as_map()
        .unwrap_or(&[])
        .iter()
        .map(|(k, v)| {
            // Kustomize writes label and annotation values as strings, whatever they look like.
            let text = v.scalar_text().unwrap_or_default();
            (k.clone(), KNode::string(text, v.origin))
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    for o in objects.iter_mut() {
        let chosen: Vec<&&Spec> = specs.iter().filter(|s| applies(s, o)).collect();
        for s in chosen {
            let path: Vec<&str> = s.path.split('/').collect();
            at_path(&mut o.root, &path, s.create, pairs.origin, &mut |map| {
                if map.as_map().is_none() {
                    return;
                }
                for (k, v) in &entries {
                    map.set(k, v.clone());
                }
            });
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LabelScope {
    /// `labels` without options: metadata only.
    Metadata,
    /// `includeTemplates`: metadata and pod templates.
    Templates,
    /// `commonLabels` and `includeSelectors`: metadata, templates and selectors.
    Selectors,
}

pub(crate) fn labels(objects: &mut [Object], pairs: &KNode, scope: LabelScope) {
    let mut specs: Vec<&Spec> = Vec::new();
    match scope {
        LabelScope::Metadata => specs.extend(METADATA_LABELS.iter().take(1)),
        LabelScope::Templates => specs.extend(METADATA_LABELS.iter()),
        LabelScope::Selectors => {
            specs.extend(METADATA_LABELS.iter());
            specs.extend(SELECTORS.iter());
        }
    }
    let affinity: Vec<Spec> = if scope == LabelScope::Selectors {
        ["Deployment", "StatefulSet"]
            .iter()
            .flat_map(|k| {
                AFFINITY
                    .iter()
                    .map(move |p| spec(Some("apps"), Some(k), p, false))
            })
            .collect()
    } else {
        Vec::new()
    };
    specs.extend(affinity.iter());
    let claims = spec(
        Some("apps"),
        Some("StatefulSet"),
        "spec/volumeClaimTemplates/metadata/labels",
        true,
    );
    if scope != LabelScope::Metadata {
        specs.push(&claims);
    }
    set_pairs(objects, &specs, pairs);
}

/// A `transformers:` entry that configures Kustomize's own LabelTransformer or
/// AnnotationsTransformer (`apiVersion: builtin`): its pairs set at its field specs. `false` for
/// any other transformer, which svcctl does not run.
pub(crate) fn builtin(objects: &mut [Object], config: &KNode) -> bool {
    let field = match (config.str_at(&["apiVersion"]), config.str_at(&["kind"])) {
        (Some("builtin"), Some("LabelTransformer")) => "labels",
        (Some("builtin"), Some("AnnotationsTransformer")) => "annotations",
        _ => return false,
    };
    let Some(pairs) = config.get(field) else {
        return true;
    };
    let specs: Vec<Spec<'_>> = config
        .get("fieldSpecs")
        .and_then(KNode::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter_map(|fs| {
            Some(Spec {
                group: fs.get("group").and_then(KNode::as_str),
                kind: fs.get("kind").and_then(KNode::as_str),
                path: fs.get("path").and_then(KNode::as_str)?,
                create: matches!(fs.get("create").map(|n| &n.value), Some(Value::Bool(true))),
            })
        })
        .collect();
    let refs: Vec<&Spec<'_>> = specs.iter().collect();
    set_pairs(objects, &refs, pairs);
    true
}

pub(crate) fn annotations(objects: &mut [Object], pairs: &KNode) {
    let specs: Vec<&Spec> = ANNOTATIONS.iter().collect();
    set_pairs(objects, &specs, pairs);
}

pub(crate) fn namespace(objects: &mut [Object], ns: &KNode) {
    let Some(value) = ns.scalar_text() else {
        return;
    };
    for o in objects.iter_mut() {
        let kind = o.kind().to_owned();
        let node = KNode::string(value.clone(), ns.origin);
        if kind == "Namespace" {
            if let Some(meta) = o.root.ensure_map("metadata", ns.origin) {
                meta.set("name", node.clone());
            }
        } else if !CLUSTER_SCOPED.contains(&kind.as_str())
            && let Some(meta) = o.root.ensure_map("metadata", ns.origin)
        {
            meta.set("namespace", node.clone());
        }
        if (kind == "RoleBinding" || kind == "ClusterRoleBinding")
            && let Some(Value::Seq(subjects)) = o.root.get_mut("subjects").map(|n| &mut n.value)
        {
            for s in subjects.iter_mut() {
                if s.get("name").and_then(KNode::as_str) == Some("default") {
                    s.set("namespace", node.clone());
                }
            }
        }
        if kind == "APIService"
            && let Some(service) = o.root.get_mut("spec").and_then(|s| s.get_mut("service"))
        {
            service.set("namespace", node.clone());
        }
        o.remember_id();
    }
}

pub(crate) fn prefix_suffix(objects: &mut [Object], affix: &KNode, prefix: bool) {
    let Some(text) = affix.scalar_text() else {
        return;
    };
    if text.is_empty() {
        return;
    }
    for o in objects.iter_mut() {
        if matches!(o.kind(), "CustomResourceDefinition" | "Namespace")
            || (o.kind() == "APIService" && o.group_version().0 == "apiregistration.k8s.io")
        {
            continue;
        }
        let name = o.name().to_owned();
        let new = if prefix {
            format!("{text}{name}")
        } else {
            format!("{name}{text}")
        };
        if let Some(meta) = o.root.get_mut("metadata") {
            // The new name's position is the affix's: a name too long because of a prefix is
            // fixed at the prefix.
            meta.set("name", KNode::string(new, affix.origin));
        }
        o.remember_id();
    }
}

pub(crate) fn replicas(objects: &mut [Object], entry: &KNode) {
    let Some(name) = entry.get("name").and_then(KNode::as_str) else {
        return;
    };
    let Some(count) = entry.get("count") else {
        return;
    };
    for o in objects.iter_mut() {
        let kind_ok = matches!(
            o.kind(),
            "Deployment" | "ReplicationController" | "ReplicaSet" | "StatefulSet"
        );
        let name_ok = o.all_ids().any(|(n, _)| n == name);
        if kind_ok
            && name_ok
            && let Some(spec) = o.root.ensure_map("spec", entry.origin)
        {
            spec.set("replicas", count.clone());
        }
    }
}
