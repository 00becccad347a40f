use foldhash::{HashMap, HashSet};

use crate::lint::declare::declare_rule;
use crate::lint::index::{
    INDEX_PORTS_FROM, RunPart, Selected, Target, WorkloadFacts, address, on_object,
};
use crate::lint::rules::path;
use crate::lint::text::quoted;
use crate::lint::{Finding, Rule, RunFinding};
use crate::model::decode::suggest;

declare_rule! {
    /// ## What it does
    /// Checks that a named `targetPort` is declared, with the same protocol, as a container port
    /// (`ports[].name`) by the workloads the Service selects: those in the same file, else in the
    /// same folder (workloads in other folders are not assumed to belong to it). Ports of init
    /// containers count (native sidecars serve traffic too).
    ///
    /// ## Why is this bad?
    /// A named targetPort is resolved in each Pod: the endpoints controller looks for a container
    /// port with that name and protocol. If no container declares it, the Pod is not an endpoint
    /// for that port and the Service sends that port's traffic nowhere, although the manifests
    /// apply without a word.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///   - port: 80
    ///     targetPort: htp
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         ports:
    ///         - name: http
    ///           containerPort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   ports:
    ///   - port: 80
    ///     targetPort: http
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
    pub struct TargetPortNameNotFound {
        id: "target-port-name-not-found",
        code: "SVC051",
        category: CrossObject,
        severity: Error,
        summary: "a named targetPort that no selected container declares",
    }
}

impl Rule for TargetPortNameNotFound {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn checks_run_in_parts(&self) -> bool {
        true
    }

    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        let mut indexes = NameIndexes::default();
        for (fi, svc) in part.services() {
            let Some(selected) = run.selected(svc) else {
                continue;
            };
            let Some(first) = selected.first() else {
                continue;
            };
            for port in svc.ports() {
                let Some((Target::Named(name), span)) = port.target() else {
                    continue;
                };
                if indexes.declares(selected, name, port.protocol) {
                    continue;
                }
                let owners = if selected.len() == 1 {
                    format!("no container of {}", first.workload.object().display_name())
                } else {
                    format!("no container of the {} selected workloads", selected.len())
                };
                let mut message = format!(
                    "{owners} declares a port named {} with protocol {}",
                    quoted(name),
                    port.protocol
                );
                if let Some(protocol) = indexes.protocol_of(selected, name) {
                    message.push_str(&format!(
                        " (it is declared with protocol {protocol}; a named targetPort must match both)"
                    ));
                } else if let Some(s) = suggest(
                    name,
                    selected
                        .iter()
                        .flat_map(Selected::ports)
                        .filter_map(|p| p.name.as_deref()),
                ) {
                    message.push_str(&format!("; did you mean {}?", quoted(&s)));
                }
                let finding = Finding::at(
                    &Self::META,
                    path(&format!("spec.ports[{}].targetPort", port.index)),
                    message,
                )
                .span(span)
                .help("use a port name the container declares, or name the container port so");
                let mut rf = on_object(fi, svc.object(), finding);
                let declared = if first.workload.ports.is_empty() {
                    "it declares no container ports".to_string()
                } else {
                    format!("it declares {}", first.workload.port_list())
                };
                rf.related.push((
                    first.file,
                    first.workload.name_span(),
                    format!("selected workload; {declared}"),
                ));
                out.push(rf);
            }
        }
    }
}

/// The named container ports of each workload that declares many, indexed on first use and
/// kept for the rest of the run part, so that thousands of named targetPorts against a workload
/// declaring thousands of ports stay linear, and so do thousands of Services selecting it.
#[derive(Default)]
struct NameIndexes<'a> {
    /// By the address of the workload's facts; `None` for a workload with few ports, scanned.
    by_workload: HashMap<usize, Option<NameIndex<'a>>>,
}

struct NameIndex<'a> {
    /// Every declared (name, protocol).
    pairs: HashSet<(&'a str, &'a str)>,
    /// The protocol each name is first declared with.
    first_protocol: HashMap<&'a str, &'a str>,
}

impl<'a> NameIndexes<'a> {
    /// The workload's named ports, or `None` for one with few, which are scanned.
    fn of(&mut self, workload: &'a WorkloadFacts) -> Option<&NameIndex<'a>> {
        if workload.ports.len() <= INDEX_PORTS_FROM {
            return None;
        }
        self.by_workload
            .entry(address(workload))
            .or_insert_with(|| {
                let named = || {
                    workload
                        .ports
                        .iter()
                        .filter_map(|p| Some((p.name.as_deref()?, p.protocol.as_ref())))
                };
                named().nth(INDEX_PORTS_FROM)?;
                let mut first_protocol = HashMap::default();
                for (name, protocol) in named() {
                    first_protocol.entry(name).or_insert(protocol);
                }
                Some(NameIndex {
                    pairs: named().collect(),
                    first_protocol,
                })
            })
            .as_ref()
    }

    /// Whether a container of a selected workload declares a port with this name and protocol:
    /// what a named targetPort resolves to (the endpoints controller compares both).
    fn declares(&mut self, selected: &[Selected<'a>], name: &str, protocol: &str) -> bool {
        definitions(selected).any(|w| match self.of(w) {
            Some(index) => index.pairs.contains(&(name, protocol)),
            None => w.port_named(name, protocol).is_some(),
        })
    }

    /// The protocol of the first container port with this name.
    fn protocol_of(&mut self, selected: &[Selected<'a>], name: &str) -> Option<&'a str> {
        definitions(selected).find_map(|w| match self.of(w) {
            Some(index) => index.first_protocol.get(name).copied(),
            None => w
                .ports
                .iter()
                .find(|p| p.name.as_deref() == Some(name))
                .map(|p| p.protocol.as_ref()),
        })
    }
}

fn definitions<'s, 'a>(
    selected: &'s [Selected<'a>],
) -> impl Iterator<Item = &'a WorkloadFacts> + 's {
    selected.iter().flat_map(|s| s.definitions.iter().copied())
}
