//! Differential: the fast YAML path must build exactly the tree granit-parser builds, whatever the
//! input. Seed it with real manifests (`fuzz/corpus/fast_parser`), whose small edits reach the
//! edges of the fast path's subset.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcctl::model::yaml::{Limits, parse_stream, parse_stream_granit};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = Limits::default();
    assert_eq!(parse_stream(text, limits), parse_stream_granit(text, limits));
});
