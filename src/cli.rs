//! The command line (clap derive). Only argument shapes live here; each command runs in
//! `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::render::Format;

/// `svcctl --version` also says which Kubernetes releases the rules follow.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (Service rules of Kubernetes 1.30 to 1.36)"
);

#[derive(Debug, Parser)]
#[command(
    name = "svcctl",
    version = VERSION,
    about = "Lint, generate, explain and apply Kubernetes Service manifests — offline, exact, fast",
    long_about = None,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// When to use colour: auto (a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

// The variants' sizes differ, but the enum is built once per process.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Service manifests for everything the API server would refuse, and more.
    Lint(LintArgs),
    /// List the rules with their codes, categories and default severities.
    Rules(RulesArgs),
    /// Generate a correct Service manifest of any type.
    New(crate::generate::NewArgs),
    /// Explain Service types, fields, rules, or what a manifest does with traffic.
    Explain(crate::explain::ExplainArgs),
    /// Lint, then server-side apply to a live cluster.
    Apply(crate::cluster::ApplyArgs),
    /// Show what `apply` would change on the live cluster (server-side dry run).
    Diff(crate::cluster::DiffArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

/// The cluster settings that some verdicts depend on. Never guessed: what is not given is not
/// judged (the NodePort range has the default every cluster ships with).
#[derive(Clone, Debug, Default, Args)]
pub struct ClusterArgs {
    /// The API server's --service-node-port-range [default: 30000-32767]
    #[arg(long, value_name = "FIRST-LAST")]
    pub node_port_range: Option<String>,
    /// The cluster's service CIDR(s); requested cluster IPs must lie inside (not judged when absent).
    #[arg(long, value_name = "CIDR[,CIDR]")]
    pub service_cidr: Option<String>,
    /// The IP families the cluster serves, primary first (not judged when absent).
    #[arg(long, value_name = "IPv4|IPv6|IPv4,IPv6")]
    pub ip_families: Option<String>,
    /// The Kubernetes version whose rules apply [default: the newest supported, 1.36]
    #[arg(long, value_name = "1.N")]
    pub kube_version: Option<String>,
    /// Read settings from this file instead of the nearest .svcctl.yaml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any .svcctl.yaml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Clone, Debug, Default, Args)]
pub struct RuleArgs {
    /// Run only these rules (ids, codes or categories; repeatable or comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = rule_selector(), ignore_case = true)]
    pub select: Vec<String>,
    /// Do not run these rules (ids, codes or categories).
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = rule_selector(), ignore_case = true)]
    pub ignore: Vec<String>,
}

/// Rule ids and categories as possible values (so shells complete them), codes as aliases.
pub fn rule_selector() -> clap::builder::PossibleValuesParser {
    use clap::builder::PossibleValue;
    let rules = crate::lint::RULES.iter().map(|r| {
        let m = r.meta();
        PossibleValue::new(m.id).alias(m.code).help(m.summary)
    });
    let categories = crate::lint::Category::ALL
        .iter()
        .map(|c| PossibleValue::new(c.as_str()).help("every rule of this category"));
    let all = std::iter::once(PossibleValue::new("all").help("every rule"));
    clap::builder::PossibleValuesParser::new(rules.chain(categories).chain(all))
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files, folders (recursive, honouring .gitignore) or - for stdin [default: .]
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (the summary still goes to stderr).
    #[arg(long, short = 'o', value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also list findings silenced by annotations or comments.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Files larger than this many bytes are reported instead of read [default: 67108864]
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Print nothing on stderr but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}
