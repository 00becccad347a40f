//! `svcctl explain FILE...`: what each Service in the user's manifests does with traffic, in plain
//! English. The files are linted with the normal driver (so the findings, settings and
//! suppressions are exactly `svcctl lint`'s), and the Services and workloads are read through the
//! same cross-object index the lint rules use, so "the Pods labelled app=web" names the workloads
//! `selector-matches-nothing` would find. Then come the defaults the API server will fill in, a
//! traffic diagram, the DNS records, and the file's findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Service, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;
use serde_json::{Value, json};

use super::diagram::{Diagram, Step};
use super::text::{Look, join_and, pairs, plural, wrap};
use crate::lint::driver::{Input, LintOptions, collect_files, lint_texts, read_input};
use crate::lint::first_seen::FirstSeen;
use crate::lint::index::{
    FileFacts, Labels, Port, RunIndex, ServiceFacts, Target, TypedServices, WorkloadFacts,
};
use crate::lint::net::{Family, parse_ip};
use crate::lint::text::listing;
use crate::lint::{Diagnostic, Report, Settings, Severity};
use crate::model::decode::typed_view;
use crate::model::object::ParsedFile;
use crate::model::schema;
use crate::model::source::SourceFile;
use crate::model::yaml::parse_stream;
use crate::render::{self, Format, RenderOptions};

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
        match crate::kustomize::lint::built_text(std::path::Path::new(arg)) {
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
                let mut explained = explain_service(&name, fi, svc, sf, &index, &options.settings);
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
}

fn backends_phrase(b: &Backends<'_>, this: usize, index: &RunIndex<'_>) -> String {
    match b {
        Backends::NotApplicable | Backends::NoSelector => String::new(),
        Backends::NoWorkloads => " — the input has no workloads to match".into(),
        Backends::OwnEndpoints => {
            " — not matched, because the input also holds this Service's endpoints".into()
        }
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
        match self.facts.type_() {
            "NodePort" => true,
            "LoadBalancer" => self.spec.allocate_load_balancer_node_ports != Some(false),
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
        let lead = match self.facts.type_() {
            "NodePort" => format!(
                "every node listens on {}; {cluster}; both forward to",
                self.node_port_text(p)
            ),
            "LoadBalancer" => {
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
) -> Explained {
    let spec = svc.spec.clone().unwrap_or_default();
    let object = facts.object();
    let name = object.name.unwrap_or("<unnamed>").to_string();
    let namespace = object.namespace.map(str::to_string);
    let fqdn = format!(
        "{name}.{}.svc.cluster.local",
        namespace.as_deref().unwrap_or("default")
    );
    let backends = if facts.type_() == "ExternalName" {
        Backends::NotApplicable
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
        name,
        fqdn,
        backends,
        ports,
        targets,
    };
    let known = matches!(
        facts.type_(),
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
    );
    let summary = if !known {
        format!(
            "Service {}: type \"{}\" is not a Service type (ClusterIP, NodePort, LoadBalancer or ExternalName), so the API server refuses it; see the findings below.",
            ctx.name,
            facts.type_()
        )
    } else if facts.type_() == "ExternalName" {
        external_name_summary(&ctx)
    } else if facts.headless {
        headless_summary(&ctx)
    } else {
        proxied_summary(&ctx)
    };
    let notes = if known { notes(&ctx) } else { Vec::new() };
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
        diagram,
    }
}

fn proxied_summary(ctx: &Ctx<'_, '_>) -> String {
    let word = type_word(ctx.facts);
    match ctx.ports.as_slice() {
        [] => format!(
            "{word} service {}: it has no ports, so nothing can connect to it (the API server refuses a Service without ports; see the findings below).",
            ctx.name
        ),
        [p] => {
            let (lead, target) = ctx.port_clause(p);
            format!(
                "{word} service {}: {lead} {target} of {}.",
                ctx.name,
                ctx.pods()
            )
        }
        ports => {
            let mut text = format!(
                "{word} service {} sends traffic to {}:",
                ctx.name,
                ctx.pods()
            );
            for p in ports {
                let (lead, target) = ctx.port_clause(p);
                let label = p
                    .name
                    .map_or_else(|| format!("{} {}", p.protocol, p.port), str::to_string);
                let _ = write!(text, "\n- {label}: {lead} {target}.");
            }
            text
        }
    }
}

fn headless_summary(ctx: &Ctx<'_, '_>) -> String {
    let targets: Vec<String> = ctx
        .ports
        .iter()
        .map(|p| {
            let (target, _, _) = ctx.target(p);
            format!("{} {}", p.protocol, target.trim_start_matches("port "))
        })
        .collect();
    let connect = if targets.is_empty() {
        "on whatever ports the Pods listen on".to_string()
    } else {
        format!("on {}", join_and(&targets))
    };
    let lead = format!(
        "Headless service {} (clusterIP: None): there is no cluster IP and no proxying.",
        ctx.name
    );
    if ctx.facts.selector().is_empty() {
        return format!(
            "{lead} The cluster DNS answers {} with the addresses in the EndpointSlices you publish yourself (the Service has no selector), and clients connect to them directly, {connect}.",
            ctx.fqdn
        );
    }
    format!(
        "{lead} The cluster DNS answers {} with the IP addresses of the ready Pods, and clients connect to them directly, {connect}. The Pods are those labelled {}{}.",
        ctx.fqdn,
        selector_text(ctx.facts.selector()),
        backends_phrase(&ctx.backends, ctx.fi, ctx.index)
    )
}

fn external_name_summary(ctx: &Ctx<'_, '_>) -> String {
    match ctx.facts.external_name() {
        Some(target) => format!(
            "ExternalName service {}: no cluster IP, no proxying and no load balancing. The cluster DNS answers {} with a CNAME record for {target}; clients then look up {target} and connect to it directly, on whatever port they use (the Service's ports are not used for traffic).",
            ctx.name, ctx.fqdn
        ),
        None => format!(
            "ExternalName service {}: it has no externalName, so the cluster DNS has nothing to answer with (the API server refuses it; see the findings below).",
            ctx.name
        ),
    }
}

fn port_numbers(ports: &[Port<'_>]) -> Vec<String> {
    ports.iter().map(|p| p.port.to_string()).collect()
}

fn notes(ctx: &Ctx<'_, '_>) -> Vec<String> {
    let spec = &ctx.spec;
    let mut notes = Vec::new();
    let short = &ctx.name;
    let inside = if ctx.ports.is_empty() {
        format!("{} (or {short} from the same namespace)", ctx.fqdn)
    } else {
        format!(
            "{} (or {short} from the same namespace)",
            at(&ctx.fqdn, &port_numbers(&ctx.ports))
        )
    };
    let exposed = matches!(ctx.facts.type_(), "NodePort" | "LoadBalancer");
    match ctx.facts.type_() {
        "ExternalName" => {
            notes.push(format!(
                "Clients inside the cluster use {} (or {short} from the same namespace).",
                ctx.fqdn
            ));
            if !ctx.facts.selector().is_empty() {
                notes.push("The selector is ignored: an ExternalName Service has no Pods.".into());
            }
            return notes;
        }
        "NodePort" => {
            let node_ports: Vec<String> = ctx
                .ports
                .iter()
                .map(|p| {
                    p.node_port
                        .map_or("<nodePort>".to_string(), |n| n.to_string())
                })
                .collect();
            let allocated = ctx.ports.iter().any(|p| p.node_port.is_none());
            notes.push(format!(
                "Reachable from outside the cluster at {}{}, and from inside at {inside}.",
                at("<node IP>", &node_ports),
                if allocated {
                    format!(" (see the allocated port with `kubectl get service {short}`)")
                } else {
                    String::new()
                }
            ));
        }
        "LoadBalancer" => {
            notes.push(format!(
                "Reachable from outside at the load balancer's address{} once the cloud provider has created it (`kubectl get service {short}` shows it as EXTERNAL-IP), and from inside at {inside}.",
                match port_numbers(&ctx.ports).as_slice() {
                    [] => String::new(),
                    [one] => format!(", port {one},"),
                    many => format!(", ports {},", join_and(many)),
                }
            ));
            match spec.load_balancer_source_ranges.as_deref() {
                Some(ranges) if !ranges.is_empty() => notes.push(format!(
                    "Only clients from {} may connect through the load balancer.",
                    join_and(ranges)
                )),
                _ => notes.push(
                    "The load balancer accepts clients from any address (no loadBalancerSourceRanges)."
                        .into(),
                ),
            }
            if let Some(class) = spec
                .load_balancer_class
                .as_deref()
                .filter(|c| !c.is_empty())
            {
                notes.push(format!(
                    "The load balancer implementation named {class} provisions it, not the default cloud provider integration."
                ));
            }
        }
        _ if ctx.facts.headless => {
            notes.push(format!(
                "Reachable only from inside the cluster, through DNS: {}.",
                ctx.fqdn
            ));
            for p in &ctx.ports {
                if let (_, Some(target), _) = ctx.target(p)
                    && target != i64::from(p.port)
                {
                    notes.push(format!(
                        "port {} is only a label here: a headless Service translates no ports, so clients must connect to the Pods' port {target}.",
                        p.port
                    ));
                }
            }
        }
        _ => {
            let ips = ctx.external_ips();
            if ips.is_empty() {
                notes.push(format!(
                    "Reachable only from inside the cluster, at {inside}."
                ));
            } else {
                notes.push(format!(
                    "Reachable from inside the cluster at {inside}, and from outside through the external IP {} when traffic for it reaches a node.",
                    join_and(&ips)
                ));
            }
        }
    }
    if exposed || !ctx.external_ips().is_empty() {
        if spec.external_traffic_policy.as_deref() == Some("Local") {
            let mut note = "externalTrafficPolicy: Local: a node sends outside traffic only to Pods on that node and keeps the client's source IP; nodes without such a Pod drop it.".to_string();
            if ctx.facts.type_() == "LoadBalancer" {
                let _ = write!(
                    note,
                    " The load balancer finds the right nodes through the health check on {}.",
                    match spec.health_check_node_port.filter(|n| *n != 0) {
                        Some(n) => format!("healthCheckNodePort {n}"),
                        None => format!(
                            "a healthCheckNodePort the cluster picks from {}",
                            ctx.range()
                        ),
                    }
                );
            }
            notes.push(note);
        } else if exposed {
            notes.push("externalTrafficPolicy: Cluster (the default): any node forwards to any ready Pod, and the Pod sees the node's address instead of the client's.".into());
        }
    }
    if spec.internal_traffic_policy.as_deref() == Some("Local") {
        notes.push("internalTrafficPolicy: Local: clients in the cluster reach only Pods on their own node; on a node without one, connections fail.".into());
    }
    if spec.session_affinity.as_deref() == Some("ClientIP") {
        if ctx.facts.headless {
            notes.push(
                "sessionAffinity: ClientIP is ignored: a headless Service does no proxying.".into(),
            );
        } else {
            let timeout = spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds)
                .unwrap_or(10800);
            notes.push(format!(
                "sessionAffinity: ClientIP: connections from one client IP keep going to the same Pod until that client has opened none for {timeout} seconds."
            ));
        }
    }
    match spec.traffic_distribution.as_deref() {
        Some("PreferClose" | "PreferSameZone") => notes.push(format!(
            "trafficDistribution: {}: the proxy prefers Pods in the client's zone while there are any.",
            spec.traffic_distribution.as_deref().unwrap_or_default()
        )),
        Some("PreferSameNode") => notes.push(
            "trafficDistribution: PreferSameNode: the proxy prefers Pods on the client's node while there are any."
                .into(),
        ),
        _ => {}
    }
    if spec.publish_not_ready_addresses == Some(true) {
        notes.push("publishNotReadyAddresses: true: Pods are published (and get traffic) before they are ready.".into());
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

fn srv_name(p: &Port<'_>, fqdn: &str) -> Option<String> {
    let name = p.name?;
    Some(format!(
        "_{name}._{}.{fqdn}",
        p.protocol.to_ascii_lowercase()
    ))
}

fn dns(ctx: &Ctx<'_, '_>) -> Vec<DnsRecord> {
    let record = |name: &str, kind: &str, value: String| DnsRecord {
        name: name.to_string(),
        kind: kind.to_string(),
        value,
    };
    let mut out = Vec::new();
    let fqdn = ctx.fqdn.as_str();
    if ctx.facts.type_() == "ExternalName" {
        if let Some(target) = ctx.facts.external_name() {
            out.push(record(fqdn, "CNAME", target.to_string()));
        }
        return out;
    }
    if !matches!(ctx.facts.type_(), "ClusterIP" | "NodePort" | "LoadBalancer") {
        return out;
    }
    if ctx.facts.headless {
        out.push(record(fqdn, "A/AAAA", "the IP of each ready Pod".into()));
        if let Backends::Matched(list) = &ctx.backends {
            for (_, w) in list {
                let stateful = w.object().kind == "StatefulSet"
                    && w.service_name
                        .as_ref()
                        .is_some_and(|(s, _)| **s == *ctx.name);
                if !stateful {
                    continue;
                }
                let base = w.object().name.unwrap_or("<unnamed>");
                let replicas = w.replicas.unwrap_or(1).max(0);
                for i in 0..replicas.min(3) {
                    out.push(record(
                        &format!("{base}-{i}.{fqdn}"),
                        "A/AAAA",
                        format!("the IP of Pod {base}-{i}"),
                    ));
                }
                if replicas > 3 {
                    out.push(record(
                        &format!("{base}-{}.{fqdn}", replicas - 1),
                        "A/AAAA",
                        format!("… one name per Pod, up to {base}-{}", replicas - 1),
                    ));
                }
            }
        }
        for p in &ctx.ports {
            if let Some(srv) = srv_name(p, fqdn) {
                let (target, _, _) = ctx.target(p);
                out.push(record(&srv, "SRV", format!("{target} of each ready Pod")));
            }
        }
        return out;
    }
    let ips = cluster_ips(&ctx.spec);
    let value = if ips.is_empty() {
        "the cluster IP (allocated)".to_string()
    } else {
        join_and(&ips)
    };
    out.push(record(fqdn, "A/AAAA", value));
    for p in &ctx.ports {
        if let Some(srv) = srv_name(p, fqdn) {
            out.push(record(&srv, "SRV", format!("port {} on {fqdn}", p.port)));
        }
    }
    out
}

fn cluster_ips(spec: &ServiceSpec) -> Vec<String> {
    match (spec.cluster_ip.as_deref(), spec.cluster_ips.as_deref()) {
        (_, Some(ips)) if !ips.is_empty() => ips.to_vec(),
        (Some(ip), _) if !ip.is_empty() => vec![ip.to_string()],
        _ => Vec::new(),
    }
}

/// What the API server fills in on create (apiserver-service-validation.md §1, D1–D17).
fn defaults(ctx: &Ctx<'_, '_>) -> Vec<DefaultOut> {
    let spec = &ctx.spec;
    let mut out = Vec::new();
    let mut add = |field: &str, value: String| {
        out.push(DefaultOut {
            field: field.to_string(),
            value,
        })
    };
    let empty = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    if ctx.facts.object().namespace.is_none() {
        add(
            "metadata.namespace",
            "the namespace kubectl targets (--namespace, else the context's, else default)".into(),
        );
    }
    if empty(&spec.type_) {
        add("spec.type", "ClusterIP".into());
    }
    let type_ = ctx.facts.type_();
    let external_name = type_ == "ExternalName";
    let known = matches!(
        type_,
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
    );
    for p in &ctx.ports {
        let i = p.index;
        let raw = spec.ports.as_ref().and_then(|ports| ports.get(i));
        if raw.is_some_and(|r| empty(&r.protocol)) {
            add(&format!("spec.ports[{i}].protocol"), "TCP".into());
        }
        let target_missing = raw.is_some_and(|r| match &r.target_port {
            None => true,
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            Some(IntOrString::Int(_)) => false,
        });
        if target_missing && p.port > 0 {
            add(
                &format!("spec.ports[{i}].targetPort"),
                format!("{} (the value of port)", p.port),
            );
        }
        if ctx.allocates_node_ports() && p.node_port.is_none() {
            add(
                &format!("spec.ports[{i}].nodePort"),
                format!("allocated from {}", ctx.range()),
            );
        }
    }
    if empty(&spec.session_affinity) {
        add("spec.sessionAffinity", "None".into());
    }
    let affinity = spec.session_affinity.as_deref().unwrap_or("None");
    if matches!(affinity, "None" | "") && spec.session_affinity_config.is_some() {
        add(
            "spec.sessionAffinityConfig",
            "removed, because sessionAffinity is None".into(),
        );
    }
    if affinity == "ClientIP"
        && spec
            .session_affinity_config
            .as_ref()
            .and_then(|c| c.client_ip.as_ref())
            .and_then(|c| c.timeout_seconds)
            .is_none()
    {
        add(
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
            "10800 (3 hours)".into(),
        );
    }
    if !known || external_name {
        return out;
    }
    let exposed = matches!(type_, "NodePort" | "LoadBalancer") || !ctx.external_ips().is_empty();
    if exposed && empty(&spec.external_traffic_policy) {
        add("spec.externalTrafficPolicy", "Cluster".into());
    }
    if spec.internal_traffic_policy.is_none() {
        add("spec.internalTrafficPolicy", "Cluster".into());
    }
    if type_ == "LoadBalancer" && spec.allocate_load_balancer_node_ports.is_none() {
        add("spec.allocateLoadBalancerNodePorts", "true".into());
    }
    if type_ == "LoadBalancer"
        && spec.external_traffic_policy.as_deref() == Some("Local")
        && spec.health_check_node_port.unwrap_or(0) == 0
    {
        add(
            "spec.healthCheckNodePort",
            format!("allocated from {}", ctx.range()),
        );
    }
    let cluster_ip = spec.cluster_ip.as_deref().unwrap_or("");
    let has_ips = spec.cluster_ips.as_ref().is_some_and(|v| !v.is_empty());
    if !cluster_ip.is_empty() && !has_ips {
        add("spec.clusterIPs", format!("[{cluster_ip}]"));
    }
    if cluster_ip.is_empty() && !has_ips {
        let from = match &ctx.settings.service_cidrs {
            Some(cidrs) if !cidrs.is_empty() => cidrs
                .iter()
                .map(|c| format!("{}/{}", c.ip.ip, c.prefix))
                .collect::<Vec<_>>()
                .join(", "),
            _ => "the cluster's service CIDR".into(),
        };
        add("spec.clusterIP", format!("allocated from {from}"));
        add("spec.clusterIPs", "[the allocated cluster IP]".into());
    }
    if spec.ip_family_policy.is_none() {
        let policy = if ctx.facts.headless && ctx.facts.selector().is_empty() {
            "RequireDualStack (headless without a selector)"
        } else {
            "SingleStack"
        };
        add("spec.ipFamilyPolicy", policy.into());
    }
    if spec.ip_families.as_ref().is_none_or(|f| f.is_empty()) {
        let from_ips: Vec<&str> = cluster_ips(spec)
            .iter()
            .filter_map(|ip| parse_ip(ip).map(|p| p.family().as_str()))
            .collect();
        let policy = spec.ip_family_policy.as_deref().unwrap_or(
            if ctx.facts.headless && ctx.facts.selector().is_empty() {
                "RequireDualStack"
            } else {
                "SingleStack"
            },
        );
        let value = if !from_ips.is_empty() {
            format!("[{}] (from clusterIPs)", from_ips.join(", "))
        } else if ctx.facts.headless && ctx.facts.selector().is_empty() && policy != "SingleStack" {
            "both families, the cluster's primary one first (a headless Service without a selector gets both)".to_string()
        } else {
            match ctx.settings.ip_families.as_deref() {
                Some([first, ..]) => format!("[{}]", first.as_str()),
                _ => format!(
                    "[the cluster's primary family] ({} on most clusters)",
                    Family::V4.as_str()
                ),
            }
        };
        add("spec.ipFamilies", value);
    }
    out
}

/// `TCP 80, 443, UDP 53`: the distinct values of each protocol, the first few of many (a
/// Service with thousands of ports gets a readable diagram, in time linear in its ports).
fn protocols_ports(ports: &[Port<'_>], pick: impl Fn(&Port<'_>) -> String) -> String {
    let mut by_protocol: Vec<(String, Vec<String>)> = Vec::new();
    let mut seen = FirstSeen::new();
    for p in ports {
        let value = pick(p);
        if seen.seen_or_record((p.protocol.to_string(), value.clone()), ()) {
            continue;
        }
        match by_protocol
            .iter_mut()
            .find(|(proto, _)| *proto == p.protocol)
        {
            Some((_, list)) => list.push(value),
            None => by_protocol.push((p.protocol.to_string(), vec![value])),
        }
    }
    by_protocol
        .iter()
        .map(|(proto, list)| format!("{proto} {}", listing(list, String::clone)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `:80, :443`, each value once, the first few of many.
fn colon_ports(values: Vec<String>) -> String {
    let mut seen = FirstSeen::new();
    let unique = values
        .into_iter()
        .filter(|v| !seen.seen_or_record(v.clone(), ()));
    listing(unique, |v| format!(":{v}"))
}

fn pods_box(ctx: &Ctx<'_, '_>) -> Vec<String> {
    let mut lines = Vec::new();
    if ctx.facts.selector().is_empty() {
        lines.push("your own endpoints".to_string());
        lines.push("(no selector)".to_string());
    } else {
        lines.push(format!("Pods {}", selector_text(ctx.facts.selector())));
        match &ctx.backends {
            Backends::Matched(list) => match list.as_slice() {
                [] => lines.push("no workload in the input".into()),
                [(_, w)] => {
                    lines.push(workload_name(w));
                    lines.push(pod_count(w));
                }
                many => lines.push(format!("{} workloads", many.len())),
            },
            Backends::OwnEndpoints => lines.push("endpoints listed in the input".into()),
            _ => lines.push("no workloads in the input".into()),
        }
    }
    let targets = colon_ports(
        ctx.ports
            .iter()
            .map(|p| match ctx.target(p) {
                (_, Some(n), Value::String(name)) => format!("{n} ({name})"),
                (_, Some(n), _) => n.to_string(),
                (_, None, Value::String(name)) => name,
                _ => "?".into(),
            })
            .collect(),
    );
    if !targets.is_empty() {
        lines.push(targets);
    }
    lines
}

fn target_label(ctx: &Ctx<'_, '_>) -> String {
    protocols_ports(&ctx.ports, |p| match ctx.target(p) {
        (_, Some(n), _) => n.to_string(),
        (_, None, Value::String(name)) => name,
        _ => "?".into(),
    })
}

fn diagram(ctx: &Ctx<'_, '_>) -> Diagram {
    let ports = &ctx.ports;
    let service_ports = protocols_ports(ports, |p| p.port.to_string());
    let cluster_box = {
        let ips = cluster_ips(&ctx.spec);
        let what = if ips.is_empty() {
            "cluster IP".to_string()
        } else {
            format!("cluster IP {}", ips.join(", "))
        };
        vec![
            what,
            colon_ports(ports.iter().map(|p| p.port.to_string()).collect()),
        ]
    };
    let inside = vec![
        Step::start(&["client Pod in the cluster"]),
        Step {
            arrow: Some(service_ports.clone()),
            lines: cluster_box,
        },
    ];
    let node_ports = colon_ports(
        ports
            .iter()
            .map(|p| {
                p.node_port
                    .map_or_else(|| format!("<{}>", ctx.range()), |n| n.to_string())
            })
            .collect(),
    );
    let node_label = protocols_ports(ports, |p| {
        p.node_port
            .map_or_else(|| "<nodePort>".to_string(), |n| n.to_string())
    });
    let pods = Step {
        arrow: Some(target_label(ctx)),
        lines: pods_box(ctx),
    };
    match ctx.facts.type_() {
        "ExternalName" => {
            let target = ctx
                .facts
                .external_name()
                .unwrap_or("<no externalName>")
                .to_string();
            Diagram {
                columns: vec![vec![
                    Step::start(&["client Pod in the cluster"]),
                    Step::then(
                        format!("1. looks up {}", ctx.name),
                        &["cluster DNS", &format!("CNAME {target}")],
                    ),
                    Step::then(
                        "2. connects directly, no proxy",
                        &[&target, "outside the cluster"],
                    ),
                ]],
                sink: None,
            }
        }
        _ if ctx.facts.headless => Diagram {
            columns: vec![vec![
                Step::start(&["client Pod in the cluster"]),
                Step::then(
                    format!("1. looks up {}", ctx.name),
                    &["cluster DNS", "answers with the Pod IPs"],
                ),
            ]],
            sink: Some(Step {
                arrow: Some(format!("2. connects to a Pod IP, {}", target_label(ctx))),
                lines: pods_box(ctx),
            }),
        },
        "NodePort" => Diagram {
            columns: vec![
                vec![
                    Step::start(&["client outside the cluster"]),
                    Step {
                        arrow: Some(node_label),
                        lines: vec!["every node".into(), node_ports],
                    },
                ],
                inside,
            ],
            sink: Some(pods),
        },
        "LoadBalancer" => {
            let mut outside = vec![
                Step::start(&["client on the internet"]),
                Step {
                    arrow: Some(service_ports.clone()),
                    lines: vec![
                        "cloud load balancer".into(),
                        colon_ports(ports.iter().map(|p| p.port.to_string()).collect()),
                    ],
                },
            ];
            if ctx.allocates_node_ports() || ports.iter().any(|p| p.node_port.is_some()) {
                outside.push(Step {
                    arrow: Some(node_label),
                    lines: vec!["every node".into(), node_ports],
                });
            }
            Diagram {
                columns: vec![outside, inside],
                sink: Some(pods),
            }
        }
        _ => {
            let ips = ctx.external_ips();
            let mut columns = Vec::new();
            if !ips.is_empty() {
                columns.push(vec![
                    Step::start(&["client outside the cluster"]),
                    Step {
                        arrow: Some(service_ports.clone()),
                        lines: vec![
                            format!("any node, for {}", ips.join(", ")),
                            colon_ports(ports.iter().map(|p| p.port.to_string()).collect()),
                        ],
                    },
                ]);
            }
            columns.push(inside);
            Diagram {
                columns,
                sink: Some(pods),
            }
        }
    }
}

/// The text form of everything explained.
pub fn render_text(files: &[FileOut], look: &Look) -> String {
    let mut out = String::new();
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", look.heading(&file.name));
        out.push('\n');
        if file.services.is_empty() {
            let what = if file.others.is_empty() {
                "No Kubernetes object in this file.".to_string()
            } else {
                format!(
                    "No Service in this file (it holds {}).",
                    join_and(&file.others)
                )
            };
            out.push_str(&wrap(&what, look.width, 2));
            out.push('\n');
        }
        let documents = file
            .services
            .iter()
            .map(|s| s.document)
            .max()
            .unwrap_or(0)
            .max(
                file.findings
                    .diagnostics
                    .iter()
                    .filter_map(|d| d.object.as_ref().map(|o| o.document))
                    .max()
                    .unwrap_or(0),
            );
        for svc in &file.services {
            render_service(&mut out, svc, documents > 0, look);
        }
        let _ = writeln!(out, "{}", look.heading("Findings (svcctl lint)"));
        if file.findings.diagnostics.is_empty() {
            out.push_str("    None.\n");
        } else {
            let concise = render::render(
                &file.findings,
                Format::Concise,
                &RenderOptions {
                    style: render::HumanStyle::default(),
                    show_suppressed: false,
                },
            );
            for line in concise.lines() {
                out.push_str(&wrap_hanging_line(line, look.width));
            }
        }
    }
    out
}

fn wrap_hanging_line(line: &str, width: usize) -> String {
    super::text::wrap_hanging(line, width, "    ", "        ")
}

fn render_service(out: &mut String, svc: &Explained, multi_doc: bool, look: &Look) {
    let known = matches!(
        svc.type_.as_str(),
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
    );
    let mut title = if svc.headless {
        format!(
            "Headless Service {} (ClusterIP with clusterIP: None)",
            svc.name
        )
    } else if !known {
        format!("Service {} (invalid type \"{}\")", svc.name, svc.type_)
    } else {
        format!("{} Service {}", svc.type_, svc.name)
    };
    if let Some(ns) = &svc.namespace {
        let _ = write!(title, " in namespace {ns}");
    }
    if multi_doc {
        // Numbered from 0, as `document` is in the JSON of `lint` and `explain` and in JUnit.
        let _ = write!(title, " (document {})", svc.document);
    }
    let _ = writeln!(out, "{}", look.heading(&title));
    out.push_str(&wrap(&svc.summary, look.width, 4));
    if !svc.notes.is_empty() {
        out.push('\n');
        for note in &svc.notes {
            out.push_str(&wrap(&format!("- {note}"), look.width, 4));
        }
    }
    out.push('\n');
    if let Some(diagram) = &svc.diagram {
        let _ = writeln!(out, "  {}", look.heading("Traffic path"));
        out.push_str(&diagram.render(look.unicode, 4));
        out.push('\n');
    }
    if !svc.dns.is_empty() {
        let _ = writeln!(out, "  {}", look.heading("DNS"));
        out.push_str(&dns_text(&svc.dns, look.width));
        out.push('\n');
    }
    if !svc.defaults.is_empty() {
        let _ = writeln!(out, "  {}", look.heading("Filled in by the API server"));
        let rows: Vec<(String, String)> = svc
            .defaults
            .iter()
            .map(|d| (d.field.clone(), d.value.clone()))
            .collect();
        out.push_str(&pairs(&rows, 4, look.width));
        out.push('\n');
    }
}

/// DNS records as aligned `name  TYPE  value` lines when they fit, else the name on a line of its
/// own with the record under it.
fn dns_text(records: &[DnsRecord], width: usize) -> String {
    let name_width = records
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    let kind_width = records
        .iter()
        .map(|r| r.kind.chars().count())
        .max()
        .unwrap_or(0);
    let fits = records
        .iter()
        .all(|r| 4 + name_width + 2 + kind_width + 2 + r.value.chars().count() <= width);
    let mut out = String::new();
    for r in records {
        if fits {
            let _ = writeln!(
                out,
                "    {:<name_width$}  {:<kind_width$}  {}",
                r.name, r.kind, r.value
            );
        } else {
            let _ = writeln!(out, "    {}", r.name);
            let first = format!("        {:<kind_width$}  ", r.kind);
            let rest = " ".repeat(first.chars().count());
            out.push_str(&super::text::wrap_hanging(&r.value, width, &first, &rest));
        }
    }
    out
}

/// The JSON form: `{"version": 1, "files": [{"file", "services", "findings"}], "errors"}`.
pub fn to_json(files: &[FileOut], errors: &[(String, String)]) -> Value {
    let files: Vec<Value> = files
        .iter()
        .map(|f| {
            let findings = render::render(
                &f.findings,
                Format::Json,
                &RenderOptions {
                    style: render::HumanStyle::default(),
                    show_suppressed: false,
                },
            );
            let findings = serde_json::from_str::<Value>(&findings)
                .ok()
                .and_then(|v| v.get("diagnostics").cloned())
                .unwrap_or_else(|| json!([]));
            json!({
                "file": f.name,
                "services": f.services,
                "otherObjects": f.others,
                "findings": findings,
            })
        })
        .collect();
    json!({
        "version": 1,
        "files": files,
        "errors": errors.iter().map(|(file, reason)| json!({"file": file, "reason": reason})).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagram_lists_each_port_once_and_the_first_few_of_many() {
        let ports = |values: &[&str]| values.iter().map(|v| v.to_string()).collect();
        assert_eq!(colon_ports(ports(&["80", "443", "80"])), ":80, :443");
        let many: Vec<String> = (1..=30).chain(1..=30).map(|n| n.to_string()).collect();
        assert_eq!(
            colon_ports(many),
            ":1, :2, :3, :4, :5, :6, :7, :8, :9, :10 and 20 more"
        );
    }
}
