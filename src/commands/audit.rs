//! `svcctl audit`: every Service of a live cluster checked against what the cluster has. Exit 0:
//! no error (no warning either, with --deny-warnings); 1: findings; 2: no cluster to talk to,
//! credentials refused, a missing kubeconfig or context.

use crate::cli::AuditArgs;
use crate::error::{Exit, Failure};
use crate::terminal::Terminal;

pub fn run(args: AuditArgs, term: &Terminal) -> Result<Exit, Failure> {
    #[cfg(feature = "cluster")]
    {
        use crate::lint::Severity;
        use crate::render::{self, Format, RenderOptions};

        let (mut options, _config) = crate::cli::lint_options(&args.cluster, &args.rules)?;
        options.list_objects = args.format == Format::Junit;
        let request = crate::audit::AuditRequest {
            connection: crate::cluster::Connection {
                kubeconfig: args.kubeconfig.clone(),
                context: args.context.clone(),
                namespace: args.namespace.clone(),
                timeout: args.timeout,
                field_manager: String::new(),
                force_conflicts: false,
                all_kinds: false,
            },
            all_namespaces: args.all_namespaces,
            label_selector: args.selector.clone(),
            names: args.names.clone(),
            pending_after: args.pending_after,
            options,
        };
        let audit = crate::audit::run(&request)?;
        for warning in &audit.warnings {
            term.write_stderr(&format!("warning: {warning}\n"))?;
        }
        let report = &audit.report;
        let style = if args.output.is_some() {
            term.plain_style()
        } else {
            term.stdout_style()
        };
        let render_options = RenderOptions {
            style,
            show_suppressed: false,
        };
        let rendered = render::render(report, args.format, &render_options);
        match &args.output {
            Some(path) => crate::fsutil::write_atomic(path, rendered.as_bytes()).map_err(|e| {
                Failure::Message(format!(
                    "--output {}: {}",
                    path.display(),
                    crate::fsutil::io_reason(&e)
                ))
            })?,
            None => term.write_stdout(&rendered)?,
        }
        if args.timings {
            term.write_stderr(&format!(
                "svcctl: listed {} objects in {} ms, checked them in {} ms\n",
                audit.objects,
                audit.listing.as_millis(),
                audit.checking.as_millis()
            ))?;
        }
        if !args.quiet {
            term.write_stderr(&format!("svcctl: {}\n", render::summary_line(report)))?;
        }
        let worst = report.diagnostics.iter().map(|d| d.severity).max();
        Ok(
            if worst == Some(Severity::Error)
                || (args.deny_warnings && worst == Some(Severity::Warning))
            {
                Exit::Findings
            } else {
                Exit::Clean
            },
        )
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = (args, term);
        Err(Failure::Message(crate::cluster::AUDIT_NOT_COMPILED.into()))
    }
}
