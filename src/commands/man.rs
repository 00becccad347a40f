//! `svcctl man`: the man page, one section for svcctl and one per subcommand.

use crate::error::{Exit, Failure};
use crate::terminal::Terminal;

pub fn run(term: &Terminal) -> Result<Exit, Failure> {
    let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    for sub in <crate::cli::Cli as clap::CommandFactory>::command().get_subcommands() {
        let title = format!("svcctl-{}", sub.get_name());
        out.extend_from_slice(b"\n");
        clap_mangen::Man::new(sub.clone())
            .title(title)
            .render(&mut out)?;
    }
    term.write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(Exit::Clean)
}
