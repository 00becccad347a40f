//! The arguments of `svcctl audit`.

use std::path::PathBuf;
use std::time::Duration;

use super::cluster::parse_duration;
use super::{ClusterArgs, RuleArgs, output_file};
use crate::render::Format;

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Only the Services of these names [default: every Service of the namespace(s)]
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// The namespace to audit [default: the context's, else `default`]
    #[arg(
        long,
        short = 'n',
        value_name = "NAME",
        conflicts_with = "all_namespaces"
    )]
    pub namespace: Option<String>,
    /// Audit every namespace (also finds Pods a selector meets in another namespace).
    #[arg(long, short = 'A')]
    pub all_namespaces: bool,
    /// Only the Services this label selector selects (`app=web,tier!=cache`).
    #[arg(long, short = 'l', value_name = "SELECTOR")]
    pub selector: Option<String>,
    /// Report a LoadBalancer still without an address this long after it was created.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub pending_after: Duration,
    /// Output format.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (the summary still goes to stderr).
    #[arg(long, short = 'o', visible_alias = "output-file", value_name = "FILE", value_parser = output_file, value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print nothing on stderr but errors and warnings about refused lists.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Say on stderr how long listing and checking took.
    #[arg(long)]
    pub timings: bool,
    /// The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, help_heading = "Cluster")]
    pub kubeconfig: Option<PathBuf>,
    /// The kubeconfig context to use [default: its current-context]
    #[arg(long, value_name = "NAME", help_heading = "Cluster")]
    pub context: Option<String>,
    /// Give up on a request after this long (`30s`, `2m`, `1m30s`).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration, help_heading = "Cluster")]
    pub timeout: Duration,
    #[command(flatten, next_help_heading = "Lint (as `svcctl lint`)")]
    pub rules: RuleArgs,
    #[command(flatten, next_help_heading = "Lint (as `svcctl lint`)")]
    pub cluster: ClusterArgs,
}
