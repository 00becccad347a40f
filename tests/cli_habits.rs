//! kubectl habits and help that fits a screen: `-f/--filename` wherever files are taken, an
//! output format that `-f` cannot be mistaken for, `-o <format>` refused instead of written to a
//! file of that name, and `--help` short with the rule ids left to `svcctl rules` and completion.
//!
//! See: issue 19, points 7 and 8. (`apply`/`diff` with `-f` and a bare `--dry-run` are in
//! tests/cluster.rs, beside the fake API server.)

use assert_cmd::cargo::cargo_bin;
use predicates::prelude::*;
use serde_json::Value;

fn svcctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(cargo_bin("svcctl"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    cmd
}

const BAD: &str = "fixtures/cli/nodeport-mistakes.yaml";
const CLEAN: &str = "fixtures/cli/clean.yaml";

fn json_files(args: &[&str]) -> Vec<String> {
    let out = svcctl().args(args).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    let mut files: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    files
}

#[test]
fn lint_takes_files_with_dash_f_as_kubectl_does() {
    svcctl()
        .args(["lint", "--no-config", "-f", BAD])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("nodeport-mistakes.yaml"));
    svcctl()
        .args(["lint", "--no-config", "--filename", CLEAN])
        .assert()
        .code(0);
    svcctl()
        .args(["lint", "--no-config", "--filename=fixtures/cli/clean.yaml"])
        .assert()
        .code(0);
    // Repeatable, mixed with positional paths, folders and stdin.
    svcctl()
        .args(["lint", "--no-config", "-f", CLEAN, BAD, "-f", "-"])
        .write_stdin(std::fs::read_to_string(BAD).unwrap())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("in 3 files"));
    svcctl()
        .args(["lint", "--no-config", "-f", "fixtures/cli/repo"])
        .assert()
        .stderr(predicate::str::contains("in 0 files").not());
}

#[test]
fn dash_f_alone_lints_those_files_not_the_current_folder() {
    // `-f FILE` replaces the default `.`; it does not add to it.
    let files = json_files(&["lint", "--no-config", "--format", "json", "-f", BAD]);
    assert_eq!(files, [BAD]);
}

#[test]
fn the_output_format_is_spelled_format_or_output_format() {
    for flag in ["--format", "--output-format"] {
        let files = json_files(&["lint", "--no-config", flag, "json", BAD]);
        assert_eq!(files, [BAD], "{flag}");
    }
    svcctl()
        .args(["explain", "--output-format", "json", "spec.type"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("{"));
    svcctl()
        .args(["rules", "--output-format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("["));
    // The old short spelling of `rules --format` still works: rules take no files to clash with.
    svcctl()
        .args(["rules", "-f", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("["));
}

#[test]
fn dash_o_with_a_format_name_is_refused_instead_of_writing_a_file_of_that_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BAD);
    let mut cmd = assert_cmd::Command::new(cargo_bin("svcctl"));
    cmd.current_dir(dir.path())
        .args(["lint", "--no-config", "-o", "json"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format json"))
        .stderr(predicate::str::contains("./json"));
    assert!(!dir.path().join("json").exists());

    let mut new = assert_cmd::Command::new(cargo_bin("svcctl"));
    new.current_dir(dir.path())
        .args(["new", "clusterip", "web", "--port", "80", "-o", "yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format yaml"));
    assert!(!dir.path().join("yaml").exists());

    // A path that merely contains a format name is a file, as before.
    let mut ok = assert_cmd::Command::new(cargo_bin("svcctl"));
    ok.current_dir(dir.path())
        .args(["lint", "--no-config", "--format", "json", "-o", "./json"])
        .arg(&bad)
        .assert()
        .code(1);
    assert!(dir.path().join("json").exists());
}

#[test]
fn explain_takes_files_with_dash_f() {
    let positional = svcctl()
        .args(["explain", "--no-config", BAD])
        .output()
        .unwrap();
    let dash_f = svcctl()
        .args(["explain", "--no-config", "-f", BAD])
        .output()
        .unwrap();
    assert!(!positional.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&dash_f.stdout),
        String::from_utf8_lossy(&positional.stdout)
    );
    assert_eq!(dash_f.status.code(), positional.status.code());
    // `-f` means a file even when the name looks like a topic.
    svcctl()
        .args(["explain", "--no-config", "-f", "nodeport"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nodeport"))
        .stderr(predicate::str::contains("no such file"));
}

#[test]
fn help_is_short_and_points_to_svcctl_rules_for_rule_ids() {
    for sub in ["lint", "explain", "apply", "diff"] {
        let out = svcctl().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub} --help");
        let help = String::from_utf8(out.stdout).unwrap();
        // apply has the cluster flags besides lint's; before hiding the rule ids they were 260-285.
        // lint's `--kustomize` (issue 22) added its three lines, its Helm flags (issue 23) thirteen with their heading,
        // `--fix` and `--unsafe-fixes` (issue 25) six.
        let limit = match sub {
            "apply" => 95,
            "lint" => 103,
            _ => 80,
        };
        let lines = help.lines().count();
        assert!(
            lines <= limit,
            "`svcctl {sub} --help` is {lines} lines:\n{help}"
        );
        assert!(
            !help.contains("selector-matches-nothing") && !help.contains("SVC050"),
            "`svcctl {sub} --help` lists rule ids:\n{help}"
        );
        assert!(
            help.contains("svcctl rules"),
            "`svcctl {sub} --help` does not point to `svcctl rules`"
        );
        assert!(help.contains("-f, --filename"), "{sub}: -f/--filename");
    }
}

#[test]
fn completions_still_offer_rule_ids_and_the_filename_flag() {
    for shell in ["bash", "zsh", "fish"] {
        let out = svcctl().args(["completions", shell]).output().unwrap();
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("node-port-range"), "{shell}: rule ids");
        assert!(
            script.contains("selector-matches-nothing"),
            "{shell}: rule ids"
        );
        assert!(script.contains("filename"), "{shell}: --filename");
    }
}
