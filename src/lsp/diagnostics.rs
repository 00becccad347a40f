//! Lint findings as LSP diagnostics: the same findings `svcctl lint` reports, at exact ranges
//! (byte spans converted to UTF-16 positions), with the rule's code linking to its
//! documentation, the severity mapped, and the finding's related spans as related information.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};

use super::actions::EditFix;
use super::document::LineIndex;
use super::uri::uri_of_name;
use crate::lint::{Applicability, Diagnostic, RuleMeta, Severity};
use crate::model::source::Span;

/// A published diagnostic and what the server keeps of its finding for code actions and hover.
#[derive(Clone, Debug)]
pub struct Published {
    pub lsp: lsp_types::Diagnostic,
    pub rule: &'static RuleMeta,
    pub span: Span,
    /// The finding's fixes, offered as code actions.
    pub fixes: Vec<EditFix>,
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The message as `svcctl lint --format concise` words it (the field path first), with the
/// help on a line of its own.
fn message(d: &Diagnostic) -> String {
    let mut text = match &d.field {
        Some(field) => format!("{field}: {}", d.message),
        None => d.message.clone(),
    };
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// One finding of the file indexed by `index` (its text is `d.file.text`).
pub fn to_lsp(d: &Diagnostic, index: &LineIndex) -> Published {
    let text = &d.file.text;
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let uri = uri_of_name(&r.file.name)?;
            let range = if std::sync::Arc::ptr_eq(&r.file, &d.file) {
                index.range(text, r.span.start, r.span.end)
            } else {
                LineIndex::new(&r.file.text).range(&r.file.text, r.span.start, r.span.end)
            };
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range),
                message: r.message.clone(),
            })
        })
        .collect();
    let lsp = lsp_types::Diagnostic {
        range: index.range(text, d.span.start, d.span.end),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        code_description: Uri::from_str(&d.rule.help_uri())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("svcctl".into()),
        message: message(d),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "rule": d.rule.id })),
    };
    Published {
        lsp,
        rule: d.rule,
        span: d.span,
        fixes: fixes_of(d),
    }
}

/// The finding's fix (`svcctl fix` applies the same one) as a code action's edits.
fn fixes_of(d: &Diagnostic) -> Vec<EditFix> {
    d.fix
        .iter()
        .map(|fix| EditFix {
            title: fix.title.clone(),
            safe: fix.applicability == Applicability::Safe,
            edits: fix
                .edits
                .iter()
                .map(|e| (e.span, e.replacement.clone()))
                .collect(),
        })
        .collect()
}
