//! `svcctl fix` and `svcctl lint --fix` end to end: the diff, exit codes, stdin, CRLF and
//! comments kept, unsafe fixes only when asked, and files of a kustomization left alone.
//! See: issue 25.

use std::path::Path;

use assert_cmd::cargo::cargo_bin;
use predicates::prelude::*;

fn svcctl(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(cargo_bin("svcctl"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100")
        .args(["--color", "never"]);
    cmd
}

const MISTAKES: &str = "\
# The web front end.
apiVersion: v1
kind: Service
metadata:
  name: web   # keep this comment
spec:
  type: Nodeport
  selector:
    app: web

  ports:
    - name: http
      port: \"80\"
      targetport: 8080   # typo
      protocol: tcp
    - name: HTTP_ADMIN
      port: 9000
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  type: ExternalName
  externalName: DB.Example.com
";

const SAFE_FIXED: &str = "\
# The web front end.
apiVersion: v1
kind: Service
metadata:
  name: web   # keep this comment
spec:
  type: NodePort
  selector:
    app: web

  ports:
    - name: http
      port: 80
      targetPort: 8080   # typo
      protocol: TCP
    - name: HTTP_ADMIN
      port: 9000
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  type: ExternalName
  externalName: db.example.com
";

fn temp_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join(name), text).expect("write");
    dir
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).expect("read")
}

#[test]
fn diff_prints_a_unified_diff_changes_nothing_and_exits_1() {
    let dir = temp_with("web.yaml", MISTAKES);
    let out = svcctl(dir.path())
        .args(["fix", "--no-config", "--diff", "web.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "svcctl: would fix 5 findings in 1 file",
        ))
        .get_output()
        .clone();
    insta::assert_snapshot!("diff_web", String::from_utf8_lossy(&out.stdout));
    assert_eq!(read(&dir, "web.yaml"), MISTAKES);
    // Nothing to change: exit 0, no diff.
    let clean = temp_with("web.yaml", SAFE_FIXED);
    svcctl(clean.path())
        .args([
            "fix",
            "--no-config",
            "--diff",
            "--select",
            "invalid-type",
            "web.yaml",
        ])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("nothing to fix"));
}

#[test]
fn fix_writes_the_safe_fixes_keeps_every_other_byte_and_reports_what_remains() {
    let dir = temp_with("web.yaml", MISTAKES);
    svcctl(dir.path())
        .args(["fix", "--no-config", "web.yaml"])
        .assert()
        // The port name is an unsafe fix: it remains, an error.
        .code(1)
        .stderr(predicate::str::contains(
            "svcctl: fixed 5 findings in 1 file:",
        ))
        .stderr(predicate::str::contains("1 × SVC003 unknown-field"))
        .stdout(predicate::str::contains("SVC014[invalid-port-name]"))
        .stdout(predicate::str::contains("HTTP_ADMIN"));
    assert_eq!(read(&dir, "web.yaml"), SAFE_FIXED);
    // A second run has nothing left to do.
    svcctl(dir.path())
        .args(["fix", "--no-config", "web.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("svcctl: nothing to fix"));
    assert_eq!(read(&dir, "web.yaml"), SAFE_FIXED);
}

#[test]
fn unsafe_fixes_apply_only_when_asked_and_then_nothing_remains() {
    let dir = temp_with("web.yaml", MISTAKES);
    svcctl(dir.path())
        .args(["fix", "--no-config", "--unsafe-fixes", "web.yaml"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("1 × SVC014 invalid-port-name"));
    assert_eq!(
        read(&dir, "web.yaml"),
        SAFE_FIXED.replace("HTTP_ADMIN", "http-admin")
    );
    svcctl(dir.path())
        .args(["lint", "--no-config", "--unsafe-fixes", "web.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--unsafe-fixes applies with --fix",
        ));
}

#[test]
fn lint_fix_is_fix() {
    let dir = temp_with("web.yaml", MISTAKES);
    svcctl(dir.path())
        .args([
            "lint",
            "--fix",
            "--no-config",
            "--format",
            "concise",
            "web.yaml",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "svcctl: fixed 5 findings in 1 file:",
        ))
        .stdout(predicate::str::contains("error[invalid-port-name]"));
    assert_eq!(read(&dir, "web.yaml"), SAFE_FIXED);
}

#[test]
fn stdin_is_fixed_to_stdout_with_the_report_on_stderr() {
    let dir = tempfile::tempdir().expect("a temp dir");
    svcctl(dir.path())
        .args(["fix", "--no-config", "-"])
        .write_stdin(MISTAKES)
        .assert()
        .code(1)
        .stdout(SAFE_FIXED)
        .stderr(predicate::str::contains("SVC014[invalid-port-name]"));
    svcctl(dir.path())
        .args(["fix", "--no-config", "--diff", "-"])
        .write_stdin(MISTAKES)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("--- -\n+++ -\n@@"));
}

#[test]
fn a_crlf_file_stays_crlf() {
    let crlf = MISTAKES.replace('\n', "\r\n");
    let dir = temp_with("web.yaml", &crlf);
    svcctl(dir.path())
        .args(["fix", "--no-config", "web.yaml"])
        .assert()
        .code(1);
    assert_eq!(read(&dir, "web.yaml"), SAFE_FIXED.replace('\n', "\r\n"));
}

#[test]
fn files_a_kustomization_consumes_are_linted_as_built_and_not_edited() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: Nodeport\n  ports:\n    - port: 80\n";
    std::fs::write(dir.path().join("service.yaml"), service).expect("write");
    std::fs::write(
        dir.path().join("kustomization.yaml"),
        "resources:\n  - service.yaml\n",
    )
    .expect("write");
    svcctl(dir.path())
        .args(["fix", "--no-config", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to fix"))
        .stdout(predicate::str::contains("SVC029[invalid-type]"));
    assert_eq!(read(&dir, "service.yaml"), service);
    // Without Kustomize the same file is a plain manifest, and fixed.
    svcctl(dir.path())
        .args(["fix", "--no-config", "--kustomize", "off", "."])
        .assert()
        .code(0);
    assert_eq!(
        read(&dir, "service.yaml"),
        service.replace("Nodeport", "NodePort")
    );
}

#[test]
fn rules_show_which_have_fixes() {
    let dir = tempfile::tempdir().expect("a temp dir");
    svcctl(dir.path())
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::is_match(r"SVC029  invalid-type +api +error +safe ").expect("regex"),
        )
        .stdout(
            predicate::str::is_match(r"SVC020  duplicate-port +api +error +unsafe ")
                .expect("regex"),
        );
    let out = svcctl(dir.path())
        .args(["rules", "--format", "json"])
        .output()
        .expect("runs");
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let fix_of = |id: &str| {
        rules
            .as_array()
            .and_then(|a| a.iter().find(|r| r["id"] == id))
            .map(|r| r["fix"].clone())
    };
    assert_eq!(fix_of("invalid-type"), Some(serde_json::json!("safe")));
    assert_eq!(fix_of("yaml-syntax"), Some(serde_json::Value::Null));
}
