//! `svcctl explain FILE...`: what each Service in the user's manifests does with traffic, in plain
//! English. The files are linted with the normal driver (so the findings, settings and
//! suppressions are exactly `svcctl lint`'s), and the Services and workloads are read through the
//! same cross-object index the lint rules use, so "the Pods labelled app=web" names the workloads
//! `selector-matches-nothing` would find. Then come the defaults the API server will fill in, a
//! traffic diagram, the DNS records, and the file's findings.
//!
//! This file reads the files and gathers the facts of each Service ([`Ctx`]); [`prose`] words
//! them, [`defaults`] lists what the API server fills in, [`dns`] names the records, [`picture`]
//! builds the diagram, and [`output`] renders the text and JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Service, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;
use serde_json::{Value, json};

use super::diagram::{Diagram, Step};
use super::live::{LiveEndpoint, LiveEndpoints};
use super::text::{Look, join_and, pairs, plural, wrap};
use crate::k8s::ServiceType;
use crate::k8s::compact::Labels;
use crate::k8s::facts::{Port, ServiceFacts, Target, TypedServices, WorkloadFacts};
use crate::k8s::net::{Family, parse_ip};
use crate::k8s::text::listing;
use crate::lint::driver::{Input, LintOptions, collect_files, lint_texts, read_input};
use crate::lint::first_seen::FirstSeen;
use crate::lint::index::{FileFacts, RunIndex};
use crate::lint::{Diagnostic, Report, Settings, Severity};
use crate::model::decode::typed_view;
use crate::model::object::ParsedFile;
use crate::model::schema;
use crate::model::source::SourceFile;
use crate::model::yaml::parse_stream;
use crate::render::{self, Format, RenderOptions};

mod defaults;
mod dns;
mod output;
mod picture;
mod prose;

use defaults::*;
use dns::*;
pub use output::{render_text, to_json};
use picture::*;
use prose::*;

/// The inputs as read: texts by name, and what could not be read.
pub struct Inputs {
    pub texts: Vec<(String, String)>,
    pub errors: Vec<(String, String)>,
}

/// Read files, folders (their manifests, recursively) and `-`. A kustomization (its folder or
/// its file) is read as the objects it builds.
pub fn read(args: &[String], max_file_size: u64) -> Inputs {
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    let mut plain = Vec::new();
    for arg in args {
        match crate::lint::kustomized::built_text(std::path::Path::new(arg)) {
            Some(Ok(built)) => texts.push(built),
            Some(Err(e)) => errors.push(e),
            None => plain.push(Input::from_arg(arg)),
        }
    }
    let (files, walk_errors) = collect_files(&plain);
    errors.extend(walk_errors);
    for input in &files {
        match read_input(input, max_file_size) {
            Ok((name, Ok(text))) => texts.push((name, text)),
            Ok((name, Err((_, _, reason)))) => errors.push((name, reason)),
            Err(e) => errors.push(e),
        }
    }
    Inputs { texts, errors }
}

#[derive(Debug, Serialize)]
pub struct PortOut {
    pub name: Option<String>,
    pub protocol: String,
    pub port: i32,
    #[serde(rename = "targetPort")]
    pub target_port: Value,
    /// The container port a named targetPort resolves to in the selected workloads.
    #[serde(rename = "resolvedTargetPort")]
    pub resolved_target_port: Option<i64>,
    /// `null` when the cluster allocates it (or the type has none).
    #[serde(rename = "nodePort")]
    pub node_port: Option<i32>,
}

#[derive(Debug, Serialize)]
pub struct BackendOut {
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub file: String,
    pub replicas: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct DnsRecord {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct DefaultOut {
    pub field: String,
    pub value: String,
}

/// One Service, explained.
#[derive(Debug, Serialize)]
pub struct Explained {
    pub file: String,
    /// 0-based document index, as in `svcctl lint --format json`.
    pub document: usize,
    pub name: String,
    pub namespace: Option<String>,
    #[serde(rename = "type")]
    pub type_: String,
    pub headless: bool,
    /// The plain-English paragraph.
    pub summary: String,
    /// Who can reach it, and how the traffic policies change the path.
    pub notes: Vec<String>,
    pub ports: Vec<PortOut>,
    pub selector: BTreeMap<String, String>,
    /// The workloads the selector matches in the input; `null` when the question does not apply
    /// (ExternalName, no selector, no workload in the input).
    pub backends: Option<Vec<BackendOut>>,
    pub dns: Vec<DnsRecord>,
    pub defaults: Vec<DefaultOut>,
    /// Explaining a live Service: the endpoints its EndpointSlices hold (absent for files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Vec<LiveEndpoint>>,
    #[serde(skip)]
    pub diagram: Option<Diagram>,
}

/// One input file, explained.
pub struct FileOut {
    pub name: String,
    pub services: Vec<Explained>,
    /// `deployment.apps/web` for the objects that are not Services, so an empty result says what
    /// was there.
    pub others: Vec<String>,
    pub findings: Report,
}

/// Explain every Service of the given texts.
pub fn explain(texts: Vec<(String, String)>, options: &LintOptions) -> Vec<FileOut> {
    explain_with(texts, options, None)
}

/// Explain a live Service's manifest with the endpoints the cluster really has for it, in place
/// of the workloads a file's selector would be matched against.
pub fn explain_live(
    name: String,
    manifest: String,
    live: &LiveEndpoints,
    options: &LintOptions,
) -> Vec<FileOut> {
    explain_with(vec![(name, manifest)], options, Some(live))
}

fn explain_with(
    texts: Vec<(String, String)>,
    options: &LintOptions,
    live: Option<&LiveEndpoints>,
) -> Vec<FileOut> {
    let report = lint_texts(texts.clone(), options);
    let mut parsed = Vec::new();
    let mut facts = Vec::new();
    let mut typed_all = Vec::new();
    for (name, text) in &texts {
        let source = Arc::new(SourceFile::new(name.clone(), text.as_str()));
        let file = ParsedFile::new(source.clone(), parse_stream(&source.text, options.limits));
        let mut typed = TypedServices::default();
        for object in file.objects.iter().filter(|o| o.is_core_service()) {
            let Some(node) = file.node(object) else {
                continue;
            };
            if let Some(service) = typed_view::<Service>(node, schema::service()) {
                typed.push(object.ordinal, service);
            }
        }
        facts.push(FileFacts::extract(&file, &typed));
        typed_all.push(typed);
        parsed.push(file);
    }
    let index = RunIndex::build(&facts);
    // The report's findings by file, and its errors by object, gathered once: looked up per file
    // and per Service instead of filtered out of the whole report each time (20,000 Services with
    // a finding each made that quadratic).
    let mut findings_by_file: foldhash::HashMap<&str, Vec<&Diagnostic>> = Default::default();
    let mut errors_by_object: foldhash::HashMap<(&str, usize, Option<&str>), usize> =
        Default::default();
    for d in &report.diagnostics {
        findings_by_file.entry(&d.file.name).or_default().push(d);
        if d.severity == Severity::Error
            && let Some(o) = &d.object
        {
            *errors_by_object
                .entry((&d.file.name, o.document, o.name.as_deref()))
                .or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (fi, ((file, typed), file_facts)) in parsed.iter().zip(&typed_all).zip(&facts).enumerate() {
        let name = file.source.name.clone();
        let services = file_facts
            .services
            .iter()
            .filter_map(|sf| {
                let object = sf.object();
                let svc = typed.get(object.ordinal)?;
                let mut explained =
                    explain_service(&name, fi, svc, sf, &index, &options.settings, live);
                let errors = errors_by_object
                    .get(&(name.as_str(), object.document, object.name))
                    .copied()
                    .unwrap_or(0);
                if errors > 0 && !explained.summary.contains("refuses") {
                    explained.notes.insert(
                        0,
                        format!(
                            "As written, the API server refuses this Service ({} below); this is what it does once fixed.",
                            plural(errors as i64, "error", "errors")
                        ),
                    );
                }
                Some(explained)
            })
            .collect();
        let others = file
            .objects
            .iter()
            .filter(|o| !o.is_core_service())
            .map(|o| o.display_name())
            .collect();
        let findings = Report {
            diagnostics: findings_by_file
                .get(name.as_str())
                .into_iter()
                .flatten()
                .map(|d| (*d).clone())
                .collect(),
            ..Report::default()
        };
        out.push(FileOut {
            name,
            services,
            others,
            findings,
        });
    }
    out
}

fn selector_text(selector: Labels<'_>) -> String {
    selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `3 replicas`, `one Pod on every node`.
fn pod_count(w: &WorkloadFacts) -> String {
    match w.object().kind {
        "DaemonSet" => "one Pod on every node".into(),
        "Pod" => "a single Pod".into(),
        "Job" => "the Job's Pods".into(),
        "CronJob" => "the Pods of each Job it starts".into(),
        _ => plural(w.replicas.unwrap_or(1), "replica", "replicas"),
    }
}

fn where_is(fi: usize, this: usize, index: &RunIndex<'_>) -> String {
    if fi == this {
        "in this file".into()
    } else {
        let name = index.files.get(fi).map_or("", |f| f.source.name.as_str());
        format!("in {name}")
    }
}

fn workload_name(w: &WorkloadFacts) -> String {
    format!(
        "{} {}",
        w.object().kind,
        w.object().name.unwrap_or("<unnamed>")
    )
}

/// What the selector finds, as a phrase to follow "the Pods labelled …".
#[derive(Debug)]
enum Backends<'a> {
    /// ExternalName: the question does not apply.
    NotApplicable,
    NoSelector,
    /// The input holds no workload at all.
    NoWorkloads,
    /// The input holds the Service's Endpoints or EndpointSlices itself.
    OwnEndpoints,
    Matched(Vec<(usize, &'a WorkloadFacts)>),
    /// A live Service: the endpoints its EndpointSlices hold.
    Live(&'a LiveEndpoints),
}

fn backends_phrase(b: &Backends<'_>, this: usize, index: &RunIndex<'_>) -> String {
    match b {
        Backends::NotApplicable | Backends::NoSelector => String::new(),
        Backends::NoWorkloads => " — the input has no workloads to match".into(),
        Backends::OwnEndpoints => {
            " — not matched, because the input also holds this Service's endpoints".into()
        }
        Backends::Live(live) if live.endpoints.is_empty() => format!(
            " — in the cluster its EndpointSlices ({}) list no endpoints, so every connection fails",
            live.slices
        ),
        Backends::Live(live) => format!(" — in the cluster, {}", live.counts()),
        Backends::Matched(list) if list.is_empty() => {
            " — no workload in the input carries these labels (without such Pods the Service has no endpoints)".into()
        }
        Backends::Matched(list) => match list.as_slice() {
            [(fi, w)] => format!(
                " — the {} {}, {}",
                workload_name(w),
                where_is(*fi, this, index),
                pod_count(w)
            ),
            _ => {
                let items: Vec<String> = list
                    .iter()
                    .map(|(fi, w)| {
                        format!(
                            "the {} ({}, {})",
                            workload_name(w),
                            pod_count(w),
                            where_is(*fi, this, index)
                        )
                    })
                    .collect();
                format!(" — {}", join_and(&items))
            }
        },
    }
}

/// A port's target: the text for sentences, the container port number when known, and the JSON.
fn target_of(p: &Port<'_>, backends: &Backends<'_>) -> (String, Option<i64>, Value) {
    match p.target() {
        Some((Target::Named(name), _)) => {
            let found = match backends {
                Backends::Matched(list) => list.iter().find_map(|(_, w)| {
                    w.port_named(name, p.protocol)
                        .map(|cp| (cp.port, workload_name(w)))
                }),
                Backends::Live(live) => {
                    let numbers = live.target_numbers(p.name, p.protocol);
                    if numbers.len() > 1 {
                        let list: Vec<String> = numbers.iter().map(i64::to_string).collect();
                        return (
                            format!(
                                "port {name} ({} — the live endpoints disagree, so the port depends on the Pod)",
                                join_and(&list).replacen(" and ", " or ", 1)
                            ),
                            live.target_number(p.name, p.protocol),
                            json!(name),
                        );
                    }
                    live.target_number(p.name, p.protocol)
                        .map(|n| (n, "live endpoints".to_string()))
                }
                _ => None,
            };
            match found {
                Some((number, owner)) => (
                    format!("port {name} ({number} in the {owner})"),
                    Some(number),
                    json!(name),
                ),
                None => (
                    format!("the container port named {name}"),
                    None,
                    json!(name),
                ),
            }
        }
        Some((Target::Number { port, .. }, _)) => (format!("port {port}"), Some(port), json!(port)),
        None => ("an invalid target port".into(), None, Value::Null),
    }
}

fn list_numbers(items: &[String]) -> String {
    join_and(items)
}

/// `<node IP>:30007`, `<node IP> on ports 30080 and 30443`.
fn at(host: &str, ports: &[String]) -> String {
    match ports {
        [one] => format!("{host}:{one}"),
        many => format!("{host} on ports {}", list_numbers(many)),
    }
}

struct Ctx<'a, 'r> {
    fi: usize,
    spec: ServiceSpec,
    facts: &'a ServiceFacts,
    index: &'r RunIndex<'a>,
    settings: &'r Settings,
    /// `spec.type`, defaulted.
    service_type: ServiceType,
    name: String,
    fqdn: String,
    backends: Backends<'a>,
    ports: Vec<Port<'a>>,
    /// Each port's target ([`target_of`]), by port index: looked up once, not at every mention
    /// (a named one is searched for among the selected workloads' ports).
    targets: Vec<(String, Option<i64>, Value)>,
}

impl Ctx<'_, '_> {
    fn target(&self, p: &Port<'_>) -> (String, Option<i64>, Value) {
        match self.targets.get(p.index) {
            Some(target) => target.clone(),
            None => target_of(p, &self.backends),
        }
    }

    fn range(&self) -> String {
        let r = self.settings.node_port_range;
        format!("{}-{}", r.first, r.last)
    }

    /// Node ports are allocated for NodePort, and for LoadBalancer unless turned off (a requested
    /// one is honoured either way).
    fn allocates_node_ports(&self) -> bool {
        match self.service_type {
            ServiceType::NodePort => true,
            ServiceType::LoadBalancer => self.spec.allocate_load_balancer_node_ports != Some(false),
            _ => false,
        }
    }

    fn node_port_text(&self, p: &Port<'_>) -> String {
        match p.node_port {
            Some(n) => format!("{} {n}", p.protocol),
            None => format!(
                "a {} port the cluster picks from {}",
                p.protocol,
                self.range()
            ),
        }
    }

    fn external_ips(&self) -> Vec<String> {
        self.spec.external_ips.clone().unwrap_or_default()
    }

    fn pods(&self) -> String {
        if self.facts.selector().is_empty() {
            "the endpoints you publish yourself in EndpointSlices (the Service has no selector)"
                .into()
        } else {
            format!(
                "the Pods labelled {}{}",
                selector_text(self.facts.selector()),
                backends_phrase(&self.backends, self.fi, self.index)
            )
        }
    }

    /// What listens for one port and where it goes, without the Pods: ("every node listens on TCP
    /// 30007; the cluster IP listens on TCP 80; both forward to", "port 3000").
    fn port_clause(&self, p: &Port<'_>) -> (String, String) {
        let (target, _, _) = self.target(p);
        let cluster = format!("the cluster IP listens on {} {}", p.protocol, p.port);
        let lead = match self.service_type {
            ServiceType::NodePort => format!(
                "every node listens on {}; {cluster}; both forward to",
                self.node_port_text(p)
            ),
            ServiceType::LoadBalancer => {
                let lb = format!(
                    "the cloud load balancer listens on {} {}",
                    p.protocol, p.port
                );
                if self.allocates_node_ports() || p.node_port.is_some() {
                    format!(
                        "{lb} and sends connections to every node on {}; the nodes and the cluster IP ({} {}) forward to",
                        self.node_port_text(p),
                        p.protocol,
                        p.port
                    )
                } else {
                    format!(
                        "{lb} and sends connections to the Pods directly (allocateLoadBalancerNodePorts: false, so no node port); {cluster}; both forward to"
                    )
                }
            }
            _ => {
                let ips = self.external_ips();
                if ips.is_empty() {
                    format!("{cluster} and forwards to")
                } else {
                    format!(
                        "{cluster}; every node also accepts {} {} addressed to {}; both forward to",
                        p.protocol,
                        p.port,
                        ips.join(" or ")
                    )
                }
            }
        };
        (lead, target)
    }
}

fn type_word(facts: &ServiceFacts) -> &str {
    if facts.headless {
        "Headless"
    } else {
        facts.type_()
    }
}

fn explain_service<'a>(
    file: &str,
    fi: usize,
    svc: &Service,
    facts: &'a ServiceFacts,
    index: &RunIndex<'a>,
    settings: &Settings,
    live: Option<&'a LiveEndpoints>,
) -> Explained {
    let spec = svc.spec.clone().unwrap_or_default();
    let object = facts.object();
    let name = object.name.unwrap_or("<unnamed>").to_string();
    let namespace = object.namespace.map(str::to_string);
    let fqdn = format!(
        "{name}.{}.svc.cluster.local",
        namespace.as_deref().unwrap_or("default")
    );
    let service_type = ServiceType::of(Some(facts.type_()));
    let backends = if service_type == ServiceType::ExternalName {
        Backends::NotApplicable
    } else if let Some(live) = live {
        Backends::Live(live)
    } else if facts.selector().is_empty() {
        Backends::NoSelector
    } else {
        match index.selected(facts) {
            Some(list) => Backends::Matched(list.iter().map(|s| (s.file, s.workload)).collect()),
            None if !index.has_workloads() => Backends::NoWorkloads,
            None => Backends::OwnEndpoints,
        }
    };
    let ports: Vec<Port<'_>> = facts.ports().collect();
    let targets = ports.iter().map(|p| target_of(p, &backends)).collect();
    let ctx = Ctx {
        fi,
        spec,
        facts,
        index,
        settings,
        service_type,
        name,
        fqdn,
        backends,
        ports,
        targets,
    };
    let known = service_type != ServiceType::Unknown;
    let summary = if !known {
        format!(
            "Service {}: type \"{}\" is not a Service type (ClusterIP, NodePort, LoadBalancer or ExternalName), so the API server refuses it; see the findings below.",
            ctx.name,
            facts.type_()
        )
    } else if service_type == ServiceType::ExternalName {
        external_name_summary(&ctx)
    } else if facts.headless {
        headless_summary(&ctx)
    } else {
        proxied_summary(&ctx)
    };
    let mut notes = if known { notes(&ctx) } else { Vec::new() };
    if let Some(live) = live {
        notes.extend(live_notes(&ctx, live));
    }
    let diagram = known.then(|| diagram(&ctx));
    Explained {
        file: file.to_string(),
        document: object.document,
        name: ctx.name.clone(),
        namespace,
        type_: facts.type_().to_string(),
        headless: facts.headless,
        summary,
        notes,
        ports: ports_out(&ctx),
        selector: facts.selector().to_map(),
        backends: backends_out(&ctx),
        dns: dns(&ctx),
        defaults: defaults(&ctx),
        endpoints: live.map(|l| l.endpoints.clone()),
        diagram,
    }
}

/// What only the cluster knows: the load balancer's address, and with `externalTrafficPolicy:
/// Local` which nodes have a ready endpoint (the others drop the traffic sent to them).
fn live_notes(ctx: &Ctx<'_, '_>, live: &LiveEndpoints) -> Vec<String> {
    let mut notes = Vec::new();
    if ctx.service_type == ServiceType::LoadBalancer {
        notes.push(if live.ingress.is_empty() {
            "In the cluster the load balancer has no address yet (kubectl shows EXTERNAL-IP <pending>): nothing outside reaches this Service until a load-balancer controller assigns one.".to_string()
        } else {
            format!("In the cluster the load balancer's address is {}.", join_and(&live.ingress))
        });
    }
    let local = ctx.spec.external_traffic_policy.as_deref() == Some("Local");
    if local
        && matches!(
            ctx.service_type,
            ServiceType::NodePort | ServiceType::LoadBalancer
        )
    {
        let mut nodes = FirstSeen::new();
        let ready: Vec<String> = live
            .endpoints
            .iter()
            .filter(|e| e.ready)
            .filter_map(|e| e.node.clone())
            .filter(|n| !nodes.seen_or_record(n.clone(), ()))
            .collect();
        notes.push(if ready.is_empty() {
            "externalTrafficPolicy: Local and no ready endpoint on any node: every node drops the traffic that comes from outside.".to_string()
        } else {
            format!(
                "externalTrafficPolicy: Local: only {} {} a ready endpoint; every other node drops the traffic sent to it from outside (and fails the load balancer's health check).",
                listing(&ready, String::clone),
                if ready.len() == 1 { "has" } else { "have" }
            )
        });
    }
    notes
}

fn ports_out(ctx: &Ctx<'_, '_>) -> Vec<PortOut> {
    let node_ports = ctx.allocates_node_ports();
    ctx.ports
        .iter()
        .map(|p| {
            let (_, resolved, target) = ctx.target(p);
            PortOut {
                name: p.name.map(str::to_string),
                protocol: p.protocol.to_string(),
                port: p.port,
                target_port: target,
                resolved_target_port: resolved,
                node_port: p.node_port.filter(|_| node_ports),
            }
        })
        .collect()
}

fn backends_out(ctx: &Ctx<'_, '_>) -> Option<Vec<BackendOut>> {
    match &ctx.backends {
        Backends::Matched(list) => Some(
            list.iter()
                .map(|(fi, w)| BackendOut {
                    kind: w.object().kind.to_string(),
                    name: w.object().name.unwrap_or_default().to_string(),
                    namespace: w.object().namespace.map(str::to_string),
                    file: ctx
                        .index
                        .files
                        .get(*fi)
                        .map_or_else(String::new, |f| f.source.name.clone()),
                    replicas: w.replicas,
                })
                .collect(),
        ),
        _ => None,
    }
}
