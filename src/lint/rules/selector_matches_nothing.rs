use std::collections::HashMap;

use crate::k8s::facts::{ServiceFacts, WorkloadFacts, namespace_key};
use crate::k8s::labels::{CONTROLLER_LABELS, selects, unmatched};
use crate::lint::declare::declare_rule;
use crate::lint::fix::edits::replace_scalar;
use crate::lint::index::{RunIndex, RunPart, near_miss, on_object};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, RunFinding};
use crate::model::yaml::{Limits, Stream, parse_stream};

declare_rule! {
    /// ## What it does
    /// Reports a Service whose `spec.selector` matches the Pod template labels of no workload
    /// (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob)
    /// in its namespace, among all the files linted together, when the run shows what it was
    /// meant to select:
    ///
    /// - a workload in the same file or folder, in the same namespace, misses it by one label: a
    ///   value with a typo (`app: wbe` for `app: web`), or a selector label the Pods do not carry;
    /// - a workload in the same file, in another namespace, has Pods that every selector label
    ///   matches ("the Pods are in namespace payments, the Service in checkout"). Both namespaces
    ///   must be written out: an absent one is decided when the manifests are applied
    ///   (`kubectl apply -n`, a kustomization's `namespace:`), and across the files of a folder
    ///   the same workload in another namespace is as often a variant for another environment.
    ///
    /// Every selector key must match; labels that controllers add to their Pods
    /// (`pod-template-hash`, `statefulset.kubernetes.io/pod-name`, `job-name`, …) count as
    /// present. Standard input (`-`) has no folder: it is checked with every other input of the
    /// run, as part of each folder and of each file, so `cat svc.yaml | svcctl lint - deploy/`
    /// pairs the Service with the workloads under `deploy/`.
    ///
    /// Without such evidence the Pods most likely come from elsewhere (another repository, an
    /// operator's custom resource), and the rule stays quiet. It also says nothing when the run
    /// contains no workload at all, for ExternalName Services, and for Services without a
    /// selector or whose Endpoints/EndpointSlices are in the run (their endpoints are managed by
    /// hand).
    ///
    /// ## Why is this bad?
    /// The API server accepts any selector. A typo in a key or a value, a selector with one
    /// label more than the Pods carry, or a Service in another namespace than its Pods leaves the
    /// Service without endpoints: every connection is refused and nothing in `kubectl apply` says
    /// why. That is why this is an error by default, which fails CI and the pre-commit hook.
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
    /// ## Fix safety
    /// Unsafe: a selector value one edit away from the label of the workload beside it
    /// (`app: wbe`) is rewritten to that label's value (`app: web`). Which of the two is the typo is
    /// a judgement call: the fix may be the template's to make. A selector label the Pods lack is not
    /// removed.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
    pub struct SelectorMatchesNothing {
        id: "selector-matches-nothing",
        code: "SVC050",
        category: CrossObject,
        severity: Error,
        summary: "the selector nearly matches a workload beside it, or matches one in another namespace",
        checks_run_in_parts: true,
        fix: Unsafe,
    }
}

impl Check for SelectorMatchesNothing {
    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        // Files parsed again to build fixes, once each.
        let mut parsed: HashMap<usize, Option<Stream>> = HashMap::new();
        for (fi, svc) in part.services() {
            if !run.selector_applies(svc) || !run.matching(svc).is_empty() {
                continue;
            }
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
            // Without a near miss the Pods most likely come from elsewhere: another repository,
            // an operator's custom resource, the control plane.
            let mut fix = None;
            let (wfi, w, message, help, related) =
                if let Some((wfi, w, detail, typo)) = near_miss_workload(run, fi, svc) {
                    fix = typo.and_then(|(key, actual)| {
                        let stream = parsed.entry(fi).or_insert_with(|| reparse(run, fi));
                        fix_selector_value(run, fi, stream.as_ref()?, svc, &key, &actual)
                    });
                    let message = format!(
                        "the selector matches no workload{place}: no Pod template is labelled \
                         {labels}; {} comes close, but {detail}",
                        w.object().display_name()
                    );
                    let help = "make every selector label equal to a label of the Pod template \
                                (or fix the template)";
                    let related = format!("the workload the selector nearly matches: {detail}");
                    (wfi, w, message, help, related)
                } else if let Some((wfi, w)) = workload_in_other_namespace(run, fi, svc) {
                    let theirs = namespace_name(w.object().namespace);
                    let message = format!(
                        "the selector matches no workload{place}: {} has Pods labelled {labels}, \
                         but the Pods are in namespace {theirs}, the Service in {}; a Service \
                         only selects Pods of its own namespace",
                        w.object().display_name(),
                        namespace_name(svc.object().namespace),
                    );
                    let help = "put the Service and the workload in the same namespace \
                                (metadata.namespace)";
                    let related = format!("the workload whose Pods match, in namespace {theirs}");
                    (wfi, w, message, help, related)
                } else {
                    continue;
                };
            let finding = Finding::at(&Self::META, path("spec.selector"), message)
                .span(svc.selector_span().unwrap_or(svc.name_span()))
                .help(help)
                .fix(fix);
            let mut rf = on_object(fi, svc.object(), finding);
            rf.related.push((wfi, w.name_span(), related));
            out.push(rf);
        }
    }
}

/// A near miss: the workload's file, the workload, how it differs, and for a value typo the
/// (key, the workload's value) a fix would write.
type NearMiss<'a> = (usize, &'a WorkloadFacts, String, Option<(String, String)>);

/// A workload in the Service's file or folder that the selector misses by one label: a value
/// with a typo, or a label the Pods do not carry at all (a selector with one label too many,
/// kube-score#316). That is the evidence that the selector, not the run, is wrong.
fn near_miss_workload<'a>(
    run: &RunIndex<'a>,
    fi: usize,
    svc: &ServiceFacts,
) -> Option<NearMiss<'a>> {
    let ns = namespace_key(svc.object().namespace);
    let selector = svc.selector();
    run.workloads_near(fi)
        // Bounded, so that a folder of many failing Services stays linear in the run.
        .take(1024)
        .filter(|(_, w)| namespace_key(w.object().namespace) == ns)
        .find_map(|(wfi, w)| {
            let mut missing = unmatched(selector, w);
            let (Some((key, wanted, actual)), None) = (missing.next(), missing.next()) else {
                return None;
            };
            if CONTROLLER_LABELS.contains(&key) {
                return None;
            }
            let (detail, typo) = match actual {
                Some(actual) if near_miss(wanted, actual) => (
                    format!("its Pods have {key}={actual}, not {wanted}"),
                    Some((key.to_string(), actual.to_string())),
                ),
                None if selector.len() >= 2 && written_by_authors(key) => {
                    (format!("its Pods have no {key} label"), None)
                }
                _ => return None,
            };
            Some((wfi, w, detail, typo))
        })
}

/// A workload in the Service's file (or standard input), in another namespace, whose Pods the
/// selector matches label for label: the Service was meant for them, but a Service only selects
/// Pods of its own namespace. Across the files of a folder, the same workload in another
/// namespace is as often a variant for another environment.
fn workload_in_other_namespace<'a>(
    run: &RunIndex<'a>,
    fi: usize,
    svc: &ServiceFacts,
) -> Option<(usize, &'a WorkloadFacts)> {
    // An absent namespace is decided when the manifests are applied (`kubectl apply -n`, a
    // kustomization's `namespace:`), so only two written namespaces are known to differ.
    let ns = svc.object().namespace.filter(|n| !n.is_empty())?;
    let selector = svc.selector();
    run.workloads_of_input(fi)
        // Bounded as for near misses.
        .take(1024)
        .find(|(_, w)| {
            w.object().namespace.is_some_and(|theirs| {
                !theirs.is_empty() && namespace_key(Some(theirs)) != namespace_key(Some(ns))
            }) && selects(selector, w)
        })
}

/// A namespace as the run places it: an absent one is `default` (see [`namespace_key`]).
fn namespace_name(namespace: Option<&str>) -> &str {
    namespace_key(namespace).unwrap_or("default")
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

/// The file's tree, for a fix: the run keeps facts, not trees. `None` for a file whose text the
/// run let go (then the finding has no fix).
fn reparse(run: &RunIndex<'_>, fi: usize) -> Option<Stream> {
    let source = &run.files.get(fi)?.source;
    (!source.is_detached()).then(|| parse_stream(&source.text, Limits::default()))
}

/// Rewrite the selector value of `key` to `actual`, the workload's label value.
fn fix_selector_value(
    run: &RunIndex<'_>,
    fi: usize,
    stream: &Stream,
    svc: &ServiceFacts,
    key: &str,
    actual: &str,
) -> Option<Fix> {
    let text = &run.files.get(fi)?.source.text;
    let at = svc.selector_span()?;
    let document = stream
        .documents
        .iter()
        .find(|d| d.span.start <= at.start && at.end <= d.span.end)?;
    let selector = document.root.as_ref()?.get("spec")?.get("selector")?;
    let edit = replace_scalar(text, selector.get(key)?, actual)?;
    Some(Fix::unsafe_(
        format!("select `{key}: {actual}`"),
        vec![edit],
    ))
}
