//! The lint engine: rule metadata and the [`Rule`] trait, the findings rules produce, and the
//! driver that parses every input once (in parallel), runs the per-Service rules, then the
//! cross-object rules over an index of the whole run, and returns sorted diagnostics.

mod declare;
pub mod diagnostic;
pub mod driver;
pub mod first_seen;
pub mod fix;
pub mod helmed;
pub mod index;
pub mod kustomized;
pub mod registry;
pub mod rules;
pub mod selection;
pub mod service;
pub mod suppress;

pub use crate::k8s::settings::Settings;
pub use diagnostic::{Diagnostic, HelmOrigin, ObjectInfo, Related, Report, Summary};
pub use driver::{Input, LintOptions, lint};
pub use fix::{Applicability, Edit, Fix};
pub use registry::{RULES, find_rule};
pub use selection::RuleSelection;
pub use service::ServiceContext;

use serde::Serialize;

use crate::model::path::FieldPath;
use crate::model::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Syntax,
    Api,
    CrossObject,
    Security,
    Deprecation,
    BestPractice,
    /// Checks of live objects against the cluster they run in (`svcctl audit` only).
    Cluster,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Syntax,
        Category::Api,
        Category::CrossObject,
        Category::Security,
        Category::Deprecation,
        Category::BestPractice,
        Category::Cluster,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Api => "api",
            Category::CrossObject => "cross-object",
            Category::Security => "security",
            Category::Deprecation => "deprecation",
            Category::BestPractice => "best-practice",
            Category::Cluster => "cluster",
        }
    }
}

/// Everything about a rule except its logic. The `docs` are the rule file's doc comment.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub code: &'static str,
    pub category: Category,
    /// `None`: off unless selected.
    pub severity: Option<Severity>,
    pub summary: &'static str,
    /// The API server's checks the rule mirrors, as numbered in the reference
    /// (`apiserver-service-validation.md`), for the documentation.
    pub apiserver: Option<&'static str>,
    /// Whether the rule's verdicts read the Kubernetes version (`--kube-version`): a run with
    /// its findings names the version in its summary line.
    pub depends_on_kube_version: bool,
    /// Whether the rule proposes fixes, and of which kind (`svcctl fix`).
    pub fix: Option<Applicability>,
    pub engine: EngineTraits,
    pub docs: &'static str,
}

/// How the engine schedules a rule and treats its findings, declared with the rule (see
/// `declare_rule!`) so that the engine never names a rule and a rule author never edits it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineTraits {
    /// [`Check::check_run`] judges each Service, workload or backend of its part on its own
    /// (looking up whatever else it needs in the index), so that a large run's parts can be
    /// checked side by side. Rules that compare the objects of the run with one another do not.
    pub checks_run_in_parts: bool,
    /// The rule judges the YAML as written, not the typed view: its findings on a value that
    /// failed to decode are kept, while any other rule's are dropped as noise about the zero
    /// value the typed view holds there.
    pub judges_undecodable_values: bool,
    /// The rule the engine reports unreadable inputs and YAML syntax errors under. Exactly one
    /// rule says so (a test checks it); the generated rule list names it for the engine.
    pub reports_input_errors: bool,
    /// The verdict on a literal field depends on the Service's type (a `clusterIP: None`
    /// conflicts with type NodePort, a `loadBalancerSourceRanges` is ignored unless the type is
    /// LoadBalancer…): in a template whose `type:` an action writes, the rule stays quiet. Not
    /// `node-port-range`: an out-of-range `nodePort` is wrong whatever the type.
    pub judges_the_type: bool,
    /// The verdict on a field compares it with the other fields of its list item (a headless
    /// Service's `targetPort` with the entry's `port`): in a template, quiet when an action
    /// writes any of them.
    pub judges_the_whole_item: bool,
}

impl EngineTraits {
    /// For metadata built by hand (the cluster commands' pseudo-rules), outside `declare_rule!`.
    pub const NONE: EngineTraits = EngineTraits {
        checks_run_in_parts: false,
        judges_undecodable_values: false,
        reports_input_errors: false,
        judges_the_type: false,
        judges_the_whole_item: false,
    };
}

impl RuleMeta {
    /// The documentation with the one leading space of each `///` line removed.
    pub fn documentation(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    pub fn help_uri(&self) -> String {
        format!(
            "https://github.com/svcctl/svcctl/blob/main/docs/rules.md#{}",
            self.id
        )
    }
}

/// A rule as the engine sees it. Rule files do not implement it: `declare_rule!` gives a rule
/// its metadata ([`Declared`]) and the rule implements [`Check`]; this trait joins the two.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>);

    fn check_run(&self, part: &index::RunPart<'_, '_>, out: &mut Vec<RunFinding>);
}

/// A rule's metadata, implemented by `declare_rule!`.
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

/// A rule's logic: per-Service checks, cross-object checks over the whole run, or both.
pub trait Check: Sync + Send {
    fn check_service(&self, _svc: &ServiceContext<'_>, _out: &mut Vec<Finding>) {}

    /// Cross-object checks over `part` of the run (the whole run unless the rule declares
    /// `checks_run_in_parts`, see [`EngineTraits`]).
    fn check_run(&self, _part: &index::RunPart<'_, '_>, _out: &mut Vec<RunFinding>) {}
}

impl<T: Declared + Check> Rule for T {
    fn meta(&self) -> &'static RuleMeta {
        Declared::meta(self)
    }

    fn check_service(&self, svc: &ServiceContext<'_>, out: &mut Vec<Finding>) {
        Check::check_service(self, svc, out)
    }

    fn check_run(&self, part: &index::RunPart<'_, '_>, out: &mut Vec<RunFinding>) {
        Check::check_run(self, part, out)
    }
}

/// What a per-Service rule reports: a field path in that Service (resolved to a span by the
/// driver) or an explicit span, a message and a help line.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub field: Option<FieldPath>,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn at(rule: &'static RuleMeta, field: FieldPath, message: impl Into<String>) -> Self {
        Finding {
            rule,
            field: Some(field),
            span: None,
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    /// Propose a fix (edits on the file's bytes), when the rule could build one.
    pub fn fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Point at a specific span (a key, say) while still naming the field.
    pub fn span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
}

/// What a cross-object rule reports: a finding on one object plus labels on others.
#[derive(Clone, Debug)]
pub struct RunFinding {
    pub file: usize,
    pub object: Option<crate::model::object::ObjectRef>,
    pub finding: Finding,
    /// (file index, span, message) of the other objects involved.
    pub related: Vec<(usize, Span, String)>,
}
