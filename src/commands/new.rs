//! `svcctl new`: generate a Service, then print it or write it, with the notes on stderr.

use std::path::Path;

use crate::cli::RuleArgs;
use crate::cli::lint_options;
use crate::error::{Exit, Failure};
use crate::generate::{NewArgs, NewFormat, generate, write_output};
use crate::terminal::Terminal;

pub fn run(args: NewArgs, term: &Terminal) -> Result<Exit, Failure> {
    let (options, _config) = lint_options(&args.cluster, &RuleArgs::default())?;
    if args.append && args.format == NewFormat::Json {
        return Err(Failure::Message(
            "--append adds a YAML document; it cannot be combined with --format json".into(),
        ));
    }
    // Beside the --from file, so that rules about files of one folder see them together.
    let lint_name = match (&args.output, args.from.as_deref()) {
        (Some(path), _) => path.display().to_string(),
        (None, Some(from)) if from != "-" => Path::new(from)
            .with_file_name("<generated>")
            .display()
            .to_string(),
        _ => "<generated>".to_string(),
    };
    let generated = generate(&args, &options, &lint_name)?;
    let mut notes = generated.notes;
    match &args.output {
        None => {
            emit_notes(term, &notes, args.quiet)?;
            term.write_stdout(&generated.text)?;
        }
        Some(path) => {
            let verb = write_output(path, &generated.text, &args, &options)?;
            notes.push(format!(
                "{verb} {} to {}",
                generated.display,
                path.display()
            ));
            emit_notes(term, &notes, args.quiet)?;
        }
    }
    Ok(Exit::Clean)
}

fn emit_notes(term: &Terminal, notes: &[String], quiet: bool) -> Result<(), Failure> {
    if quiet {
        return Ok(());
    }
    for note in notes {
        let line = if note.starts_with("warning[") || note.starts_with("info[") {
            format!("{note}\n")
        } else {
            format!("note: {note}\n")
        };
        term.write_stderr(&line)?;
    }
    Ok(())
}
