//! The arguments of `svcctl explain`.

use super::{ClusterArgs, FileArgs, RuleArgs};
use crate::explain::ExplainFormat;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  svcctl explain                         the Service types, compared
  svcctl explain nodeport                one type (np and lb work too)
  svcctl explain spec.ports.nodePort     one field; --recursive for the tree
  svcctl explain node-port-range         one rule (or its code, SVC012)
  svcctl explain my-service.yaml         what your own Services do with traffic")]
pub struct ExplainArgs {
    /// Nothing (an overview), a Service type, a field path, a rule id or code, or manifest files
    /// and folders (`-` for stdin).
    #[arg(value_name = "TOPIC|FILE", value_hint = clap::ValueHint::AnyPath)]
    pub topics: Vec<String>,
    /// A manifest file, folder or - for stdin, as kubectl's -f: never taken for a topic.
    #[command(flatten)]
    pub files: FileArgs,
    /// With a field: list all its sub-fields as a tree, like `kubectl explain --recursive`.
    #[arg(long, short = 'r')]
    pub recursive: bool,
    /// Output format; json is available for fields, rules and files.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Draw diagrams with ASCII only (the default when stdout is not a UTF-8 terminal).
    #[arg(long)]
    pub ascii: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}
