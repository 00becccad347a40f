use crate::k8s::facts::Target;
use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::index::{RunPart, Selected, on_object};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, RunFinding};
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
        checks_run_in_parts: true,
    }
}

impl Check for TargetPortNameNotFound {
    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
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
                if selected
                    .iter()
                    .any(|w| w.declares_name(name, port.protocol))
                {
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
                let other_protocol = selected
                    .iter()
                    .flat_map(|s| s.definitions.iter())
                    .find_map(|w| w.ports_named(name).next())
                    .map(|p| &p.protocol);
                if let Some(protocol) = other_protocol {
                    message.push_str(&format!(
                        " (it is declared with protocol {protocol}; a named targetPort must match both)"
                    ));
                } else {
                    let names = selected
                        .iter()
                        .flat_map(Selected::ports)
                        .filter_map(|p| p.name.as_deref());
                    if let Some(s) = suggest(name, names) {
                        message.push_str(&format!("; did you mean {}?", quoted(&s)));
                    }
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
