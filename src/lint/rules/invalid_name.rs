use crate::k8s::text::{dns1035_label, dns1123_label, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks `metadata.name` and `metadata.generateName` of a Service. From Kubernetes 1.36 a
    /// Service name is an RFC 1123 label: lower-case letters, digits and `-`, starting and ending
    /// with a letter or digit, at most 63 characters. Up to 1.35 it had to start with a letter
    /// (RFC 1035); `--kube-version` picks the rule.
    ///
    /// ## Why is this bad?
    /// The name becomes a DNS label (`<name>.<namespace>.svc`), so the API server refuses
    /// anything that cannot be one, including dots and upper case: `metadata.name: Invalid value:
    /// "whoami-HTTP": a lowercase RFC 1123 label must consist of …`.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: Web.Frontend
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   name: web-frontend
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#rfc-1035-label-names
    pub struct InvalidName {
        id: "invalid-name",
        code: "SVC005",
        category: Api,
        severity: Error,
        summary: "metadata.name is missing or not a valid DNS label",
        apiserver: "R1 R2 R3",
        depends_on_kube_version: true,
    }
}

impl Check for InvalidName {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(service) = svc.service else { return };
        let check = |value: &str| {
            if svc.settings.relaxed_service_names() {
                dns1123_label(value)
            } else {
                dns1035_label(value)
            }
        };
        let help =
            "use lower-case letters, digits and '-', at most 63 characters (e.g. `web-frontend`)";
        let generate = service.metadata.generate_name.as_deref().unwrap_or("");
        if !generate.is_empty() {
            // A prefix may end in '-' (a random suffix follows). apimachinery's `maskTrailingDash`
            // replaces the last TWO characters with "a" (`name[:len-2] + "a"`); reproduce that
            // quirk exactly so verdicts match the server's.
            let masked = if generate.len() > 1 && generate.ends_with('-') {
                let cut = generate.len() - 2;
                match generate.get(..cut) {
                    Some(stem) => format!("{stem}a"),
                    None => generate.to_string(),
                }
            } else {
                generate.to_string()
            };
            for msg in check(&masked) {
                out.push(Finding::at(&Self::META, path("metadata.generateName"), msg).help(help));
            }
        }
        match service.metadata.name.as_deref() {
            None | Some("") if generate.is_empty() => out.push(
                Finding::at(
                    &Self::META,
                    path("metadata.name"),
                    "Required value: name or generateName is required",
                )
                .help("give the Service a name; kubectl apply also needs one"),
            ),
            None | Some("") => {}
            Some(name) => {
                for msg in check(name) {
                    out.push(
                        Finding::at(
                            &Self::META,
                            path("metadata.name"),
                            format!("Invalid value: {}: {msg}", quoted(name)),
                        )
                        .help(help),
                    );
                }
            }
        }
    }
}
