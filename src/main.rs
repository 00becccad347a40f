//! The `svcctl` binary: parse arguments, decide about colour once, run the command, exit with
//! 0 (clean), 1 (findings) or 2 (usage, IO or config error). A closed pipe exits 0 quietly.

use std::process::ExitCode;

// Parsing allocates many small nodes on several threads; mimalloc is markedly faster at that than
// the system allocator (see the benchmark in the README).
#[global_allocator]
static GLOBAL: svcctl::allocator::Mimalloc = svcctl::allocator::Mimalloc;

use svcctl::cli::Cli;
use svcctl::commands;
use svcctl::error::Exit;
use svcctl::terminal::Terminal;

fn main() -> ExitCode {
    let cli = Cli::parse_in_order();
    let term = Terminal::new(cli.color.into());
    match commands::run(cli.command, &term) {
        Ok(exit) => exit.into(),
        Err(failure) if failure.is_closed_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = term.write_stderr(&format!("error: {}\n", failure));
            Exit::Error.into()
        }
    }
}
