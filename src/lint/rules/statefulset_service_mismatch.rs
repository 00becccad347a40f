use crate::k8s::text::quoted;
use crate::lint::declare::declare_rule;
use crate::lint::index::{RunPart, on_object};
use crate::lint::rules::path;
use crate::lint::{Check, Finding, RunFinding};

declare_rule! {
    /// ## What it does
    /// Checks that a StatefulSet's `spec.serviceName` names a Service that is headless
    /// (`clusterIP: None`), comparing it with the Service of that name in the same file, else in
    /// the same folder and namespace. A name that no Service of the run has is reported only when
    /// a Service nearby has a nearly equal name (a typo); otherwise the Service may well be
    /// deployed from elsewhere.
    ///
    /// ## Why is this bad?
    /// The governing Service gives each Pod of a StatefulSet its stable DNS name
    /// (`web-0.web.shop.svc`). Those per-Pod records exist only for a headless Service that
    /// exists: with a typo in `serviceName`, or a Service that has a cluster IP, the Pods get no
    /// stable names and peers that look each other up by them fail.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// spec:
    ///   serviceName: db
    /// ---
    /// kind: Service
    /// metadata:
    ///   name: db
    /// spec:
    ///   selector:
    ///     app: db
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Service
    /// metadata:
    ///   name: db
    /// spec:
    ///   clusterIP: None
    ///   selector:
    ///     app: db
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
    pub struct StatefulsetServiceMismatch {
        id: "statefulset-service-mismatch",
        code: "SVC056",
        category: CrossObject,
        severity: Warning,
        summary: "a StatefulSet's serviceName names no headless Service",
        checks_run_in_parts: true,
    }
}

impl Check for StatefulsetServiceMismatch {
    fn check_run(&self, part: &RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        let run = part.run;
        for (fi, sts) in part.workloads() {
            let Some((name, span)) = &sts.service_name else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            let ns = sts.object().namespace;
            let everywhere = run.services_named(ns, name);
            let nearby = run.nearest(fi, everywhere);
            let field = path("spec.serviceName");
            if everywhere.is_empty() {
                // Only a near miss shows a typo; otherwise the Service may be deployed from
                // elsewhere.
                let Some(similar) = run.similar_service(fi, ns, name) else {
                    continue;
                };
                let message = format!(
                    "no Service named {} in this run; did you mean {}?",
                    quoted(name),
                    quoted(similar.object().name.unwrap_or(""))
                );
                out.push(on_object(
                    fi,
                    sts.object(),
                    Finding::at(&Self::META, field, message)
                        .span(*span)
                        .help("name the StatefulSet's headless governing Service (one with clusterIP: None)"),
                ));
                continue;
            }
            let Some(&(sfi, svc)) = nearby.first() else {
                continue;
            };
            if nearby.iter().any(|(_, s)| s.headless) {
                continue;
            }
            let what = if svc.type_() == "ExternalName" {
                "an ExternalName Service".to_string()
            } else {
                format!("a {} Service with a cluster IP", svc.type_())
            };
            let mut rf = on_object(
                fi,
                sts.object(),
                Finding::at(
                    &Self::META,
                    field,
                    format!(
                        "Service {} is {what}, not headless, so the Pods get no stable DNS names",
                        quoted(name)
                    ),
                )
                .span(*span)
                .help("set clusterIP: None on the governing Service (add a separate Service for load-balanced access)"),
            );
            rf.related
                .push((sfi, svc.name_span(), "this Service is not headless".into()));
            out.push(rf);
        }
    }
}
