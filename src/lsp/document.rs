//! Open documents and the one conversion LSP forces on svcctl: the protocol counts positions in
//! UTF-16 code units per line, svcctl's spans are byte offsets. [`LineIndex`] converts both ways
//! exactly (a character outside the Basic Multilingual Plane is two units, a position inside a
//! character or past a line's end is clamped), and [`Document`] applies incremental edits with it.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// Where each line starts, to turn byte offsets into LSP positions and back.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The byte offset of an LSP position; a line past the end is the end of the text, a
    /// character past the end of its line is the end of the line (before its `\r\n`).
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let line = text.get(start..).unwrap_or_default();
        let line = line.split('\n').next().unwrap_or_default();
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0u32;
        for (at, c) in line.char_indices() {
            let next = units + c.len_utf16() as u32;
            // At the character, or inside its surrogate pair: its start.
            if next > position.character {
                return start + at;
            }
            units = next;
        }
        start + line.len()
    }

    /// The LSP position of a byte offset (clamped to the text, rounded down to a character).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = text
            .get(start..offset)
            .unwrap_or_default()
            .chars()
            .map(|c| c.len_utf16() as u32)
            .sum();
        Position::new(line as u32, character)
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The text of a 0-based line without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let rest = text.get(start..).unwrap_or_default();
        let rest = rest.split('\n').next().unwrap_or_default();
        rest.strip_suffix('\r').unwrap_or(rest)
    }
}

/// An open document: its text as the editor has it, and the version the editor gave it.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub index: LineIndex,
}

impl Document {
    pub fn new(text: String, version: i32) -> Document {
        let index = LineIndex::new(&text);
        Document {
            text,
            version,
            index,
        }
    }

    /// Apply the changes of one `didChange`, in order (each is relative to the text the previous
    /// one left), as the protocol says.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = self.index.offset(&self.text, range.start);
                    let end = self.index.offset(&self.text, range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
    }

    pub fn offset(&self, position: Position) -> usize {
        self.index.offset(&self.text, position)
    }

    #[cfg(test)]
    pub fn position(&self, offset: usize) -> Position {
        self.index.position(&self.text, offset)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        self.index.range(&self.text, start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| {
                Range::new(Position::new(l1, c1), Position::new(l2, c2))
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn positions_count_utf16_units_not_bytes_or_chars() {
        // é is 2 bytes and 1 unit; 𝄞 is 4 bytes and 2 units (a surrogate pair).
        let text = "a: é𝄞x\r\nb: y\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(0, 6));
        assert_eq!(index.offset(text, Position::new(0, 6)), x);
        // Inside the surrogate pair: the character's start.
        assert_eq!(
            index.offset(text, Position::new(0, 5)),
            text.find('𝄞').unwrap()
        );
        // Past the line's end: before the \r\n.
        assert_eq!(
            index.offset(text, Position::new(0, 99)),
            text.find('\r').unwrap()
        );
        assert_eq!(
            index.position(text, text.find('b').unwrap()),
            Position::new(1, 0)
        );
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        // An offset inside a character rounds down.
        assert_eq!(
            index.position(text, text.find('é').unwrap() + 1),
            Position::new(0, 3)
        );
        assert_eq!(index.line(text, 0), "a: é𝄞x");
    }

    #[test]
    fn incremental_edits_apply_in_order_and_a_full_change_replaces_all() {
        let mut doc = Document::new("name: café\nport: 80\n".into(), 1);
        // Replace "80" (line 1, 6..8), insert after "café", then after the 𝄞 (units 11-12).
        doc.apply(
            vec![
                change(Some(((1, 6), (1, 8))), "8080"),
                change(Some(((0, 10), (0, 10))), "-𝄞"),
                change(Some(((0, 13), (0, 13))), "!"),
            ],
            2,
        );
        assert_eq!(doc.text, "name: café-𝄞!\nport: 8080\n");
        assert_eq!(doc.version, 2);
        doc.apply(vec![change(None, "x: 1\n")], 3);
        assert_eq!(doc.text, "x: 1\n");
        assert_eq!(doc.position(4), Position::new(0, 4));
    }
}
