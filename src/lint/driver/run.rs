//! The cross-object phase: every file's facts indexed once, the cross-object rules run over
//! the index (in parts, side by side, for rules that declare it), their findings placed in the
//! files they point into, and the report sorted.

use foldhash::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::file::{offsets_in, repoint};
use super::{FileOutcome, LintOptions};
use crate::lint::diagnostic::{Diagnostic, ObjectInfo, Related, Report};
use crate::lint::index::{FileFacts, RunIndex, RunPart};
use crate::model::object::ObjectRef;
use crate::model::source::SourceFile;

/// A cross-object rule's part of a run has at least this many Services, workloads and backends
/// (see `finish`): below that, a part costs more to hand out than to check.
const OBJECTS_PER_RUN_PART: usize = 256;

/// A cross-object finding as a diagnostic, with whether an annotation or comment silences it.
/// The files it points into are read again if they were let go (kept in `reread` meanwhile).
fn run_diagnostic(
    rf: crate::lint::RunFinding,
    facts: &[FileFacts],
    reread: &mut HashMap<usize, Arc<SourceFile>>,
    options: &LintOptions,
) -> Option<(Diagnostic, bool)> {
    let mut source_of = |fi: usize| -> Option<Arc<SourceFile>> {
        let source = &facts.get(fi)?.source;
        if !source.is_detached() {
            return Some(source.clone());
        }
        let again = reread
            .entry(fi)
            .or_insert_with(|| source.reread().map_or_else(|| source.clone(), Arc::new));
        Some(again.clone())
    };
    let severity = options.selection.severity(rf.finding.rule)?;
    let file = facts.get(rf.file)?;
    let source = source_of(rf.file)?;
    let d = Diagnostic {
        kustomization: None,
        file: source,
        span: rf.finding.span.unwrap_or_default(),
        severity,
        rule: rf.finding.rule,
        field: rf.finding.field.map(|p| p.to_string()),
        object: rf.object.as_ref().map(ObjectInfo::from),
        message: rf.finding.message,
        help: rf.finding.help,
        fix: rf.finding.fix,
        related: rf
            .related
            .into_iter()
            .filter_map(|(fi, span, message)| {
                source_of(fi).map(|file| Related {
                    file,
                    span,
                    message,
                })
            })
            .collect(),
    };
    // The line is asked for only when a comment could silence it: it builds the line table of
    // a file read again.
    let silenced = (!file.comment_ignores.is_empty()
        && file
            .comment_ignores
            .get(&d.start().line)
            .is_some_and(|l| l.covers(d.rule)))
        || rf.object.as_ref().is_some_and(|o: &ObjectRef| {
            file.ignores
                .get(&o.ordinal)
                .is_some_and(|l| l.covers(d.rule))
        });
    Some((d, silenced))
}

pub(super) fn finish(
    outcomes: Vec<FileOutcome>,
    mut report: Report,
    options: &LintOptions,
) -> Report {
    let mut facts = Vec::with_capacity(outcomes.len());
    for o in outcomes {
        report.summary.files += 1;
        report.summary.objects += o.objects;
        report.summary.services += o.services;
        report.diagnostics.extend(o.diagnostics);
        report.suppressed.extend(o.suppressed);
        let name = &o.facts.source.name;
        report
            .objects
            .extend(o.object_infos.into_iter().map(|i| (name.clone(), i)));
        facts.push(o.facts);
    }
    let index = RunIndex::build(&facts);
    let enabled: Vec<_> = options.selection.rules().collect();
    // The cross-object rules read the index and nothing else, so they run side by side, and
    // those that judge each object on its own do so in parts: one rule over every Service of a
    // large run was left to run alone at the end. The collected order is still the registry's
    // (and, within a rule, the run's).
    let parts = (index.items() / OBJECTS_PER_RUN_PART).clamp(1, rayon::current_num_threads() * 4);
    let tasks: Vec<(&dyn crate::lint::Rule, RunPart<'_, '_>)> = enabled
        .iter()
        .flat_map(|&rule| {
            let parts = if rule.meta().engine.checks_run_in_parts {
                parts
            } else {
                1
            };
            RunPart::split(&index, parts).map(move |part| (rule, part))
        })
        .collect();
    let mut run_findings: Vec<_> = tasks
        .par_iter()
        .flat_map_iter(|(rule, part)| {
            let mut found = Vec::new();
            rule.check_run(part, &mut found);
            found
        })
        .collect();
    run_findings.sort_by_key(|rf| rf.file);
    let mut by_file: Vec<Vec<crate::lint::RunFinding>> = Vec::new();
    for rf in run_findings {
        match by_file.last_mut() {
            Some(group) if group.first().is_some_and(|first| first.file == rf.file) => {
                group.push(rf)
            }
            _ => by_file.push(vec![rf]),
        }
    }
    // Each file's findings are placed on their own, side by side: the files they point into are
    // read again if they were let go, and let go again once the findings have their positions.
    let placed: Vec<Vec<(Diagnostic, bool)>> = by_file
        .into_par_iter()
        .map(|group| {
            let mut reread: HashMap<usize, Arc<SourceFile>> = HashMap::default();
            let mut placed: Vec<(Diagnostic, bool)> = group
                .into_iter()
                .filter_map(|rf| run_diagnostic(rf, &facts, &mut reread, options))
                .collect();
            for (_, text) in reread.drain() {
                let detached =
                    Arc::new(text.detach(placed.iter().flat_map(|(d, _)| offsets_in(d, &text))));
                for (d, _) in &mut placed {
                    repoint(d, &text, &detached);
                }
            }
            placed
        })
        .collect();
    for (d, silenced) in placed.into_iter().flatten() {
        if silenced {
            report.suppressed.push(d);
        } else {
            report.diagnostics.push(d);
        }
    }
    // Freeing a large run's index and facts is hundreds of thousands of frees, mostly of memory
    // other threads allocated: it is shared out too, rather than left to this thread alone.
    index.dispose();
    facts.into_par_iter().for_each(drop);
    report
        .diagnostics
        .par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report
        .suppressed
        .par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.unreadable.sort();
    report.count();
    let settings = &options.settings;
    if settings.kube_version_given
        || report
            .diagnostics
            .iter()
            .any(|d| d.rule.depends_on_kube_version)
    {
        report.kube_version = Some(settings.kube_version);
    }
    report
}
