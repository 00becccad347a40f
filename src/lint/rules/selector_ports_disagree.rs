use crate::k8s::facts::Target;
use crate::k8s::text::{listing, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::index::{RunPart, Selected, on_object};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, RunFinding};

declare_rule! {
    /// ## What it does
    /// When a Service's selector matches the Pods of several workloads (in the same file, else
    /// in the same folder), checks that they agree on its target ports: a named `targetPort` must
    /// be declared by all of them, and a numeric one by all of those that declare ports at all.
    ///
    /// ## Why is this bad?
    /// A Service load-balances over every Pod its selector matches. A selector that is too broad
    /// (say `app: shop` on both the web Deployment and a worker) also sends traffic to Pods that
    /// do not serve the port: with a named targetPort those Pods are silently left out, with a
    /// numeric one a share of the connections is refused.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector:
    ///     app: shop
    ///   ports:
    ///   - port: 80
    ///     targetPort: http
    /// ---
    /// kind: Deployment   # web: declares port "http"
    /// ---
    /// kind: Deployment   # worker: also labelled app: shop, declares only "metrics"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   selector:
    ///     app: shop
    ///     component: web
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
    pub struct SelectorPortsDisagree {
        id: "selector-ports-disagree",
        code: "SVC053",
        category: CrossObject,
        severity: Warning,
        summary: "the selector matches workloads whose ports disagree",
        checks_run_in_parts: true,
    }
}

impl Check for SelectorPortsDisagree {
    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        for (fi, svc) in part.services() {
            let Some(selected) = run.selected(svc) else {
                continue;
            };
            if selected.len() < 2 {
                continue;
            }
            for port in svc.ports() {
                let Some((target, span)) = port.target() else {
                    continue;
                };
                let (serves, lacks): (Vec<&Selected<'_>>, Vec<&Selected<'_>>) = match target {
                    Target::Named(name) => selected
                        .iter()
                        .partition(|w| w.declares_name(name, port.protocol)),
                    Target::Number { port: number, .. } => selected
                        .iter()
                        .filter(|w| w.declares_ports())
                        .partition(|w| w.declares_number(number)),
                };
                let (Some(serving), false) = (serves.first(), lacks.is_empty()) else {
                    continue;
                };
                let what = match target {
                    Target::Named(name) => format!("port {}", quoted(name)),
                    Target::Number { port, .. } => format!("containerPort {port}"),
                };
                let names =
                    |ws: &[&Selected<'_>]| listing(ws, |w| w.workload.object().display_name());
                let message = format!(
                    "the selector matches {} workloads that disagree on {what}: {} declare{} it, {} do{} not",
                    selected.len(),
                    names(&serves),
                    if serves.len() == 1 { "s" } else { "" },
                    names(&lacks),
                    if lacks.len() == 1 { "es" } else { "" },
                );
                let finding = Finding::at(
                    &Self::META,
                    path(&format!("spec.ports[{}].targetPort", port.index)),
                    message,
                )
                .span(span)
                .help("narrow the selector to the workload that serves this port, or declare the port in every selected workload");
                let mut rf = on_object(fi, svc.object(), finding);
                rf.related.push((
                    serving.file,
                    serving.workload.name_span(),
                    format!("declares {what}"),
                ));
                for lacking in &lacks {
                    rf.related.push((
                        lacking.file,
                        lacking.workload.name_span(),
                        format!("selected too, but does not declare {what}"),
                    ));
                }
                out.push(rf);
            }
        }
    }
}
