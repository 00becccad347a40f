//! Code actions on a finding: its fixes (a safe one is the preferred action, the one an editor
//! applies on "fix this"), and "ignore this rule here", which writes the `# svcctl-ignore: RULE`
//! comment `lint::suppress` honours on the line above the finding.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Position, Range, TextEdit, Uri,
    WorkspaceEdit,
};

use super::diagnostics::Published;
use super::document::Document;
use crate::model::source::Span;

/// A fix as the editor needs it: byte-span edits of the document and whether applying it cannot
/// change meaning beyond the correction (safe fixes are marked preferred).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditFix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<(Span, String)>,
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

pub fn single_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))
}

/// The actions for the findings of `published` that touch `range`.
pub fn code_actions(
    uri: &Uri,
    doc: &Document,
    published: &[Published],
    range: Range,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    for p in published.iter().filter(|p| overlaps(p.lsp.range, range)) {
        for fix in &p.fixes {
            actions.push(fix_action(uri, doc, p, fix));
        }
        actions.push(ignore_action(uri, doc, p));
    }
    if published.iter().any(|p| p.fixes.iter().any(|f| f.safe)) {
        actions.push(fix_all_action(uri));
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

pub const FIX_ALL: &str = "svcctl.fixAll";

/// "Fix all": a command, not an edit, because it is `svcctl fix`'s loop (fix, lint again, fix
/// what the fixes revealed) run when chosen, and its result is sent with `workspace/applyEdit`.
fn fix_all_action(uri: &Uri) -> CodeAction {
    let title = "Fix all safe problems in this file (svcctl fix)".to_string();
    CodeAction {
        title: title.clone(),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        command: Some(Command::new(
            title,
            FIX_ALL.into(),
            Some(vec![serde_json::json!(uri.as_str())]),
        )),
        ..CodeAction::default()
    }
}

/// The smallest single edit that turns `old` into `new`: their common start and end kept.
pub fn minimal_edit(doc: &Document, new: &str) -> Option<TextEdit> {
    let old = doc.text.as_str();
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let replacement = new.get(prefix..new.len() - suffix)?;
    Some(TextEdit::new(
        doc.range(prefix, old.len() - suffix),
        replacement.to_string(),
    ))
}

pub fn fix_action(uri: &Uri, doc: &Document, p: &Published, fix: &EditFix) -> CodeAction {
    let edits = fix
        .edits
        .iter()
        .map(|(span, replacement)| {
            TextEdit::new(doc.range(span.start, span.end), replacement.clone())
        })
        .collect();
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![p.lsp.clone()]),
        edit: Some(single_edit(uri, edits)),
        is_preferred: Some(fix.safe),
        ..CodeAction::default()
    }
}

const COMMENT: &str = "# svcctl-ignore:";

/// Add the rule to an ignore comment on the line above the finding, or write one there with the
/// finding line's indentation (so that the YAML around it still parses the same).
pub fn ignore_action(uri: &Uri, doc: &Document, p: &Published) -> CodeAction {
    let line = p.lsp.range.start.line as usize;
    let id = p.rule.id;
    let above = line
        .checked_sub(1)
        .map(|l| doc.index.line(&doc.text, l))
        .filter(|t| t.trim_start().starts_with(COMMENT));
    let edit = match above {
        Some(comment) => {
            let end = Position::new(
                line as u32 - 1,
                comment.chars().map(|c| c.len_utf16() as u32).sum(),
            );
            let trimmed = comment.trim_end();
            let sep = if trimmed.ends_with(':') { " " } else { ", " };
            let start = Position::new(
                end.line,
                end.character - (comment.len() - trimmed.len()) as u32,
            );
            TextEdit::new(Range::new(start, end), format!("{sep}{id}"))
        }
        None => {
            let text = doc.index.line(&doc.text, line);
            let indent: String = text
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let newline = if doc.text.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let at = Position::new(line as u32, 0);
            TextEdit::new(
                Range::new(at, at),
                format!("{indent}{COMMENT} {id}{newline}"),
            )
        }
    };
    CodeAction {
        title: format!("Ignore {id} ({}) on this line", p.rule.code),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![p.lsp.clone()]),
        edit: Some(single_edit(uri, vec![edit])),
        is_preferred: Some(false),
        ..CodeAction::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::RULES;
    use std::str::FromStr;

    fn published(doc: &Document, start: usize, end: usize, fixes: Vec<EditFix>) -> Published {
        Published {
            lsp: lsp_types::Diagnostic {
                range: doc.range(start, end),
                message: "m".into(),
                ..lsp_types::Diagnostic::default()
            },
            rule: RULES[0].meta(),
            span: Span::new(start, end),
            fixes,
        }
    }

    fn edits(action: &CodeAction) -> Vec<TextEdit> {
        action
            .edit
            .as_ref()
            .unwrap()
            .changes
            .as_ref()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .clone()
    }

    #[test]
    fn ignoring_writes_a_comment_above_or_extends_the_one_there() {
        let uri = Uri::from_str("file:///s.yaml").unwrap();
        let doc = Document::new("spec:\n  ports:\n    - port: 80\r\n".into(), 1);
        let p = published(&doc, 21, 29, Vec::new());
        let id = RULES[0].meta().id;
        let action = ignore_action(&uri, &doc, &p);
        assert_eq!(
            edits(&action),
            [TextEdit::new(
                Range::new(Position::new(2, 0), Position::new(2, 0)),
                format!("    # svcctl-ignore: {id}\r\n")
            )]
        );
        let doc = Document::new("a: 1\n  # svcctl-ignore: x  \n  b: 2\n".into(), 1);
        let p = published(&doc, 29, 30, Vec::new());
        assert_eq!(
            edits(&ignore_action(&uri, &doc, &p)),
            [TextEdit::new(
                Range::new(Position::new(1, 20), Position::new(1, 22)),
                format!(", {id}")
            )]
        );
    }

    #[test]
    fn a_safe_fix_is_the_preferred_action_and_comes_first() {
        let uri = Uri::from_str("file:///s.yaml").unwrap();
        let doc = Document::new("type: Nodeport\n".into(), 1);
        let fix = EditFix {
            title: "Write `NodePort`".into(),
            safe: true,
            edits: vec![(Span::new(6, 14), "NodePort".into())],
        };
        let p = published(&doc, 6, 14, vec![fix]);
        let all = code_actions(
            &uri,
            &doc,
            &[p],
            Range::new(Position::new(0, 7), Position::new(0, 7)),
        );
        let [
            CodeActionOrCommand::CodeAction(fix),
            CodeActionOrCommand::CodeAction(ignore),
            CodeActionOrCommand::CodeAction(fix_all),
        ] = all.as_slice()
        else {
            panic!("{all:?}")
        };
        assert_eq!(fix.is_preferred, Some(true));
        assert_eq!(
            edits(fix),
            [TextEdit::new(
                Range::new(Position::new(0, 6), Position::new(0, 14)),
                "NodePort".into()
            )]
        );
        assert_eq!(ignore.is_preferred, Some(false));
        assert_eq!(
            fix_all.command.as_ref().map(|c| c.command.as_str()),
            Some(FIX_ALL)
        );
        let elsewhere = Range::new(Position::new(3, 0), Position::new(3, 0));
        let p = published(&doc, 6, 14, Vec::new());
        assert!(code_actions(&uri, &doc, &[p], elsewhere).is_empty());
    }

    #[test]
    fn the_minimal_edit_keeps_the_common_start_and_end() {
        let doc = Document::new("a: é1\nb: 2\n".into(), 1);
        assert_eq!(
            minimal_edit(&doc, "a: é22\nb: 2\n"),
            Some(TextEdit::new(
                Range::new(Position::new(0, 4), Position::new(0, 5)),
                "22".into()
            ))
        );
        // A change inside a multi-byte character's bytes widens to the whole character.
        assert_eq!(
            minimal_edit(&doc, "a: è1\nb: 2\n"),
            Some(TextEdit::new(
                Range::new(Position::new(0, 3), Position::new(0, 4)),
                "è".into()
            ))
        );
        assert_eq!(minimal_edit(&doc, "a: é1\nb: 2\n"), None);
    }
}
