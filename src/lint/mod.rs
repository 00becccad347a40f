//! The lint engine: rule metadata and the [`Rule`] trait, the findings rules produce, and the
//! driver that parses every input once (in parallel), runs the per-Service rules, then the
//! cross-object rules over an index of the whole run, and returns sorted diagnostics.

pub mod compact;
mod declare;
pub mod diagnostic;
pub mod driver;
pub mod first_seen;
pub mod index;
pub mod registry;
pub mod rules;
pub mod selection;
pub mod service;
pub mod suppress;

pub use crate::k8s::settings::Settings;
pub use diagnostic::{Diagnostic, ObjectInfo, Related, Report, Summary};
pub use driver::{Input, LintOptions, lint};
pub use registry::{RULES, find_rule};
pub use selection::RuleSelection;
pub use service::ServiceContext;
// driver.rs and index.rs still name these as lint's own; they are being split on another branch,
// and this keeps both branches building until those files import from k8s directly.
pub(crate) use crate::k8s::{settings, text};

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
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Syntax,
        Category::Api,
        Category::CrossObject,
        Category::Security,
        Category::Deprecation,
        Category::BestPractice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Api => "api",
            Category::CrossObject => "cross-object",
            Category::Security => "security",
            Category::Deprecation => "deprecation",
            Category::BestPractice => "best-practice",
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
    /// Whether the rule's verdicts read the Kubernetes version (`--kube-version`): a run with
    /// its findings names the version in its summary line.
    pub depends_on_kube_version: bool,
    pub docs: &'static str,
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

/// A rule: per-Service checks, cross-object checks over the whole run, or both.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    fn check_service(&self, _svc: &ServiceContext<'_>, _out: &mut Vec<Finding>) {}

    /// Cross-object checks over `part` of the run (the whole run unless
    /// [`Rule::checks_run_in_parts`]).
    fn check_run(&self, _part: &index::RunPart<'_, '_>, _out: &mut Vec<RunFinding>) {}

    /// Whether [`Rule::check_run`] judges each Service, workload or backend of its part on its
    /// own (looking up whatever else it needs in the index), so that a large run's parts can be
    /// checked side by side. Rules that compare the objects of the run with one another do not.
    fn checks_run_in_parts(&self) -> bool {
        false
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
}

impl Finding {
    pub fn at(rule: &'static RuleMeta, field: FieldPath, message: impl Into<String>) -> Self {
        Finding {
            rule,
            field: Some(field),
            span: None,
            message: message.into(),
            help: None,
        }
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
