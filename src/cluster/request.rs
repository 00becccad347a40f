//! What `apply` and `diff` are asked to do, as plain values built by `commands/`.

use std::path::PathBuf;
use std::time::Duration;

use crate::lint::LintOptions;

/// `--dry-run`: kubectl's three modes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DryRun {
    #[default]
    None,
    Server,
    Client,
}

impl DryRun {
    pub const ALL: [DryRun; 3] = [DryRun::None, DryRun::Server, DryRun::Client];

    pub fn as_str(self) -> &'static str {
        match self {
            DryRun::None => "none",
            DryRun::Server => "server",
            DryRun::Client => "client",
        }
    }

    /// kubectl's old spellings.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            DryRun::None => &["false"],
            DryRun::Server => &[],
            DryRun::Client => &["true"],
        }
    }

    /// One line for `--help`.
    pub fn summary(self) -> &'static str {
        match self {
            DryRun::None => "Apply for real",
            DryRun::Server => {
                "Send the apply with `dryRun=All`: the server validates, defaults and merges, stores nothing"
            }
            DryRun::Client => "Lint and print what would be sent; contact no server",
        }
    }
}

/// How to reach the cluster and how to apply; shared by `apply` and `diff`.
#[derive(Clone, Debug)]
pub struct Connection {
    /// None: the files in `$KUBECONFIG`, else `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// None: the kubeconfig's current context.
    pub context: Option<String>,
    /// The namespace for objects that name none; None: the context's, else `default`.
    pub namespace: Option<String>,
    pub timeout: Duration,
    pub field_manager: String,
    /// Server-side apply `force=true`.
    pub force_conflicts: bool,
    /// Also send the objects that are not core/v1 Services.
    pub all_kinds: bool,
}

/// `svcctl apply`.
#[derive(Clone, Debug)]
pub struct ApplyRequest {
    /// Files, folders or `-`, in the order given.
    pub paths: Vec<String>,
    pub dry_run: DryRun,
    /// How long to wait for ready endpoints after applying.
    pub wait: Option<Duration>,
    pub connection: Connection,
    /// The settings of `svcctl lint`, which gates what is sent.
    pub options: LintOptions,
}

/// `svcctl diff`.
#[derive(Clone, Debug)]
pub struct DiffRequest {
    pub paths: Vec<String>,
    pub connection: Connection,
    pub options: LintOptions,
}
