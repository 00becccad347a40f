//! `--format junit`: one test case per object (and one per file for what belongs to no object),
//! a failure for each error, so CI systems show Services as passing or failing tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::lint::{Diagnostic, Report, Severity};

pub(super) fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

pub fn render(report: &Report) -> String {
    // (file, document, object name) → findings; objects without findings still pass as cases.
    let mut cases: BTreeMap<(String, usize, String), Vec<&Diagnostic>> = BTreeMap::new();
    for (file, object) in &report.objects {
        let name = format!(
            "{}/{}",
            object.kind.to_ascii_lowercase(),
            object.name.as_deref().unwrap_or("<unnamed>")
        );
        cases
            .entry((file.clone(), object.document, name))
            .or_default();
    }
    for d in &report.diagnostics {
        let key = match &d.object {
            Some(o) => (
                d.file.name.clone(),
                o.document,
                format!(
                    "{}/{}",
                    o.kind.to_ascii_lowercase(),
                    o.name.as_deref().unwrap_or("<unnamed>")
                ),
            ),
            None => (d.file.name.clone(), usize::MAX, "file".to_string()),
        };
        cases.entry(key).or_default().push(d);
    }
    let mut out = open_suite("svcctl lint", cases.values().map(Vec::as_slice));
    for ((file, document, name), ds) in &cases {
        let doc = if *document == usize::MAX {
            String::new()
        } else {
            format!(" (document {document})")
        };
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}{}\"",
            xml(file),
            xml(name),
            xml(&doc)
        );
        let errors: Vec<_> = ds
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let others: Vec<_> = ds
            .iter()
            .filter(|d| d.severity != Severity::Error)
            .collect();
        if errors.is_empty() && others.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for d in &errors {
            let p = d.start();
            let field = d
                .field
                .as_deref()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}{}</failure>",
                xml(d.rule.id),
                xml(&format!("{field}{}", d.message)),
                xml(&d.file.name),
                p.line,
                p.column,
                xml(&field),
                xml(&d.message)
            );
        }
        if !others.is_empty() {
            out.push_str("      <system-out>");
            for d in &others {
                let p = d.start();
                let _ = write!(
                    out,
                    "{}:{}:{}: {}[{}] {}&#10;",
                    xml(&d.file.name),
                    p.line,
                    p.column,
                    d.severity.as_str(),
                    xml(d.rule.id),
                    xml(&d.message)
                );
            }
            out.push_str("</system-out>\n");
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// The XML declaration and the opening tags of one suite whose test cases are `cases` (a case
/// fails when one of its findings is an error), counted in both tags.
pub(super) fn open_suite<'d>(
    suite: &str,
    cases: impl ExactSizeIterator<Item = &'d [&'d Diagnostic]>,
) -> String {
    let tests = cases.len();
    let failures = cases
        .filter(|ds| ds.iter().any(|d| d.severity == Severity::Error))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"svcctl\" tests=\"{tests}\" failures=\"{failures}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">",
        xml(suite)
    );
    out
}
