//! Every fix, shown by its bytes: `fixtures/fix/<rule-id>/before.yaml` fixed by `svcctl fix -`
//! must be `after.yaml` byte for byte, and fixing `after.yaml` must change nothing (idempotence).
//! A rule's unsafe fix must not apply without `--unsafe-fixes`. Every rule that declares a fix
//! has a folder, and every folder is a rule with a fix. A first line `# svcctl-args: …` adds
//! flags (`--kube-version 1.33`).
//! `SVCCTL_BLESS=1 cargo test --test fix_fixtures` writes the `after.yaml` files: review them.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin;
use svcctl::lint::{Applicability, RULES};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fix")
}

/// `svcctl fix -` over `text`: (stdout, stderr, exit code).
fn fix(text: &str, unsafe_fixes: bool) -> (String, String, i32) {
    let mut args = vec!["fix", "--no-config", "--color", "never"];
    let extra: Vec<&str> = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# svcctl-args:"))
        .map(|a| a.split_whitespace().collect())
        .unwrap_or_default();
    args.extend(extra);
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    args.push("-");
    let out = assert_cmd::Command::new(cargo_bin("svcctl"))
        .args(&args)
        .write_stdin(text)
        .output()
        .expect("svcctl runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn every_fix_turns_before_into_after_and_then_changes_nothing() {
    let bless = std::env::var_os("SVCCTL_BLESS").is_some();
    let mut failures = Vec::new();
    for rule in RULES {
        let m = rule.meta();
        let Some(applicability) = m.fix else { continue };
        let dir = fixtures().join(m.id);
        let Ok(before) = std::fs::read_to_string(dir.join("before.yaml")) else {
            failures.push(format!("{}: no fixtures/fix/{}/before.yaml", m.id, m.id));
            continue;
        };
        let unsafe_fixes = applicability == Applicability::Unsafe;
        let (fixed, stderr, code) = fix(&before, unsafe_fixes);
        if code == 2 {
            failures.push(format!("{}: exit 2: {stderr}", m.id));
            continue;
        }
        if !stderr.contains(&format!("× {} {}", m.code, m.id)) {
            failures.push(format!("{}: the rule fixed nothing:\n{stderr}", m.id));
        }
        let after_path = dir.join("after.yaml");
        if bless {
            std::fs::write(&after_path, &fixed).expect("write after.yaml");
        }
        let after = std::fs::read_to_string(&after_path).unwrap_or_default();
        if fixed != after {
            failures.push(format!(
                "{}: fixing before.yaml gave\n{fixed}\ninstead of after.yaml\n{after}",
                m.id
            ));
        }
        let (again, stderr, _) = fix(&after, unsafe_fixes);
        if again != after || !stderr.contains("nothing to fix") {
            failures.push(format!("{}: fixing after.yaml changed it:\n{again}", m.id));
        }
        if unsafe_fixes {
            let (safe_only, _, _) = fix(&before, false);
            if safe_only != before {
                failures.push(format!(
                    "{}: an unsafe fix applied without --unsafe-fixes",
                    m.id
                ));
            }
        }
    }
    for entry in std::fs::read_dir(fixtures()).expect("fixtures/fix") {
        let name = entry.expect("an entry").file_name();
        let name = name.to_string_lossy();
        if !RULES
            .iter()
            .any(|r| r.meta().id == name && r.meta().fix.is_some())
        {
            failures.push(format!("fixtures/fix/{name}: not a rule with a fix"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
