//! A fast path for the YAML manifests are made of: block mappings and sequences, plain and quoted
//! scalars (folded over several lines too), literal and folded block scalars, and flow collections. It builds exactly the tree (spans, scalar styles,
//! duplicate keys) that the granit-parser path in [`super::yaml`] builds for the same text, but
//! reads the bytes directly instead of going through a general scanner's token queue, which is
//! where a general YAML parser spends its time.
//!
//! Anything outside that subset — anchors, aliases, tags, block scalars with an explicit
//! indentation indicator, `...`, directives, tabs, carriage returns, control characters, and every
//! syntax error — makes it give up on the document it is reading. The full parser then takes over from that document's start,
//! so what the fast path cannot read costs nothing but the attempt. The test
//! `fast_path_agrees_with_granit` holds the two to the same trees over the real-world corpus and
//! every fixture; a fuzz target does the same on arbitrary input.

use std::collections::HashMap;

use compact_str::CompactString;

use super::source::Span;
use super::yaml::{
    Document, Entry, Limits, Node, NodeKind, Scalar, Stream, Style, first_key_named,
    too_many_documents,
};

/// Longer implicit keys are left to the full parser (YAML allows at most 1024 characters).
const MAX_KEY_BYTES: usize = 1000;

/// The fast path cannot read this document; the full parser must.
struct Bail;

type Fast<T> = Result<T, Bail>;

/// Where the full parser takes over: at `offset` (a document's start), numbering documents from
/// `next_document`, with the documents read so far but not yet delivered.
pub(crate) struct Resume {
    pub offset: usize,
    pub next_document: usize,
    pub stream: Stream,
}

impl Resume {
    /// The whole stream, from its first byte.
    pub(crate) fn from_start() -> Self {
        Resume {
            offset: 0,
            next_document: 0,
            stream: Stream::default(),
        }
    }
}

/// Read as much of the stream as the fast path can, delivering parts of at most
/// `documents_per_chunk` documents. `None` when it read everything (and delivered the last part).
pub(crate) fn parse_chunks(
    text: &str,
    limits: Limits,
    documents_per_chunk: usize,
    deliver: &mut dyn FnMut(Stream),
) -> Option<Resume> {
    parse_chunks_from(text, 0, limits, documents_per_chunk, deliver)
}

/// [`parse_chunks`] for the documents of `text[start..]`, numbered from 0, with spans in `text`.
/// `start` must be where a document may begin: 0, or the start of a `---` line (see
/// [`document_starts`]).
pub(crate) fn parse_chunks_from(
    text: &str,
    start: usize,
    limits: Limits,
    documents_per_chunk: usize,
    deliver: &mut dyn FnMut(Stream),
) -> Option<Resume> {
    let from_start = Resume {
        offset: start,
        ..Resume::from_start()
    };
    match text.as_bytes().get(start..) {
        Some(rest) if only_plain_characters(rest) => {}
        _ => return Some(from_start),
    }
    let mut stream = Stream::default();
    let mut cursor = Cursor::new(text, limits);
    cursor.pos = start;
    cursor.line_start = start;
    let mut index = 0usize;
    loop {
        let region = cursor.pos;
        match cursor.document(index) {
            Ok(None) => break,
            Ok(Some(document)) => {
                let end = document.span.end;
                stream.documents.push(document);
                index += 1;
                if stream.documents.len() >= documents_per_chunk {
                    deliver(std::mem::take(&mut stream));
                }
                if index >= limits.max_documents {
                    stream.errors.push(too_many_documents(index, end, limits));
                    break;
                }
            }
            Err(Bail) => {
                return Some(Resume {
                    offset: region,
                    next_document: index,
                    stream,
                });
            }
        }
    }
    deliver(stream);
    None
}

/// Cut `text` into about `pieces` runs of whole documents, at the start of `---` lines, as
/// `(start, end)` offsets that cover it. A `---` line ends whatever YAML content comes before it
/// — block and flow collections, block scalars, quoted and plain scalars alike — so each piece
/// parses on its own into exactly the documents the whole stream holds there. (A directive line
/// belongs to the `---` after it; the fast path gives up on directives, and on anything else it
/// does not read, so a piece that meets one is never used.)
pub fn document_starts(text: &str, pieces: usize) -> Vec<(usize, usize)> {
    let step = (text.len() / pieces.max(1)).max(1);
    let mut cuts = vec![0];
    let mut at = step;
    while at < text.len() {
        let Some(found) = next_marker_line(text, at) else {
            break;
        };
        cuts.push(found);
        at = found + step;
    }
    cuts.push(text.len());
    cuts.windows(2)
        .filter_map(|w| match w {
            [start, end] => Some((*start, *end)),
            _ => None,
        })
        .collect()
}

/// The start of the first `---` line (followed by a space, a line break or the end) after `from`.
fn next_marker_line(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let line = bytes
        .get(from..)?
        .windows(4)
        .enumerate()
        .find(|&(i, w)| w == b"\n---" && is_blank_or_end(bytes.get(from + i + 4).copied()));
    line.map(|(i, _)| from + i + 1)
}

/// How many documents of `text` the fast path reads before handing over to the full parser
/// (all of them when it reads the whole stream): a measure of its coverage, for tests.
pub fn documents_read_fast(text: &str, limits: Limits) -> (usize, bool) {
    let mut read = 0;
    let resume = parse_chunks(text, limits, usize::MAX, &mut |part: Stream| {
        read += part.documents.len();
    });
    match resume {
        None => (read, true),
        Some(resume) => (resume.stream.documents.len(), false),
    }
}

/// Whether the text holds none of the characters the fast path leaves to the full parser: tabs
/// and carriage returns (their rules are subtle), other C0 and C1 controls, DEL, and the
/// non-characters and byte-order mark YAML forbids inside a stream.
fn only_plain_characters(bytes: &[u8]) -> bool {
    // Manifests are nearly all printable ASCII: a block of 32 such bytes is cleared by a check
    // without branches (one the compiler vectorizes); only a block holding something else is
    // looked at byte by byte.
    const BLOCK: usize = 32;
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + BLOCK).min(bytes.len());
        let block = bytes.get(start..end).unwrap_or(&[]);
        let ascii = block.iter().fold(true, |all, &b| {
            all & ((0x20..0x7f).contains(&b) | (b == b'\n'))
        });
        if !ascii && (start..end).any(|i| refused_at(bytes, i)) {
            return false;
        }
        start = end;
    }
    true
}

/// Whether the character starting at `i` is one [`only_plain_characters`] refuses.
fn refused_at(bytes: &[u8], i: usize) -> bool {
    let next = bytes.get(i + 1).copied();
    match bytes.get(i).copied() {
        None | Some(b'\n' | 0x20..=0x7e) => false,
        Some(0x00..=0x1f | 0x7f) => true,
        Some(0xc2) => next.is_some_and(|n| (0x80..=0x9f).contains(&n)),
        Some(0xef) => matches!(
            (next, bytes.get(i + 2)),
            (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
        ),
        Some(_) => false,
    }
}

struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line_start: usize,
    limits: Limits,
    nodes: usize,
    depth: usize,
    /// The indentation of the innermost block collection, which the later lines of a flow
    /// collection inside it must exceed.
    indent: isize,
    duplicate_keys: Vec<(Span, Span)>,
    /// The entries of the mappings (block and flow) being read, innermost last: a mapping's
    /// entries go here and leave in one exactly sized Vec when it ends, instead of each mapping
    /// growing its own Vec by doubling (an allocation and a copy per step, and up to half of it
    /// unused).
    entries: Vec<Entry>,
    /// The same for the items of sequences.
    items: Vec<Node>,
}

fn scalar(span: Span, text: impl Into<CompactString>, style: Style) -> Node {
    Node {
        span,
        kind: NodeKind::Scalar(Scalar {
            text: text.into(),
            style,
            tag: None,
        }),
    }
}

/// The empty value of `key:` or `-`, which the full parser reads as a plain `~` at `at`.
fn null(at: usize) -> Node {
    scalar(Span::new(at, at), "~", Style::Plain)
}

/// How many bytes of `rest` come before its first `:`, `#` or line break (all of it when none
/// does): the only bytes at which a one-line key or plain scalar may end, so the scans of
/// [`Cursor::key`] and [`Cursor::plain_line`] look at nothing else.
fn next_line_stop(rest: &[u8]) -> usize {
    rest.iter()
        .position(|&b| matches!(b, b':' | b'#' | b'\n'))
        .unwrap_or(rest.len())
}

/// The duplicate-key record of [`super::yaml`]'s builder, by the same function: `key` against
/// the `entries` of its mapping read so far. A free function, so that a block mapping can pass
/// its entries straight off the cursor's stack.
fn record_duplicate(
    duplicates: &mut Vec<(Span, Span)>,
    entries: &[Entry],
    index: &mut Option<HashMap<String, Span>>,
    key: &Node,
) {
    if let Some(first) = first_key_named(entries, index, key) {
        duplicates.push((key.span, first));
    }
}

fn is_blank_or_end(b: Option<u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\n'))
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, limits: Limits) -> Self {
        Cursor {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line_start: 0,
            limits,
            nodes: 0,
            depth: 0,
            indent: -1,
            duplicate_keys: Vec::new(),
            entries: Vec::new(),
            items: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn column(&self) -> usize {
        self.pos - self.line_start
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn slice(&self, start: usize, end: usize) -> Fast<&'a str> {
        self.text.get(start..end).ok_or(Bail)
    }

    /// `---` or `...` at the start of a line: the end of whatever is being read.
    fn at_document_marker(&self) -> bool {
        self.column() == 0
            && matches!(
                self.bytes.get(self.pos..self.pos + 3),
                Some(b"---") | Some(b"...")
            )
            && is_blank_or_end(self.peek_at(3))
    }

    fn grow(&mut self) -> Fast<()> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes_per_document {
            return Err(Bail);
        }
        Ok(())
    }

    fn enter(&mut self) -> Fast<()> {
        self.depth += 1;
        // Well short of the limit: the full parser words the error.
        if self.depth + 2 >= self.limits.max_depth {
            return Err(Bail);
        }
        Ok(())
    }

    /// Enter a block collection whose entries stand at `indent`; the enclosing indentation is
    /// returned for [`Self::close_block`].
    fn open_block(&mut self, indent: usize) -> Fast<isize> {
        self.enter()?;
        self.grow()?;
        Ok(std::mem::replace(&mut self.indent, indent as isize))
    }

    fn close_block(&mut self, outer: isize) {
        self.depth -= 1;
        self.indent = outer;
    }

    /// Skip spaces, line breaks and comments up to the next token (or the end).
    fn skip_trivia(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line_start = self.pos;
                }
                // Callers only get here at a line start or after a space.
                b'#' => self.skip_to_line_end(),
                _ => break,
            }
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn skip_to_line_end(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    }

    /// After a token that ends a line's content: optional spaces and a comment, then the line
    /// break (or the end), then everything up to the next token.
    fn finish_line(&mut self) -> Fast<()> {
        let before = self.pos;
        self.skip_spaces();
        match self.peek() {
            None | Some(b'\n') => {}
            Some(b'#') if self.pos > before => self.skip_to_line_end(),
            _ => return Err(Bail),
        }
        self.skip_trivia();
        Ok(())
    }

    /// The next document, or `None` at the end of the stream.
    fn document(&mut self, index: usize) -> Fast<Option<Document>> {
        self.nodes = 0;
        self.depth = 0;
        self.indent = -1;
        self.duplicate_keys.clear();
        // A document given up on leaves its open collections' entries behind.
        self.entries.clear();
        self.items.clear();
        self.skip_trivia();
        if self.at_end() {
            return Ok(None);
        }
        let start = self.pos;
        let explicit = self.at_document_marker();
        if explicit {
            if self.peek() == Some(b'.') {
                return Err(Bail);
            }
            self.pos += 3;
            let marker_end = self.pos;
            self.finish_line()?;
            if self.at_document_marker() && self.peek() == Some(b'.') {
                return Err(Bail);
            }
            if self.at_end() || self.at_document_marker() {
                return Ok(Some(Document {
                    index,
                    span: Span::new(start, marker_end),
                    root: Some(null(marker_end)),
                    duplicate_keys: Vec::new(),
                }));
            }
        } else if self.column() == 0 && self.peek() == Some(b'%') {
            return Err(Bail);
        }
        let indent = self.column();
        // A block root ends with its last node but its document at the next token, as in the
        // full parser; a flow root and its document end at the closing bracket.
        let (root, end) = if self.at_sequence_entry() {
            (self.block_sequence(indent, false)?, self.pos)
        } else if let Some(key) = self.try_key() {
            (self.block_mapping(indent, key)?, self.pos)
        } else if matches!(self.peek(), Some(b'[' | b'{')) {
            let node = self.flow_node(-1)?;
            self.finish_line()?;
            let end = node.span.end;
            (node, end)
        } else {
            return Err(Bail);
        };
        if !(self.at_end() || self.at_document_marker()) || self.peek() == Some(b'.') {
            return Err(Bail);
        }
        Ok(Some(Document {
            index,
            span: Span::new(start, end),
            root: Some(root),
            duplicate_keys: std::mem::take(&mut self.duplicate_keys),
        }))
    }

    fn at_sequence_entry(&self) -> bool {
        self.peek() == Some(b'-') && is_blank_or_end(self.peek_at(1))
    }

    /// The key of a mapping entry (`key:` followed by a space or the line's end) if one starts
    /// here; otherwise nothing is consumed.
    fn try_key(&mut self) -> Option<Node> {
        let (pos, line_start, nodes) = (self.pos, self.line_start, self.nodes);
        let key = self.key().ok();
        if key.is_none() {
            (self.pos, self.line_start, self.nodes) = (pos, line_start, nodes);
        }
        key
    }

    /// A one-line key and its `:`.
    fn key(&mut self) -> Fast<Node> {
        let key = match self.peek() {
            Some(b'"' | b'\'') => self.quoted(false)?,
            _ => {
                let start = self.pos;
                self.check_plain_start(false)?;
                let rest = self.bytes.get(start..).unwrap_or(&[]);
                let mut len = 0;
                loop {
                    len += rest.get(len..).map_or(0, next_line_stop);
                    match rest.get(len) {
                        None | Some(b'\n') => return Err(Bail),
                        Some(b':') if is_blank_or_end(rest.get(len + 1).copied()) => break,
                        Some(b'#') if len > 0 && rest.get(len - 1) == Some(&b' ') => {
                            return Err(Bail);
                        }
                        _ => len += 1,
                    }
                }
                // `key :` and keys that trail spaces are rare; the full parser reads them.
                if len == 0 || rest.get(len - 1) == Some(&b' ') {
                    return Err(Bail);
                }
                self.pos = start + len;
                self.grow()?;
                let text = self.slice(start, self.pos)?;
                scalar(Span::new(start, self.pos), text, Style::Plain)
            }
        };
        if self.peek() != Some(b':') || !is_blank_or_end(self.peek_at(1)) {
            return Err(Bail);
        }
        // YAML caps an implicit key at 1024 characters; near that, the full parser decides.
        if self.pos - key.span.start > MAX_KEY_BYTES {
            return Err(Bail);
        }
        self.pos += 1;
        Ok(key)
    }

    /// Plain scalars cannot start with an indicator (`-`, `?` and `:` only when a space follows).
    fn check_plain_start(&self, flow: bool) -> Fast<()> {
        match self.peek() {
            None | Some(b' ' | b'\n') => Err(Bail),
            Some(b'-') if !is_blank_or_end(self.peek_at(1)) => {
                if flow && self.peek_at(1).is_some_and(is_flow_indicator) {
                    return Err(Bail);
                }
                Ok(())
            }
            Some(
                b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
                | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`',
            ) => Err(Bail),
            Some(_) => Ok(()),
        }
    }

    /// A block mapping whose keys stand at `indent`, from its first key (already read).
    fn block_mapping(&mut self, indent: usize, first_key: Node) -> Fast<Node> {
        let outer = self.open_block(indent)?;
        let start = first_key.span.start;
        let base = self.entries.len();
        let mut index: Option<HashMap<String, Span>> = None;
        let mut next_key = Some(first_key);
        loop {
            let key = match next_key.take() {
                Some(key) => key,
                None => self.key()?,
            };
            self.skip_spaces();
            let value = match self.peek() {
                None | Some(b'\n' | b'#') => {
                    if self.peek() == Some(b'#') && self.bytes.get(self.pos - 1) != Some(&b' ') {
                        return Err(Bail);
                    }
                    self.skip_trivia();
                    let column = self.column();
                    if self.at_end() || self.at_document_marker() || column < indent {
                        self.grow()?;
                        null(key.span.end)
                    } else if column == indent {
                        if self.at_sequence_entry() {
                            self.block_sequence(indent, true)?
                        } else {
                            self.grow()?;
                            null(key.span.end)
                        }
                    } else {
                        self.block_node(column)?
                    }
                }
                _ => self.inline_value()?,
            };
            let entries = self.entries.get(base..).unwrap_or_default();
            record_duplicate(&mut self.duplicate_keys, entries, &mut index, &key);
            self.entries.push(Entry { key, value });
            if self.at_end() || self.at_document_marker() {
                break;
            }
            let column = self.column();
            if column < indent {
                break;
            }
            if column > indent || self.at_sequence_entry() {
                return Err(Bail);
            }
        }
        self.close_block(outer);
        let entries = self.entries.split_off(base);
        // As the full parser has it: a block collection ends with its last node.
        let end = entries.last().map_or(self.pos, |e| e.value.span.end);
        Ok(Node {
            span: Span::new(start, end),
            kind: NodeKind::Map(entries),
        })
    }

    /// A node in block context at `column`: a sequence, a mapping, or a scalar or flow
    /// collection with the rest of its line.
    fn block_node(&mut self, column: usize) -> Fast<Node> {
        if self.at_sequence_entry() {
            self.block_sequence(column, false)
        } else if let Some(key) = self.try_key() {
            self.block_mapping(column, key)
        } else {
            // A scalar continued on a more indented line is left for the caller to refuse.
            self.inline_value()
        }
    }

    /// A block sequence whose `-` entries stand at `indent`. `indentless`: the value of a mapping
    /// key at the key's own column, whose span the full parser starts at the first entry's node.
    fn block_sequence(&mut self, indent: usize, indentless: bool) -> Fast<Node> {
        let outer = self.open_block(indent)?;
        let mut start = self.pos;
        let base = self.items.len();
        loop {
            self.pos += 1;
            self.skip_spaces();
            // The full parser starts an indentless sequence at its first entry's first token.
            if indentless && self.items.len() == base {
                start = self.pos;
            }
            let item = match self.peek() {
                None | Some(b'\n' | b'#') => {
                    // Where the full parser puts an empty entry is settled only for a plain line end.
                    if self.peek() == Some(b'#') || (indentless && self.items.len() == base) {
                        return Err(Bail);
                    }
                    let empty_at = self.pos;
                    self.skip_trivia();
                    if self.at_end() || self.at_document_marker() || self.column() <= indent {
                        self.grow()?;
                        null(empty_at)
                    } else {
                        self.block_node(self.column())?
                    }
                }
                _ => self.block_node(self.column())?,
            };
            self.items.push(item);
            if self.at_end() || self.at_document_marker() {
                break;
            }
            let column = self.column();
            if column == indent && self.at_sequence_entry() {
                continue;
            }
            if column < indent || (indentless && column == indent) {
                break;
            }
            return Err(Bail);
        }
        self.close_block(outer);
        let items = self.items.split_off(base);
        let end = items.last().map_or(self.pos, |n| n.span.end);
        Ok(Node {
            span: Span::new(start, end),
            kind: NodeKind::Seq(items),
        })
    }

    /// A scalar or flow collection that starts mid-line, and the rest of its line.
    fn inline_value(&mut self) -> Fast<Node> {
        let node = match self.peek() {
            Some(b'|' | b'>') => return self.block_scalar(),
            Some(b'[' | b'{') => self.flow_node(self.indent)?,
            Some(b'"' | b'\'') => self.quoted(true)?,
            _ => self.plain_block()?,
        };
        self.finish_line()?;
        Ok(node)
    }

    /// A literal (`|`) or folded (`>`) block scalar with an optional chomping indicator and an
    /// indentation taken from its first line, read as libyaml and granit-parser read it. Its span
    /// runs from the first content character to the next token.
    fn block_scalar(&mut self) -> Fast<Node> {
        let folded = self.peek() == Some(b'>');
        self.pos += 1;
        let chomping = match self.peek() {
            Some(c @ (b'-' | b'+')) => {
                self.pos += 1;
                c
            }
            _ => b' ',
        };
        // Explicit indentation indicators are rare; the full parser reads them.
        let before = self.pos;
        self.skip_spaces();
        match self.peek() {
            Some(b'\n') => {}
            Some(b'#') if self.pos > before => self.skip_to_line_end(),
            _ => return Err(Bail),
        }
        self.pos += 1;
        self.line_start = self.pos;

        // Leading empty lines, then the first content line fixes the indentation.
        let mut trailing_breaks = String::new();
        let mut widest_empty = 0;
        loop {
            self.skip_spaces();
            if self.peek() == Some(b'\n') {
                widest_empty = widest_empty.max(self.column());
                trailing_breaks.push('\n');
                self.pos += 1;
                self.line_start = self.pos;
                continue;
            }
            break;
        }
        let indent = self.column();
        let minimum = usize::try_from(self.indent + 1).unwrap_or(0).max(1);
        if self.at_end() || indent < minimum || widest_empty > indent {
            return Err(Bail);
        }
        let start = self.pos;
        let mut text = String::new();
        let mut leading_break = "";
        let mut leading_blank = false;
        while self.column() == indent && !self.at_end() {
            if self.at_document_marker() {
                return Err(Bail);
            }
            let trailing_blank = self.peek() == Some(b' ');
            if folded && leading_break == "\n" && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    text.push(' ');
                }
            } else {
                text.push_str(leading_break);
            }
            text.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = trailing_blank;
            let line = self.pos;
            self.skip_to_line_end();
            text.push_str(self.slice(line, self.pos)?);
            if self.at_end() {
                // granit-parser ends an unterminated last line as if it had its line break.
                if chomping == b'+' {
                    return Err(Bail);
                }
                leading_break = "\n";
                break;
            }
            self.pos += 1;
            self.line_start = self.pos;
            leading_break = "\n";
            // Indentation up to the scalar's, and empty lines.
            loop {
                while self.column() < indent && self.peek() == Some(b' ') {
                    self.pos += 1;
                }
                if self.peek() == Some(b'\n') {
                    trailing_breaks.push('\n');
                    self.pos += 1;
                    self.line_start = self.pos;
                    continue;
                }
                break;
            }
        }
        match chomping {
            b'-' => {}
            b'+' => {
                text.push_str(leading_break);
                text.push_str(&trailing_breaks);
            }
            _ => text.push_str(leading_break),
        }
        let end = self.pos;
        self.grow()?;
        // What follows the scalar: comments, blank lines, the next token.
        self.skip_spaces();
        if self.peek() == Some(b'#')
            && self.column() > 0
            && self.bytes.get(self.pos - 1) != Some(&b' ')
        {
            return Err(Bail);
        }
        self.skip_trivia();
        Ok(scalar(Span::new(start, end), text, Style::Block))
    }

    /// A plain scalar in block context, with the continuation lines that fold into it.
    fn plain_block(&mut self) -> Fast<Node> {
        self.check_plain_start(false)?;
        let start = self.pos;
        let first = self.plain_line(start)?;
        let mut end = first.1;
        self.pos = first.2;
        let mut folded: Option<String> = None;
        // Continuation lines, indented past the enclosing collection, fold into one scalar.
        loop {
            if first.2 != end
                && self
                    .bytes
                    .get(end..first.2)
                    .is_some_and(|gap| gap.contains(&b'#'))
            {
                break;
            }
            let mut next = self.pos;
            let mut empty_lines = 0;
            let column = loop {
                if self.bytes.get(next) != Some(&b'\n') {
                    break None;
                }
                next += 1;
                let line = next;
                while self.bytes.get(next) == Some(&b' ') {
                    next += 1;
                }
                match self.bytes.get(next) {
                    Some(b'\n') => empty_lines += 1,
                    None => break None,
                    Some(_) => break Some((next - line, line)),
                }
            };
            let Some((column, line)) = column else {
                break;
            };
            if column as isize <= self.indent
                || (column == 0 && matches!(self.bytes.get(next..next + 3), Some(b"---" | b"...")))
            {
                break;
            }
            // A comment or an indicator on a continuation line is beyond the fast path.
            let indicator = match self.bytes.get(next) {
                Some(b'#' | b'?' | b':') => true,
                Some(b'-') => is_blank_or_end(self.bytes.get(next + 1).copied()),
                _ => false,
            };
            if indicator {
                return Err(Bail);
            }
            let (text_start, text_end, stop) = self.plain_line(next)?;
            if stop != text_end {
                return Err(Bail);
            }
            let text = folded
                .get_or_insert_with(|| self.text.get(start..end).unwrap_or_default().to_owned());
            if empty_lines == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', empty_lines));
            }
            text.push_str(self.slice(text_start, text_end)?);
            end = text_end;
            self.pos = stop;
            self.line_start = line;
        }
        self.grow()?;
        let text = match folded {
            Some(text) => CompactString::from(text),
            None => CompactString::from(self.slice(start, end)?),
        };
        Ok(scalar(Span::new(start, end), text, Style::Plain))
    }

    /// One line of a plain scalar from `start`: (text start, text end without trailing spaces,
    /// where the line's content stops: its break, a ` #` comment or the end).
    fn plain_line(&self, start: usize) -> Fast<(usize, usize, usize)> {
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        let mut len = 0;
        loop {
            len += rest.get(len..).map_or(0, next_line_stop);
            match rest.get(len) {
                None | Some(b'\n') => break,
                Some(b':') if is_blank_or_end(rest.get(len + 1).copied()) => return Err(Bail),
                // The comment starts at the space before `#` (a scalar never starts with `#`).
                Some(b'#') if len > 0 && rest.get(len - 1) == Some(&b' ') => {
                    len -= 1;
                    break;
                }
                _ => len += 1,
            }
        }
        let stop = start + len;
        let mut end = stop;
        while end > start && self.bytes.get(end - 1) == Some(&b' ') {
            end -= 1;
        }
        Ok((start, end, stop))
    }

    /// A single- or double-quoted scalar; `multiline` where it may fold over several lines (not
    /// as an implicit key).
    fn quoted(&mut self, multiline: bool) -> Fast<Node> {
        let start = self.pos;
        let quote = self.peek().ok_or(Bail)?;
        self.pos += 1;
        let mut text = String::new();
        let mut run = self.pos;
        loop {
            let b = self.peek().ok_or(Bail)?;
            match b {
                b'\n' if !multiline => return Err(Bail),
                b'\n' => {
                    self.fold_line_break(&mut text, run)?;
                    run = self.pos;
                }
                b'\'' if quote == b'\'' => {
                    text.push_str(self.slice(run, self.pos)?);
                    if self.peek_at(1) == Some(b'\'') {
                        text.push('\'');
                        self.pos += 2;
                        run = self.pos;
                    } else {
                        self.pos += 1;
                        break;
                    }
                }
                b'"' if quote == b'"' => {
                    text.push_str(self.slice(run, self.pos)?);
                    self.pos += 1;
                    break;
                }
                b'\\' if quote == b'"' => {
                    text.push_str(self.slice(run, self.pos)?);
                    self.escape(&mut text)?;
                    run = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        self.grow()?;
        Ok(scalar(Span::new(start, self.pos), text, Style::Quoted))
    }

    /// A line break inside a quoted scalar (at `self.pos`): the line's trailing spaces go, the
    /// break becomes a space, or as many newlines as empty lines follow; the next line's
    /// indentation goes too. Continuation lines indented no deeper than the enclosing
    /// collection are left to the full parser.
    fn fold_line_break(&mut self, text: &mut String, run: usize) -> Fast<()> {
        let line = self.slice(run, self.pos)?;
        text.push_str(line.trim_end_matches(' '));
        let mut empty_lines = 0;
        loop {
            self.pos += 1;
            self.line_start = self.pos;
            self.skip_spaces();
            if self.peek() != Some(b'\n') {
                break;
            }
            empty_lines += 1;
        }
        if self.at_end() || self.at_document_marker() || (self.column() as isize) <= self.indent {
            return Err(Bail);
        }
        if empty_lines == 0 {
            text.push(' ');
        } else {
            text.extend(std::iter::repeat_n('\n', empty_lines));
        }
        Ok(())
    }

    /// One `\` escape of a double-quoted scalar (YAML 1.2 §5.7); a line continuation is left to
    /// the full parser.
    fn escape(&mut self, out: &mut String) -> Fast<()> {
        let code = self.peek_at(1).ok_or(Bail)?;
        self.pos += 2;
        let simple = match code {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' | b'u' | b'U' => {
                let digits = match code {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = self.slice(self.pos, self.pos + digits)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(Bail);
                }
                let value = u32::from_str_radix(hex, 16).map_err(|_| Bail)?;
                self.pos += digits;
                char::from_u32(value).ok_or(Bail)?
            }
            _ => return Err(Bail),
        };
        out.push(simple);
        Ok(())
    }

    /// Spaces, line breaks and comments inside a flow collection. Later lines must be indented
    /// past `block_indent`, and a document marker ends the collection too early.
    fn flow_trivia(&mut self, block_indent: isize) -> Fast<()> {
        loop {
            match self.peek() {
                Some(b' ') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line_start = self.pos;
                    self.skip_spaces();
                    if !matches!(self.peek(), None | Some(b'\n' | b'#'))
                        && (self.column() as isize) <= block_indent
                    {
                        return Err(Bail);
                    }
                    if self.at_document_marker() {
                        return Err(Bail);
                    }
                }
                Some(b'#') => {
                    let after_space = self
                        .pos
                        .checked_sub(1)
                        .and_then(|p| self.bytes.get(p))
                        .is_some_and(|&b| b == b' ' || b == b'\n');
                    if !after_space {
                        return Err(Bail);
                    }
                    self.skip_to_line_end();
                }
                None => return Err(Bail),
                Some(_) => return Ok(()),
            }
        }
    }

    /// After a flow entry: a `,` before the next one, or the closing bracket (then `true`).
    fn flow_entry_end(&mut self, block_indent: isize, close: u8) -> Fast<bool> {
        self.flow_trivia(block_indent)?;
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(Bail),
        }
    }

    fn flow_node(&mut self, block_indent: isize) -> Fast<Node> {
        match self.peek() {
            Some(b'[') => self.flow_sequence(block_indent),
            Some(b'{') => self.flow_mapping(block_indent),
            Some(b'"' | b'\'') => self.quoted(true),
            _ => self.plain_flow(),
        }
    }

    fn flow_sequence(&mut self, block_indent: isize) -> Fast<Node> {
        self.enter()?;
        self.grow()?;
        let start = self.pos;
        self.pos += 1;
        // On the cursor's stack, like a block sequence's items.
        let base = self.items.len();
        loop {
            self.flow_trivia(block_indent)?;
            if self.peek() == Some(b']') {
                self.pos += 1;
                break;
            }
            let item = self.flow_node(block_indent)?;
            self.items.push(item);
            if self.flow_entry_end(block_indent, b']')? {
                break;
            }
        }
        self.depth -= 1;
        let items = self.items.split_off(base);
        Ok(Node {
            span: Span::new(start, self.pos),
            kind: NodeKind::Seq(items),
        })
    }

    fn flow_mapping(&mut self, block_indent: isize) -> Fast<Node> {
        self.enter()?;
        self.grow()?;
        let start = self.pos;
        self.pos += 1;
        // On the cursor's stack, like a block mapping's entries.
        let base = self.entries.len();
        let mut index = None;
        loop {
            self.flow_trivia(block_indent)?;
            if self.peek() == Some(b'}') {
                self.pos += 1;
                break;
            }
            let key = match self.peek() {
                Some(b'"' | b'\'') => self.quoted(false)?,
                Some(b'[' | b'{') => return Err(Bail),
                _ => self.plain_flow()?,
            };
            if self.peek() != Some(b':')
                || !is_blank_or_end(self.peek_at(1))
                || self.pos - key.span.start > MAX_KEY_BYTES
            {
                return Err(Bail);
            }
            self.pos += 1;
            self.flow_trivia(block_indent)?;
            if matches!(self.peek(), Some(b',' | b'}')) {
                return Err(Bail);
            }
            let value = self.flow_node(block_indent)?;
            let entries = self.entries.get(base..).unwrap_or_default();
            record_duplicate(&mut self.duplicate_keys, entries, &mut index, &key);
            self.entries.push(Entry { key, value });
            if self.flow_entry_end(block_indent, b'}')? {
                break;
            }
        }
        self.depth -= 1;
        let entries = self.entries.split_off(base);
        Ok(Node {
            span: Span::new(start, self.pos),
            kind: NodeKind::Map(entries),
        })
    }

    /// A one-line plain scalar inside a flow collection: it also ends at `,[]{}` and at a `:`
    /// followed by a space or one of those.
    fn plain_flow(&mut self) -> Fast<Node> {
        self.check_plain_start(true)?;
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        let mut len = 0;
        loop {
            match rest.get(len) {
                None => return Err(Bail),
                Some(b'\n') => break,
                Some(&b) if is_flow_indicator(b) => break,
                Some(b':') => match rest.get(len + 1) {
                    None | Some(b' ' | b'\n') => break,
                    Some(&n) if is_flow_indicator(n) => return Err(Bail),
                    _ => len += 1,
                },
                Some(b' ') if rest.get(len + 1) == Some(&b'#') => break,
                _ => len += 1,
            }
        }
        let mut end = start + len;
        self.pos = end;
        while end > start && self.bytes.get(end - 1) == Some(&b' ') {
            end -= 1;
        }
        if end == start {
            return Err(Bail);
        }
        // A plain scalar that goes on past a line break is a multi-line one.
        if self.peek() == Some(b'\n') || self.bytes.get(self.pos) == Some(&b' ') {
            let (pos, line_start) = (self.pos, self.line_start);
            self.flow_trivia(-1)?;
            let next = self.peek();
            (self.pos, self.line_start) = (pos, line_start);
            if !matches!(next, Some(b',' | b']' | b'}' | b':')) {
                return Err(Bail);
            }
        }
        self.grow()?;
        let text = self.slice(start, end)?;
        Ok(scalar(Span::new(start, end), text, Style::Plain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::yaml::{parse_stream, parse_stream_granit};

    #[test]
    fn pieces_cover_the_text_and_start_at_document_markers() {
        let text = "a: 1\n---\nb: 2\n----\n--- # c\nc: 3\n---x\n---\n";
        for pieces in [1, 2, 3, 5, 100] {
            let cut = document_starts(text, pieces);
            assert_eq!(cut.first().map(|p| p.0), Some(0));
            assert_eq!(cut.last().map(|p| p.1), Some(text.len()));
            assert!(cut.windows(2).all(|w| w[0].1 == w[1].0), "{cut:?}");
            for &(start, _) in cut.iter().skip(1) {
                let line = &text[start..];
                assert!(
                    line.starts_with("---\n") || line.starts_with("--- "),
                    "{pieces} pieces cut at {line:?}"
                );
            }
        }
        assert_eq!(document_starts(text, 1), [(0, text.len())]);
        // `----` and `---x` are content, not markers.
        let starts: Vec<usize> = document_starts(text, 100).iter().map(|p| p.0).collect();
        assert_eq!(starts, [0, 5, 19, 37]);
    }

    #[test]
    fn pieces_parse_into_the_documents_of_the_whole_stream() {
        let text = "a: 1\n---\nb: [2, 3]\n---\n---\nc:\n  - d: 4\n# end\n";
        let whole = parse_stream(text, Limits::default());
        let mut documents = Vec::new();
        for range in document_starts(text, 100) {
            let upto = &text[..range.1];
            let resume = parse_chunks_from(upto, range.0, Limits::default(), 1, &mut |s| {
                documents.extend(s.documents)
            });
            assert!(resume.is_none());
        }
        assert_eq!(document_starts(text, 100).len(), 4);
        assert_eq!(documents.len(), whole.documents.len());
        for (piece, whole) in documents.iter().zip(&whole.documents) {
            assert_eq!((piece.span, &piece.root), (whole.span, &whole.root));
        }
    }

    #[test]
    fn refused_characters_are_found_on_either_side_of_a_block_edge() {
        let refused: [&[u8]; 6] = [
            b"\t",
            b"\r",
            b"\x7f",
            "\u{85}".as_bytes(),
            "\u{feff}".as_bytes(),
            "\u{fffe}".as_bytes(),
        ];
        let allowed: [&[u8]; 3] = ["é".as_bytes(), "\u{a0}".as_bytes(), "€".as_bytes()];
        for at in [0, 1, 30, 31, 32, 33, 63, 64, 95] {
            for bad in refused {
                let mut text = vec![b'a'; 100];
                text.splice(at..at, bad.iter().copied());
                assert!(!only_plain_characters(&text), "{bad:?} at {at}");
            }
            for good in allowed {
                let mut text = vec![b'a'; 100];
                text.splice(at..at, good.iter().copied());
                assert!(only_plain_characters(&text), "{good:?} at {at}");
            }
        }
        assert!(only_plain_characters(b""));
        assert!(only_plain_characters(b"key: value\n"));
    }

    /// Both paths build the same stream.
    fn agrees(text: &str) {
        let limits = Limits::default();
        assert_eq!(
            parse_stream(text, limits),
            parse_stream_granit(text, limits),
            "{text:?}"
        );
    }

    /// The fast path reads all of `text`, and builds what granit-parser builds.
    fn read_fast(text: &str) {
        assert!(
            documents_read_fast(text, Limits::default()).1,
            "handed over: {text:?}"
        );
        agrees(text);
    }

    #[test]
    fn block_collections_and_their_spans() {
        read_fast(
            "a: 1\nb:\n  c: x y  # comment\n  d:\n  e: [1, \"two\", {k: v}]\nlist:\n- x\n- y: 1\n  z: 2\n-   - nested\n\n# trailing\n",
        );
        read_fast(
            "# lead\n\napiVersion: v1\nports:\n  - port: 80\n    x: y\n  - name: b\nsel:\n  - a\nempty:\nlast: z",
        );
        read_fast("l:\n- a: 1\n  b: 2\n- c\nm: 1\n");
        read_fast("a:\n  - x\n  -\n  - y\nb: \"q\\\"x\"\n");
        read_fast("a:\n  - \nb: 1\nc:\n  -  \n  - x\n");
        read_fast("- a\n- b:\n- c: \n    d\n");
        read_fast("a: 1\n# c\n\n");
        read_fast("  indented: root\n  b: 2\n");
        read_fast("a: 1\nb: 2\na: 3\n");
    }

    #[test]
    fn documents_and_markers() {
        read_fast("--- \nfoo: bar\n---\n---\n# only comment\n");
        read_fast("---\n# nothing\n");
        read_fast("# only a comment\n");
        read_fast("");
        read_fast("a: 1\n---\nb: 2\n--- # c\nc: 3\n");
        agrees("---\n...\n---\na: 1\n");
        agrees("a: 1\n---\n...\n");
        agrees("a: b\n...\n");
        agrees("--- a: b\n");
        agrees("%YAML 1.2\n---\na: 1\n");
    }

    #[test]
    fn scalars() {
        read_fast(
            "a: 'it''s'\nb: \"tab\\there \\u00e9 \\x41 \\U0001F600\"\nc: http://x:80/y#z\nd: -1\ne: a#b\n",
        );
        read_fast("a: plain\n  continued\n\n  after an empty line\nb: 2\n");
        read_fast("- one\n  two\n- three\n");
        read_fast("a: run `kubectl apply\n  --dry-run` first\nb: 1\n");
        agrees("a: one\n  - two\n");
        read_fast("a: é ü 中\n");
        read_fast("a: \"multi  \n  line\"\nb: 'it''s\n\n   folded\n\n\n   twice'\n");
        read_fast("- 'in a\n  sequence'\n- x\n");
        agrees("a: \"escaped \\\n  break\"\n");
        agrees("a: 'not\nindented'\n");
        agrees("'multi\n  line key': x\n");
        agrees("a: b: c\n");
        agrees(&format!("{}: long key\n", "k".repeat(1100)));
        agrees(&format!("{{{}: long flow key}}\n", "k".repeat(1100)));
        read_fast(&format!("{}: a long key, still fine\n", "k".repeat(900)));
        agrees("a: &x 1\nb: *x\n");
        agrees("a: !!str 1\n");
        agrees("a: \"\\q\"\n");
        agrees("a:\tb\n");
        agrees("a: b\r\nc: d\r\n");
    }

    #[test]
    fn block_scalars() {
        read_fast(
            "m:\n  n: |\n    line1\n     line2\n\n  o: >-\n    folded\n    text\n\n    para\n  p: x\n",
        );
        read_fast("a: |+\n  keep\n\n\nb: |-\n  strip\n\nc: >\n  a\n   more\n  b\n\n  c\n");
        read_fast("- |\n  in a sequence\n- >\n  folded\n  too\n");
        read_fast("a: | # comment\n  x\n# after\nb: 1\n");
        read_fast("a: |\n  last");
        agrees("a: |2\n   explicit\n");
        agrees("a: |\n    \n  less\n");
        agrees("a: |\nb: 1\n");
    }

    #[test]
    fn flow_collections() {
        read_fast("a: [\n  1, 2,\n  3 ]\nk: {x: 1, 'y': \"z\"}\n");
        read_fast("metadata: {name: svc-1}\nspec:\n  ports: [{port: 80, targetPort: 8080}]\n");
        read_fast("a: []\nb: {}\nc: [a b, c]\n");
        agrees("a: [a: b]\n");
        agrees("a: {a, b}\n");
        agrees("a: [1,\n2]\n");
        agrees("a: [1, 2\n");
        agrees("a: {x: 1} extra\n");
    }

    #[test]
    fn syntax_errors_are_the_full_parsers() {
        for text in [
            "a: 1\n b: 2\n",
            "a:\n  - x\n  b: 1\n",
            "- a\nb: 1\n",
            "a: [\n",
            "key: \"open\n",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn limits_are_the_full_parsers() {
        agrees(&"[".repeat(20_000));
        let deep: String = (0..300)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        agrees(&deep);
        let limits = Limits {
            max_documents: 2,
            ..Limits::default()
        };
        let text = "a: 1\n---\nb: 2\n---\nc: 3\n";
        assert_eq!(
            parse_stream(text, limits),
            parse_stream_granit(text, limits)
        );
        assert!(documents_read_fast(text, limits).1);
    }
}
