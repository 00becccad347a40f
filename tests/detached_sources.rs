//! Files with nothing to report let go of their text after checking; a cross-object finding that
//! lands in one must still point at the right line and column and show the right snippet.

use assert_cmd::Command;

fn service(name: &str, node_port: u16) -> String {
    format!(
        "# {name}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  type: NodePort\n  selector:\n    app: {name}\n  ports:\n    - port: 80\n      targetPort: 8080\n      nodePort: {node_port}\n"
    )
}

/// The file name, line and column a JSON finding (or related location) points at.
fn place(at: &serde_json::Value) -> (&str, Option<u64>, Option<u64>) {
    let file = at["file"].as_str().unwrap_or_default();
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    (name, at["line"].as_u64(), at["column"].as_u64())
}

#[test]
fn a_cross_object_finding_in_a_clean_file_has_its_position_and_snippet() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.yaml"), service("first", 30080)).expect("write");
    std::fs::write(dir.path().join("b.yaml"), service("second", 30080)).expect("write");

    let lint = |args: &[&str]| {
        Command::cargo_bin("svcctl")
            .expect("binary")
            .args(["lint", "--no-config"])
            .args(args)
            .arg(dir.path())
            .output()
            .expect("run")
            .stdout
    };
    let report: serde_json::Value =
        serde_json::from_slice(&lint(&["--format", "json"])).expect("json");
    let conflict = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "node-port-conflict")
        .expect("a node-port-conflict finding");
    assert_eq!(place(conflict), ("b.yaml", Some(13), Some(17)));
    assert_eq!(
        place(&conflict["related"][0]),
        ("a.yaml", Some(13), Some(17))
    );

    let human = lint(&["--color", "never"]);
    let text = String::from_utf8_lossy(&human);
    assert!(text.contains("nodePort: 30080"), "{text}");
}
