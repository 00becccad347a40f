//! `svcctl completions SHELL`: clap_complete's script for the shell, with what it leaves out.

use crate::cli::CompletionsArgs;
use crate::error::{Exit, Failure};
use crate::terminal::Terminal;

pub fn run(args: CompletionsArgs, term: &Terminal) -> Result<Exit, Failure> {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "svcctl", &mut out);
    if args.shell == clap_complete::Shell::Fish {
        out.extend_from_slice(fish_positional_values(&cmd).as_bytes());
    }
    term.write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(Exit::Clean)
}

/// clap_complete's fish script completes flag values but not positional ones; add them, so that
/// `svcctl new <TAB>` offers the Service types as it does in bash and zsh.
fn fish_positional_values(cmd: &clap::Command) -> String {
    let mut out = String::from(
        "\n# Positional values (added by svcctl; clap_complete's fish script omits them)\n",
    );
    for sub in cmd.get_subcommands() {
        for arg in sub.get_positionals() {
            for value in arg.get_possible_values() {
                if value.is_hide_set() {
                    continue;
                }
                let help = value
                    .get_help()
                    .map(|h| format!(" -d '{}'", h.to_string().replace('\'', "\\'")))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "complete -c svcctl -n \"__fish_svcctl_using_subcommand {}\" -a \"{}\"{help}\n",
                    sub.get_name(),
                    value.get_name()
                ));
            }
        }
    }
    out
}
