//! The arguments of `svcctl apply` and `svcctl diff`.

use std::path::PathBuf;
use std::time::Duration;

use super::{ClusterArgs, FileArgs, RuleArgs};
use crate::cluster::DryRun;

/// How to reach the cluster and how to apply; shared by `apply` and `diff`.
#[derive(Clone, Debug, clap::Args)]
pub struct ConnectArgs {
    /// The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub kubeconfig: Option<PathBuf>,
    /// The kubeconfig context to use [default: its current-context]
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
    /// The namespace for objects that name none [default: the context's, else `default`]. An
    /// object whose own namespace differs is an error, as in kubectl.
    #[arg(long, short = 'n', value_name = "NAME")]
    pub namespace: Option<String>,
    /// Give up on a request after this long (`30s`, `2m`, `1m30s`).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// The server-side apply field manager.
    #[arg(long, value_name = "NAME", default_value = "svcctl")]
    pub field_manager: String,
    /// Take over fields that another field manager owns (server-side apply `force=true`).
    #[arg(long)]
    pub force_conflicts: bool,
    /// Also apply (or diff) the objects that are not core/v1 Services (Deployments, ConfigMaps,
    /// …), in file order.
    #[arg(long)]
    pub all_kinds: bool,
}

#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// Files, folders (recursive, honouring .gitignore) or - for stdin.
    #[arg(value_name = "PATH", required_unless_present = "filenames", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub files: FileArgs,
    /// Do not apply; a bare --dry-run means client, as in kubectl.
    // kubectl 1.32 takes a bare `--dry-run` (and the old `true`/`false`) with a deprecation
    // warning; svcctl takes them quietly, since it never deprecated them.
    #[arg(long, value_enum, value_name = "MODE", default_value_t = DryRun::None, num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: DryRun,
    /// After applying, wait up to DURATION for every Service with a selector to have a ready
    /// endpoint (and every LoadBalancer an ingress address); exit 1 on timeout.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub wait: Option<Duration>,
    #[command(flatten, next_help_heading = "Cluster")]
    pub connect: ConnectArgs,
    #[command(flatten, next_help_heading = "Lint (as `svcctl lint`)")]
    pub rules: RuleArgs,
    #[command(flatten, next_help_heading = "Lint (as `svcctl lint`)")]
    pub cluster: ClusterArgs,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Files, folders (recursive, honouring .gitignore) or - for stdin.
    #[arg(value_name = "PATH", required_unless_present = "filenames", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub files: FileArgs,
    #[command(flatten, next_help_heading = "Cluster")]
    pub connect: ConnectArgs,
    #[command(flatten, next_help_heading = "Lint (as `svcctl lint`)")]
    pub rules: RuleArgs,
    #[command(flatten, next_help_heading = "Lint (as `svcctl lint`)")]
    pub cluster: ClusterArgs,
}

/// A Go-style duration (`90s`, `2m`, `1m30s`, `500ms`, `1h`); a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let bad = || format!("{text:?} is not a duration (try 30s, 2m or 1m30s)");
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        if digits == 0 {
            return Err(bad());
        }
        let number: f64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        total += Duration::try_from_secs_f64(number * seconds).map_err(|_| bad())?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_kubectl() {
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        for bad in ["", "s", "10x", "m5", "-1s", "1..2s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
