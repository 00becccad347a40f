use crate::k8s::text::{quoted, supported};
use crate::lint::declare::declare_rule;
use crate::lint::fix::case_fix;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

const AFFINITIES: [&str; 2] = ["ClientIP", "None"];
/// `MaxClientIPServiceAffinitySeconds`: one day.
const MAX_TIMEOUT_SECONDS: i32 = 86400;

declare_rule! {
    /// ## What it does
    /// Checks `spec.sessionAffinity`, which must be `ClientIP` or `None` (exactly so; absent means
    /// `None`), and, with `ClientIP`, `sessionAffinityConfig.clientIP.timeoutSeconds`, which must
    /// be between 1 and 86400 (one day). A missing timeout defaults to 10800.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service: `spec.sessionAffinity: Unsupported value: "clientIP":
    /// supported values: "ClientIP", "None"`, or
    /// `spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than
    /// 0 and less than 86400`. An explicit `0` does not mean "no timeout".
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   sessionAffinity: ClientIp
    ///   sessionAffinityConfig:
    ///     clientIP:
    ///       timeoutSeconds: 0
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
    /// ## Fix safety
    /// Safe: a value that differs from an allowed one only in case is written as the API server
    /// spells it (`clientip` → `ClientIP`).
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity
    /// - https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
    pub struct InvalidSessionAffinity {
        id: "invalid-session-affinity",
        code: "SVC022",
        category: Api,
        severity: Error,
        summary: "unsupported sessionAffinity or timeout out of range",
        apiserver: "R33 R35",
        fix: Safe,
    }
}

impl Check for InvalidSessionAffinity {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        // D2: an empty sessionAffinity is defaulted to None.
        let affinity = spec.session_affinity.as_deref().unwrap_or("");
        if affinity.is_empty() {
            return;
        }
        if !AFFINITIES.contains(&affinity) {
            let help = if affinity.eq_ignore_ascii_case("clientip") {
                "write it exactly `ClientIP`".to_string()
            } else if affinity.eq_ignore_ascii_case("none") {
                "write it exactly `None`, or leave `sessionAffinity` out".to_string()
            } else {
                "use `ClientIP` to keep a client on one endpoint, or `None`".to_string()
            };
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.sessionAffinity"),
                    format!(
                        "Unsupported value: {}: supported values: {}",
                        quoted(affinity),
                        supported(&AFFINITIES)
                    ),
                )
                .help(help)
                .fix(case_fix(
                    svc,
                    &path("spec.sessionAffinity"),
                    affinity,
                    &AFFINITIES,
                )),
            );
            return;
        }
        if affinity != "ClientIP" {
            // D3: with None the whole sessionAffinityConfig is dropped unchecked.
            return;
        }
        // D4: a missing timeout is defaulted to 10800; only an explicit value is checked.
        let timeout = spec
            .session_affinity_config
            .as_ref()
            .and_then(|c| c.client_ip.as_ref())
            .and_then(|c| c.timeout_seconds);
        if let Some(timeout) = timeout.filter(|t| *t <= 0 || *t > MAX_TIMEOUT_SECONDS) {
            out.push(
                Finding::at(
                    &Self::META,
                    path("spec.sessionAffinityConfig.clientIP.timeoutSeconds"),
                    format!(
                        "Invalid value: {timeout}: must be greater than 0 and less than {MAX_TIMEOUT_SECONDS}"
                    ),
                )
                .help(format!(
                    "use 1 to {MAX_TIMEOUT_SECONDS} seconds, or leave `timeoutSeconds` out for the default 10800 (3 hours)"
                )),
            );
        }
    }
}
