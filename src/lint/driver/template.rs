//! A file with template actions (a Helm chart's template, a templated file of another tool, a
//! template piped in), checked without rendering it: each masking of it (see
//! [`crate::helm::template`]) is checked as plain YAML, and only the findings every masking
//! agrees on, away from every action, are kept, placed in the template's own text.
//!
//! A document that does not parse once masked is not checked (one `info` finding says so,
//! never a `yaml-syntax` error blamed on the template), nor is one whose `kind` or
//! `apiVersion` is templated. Workloads with actions in them leave the run's facts: their
//! labels and ports are unknown.

use foldhash::HashSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::file::{check_plain, repoint};
use super::{FileOutcome, LintOptions};
use crate::helm::template::{ActionSpans, Template, document_ranges};
use crate::k8s::compact::Parts;
use crate::lint::RunFinding;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::index::{FileFacts, RunIndex, Templated};
use crate::lint::rules::INPUT_ERRORS;
use crate::lint::rules::helm_chart_not_rendered::HelmChartNotRendered;
use crate::lint::rules::selector_matches_nothing::SelectorMatchesNothing;
use crate::lint::rules::template_document_not_checked::TemplateDocumentNotChecked;
use crate::lint::{RuleMeta, Severity};
use crate::model::source::{SourceFile, Span};

/// A finding as the maskings are compared: rule and span. Not the field: a rule judging a list
/// may name another item of it when a placeholder changes the list.
type Key = (&'static str, usize, usize);

fn key(d: &Diagnostic) -> Key {
    (d.rule.id, d.span.start, d.span.end)
}

pub(super) fn check_template(name: String, text: String, options: &LintOptions) -> FileOutcome {
    let template = Template::read(&text);
    let original = Arc::new(SourceFile::new(name.clone(), text));
    // The documents that do not parse must be known whatever the rule selection says.
    let mut parse_options = options.clone();
    let _ = parse_options
        .selection
        .configure(INPUT_ERRORS.id, Some(Severity::Error));
    let outcomes: Vec<FileOutcome> = template
        .variants
        .iter()
        .map(|v| check_plain(name.clone(), v.text.clone(), &parse_options))
        .collect();
    let documents = document_ranges(&original.text);
    let document_of = |offset: usize| documents.iter().position(|d| d.contains(&offset));
    let mut unreadable: Vec<usize> = outcomes
        .iter()
        .flat_map(|o| o.diagnostics.iter().chain(&o.suppressed))
        .filter(|d| d.rule.id == INPUT_ERRORS.id)
        .filter_map(|d| document_of(d.span.start.min(original.text.len().saturating_sub(1))))
        .collect();
    unreadable.sort_unstable();
    unreadable.dedup();
    let skipped = |offset: usize| {
        document_of(offset).is_some_and(|i| unreadable.binary_search(&i).is_ok())
            || template.unknown_kind.iter().any(|r| r.contains(&offset))
    };
    let actions = template.unknown_spans();
    let seen: Vec<HashSet<Key>> = outcomes
        .iter()
        .map(|o| o.diagnostics.iter().chain(&o.suppressed).map(key).collect())
        .collect();
    // The documents whose Service type an action writes: see `EngineTraits::judges_the_type`.
    let type_unknown: Vec<usize> = (0..documents.len())
        .filter(|&i| {
            documents.get(i).is_some_and(|doc| {
                lines_in(&original.text, doc.clone()).any(|(at, line)| {
                    line.trim_start().starts_with("type:") && actions.touches(at..at + line.len())
                })
            })
        })
        .collect();
    let agreed = |d: &Diagnostic, source: &Arc<SourceFile>| {
        d.rule.id != INPUT_ERRORS.id
            && (!d.rule.engine.judges_the_type
                || document_of(d.span.start).is_none_or(|i| !type_unknown.contains(&i)))
            && (!d.rule.engine.judges_the_whole_item
                || !list_item_around(&original.text, d.span.start)
                    .is_some_and(|item| actions.any_within(item)))
            && options.selection.enabled(d.rule)
            && !skipped(d.span.start)
            && !touches(&actions, d.span)
            && !d
                .related
                .iter()
                .any(|r| Arc::ptr_eq(&r.file, source) && touches(&actions, r.span))
            && template.variants.iter().zip(&seen).all(|(variant, seen)| {
                left_out(&variant.left_out, d.span) || seen.contains(&key(d))
            })
    };
    let (mut diagnostics, mut suppressed) = (Vec::new(), Vec::new());
    let (mut kept, mut first) = (HashSet::default(), None);
    for outcome in outcomes {
        let source = outcome.facts.source.clone();
        let lists = [
            (outcome.diagnostics, &mut diagnostics),
            (outcome.suppressed, &mut suppressed),
        ];
        for (found, into) in lists {
            for mut d in found {
                if agreed(&d, &source) && kept.insert(key(&d)) {
                    // A fix is text edits: one that would rewrite a template action (a removed
                    // line that holds `{{ }}`, say) is not the template's author's to take.
                    let rewrites_action = d
                        .fix
                        .as_ref()
                        .is_some_and(|f| f.edits.iter().any(|e| touches(&actions, e.span)));
                    if rewrites_action {
                        d.fix = None;
                    }
                    repoint(&mut d, &source, &original);
                    into.push(d);
                }
            }
        }
        if first.is_none() {
            first = Some(FileOutcome {
                diagnostics: Vec::new(),
                suppressed: Vec::new(),
                ..outcome
            });
        }
    }
    let Some(mut whole) = first else {
        return check_plain(name, original.text.to_string(), options);
    };
    if let Some(severity) = options
        .selection
        .severity(&TemplateDocumentNotChecked::META)
    {
        diagnostics.extend(unreadable.iter().filter_map(|&i| {
            not_checked(
                &original,
                documents.get(i)?,
                &TemplateDocumentNotChecked::META,
                severity,
            )
        }));
    }
    whole.diagnostics = diagnostics;
    whole.suppressed = suppressed;
    let facts = &mut whole.facts;
    facts.source = original.clone();
    let mut open_workloads = false;
    let workloads: Vec<_> = facts
        .workloads
        .iter()
        .filter(|w| {
            let at = w.name_span().start;
            let open = document_of(at)
                .and_then(|i| documents.get(i))
                .is_none_or(|doc| actions.any_within(doc.clone()) || skipped(at));
            open_workloads |= open;
            !open
        })
        .cloned()
        .collect();
    facts.workloads = Parts::default();
    facts.workloads.push_part(workloads);
    let services: Vec<_> = facts
        .services
        .iter()
        .filter(|s| !skipped(s.name_span().start))
        .cloned()
        .collect();
    facts.services = Parts::default();
    facts.services.push_part(services);
    facts.templated = Some(Arc::new(Templated {
        actions,
        open_workloads,
    }));
    whole
}

/// One `helm-chart-not-rendered` finding per chart whose templates were read raw, at line 1 of
/// its `Chart.yaml` (so that every output format shows it).
pub(super) fn charts_read_raw(charts: &[PathBuf], options: &LintOptions) -> Vec<Diagnostic> {
    let Some(severity) = options.selection.severity(&HelmChartNotRendered::META) else {
        return Vec::new();
    };
    let why = if options.helm.off {
        "--helm=off was given"
    } else if helm_on_path() {
        "helm did not render it in this run"
    } else {
        "Helm was not found on PATH"
    };
    charts
        .iter()
        .map(|root| {
            let path = root.join(crate::helm::chart::CHART_FILE);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            Diagnostic {
                kustomization: None,
                helm: None,
                fix: None,
                file: Arc::new(SourceFile::new(path.display().to_string(), text)),
                span: Span::new(0, 0),
                severity,
                rule: &HelmChartNotRendered::META,
                field: None,
                object: None,
                message: format!(
                    "the chart's templates were checked without rendering ({why}): what their \
                     template actions write (values.yaml included) is unknown, so value-dependent \
                     fields were not checked"
                ),
                help: Some(
                    "render it to check everything: `helm template RELEASE CHART | svcctl lint -`"
                        .into(),
                ),
                related: Vec::new(),
            }
        })
        .collect()
}

/// Whether an executable `helm` is on `PATH`.
fn helm_on_path() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("helm").is_file()))
}

/// Drop the cross-object findings that depend on what templates write: those touching an
/// action (in the finding's own file or a related one), and a Service said to select nothing
/// when a workload whose labels are templated is in its folder (or the Service is itself in a
/// template): that workload may well be what it selects.
pub(super) fn keep_known(
    findings: &mut Vec<RunFinding>,
    facts: &[FileFacts],
    index: &RunIndex<'_>,
) {
    let templated = |fi: usize| facts.get(fi).and_then(|f| f.templated.as_deref());
    let open: Vec<usize> = (0..facts.len())
        .filter(|&fi| templated(fi).is_some_and(|t| t.open_workloads))
        .collect();
    findings.retain(|rf| {
        let touched =
            |fi: usize, span: Span| templated(fi).is_some_and(|t| touches(&t.actions, span));
        if rf.finding.span.is_some_and(|span| touched(rf.file, span))
            || rf.related.iter().any(|(fi, span, _)| touched(*fi, *span))
        {
            return false;
        }
        let claims_nothing_selected = rf.finding.rule.id == SelectorMatchesNothing::META.id;
        !(claims_nothing_selected
            && !open.is_empty()
            && (templated(rf.file).is_some()
                || open.iter().any(|&o| index.same_folder(o, rf.file))))
    });
}

/// The list item (`- …` and its more indented lines) holding `offset`, if any.
fn list_item_around(text: &str, offset: usize) -> Option<Range<usize>> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |p| p + 1);
    let here = indent(text.get(line_start..)?.lines().next().unwrap_or(""));
    // Up to the nearest `- ` line less indented than this one (or this one).
    let mut start = line_start;
    let mut dash = None;
    for (at, line) in lines_in(text, 0..line_start + 1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with("{{") {
            continue;
        }
        if indent(line) <= here && trimmed.starts_with("- ") {
            (start, dash) = (at, Some(indent(line)));
            break;
        }
        if indent(line) < here {
            return None;
        }
    }
    let dash = dash?;
    let mut end = text.len();
    for (at, line) in lines_in(text, start..text.len()).skip(1) {
        let trimmed = line.trim_start();
        if !trimmed.is_empty() && !trimmed.starts_with("{{") && indent(line) <= dash {
            end = at;
            break;
        }
    }
    Some(start..end)
}

/// The lines of `range` in `text`, each with its offset (without its newline).
fn lines_in(text: &str, range: Range<usize>) -> impl Iterator<Item = (usize, &str)> {
    let start = range.start;
    text.get(range)
        .unwrap_or("")
        .split_inclusive('\n')
        .scan(start, |at, line| {
            let here = *at;
            *at += line.len();
            Some((here, line.trim_end_matches(['\n', '\r'])))
        })
}

fn touches(actions: &ActionSpans, span: Span) -> bool {
    actions.touches(span.start..span.end)
}

fn left_out(ranges: &[Range<usize>], span: Span) -> bool {
    ranges.iter().any(|r| r.contains(&span.start))
}

/// The `info` finding for a document that was not checked, at its first written line.
fn not_checked(
    source: &Arc<SourceFile>,
    document: &Range<usize>,
    rule: &'static RuleMeta,
    severity: Severity,
) -> Option<Diagnostic> {
    let text = source.text.get(document.clone())?;
    let first = text
        .split_inclusive('\n')
        .scan(document.start, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .find(|(_, line)| {
            let t = line.trim();
            !t.is_empty() && t != "---" && !t.starts_with('#')
        })
        .map_or(document.start, |(start, line)| {
            start + (line.len() - line.trim_start().len())
        });
    Some(Diagnostic {
        kustomization: None,
        helm: None,
        fix: None,
        file: source.clone(),
        span: Span::new(first, first),
        severity,
        rule,
        field: None,
        object: None,
        message: "this templated document is not YAML once its template actions are set aside, \
                  so it was not checked"
            .into(),
        help: Some("render it (`helm template … | svcctl lint -`) to check what it writes".into()),
        related: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::driver::lint_texts;

    fn findings(text: &str) -> Vec<(usize, String)> {
        let report = lint_texts(
            vec![("t.yaml".into(), text.into())],
            &LintOptions::default(),
        );
        report
            .diagnostics
            .iter()
            .map(|d| (d.start().line, d.rule.id.to_string()))
            .collect()
    }

    const HEAD: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"a.fullname\" . }}\n  labels:\n    {{- include \"a.labels\" . | nindent 4 }}\nspec:\n";

    #[test]
    fn literal_mistakes_are_found_at_their_lines() {
        let text = format!(
            "{HEAD}  type: {{{{ .Values.type }}}}\n  ports:\n    - port: 80\n      targetPort: http\n      nodePort: 99999\n      protocol: HTTP\n  selector:\n    {{{{- include \"a.selectorLabels\" . | nindent 4 }}}}\n"
        );
        let found = findings(&text);
        assert!(found.contains(&(12, "node-port-range".into())), "{found:?}");
        assert!(
            found.contains(&(13, "invalid-protocol".into())),
            "{found:?}"
        );
        assert!(!found.iter().any(|(_, r)| r == "yaml-syntax"), "{found:?}");
        // The type is unknown: a nodePort is not called wrong for it.
        assert!(!found.iter().any(|(l, _)| *l == 8), "{found:?}");
    }

    #[test]
    fn a_fix_that_would_rewrite_an_action_is_dropped_and_one_on_literal_text_kept() {
        let text = format!(
            "{HEAD}  type: ClusterIP\n  ports:\n    - port: 80\n      nodePort: 30080 {{{{/* kept by ops */}}}}\n      protocol: tcp\n  selector:\n    app: web\n"
        );
        let report = lint_texts(vec![("t.yaml".into(), text)], &LintOptions::default());
        let fix_of = |rule: &str| {
            report
                .diagnostics
                .iter()
                .find(|d| d.rule.id == rule)
                .map(|d| d.fix.is_some())
        };
        // Removing the nodePort line would remove the template comment on it too.
        assert_eq!(fix_of("node-port-on-cluster-ip"), Some(false));
        assert_eq!(fix_of("invalid-protocol"), Some(true));
    }

    #[test]
    fn a_node_port_under_a_templated_type_is_not_called_wrong() {
        let text = format!(
            "{HEAD}  type: {{{{ .Values.service.type }}}}\n  ports:\n    - port: 80\n      nodePort: 30080\n  selector:\n    app: web\n"
        );
        assert_eq!(findings(&text), vec![]);
    }

    #[test]
    fn if_else_branches_writing_the_same_key_are_not_duplicates() {
        let text = format!(
            "{HEAD}  {{{{- if .Values.np }}}}\n  type: NodePort\n  {{{{- else }}}}\n  type: ClusterIP\n  {{{{- end }}}}\n  ports:\n    - port: 80\n  selector:\n    app: web\n"
        );
        assert_eq!(findings(&text), vec![]);
    }

    #[test]
    fn a_selector_filled_by_include_is_not_missing_and_matches_no_false_nothing() {
        let service = format!(
            "{HEAD}  ports:\n    - port: 80\n  selector:\n    {{{{- include \"a.selectorLabels\" . | nindent 4 }}}}\n"
        );
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    matchLabels:\n      {{- include \"a.selectorLabels\" . | nindent 6 }}\n  template:\n    metadata:\n      labels:\n        {{- include \"a.selectorLabels\" . | nindent 8 }}\n    spec:\n      containers:\n        - name: a\n          image: nginx\n";
        let report = lint_texts(
            vec![
                ("c/templates/service.yaml".into(), service),
                ("c/templates/deployment.yaml".into(), deployment.into()),
            ],
            &LintOptions::default(),
        );
        let rules: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.id).collect();
        assert_eq!(rules, Vec::<&str>::new());
    }

    #[test]
    fn a_literal_selector_near_a_templated_workload_is_not_said_to_match_nothing() {
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n  selector:\n    app: web\n    tier: frontend\n";
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        {{- include \"a.labels\" . | nindent 8 }}\n    spec:\n      containers:\n        - name: a\n          image: nginx\n";
        let plain_workload = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n        tier: frontnd\n    spec:\n      containers:\n        - name: a\n          image: nginx\n";
        let lint = |files: Vec<(&str, &str)>| {
            let report = lint_texts(
                files
                    .into_iter()
                    .map(|(n, t)| (n.to_string(), t.to_string()))
                    .collect(),
                &LintOptions::default(),
            );
            report
                .diagnostics
                .iter()
                .map(|d| d.rule.id)
                .collect::<Vec<_>>()
        };
        assert!(
            !lint(vec![
                ("k/svc.yaml", service),
                ("k/deploy.yaml", deployment),
                ("k/other.yaml", plain_workload)
            ])
            .contains(&"selector-matches-nothing")
        );
        // Without the templated workload, the same Service does select nothing: the test above
        // is not passing for want of a check.
        assert!(
            lint(vec![
                ("k/svc.yaml", service),
                ("k/other.yaml", plain_workload)
            ])
            .contains(&"selector-matches-nothing")
        );
    }

    #[test]
    fn a_headless_target_port_is_not_judged_against_a_templated_port() {
        let text = format!(
            "{HEAD}  clusterIP: None\n  ports:\n    - name: a\n      port: {{{{ .Values.port }}}}\n      targetPort: 10901\n    - name: b\n      port: 80\n      targetPort: 8080\n  selector:\n    app: web\n"
        );
        let found = findings(&text);
        assert_eq!(found, vec![(15, "ignored-on-headless".to_string())]);
    }

    #[test]
    fn control_lines_and_comments_never_make_a_syntax_error() {
        let text = "{{/*\n  a comment\n*/}}\n{{- range .Values.extra }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .name }}\n{{- with .data }}\ndata:\n  {{- toYaml . | nindent 2 }}\n{{- end }}\n{{- end }}\n";
        assert_eq!(findings(text), vec![]);
    }

    #[test]
    fn a_templated_kind_is_skipped_and_an_unparsable_document_is_said_once() {
        let text = "apiVersion: v1\nkind: {{ .Values.kind }}\nmetadata:\n  name: x\nspec:\n  ports:\n    - port: 99999\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: {{ .Values.ports }}\n    - port: 80\n";
        assert_eq!(
            findings(text),
            vec![(9, "template-document-not-checked".to_string())]
        );
    }
}
