//! Checking one file's text, in one of three ways: a small file parsed and checked part by part
//! right here; a large one parsed here while its parts are checked on other threads; and a large
//! plain one cut into pieces parsed and checked side by side. Then what a checked file keeps:
//! its findings with their positions, and its facts, without its text.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::service::check_parsed;
use super::{FileOutcome, LintOptions};
use crate::k8s::facts::TypedServices;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::index::FileFacts;
use crate::lint::rules::INPUT_ERRORS;
use crate::model::fast::document_starts;
use crate::model::object::ParsedFile;
use crate::model::source::{SourceFile, Span};
use crate::model::yaml::{parse_piece_chunks, parse_stream_chunks};

pub(super) fn unreadable_text(
    name: String,
    text: String,
    offset: usize,
    message: String,
    options: &LintOptions,
) -> FileOutcome {
    let source = Arc::new(SourceFile::new(name, text));
    let empty = ParsedFile::new(source.clone(), Default::default());
    let mut diagnostics = Vec::new();
    if let Some(severity) = options.selection.severity(INPUT_ERRORS) {
        diagnostics.push(Diagnostic {
            kustomization: None,
            file: source.clone(),
            span: Span::new(offset, offset),
            severity,
            rule: INPUT_ERRORS,
            field: None,
            object: None,
            message,
            help: Some("re-save the file as UTF-8".into()),
            related: Vec::new(),
            fix: None,
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
pub(super) fn check_in_pieces(
    source: &Arc<SourceFile>,
    options: &LintOptions,
) -> Option<FileOutcome> {
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
    pub(super) fn detach_text(mut self) -> Self {
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
pub(super) fn offsets_in<'d>(
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
pub(super) fn repoint(d: &mut Diagnostic, from: &Arc<SourceFile>, to: &Arc<SourceFile>) {
    if Arc::ptr_eq(&d.file, from) {
        d.file = to.clone();
    }
    for r in &mut d.related {
        if Arc::ptr_eq(&r.file, from) {
            r.file = to.clone();
        }
    }
}
