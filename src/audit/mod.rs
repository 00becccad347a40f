//! `svcctl audit`: every Service of a live cluster checked against the Pods, EndpointSlices,
//! Nodes, Ingresses and routes it actually has, and linted by every offline rule as the manifest
//! its author would have written.
//!
//! Layout: [`collect`] lists the objects (paged list calls only: an audit never writes, never
//! watches; feature `cluster`); [`snapshot`] indexes them; [`checks`] holds one file per audit
//! check, each reporting under a rule declared in `src/lint/rules/` (category `cluster`);
//! [`live_lint`] runs the offline rules on each Service. [`audit_objects`] is the whole audit of
//! objects already in hand, which the rule fixtures use without a cluster.

mod checks;
#[cfg(feature = "cluster")]
mod collect;
mod live_lint;
pub mod objects;
pub mod snapshot;

use std::sync::Arc;
use std::time::Duration;

use crate::cluster::Connection;
use crate::lint::diagnostic::{ClusterSource, Diagnostic, ObjectInfo, Report};
use crate::lint::{LintOptions, RuleMeta};
use crate::model::source::{SourceFile, Span};
use snapshot::{Snapshot, Svc};

#[cfg(feature = "cluster")]
pub use collect::run;

/// What `svcctl audit` is asked to do, built by `commands/audit.rs`.
#[derive(Clone, Debug)]
pub struct AuditRequest {
    pub connection: Connection,
    /// `-A`: every namespace (else `--namespace`, else the context's).
    pub all_namespaces: bool,
    /// `-l`: only the Services this label selector selects.
    pub label_selector: Option<String>,
    /// Only the Services of these names.
    pub names: Vec<String>,
    /// How long a LoadBalancer may be without an address before it is reported.
    pub pending_after: Duration,
    pub options: LintOptions,
}

/// What an audit found and how long its two halves took.
pub struct Audit {
    pub report: Report,
    /// Lists the audit was refused, one line each (the checks that needed them were skipped).
    pub warnings: Vec<String>,
    pub listing: Duration,
    pub checking: Duration,
    pub objects: usize,
}

/// What the checks need besides the objects.
pub struct Context {
    pub pending_after: Duration,
    pub now: k8s_openapi::jiff::Timestamp,
}

impl Context {
    /// How long ago an RFC 3339 timestamp was; `None` when it is absent or unreadable.
    pub fn age(&self, timestamp: Option<&str>) -> Option<Duration> {
        let then: k8s_openapi::jiff::Timestamp = timestamp?.parse().ok()?;
        let seconds = self.now.as_second().checked_sub(then.as_second())?;
        u64::try_from(seconds).ok().map(Duration::from_secs)
    }
}

/// `45s`, `7m`, `3h12m`, `4d`: how long a load balancer has been pending.
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h{}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d", s / 86400),
    }
}

/// A live object a finding is about.
#[derive(Clone, Debug)]
pub struct LiveObject {
    pub api_version: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

/// One finding of an audit check, before the rule selection gives it a severity.
#[derive(Clone, Debug)]
pub struct AuditFinding {
    pub rule: &'static RuleMeta,
    pub object: LiveObject,
    pub field: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl AuditFinding {
    pub fn service(rule: &'static RuleMeta, svc: &Svc, message: String) -> Self {
        Self::object(rule, "v1", "Service", &svc.namespace, &svc.name, message)
    }

    pub fn object(
        rule: &'static RuleMeta,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
        message: String,
    ) -> Self {
        AuditFinding {
            rule,
            object: LiveObject {
                api_version: api_version.to_string(),
                kind: kind.to_string(),
                namespace: namespace.to_string(),
                name: name.to_string(),
            },
            field: None,
            message,
            help: None,
        }
    }

    pub fn field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The audit of objects already listed: the checks, then the offline rules on every Service,
/// as one report of findings on live objects (sorted by namespace, kind, name, rule).
pub fn audit_objects(
    snap: &Snapshot,
    cx: &Context,
    options: &LintOptions,
    context_name: &str,
) -> Report {
    let mut found = Vec::new();
    checks::run(snap, cx, &mut found);
    let ignores = object_ignores(snap);
    let mut suppressed = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::with_capacity(found.len());
    for f in found {
        let Some(severity) = options.selection.severity(f.rule) else {
            continue;
        };
        let o = &f.object;
        let silenced = ignores
            .get(&(o.kind.as_str(), o.namespace.as_str(), o.name.as_str()))
            .is_some_and(|list| list.covers(f.rule));
        let d = diagnostic(f, severity);
        if silenced {
            suppressed.push(d);
        } else {
            diagnostics.push(d);
        }
    }
    diagnostics.extend(live_lint::lint_services(&snap.services, options));
    diagnostics.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let mut report = Report {
        diagnostics,
        suppressed,
        cluster: Some(ClusterSource {
            context: context_name.to_string(),
            namespaces: {
                let mut ns: Vec<&str> =
                    snap.services.iter().map(|s| s.namespace.as_str()).collect();
                ns.sort_unstable();
                ns.dedup();
                ns.len()
            },
        }),
        ..Report::default()
    };
    report.summary.objects = snap.services.len()
        + snap.pods.len()
        + snap.slices.len()
        + snap.nodes.len()
        + snap.routers.len();
    report.summary.services = snap.services.len();
    if options.list_objects {
        report.objects = snap
            .services
            .iter()
            .map(|s| (s.namespace.clone(), service_info(&s.namespace, &s.name)))
            .collect();
    }
    report.count();
    report
}

/// `svcctl.dev/ignore` on the live Services, Ingresses and routes, by (kind, namespace, name):
/// the same annotation silences a rule on a live object as on a manifest.
fn object_ignores(
    snap: &Snapshot,
) -> std::collections::HashMap<(&str, &str, &str), crate::lint::suppress::IgnoreList> {
    use crate::lint::suppress::{ANNOTATION, IgnoreList};
    let annotation = |object: &serde_json::Value| {
        object
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(ANNOTATION))
            .and_then(serde_json::Value::as_str)
            .map(IgnoreList::parse)
    };
    let services = snap.services.iter().filter_map(|s| {
        Some((
            ("Service", s.namespace.as_str(), s.name.as_str()),
            annotation(&s.object)?,
        ))
    });
    let routers = snap.routers.iter().filter_map(|r| {
        Some((
            (r.kind.as_str(), r.namespace.as_str(), r.name.as_str()),
            annotation(&r.object)?,
        ))
    });
    services.chain(routers).collect()
}

fn sort_key(d: &Diagnostic) -> (Option<&str>, &str, Option<&str>, &str, &str) {
    let o = d.object.as_ref();
    (
        o.and_then(|o| o.namespace.as_deref()),
        o.map_or("", |o| o.kind.as_str()),
        o.and_then(|o| o.name.as_deref()),
        d.rule.code,
        &d.message,
    )
}

pub(crate) fn service_info(namespace: &str, name: &str) -> ObjectInfo {
    ObjectInfo {
        api_version: "v1".into(),
        kind: "Service".into(),
        namespace: Some(namespace.to_string()),
        name: Some(name.to_string()),
        document: 0,
        ordinal: 0,
    }
}

fn diagnostic(f: AuditFinding, severity: crate::lint::Severity) -> Diagnostic {
    let o = f.object;
    Diagnostic {
        file: Arc::new(SourceFile::new(format!("{}/{}", o.namespace, o.name), "")),
        span: Span::new(0, 0),
        severity,
        rule: f.rule,
        field: f.field,
        object: Some(ObjectInfo {
            api_version: o.api_version,
            kind: o.kind,
            namespace: Some(o.namespace),
            name: Some(o.name),
            document: 0,
            ordinal: 0,
        }),
        message: f.message,
        help: f.help,
        related: Vec::new(),
        kustomization: None,
        helm: None,
        fix: None,
    }
}

/// 2026-01-01T00:00:00Z: the time at which [`audit_texts`] audits a fixture.
const FIXTURE_NOW: i64 = 1_767_225_600;

/// An audit of a cluster state written as a YAML stream of live objects (Services, Pods,
/// EndpointSlices, Endpoints, Nodes, Ingresses, Gateway API routes), as the rule fixtures of the
/// `cluster` rules are: each finding points at the `metadata.name` of the object it names, so
/// that a fixture marks it with `# expect:` like any other.
pub fn audit_texts(name: String, text: String, options: &LintOptions) -> Report {
    use crate::model::decode::to_json;
    use crate::model::yaml::{Limits, parse_stream};

    let stream = parse_stream(&text, Limits::default());
    let mut objects = snapshot::Objects::default();
    let mut names: std::collections::HashMap<(String, String, String), Span> =
        std::collections::HashMap::new();
    for root in stream.documents.iter().filter_map(|d| d.root.as_ref()) {
        let value = to_json(root);
        let text_at = |p: &str| value.pointer(p).and_then(serde_json::Value::as_str);
        let kind = text_at("/kind").unwrap_or_default().to_string();
        let namespace = text_at("/metadata/namespace")
            .unwrap_or("default")
            .to_string();
        let object_name = text_at("/metadata/name").unwrap_or_default().to_string();
        if let Some(node) = root.get("metadata").and_then(|m| m.get("name")) {
            names.insert(
                (kind.clone(), namespace.clone(), object_name.clone()),
                node.span,
            );
        }
        // A fixture's objects are as the API server returns them: the namespace is always set.
        let mut value = value;
        if let Some(meta) = value
            .get_mut("metadata")
            .and_then(serde_json::Value::as_object_mut)
        {
            meta.entry("namespace")
                .or_insert_with(|| namespace.clone().into());
        }
        match kind.as_str() {
            "Service" => objects.services.push(value),
            "Pod" => objects.pods.extend(typed(value)),
            "EndpointSlice" => objects.slices.extend(typed(value)),
            "Endpoints" => objects.endpoints.extend(typed(value)),
            "Node" => objects.nodes.extend(typed(value)),
            "Ingress" | "HTTPRoute" | "GRPCRoute" | "TLSRoute" | "TCPRoute" | "UDPRoute" => {
                objects.routers.push(objects::Router {
                    kind,
                    namespace,
                    name: object_name,
                    object: value,
                })
            }
            _ => {}
        }
    }
    let snap = Snapshot::build(objects);
    // A fixed "now", so that what a fixture reports does not change with the day it is run.
    let cx = Context {
        pending_after: Duration::from_secs(300),
        now: k8s_openapi::jiff::Timestamp::from_second(FIXTURE_NOW).unwrap_or_default(),
    };
    let mut report = audit_objects(&snap, &cx, options, "fixture");
    let file = Arc::new(SourceFile::new(name, text));
    for d in &mut report.diagnostics {
        let Some(o) = &d.object else { continue };
        let at = (
            o.kind.clone(),
            o.namespace.clone().unwrap_or_default(),
            o.name.clone().unwrap_or_default(),
        );
        d.file = file.clone();
        d.span = names.get(&at).copied().unwrap_or(Span::new(0, 0));
    }
    report
}

fn typed<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Option<T> {
    serde_json::from_value(value).ok()
}
