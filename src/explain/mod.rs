//! `svcctl explain`: offline teaching (being written).

use crate::commands::{Exit, Failure};
use crate::terminal::Terminal;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {}

pub fn run(_args: ExplainArgs, _term: &Terminal) -> Result<Exit, Failure> {
    Err(Failure("svcctl explain is not available yet".into()))
}
