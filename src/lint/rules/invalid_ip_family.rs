use crate::k8s::ServiceType;
use crate::k8s::net::Family;
use crate::k8s::text::{quoted, supported};
use crate::lint::declare::declare_rule;
use crate::lint::fix::case_fix;
use crate::lint::rules::path;
use crate::lint::{Check, Finding, ServiceContext};

declare_rule! {
    /// ## What it does
    /// Checks `spec.ipFamilies` and `spec.ipFamilyPolicy`: families must be `IPv4` or `IPv6`
    /// (exact case) and not repeated, the policy must be `SingleStack`, `PreferDualStack` or
    /// `RequireDualStack`, and a single-stack Service (explicitly, or because the policy was left
    /// out) may not list two cluster IPs or two families.
    ///
    /// ## Why is this bad?
    /// The API server refuses the Service, e.g. `spec.ipFamilyPolicy: Invalid value:
    /// "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families
    /// are specified`. Leaving `ipFamilyPolicy` out means `SingleStack` (for a headless Service
    /// without selector: `RequireDualStack`), so listing both families alone is not enough.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ipFamilies: [IPv4, IPv6]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   ipFamilyPolicy: PreferDualStack
    ///   ipFamilies: [IPv4, IPv6]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a value that differs from an allowed one only in case is written as the API server
    /// spells it (`ipv4` → `IPv4`, `singlestack` → `SingleStack`). A family already listed
    /// is not rewritten into a duplicate.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
    pub struct InvalidIpFamily {
        id: "invalid-ip-family",
        code: "SVC024",
        category: Api,
        severity: Error,
        summary: "ipFamilies/ipFamilyPolicy that the API server refuses",
        apiserver: "R40 R41 R42 A2 A3",
        fix: Safe,
    }
}

const POLICIES: [&str; 3] = ["PreferDualStack", "RequireDualStack", "SingleStack"];

impl Check for InvalidIpFamily {
    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = svc.spec() else { return };
        // On ExternalName both fields are forbidden outright (cluster-ip-on-external-name).
        if svc.service_type() == ServiceType::ExternalName {
            return;
        }
        let families = spec.ip_families.as_deref().unwrap_or(&[]);
        let list = || path("spec.ipFamilies");
        for (i, family) in families.iter().enumerate() {
            if Family::parse(family).is_none() {
                out.push(
                    Finding::at(
                        &Self::META,
                        list().index(i),
                        format!(
                            "Unsupported value: {}: supported values: {}",
                            quoted(family),
                            supported(&["IPv4", "IPv6"])
                        ),
                    )
                    .help("write `IPv4` or `IPv6`, with this capitalisation")
                    .fix(
                        case_fix(svc, &list().index(i), family, &["IPv4", "IPv6"]).filter(|_| {
                            !families.iter().any(|f| {
                                f.eq_ignore_ascii_case(family) && Family::parse(f).is_some()
                            })
                        }),
                    ),
                );
            }
            if families[..i].contains(family) {
                out.push(
                    Finding::at(
                        &Self::META,
                        list().index(i),
                        format!("Duplicate value: {}", quoted(family)),
                    )
                    .help("list each IP family once; a dual-stack Service has `[IPv4, IPv6]` or `[IPv6, IPv4]`"),
                );
            }
        }

        let policy_path = || path("spec.ipFamilyPolicy");
        if let Some(policy) = spec.ip_family_policy.as_deref()
            && !POLICIES.contains(&policy)
        {
            out.push(
                Finding::at(
                    &Self::META,
                    policy_path(),
                    format!(
                        "Unsupported value: {}: supported values: {}",
                        quoted(policy),
                        supported(&POLICIES)
                    ),
                )
                .help("use `SingleStack`, `PreferDualStack` or `RequireDualStack`")
                .fix(case_fix(svc, &policy_path(), policy, &POLICIES)),
            );
        }

        // The registry defaults the policy before its own checks (D12): a headless Service
        // without selector gets RequireDualStack, everything else SingleStack.
        let headless_selectorless =
            spec.cluster_ip.as_deref() == Some("None") && !svc.has_selector();
        let effective = match spec.ip_family_policy.as_deref() {
            Some(policy) => policy,
            None if headless_selectorless => "RequireDualStack",
            None => "SingleStack",
        };
        if effective != "SingleStack" {
            return;
        }
        let help =
            "set `ipFamilyPolicy: PreferDualStack` (or `RequireDualStack`), or keep a single entry";
        // A defaulted policy is anchored on `spec:`, like any absent field.
        if svc.cluster_ips().len() == 2 {
            out.push(
                Finding::at(
                    &Self::META,
                    policy_path(),
                    "Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
                )
                .help(help),
            );
        }
        if families.len() == 2 {
            out.push(
                Finding::at(
                    &Self::META,
                    policy_path(),
                    "Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
                )
                .help(help),
            );
        }
    }
}
