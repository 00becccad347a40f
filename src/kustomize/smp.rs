//! Strategic merge as Kustomize (kyaml) applies it: mappings merge key by key, `null` deletes,
//! lists with a merge key in the Kubernetes schema (containers by `name`, Service ports by
//! `port`, container ports by `containerPort`, …) merge element by element, other lists are
//! replaced; `$patch: delete|replace` and `$setElementOrder` are honoured.

use super::tree::{KNode, Origin, Value};

/// A part of a patch Kustomize drops or applies differently from what it says.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Note {
    pub origin: Origin,
    pub message: String,
}

/// The merge keys of the list at `path` (field names from the object root), per the schema.
fn merge_keys(kind: &str, path: &[String]) -> Option<&'static [&'static str]> {
    let key = merge_key(kind, path)?;
    Some(match key {
        "port" => &["port", "protocol"],
        "containerPort" => &["containerPort", "protocol"],
        "name" => &["name"],
        "mountPath" => &["mountPath"],
        "devicePath" => &["devicePath"],
        "ip" => &["ip"],
        "topologyKey" => &["topologyKey", "whenUnsatisfiable"],
        _ => return None,
    })
}

fn merge_key(kind: &str, path: &[String]) -> Option<&'static str> {
    let last = path.last()?.as_str();
    let parent = path
        .len()
        .checked_sub(2)
        .and_then(|i| path.get(i))
        .map(String::as_str);
    match last {
        "containers" | "initContainers" | "ephemeralContainers" => Some("name"),
        "ports" if kind == "Service" && path.len() == 2 && parent == Some("spec") => Some("port"),
        "ports"
            if matches!(
                parent,
                Some("containers" | "initContainers" | "ephemeralContainers")
            ) =>
        {
            Some("containerPort")
        }
        "env" | "volumes" | "imagePullSecrets" | "resourceClaims" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "hostAliases" => Some("ip"),
        "topologySpreadConstraints" => Some("topologyKey"),
        _ => None,
    }
}

/// Merges `patch` (a whole object, its name already checked) into `dest`.
pub(crate) fn merge_object(dest: &mut KNode, patch: &KNode) -> Vec<Note> {
    let kind = dest
        .get("kind")
        .and_then(KNode::as_str)
        .unwrap_or("")
        .to_owned();
    let mut notes = Vec::new();
    let mut path = Vec::new();
    merge_map(dest, patch, &kind, &mut path, &mut notes);
    notes
}

/// A patch whose top level says `$patch: delete`: the object goes.
pub(crate) fn deletes_object(patch: &KNode) -> bool {
    directive(patch) == Some("delete")
}

fn directive(node: &KNode) -> Option<&str> {
    node.get("$patch").and_then(KNode::as_str)
}

/// The patch value without its directives, as it lands when the destination has nothing there.
fn strip(node: &KNode) -> KNode {
    let mut out = node.clone();
    strip_in_place(&mut out);
    out
}

fn strip_in_place(node: &mut KNode) {
    match &mut node.value {
        Value::Map(entries) => {
            entries.retain(|(k, v)| !k.starts_with('$') && (directive(v) != Some("delete")));
            entries.iter_mut().for_each(|(_, v)| strip_in_place(v));
        }
        Value::Seq(items) => {
            items.retain(|v| directive(v).is_none());
            items.iter_mut().for_each(strip_in_place);
        }
        _ => {}
    }
}

fn merge_map(
    dest: &mut KNode,
    patch: &KNode,
    kind: &str,
    path: &mut Vec<String>,
    notes: &mut Vec<Note>,
) {
    let Some(entries) = patch.as_map() else {
        return;
    };
    if directive(patch) == Some("replace") {
        *dest = strip(patch);
        return;
    }
    for (key, value) in entries {
        if key.starts_with('$') {
            continue;
        }
        if value.is_null() {
            dest.remove(key);
            continue;
        }
        if directive(value) == Some("delete") {
            dest.remove(key);
            continue;
        }
        path.push(key.clone());
        match dest.get_mut(key) {
            Some(existing) => match (&existing.value, &value.value) {
                (Value::Map(_), Value::Map(_)) => merge_map(existing, value, kind, path, notes),
                (Value::Seq(_), Value::Seq(_)) => merge_list(existing, value, kind, path, notes),
                _ => *existing = strip(value),
            },
            None => {
                if dest.as_map().is_some() {
                    dest.set(key, strip(value));
                }
            }
        }
        path.pop();
    }
    for (key, order) in entries {
        if let Some(field) = key.strip_prefix("$setElementOrder/") {
            path.push(field.to_owned());
            if let (Some(list), Some(mk)) = (dest.get_mut(field), merge_key(kind, path)) {
                reorder(list, order, mk);
            }
            path.pop();
        }
    }
}

fn key_of(item: &KNode, key: &str) -> Option<String> {
    item.get(key).and_then(KNode::scalar_text)
}

/// The values of `keys` in an element, "" for a key it leaves out (kyaml's element values).
fn key_values(item: &KNode, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|k| key_of(item, k).unwrap_or_default())
        .collect()
}

fn values_match(item: &KNode, keys: &[&str], values: &[String]) -> bool {
    keys.iter()
        .zip(values)
        .all(|(k, v)| key_of(item, k).unwrap_or_default() == *v)
}

/// kyaml's unification of key tuples: two tuples that share a value and do not conflict (one
/// leaves out what the other names) become one. This is where a port entry that names
/// `protocol: TCP` and one that leaves it out are taken for the same entry.
fn unify(values: &mut [Vec<String>]) {
    for i in 0..values.len() {
        for j in 0..values.len() {
            let (Some(a), Some(b)) = (values.get(i), values.get(j)) else {
                continue;
            };
            if a.len() != b.len() {
                continue;
            }
            let mut common = false;
            let mut merged = Vec::with_capacity(a.len());
            let mut conflict = false;
            for (x, y) in a.iter().zip(b) {
                if x == y {
                    common = true;
                    merged.push(x.clone());
                } else if !x.is_empty() && !y.is_empty() {
                    conflict = true;
                    break;
                } else if x.is_empty() {
                    merged.push(y.clone());
                } else {
                    merged.push(x.clone());
                }
            }
            if common && !conflict {
                if let Some(slot) = values.get_mut(i) {
                    *slot = merged.clone();
                }
                if let Some(slot) = values.get_mut(j) {
                    *slot = merged;
                }
            }
        }
    }
}

/// Merges an associative list the way kyaml's walker does with Kustomize's "prepend" option:
/// the key tuples of the patch come first, then those only the base has; each is merged; then
/// the base's elements are set again in their order. With several merge keys (Service and
/// container ports: the port and `protocol`) a base element is moved to the end and every
/// element with its keys removed first, which is how a patch entry that writes `protocol` where
/// the base leaves it out (or the reverse) is silently lost (Kustomize issues #3620, #4752).
fn merge_list(
    dest: &mut KNode,
    patch: &KNode,
    kind: &str,
    path: &mut Vec<String>,
    notes: &mut Vec<Note>,
) {
    let Some(patch_items) = patch.as_seq() else {
        return;
    };
    let Some(keys) = merge_keys(kind, path) else {
        *dest = strip(patch);
        return;
    };
    if patch_items.iter().any(|i| directive(i) == Some("replace")) {
        *dest = strip(patch);
        return;
    }
    let Value::Seq(dest_items) = &mut dest.value else {
        return;
    };
    let field = path.last().map_or("", String::as_str).to_owned();
    let mut tuples: Vec<Vec<String>> = Vec::new();
    for item in patch_items.iter().chain(dest_items.iter()) {
        let v = key_values(item, keys);
        if v.iter().all(String::is_empty) {
            if item.as_map().is_some_and(|m| !m.is_empty())
                && directive(item).is_none()
                && patch_items.iter().any(|p| std::ptr::eq(p, item))
            {
                notes.push(Note {
                    origin: item.origin,
                    message: format!(
                        "this `{field}` entry has no `{}`: Kustomize cannot merge it and silently drops it",
                        keys.first().copied().unwrap_or("")
                    ),
                });
            }
            continue;
        }
        if !tuples.contains(&v) {
            tuples.push(v);
        }
    }
    if keys.len() > 1 {
        unify(&mut tuples);
    }
    let valid: Vec<usize> = {
        let v: Vec<usize> = (0..keys.len())
            .filter(|i| {
                tuples
                    .iter()
                    .any(|t| t.get(*i).is_some_and(|s| !s.is_empty()))
            })
            .collect();
        if v.is_empty() {
            (0..keys.len()).collect()
        } else {
            v
        }
    };
    let vkeys: Vec<&str> = valid.iter().filter_map(|i| keys.get(*i).copied()).collect();
    let pick =
        |t: &[String]| -> Vec<String> { valid.iter().filter_map(|i| t.get(*i).cloned()).collect() };
    // (element, the patch element it came from or was merged with)
    let mut added: Vec<(KNode, Option<usize>)> = Vec::new();
    let mut merged_with: Vec<Option<usize>> = vec![None; dest_items.len()];
    let mut deleted: Vec<bool> = vec![false; dest_items.len()];
    for t in &tuples {
        let vv = pick(t);
        let d = dest_items.iter().position(|i| values_match(i, &vkeys, &vv));
        let p = patch_items
            .iter()
            .position(|i| values_match(i, &vkeys, &vv));
        let delete = p
            .and_then(|p| patch_items.get(p))
            .is_some_and(|p| directive(p) == Some("delete"));
        let element = match (d, p) {
            (Some(d), _) if delete => {
                if let Some(flag) = deleted.get_mut(d) {
                    *flag = true;
                }
                None
            }
            (Some(d), Some(p)) => match (dest_items.get_mut(d), patch_items.get(p)) {
                (Some(existing), Some(pe)) => {
                    merge_map(existing, pe, kind, path, notes);
                    if let Some(slot) = merged_with.get_mut(d) {
                        *slot = Some(p);
                    }
                    Some((existing.clone(), Some(p)))
                }
                _ => None,
            },
            (Some(d), None) => dest_items.get(d).map(|e| (e.clone(), None)),
            (None, Some(p)) if !delete => patch_items.get(p).map(|e| (strip(e), Some(p))),
            _ => None,
        };
        let Some(element) = element else { continue };
        match added.iter_mut().find(|(a, _)| values_match(a, &vkeys, &vv)) {
            Some(slot) => *slot = element,
            None => added.push(element),
        }
    }
    for (i, item) in dest_items.iter().enumerate() {
        if deleted.get(i).copied().unwrap_or(false) {
            continue;
        }
        let tag = merged_with.get(i).copied().flatten();
        if vkeys.len() > 1 {
            let present: Vec<(&str, String)> = vkeys
                .iter()
                .filter_map(|k| key_of(item, k).map(|v| (*k, v)))
                .collect();
            let first: Vec<&str> = vkeys.iter().take(present.len()).copied().collect();
            let values: Vec<String> = present.into_iter().map(|(_, v)| v).collect();
            added.retain(|(a, _)| !values_match(a, &first, &values));
            added.push((item.clone(), tag));
        } else {
            let vv = key_values(item, &vkeys);
            match added.iter_mut().find(|(a, _)| values_match(a, &vkeys, &vv)) {
                Some(slot) => *slot = (item.clone(), tag),
                None => added.push((item.clone(), tag)),
            }
        }
    }
    for (pi, pe) in patch_items.iter().enumerate() {
        if directive(pe).is_some() || key_values(pe, keys).iter().all(String::is_empty) {
            continue;
        }
        if added.iter().any(|(_, tag)| *tag == Some(pi)) {
            continue;
        }
        let primary = keys.first().copied().unwrap_or("");
        let pv = key_of(pe, primary).unwrap_or_default();
        let base = dest_items
            .iter()
            .find(|d| key_of(d, primary).as_deref() == Some(pv.as_str()));
        let message = match (base, keys.get(1)) {
            (Some(b), Some(second)) => {
                let written = |n: &KNode| {
                    key_of(n, second).map_or_else(
                        || format!("leaves `{second}` out"),
                        |v| format!("names `{second}: {v}`"),
                    )
                };
                format!(
                    "Kustomize silently drops this `{field}` entry: it {} while the entry for {primary} {pv} \
                     it patches {} (Kustomize issues #3620, #4752); write `{second}` the same \
                     way in both",
                    written(pe),
                    written(b)
                )
            }
            _ => format!("Kustomize silently drops this `{field}` entry"),
        };
        notes.push(Note {
            origin: pe.origin,
            message,
        });
    }
    *dest_items = added.into_iter().map(|(e, _)| e).collect();
}

fn reorder(list: &mut KNode, order: &KNode, mk: &str) {
    let (Value::Seq(items), Some(order)) = (&mut list.value, order.as_seq()) else {
        return;
    };
    let rank = |i: &KNode| {
        let k = key_of(i, mk);
        order
            .iter()
            .position(|o| key_of(o, mk) == k)
            .unwrap_or(usize::MAX)
    };
    items.sort_by_key(rank);
}
