//! Which template line wrote a rendered value. Both texts are read the same way, by indentation:
//! each line that writes a key (or a list item) gets the key path it writes to, and a template's
//! lines that are only actions (`{{- toYaml .Values.ports | nindent 4 }}`) get the path they
//! write under. A rendered node's path is then looked up in its template: the line writing that
//! very key, else the nearest ancestor the template writes (preferring the action that fills
//! the ancestor's block, which is what produced the value), else the template's first line.
//!
//! Reading by indentation rather than parsing is deliberate: a template is not YAML until it is
//! rendered, and every branch of an `{{- if }}` must be kept, as must a `range` body written
//! once for many rendered items.

/// One step of a key path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    /// The n-th item of a list, as written (a `range` body counts once).
    Item(usize),
    /// A key the template computes (`{{ $name }}: ...`): it may be any key.
    AnyKey,
}

/// What a line of a text writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// A key, or a list item (`- x`): the path ends at what the line writes.
    Writes,
    /// A template action that outputs text (`{{ include ... | nindent 4 }}`): the path is the
    /// block it writes into.
    Fills,
}

/// A line that writes something, with the path it writes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathLine {
    /// Byte offset of the line's first character.
    pub start: usize,
    /// Byte range of what the line writes (the key or dash through the end of the line, spaces
    /// trimmed), for the finding's span.
    pub written: (usize, usize),
    /// Where the value written after the line's last key starts, when there is one on the line.
    pub value: Option<usize>,
    pub kind: LineKind,
    /// Each step with the column (in bytes from the line start) it is written at.
    pub path: Vec<(Step, usize)>,
}

impl PathLine {
    fn steps(&self) -> impl Iterator<Item = &Step> {
        self.path.iter().map(|(s, _)| s)
    }
}

struct Frame {
    column: usize,
    step: Step,
    items: usize,
}

/// Control actions write nothing: `if`, `else`, `end`, `range`, `with`, `define`, comments,
/// variable assignments.
fn is_control(action: &str) -> bool {
    let inner = action
        .trim_start_matches("{{")
        .trim_start_matches('-')
        .trim_start();
    if inner.starts_with("/*") {
        return true;
    }
    let word = inner
        .split(|c: char| c.is_whitespace() || c == '}')
        .next()
        .unwrap_or("");
    if matches!(
        word,
        "if" | "else" | "end" | "range" | "with" | "define" | "block" | "break" | "continue"
    ) {
        return true;
    }
    // `{{- $x := ... }}` and `{{ $x = ... }}` assign; `{{ $x }}` outputs.
    word.starts_with('$') && (inner.contains(":=") || inner.contains(" = "))
}

/// The text with every `{{ ... }}` removed, or `None` when an action is left open on the line.
fn without_actions(line: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find("{{") {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open..).unwrap_or("");
        let close = after.find("}}")?;
        rest = after.get(close + 2..).unwrap_or("");
    }
    out.push_str(rest);
    Some(out)
}

/// `nindent N` / `indent N` in an action: the column the action writes its text at.
fn written_indent(action: &str) -> Option<usize> {
    let mut words = action.split_whitespace();
    while let Some(w) = words.next() {
        if w == "nindent" || w == "indent" {
            return words
                .next()
                .and_then(|n| n.trim_end_matches(['}', ')', '-']).parse().ok());
        }
    }
    None
}

/// Where a mapping key ends on `rest` (the line after its indentation and dashes): the offset
/// of the `:` that ends it, when the line is `key: value` or `key:`.
fn key_end(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let first = *bytes.first()?;
    if first == b'"' || first == b'\'' {
        let close = rest.get(1..)?.find(first as char)? + 1;
        return (bytes.get(close + 1) == Some(&b':')
            && matches!(bytes.get(close + 2), None | Some(b' ' | b'\t')))
        .then_some(close + 1);
    }
    if matches!(
        first,
        b'[' | b'|' | b'>' | b'#' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`'
    ) {
        return None;
    }
    if first == b'{' && bytes.get(1) != Some(&b'{') {
        return None;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i..i + 2) {
            Some(b"{{") => {
                depth += 1;
                i += 2;
                continue;
            }
            Some(b"}}") if depth > 0 => {
                depth -= 1;
                i += 2;
                continue;
            }
            _ => {}
        }
        let b = bytes.get(i).copied().unwrap_or(b' ');
        if depth == 0 {
            if b == b':' && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) {
                return Some(i);
            }
            if b == b' ' && bytes.get(i + 1) == Some(&b'#') {
                return None;
            }
        }
        i += 1;
    }
    None
}

fn is_block_scalar(value: &str) -> bool {
    let v = value.split(" #").next().unwrap_or("").trim();
    !v.is_empty()
        && (v.starts_with('|') || v.starts_with('>'))
        && v.chars()
            .skip(1)
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

/// Every line of `text` that writes a key, a list item or (in a template) fills a block, in
/// order. `from` is added to every offset (the text is a slice of a larger one).
pub fn read_paths(text: &str, from: usize) -> Vec<PathLine> {
    let mut lines = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_items = 0usize;
    // Lines more indented than this belong to a block scalar.
    let mut block_scalar: Option<usize> = None;
    let mut open_action = false;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if open_action {
            open_action = !line.contains("}}");
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.get(indent..).unwrap_or("");
        let trimmed_end = line.trim_end().len();
        if body.trim().is_empty() {
            continue;
        }
        if let Some(column) = block_scalar {
            if indent > column {
                continue;
            }
            block_scalar = None;
        }
        if body.starts_with('#') || body.trim_end() == "---" || body.starts_with("--- ") {
            if body.trim_end() == "---" {
                stack.clear();
                root_items = 0;
            }
            continue;
        }
        let Some(plain) = without_actions(body) else {
            // An action spanning lines (a long comment, a multi-line `include`).
            if !is_control(body) {
                push_fill(&mut lines, &stack, start + from, indent, trimmed_end);
            }
            open_action = true;
            continue;
        };
        if plain.trim().is_empty() {
            // Only actions on the line: control writes nothing, output fills the block at the
            // column it indents to.
            if body.starts_with("{{") && !is_control(body) {
                let column = written_indent(body).unwrap_or(indent);
                while stack.last().is_some_and(|f| f.column >= column) {
                    stack.pop();
                }
                push_fill(&mut lines, &stack, start + from, indent, trimmed_end);
            }
            continue;
        }
        // Dashes open list items, then a key may follow.
        let mut column = indent;
        let mut rest = body;
        let mut value = None;
        while rest == "-" || rest.starts_with("- ") {
            // A list at the column of its parent key (`ports:\n- port: 80`) stays under it; a
            // previous item at this column is a sibling.
            while stack.last().is_some_and(|f| {
                f.column > column || (f.column == column && matches!(f.step, Step::Item(_)))
            }) {
                stack.pop();
            }
            let index = match stack.last_mut() {
                Some(parent) => {
                    parent.items += 1;
                    parent.items - 1
                }
                None => {
                    root_items += 1;
                    root_items - 1
                }
            };
            stack.push(Frame {
                column,
                step: Step::Item(index),
                items: 0,
            });
            let after = rest.get(1..).unwrap_or("");
            let spaces = after.len() - after.trim_start_matches(' ').len();
            column += 1 + spaces;
            rest = after.get(spaces..).unwrap_or("");
        }
        if let Some(end) = key_end(rest) {
            while stack.last().is_some_and(|f| f.column >= column) {
                stack.pop();
            }
            let key = rest.get(..end).unwrap_or("");
            let step = if key.contains("{{") {
                Step::AnyKey
            } else {
                Step::Key(key.trim_matches(['"', '\'']).to_string())
            };
            stack.push(Frame {
                column,
                step,
                items: 0,
            });
            let after = rest.get(end + 1..).unwrap_or("");
            if is_block_scalar(after) {
                block_scalar = Some(indent);
            }
            let spaces = after.len() - after.trim_start().len();
            if !after.trim().is_empty() && !after.trim_start().starts_with('#') {
                value = Some(start + from + column + end + 1 + spaces);
            }
        } else if column == indent {
            // A continuation of a flow value or a plain multi-line scalar: not a node of its own.
            continue;
        }
        lines.push(PathLine {
            start: start + from,
            written: (start + from + indent, start + from + trimmed_end),
            value,
            kind: LineKind::Writes,
            path: stack.iter().map(|f| (f.step.clone(), f.column)).collect(),
        });
    }
    lines
}

fn push_fill(lines: &mut Vec<PathLine>, stack: &[Frame], start: usize, indent: usize, end: usize) {
    lines.push(PathLine {
        start,
        written: (start + indent, start + end),
        value: None,
        kind: LineKind::Fills,
        path: stack.iter().map(|f| (f.step.clone(), f.column)).collect(),
    });
}

/// The path of the node at `offset` in a rendered text read by [`read_paths`]: the path of the
/// line holding it, without the steps written right of it (a finding on a list item's dash is
/// about the item, not the key that follows it on the line).
pub fn path_at(lines: &[PathLine], offset: usize, line_start: usize) -> Vec<Step> {
    let at = lines.partition_point(|l| l.start <= offset);
    let Some(line) = at.checked_sub(1).and_then(|i| lines.get(i)) else {
        return Vec::new();
    };
    let column = if line.start == line_start {
        offset - line_start
    } else {
        usize::MAX
    };
    line.path
        .iter()
        .filter(|(_, c)| *c <= column)
        .map(|(s, _)| s.clone())
        .collect()
}

fn step_matches(written: &Step, rendered: &Step, exact_items: bool) -> bool {
    match (written, rendered) {
        (Step::AnyKey, Step::Key(_)) => true,
        (Step::Key(a), Step::Key(b)) => a == b,
        (Step::Item(a), Step::Item(b)) => !exact_items || a == b,
        _ => false,
    }
}

fn path_matches(line: &PathLine, path: &[Step], exact_items: bool) -> bool {
    line.path.len() == path.len()
        && line
            .steps()
            .zip(path)
            .all(|(w, r)| step_matches(w, r, exact_items))
}

fn under(line: &PathLine, path: &[Step]) -> bool {
    line.path.len() >= path.len()
        && line
            .steps()
            .zip(path)
            .all(|(w, r)| step_matches(w, r, false))
}

/// Whether `line` matched `path` only by taking a written list item for another rendered one
/// while an action also writes into that list (`- port: 80` then `{{- toYaml .Values.ports |
/// nindent 4 }}`): the rendered item beyond the written ones came from the action. A `range`
/// body, written once for every item, has no such action beside it.
fn filled_list(template: &[PathLine], line: &PathLine, path: &[Step]) -> bool {
    let Some(list) = line
        .steps()
        .zip(path)
        .position(|(w, r)| matches!((w, r), (Step::Item(a), Step::Item(b)) if a != b))
    else {
        return false;
    };
    let Some(parent) = path.get(..list) else {
        return false;
    };
    template
        .iter()
        .any(|l| l.kind == LineKind::Fills && path_matches(l, parent, false))
}

/// The template line that writes `path` (see the module documentation), as an index into
/// `template`, and whether it writes that very node; `None` when the template writes nothing.
pub fn writer_of(template: &[PathLine], path: &[Step]) -> Option<(usize, bool)> {
    for len in (0..=path.len()).rev() {
        let Some(prefix) = path.get(..len) else {
            continue;
        };
        let found = template
            .iter()
            .position(|l| l.kind == LineKind::Writes && path_matches(l, prefix, true))
            .or_else(|| {
                template.iter().position(|l| {
                    l.kind == LineKind::Writes
                        && path_matches(l, prefix, false)
                        && !filled_list(template, l, prefix)
                })
            });
        match found {
            Some(i) if len == path.len() => return Some((i, true)),
            Some(i) => {
                // The ancestor's key is written; what is under it came from an action in its
                // block, when there is one.
                let fill = template
                    .iter()
                    .enumerate()
                    .skip(i + 1)
                    .take_while(|(_, l)| under(l, prefix) && l.path.len() >= prefix.len())
                    .find(|(_, l)| l.kind == LineKind::Fills)
                    .map(|(j, _)| j);
                return Some((fill.unwrap_or(i), false));
            }
            None if len == 0 => {
                return template
                    .iter()
                    .position(|l| l.kind == LineKind::Fills && l.path.is_empty())
                    .map(|i| (i, false));
            }
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    fn line_of(text: &str, lines: &[PathLine], i: Option<(usize, bool)>) -> Option<usize> {
        let l = lines.get(i?.0)?;
        Some(text.get(..l.start)?.matches('\n').count() + 1)
    }

    const SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: {{ include \"web.fullname\" . }}
  labels:
    {{- include \"web.labels\" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
    {{- toYaml .Values.ports | nindent 4 }}
  {{- if .Values.extra }}
    - port: 81
      nodePort: 99999
  {{- end }}
  selector:
    {{- include \"web.selectorLabels\" . | nindent 4 }}
";

    #[test]
    fn a_literal_key_is_found_at_its_own_line() {
        let lines = read_paths(SERVICE, 0);
        let nodeport = [key("spec"), key("ports"), Step::Item(0), key("nodePort")];
        assert_eq!(
            line_of(SERVICE, &lines, writer_of(&lines, &nodeport)),
            Some(13)
        );
        let ty = [key("spec"), key("type")];
        assert_eq!(line_of(SERVICE, &lines, writer_of(&lines, &ty)), Some(8));
    }

    #[test]
    fn a_value_from_an_action_is_found_at_the_action_filling_its_nearest_written_ancestor() {
        let lines = read_paths(SERVICE, 0);
        let label = [
            key("metadata"),
            key("labels"),
            key("app.kubernetes.io/name"),
        ];
        assert_eq!(line_of(SERVICE, &lines, writer_of(&lines, &label)), Some(6));
        let selector = [key("spec"), key("selector"), key("app")];
        assert_eq!(
            line_of(SERVICE, &lines, writer_of(&lines, &selector)),
            Some(16)
        );
        // A rendered item the template does not write literally: the toYaml line.
        let port = [key("spec"), key("ports"), Step::Item(3), key("port")];
        assert_eq!(line_of(SERVICE, &lines, writer_of(&lines, &port)), Some(10));
    }

    #[test]
    fn a_template_that_only_includes_points_at_the_include() {
        let text = "{{- include \"common.service\" . }}\n";
        let lines = read_paths(text, 0);
        let path = [key("spec"), key("ports")];
        assert_eq!(line_of(text, &lines, writer_of(&lines, &path)), Some(1));
    }

    #[test]
    fn rendered_paths_follow_lists_and_stop_at_the_column() {
        let text =
            "spec:\n  ports:\n  - port: 80\n    nodePort: 99999\n  - name: b\n    port: 81\n";
        let lines = read_paths(text, 0);
        let at = text.find("99999").unwrap_or(0);
        let line_start = text.find("    nodePort").unwrap_or(0);
        assert_eq!(
            path_at(&lines, at, line_start),
            [key("spec"), key("ports"), Step::Item(0), key("nodePort")]
        );
        let dash = text.find("- name").unwrap_or(0);
        assert_eq!(
            path_at(&lines, dash, dash - 2),
            [key("spec"), key("ports"), Step::Item(1)]
        );
    }

    #[test]
    fn block_scalars_and_comments_write_no_keys() {
        let text = "data:\n  script: |\n    a: b\n    c: d\n  # x: y\n  next: 1\n";
        let lines = read_paths(text, 0);
        let keys: Vec<Vec<Step>> = lines.iter().map(|l| l.steps().cloned().collect()).collect();
        assert_eq!(
            keys,
            vec![
                vec![key("data")],
                vec![key("data"), key("script")],
                vec![key("data"), key("next")]
            ]
        );
    }

    #[test]
    fn a_range_body_written_once_matches_every_rendered_item() {
        let text = "spec:\n  ports:\n  {{- range .Values.ports }}\n  - port: {{ .port }}\n    nodePort: 99999\n  {{- end }}\n";
        let lines = read_paths(text, 0);
        let third = [key("spec"), key("ports"), Step::Item(2), key("nodePort")];
        assert_eq!(line_of(text, &lines, writer_of(&lines, &third)), Some(5));
    }
}
