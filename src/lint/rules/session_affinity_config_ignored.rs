use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Flags `spec.sessionAffinityConfig` when `spec.sessionAffinity` is `None` or left out (it
    /// defaults to `None`).
    ///
    /// ## Why is this bad?
    /// The API server rejects a config with `sessionAffinity: None` in its own validation, but
    /// its defaulting removes the config first, so the manifest is accepted and the config is
    /// silently dropped. The author most likely wanted client affinity with that timeout and
    /// gets none.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   sessionAffinityConfig:
    ///     clientIP:
    ///       timeoutSeconds: 3600
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   sessionAffinity: ClientIP
    ///   sessionAffinityConfig:
    ///     clientIP:
    ///       timeoutSeconds: 3600
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity
    pub struct SessionAffinityConfigIgnored {
        id: "session-affinity-config-ignored",
        code: "SVC082",
        category: BestPractice,
        severity: Warning,
        summary: "sessionAffinityConfig without sessionAffinity: ClientIP is dropped",
    }
}

impl Check for SessionAffinityConfigIgnored {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        if spec.session_affinity_config.is_none() {
            return;
        }
        // Another value is invalid-session-affinity's error.
        let affinity = match spec.session_affinity.as_deref() {
            None | Some("") => "is not set (None)",
            Some("None") => "is None",
            Some(_) => return,
        };
        out.push(
            Finding::at(
                &Self::META,
                path("spec.sessionAffinityConfig"),
                format!("spec.sessionAffinityConfig is dropped by the API server because spec.sessionAffinity {affinity}"),
            )
            .help("set sessionAffinity: ClientIP to use the config, or remove the config"),
        );
    }
}
