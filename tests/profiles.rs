//! The build profiles in Cargo.toml: `release` (what `cargo install` and the pre-commit hook
//! build) puts a few heavy crates at opt-level 1 to build faster; `release-lto` (benchmarks and
//! release binaries) must put every one of them back at 3, or the fastest binary quietly is not.
//!
//! See: issue 19, point 10.

use std::collections::BTreeMap;
use std::path::Path;

/// `[profile.P.package.NAME]` tables and their `opt-level`, by profile.
fn package_opt_levels(manifest: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in manifest.lines().map(str::trim) {
        if let Some(table) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = table
                .strip_prefix("profile.")
                .and_then(|t| t.split_once(".package."))
                .map(|(profile, package)| {
                    (profile.to_string(), package.trim_matches('"').to_string())
                });
            continue;
        }
        if let (Some((profile, package)), Some(value)) =
            (&current, line.strip_prefix("opt-level = "))
        {
            out.entry(profile.clone())
                .or_default()
                .insert(package.clone(), value.to_string());
        }
    }
    out
}

#[test]
fn release_lto_puts_back_at_opt_level_3_every_crate_release_lowers() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let levels = package_opt_levels(&manifest);
    let lowered = levels.get("release").cloned().unwrap_or_default();
    assert!(!lowered.is_empty(), "release lowers no crate's opt-level");
    let restored = levels.get("release-lto").cloned().unwrap_or_default();
    for package in lowered.keys() {
        assert_eq!(
            restored.get(package).map(String::as_str),
            Some("3"),
            "[profile.release-lto.package.{package}] must set opt-level = 3"
        );
    }
}

#[test]
fn the_parser_sees_per_crate_tables() {
    let levels = package_opt_levels(
        "[profile.release.package.a]\nopt-level = 1\n[profile.release-lto.package.\"*\"]\nopt-level = 3\n[profile.dev]\nopt-level = 2\n",
    );
    assert_eq!(levels["release"]["a"], "1");
    assert_eq!(levels["release-lto"]["*"], "3");
    assert!(!levels.contains_key("dev"));
}
