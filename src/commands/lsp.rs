//! `svcctl lsp`: serve the editor on stdin/stdout until it exits, with the exit code the
//! protocol asks for.

use crate::error::{Exit, Failure};
use crate::lsp::{Ended, serve};

pub fn run() -> Result<Exit, Failure> {
    let input = std::io::BufReader::new(std::io::stdin());
    match serve(input, std::io::stdout()) {
        Ended::AfterShutdown => Ok(Exit::Clean),
        // The protocol's exit code 1 for an `exit` without `shutdown` (or a client that went
        // away): it is the code svcctl otherwise gives findings.
        Ended::WithoutShutdown => Ok(Exit::Findings),
    }
}
