//! `svcctl lint` on Kustomize trees (issue 22): roots are built and linted as what
//! `kubectl apply -k` applies, and every finding points at the line that wrote the value.
//! The fixtures are under fixtures/kustomize/.

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;

fn svcctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(cargo_bin("svcctl"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    cmd
}

fn lint_json(args: &[&str]) -> (Value, i32) {
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json"])
        .args(args)
        .output()
        .expect("svcctl runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    (report, out.status.code().unwrap_or(-1))
}

/// (file, line, column, rule) of every finding, in report order.
fn places(report: &Value) -> Vec<(String, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    (
                        d["file"].as_str().unwrap_or("").to_owned(),
                        d["line"].as_u64().unwrap_or(0),
                        d["column"].as_u64().unwrap_or(0),
                        d["rule"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn place(file: &str, line: u64, column: u64, rule: &str) -> (String, u64, u64, String) {
    (file.to_owned(), line, column, rule.to_owned())
}

#[test]
fn each_finding_of_a_build_points_at_the_base_patch_or_kustomization_line_that_wrote_it() {
    let (report, code) = lint_json(&["fixtures/kustomize/provenance/overlay"]);
    assert_eq!(code, 1);
    let root = "fixtures/kustomize/provenance";
    assert_eq!(
        places(&report),
        vec![
            // value from the base resource
            place(
                &format!("{root}/base/service.yaml"),
                9,
                11,
                "invalid-port-name"
            ),
            // set by a component's strategic-merge patch
            place(
                &format!("{root}/comp/kustomization.yaml"),
                10,
                24,
                "invalid-session-affinity"
            ),
            // the overlay's `namespace:` line
            place(
                &format!("{root}/overlay/kustomization.yaml"),
                1,
                12,
                "invalid-namespace"
            ),
            // the `namePrefix:` that made the name longer than 63 characters
            place(
                &format!("{root}/overlay/kustomization.yaml"),
                2,
                13,
                "invalid-name"
            ),
            // the commonLabels entry, in metadata and (as Kustomize does) in the selector
            place(
                &format!("{root}/overlay/kustomization.yaml"),
                4,
                9,
                "invalid-label"
            ),
            place(
                &format!("{root}/overlay/kustomization.yaml"),
                4,
                9,
                "invalid-selector"
            ),
            // the `value:` of an inline JSON 6902 operation
            place(
                &format!("{root}/overlay/kustomization.yaml"),
                16,
                14,
                "node-port-range"
            ),
        ]
    );
    for d in report["diagnostics"].as_array().into_iter().flatten() {
        assert_eq!(
            d["kustomization"],
            format!("{root}/overlay/kustomization.yaml")
        );
        assert_eq!(
            d["object"]["name"],
            "a-very-long-prefix-that-makes-the-name-too-long-for-kubernetes-web"
        );
        assert_eq!(d["object"]["namespace"], "Bad_NS");
    }
}

#[test]
fn a_value_set_by_a_strategic_merge_patch_file_points_at_the_patch() {
    let (report, _) = lint_json(&["fixtures/kustomize/two-overlays/dev", "--select", "all"]);
    let patch = "fixtures/kustomize/two-overlays/dev/nodeport.yaml";
    // `type: NodePort` came from the patch: the finding about it is placed at its value there.
    let on_patch: Vec<_> = places(&report)
        .into_iter()
        .filter(|p| p.0 == patch)
        .collect();
    assert_eq!(on_patch, vec![place(patch, 6, 9, "node-port-exposed")]);
}

#[test]
fn a_partial_service_patch_is_no_false_ports_required_and_overlays_do_not_collide() {
    let (report, code) = lint_json(&["fixtures/kustomize/two-overlays"]);
    assert_eq!(places(&report), vec![], "{report:#}");
    assert_eq!(code, 0);
    // Each overlay is its own build: two Services named web, in two namespaces, never compared.
    assert_eq!(report["summary"]["services"], 2);
}

#[test]
fn kustomize_off_lints_the_files_one_by_one_as_before() {
    let (report, code) = lint_json(&["--kustomize=off", "fixtures/kustomize/two-overlays"]);
    assert_eq!(code, 1);
    let rules: Vec<String> = places(&report).into_iter().map(|p| p.3).collect();
    assert_eq!(rules, vec!["ports-required", "ports-required"]);
    assert!(report["diagnostics"][0].get("kustomization").is_none());
}

#[test]
fn a_patch_port_entry_kustomize_drops_is_warned_at_the_patch_line() {
    let (report, _) = lint_json(&["fixtures/kustomize/dropped-port/overlay"]);
    let patch = "fixtures/kustomize/dropped-port/overlay/service-patch.yaml";
    assert_eq!(
        places(&report),
        vec![
            place(patch, 8, 5, "kustomization-not-applied-as-written"),
            place(patch, 11, 5, "kustomization-not-applied-as-written"),
        ]
    );
    let message = report["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("protocol: TCP") && message.contains("#3620"),
        "{message}"
    );
}

#[test]
fn a_missing_resource_is_an_error_at_its_entry_and_the_rest_is_still_linted() {
    let (report, code) = lint_json(&["fixtures/kustomize/missing-resource"]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&report),
        vec![place(
            "fixtures/kustomize/missing-resource/kustomization.yaml",
            3,
            3,
            "invalid-kustomization"
        )]
    );
    assert_eq!(report["summary"]["services"], 1);
}

#[test]
fn stdin_is_never_a_kustomization() {
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json", "-"])
        .write_stdin("resources:\n- service.yaml\n")
        .output()
        .expect("svcctl runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(places(&report), vec![]);
}

#[test]
fn explain_on_a_kustomization_root_explains_the_built_services() {
    let out = svcctl()
        .args([
            "explain",
            "--no-config",
            "fixtures/kustomize/two-overlays/dev",
        ])
        .output()
        .expect("svcctl runs");
    let text = String::from_utf8_lossy(&out.stdout);
    // The overlay's patch made it a NodePort and its `namespace:` put it in dev.
    assert!(
        text.contains("NodePort Service web in namespace dev"),
        "{text}"
    );
    assert!(!text.contains("ClusterIP Service web"), "{text}");
    let file = svcctl()
        .args([
            "explain",
            "--no-config",
            "fixtures/kustomize/two-overlays/prod/kustomization.yaml",
        ])
        .output()
        .expect("svcctl runs");
    let text = String::from_utf8_lossy(&file.stdout);
    assert!(
        text.contains("NodePort Service web in namespace prod"),
        "{text}"
    );
}

#[test]
fn human_output_names_the_root_once_per_group() {
    let out = svcctl()
        .args([
            "lint",
            "--no-config",
            "fixtures/kustomize/dropped-port/overlay",
        ])
        .output()
        .expect("svcctl runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let header = "In the build of fixtures/kustomize/dropped-port/overlay/kustomization.yaml:";
    assert_eq!(text.matches(header).count(), 1, "{text}");
    assert_eq!(text.matches("SVC089").count(), 2, "{text}");
}

/// A kustomization field of the wrong JSON type fails the whole build in kubectl, in its decoder's
/// words; svcctl reports the same at the value instead of building without it.
#[test]
fn a_kustomization_field_of_the_wrong_type_is_refused_in_kubectl_s_words() {
    let cases = [
        (
            "resources: 5\n",
            "cannot unmarshal number into Go struct field Kustomization.resources of type []string",
        ),
        (
            "namePrefix: [a]\n",
            "cannot unmarshal array into Go struct field Kustomization.namePrefix of type string",
        ),
        (
            "commonLabels: [a]\n",
            "cannot unmarshal array into Go struct field Kustomization.commonLabels of type map[string]string",
        ),
        (
            "patches: {a: b}\n",
            "cannot unmarshal object into Go struct field Kustomization.patches of type []types.Patch",
        ),
    ];
    for (text, message) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("kustomization.yaml"), text).expect("writable");
        let path = dir.path().display().to_string();
        let (report, code) = lint_json(&[&path]);
        assert_eq!(code, 1, "{text}");
        let d = &report["diagnostics"][0];
        assert_eq!(d["rule"], "invalid-kustomization", "{text}");
        assert_eq!(
            d["message"],
            format!("invalid Kustomization: json: {message}"),
            "{text}"
        );
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(1), Some(text.find(' ').map_or(0, |i| i as u64 + 2))),
            "{text}"
        );
    }
}
