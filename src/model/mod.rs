//! The manifest model: source files, the spanned YAML tree, field paths, objects, the Service
//! schema and strict decoding.

pub mod decode;
#[doc(hidden)]
pub mod fast;
pub mod object;
pub mod path;
pub mod schema;
pub mod service_view;
pub mod source;
pub mod workload;
pub mod yaml;

/// What the model's tests share: trees from text, and every Service of a folder of manifests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;

    use super::yaml::{Limits, Node, parse_stream};

    /// The root of the first document of `text`.
    pub fn root(text: &str) -> Node {
        parse_stream(text, Limits::default())
            .documents
            .into_iter()
            .find_map(|d| d.root)
            .expect("a document")
    }

    /// Calls `each` with the file and the tree of every Service under `dir` (recursively).
    pub fn each_service(dir: &Path, mut each: impl FnMut(&Path, &Node)) {
        let mut stack = vec![dir.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("a readable folder") {
                let path = entry.expect("a folder entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let stream = parse_stream(&text, Limits::default());
                for node in stream.documents.iter().filter_map(|d| d.root.as_ref()) {
                    if node.get("kind").and_then(Node::as_str) == Some("Service") {
                        each(&path, node);
                    }
                }
            }
        }
    }
}
