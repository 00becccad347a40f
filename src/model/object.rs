//! Kubernetes objects found in a parsed file: every mapping document with a string `apiVersion`
//! and `kind`, with `kind: List` items expanded. Anything else (a values file, a CI config) is not
//! an object and is skipped without a word.

use std::sync::Arc;

use compact_str::CompactString;

use super::source::{SourceFile, Span};
use super::yaml::{Node, Stream};

/// Where an object lives and what it is; the node itself is reached through [`ParsedFile::node`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    pub document: usize,
    /// The index inside a `kind: List`'s `items`, when the object came from one.
    pub item: Option<usize>,
    /// 0-based index of the object in its file after `List` items are expanded.
    pub ordinal: usize,
    /// Inline up to 24 bytes, like the tree's scalars: every object of every file has these,
    /// and four heap strings an object were a measurable part of linting small Services.
    pub api_version: CompactString,
    pub kind: CompactString,
    pub name: Option<CompactString>,
    pub namespace: Option<CompactString>,
}

impl ObjectRef {
    pub fn is_core_service(&self) -> bool {
        self.api_version == "v1" && self.kind == "Service"
    }

    /// `service/web`, `deployment.apps/web`: the names kubectl prints.
    pub fn display_name(&self) -> String {
        display_name(&self.api_version, &self.kind, self.name.as_deref())
    }
}

/// `service/web`, `deployment.apps/web`: the names kubectl prints.
pub fn display_name(api_version: &str, kind: &str, name: Option<&str>) -> String {
    let group = api_version
        .split_once('/')
        .map(|(g, _)| g)
        .filter(|g| !g.is_empty());
    let kind = kind.to_ascii_lowercase();
    let name = name.unwrap_or("<unnamed>");
    match group {
        Some(g) => format!("{kind}.{g}/{name}"),
        None => format!("{kind}/{name}"),
    }
}

/// One input file, parsed once.
#[derive(Debug)]
pub struct ParsedFile {
    pub source: Arc<SourceFile>,
    pub stream: Stream,
    pub objects: Vec<ObjectRef>,
    /// The ordinal the next part of the same file starts at.
    pub next_ordinal: usize,
}

impl ParsedFile {
    pub fn new(source: Arc<SourceFile>, stream: Stream) -> Self {
        Self::starting_at(source, stream, 0)
    }

    /// A part of a file whose first document is the `first_ordinal`-th object of the file.
    pub fn starting_at(source: Arc<SourceFile>, stream: Stream, first_ordinal: usize) -> Self {
        let mut objects = Vec::new();
        // Ordinals count every non-empty document (and List item), objects or not, so they line
        // up with what other tools (and the corpus oracle) call "the n-th object of the file".
        let mut ordinal = first_ordinal;
        for doc in &stream.documents {
            let Some(root) = doc.root.as_ref().filter(|r| !r.is_null()) else {
                continue;
            };
            let head = read_head(root);
            if let Some((api_version, kind)) = &head
                && api_version == "v1"
                && kind.ends_with("List")
                && let Some(items) = root.get("items").and_then(Node::as_seq)
            {
                for (i, item) in items.iter().enumerate() {
                    if let Some((api_version, kind)) = read_head(item) {
                        objects.push(object_ref(
                            item,
                            doc.index,
                            Some(i),
                            ordinal,
                            api_version,
                            kind,
                        ));
                    }
                    ordinal += 1;
                }
                continue;
            }
            if let Some((api_version, kind)) = head {
                objects.push(object_ref(
                    root,
                    doc.index,
                    None,
                    ordinal,
                    api_version,
                    kind,
                ));
            }
            ordinal += 1;
        }
        ParsedFile {
            source,
            stream,
            objects,
            next_ordinal: ordinal,
        }
    }

    pub fn node(&self, object: &ObjectRef) -> Option<&Node> {
        let doc = self.document(object.document)?;
        let root = doc.root.as_ref()?;
        match object.item {
            None => Some(root),
            Some(i) => root.get("items")?.as_seq()?.get(i),
        }
    }

    /// Documents are stored in index order, so a lookup is a binary search (a linear one made
    /// 150,000-object files quadratic).
    fn document(&self, index: usize) -> Option<&super::yaml::Document> {
        let docs = &self.stream.documents;
        docs.binary_search_by_key(&index, |d| d.index)
            .ok()
            .and_then(|i| docs.get(i))
    }

    /// Duplicate keys recorded for the document an object lives in, limited to its span.
    pub fn duplicate_keys(&self, object: &ObjectRef, node: &Node) -> Vec<(Span, Span)> {
        self.document(object.document)
            .into_iter()
            .flat_map(|d| d.duplicate_keys.iter().copied())
            .filter(|(dup, _)| dup.start >= node.span.start && dup.end <= node.span.end)
            .collect()
    }
}

fn read_head(node: &Node) -> Option<(CompactString, CompactString)> {
    let api_version = node.get("apiVersion")?.scalar_text()?;
    let kind = node.get("kind")?.scalar_text()?;
    if api_version.is_empty() || kind.is_empty() {
        return None;
    }
    Some((api_version.into(), kind.into()))
}

fn object_ref(
    node: &Node,
    document: usize,
    item: Option<usize>,
    ordinal: usize,
    api_version: CompactString,
    kind: CompactString,
) -> ObjectRef {
    let meta = node.get("metadata");
    let text = |key: &str| {
        meta.and_then(|m| m.get(key))
            .and_then(Node::scalar_text)
            .filter(|s| !s.is_empty())
            .map(CompactString::from)
    };
    ObjectRef {
        document,
        item,
        ordinal,
        api_version,
        kind,
        name: text("name"),
        namespace: text("namespace"),
    }
}
