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
///         // Only for rules whose verdicts read `--kube-version`: the summary line names it.
///         // depends_on_kube_version: true,
///     }
/// }
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
            $(, depends_on_kube_version: $depends:literal)? $(,)?
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
                depends_on_kube_version: declare_rule!(@flag $($depends)?),
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
    (@flag) => { false };
    (@flag $flag:literal) => { $flag };
    (@severity Off) => { None };
    (@severity $severity:ident) => { Some($crate::lint::Severity::$severity) };
}

pub(crate) use declare_rule;
