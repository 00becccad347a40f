//! Every format for a report on live objects (`svcctl audit`): a finding names its object
//! (`namespace/name`, kind) instead of a file line. JSON keeps the lint contract with `file`,
//! `line` and `column` null and adds `"source": "cluster"` and the context; the human report
//! groups findings by namespace. Reports on files never come here, so lint's output is untouched.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::junit::xml;
use super::{Format, RenderOptions};
use crate::lint::{Diagnostic, Report, Severity};

pub fn render(report: &Report, format: Format, options: &RenderOptions) -> String {
    match format {
        Format::Human => human(report, options),
        Format::Json => json(report),
        Format::Concise => concise(report),
        Format::Github => github(report),
        Format::Sarif => sarif(report),
        Format::Junit => junit(report),
    }
}

fn context(report: &Report) -> &str {
    report.cluster.as_ref().map_or("", |c| c.context.as_str())
}

/// `Service shop/web`.
fn object_name(d: &Diagnostic) -> String {
    match &d.object {
        Some(o) => format!(
            "{} {}/{}",
            o.kind,
            o.namespace.as_deref().unwrap_or("-"),
            o.name.as_deref().unwrap_or("-")
        ),
        None => "cluster".to_string(),
    }
}

fn namespace(d: &Diagnostic) -> &str {
    d.object
        .as_ref()
        .and_then(|o| o.namespace.as_deref())
        .unwrap_or("")
}

fn with_field(d: &Diagnostic) -> String {
    match &d.field {
        Some(f) => format!("{f}: {}", d.message),
        None => d.message.clone(),
    }
}

fn human(report: &Report, options: &RenderOptions) -> String {
    let color = options.style.color;
    let paint = |text: &str, style: anstyle::Style| {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    };
    let bold = anstyle::Style::new().bold();
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for d in &report.diagnostics {
        let ns = namespace(d);
        if current != Some(ns) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", paint(&format!("namespace {ns}"), bold));
            current = Some(ns);
        }
        let (word, style) = match d.severity {
            Severity::Error => ("error", anstyle::AnsiColor::Red.on_default().bold()),
            Severity::Warning => ("warning", anstyle::AnsiColor::Yellow.on_default().bold()),
            Severity::Info => ("info", anstyle::AnsiColor::Cyan.on_default().bold()),
        };
        let _ = writeln!(
            out,
            "  {}[{} {}] {}",
            paint(word, style),
            d.rule.code,
            d.rule.id,
            paint(&object_name(d), bold)
        );
        let _ = writeln!(out, "    {}", with_field(d));
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {help}");
        }
    }
    out
}

/// `3 errors, 1 warning, 0 infos in 12 Services (4 namespaces, context "kind-kind")`.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let namespaces = report.cluster.as_ref().map_or(0, |c| c.namespaces);
    format!(
        "{}, {}, {} in {} ({}, context {:?})",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        plural(s.services, "Service", "Services"),
        plural(namespaces, "namespace", "namespaces"),
        context(report)
    )
}

fn json(report: &Report) -> String {
    let s = &report.summary;
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "file": null,
                "line": null,
                "column": null,
                "end_line": null,
                "end_column": null,
                "severity": d.severity.as_str(),
                "category": d.rule.category.as_str(),
                "rule": d.rule.id,
                "code": d.rule.code,
                "field": d.field,
                "object": d.object.as_ref().map(|o| json!({
                    "apiVersion": o.api_version,
                    "kind": o.kind,
                    "namespace": o.namespace,
                    "name": o.name,
                })),
                "message": d.message,
                "help": d.help,
                "source": "cluster",
                "context": context(report),
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "source": "cluster",
        "context": context(report),
        "summary": {
            "files": 0,
            "objects": s.objects,
            "services": s.services,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
        },
        "diagnostics": diagnostics,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn concise(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(
            out,
            "{}: {}[{}] {}",
            object_name(d),
            d.severity.as_str(),
            d.rule.id,
            with_field(d).replace('\n', " ")
        );
    }
    out
}

fn github(report: &Report) -> String {
    use super::github::{command, escape_data, escape_property};
    let mut out = String::new();
    for d in &report.diagnostics {
        let command = command(d.severity);
        let help = d
            .help
            .as_deref()
            .map(|h| format!("\nhelp: {h}"))
            .unwrap_or_default();
        // No file to annotate: the title names the object.
        let title = format!("svcctl {} {} on {}", d.rule.code, d.rule.id, object_name(d));
        let _ = writeln!(
            out,
            "::{command} title={}::{}",
            escape_property(&title),
            escape_data(&format!("{}{help}", with_field(d)))
        );
    }
    out
}

fn sarif(report: &Report) -> String {
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let rule_index = super::sarif::rule_index(d);
            let o = d.object.as_ref();
            let name = o.and_then(|o| o.name.as_deref()).unwrap_or("");
            let ns = o.and_then(|o| o.namespace.as_deref()).unwrap_or("");
            let kind = o.map_or("", |o| o.kind.as_str());
            json!({
                "ruleId": d.rule.id,
                "ruleIndex": rule_index,
                "level": super::sarif::level_of(d.severity),
                "message": {"text": with_field(d)},
                "locations": [{
                    "logicalLocations": [{
                        "name": name,
                        "fullyQualifiedName": format!("{ns}/{kind}/{name}"),
                        "kind": "resource",
                    }]
                }],
                "properties": {"source": "cluster", "context": context(report)},
            })
        })
        .collect();
    // Live objects are named, not located in files: no URI bases.
    super::sarif::log(results, None)
}

/// One test case per object (every audited Service, and each other object with a finding), a
/// failure per error.
fn junit(report: &Report) -> String {
    let mut cases: BTreeMap<(String, String), Vec<&Diagnostic>> = BTreeMap::new();
    for (namespace, object) in &report.objects {
        let name = format!(
            "{} {namespace}/{}",
            object.kind,
            object.name.as_deref().unwrap_or("")
        );
        cases.entry((namespace.clone(), name)).or_default();
    }
    for d in &report.diagnostics {
        cases
            .entry((namespace(d).to_string(), object_name(d)))
            .or_default()
            .push(d);
    }
    let mut out = super::junit::open_suite(
        &format!("svcctl audit ({})", context(report)),
        cases.values().map(Vec::as_slice),
    );
    for ((namespace, name), ds) in &cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(namespace),
            xml(name)
        );
        if ds.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let mut others = String::new();
        for d in ds {
            if d.severity == Severity::Error {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    xml(d.rule.id),
                    xml(&with_field(d)),
                    xml(&with_field(d))
                );
            } else {
                let _ = write!(
                    others,
                    "{}[{}] {}&#10;",
                    d.severity.as_str(),
                    xml(d.rule.id),
                    xml(&with_field(d))
                );
            }
        }
        if !others.is_empty() {
            let _ = writeln!(out, "      <system-out>{others}</system-out>");
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
