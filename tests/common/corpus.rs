//! Where the tests find the real-world corpus (1,028 manifests and the API server's verdicts on
//! them), which lives beside the repository in `../shared/corpus/real-world` and does not come
//! with a clone. Without it the tests that need it pass with one line on the terminal saying they
//! were skipped; CI sets `SVCCTL_REQUIRE_CORPUS=1` (in `.ci/run`), under which its absence fails.

// Each test binary uses a part of this file.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// The variable under which a missing corpus fails the tests instead of skipping them.
pub const REQUIRE: &str = "SVCCTL_REQUIRE_CORPUS";

/// The corpus folder if it is there; `None` if it is not and not required; an explanation if it
/// is required but missing.
pub fn corpus_at(dir: &Path, required: bool) -> Result<Option<PathBuf>, String> {
    if dir.join("ORACLE.jsonl").is_file() {
        return Ok(Some(dir.to_path_buf()));
    }
    let missing = format!("the real-world corpus is not at {}", dir.display());
    if required {
        Err(format!("{missing}, and {REQUIRE} is set"))
    } else {
        Ok(None)
    }
}

/// The one line a test binary prints when it skips the corpus tests.
pub fn skip_line(dir: &Path) -> String {
    format!(
        "skipped: the real-world corpus is not at {} (the tests that read it pass without it; {REQUIRE}=1 makes that a failure)",
        dir.display()
    )
}

/// The corpus for a test that needs it, or `None` to return early. Panics only when required.
pub fn real_world() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-world");
    let required = std::env::var_os(REQUIRE).is_some_and(|v| !v.is_empty() && v != "0");
    match corpus_at(&dir, required) {
        Ok(Some(dir)) => Some(dir),
        Ok(None) => {
            say_skipped(&dir);
            None
        }
        Err(why) => panic!("{why}"),
    }
}

/// Print [`skip_line`] once per test binary, however many of its tests skip.
pub fn say_skipped(dir: &Path) {
    static SAID: Once = Once::new();
    // Straight to stderr, not `eprintln!`: the test harness swallows what a passing test prints
    // through the macros, and this line must be seen.
    SAID.call_once(|| {
        let _ = writeln!(std::io::stderr(), "{}", skip_line(dir));
    });
}
