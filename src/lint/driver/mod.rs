//! The lint run: find the files, read and parse each once (in parallel), run the per-Service
//! rules, then the cross-object rules over the run's index, and sort what was found. Each step
//! has its own file: [`inputs`] finds and reads the files, [`file`] schedules the checking of
//! one file, [`service`] runs the per-Service rules on a parsed part, [`run`] is the
//! cross-object phase; what annotations and comments silence is `super::suppress`'s.

mod file;
mod inputs;
mod run;
mod service;
mod template;

pub use file::check_text;
pub(crate) use inputs::walk;
pub use inputs::{Input, ReadText, collect_files, read_input};
pub use service::check_parsed;

use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::diagnostic::{Diagnostic, ObjectInfo, Report};
use super::index::FileFacts;
use super::rules::INPUT_ERRORS;
use super::selection::RuleSelection;
use crate::k8s::settings::Settings;
use crate::model::source::{SourceFile, Span};
use crate::model::yaml::Limits;
use file::unreadable_text;
use inputs::{in_lint_order, walk_inputs};
use run::finish;

#[derive(Clone, Debug)]
pub struct LintOptions {
    pub settings: Settings,
    pub selection: RuleSelection,
    pub limits: Limits,
    /// Files larger than this are reported, not read.
    pub max_file_size: u64,
    /// Keep a list of every object in the report (for per-object formats such as JUnit); off by
    /// default because a 150,000-object run would hold it all for nothing.
    pub list_objects: bool,
    /// Build kustomization roots and lint what they apply (`--kustomize=on`, the default).
    pub kustomize: bool,
    /// How Helm charts and templated files are read.
    pub helm: crate::helm::HelmOptions,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            settings: Settings::default(),
            selection: RuleSelection::default(),
            limits: Limits::default(),
            max_file_size: 64 * 1024 * 1024,
            list_objects: false,
            kustomize: true,
            helm: crate::helm::HelmOptions::default(),
        }
    }
}

/// What one file yields before the cross-object phase.
pub struct FileOutcome {
    pub object_infos: Vec<ObjectInfo>,
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: Vec<Diagnostic>,
    pub facts: FileFacts,
    pub objects: usize,
    pub services: usize,
}

/// Lint files and folders.
pub fn lint(inputs: &[Input], options: &LintOptions) -> Report {
    // Each file is read and checked in one step, so that only the files being checked are in
    // memory, and as soon as the walk finds it: walking a large tree is this thread's work while
    // the pool checks what it has found so far.
    let kustomized = if options.kustomize {
        crate::lint::kustomized::Kustomized::build(inputs)
    } else {
        crate::lint::kustomized::Kustomized::default()
    };
    let helmed = crate::lint::helmed::Helmed::build(inputs, options);
    let checked = Mutex::new(Vec::new());
    let mut unreadable = Vec::new();
    let mut charts = Vec::new();
    rayon::in_place_scope(|scope| {
        unreadable = walk_inputs(inputs, &mut charts, |at, input| {
            // Files a kustomization in the input consumes are linted as what it builds.
            if kustomized.consumes(&input) {
                return;
            }
            // Files of a chart Helm rendered are linted as what it rendered.
            if helmed.consumes(&input) {
                return;
            }
            let checked = &checked;
            let helmed = &helmed;
            scope.spawn(move |_| {
                let result = check_input(&input, options, helmed);
                checked
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((at, input, result));
            });
        });
    });
    let checked = checked.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut report = Report {
        unreadable,
        ..Report::default()
    };
    let mut outcomes = Vec::with_capacity(checked.len());
    for (_, result) in in_lint_order(checked) {
        match result {
            Ok(Some(outcome)) => outcomes.push(outcome),
            // A rendered stream, linted with its templates below.
            Ok(None) => {}
            Err(e) => report.unreadable.push(e),
        }
    }
    report.diagnostics = report
        .unreadable
        .iter()
        .map(|(path, reason)| unreadable_input(path, reason))
        .collect();
    // A chart Helm rendered is linted as what it rendered; the others were read raw, and say so.
    charts.retain(|root| !helmed.consumes(&Input::Path(root.join(crate::helm::chart::CHART_FILE))));
    report
        .diagnostics
        .extend(template::charts_read_raw(&charts, options));
    let mut report = finish(outcomes, report, options);
    kustomized.lint_into(&mut report, options);
    helmed.lint_into(&mut report, options);
    report
}

/// An input that could not be read at all, as a finding: a CI system that reads only the
/// report must see the failure, so it is reported in every format whatever the rule selection
/// says (the run still exits 2).
fn unreadable_input(path: &str, reason: &str) -> Diagnostic {
    Diagnostic {
        kustomization: None,
        helm: None,
        file: Arc::new(SourceFile::new(path.to_string(), String::new())),
        span: Span::new(0, 0),
        severity: super::Severity::Error,
        rule: INPUT_ERRORS,
        field: None,
        object: None,
        message: format!("cannot read this input: {reason}"),
        help: Some("check the path and its permissions".into()),
        related: Vec::new(),
        fix: None,
    }
}

/// Read and check one input; `None` when it is a Helm-rendered stream, which `helmed` takes.
fn check_input(
    input: &Input,
    options: &LintOptions,
    helmed: &crate::lint::helmed::Helmed,
) -> Result<Option<FileOutcome>, (String, String)> {
    let (name, text) = read_input(input, options.max_file_size)?;
    if let Ok(text) = &text
        && helmed.adopt(&name, text)
    {
        return Ok(None);
    }
    let outcome = match text {
        Ok(text) => check_text(name, text, options),
        Err((lossy, offset, message)) => unreadable_text(name, lossy, offset, message, options),
    };
    Ok(Some(match input {
        Input::Path(_) => outcome.detach_text(),
        Input::Stdin => outcome,
    }))
}

/// Lint in-memory texts (used by `explain FILE`, `apply` and tests).
pub fn lint_texts(texts: Vec<(String, String)>, options: &LintOptions) -> Report {
    let outcomes = texts
        .into_par_iter()
        .map(|(name, text)| check_text(name, text, options))
        .collect();
    finish(outcomes, Report::default(), options)
}

#[cfg(test)]
mod tests {
    use super::file::check_in_pieces;
    use super::inputs::walk_error;
    use super::*;
    use std::path::{Path, PathBuf};

    fn services(count: usize) -> String {
        (0..count)
            .map(|i| format!("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\nspec:\n  ports:\n    - port: 80\n"))
            .collect()
    }

    #[test]
    fn a_folder_that_cannot_be_walked_names_the_entry_and_words_the_reason() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let e = ignore::Error::WithDepth {
            depth: 1,
            err: Box::new(ignore::Error::WithPath {
                path: PathBuf::from("k8s/secret"),
                err: Box::new(ignore::Error::Io(denied)),
            }),
        };
        assert_eq!(
            walk_error(Path::new("k8s"), &e),
            ("k8s/secret".to_string(), "permission denied".to_string())
        );
    }

    fn in_pieces(text: String) -> Option<FileOutcome> {
        // A pool that failed to build must fail the test, not pass it as "not read in pieces".
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool of 2 threads");
        let source = Arc::new(SourceFile::new("big.yaml", text));
        pool.install(|| check_in_pieces(&source, &LintOptions::default()))
    }

    #[test]
    fn files_are_listed_by_input_then_as_paths_compare() {
        let names = [
            "a/b.yaml", "a-b.yaml", "a/a.yaml", "b.yaml", "a.yaml", "a/b.yaml",
        ];
        let found: Vec<(usize, Input, usize)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (0, Input::Path(PathBuf::from(n)), i))
            .chain([(1, Input::Stdin, 6), (0, Input::Path("0.yaml".into()), 7)])
            .collect();
        let mut expected: Vec<(PathBuf, usize)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (PathBuf::from(n), i))
            .collect();
        expected.push(("0.yaml".into(), 7));
        // Path order, equal paths in the order found.
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let mut expected: Vec<(Input, usize)> = expected
            .into_iter()
            .map(|(p, i)| (Input::Path(p), i))
            .collect();
        expected.push((Input::Stdin, 6));
        assert_eq!(in_lint_order(found), expected);
    }

    #[test]
    fn a_big_plain_file_is_read_in_pieces() {
        let outcome = in_pieces(services(4_000));
        assert_eq!(
            outcome.map(|o| (o.objects, o.services)),
            Some((4_000, 4_000))
        );
    }

    #[test]
    fn a_piece_the_fast_path_cannot_read_sends_the_file_back_to_the_ordered_read() {
        let late_tab = services(4_000) + "---\nkey:\tvalue\n";
        assert!(in_pieces(late_tab).is_none());
        let ignore_comment = services(4_000) + "# svcctl-ignore: node-port-range\n";
        assert!(in_pieces(ignore_comment).is_none());
        let limits = LintOptions {
            limits: Limits {
                max_documents: 4_000,
                ..Limits::default()
            },
            ..LintOptions::default()
        };
        let source = Arc::new(SourceFile::new("big.yaml", services(4_000)));
        assert!(check_in_pieces(&source, &limits).is_none());
    }
}
