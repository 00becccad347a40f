//! `svcctl new`: generate correct Service manifests (being written).

use crate::commands::{Exit, Failure};
use crate::terminal::Terminal;

#[derive(Debug, clap::Args)]
pub struct NewArgs {}

pub fn run(_args: NewArgs, _term: &Terminal) -> Result<Exit, Failure> {
    Err(Failure("svcctl new is not available yet".into()))
}
