//! The one YAML parse svcctl does per file: granit-parser events folded into a tree in which every
//! node and every mapping key keeps its byte span, so that any finding can point at the exact node.
//!
//! Scalars are kept as written and resolved on demand the way kubectl resolves them: kubectl turns
//! YAML into JSON with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 rules), so `yes`/`on` are booleans and
//! `0755` is an octal integer before the API server ever sees them.

use std::borrow::Cow;
use std::collections::HashMap;

use compact_str::CompactString;
use granit_parser::{Event, Options, Parser, ScalarStyle, Span as GSpan, StructureStyle};

use super::source::Span;

/// Hard limits that keep hostile input from exhausting memory or time.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Nodes a single document may expand to through aliases (a "billion laughs" guard).
    pub max_nodes_per_document: usize,
    /// Nesting depth of collections.
    pub max_depth: usize,
    /// Documents in one file.
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_nodes_per_document: 1_000_000,
            max_depth: 200,
            max_documents: 1_000_000,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// Inline up to 24 bytes: nearly every key and value of a manifest, so a tree of scalars is
    /// mostly built without a heap allocation per scalar.
    pub text: CompactString,
    pub style: Style,
    /// The core-schema tag (`!!str`, `!!int`…), when the author wrote one.
    pub tag: Option<Tag>,
}

/// A core-schema tag, as far as resolving a scalar cares. One byte rather than the tag's text:
/// every node of every tree carries the field, and the tree's size is most of a parse's cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Str,
    Null,
    Other,
}

impl Tag {
    fn from_core_suffix(suffix: &str) -> Tag {
        match suffix {
            "str" => Tag::Str,
            "null" => Tag::Null,
            _ => Tag::Other,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A scalar resolved to the JSON value kubectl would send.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl Resolved<'_> {
    /// The JSON type name, as Go's decoder words it ("cannot unmarshal string into …").
    pub fn json_type(&self) -> &'static str {
        match self {
            Resolved::Null => "null",
            Resolved::Bool(_) => "bool",
            Resolved::Int(_) | Resolved::Float(_) => "number",
            Resolved::Str(_) => "string",
        }
    }
}

impl Scalar {
    pub fn resolve(&self) -> Resolved<'_> {
        if self.style != Style::Plain {
            return Resolved::Str(&self.text);
        }
        match self.tag {
            Some(Tag::Str) => return Resolved::Str(&self.text),
            Some(Tag::Null) => return Resolved::Null,
            Some(Tag::Other) | None => {}
        }
        resolve_plain(&self.text)
    }
}

/// go-yaml v2's resolution of a plain scalar (YAML 1.1 booleans, base-prefixed and octal integers).
pub fn resolve_plain(text: &str) -> Resolved<'_> {
    // Nearly every plain scalar in a manifest is a name or a decimal port: those are settled here
    // without running down the spellings below (a comparison each) or the base prefixes.
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'1'..=b'9') if bytes.len() <= 18 && bytes.iter().all(u8::is_ascii_digit) => {
            let value = bytes
                .iter()
                .fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
            return Resolved::Int(value);
        }
        Some(c)
            if c.is_ascii_alphabetic()
                && !matches!(
                    c,
                    b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O'
                ) =>
        {
            return Resolved::Str(text);
        }
        _ => {}
    }
    resolve_yaml11(text)
}

/// [`resolve_plain`] without its shortcut: every spelling go-yaml v2 knows.
fn resolve_yaml11(text: &str) -> Resolved<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes().first().copied().unwrap_or(b'x');
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return Resolved::Str(text);
    }
    if let Some(i) = parse_yaml11_int(text) {
        return Resolved::Int(i);
    }
    if is_yaml_float(text)
        && let Ok(f) = text.replace('_', "").parse::<f64>()
    {
        return Resolved::Float(f);
    }
    Resolved::Str(text)
}

/// Go's `strconv.ParseInt(s, 0, 64)` after removing underscores, as go-yaml v2 does.
fn parse_yaml11_int(text: &str) -> Option<i64> {
    let cleaned: Cow<str> = if text.contains('_') {
        Cow::Owned(text.replace('_', ""))
    } else {
        Cow::Borrowed(text)
    };
    let (negative, digits) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, cleaned.get(1..)?),
        Some(b'+') => (false, cleaned.get(1..)?),
        _ => (false, &cleaned[..]),
    };
    if digits.is_empty() {
        return None;
    }
    let (radix, body) = if let Some(rest) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, rest)
    } else if let Some(rest) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        (2, rest)
    } else if let Some(rest) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        (8, rest)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

fn is_yaml_float(text: &str) -> bool {
    // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
    let b = text.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int_digits = i - int_start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if int_digits == 0 && i == frac_start {
            return false;
        }
    } else if int_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

impl Node {
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn resolved(&self) -> Option<Resolved<'_>> {
        self.as_scalar().map(Scalar::resolve)
    }

    /// The value as a string, when kubectl would send a JSON string.
    pub fn as_str(&self) -> Option<&str> {
        match self.resolved()? {
            Resolved::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar whatever it resolves to (for keys and loose reading of workloads).
    pub fn scalar_text(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The value as an integer, when kubectl would send a JSON integer.
    pub fn as_int(&self) -> Option<i64> {
        match self.resolved()? {
            Resolved::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.resolved(), Some(Resolved::Null))
    }

    /// The entry for `key` in a mapping; the last one wins, as in Go's decoder.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?
            .iter()
            .rev()
            .find(|e| e.key.scalar_text() == Some(key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// A mapping's entries by key, the last of a repeated key winning as in [`Node::entry`]: for
    /// a caller that looks up many keys of one mapping, where a [`Node::entry`] call per key
    /// would be quadratic in a large one.
    pub fn entries_by_key(&self) -> HashMap<&str, &Entry> {
        self.string_entries().collect()
    }

    /// A mapping's entries with scalar keys, in order.
    pub fn string_entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.as_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| e.key.scalar_text().map(|k| (k, e)))
    }

    fn count(&self) -> usize {
        match &self.kind {
            NodeKind::Scalar(_) => 1,
            NodeKind::Seq(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            NodeKind::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|e| e.key.count() + e.value.count())
                    .sum::<usize>()
            }
        }
    }
}

/// The span of the first key of `entries` with the same text as `key`: the record of a repeated
/// key, shared by both parsers so that they agree. Manifest mappings are small, so a scan beats
/// hashing; a large one switches to an index (`seen`) so that a hostile 100k-key mapping stays
/// linear.
pub(crate) fn first_key_named(
    entries: &[Entry],
    seen: &mut Option<HashMap<String, Span>>,
    key: &Node,
) -> Option<Span> {
    let name = key.scalar_text()?;
    match seen {
        // The length and first byte settle nearly every pair of a manifest's keys without a
        // call to compare the rest.
        None if entries.len() < 32 => entries
            .iter()
            .find(|e| {
                e.key.scalar_text().is_some_and(|k| {
                    k.len() == name.len()
                        && k.as_bytes().first() == name.as_bytes().first()
                        && k == name
                })
            })
            .map(|e| e.key.span),
        _ => {
            let index = seen.get_or_insert_with(|| {
                let mut index = HashMap::new();
                for e in entries {
                    if let Some(k) = e.key.scalar_text() {
                        index.entry(k.to_owned()).or_insert(e.key.span);
                    }
                }
                index
            });
            match index.get(name) {
                Some(first) => Some(*first),
                None => {
                    index.insert(name.to_owned(), key.span);
                    None
                }
            }
        }
    }
}

/// One `---`-separated document of a file.
#[derive(Debug, PartialEq)]
pub struct Document {
    pub index: usize,
    pub span: Span,
    pub root: Option<Node>,
    /// Keys that repeat within one mapping: (the repeated key, the first occurrence).
    pub duplicate_keys: Vec<(Span, Span)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub document: usize,
    pub span: Span,
    pub message: String,
}

/// A comment, kept for `# svcctl-ignore:` suppressions and fixtures.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Default, PartialEq)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
}

impl Stream {
    /// Append a later part of the same stream.
    pub fn absorb(&mut self, part: Stream) {
        self.documents.extend(part.documents);
        self.errors.extend(part.errors);
        self.comments.extend(part.comments);
    }
}

/// Where a collection's span ends. A flow collection ends at its closing bracket. A block
/// collection ends with its last node: the parser only sees its end at the next token, often a
/// line or more further on, and a label running onto the next key would point at the wrong field.
fn collection_end(flow: bool, end_event: usize, last_child: Option<usize>) -> usize {
    match (flow, last_child) {
        (false, Some(last)) => last,
        (_, last) => end_event.max(last.unwrap_or(end_event)),
    }
}

enum Frame {
    Seq {
        start: usize,
        flow: bool,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        flow: bool,
        anchor: usize,
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        /// Key index, built only once a mapping grows large.
        seen: Option<HashMap<String, Span>>,
    },
}

struct Builder<'a> {
    text: &'a str,
    /// Where `text` starts in the file: spans are file offsets.
    base: usize,
    limits: Limits,
    stack: Vec<Frame>,
    anchors: Vec<(usize, Node, usize)>,
    nodes: usize,
    root: Option<Node>,
    duplicate_keys: Vec<(Span, Span)>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, base: usize, limits: Limits) -> Self {
        Builder {
            text,
            base,
            limits,
            stack: Vec::new(),
            anchors: Vec::new(),
            nodes: 0,
            root: None,
            duplicate_keys: Vec::new(),
        }
    }

    fn reset(&mut self) {
        self.stack.clear();
        self.anchors.clear();
        self.nodes = 0;
        self.root = None;
        self.duplicate_keys.clear();
    }

    fn offset(&self, marker: &granit_parser::Marker) -> usize {
        self.base
            + marker
                .byte_offset()
                .unwrap_or_else(|| char_to_byte(self.text, marker.index()))
    }

    fn span(&self, span: &GSpan) -> Span {
        Span::new(self.offset(&span.start), self.offset(&span.end))
    }

    fn grow(&mut self, by: usize) -> Result<(), String> {
        self.nodes += by;
        if self.nodes > self.limits.max_nodes_per_document {
            return Err(format!(
                "document has more than {} nodes, counting each alias as the nodes it repeats (the limit that stops alias bombs); refusing to read further",
                self.limits.max_nodes_per_document
            ));
        }
        Ok(())
    }

    fn push_node(&mut self, node: Node, anchor: usize) -> Result<(), String> {
        if anchor != 0 {
            let size = node.count();
            self.anchors.push((anchor, node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                seen,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    if let Some(first) = first_key_named(entries, seen, &key) {
                        self.duplicate_keys.push((key.span, first));
                    }
                    entries.push(Entry { key, value: node });
                }
            },
        }
        Ok(())
    }

    fn event(&mut self, event: Event<'_>, span: &GSpan) -> Result<(), String> {
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                self.grow(1)?;
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    _ => Style::Block,
                };
                let tag = tag.and_then(|t| t.core_suffix().map(Tag::from_core_suffix));
                let node = Node {
                    span: self.span(span),
                    kind: NodeKind::Scalar(Scalar {
                        text: CompactString::from(value),
                        style,
                        tag,
                    }),
                };
                self.push_node(node, anchor)?;
            }
            Event::SequenceStart(style, anchor, _) => {
                self.open()?;
                self.grow(1)?;
                self.stack.push(Frame::Seq {
                    start: self.offset(&span.start),
                    flow: style == StructureStyle::Flow,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(style, anchor, _) => {
                self.open()?;
                self.grow(1)?;
                self.stack.push(Frame::Map {
                    start: self.offset(&span.start),
                    flow: style == StructureStyle::Flow,
                    anchor,
                    entries: Vec::new(),
                    pending_key: None,
                    seen: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = self.offset(&span.end);
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        flow,
                        anchor,
                        items,
                    }) => (
                        Node {
                            span: Span::new(
                                start,
                                collection_end(flow, end, items.last().map(|n| n.span.end)),
                            ),
                            kind: NodeKind::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        start,
                        flow,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            span: Span::new(
                                start,
                                collection_end(flow, end, entries.last().map(|e| e.value.span.end)),
                            ),
                            kind: NodeKind::Map(entries),
                        },
                        anchor,
                    ),
                    None => return Err("unbalanced collection end".into()),
                };
                self.push_node(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some((_, target, size)) = self.anchors.iter().rev().find(|(a, _, _)| *a == id)
                else {
                    return Err("alias refers to an unknown anchor".into());
                };
                let (mut node, size) = (target.clone(), *size);
                self.grow(size)?;
                node.span = self.span(span);
                self.push_node(node, 0)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&self) -> Result<(), String> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(format!(
                "nesting deeper than {} levels; refusing to read further",
                self.limits.max_depth
            ));
        }
        Ok(())
    }
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(byte, _)| byte)
}

/// Parse a whole YAML stream. Never panics and never stops at the first bad document: a syntax
/// error is recorded and parsing resumes at the next `---`.
pub fn parse_stream(text: &str, limits: Limits) -> Stream {
    let mut whole = Stream::default();
    parse_stream_chunks(text, limits, usize::MAX, |part| whole.absorb(part));
    whole
}

/// Parse a stream and hand it over in parts of at most `documents_per_chunk` documents, so that a
/// huge file never has to be held as one tree: the caller checks each part and drops it.
///
/// Most manifests are read by the fast path ([`super::fast`]); from the first document it cannot
/// read, granit-parser reads the rest. Comments are wanted only for `# svcctl-ignore:`
/// suppressions, and only granit-parser reports them.
pub fn parse_stream_chunks(
    text: &str,
    limits: Limits,
    documents_per_chunk: usize,
    mut deliver: impl FnMut(Stream),
) {
    let resume = if text.contains("svcctl-ignore") {
        Some(super::fast::Resume::from_start())
    } else {
        super::fast::parse_chunks(text, limits, documents_per_chunk, &mut deliver)
    };
    if let Some(resume) = resume {
        parse_with_granit(text, limits, documents_per_chunk, resume, &mut deliver);
    }
}

/// The documents of one piece of a stream (see [`super::fast::document_starts`]) through the
/// fast path alone, numbered from 0, with spans in the whole `text`. `false` when the fast path
/// cannot read all of them: the caller must then parse the whole stream.
pub fn parse_piece_chunks(
    text: &str,
    (start, end): (usize, usize),
    limits: Limits,
    documents_per_chunk: usize,
    mut deliver: impl FnMut(Stream),
) -> bool {
    // The fast path keeps no comments, and `# svcctl-ignore:` comments are findings' business.
    let (Some(upto), Some(piece)) = (text.get(..end), text.get(start..end)) else {
        return false;
    };
    if piece.contains("svcctl-ignore") {
        return false;
    }
    super::fast::parse_chunks_from(upto, start, limits, documents_per_chunk, &mut deliver).is_none()
}

/// The whole stream through granit-parser alone: what the fast path is tested against.
#[doc(hidden)]
pub fn parse_stream_granit(text: &str, limits: Limits) -> Stream {
    let mut whole = Stream::default();
    let start = super::fast::Resume::from_start();
    parse_with_granit(text, limits, usize::MAX, start, &mut |part: Stream| {
        whole.absorb(part)
    });
    whole
}

pub(crate) fn too_many_documents(document: usize, end: usize, limits: Limits) -> SyntaxError {
    SyntaxError {
        document,
        span: Span::new(end, end),
        message: format!(
            "more than {} documents in one file; the rest is not read",
            limits.max_documents
        ),
    }
}

/// granit-parser from `resume.offset` (the start of a document) to the end of the stream.
fn parse_with_granit(
    whole: &str,
    limits: Limits,
    documents_per_chunk: usize,
    resume: super::fast::Resume,
    deliver: &mut dyn FnMut(Stream),
) {
    let base = resume.offset.min(whole.len());
    let text = whole.get(base..).unwrap_or("");
    let mut options = Options::default();
    // Comments matter only for `# svcctl-ignore:` suppressions; asking the scanner for them when
    // the text has none costs time for nothing.
    options.emit_comments = text.contains("svcctl-ignore");
    options.block_nesting_limit = limits.max_depth;
    options.flow_nesting_limit = limits.max_depth;
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut stream = resume.stream;
    let mut builder = Builder::new(text, base, limits);
    let mut doc_index = resume.next_document;
    let mut doc_start = 0usize;
    let mut in_document = false;

    loop {
        let next = parser.next_event();
        let failure = match next {
            None => break,
            Some(Ok((event, span))) => match event {
                Event::StreamEnd => break,
                Event::DocumentStart(..) => {
                    builder.reset();
                    in_document = true;
                    doc_start = builder.offset(&span.start);
                    None
                }
                Event::DocumentEnd => {
                    let end = builder.offset(&span.end);
                    stream.documents.push(Document {
                        index: doc_index,
                        span: Span::new(doc_start, end),
                        root: builder.root.take(),
                        duplicate_keys: std::mem::take(&mut builder.duplicate_keys),
                    });
                    doc_index += 1;
                    in_document = false;
                    if stream.documents.len() >= documents_per_chunk {
                        deliver(std::mem::take(&mut stream));
                    }
                    if doc_index >= limits.max_documents {
                        stream
                            .errors
                            .push(too_many_documents(doc_index, end, limits));
                        break;
                    }
                    None
                }
                Event::Comment(body, _) => {
                    stream.comments.push(Comment {
                        span: builder.span(&span),
                        text: body.into_owned(),
                    });
                    None
                }
                other => builder.event(other, &span).err().map(|message| {
                    let at = builder.offset(&span.start);
                    (Span::new(at, at + 1), message)
                }),
            },
            Some(Err(error)) => {
                let at = builder.offset(error.marker());
                Some((Span::new(at, at), error.info()))
            }
        };
        if let Some((span, message)) = failure {
            let span = Span::new(span.start.min(whole.len()), span.end.min(whole.len()));
            stream.errors.push(SyntaxError {
                document: doc_index,
                span,
                message,
            });
            if in_document {
                doc_index += 1;
            }
            builder.reset();
            in_document = false;
            match parser.proceed_next_document() {
                Ok(true) => continue,
                _ => break,
            }
        }
    }
    deliver(stream);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree's nodes are copied as they are built and freed one by one; their size is felt.
    #[test]
    fn nodes_stay_small() {
        assert!(std::mem::size_of::<Node>() <= 48);
        assert!(std::mem::size_of::<Entry>() <= 96);
    }

    fn root(text: &str) -> Node {
        let s = parse_stream(text, Limits::default());
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        s.documents.into_iter().next().and_then(|d| d.root).unwrap()
    }

    #[test]
    fn spans_point_at_values_in_bytes() {
        let text = "a: café\nspec:\n  nodePort: 99999\n";
        let r = root(text);
        let np = r.get("spec").and_then(|s| s.get("nodePort")).unwrap();
        assert_eq!(&text[np.span.start..np.span.end], "99999");
        assert_eq!(np.resolved(), Some(Resolved::Int(99999)));
    }

    /// A block collection's label must end with its last node, not run onto the next key (a
    /// `selector:` finding used to underline `ports:` too); a flow one ends at its bracket.
    #[test]
    fn collections_end_at_their_last_node_in_both_parsers() {
        let text = "spec:\n  selector:\n    matchLabels:\n      app: web\n  ports:\n  - port: 80\n    name: http\n\n# done\n---\nspec: {selector: {matchLabels: {app: web}}, ports: [80, 81]}\n";
        let fast = parse_stream(text, Limits::default());
        let full = parse_stream_granit(text, Limits::default());
        for stream in [&fast, &full] {
            let roots: Vec<&Node> = stream
                .documents
                .iter()
                .filter_map(|d| d.root.as_ref())
                .collect();
            let spec = |i: usize, key: &str| {
                let node = roots[i].get("spec").and_then(|s| s.get(key)).unwrap();
                &text[node.span.start..node.span.end]
            };
            assert_eq!(spec(0, "selector"), "matchLabels:\n      app: web");
            // An indentless sequence starts at its first entry's node, as granit-parser has it.
            assert_eq!(spec(0, "ports"), "port: 80\n    name: http");
            assert_eq!(spec(1, "selector"), "{matchLabels: {app: web}}");
            assert_eq!(spec(1, "ports"), "[80, 81]");
            let first = &text[roots[0].span.start..roots[0].span.end];
            assert!(first.ends_with("name: http"), "{first:?}");
        }
    }

    #[test]
    fn yaml11_scalars_resolve_like_kubectl() {
        assert_eq!(resolve_plain("yes"), Resolved::Bool(true));
        assert_eq!(resolve_plain("Off"), Resolved::Bool(false));
        assert_eq!(resolve_plain("0755"), Resolved::Int(493));
        assert_eq!(resolve_plain("0x1F"), Resolved::Int(31));
        assert_eq!(resolve_plain("1_000"), Resolved::Int(1000));
        assert_eq!(resolve_plain("1.0"), Resolved::Float(1.0));
        assert_eq!(resolve_plain("1.2.3"), Resolved::Str("1.2.3"));
        assert_eq!(resolve_plain("08"), Resolved::Float(8.0));
        assert_eq!(resolve_plain("~"), Resolved::Null);
        assert_eq!(resolve_plain("-"), Resolved::Str("-"));
        assert_eq!(resolve_plain("10.0.0.1"), Resolved::Str("10.0.0.1"));
    }

    #[test]
    fn the_shortcut_for_names_and_ports_agrees_with_every_spelling() {
        for text in [
            "80",
            "8080",
            "9",
            "10",
            "65535",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999",
            "1_0",
            "1e3",
            "1.5",
            "12a",
            "web",
            "svc-0",
            "Service",
            "ClusterIP",
            "app",
            "x",
            "yes",
            "Yes",
            "no",
            "NO",
            "on",
            "Off",
            "true",
            "False",
            "null",
            "Null",
            "n",
            "Y",
            "nginx",
            "off-by-one",
            "tcp",
            "TCP",
            "0",
            "08",
            "0x1F",
            "-1",
            "+5",
            ".5",
            "~",
            "",
            "~x",
        ] {
            assert_eq!(resolve_plain(text), resolve_yaml11(text), "{text:?}");
        }
    }

    #[test]
    fn syntax_error_does_not_stop_the_stream() {
        let s = parse_stream("a: [1, 2\n---\nb: 1\n", Limits::default());
        assert_eq!(s.errors.len(), 1);
        assert!(
            s.documents
                .iter()
                .any(|d| d.root.as_ref().and_then(|r| r.get("b")).is_some())
        );
    }

    #[test]
    fn aliases_expand_within_a_budget() {
        let s = parse_stream("a: &x {k: v}\nb: *x\n", Limits::default());
        let r = s.documents[0].root.as_ref().unwrap();
        assert_eq!(
            r.get("b").and_then(|b| b.get("k")).and_then(Node::as_str),
            Some("v")
        );

        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let s = parse_stream(&bomb, Limits::default());
        assert_eq!(s.errors.len(), 1);
        assert!(s.errors[0].message.contains("alias"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(20_000);
        let s = parse_stream(&text, Limits::default());
        assert!(!s.errors.is_empty());
    }

    #[test]
    fn duplicate_keys_are_recorded() {
        let s = parse_stream("a: 1\nb: 2\na: 3\n", Limits::default());
        assert_eq!(s.documents[0].duplicate_keys.len(), 1);
    }
}
