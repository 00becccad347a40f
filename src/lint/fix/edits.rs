//! Building minimal edits from the spanned YAML tree: a scalar or key rewritten in its own
//! quoting style, a mapping entry or a list item removed with exactly its own lines. Each builder
//! returns `None` when it cannot make the edit without touching bytes it does not own (a
//! multi-line plain scalar, an escape inside quotes, an entry sharing its line with a list dash,
//! a flow collection): then the finding stays unfixed rather than the file mangled.

use super::Edit;
use crate::model::source::Span;
use crate::model::yaml::{Node, Resolved, Style, resolve_plain};

/// Rewrite a scalar (a value or a key) to `value`, keeping its quoting: plain stays plain when
/// `value` reads back as the same string, else it is double-quoted; a quoted scalar keeps its
/// quotes. Block scalars are left alone.
pub fn replace_scalar(text: &str, node: &Node, value: &str) -> Option<Edit> {
    let scalar = node.as_scalar()?;
    let raw = text.get(node.span.start..node.span.end)?;
    match scalar.style {
        Style::Plain => {
            // A plain scalar folded over lines is not its text byte for byte.
            if raw != scalar.text.as_str() || raw.is_empty() {
                return None;
            }
            let written = if plain_safe(value) {
                value.to_string()
            } else {
                double_quoted(value)?
            };
            Some(Edit::replace(node.span, written))
        }
        Style::Quoted => {
            let inner = quoted_inner(raw, scalar.text.as_str())?;
            let quote = raw.as_bytes().first().copied()?;
            if value.bytes().any(|b| b == quote || b == b'\\' || b < b' ') {
                return None;
            }
            Some(Edit::replace(
                Span::new(node.span.start + inner.start, node.span.start + inner.end),
                value,
            ))
        }
        Style::Block => None,
    }
}

/// Remove the quotes of a quoted scalar whose text is a number or boolean written as
/// kubectl would read it plain (`"80"` → `80`, `'true'` → `true`): for a field that takes one.
pub fn unquote(text: &str, node: &Node) -> Option<Edit> {
    let scalar = node.as_scalar()?;
    if scalar.style != Style::Quoted || scalar.tag.is_some() {
        return None;
    }
    let raw = text.get(node.span.start..node.span.end)?;
    quoted_inner(raw, scalar.text.as_str())?;
    let inner = scalar.text.as_str();
    let canonical = match resolve_plain(inner) {
        // Only the plain decimal spelling: `"0x50"` or `"08"` would read as something else.
        Resolved::Int(i) => i.to_string() == inner,
        Resolved::Bool(b) => inner == if b { "true" } else { "false" },
        _ => false,
    };
    canonical.then(|| Edit::replace(node.span, inner))
}

/// Where the text of a quoted scalar sits inside its raw bytes, when it is written without
/// escapes or line folding (so that replacing those bytes replaces exactly the value).
fn quoted_inner(raw: &str, text: &str) -> Option<std::ops::Range<usize>> {
    let quote = raw.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = raw.strip_prefix(quote)?.strip_suffix(quote)?;
    (inner == text && !inner.contains('\\') && !inner.contains(quote) && !inner.contains('\n'))
        .then(|| 1..1 + inner.len())
}

/// Whether `value` written plain reads back as this very string, in block and flow context.
fn plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if !matches!(resolve_plain(value), Resolved::Str(s) if s == value) {
        return false;
    }
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !value.ends_with(':')
        && !value.ends_with(' ')
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.chars().any(|c| c.is_control() || "[]{},".contains(c))
}

/// `value` as a double-quoted scalar, when it needs no escapes.
fn double_quoted(value: &str) -> Option<String> {
    if value
        .chars()
        .any(|c| c == '"' || c == '\\' || c.is_control())
    {
        return None;
    }
    Some(format!("\"{value}\""))
}

/// Delete the entry `index` of a block mapping with the whole of its lines: from the start of
/// the key's line through the line break after its value (a comment at the end of that last
/// line goes with it; comment lines above stay). Not the only entry (that would change the
/// mapping's type), and not an entry that shares its first line with a list's `- `.
pub fn remove_entry(text: &str, map: &Node, index: usize) -> Option<Edit> {
    let entries = map.as_map()?;
    if entries.len() < 2 || is_flow(text, map) {
        return None;
    }
    let entry = entries.get(index)?;
    let start = line_start(text, entry.key.span.start);
    let end = owned_line_end(text, entry.key.span.end.max(entry.value.span.end))?;
    let indent = text.get(start..entry.key.span.start)?;
    if !indent.bytes().all(|b| b == b' ') {
        // The first entry of a list item (`- nodePort: 30080`): the next entry moves up onto
        // the dash line, when nothing but indentation lies between them.
        let dash = indent.trim_start_matches(' ');
        let next = entries.get(index + 1)?;
        let between = text.get(end..next.key.span.start)?;
        let on_dash_line = dash.starts_with('-') && dash.get(1..)?.bytes().all(|b| b == b' ');
        return (on_dash_line && index == 0 && between.bytes().all(|b| b == b' '))
            .then(|| Edit::delete(Span::new(entry.key.span.start, next.key.span.start)));
    }
    // The next entry must start on a later line, or the edit would cut into it.
    if let Some(next) = entries.get(index + 1)
        && next.key.span.start < end
    {
        return None;
    }
    Some(Edit::delete(Span::new(start, end)))
}

/// Delete item `index` of a block sequence with the whole of its lines, from the `- ` line
/// through the line break after the item. Not the only item.
pub fn remove_item(text: &str, seq: &Node, index: usize) -> Option<Edit> {
    let items = seq.as_seq()?;
    if items.len() < 2 || is_flow(text, seq) {
        return None;
    }
    let item = items.get(index)?;
    let start = line_start(text, item.span.start);
    let before = text.get(start..item.span.start)?;
    let dash = before.trim_start_matches(' ');
    if !(dash.starts_with('-') && dash.get(1..)?.bytes().all(|b| b == b' ')) {
        return None;
    }
    let end = owned_line_end(text, item.span.end)?;
    if let Some(next) = items.get(index + 1)
        && next.span.start < end
    {
        return None;
    }
    Some(Edit::delete(Span::new(start, end)))
}

/// A `{…}` or `[…]` collection (JSON too): removing a line of one would leave a dangling comma.
fn is_flow(text: &str, collection: &Node) -> bool {
    text.get(collection.span.start..)
        .is_some_and(|t| t.starts_with(['{', '[']))
}

fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The end of the line on which a node ends at `end`, past its line break, provided nothing but
/// spaces and a comment follows the node on that line.
fn owned_line_end(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    // A node whose span already took its line break (a block scalar) ends its line.
    if end > 0 && text.get(end - 1..end) == Some("\n") {
        return Some(end);
    }
    let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let line = rest.get(..line_len)?;
    let content = line
        .trim_end_matches(['\n', '\r'])
        .trim_start_matches([' ', '\t']);
    (content.is_empty() || content.starts_with('#')).then_some(end + line_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::fix::apply_edits;
    use crate::model::yaml::{Limits, parse_stream};

    fn root_of(text: &str) -> Node {
        parse_stream(text, Limits::default())
            .documents
            .into_iter()
            .next()
            .and_then(|d| d.root)
            .expect("a document")
    }

    fn edit_value(text: &str, key: &str, value: &str) -> Option<String> {
        let root = root_of(text);
        let node = root.get(key)?;
        apply_edits(text, &[replace_scalar(text, node, value)?])
    }

    #[test]
    fn a_scalar_keeps_its_quoting_and_everything_around_it() {
        assert_eq!(
            edit_value("type: Nodeport # why\r\nx: 1\r\n", "type", "NodePort").as_deref(),
            Some("type: NodePort # why\r\nx: 1\r\n")
        );
        assert_eq!(
            edit_value("type: 'Nodeport'\n", "type", "NodePort").as_deref(),
            Some("type: 'NodePort'\n")
        );
        assert_eq!(
            edit_value("a: \"x\"\n", "a", "b").as_deref(),
            Some("a: \"b\"\n")
        );
        // A plain value that would read back as something else is quoted.
        assert_eq!(
            edit_value("a: x\n", "a", "true").as_deref(),
            Some("a: \"true\"\n")
        );
        assert_eq!(edit_value("a: \"x\\ty\"\n", "a", "b"), None, "escapes");
        assert_eq!(edit_value("a: |\n  x\n", "a", "b"), None, "block");
        assert_eq!(edit_value("a: x\n  y\n", "a", "b"), None, "folded plain");
    }

    #[test]
    fn only_plain_decimal_numbers_and_booleans_are_unquoted() {
        let text = "a: \"80\"\nb: '0x50'\nc: \"true\"\nd: \"yes\"\ne: \"08\"\n";
        let root = root_of(text);
        let get = |k: &str| unquote(text, root.get(k).expect("key"));
        assert_eq!(get("a").map(|e| e.replacement), Some("80".into()));
        assert_eq!(get("b"), None);
        assert_eq!(get("c").map(|e| e.replacement), Some("true".into()));
        assert_eq!(get("d"), None);
        assert_eq!(get("e"), None);
    }

    #[test]
    fn an_entry_goes_with_its_lines_and_nothing_else() {
        let text = "ports:\r\n  - port: 80\r\n    # kept\r\n    nodePort: 30080 # gone\r\n    name: web\r\n";
        let root = root_of(text);
        let item = root
            .get("ports")
            .and_then(|p| p.as_seq())
            .and_then(|s| s.first())
            .expect("item");
        let edit = remove_entry(text, item, 1).expect("an edit");
        assert_eq!(
            apply_edits(text, &[edit]).as_deref(),
            Some("ports:\r\n  - port: 80\r\n    # kept\r\n    name: web\r\n")
        );
        // The first entry of an item: the next one moves up onto the dash line, unless a
        // comment sits between them.
        assert_eq!(remove_entry(text, item, 0), None);
        let first = "ports:\n  - nodePort: 30080\n    port: 80\n";
        let tree = root_of(first);
        let item = tree
            .get("ports")
            .and_then(|p| p.as_seq())
            .and_then(|s| s.first())
            .expect("item");
        let edit = remove_entry(first, item, 0).expect("an edit");
        assert_eq!(
            apply_edits(first, &[edit]).as_deref(),
            Some("ports:\n  - port: 80\n")
        );
        let json = "{\n  \"port\": 80,\n  \"nodePort\": 30080\n}\n";
        let tree = root_of(json);
        assert_eq!(remove_entry(json, &tree, 1), None, "JSON");
        let flow = "p: {a: 1, b: 2}\n";
        let root = root_of(flow);
        assert_eq!(remove_entry(flow, root.get("p").expect("p"), 0), None);
    }

    #[test]
    fn an_item_goes_with_its_lines() {
        let text = "ports:\n  - port: 80\n    name: a\n  - port: 80\n    name: a\n\n---\n";
        let root = root_of(text);
        let seq = root.get("ports").expect("ports");
        let edit = remove_item(text, seq, 1).expect("an edit");
        assert_eq!(
            apply_edits(text, &[edit]).as_deref(),
            Some("ports:\n  - port: 80\n    name: a\n\n---\n")
        );
        let single = "ports:\n  - port: 80\n";
        let tree = root_of(single);
        assert_eq!(
            remove_item(single, tree.get("ports").expect("ports"), 0),
            None
        );
    }
}
