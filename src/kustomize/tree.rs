//! Built objects as value trees in which every node remembers where its value was written, so a
//! finding on a built object can point at the base, patch or kustomization line that set it.

use crate::model::source::Span;
use crate::model::yaml::{Node, NodeKind, Resolved};

/// Index into [`super::Build::files`].
pub type FileId = usize;

/// Where a value was written: a file of the build and the byte span of the value in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<KNode>),
    Map(Vec<(String, KNode)>),
}

/// One node of a built object.
#[derive(Clone, Debug, PartialEq)]
pub struct KNode {
    pub value: Value,
    pub origin: Origin,
}

impl KNode {
    pub fn new(value: Value, origin: Origin) -> KNode {
        KNode { value, origin }
    }

    pub fn string(text: impl Into<String>, origin: Origin) -> KNode {
        KNode::new(Value::Str(text.into()), origin)
    }

    pub fn map(origin: Origin) -> KNode {
        KNode::new(Value::Map(Vec::new()), origin)
    }

    /// The tree of a parsed YAML node, every node placed in `file`.
    pub fn from_yaml(node: &Node, file: FileId) -> KNode {
        let origin = Origin {
            file,
            span: node.span,
        };
        let value = match &node.kind {
            NodeKind::Scalar(s) => match s.resolve() {
                Resolved::Null => Value::Null,
                // Kustomize reads YAML 1.2: only true/false are booleans; `yes`, `on`, `y` stay
                // strings (and are quoted on the way out, so kubectl sends strings too).
                Resolved::Bool(b)
                    if matches!(
                        s.text.as_str(),
                        "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
                    ) =>
                {
                    Value::Bool(b)
                }
                Resolved::Bool(_) => Value::Str(s.text.to_string()),
                Resolved::Int(i) => Value::Int(i),
                Resolved::Float(f) => Value::Float(f),
                Resolved::Str(t) => Value::Str(t.to_owned()),
            },
            NodeKind::Seq(items) => {
                Value::Seq(items.iter().map(|n| KNode::from_yaml(n, file)).collect())
            }
            NodeKind::Map(entries) => {
                let mut out: Vec<(String, KNode)> = Vec::with_capacity(entries.len());
                for e in entries {
                    let Some(key) = e.key.scalar_text() else {
                        continue;
                    };
                    let value = KNode::from_yaml(&e.value, file);
                    // A repeated key: the last one wins, as in the decoders Kustomize uses.
                    if let Some(slot) = out.iter_mut().find(|(k, _)| k == key) {
                        slot.1 = value;
                    } else {
                        out.push((key.to_owned(), value));
                    }
                }
                Value::Map(out)
            }
        };
        KNode { value, origin }
    }

    pub fn as_map(&self) -> Option<&[(String, KNode)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut Vec<(String, KNode)>> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[KNode]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as the text Kustomize compares it by (merge keys, selectors, targets).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn get(&self, key: &str) -> Option<&KNode> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut KNode> {
        self.as_map_mut()?
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Follows a path of keys through mappings.
    pub fn lookup(&self, path: &[&str]) -> Option<&KNode> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn str_at(&self, path: &[&str]) -> Option<&str> {
        self.lookup(path).and_then(KNode::as_str)
    }

    /// Sets `key` in a mapping, replacing an existing value in place or appending.
    pub fn set(&mut self, key: &str, value: KNode) {
        if let Some(map) = self.as_map_mut() {
            if let Some(slot) = map.iter_mut().find(|(k, _)| k == key) {
                slot.1 = value;
            } else {
                map.push((key.to_owned(), value));
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<KNode> {
        let map = self.as_map_mut()?;
        let at = map.iter().position(|(k, _)| k == key)?;
        Some(map.remove(at).1)
    }

    /// The mapping under `key`, created (placed at `origin`) when absent or null. `None` when
    /// something that is not a mapping is there.
    pub fn ensure_map(&mut self, key: &str, origin: Origin) -> Option<&mut KNode> {
        let missing = self.get(key).is_none_or(KNode::is_null);
        if missing {
            self.as_map_mut()?;
            self.set(key, KNode::map(origin));
        }
        let node = self.get_mut(key)?;
        node.as_map_mut()?;
        Some(node)
    }

    /// Every node of the tree placed at `origin`: for values a kustomization field wrote whole.
    pub fn place_all(&mut self, origin: Origin) {
        self.origin = origin;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.place_all(origin)),
            Value::Map(entries) => entries.iter_mut().for_each(|(_, n)| n.place_all(origin)),
            _ => {}
        }
    }

    /// Moves every origin in `file` through `remap`: for a patch written inline in a
    /// kustomization, parsed on its own and then placed back into the kustomization file.
    pub fn remap(&mut self, file: FileId, remap: &dyn Fn(Span) -> Span) {
        if self.origin.file == file {
            self.origin.span = remap(self.origin.span);
        }
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.remap(file, remap)),
            Value::Map(entries) => entries.iter_mut().for_each(|(_, n)| n.remap(file, remap)),
            _ => {}
        }
    }

    /// The value as JSON, as `kubectl apply -k` would send it.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(KNode::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// A tree from JSON, every node placed at `origin` (values Kustomize computes, such as a
    /// generated ConfigMap's data).
    pub fn from_json(value: &serde_json::Value, origin: Origin) -> KNode {
        use serde_json::Value as J;
        let value = match value {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or_default()),
            },
            J::String(s) => Value::Str(s.clone()),
            J::Array(items) => {
                Value::Seq(items.iter().map(|v| KNode::from_json(v, origin)).collect())
            }
            J::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), KNode::from_json(v, origin)))
                    .collect(),
            ),
        };
        KNode { value, origin }
    }
}
