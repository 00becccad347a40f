//! The arguments of `svcctl fix` (and the fix flags of `svcctl lint`).

use clap::Args;

use super::{ClusterArgs, FileArgs, HelmArgs, RuleArgs};
use crate::render::Format;

const EXAMPLES: &str = "\
Examples:
  svcctl fix k8s/                   # apply the safe fixes, then report what remains
  svcctl fix --diff k8s/            # show what would change, change nothing (exit 1 if anything would)
  svcctl fix --unsafe-fixes web.yaml
  svcctl fix - < web.yaml > fixed.yaml
  svcctl lint --fix k8s/            # the same as `svcctl fix k8s/`";

#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct FixArgs {
    /// Files, folders (recursive, honouring .gitignore) or - for stdin (fixed to stdout) [default: .]
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub files: FileArgs,
    /// Print a unified diff of the fixes and change nothing (exit 1 if anything would change).
    #[arg(long)]
    pub diff: bool,
    #[command(flatten)]
    pub fixes: FixFlags,
    /// Format of the report of what remains.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 on remaining warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Files larger than this many bytes are reported instead of read [default: 67108864]
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Print nothing on stderr but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// on: lint kustomizations as `kubectl apply -k` builds them (their files are not fixed); off: file by file
    #[arg(long, value_name = "on|off", default_value = "on", value_parser = ["on", "off"], hide_possible_values = true, hide_default_value = true)]
    pub kustomize: String,
    #[command(flatten, next_help_heading = "Helm charts")]
    pub helm: HelmArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Which fixes to apply; shared by `fix` and `lint --fix`.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct FixFlags {
    /// Also apply unsafe fixes (see `svcctl rules`: the FIX column).
    #[arg(long)]
    pub unsafe_fixes: bool,
}
