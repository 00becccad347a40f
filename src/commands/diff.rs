//! `svcctl diff`: server-side dry run and a unified diff against the live objects. Exit 0: no
//! change; 1: the apply would change something; 2: anything went wrong (as `kubectl diff`).

use crate::cli::DiffArgs;
use crate::error::{Exit, Failure};
use crate::terminal::Terminal;

pub fn run(args: DiffArgs, term: &Terminal) -> Result<Exit, Failure> {
    #[cfg(feature = "cluster")]
    {
        let (options, _config) = crate::cli::lint_options(&args.cluster, &args.rules)?;
        let request = crate::cluster::DiffRequest {
            paths: args.files.with_paths(&args.paths),
            connection: super::apply::connection(&args.connect),
            options,
        };
        crate::cluster::run::diff(request, term).map(exit)
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = (args, term);
        Err(Failure::Message(crate::cluster::NOT_COMPILED.into()))
    }
}

/// As `kubectl diff`: exit 1 means "there is a difference", so everything that went wrong,
/// lint errors and refused objects included, is 2.
#[cfg(feature = "cluster")]
fn exit(outcome: crate::cluster::Outcome) -> Exit {
    use crate::cluster::Outcome;
    match outcome {
        Outcome::Clean => Exit::Clean,
        Outcome::Changed => Exit::Findings,
        Outcome::NotReady | Outcome::LintErrors | Outcome::Refused | Outcome::Failed => Exit::Error,
    }
}

#[cfg(all(test, not(feature = "cluster")))]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::cli::{ClusterArgs, ConnectArgs, FileArgs, RuleArgs};
    use crate::cluster::NOT_COMPILED;

    #[test]
    fn without_the_feature_the_commands_say_so() {
        let term = Terminal::new(anstream::ColorChoice::Never);
        let args = DiffArgs {
            paths: vec!["svc.yaml".into()],
            files: FileArgs::default(),
            connect: ConnectArgs {
                kubeconfig: None,
                context: None,
                namespace: None,
                timeout: Duration::from_secs(1),
                field_manager: "svcctl".into(),
                force_conflicts: false,
                all_kinds: false,
            },
            rules: RuleArgs::default(),
            cluster: ClusterArgs::default(),
        };
        let Err(failure) = run(args, &term) else {
            panic!("diff ran without the cluster feature");
        };
        assert_eq!(failure.to_string(), NOT_COMPILED);
    }
}
