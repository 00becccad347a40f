//! Kubernetes objects found in a parsed file: every mapping document with a string `apiVersion`
//! and `kind`, with `kind: List` items expanded, and every document plainly meant to be a core/v1
//! Service whose `apiVersion` or `kind` is wrong ([`service_head_faults`]). Anything else (a values
//! file, a CI config) is not an object and is skipped without a word.

use std::sync::Arc;

use compact_str::CompactString;

use super::schema;
use super::source::{SourceFile, Span};
use super::yaml::{Entry, Node, Stream};

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
    /// A near-Service (`kind: service`, no `apiVersion`, ...) is recorded as the `v1` `Service`
    /// it was meant to be, so that it is checked as one; `invalid-type-meta` reports its head.
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
            let head = head_of(root);
            if let Some((api_version, kind)) = &head
                && api_version == "v1"
                && kind.ends_with("List")
                && let Some(items) = root.get("items").and_then(Node::as_seq)
            {
                for (i, item) in items.iter().enumerate() {
                    if let Some((api_version, kind)) = head_of(item) {
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

/// What an object is: its `apiVersion` and `kind`, or `v1` `Service` for a near-Service.
fn head_of(node: &Node) -> Option<(CompactString, CompactString)> {
    match service_head_faults(node) {
        Some(faults) if !faults.is_empty() => Some(("v1".into(), "Service".into())),
        _ => read_head(node),
    }
}

/// What is wrong with the `apiVersion` or `kind` of a document meant to be a core/v1 Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeadFault {
    /// `kind: service`: the value in another case. `version` is the apiVersion as written.
    KindCase {
        written: String,
        version: Option<String>,
        span: Span,
    },
    /// `Kind: Service`: the key in another case.
    KindKey { written: String, span: Span },
    /// `apiVersion: core/v1`, `apps/v1`, `V1`: a version of the core group or of a group without
    /// a dot, none of which serves Services. `kind` is the kind as written.
    Version {
        written: String,
        kind: String,
        span: Span,
    },
    /// `apiversion: v1`, `api_version: v1`: the key spelt otherwise.
    VersionKey { written: String, span: Span },
    /// No apiVersion at all; the span is the `kind` key's.
    NoVersion { span: Span },
}

impl HeadFault {
    pub fn span(&self) -> Span {
        match self {
            HeadFault::KindCase { span, .. }
            | HeadFault::KindKey { span, .. }
            | HeadFault::Version { span, .. }
            | HeadFault::VersionKey { span, .. }
            | HeadFault::NoVersion { span } => *span,
        }
    }
}

/// The keys whose presence in `spec` says "Service" (a Knative Service's spec holds `template`).
const SERVICE_SPEC_SIGNS: &[&str] = &[
    "ports",
    "selector",
    "type",
    "clusterIP",
    "clusterIPs",
    "externalName",
];

/// Whether a document is plainly meant to be a core/v1 Service, and what is wrong with its head:
/// `None` if it is not meant to be one, `Some([])` if it is a correct core/v1 Service.
///
/// Plainly meant to be a core Service means all of:
/// - a `kind` key (any case: `Kind`, `KIND`) whose value is `service` in any case;
/// - an `apiVersion` key (any case, `_` and `-` ignored: `apiversion`, `api_version`) that is
///   missing, or whose value names no group (`v1`, `V1`, `v2`) or a group without a dot
///   (`core/v1`, `apps/v1`): every custom resource's group has a dot (`serving.knative.dev`), so
///   those are never meant;
/// - a `spec` mapping whose keys are all ServiceSpec fields, with at least one of `ports`,
///   `selector`, `type`, `clusterIP`, `clusterIPs`, `externalName` (values files and compose
///   files have no such spec).
pub fn service_head_faults(node: &Node) -> Option<Vec<HeadFault>> {
    let entries = node.as_map()?;
    let (kind_entry, kind_exact) = head_entry(entries, "kind")?;
    let kind = kind_entry.value.scalar_text()?;
    if !kind.eq_ignore_ascii_case("service") {
        return None;
    }
    let version = match head_entry(entries, "apiVersion") {
        Some((entry, exact)) => Some((entry, exact, entry.value.scalar_text()?)),
        None => None,
    };
    if let Some((_, _, written)) = version
        && written
            .split_once('/')
            .is_some_and(|(group, _)| group.contains('.'))
    {
        return None;
    }
    if kind_exact && kind == "Service" && matches!(version, Some((_, true, "v1"))) {
        return Some(Vec::new());
    }
    if !service_body(entries) {
        return None;
    }
    let mut faults = Vec::new();
    if !kind_exact {
        faults.push(HeadFault::KindKey {
            written: text_of(&kind_entry.key),
            span: kind_entry.key.span,
        });
    }
    if kind != "Service" {
        faults.push(HeadFault::KindCase {
            written: kind.to_string(),
            version: version.map(|(_, _, v)| v.to_string()),
            span: kind_entry.value.span,
        });
    }
    match version {
        None => faults.push(HeadFault::NoVersion {
            span: kind_entry.key.span,
        }),
        Some((entry, exact, written)) => {
            if !exact {
                faults.push(HeadFault::VersionKey {
                    written: text_of(&entry.key),
                    span: entry.key.span,
                });
            }
            if written != "v1" {
                faults.push(HeadFault::Version {
                    written: written.to_string(),
                    kind: kind.to_string(),
                    span: entry.value.span,
                });
            }
        }
    }
    Some(faults)
}

/// The entry for a head key: spelt exactly (`true`), or else in another case or with `_`/`-`.
fn head_entry<'n>(entries: &'n [Entry], key: &str) -> Option<(&'n Entry, bool)> {
    let exact = entries.iter().find(|e| e.key.scalar_text() == Some(key));
    if let Some(entry) = exact {
        return Some((entry, true));
    }
    // Compared a character at a time: every document without an exact `kind` key (a values
    // file) is scanned, and a string per key would be an allocation per key.
    let loose = |k: &'n str| {
        k.chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .map(|c| c.to_ascii_lowercase())
    };
    entries
        .iter()
        .find(|e| {
            e.key
                .scalar_text()
                .is_some_and(|k| loose(k).eq(key.chars().map(|c| c.to_ascii_lowercase())))
        })
        .map(|e| (e, false))
}

fn text_of(node: &Node) -> String {
    node.scalar_text().unwrap_or_default().to_string()
}

/// A `spec` that only a Service has; see [`service_head_faults`].
fn service_body(entries: &[Entry]) -> bool {
    let Some(spec) = entries
        .iter()
        .find(|e| e.key.scalar_text() == Some("spec"))
        .and_then(|e| e.value.as_map())
    else {
        return false;
    };
    let schema = schema::service();
    let fields = schema
        .at_path(["spec"])
        .map(|id| schema.property_names(id))
        .unwrap_or_default();
    let keys = || spec.iter().map(|e| e.key.scalar_text().unwrap_or_default());
    keys().all(|k| fields.contains(&k)) && keys().any(|k| SERVICE_SPEC_SIGNS.contains(&k))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::root;

    const SPEC: &str = "spec:\n  ports:\n  - port: 80\n";

    fn faults(head: &str, body: &str) -> Option<Vec<&'static str>> {
        let node = root(&format!("{head}metadata:\n  name: web\n{body}"));
        service_head_faults(&node).map(|faults| {
            faults
                .iter()
                .map(|f| match f {
                    HeadFault::KindCase { .. } => "kind-case",
                    HeadFault::KindKey { .. } => "kind-key",
                    HeadFault::Version { .. } => "version",
                    HeadFault::VersionKey { .. } => "version-key",
                    HeadFault::NoVersion { .. } => "no-version",
                })
                .collect()
        })
    }

    /// The boundary of "plainly meant to be a core Service": each near miss is a fault, and
    /// nothing that could be another thing called Service is.
    #[test]
    fn near_services_are_told_from_other_services() {
        let meant: &[(&str, &[&str])] = &[
            ("apiVersion: v1\nkind: Service\n", &[]),
            ("apiVersion: v1\nkind: service\n", &["kind-case"]),
            ("apiversion: v1\nkind: Service\n", &["version-key"]),
            ("api_version: v1\nkind: Service\n", &["version-key"]),
            ("kind: Service\n", &["no-version"]),
            ("apiVersion: core/v1\nkind: Service\n", &["version"]),
            ("apiVersion: apps/v1\nkind: Service\n", &["version"]),
            ("apiVersion: V1\nkind: Service\n", &["version"]),
            ("apiVersion: v1\nKind: Service\n", &["kind-key"]),
            ("Kind: SERVICE\n", &["kind-key", "kind-case", "no-version"]),
        ];
        for (head, expected) in meant {
            assert_eq!(faults(head, SPEC).as_deref(), Some(*expected), "{head}");
        }
        let not_meant = [
            ("apiVersion: serving.knative.dev/v1\nkind: Service\n", SPEC),
            ("apiVersion: example.com/v1\nkind: service\n", SPEC),
            ("apiVersion: v1\nkind: Deployment\n", SPEC),
            ("apiVersion: v1\nkind: Services\n", SPEC),
            ("kind: service\n", "spec:\n  replicas: 2\n  ports: [80]\n"),
            ("kind: service\n", "spec:\n  sessionAffinity: None\n"),
            ("kind: service\n", "spec: [ports]\n"),
            ("kind: service\n", ""),
            ("service:\n  type: ClusterIP\n", ""),
        ];
        for (head, body) in not_meant {
            assert_eq!(faults(head, body), None, "{head}{body}");
        }
    }
}
