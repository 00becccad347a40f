//! Kustomize, in-process: reads a kustomization tree and builds the objects `kubectl apply -k`
//! would apply, each scalar remembering the file and span that wrote it (a base resource, a
//! strategic-merge or JSON 6902 patch, or the kustomization field that produced it).
//!
//! The public surface is small on purpose: [`find_roots`] tells which folders of an input are
//! kustomization roots, [`build`] builds one into a [`Build`]: the objects, the files they were
//! read from, every file the build consumed, and findings about the kustomization itself
//! (unsupported fields, bad input, parts of a patch Kustomize silently drops).
//!
//! The order of the steps follows Kustomize v5: resources, generators, components, then the
//! transformers (strategic-merge patches, `patches`, namespace, prefix, suffix, labels,
//! annotations, JSON 6902 patches, replicas, images), and at the root only: name hashes of
//! generated objects, then the name references to renamed objects.

mod build;
mod generate;
mod images;
mod json6902;
mod references;
pub mod render;
mod replacements;
mod select;
mod smp;
mod transform;
pub mod tree;

use std::path::{Path, PathBuf};

use crate::model::source::SourceFile;

pub use tree::{FileId, KNode, Origin, Value};

/// The file names that make a folder a kustomization, in Kustomize's order of preference.
pub const KUSTOMIZATION_FILE_NAMES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// A kustomization root found in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// The folder that holds the kustomization file.
    pub dir: PathBuf,
    /// The kustomization file itself.
    pub kustomization: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Something said about the kustomization tree rather than about a built object.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    pub origin: Origin,
}

/// One object of a build.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub root: KNode,
    /// (name, namespace) the object had before each rename, oldest first (as written in its
    /// resource file or generator): name references written against an old name follow it.
    pub previous: Vec<(String, String)>,
    /// A generated ConfigMap or Secret whose name takes its content hash at the end of the build.
    pub(crate) needs_hash: bool,
}

impl Object {
    pub fn kind(&self) -> &str {
        self.root.str_at(&["kind"]).unwrap_or("")
    }

    pub fn api_version(&self) -> &str {
        self.root.str_at(&["apiVersion"]).unwrap_or("")
    }

    /// (group, version) of `apiVersion`; the core group is "".
    pub fn group_version(&self) -> (&str, &str) {
        match self.api_version().split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", self.api_version()),
        }
    }

    pub fn name(&self) -> &str {
        self.root.str_at(&["metadata", "name"]).unwrap_or("")
    }

    pub fn namespace(&self) -> &str {
        self.root.str_at(&["metadata", "namespace"]).unwrap_or("")
    }

    /// The id Kustomize keeps objects apart by: group, version, kind, namespace, name.
    pub fn id(&self) -> String {
        let (g, v) = self.group_version();
        let ns = match self.namespace() {
            "default" => "",
            ns => ns,
        };
        format!("{}.{}.{}/{}.{}", self.kind(), v, g, self.name(), ns)
    }

    /// Every (name, namespace) the object has had, oldest first, ending with the current one.
    pub fn all_ids(&self) -> impl Iterator<Item = (&str, &str)> {
        self.previous
            .iter()
            .map(|(n, ns)| (n.as_str(), ns.as_str()))
            .chain(std::iter::once((self.name(), self.namespace())))
    }

    pub(crate) fn remember_id(&mut self) {
        let id = (self.name().to_owned(), self.namespace().to_owned());
        if self.previous.last() != Some(&id) {
            self.previous.push(id);
        }
    }
}

/// The result of building one root.
#[derive(Debug, Default)]
pub struct Build {
    /// The root's kustomization file.
    pub kustomization: PathBuf,
    /// Every file read, indexed by [`FileId`].
    pub files: Vec<SourceFile>,
    pub objects: Vec<Object>,
    pub findings: Vec<Finding>,
    /// Every kustomization, resource and patch file the build read.
    pub consumed: Vec<PathBuf>,
    /// The kustomization folders the build entered, the root first.
    pub kustomizations: Vec<PathBuf>,
}

impl Build {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The objects as JSON, in build order.
    pub fn to_json(&self) -> Vec<serde_json::Value> {
        self.objects.iter().map(|o| o.root.to_json()).collect()
    }
}

/// The kustomization file of `dir`, if it is a kustomization folder.
pub fn kustomization_file(dir: &Path) -> Option<PathBuf> {
    KUSTOMIZATION_FILE_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// Builds the kustomization in `dir`.
pub fn build(dir: &Path) -> Build {
    build::Builder::default().build_root(dir)
}

/// The kustomization roots among `paths` (files and folders, walked): the kustomization folders
/// that no other kustomization found references as a resource or component. A folder named in
/// `paths` that is a kustomization is always a root. `-` is never a kustomization.
pub fn find_roots(paths: &[PathBuf]) -> Vec<Root> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut named: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            continue;
        }
        if kustomization_file(path).is_some() {
            named.push(path.clone());
        }
        for entry in ignore::WalkBuilder::new(path).build().flatten() {
            let p = entry.path();
            if p.is_dir() && kustomization_file(p).is_some() {
                found.push(p.to_path_buf());
            }
        }
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut referenced: Vec<PathBuf> = Vec::new();
    for dir in &found {
        referenced.extend(build::referenced_dirs(dir).iter().map(|d| canonical(d)));
    }
    let mut roots: Vec<Root> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for dir in found {
        let c = canonical(&dir);
        let is_named = named.iter().any(|n| canonical(n) == c);
        if seen.contains(&c) || (!is_named && referenced.contains(&c)) {
            continue;
        }
        if let Some(kustomization) = kustomization_file(&dir) {
            seen.push(c);
            roots.push(Root { dir, kustomization });
        }
    }
    roots
}

#[cfg(test)]
mod tests;
