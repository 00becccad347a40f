//! Hover: on a field key, what `svcctl explain FIELD` prints; on the value of `type:`, the
//! type's page; on a finding, its rule's documentation (the text `svcctl explain RULE` prints
//! from). All three come from `crate::explain`, so the editor and the terminal cannot disagree.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::cursor::{self, Place};
use super::diagnostics::Published;
use super::document::Document;
use crate::explain::{ExplainRequest, Look, TypeTopic, explain};
use crate::lint::{LintOptions, RuleMeta};

/// What `svcctl explain TOPIC` prints for a field, type or rule (never files), as plain text.
fn explained(topic: &str) -> Option<String> {
    let request = ExplainRequest::new(&[topic]);
    explain(&request, &Look::UNICODE, || Ok(LintOptions::default()))
        .ok()
        .map(|o| o.stdout.trim_end().to_string())
}

fn fenced(text: &str) -> String {
    format!("```text\n{text}\n```")
}

fn rule_text(rule: &RuleMeta) -> String {
    format!(
        "**{} {}**: {}\n\n{}",
        rule.code,
        rule.id,
        rule.summary,
        rule.documentation()
    )
}

fn is_service(kind: Option<&str>) -> bool {
    kind.is_none_or(|k| k.eq_ignore_ascii_case("service"))
}

pub fn hover(doc: &Document, published: &[Published], position: Position) -> Option<Hover> {
    let offset = doc.offset(position);
    let mut sections: Vec<String> = Vec::new();
    let mut range = None;
    for p in published
        .iter()
        .filter(|p| p.span.start <= offset && offset <= p.span.end)
    {
        let text = rule_text(p.rule);
        if !sections.contains(&text) {
            sections.push(text);
        }
        range.get_or_insert(p.lsp.range);
    }
    let line = position.line as usize;
    let line_start = doc.offset(Position::new(position.line, 0));
    let column = offset - line_start;
    let here = cursor::at(&doc.text, &doc.index, line, column);
    if is_service(here.kind.as_deref()) {
        let line_text = doc.index.line(&doc.text, line);
        let shape = cursor::shape(line_text);
        match (&here.at, shape.key) {
            (Place::Key { .. }, Some((key, start, end))) if (start..=end).contains(&column) => {
                let mut path = here.parents.clone();
                path.push(key.to_string());
                if let Some(text) = explained(&path.join(".")) {
                    sections.push(fenced(&text));
                    range = Some(doc.range(line_start + start, line_start + end));
                }
            }
            (Place::Value { key, .. }, Some(_)) if key == "type" && here.parents == ["spec"] => {
                let value_start = shape.value.unwrap_or(column);
                let value = line_text.get(value_start..).unwrap_or_default();
                let value = value.split(" #").next().unwrap_or(value).trim();
                let unquoted = value.trim_matches(['"', '\'']);
                if TypeTopic::parse(unquoted).is_some()
                    && let Some(text) = explained(unquoted)
                {
                    sections.push(fenced(&text));
                    range = Some(doc.range(
                        line_start + value_start,
                        line_start + value_start + value.len(),
                    ));
                }
            }
            _ => {}
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range,
    })
}
