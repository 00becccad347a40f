//! Diagnostics: resolved findings with their file, span, severity and object, ready for any
//! renderer, plus the run's summary.

use std::sync::Arc;

use super::{RuleMeta, Severity};
use crate::k8s::settings::KubeVersion;
use crate::model::object::ObjectRef;
use crate::model::source::{Position, SourceFile, Span};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectInfo {
    pub api_version: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub document: usize,
    /// Index of the object in its file with `List` items expanded (not part of the JSON contract).
    pub ordinal: usize,
}

impl ObjectInfo {
    /// See [`super::index::FileFacts::renumber`].
    pub fn renumber(&mut self, documents: usize, ordinals: usize) {
        self.document += documents;
        self.ordinal += ordinals;
    }
}

impl From<&ObjectRef> for ObjectInfo {
    fn from(o: &ObjectRef) -> Self {
        ObjectInfo {
            api_version: o.api_version.to_string(),
            kind: o.kind.to_string(),
            namespace: o.namespace.as_deref().map(str::to_string),
            name: o.name.as_deref().map(str::to_string),
            document: o.document,
            ordinal: o.ordinal,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Related {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub severity: Severity,
    pub rule: &'static RuleMeta,
    /// The API field path (`spec.ports[0].nodePort`), when the finding is about a field.
    pub field: Option<String>,
    pub object: Option<ObjectInfo>,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// The root kustomization file, for a finding on an object of a Kustomize build.
    pub kustomization: Option<Arc<str>>,
    /// For a finding on a Helm-rendered document: the template and the position in the stream.
    pub helm: Option<Arc<HelmOrigin>>,
    /// The rule's proposed correction, as edits on `file`'s bytes.
    pub fix: Option<super::Fix>,
}

/// Where a finding on a Helm-rendered document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelmOrigin {
    /// The template as the stream's `# Source:` line names it (`web/templates/service.yaml`).
    pub template: String,
    /// The rendered stream (`-` for stdin) and the finding's position in it.
    pub rendered_file: String,
    pub rendered: Position,
}

impl Diagnostic {
    pub fn start(&self) -> Position {
        self.file.position(self.span.start)
    }

    pub fn end(&self) -> Position {
        self.file.position(self.span.end)
    }

    /// Deterministic order: file, line, column, then rule code and message.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.file.name,
            self.span.start,
            self.span.end,
            self.rule.code,
            &self.message,
        )
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub objects: usize,
    pub services: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Findings silenced by an annotation or comment (`--show-suppressed`).
    pub suppressed: Vec<Diagnostic>,
    pub summary: Summary,
    /// Files that could not be read at all (missing, permission denied): (path, reason).
    pub unreadable: Vec<(String, String)>,
    /// Every object read, by file name, in input order (for per-object formats such as JUnit).
    pub objects: Vec<(String, ObjectInfo)>,
    /// The Kubernetes version the verdicts were judged for, when it matters to the reader: it was
    /// given explicitly, or a finding depends on it.
    pub kube_version: Option<KubeVersion>,
    /// Set for `svcctl audit`: the findings are on live objects of this cluster, not in files.
    pub cluster: Option<ClusterSource>,
}

/// Where an audit's objects came from.
#[derive(Clone, Debug, Default)]
pub struct ClusterSource {
    /// The kubeconfig context's name.
    pub context: String,
    /// How many namespaces the audited Services are in.
    pub namespaces: usize,
}

impl Report {
    /// Add the reports of separate runs (a kustomization's build, a chart's render) to this
    /// one, with every finding in order and the counts made again.
    pub fn absorb(&mut self, parts: Vec<Report>) {
        for part in parts {
            self.summary.files += part.summary.files;
            self.summary.objects += part.summary.objects;
            self.summary.services += part.summary.services;
            self.diagnostics.extend(part.diagnostics);
            self.suppressed.extend(part.suppressed);
            self.objects.extend(part.objects);
            if self.kube_version.is_none() {
                self.kube_version = part.kube_version;
            }
        }
        self.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.suppressed
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.count();
    }

    pub fn count(&mut self) {
        let mut s = Summary {
            files: self.summary.files,
            objects: self.summary.objects,
            services: self.summary.services,
            ..Summary::default()
        };
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        self.summary = s;
    }
}
