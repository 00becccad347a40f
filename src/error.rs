//! What a run ends with: its exit code, and the one error type a command fails with. A failure
//! is printed as one `error:` line on stderr and exits 2, except a closed stdout or stderr, which
//! ends the run quietly with exit 0 (as `head` expects of a well-behaved producer).

use std::process::ExitCode;

use thiserror::Error;

use crate::config::ConfigError;
use crate::lint::selection::UnknownSelector;
use crate::terminal::BrokenPipe;

/// 0: clean; 1: findings (or a diff); 2: usage, IO or config error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Why a command could not finish.
#[derive(Debug, Error)]
pub enum Failure {
    /// stdout or stderr was closed under us (found by its `io::ErrorKind`, in the terminal).
    #[error(transparent)]
    ClosedPipe(#[from] BrokenPipe),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Selection(#[from] UnknownSelector),
    /// A refusal worded for the user, already naming the flag or file it is about.
    #[error("{0}")]
    Message(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

impl Failure {
    /// Whether the run ends quietly with exit 0: stdout or stderr was closed under us.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Failure::ClosedPipe(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_stdout_ends_the_run_quietly() {
        assert!(Failure::from(crate::terminal::BrokenPipe).is_closed_pipe());
    }

    /// Only a closed standard stream is quiet: any other failure whose text happens to read
    /// "broken pipe" (a kubeconfig exec plugin's stderr, say) is reported.
    #[test]
    fn a_failure_that_reads_broken_pipe_is_still_reported() {
        let other = std::io::Error::other("broken pipe");
        assert!(!Failure::from(other).is_closed_pipe());
    }
}
