//! `--format json`: the stable machine contract (`version: 1`) that CI tooling parses.

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

pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let doc = json!({
        "version": 1,
        "summary": {
            "files": s.files,
            "objects": s.objects,
            "services": s.services,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
        },
        "diagnostics": report.diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
