//! `--format json`: the stable machine contract (`version: 1`) that CI tooling parses.

use std::io::{self, Write};

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
    /// The root kustomization file, for a finding on an object of a Kustomize build.
    #[serde(skip_serializing_if = "Option::is_none")]
    kustomization: Option<&'a str>,
    /// For a finding on a Helm-rendered document: its position in the rendered stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    rendered: Option<RenderedJson<'a>>,
    /// The template (as the stream's `# Source:` line names it) that wrote the finding's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<&'a str>,
}

#[derive(Serialize)]
struct RenderedJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
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
        kustomization: d.kustomization.as_deref(),
        rendered: d.helm.as_ref().map(|h| RenderedJson {
            file: &h.rendered_file,
            line: h.rendered.line,
            column: h.rendered.column,
        }),
        template: d.helm.as_ref().map(|h| h.template.as_str()),
    }
}

/// Diagnostics rendered (in parallel) before they are written out: the output never exists
/// whole in memory, only this many findings of it at a time.
const WRITTEN_AT_ONCE: usize = 4096;

/// The report as one string (for `--output` and tests); see [`write`].
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(report, &mut out);
    // serde_json writes UTF-8; were that ever not so, the replacement characters would show it.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The report, pretty-printed exactly as `serde_json` prints the whole document, but with each
/// diagnostic rendered on its own (in parallel) rather than through one tree of every finding,
/// and written out a batch at a time: a large report held whole (twice, while it was assembled)
/// multiplies the run's peak memory (docs/benchmarks.md has the figures). Each finding is indented
/// as it is copied out of a scratch buffer.
pub fn write(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let s = &report.summary;
    let summary = json!({
        "files": s.files,
        "objects": s.objects,
        "services": s.services,
        "errors": s.errors,
        "warnings": s.warnings,
        "infos": s.infos,
    });
    let mut head = b"{\n  \"version\": 1,\n  \"summary\": ".to_vec();
    let summary = serde_json::to_vec_pretty(&summary).unwrap_or_default();
    push_nested(&mut head, &summary, 2);
    head.extend_from_slice(b",\n  \"diagnostics\": ");
    out.write_all(&head)?;
    if report.diagnostics.is_empty() {
        return out.write_all(b"[]\n}\n");
    }
    out.write_all(b"[\n")?;
    for (batch, diagnostics) in report.diagnostics.chunks(WRITTEN_AT_ONCE).enumerate() {
        let rendered: Vec<Vec<u8>> = diagnostics
            .par_iter()
            .map_init(Vec::new, |scratch, d| {
                scratch.clear();
                // Writing into a Vec cannot fail, and the value has only string keys.
                let _ = serde_json::to_writer_pretty(&mut *scratch, &diagnostic_json(d));
                let mut piece = Vec::with_capacity(scratch.len() + scratch.len() / 4 + 6);
                piece.extend_from_slice(b"    ");
                push_nested(&mut piece, scratch, 4);
                piece
            })
            .collect();
        for (i, piece) in rendered.iter().enumerate() {
            if batch > 0 || i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(piece)?;
        }
    }
    out.write_all(b"\n  ]\n}\n")
}

/// A pretty-printed value placed `depth` spaces deep: every line after the first indented. The
/// only raw newlines serde_json writes are its own line breaks (a newline in a string is
/// escaped), so indenting after each of them nests the value exactly.
fn push_nested(out: &mut Vec<u8>, pretty: &[u8], depth: usize) {
    let mut from = 0;
    crate::model::source::for_each_line_start(pretty, |start| {
        out.extend_from_slice(pretty.get(from..start).unwrap_or_default());
        out.resize(out.len() + depth, b' ');
        from = start;
    });
    out.extend_from_slice(pretty.get(from..).unwrap_or_default());
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
        // A non-ASCII name is quoted back in its finding's message.
        let broken = "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"caf\u{e9}\\n\"\nspec:\n  ports:\n    - port: 99999\n      nodePort: 5\n";
        let (rendered, whole, found) = rendered_and_whole(broken);
        assert!(found >= 2);
        assert_eq!(rendered, whole);

        // More findings than one batch writes (WRITTEN_AT_ONCE): the batches join seamlessly.
        let mut many = String::from(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: many\nspec:\n  ports:\n",
        );
        for i in 0..super::WRITTEN_AT_ONCE + 10 {
            many.push_str(&format!("    - port: {}\n", 70_000 + i));
        }
        let (rendered, whole, found) = rendered_and_whole(&many);
        assert!(found > super::WRITTEN_AT_ONCE, "{found}");
        assert_eq!(rendered, whole);

        let clean = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 80\n";
        let (rendered, whole, found) = rendered_and_whole(clean);
        assert_eq!(found, 0);
        assert_eq!(rendered, whole);
    }
}
