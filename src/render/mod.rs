//! Renderers: one report, many shapes. `human` (miette snippets), `json` (the stable contract),
//! `concise` (grep-friendly), `github` (workflow annotations), `sarif` (code scanning) and `junit`.

mod cluster;
mod concise;
mod github;
mod human;
mod json;
mod junit;
mod sarif;

pub use human::{HumanStyle, render_diagnostic};

use crate::lint::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Concise,
    Github,
    Sarif,
    Junit,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Human,
        Format::Json,
        Format::Concise,
        Format::Github,
        Format::Sarif,
        Format::Junit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Concise => "concise",
            Format::Github => "github",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
        }
    }

    /// One line for `svcctl lint --help`.
    pub fn summary(self) -> &'static str {
        match self {
            Format::Human => "Source snippets with the offending node labelled (default)",
            Format::Json => "The stable JSON contract (`version: 1`)",
            Format::Concise => "`file:line:col: severity[rule] message`, one per line",
            Format::Github => {
                "GitHub Actions workflow commands (`::error file=…`), shown as PR annotations"
            }
            Format::Sarif => "SARIF 2.1.0 for code-scanning upload",
            Format::Junit => "JUnit XML: one test case per object, a failure per error",
        }
    }
}

pub struct RenderOptions {
    pub style: HumanStyle,
    pub show_suppressed: bool,
}

pub fn render(report: &Report, format: Format, options: &RenderOptions) -> String {
    if report.cluster.is_some() {
        return cluster::render(report, format, options);
    }
    match format {
        Format::Human => human::render(report, options),
        Format::Json => json::render(report),
        Format::Concise => concise::render(report, options.show_suppressed),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
    }
}

/// [`render`] straight into `out`: JSON, the format of the runs with the most findings, is
/// written a batch of findings at a time instead of being held whole.
pub fn write(
    report: &Report,
    format: Format,
    options: &RenderOptions,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json if report.cluster.is_none() => json::write(report, out),
        _ => out.write_all(render(report, format, options).as_bytes()),
    }
}

/// `2 errors, 1 warning, 0 infos in 3 files (12 objects, 5 Services)`, then how many findings
/// were suppressed and the Kubernetes version the verdicts were judged for, when they matter.
pub fn summary_line(report: &Report) -> String {
    if report.cluster.is_some() {
        return cluster::summary_line(report);
    }
    let s = &report.summary;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "{}, {}, {} in {} ({}, {})",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        plural(s.files, "file", "files"),
        plural(s.objects, "object", "objects"),
        plural(s.services, "Service", "Services"),
    );
    if !report.suppressed.is_empty() {
        line.push_str(&format!(", {} suppressed", report.suppressed.len()));
    }
    if let Some(version) = report.kube_version {
        line.push_str(&format!(", for Kubernetes {version}"));
    }
    line
}
