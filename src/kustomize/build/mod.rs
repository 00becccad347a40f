//! Loading a kustomization tree and running its steps in Kustomize's order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::fsutil::normalize_lexically;
use crate::model::source::{SourceFile, Span};
use crate::model::yaml::{Limits, parse_stream};

use super::tree::{FileId, KNode, Origin, Value};
use super::{Build, Finding, Object, Severity, generate, transform};

/// Kustomization fields that run programs or reach outside the tree: named in a warning, skipped.
const UNSUPPORTED: [(&str, &str); 10] = [
    ("helmCharts", "inflating Helm charts runs helm"),
    ("helmGlobals", "inflating Helm charts runs helm"),
    (
        "helmChartInflationGenerator",
        "inflating Helm charts runs helm",
    ),
    (
        "generators",
        "generator configurations and plugins are not run",
    ),
    ("validators", "validator plugins are not run"),
    (
        "openapi",
        "openapi overrides change merge keys svcctl does not read",
    ),
    ("crds", "CRD merge-key overrides are not read"),
    ("configurations", "transformer configurations are not read"),
    ("vars", "vars are deprecated and not read"),
    (
        "sortOptions",
        "output order does not change what is applied",
    ),
];

#[derive(Default)]
pub(crate) struct Builder {
    build: Build,
    by_path: HashMap<PathBuf, FileId>,
    /// Kustomization folders being built, outermost first: a folder met again is a cycle.
    stack: Vec<PathBuf>,
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| normalize_lexically(p))
}

fn is_remote(entry: &str) -> bool {
    entry.contains("://")
        || entry.starts_with("git@")
        || entry.starts_with("github.com/")
        || entry.starts_with("gitlab.com/")
        || entry.starts_with("bitbucket.org/")
}

/// The folders a kustomization names as resources or components (for telling roots apart).
pub(crate) fn referenced_dirs(dir: &Path) -> Vec<PathBuf> {
    let Some(file) = super::kustomization_file(dir) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Vec::new();
    };
    let stream = parse_stream(&text, Limits::default());
    let Some(root) = stream.documents.first().and_then(|d| d.root.as_ref()) else {
        return Vec::new();
    };
    let root = KNode::from_yaml(root, 0);
    let mut out = Vec::new();
    for field in ["resources", "bases", "components"] {
        for item in root.get(field).and_then(KNode::as_seq).unwrap_or(&[]) {
            if let Some(entry) = item.as_str() {
                let p = dir.join(entry);
                if !is_remote(entry) && p.is_dir() {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// A kustomization, read.
struct Kustomization {
    dir: PathBuf,
    node: KNode,
}

impl Builder {
    pub(crate) fn build_root(mut self, dir: &Path) -> Build {
        let Some(file) = super::kustomization_file(dir) else {
            let id = self.add_file(dir.display().to_string(), String::new());
            self.error(
                Origin {
                    file: id,
                    span: Span::default(),
                },
                format!(
                    "{} holds no kustomization.yaml, kustomization.yml or Kustomization",
                    dir.display()
                ),
            );
            return self.build;
        };
        self.build.kustomization = file;
        let objects = self.accumulate(dir, Vec::new(), false, None);
        let mut objects = objects;
        generate::add_hashes(&mut objects);
        super::references::fix_name_references(&mut objects);
        objects.retain(|o| {
            o.root.str_at(&[
                "metadata",
                "annotations",
                "config.kubernetes.io/local-config",
            ]) != Some("true")
        });
        self.build.objects = objects;
        self.build
    }

    fn add_file(&mut self, name: String, text: String) -> FileId {
        self.build.files.push(SourceFile::new(name, text));
        self.build.files.len() - 1
    }

    pub(crate) fn finding(&mut self, severity: Severity, origin: Origin, message: String) {
        self.build.findings.push(Finding {
            severity,
            message,
            origin,
        });
    }

    pub(crate) fn error(&mut self, origin: Origin, message: String) {
        self.finding(Severity::Error, origin, message);
    }

    pub(crate) fn warn(&mut self, origin: Origin, message: String) {
        self.finding(Severity::Warning, origin, message);
    }

    /// Reads and parses a file once per build; its documents as trees.
    fn read(&mut self, path: &Path, at: Origin) -> Option<(FileId, Vec<KNode>)> {
        let key = normalize_lexically(path);
        let id = match self.by_path.get(&key) {
            Some(id) => *id,
            None => {
                let text = match std::fs::read_to_string(path) {
                    Ok(text) => text,
                    Err(e) => {
                        self.error(at, format!("cannot read {}: {e}", path.display()));
                        return None;
                    }
                };
                let id = self.add_file(key.display().to_string(), text);
                self.by_path.insert(key, id);
                self.build.consumed.push(path.to_path_buf());
                id
            }
        };
        let stream = parse_stream(&self.build.files[id].text, Limits::default());
        if let Some(e) = stream.errors.first() {
            self.error(
                Origin {
                    file: id,
                    span: e.span,
                },
                format!("YAML syntax error: {}", e.message),
            );
            return None;
        }
        let text = &self.build.files[id].text;
        let docs = stream
            .documents
            .iter()
            .filter_map(|d| d.root.as_ref())
            .map(|n| {
                let mut node = KNode::from_yaml(n, id);
                if !text.ends_with('\n') {
                    clip_at_end_of_file(&mut node, text);
                }
                node
            })
            .filter(|n| !n.is_null())
            .collect();
        Some((id, docs))
    }

    /// Parses YAML written inline in a kustomization (a `patch:` block), its positions placed
    /// back into the kustomization file.
    fn read_inline(&mut self, text_node: &KNode) -> Option<Vec<KNode>> {
        let text = text_node.as_str()?;
        let file = text_node.origin.file;
        let stream = parse_stream(text, Limits::default());
        let map = inline_offsets(&self.build.files[file].text, text_node.origin.span, text);
        if let Some(e) = stream.errors.first() {
            let span = Span::new(map(e.span.start), map(e.span.end));
            self.error(
                Origin { file, span },
                format!("YAML syntax error in inline patch: {}", e.message),
            );
            return None;
        }
        let remap = |s: Span| Span::new(map(s.start), map(s.end));
        Some(
            stream
                .documents
                .iter()
                .filter_map(|d| d.root.as_ref())
                .map(|n| {
                    // Parsed under a file id no real file has, then moved into the kustomization.
                    let mut node = KNode::from_yaml(n, usize::MAX);
                    node.remap(usize::MAX, &remap);
                    retarget(&mut node, file);
                    node
                })
                .filter(|n| !n.is_null())
                .collect(),
        )
    }

    /// A path named in a kustomization: inside its folder (Kustomize's load restrictor) or an
    /// error at the entry.
    fn restricted(&mut self, k: &Kustomization, entry: &str, at: Origin) -> Option<PathBuf> {
        let path = k.dir.join(entry);
        let inside = normalize_lexically(&canonical(&path)).starts_with(canonical(&k.dir));
        if !inside {
            self.error(
                at,
                format!(
                    "{entry} is outside the kustomization folder {}: Kustomize's load \
                     restrictor refuses files outside it (a folder with its own \
                     kustomization may be used as a resource instead)",
                    k.dir.display()
                ),
            );
            return None;
        }
        Some(path)
    }

    fn load_kustomization(
        &mut self,
        dir: &Path,
        at: Option<Origin>,
        component: bool,
    ) -> Option<Kustomization> {
        let fallback = at.unwrap_or(Origin {
            file: 0,
            span: Span::default(),
        });
        let names: Vec<PathBuf> = super::KUSTOMIZATION_FILE_NAMES
            .iter()
            .map(|n| dir.join(n))
            .filter(|p| p.is_file())
            .collect();
        let Some(path) = names.first().cloned() else {
            self.error(
                fallback,
                format!(
                    "{} is a folder without a kustomization.yaml, kustomization.yml or \
                     Kustomization: Kustomize cannot use it as a resource",
                    dir.display()
                ),
            );
            return None;
        };
        let (file, docs) = self.read(&path, fallback)?;
        if names.len() > 1 {
            self.error(
                Origin {
                    file,
                    span: Span::default(),
                },
                format!(
                    "{} holds more than one kustomization file; Kustomize refuses to choose",
                    dir.display()
                ),
            );
            return None;
        }
        self.build.kustomizations.push(dir.to_path_buf());
        let node = docs.into_iter().next().unwrap_or(KNode::map(Origin {
            file,
            span: Span::default(),
        }));
        if node.as_map().is_none() {
            self.error(
                node.origin,
                "a kustomization must be a mapping of fields".to_owned(),
            );
            return None;
        }
        if let Some((origin, message)) = wrong_field_type(&node) {
            self.error(origin, message);
            return None;
        }
        let kind = node.str_at(&["kind"]).unwrap_or("Kustomization");
        let want = if component {
            "Component"
        } else {
            "Kustomization"
        };
        // A root may be a Component: kubectl builds one on its own as well.
        let is_root = self.stack.is_empty();
        if kind != want && !(is_root && kind == "Component") {
            let origin = node.get("kind").map_or(node.origin, |n| n.origin);
            self.error(
                origin,
                format!(
                    "{} is a {kind}, used here as a {}",
                    path.display(),
                    if component { "component" } else { "resource" }
                ),
            );
            return None;
        }
        Some(Kustomization {
            dir: dir.to_path_buf(),
            node,
        })
    }

    /// Builds one kustomization onto `objects` (empty but for a component).
    fn accumulate(
        &mut self,
        dir: &Path,
        mut objects: Vec<Object>,
        component: bool,
        at: Option<Origin>,
    ) -> Vec<Object> {
        let key = canonical(dir);
        if self.stack.contains(&key) {
            let origin = at.unwrap_or(Origin {
                file: 0,
                span: Span::default(),
            });
            let chain: Vec<String> = self
                .stack
                .iter()
                .chain(std::iter::once(&key))
                .map(|p| p.display().to_string())
                .collect();
            self.error(
                origin,
                format!("cycle between kustomizations: {}", chain.join(" -> ")),
            );
            return objects;
        }
        let Some(k) = self.load_kustomization(dir, at, component) else {
            return objects;
        };
        self.stack.push(key);
        self.warn_unsupported(&k);
        for field in ["resources", "bases"] {
            let entries: Vec<KNode> = k
                .node
                .get(field)
                .and_then(KNode::as_seq)
                .unwrap_or(&[])
                .to_vec();
            for entry in entries {
                self.add_resource(&k, &entry, &mut objects);
            }
        }
        generate::run(self, &k.node, &k.dir, &mut objects);
        let components: Vec<KNode> = k
            .node
            .get("components")
            .and_then(KNode::as_seq)
            .unwrap_or(&[])
            .to_vec();
        for entry in components {
            let Some(name) = entry.as_str() else { continue };
            if is_remote(name) {
                self.warn(
                    entry.origin,
                    format!("remote component {name} is not supported: skipped"),
                );
                continue;
            }
            objects = self.accumulate(&k.dir.join(name), objects, true, Some(entry.origin));
        }
        self.transform(&k, &mut objects);
        self.stack.pop();
        objects
    }

    /// The place of `key` whose value is `value`: the tree keeps values' places only, and a
    /// warning about a whole field reads best at its key. The key is the last `key:` written
    /// before the value.
    fn key_origin(&self, value: &KNode, key: &str) -> Origin {
        let text = self
            .build
            .files
            .get(value.origin.file)
            .map_or("", |f| &f.text);
        let before = text.get(..value.origin.span.start).unwrap_or("");
        match before.rfind(&format!("{key}:")) {
            Some(at) => Origin {
                file: value.origin.file,
                span: Span::new(at, at + key.len()),
            },
            None => value.origin,
        }
    }

    fn warn_unsupported(&mut self, k: &Kustomization) {
        for (field, why) in UNSUPPORTED {
            if let Some(node) = k.node.get(field) {
                if node.is_null() {
                    continue;
                }
                let origin = self.key_origin(node, field);
                self.warn(
                    origin,
                    format!("`{field}` is not supported ({why}): the rest of the build goes on without it"),
                );
            }
        }
    }

    fn add_resource(&mut self, k: &Kustomization, entry: &KNode, objects: &mut Vec<Object>) {
        let Some(name) = entry.as_str() else {
            self.error(entry.origin, "a resource entry must be a path".to_owned());
            return;
        };
        if is_remote(name) {
            self.warn(
                entry.origin,
                format!("remote resource {name} is not supported: skipped, the rest of the build goes on"),
            );
            return;
        }
        let path = k.dir.join(name);
        if path.is_dir() {
            let built = self.accumulate(&path, Vec::new(), false, Some(entry.origin));
            for o in built {
                self.append(objects, o);
            }
            return;
        }
        if !path.exists() {
            self.error(
                entry.origin,
                format!("resource {name} does not exist ({})", path.display()),
            );
            return;
        }
        let Some(path) = self.restricted(k, name, entry.origin) else {
            return;
        };
        let Some((_, docs)) = self.read(&path, entry.origin) else {
            return;
        };
        for doc in docs {
            for root in expand_lists(doc) {
                if root.as_map().is_none() || root.str_at(&["kind"]).is_none() {
                    self.error(
                        root.origin,
                        format!("a document of {name} is not a Kubernetes object (no kind)"),
                    );
                    continue;
                }
                let mut o = Object {
                    root,
                    previous: Vec::new(),
                    needs_hash: false,
                };
                o.remember_id();
                self.append(objects, o);
            }
        }
    }

    /// Adds an object, refusing a second object with the same id as Kustomize does.
    pub(crate) fn append(&mut self, objects: &mut Vec<Object>, o: Object) {
        let id = o.id();
        if let Some(first) = objects.iter().find(|x| x.id() == id) {
            let first_at = first.root.origin;
            let where_ = &self.build.files[first_at.file];
            let pos = where_.position(first_at.span.start);
            let msg = format!(
                "duplicate object {} {}: already added from {}:{}:{}; Kustomize refuses to \
                 build two objects with one id",
                o.kind(),
                o.name(),
                where_.name,
                pos.line,
                pos.column
            );
            self.error(o.root.origin, msg);
            return;
        }
        objects.push(o);
    }

    fn transform(&mut self, k: &Kustomization, objects: &mut Vec<Object>) {
        let node = &k.node;
        // patchesStrategicMerge: paths, or inline patches.
        for entry in node
            .get("patchesStrategicMerge")
            .and_then(KNode::as_seq)
            .unwrap_or(&[])
        {
            let Some(patches) = self.load_patch(k, entry, true) else {
                continue;
            };
            for p in patches {
                self.apply_smp_untargeted(objects, &p);
            }
        }
        for entry in node.get("patches").and_then(KNode::as_seq).unwrap_or(&[]) {
            self.apply_patch_entry(k, entry, objects);
        }
        if let Some(ns) = node.get("namespace").filter(|n| !n.is_null()) {
            transform::namespace(objects, ns);
        }
        if let Some(prefix) = node.get("namePrefix").filter(|n| !n.is_null()) {
            transform::prefix_suffix(objects, prefix, true);
        }
        if let Some(suffix) = node.get("nameSuffix").filter(|n| !n.is_null()) {
            transform::prefix_suffix(objects, suffix, false);
        }
        if let Some(labels) = node
            .get("commonLabels")
            .filter(|m| self.string_map(m, "commonLabels"))
        {
            transform::labels(objects, labels, transform::LabelScope::Selectors);
        }
        for entry in node.get("labels").and_then(KNode::as_seq).unwrap_or(&[]) {
            let Some(pairs) = entry.get("pairs").filter(|m| self.string_map(m, "labels")) else {
                continue;
            };
            let yes = |k: &str| matches!(entry.get(k).map(|n| &n.value), Some(Value::Bool(true)));
            let scope = if yes("includeSelectors") {
                transform::LabelScope::Selectors
            } else if yes("includeTemplates") {
                transform::LabelScope::Templates
            } else {
                transform::LabelScope::Metadata
            };
            transform::labels(objects, pairs, scope);
        }
        if let Some(a) = node
            .get("commonAnnotations")
            .filter(|m| self.string_map(m, "commonAnnotations"))
        {
            transform::annotations(objects, a);
        }
        for entry in node
            .get("patchesJson6902")
            .and_then(KNode::as_seq)
            .unwrap_or(&[])
        {
            self.apply_patch_entry(k, entry, objects);
        }
        for entry in node.get("replicas").and_then(KNode::as_seq).unwrap_or(&[]) {
            transform::replicas(objects, entry);
        }
        for entry in node.get("images").and_then(KNode::as_seq).unwrap_or(&[]) {
            super::images::images(objects, entry);
        }
        if let Some(r) = node.get("replacements").and_then(KNode::as_seq) {
            for entry in r {
                super::replacements::replacement(self, k.dir.as_path(), objects, entry);
            }
        }
        // `transformers:` run after the fields above, as in Kustomize; svcctl runs the ones that
        // configure Kustomize's own label and annotation transformers.
        for entry in node
            .get("transformers")
            .and_then(KNode::as_seq)
            .unwrap_or(&[])
        {
            let remote = entry
                .as_str()
                .is_some_and(|e| is_remote(e) || k.dir.join(e).is_dir());
            let configs = if remote {
                None
            } else {
                self.load_patch(k, entry, true)
            };
            let all_builtin = configs.as_ref().is_some_and(|docs| {
                docs.iter()
                    .all(|d| d.str_at(&["apiVersion"]) == Some("builtin"))
            });
            match configs {
                Some(docs) if all_builtin => {
                    for d in &docs {
                        if !transform::builtin(objects, d) {
                            let kind = d.str_at(&["kind"]).unwrap_or("?").to_owned();
                            self.warn(
                                entry.origin,
                                format!("transformer `{kind}` is not supported: the rest of the build goes on without it"),
                            );
                        }
                    }
                }
                _ => self.warn(
                    entry.origin,
                    "this transformer is not supported (plugins are not run): the rest of the build goes on without it".to_owned(),
                ),
            }
        }
        if let Some(meta) = node.get("buildMetadata").and_then(KNode::as_seq) {
            for option in meta {
                match option.as_str() {
                    Some("managedByLabel") => {
                        let mut labels = KNode::map(option.origin);
                        labels.set(
                            "app.kubernetes.io/managed-by",
                            KNode::string("kustomize-(devel)", option.origin),
                        );
                        transform::labels(objects, &labels, transform::LabelScope::Metadata);
                    }
                    Some(other) => self.warn(
                        option.origin,
                        format!("buildMetadata `{other}` is not supported: skipped (annotations only, nothing else changes)"),
                    ),
                    None => {}
                }
            }
        }
    }

    /// Whether a labels or annotations field is a map of strings, as Kustomize requires (it
    /// refuses `42` or `true` unquoted); an error at the first value that is not.
    fn string_map(&mut self, map: &KNode, field: &str) -> bool {
        let bad = map
            .as_map()
            .unwrap_or(&[])
            .iter()
            .find(|(_, v)| v.as_str().is_none())
            .map(|(k, v)| (k.clone(), v.origin));
        match bad {
            Some((key, origin)) => {
                self.error(
                    origin,
                    format!("`{field}` value for {key} must be a string: Kustomize refuses the kustomization (quote it)"),
                );
                false
            }
            None => true,
        }
    }
}

/// A block scalar that ends the file without a line break keeps none (YAML's "clip" keeps the
/// final line break only if there is one), as Kustomize reads it.
fn clip_at_end_of_file(node: &mut KNode, text: &str) {
    let at_end = node.origin.span.end >= text.len();
    match &mut node.value {
        // Only a block scalar can end in a line break the file does not have (a quoted one ends
        // at its closing quote).
        Value::Str(s) if at_end && !text.ends_with(['"', '\'']) => {
            if let Some(stripped) = s.strip_suffix('\n') {
                *s = stripped.to_owned();
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(|n| clip_at_end_of_file(n, text)),
        Value::Map(entries) => entries
            .iter_mut()
            .for_each(|(_, n)| clip_at_end_of_file(n, text)),
        _ => {}
    }
}

/// A `kind: List` document as its items, as Kustomize reads it.
fn expand_lists(doc: KNode) -> Vec<KNode> {
    let is_list = doc
        .str_at(&["kind"])
        .is_some_and(|k| k == "List" || (k.ends_with("List") && doc.get("items").is_some()));
    if is_list && let Some(Value::Seq(items)) = doc.get("items").map(|n| n.value.clone()) {
        return items;
    }
    vec![doc]
}

fn retarget(node: &mut KNode, file: FileId) {
    node.origin.file = file;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| retarget(n, file)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, n)| retarget(n, file)),
        _ => {}
    }
}

/// Maps byte offsets in the text of an inline (block) scalar to offsets in the file that holds it:
/// each line of the text sits in the file after its indentation.
fn inline_offsets(file_text: &str, span: Span, text: &str) -> Box<dyn Fn(usize) -> usize> {
    let written = file_text.get(span.start..span.end).unwrap_or("");
    // Start of every line of the text, and where that line's content starts in the file.
    let mut text_starts = vec![0usize];
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            text_starts.push(i + 1);
        }
    }
    let mut file_starts = Vec::new();
    let header = written.starts_with('|') || written.starts_with('>');
    // Where the scalar's first content line starts in the file: after the `|` header line, or
    // (when the node's span starts at the content) at the start of that line.
    let content_start = if header {
        written.find('\n').map(|i| span.start + i + 1)
    } else {
        let line_start = file_text
            .get(..span.start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let lead = file_text.get(line_start..span.start).unwrap_or("");
        lead.bytes().all(|b| b == b' ').then_some(line_start)
    };
    if let Some(mut offset) = content_start {
        let rest = file_text.get(offset..).unwrap_or("");
        let mut indent = None;
        for line in rest.split_inclusive('\n').take(text_starts.len()) {
            let content = line.trim_start_matches(' ');
            let this_indent = line.len() - content.len();
            if indent.is_none() && !content.trim().is_empty() {
                indent = Some(this_indent);
            }
            file_starts.push((offset, this_indent));
            offset += line.len();
        }
        let indent = indent.unwrap_or(0);
        let file_starts: Vec<usize> = file_starts
            .into_iter()
            .map(|(o, i)| o + i.min(indent))
            .collect();
        return Box::new(move |at: usize| {
            let line = text_starts.partition_point(|s| *s <= at).saturating_sub(1);
            let col = at - text_starts.get(line).copied().unwrap_or(0);
            file_starts.get(line).map_or(span.start, |s| s + col)
        });
    }
    Box::new(move |_| span.start)
}

mod field_types;
mod patches;

use field_types::wrong_field_type;
