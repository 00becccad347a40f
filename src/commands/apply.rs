//! `svcctl apply`: lint, then server-side apply. Exit 0: everything applied (or would be); 1: lint
//! errors (nothing sent), an object the API server refused, or `--wait` timed out; 2: no cluster
//! to talk to, credentials refused, a missing namespace, unreadable input.

use crate::cluster::ApplyArgs;
use crate::error::{Exit, Failure};
use crate::terminal::Terminal;

pub fn run(args: ApplyArgs, term: &Terminal) -> Result<Exit, Failure> {
    #[cfg(feature = "cluster")]
    {
        crate::cluster::run::apply(args, term)
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = (args, term);
        Err(Failure::Message(crate::cluster::NOT_COMPILED.into()))
    }
}
