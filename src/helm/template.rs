//! A raw Helm (Go `text/template`) file read without Helm: its `{{ }}` actions found, and the
//! text masked into plain YAML of the same byte length, so that every span and line:column in
//! the masked text is the same place in the template.
//!
//! What an action writes is unknown here, so the text is masked several ways (the
//! [`Variant`]s): a value action becomes a different placeholder in each, an if/else chain keeps a
//! different branch in each, and a block an `include`/`toYaml … | nindent N` line writes is left
//! empty in one and holds a placeholder key in another. A finding that depends on what an action
//! writes then differs between the variants (or touches an action's bytes), while a mistake
//! written literally is found the same in all of them: the lint side keeps only those.

use std::ops::Range;

/// What an action does to the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ActionKind {
    /// `{{/* … */}}`.
    Comment,
    /// `{{ $x := … }}`: writes nothing.
    Assignment,
    If,
    With,
    Range,
    /// `{{ define }}`: its body is not output where it stands.
    Define,
    /// `{{ block }}`: defines a template and writes its body.
    Block,
    /// `{{ else }}`, `{{ else if … }}`, `{{ else with … }}`.
    Else,
    End,
    /// `{{ break }}`, `{{ continue }}`.
    Jump,
    /// Writes a value; `Some(n)` for a pipeline ending in `nindent n`/`indent n` (a block).
    Output(Option<usize>),
}

/// One `{{ … }}` action.
#[derive(Clone, Debug)]
pub struct Action {
    /// Its bytes, `{{` to `}}` inclusive.
    pub span: Range<usize>,
    kind: ActionKind,
}

/// One masking of the template.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Plain YAML, byte for byte as long as the template, newlines in place.
    pub text: String,
    /// The parts of the template this variant leaves out (branches of an if/else chain it did
    /// not take): a finding there is not expected from this variant.
    pub left_out: Vec<Range<usize>>,
}

/// A template read without Helm.
#[derive(Clone, Debug)]
pub struct Template {
    pub actions: Vec<Action>,
    pub variants: Vec<Variant>,
    /// The byte ranges of the documents whose `kind` or `apiVersion` is written by an action:
    /// what they are is unknown, so they are not checked.
    pub unknown_kind: Vec<Range<usize>>,
}

/// Whether a text holds template actions, and so is read as a template. Plain files pay one
/// substring search.
pub fn is_templated(text: &str) -> bool {
    text.contains("{{")
}

/// The byte ranges of a template's actions, in order: what a finding must not touch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionSpans(Vec<Range<usize>>);

impl ActionSpans {
    /// Whether `span` (a finding's, or a zero-width point) touches an action's bytes.
    pub fn touches(&self, span: Range<usize>) -> bool {
        if span.is_empty() {
            // A point (an empty value, a missing field) touches a range it ends.
            let at = self.0.partition_point(|a| a.end < span.start);
            return self.0.get(at).is_some_and(|a| a.start <= span.start);
        }
        let at = self.0.partition_point(|a| a.end <= span.start);
        self.0.get(at).is_some_and(|a| a.start < span.end)
    }

    /// Whether any action lies inside `range`.
    pub fn any_within(&self, range: Range<usize>) -> bool {
        let at = self.0.partition_point(|a| a.end <= range.start);
        self.0.get(at).is_some_and(|a| a.start < range.end)
    }
}

impl Template {
    /// What a finding must not touch to be about a literal value: the actions, and every line
    /// whose value an action writes to: the line of a value action, and each line whose block
    /// (the more indented lines below it) has an action that writes something, such as
    /// `externalIPs:` above `- {{ . }}`, or `spec:` above an `include`.
    pub fn unknown_spans(&self) -> ActionSpans {
        let Some(masked) = self.variants.first().map(|v| v.text.as_str()) else {
            return self.action_spans();
        };
        let writes: Vec<&Action> = self
            .actions
            .iter()
            .filter(|a| matches!(a.kind, ActionKind::Output(_)))
            .collect();
        let mut next_write = 0;
        let mut stack: Vec<(usize, Range<usize>)> = Vec::new();
        let mut unknown: Vec<Range<usize>> = self.actions.iter().map(|a| a.span.clone()).collect();
        let mut offset = 0;
        for line in masked.split_inclusive('\n') {
            let here = offset..offset + line.trim_end_matches(['\n', '\r']).len();
            offset += line.len();
            // The writing actions that start on this line, and the column each writes at.
            let mut writes_at: Vec<usize> = Vec::new();
            while let Some(a) = writes.get(next_write).filter(|a| a.span.start < offset) {
                let column = a.span.start - here.start;
                writes_at.push(match a.kind {
                    ActionKind::Output(Some(n)) => n,
                    _ => column,
                });
                next_write += 1;
            }
            let indent = line.len() - line.trim_start_matches(' ').len();
            if is_blank(line) {
                // A line of actions only: it writes into the blocks above its column.
                for column in writes_at {
                    for (_, above) in stack.iter().filter(|(i, _)| *i < column) {
                        unknown.push(above.clone());
                    }
                }
                continue;
            }
            while stack.last().is_some_and(|(i, _)| *i >= indent) {
                stack.pop();
            }
            if !writes_at.is_empty() {
                unknown.push(here.clone());
                unknown.extend(stack.iter().map(|(_, above)| above.clone()));
            }
            stack.push((indent, here));
        }
        unknown.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(unknown.len());
        for r in unknown {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        ActionSpans(merged)
    }

    /// Where its actions are.
    pub fn action_spans(&self) -> ActionSpans {
        ActionSpans(self.actions.iter().map(|a| a.span.clone()).collect())
    }

    /// Read a template: find its actions and mask it.
    pub fn read(text: &str) -> Template {
        let actions = find_actions(text);
        let covered = covered_bytes(text.len(), &actions);
        let chains = branch_chains(&actions);
        let defines = define_bodies(&actions);
        let widest = chains.iter().map(Vec::len).max().unwrap_or(0);
        let count = widest.max(2);
        let variants = (0..count)
            .map(|k| mask(text, &actions, &covered, &chains, &defines, k))
            .collect::<Vec<_>>();
        let unknown_kind = variants
            .first()
            .map(|v| unknown_kind_documents(&v.text, &actions))
            .unwrap_or_default();
        Template {
            actions,
            variants,
            unknown_kind,
        }
    }
}

/// The actions of a template, in order. An action never closed runs to the end of the text (Helm
/// refuses such a template; nothing after it is read as YAML).
fn find_actions(text: &str) -> Vec<Action> {
    let bytes = text.as_bytes();
    let mut actions = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("{{")) {
        let start = from + found;
        let end = action_end(bytes, start + 2).unwrap_or(bytes.len());
        let inner = text
            .get(start + 2..end.saturating_sub(2).max(start + 2))
            .unwrap_or("");
        actions.push(Action {
            span: start..end,
            kind: classify(inner),
        });
        from = end;
    }
    actions
}

/// The end (just past `}}`) of the action whose body starts at `at`, skipping Go string, raw
/// string and character literals and comments, which may hold `}}`.
fn action_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    // `{{- /* … */ -}}`: a comment ends at `*/`.
    let mut body = i;
    if bytes.get(body) == Some(&b'-') {
        body += 1;
    }
    while bytes.get(body).is_some_and(u8::is_ascii_whitespace) {
        body += 1;
    }
    if bytes.get(body..body + 2) == Some(b"/*") {
        let close = find(bytes, body + 2, b"*/")?;
        i = close + 2;
    }
    while i < bytes.len() {
        match bytes.get(i)? {
            b'}' if bytes.get(i + 1) == Some(&b'}') => return Some(i + 2),
            b'"' => i = quoted_end(bytes, i + 1, b'"')?,
            b'\'' => i = quoted_end(bytes, i + 1, b'\'')?,
            b'`' => i = find(bytes, i + 1, b"`")? + 1,
            _ => i += 1,
        }
    }
    None
}

fn quoted_end(bytes: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    while i < bytes.len() {
        match bytes.get(i)? {
            b'\\' => i += 2,
            // A string never spans lines in Go; an unclosed one ends at the line.
            b'\n' => return Some(i),
            &b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn classify(inner: &str) -> ActionKind {
    let body = inner.trim_start_matches('-').trim_end_matches('-').trim();
    if body.starts_with("/*") {
        return ActionKind::Comment;
    }
    let first = body
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    match first {
        "if" => ActionKind::If,
        "with" => ActionKind::With,
        "range" => ActionKind::Range,
        "define" => ActionKind::Define,
        "block" => ActionKind::Block,
        "else" => ActionKind::Else,
        "end" => ActionKind::End,
        "break" | "continue" => ActionKind::Jump,
        _ if is_assignment(body) => ActionKind::Assignment,
        _ => ActionKind::Output(block_indent(body)),
    }
}

/// `$name := …` or `$name = …`.
fn is_assignment(body: &str) -> bool {
    let Some(rest) = body.strip_prefix('$') else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
    let rest = rest.trim_start();
    rest.starts_with(":=") || (rest.starts_with('=') && !rest.starts_with("=="))
}

/// The `n` of a pipeline's last `nindent n` or `indent n`.
fn block_indent(body: &str) -> Option<usize> {
    let last = body.rsplit('|').next()?.trim();
    let mut words = last.split_whitespace();
    match words.next()? {
        "nindent" | "indent" => words.next()?.parse().ok(),
        _ => None,
    }
}

/// Which bytes of the text are inside an action.
fn covered_bytes(len: usize, actions: &[Action]) -> Vec<bool> {
    let mut covered = vec![false; len];
    for a in actions {
        for slot in covered.get_mut(a.span.clone()).into_iter().flatten() {
            *slot = true;
        }
    }
    covered
}

/// Every if/with/range with an `else`: its branches' byte ranges, in order. Chains without an
/// else have one branch and are always kept (their body may or may not be written).
fn branch_chains(actions: &[Action]) -> Vec<Vec<Range<usize>>> {
    struct Open {
        branch_start: usize,
        branches: Vec<Range<usize>>,
        chain: bool,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut chains = Vec::new();
    for a in actions {
        match a.kind {
            ActionKind::If | ActionKind::With | ActionKind::Range => stack.push(Open {
                branch_start: a.span.end,
                branches: Vec::new(),
                chain: true,
            }),
            ActionKind::Define | ActionKind::Block => stack.push(Open {
                branch_start: a.span.end,
                branches: Vec::new(),
                chain: false,
            }),
            ActionKind::Else => {
                if let Some(open) = stack.last_mut() {
                    open.branches.push(open.branch_start..a.span.start);
                    open.branch_start = a.span.end;
                }
            }
            ActionKind::End => {
                if let Some(mut open) = stack.pop() {
                    open.branches.push(open.branch_start..a.span.start);
                    if open.chain && open.branches.len() > 1 {
                        chains.push(open.branches);
                    }
                }
            }
            _ => {}
        }
    }
    chains
}

/// The bodies of `define` actions: never written where they stand.
fn define_bodies(actions: &[Action]) -> Vec<Range<usize>> {
    let mut depth_at_define: Vec<Option<usize>> = Vec::new();
    let mut bodies = Vec::new();
    for a in actions {
        match a.kind {
            ActionKind::Define => depth_at_define.push(Some(a.span.end)),
            ActionKind::If | ActionKind::With | ActionKind::Range | ActionKind::Block => {
                depth_at_define.push(None)
            }
            ActionKind::End => {
                if let Some(Some(start)) = depth_at_define.pop() {
                    bodies.push(start..a.span.start);
                }
            }
            _ => {}
        }
    }
    bodies
}

/// Values, per variant, for the keys whose value other checks depend on: a templated `type` is
/// a type that allows node ports in every variant (so `nodePort: 99999` is out of range whatever
/// the type, and `nodePort: 30080` is never said to be wrong for it).
const PLAUSIBLE: &[(&str, [&str; 2])] = &[
    ("type", ["NodePort", "LoadBalancer"]),
    ("protocol", ["TCP", "UDP"]),
];

/// Keys whose templated value is a port number: each action gets its own (unlikely) number, so
/// that templated ports are neither duplicates of each other nor of a literal one.
const PORT_KEYS: &[&str] = &["port", "targetPort", "containerPort", "nodePort"];

/// What to write for the `nth` value action (of `len` bytes) in variant `k`: a plausible value
/// for the key it is the value of when one fits, else a placeholder of its own (a word in even
/// variants, a number in odd ones), so that two actions never write the same value.
fn placeholder(key: Option<&str>, len: usize, k: usize, nth: usize) -> String {
    let odd = k % 2 == 1;
    let plausible = key.and_then(|key| {
        if let Some((_, values)) = PLAUSIBLE.iter().find(|(name, _)| *name == key) {
            return values.get(k % 2).map(|v| (*v).to_string());
        }
        PORT_KEYS.contains(&key).then(|| {
            let step = nth * 2 + usize::from(odd);
            if key == "nodePort" {
                (31000 + step % 1700).to_string()
            } else {
                (40000 + step % 20000).to_string()
            }
        })
    });
    let own = if odd {
        format!("1{nth}")
    } else {
        format!("x{nth}")
    };
    [plausible, Some(own)]
        .into_iter()
        .flatten()
        .find(|value| value.len() <= len)
        .unwrap_or_else(|| if odd { "1" } else { "x" }.to_string())
}

/// The key whose whole value starts with the action at `at` (`  - port: {{ … }}`,
/// `type: "{{ … }}"`), if any.
fn value_key(text: &str, line_start: usize, at: usize) -> Option<&str> {
    let before = text.get(line_start..at)?.trim_start();
    let before = before.strip_prefix("- ").unwrap_or(before).trim_start();
    let before = before
        .strip_suffix(['"', '\''])
        .unwrap_or(before)
        .trim_end();
    let key = before.strip_suffix(':')?;
    key.chars()
        .all(|c| c.is_ascii_alphanumeric())
        .then_some(key)
}

/// The key an `include … | nindent N` line is given in the variants that fill blocks.
const BLOCK_KEY: &[u8] = b"t: x";

fn mask(
    text: &str,
    actions: &[Action],
    covered: &[bool],
    chains: &[Vec<Range<usize>>],
    defines: &[Range<usize>],
    k: usize,
) -> Variant {
    let mut out = text.as_bytes().to_vec();
    let mut left_out: Vec<Range<usize>> = defines.to_vec();
    for chain in chains {
        let keep = k.min(chain.len().saturating_sub(1));
        left_out.extend(
            chain
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != keep)
                .map(|(_, r)| r.clone()),
        );
    }
    for r in left_out.iter().chain(actions.iter().map(|a| &a.span)) {
        blank(&mut out, r.clone());
    }
    let fill_blocks = k % 2 == 1;
    for (nth, a) in actions.iter().enumerate() {
        let ActionKind::Output(indent) = a.kind else {
            continue;
        };
        if left_out
            .iter()
            .any(|r| r.start <= a.span.start && a.span.end <= r.end)
        {
            continue;
        }
        let line = line_of(text.as_bytes(), a.span.start);
        let whole_line = only_actions(text.as_bytes(), covered, line.start, a.span.start)
            && only_actions(
                text.as_bytes(),
                covered,
                a.span.end,
                line_end(text.as_bytes(), a.span.end),
            );
        if !whole_line {
            // `labels: {{- include … | nindent 4 }}` writes a block below its key, where
            // literal entries may follow: it writes nothing here.
            if indent.is_none() {
                let key = value_key(text, line.start, a.span.start);
                let mut value = placeholder(key, a.span.len(), k, nth).into_bytes();
                // A quoted action (`"{{ … }}"`): the quote closes right after the value, not
                // after the padding, which would be part of the string.
                let bytes = text.as_bytes();
                let quote = a.span.start.checked_sub(1).and_then(|i| bytes.get(i));
                if let Some(&q) = quote.filter(|&&q| q == b'"' || q == b'\'')
                    && bytes.get(a.span.end) == Some(&q)
                    && value.len() < a.span.len()
                {
                    value.push(q);
                    blank(&mut out, a.span.end..a.span.end + 1);
                }
                write(&mut out, a.span.start, &value);
            }
        } else if let Some(n) = indent
            && fill_blocks
            && line.end >= line.start + n + BLOCK_KEY.len()
            && opens_block_at(&out, line.start, n)
        {
            write(&mut out, line.start + n, BLOCK_KEY);
        }
    }
    // A line that held only actions is left as a comment at the action's column rather than
    // blank: in a block scalar (`- |`) a blank line more indented than the text below it is
    // an error, a comment line at the text's column is text, and elsewhere it is a comment.
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let first = start + (body.len() - body.trim_start().len());
        let masked_blank = out
            .get(start..start + body.len())
            .is_some_and(|b| b.iter().all(|&c| c == b' '));
        if !body.trim().is_empty()
            && masked_blank
            && covered.get(first).copied().unwrap_or(false)
            && only_actions(text.as_bytes(), covered, start, start + body.len())
        {
            write(&mut out, first, b"#");
        }
    }
    // Every byte written is ASCII and every byte replaced lies in an action or a branch, which
    // start and end on ASCII bytes: the text stays UTF-8.
    let text = String::from_utf8(out).unwrap_or_else(|e| {
        String::from_utf8_lossy(e.as_bytes())
            .chars()
            .map(|c| if c.is_ascii() { c } else { ' ' })
            .collect()
    });
    Variant { text, left_out }
}

fn blank(out: &mut [u8], range: Range<usize>) {
    for b in out.get_mut(range).into_iter().flatten() {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

fn write(out: &mut [u8], at: usize, what: &[u8]) {
    if let Some(slot) = out.get_mut(at..at + what.len()) {
        slot.copy_from_slice(what);
    }
}

/// The line holding `at`, without its newline.
fn line_of(bytes: &[u8], at: usize) -> Range<usize> {
    let start = bytes
        .get(..at)
        .and_then(|b| b.iter().rposition(|&c| c == b'\n'))
        .map_or(0, |p| p + 1);
    start..line_end(bytes, at)
}

fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .and_then(|b| b.iter().position(|&c| c == b'\n'))
        .map_or(bytes.len(), |p| at + p)
}

/// Whether a masked line is blank: spaces, or the `#` left where a line of actions was.
fn is_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed == "#"
}

/// Whether `from..to` holds only whitespace and action bytes.
fn only_actions(bytes: &[u8], covered: &[bool], from: usize, to: usize) -> bool {
    (from..to).all(|i| {
        covered.get(i).copied().unwrap_or(false)
            || bytes.get(i).is_some_and(|b| b.is_ascii_whitespace())
    })
}

/// Whether a key written at column `n` of the (masked, blank) line starting at `line_start`
/// would be a mapping entry of the block the previous line opens: that line ends with `key:`
/// at a smaller indent, and the next line at column `n` is not a list item.
fn opens_block_at(masked: &[u8], line_start: usize, n: usize) -> bool {
    fn content_lines<'a>(mut lines: impl Iterator<Item = &'a [u8]>) -> Option<&'a [u8]> {
        lines.find(|l| !is_blank(std::str::from_utf8(l).unwrap_or("")))
    }
    let before = masked.get(..line_start.saturating_sub(1)).unwrap_or(&[]);
    let Some(previous) = content_lines(before.rsplit(|&b| b == b'\n')) else {
        return false;
    };
    let indent = |l: &[u8]| l.iter().take_while(|&&b| b == b' ').count();
    let trimmed: &[u8] = previous.trim_ascii_end();
    if !trimmed.ends_with(b":") || indent(previous) >= n || previous.trim_ascii().starts_with(b"#")
    {
        return false;
    }
    let after_start = line_end(masked, line_start) + 1;
    let after = masked.get(after_start..).unwrap_or(&[]);
    match content_lines(after.split(|&b| b == b'\n')) {
        Some(next) if indent(next) == n => !next.trim_ascii_start().starts_with(b"-"),
        Some(next) => indent(next) < n,
        None => true,
    }
}

/// Documents (between `---` lines) whose top-level `kind:` or `apiVersion:` line holds an
/// action, in `masked` (a variant) where the actions are `actions`.
fn unknown_kind_documents(masked: &str, actions: &[Action]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for doc in document_ranges(masked) {
        let mut offset = doc.start;
        let text = masked.get(doc.clone()).unwrap_or("");
        let unknown = text.split_inclusive('\n').any(|line| {
            let start = offset;
            offset += line.len();
            (line.starts_with("kind:") || line.starts_with("apiVersion:"))
                && actions
                    .iter()
                    .any(|a| a.span.start < start + line.len() && a.span.end > start)
        });
        if unknown {
            out.push(doc);
        }
    }
    out
}

/// The byte ranges of the YAML documents of `text`, split at lines starting with `---`.
pub fn document_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut offset) = (0, 0);
    for line in text.split_inclusive('\n') {
        let marker = line.starts_with("---")
            && line
                .get(3..)
                .is_none_or(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace));
        if marker && offset > start {
            ranges.push(start..offset);
            start = offset;
        }
        offset += line.len();
    }
    ranges.push(start..text.len());
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  {{- if .Values.nodePort }}
  type: NodePort
  {{- else }}
  type: ClusterIP
  {{- end }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
      nodePort: 99999
  selector:
    {{- include "app.selectorLabels" . | nindent 4 }}
{{/* a comment
  over lines */}}
"#;

    #[test]
    fn masking_keeps_every_byte_in_place() {
        let t = Template::read(SERVICE);
        assert_eq!(t.variants.len(), 2);
        for v in &t.variants {
            assert_eq!(v.text.len(), SERVICE.len());
            let lines: Vec<&str> = v.text.lines().collect();
            assert_eq!(lines.len(), SERVICE.lines().count());
            assert!(!v.text.contains("{{"));
            assert!(v.text.contains("      nodePort: 99999\n"));
        }
    }

    #[test]
    fn each_variant_takes_one_branch_and_fills_values_its_own_way() {
        let t = Template::read(SERVICE);
        let [a, b] = [&t.variants[0].text, &t.variants[1].text];
        let quoted = Template::read("type: \"{{ .Values.type }}\"\n");
        assert_eq!(quoted.variants[1].text, "type: \"LoadBalancer\"      \n");
        assert!(a.contains("  type: NodePort") && !a.contains("type: ClusterIP"));
        assert!(b.contains("  type: ClusterIP") && !b.contains("type: NodePort"));
        assert!(a.contains("  name: x0  "));
        assert!(b.contains("    - port: 40011  "));
        // Only the block-filling variant writes a key where `include … | nindent 4` stands.
        assert!(!a.contains("\n    t: x"));
        assert!(b.contains("\n    t: x "));
    }

    #[test]
    fn actions_are_found_past_braces_in_strings_and_comments() {
        let text = "a: {{ printf \"}}\" .x }}\nb: {{/* }} */}}\nc: 1\n";
        let t = Template::read(text);
        assert_eq!(t.actions.len(), 2);
        assert!(t.variants[0].text.ends_with("c: 1\n"));
        let spans = t.action_spans();
        assert!(spans.touches(3..5));
        assert!(!spans.touches(text.len() - 2..text.len() - 1));
        assert!(spans.any_within(0..text.len()) && !spans.any_within(text.len() - 5..text.len()));
    }

    #[test]
    fn a_line_is_unknown_when_an_action_writes_its_value_or_into_its_block() {
        let text = "spec:\n  externalIPs:\n    - {{ .ip }}\n  ports:\n    - port: 80\n      nodePort: 99999\n";
        let t = Template::read(text);
        let unknown = t.unknown_spans();
        let line = |n: &str| {
            let at = text.find(n).unwrap_or(0);
            at..at + n.len()
        };
        assert!(unknown.touches(line("externalIPs")));
        assert!(unknown.touches(line("spec")));
        assert!(!unknown.touches(line("ports")));
        assert!(!unknown.touches(line("99999")));
        // An `include … | nindent 4` line writes into `labels:`, not into what is beside it.
        let text = "metadata:\n  name: a\n  labels:\n    {{- include \"l\" . | nindent 4 }}\nspec:\n  type: Nodeport\n";
        let unknown = Template::read(text).unknown_spans();
        let at = |n: &str| text.find(n).unwrap_or(0);
        assert!(unknown.touches(at("labels")..at("labels") + 1));
        assert!(unknown.touches(at("metadata")..at("metadata") + 1));
        assert!(!unknown.touches(at("name")..at("name") + 1));
        assert!(!unknown.touches(at("Nodeport")..at("Nodeport") + 8));
    }

    #[test]
    fn a_templated_kind_marks_its_document() {
        let text = "kind: Service\n---\nkind: {{ .Values.kind }}\nmetadata: {}\n";
        let t = Template::read(text);
        assert_eq!(t.unknown_kind, vec![14..text.len()]);
    }

    #[test]
    fn an_unclosed_action_runs_to_the_end() {
        let t = Template::read("a: 1\nb: {{ .x\nc: 2\n");
        assert_eq!(t.actions.len(), 1);
        assert_eq!(t.variants[0].text, "a: 1\nb: x0   \n#   \n");
    }

    #[test]
    fn define_bodies_are_left_out() {
        let text = "{{- define \"x\" }}\nkey: value\n{{- end }}\nkind: Service\n";
        let t = Template::read(text);
        assert!(!t.variants[0].text.contains("key"));
    }

    #[test]
    fn classification() {
        assert_eq!(classify("- $x := 1 "), ActionKind::Assignment);
        assert_eq!(classify(" .Values.a "), ActionKind::Output(None));
        assert_eq!(
            classify("- toYaml .Values.r | nindent 12 "),
            ActionKind::Output(Some(12))
        );
        assert_eq!(classify("- else if .x "), ActionKind::Else);
        assert_eq!(classify("/* c */"), ActionKind::Comment);
    }
}
