//! `declare_rule!`: the doc comment written above a rule *is* its user documentation. The macro
//! captures those `#[doc]` lines at compile time (clippy's trick, no proc macro) into the rule's
//! [`RuleMeta`](super::RuleMeta), which `svcctl explain RULE` and the SARIF output print.

/// Declare a rule's unit struct and its metadata.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub struct NodePortRange {
///         id: "node-port-range", code: "SVC012", category: Api, severity: Error,
///         summary: "nodePort outside the cluster's NodePort range",
///         // For rules that mirror API server checks: their numbers in
///         // ../shared/reference/apiserver-service-validation.md (docs/rules.md lists them).
///         apiserver: "A8",
///         // Only for rules whose verdicts read `--kube-version`: the summary line names it.
///         // depends_on_kube_version: true,
///         // How the engine runs the rule (see `EngineTraits`); each is optional, in this order:
///         // checks_run_in_parts: true,
///         // judges_undecodable_values: true,
///         // reports_input_errors: true,
///         // judges_the_type: true,
///         // judges_the_whole_item: true,
///         // Only for rules that propose fixes (`svcctl fix`): Safe or Unsafe, last.
///         // fix: Safe,
///     }
/// }
///
/// impl Check for NodePortRange { /* check_service and/or check_run */ }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            id: $id:literal,
            code: $code:literal,
            category: $category:ident,
            severity: $severity:ident,
            summary: $summary:literal
            $(, apiserver: $apiserver:literal)?
            $(, depends_on_kube_version: $depends:literal)?
            $(, checks_run_in_parts: $parts:literal)?
            $(, judges_undecodable_values: $undecodable:literal)?
            $(, reports_input_errors: $input:literal)?
            $(, judges_the_type: $by_type:literal)?
            $(, judges_the_whole_item: $by_item:literal)?
            $(, fix: $fix:ident)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis struct $name;

        impl $name {
            pub const META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
                id: $id,
                code: $code,
                category: $crate::lint::Category::$category,
                severity: declare_rule!(@severity $severity),
                summary: $summary,
                apiserver: declare_rule!(@text $($apiserver)?),
                depends_on_kube_version: declare_rule!(@flag $($depends)?),
                fix: declare_rule!(@fix $($fix)?),
                engine: $crate::lint::EngineTraits {
                    checks_run_in_parts: declare_rule!(@flag $($parts)?),
                    judges_undecodable_values: declare_rule!(@flag $($undecodable)?),
                    reports_input_errors: declare_rule!(@flag $($input)?),
                    judges_the_type: declare_rule!(@flag $($by_type)?),
                    judges_the_whole_item: declare_rule!(@flag $($by_item)?),
                },
                docs: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::lint::Declared for $name {
            fn meta(&self) -> &'static $crate::lint::RuleMeta {
                &Self::META
            }
        }
    };
    (@text) => { None };
    (@text $text:literal) => { Some($text) };
    (@flag) => { false };
    (@flag $flag:literal) => { $flag };
    (@fix) => { None };
    (@fix $fix:ident) => { Some($crate::lint::Applicability::$fix) };
    (@severity Off) => { None };
    (@severity $severity:ident) => { Some($crate::lint::Severity::$severity) };
}

pub(crate) use declare_rule;
