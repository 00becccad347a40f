//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on the
//! lines of a pull request.

use std::fmt::Write as _;

use crate::lint::{Report, Severity};

pub(super) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub(super) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command that shows a finding of this severity.
pub(super) fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let command = command(d.severity);
        let (start, end) = (d.start(), d.end());
        let field = d
            .field
            .as_deref()
            .map(|f| format!("{f}: "))
            .unwrap_or_default();
        let help = d
            .help
            .as_deref()
            .map(|h| format!("\nhelp: {h}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&d.file.name),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("svcctl {} {}", d.rule.code, d.rule.id)),
            escape_data(&format!("{field}{}{help}", d.message)),
        );
    }
    out
}
