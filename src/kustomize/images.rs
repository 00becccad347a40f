//! The `images:` field: new names, tags and digests for the images of every container list.

use super::Object;
use super::tree::{KNode, Value};

/// `name[:tag][@digest]` split into its parts.
fn split_image(image: &str) -> (&str, &str, &str) {
    let (rest, digest) = image.split_once('@').map_or((image, ""), |(r, d)| (r, d));
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest.get(slash..).and_then(|last| last.rfind(':')) {
        Some(colon) => {
            let at = slash + colon;
            (
                rest.get(..at).unwrap_or(rest),
                rest.get(at + 1..).unwrap_or(""),
                digest,
            )
        }
        None => (rest, "", digest),
    }
}

fn update_image(node: &mut KNode, entry: &KNode) {
    let Some(image) = node.as_str() else { return };
    let Some(want) = entry.get("name").and_then(KNode::as_str) else {
        return;
    };
    let (name, tag, digest) = split_image(image);
    if name != want {
        return;
    }
    let new_name = entry.get("newName").and_then(KNode::as_str).unwrap_or(name);
    let new_tag = entry.get("newTag").and_then(KNode::scalar_text);
    let new_digest = entry.get("digest").and_then(KNode::as_str);
    let mut out = new_name.to_owned();
    match (new_tag, new_digest) {
        (_, Some(d)) => {
            out.push('@');
            out.push_str(d);
        }
        (Some(t), None) => {
            out.push(':');
            out.push_str(&t);
        }
        (None, None) => {
            if !tag.is_empty() {
                out.push(':');
                out.push_str(tag);
            }
            if !digest.is_empty() {
                out.push('@');
                out.push_str(digest);
            }
        }
    }
    let origin = entry
        .get("newTag")
        .or_else(|| entry.get("digest"))
        .or_else(|| entry.get("newName"))
        .map_or(entry.origin, |n| n.origin);
    *node = KNode::string(out, origin);
}

/// Kustomize's legacy image filter: every `containers`/`initContainers` list anywhere.
fn images_in(node: &mut KNode, entry: &KNode) {
    match &mut node.value {
        Value::Map(entries) => {
            for (k, v) in entries.iter_mut() {
                if k == "containers" || k == "initContainers" {
                    if let Value::Seq(items) = &mut v.value {
                        for c in items.iter_mut() {
                            if let Some(image) = c.get_mut("image") {
                                update_image(image, entry);
                            }
                        }
                    }
                } else {
                    images_in(v, entry);
                }
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(|n| images_in(n, entry)),
        _ => {}
    }
}

pub(crate) fn images(objects: &mut [Object], entry: &KNode) {
    for o in objects.iter_mut() {
        images_in(&mut o.root, entry);
    }
}
