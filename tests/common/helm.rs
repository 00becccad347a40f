//! The `helm` the tests run: `scripts/helm`, a stand-in that renders charts for real with Helm's
//! Go SDK (PyPI's helm-python-sdk, which the `helm` binary's absence here does not prevent).
//! `SVCCTL_HELM_PYTHON` names the Python that has the SDK (`.ci/run` makes a throwaway venv and
//! sets it). Without it the tests that render charts pass with one line saying they were
//! skipped; `SVCCTL_HELM_REQUIRED=1` (set by `.ci/run`) makes that a failure.

// Each test binary uses a part of this file.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Once;

pub const PYTHON: &str = "SVCCTL_HELM_PYTHON";
pub const REQUIRED: &str = "SVCCTL_HELM_REQUIRED";

/// `scripts/helm`, the folder holding it (to put first on `PATH`).
pub fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts")
}

/// The stand-in when the SDK's Python is configured; `None` (after one line saying so) when it
/// is not and not required; an explanation when it is required but missing.
pub fn stand_in() -> Result<Option<PathBuf>, String> {
    match std::env::var_os(PYTHON) {
        Some(python) if Path::new(&python).is_file() => Ok(Some(scripts().join("helm"))),
        found => {
            let why = match found {
                Some(p) => format!("{PYTHON}={} is not a file", Path::new(&p).display()),
                None => format!("{PYTHON} is not set"),
            };
            if std::env::var(REQUIRED).is_ok_and(|v| v == "1") {
                return Err(format!("{why}, and {REQUIRED}=1"));
            }
            static ONCE: Once = Once::new();
            ONCE.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "skipped: the tests that render charts with Helm ({why}; `.ci/run` sets it to a venv with helm-python-sdk==0.2.2; {REQUIRED}=1 makes this a failure)"
                );
            });
            Ok(None)
        }
    }
}

/// The stand-in for a test that needs it, or `None` to return early. Panics only when required.
pub fn required_stand_in() -> Option<PathBuf> {
    match stand_in() {
        Ok(found) => found,
        Err(e) => panic!("{e}"),
    }
}
