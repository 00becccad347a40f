//! The lint run: find the files, read and parse each once (in parallel), run the per-Service
//! rules, then the cross-object rules over the run's index, and sort what was found.

use foldhash::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use k8s_openapi::api::core::v1::Service;
use rayon::prelude::*;

use super::diagnostic::{Diagnostic, ObjectInfo, Related, Report};
use super::index::{FileFacts, RunIndex, RunPart, TypedServices};
use super::selection::RuleSelection;
use super::service::ServiceContext;
use super::settings::Settings;
use super::suppress::IgnoreList;
use super::{Finding, RuleMeta};
use crate::fsutil::io_reason;
use crate::model::decode::{Decoded, decode, typed_view};
use crate::model::fast::document_starts;
use crate::model::object::{ObjectRef, ParsedFile};
use crate::model::schema;
use crate::model::service_view::plain_service;
use crate::model::source::{SourceFile, Span};
use crate::model::yaml::{Limits, parse_piece_chunks, parse_stream_chunks};

/// One command-line input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

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

fn yaml_syntax() -> &'static RuleMeta {
    &super::rules::yaml_syntax::YamlSyntax::META
}

fn is_manifest_path(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// Expand folders (recursively, honouring .gitignore, never following links) into files. A file
/// named explicitly is linted whatever its extension, as pre-commit passes them.
pub fn collect_files(inputs: &[Input]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut found = Vec::new();
    let errors = walk_inputs(inputs, |at, input| found.push((at, input, ())));
    let files = in_lint_order(found).into_iter().map(|(input, ())| input);
    (files.collect(), errors)
}

/// Hand each file of [`collect_files`] to `visit` as the walk finds it, with the index of the
/// input it came from (folders are walked in the order the file system lists them); the errors
/// are returned.
fn walk_inputs(inputs: &[Input], mut visit: impl FnMut(usize, Input)) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    for (at, input) in inputs.iter().enumerate() {
        let Input::Path(path) = input else {
            visit(at, Input::Stdin);
            continue;
        };
        match std::fs::metadata(path) {
            Err(e) => errors.push((path.display().to_string(), io_reason(&e))),
            Ok(meta) if meta.is_dir() => {
                // Hidden files are manifests too (`.github__svc.yaml`); the repository
                // database is not.
                let walker = ignore::WalkBuilder::new(path)
                    .follow_links(false)
                    .require_git(false)
                    .hidden(false)
                    .filter_entry(|e| e.file_name() != ".git")
                    .build();
                for entry in walker {
                    match entry {
                        Ok(entry) => {
                            if entry.file_type().is_some_and(|t| t.is_file())
                                && is_manifest_path(entry.path())
                            {
                                visit(at, Input::Path(entry.into_path()));
                            }
                        }
                        Err(e) => errors.push(walk_error(path, &e)),
                    }
                }
            }
            Ok(_) => visit(at, input.clone()),
        }
    }
    errors
}

/// A folder walk's error as the path that could not be read (the folder given, or the entry
/// under it that failed) and the reason, worded as for a path given on the command line.
fn walk_error(folder: &Path, e: &ignore::Error) -> (String, String) {
    let (mut path, mut inner) = (folder, e);
    loop {
        match inner {
            ignore::Error::WithPath { path: at, err } => (path, inner) = (at.as_path(), err),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            _ => break,
        }
    }
    let reason = match inner {
        ignore::Error::Io(io) => io_reason(io),
        other => other.to_string(),
    };
    (path.display().to_string(), reason)
}

/// Files found by [`walk_inputs`] (with what became of each) in the order a run lists them: by
/// input, then by path. Comparing two paths splits both into components again: sorting the
/// real-world corpus's 1,028 paths that way was 5% of a run, on the thread everything else
/// waited for. Each path is split once here instead.
fn in_lint_order<T>(found: Vec<(usize, Input, T)>) -> Vec<(Input, T)> {
    let order: Vec<usize> = {
        // The position settles ties as a stable sort would.
        let mut keyed: Vec<_> = found
            .iter()
            .enumerate()
            .map(|(i, (at, input, _))| {
                let components: Vec<std::path::Component<'_>> = match input {
                    Input::Path(path) => path.components().collect(),
                    Input::Stdin => Vec::new(),
                };
                (*at, components, i)
            })
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(.., i)| i).collect()
    };
    let mut found: Vec<Option<(Input, T)>> = found
        .into_iter()
        .map(|(_, input, value)| Some((input, value)))
        .collect();
    order
        .into_iter()
        .filter_map(|i| found.get_mut(i).and_then(Option::take))
        .collect()
}

/// Read one input. A file that is not text becomes a finding, not an error.
/// A read file: its text, or (lossy text, offset, reason) when it is not UTF-8 or too large.
pub type ReadText = Result<String, (String, usize, String)>;

pub fn read_input(input: &Input, max_size: u64) -> Result<(String, ReadText), (String, String)> {
    let (name, bytes) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(max_size.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| ("-".to_string(), io_reason(&e)))?;
            ("-".to_string(), bytes)
        }
        Input::Path(path) => {
            let name = path.display().to_string();
            let size = std::fs::metadata(path)
                .map_err(|e| (name.clone(), io_reason(&e)))?
                .len();
            if size > max_size {
                return Ok((
                    name,
                    Err((
                        String::new(),
                        0,
                        format!(
                            "file is {size} bytes, over the {max_size}-byte limit (--max-file-size); not read"
                        ),
                    )),
                ));
            }
            let bytes = std::fs::read(path).map_err(|e| (name.clone(), io_reason(&e)))?;
            (name, bytes)
        }
    };
    if bytes.len() as u64 > max_size {
        return Ok((
            name,
            Err((
                String::new(),
                0,
                format!("input is over the {max_size}-byte limit (--max-file-size); not read"),
            )),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((name, Ok(text))),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let message = format!(
                "file is not UTF-8 text (invalid byte 0x{:02X}); Kubernetes manifests must be UTF-8",
                e.as_bytes().get(offset).copied().unwrap_or(0)
            );
            // Offsets in the lossy text shift after the first bad byte, but not before it.
            Ok((name, Err((lossy, offset, message))))
        }
    }
}

/// Lint files and folders.
pub fn lint(inputs: &[Input], options: &LintOptions) -> Report {
    // Each file is read and checked in one step, so that only the files being checked are in
    // memory, and as soon as the walk finds it: walking a large tree is this thread's work while
    // the pool checks what it has found so far.
    let kustomized = if options.kustomize {
        crate::kustomize::lint::Kustomized::build(inputs)
    } else {
        crate::kustomize::lint::Kustomized::default()
    };
    let checked = Mutex::new(Vec::new());
    let mut unreadable = Vec::new();
    rayon::in_place_scope(|scope| {
        unreadable = walk_inputs(inputs, |at, input| {
            if kustomized.consumes(&input) {
                return;
            }
            let checked = &checked;
            scope.spawn(move |_| {
                let result = check_input(&input, options);
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
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => report.unreadable.push(e),
        }
    }
    report.diagnostics = report
        .unreadable
        .iter()
        .map(|(path, reason)| unreadable_input(path, reason))
        .collect();
    let mut report = finish(outcomes, report, options);
    kustomized.lint_into(&mut report, options);
    report
}

/// An input that could not be read at all, as a finding: a CI system that reads only the
/// report must see the failure, so it is reported in every format whatever the rule selection
/// says (the run still exits 2).
fn unreadable_input(path: &str, reason: &str) -> Diagnostic {
    Diagnostic {
        file: Arc::new(SourceFile::new(path.to_string(), String::new())),
        span: Span::new(0, 0),
        severity: super::Severity::Error,
        rule: yaml_syntax(),
        field: None,
        object: None,
        message: format!("cannot read this input: {reason}"),
        help: Some("check the path and its permissions".into()),
        related: Vec::new(),
        kustomization: None,
    }
}

/// Read and check one input.
fn check_input(input: &Input, options: &LintOptions) -> Result<FileOutcome, (String, String)> {
    let (name, text) = read_input(input, options.max_file_size)?;
    let outcome = match text {
        Ok(text) => check_text(name, text, options),
        Err((lossy, offset, message)) => unreadable_text(name, lossy, offset, message, options),
    };
    Ok(match input {
        Input::Path(_) => outcome.detach_text(),
        Input::Stdin => outcome,
    })
}

/// Lint in-memory texts (used by `explain FILE`, `apply` and tests).
pub fn lint_texts(texts: Vec<(String, String)>, options: &LintOptions) -> Report {
    let outcomes = texts
        .into_par_iter()
        .map(|(name, text)| check_text(name, text, options))
        .collect();
    finish(outcomes, Report::default(), options)
}

fn unreadable_text(
    name: String,
    text: String,
    offset: usize,
    message: String,
    options: &LintOptions,
) -> FileOutcome {
    let source = Arc::new(SourceFile::new(name, text));
    let empty = ParsedFile::new(source.clone(), Default::default());
    let mut diagnostics = Vec::new();
    if let Some(severity) = options.selection.severity(yaml_syntax()) {
        diagnostics.push(Diagnostic {
            file: source.clone(),
            span: Span::new(offset, offset),
            severity,
            rule: yaml_syntax(),
            field: None,
            object: None,
            message,
            help: Some("re-save the file as UTF-8".into()),
            related: Vec::new(),
            kustomization: None,
        });
    }
    FileOutcome {
        object_infos: Vec::new(),
        diagnostics,
        suppressed: Vec::new(),
        facts: FileFacts::extract(&empty, &TypedServices::default()),
        objects: 0,
        services: 0,
    }
}

/// Documents checked per part of a file: big enough to amortise the per-part work, small enough
/// that a 150,000-Service file never exists as one tree.
const DOCUMENTS_PER_PART: usize = 64;

/// From this size on, a file's parts are checked on other threads while this one parses on.
const PIPELINE_FROM_BYTES: usize = 1 << 20;

/// Pieces a big file is cut into per thread: enough that the threads run out of work together,
/// few enough that a piece's parts (of [`DOCUMENTS_PER_PART`] documents) amortise its hand-over.
const PIECES_PER_THREAD: usize = 8;

/// A cross-object rule's part of a run has at least this many Services, workloads and backends
/// (see `finish`): below that, a part costs more to hand out than to check.
const OBJECTS_PER_RUN_PART: usize = 256;

/// Parse and check one file's text.
pub fn check_text(name: String, text: String, options: &LintOptions) -> FileOutcome {
    let source = Arc::new(SourceFile::new(name, text));
    let pipelined = source.text.len() >= PIPELINE_FROM_BYTES && rayon::current_num_threads() > 1;
    if pipelined && let Some(outcome) = check_in_pieces(&source, options) {
        return outcome;
    }
    let parts: Mutex<Vec<(usize, FileOutcome)>> = Mutex::new(Vec::new());
    let keep = |index: usize, part: FileOutcome| {
        parts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((index, part));
    };
    let in_flight = AtomicUsize::new(0);
    // Numbered in file order, so that the parts can be put back in order whoever checks them.
    let (mut next_ordinal, mut next_part) = (0, 0);
    let mut number = |stream| {
        let parsed = ParsedFile::starting_at(source.clone(), stream, next_ordinal);
        next_ordinal = parsed.next_ordinal;
        next_part += 1;
        (next_part - 1, parsed)
    };
    // A scope costs a hand-over to the thread pool when called from outside it; small files,
    // nearly all of them, are checked right here.
    if !pipelined {
        parse_stream_chunks(&source.text, options.limits, DOCUMENTS_PER_PART, |stream| {
            let (index, parsed) = number(stream);
            keep(index, check_parsed(&parsed, options));
        });
    } else {
        rayon::scope(|scope| {
            parse_stream_chunks(&source.text, options.limits, DOCUMENTS_PER_PART, |stream| {
                let (index, parsed) = number(stream);
                // Parsed parts must not pile up faster than they are checked: with every
                // thread busy, this one checks the part itself before parsing on.
                if in_flight.load(Ordering::Acquire) < rayon::current_num_threads() {
                    in_flight.fetch_add(1, Ordering::AcqRel);
                    let (keep, in_flight) = (&keep, &in_flight);
                    scope.spawn(move |_| {
                        keep(index, check_parsed(&parsed, options));
                        in_flight.fetch_sub(1, Ordering::AcqRel);
                    });
                } else {
                    keep(index, check_parsed(&parsed, options));
                }
            });
        });
    }
    let mut parts = parts.into_inner().unwrap_or_else(PoisonError::into_inner);
    parts.sort_unstable_by_key(|(index, _)| *index);
    let mut parts = parts.into_iter().map(|(_, part)| part);
    let Some(mut whole) = parts.next() else {
        return check_parsed(&ParsedFile::new(source, Default::default()), options);
    };
    for part in parts {
        whole.absorb(part);
    }
    whole
}

/// A big file cut at `---` lines into pieces that are parsed and checked side by side, each on
/// its own with documents and objects numbered from 0, then renumbered in file order: so the
/// parse, not just the checks, is spread over the threads, while each thread holds one part's
/// trees at a time. `None` when some piece is not for the fast path (or the file reaches the
/// document limit): the caller then reads the whole file in order, as for any other.
fn check_in_pieces(source: &Arc<SourceFile>, options: &LintOptions) -> Option<FileOutcome> {
    struct Piece {
        outcome: Option<FileOutcome>,
        documents: usize,
        ordinals: usize,
    }
    let text = &source.text;
    let pieces = document_starts(text, rayon::current_num_threads() * PIECES_PER_THREAD);
    let pieces: Vec<Option<Piece>> = pieces
        .into_par_iter()
        .map(|range| {
            let mut piece = Piece {
                outcome: None,
                documents: 0,
                ordinals: 0,
            };
            let read =
                parse_piece_chunks(text, range, options.limits, DOCUMENTS_PER_PART, |stream| {
                    piece.documents += stream.documents.len();
                    let parsed = ParsedFile::starting_at(source.clone(), stream, piece.ordinals);
                    piece.ordinals = parsed.next_ordinal;
                    FileOutcome::join(&mut piece.outcome, check_parsed(&parsed, options));
                });
            read.then_some(piece)
        })
        .collect();
    let (mut whole, mut documents, mut ordinals): (Option<FileOutcome>, _, _) = (None, 0, 0);
    for piece in pieces {
        let piece = piece?;
        if let Some(mut outcome) = piece.outcome {
            outcome.renumber(documents, ordinals);
            FileOutcome::join(&mut whole, outcome);
        }
        documents += piece.documents;
        ordinals += piece.ordinals;
    }
    // The limit's error names the document where reading stopped: the ordered read words it.
    if documents >= options.limits.max_documents {
        return None;
    }
    whole
}

impl FileOutcome {
    /// `part` added to what came before it in the file, if anything did.
    fn join(whole: &mut Option<FileOutcome>, part: FileOutcome) {
        match whole {
            Some(whole) => whole.absorb(part),
            None => *whole = Some(part),
        }
    }

    /// See [`check_in_pieces`].
    fn renumber(&mut self, documents: usize, ordinals: usize) {
        if documents == 0 && ordinals == 0 {
            return;
        }
        let infos = self
            .diagnostics
            .iter_mut()
            .chain(self.suppressed.iter_mut());
        for info in infos.filter_map(|d| d.object.as_mut()) {
            info.renumber(documents, ordinals);
        }
        for info in &mut self.object_infos {
            info.renumber(documents, ordinals);
        }
        self.facts.renumber(documents, ordinals);
    }

    /// A file keeps no text once checked: its findings keep the positions they print, the
    /// cross-object rules need only its facts, and the text is read again for a snippet or a
    /// finding placed later (see [`finish`]). So a run's memory is the files being checked plus
    /// the facts, not the whole input.
    fn detach_text(mut self) -> Self {
        let source = self.facts.source.clone();
        let detached = Arc::new(
            source.detach(
                self.diagnostics
                    .iter()
                    .chain(&self.suppressed)
                    .flat_map(|d| offsets_in(d, &source)),
            ),
        );
        for d in self
            .diagnostics
            .iter_mut()
            .chain(self.suppressed.iter_mut())
        {
            repoint(d, &source, &detached);
        }
        self.facts.source = detached;
        self
    }

    /// Add the outcome of a later part of the same file.
    fn absorb(&mut self, part: FileOutcome) {
        self.object_infos.extend(part.object_infos);
        self.diagnostics.extend(part.diagnostics);
        self.suppressed.extend(part.suppressed);
        self.objects += part.objects;
        self.services += part.services;
        self.facts.absorb(part.facts);
    }
}

/// The offsets in `source` that a diagnostic prints positions for.
fn offsets_in<'d>(
    d: &'d Diagnostic,
    source: &'d Arc<SourceFile>,
) -> impl Iterator<Item = usize> + 'd {
    let own = Arc::ptr_eq(&d.file, source).then_some([d.span.start, d.span.end]);
    let related = d
        .related
        .iter()
        .filter(|r| Arc::ptr_eq(&r.file, source))
        .flat_map(|r| [r.span.start, r.span.end]);
    own.into_iter().flatten().chain(related)
}

/// Point a diagnostic's references to `from` at `to` instead.
fn repoint(d: &mut Diagnostic, from: &Arc<SourceFile>, to: &Arc<SourceFile>) {
    if Arc::ptr_eq(&d.file, from) {
        d.file = to.clone();
    }
    for r in &mut d.related {
        if Arc::ptr_eq(&r.file, from) {
            r.file = to.clone();
        }
    }
}

pub fn check_parsed(parsed: &ParsedFile, options: &LintOptions) -> FileOutcome {
    let source = &parsed.source;
    let mut diagnostics = Vec::new();
    if let Some(severity) = options.selection.severity(yaml_syntax()) {
        for e in &parsed.stream.errors {
            diagnostics.push(Diagnostic {
                file: source.clone(),
                span: e.span,
                severity,
                rule: yaml_syntax(),
                field: None,
                object: None,
                message: e.message.clone(),
                help: Some("fix the YAML syntax; the other documents were still checked".into()),
                related: Vec::new(),
                kustomization: None,
            });
        }
    }
    let service_rules: Vec<_> = options.selection.rules().collect();
    let mut typed = TypedServices::with_capacity(
        parsed
            .objects
            .iter()
            .filter(|o| o.is_core_service())
            .count(),
    );
    let mut services = 0;
    let mut ignored: Vec<(usize, IgnoreList)> = Vec::new();
    for object in parsed.objects.iter().filter(|o| o.is_core_service()) {
        let Some(node) = parsed.node(object) else {
            continue;
        };
        services += 1;
        // A plain Service has only known fields, each of its own type: nothing for the decode
        // pass to find.
        let plain = plain_service(node);
        let mut decoded = match plain {
            Some(_) => Decoded::default(),
            None => decode(node, schema::service()),
        };
        for (dup, first) in parsed.duplicate_keys(object, node) {
            decoded.issues.push(crate::model::decode::Issue {
                path: crate::model::path::FieldPath::root(),
                span: dup,
                kind: crate::model::decode::IssueKind::DuplicateKey { first },
            });
        }
        let service: Option<Service> = plain.or_else(|| typed_view(node, schema::service()));
        let ctx = ServiceContext {
            file: parsed,
            object,
            node,
            decoded: &decoded,
            service: service.as_ref(),
            settings: &options.settings,
        };
        let mut findings: Vec<Finding> = Vec::new();
        for rule in &service_rules {
            rule.check_service(&ctx, &mut findings);
        }
        // A value that failed to decode reaches the typed view as its zero value; what the other
        // rules would say about that zero is noise.
        let undecodable: Vec<String> = decoded
            .issues
            .iter()
            .filter(|i| matches!(i.kind, crate::model::decode::IssueKind::WrongType { .. }))
            .map(|i| i.path.to_string())
            .collect();
        for f in findings {
            let shadowed = f.rule.category != super::Category::Syntax
                && f.rule.id != "invalid-value-type"
                && f.field.as_ref().is_some_and(|p| {
                    let p = p.to_string();
                    undecodable.iter().any(|u| {
                        p == *u
                            || p.starts_with(&format!("{u}."))
                            || p.starts_with(&format!("{u}["))
                    })
                });
            if shadowed {
                continue;
            }
            if let Some(severity) = options.selection.severity(f.rule) {
                diagnostics.push(resolve(&ctx, f, severity));
            }
        }
        let ignores = super::suppress::object_ignores(node);
        if !ignores.is_empty() {
            ignored.push((object.ordinal, ignores));
        }
        if let Some(service) = service {
            typed.push(object.ordinal, service);
        }
    }
    let facts = FileFacts::extract(parsed, &typed);
    let (diagnostics, suppressed) = split_suppressed(diagnostics, &facts, parsed);
    FileOutcome {
        object_infos: if options.list_objects {
            parsed.objects.iter().map(ObjectInfo::from).collect()
        } else {
            Vec::new()
        },
        diagnostics,
        suppressed,
        facts,
        objects: parsed.objects.len(),
        services,
    }
}

fn resolve(ctx: &ServiceContext<'_>, f: Finding, severity: super::Severity) -> Diagnostic {
    let span = match (f.span, &f.field) {
        (Some(span), _) => span,
        (None, Some(path)) => ctx.span_of(path),
        (None, None) => ctx.node.span,
    };
    Diagnostic {
        file: ctx.file.source.clone(),
        span,
        severity,
        rule: f.rule,
        field: f.field.filter(|p| !p.is_root()).map(|p| p.to_string()),
        object: Some(ObjectInfo::from(ctx.object)),
        message: f.message,
        help: f.help,
        related: Vec::new(),
        kustomization: None,
    }
}

/// Separate what an annotation or a comment silences.
fn split_suppressed(
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

/// A cross-object finding as a diagnostic, with whether an annotation or comment silences it.
/// The files it points into are read again if they were let go (kept in `reread` meanwhile).
fn run_diagnostic(
    rf: super::RunFinding,
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
        file: source,
        span: rf.finding.span.unwrap_or_default(),
        severity,
        rule: rf.finding.rule,
        field: rf.finding.field.map(|p| p.to_string()),
        object: rf.object.as_ref().map(ObjectInfo::from),
        message: rf.finding.message,
        help: rf.finding.help,
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
        kustomization: None,
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

fn finish(outcomes: Vec<FileOutcome>, mut report: Report, options: &LintOptions) -> Report {
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
    let tasks: Vec<(&dyn super::Rule, RunPart<'_, '_>)> = enabled
        .iter()
        .flat_map(|&rule| {
            let parts = if rule.checks_run_in_parts() { parts } else { 1 };
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
    let mut by_file: Vec<Vec<super::RunFinding>> = Vec::new();
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

#[cfg(test)]
mod tests {
    use super::*;

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
