//! `svcctl apply` and `svcctl diff` (being written).

use crate::commands::{Exit, Failure};
use crate::terminal::Terminal;

#[derive(Debug, clap::Args)]
pub struct ApplyArgs {}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {}

pub fn apply(_args: ApplyArgs, _term: &Terminal) -> Result<Exit, Failure> {
    Err(Failure("svcctl apply is not available yet".into()))
}

pub fn diff(_args: DiffArgs, _term: &Terminal) -> Result<Exit, Failure> {
    Err(Failure("svcctl diff is not available yet".into()))
}
