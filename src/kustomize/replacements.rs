//! The `replacements:` field: a source field copied into target fields of selected objects.

use std::path::Path;

use super::Object;
use super::build::Builder;
use super::select;
use super::tree::{KNode, Origin, Value};

/// Dotted field paths of replacements (`spec.ports.[name=http].port`, `metadata.labels.app`).
fn field_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth -= 1;
                cur.push(c);
            }
            '.' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn find_field<'a>(
    node: &'a mut KNode,
    path: &[String],
    create: bool,
    origin: Origin,
) -> Option<&'a mut KNode> {
    let Some((first, rest)) = path.split_first() else {
        return Some(node);
    };
    if let Some(sel) = first.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let (k, v) = sel.split_once('=')?;
        let Value::Seq(items) = &mut node.value else {
            return None;
        };
        let item = items
            .iter_mut()
            .find(|i| i.get(k).and_then(KNode::scalar_text).as_deref() == Some(v))?;
        return find_field(item, rest, create, origin);
    }
    if node.as_seq().is_some() {
        let i: usize = first.parse().ok()?;
        let Value::Seq(items) = &mut node.value else {
            return None;
        };
        return find_field(items.get_mut(i)?, rest, create, origin);
    }
    if node.get(first).is_none() {
        if !create || node.as_map().is_none() {
            return None;
        }
        node.set(first, KNode::map(origin));
    }
    find_field(node.get_mut(first)?, rest, create, origin)
}

/// One `replacements` entry: copies a source field into target fields.
pub(crate) fn replacement(
    builder: &mut Builder,
    _dir: &Path,
    objects: &mut [Object],
    entry: &KNode,
) {
    if entry.get("path").is_some() {
        builder.warn(
            entry.origin,
            "replacements read from a file are not supported: skipped".to_owned(),
        );
        return;
    }
    let Some(source) = entry.get("source") else {
        return;
    };
    let found = select::matching(objects, source);
    let Some(&src_i) = found.first() else {
        builder.error(
            source.origin,
            "this replacement's source matches no object".to_owned(),
        );
        return;
    };
    if found.len() > 1 {
        builder.error(
            source.origin,
            "this replacement's source matches more than one object".to_owned(),
        );
        return;
    }
    let path = field_path(
        source
            .get("fieldPath")
            .and_then(KNode::as_str)
            .unwrap_or("metadata.name"),
    );
    let Some(mut value) = objects
        .get_mut(src_i)
        .and_then(|o| find_field(&mut o.root, &path, false, source.origin).cloned())
    else {
        builder.error(
            source.origin,
            "this replacement's source field does not exist".to_owned(),
        );
        return;
    };
    if let Some(opts) = source.get("options")
        && let (Some(delim), Some(text)) = (
            opts.get("delimiter").and_then(KNode::as_str),
            value.as_str(),
        )
    {
        let index = opts
            .get("index")
            .and_then(KNode::scalar_text)
            .and_then(|i| i.parse::<usize>().ok())
            .unwrap_or(0);
        let part = text.split(delim).nth(index).unwrap_or("").to_owned();
        // Kustomize writes the piece back as an untagged scalar: `1.25` becomes a number.
        let node = crate::model::yaml::Node {
            span: value.origin.span,
            kind: crate::model::yaml::NodeKind::Scalar(crate::model::yaml::Scalar {
                text: part.into(),
                style: crate::model::yaml::Style::Plain,
                tag: None,
            }),
        };
        value = KNode::from_yaml(&node, value.origin.file);
    }
    for target in entry.get("targets").and_then(KNode::as_seq).unwrap_or(&[]) {
        let Some(select) = target.get("select") else {
            continue;
        };
        let mut chosen = select::matching(objects, select);
        if let Some(rejects) = target.get("reject").and_then(KNode::as_seq) {
            for r in rejects {
                let out = select::matching(objects, r);
                chosen.retain(|i| !out.contains(i));
            }
        }
        let create = matches!(
            target
                .get("options")
                .and_then(|o| o.get("create"))
                .map(|n| &n.value),
            Some(Value::Bool(true))
        );
        for i in chosen {
            let Some(o) = objects.get_mut(i) else {
                continue;
            };
            for fp in target
                .get("fieldPaths")
                .and_then(KNode::as_seq)
                .unwrap_or(&[])
            {
                let Some(fp_text) = fp.as_str() else { continue };
                let path = field_path(fp_text);
                if let Some(slot) = find_field(&mut o.root, &path, create, fp.origin) {
                    let mut v = value.clone();
                    // The value is the source's; where it landed is the replacement's doing.
                    v.place_all(fp.origin);
                    *slot = v;
                }
            }
            o.remember_id();
        }
    }
}
