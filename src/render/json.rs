//! `--format json`: the stable machine contract (`version: 1`) that CI tooling parses.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::lint::{Diagnostic, Report};

/// One finding as the contract spells it. Serialized straight from borrowed fields, in this
/// order: building a `serde_json::Value` first (an ordered map per finding) cost more than the
/// printing.
#[derive(Serialize)]
struct DiagnosticJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'a str,
    category: &'a str,
    rule: &'a str,
    code: &'a str,
    field: Option<&'a str>,
    object: Option<ObjectJson<'a>>,
    message: &'a str,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedJson<'a>>,
}

#[derive(Serialize)]
struct ObjectJson<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'a str,
    kind: &'a str,
    namespace: Option<&'a str>,
    name: Option<&'a str>,
    document: usize,
}

#[derive(Serialize)]
struct RelatedJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

fn diagnostic_json(d: &Diagnostic) -> DiagnosticJson<'_> {
    let start = d.start();
    let end = d.end();
    DiagnosticJson {
        file: &d.file.name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        severity: d.severity.as_str(),
        category: d.rule.category.as_str(),
        rule: d.rule.id,
        code: d.rule.code,
        field: d.field.as_deref(),
        object: d.object.as_ref().map(|o| ObjectJson {
            api_version: &o.api_version,
            kind: &o.kind,
            namespace: o.namespace.as_deref(),
            name: o.name.as_deref(),
            document: o.document,
        }),
        message: &d.message,
        help: d.help.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| {
                let p = r.file.position(r.span.start);
                RelatedJson {
                    file: &r.file.name,
                    line: p.line,
                    column: p.column,
                    message: &r.message,
                }
            })
            .collect(),
    }
}

/// The report, pretty-printed exactly as `serde_json` prints the whole document, but with each
/// diagnostic rendered on its own (in parallel) rather than through one tree of every finding:
/// a run with 100,000 findings would otherwise hold them twice, once as values.
pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let summary = json!({
        "files": s.files,
        "objects": s.objects,
        "services": s.services,
        "errors": s.errors,
        "warnings": s.warnings,
        "infos": s.infos,
    });
    let diagnostics: Vec<String> = report
        .diagnostics
        .par_iter()
        .map(|d| format!("    {}", nested(&pretty(&diagnostic_json(d)), 4)))
        .collect();
    let diagnostics = if diagnostics.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n  ]", diagnostics.join(",\n"))
    };
    format!(
        "{{\n  \"version\": 1,\n  \"summary\": {},\n  \"diagnostics\": {diagnostics}\n}}\n",
        nested(&pretty(&summary), 2)
    )
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// A pretty-printed value placed `depth` spaces deep: every line after the first indented.
fn nested(text: &str, depth: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(depth)))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// The report as rendered, and as `serde_json` pretty-prints the same document in one go.
    fn rendered_and_whole(text: &str) -> (String, String, usize) {
        let report = crate::lint::driver::lint_texts(
            vec![("a.yaml".into(), text.into())],
            &crate::lint::driver::LintOptions::default(),
        );
        let rendered = super::render(&report);
        let parsed: Value = serde_json::from_str(&rendered).expect("valid JSON");
        let mut whole = serde_json::to_string_pretty(&parsed).expect("pretty");
        whole.push('\n');
        (rendered, whole, report.diagnostics.len())
    }

    #[test]
    fn assembled_output_is_the_pretty_document() {
        let broken = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 99999\n      nodePort: 5\n";
        let (rendered, whole, found) = rendered_and_whole(broken);
        assert!(found >= 2);
        assert_eq!(rendered, whole);

        let clean = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 80\n";
        let (rendered, whole, found) = rendered_and_whole(clean);
        assert_eq!(found, 0);
        assert_eq!(rendered, whole);
    }
}
