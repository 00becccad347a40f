//! The API server's answers, said to the user. A `Status` that is about the manifest (422
//! `Invalid` with `details.causes[].field`, a 409 apply conflict, a "field not declared in
//! schema") becomes diagnostics at the field's line and column, rendered like lint findings.
//! Everything about the environment (401/403, a missing namespace, an unreachable server) is
//! one actionable line.
//!
//! Conflicts and unknown fields come with structured-merge-diff paths
//! (`.spec.ports[port=80,protocol="TCP"].targetPort`), which name list items by their keys;
//! [`smd_to_field_path`] finds the item the user wrote by those keys.

use kube::core::Status;
use serde_json::Value;

use super::plan::{Plan, Target};
use crate::lint::{Category, Diagnostic, Related, RuleMeta, Severity};
use crate::model::decode::to_json;
use crate::model::path::{FieldPath, Segment, locate};
use crate::model::yaml::Node;

/// What went wrong with one request.
#[derive(Debug)]
pub enum Problem {
    /// Nothing else can work either (credentials refused, no server): one line, exit 2.
    Fatal(String),
    /// The namespace does not exist; objects for it are not tried again.
    MissingNamespace(String),
    /// The server refused the object for what it says: diagnostics on the file.
    Rejected(Vec<Diagnostic>),
    /// This object failed for another reason; the others go on.
    Failed(String),
}

/// The API server refused a value (422 and unknown fields).
pub static REJECTED: RuleMeta = RuleMeta {
    id: "rejected",
    code: "apiserver",
    category: Category::Api,
    severity: Some(Severity::Error),
    summary: "refused by the API server",
    apiserver: None,
    depends_on_kube_version: false,
    fix: None,
    engine: crate::lint::EngineTraits::NONE,
    docs: "",
};

/// Server-side apply conflict (409).
pub static CONFLICT: RuleMeta = RuleMeta {
    id: "conflict",
    code: "apiserver",
    category: Category::Api,
    severity: Some(Severity::Error),
    summary: "owned by another field manager",
    apiserver: None,
    depends_on_kube_version: false,
    fix: None,
    engine: crate::lint::EngineTraits::NONE,
    docs: "",
};

/// Where a request went, for messages.
pub struct Cx<'a> {
    pub plan: &'a Plan,
    pub target: &'a Target,
    pub server: &'a str,
    pub context: &'a str,
    /// The namespace the object went to.
    pub namespace: &'a str,
}

/// Classify an error of a request about one object.
pub fn classify(err: &kube::Error, cx: &Cx<'_>) -> Problem {
    let display = cx.target.object.display_name();
    match err {
        kube::Error::Api(status) => classify_status(status, cx),
        kube::Error::HyperError(_) | kube::Error::Service(_) => unreachable(err, cx),
        kube::Error::Auth(_) => Problem::Fatal(format!(
            "cannot get credentials for {}: {}",
            cx.context,
            chain(err)
        )),
        kube::Error::SerdeError(e) => Problem::Failed(format!(
            "{display}: the API server's answer is not a Kubernetes object: {e}"
        )),
        other => Problem::Failed(format!("{display}: {}", chain(other))),
    }
}

/// A connection that could not be made or was cut.
pub fn unreachable(err: &(dyn std::error::Error + 'static), cx: &Cx<'_>) -> Problem {
    let cause = innermost(err);
    // hyper's words for a connection that was made and then closed before the answer was whole:
    // the server is there, so "is the cluster running?" would mislead.
    if cause.contains("before message length reached")
        || cause.contains("connection closed before message completed")
    {
        return Problem::Fatal(format!(
            "the connection to the API server at {} ({}) was cut in the middle of its answer \
             ({cause}); nothing is known about whether the request took effect: check with \
             `svcctl diff`, then retry",
            cx.server, cx.context
        ));
    }
    let hint = if cause.contains("certificate") || cause.contains("Certificate") {
        "; check the cluster's certificate-authority in the kubeconfig"
    } else {
        "; is the cluster running, and is this the right --context?"
    };
    Problem::Fatal(format!(
        "cannot reach the API server at {} ({}): {cause}{hint}",
        cx.server, cx.context
    ))
}

fn classify_status(status: &Status, cx: &Cx<'_>) -> Problem {
    let display = cx.target.object.display_name();
    let details = status.details.as_ref();
    let causes = details.map(|d| d.causes.as_slice()).unwrap_or_default();
    match status.code {
        401 => Problem::Fatal(format!(
            "the API server at {} refused the credentials of {} (401 Unauthorized); log in \
             again or fix this context's user in the kubeconfig",
            cx.server, cx.context
        )),
        403 => Problem::Fatal(format!(
            "{} (403 Forbidden); ask for RBAC permission to get and patch these objects, or use \
             another --context",
            status.message
        )),
        404 if details.is_some_and(|d| d.kind == "namespaces") => {
            let ns = details.map(|d| d.name.clone()).unwrap_or_default();
            Problem::MissingNamespace(ns)
        }
        404 => Problem::Failed(format!(
            "{display}: the API server does not serve {} {} ({})",
            cx.target.object.api_version, cx.target.object.kind, status.message
        )),
        409 if causes.iter().any(|c| c.reason == "FieldManagerConflict") => {
            Problem::Rejected(conflict(status, cx).into_iter().collect())
        }
        422 => Problem::Rejected(invalid(status, cx)),
        _ if status.message.contains("field not declared in schema")
            || status.message.contains("unknown field \"") =>
        {
            let found = unknown_fields(status, cx);
            if found.is_empty() {
                Problem::Failed(format!("{display}: {}", status.message))
            } else {
                Problem::Rejected(found)
            }
        }
        code => Problem::Failed(format!(
            "{display}: {} ({code}{})",
            status.message,
            if status.reason.is_empty() {
                String::new()
            } else {
                format!(" {}", status.reason)
            }
        )),
    }
}

/// 422 `Invalid`: one diagnostic per cause, at the cause's field.
fn invalid(status: &Status, cx: &Cx<'_>) -> Vec<Diagnostic> {
    let help = Some(format!(
        "refused by the API server (422 {}); nothing of this object was stored",
        if status.reason.is_empty() {
            "Invalid"
        } else {
            &status.reason
        }
    ));
    let causes = status
        .details
        .as_ref()
        .map(|d| d.causes.as_slice())
        .unwrap_or_default();
    let node = cx.plan.node(cx.target);
    let mut out: Vec<Diagnostic> = causes
        .iter()
        .filter_map(|c| {
            let said = FieldPath::parse(c.field.trim_start_matches('.'));
            let path = cause_path(node, &said);
            let message = if c.message.is_empty() {
                c.reason.clone()
            } else {
                c.message.clone()
            };
            let help = cluster_ip_change_help(&path, &message, cx).or_else(|| help.clone());
            let mut d = cx
                .plan
                .diagnostic_at(cx.target, &REJECTED, &path, message, help)?;
            // Labelled where the user wrote it, named as the server said it.
            d.field = (!said.is_root()).then(|| said.to_string());
            Some(d)
        })
        .collect();
    if out.is_empty() {
        out.extend(cx.plan.diagnostic_at(
            cx.target,
            &REJECTED,
            &FieldPath::root(),
            status.message.clone(),
            help,
        ));
    }
    out
}

/// Where a cause belongs in the user's file. The server validates `clusterIP` as the first entry
/// of `clusterIPs`, which it fills in itself, so a manifest that only names `clusterIP` would
/// otherwise get the diagnostic on `spec:`.
fn cause_path(node: Option<&Node>, said: &FieldPath) -> FieldPath {
    let path = said.clone();
    let Some(node) = node else {
        return path;
    };
    let about_cluster_ips = matches!(path.0.get(1), Some(Segment::Field(f)) if f == "clusterIPs")
        && matches!(path.0.first(), Some(Segment::Field(f)) if f == "spec");
    if about_cluster_ips && !locate(node, &FieldPath::parse("spec.clusterIPs")).exact {
        let single = FieldPath::parse("spec.clusterIP");
        if locate(node, &single).exact {
            return single;
        }
    }
    path
}

/// "may not change once set" on a cluster IP (kubectl users know it as `spec.clusterIP: field is
/// immutable`): the allocated IP stays for the Service's life, so say the two ways out.
fn cluster_ip_change_help(path: &FieldPath, message: &str, cx: &Cx<'_>) -> Option<String> {
    let on_cluster_ip = matches!(
        path.0.get(1),
        Some(Segment::Field(f)) if f == "clusterIP" || f == "clusterIPs"
    );
    if !on_cluster_ip || !message.contains("may not change once set") {
        return None;
    }
    Some(format!(
        "a Service keeps its cluster IP for life; remove `clusterIP` from the manifest to keep the \
         one it has, or delete the Service (kubectl delete service {} -n {}) and apply again; \
         changing `type` to or from ExternalName needs no clusterIP in the file",
        cx.target.name(),
        cx.namespace
    ))
}

/// 409 from server-side apply: the fields, their managers, and the way out.
fn conflict(status: &Status, cx: &Cx<'_>) -> Option<Diagnostic> {
    let node = cx.plan.node(cx.target)?;
    let causes = status.details.as_ref()?.causes.as_slice();
    let mut fields = Vec::new();
    for c in causes.iter().filter(|c| c.reason == "FieldManagerConflict") {
        let manager = quoted(&c.message).unwrap_or("another manager").to_string();
        let (path, _) = smd_to_field_path(node, &c.field);
        fields.push((c.field.clone(), manager, path));
    }
    let (_, _, first_path) = fields.first()?;
    let mut d = cx
        .plan
        .diagnostic_at(cx.target, &CONFLICT, first_path, String::new(), None)?;
    let mut managers: Vec<&str> = fields.iter().map(|(_, m, _)| m.as_str()).collect();
    managers.dedup();
    let list: Vec<String> = fields
        .iter()
        .map(|(f, m, _)| format!("{f} (owned by {m:?})"))
        .collect();
    d.field = None;
    d.message = format!(
        "apply conflicts with another field manager on {} {}: {}",
        fields.len(),
        if fields.len() == 1 { "field" } else { "fields" },
        list.join(", ")
    );
    d.help = Some(format!(
        "re-run with --force-conflicts to take {} over; or remove {} from the manifest to \
         leave {} to {}; or set {} to the live value to share ownership",
        if fields.len() == 1 { "it" } else { "them" },
        if fields.len() == 1 { "it" } else { "them" },
        if fields.len() == 1 { "it" } else { "them" },
        managers
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        if fields.len() == 1 { "it" } else { "each" },
    ));
    for (field, manager, path) in fields.iter().skip(1) {
        d.related.push(Related {
            file: d.file.clone(),
            span: locate(node, path).label_span(),
            message: format!("{field}: owned by {manager:?}"),
        });
    }
    Some(d)
}

/// Unknown fields, from server-side apply's 500 ("field not declared in schema") or a strict
/// decoder's 400 (`unknown field "spec.x"`).
fn unknown_fields(status: &Status, cx: &Cx<'_>) -> Vec<Diagnostic> {
    let Some(node) = cx.plan.node(cx.target) else {
        return Vec::new();
    };
    // (the field as shown, its path in the document, the unknown name)
    let mut paths: Vec<(String, FieldPath, String)> = Vec::new();
    let text = &status.message;
    const SMD: &str = ": field not declared in schema";
    let mut from = 0;
    while let Some(at) = text[from..].find(SMD) {
        let end = from + at;
        let start = text[..end].rfind([' ', '\n', '\t']).map_or(0, |i| i + 1);
        let smd = &text[start..end];
        if smd.starts_with('.') {
            // Shown as the API path when the item was found, as the server wrote it if not.
            let (path, exact) = smd_to_field_path(node, smd);
            let shown = if exact {
                path.to_string()
            } else {
                smd.trim_start_matches('.').to_string()
            };
            let name = smd.rsplit('.').next().unwrap_or_default().to_string();
            paths.push((shown, path, name));
        }
        from = end + SMD.len();
    }
    const STRICT: &str = "unknown field \"";
    let mut from = 0;
    while let Some(at) = text[from..].find(STRICT) {
        let start = from + at + STRICT.len();
        let Some(len) = text[start..].find('"') else {
            break;
        };
        let api = &text[start..start + len];
        let path = FieldPath::parse(api);
        let name = match path.0.last() {
            Some(Segment::Field(n) | Segment::Key(n)) => n.to_string(),
            _ => api.to_string(),
        };
        paths.push((api.to_string(), path, name));
        from = start + len;
    }
    paths
        .into_iter()
        .filter_map(|(shown, path, name)| {
            let mut d = cx.plan.diagnostic_at(
                cx.target,
                &REJECTED,
                &path,
                format!("unknown field {name:?}: field not declared in schema"),
                Some(format!(
                    "the API server's schema for {} has no such field (fieldValidation=Strict); \
                     check its spelling and indentation",
                    cx.target.object.kind
                )),
            )?;
            // Point at the unknown key itself, as the lint's unknown-field rule does.
            let located = locate(node, &path);
            if let (true, Some(key)) = (located.exact, located.key) {
                d.span = key;
            }
            d.field = Some(shown);
            Some(d)
        })
        .collect()
}

/// The text between the first pair of double quotes (`conflict with "svcctl"`).
fn quoted(text: &str) -> Option<&str> {
    let start = text.find('"')? + 1;
    let len = text[start..].find('"')?;
    Some(&text[start..start + len])
}

/// Resolve a structured-merge-diff path against the user's document: `.spec.ports[port=80,
/// protocol="TCP"].targetPort` → `spec.ports[0].targetPort`. List items are matched by their
/// keys, a key the user left out counting as a match (the server defaulted it). The bool says
/// whether every element was found.
pub fn smd_to_field_path(root: &Node, smd: &str) -> (FieldPath, bool) {
    let mut path = FieldPath::root();
    let mut node = root;
    let mut rest = smd;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            // A name runs to the next `[` or, ambiguously, `.`: map keys such as annotation
            // names contain dots, so the longest name the mapping really has wins.
            let limit = after.find('[').unwrap_or(after.len());
            let candidate = &after[..limit];
            let mut chosen = None;
            let mut cut = candidate.len();
            loop {
                let name = &candidate[..cut];
                if node.get(name).is_some() {
                    chosen = Some(name);
                    break;
                }
                match name.rfind('.') {
                    Some(dot) => cut = dot,
                    None => break,
                }
            }
            let name = match chosen {
                Some(n) => n,
                None => {
                    let name = candidate.split('.').next().unwrap_or_default();
                    path.0.push(Segment::Field(name.into()));
                    return (path, false);
                }
            };
            path.0.push(Segment::Field(name.into()));
            node = match node.get(name) {
                Some(n) => n,
                None => return (path, false),
            };
            rest = &after[name.len()..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let Some(close) = closing_bracket(after) else {
                return (path, false);
            };
            let inner = &after[..close];
            rest = &after[close + 1..];
            let Some(items) = node.as_seq() else {
                return (path, false);
            };
            let found = if let Ok(i) = inner.parse::<usize>() {
                items.get(i).map(|n| (i, n))
            } else if let Some(value) = inner.strip_prefix('=') {
                let want = json_value(value);
                items.iter().enumerate().find(|(_, n)| to_json(n) == want)
            } else {
                let keys: Vec<(&str, Value)> = split_outside_quotes(inner)
                    .into_iter()
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (k, json_value(v)))
                    .collect();
                best_item(items, &keys)
            };
            match found {
                Some((i, n)) => {
                    path.0.push(Segment::Index(i));
                    node = n;
                }
                None => return (path, false),
            }
        } else {
            return (path, false);
        }
    }
    (path, true)
}

/// The list item whose keys match: every key the item has must be equal; more present keys win.
fn best_item<'a>(items: &'a [Node], keys: &[(&str, Value)]) -> Option<(usize, &'a Node)> {
    let mut best: Option<(usize, usize, &Node)> = None;
    for (i, item) in items.iter().enumerate() {
        let mut present = 0;
        let mut matches = true;
        for (k, v) in keys {
            if let Some(value) = item.get(k) {
                present += 1;
                if to_json(value) != *v {
                    matches = false;
                    break;
                }
            }
        }
        if matches && present > 0 && best.is_none_or(|(p, _, _)| present > p) {
            best = Some((present, i, item));
        }
    }
    best.map(|(_, i, n)| (i, n))
}

fn json_value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// The index of the `]` closing a bracket, skipping quoted strings.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            ']' if !in_quotes => return Some(i),
            _ => {}
        }
    }
    None
}

fn split_outside_quotes(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_quotes = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// An error and its causes on one line, repeated messages dropped.
pub fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// The root cause of a connection failure, worded for people.
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    let mut io_kind = None;
    while let Some(next) = current.source() {
        if let Some(io) = next.downcast_ref::<std::io::Error>() {
            io_kind = Some(io.kind());
        }
        current = next;
    }
    match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused".into(),
        Some(std::io::ErrorKind::TimedOut) => "connection timed out".into(),
        Some(std::io::ErrorKind::ConnectionReset) => "connection reset by the server".into(),
        _ => current.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::yaml::{Limits, parse_stream};

    const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    example.com/a.b: x\nspec:\n  selector:\n    app: web\n  ports:\n  - name: dns\n    port: 53\n    protocol: UDP\n  - name: http\n    port: 80\n    targetport: 8080\n";

    fn root() -> Node {
        let stream = parse_stream(SVC, Limits::default());
        stream.documents[0].root.clone().unwrap()
    }

    #[test]
    fn smd_paths_find_list_items_by_key() {
        let root = root();
        let (p, exact) =
            smd_to_field_path(&root, ".spec.ports[port=80,protocol=\"TCP\"].targetport");
        assert_eq!(p.to_string(), "spec.ports[1].targetport");
        assert!(exact);
        let (p, exact) = smd_to_field_path(&root, ".spec.ports[port=53,protocol=\"UDP\"].name");
        assert_eq!(p.to_string(), "spec.ports[0].name");
        assert!(exact);
        let (p, _) = smd_to_field_path(&root, ".spec.selector");
        assert_eq!(p.to_string(), "spec.selector");
    }

    #[test]
    fn smd_paths_keep_dotted_map_keys() {
        let (p, exact) = smd_to_field_path(&root(), ".metadata.annotations.example.com/a.b");
        assert_eq!(p.to_string(), "metadata.annotations.example.com/a.b");
        assert!(exact);
    }

    #[test]
    fn smd_paths_stop_at_what_the_file_lacks() {
        let (p, exact) = smd_to_field_path(&root(), ".spec.ports[port=8443,protocol=\"TCP\"].name");
        assert_eq!(p.to_string(), "spec.ports");
        assert!(!exact);
        let (p, exact) = smd_to_field_path(&root(), ".spec.type");
        assert_eq!(p.to_string(), "spec.type");
        assert!(!exact);
    }

    #[test]
    fn quoted_manager() {
        assert_eq!(quoted("conflict with \"svcctl\""), Some("svcctl"));
        assert_eq!(
            quoted("conflict with \"kubectl-client-side-apply\" using v1"),
            Some("kubectl-client-side-apply")
        );
        assert_eq!(quoted("conflict"), None);
    }
}
