use foldhash::HashSet;

use crate::k8s::text::{qualified_name, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};
use crate::model::path::FieldPath;

/// Finalizers the API server accepts without a `domain/` prefix.
const STANDARD_FINALIZERS: [&str; 3] = ["kubernetes", "orphan", "foregroundDeletion"];

declare_rule! {
    /// ## What it does
    /// Checks the rest of `metadata` that the API server validates on create: `generation` must
    /// not be negative; every entry of `ownerReferences` needs `apiVersion` (with a version),
    /// `kind`, `name` and `uid`, and at most one may be `controller: true`; every entry of
    /// `finalizers` must be a qualified name such as `example.com/cleanup` (only `kubernetes`,
    /// `orphan` and `foregroundDeletion` may go without a prefix), and `orphan` and
    /// `foregroundDeletion` exclude each other.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service, e.g. `metadata.ownerReferences.uid: Invalid value: "":
    /// must not be empty`. This typically happens with manifests rendered by a controller or test
    /// harness that leaves the owner's `uid` blank: only the controller that owns the object can
    /// fill it in, so such a manifest cannot be applied by hand.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   ownerReferences:
    ///     - apiVersion: gateway.networking.k8s.io/v1
    ///       kind: Gateway
    ///       name: web
    ///       uid: ""
    ///   finalizers:
    ///     - cleanup
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   finalizers:
    ///     - example.com/cleanup
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/
    pub struct InvalidMetadata {
        id: "invalid-metadata",
        code: "SVC009",
        category: Api,
        severity: Error,
        summary: "invalid generation, ownerReferences or finalizers",
        apiserver: "R6 R11 R12",
    }
}

impl Check for InvalidMetadata {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(service) = svc.service else { return };
        let meta = &service.metadata;

        if let Some(generation) = meta.generation.filter(|g| *g < 0) {
            out.push(
                Finding::at(
                    &Self::META,
                    path("metadata.generation"),
                    format!("Invalid value: {generation}: must be greater than or equal to 0"),
                )
                .help("remove `generation`; the API server maintains it"),
            );
        }

        if let Some(refs) = &meta.owner_references {
            self.owner_references(svc, refs, out);
        }
        if let Some(finalizers) = &meta.finalizers {
            self.finalizers(svc, finalizers, out);
        }
    }
}

impl InvalidMetadata {
    fn owner_references(
        &self,
        svc: &ServiceContext<'_>,
        refs: &[k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference],
        out: &mut Vec<Finding>,
    ) {
        let help = "owner references are set by the controller that owns the object; remove `ownerReferences` from a hand-written manifest";
        let mut first_controller: Option<String> = None;
        for (i, r) in refs.iter().enumerate() {
            // The server prints these paths without the list index.
            let mut push = |field: &str, value: &str, detail: &str| {
                let here = path(&format!("metadata.ownerReferences[{i}].{field}"));
                if svc.undecodable(|| here.clone()) {
                    return;
                }
                out.push(
                    Finding::at(
                        &Self::META,
                        path(&format!("metadata.ownerReferences.{field}")),
                        format!("Invalid value: {}: {detail}", quoted(value)),
                    )
                    .span(svc.span_of(&here))
                    .help(help),
                );
            };
            let (group, version) = group_version(&r.api_version);
            if version.is_empty() {
                push("apiVersion", &r.api_version, "version must not be empty");
            }
            if r.kind.is_empty() {
                push("kind", &r.kind, "must not be empty");
            }
            if r.name.is_empty() {
                push("name", &r.name, "must not be empty");
            }
            if r.uid.is_empty() {
                push("uid", &r.uid, "must not be empty");
            }
            let item = path(&format!("metadata.ownerReferences[{i}]"));
            if group.is_empty() && version == "v1" && r.kind == "Event" {
                out.push(
                    Finding::at(
                        &Self::META,
                        path("metadata.ownerReferences"),
                        format!(
                            "Invalid value: {}: /v1, Kind=Event is disallowed from being an owner",
                            rendered(svc, &item)
                        ),
                    )
                    .span(svc.span_of(&item))
                    .help("an Event cannot own other objects; remove this owner reference"),
                );
            }
            if r.controller == Some(true) {
                let current = format!("{}/{}", r.kind, r.name);
                match &first_controller {
                    Some(first) => out.push(
                        Finding::at(
                            &Self::META,
                            path("metadata.ownerReferences"),
                            format!(
                                "Invalid value: {}: Only one reference can have Controller set to true. Found \"true\" in references for {first} and {current}",
                                rendered(svc, &path("metadata.ownerReferences"))
                            ),
                        )
                        .span(svc.span_of(&item.field("controller")))
                        .help("only one owner may be the managing controller; set `controller: false` on the others"),
                    ),
                    None => first_controller = Some(current),
                }
            }
        }
    }

    fn finalizers(&self, svc: &ServiceContext<'_>, finalizers: &[String], out: &mut Vec<Finding>) {
        // The server drops repeated identical errors before answering.
        let mut seen = HashSet::default();
        for (i, finalizer) in finalizers.iter().enumerate() {
            let item = path(&format!("metadata.finalizers[{i}]"));
            if svc.undecodable(|| item.clone()) {
                continue;
            }
            let span = svc.span_of(&item);
            for msg in qualified_name(finalizer) {
                let message = format!("Invalid value: {}: {msg}", quoted(finalizer));
                if seen.insert(("metadata.finalizers".to_string(), message.clone())) {
                    out.push(
                        Finding::at(&Self::META, path("metadata.finalizers"), message)
                            .span(span)
                            .help("name finalizers `domain/name`, e.g. `example.com/cleanup`"),
                    );
                }
            }
            if !finalizer.contains('/') && !STANDARD_FINALIZERS.contains(&finalizer.as_str()) {
                out.push(
                    Finding::at(
                        &Self::META,
                        item,
                        format!(
                            "Invalid value: {}: name is neither a standard finalizer name nor is it fully qualified",
                            quoted(finalizer)
                        ),
                    )
                    .help(format!(
                        "prefix it with a domain you own, e.g. `example.com/{finalizer}`; only `kubernetes`, `orphan` and `foregroundDeletion` go without one"
                    )),
                );
            }
        }
        let has = |name: &str| finalizers.iter().any(|f| f == name);
        if has("orphan") && has("foregroundDeletion") {
            out.push(
                Finding::at(
                    &Self::META,
                    path("metadata.finalizers"),
                    format!(
                        "Invalid value: {}: finalizer orphan and foregroundDeletion cannot be both set",
                        serde_json::to_string(finalizers).unwrap_or_default()
                    ),
                )
                .help("keep either `orphan` or `foregroundDeletion`"),
            );
        }
    }
}

/// `schema.ParseGroupVersion`: `v1` → ("", "v1"), `apps/v1` → ("apps", "v1"); anything with more
/// than one `/` has no version at all.
fn group_version(api_version: &str) -> (&str, &str) {
    match api_version.split('/').collect::<Vec<_>>().as_slice() {
        [version] => ("", version),
        [group, version] => (group, version),
        _ => ("", ""),
    }
}

/// A value as it reached the API server, in JSON.
fn rendered(svc: &ServiceContext<'_>, field: &FieldPath) -> String {
    let Some(whole) = svc.service.and_then(|s| serde_json::to_value(s).ok()) else {
        return "null".into();
    };
    let mut value = &whole;
    for seg in &field.0 {
        let next = match seg {
            crate::model::path::Segment::Field(name) | crate::model::path::Segment::Key(name) => {
                value.get(name.as_str())
            }
            crate::model::path::Segment::Index(i) => value.get(*i),
        };
        match next {
            Some(v) => value = v,
            None => return "null".into(),
        }
    }
    serde_json::to_string(value).unwrap_or_default()
}
