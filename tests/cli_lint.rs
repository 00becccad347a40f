//! `svcctl lint` end to end: exit codes, inputs, formats, colour, config, and the JSON contract.

#[path = "common/corpus.rs"]
mod corpus;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

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

#[test]
fn exit_codes_follow_the_worst_finding() {
    svcctl()
        .args(["lint", "--no-config", CLEAN])
        .assert()
        .code(0);
    svcctl().args(["lint", "--no-config", BAD]).assert().code(1);
    svcctl()
        .args(["lint", "--no-config", "no/such/file.yaml"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "cannot read this input: no such file or directory",
        ));
    svcctl()
        .args(["lint", "--format", "yamlish", CLEAN])
        .assert()
        .code(2);
}

#[test]
fn human_report_labels_the_exact_nodes() {
    let out = svcctl()
        .args(["lint", "--no-config", BAD])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "no colour when not a terminal");
    insta::assert_snapshot!("human_nodeport_mistakes", stdout);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "svcctl: 3 errors, 0 warnings, 0 infos in 1 file (1 object, 1 Service)\n"
    );
}

#[test]
fn json_contract_holds() {
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json", BAD, CLEAN])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 2, "objects": 2, "services": 2, "errors": 3, "warnings": 0, "infos": 0})
    );
    let node_port = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "node-port-range")
        .expect("nodePort 99999 is reported");
    assert_eq!(
        node_port,
        &serde_json::json!({
            "file": BAD, "line": 17, "column": 17, "end_line": 17, "end_column": 22,
            "severity": "error", "category": "api", "rule": "node-port-range", "code": "SVC012",
            "field": "spec.ports[1].nodePort",
            "object": {"apiVersion": "v1", "kind": "Service", "namespace": null, "name": "frontend", "document": 0},
            "message": node_port["message"], "help": node_port["help"],
        })
    );
    assert!(node_port["message"].as_str().unwrap().contains(
        "provided port is not in the valid range. The range of valid ports is 30000-32767"
    ));
    insta::assert_json_snapshot!("json_nodeport_mistakes", v);
}

#[test]
fn stdin_is_read_with_dash() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BAD)).unwrap();
    svcctl()
        .args(["lint", "--no-config", "--format", "concise", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "-:17:17: error[node-port-range] spec.ports[1].nodePort",
        ));
}

#[test]
fn concise_is_one_line_per_finding() {
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "concise", BAD])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("concise_nodeport_mistakes", String::from_utf8(out).unwrap());
}

#[test]
fn github_annotations_carry_real_positions() {
    svcctl()
        .args(["lint", "--no-config", "--format", "github", BAD])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=fixtures/cli/nodeport-mistakes.yaml,line=17,col=17,endLine=17,endColumn=22,title=svcctl SVC012 node-port-range::",
        ));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "sarif", BAD])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let sarif: Value = serde_json::from_slice(&out).unwrap();
    let schema: Value = serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let lines: Vec<u64> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(
        lines,
        [13, 14, 17],
        "real lines, never line 1 for everything"
    );
    assert!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len()
            >= 40
    );
}

#[test]
fn junit_has_a_case_per_object_and_a_failure_per_error() {
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "junit", BAD, CLEAN])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let xml = String::from_utf8(out).unwrap();
    assert!(xml.contains("tests=\"2\" failures=\"1\""), "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 3);
    assert!(xml.contains("name=\"service/backend (document 0)\"/>"));
}

#[test]
fn output_file_gets_the_report_and_stderr_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    svcctl()
        .args(["lint", "--no-config", "--format", "json", "--output"])
        .arg(&report)
        .arg(BAD)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("3 errors"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(v["summary"]["errors"], 3);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let coloured = svcctl()
        .args(["lint", "--no-config", "--color", "always", BAD])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(coloured).unwrap().contains('\u{1b}'));
    let plain = svcctl()
        .args(["lint", "--no-config", "--color", "never", BAD])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(plain).unwrap().contains('\u{1b}'));
    let no_color = svcctl()
        .env("NO_COLOR", "1")
        .args(["lint", "--no-config", BAD])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(no_color).unwrap().contains('\u{1b}'));
}

#[test]
fn non_kubernetes_yaml_is_skipped_without_noise() {
    // As pre-commit calls a hook: many file names, most of them not Kubernetes at all.
    svcctl()
        .args([
            "lint",
            "--no-config",
            "--format",
            "concise",
            "fixtures/cli/repo/values.yaml",
            "fixtures/cli/repo/docker-compose.yml",
            "fixtures/cli/repo/.github/workflows/ci.yml",
            "fixtures/cli/repo/deploy/web.yaml",
        ])
        .assert()
        .code(0)
        .stdout("");
    svcctl()
        .args(["lint", "--no-config", "fixtures/cli/repo"])
        .assert()
        .code(0);
}

#[test]
fn config_file_is_found_upward_and_strict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join(".svcctl.yaml"),
        "node-port-range: 20000-40000\n",
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(BAD),
        dir.path().join("sub/svc.yaml"),
    )
    .unwrap();
    let out = assert_cmd::Command::new(cargo_bin("svcctl"))
        .current_dir(dir.path().join("sub"))
        .args(["lint", "--format", "concise", "svc.yaml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("The range of valid ports is 20000-40000"),
        "{out}"
    );

    std::fs::write(
        dir.path().join(".svcctl.yaml"),
        "kube-version: \"1.36\"\nrulez:\n  x: off\n",
    )
    .unwrap();
    assert_cmd::Command::new(cargo_bin("svcctl"))
        .current_dir(dir.path().join("sub"))
        .args(["lint", "svc.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".svcctl.yaml:2:1: unknown key `rulez`; did you mean `rules`?",
        ));
}

#[test]
fn select_and_ignore_take_ids_codes_and_categories() {
    svcctl()
        .args([
            "lint",
            "--no-config",
            "--format",
            "concise",
            "--select",
            "SVC012",
            BAD,
        ])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("node-port-range")
                .and(predicate::str::contains("unknown-field").not()),
        );
    svcctl()
        .args(["lint", "--no-config", "--ignore", "api", BAD])
        .assert()
        .code(0);
    svcctl()
        .args(["lint", "--no-config", "--select", "no-such-rule", BAD])
        .assert()
        .code(2);
}

#[test]
fn annotations_and_comments_suppress_findings() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    svcctl.dev/ignore: node-port-range\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 99999\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      # svcctl-ignore: SVC012\n      nodePort: 99998\n";
    svcctl()
        .args(["lint", "--no-config", "-"])
        .write_stdin(text)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("2 suppressed").or(predicate::str::is_empty()));
    svcctl()
        .args([
            "lint",
            "--no-config",
            "--format",
            "concise",
            "--show-suppressed",
            "-",
        ])
        .write_stdin(text)
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("suppressed: -:11:17")
                .and(predicate::str::contains("suppressed: -:22:17")),
        );
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  externalIPs: [203.0.113.7]\n  ports:\n    - port: 80\n";
    svcctl()
        .args(["lint", "--no-config", "-"])
        .write_stdin(text)
        .assert()
        .code(0);
    svcctl()
        .args(["lint", "--no-config", "--deny-warnings", "-"])
        .write_stdin(text)
        .assert()
        .code(1);
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let Some(corpus) = corpus::real_world() else {
        return;
    };
    let mut child = Command::new(cargo_bin("svcctl"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["lint", "--no-config", "--format", "json"])
        .arg(corpus)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
}

#[test]
fn hostile_inputs_end_in_seconds_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        s
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("bomb.yaml", bomb.into_bytes()),
        ("deep.yaml", "[".repeat(20_000).into_bytes()),
        (
            "latin1.yaml",
            b"apiVersion: v1\nkind: Service\nmetadata:\n  name: caf\xe9\n".to_vec(),
        ),
        ("nul.yaml", b"apiVersion: v1\n\0kind: Service\n".to_vec()),
        ("empty.yaml", Vec::new()),
        (
            "random.yaml",
            (0..200_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
    ];
    for (name, bytes) in &cases {
        std::fs::File::create(dir.path().join(name))
            .unwrap()
            .write_all(bytes)
            .unwrap();
    }
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "concise"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert!(
        stdout.contains("bomb.yaml:") && stdout.contains("alias"),
        "{stdout}"
    );
    assert!(stdout.contains("deep.yaml:"), "{stdout}");
    assert!(
        stdout.contains("latin1.yaml:4:") && stdout.contains("not UTF-8"),
        "{stdout}"
    );
    assert!(stdout.contains("nul.yaml:"), "{stdout}");
    assert!(!stdout.contains("empty.yaml"), "{stdout}");
}

/// One object with tens of thousands of entries in one list (ports, selector labels, annotations,
/// Ingress paths) against another as large. Each shape once made a rule compare every entry with
/// every other, or repeat a whole list in every message: at 50,000 entries, 10 s to over 60 s and
/// up to 8 GB on a release build. Each must now finish in seconds (the timeout only guards against
/// a hang; scripts/bench.py measures) and still report exactly what is wrong.
#[test]
fn objects_with_huge_lists_are_linted_in_seconds() {
    // Lists whose findings are one per entry stay at 20,000 (a debug build renders them all);
    // the others are longer, for the old quadratic cost to pass the timeout by far.
    const N: usize = 20_000;
    const LONG: usize = 50_000;
    let dir = tempfile::tempdir().unwrap();
    let lines =
        |count: usize, line: &dyn Fn(usize) -> String| (0..count).map(line).collect::<String>();
    let ports = [
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: ports\nspec:\n  type: NodePort\n  selector:\n    app: ports\n  ports:\n".to_string(),
        lines(N, &|i| format!("    - port: {}\n      nodePort: {}\n", i + 1, 100_000 + i)),
        // The only repeated nodePort, with the same protocol: one duplicate-node-port finding.
        format!("    - port: {}\n      nodePort: 100000\n", N + 1),
    ]
    .concat();
    let selector = [
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: selector\nspec:\n  selector:\n".to_string(),
        lines(LONG, &|i| format!("    k{i}: value-{i}\n")),
        "  ports:\n    - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: near\nspec:\n  selector:\n    matchLabels:\n      k0: value-0\n  template:\n    metadata:\n      labels:\n".to_string(),
        // One label differs by a letter: the selector nearly matches this workload.
        lines(LONG, &|i| match i {
            7 => "        k7: valeu-7\n".to_string(),
            _ => format!("        k{i}: value-{i}\n"),
        }),
        "    spec:\n      containers:\n        - name: c\n          image: x\n".to_string(),
    ]
    .concat();
    let meta = [
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: meta\n  labels:\n    Bad Label: x\n"
            .to_string(),
        lines(LONG, &|i| format!("    l{i}: v\n")),
        "  annotations:\n    bad key!: x\n".to_string(),
        lines(LONG, &|i| {
            format!("    example.com/annotation-{i}: value\n")
        }),
        "spec:\n  selector:\n    app: meta\n  ports:\n    - port: 80\n".to_string(),
    ]
    .concat();
    let named = [
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: named\nspec:\n  selector:\n    app: named\n  ports:\n".to_string(),
        lines(N, &|i| format!("    - name: p{i}\n      port: {}\n      targetPort: t{i}\n", i + 1)),
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: named\nspec:\n  selector:\n    matchLabels:\n      app: named\n  template:\n    metadata:\n      labels:\n        app: named\n    spec:\n      containers:\n        - name: c\n          image: x\n          ports:\n".to_string(),
        lines(N, &|i| format!("            - name: c{i}\n              containerPort: {}\n", i + 1)),
    ]
    .concat();
    let ingress = [
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: paths\nspec:\n  rules:\n    - http:\n        paths:\n".to_string(),
        lines(N, &|i| format!("          - path: /p{i}\n            pathType: Prefix\n            backend:\n              service:\n                name: wide\n                port:\n                  name: missing-{i}\n")),
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: wide\nspec:\n  selector:\n    app: wide\n  ports:\n".to_string(),
        lines(3_000, &|i| format!("    - name: q{i}\n      port: {}\n", i + 1)),
    ]
    .concat();
    for (name, text) in [
        ("ports.yaml", &ports),
        ("selector.yaml", &selector),
        ("meta.yaml", &meta),
        ("named.yaml", &named),
        ("ingress.yaml", &ingress),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["diagnostics"].as_array().unwrap();
    let of = |file: &str, rule: &str| {
        findings
            .iter()
            .filter(|f| f["rule"] == rule && f["file"].as_str().is_some_and(|p| p.ends_with(file)))
            .collect::<Vec<_>>()
    };
    let duplicate = of("ports.yaml", "duplicate-node-port");
    assert_eq!(duplicate.len(), 1, "{duplicate:#?}");
    assert!(duplicate[0]["message"].as_str().unwrap().contains("100000"));
    assert_eq!(of("ports.yaml", "node-port-range").len(), N + 1);

    let near = of("selector.yaml", "selector-matches-nothing");
    assert_eq!(near.len(), 1, "{near:#?}");
    assert!(
        near[0]["message"]
            .as_str()
            .unwrap()
            .contains("its Pods have k7=valeu-7, not value-7"),
        "{near:#?}"
    );

    assert_eq!(of("meta.yaml", "invalid-label").len(), 1);
    // The bad key, and the total size of the annotations.
    assert_eq!(of("meta.yaml", "invalid-annotation").len(), 2);

    let unnamed = of("named.yaml", "target-port-name-not-found");
    assert_eq!(unnamed.len(), N);
    let related = unnamed[0]["related"][0]["message"].as_str().unwrap();
    assert!(
        related.ends_with(&format!("and {} more", N - 10)),
        "{related}"
    );

    let paths = of("ingress.yaml", "ingress-backend-mismatch");
    assert_eq!(paths.len(), N);
    let message = paths[0]["message"].as_str().unwrap();
    assert!(
        message.contains("has no port named \"missing-0\"") && message.contains("and 2990 more"),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::fs::write(
        dir.path().join("svc.yaml"),
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap(),
    )
    .unwrap();
    svcctl()
        .args(["lint", "--no-config"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(0);
}

#[test]
fn rules_lists_the_catalogue() {
    let out = svcctl()
        .args(["rules", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let first = &v[0];
    assert_eq!(first["id"], "yaml-syntax");
    assert_eq!(first["code"], "SVC001");
    for key in ["id", "code", "category", "severity", "summary"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    svcctl()
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("node-port-range"));
}

#[test]
fn version_names_the_kubernetes_rules() {
    svcctl()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Kubernetes 1.30 to 1.36"));
}

/// Whether `s` is an RFC 3986 URI reference: only unreserved, reserved and percent-encoded
/// characters, and a scheme (if the first segment has a `:`) that is a valid one.
fn is_uri_reference(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)) {
            return false;
        }
        i += 1;
    }
    let first_segment = s.split(['/', '?', '#']).next().unwrap_or("");
    match first_segment.split_once(':') {
        None => true,
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
    }
}

fn sarif_is_valid(sarif: &Value) {
    let schema: Value = serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn sarif_uris(sarif: &Value) -> Vec<(Option<String>, Option<String>)> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            let uri = location["uri"].as_str().map(str::to_string);
            if let Some(uri) = &uri {
                assert!(is_uri_reference(uri), "not a URI reference: {uri:?}");
            }
            (uri, location["uriBaseId"].as_str().map(str::to_string))
        })
        .collect()
}

// See: issue 19, point 5.
#[test]
fn sarif_locations_are_valid_uris_for_absolute_relative_windows_and_stdin_paths() {
    let dir = tempfile::tempdir().unwrap();
    let bad = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BAD)).unwrap();
    let folder = dir.path().join("my k8s").join("dienste-ü");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("web svc.yaml"), &bad).unwrap();
    // A Unix file whose name is a Windows path: svcctl prints it as given.
    std::fs::write(dir.path().join("C:\\x\\y z.yaml"), &bad).unwrap();
    let run = |args: &[&str], cwd: &Path| -> Value {
        let out = svcctl()
            .current_dir(cwd)
            .args(["lint", "--no-config", "--format", "sarif"])
            .args(args)
            .write_stdin(bad.clone())
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let sarif: Value = serde_json::from_slice(&out).unwrap();
        sarif_is_valid(&sarif);
        sarif
    };
    let absolute = folder.join("web svc.yaml");
    let sarif = run(&[absolute.to_str().unwrap()], dir.path());
    let (uri, base) = sarif_uris(&sarif).remove(0);
    assert_eq!(base, None);
    let uri = uri.unwrap();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(
        uri.ends_with("/my%20k8s/dienste-%C3%BC/web%20svc.yaml"),
        "{uri}"
    );

    let sarif = run(&["./my k8s/dienste-ü/web svc.yaml"], dir.path());
    assert_eq!(
        sarif_uris(&sarif).remove(0),
        (
            Some("my%20k8s/dienste-%C3%BC/web%20svc.yaml".into()),
            Some("%SRCROOT%".into())
        )
    );
    let root = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    assert!(is_uri_reference(root), "{root}");

    let sarif = run(&["C:\\x\\y z.yaml"], dir.path());
    assert_eq!(
        sarif_uris(&sarif).remove(0),
        (Some("file:///C:/x/y%20z.yaml".into()), None)
    );

    let sarif = run(&["-"], dir.path());
    let (uri, _) = sarif_uris(&sarif).remove(0);
    assert_eq!(uri, None);
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["description"]
            ["text"],
        "standard input"
    );
}

// See: issue 19, point 6.
#[test]
fn an_unreadable_input_is_in_every_report_format_and_counted() {
    const MISSING: &str = "no/such/file.yaml";
    let run = |format: &str| {
        let out = svcctl()
            .args(["lint", "--no-config", "--format", format, CLEAN, MISSING])
            .assert()
            .code(2)
            .get_output()
            .clone();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (json, _) = run("json");
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["summary"]["errors"], 1);
    let finding = &json["diagnostics"][0];
    assert_eq!(finding["file"], MISSING);
    assert_eq!(finding["category"], "syntax");
    assert_eq!(finding["severity"], "error");

    let (sarif, _) = run("sarif");
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    sarif_is_valid(&sarif);
    assert_eq!(
        sarif_uris(&sarif),
        [(Some(MISSING.into()), Some("%SRCROOT%".into()))]
    );

    let (junit, _) = run("junit");
    assert!(junit.contains("failures=\"1\""), "{junit}");
    assert!(
        junit.contains(&format!("<testcase classname=\"{MISSING}\" name=\"file\">")),
        "{junit}"
    );

    let (github, _) = run("github");
    assert!(
        github.starts_with(&format!("::error file={MISSING},line=1,col=1,")),
        "{github}"
    );
    let (concise, _) = run("concise");
    assert!(
        concise.starts_with(&format!(
            "{MISSING}:1:1: error[yaml-syntax] cannot read this input"
        )),
        "{concise}"
    );

    // The summary counts it and comes after it.
    let (human, stderr) = run("human");
    assert!(human.contains(&format!("[{MISSING}:1:1]")), "{human}");
    assert_eq!(
        stderr,
        "svcctl: 1 error, 0 warnings, 0 infos in 1 file (1 object, 1 Service)\n"
    );
    let (_, stderr) = run("json");
    assert_eq!(
        stderr,
        format!(
            "error: {MISSING}: no such file or directory\n\
             svcctl: 1 error, 0 warnings, 0 infos in 1 file (1 object, 1 Service)\n"
        )
    );
}

fn deployment(name: &str, namespace: Option<&str>, app: &str) -> String {
    let namespace = namespace
        .map(|ns| format!("  namespace: {ns}\n"))
        .unwrap_or_default();
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n{namespace}spec:\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n      - name: {name}\n        image: nginx\n"
    )
}

fn service(name: &str, namespace: Option<&str>, app: &str) -> String {
    let namespace = namespace
        .map(|ns| format!("  namespace: {ns}\n"))
        .unwrap_or_default();
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n{namespace}spec:\n  selector:\n    app: {app}\n  ports:\n  - port: 80\n"
    )
}

/// One folder however its files are named: relative, `./`-prefixed, through `..`, or absolute.
/// The Service and its near-miss Deployment are in one folder each time, so each spelling must
/// pair them (paths were compared as typed, so mixing spellings let the mistake through).
// See: issue 19, point 4.
#[test]
fn files_of_one_folder_pair_however_their_paths_are_spelt() {
    let dir = tempfile::tempdir().unwrap();
    let k8s = dir.path().join("k8s");
    std::fs::create_dir(&k8s).unwrap();
    std::fs::write(k8s.join("svc.yaml"), service("web", None, "wbe")).unwrap();
    std::fs::write(k8s.join("deploy.yaml"), deployment("web", None, "web")).unwrap();
    let absolute = k8s.join("deploy.yaml").display().to_string();
    for deploy in [
        "k8s/deploy.yaml",
        "./k8s/deploy.yaml",
        "k8s/../k8s/deploy.yaml",
        absolute.as_str(),
    ] {
        svcctl()
            .current_dir(dir.path())
            .args([
                "lint",
                "--no-config",
                "--format",
                "concise",
                "k8s/svc.yaml",
                deploy,
            ])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(
                "k8s/svc.yaml:6:3: error[selector-matches-nothing]",
            ));
    }
}

// See: issue 19, point 4: the README's headline case must fail CI, which hides warnings.
#[test]
fn a_selector_one_letter_off_a_workload_beside_it_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("svc.yaml"), service("web", None, "wbe")).unwrap();
    std::fs::write(
        dir.path().join("deploy.yaml"),
        deployment("web", None, "web"),
    )
    .unwrap();
    svcctl()
        .current_dir(dir.path())
        .args(["lint", "--no-config", "--format", "concise", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "svc.yaml:6:3: error[selector-matches-nothing] spec.selector: the selector matches no workload",
        ));
}

// See: issue 19, point 4.
#[test]
fn stdin_is_paired_with_workloads_in_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let deploy = dir.path().join("k8s");
    std::fs::create_dir(&deploy).unwrap();
    std::fs::write(deploy.join("deploy.yaml"), deployment("web", None, "web")).unwrap();
    std::fs::write(deploy.join("svc.yaml"), service("web", None, "wbe")).unwrap();
    svcctl()
        .current_dir(dir.path())
        .args(["lint", "--no-config", "--format", "concise", "-", "k8s/deploy.yaml"])
        .write_stdin(service("web", None, "wbe"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "-:6:3: error[selector-matches-nothing] spec.selector: the selector matches no workload",
        ));
    // And the other way round: a workload piped in, the Service in a folder.
    svcctl()
        .current_dir(dir.path())
        .args([
            "lint",
            "--no-config",
            "--format",
            "concise",
            "k8s/svc.yaml",
            "-",
        ])
        .write_stdin(deployment("web", None, "web"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "k8s/svc.yaml:6:3: error[selector-matches-nothing]",
        ));
}

// See: issue 19, point 4.
#[test]
fn a_selector_matching_pods_in_another_namespace_names_both_namespaces() {
    let text = [
        service("pay", Some("checkout"), "pay"),
        deployment("pay", Some("payments"), "pay"),
    ]
    .join("---\n");
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    let finding = &report["diagnostics"][0];
    assert_eq!(finding["rule"], "selector-matches-nothing");
    assert_eq!(finding["severity"], "error");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("the Pods are in namespace payments, the Service in checkout"),
        "{message}"
    );
    // Without a namespace on the workload, `kubectl apply -n` decides: nothing is said.
    let text = [
        service("pay", Some("checkout"), "pay"),
        deployment("pay", None, "pay"),
    ]
    .join("---\n");
    svcctl()
        .args(["lint", "--no-config", "--format", "concise", "-"])
        .write_stdin(text)
        .assert()
        .code(0)
        .stdout("");
}

// See: issue 19, point 9.
#[test]
fn the_summary_names_the_kubernetes_version_when_verdicts_depend_on_it() {
    let summary = |args: &[&str], text: &str| {
        let out = svcctl()
            .args(["lint", "--no-config", "--format", "concise"])
            .args(args)
            .arg("-")
            .write_stdin(text.to_string())
            .output()
            .unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let plain =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n";
    // Given explicitly: the verdicts were judged for it.
    assert!(
        summary(&["--kube-version", "1.33"], plain)
            .ends_with("in 1 file (1 object, 1 Service), for Kubernetes 1.33\n")
    );
    // The newest by default, and no verdict reads it: nothing to say.
    assert!(
        summary(&[], plain).ends_with("in 1 file (1 object, 1 Service)\n"),
        "{}",
        summary(&[], plain)
    );
    // `deprecated-external-ips` depends on the version (deprecated from 1.36).
    let external = plain.replace("spec:\n", "spec:\n  externalIPs: [192.0.2.1]\n");
    assert!(
        summary(&[], &external).ends_with("for Kubernetes 1.36\n"),
        "{}",
        summary(&[], &external)
    );
}

// See: issue 19, point 9: like ruff's text formats, concise ends with a summary, clean or not.
#[test]
fn concise_prints_the_summary_on_a_clean_run_too() {
    svcctl()
        .args(["lint", "--no-config", "--format", "concise", CLEAN])
        .assert()
        .code(0)
        .stdout("")
        .stderr("svcctl: 0 errors, 0 warnings, 0 infos in 1 file (1 object, 1 Service)\n");
}

// See: issue 19, point 9.
#[test]
fn no_line_of_the_human_report_ends_in_a_space() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("svc.yaml"), service("web", None, "wbe")).unwrap();
    std::fs::write(
        dir.path().join("deploy.yaml"),
        deployment("web", None, "web"),
    )
    .unwrap();
    let out = svcctl()
        .current_dir(dir.path())
        .args(["lint", "--no-config", "svc.yaml", "deploy.yaml"])
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(human.contains("\nAdvice:\n"), "{human}");
    let spaced: Vec<&str> = human.lines().filter(|l| l.ends_with(' ')).collect();
    assert!(spaced.is_empty(), "{spaced:?}");
}

// See: issue 19, point 9.
#[test]
fn a_missing_output_folder_is_worded_like_a_missing_input() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("no-such-folder").join("report.json");
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json", "--output"])
        .arg(&report)
        .arg(CLEAN)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: --output {}: no such file or directory\n",
            report.display()
        )
    );
}

/// A Deployment-style selector, an object for externalName and a list for selector get Go's own
/// words (`object`, `array`, `map[string]string`), advice that fits the mistake, and a label that
/// ends at the node instead of running onto the next key.
// See: issue 19, point 2.
#[test]
fn container_values_in_the_wrong_place_get_go_s_message_advice_and_a_tight_span() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  ports:\n  - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: {host: db}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web2\nspec:\n  selector: [app=web]\n  ports:\n  - port: 80\n";
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    let found: Vec<(String, String, u64, u64, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    let plain_map = "a Service selector is a plain label map, not a Deployment's label selector: move the labels up under `selector:` and drop `matchLabels`/`matchExpressions` (`selector: {app: web}`)";
    assert_eq!(
        found,
        [
            (
                "json: cannot unmarshal object into Go struct field ServiceSpec.spec.selector of type string".to_string(),
                plain_map.to_string(),
                8,
                7,
                8,
                15
            ),
            (
                "json: cannot unmarshal object into Go struct field ServiceSpec.spec.externalName of type string".to_string(),
                "this field takes a single string, not a map".to_string(),
                18,
                17,
                18,
                27
            ),
            (
                "json: cannot unmarshal array into Go struct field ServiceSpec.spec.selector of type map[string]string".to_string(),
                "a Service selector is a plain label map: `selector: {app: web}`".to_string(),
                25,
                13,
                25,
                22
            ),
        ]
    );
}

/// Documents plainly meant to be core Services but with `kind: service`, a misspelt `apiversion`
/// key, no apiVersion or `apiVersion: core/v1` are errors at the offending key, in kubectl's
/// words, and their bodies are linted as Services (`nodePort: 99999` is found). Knative's Service
/// is left alone.
// See: issue 19, point 1.
#[test]
fn near_services_are_errors_at_the_key_and_their_bodies_are_linted() {
    let body = "metadata:\n  name: NAME\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 99999\n";
    let docs = [
        ("a", "apiVersion: v1\nkind: service\n"),
        ("b", "apiversion: v1\nkind: Service\n"),
        ("c", "kind: Service\n"),
        ("d", "apiVersion: core/v1\nkind: Service\n"),
    ];
    let mut text: String = docs
        .iter()
        .map(|(name, head)| format!("---\n{head}{}", body.replace("NAME", name)))
        .collect();
    text.push_str("---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: k\nspec:\n  template:\n    spec:\n      containers:\n      - image: x\n");
    let out = svcctl()
        .args([
            "lint",
            "--no-config",
            "--format",
            "json",
            "--select",
            "api",
            "-",
        ])
        .write_stdin(text)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    let found: Vec<(u64, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] != "node-port-conflict")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let range = "Invalid value: 99999: provided port is not in the valid range. The range of valid ports is 30000-32767";
    let expected = [
        (3, "invalid-type-meta", "no matches for kind \"service\" in version \"v1\": kind is case-sensitive: `Service`"),
        (10, "node-port-range", range),
        (12, "invalid-type-meta", "Object 'apiVersion' is missing: `apiversion` is not `apiVersion` (keys are case-sensitive)"),
        (20, "node-port-range", range),
        (22, "invalid-type-meta", "Object 'apiVersion' is missing: the apiVersion of a Service is `v1`"),
        (29, "node-port-range", range),
        (31, "invalid-type-meta", "no matches for kind \"Service\" in version \"core/v1\": the apiVersion of a Service is `v1`"),
        (39, "node-port-range", range),
    ]
    .map(|(line, rule, message)| (line, rule.to_string(), message.to_string()));
    assert_eq!(found, expected);
    assert_eq!(report["summary"]["services"], 4);
}

/// `--node-port-range` is read into a range by the command-line parser, once, so a bad one is a
/// usage error naming the flag, for every command that takes the cluster settings.
#[test]
fn a_bad_node_port_range_flag_is_a_usage_error_of_the_parser() {
    for command in [
        &["lint", "fixtures/"][..],
        &["new", "nodeport", "web", "--port", "80"],
    ] {
        svcctl()
            .args(command)
            .args(["--no-config", "--node-port-range", "5-1"])
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with(
                "error: invalid value '5-1' for '--node-port-range <FIRST-LAST>': `5-1` is not a port range such as 30000-32767\n",
            ));
    }
}

/// The same setting in `.svcctl.yaml` is still reported at its line and column.
#[test]
fn a_bad_node_port_range_in_the_config_file_is_reported_at_its_value() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".svcctl.yaml"),
        "kube-version: \"1.36\"\nnode-port-range: 5-1\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("svc.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 80\n",
    )
    .unwrap();
    svcctl()
        .current_dir(dir.path())
        .args(["lint", "svc.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".svcctl.yaml:2:18: `5-1` is not a port range such as 30000-32767",
        ));
}
