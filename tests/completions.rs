//! The completion scripts and the man page in the repository are exactly what the binary
//! generates (run with `SVCCTL_BLESS=1` to regenerate them), and each script parses in its shell
//! where that shell is installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;

const SCRIPTS: &[(&str, &str, Option<&str>)] = &[
    ("bash", "svcctl.bash", Some("bash")),
    ("zsh", "_svcctl", Some("zsh")),
    ("fish", "svcctl.fish", Some("fish")),
    ("powershell", "_svcctl.ps1", None),
    ("elvish", "svcctl.elv", None),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generate(args: &[&str]) -> String {
    let out = Command::new(cargo_bin("svcctl"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn check_or_bless(path: &Path, generated: &str) {
    if std::env::var_os("SVCCTL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date; run `SVCCTL_BLESS=1 cargo test --test completions`",
        path.display()
    );
}

#[test]
fn completion_scripts_are_in_sync() {
    for (shell, file, _) in SCRIPTS {
        check_or_bless(
            &root().join("completions").join(file),
            &generate(&["completions", shell]),
        );
    }
}

#[test]
fn man_page_is_in_sync() {
    let man = generate(&["man"]);
    for sub in [
        "lint",
        "new",
        "explain",
        "apply",
        "diff",
        "rules",
        "completions",
    ] {
        assert!(
            man.contains(&format!("svcctl\\-{sub}")),
            "man page lacks {sub}"
        );
    }
    check_or_bless(&root().join("man/svcctl.1"), &man);
}

#[test]
fn completions_offer_types_and_rule_ids() {
    let bash = generate(&["completions", "bash"]);
    assert!(
        bash.contains("node-port-range"),
        "rule ids after --select/--ignore"
    );
    assert!(
        bash.contains("nodeport"),
        "Service types after `svcctl new`"
    );
}

#[test]
fn scripts_parse_in_their_shells() {
    for (_, file, shell) in SCRIPTS {
        let Some(shell) = shell else { continue };
        if Command::new(shell)
            .arg("-c")
            .arg("exit 0")
            .output()
            .is_err()
        {
            eprintln!("{shell} is not installed; skipping its syntax check");
            continue;
        }
        let status = Command::new(shell)
            .arg("-n")
            .arg(root().join("completions").join(file))
            .status()
            .unwrap();
        assert!(status.success(), "{file} is not valid {shell}");
    }
}
