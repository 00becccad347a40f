//! The fast YAML path must build exactly the tree granit-parser builds: same documents, spans,
//! scalar styles, duplicate keys and errors. Checked over every fixture and, when it is beside the
//! repository, the real-world corpus; and it must actually read most of the corpus, or it is dead
//! weight.

#[path = "common/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use svcctl::model::fast::documents_read_fast;
use svcctl::model::yaml::{Limits, parse_stream, parse_stream_granit};

fn yaml_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

/// (files compared, documents, documents the fast path read)
fn compare(root: &Path) -> (usize, usize, usize) {
    let mut files = Vec::new();
    yaml_files(root, &mut files);
    files.sort();
    let (mut documents, mut fast) = (0, 0);
    let mut mismatches = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let limits = Limits::default();
        let expected = parse_stream_granit(&text, limits);
        let actual = parse_stream(&text, limits);
        if actual != expected {
            mismatches.push(path.display().to_string());
        }
        documents += expected.documents.len();
        fast += documents_read_fast(&text, limits).0;
    }
    assert!(
        mismatches.is_empty(),
        "the fast path disagrees with granit-parser on {} file(s): {:#?}",
        mismatches.len(),
        mismatches
    );
    (files.len(), documents, fast)
}

#[test]
fn fast_path_agrees_with_granit_on_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let (files, _, _) = compare(&root);
    assert!(files > 100);
}

#[test]
fn fast_path_agrees_with_granit_on_the_real_world_corpus() {
    let Some(root) = corpus::real_world() else {
        return;
    };
    let (files, documents, fast) = compare(&root);
    eprintln!("{files} files, {documents} documents, {fast} read by the fast path");
    assert!(files > 1000);
    assert!(
        fast * 10 >= documents * 8,
        "the fast path read only {fast} of {documents} documents"
    );
}
