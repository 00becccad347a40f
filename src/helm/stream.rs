//! A rendered stream (`helm template` output): documents each headed by a
//! `# Source: CHART/templates/FILE` comment, and the way back from a position in it to the
//! template line that wrote it.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::locate::{LineKind, PathLine, path_at, read_paths, writer_of};
use crate::model::source::{SourceFile, Span};

const SOURCE: &str = "# Source: ";

/// Whether `text` is Helm output: a document opens with a `# Source:` comment.
pub fn looks_rendered(text: &str) -> bool {
    text.starts_with(SOURCE)
        || text.contains("---\n# Source: ")
        || text.contains("---\r\n# Source: ")
}

/// One document of the stream: its byte range, the template named by its `# Source:` line and
/// which document of that template it is (a template may hold several).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub start: usize,
    pub end: usize,
    pub source: Option<String>,
    pub nth: usize,
}

/// The documents of `text`, split at `---` lines.
pub fn documents(text: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut start = 0usize;
    let mut source: Option<String> = None;
    let mut content = false;
    let mut offset = 0usize;
    let mut close = |docs: &mut Vec<Document>, start, end, source: Option<String>| {
        let nth = source.as_ref().map_or(0, |s| {
            let n = seen.entry(s.clone()).or_insert(0);
            *n += 1;
            *n - 1
        });
        docs.push(Document {
            start,
            end,
            source,
            nth,
        });
    };
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let line_start = offset;
        offset += raw.len();
        if line.trim_end() == "---" || line.starts_with("--- ") {
            if content || source.is_some() {
                close(&mut docs, start, line_start, source.take());
            }
            start = offset;
            content = false;
            continue;
        }
        if !content && let Some(name) = line.strip_prefix(SOURCE) {
            source = Some(name.trim().to_string());
            continue;
        }
        if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            content = true;
        }
    }
    if content || source.is_some() {
        close(&mut docs, start, text.len(), source);
    }
    docs
}

/// A template file found on disk, read into its documents' path lines.
struct Template {
    file: Arc<SourceFile>,
    /// Per document (split at `---` lines, empty ones dropped as Helm drops them).
    documents: Vec<Vec<PathLine>>,
    /// Each document's `kind:` when written literally: Helm sorts a template's documents by
    /// kind, so the n-th rendered one need not be the n-th written.
    kinds: Vec<Option<String>>,
}

/// Where the charts named by `# Source:` lines are looked for, with each template read once.
pub struct Templates {
    roots: Vec<PathBuf>,
    read: HashMap<String, Option<Template>>,
}

/// `web/templates/a.yaml` without its chart's name: `templates/a.yaml`, the path from inside
/// the chart.
fn in_chart(source: &str) -> Option<PathBuf> {
    let mut parts = Path::new(source).components();
    parts.next()?;
    let rest: PathBuf = parts.collect();
    (!rest.as_os_str().is_empty()).then_some(rest)
}

fn is_plain_relative(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

impl Templates {
    /// `roots`: the folders a chart's folder (named as in `# Source:`) or its contents may be
    /// in; an empty path is the current folder.
    pub fn new(roots: Vec<PathBuf>) -> Templates {
        Templates {
            roots,
            read: HashMap::new(),
        }
    }

    fn find(&mut self, source: &str) -> Option<&Template> {
        if !self.read.contains_key(source) {
            let found = self.locate(source);
            self.read.insert(source.to_string(), found);
        }
        self.read.get(source).and_then(Option::as_ref)
    }

    fn locate(&self, source: &str) -> Option<Template> {
        let named = Path::new(source);
        // A `# Source:` naming `../x` or `/etc/x` is not read: the stream is input, not a path
        // to trust.
        if !is_plain_relative(named) {
            return None;
        }
        let inner = in_chart(source);
        for root in &self.roots {
            for candidate in [Some(root.join(named)), inner.as_ref().map(|i| root.join(i))]
                .into_iter()
                .flatten()
            {
                if let Ok(text) = std::fs::read_to_string(&candidate) {
                    let file = Arc::new(SourceFile::new(candidate.display().to_string(), text));
                    let documents = template_documents(&file.text);
                    let kinds = documents
                        .iter()
                        .map(|lines| literal_kind(&file.text, lines))
                        .collect();
                    return Some(Template {
                        file,
                        documents,
                        kinds,
                    });
                }
            }
        }
        None
    }
}

fn template_documents(text: &str) -> Vec<Vec<PathLine>> {
    let mut documents = Vec::new();
    let mut start = 0usize;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" {
            documents.push(read_paths(text.get(start..offset).unwrap_or(""), start));
            start = offset + raw.len();
        }
        offset += raw.len();
    }
    documents.push(read_paths(text.get(start..).unwrap_or(""), start));
    documents.retain(|d: &Vec<PathLine>| !d.is_empty());
    documents
}

/// The value of a document's top-level `kind:` when it is written literally.
fn literal_kind(text: &str, lines: &[PathLine]) -> Option<String> {
    let line = lines.iter().find(|l| {
        l.kind == LineKind::Writes
            && matches!(l.path.as_slice(), [(super::locate::Step::Key(k), _)] if k == "kind")
    })?;
    let written = text.get(line.written.0..line.written.1)?;
    let value = written.split_once(':')?.1;
    let value = value
        .split(" #")
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\'']);
    (!value.is_empty() && !value.contains("{{")).then(|| value.to_string())
}

/// Where a position of the stream was written.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The template as the stream names it (`web/templates/service.yaml`).
    pub template: String,
    /// The template file and the span of the line that writes the value, when the template
    /// was found on disk.
    pub written: Option<(Arc<SourceFile>, Span)>,
}

/// A rendered stream, read once, to place many positions.
pub struct Stream {
    documents: Vec<Document>,
    paths: Vec<Option<Vec<PathLine>>>,
}

impl Stream {
    pub fn new(text: &str) -> Stream {
        let documents = documents(text);
        let paths = vec![None; documents.len()];
        Stream { documents, paths }
    }

    /// The origin of the node at `offset` of `text` (the stream this was built from).
    pub fn origin(
        &mut self,
        text: &str,
        offset: usize,
        templates: &mut Templates,
    ) -> Option<Origin> {
        let at = self
            .documents
            .partition_point(|d| d.start <= offset)
            .checked_sub(1)?;
        let doc = self.documents.get(at)?;
        let source = doc.source.clone()?;
        let nth = doc.nth;
        let (doc_start, doc_end) = (doc.start, doc.end);
        let Some(template) = templates.find(&source) else {
            return Some(Origin {
                template: source,
                written: None,
            });
        };
        let lines = match self.paths.get_mut(at) {
            Some(Some(lines)) => &*lines,
            Some(slot) => slot.insert(read_paths(
                text.get(doc_start..doc_end).unwrap_or(""),
                doc_start,
            )),
            None => return None,
        };
        let line_start = text
            .get(..offset)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let path = path_at(lines, offset, line_start);
        let kind = literal_kind(text, lines);
        let same_kind: Vec<usize> = (0..template.kinds.len())
            .filter(|&i| kind.is_some() && template.kinds.get(i) == Some(&kind))
            .collect();
        // The document of that kind when only one is; else the n-th (of that kind when several).
        let index = match same_kind.as_slice() {
            [only] => *only,
            [] => nth,
            several => several.get(nth).or(several.last()).copied().unwrap_or(nth),
        };
        let in_template = template
            .documents
            .get(index)
            .or_else(|| template.documents.last());
        // On the value when the finding is on a value the template writes on the same line.
        let on_value = lines
            .get(lines.partition_point(|l| l.start <= offset).wrapping_sub(1))
            .and_then(|l| l.value)
            .is_some_and(|v| offset >= v);
        let span = in_template
            .and_then(|lines| {
                let (i, exact) = writer_of(lines, &path)?;
                lines.get(i).map(|l| match l.value {
                    Some(v) if exact && on_value => Span::new(v, l.written.1),
                    _ => Span::new(l.written.0, l.written.1),
                })
            })
            .unwrap_or_else(|| first_line(&template.file.text));
        Some(Origin {
            template: source,
            written: Some((template.file.clone(), span)),
        })
    }
}

/// The template's first line, for a value no line of it writes.
fn first_line(text: &str) -> Span {
    Span::new(0, text.find('\n').unwrap_or(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_attributed_to_their_source_and_counted_per_template() {
        let text = "---\n# Source: web/templates/a.yaml\nkind: A\n---\n# Source: web/templates/b.yaml\nkind: B\n---\n# Source: web/templates/b.yaml\nkind: C\n";
        let docs = documents(text);
        let named: Vec<(Option<&str>, usize)> =
            docs.iter().map(|d| (d.source.as_deref(), d.nth)).collect();
        assert_eq!(
            named,
            [
                (Some("web/templates/a.yaml"), 0),
                (Some("web/templates/b.yaml"), 0),
                (Some("web/templates/b.yaml"), 1)
            ]
        );
        assert!(looks_rendered(text));
        assert!(!looks_rendered(
            "kind: A\n# Source: not at a document's start\n"
        ));
    }

    #[test]
    fn a_source_outside_the_roots_is_never_read() {
        let mut templates = Templates::new(vec![PathBuf::new()]);
        assert!(templates.find("../../etc/passwd").is_none());
        assert!(templates.find("/etc/passwd").is_none());
    }
}
