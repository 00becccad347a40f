//! The fix loop behind `svcctl fix` and `svcctl lint --fix`: lint the texts, apply every fix
//! allowed whose edits do not overlap one already taken in that file (the first in file order
//! wins, the others wait for the next round, when they are found again on the new text),
//! re-lint, and go round until nothing applies or the round limit is reached.

use std::collections::{BTreeMap, HashMap};

use super::{Applicability, Edit, Fix, apply_edits};
use crate::lint::diagnostic::Report;
use crate::lint::driver::{LintOptions, lint_texts};

#[derive(Clone, Copy, Debug)]
pub struct FixOptions {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Rounds of lint-and-fix at most: a fix that makes another finding (or itself) appear
    /// again cannot loop forever.
    pub max_rounds: usize,
}

impl Default for FixOptions {
    fn default() -> Self {
        FixOptions {
            unsafe_fixes: false,
            max_rounds: 10,
        }
    }
}

impl FixOptions {
    pub fn allows(&self, fix: &Fix) -> bool {
        fix.applicability == Applicability::Safe || self.unsafe_fixes
    }
}

/// One text after the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedText {
    pub name: String,
    pub original: String,
    pub fixed: String,
}

impl FixedText {
    pub fn changed(&self) -> bool {
        self.original != self.fixed
    }
}

#[derive(Debug)]
pub struct FixRun {
    /// In the order given.
    pub texts: Vec<FixedText>,
    /// Fixes applied, by rule (code, id).
    pub applied: BTreeMap<(&'static str, &'static str), usize>,
    /// Every fix applied, in the order applied.
    pub fixes: Vec<AppliedFix>,
    /// Rounds that applied something.
    pub rounds: usize,
    /// The lint of the fixed texts: what remains.
    pub remaining: Report,
}

/// One fix as applied: where, by which rule, on which field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    pub file: String,
    pub rule: &'static str,
    /// The document of the object the finding is on, when it is on one.
    pub document: Option<usize>,
    /// The API field path of the finding (`spec.ports[0].nodePort`), when it has one.
    pub field: Option<String>,
    pub title: String,
}

impl FixRun {
    pub fn applied_total(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Fix in-memory texts (name, text). Every text is linted, so that cross-object rules see the
/// whole run, but only those for which `fixable(name)` holds are edited (the command keeps the
/// files a kustomization consumes out: their findings are about what the build applies).
pub fn fix_texts(
    texts: Vec<(String, String)>,
    lint_options: &LintOptions,
    options: &FixOptions,
    fixable: impl Fn(&str) -> bool,
) -> FixRun {
    let originals: Vec<(String, String)> = texts.clone();
    let mut current = texts;
    let index: HashMap<String, usize> = current
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.clone(), i))
        .collect();
    let mut applied = BTreeMap::new();
    let mut fixes = Vec::new();
    let mut rounds = 0;
    let mut report = lint_texts(current.clone(), lint_options);
    while rounds < options.max_rounds {
        let mut taken: Vec<Vec<Edit>> = vec![Vec::new(); current.len()];
        let mut any = false;
        for d in &report.diagnostics {
            let Some(fix) = d.fix.as_ref().filter(|f| options.allows(f)) else {
                continue;
            };
            let Some(&i) = index.get(d.file.name.as_str()) else {
                continue;
            };
            let (Some(edits), Some((name, text))) = (taken.get_mut(i), current.get(i)) else {
                continue;
            };
            if !fixable(name) || d.kustomization.is_some() {
                continue;
            }
            // The same correction proposed twice (two findings on one value) is done once.
            let repeated = fix.edits.iter().all(|e| edits.contains(e));
            if !repeated {
                let does_something = fix
                    .edits
                    .iter()
                    .any(|e| text.get(e.span.start..e.span.end) != Some(e.replacement.as_str()));
                if !does_something
                    || fix.conflicts_with(edits)
                    || apply_edits(text, &fix.edits).is_none()
                {
                    continue;
                }
                edits.extend(fix.edits.iter().cloned());
            }
            any = true;
            *applied.entry((d.rule.code, d.rule.id)).or_insert(0) += 1;
            fixes.push(AppliedFix {
                file: name.clone(),
                rule: d.rule.id,
                document: d.object.as_ref().map(|o| o.document),
                field: d.field.clone(),
                title: fix.title.clone(),
            });
        }
        if !any {
            break;
        }
        for ((_, text), edits) in current.iter_mut().zip(&taken) {
            if edits.is_empty() {
                continue;
            }
            if let Some(fixed) = apply_edits(text, edits) {
                *text = fixed;
            }
        }
        rounds += 1;
        report = lint_texts(current.clone(), lint_options);
    }
    FixRun {
        texts: originals
            .into_iter()
            .zip(current)
            .map(|((name, original), (_, fixed))| FixedText {
                name,
                original,
                fixed,
            })
            .collect(),
        applied,
        fixes,
        rounds,
        remaining: report,
    }
}
