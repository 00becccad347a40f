//! `svcctl lint`.

use crate::cli::LintArgs;
use crate::cli::lint_options;
use crate::error::{Exit, Failure};
use crate::lint::{Input, Severity, lint};
use crate::render::{self, Format, RenderOptions};
use crate::terminal::Terminal;

pub fn run(args: LintArgs, term: &Terminal) -> Result<Exit, Failure> {
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
    let report = lint(&inputs, &options);
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
    let worst = report.diagnostics.iter().map(|d| d.severity).max();
    Ok(if !report.unreadable.is_empty() {
        Exit::Error
    } else if worst == Some(Severity::Error)
        || (args.deny_warnings && worst == Some(Severity::Warning))
    {
        Exit::Findings
    } else {
        Exit::Clean
    })
}
