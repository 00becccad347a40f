//! The ports of the plan: `--port`, `--target` and `--node-port` against each other and against
//! the workload's declared ports, then names and node ports settled.

use super::*;

/// A port before names and node ports are settled.
pub(super) struct Draft {
    spec: PortSpec,
    /// The `--port` value as written, for messages; `None` for a port derived from a workload.
    text: Option<String>,
    /// The name to prefer for it: its named target, or the workload's name for that port.
    preferred: Option<String>,
    /// The user wrote the target (`80:8080`, `--target`), rather than it being derived.
    explicit_target: bool,
}

pub(super) fn plan_ports(
    args: &GenerateRequest,
    settings: &Settings,
    workload: Option<&Workload>,
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Vec<PlanPort> {
    let kind = args.kind;
    let (mut drafts, mut parse_failed) = parse_ports(args, problems);
    if let Some(w) = workload.filter(|_| kind != Kind::ExternalName) {
        if args.ports.is_empty() {
            drafts = workload_ports(w, notes);
        } else {
            target_declared_ports(args, w, &mut drafts, problems, notes);
        }
    }
    if let Some(t) = args.target.as_ref().filter(|_| kind != Kind::ExternalName) {
        apply_target(t, workload, &mut drafts, &mut parse_failed, problems);
    }
    check_port_set(kind, workload, &drafts, parse_failed, problems);
    let names = port_names(args, &drafts, parse_failed, problems);
    let node_ports = node_ports(args, settings, &drafts, problems, notes);
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| PlanPort {
            name: names.get(i).cloned().flatten(),
            protocol: d.spec.protocol,
            app_protocol: args.app_protocols.get(i).cloned(),
            port: d.spec.port,
            target: if kind == Kind::ExternalName {
                None
            } else {
                Some(d.spec.target.unwrap_or(Target::Number(d.spec.port)))
            },
            node_port: node_ports.get(i).copied().flatten(),
        })
        .collect()
}

/// The `--port` values as written.
fn parse_ports(args: &GenerateRequest, problems: &mut Vec<String>) -> (Vec<Draft>, bool) {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut parse_failed = false;
    for text in &args.ports {
        match parse_port_spec(text) {
            Ok(spec) => drafts.push(Draft {
                text: Some(text.clone()),
                preferred: match &spec.target {
                    Some(Target::Name(n)) => Some(n.clone()),
                    _ => None,
                },
                explicit_target: spec.target.is_some(),
                spec,
            }),
            Err(e) => {
                parse_failed = true;
                problems.push(format!("--port {text}: {e}"));
            }
        }
    }
    (drafts, parse_failed)
}

/// Without `--port`, the ports the workload's containers declare, each targeting itself.
fn workload_ports(w: &Workload, notes: &mut Vec<String>) -> Vec<Draft> {
    let drafts: Vec<Draft> = w
        .ports
        .iter()
        .map(|cp| Draft {
            text: None,
            spec: PortSpec {
                port: cp.port,
                target: Some(match &cp.name {
                    Some(n) => Target::Name(n.clone()),
                    None => Target::Number(cp.port),
                }),
                protocol: cp.protocol,
            },
            preferred: cp.name.clone(),
            explicit_target: false,
        })
        .collect();
    if !drafts.is_empty() {
        notes.push(format!("ports from {}: {}", w.display, w.port_list()));
    }
    drafts
}

/// `--port` values without a target take the workload's port of that number (by name), or its
/// only port; named targets must be declared.
fn target_declared_ports(
    args: &GenerateRequest,
    w: &Workload,
    drafts: &mut [Draft],
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) {
    let kind = args.kind;
    // One port and one declared port: that is the target (not on a headless Service,
    // where clients that resolve the name connect on the port, not on a target).
    let single =
        drafts.len() == 1 && args.target.is_none() && w.ports.len() == 1 && kind != Kind::Headless;
    for draft in drafts.iter_mut() {
        let flag = format!("--port {}", draft.text.as_deref().unwrap_or_default());
        let spec = &mut draft.spec;
        match &spec.target {
            None => {
                let same_number = w
                    .ports
                    .iter()
                    .find(|cp| cp.port == spec.port && cp.protocol == spec.protocol);
                if let Some(cp) = same_number {
                    if let Some(n) = &cp.name {
                        spec.target = Some(Target::Name(n.clone()));
                        draft.preferred = Some(n.clone());
                    }
                } else if let Some(cp) = w
                    .ports
                    .first()
                    .filter(|cp| single && cp.protocol == spec.protocol)
                {
                    let target = match &cp.name {
                        Some(n) => Target::Name(n.clone()),
                        None => Target::Number(cp.port),
                    };
                    notes.push(format!(
                        "--port {}: targetPort {target}, the only port {} declares",
                        spec.port, w.display
                    ));
                    draft.preferred = cp.name.clone();
                    spec.target = Some(target);
                }
            }
            Some(Target::Name(n)) => check_declared(w, n, spec.protocol, &flag, problems),
            Some(Target::Number(_)) => {}
        }
    }
}

/// `--target`: the target of the only port.
fn apply_target(
    t: &str,
    workload: Option<&Workload>,
    drafts: &mut [Draft],
    parse_failed: &mut bool,
    problems: &mut Vec<String>,
) {
    match parse_target(t) {
        Err(e) => problems.push(format!("--target {t}: {e}")),
        Ok(target) => match drafts {
            [] if *parse_failed => {}
            [] => {
                *parse_failed = true;
                problems.push(format!("--target needs a --port: e.g. --port 80 --target {t}"));
            }
            [only] if only.explicit_target => problems.push(format!(
                "--target {t}: --port {} already has a target; drop --target or the :TARGET part",
                only.text.as_deref().unwrap_or_default()
            )),
            [only] => {
                if let (Target::Name(n), Some(w)) = (&target, workload) {
                    check_declared(w, n, only.spec.protocol, &format!("--target {t}"), problems);
                }
                only.preferred = match &target {
                    Target::Name(n) => Some(n.clone()),
                    Target::Number(_) => None,
                };
                only.explicit_target = true;
                only.spec.target = Some(target);
            }
            several => problems.push(format!(
                "--target sets the target of a single port, but there are {}; write PORT:TARGET for each --port instead",
                several.len()
            )),
        },
    }
}

/// Ports a Service of this type must have, may not have, or has twice.
fn check_port_set(
    kind: Kind,
    workload: Option<&Workload>,
    drafts: &[Draft],
    parse_failed: bool,
    problems: &mut Vec<String>,
) {
    if drafts.is_empty()
        && !parse_failed
        && matches!(kind, Kind::ClusterIp | Kind::NodePort | Kind::LoadBalancer)
    {
        problems.push(match workload {
            Some(w) => format!(
                "{} declares no container ports, and {} Service needs at least one; give --port PORT[:TARGET]",
                w.display,
                kind.article()
            ),
            None => format!(
                "{} Service needs at least one port; give --port, e.g. --port 80:8080",
                kind.article()
            ),
        });
    }
    if kind == Kind::ExternalName {
        for d in drafts.iter().filter(|d| d.explicit_target) {
            problems.push(format!(
                "--port {}: an externalname Service has no Pods, so its ports have no target; write --port {}",
                d.text.as_deref().unwrap_or_default(),
                d.spec.port
            ));
        }
    }
    for (i, d) in drafts.iter().enumerate() {
        let earlier = drafts[..i]
            .iter()
            .any(|e| e.spec.port == d.spec.port && e.spec.protocol == d.spec.protocol);
        if earlier {
            problems.push(format!(
                "port {}/{} is given twice; each PORT/PROTOCOL pair may appear only once",
                d.spec.port,
                d.spec.protocol.as_str()
            ));
        }
    }
}

/// `--port-name` and `--app-protocol` checked, and each port's name (several ports must all be
/// named).
fn port_names(
    args: &GenerateRequest,
    drafts: &[Draft],
    parse_failed: bool,
    problems: &mut Vec<String>,
) -> Vec<Option<String>> {
    let kind = args.kind;
    let count = drafts.len();
    let per_port = |flag: &str, given: usize, problems: &mut Vec<String>| {
        if given > count && !parse_failed {
            problems.push(format!(
                "{given} {flag} values for {count} port{}; give at most one per port, in --port order",
                if count == 1 { "" } else { "s" }
            ));
        }
    };
    per_port("--port-name", args.port_names.len(), problems);
    per_port("--app-protocol", args.app_protocols.len(), problems);
    if matches!(kind, Kind::NodePort | Kind::LoadBalancer) {
        per_port("--node-port", args.node_ports.len(), problems);
    }
    for (i, name) in args.port_names.iter().enumerate() {
        let errors = dns1123_label(name);
        if !errors.is_empty() {
            problems.push(format!("--port-name {name:?}: {}", errors.join("; ")));
        }
        if args.port_names[..i].contains(name) {
            problems.push(format!(
                "--port-name {name} is given twice; port names must be unique"
            ));
        }
    }
    for p in &args.app_protocols {
        let errors = qualified_name(p);
        if !errors.is_empty() {
            problems.push(format!("--app-protocol {p:?}: {}", errors.join("; ")));
        }
    }
    if count >= 2 {
        let inputs: Vec<NameInput<'_>> = drafts
            .iter()
            .enumerate()
            .map(|(i, d)| NameInput {
                port: d.spec.port,
                protocol: d.spec.protocol,
                explicit: args.port_names.get(i).map(String::as_str),
                preferred: d.preferred.as_deref(),
            })
            .collect();
        assign_names(&inputs).into_iter().map(Some).collect()
    } else {
        vec![args.port_names.first().cloned(); count]
    }
}

/// `--node-port` values checked against the range and each other, for the types that have them.
fn node_ports(
    args: &GenerateRequest,
    settings: &Settings,
    drafts: &[Draft],
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Vec<Option<i64>> {
    let kind = args.kind;
    let count = drafts.len();
    let mut node_ports: Vec<Option<i64>> = vec![None; count];
    if matches!(kind, Kind::NodePort | Kind::LoadBalancer) {
        let range = settings.node_port_range;
        for (i, text) in args.node_ports.iter().enumerate() {
            let value = match parse_node_port(text) {
                Ok(v) => v,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            let Some(n) = value else { continue };
            if let Some(refusal) = range.refusal(n) {
                problems.push(format!(
                    "--node-port {text}: {refusal} (if your cluster uses another range, set --node-port-range or node-port-range in .svcctl.yaml)"
                ));
                continue;
            }
            if let Some(slot) = node_ports.get_mut(i) {
                *slot = Some(n);
            }
        }
        for (i, n) in node_ports.iter().enumerate() {
            let Some(n) = n else { continue };
            let clash = node_ports[..i]
                .iter()
                .zip(drafts)
                .find(|(m, d)| *m == &Some(*n) && d.spec.port != drafts[i].spec.port);
            if let Some((_, other)) = clash {
                problems.push(format!(
                    "--node-port {n} is given for port {} and port {}: {ALREADY_ALLOCATED} (only the same port number with another protocol may share a nodePort)",
                    other.spec.port, drafts[i].spec.port
                ));
            }
        }
        // KEP-3668: the cluster allocates dynamically from the top of the range first, so a
        // static nodePort in the bottom band is the least likely to collide.
        let size = range.last - range.first + 1;
        let band_end = range.first + (size / 32).clamp(16, 128) - 1;
        let high: Vec<String> = node_ports
            .iter()
            .flatten()
            .filter(|n| **n > band_end)
            .map(i64::to_string)
            .collect();
        if !high.is_empty() && size > 16 {
            notes.push(format!(
                "nodePort {} is outside {}-{band_end}, the band kept for static assignment; the cluster may hand it to another Service first (KEP-3668)",
                high.join(", "),
                range.first
            ));
        }
    }

    node_ports
}

/// A named target must be a port name the workload's containers declare, with that protocol.
pub(super) fn check_declared(
    w: &Workload,
    name: &str,
    protocol: Protocol,
    flag: &str,
    problems: &mut Vec<String>,
) {
    match w.declares(name) {
        Some(cp) if cp.protocol == protocol => {}
        Some(cp) => problems.push(format!(
            "{flag}: port {name} of {} is {}, not {}",
            w.display,
            cp.protocol.as_str(),
            protocol.as_str()
        )),
        None => {
            let names = w.ports.iter().filter_map(|p| p.name.as_deref());
            let hint = crate::model::decode::suggest(name, names)
                .map(|s| format!("; did you mean {s}?"))
                .unwrap_or_default();
            problems.push(format!(
                "{flag}: {} declares no port named {name} (it declares {}){hint}",
                w.display,
                w.port_list()
            ));
        }
    }
}
