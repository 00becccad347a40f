use crate::k8s::facts::Target;
use crate::lint::declare::declare_rule;
use crate::lint::index::{RunPart, on_object};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, RunFinding};

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
        checks_run_in_parts: true,
    }
}

impl Check for TargetPortNotDeclared {
    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        for (fi, svc) in part.services() {
            let Some(selected) = run.selected(svc) else {
                continue;
            };
            let Some(declaring) = selected.iter().find(|w| w.declares_ports()) else {
                continue;
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
                if selected.iter().any(|w| w.declares_number(number)) {
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
