//! `svcctl lint` on Helm charts and templated files without Helm (issue 23, behaviours 3, 4 and
//! 5): templates are read with their `{{ }}` actions as unknown values, literal mistakes are
//! found at their template lines, a chart's values, helpers, notes and test hooks are never
//! linted as manifests, and Helm hook objects are not workloads. Fixtures: fixtures/helm/.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;

fn svcctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(cargo_bin("svcctl"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        // No `helm` on PATH: these tests are about reading charts without it.
        .env("PATH", "/nonexistent")
        .env("COLUMNS", "100");
    cmd
}

fn lint_json(args: &[&str], stdin: Option<&str>) -> (Value, i32) {
    let mut cmd = svcctl();
    cmd.args(["lint", "--no-config", "--format", "json"])
        .args(args);
    if let Some(text) = stdin {
        cmd.write_stdin(text);
    }
    let out = cmd.output().expect("svcctl runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    (report, out.status.code().unwrap_or(-1))
}

/// (file, line, rule) of every finding.
fn found(report: &Value) -> BTreeSet<(String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["rule"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// The `# expect: rule, rule` marks of every file under `folder`, as (file, line, rule).
fn expected(folder: &str) -> BTreeSet<(String, u64, String)> {
    let mut out = BTreeSet::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(folder)];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let rel = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            for (i, line) in text.lines().enumerate() {
                if let Some((_, marks)) = line.split_once("# expect:") {
                    for rule in marks.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                        out.insert((rel.clone(), i as u64 + 1, rule.to_owned()));
                    }
                }
            }
        }
    }
    out
}

fn info_at_chart(chart: &str) -> (String, u64, String) {
    (
        format!("{chart}/Chart.yaml"),
        1,
        "helm-chart-not-rendered".to_owned(),
    )
}

// See: issue 23 — `svcctl lint mychart` reported `yaml-syntax` on the `{{- include … }}` line
// and exited 1.
#[test]
fn a_helm_create_chart_is_clean_but_for_the_note_that_it_was_not_rendered() {
    let (report, code) = lint_json(&["fixtures/helm/mychart"], None);
    assert_eq!(
        found(&report),
        BTreeSet::from([info_at_chart("fixtures/helm/mychart")])
    );
    assert_eq!(code, 0);
    // The four templates, not values.yaml, _helpers.tpl, NOTES.txt, ci/ or templates/tests/.
    assert_eq!(report["summary"]["files"], 4);
}

#[test]
fn every_literal_mistake_planted_in_a_chart_is_found_at_its_template_line() {
    let chart = "fixtures/helm/planted";
    let (report, code) = lint_json(&[chart], None);
    let mut want = expected(chart);
    want.insert(info_at_chart(chart));
    assert_eq!(found(&report), want);
    assert_eq!(code, 1);
}

#[test]
fn the_findings_on_a_template_show_the_template_text() {
    let out = svcctl()
        .args([
            "lint",
            "--no-config",
            "fixtures/helm/planted/templates/service.yaml",
        ])
        .output()
        .expect("svcctl runs");
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_template_named_on_the_command_line_is_read_as_a_template_of_its_chart() {
    let (report, _) = lint_json(&["fixtures/helm/planted/templates/service.yaml"], None);
    let found = found(&report);
    assert!(found.contains(&info_at_chart("fixtures/helm/planted")));
    assert!(found.contains(&(
        "fixtures/helm/planted/templates/service.yaml".to_owned(),
        13,
        "node-port-range".to_owned()
    )));
    assert!(!found.iter().any(|(_, _, rule)| rule == "yaml-syntax"));
}

#[test]
fn a_charts_values_and_metadata_named_on_the_command_line_are_not_manifests() {
    let (report, code) = lint_json(
        &[
            "fixtures/helm/mychart/values.yaml",
            "fixtures/helm/mychart/Chart.yaml",
            "fixtures/helm/mychart/ci/nodeport-values.yaml",
            "fixtures/helm/mychart/templates/tests/test-connection.yaml",
            "fixtures/helm/mychart/templates/_helpers.tpl",
        ],
        None,
    );
    assert_eq!(found(&report), BTreeSet::new());
    assert_eq!(report["summary"]["files"], 0);
    assert_eq!(code, 0);
}

#[test]
fn a_template_on_standard_input_is_read_as_a_template() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/helm/planted/templates/service.yaml"),
    )
    .expect("fixture");
    let (report, code) = lint_json(&["-"], Some(&text));
    let lines: BTreeSet<(u64, String)> = found(&report)
        .into_iter()
        .map(|(_, line, rule)| (line, rule))
        .collect();
    let want: BTreeSet<(u64, String)> = expected("fixtures/helm/planted/templates")
        .into_iter()
        .filter(|(file, ..)| file.ends_with("/service.yaml"))
        .map(|(_, line, rule)| (line, rule))
        .collect();
    assert_eq!(lines, want);
    assert_eq!(code, 1);
}

#[test]
fn a_template_vendored_without_its_chart_is_still_read_as_a_template() {
    let folder = "fixtures/helm/vendored";
    let (report, _) = lint_json(&[folder], None);
    assert_eq!(found(&report), expected(folder));
}

// Issue 23, behaviour 5: the test Pod `helm create` writes carries the selector labels; it must
// not be what the Service "selects".
#[test]
fn a_helm_hook_pod_does_not_satisfy_a_selector() {
    let folder = "fixtures/helm/hook-pod";
    let (report, code) = lint_json(&[folder], None);
    assert_eq!(found(&report), expected(folder));
    assert_eq!(code, 1);
}

#[test]
fn helm_off_names_itself_in_the_chart_note() {
    let (report, _) = lint_json(&["--helm=off", "fixtures/helm/mychart"], None);
    let message = report["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("--helm=off"), "{message}");
}
