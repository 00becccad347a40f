use crate::k8s::settings::ALREADY_ALLOCATED;
use foldhash::HashMap;
use std::path::Path;

use crate::k8s::facts::{ServiceFacts, namespace_key};
use crate::lint::declare::declare_rule;
use crate::lint::index::{RunPart, describe, on_object};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, RunFinding};
use crate::model::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks that no two Services applied together request the same `nodePort`: Services in
    /// one file or one folder (what `kubectl apply -f` applies at once), unless the two files
    /// define the same object (then they are alternatives, such as an all-in-one file next to
    /// its parts). NodePorts are cluster-wide, so namespaces do not separate them, and the
    /// allocator keys them by number alone: `30007/TCP` in one Service and `30007/UDP` in another
    /// collide too. Only NodePort and LoadBalancer Services are compared, the types that
    /// allocate node ports.
    ///
    /// ## Why is this bad?
    /// Whichever Service is applied second is refused:
    /// `spec.ports[0].nodePort: Invalid value: 30007: provided port is already allocated`. Which
    /// one that is depends on apply order, so the failure can move between deployments.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///   - port: 80
    ///     nodePort: 30007
    /// ---
    /// kind: Service
    /// metadata:
    ///   name: web-admin
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///   - port: 8080
    ///     nodePort: 30007
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   ports:
    ///   - port: 8080
    ///     nodePort: 30008   # or leave nodePort out and let the cluster pick one
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#nodeport-custom-port
    /// - https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
    pub struct NodePortConflict {
        id: "node-port-conflict",
        code: "SVC054",
        category: CrossObject,
        severity: Error,
        summary: "two Services request the same nodePort",
    }
}

impl Check for NodePortConflict {
    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        let mut requests: HashMap<(Option<&Path>, i32), Vec<Request<'_>>> = HashMap::default();
        // Many nodePorts ask about the same pair of files, and each answer walks a whole file.
        let mut alternatives: HashMap<(usize, usize), bool> = HashMap::default();
        for (fi, svc) in part.services() {
            if !matches!(svc.type_(), "NodePort" | "LoadBalancer") {
                continue;
            }
            let folder = run
                .files
                .get(fi)
                .and_then(|f| Path::new(&f.source.name).parent());
            for port in svc.ports() {
                let (Some(node_port), Some(span)) = (port.node_port, port.node_port_span) else {
                    continue;
                };
                let earlier = requests.entry((folder, node_port)).or_default();
                // Bounded, so that a run where every Service wants one port stays linear.
                let owner = earlier.iter().take(16).find(|o| {
                    // Within one Service that is duplicate-node-port's finding; a Service defined
                    // twice is duplicate-service's; files that define the same object are
                    // alternatives, not applied together.
                    o.key != key(svc)
                        && !*alternatives
                            .entry((fi, o.file))
                            .or_insert_with(|| run.alternatives(fi, o.file))
                });
                if let Some(owner) = owner {
                    let finding = Finding::at(
                        &Self::META,
                        path(&format!("spec.ports[{}].nodePort", port.index)),
                        format!(
                            "Invalid value: {node_port}: {ALREADY_ALLOCATED} (by {})",
                            describe(owner.svc.object())
                        ),
                    )
                    .span(span)
                    .help("give each Service its own nodePort, or leave nodePort out so the cluster picks a free one");
                    let mut rf = on_object(fi, svc.object(), finding);
                    rf.related.push((
                        owner.file,
                        owner.span,
                        format!("nodePort {node_port} is requested here first"),
                    ));
                    out.push(rf);
                }
                earlier.push(Request {
                    file: fi,
                    svc,
                    key: key(svc),
                    span,
                });
            }
        }
    }
}

struct Request<'a> {
    file: usize,
    svc: &'a ServiceFacts,
    key: (Option<&'a str>, Option<&'a str>),
    span: Span,
}

fn key(svc: &ServiceFacts) -> (Option<&str>, Option<&str>) {
    (namespace_key(svc.object().namespace), svc.object().name)
}
