//! The kustomization fields that rewrite every object: namespace, namePrefix/nameSuffix, labels,
//! annotations, replicas, images, replacements, and (at the root) the name references to
//! renamed objects. Each value they write is placed at the kustomization entry that wrote it.

use std::path::Path;

use super::Object;
use super::build::Builder;
use super::select;
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
fn at_path(
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

/// `name[:tag][@digest]` split into its parts.
fn split_image(image: &str) -> (&str, &str, &str) {
    let (rest, digest) = image.split_once('@').map_or((image, ""), |(r, d)| (r, d));
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest.get(slash..).and_then(|last| last.rfind(':')) {
        Some(colon) => {
            let at = slash + colon;
            (
                rest.get(..at).unwrap_or(rest),
                rest.get(at + 1..).unwrap_or(""),
                digest,
            )
        }
        None => (rest, "", digest),
    }
}

fn update_image(node: &mut KNode, entry: &KNode) {
    let Some(image) = node.as_str() else { return };
    let Some(want) = entry.get("name").and_then(KNode::as_str) else {
        return;
    };
    let (name, tag, digest) = split_image(image);
    if name != want {
        return;
    }
    let new_name = entry.get("newName").and_then(KNode::as_str).unwrap_or(name);
    let new_tag = entry.get("newTag").and_then(KNode::scalar_text);
    let new_digest = entry.get("digest").and_then(KNode::as_str);
    let mut out = new_name.to_owned();
    match (new_tag, new_digest) {
        (_, Some(d)) => {
            out.push('@');
            out.push_str(d);
        }
        (Some(t), None) => {
            out.push(':');
            out.push_str(&t);
        }
        (None, None) => {
            if !tag.is_empty() {
                out.push(':');
                out.push_str(tag);
            }
            if !digest.is_empty() {
                out.push('@');
                out.push_str(digest);
            }
        }
    }
    let origin = entry
        .get("newTag")
        .or_else(|| entry.get("digest"))
        .or_else(|| entry.get("newName"))
        .map_or(entry.origin, |n| n.origin);
    *node = KNode::string(out, origin);
}

/// Kustomize's legacy image filter: every `containers`/`initContainers` list anywhere.
fn images_in(node: &mut KNode, entry: &KNode) {
    match &mut node.value {
        Value::Map(entries) => {
            for (k, v) in entries.iter_mut() {
                if k == "containers" || k == "initContainers" {
                    if let Value::Seq(items) = &mut v.value {
                        for c in items.iter_mut() {
                            if let Some(image) = c.get_mut("image") {
                                update_image(image, entry);
                            }
                        }
                    }
                } else {
                    images_in(v, entry);
                }
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(|n| images_in(n, entry)),
        _ => {}
    }
}

pub(crate) fn images(objects: &mut [Object], entry: &KNode) {
    for o in objects.iter_mut() {
        images_in(&mut o.root, entry);
    }
}

/// Dotted field paths of replacements (`spec.ports.[name=http].port`, `metadata.labels.app`).
fn field_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth -= 1;
                cur.push(c);
            }
            '.' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn find_field<'a>(
    node: &'a mut KNode,
    path: &[String],
    create: bool,
    origin: Origin,
) -> Option<&'a mut KNode> {
    let Some((first, rest)) = path.split_first() else {
        return Some(node);
    };
    if let Some(sel) = first.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let (k, v) = sel.split_once('=')?;
        let Value::Seq(items) = &mut node.value else {
            return None;
        };
        let item = items
            .iter_mut()
            .find(|i| i.get(k).and_then(KNode::scalar_text).as_deref() == Some(v))?;
        return find_field(item, rest, create, origin);
    }
    if node.as_seq().is_some() {
        let i: usize = first.parse().ok()?;
        let Value::Seq(items) = &mut node.value else {
            return None;
        };
        return find_field(items.get_mut(i)?, rest, create, origin);
    }
    if node.get(first).is_none() {
        if !create || node.as_map().is_none() {
            return None;
        }
        node.set(first, KNode::map(origin));
    }
    find_field(node.get_mut(first)?, rest, create, origin)
}

/// One `replacements` entry: copies a source field into target fields.
pub(crate) fn replacement(
    builder: &mut Builder,
    _dir: &Path,
    objects: &mut [Object],
    entry: &KNode,
) {
    if entry.get("path").is_some() {
        builder.warn(
            entry.origin,
            "replacements read from a file are not supported: skipped".to_owned(),
        );
        return;
    }
    let Some(source) = entry.get("source") else {
        return;
    };
    let found = select::matching(objects, source);
    let Some(&src_i) = found.first() else {
        builder.error(
            source.origin,
            "this replacement's source matches no object".to_owned(),
        );
        return;
    };
    if found.len() > 1 {
        builder.error(
            source.origin,
            "this replacement's source matches more than one object".to_owned(),
        );
        return;
    }
    let path = field_path(
        source
            .get("fieldPath")
            .and_then(KNode::as_str)
            .unwrap_or("metadata.name"),
    );
    let Some(mut value) = objects
        .get_mut(src_i)
        .and_then(|o| find_field(&mut o.root, &path, false, source.origin).cloned())
    else {
        builder.error(
            source.origin,
            "this replacement's source field does not exist".to_owned(),
        );
        return;
    };
    if let Some(opts) = source.get("options")
        && let (Some(delim), Some(text)) = (
            opts.get("delimiter").and_then(KNode::as_str),
            value.as_str(),
        )
    {
        let index = opts
            .get("index")
            .and_then(KNode::scalar_text)
            .and_then(|i| i.parse::<usize>().ok())
            .unwrap_or(0);
        let part = text.split(delim).nth(index).unwrap_or("").to_owned();
        // Kustomize writes the piece back as an untagged scalar: `1.25` becomes a number.
        let node = crate::model::yaml::Node {
            span: value.origin.span,
            kind: crate::model::yaml::NodeKind::Scalar(crate::model::yaml::Scalar {
                text: part.into(),
                style: crate::model::yaml::Style::Plain,
                tag: None,
            }),
        };
        value = KNode::from_yaml(&node, value.origin.file);
    }
    for target in entry.get("targets").and_then(KNode::as_seq).unwrap_or(&[]) {
        let Some(select) = target.get("select") else {
            continue;
        };
        let mut chosen = select::matching(objects, select);
        if let Some(rejects) = target.get("reject").and_then(KNode::as_seq) {
            for r in rejects {
                let out = select::matching(objects, r);
                chosen.retain(|i| !out.contains(i));
            }
        }
        let create = matches!(
            target
                .get("options")
                .and_then(|o| o.get("create"))
                .map(|n| &n.value),
            Some(Value::Bool(true))
        );
        for i in chosen {
            let Some(o) = objects.get_mut(i) else {
                continue;
            };
            for fp in target
                .get("fieldPaths")
                .and_then(KNode::as_seq)
                .unwrap_or(&[])
            {
                let Some(fp_text) = fp.as_str() else { continue };
                let path = field_path(fp_text);
                if let Some(slot) = find_field(&mut o.root, &path, create, fp.origin) {
                    let mut v = value.clone();
                    // The value is the source's; where it landed is the replacement's doing.
                    v.place_all(fp.origin);
                    *slot = v;
                }
            }
            o.remember_id();
        }
    }
}

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
