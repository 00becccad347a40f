use crate::k8s::settings::ALREADY_ALLOCATED;
use k8s_openapi::api::core::v1::ServicePort;

use crate::k8s::ServiceType;
use crate::lint::declare::declare_rule;
use crate::lint::first_seen::FirstSeen;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags a `nodePort` used twice in one Service: by two ports with the same protocol, or (on
    /// NodePort and LoadBalancer Services) by two ports with different `port` numbers. Two entries
    /// that share `port` and differ only in protocol (TCP and UDP on 53, say) may share a
    /// nodePort.
    ///
    /// ## Why is this bad?
    /// A node port can be opened only once per node. When the Service is created, the NodePort
    /// allocator reserves the nodePort of the first entry and refuses the second:
    /// `spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated`. Where
    /// the allocator does not run (ClusterIP, ExternalName, updates), two entries with the same
    /// protocol and nodePort are refused as `Duplicate value: 30080`.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       nodePort: 30080
    ///     - name: https
    ///       port: 443
    ///       nodePort: 30080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       nodePort: 30080
    ///     - name: https
    ///       port: 443
    ///       nodePort: 30443
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#nodeport-custom-port
    pub struct DuplicateNodePort {
        id: "duplicate-node-port",
        code: "SVC031",
        category: Api,
        severity: Error,
        summary: "the same nodePort twice in one Service",
        apiserver: "R53 A9",
        judges_the_type: true,
    }
}

/// One nodePort the registry reserves while creating the Service.
pub(crate) struct Claim {
    /// The entry being allocated for (where the API server reports a failure).
    pub entry: usize,
    pub wanted: i64,
    /// The entry whose `nodePort` asked for it.
    pub writer: usize,
}

/// A replay of the registry's `initNodePorts` on create: entries sharing a `port` number share
/// the first nodePort requested for it (by any of them, even a later one), which is reserved
/// for the first of them; any other requested nodePort is reserved on its own. Nothing for
/// types without node ports.
pub(crate) struct NodePortReplay {
    pub claims: Vec<Claim>,
    /// Whether entries without a nodePort get one (not on a LoadBalancer that opts out).
    pub allocate_new: bool,
    /// The first nodePort requested for each `port` number, and the entry that wrote it.
    pub first_requested: FirstSeen<i32, (i64, usize)>,
}

impl NodePortReplay {
    pub fn of(svc: &ServiceContext<'_>) -> NodePortReplay {
        let ports = svc.ports();
        let service_type = svc.service_type();
        let allocates = matches!(
            service_type,
            ServiceType::NodePort | ServiceType::LoadBalancer
        );
        let allocate_new = allocates
            && !(service_type == ServiceType::LoadBalancer
                && svc.spec().and_then(|s| s.allocate_load_balancer_node_ports) == Some(false));
        let mut first_requested = FirstSeen::new();
        for (k, entry) in ports.iter().enumerate() {
            let requested = node_port(entry);
            if requested != 0 {
                first_requested.seen_or_record(entry.port, (requested, k));
            }
        }
        let mut claims = Vec::new();
        if allocates {
            // The nodePort each `port` number was given (0: one left to the allocator).
            let mut by_port = FirstSeen::new();
            for (i, entry) in ports.iter().enumerate() {
                let requested = node_port(entry);
                if requested == 0 && !allocate_new {
                    continue;
                }
                let claim = match by_port.get(&entry.port) {
                    Some(&given) if requested == 0 || requested == given => None,
                    Some(_) => Some((requested, i)),
                    None => {
                        let first = first_requested.get(&entry.port).copied();
                        by_port.seen_or_record(entry.port, first.map_or(0, |(n, _)| n));
                        first
                    }
                };
                if let Some((wanted, writer)) = claim {
                    claims.push(Claim {
                        entry: i,
                        wanted,
                        writer,
                    });
                }
            }
        }
        NodePortReplay {
            claims,
            allocate_new,
            first_requested,
        }
    }
}

/// The nodePort an entry ends up with.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Given {
    Requested(i64),
    /// Whatever the allocator picks for this `port` number.
    Allocated(i32),
}

fn node_port(port: &ServicePort) -> i64 {
    i64::from(port.node_port.unwrap_or(0))
}

impl Check for DuplicateNodePort {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let ports = svc.ports();
        let node_port_path = |i: usize| path("spec.ports").index(i).field("nodePort");
        // Entries already reported as "already allocated": the duplicate check below says the
        // same thing about them.
        let mut reported = vec![false; ports.len()];

        let replay = NodePortReplay::of(svc);
        let range = svc.settings.node_port_range;
        let mut allocated = FirstSeen::new();
        for claim in &replay.claims {
            // Out of range is node-port-range's finding; such a port is never reserved.
            if !range.contains(claim.wanted) {
                continue;
            }
            if !allocated.seen_or_record(claim.wanted, ()) {
                continue;
            }
            for index in [claim.entry, claim.writer] {
                if let Some(flag) = reported.get_mut(index) {
                    *flag = true;
                }
            }
            out.push(
                Finding::at(
                    &Self::META,
                    node_port_path(claim.entry),
                    format!("Invalid value: {}: {ALREADY_ALLOCATED}", claim.wanted),
                )
                .span(svc.span_of(&node_port_path(claim.writer)))
                .help("give each `port` number its own nodePort (only entries with the same `port` may share one), or leave `nodePort` out"),
            );
        }

        // Validation then compares the nodePorts the entries ended up with: an entry without one
        // was given its `port` number's (the one requested for it, or one allocated for it).
        let mut seen = FirstSeen::new();
        for (i, entry) in ports.iter().enumerate() {
            let requested = node_port(entry);
            let given = match replay.first_requested.get(&entry.port) {
                _ if requested != 0 => Given::Requested(requested),
                Some(&(first, _)) if replay.allocate_new => Given::Requested(first),
                None if replay.allocate_new => Given::Allocated(entry.port),
                _ => continue,
            };
            // An omitted protocol is TCP by the time validation runs.
            let protocol = entry
                .protocol
                .as_deref()
                .filter(|p| !p.is_empty())
                .unwrap_or("TCP");
            if seen.seen_or_record((protocol, given), ())
                && !reported.get(i).copied().unwrap_or(false)
            {
                let value = match given {
                    Given::Requested(n) => n.to_string(),
                    Given::Allocated(port) => {
                        format!("(the nodePort allocated for port {port})")
                    }
                };
                out.push(
                    Finding::at(
                        &Self::META,
                        node_port_path(i),
                        format!("Duplicate value: {value}"),
                    )
                    .help("give this port its own nodePort, or leave `nodePort` out to get a free one"),
                );
            }
        }
    }
}
