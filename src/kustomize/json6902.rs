//! JSON 6902 patches (add, remove, replace, move, copy, test) on a built object; the values a
//! patch writes keep the patch's positions.

use super::tree::{KNode, Origin, Value};

#[derive(Debug)]
pub(crate) struct PatchError {
    pub origin: Origin,
    pub message: String,
}

fn fail(origin: Origin, message: impl Into<String>) -> PatchError {
    PatchError {
        origin,
        message: message.into(),
    }
}

/// The reference tokens of a JSON pointer.
fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn child<'a>(node: &'a mut KNode, token: &str) -> Option<&'a mut KNode> {
    if node.as_map().is_some() {
        return node.get_mut(token);
    }
    match &mut node.value {
        Value::Seq(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    }
}

fn resolve<'a>(root: &'a mut KNode, path: &[String]) -> Option<&'a mut KNode> {
    path.iter().try_fold(root, |node, t| child(node, t))
}

fn get(root: &KNode, path: &[String]) -> Option<KNode> {
    let mut node = root;
    for t in path {
        node = match &node.value {
            Value::Map(_) => node.get(t)?,
            Value::Seq(items) => items.get(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node.clone())
}

fn add(root: &mut KNode, path: &[String], value: KNode, at: Origin) -> Result<(), PatchError> {
    let Some((last, parent)) = path.split_last() else {
        *root = value;
        return Ok(());
    };
    let parent =
        resolve(root, parent).ok_or_else(|| fail(at, "the parent of the path does not exist"))?;
    match &mut parent.value {
        Value::Map(_) => {
            parent.set(last, value);
            Ok(())
        }
        Value::Seq(items) => {
            if last == "-" {
                items.push(value);
                return Ok(());
            }
            match last.parse::<usize>() {
                Ok(i) if i <= items.len() => {
                    items.insert(i, value);
                    Ok(())
                }
                _ => Err(fail(at, format!("index {last} is out of range"))),
            }
        }
        _ => Err(fail(at, "the parent of the path is not a mapping or list")),
    }
}

fn remove(root: &mut KNode, path: &[String], at: Origin) -> Result<KNode, PatchError> {
    let (last, parent) = path
        .split_last()
        .ok_or_else(|| fail(at, "cannot remove the whole object"))?;
    let parent = resolve(root, parent).ok_or_else(|| fail(at, "the path does not exist"))?;
    let missing = || fail(at, "the path does not exist");
    match &mut parent.value {
        Value::Map(_) => parent.remove(last).ok_or_else(missing),
        Value::Seq(items) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => Ok(items.remove(i)),
            _ => Err(missing()),
        },
        _ => Err(missing()),
    }
}

/// Applies the operations in `ops` (a list of `{op, path, value, from}`) to `root`.
pub(crate) fn apply(root: &mut KNode, ops: &KNode) -> Result<(), PatchError> {
    for op in ops.as_seq().unwrap_or(&[]) {
        let at = op.origin;
        let name = op.get("op").and_then(KNode::as_str).unwrap_or("");
        let path_node = op.get("path");
        let path = tokens(path_node.and_then(KNode::as_str).unwrap_or(""));
        let value = op.get("value").cloned();
        let need_value = || {
            value
                .clone()
                .ok_or_else(|| fail(at, format!("`{name}` needs a `value`")))
        };
        let path_at = path_node.map_or(at, |n| n.origin);
        match name {
            "add" => add(root, &path, need_value()?, path_at)?,
            "remove" => {
                remove(root, &path, path_at)?;
            }
            "replace" => {
                let v = need_value()?;
                let target =
                    resolve(root, &path).ok_or_else(|| fail(path_at, "the path does not exist"))?;
                *target = v;
            }
            "move" | "copy" => {
                let from_node = op.get("from");
                let from = tokens(from_node.and_then(KNode::as_str).unwrap_or(""));
                let from_at = from_node.map_or(at, |n| n.origin);
                let v = if name == "move" {
                    remove(root, &from, from_at)?
                } else {
                    get(root, &from)
                        .ok_or_else(|| fail(from_at, "the `from` path does not exist"))?
                };
                add(root, &path, v, path_at)?;
            }
            "test" => {
                let v = need_value()?;
                let found =
                    get(root, &path).ok_or_else(|| fail(path_at, "the path does not exist"))?;
                if found.to_json() != v.to_json() {
                    return Err(fail(at, "`test` failed: the value differs"));
                }
            }
            other => return Err(fail(at, format!("unknown operation `{other}`"))),
        }
    }
    Ok(())
}
