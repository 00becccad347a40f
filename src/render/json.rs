//! `--format json`: the stable machine contract (`version: 1`) that CI tooling parses.

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::lint::{Diagnostic, Report};

pub fn diagnostic_json(d: &Diagnostic) -> Value {
    let start = d.start();
    let end = d.end();
    let mut v = json!({
        "file": d.file.name,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
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
            "document": o.document,
        })),
        "message": d.message,
        "help": d.help,
    });
    if !d.related.is_empty()
        && let Some(map) = v.as_object_mut()
    {
        map.insert(
                "related".into(),
                d.related
                    .iter()
                    .map(|r| {
                        let p = r.file.position(r.span.start);
                        json!({"file": r.file.name, "line": p.line, "column": p.column, "message": r.message})
                    })
                    .collect(),
        );
    }
    v
}

/// The report, pretty-printed exactly as `serde_json` prints the whole document, but with each
/// diagnostic rendered on its own (in parallel) rather than through one tree of every finding:
/// a run with 100,000 findings would otherwise hold them twice, once as values.
pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let head = json!({
        "version": 1,
        "summary": {
            "files": s.files,
            "objects": s.objects,
            "services": s.services,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
        },
        "diagnostics": [],
    });
    let mut out = serde_json::to_string_pretty(&head).unwrap_or_default();
    let items: Vec<String> = report
        .diagnostics
        .par_iter()
        .map(|d| {
            let text = serde_json::to_string_pretty(&diagnostic_json(d)).unwrap_or_default();
            let mut indented = String::with_capacity(text.len() + text.len() / 8);
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    indented.push('\n');
                }
                indented.push_str("    ");
                indented.push_str(line);
            }
            indented
        })
        .collect();
    if !items.is_empty() && out.ends_with("[]\n}") {
        out.truncate(out.len() - "[]\n}".len());
        out.push_str("[\n");
        out.push_str(&items.join(",\n"));
        out.push_str("\n  ]\n}");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    #[test]
    fn spliced_output_is_the_pretty_document() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 99999\n      nodePort: 5\n";
        let report = crate::lint::driver::lint_texts(
            vec![("a.yaml".into(), text.into())],
            &crate::lint::driver::LintOptions::default(),
        );
        assert!(report.diagnostics.len() >= 2);
        let rendered = super::render(&report);
        let parsed: Value = serde_json::from_str(&rendered).expect("valid JSON");
        let mut whole = serde_json::to_string_pretty(&parsed).expect("pretty");
        whole.push('\n');
        assert_eq!(rendered, whole);
    }
}
