//! A build's objects written out as one YAML stream (in JSON style, which YAML reads as is) for
//! the lint engine, with a map from every value's place in that text back to where it was
//! written. The text is never shown: every finding on it is moved to the mapped place.

use crate::model::source::Span;

use super::Object;
use super::tree::{KNode, Origin, Value};

pub struct Rendered {
    pub text: String,
    /// (place in `text`, origin), in the order written: an enclosing node before its children.
    map: Vec<(Span, Origin)>,
}

impl Rendered {
    /// The origin of the smallest written node that holds `span`.
    pub fn origin(&self, span: Span) -> Option<Origin> {
        self.map
            .iter()
            .filter(|(s, _)| s.start <= span.start && span.end <= s.end.max(s.start + 1))
            .min_by_key(|(s, _)| s.len())
            .map(|(_, o)| *o)
    }
}

pub fn render(objects: &[Object]) -> Rendered {
    let mut out = Rendered {
        text: String::new(),
        map: Vec::new(),
    };
    for o in objects {
        out.text.push_str("---\n");
        write(&o.root, &mut out, 0);
        out.text.push('\n');
    }
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write(node: &KNode, out: &mut Rendered, depth: usize) {
    let start = out.text.len();
    match &node.value {
        Value::Map(entries) if !entries.is_empty() => {
            out.text.push_str("{\n");
            for (i, (k, v)) in entries.iter().enumerate() {
                indent(&mut out.text, depth + 1);
                let key_start = out.text.len();
                out.text
                    .push_str(&serde_json::Value::String(k.clone()).to_string());
                // A finding on the key (an unknown field) goes where the value was written.
                out.map
                    .push((Span::new(key_start, out.text.len()), v.origin));
                out.text.push_str(": ");
                write(v, out, depth + 1);
                if i + 1 < entries.len() {
                    out.text.push(',');
                }
                out.text.push('\n');
            }
            indent(&mut out.text, depth);
            out.text.push('}');
        }
        Value::Seq(items) if !items.is_empty() => {
            out.text.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                indent(&mut out.text, depth + 1);
                write(v, out, depth + 1);
                if i + 1 < items.len() {
                    out.text.push(',');
                }
                out.text.push('\n');
            }
            indent(&mut out.text, depth);
            out.text.push(']');
        }
        Value::Map(_) => out.text.push_str("{}"),
        Value::Seq(_) => out.text.push_str("[]"),
        _ => out.text.push_str(&node.to_json().to_string()),
    }
    out.map
        .push((Span::new(start, out.text.len()), node.origin));
}
