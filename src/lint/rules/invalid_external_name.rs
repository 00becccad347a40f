use crate::k8s::ServiceType;
use crate::k8s::text::{dns1123_subdomain, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, Fix, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks `spec.externalName` of a Service of `type: ExternalName`: it must be present and,
    /// after removing one trailing dot, a lower-case DNS name (RFC 1123 subdomain) of at most 253
    /// characters.
    ///
    /// ## Why is this bad?
    /// Cluster DNS answers with a CNAME to this name, so the API server refuses what cannot be
    /// one: a missing value, upper case, underscores, a URL or an IPv6 address
    /// (`spec.externalName: Invalid value: "2001:db8::7": a lowercase RFC 1123 subdomain must
    /// consist of …`). An IPv4 address happens to pass the check but still makes a CNAME to a
    /// name that does not exist.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: https://DB.example.com
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   type: ExternalName
    ///   externalName: db.example.com
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a name that is valid once written in lower case and with extra trailing dots removed
    /// (`DB.Example.com..` → `db.example.com.`) is rewritten so; DNS names are case-insensitive, so
    /// the CNAME answers the same. Anything else (a URL, an underscore) is left for the author.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#externalname
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
    pub struct InvalidExternalName {
        id: "invalid-external-name",
        code: "SVC027",
        category: Api,
        severity: Error,
        summary: "ExternalName without a valid DNS name",
        apiserver: "R20 R21",
        fix: Safe,
    }
}

impl Check for InvalidExternalName {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        if svc.service_type() != ServiceType::ExternalName {
            return;
        }
        let name = spec.external_name.as_deref().unwrap_or("");
        // A trailing dot marks a fully qualified name; the API server removes one before checking.
        let cname = name.strip_suffix('.').unwrap_or(name);
        if cname.is_empty() {
            out.push(
                Finding::at(&Self::META, path("spec.externalName"), "Required value")
                    .help("set `externalName` to the DNS name this Service aliases, e.g. `db.example.com`"),
            );
            return;
        }
        let fix = normalised(name).and_then(|fixed| {
            let edit = svc.rewrite(&path("spec.externalName"), &fixed)?;
            Some(Fix::safe(
                format!("write `externalName: {fixed}`"),
                vec![edit],
            ))
        });
        for msg in dns1123_subdomain(cname) {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.externalName"),
                    format!("Invalid value: {}: {msg}", quoted(cname)),
                )
                .help("use a lower-case DNS name without scheme, port or path; for an IP address use a selector-less Service with an EndpointSlice")
                .fix(fix.clone()),
            );
        }
    }
}

/// `name` in lower case with at most one trailing dot, when that is a valid name and differs.
fn normalised(name: &str) -> Option<String> {
    let bare = name.trim_end_matches('.').to_ascii_lowercase();
    if bare.is_empty() || !dns1123_subdomain(&bare).is_empty() {
        return None;
    }
    let fixed = if name.ends_with('.') {
        format!("{bare}.")
    } else {
        bare
    };
    (fixed != name).then_some(fixed)
}
