//! Hostile and once-crashing inputs (fixtures/regressions/): each must lint to exit 0 or 1 within
//! seconds, never panic, and report something sensible.

use std::path::Path;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;

#[test]
fn every_regression_input_ends_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regressions");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let out = assert_cmd::Command::new(cargo_bin("svcctl"))
            .args(["lint", "--no-config", "--format", "concise"])
            .arg(&path)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}: exit {:?}\n{stderr}",
            path.display(),
            out.status.code()
        );
        checked += 1;
    }
    assert!(checked >= 6, "the regression inputs are there");
}
