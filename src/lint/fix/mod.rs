//! Fixes: what a rule proposes to write instead of what it reported, as text edits on the
//! original bytes of the file, so that everything the edits do not touch (comments, key order,
//! quoting, indentation, blank lines, CRLF, `---` separators) stays byte for byte. The same
//! value serves `svcctl fix` ([`engine`]) and an editor's code action: a title, whether it is
//! safe to apply unasked, and the edits.

pub mod diff;
pub mod edits;
pub mod engine;

pub use engine::{AppliedFix, FixOptions, FixRun, FixedText, fix_texts};

use serde::Serialize;

use crate::lint::ServiceContext;
use crate::model::path::FieldPath;
use crate::model::source::Span;

/// Whether a fix may be applied without asking (ruff's terms). A **safe** fix cannot change what
/// the manifest means beyond correcting what the API server would refuse or misread; an
/// **unsafe** one is a judgement call, applied only with `--unsafe-fixes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` (in the file as it was read) with `replacement`; an empty span
/// inserts, an empty replacement deletes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn delete(span: Span) -> Self {
        Edit::replace(span, "")
    }

    fn overlaps(&self, other: &Edit) -> bool {
        // Two insertions at one point, or an insertion at the edge of a replacement, conflict
        // too: their order would be a guess.
        self.span.start < other.span.end && other.span.start < self.span.end
            || self.span.start == other.span.start
            || (self.span.is_empty() || other.span.is_empty())
                && (self.span.start == other.span.end || other.span.start == self.span.end)
    }
}

/// A rule's proposed correction of one finding: all its edits apply together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, for a report line or a code action (`write \`NodePort\``).
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }

    /// Whether any edit of this fix overlaps any of `others`.
    pub fn conflicts_with(&self, others: &[Edit]) -> bool {
        self.edits
            .iter()
            .any(|e| others.iter().any(|o| e.overlaps(o)))
    }
}

/// `text` with `edits` applied; `None` if an edit falls outside the text or inside a character,
/// or two edits overlap (then nothing is applied).
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (i, edit) in sorted.iter().enumerate() {
        if edit.span.start < at
            || (i > 0 && sorted.get(i - 1).is_some_and(|prev| prev.overlaps(edit)))
        {
            return None;
        }
        out.push_str(text.get(at..edit.span.start)?);
        text.get(edit.span.start..edit.span.end)?;
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// The safe fix for a value of a closed set written in the wrong case (`clientip` →
/// `ClientIP`): the API server compares exactly, and no two allowed values differ only in case.
pub fn case_fix(
    svc: &ServiceContext<'_>,
    field: &FieldPath,
    value: &str,
    allowed: &[&str],
) -> Option<Fix> {
    let meant = allowed.iter().find(|a| a.eq_ignore_ascii_case(value))?;
    let edit = svc.rewrite(field, meant)?;
    Some(Fix::safe(format!("write `{meant}`"), vec![edit]))
}

/// The one candidate `word` was meant to be: equal but for case, or else the only candidate
/// close in spelling. `None` when no candidate or several are close: a fix must not guess.
pub fn one_close_match<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if let Some(same) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(same);
    }
    let lower = word.to_ascii_lowercase();
    let mut close = candidates
        .iter()
        .filter(|c| strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()) >= 0.9);
    match (close.next(), close.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_match_must_be_the_only_one() {
        let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
        assert_eq!(one_close_match("Nodeport", &types), Some("NodePort"));
        assert_eq!(one_close_match("NodePrt", &types), Some("NodePort"));
        assert_eq!(one_close_match("Ingress", &types), None);
        assert_eq!(one_close_match("TPC", &["TCP", "UDP", "SCTP"]), None);
    }

    #[test]
    fn edits_apply_in_span_order_whatever_order_they_come_in() {
        let edits = [
            Edit::replace(Span::new(6, 11), "World"),
            Edit::replace(Span::new(0, 5), "HELLO"),
        ];
        assert_eq!(
            apply_edits("hello world!", &edits).as_deref(),
            Some("HELLO World!")
        );
    }

    #[test]
    fn overlapping_or_misplaced_edits_apply_nothing() {
        let overlapping = [
            Edit::replace(Span::new(0, 5), "a"),
            Edit::replace(Span::new(4, 6), "b"),
        ];
        assert_eq!(apply_edits("hello world", &overlapping), None);
        assert_eq!(
            apply_edits("héllo", &[Edit::delete(Span::new(2, 3))]),
            None,
            "inside a character"
        );
        assert_eq!(apply_edits("abc", &[Edit::delete(Span::new(2, 9))]), None);
        let two_inserts = [
            Edit::replace(Span::new(1, 1), "x"),
            Edit::replace(Span::new(1, 1), "y"),
        ];
        assert_eq!(apply_edits("abc", &two_inserts), None);
    }
}
