//! `configMapGenerator` and `secretGenerator`: the objects they make, and the content hash
//! Kustomize appends to their names at the end of a root's build.

use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::Object;
use super::build::Builder;
use super::tree::{KNode, Origin, Value};

fn is_true(node: Option<&KNode>) -> bool {
    matches!(node.map(|n| &n.value), Some(Value::Bool(true)))
}

/// `"v"` or `'v'` without its quotes, as Kustomize reads a literal's value.
fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v.get(1..v.len() - 1).unwrap_or(v);
        }
    }
    v
}

pub(crate) fn run(builder: &mut Builder, k: &KNode, dir: &Path, objects: &mut Vec<Object>) {
    let global = k.get("generatorOptions");
    for (field, kind) in [
        ("configMapGenerator", "ConfigMap"),
        ("secretGenerator", "Secret"),
    ] {
        for entry in k.get(field).and_then(KNode::as_seq).unwrap_or(&[]) {
            if let Some(o) = generate(builder, entry, kind, global, dir) {
                place(builder, entry, o, objects);
            }
        }
    }
}

fn generate(
    builder: &mut Builder,
    entry: &KNode,
    kind: &str,
    global: Option<&KNode>,
    dir: &Path,
) -> Option<Object> {
    let origin = entry.origin;
    let Some(name_node) = entry.get("name") else {
        builder.error(origin, format!("a {kind} generator needs a `name`"));
        return None;
    };
    let mut data: Vec<(String, KNode)> = Vec::new();
    for lit in entry.get("literals").and_then(KNode::as_seq).unwrap_or(&[]) {
        let Some(text) = lit.scalar_text() else {
            continue;
        };
        let Some((key, value)) = text.split_once('=') else {
            builder.error(lit.origin, format!("literal `{text}` is not KEY=VALUE"));
            continue;
        };
        data.push((key.to_owned(), KNode::string(unquote(value), lit.origin)));
    }
    for f in entry.get("files").and_then(KNode::as_seq).unwrap_or(&[]) {
        let Some(text) = f.as_str() else { continue };
        let (key, rel) = match text.split_once('=') {
            Some((k, p)) => (k.to_owned(), p),
            None => (
                Path::new(text)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text,
            ),
        };
        match std::fs::read_to_string(dir.join(rel)) {
            Ok(content) => data.push((key, KNode::string(content, f.origin))),
            Err(e) => builder.error(f.origin, format!("cannot read {rel}: {e}")),
        }
    }
    let mut env_files: Vec<&KNode> = entry
        .get("envs")
        .and_then(KNode::as_seq)
        .unwrap_or(&[])
        .iter()
        .collect();
    env_files.extend(entry.get("env"));
    for f in env_files {
        let Some(rel) = f.as_str() else { continue };
        match std::fs::read_to_string(dir.join(rel)) {
            Ok(content) => {
                for line in content.lines() {
                    let line = line.trim_start();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    // A line without `=` is a key with an empty value, as Kustomize reads it.
                    let (k, v) = line.split_once('=').unwrap_or((line, ""));
                    data.push((k.to_owned(), KNode::string(v, f.origin)));
                }
            }
            Err(e) => builder.error(f.origin, format!("cannot read {rel}: {e}")),
        }
    }
    data.sort_by(|a, b| a.0.cmp(&b.0));
    let mut root = KNode::map(origin);
    root.set("apiVersion", KNode::string("v1", origin));
    root.set("kind", KNode::string(kind, origin));
    let mut meta = KNode::map(origin);
    meta.set("name", name_node.clone());
    if let Some(ns) = entry.get("namespace") {
        meta.set("namespace", ns.clone());
    }
    let options = entry.get("options");
    for field in ["labels", "annotations"] {
        let mut pairs = KNode::map(origin);
        for source in [global, options].into_iter().flatten() {
            for (k, v) in source.get(field).and_then(KNode::as_map).unwrap_or(&[]) {
                pairs.set(
                    k,
                    KNode::string(v.scalar_text().unwrap_or_default(), v.origin),
                );
            }
        }
        if pairs.as_map().is_some_and(|m| !m.is_empty()) {
            meta.set(field, pairs);
        }
    }
    root.set("metadata", meta);
    if kind == "Secret" {
        let ty = entry
            .get("type")
            .cloned()
            .unwrap_or(KNode::string("Opaque", origin));
        root.set("type", ty);
        for (_, v) in &mut data {
            let text = v.as_str().unwrap_or("");
            *v = KNode::string(
                base64::engine::general_purpose::STANDARD.encode(text),
                v.origin,
            );
        }
    }
    if !data.is_empty() {
        root.set("data", KNode::new(Value::Map(data), origin));
    }
    let immutable = options
        .and_then(|o| o.get("immutable"))
        .or_else(|| global.and_then(|g| g.get("immutable")));
    if is_true(immutable) {
        root.set(
            "immutable",
            KNode::new(Value::Bool(true), immutable.map_or(origin, |n| n.origin)),
        );
    }
    let no_hash = is_true(options.and_then(|o| o.get("disableNameSuffixHash")))
        || is_true(global.and_then(|g| g.get("disableNameSuffixHash")));
    let mut o = Object {
        root,
        previous: Vec::new(),
        needs_hash: !no_hash,
    };
    o.remember_id();
    Some(o)
}

/// Adds a generated object, or merges it into / replaces the one of the same name
/// (`behavior: merge|replace`, for an overlay changing a base's generator).
fn place(builder: &mut Builder, entry: &KNode, o: Object, objects: &mut Vec<Object>) {
    let behavior = entry
        .get("behavior")
        .and_then(KNode::as_str)
        .unwrap_or("create");
    if behavior == "create" {
        builder.append(objects, o);
        return;
    }
    let found = objects.iter_mut().find(|x| {
        x.kind() == o.kind()
            && x.all_ids()
                .any(|(n, ns)| n == o.name() && (o.namespace().is_empty() || ns == o.namespace()))
    });
    let Some(existing) = found else {
        builder.error(
            entry.origin,
            format!(
                "behavior `{behavior}` needs an existing {} {} to change, and none was built",
                o.kind(),
                o.name()
            ),
        );
        return;
    };
    match behavior {
        "replace" => {
            if let Some(data) = o.root.get("data") {
                existing.root.set("data", data.clone());
            } else {
                existing.root.remove("data");
            }
        }
        "merge" => {
            let origin = entry.origin;
            if let Some(new) = o.root.get("data").and_then(KNode::as_map)
                && let Some(data) = existing.root.ensure_map("data", origin)
            {
                for (k, v) in new {
                    data.set(k, v.clone());
                }
            }
            for field in ["labels", "annotations"] {
                if let Some(new) = o.root.lookup(&["metadata", field]).and_then(KNode::as_map)
                    && let Some(meta) = existing.root.ensure_map("metadata", origin)
                    && let Some(map) = meta.ensure_map(field, origin)
                {
                    for (k, v) in new {
                        map.set(k, v.clone());
                    }
                }
            }
        }
        other => builder.error(
            entry.get("behavior").map_or(entry.origin, |n| n.origin),
            format!("unknown generator behavior `{other}` (create, merge or replace)"),
        ),
    }
    existing.needs_hash = existing.needs_hash && o.needs_hash;
}

/// JSON as Go's encoding/json writes a map[string]interface{}: keys sorted, `<`, `>` and `&`
/// escaped.
fn go_json(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value as J;
    match value {
        J::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_json(&J::String((*k).clone()), out);
                out.push(':');
                if let Some(v) = map.get(*k) {
                    go_json(v, out);
                }
            }
            out.push('}');
        }
        J::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_json(v, out);
            }
            out.push(']');
        }
        J::String(_) => {
            let s = value.to_string();
            out.push_str(
                &s.replace('<', "\\u003c")
                    .replace('>', "\\u003e")
                    .replace('&', "\\u0026")
                    .replace('\u{2028}', "\\u2028")
                    .replace('\u{2029}', "\\u2029"),
            );
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Kustomize's name hash of a ConfigMap or Secret.
pub(crate) fn content_hash(o: &Object) -> String {
    use serde_json::Value as J;
    let field = |f: &str| o.root.get(f).map(KNode::to_json);
    let mut m = serde_json::Map::new();
    m.insert("kind".into(), J::String(o.kind().to_owned()));
    // Kustomize's hasher looks the name up as one key "metadata/name", which finds nothing:
    // every hash is taken over an empty name.
    m.insert("name".into(), J::String(String::new()));
    m.insert(
        "data".into(),
        field("data").unwrap_or(J::String(String::new())),
    );
    if o.kind() == "Secret" {
        m.insert(
            "type".into(),
            field("type").unwrap_or(J::String(String::new())),
        );
        if let Some(sd @ J::Object(_)) = field("stringData") {
            m.insert("stringData".into(), sd);
        }
    } else if let Some(bd @ J::Object(_)) = field("binaryData") {
        m.insert("binaryData".into(), bd);
    }
    let mut text = String::new();
    go_json(&J::Object(m), &mut text);
    let digest = Sha256::digest(text.as_bytes());
    digest
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .take(10)
        .map(|n| match n {
            0 => 'g',
            1 => 'h',
            3 => 'k',
            10 => 'm',
            14 => 't',
            n => char::from_digit(u32::from(n), 16).unwrap_or('0'),
        })
        .collect()
}

/// Appends the content hash to the names of generated objects.
pub(crate) fn add_hashes(objects: &mut [Object]) {
    for o in objects.iter_mut().filter(|o| o.needs_hash) {
        let hash = content_hash(o);
        let name = format!("{}-{hash}", o.name());
        let origin: Origin = o
            .root
            .lookup(&["metadata", "name"])
            .map_or(o.root.origin, |n| n.origin);
        if let Some(meta) = o.root.get_mut("metadata") {
            meta.set("name", KNode::string(name, origin));
        }
        o.remember_id();
    }
}
