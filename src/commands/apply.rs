//! `svcctl apply`: lint, then server-side apply. Exit 0: everything applied (or would be); 1: lint
//! errors (nothing sent), an object the API server refused, or `--wait` timed out; 2: no cluster
//! to talk to, credentials refused, a missing namespace, unreadable input.

use crate::cli::ApplyArgs;
use crate::error::{Exit, Failure};
use crate::terminal::Terminal;

pub fn run(args: ApplyArgs, term: &Terminal) -> Result<Exit, Failure> {
    #[cfg(feature = "cluster")]
    {
        let (options, _config) = crate::cli::lint_options(&args.cluster, &args.rules)?;
        let request = crate::cluster::ApplyRequest {
            paths: args.files.with_paths(&args.paths),
            dry_run: args.dry_run,
            wait: args.wait,
            connection: connection(&args.connect),
            options,
        };
        crate::cluster::run::apply(request, term)
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = (args, term);
        Err(Failure::Message(crate::cluster::NOT_COMPILED.into()))
    }
}

/// The cluster to reach and how to apply, shared with `svcctl diff`.
#[cfg(feature = "cluster")]
pub(super) fn connection(args: &crate::cli::ConnectArgs) -> crate::cluster::Connection {
    crate::cluster::Connection {
        kubeconfig: args.kubeconfig.clone(),
        context: args.context.clone(),
        namespace: args.namespace.clone(),
        timeout: args.timeout,
        field_manager: args.field_manager.clone(),
        force_conflicts: args.force_conflicts,
        all_kinds: args.all_kinds,
    }
}
