//! Linting what Helm renders: the one place the lint engine meets a rendered chart. A chart
//! folder (when `helm` is on `PATH` and `--helm` is not `off`) is rendered with `helm template`
//! before the walk, and the walk skips its files; a rendered stream found among the inputs
//! (`helm template … | svcctl lint -`) is set aside by the walk. Each stream is linted as one
//! set (its own run: cross-object rules see that release's objects and nothing else), then
//! every finding is moved to the template line that wrote its value, keeping its position in
//! the stream.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::helm::render::{Failure, helm_on_path, render};
use crate::helm::stream::{Stream, Templates};
use crate::lint::diagnostic::HelmOrigin;
use crate::lint::driver::{Input, LintOptions, lint_texts};
use crate::lint::rules::helm_template_failed::HelmTemplateFailed;
use crate::lint::{Diagnostic, Report};
use crate::model::source::{SourceFile, Span};

/// A chart rendered before the walk.
struct Chart {
    dir: PathBuf,
    rendered: Result<String, Failure>,
}

/// The charts of a lint run and the rendered streams its walk found.
#[derive(Default)]
pub struct Helmed {
    charts: Vec<Chart>,
    /// The charts' folders, canonical: every file under one is consumed.
    consumed: Vec<PathBuf>,
    streams: Mutex<Vec<(String, String)>>,
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The outermost charts among `inputs`: a folder holding `Chart.yaml`, a folder with charts in
/// it, or a file of a chart. A subchart is rendered by its parent.
pub fn charts_in(inputs: &[Input]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    for input in inputs {
        let Input::Path(path) = input else { continue };
        if path.is_dir() {
            for entry in crate::lint::driver::walk(path).flatten() {
                if entry.file_name() == crate::helm::chart::CHART_FILE
                    && entry.file_type().is_some_and(|t| t.is_file())
                    && let Some(dir) = entry.path().parent()
                {
                    found.push(dir.to_path_buf());
                }
            }
        } else if let Some(dir) = crate::helm::chart::chart_root_of(path) {
            found.push(dir);
        }
    }
    let keyed: Vec<(PathBuf, PathBuf)> = found.into_iter().map(|d| (canonical(&d), d)).collect();
    let mut outermost: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (key, dir) in &keyed {
        let nested = keyed
            .iter()
            .any(|(other, _)| other != key && key.starts_with(other));
        if !nested && !outermost.iter().any(|(k, _)| k == key) {
            outermost.push((key.clone(), dir.clone()));
        }
    }
    outermost.into_iter().map(|(_, dir)| dir).collect()
}

impl Helmed {
    /// Finds the charts among `inputs` and renders them, when Helm is to be used and found.
    pub fn build(inputs: &[Input], options: &LintOptions) -> Helmed {
        if options.helm.off {
            return Helmed::default();
        }
        let Some(helm) = options.helm.program.clone().or_else(helm_on_path) else {
            return Helmed::default();
        };
        let dirs = charts_in(inputs);
        let minor = options.settings.kube_version.minor;
        let charts: Vec<Chart> = dirs
            .into_par_iter()
            .map(|dir| {
                let rendered = render(&helm, &dir, &options.helm, minor);
                Chart { dir, rendered }
            })
            .collect();
        let consumed = charts.iter().map(|c| canonical(&c.dir)).collect();
        Helmed {
            charts,
            consumed,
            streams: Mutex::new(Vec::new()),
        }
    }

    /// Whether a rendered chart holds this input (so it is linted as rendered only).
    pub fn consumes(&self, input: &Input) -> bool {
        match input {
            Input::Path(p) if !self.consumed.is_empty() => {
                let p = canonical(p);
                self.consumed.iter().any(|dir| p.starts_with(dir))
            }
            _ => false,
        }
    }

    /// Takes a rendered stream found by the walk, to be linted with its templates; `false` when
    /// the text is not Helm output.
    pub fn adopt(&self, name: &str, text: &str) -> bool {
        if !crate::helm::stream::looks_rendered(text) {
            return false;
        }
        self.streams
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((name.to_string(), text.to_string()));
        true
    }

    /// Lints every chart and stream and adds its findings, objects and counts to `report`.
    pub fn lint_into(self, report: &mut Report, options: &LintOptions) {
        let streams = self
            .streams
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        if self.charts.is_empty() && streams.is_empty() {
            return;
        }
        let root = options.helm.chart_root.clone().unwrap_or_default();
        let mut parts: Vec<Report> = streams
            .into_par_iter()
            .map(|(name, text)| lint_stream(name, text, vec![root.clone()], options))
            .collect();
        parts.extend(
            self.charts
                .into_par_iter()
                .map(|chart| lint_chart(chart, options))
                .collect::<Vec<_>>(),
        );
        report.absorb(parts);
    }
}

fn lint_chart(chart: Chart, options: &LintOptions) -> Report {
    match chart.rendered {
        Ok(text) => {
            let name = format!("{} (helm template)", chart.dir.display());
            // The chart's files are what the user has: count the templates that rendered.
            let mut templates: Vec<String> = crate::helm::stream::documents(&text)
                .into_iter()
                .filter_map(|d| d.source)
                .collect();
            templates.sort();
            templates.dedup();
            let mut report = lint_stream(name, text, vec![chart.dir], options);
            report.summary.files = templates.len().max(1);
            report
        }
        Err(failure) => {
            let mut report = Report::default();
            report.summary.files = 1;
            if let Some(severity) = options.selection.severity(&HelmTemplateFailed::META) {
                report
                    .diagnostics
                    .push(failed(&chart.dir, failure, severity));
            }
            report.count();
            report
        }
    }
}

/// Helm's error as one finding, at the line Helm names (the chart's `Chart.yaml` when it names
/// none).
fn failed(dir: &Path, failure: Failure, severity: super::Severity) -> Diagnostic {
    let (path, line, column) = failure
        .at
        .unwrap_or_else(|| (dir.join(crate::helm::chart::CHART_FILE), 1, 0));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let file = SourceFile::new(path.display().to_string(), text);
    let span = file
        .line_start(line)
        .map(|start| {
            let end = file
                .text
                .get(start..)
                .and_then(|t| t.find('\n'))
                .map_or(file.text.len(), |e| start + e);
            let at = if column > 0 {
                // Helm counts columns in bytes from 1.
                (start + column - 1).min(end)
            } else {
                start
                    + file
                        .text
                        .get(start..end)
                        .map_or(0, |l| l.len() - l.trim_start().len())
            };
            Span::new(at, end)
        })
        .unwrap_or_default();
    Diagnostic {
        file: Arc::new(file),
        span,
        severity,
        rule: &HelmTemplateFailed::META,
        field: None,
        object: None,
        message: format!("helm template failed: {}", failure.message),
        help: Some(
            "fix the template or pass the values it needs (--helm-values FILE, --helm-set K=V)"
                .into(),
        ),
        related: Vec::new(),
        kustomization: None,
        helm: None,
        fix: None,
    }
}

/// Lints a rendered stream and moves each finding to the template line that wrote it.
pub fn lint_stream(
    name: String,
    text: String,
    roots: Vec<PathBuf>,
    options: &LintOptions,
) -> Report {
    let mut report = lint_texts(vec![(name.clone(), text.clone())], options);
    let mut stream = Stream::new(&text);
    let mut templates = Templates::new(roots);
    let mut place = |d: &mut Diagnostic| {
        if d.file.name != name {
            return;
        }
        // A fix's edits are on the rendered stream, which is Helm's output, not the user's file.
        d.fix = None;
        let Some(origin) = stream.origin(&text, d.span.start, &mut templates) else {
            return;
        };
        let rendered = d.file.position(d.span.start);
        d.helm = Some(Arc::new(HelmOrigin {
            template: origin.template,
            rendered_file: name.clone(),
            rendered,
        }));
        if let Some((file, span)) = origin.written {
            d.file = file;
            d.span = span;
        }
        for r in &mut d.related {
            if r.file.name != name {
                continue;
            }
            if let Some((file, span)) = stream
                .origin(&text, r.span.start, &mut templates)
                .and_then(|o| o.written)
            {
                r.file = file;
                r.span = span;
            }
        }
    };
    report.diagnostics.iter_mut().for_each(&mut place);
    report.suppressed.iter_mut().for_each(&mut place);
    report
}
