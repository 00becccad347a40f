//! `svcctl new`: generate a Service, then print it or write it, with the notes on stderr.

use std::path::Path;

use crate::cli::NewArgs;
use crate::cli::RuleArgs;
use crate::cli::lint_options;
use crate::error::{Exit, Failure};
use crate::generate::{GenerateRequest, NewFormat, WriteMode, generate, write_output};
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
    let generated = generate(&request(&args), &options, &lint_name)?;
    let mut notes = generated.notes;
    match &args.output {
        None => {
            emit_notes(term, &notes, args.quiet)?;
            term.write_stdout(&generated.text)?;
        }
        Some(path) => {
            let verb = write_output(
                path,
                &generated.text,
                WriteMode {
                    append: args.append,
                    force: args.force,
                },
                &options,
            )?;
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

/// What to generate: the command line less what only this command acts on (output, quiet and
/// the cluster settings, which became `LintOptions`).
fn request(args: &NewArgs) -> GenerateRequest {
    GenerateRequest {
        kind: args.kind,
        name: args.name.clone(),
        ports: args.ports.clone(),
        target: args.target.clone(),
        port_names: args.port_names.clone(),
        app_protocols: args.app_protocols.clone(),
        node_ports: args.node_ports.clone(),
        selectors: args.selectors.clone(),
        no_selector: args.no_selector,
        from: args.from.clone(),
        workload: args.workload.clone(),
        namespace: args.namespace.clone(),
        labels: args.labels.clone(),
        annotations: args.annotations.clone(),
        external_name: args.external_name.clone(),
        external_traffic_policy: args.external_traffic_policy,
        internal_traffic_policy: args.internal_traffic_policy,
        session_affinity: args.session_affinity,
        session_affinity_timeout: args.session_affinity_timeout.clone(),
        load_balancer_class: args.load_balancer_class.clone(),
        source_ranges: args.source_ranges.clone(),
        ip_family_policy: args.ip_family_policy,
        ip_family: args.ip_family.clone(),
        publish_not_ready_addresses: args.publish_not_ready_addresses,
        format: args.format,
    }
}
