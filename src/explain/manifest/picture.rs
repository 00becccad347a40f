//! Building the traffic diagram of a Service: boxes and steps from the client to the Pods.
//! [`super::super::diagram`] draws it.

use super::*;

/// `TCP 80, 443, UDP 53`: the distinct values of each protocol, the first few of many (a
/// Service with thousands of ports gets a readable diagram, in time linear in its ports).
pub(super) fn protocols_ports(ports: &[Port<'_>], pick: impl Fn(&Port<'_>) -> String) -> String {
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
pub(super) fn colon_ports(values: Vec<String>) -> String {
    let mut seen = FirstSeen::new();
    let unique = values
        .into_iter()
        .filter(|v| !seen.seen_or_record(v.clone(), ()));
    listing(unique, |v| format!(":{v}"))
}

pub(super) fn pods_box(ctx: &Ctx<'_, '_>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Backends::Live(live) = &ctx.backends {
        lines.push(if ctx.facts.selector().is_empty() {
            "endpoints (no selector)".to_string()
        } else {
            format!("Pods {}", selector_text(ctx.facts.selector()))
        });
        lines.extend(live_lines(live));
    } else if ctx.facts.selector().is_empty() {
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

/// How many endpoints a live Service's diagram lists before "and N more".
const LIVE_SHOWN: usize = 6;

/// A live Service's endpoints in its Pods box: the count, then one short line each (address,
/// node, state); the Pod names are in the endpoint table under the diagram.
fn live_lines(live: &LiveEndpoints) -> Vec<String> {
    if live.endpoints.is_empty() {
        return vec!["no endpoints".into()];
    }
    let mut lines = vec![format!(
        "live: {} of {} ready",
        live.ready(),
        live.endpoints.len()
    )];
    for e in live.endpoints.iter().take(LIVE_SHOWN) {
        let state = if e.terminating {
            "terminating"
        } else if e.ready {
            "ready"
        } else {
            "not ready"
        };
        let node = e
            .node
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        lines.push(format!("{}{node} {state}", e.address));
    }
    if live.endpoints.len() > LIVE_SHOWN {
        lines.push(format!("and {} more", live.endpoints.len() - LIVE_SHOWN));
    }
    lines
}

pub(super) fn target_label(ctx: &Ctx<'_, '_>) -> String {
    protocols_ports(&ctx.ports, |p| match ctx.target(p) {
        (_, Some(n), _) => n.to_string(),
        (_, None, Value::String(name)) => name,
        _ => "?".into(),
    })
}

pub(super) fn diagram(ctx: &Ctx<'_, '_>) -> Diagram {
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
    match ctx.service_type {
        ServiceType::ExternalName => {
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
        ServiceType::NodePort => Diagram {
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
        ServiceType::LoadBalancer => {
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
