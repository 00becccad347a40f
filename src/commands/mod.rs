//! One module per subcommand; each returns the process exit code.

pub mod apply;
pub mod audit;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod fix;
pub mod lint;
pub mod lsp;
pub mod man;
pub mod new;
pub mod rules;

use crate::cli::Command;
use crate::error::{Exit, Failure};
use crate::terminal::Terminal;

pub fn run(command: Command, term: &Terminal) -> Result<Exit, Failure> {
    match command {
        Command::Lint(args) => lint::run(args, term),
        Command::Fix(args) => fix::run(args, term),
        Command::Rules(args) => rules::run(args, term),
        Command::New(args) => new::run(args, term),
        Command::Explain(args) => explain::run(args, term),
        Command::Apply(args) => apply::run(args, term),
        Command::Diff(args) => diff::run(args, term),
        Command::Audit(args) => audit::run(args, term),
        Command::Completions(args) => completions::run(args, term),
        Command::Man => man::run(term),
        Command::Lsp => lsp::run(),
    }
}
