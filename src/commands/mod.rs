//! One module per subcommand; each returns the process exit code.

pub mod apply;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod lint;
pub mod man;
pub mod new;
pub mod rules;

use crate::cli::{ClusterArgs, Command, RuleArgs};
use crate::config::{self, Config};
use crate::error::{Exit, Failure};
use crate::k8s::settings::{parse_cidrs, parse_families};
use crate::lint::{LintOptions, RuleSelection, Settings};
use crate::terminal::Terminal;

pub fn run(command: Command, term: &Terminal) -> Result<Exit, Failure> {
    match command {
        Command::Lint(args) => lint::run(args, term),
        Command::Rules(args) => rules::run(args, term),
        Command::New(args) => new::run(args, term),
        Command::Explain(args) => explain::run(args, term),
        Command::Apply(args) => apply::run(args, term),
        Command::Diff(args) => diff::run(args, term),
        Command::Completions(args) => completions::run(args, term),
        Command::Man => man::run(term),
    }
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
    let mut settings = Settings::default();
    if let Some(r) = config.node_port_range {
        settings.node_port_range = r;
    }
    settings.service_cidrs = config.service_cidrs.clone();
    settings.ip_families = config.ip_families.clone();
    if let Some(v) = config.kube_version {
        settings.kube_version = v;
        settings.kube_version_given = true;
    }
    if let Some(r) = &cluster.node_port_range {
        settings.node_port_range = r
            .parse()
            .map_err(|e: String| Failure::Message(format!("--node-port-range: {e}")))?;
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
            .map_err(|e: String| Failure::Message(format!("--kube-version: {e}")))?;
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
