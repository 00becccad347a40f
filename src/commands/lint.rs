//! `svcctl lint`.

use crate::cli::LintArgs;
use crate::cli::lint_options;
use crate::commands::fix::Fixed;
use crate::error::{Exit, Failure};
use crate::lint::fix::FixOptions;
use crate::lint::{Input, Report, Severity, lint};
use crate::render::{self, Format, RenderOptions};
use crate::terminal::Terminal;

pub fn run(args: LintArgs, term: &Terminal) -> Result<Exit, Failure> {
    run_with(args, false, term)
}

/// `lint`, with `--fix` (and `fix`'s `--diff`) first when asked.
pub(crate) fn run_with(args: LintArgs, diff: bool, term: &Terminal) -> Result<Exit, Failure> {
    if args.fixes.unsafe_fixes && !args.fix {
        return Err(Failure::Message("--unsafe-fixes applies with --fix".into()));
    }
    let (mut options, _config) = lint_options(&args.cluster, &args.rules)?;
    if let Some(size) = args.max_file_size {
        options.max_file_size = size;
    }
    options.list_objects = args.format == Format::Junit;
    options.kustomize = args.kustomize == "on";
    options.helm = args.helm.options();
    let paths = args.files.with_paths(&args.paths);
    let inputs: Vec<Input> = if paths.is_empty() {
        vec![Input::from_arg(".")]
    } else {
        paths.iter().map(|p| Input::from_arg(p)).collect()
    };
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err(Failure::Message(
            "`-` (stdin) may be given only once".into(),
        ));
    }
    let mut fix_trouble = false;
    let report = if args.fix || diff {
        let fix = FixOptions {
            unsafe_fixes: args.fixes.unsafe_fixes,
            ..FixOptions::default()
        };
        match super::fix::apply(&inputs, &options, fix, diff, term)? {
            Fixed::Diff { would_change } => {
                return Ok(if would_change {
                    Exit::Findings
                } else {
                    Exit::Clean
                });
            }
            Fixed::Written { trouble } => {
                fix_trouble = trouble;
                lint(&inputs, &options)
            }
            Fixed::Stdin { run, trouble } => {
                // Standard output holds the fixed text: what remains goes to standard error.
                let render_options = RenderOptions {
                    style: term.plain_style(),
                    show_suppressed: args.show_suppressed,
                };
                let rendered = render::render(&run.remaining, args.format, &render_options);
                term.write_stderr(&rendered)?;
                if !args.quiet {
                    term.write_stderr(&format!(
                        "svcctl: {}\n",
                        render::summary_line(&run.remaining)
                    ))?;
                }
                return Ok(exit_code(&run.remaining, args.deny_warnings, trouble));
            }
        }
    } else {
        lint(&inputs, &options)
    };
    let to_file = args.output.is_some();
    let style = if to_file {
        term.plain_style()
    } else {
        term.stdout_style()
    };
    let render_options = RenderOptions {
        style,
        show_suppressed: args.show_suppressed,
    };
    match &args.output {
        Some(path) => {
            let rendered = render::render(&report, args.format, &render_options);
            crate::fsutil::write_atomic(path, rendered.as_bytes()).map_err(|e| {
                Failure::Message(format!(
                    "--output {}: {}",
                    path.display(),
                    crate::fsutil::io_reason(&e)
                ))
            })?;
        }
        None => term.write_stdout_with(|mut out| {
            render::write(&report, args.format, &render_options, &mut out)
        })?,
    }
    // Unreadable inputs are findings of the report; the human report on standard output has
    // just shown them, anywhere else standard error says why the run exits 2. The summary comes
    // last, counting them.
    if args.format != Format::Human || to_file {
        for (path, reason) in &report.unreadable {
            term.write_stderr(&format!("error: {path}: {reason}\n"))?;
        }
    }
    // The text formats always end with the summary, clean or not (as ruff's do); the machine
    // formats carry their own counts, so they get it on standard error only when it says more.
    let text_format = matches!(args.format, Format::Human | Format::Concise);
    if !args.quiet
        && (text_format || to_file || report.summary.errors + report.summary.warnings > 0)
    {
        term.write_stderr(&format!("svcctl: {}\n", render::summary_line(&report)))?;
    }
    Ok(exit_code(&report, args.deny_warnings, fix_trouble))
}

fn exit_code(report: &Report, deny_warnings: bool, trouble: bool) -> Exit {
    let worst = report.diagnostics.iter().map(|d| d.severity).max();
    if !report.unreadable.is_empty() || trouble {
        Exit::Error
    } else if worst == Some(Severity::Error) || (deny_warnings && worst == Some(Severity::Warning))
    {
        Exit::Findings
    } else {
        Exit::Clean
    }
}
