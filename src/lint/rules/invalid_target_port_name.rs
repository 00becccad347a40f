use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::k8s::text::{iana_svc_name, quoted};
use crate::lint::declare::declare_rule;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks each named `targetPort` (a string rather than a number). It must be a valid
    /// container port name: at most 15 characters, only lower-case letters, digits and `-`, at
    /// least one letter, no `--`, and no `-` at either end. Every broken rule is reported.
    ///
    /// ## Why is this bad?
    /// A named `targetPort` refers to `ports[].name` of the Pod's containers, and those names
    /// follow the IANA service name rules, so the API server refuses anything else:
    /// `spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)`.
    /// A quoted number (`"8080"`) is a name, not a number: write it without quotes.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: "8080"
    ///     - name: metrics
    ///       port: 9090
    ///       targetPort: prometheus-metrics
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: 8080
    ///     - name: metrics
    ///       port: 9090
    ///       targetPort: metrics
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
    /// - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
    pub struct InvalidTargetPortName {
        id: "invalid-target-port-name",
        code: "SVC018",
        category: Api,
        severity: Error,
        summary: "a named targetPort that is not an IANA service name",
        apiserver: "R29",
    }
}

impl Check for InvalidTargetPortName {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        for (i, port) in svc.ports().iter().enumerate() {
            // D6: an empty name is replaced by `port` before validation.
            let Some(IntOrString::String(name)) = &port.target_port else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            for msg in iana_svc_name(name) {
                out.push(
                    Finding::at(
                        &Self::META,
                        path(&format!("spec.ports[{i}].targetPort")),
                        format!("Invalid value: {}: {msg}", quoted(name)),
                    )
                    .help(help(name)),
                );
            }
        }
    }
}

fn help(name: &str) -> String {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        format!("write the number without quotes (`targetPort: {name}`)")
    } else {
        "use the name of a container port: at most 15 lower-case letters, digits and single '-', with at least one letter".into()
    }
}
