//! `--format sarif`: SARIF 2.1.0 with the whole rule catalogue as `tool.driver.rules` and real
//! regions for every result.

use serde_json::{Value, json};

use crate::lint::{RULES, Report, Severity};

fn level(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "note",
        None => "none",
    }
}

fn uri(path: &str) -> String {
    let p = path.strip_prefix("./").unwrap_or(path);
    p.replace('\\', "/").replace(' ', "%20")
}

pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.id,
                "name": m.code,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.documentation(), "markdown": m.documentation()},
                "helpUri": m.help_uri(),
                "defaultConfiguration": {"level": level(m.severity), "enabled": m.severity.is_some()},
                "properties": {"category": m.category.as_str(), "tags": [m.category.as_str()]},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let (start, end) = (d.start(), d.end());
            let rule_index = RULES.iter().position(|r| r.meta().id == d.rule.id).unwrap_or(0);
            let text = match &d.field {
                Some(f) => format!("{f}: {}", d.message),
                None => d.message.clone(),
            };
            let mut result = json!({
                "ruleId": d.rule.id,
                "ruleIndex": rule_index,
                "level": level(Some(d.severity)),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&d.file.name)},
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column.max(if end.line == start.line { start.column + 1 } else { 1 }),
                        }
                    }
                }],
            });
            if !d.related.is_empty()
                && let Some(map) = result.as_object_mut()
            {
                    map.insert(
                        "relatedLocations".into(),
                        d.related
                            .iter()
                            .enumerate()
                            .map(|(i, r)| {
                                let p = r.file.position(r.span.start);
                                json!({
                                    "id": i,
                                    "message": {"text": r.message},
                                    "physicalLocation": {
                                        "artifactLocation": {"uri": uri(&r.file.name)},
                                        "region": {"startLine": p.line, "startColumn": p.column},
                                    }
                                })
                            })
                            .collect(),
                );
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "svcctl",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/svcctl/svcctl",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
