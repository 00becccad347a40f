use crate::lint::declare::declare_rule;
use foldhash::{HashMap, HashSet};

use crate::lint::index::{INDEX_PORTS_FROM, RunPart, Target, WorkloadFacts, address, on_object};
use crate::lint::rules::path;
use crate::lint::{Finding, Rule, RunFinding};

declare_rule! {
    /// ## What it does
    /// Checks that a numeric `targetPort` (or, when `targetPort` is left out, the `port` it
    /// defaults to) is one of the `containerPort`s of the workloads the Service selects in the same
    /// file, else in the same folder. It stays quiet when those workloads declare no ports at
    /// all.
    ///
    /// ## Why is this bad?
    /// `containerPort` is informational: a container may listen on a port it does not declare,
    /// so this is only a hint. But when the Pods declare their ports and the Service targets
    /// another one, it is usually a mistake, most often a forgotten `targetPort` (it defaults to
    /// `port`, so `port: 80` sends traffic to port 80 of a container listening on 8080).
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///   - port: 80
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
    ///         - containerPort: 8080
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   ports:
    ///   - port: 80
    ///     targetPort: 8080
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
    pub struct TargetPortNotDeclared {
        id: "target-port-not-declared",
        code: "SVC052",
        category: CrossObject,
        severity: Info,
        summary: "a numeric targetPort that no selected container declares",
    }
}

impl Rule for TargetPortNotDeclared {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn checks_run_in_parts(&self) -> bool {
        true
    }

    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        let mut numbers = NumberIndexes::default();
        for (fi, svc) in part.services() {
            let Some(selected) = run.selected(svc) else {
                continue;
            };
            let Some(declaring) = selected.iter().find(|w| w.declares_ports()) else {
                continue;
            };
            let mut declared = |number: i64| {
                selected
                    .iter()
                    .flat_map(|s| s.definitions.iter())
                    .any(|w| match numbers.of(w) {
                        Some(numbers) => numbers.contains(&number),
                        None => w.declares_number(number),
                    })
            };
            for port in svc.ports() {
                let Some((
                    Target::Number {
                        port: number,
                        defaulted,
                    },
                    span,
                )) = port.target()
                else {
                    continue;
                };
                if declared(number) {
                    continue;
                }
                let owner = if selected.len() == 1 {
                    declaring.workload.object().display_name()
                } else {
                    format!("any of the {} selected workloads", selected.len())
                };
                let message = if defaulted {
                    format!(
                        "targetPort is not set, so it defaults to port {number}, which is not a containerPort of {owner}"
                    )
                } else {
                    format!("targetPort {number} is not a containerPort of {owner}")
                };
                let finding = Finding::at(
                    &Self::META,
                    path(&format!("spec.ports[{}].targetPort", port.index)),
                    message,
                )
                .span(span)
                .help("set targetPort to the port the container listens on (and declare it as a containerPort)");
                let mut rf = on_object(fi, svc.object(), finding);
                let declared = declaring
                    .definitions
                    .iter()
                    .find(|w| !w.ports.is_empty())
                    .map(|w| w.port_list())
                    .unwrap_or_default();
                rf.related.push((
                    declaring.file,
                    declaring.workload.name_span(),
                    format!("selected workload; it declares {declared}"),
                ));
                out.push(rf);
            }
        }
    }
}

/// The containerPort numbers of each workload that declares many, indexed on first use and kept
/// for the rest of the run part, so that thousands of targetPorts against thousands of
/// containerPorts stay linear, and so do thousands of Services selecting one such workload.
#[derive(Default)]
struct NumberIndexes {
    /// By the address of the workload's facts.
    by_workload: HashMap<usize, HashSet<i64>>,
}

impl NumberIndexes {
    /// The workload's containerPort numbers, or `None` for one with few, which are scanned.
    fn of(&mut self, workload: &WorkloadFacts) -> Option<&HashSet<i64>> {
        if workload.ports.len() <= INDEX_PORTS_FROM {
            return None;
        }
        Some(
            self.by_workload
                .entry(address(workload))
                .or_insert_with(|| workload.ports.iter().map(|p| p.port).collect()),
        )
    }
}
