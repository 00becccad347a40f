//! One input file (or stdin) held in memory, with the line table that turns byte offsets into the
//! 1-based line and column numbers every renderer prints.

use std::sync::OnceLock;

use rayon::prelude::*;

/// A byte range into a [`SourceFile`]'s text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line/column position. Columns count characters, as editors do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (joined under a folder argument), or `-` for stdin.
    pub name: String,
    pub text: Box<str>,
    /// Built on first use: most files print no line of their own (a clean file, or one whose
    /// findings are placed by [`SourceFile::detach`], which counts line breaks instead).
    line_starts: OnceLock<LineStarts>,
    /// Set when the text was let go to save memory (see [`SourceFile::detach`]).
    detached: Option<Box<Detached>>,
}

/// What a file keeps of its text once let go: enough to tell whether the file on disk is still
/// the one that was checked, and the positions its findings print.
#[derive(Debug)]
struct Detached {
    len: usize,
    fingerprint: u64,
    /// (offset, position), sorted by offset and without repeats.
    positions: Vec<(usize, Position)>,
}

/// A fast hash that is the same from one run to the next (not per-process random): used to
/// recognize a file's text when it is read again, and to order the run index's Services.
pub fn stable_hash(value: impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(value)
}

fn fingerprint(text: &str) -> u64 {
    stable_hash(text)
}

/// From this size on a text's lines are found on every thread, a part of [`LINES_PART`] bytes
/// each: a large file's lines otherwise hold up every other thread before its first document is
/// parsed (and again when a finding reads it back). docs/benchmarks.md has the measurement.
const PARALLEL_LINES_FROM: usize = 4 << 20;
const LINES_PART: usize = 1 << 20;

/// The offset where each line starts: 4 bytes a line for any text under 4 GiB (a 20 MB file has
/// a million lines), 8 above.
#[derive(Debug)]
enum LineStarts {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl LineStarts {
    fn new(text: &str) -> Self {
        // Manifests average 20-odd bytes a line; the estimate is trimmed once the lines are known.
        let estimate = text.len() / 16 + 1;
        if text.len() >= PARALLEL_LINES_FROM && u32::try_from(text.len()).is_ok() {
            let parts: Vec<Vec<u32>> = text
                .as_bytes()
                .par_chunks(LINES_PART)
                .enumerate()
                .map(|(i, part)| {
                    let base = i * LINES_PART;
                    let mut starts = Vec::with_capacity(part.len() / 16 + 1);
                    for_each_line_start(part, |start| starts.push((base + start) as u32));
                    starts
                })
                .collect();
            let mut narrow = Vec::with_capacity(1 + parts.iter().map(Vec::len).sum::<usize>());
            narrow.push(0);
            parts.into_iter().for_each(|part| narrow.extend(part));
            LineStarts::Narrow(narrow)
        } else if u32::try_from(text.len()).is_ok() {
            let mut narrow = Vec::with_capacity(estimate);
            narrow.push(0);
            // Every offset is at most the length, which fits.
            for_each_line_start(text.as_bytes(), |start| narrow.push(start as u32));
            narrow.shrink_to_fit();
            LineStarts::Narrow(narrow)
        } else {
            let mut wide = Vec::with_capacity(estimate);
            wide.push(0);
            for_each_line_start(text.as_bytes(), |start| wide.push(start));
            wide.shrink_to_fit();
            LineStarts::Wide(wide)
        }
    }

    fn get(&self, index: usize) -> Option<usize> {
        match self {
            LineStarts::Narrow(v) => v.get(index).map(|&s| s as usize),
            LineStarts::Wide(v) => v.get(index).copied(),
        }
    }

    fn len(&self) -> usize {
        match self {
            LineStarts::Narrow(v) => v.len(),
            LineStarts::Wide(v) => v.len(),
        }
    }

    /// The index of the line holding `offset` (at most the length of the text).
    fn line_of(&self, offset: usize) -> usize {
        let found = match self {
            LineStarts::Narrow(v) => v.binary_search(&u32::try_from(offset).unwrap_or(u32::MAX)),
            LineStarts::Wide(v) => v.binary_search(&offset),
        };
        match found {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// Call `each` with the offset after every `\n`, in order, testing eight bytes at a time (a byte
/// loop is markedly slower on large files; see docs/benchmarks.md).
pub(crate) fn for_each_line_start(text: &[u8], mut each: impl FnMut(usize)) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut each_in = |base: usize, mut found: u64| {
        while found != 0 {
            each(base + (found.trailing_zeros() / 8) as usize + 1);
            found &= found - 1;
        }
    };
    let mut chunks = text.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        // Bytes equal to '\n' become zero; the exact zero-byte test sets their high bits only.
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b'\n'));
        each_in(base, !(((x & !HIGH) + !HIGH) | x) & HIGH);
        base += 8;
    }
    let mut rest = 0;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            rest |= 0x80 << (8 * i);
        }
    }
    each_in(base, rest);
}

/// How many `\n` a text holds.
fn count_line_breaks(text: &[u8]) -> usize {
    // Counted in blocks whose sums fit a byte, which the compiler turns into vector compares
    // (six times fewer instructions than testing a word at a time with a bit trick).
    text.chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')))
        })
        .map(usize::from)
        .sum()
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Box<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
            detached: None,
        }
    }

    /// This file without its text: it keeps the positions of `offsets` (those its findings
    /// print), and [`SourceFile::reread`] brings the text back from disk for a snippet or a
    /// finding placed later. A run holds the text of the files being checked, not of all of them.
    pub fn detach(&self, offsets: impl IntoIterator<Item = usize>) -> SourceFile {
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let positions = self.positions(&offsets);
        let (len, fingerprint) = match &self.detached {
            Some(d) => (d.len, d.fingerprint),
            None => (self.text.len(), fingerprint(&self.text)),
        };
        SourceFile {
            name: self.name.clone(),
            text: Box::default(),
            line_starts: OnceLock::new(),
            detached: Some(Box::new(Detached {
                len,
                fingerprint,
                positions,
            })),
        }
    }

    pub fn is_detached(&self) -> bool {
        self.detached.is_some()
    }

    /// A detached file read again from its path, for a finding that needs its lines; `None`
    /// when it cannot be read or is no longer the text that was checked. Read as the first read
    /// did: invalid UTF-8 replaced, so a file reported as not UTF-8 still shows its lines.
    pub fn reread(&self) -> Option<SourceFile> {
        let detached = self.detached.as_ref()?;
        let bytes = std::fs::read(&self.name).ok()?;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        if text.len() != detached.len || fingerprint(&text) != detached.fingerprint {
            return None;
        }
        Some(SourceFile::new(self.name.clone(), text))
    }

    /// The position of a byte offset; offsets past the end clamp to the end, and offsets inside a
    /// multi-byte character round down to its start.
    pub fn position(&self, offset: usize) -> Position {
        if let Some(detached) = &self.detached {
            let kept = detached
                .positions
                .binary_search_by_key(&offset, |(o, _)| *o);
            return match kept.ok().and_then(|i| detached.positions.get(i)) {
                Some((_, position)) => *position,
                None => self.lost_position(offset),
            };
        }
        let offset = offset.min(self.text.len());
        let lines = self.lines();
        let line_index = lines.line_of(offset);
        let line_start = lines.get(line_index).unwrap_or(0);
        self.position_in_line(line_index, line_start, offset)
    }

    /// A detached file asked for an offset it did not keep: whoever let the text go did not list
    /// every offset its findings print (see `driver::file`), a bug in svcctl, not in the input.
    /// Test builds stop on it; a release build says so on stderr (once) rather than pass off
    /// line 1, column 1 as the place.
    #[cold]
    fn lost_position(&self, offset: usize) -> Position {
        static WARNED: std::sync::Once = std::sync::Once::new();
        let message = format!(
            "offset {offset} of {} was not kept when its text was let go",
            self.name
        );
        debug_assert!(false, "{message}");
        WARNED.call_once(|| {
            eprintln!("svcctl: internal error: {message}; positions in this file may be wrong");
        });
        Position { line: 1, column: 1 }
    }

    /// The position of `offset` (at most the length) on the line `line_index` starting at
    /// `line_start`: the column counts characters, rounding down inside one.
    fn position_in_line(&self, line_index: usize, line_start: usize, offset: usize) -> Position {
        let mut end = offset;
        while end > line_start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self
            .text
            .get(line_start..end)
            .map_or(0, |s| s.chars().count())
            + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }

    /// The positions of sorted, distinct offsets of an attached text, as [`SourceFile::position`]
    /// gives them. Without a line table, one pass counts line breaks up to the last offset
    /// rather than building the table: a file's findings need a few positions, and recording
    /// every line start cost a tenth of checking a file.
    fn positions(&self, sorted: &[usize]) -> Vec<(usize, Position)> {
        if self.detached.is_some() || self.line_starts.get().is_some() {
            return sorted.iter().map(|&o| (o, self.position(o))).collect();
        }
        let bytes = self.text.as_bytes();
        let (mut line_index, mut line_start, mut scanned) = (0, 0, 0);
        sorted
            .iter()
            .map(|&requested| {
                let offset = requested.min(bytes.len());
                if let Some(between) = bytes.get(scanned..offset) {
                    line_index += count_line_breaks(between);
                    // The line's start: back from the offset to the break before it, if that
                    // break is past the last offset's (lines are short).
                    if let Some(last) = between.iter().rposition(|&b| b == b'\n') {
                        line_start = scanned + last + 1;
                    }
                    scanned = offset;
                }
                (
                    requested,
                    self.position_in_line(line_index, line_start, offset),
                )
            })
            .collect()
    }

    fn lines(&self) -> &LineStarts {
        self.line_starts.get_or_init(|| LineStarts::new(&self.text))
    }

    /// The text of a 1-based line without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let lines = self.lines();
        let Some(start) = lines.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = lines.get(line).unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.lines().get(line.wrapping_sub(1))
    }

    pub fn line_count(&self) -> usize {
        self.lines().len()
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A detached file knows only the positions it kept: any other offset once printed as line 1,
    /// column 1, a plausible place that was wrong. Asking for one is a bug in svcctl, and says so.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "was not kept")]
    fn an_offset_not_kept_for_a_detached_file_is_a_loud_internal_error() {
        let file = SourceFile::new("a.yaml", "a: 1\nb: 2\n");
        let detached = file.detach([5]);
        assert_eq!(detached.position(5), Position { line: 2, column: 1 });
        let _ = detached.position(8);
    }

    #[test]
    fn line_breaks_are_counted_exactly_across_full_blocks() {
        let naive = |t: &[u8]| t.iter().filter(|&&b| b == b'\n').count();
        let all_breaks = vec![b'\n'; 255 * 8 * 3 + 5];
        let mixed: Vec<u8> = (0..20_000u32)
            .map(|i| {
                if i % 3 == 0 || i % 7 == 0 {
                    b'\n'
                } else {
                    b'a'
                }
            })
            .collect();
        for text in [&all_breaks[..], &mixed[..]] {
            for len in [0, 1, 8, 254, 255, 256, 510, 511, 2041, 4095, text.len()] {
                let part = text.get(..len).unwrap_or(text);
                assert_eq!(count_line_breaks(part), naive(part), "{len} bytes");
            }
        }
    }

    #[test]
    fn counted_positions_are_the_line_tables() {
        let mut text = String::from("a: 1\nb: café\n\n\nc: 3\r\n");
        for i in 0..40 {
            text.push_str(&"é".repeat(i % 5));
            text.push_str(&"x".repeat(i % 11));
            text.push('\n');
            text.push_str(&"\ny\n".repeat(i % 3));
        }
        text.push_str("last line without a break");
        let file = SourceFile::new("x", text.clone());
        let offsets: Vec<usize> = (0..text.len() + 3).collect();
        let counted = file.positions(&offsets);
        assert!(
            file.line_starts.get().is_none(),
            "counted without the table"
        );
        let table: Vec<_> = offsets.iter().map(|&o| (o, file.position(o))).collect();
        assert_eq!(counted, table);
        // Offsets far apart, as a file's findings are: whole words of the text are counted at
        // once, several line breaks in a word (the short lines above) among them.
        for stride in [5, 7, 13, 64] {
            let few: Vec<usize> = (3..text.len()).step_by(stride).collect();
            let fresh = SourceFile::new("x", text.clone());
            assert_eq!(
                fresh.positions(&few),
                few.iter()
                    .map(|&o| (o, file.position(o)))
                    .collect::<Vec<_>>(),
                "every {stride} bytes"
            );
        }
    }

    #[test]
    fn a_big_text_has_the_same_lines_found_in_parts() {
        // Lines of every length mod 8 and a break on each side of every part's edge.
        let mut text = String::new();
        let mut i = 0usize;
        while text.len() < PARALLEL_LINES_FROM + 3 * LINES_PART {
            text.push_str(&"x".repeat(i % 37));
            text.push('\n');
            i += 1;
        }
        text.push_str("last line without a break");
        let parallel = LineStarts::new(&text);
        let mut serial = vec![0];
        for_each_line_start(text.as_bytes(), |start| serial.push(start));
        assert_eq!(parallel.len(), serial.len());
        assert!((0..serial.len()).all(|l| parallel.get(l) == serial.get(l).copied()));
        let edge = LINES_PART * 2;
        let mut edged = text.clone().into_bytes();
        edged[edge - 1] = b'\n';
        edged[edge] = b'\n';
        let edged = String::from_utf8(edged).unwrap();
        let mut serial = vec![0];
        for_each_line_start(edged.as_bytes(), |start| serial.push(start));
        let parallel = LineStarts::new(&edged);
        assert!((0..serial.len()).all(|l| parallel.get(l) == serial.get(l).copied()));
        assert_eq!(parallel.len(), serial.len());
    }

    #[test]
    fn a_detached_file_keeps_its_positions_and_reads_back_only_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("svc.yaml");
        let text = "a: 1\nb: café\nc: 3\n";
        std::fs::write(&path, text).unwrap();
        let name = path.display().to_string();
        let file = SourceFile::new(name, text);
        let detached = file.detach([10, 13, 10]);
        assert!(detached.is_detached() && detached.text.is_empty());
        assert_eq!(detached.position(10), file.position(10));
        assert_eq!(detached.position(13), Position { line: 2, column: 8 });
        let again = detached.reread().unwrap();
        assert_eq!(&*again.text, text);
        // Detaching a detached file keeps what it knew.
        assert_eq!(
            detached.detach([13]).reread().map(|f| f.text),
            Some(text.into())
        );
        // Changed on disk since: not the text the positions belong to.
        std::fs::write(&path, "a: 2\nb: café\nc: 3\n").unwrap();
        assert!(detached.reread().is_none());
        assert!(
            file.reread().is_none(),
            "only a detached file is read again"
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = SourceFile::new("x", "a: café\nb: 1\n");
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        // 'b' on line 2 starts after "a: café\n" (9 bytes).
        assert_eq!(f.position(9), Position { line: 2, column: 1 });
        assert_eq!(f.position(12), Position { line: 2, column: 4 });
        assert_eq!(f.line_text(1), "a: café");
        assert_eq!(f.position(1000).line, 3);
    }

    #[test]
    fn line_starts_match_a_byte_scan() {
        let text = "a\n\nbb\n\n\n\n\n\n\n\ncéé\nxxxxxxxxxxxxxxxxx\n\ny\nz";
        for end in 0..=text.len() {
            let Some(text) = text.get(..end) else {
                continue;
            };
            let f = SourceFile::new("x", text);
            let mut expected = vec![0];
            expected.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            let got: Vec<usize> = (1..=f.line_count())
                .filter_map(|l| f.line_start(l))
                .collect();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn crlf_lines_are_trimmed() {
        let f = SourceFile::new("x", "a: 1\r\nb: 2\r\n");
        assert_eq!(f.line_text(1), "a: 1");
        assert_eq!(f.position(6), Position { line: 2, column: 1 });
    }
}
