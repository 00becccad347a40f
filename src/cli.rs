//! The command line (clap derive). Only argument shapes live here; each command runs in
//! `commands/`.

use std::path::PathBuf;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config};
use crate::error::Failure;
use crate::k8s::settings::{PortRange, SettingError, parse_cidrs, parse_families};
use crate::lint::{LintOptions, RuleSelection};
use crate::render::Format;

// The value types the commands take are the library's, plain so that no feature knows clap; the
// command line takes each by its `as_str` name (and `aliases`, with the `summary` as its help),
// so that the two cannot drift.
macro_rules! value_enum {
    ($t:ty $(, aliases = $aliases:ident)? $(, help = $help:ident)?) => {
        impl clap::ValueEnum for $t {
            fn value_variants<'a>() -> &'a [Self] {
                &<$t>::ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                let value = clap::builder::PossibleValue::new(self.as_str());
                $(let value = value.aliases(self.$aliases().iter().copied());)?
                $(let value = value.help(self.$help());)?
                Some(value)
            }
        }
    };
}

value_enum!(Format, help = summary);
value_enum!(crate::explain::ExplainFormat, help = summary);
value_enum!(crate::cluster::DryRun, aliases = aliases, help = summary);
value_enum!(crate::generate::Kind, aliases = aliases, help = summary);
value_enum!(crate::generate::TrafficPolicy);
value_enum!(crate::generate::SessionAffinity);
value_enum!(crate::generate::IpFamilyPolicy);
value_enum!(crate::generate::IpFamily);
value_enum!(crate::generate::NewFormat);

mod audit;
mod cluster;
mod explain;
mod fix;
mod new;

pub use audit::AuditArgs;
pub use cluster::{ApplyArgs, ConnectArgs, DiffArgs};
pub use explain::ExplainArgs;
pub use fix::{FixArgs, FixFlags};
pub use new::NewArgs;

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

impl Cli {
    /// Parse the command line, exiting on a usage error as clap does. Unlike `Cli::parse`, the
    /// inputs given as PATH and as `-f` end up in `paths` in the order they were typed, because
    /// `apply` sends objects in that order (a Namespace before what goes into it).
    pub fn parse_in_order() -> Cli {
        let matches = Cli::command().get_matches();
        let mut cli = match Cli::from_arg_matches(&matches) {
            Ok(cli) => cli,
            Err(e) => e.format(&mut Cli::command()).exit(),
        };
        let Some((_, sub)) = matches.subcommand() else {
            return cli;
        };
        let (paths, files) = match &mut cli.command {
            Command::Lint(a) => (&mut a.paths, &mut a.files),
            Command::Fix(a) => (&mut a.paths, &mut a.files),
            Command::Apply(a) => (&mut a.paths, &mut a.files),
            Command::Diff(a) => (&mut a.paths, &mut a.files),
            _ => return cli,
        };
        *paths = in_command_line_order(sub, &["paths", "filenames"]);
        files.filenames.clear();
        cli
    }
}

/// The string values of these arguments, interleaved as they appeared on the command line.
fn in_command_line_order(matches: &ArgMatches, ids: &[&str]) -> Vec<String> {
    let mut all: Vec<(usize, String)> = Vec::new();
    for id in ids {
        let (Some(indices), Some(values)) =
            (matches.indices_of(id), matches.get_many::<String>(id))
        else {
            continue;
        };
        all.extend(indices.zip(values.cloned()));
    }
    all.sort_by_key(|(index, _)| *index);
    all.into_iter().map(|(_, value)| value).collect()
}

/// `-f/--filename`, kubectl's spelling for the inputs, beside the positional PATHs.
#[derive(Clone, Debug, Default, Args)]
pub struct FileArgs {
    /// A file, folder or - for stdin, as kubectl's -f; repeatable, and the same as a PATH.
    #[arg(
        long = "filename",
        short = 'f',
        value_name = "PATH",
        value_hint = clap::ValueHint::AnyPath
    )]
    pub filenames: Vec<String>,
}

impl FileArgs {
    /// The positional PATHs and then the `-f` ones (already interleaved in typing order by
    /// [`Cli::parse_in_order`], which leaves `filenames` empty).
    pub fn with_paths(&self, paths: &[String]) -> Vec<String> {
        paths.iter().chain(&self.filenames).cloned().collect()
    }
}

/// Every spelling of an output format, svcctl's and kubectl's `-o` ones, which `-o` (a file
/// here, as in ruff) refuses so that `-o json` does not quietly write a file named `json`.
const FORMAT_NAMES: &[&str] = &[
    "human", "json", "concise", "github", "sarif", "junit", "text", "table", "yaml", "name", "wide",
];

/// `--node-port-range`: read once, here, into the range every verdict uses; a bad one is a usage
/// error like any other bad value.
fn node_port_range(value: &str) -> Result<PortRange, SettingError> {
    value.parse()
}

/// `-o/--output FILE`.
pub fn output_file(value: &str) -> Result<PathBuf, String> {
    if FORMAT_NAMES.iter().any(|f| f.eq_ignore_ascii_case(value)) {
        return Err(format!(
            "-o is the file to write to (as in ruff); for the output format say --format {value} \
             (and to write a file of that name, say -o ./{value})"
        ));
    }
    Ok(PathBuf::from(value))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl From<ColorChoice> for anstream::ColorChoice {
    fn from(choice: ColorChoice) -> Self {
        match choice {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        }
    }
}

// The variants' sizes differ, but the enum is built once per process.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Service manifests for everything the API server would refuse, and more.
    Lint(LintArgs),
    /// Apply the rules' fixes in place as minimal edits, then report what remains.
    Fix(FixArgs),
    /// List the rules with their codes, categories and default severities.
    Rules(RulesArgs),
    /// Generate a correct Service manifest of any type.
    New(NewArgs),
    /// Explain Service types, fields, rules, or what a manifest does with traffic.
    Explain(ExplainArgs),
    /// Lint, then server-side apply to a live cluster.
    Apply(ApplyArgs),
    /// Show what `apply` would change on the live cluster (server-side dry run).
    Diff(DiffArgs),
    /// Check every Service of a live cluster against its Pods, EndpointSlices and nodes.
    Audit(AuditArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
    /// Run the language server (LSP over stdin/stdout) for editors.
    Lsp,
}

/// The cluster settings that some verdicts depend on. Never guessed: what is not given is not
/// judged (the NodePort range has the default every cluster ships with).
#[derive(Clone, Debug, Default, Args)]
pub struct ClusterArgs {
    /// The API server's --service-node-port-range [default: 30000-32767]
    #[arg(long, value_name = "FIRST-LAST", value_parser = node_port_range)]
    pub node_port_range: Option<PortRange>,
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
    // The rule ids stay possible values, so that shells complete them, but the 69 of them are
    // not listed in help twice over: `svcctl rules` lists them once, with their summaries.
    /// Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or
    /// comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = rule_selector(), ignore_case = true, hide_possible_values = true)]
    pub select: Vec<String>,
    /// Do not run these rules: ids, codes or categories (see `svcctl rules`).
    #[arg(long, value_delimiter = ',', value_name = "RULE", value_parser = rule_selector(), ignore_case = true, hide_possible_values = true)]
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
    #[command(flatten)]
    pub files: FileArgs,
    /// Output format.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (the summary still goes to stderr).
    #[arg(long, short = 'o', visible_alias = "output-file", value_name = "FILE", value_parser = output_file, value_hint = clap::ValueHint::FilePath)]
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
    /// on: lint kustomizations as `kubectl apply -k` builds them; off: file by file
    #[arg(long, value_name = "on|off", default_value = "on", value_parser = ["on", "off"], hide_possible_values = true, hide_default_value = true)]
    pub kustomize: String,
    #[command(flatten, next_help_heading = "Helm charts")]
    pub helm: HelmArgs,
    /// Apply the rules' safe fixes first, as `svcctl fix` does, then report what remains.
    #[arg(long)]
    pub fix: bool,
    #[command(flatten)]
    pub fixes: FixFlags,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// How Helm charts are read.
#[derive(Clone, Debug, Default, Args)]
pub struct HelmArgs {
    /// on: render charts with `helm template` when helm is on PATH; off: read templates raw
    #[arg(long, value_name = "on|off", default_value = "on", value_parser = ["on", "off"], hide_possible_values = true, hide_default_value = true)]
    pub helm: String,
    /// A values file for `helm template --values` (repeatable).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub helm_values: Vec<PathBuf>,
    /// A value for `helm template --set K=V` (repeatable).
    #[arg(long, value_name = "K=V")]
    pub helm_set: Vec<String>,
    /// Where the charts named by a rendered stream's `# Source:` lines are [default: .]
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub chart_root: Option<PathBuf>,
}

impl HelmArgs {
    pub fn options(&self) -> crate::helm::HelmOptions {
        crate::helm::HelmOptions {
            off: self.helm == "off",
            values: self.helm_values.clone(),
            set: self.helm_set.clone(),
            chart_root: self.chart_root.clone(),
            program: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    // `-f` stays as a hidden spelling: `rules` takes no files for it to clash with.
    /// Output format.
    #[arg(long, short_alias = 'f', visible_alias = "output-format", value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// The lint options for a command: defaults, then `.svcctl.yaml`, then flags.
pub fn lint_options(
    cluster: &ClusterArgs,
    rules: &RuleArgs,
) -> Result<(LintOptions, Config), Failure> {
    let config = if cluster.no_config {
        Config::default()
    } else if let Some(path) = &cluster.config {
        config::load(path)?
    } else {
        match std::env::current_dir()
            .ok()
            .and_then(|d| config::discover(&d))
        {
            Some(path) => config::load(&path)?,
            None => Config::default(),
        }
    };
    let mut settings = config.settings();
    if let Some(r) = cluster.node_port_range {
        settings.node_port_range = r;
    }
    if let Some(c) = &cluster.service_cidr {
        settings.service_cidrs =
            Some(parse_cidrs(c).map_err(|e| Failure::Message(format!("--service-cidr: {e}")))?);
    }
    if let Some(f) = &cluster.ip_families {
        settings.ip_families =
            Some(parse_families(f).map_err(|e| Failure::Message(format!("--ip-families: {e}")))?);
    }
    if let Some(v) = &cluster.kube_version {
        settings.kube_version = v
            .parse()
            .map_err(|e| Failure::Message(format!("--kube-version: {e}")))?;
        settings.kube_version_given = true;
    }
    let mut selection = RuleSelection::default();
    for (rule, severity) in &config.rules {
        selection.configure(rule, *severity)?;
    }
    let select = if rules.select.is_empty() {
        &config.select
    } else {
        &rules.select
    };
    selection.select(select)?;
    selection.ignore(&config.ignore)?;
    selection.ignore(&rules.ignore)?;
    let mut options = LintOptions {
        settings,
        selection,
        ..LintOptions::default()
    };
    if let Some(size) = config.max_file_size {
        options.max_file_size = size;
    }
    Ok((options, config))
}
