use crate::k8s::text::{dns1123_label, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks `metadata.namespace`. A namespace name is an RFC 1123 label: lower-case letters,
    /// digits and `-`, starting and ending with a letter or digit, at most 63 characters. An
    /// absent namespace is fine (kubectl uses the current one).
    ///
    /// ## Why is this bad?
    /// No namespace can have such a name, so the Service can never be created. A real cluster
    /// answers `namespaces "Team_A" not found` before it validates anything; the API server's own
    /// check reads `metadata.namespace: Invalid value: "Team_A": a lowercase RFC 1123 label must
    /// consist of …`.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   namespace: Team_A
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   namespace: team-a
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
    pub struct InvalidNamespace {
        id: "invalid-namespace",
        code: "SVC006",
        category: Api,
        severity: Error,
        summary: "metadata.namespace is not a valid RFC 1123 label",
        apiserver: "R5",
    }
}

impl Check for InvalidNamespace {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(service) = svc.service else { return };
        // Absent or empty: the API server fills in the request's namespace (D17).
        let namespace = service.metadata.namespace.as_deref().unwrap_or("");
        if namespace.is_empty() {
            return;
        }
        for msg in dns1123_label(namespace) {
            out.push(
                Finding::at(
                    &Self::META,
                    path("metadata.namespace"),
                    format!("Invalid value: {}: {msg}", quoted(namespace)),
                )
                .help("use an existing namespace: lower-case letters, digits and '-', at most 63 characters (e.g. `team-a`)"),
            );
        }
    }
}
