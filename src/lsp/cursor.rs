//! Where the cursor is in a YAML document, read from indentation rather than from a parse: while
//! someone types, the document is mostly not valid YAML (`    tar` under a port is a syntax
//! error), yet hover and completion must still know they are at `spec.ports[].targetPort`. Block
//! style is what manifests are written in; flow collections (`{a: b}`) are not followed.

use super::document::LineIndex;

/// One line's shape: its `- ` markers, and its key if it has one.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LineShape<'a> {
    /// Byte columns of the sequence markers before the content.
    pub dashes: Vec<usize>,
    /// Byte column where the content (a key or a scalar) starts.
    pub content: usize,
    /// The key and its byte columns, when the line is `key:` or `key: value`.
    pub key: Option<(&'a str, usize, usize)>,
    /// Byte column where the value starts (after `: `), when there is a key.
    pub value: Option<usize>,
    /// Nothing but spaces or a comment.
    pub blank: bool,
}

pub fn shape(line: &str) -> LineShape<'_> {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut dashes = Vec::new();
    loop {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        if bytes.get(i) == Some(&b'-') && matches!(bytes.get(i + 1), None | Some(b' ')) {
            dashes.push(i);
            i += 1;
        } else {
            break;
        }
    }
    let rest = line.get(i..).unwrap_or_default();
    let blank = rest.is_empty() && dashes.is_empty() || rest.starts_with('#');
    let mut out = LineShape {
        dashes,
        content: i,
        blank,
        ..LineShape::default()
    };
    if blank {
        return out;
    }
    let key_end = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest.get(1..).and_then(|r| r.find(q)).map(|e| e + 2),
        _ => None,
    };
    let colon = match key_end {
        Some(end) => rest
            .get(end..)
            .and_then(|r| r.strip_prefix(':'))
            .map(|_| end),
        None => rest
            .match_indices(':')
            .map(|(at, _)| at)
            .find(|&at| matches!(rest.as_bytes().get(at + 1), None | Some(b' ' | b'\t'))),
    };
    if let Some(colon) = colon
        && !rest.get(..colon).unwrap_or_default().contains(" #")
    {
        let raw = rest.get(..colon).unwrap_or_default().trim_end();
        let key = raw.trim_matches(['"', '\'']);
        let start = i + raw.find(key).unwrap_or(0);
        out.key = Some((key, start, start + key.len()));
        let after = rest.get(colon + 1..).unwrap_or_default();
        out.value = Some(i + colon + 1 + (after.len() - after.trim_start().len()));
    }
    out
}

/// What the cursor is on.
#[derive(Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The keys of the mappings around the line, outermost first (sequence items add nothing:
    /// the schema's paths have no indices).
    pub parents: Vec<String>,
    pub at: Place,
    /// The `kind:` of the document the cursor is in, if it has one.
    pub kind: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Place {
    /// On or typing a key: what has been typed of it, and its byte columns on the line.
    Key {
        typed: String,
        start: usize,
        end: usize,
    },
    /// In the value of `key`: what has been typed of it (from its start to the cursor).
    Value { key: String, typed: String },
    /// A scalar item of a sequence (`- IPv4`): a value of the parent path itself.
    Item { typed: String },
}

fn is_separator(line: &str) -> bool {
    line.starts_with("---") || line.starts_with("...")
}

/// The cursor at byte column `column` of 0-based `line`.
pub fn at(text: &str, index: &LineIndex, line: usize, column: usize) -> Cursor {
    let current = index.line(text, line);
    let column = floor_boundary(current, column.min(current.len()));
    let here = shape(current);
    let typed_from = |start: usize| {
        current
            .get(start..column)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let at = match (&here.key, here.value) {
        (Some((key, _, _)), Some(value)) if column >= value => Place::Value {
            key: key.to_string(),
            typed: typed_from(value),
        },
        (Some((key, start, end)), _) => Place::Key {
            typed: key
                .get(..column.saturating_sub(*start).min(key.len()))
                .unwrap_or(key)
                .to_string(),
            start: *start,
            end: *end,
        },
        (None, _) if !here.dashes.is_empty() && column >= here.content => Place::Item {
            typed: typed_from(here.content),
        },
        (None, _) => {
            let start = here.content.min(column);
            Place::Key {
                typed: typed_from(start),
                start,
                end: current.len().max(start),
            }
        }
    };
    // A blank line's indentation is where the cursor is.
    let (mut limit, mut inclusive) = match here.dashes.first() {
        Some(&dash) => (dash, true),
        None if current.trim().is_empty() => (column, false),
        None => (here.content, false),
    };
    let mut parents = Vec::new();
    for l in (0..line).rev() {
        if limit == 0 && !inclusive {
            break;
        }
        let text_of_line = index.line(text, l);
        if is_separator(text_of_line) {
            break;
        }
        let s = shape(text_of_line);
        if s.blank {
            continue;
        }
        if let Some((key, start, _)) = s.key
            && (start < limit || inclusive && start <= limit)
            && s.dashes.last().is_none_or(|&d| d < start)
        {
            parents.push(key.to_string());
            limit = start;
            inclusive = false;
        }
        if let Some(&dash) = s.dashes.first()
            && dash < limit
        {
            limit = dash;
            inclusive = true;
        }
    }
    parents.reverse();
    Cursor {
        parents,
        at,
        kind: document_kind(text, index, line),
    }
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The top-level `kind:` of the `---`-separated document around `line`.
fn document_kind(text: &str, index: &LineIndex, line: usize) -> Option<String> {
    let lines = index.line_count();
    let first = (0..=line.min(lines.saturating_sub(1)))
        .rev()
        .find(|&l| is_separator(index.line(text, l)))
        .map_or(0, |l| l + 1);
    (first..lines)
        .map(|l| index.line(text, l))
        .take_while(|l| !is_separator(l))
        .find_map(|l| {
            let value = l.strip_prefix("kind:")?;
            let value = value.split(" #").next().unwrap_or(value);
            Some(value.trim().trim_matches(['"', '\'']).to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(text_with_bar: &str) -> Cursor {
        let at = text_with_bar.find('|').expect("a | marks the cursor");
        let text = text_with_bar.replacen('|', "", 1);
        let index = LineIndex::new(&text);
        let line = text[..at].matches('\n').count();
        let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
        super::at(&text, &index, line, column)
    }

    fn parents(c: &Cursor) -> Vec<&str> {
        c.parents.iter().map(String::as_str).collect()
    }

    #[test]
    fn keys_inside_sequence_items_have_the_sequence_as_parent() {
        let c = cursor(
            "kind: Service\nspec:\n  ports:\n    - name: http\n      port: 80\n      tar|\n",
        );
        assert_eq!(parents(&c), ["spec", "ports"]);
        assert_eq!(
            c.at,
            Place::Key {
                typed: "tar".into(),
                start: 6,
                end: 9
            }
        );
        assert_eq!(c.kind.as_deref(), Some("Service"));
        // The compact form, with the dash at the key's column.
        let c = cursor("spec:\n  ports:\n  - name: http\n    targetPort: |\n");
        assert_eq!(parents(&c), ["spec", "ports"]);
        assert_eq!(
            c.at,
            Place::Value {
                key: "targetPort".into(),
                typed: String::new()
            }
        );
        // On the dash line itself, before a colon: a key or a scalar item, as the schema says.
        let c = cursor("spec:\n  ports:\n    - na|\n");
        assert_eq!(parents(&c), ["spec", "ports"]);
        assert_eq!(c.at, Place::Item { typed: "na".into() });
    }

    #[test]
    fn siblings_and_deeper_lines_above_are_not_parents() {
        let c = cursor(
            "---\nkind: Deployment\n---\nmetadata:\n  name: x\n  labels:\n    app: y\nspec:\n  type: Node|Port\n",
        );
        assert_eq!(parents(&c), ["spec"]);
        assert_eq!(
            c.at,
            Place::Value {
                key: "type".into(),
                typed: "Node".into()
            }
        );
        assert_eq!(c.kind, None);
        let c = cursor("spec:\n  ipFamilies:\n    - IPv4\n    - IP|\n");
        assert_eq!(parents(&c), ["spec", "ipFamilies"]);
        assert_eq!(c.at, Place::Item { typed: "IP".into() });
        let c = cursor("spec:\n  selector:\n    app: web\n\n  |\n");
        assert_eq!(parents(&c), ["spec"]);
        let c = cursor(
            "spec:\n  containers:\n    - ports:\n        - containerPort: 80\n          na|\n",
        );
        assert_eq!(parents(&c), ["spec", "containers", "ports"]);
    }

    #[test]
    fn quoted_keys_and_comments_are_read() {
        assert_eq!(shape("  \"port\": 80 # x").key, Some(("port", 3, 7)));
        assert_eq!(shape("  # a: b").key, None);
        assert!(shape("   ").blank);
        assert_eq!(shape("url: http://x").key, Some(("url", 0, 3)));
        assert_eq!(shape("- - a: 1").dashes, vec![0, 2]);
    }
}
