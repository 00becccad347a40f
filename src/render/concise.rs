//! `--format concise`: `file:line:col: severity[rule] message`, one finding per line.

use std::fmt::Write as _;

use crate::lint::{Diagnostic, Report};

fn line(d: &Diagnostic, prefix: &str) -> String {
    let p = d.start();
    let field = d
        .field
        .as_deref()
        .map(|f| format!("{f}: "))
        .unwrap_or_default();
    format!(
        "{prefix}{}:{}:{}: {}[{}] {field}{}",
        d.file.name,
        p.line,
        p.column,
        d.severity.as_str(),
        d.rule.id,
        d.message.replace('\n', " ")
    )
}

pub fn render(report: &Report, show_suppressed: bool) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(out, "{}", line(d, ""));
    }
    if show_suppressed {
        for d in &report.suppressed {
            let _ = writeln!(out, "{}", line(d, "suppressed: "));
        }
    }
    out
}
