//! The fast offline half of the differential fuzzer (`tests/live/fuzz.rs`): every Service on
//! which lint once disagreed with a real kube-apiserver v1.36.2 is kept, with the server's
//! verdict, in `fixtures/apiserver/verdicts.jsonl`, and lint must agree with each, word for word
//! on the server's messages. The live suite checks that the recordings are still the server's.
//!
//! See: issue 21 (every disagreement found becomes a regression fixture).

// Shared with the live suite, which also records verdicts: not every item is used here.
#[allow(dead_code)]
#[path = "support/verdict.rs"]
mod verdict;

use verdict::{disagreement, lint_errors, recorded, server_options};

#[test]
fn lint_agrees_with_every_recorded_api_server_verdict() {
    let options = server_options();
    let all = recorded();
    assert!(all.len() >= 8, "the recordings are there");
    let mut problems = Vec::new();
    for r in &all {
        let Some(server) = &r.server else {
            problems.push(format!(
                "{}: no verdict recorded (run the live suite with SVCCTL_RECORD_VERDICTS=1)",
                r.name
            ));
            continue;
        };
        if let Some(d) = disagreement(&lint_errors(&r.text, &options), server, r.messages) {
            problems.push(format!("{} ({}): {d}", r.name, r.why));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
