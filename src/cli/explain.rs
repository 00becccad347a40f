//! The arguments of `svcctl explain`.

use std::path::PathBuf;
use std::time::Duration;

use super::{ClusterArgs, FileArgs, RuleArgs};
use crate::explain::ExplainFormat;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  svcctl explain                         the Service types, compared
  svcctl explain nodeport                one type (np and lb work too)
  svcctl explain spec.ports.nodePort     one field; --recursive for the tree
  svcctl explain node-port-range         one rule (or its code, SVC012)
  svcctl explain my-service.yaml         what your own Services do with traffic
  svcctl explain svc/web -n shop         a live Service, with its real endpoints")]
pub struct ExplainArgs {
    /// Nothing (an overview), a Service type, a field path, a rule id or code, manifest files
    /// and folders (`-` for stdin), or live Services as `svc/NAME`.
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
    /// Read the named Services from the cluster (as `svc/NAME` does): bare names are Services.
    #[arg(long = "cluster", help_heading = "Live Services (svc/NAME)")]
    pub from_cluster: bool,
    /// The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, help_heading = "Live Services (svc/NAME)")]
    pub kubeconfig: Option<PathBuf>,
    /// The kubeconfig context to use [default: its current-context]
    #[arg(long, value_name = "NAME", help_heading = "Live Services (svc/NAME)")]
    pub context: Option<String>,
    /// The Services' namespace [default: the context's, else `default`]
    #[arg(
        long,
        short = 'n',
        value_name = "NAME",
        help_heading = "Live Services (svc/NAME)"
    )]
    pub namespace: Option<String>,
    /// Give up on a request after this long (`30s`, `2m`).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = super::cluster::parse_duration, help_heading = "Live Services (svc/NAME)")]
    pub timeout: Duration,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}
