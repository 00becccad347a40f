//! Traffic-path diagrams: one or two columns of boxes joined by labelled arrows (outside and
//! inside the cluster), optionally merging into one last box (the Pods). Drawn with box-drawing
//! characters on a UTF-8 terminal and with `+-|v` otherwise; always within 80 columns.

use super::text::wrap;

/// One box and the label of the arrow that leads into it (none for the first box of a column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub arrow: Option<String>,
    pub lines: Vec<String>,
}

impl Step {
    pub fn start(lines: &[&str]) -> Step {
        Step {
            arrow: None,
            lines: lines.iter().map(|l| l.to_string()).collect(),
        }
    }

    pub fn then(arrow: impl Into<String>, lines: &[&str]) -> Step {
        let arrow: String = arrow.into();
        Step {
            arrow: (!arrow.is_empty()).then_some(arrow),
            lines: lines.iter().map(|l| l.to_string()).collect(),
        }
    }
}

/// Columns of boxes, top to bottom, and an optional box they all lead into.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagram {
    pub columns: Vec<Vec<Step>>,
    /// The box every column ends in, with the label of the arrow into it.
    pub sink: Option<Step>,
}

struct Glyphs {
    h: char,
    v: char,
    tl: char,
    tr: char,
    bl: char,
    br: char,
    down: char,
    tee_down: char,
    tee_up: char,
}

const UNICODE: Glyphs = Glyphs {
    h: '─',
    v: '│',
    tl: '┌',
    tr: '┐',
    bl: '└',
    br: '┘',
    down: '▼',
    tee_down: '┬',
    tee_up: '┴',
};

const ASCII: Glyphs = Glyphs {
    h: '-',
    v: '|',
    tl: '+',
    tr: '+',
    bl: '+',
    br: '+',
    down: 'v',
    tee_down: '+',
    tee_up: '+',
};

/// The widest text inside a box; longer lines wrap.
const MAX_INNER: usize = 30;
const MIN_INNER: usize = 16;
const GAP: usize = 6;

struct Canvas {
    rows: Vec<Vec<char>>,
}

impl Canvas {
    fn put(&mut self, row: usize, col: usize, c: char) {
        while self.rows.len() <= row {
            self.rows.push(Vec::new());
        }
        let line = &mut self.rows[row];
        while line.len() <= col {
            line.push(' ');
        }
        line[col] = c;
    }

    fn text(&mut self, row: usize, col: usize, text: &str) {
        for (i, c) in text.chars().enumerate() {
            self.put(row, col + i, c);
        }
    }

    fn hline(&mut self, row: usize, from: usize, to: usize, c: char) {
        for col in from..=to {
            self.put(row, col, c);
        }
    }

    fn render(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        let mut out = String::new();
        for row in &self.rows {
            let line: String = row.iter().collect();
            let line = line.trim_end();
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&pad);
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

fn box_lines(step: &Step) -> Vec<String> {
    step.lines
        .iter()
        .flat_map(|l| {
            wrap(l, MAX_INNER, 0)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn inner_width(steps: &[&Step]) -> usize {
    steps
        .iter()
        .flat_map(|s| box_lines(s))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(MIN_INNER, MAX_INNER)
}

/// A column laid out: rows of (kind, text) relative to its top.
enum Row {
    /// A vertical line with an optional label to its right.
    Arrow(String),
    Top {
        arrow: bool,
    },
    Text(String),
    Bottom {
        out: bool,
    },
}

fn column_rows(steps: &[Step], leads_on: bool, label_room: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            let label = step.arrow.clone().unwrap_or_default();
            push_arrow(&mut rows, &label, label_room);
        }
        rows.push(Row::Top { arrow: i > 0 });
        for line in box_lines(step) {
            rows.push(Row::Text(line));
        }
        rows.push(Row::Bottom {
            out: i + 1 < steps.len() || leads_on,
        });
    }
    rows
}

fn push_arrow(rows: &mut Vec<Row>, label: &str, room: usize) {
    if label.is_empty() {
        rows.push(Row::Arrow(String::new()));
        return;
    }
    for piece in wrap(label, room.max(8), 0).lines() {
        rows.push(Row::Arrow(piece.to_string()));
    }
}

impl Diagram {
    /// Draw the diagram, every line indented by `indent`.
    pub fn render(&self, unicode: bool, indent: usize) -> String {
        let g = if unicode { &UNICODE } else { &ASCII };
        let columns: Vec<&Vec<Step>> = self.columns.iter().filter(|c| !c.is_empty()).collect();
        if columns.is_empty() {
            return String::new();
        }
        let widths: Vec<usize> = columns
            .iter()
            .map(|c| inner_width(&c.iter().collect::<Vec<_>>()) + 4)
            .collect();
        let mut lefts = Vec::new();
        let mut x = 0;
        for w in &widths {
            lefts.push(x);
            x += w + GAP;
        }
        let two = columns.len() > 1;
        // Labels of a left column must stop before the next column starts.
        let laid: Vec<Vec<Row>> = columns
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (steps, w))| {
                let room = if i + 1 < columns.len() {
                    w - w / 2 - 2 + GAP - 1
                } else {
                    MAX_INNER + 10
                };
                column_rows(steps, self.sink.is_some(), room)
            })
            .collect();
        let height = laid.iter().map(Vec::len).max().unwrap_or(0);
        let mut canvas = Canvas { rows: Vec::new() };
        for ((rows, left), w) in laid.iter().zip(&lefts).zip(&widths) {
            // Bottom-align the columns so their last boxes end on the same row.
            let top = height - rows.len();
            let center = left + w / 2;
            let right = left + w - 1;
            for (i, row) in rows.iter().enumerate() {
                let r = top + i;
                match row {
                    Row::Arrow(label) => {
                        canvas.put(r, center, g.v);
                        if !label.is_empty() {
                            canvas.text(r, center + 2, label);
                        }
                    }
                    Row::Top { arrow } => {
                        canvas.put(r, *left, g.tl);
                        canvas.hline(r, left + 1, right - 1, g.h);
                        canvas.put(r, right, g.tr);
                        if *arrow {
                            canvas.put(r, center, g.down);
                        }
                    }
                    Row::Text(text) => {
                        canvas.put(r, *left, g.v);
                        canvas.text(r, left + 2, text);
                        canvas.put(r, right, g.v);
                    }
                    Row::Bottom { out } => {
                        canvas.put(r, *left, g.bl);
                        canvas.hline(r, left + 1, right - 1, g.h);
                        canvas.put(r, right, g.br);
                        if *out {
                            canvas.put(r, center, g.tee_down);
                        }
                    }
                }
            }
        }
        let Some(sink) = &self.sink else {
            return canvas.render(indent);
        };
        let centers: Vec<usize> = lefts.iter().zip(&widths).map(|(l, w)| l + w / 2).collect();
        let mut r = height;
        let first = centers.first().copied().unwrap_or(0);
        let last = centers.last().copied().unwrap_or(0);
        let mid = if two { (first + last) / 2 } else { first };
        if two {
            for c in &centers {
                canvas.put(r, *c, g.v);
            }
            r += 1;
            canvas.hline(r, first, last, g.h);
            canvas.put(r, first, g.bl);
            canvas.put(r, last, g.br);
            canvas.put(r, mid, g.tee_down);
            for c in centers.iter().skip(1).take(centers.len().saturating_sub(2)) {
                canvas.put(r, *c, g.tee_up);
            }
            r += 1;
        }
        let mut arrows = Vec::new();
        push_arrow(
            &mut arrows,
            sink.arrow.as_deref().unwrap_or(""),
            MAX_INNER + 10,
        );
        for row in arrows {
            if let Row::Arrow(label) = row {
                canvas.put(r, mid, g.v);
                if !label.is_empty() {
                    canvas.text(r, mid + 2, &label);
                }
                r += 1;
            }
        }
        let lines = box_lines(sink);
        let w = inner_width(&[sink]) + 4;
        let left = mid.saturating_sub(w / 2);
        let right = left + w - 1;
        canvas.put(r, left, g.tl);
        canvas.hline(r, left + 1, right - 1, g.h);
        canvas.put(r, right, g.tr);
        canvas.put(r, mid, g.down);
        for line in lines {
            r += 1;
            canvas.put(r, left, g.v);
            canvas.text(r, left + 2, &line);
            canvas.put(r, right, g.v);
        }
        r += 1;
        canvas.put(r, left, g.bl);
        canvas.hline(r, left + 1, right - 1, g.h);
        canvas.put(r, right, g.br);
        canvas.render(indent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_columns_merge_into_the_pods() {
        let d = Diagram {
            columns: vec![
                vec![
                    Step::start(&["client outside the cluster"]),
                    Step::then("TCP 30007", &["every node :30007"]),
                ],
                vec![
                    Step::start(&["Pod in the cluster"]),
                    Step::then("TCP 80", &["cluster IP :80"]),
                ],
            ],
            sink: Some(Step::then("TCP 3000", &["Pods app=frontend :3000"])),
        };
        let out = d.render(false, 0);
        for line in out.lines() {
            assert!(line.len() <= 80, "{line}");
        }
        assert!(out.contains("| TCP 3000"), "{out}");
        let unicode = d.render(true, 2);
        assert!(unicode.contains('▼') && !unicode.contains('┴'), "{unicode}");
    }
}
