use crate::lint::declare::declare_rule;
use crate::lint::index::{RunPart, describe, on_object};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, RunFinding};

declare_rule! {
    /// ## What it does
    /// Checks that no two Services in one file have the same namespace and name (an absent
    /// namespace and `default` count as the same). Definitions in different files are not
    /// compared: the same Service in several files is usually intended (alternative bundles such
    /// as `all-in-one.yaml` next to the per-component files, overlays, one folder per
    /// environment).
    ///
    /// ## Why is this bad?
    /// Both definitions are applied to the same object: the one applied last silently replaces
    /// the other, so which ports, selector and type the Service ends up with depends on file
    /// order. Usually one of them was copied and not renamed.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata:
    ///   name: web
    /// ---
    /// kind: Service
    /// metadata:
    ///   name: web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Service
    /// metadata:
    ///   name: web
    /// ---
    /// kind: Service
    /// metadata:
    ///   name: web-admin
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
    pub struct DuplicateService {
        id: "duplicate-service",
        code: "SVC055",
        category: CrossObject,
        severity: Error,
        summary: "the same namespace/name Service defined twice",
    }
}

impl Check for DuplicateService {
    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        for group in run.services_by_key() {
            for (i, &(fi, svc)) in group.iter().enumerate() {
                // Across files the same Service is the norm, not a bug: alternative bundles,
                // overlays, one folder per environment. Only one file is surely applied whole.
                let Some(&(_, first)) = group.iter().take(i).find(|(f, _)| *f == fi) else {
                    continue;
                };
                let finding = Finding::at(
                    &Self::META,
                    path("metadata.name"),
                    format!(
                        "{} is already defined earlier in this file",
                        describe(svc.object())
                    ),
                )
                .span(svc.name_span())
                .help("rename one of them, or remove the copy");
                let mut rf = on_object(fi, svc.object(), finding);
                rf.related
                    .push((fi, first.name_span(), "first defined here".into()));
                out.push(rf);
            }
        }
    }
}
