//! Text layout for `svcctl explain`: word wrapping at the page width with hanging indents, headings
//! (bold on a colour terminal), small wrapped tables, a minimal Markdown reader for rule docs, and
//! the ASCII fold applied to everything when the output may not be UTF-8.

use std::fmt::Write as _;

/// How the output looks: decided once from the terminal and the flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Look {
    /// Box-drawing characters and typographic punctuation; otherwise plain ASCII.
    pub unicode: bool,
    /// Bold headings.
    pub color: bool,
    /// The page width text is wrapped to (at most 80 so it reads well in any terminal).
    pub width: usize,
}

impl Look {
    /// Plain ASCII at 80 columns: what a pipe or a file gets.
    pub const PLAIN: Look = Look {
        unicode: false,
        color: false,
        width: 80,
    };

    /// Unicode at 80 columns without colour (tests, and `--color never` on a UTF-8 terminal).
    pub const UNICODE: Look = Look {
        unicode: true,
        color: false,
        width: 80,
    };

    pub fn heading(&self, text: &str) -> String {
        if self.color {
            let bold = anstyle::Style::new().bold();
            format!("{bold}{text}{bold:#}")
        } else {
            text.to_string()
        }
    }

    /// Applied to the whole page: typographic characters become ASCII unless the terminal can
    /// show them.
    pub fn finish(&self, text: String) -> String {
        if self.unicode {
            text
        } else {
            ascii_fold(&text)
        }
    }
}

/// Word-wrap `text` to `width` columns, every line starting with `indent` spaces. Line breaks in
/// the input are kept; a line that starts with spaces or a list marker (`- `, `* `, `1. `)
/// continues under its own text.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            out.push('\n');
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let marker = list_marker(body);
        let first = " ".repeat(indent + lead);
        let rest = " ".repeat(indent + lead + marker);
        wrap_words(&mut out, body, width, &first, &rest);
    }
    out
}

/// Wrap one paragraph with separate prefixes for the first and the following lines.
pub fn wrap_hanging(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    wrap_words(&mut out, text, width, first, rest);
    out
}

fn list_marker(body: &str) -> usize {
    if body.starts_with("- ") || body.starts_with("* ") {
        return 2;
    }
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && body[digits..].starts_with(". ") {
        return digits + 2;
    }
    0
}

fn wrap_words(out: &mut String, text: &str, width: usize, first: &str, rest: &str) {
    let mut line = String::from(first);
    let mut empty = true;
    // A list marker stays with the word after it, however long that word is (a URL).
    let mut only_marker = false;
    for word in text.split_whitespace() {
        let len = width_of(&line);
        let word_len = width_of(word);
        if !empty && !only_marker && len + 1 + word_len > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        only_marker = empty && list_marker(&format!("{word} ")) > 0;
        line.push_str(word);
        empty = false;
    }
    if !empty {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Columns a text takes in either charset: `…` counts as the three dots it becomes in ASCII, so a
/// line wrapped once fits both ways.
fn width_of(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => 1,
            '→' | '⟶' | '←' | '≤' | '≥' => 2,
            '…' => 3,
            _ => 1,
        })
        .sum()
}

/// Indent every non-empty line.
pub fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let mut out = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
    out
}

/// A table whose cells wrap inside fixed column widths; the last column takes what is left.
pub fn table(
    headers: &[&str],
    rows: &[Vec<String>],
    widths: &[usize],
    indent: usize,
    page: usize,
) -> String {
    let gap = 2;
    let mut widths = widths.to_vec();
    let fixed: usize = widths
        .iter()
        .take(widths.len().saturating_sub(1))
        .sum::<usize>()
        + gap * widths.len().saturating_sub(1);
    if let Some(last) = widths.last_mut() {
        *last = page.saturating_sub(indent + fixed).max(12);
    }
    let mut out = String::new();
    let header_row: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header_row).chain(rows) {
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| {
                wrap_hanging(cell, *w, "", "")
                    .lines()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        if height > 1 && !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        for i in 0..height {
            let mut line = " ".repeat(indent);
            for (c, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                let text = cell.get(i).map_or("", String::as_str);
                if c + 1 == cells.len() {
                    line.push_str(text);
                } else {
                    let pad = w.saturating_sub(text.chars().count()) + gap;
                    line.push_str(text);
                    line.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        if height > 1 {
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Two aligned columns (`key  value`), the value wrapped with a hanging indent.
pub fn pairs(rows: &[(String, String)], indent: usize, page: usize) -> String {
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(34);
    let mut out = String::new();
    for (key, value) in rows {
        let key_len = key.chars().count();
        if key_len > key_width {
            // A long key gets its own line so the values stay aligned.
            let _ = writeln!(out, "{}{key}", " ".repeat(indent));
            let pad = " ".repeat(indent + key_width + 2);
            out.push_str(&wrap_hanging(value, page, &pad, &pad));
        } else {
            let first = format!(
                "{}{key}{}",
                " ".repeat(indent),
                " ".repeat(key_width - key_len + 2)
            );
            let rest = " ".repeat(indent + key_width + 2);
            out.push_str(&wrap_hanging(value, page, &first, &rest));
        }
    }
    out
}

/// Print a rule's Markdown documentation for a terminal: `## ` headings become headings, prose
/// and list items are re-wrapped to the page, fenced code is indented and kept verbatim.
pub fn markdown(doc: &str, look: &Look, indent: usize) -> String {
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut in_code = false;
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if paragraph.is_empty() {
            return;
        }
        let text = paragraph.join(" ");
        let marker = list_marker(text.trim_start());
        let first = " ".repeat(indent);
        let rest = " ".repeat(indent + marker);
        out.push_str(&wrap_hanging(&text, look.width, &first, &rest));
        paragraph.clear();
    };
    for line in doc.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            if line.trim().is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{}{}", " ".repeat(indent), line.trim_end());
            }
            continue;
        }
        if let Some(title) = trimmed
            .strip_prefix("## ")
            .or_else(|| trimmed.strip_prefix("# "))
        {
            flush(&mut paragraph, &mut out);
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{}{}",
                " ".repeat(indent.saturating_sub(4)),
                look.heading(title.trim())
            );
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            continue;
        }
        // A new list item ends the previous one; its continuation lines join it.
        if list_marker(trimmed) > 0 {
            flush(&mut paragraph, &mut out);
        }
        paragraph.push(trimmed);
    }
    flush(&mut paragraph, &mut out);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Replace the typographic characters svcctl writes by ASCII look-alikes, for terminals and files
/// that may not be UTF-8. Anything else outside ASCII (from a user's manifest) becomes `?`.
pub fn ascii_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            '—' | '–' | '─' | '‐' => out.push('-'),
            '→' | '⟶' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '…' => out.push_str("..."),
            '≤' => out.push_str("<="),
            '≥' => out.push_str(">="),
            '×' => out.push('x'),
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '·' | '•' => out.push('*'),
            '│' => out.push('|'),
            '▼' => out.push('v'),
            '┌' | '┐' | '└' | '┘' | '┬' | '┴' | '├' | '┤' | '┼' => out.push('+'),
            '\u{a0}' => out.push(' '),
            _ => out.push('?'),
        }
    }
    out
}

/// `1 replica`, `3 replicas`.
pub fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_list_items_hanging() {
        let text = "- a list item that is long enough to wrap onto a second line of text";
        assert_eq!(
            wrap(text, 30, 2),
            "  - a list item that is long\n    enough to wrap onto a\n    second line of text\n"
        );
    }

    #[test]
    fn markdown_headings_prose_and_code() {
        let doc =
            "## What it does\nChecks\nthings.\n\n## Example\n```yaml\nspec:\n  type: X\n```\n";
        let out = markdown(doc, &Look::PLAIN, 4);
        assert_eq!(
            out,
            "What it does\n    Checks things.\n\nExample\n    spec:\n      type: X\n"
        );
    }

    #[test]
    fn a_marker_keeps_its_url() {
        assert_eq!(
            wrap("- https://kubernetes.io/a/very/long/url", 20, 4),
            "    - https://kubernetes.io/a/very/long/url\n"
        );
    }

    #[test]
    fn ascii_fold_replaces_typography() {
        assert_eq!(ascii_fold("a — b → c … ┌─┐"), "a - b -> c ... +-+");
    }
}
