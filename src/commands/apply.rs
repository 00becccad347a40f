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
        crate::cluster::run::apply(request, term).map(exit)
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = (args, term);
        Err(Failure::Message(crate::cluster::NOT_COMPILED.into()))
    }
}

/// Exit 1 for anything the user's input or the cluster's state is to blame for and can fix
/// (lint errors, a refused object, endpoints that never became ready); 2 when something went
/// wrong on the way.
#[cfg(feature = "cluster")]
fn exit(outcome: crate::cluster::Outcome) -> Exit {
    use crate::cluster::Outcome;
    match outcome {
        Outcome::Clean => Exit::Clean,
        // `apply` never diffs; a change is what it is asked to make.
        Outcome::Changed => Exit::Clean,
        Outcome::NotReady | Outcome::LintErrors | Outcome::Refused => Exit::Findings,
        Outcome::Failed => Exit::Error,
    }
}

/// The terminal is where `apply` and `diff` report, object by object.
#[cfg(feature = "cluster")]
impl crate::cluster::Report for Terminal {
    fn out(&self, text: &str) -> Result<(), Failure> {
        Ok(self.write_stdout(text)?)
    }

    fn err(&self, text: &str) -> Result<(), Failure> {
        Ok(self.write_stderr(text)?)
    }

    fn out_color(&self) -> bool {
        self.stdout_color()
    }

    fn err_color(&self) -> bool {
        self.stderr_color()
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
