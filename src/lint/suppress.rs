//! Suppressions written by users: the object annotation `svcctl.dev/ignore: "rule-a,rule-b"` (or
//! `all`), and a `# svcctl-ignore: rule-a` comment on the line of, or the line above, a finding.

use foldhash::HashMap;

use super::RuleMeta;
use super::diagnostic::Diagnostic;
use super::index::FileFacts;
use crate::model::object::ParsedFile;
use crate::model::source::SourceFile;
use crate::model::yaml::{Comment, Node};

pub const ANNOTATION: &str = "svcctl.dev/ignore";
const COMMENT_PREFIX: &str = "svcctl-ignore:";

/// A list of rule ids or codes, or `all`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IgnoreList(Vec<String>);

impl IgnoreList {
    pub fn parse(text: &str) -> Self {
        IgnoreList(
            text.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }

    pub fn covers(&self, rule: &RuleMeta) -> bool {
        self.0.iter().any(|s| {
            s.eq_ignore_ascii_case("all")
                || s == rule.id
                || s.eq_ignore_ascii_case(rule.code)
                || s == rule.category.as_str()
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn extend(&mut self, other: IgnoreList) {
        self.0.extend(other.0);
    }
}

/// The object-level ignore list from `metadata.annotations`.
pub fn object_ignores(node: &Node) -> IgnoreList {
    node.get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get(ANNOTATION))
        .and_then(Node::scalar_text)
        .map(IgnoreList::parse)
        .unwrap_or_default()
}

/// `# svcctl-ignore:` comments by the 1-based line they silence: their own line and the next.
pub fn comment_ignores(source: &SourceFile, comments: &[Comment]) -> HashMap<usize, IgnoreList> {
    let mut map: HashMap<usize, IgnoreList> = HashMap::default();
    for c in comments {
        let Some(rest) = c.text.trim().strip_prefix(COMMENT_PREFIX) else {
            continue;
        };
        let list = IgnoreList::parse(rest);
        let line = source.position(c.span.start).line;
        for l in [line, line + 1] {
            map.entry(l).or_default().0.extend(list.0.iter().cloned());
        }
    }
    map
}

/// Separate what an annotation or a comment silences.
pub(crate) fn split_suppressed(
    diagnostics: Vec<Diagnostic>,
    facts: &FileFacts,
    parsed: &ParsedFile,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    if facts.ignores.is_empty() && facts.comment_ignores.is_empty() {
        return (diagnostics, Vec::new());
    }
    diagnostics.into_iter().partition(|d| {
        let line = d.start().line;
        let by_comment = facts
            .comment_ignores
            .get(&line)
            .is_some_and(|l| l.covers(d.rule));
        let by_object = d.object.as_ref().is_some_and(|info| {
            parsed
                .objects
                .iter()
                .filter(|o| {
                    o.document == info.document
                        && o.name.as_deref() == info.name.as_deref()
                        && o.kind == info.kind
                })
                .any(|o| {
                    facts
                        .ignores
                        .get(&o.ordinal)
                        .is_some_and(|l| l.covers(d.rule))
                })
        });
        !(by_comment || by_object)
    })
}
