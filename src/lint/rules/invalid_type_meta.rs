use crate::lint::declare::declare_rule;
use crate::lint::{Check, Finding, ServiceContext};
use crate::model::object::{HeadFault, service_head_faults};
use crate::model::path::FieldPath;

declare_rule! {
    /// ## What it does
    /// Reports a document that is plainly meant to be a core Service but whose `apiVersion` or
    /// `kind` the API server does not know: `kind: service` (kinds are case-sensitive), a key
    /// spelt `apiversion` or `Kind`, no `apiVersion` at all, or a version such as `core/v1` or
    /// `apps/v1`. The rest of the document is then checked as the Service it was meant to be.
    ///
    /// "Plainly meant" is narrow, so that other things called Service are left alone: the kind
    /// is `service` in any case; the apiVersion is missing or names no group or a group without
    /// a dot (every custom resource's group has one, so Knative's `serving.knative.dev/v1`
    /// Service is never meant); and `spec` is a mapping of ServiceSpec fields only, with at
    /// least one of `ports`, `selector`, `type`, `clusterIP`, `clusterIPs` or `externalName`.
    /// Values files and compose files have no such document.
    ///
    /// ## Why is this bad?
    /// kubectl and the API server refuse the document before looking at its fields:
    /// `no matches for kind "service" in version "v1"`, `Object 'apiVersion' is missing`. The
    /// Service is never created, and until now no other check ran on it either, so a
    /// `nodePort: 99999` in it went unreported.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: core/v1
    /// kind: service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///   - port: 80
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///   - port: 80
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/#required-fields
    pub struct InvalidTypeMeta {
        id: "invalid-type-meta",
        code: "SVC041",
        category: Api,
        severity: Error,
        summary: "a Service whose apiVersion or kind the API server does not know",
        apiserver: "kubectl's REST mapping (`no matches for kind \"service\" in version \"v1\"`) and decoding (`Object 'apiVersion' is missing`), before the API server: a near-Service never reaches section 0",
    }
}

impl Check for InvalidTypeMeta {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for fault in service_head_faults(svc.node).unwrap_or_default() {
            let span = fault.span();
            let (field, message, help) = describe(fault);
            out.push(
                Finding::at(&Self::META, FieldPath::parse(field), message)
                    .span(span)
                    .help(help),
            );
        }
    }
}

/// The field, the message (kubectl's words, then what a Service needs) and the help for a fault.
fn describe(fault: HeadFault) -> (&'static str, String, String) {
    let no_matches = |kind: &str, version: Option<&str>| match version {
        Some(v) => format!("no matches for kind \"{kind}\" in version \"{v}\""),
        None => format!("no matches for kind \"{kind}\""),
    };
    match fault {
        HeadFault::KindCase {
            written, version, ..
        } => (
            "kind",
            format!(
                "{}: kind is case-sensitive: `Service`",
                no_matches(&written, version.as_deref())
            ),
            "write `kind: Service`".into(),
        ),
        HeadFault::KindKey { written, .. } => (
            "kind",
            format!(
                "Object 'Kind' is missing: `{written}` is not `kind` (keys are case-sensitive)"
            ),
            format!("rename `{written}` to `kind`"),
        ),
        HeadFault::Version { written, .. } if written.is_empty() => (
            "apiVersion",
            "Object 'apiVersion' is missing: the apiVersion of a Service is `v1`".into(),
            "write `apiVersion: v1`".into(),
        ),
        HeadFault::Version { written, kind, .. } => (
            "apiVersion",
            format!(
                "{}: the apiVersion of a Service is `v1`",
                no_matches(&kind, Some(&written))
            ),
            "write `apiVersion: v1` (Services are in the core group, which has no name)".into(),
        ),
        HeadFault::VersionKey { written, .. } => (
            "apiVersion",
            format!(
                "Object 'apiVersion' is missing: `{written}` is not `apiVersion` (keys are case-sensitive)"
            ),
            format!("rename `{written}` to `apiVersion`"),
        ),
        HeadFault::NoVersion { .. } => (
            "apiVersion",
            "Object 'apiVersion' is missing: the apiVersion of a Service is `v1`".into(),
            "add `apiVersion: v1` above `kind`".into(),
        ),
    }
}
