//! One input file (or stdin) held in memory, with the line table that turns byte offsets into the
//! 1-based line and column numbers every renderer prints.

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
    line_starts: LineStarts,
    /// The text was let go to save memory; [`SourceFile::reread`] brings it back from disk.
    detached: bool,
}

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
        if u32::try_from(text.len()).is_ok() {
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

/// Call `each` with the offset after every `\n`, in order, testing eight bytes at a time (twice as
/// fast as a byte loop on a 20 MB file).
fn for_each_line_start(text: &[u8], mut each: impl FnMut(usize)) {
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

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Box<str>>) -> Self {
        let text: Box<str> = text.into();
        let line_starts = LineStarts::new(&text);
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            detached: false,
        }
    }

    /// A file known by name only: its text was checked and let go.
    pub fn detached(name: impl Into<String>) -> Self {
        SourceFile {
            detached: true,
            ..SourceFile::new(name, "")
        }
    }

    pub fn is_detached(&self) -> bool {
        self.detached
    }

    /// A detached file read again from its path, for a finding that needs its lines; `None`
    /// when it cannot be read (then positions fall back to the start of the file).
    pub fn reread(&self) -> Option<SourceFile> {
        let text = std::fs::read_to_string(&self.name).ok()?;
        Some(SourceFile::new(self.name.clone(), text))
    }

    /// The position of a byte offset; offsets past the end clamp to the end, and offsets inside a
    /// multi-byte character round down to its start.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.line_of(offset);
        let line_start = self.line_starts.get(line_index).unwrap_or(0);
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

    /// The text of a 1-based line without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.wrapping_sub(1))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
