use crate::lint::declare::declare_rule;
use crate::lint::index::{
    CONTROLLER_LABELS, RunIndex, RunPart, ServiceFacts, WorkloadFacts, namespace_key, near_miss,
    on_object, unmatched,
};
use crate::lint::rules::path;
use crate::lint::{Finding, Rule, RunFinding};

declare_rule! {
    /// ## What it does
    /// Checks that a Service's `spec.selector` matches the Pod template labels of a workload (Pod,
    /// Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) in the
    /// same namespace, among all the files linted together. Every selector key must match; labels
    /// that controllers add to their Pods (`pod-template-hash`,
    /// `statefulset.kubernetes.io/pod-name`, `job-name`, …) count as present.
    ///
    /// A selector that matches nothing is reported when a workload in the same file or folder
    /// misses it by one label: a value with a typo (`app: wbe` for `app: web`), or a selector
    /// label the Pods do not carry. Without such a near miss the Pods most likely come from
    /// elsewhere (another repository, an operator's custom resource), and the rule stays quiet.
    /// It also says nothing when the run contains no workload at all, for ExternalName Services,
    /// and for Services without a selector or whose Endpoints/EndpointSlices are in the run
    /// (their endpoints are managed by hand).
    ///
    /// ## Why is this bad?
    /// The API server accepts any selector. A typo in a key or a value, or a selector with one
    /// label more than the Pods carry, leaves the Service without endpoints: every connection is
    /// refused and nothing in `kubectl apply` says why.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector:
    ///     app: wbe
    /// ---
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   selector:
    ///     app: web
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
    pub struct SelectorMatchesNothing {
        id: "selector-matches-nothing",
        code: "SVC050",
        category: CrossObject,
        severity: Warning,
        summary: "the selector matches no workload in the run",
    }
}

impl Rule for SelectorMatchesNothing {
    fn meta(&self) -> &'static crate::lint::RuleMeta {
        &Self::META
    }

    fn checks_run_in_parts(&self) -> bool {
        true
    }

    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        for (fi, svc) in part.services() {
            if !run.selector_applies(svc) || !run.matching(svc).is_empty() {
                continue;
            }
            // Without a near miss the Pods most likely come from elsewhere: another repository,
            // an operator's custom resource, the control plane.
            let Some((wfi, w, detail)) = near_miss_workload(run, fi, svc) else {
                continue;
            };
            let labels = svc
                .selector()
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ");
            let place = match namespace_key(svc.object().namespace) {
                Some(ns) => format!(" in namespace {ns}"),
                None => String::new(),
            };
            let message = format!(
                "the selector matches no workload{place}: no Pod template is labelled {labels}; \
                 {} comes close, but {detail}",
                w.object().display_name()
            );
            let finding = Finding::at(&Self::META, path("spec.selector"), message)
                .span(svc.selector_span().unwrap_or(svc.name_span()))
                .help("make every selector label equal to a label of the Pod template (or fix the template)");
            let mut rf = on_object(fi, svc.object(), finding);
            rf.related.push((
                wfi,
                w.name_span(),
                format!("the workload the selector nearly matches: {detail}"),
            ));
            out.push(rf);
        }
    }
}

/// A workload in the Service's file or folder that the selector misses by one label: a value
/// with a typo, or a label the Pods do not carry at all (a selector with one label too many,
/// kube-score#316). That is the evidence that the selector, not the run, is wrong.
fn near_miss_workload<'a>(
    run: &RunIndex<'a>,
    fi: usize,
    svc: &ServiceFacts,
) -> Option<(usize, &'a WorkloadFacts, String)> {
    let ns = namespace_key(svc.object().namespace);
    let selector = svc.selector();
    run.workloads_near(fi)
        .iter()
        // Bounded, so that a folder of many failing Services stays linear in the run.
        .take(1024)
        .filter(|(_, w)| namespace_key(w.object().namespace) == ns)
        .find_map(|&(wfi, w)| {
            let mut missing = unmatched(selector, w);
            let (Some((key, wanted, actual)), None) = (missing.next(), missing.next()) else {
                return None;
            };
            if CONTROLLER_LABELS.contains(&key) {
                return None;
            }
            let detail = match actual {
                Some(actual) if near_miss(wanted, actual) => {
                    format!("its Pods have {key}={actual}, not {wanted}")
                }
                None if selector.len() >= 2 && written_by_authors(key) => {
                    format!("its Pods have no {key} label")
                }
                _ => return None,
            };
            Some((wfi, w, detail))
        })
}

/// Whether a label key is one that authors put on Pod templates themselves: unprefixed, or one of
/// the recommended `app.kubernetes.io/` labels. Other prefixed keys
/// (`leaderworkerset.sigs.k8s.io/name`, `cnpg.io/cluster`, …) are mostly stamped on Pods by the
/// controller that creates them, so a template without one is no evidence of a mistake.
fn written_by_authors(key: &str) -> bool {
    match key.split_once('/') {
        None => true,
        Some((prefix, _)) => prefix == "app.kubernetes.io",
    }
}
