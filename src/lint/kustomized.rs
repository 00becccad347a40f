//! Linting kustomization roots: the one place the lint engine meets Kustomize. Each root is
//! built and its objects linted as one set (its own run: cross-object rules see that build and
//! nothing else), then every finding is moved to where its value was written and names the
//! root's kustomization. Files a build consumed are not linted on their own.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::lint::driver::{Input, LintOptions, lint_texts};
use crate::lint::rules::invalid_kustomization::InvalidKustomization;
use crate::lint::rules::kustomization_not_applied_as_written::KustomizationNotAppliedAsWritten;
use crate::lint::{Diagnostic, Report};
use crate::model::source::SourceFile;

use crate::kustomize::render::render;
use crate::kustomize::{Build, Root, Severity};

/// The roots of a lint run, built before the walk so that it can skip what they consumed.
#[derive(Default)]
pub struct Kustomized {
    builds: Vec<(Root, Build)>,
    consumed: HashSet<PathBuf>,
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Kustomized {
    /// Finds and builds the kustomization roots among `inputs`.
    pub fn build(inputs: &[Input]) -> Kustomized {
        let paths: Vec<PathBuf> = inputs
            .iter()
            .filter_map(|i| match i {
                Input::Path(p) => Some(p.clone()),
                Input::Stdin => None,
            })
            .collect();
        let roots = crate::kustomize::find_roots(&paths);
        let builds: Vec<(Root, Build)> = roots
            .into_par_iter()
            .map(|root| {
                let build = crate::kustomize::build(&root.dir);
                (root, build)
            })
            .collect();
        let mut consumed = HashSet::new();
        for (_, build) in &builds {
            consumed.extend(build.consumed.iter().map(|p| canonical(p)));
            for dir in &build.kustomizations {
                if let Some(file) = crate::kustomize::kustomization_file(dir) {
                    consumed.insert(canonical(&file));
                }
            }
        }
        Kustomized { builds, consumed }
    }

    /// Whether a build read this input (so it is linted as part of the build only).
    pub fn consumes(&self, input: &Input) -> bool {
        match input {
            Input::Path(p) if !self.consumed.is_empty() => self.consumed.contains(&canonical(p)),
            _ => false,
        }
    }

    /// Lints every build and adds its findings, objects and counts to `report`.
    pub fn lint_into(self, report: &mut Report, options: &LintOptions) {
        if self.builds.is_empty() {
            return;
        }
        let parts: Vec<Report> = self
            .builds
            .into_par_iter()
            .map(|(root, build)| lint_build(&root, build, options))
            .collect();
        report.absorb(parts);
    }
}

/// For `svcctl explain`: when `path` is a kustomization folder or file, its build as one text
/// named after the kustomization file, or the build's first error (path, reason).
pub fn built_text(path: &Path) -> Option<Result<(String, String), (String, String)>> {
    let is_file_name = path.file_name().is_some_and(|n| {
        crate::kustomize::KUSTOMIZATION_FILE_NAMES
            .iter()
            .any(|k| n == *k)
    });
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else if is_file_name && path.is_file() {
        path.parent().map(Path::to_path_buf)?
    } else {
        return None;
    };
    let kustomization = crate::kustomize::kustomization_file(&dir)?;
    let build = crate::kustomize::build(&dir);
    let name = kustomization.display().to_string();
    if let Some(e) = build
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
    {
        let at = build.files.get(e.origin.file).map_or(name.clone(), |f| {
            let p = f.position(e.origin.span.start);
            format!("{}:{}:{}", f.name, p.line, p.column)
        });
        return Some(Err((at, e.message.clone())));
    }
    Some(Ok((name, render(&build.objects).text)))
}

fn lint_build(root: &Root, build: Build, options: &LintOptions) -> Report {
    let rendered = render(&build.objects);
    let kustomization: Arc<str> = root.kustomization.display().to_string().into();
    let files: Vec<Arc<SourceFile>> = build.files.into_iter().map(Arc::new).collect();
    let name = root.kustomization.display().to_string();
    let mut report = lint_texts(vec![(name, rendered.text.clone())], options);
    let fallback = files.first().cloned();
    let place = |d: &mut Diagnostic| {
        if let Some(origin) = rendered.origin(d.span) {
            if let Some(file) = files.get(origin.file) {
                d.file = file.clone();
                d.span = origin.span;
            }
        } else if let Some(file) = &fallback {
            d.file = file.clone();
            d.span = Default::default();
        }
        for r in &mut d.related {
            if let Some(file) = rendered
                .origin(r.span)
                .and_then(|o| files.get(o.file).map(|f| (f, o)))
            {
                r.file = file.0.clone();
                r.span = file.1.span;
            }
        }
        d.kustomization = Some(kustomization.clone());
        // The edits are on the built text, not on the file the finding moved to.
        d.fix = None;
    };
    report.diagnostics.iter_mut().for_each(place);
    report.suppressed.iter_mut().for_each(place);
    // The rendered text counts as one file; the build's own files are what the user has.
    report.summary.files = files.len();
    for f in build.findings {
        let rule = match f.severity {
            Severity::Error => &InvalidKustomization::META,
            Severity::Warning => &KustomizationNotAppliedAsWritten::META,
        };
        let Some(severity) = options.selection.severity(rule) else {
            continue;
        };
        let Some(file) = files.get(f.origin.file) else {
            continue;
        };
        report.diagnostics.push(Diagnostic {
            file: file.clone(),
            span: f.origin.span,
            severity,
            rule,
            field: None,
            object: None,
            message: f.message,
            help: None,
            related: Vec::new(),
            fix: None,
            kustomization: Some(kustomization.clone()),
            helm: None,
        });
    }
    report
}
