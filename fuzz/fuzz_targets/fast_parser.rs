//! Differential: the fast YAML path must build exactly the tree granit-parser builds, whatever the
//! input; and a stream cut into pieces at its `---` lines (as a big file is, to be parsed on
//! several threads) must read, piece by piece, into exactly the documents of the whole. Seed it
//! with real manifests (`fuzz/corpus/fast_parser`), whose small edits reach the edges of the fast
//! path's subset.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcctl::model::fast::document_starts;
use svcctl::model::yaml::{Limits, parse_piece_chunks, parse_stream, parse_stream_granit};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = Limits::default();
    let whole = parse_stream(text, limits);
    assert_eq!(whole, parse_stream_granit(text, limits));
    for pieces in [2, 7] {
        let mut documents = Vec::new();
        let read = document_starts(text, pieces).into_iter().all(|range| {
            parse_piece_chunks(text, range, limits, 3, |part| {
                documents.extend(part.documents)
            })
        });
        if !read {
            continue;
        }
        for (index, document) in documents.iter_mut().enumerate() {
            document.index = index;
        }
        assert!(whole.errors.is_empty(), "{:?}", whole.errors);
        assert_eq!(documents, whole.documents);
    }
});
