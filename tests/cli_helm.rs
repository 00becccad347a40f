//! `svcctl lint` on what Helm renders (issue 23): a rendered stream (`helm template … | svcctl lint
//! -`) has each finding moved to the template line that writes its value, and a chart folder is
//! rendered with `helm template` (here the stand-in scripts/helm, Helm's own engine through
//! helm-python-sdk) and linted the same way. Fixtures: fixtures/helm/charts/web-rendered-app (a
//! `helm create`-style chart with a subchart, a library chart and planted mistakes) and its stored
//! streams in fixtures/helm/rendered/ (scripts/render-helm-fixtures writes them).

#[path = "common/helm.rs"]
mod helm_stand_in;

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;

const CHART: &str = "fixtures/helm/charts/web-rendered-app";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn svcctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(cargo_bin("svcctl"));
    cmd.current_dir(repo())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    cmd
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON report ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// (file, line, rule) of every finding, in report order.
fn places(report: &Value) -> Vec<(String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    (
                        d["file"].as_str().unwrap_or("").to_owned(),
                        d["line"].as_u64().unwrap_or(0),
                        d["rule"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn place(file: &str, line: u64, rule: &str) -> (String, u64, String) {
    (file.to_owned(), line, rule.to_owned())
}

/// The planted mistakes of web-rendered-app with its default values, at their template lines
/// (paths under `prefix`).
fn planted(prefix: &str) -> Vec<(String, u64, String)> {
    let p = |f: &str| format!("{prefix}{f}");
    vec![
        // `protocol: HTTP` written literally in the subchart.
        place(
            &p("charts/db/templates/service.yaml"),
            8,
            "invalid-protocol",
        ),
        place(
            &p("charts/db/templates/statefulset.yaml"),
            6,
            "statefulset-service-mismatch",
        ),
        // Written by the library chart's `common.service`: the include line.
        place(
            &p("templates/metrics-service.yaml"),
            2,
            "target-port-name-not-found",
        ),
        // A literal nodePort: its own line.
        place(&p("templates/service.yaml"), 17, "node-port-range"),
        // A port from `.Values.service.extraPorts`: the `toYaml … | nindent 4` line.
        place(&p("templates/service.yaml"), 19, "port-out-of-range"),
        // tier=frontned (values) against the Deployment's tier=frontend: the selector key.
        place(&p("templates/service.yaml"), 21, "selector-matches-nothing"),
    ]
}

#[test]
fn a_piped_stream_points_each_finding_at_the_template_line_from_inside_the_chart() {
    let stream = std::fs::read(repo().join("fixtures/helm/rendered/web-rendered-app.default.yaml"))
        .expect("stored stream");
    let out = svcctl()
        .current_dir(repo().join(CHART))
        .args(["lint", "--no-config", "--format", "json", "-"])
        .write_stdin(stream)
        .output()
        .expect("svcctl runs");
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    assert_eq!(places(&report), planted(""));
    // Each keeps its place in the stream and names its template.
    let node_port = &report["diagnostics"][3];
    assert_eq!(node_port["template"], "web/templates/service.yaml");
    assert_eq!(node_port["rendered"]["file"], "-");
    assert_eq!(node_port["rendered"]["line"], 50);
    assert_eq!(node_port["rendered"]["column"], 17);
    // The literal value is pointed at, not only its line.
    assert_eq!(node_port["column"], 17);
}

#[test]
fn a_stream_file_finds_its_templates_under_chart_root() {
    let out = svcctl()
        .args([
            "lint",
            "--no-config",
            "--format",
            "json",
            "--chart-root",
            CHART,
            "fixtures/helm/rendered/web-rendered-app.default.yaml",
        ])
        .output()
        .expect("svcctl runs");
    let report = json_of(&out);
    assert_eq!(places(&report), planted(&format!("{CHART}/")));
    assert_eq!(
        report["diagnostics"][0]["rendered"]["file"],
        "fixtures/helm/rendered/web-rendered-app.default.yaml"
    );
    assert_eq!(
        report["diagnostics"][0]["template"],
        "web/charts/db/templates/service.yaml"
    );
}

#[test]
fn a_template_not_on_disk_keeps_the_stream_position_and_names_the_template() {
    let stream = "---\n# Source: gone/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 99999\n";
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json", "-"])
        .write_stdin(stream)
        .output()
        .expect("svcctl runs");
    let report = json_of(&out);
    assert_eq!(places(&report), vec![place("-", 11, "node-port-range")]);
    assert_eq!(
        report["diagnostics"][0]["template"],
        "gone/templates/service.yaml"
    );
    let human = svcctl()
        .args(["lint", "--no-config", "-"])
        .write_stdin(stream)
        .output()
        .expect("svcctl runs");
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("note: rendered by Helm from gone/templates/service.yaml (not found under --chart-root; shown as rendered)"),
        "{text}"
    );
}

#[test]
fn findings_outside_helm_output_have_no_rendered_or_template_field() {
    let out = svcctl()
        .args([
            "lint",
            "--no-config",
            "--format",
            "json",
            "fixtures/cli/nodeport-mistakes.yaml",
        ])
        .output()
        .expect("svcctl runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("node-port-range"), "{text}");
    assert!(!text.contains("\"rendered\"") && !text.contains("\"template\""));
}

/// A folder holding a fake `helm` that records its arguments and prints a fixed stream.
fn recording_helm(stream: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("args");
    let out = dir.path().join("stream.yaml");
    std::fs::write(&out, stream).expect("stream");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\ncat '{}'\n",
        log.display(),
        out.display()
    );
    let helm = dir.path().join("helm");
    std::fs::write(&helm, script).expect("script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&helm, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    (dir, log)
}

fn path_with(first: &Path) -> std::ffi::OsString {
    let mut paths = vec![first.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("PATH")
}

#[cfg(unix)]
#[test]
fn a_chart_folder_is_rendered_by_helm_on_path_with_the_values_sets_and_kube_version_given() {
    let stream = std::fs::read_to_string(
        repo().join("fixtures/helm/rendered/web-rendered-app.default.yaml"),
    )
    .expect("stored stream");
    let (dir, log) = recording_helm(&stream);
    let out = svcctl()
        .env("PATH", path_with(dir.path()))
        .args([
            "lint",
            "--no-config",
            "--format",
            "json",
            "--kube-version",
            "1.33",
            "--helm-values",
            "a.yaml",
            "--helm-values",
            "b.yaml",
            "--helm-set",
            "service.tier=frontend",
            CHART,
        ])
        .output()
        .expect("svcctl runs");
    let args = std::fs::read_to_string(&log).expect("helm ran");
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            "template",
            "release-name",
            CHART,
            "--namespace",
            "default",
            "--kube-version",
            "v1.33.0",
            "--values",
            "a.yaml",
            "--values",
            "b.yaml",
            "--set",
            "service.tier=frontend"
        ]
    );
    // The chart's own files are not linted raw: only the rendered findings, at template lines.
    assert_eq!(places(&json_of(&out)), planted(&format!("{CHART}/")));
}

#[cfg(unix)]
#[test]
fn helm_off_never_runs_helm() {
    let (dir, log) = recording_helm("");
    let _ = svcctl()
        .env("PATH", path_with(dir.path()))
        .args(["lint", "--no-config", "--helm", "off", CHART])
        .output()
        .expect("svcctl runs");
    assert!(!log.exists(), "helm ran with --helm off");
}

/// The stand-in, first on `PATH` for the chart-folder tests, or `None` (skipped) without the SDK.
fn stand_in_path() -> Option<std::ffi::OsString> {
    helm_stand_in::required_stand_in()?;
    Some(path_with(&helm_stand_in::scripts()))
}

#[test]
fn a_chart_folder_rendered_by_helm_has_its_planted_mistakes_at_their_template_lines() {
    let Some(path) = stand_in_path() else { return };
    let out = svcctl()
        .env("PATH", &path)
        .args(["lint", "--no-config", "--format", "json", CHART])
        .output()
        .expect("svcctl runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(places(&json_of(&out)), planted(&format!("{CHART}/")));

    // Values fix what values broke; the literal nodePort stays. The --set reaches the subchart:
    // its Service now targets 5433, which its container does not declare.
    let fixed = svcctl()
        .env("PATH", &path)
        .args([
            "lint",
            "--no-config",
            "--format",
            "json",
            "--helm-values",
            "fixtures/helm/values/web-rendered-app/fixed.yaml",
            "--helm-set",
            "db.port=5433",
            CHART,
        ])
        .output()
        .expect("svcctl runs");
    let c = |f: &str| format!("{CHART}/{f}");
    assert_eq!(
        places(&json_of(&fixed)),
        [
            place(
                &c("charts/db/templates/service.yaml"),
                7,
                "target-port-not-declared"
            ),
            place(
                &c("charts/db/templates/service.yaml"),
                8,
                "invalid-protocol"
            ),
            place(
                &c("charts/db/templates/statefulset.yaml"),
                6,
                "statefulset-service-mismatch"
            ),
            place(&c("templates/service.yaml"), 17, "node-port-range"),
        ]
    );
}

#[test]
fn a_chart_helm_refuses_is_one_finding_at_the_line_helm_names() {
    let Some(path) = stand_in_path() else { return };
    let chart = tempfile::tempdir().expect("temp dir");
    let dir = chart.path();
    std::fs::create_dir_all(dir.join("templates")).expect("templates");
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: bad\nversion: 0.1.0\n",
    )
    .expect("Chart.yaml");
    std::fs::write(
        dir.join("templates/service.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - port: {{ .Values.port }\n",
    )
    .expect("template");
    let out = svcctl()
        .env("PATH", &path)
        .args(["lint", "--no-config", "--format", "json"])
        .arg(dir)
        .output()
        .expect("svcctl runs");
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    let found = places(&report);
    assert_eq!(found.len(), 1, "{report}");
    let (file, line, rule) = &found[0];
    assert_eq!(rule, "helm-template-failed");
    assert!(file.ends_with("templates/service.yaml"), "{file}");
    assert_eq!(*line, 7);
}

#[test]
fn the_stand_in_refuses_arguments_svcctl_does_not_pass() {
    let Some(_) = stand_in_path() else { return };
    let out = std::process::Command::new(helm_stand_in::scripts().join("helm"))
        .args([
            "template",
            "release-name",
            CHART,
            "--namespace",
            "default",
            "--output-dir",
            "x",
        ])
        .output()
        .expect("stand-in runs");
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument"));
}

#[test]
fn the_stored_streams_are_what_helm_renders_today() {
    let Some(path) = stand_in_path() else { return };
    let out = std::process::Command::new(repo().join("scripts/render-helm-fixtures"))
        .arg("--check")
        .env("PATH", &path)
        .output()
        .expect("script runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_stream_in_helm_3s_layout_is_placed_the_same() {
    let Some(path) = stand_in_path() else { return };
    // Helm 3 trims each manifest at both ends (no blank line before the next `---`).
    let render = std::process::Command::new(helm_stand_in::scripts().join("helm"))
        .current_dir(repo())
        .env("PATH", &path)
        .env("HELM_STAND_IN_MAJOR", "3")
        .args([
            "template",
            "release-name",
            CHART,
            "--namespace",
            "default",
            "--kube-version",
            "v1.36.0",
        ])
        .output()
        .expect("stand-in runs");
    assert!(render.status.success());
    assert!(!String::from_utf8_lossy(&render.stdout).contains("\n\n---"));
    let out = svcctl()
        .current_dir(repo().join(CHART))
        .args(["lint", "--no-config", "--format", "json", "-"])
        .write_stdin(render.stdout)
        .output()
        .expect("svcctl runs");
    assert_eq!(places(&json_of(&out)), planted(""));
}
