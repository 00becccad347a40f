//! `svcctl explain` in all five forms: snapshots of the overview, every type, a handful of fields,
//! every rule of the catalogue, and the example manifests in `fixtures/explain/`; plus the exit
//! codes, "did you mean", JSON, and the ASCII/Unicode choice end to end.

use assert_cmd::cargo::cargo_bin;
use predicates::prelude::*;
use serde_json::Value;
use svcctl::cli::{ClusterArgs, RuleArgs, lint_options};
use svcctl::error::Failure;
use svcctl::explain::{ExplainFormat, ExplainRequest, Look, Output, TypeTopic};
use svcctl::lint::RULES;

/// `svcctl explain --no-config`, without a process.
fn explain(request: &ExplainRequest, look: &Look) -> Result<Output, Failure> {
    let cluster = ClusterArgs {
        no_config: true,
        ..ClusterArgs::default()
    };
    svcctl::explain::explain(request, look, || {
        lint_options(&cluster, &RuleArgs::default()).map(|(options, _config)| options)
    })
}

fn args(topics: &[&str]) -> ExplainRequest {
    ExplainRequest::new(topics)
}

fn text(topics: &[&str]) -> String {
    text_with(topics, &Look::PLAIN, false)
}

fn text_with(topics: &[&str], look: &Look, recursive: bool) -> String {
    let mut a = args(topics);
    a.recursive = recursive;
    let out = explain(&a, look).unwrap_or_else(|f| panic!("{topics:?}: {}", f));
    assert!(!out.unreadable, "{topics:?}");
    assert!(out.stderr.is_empty(), "{topics:?}: {}", out.stderr);
    out.stdout
}

fn json(topics: &[&str], recursive: bool) -> Value {
    let mut a = args(topics);
    a.format = ExplainFormat::Json;
    a.recursive = recursive;
    let out = explain(&a, &Look::PLAIN).unwrap_or_else(|f| panic!("{topics:?}: {}", f));
    serde_json::from_str(&out.stdout).unwrap()
}

fn error(topics: &[&str]) -> String {
    match explain(&args(topics), &Look::PLAIN) {
        Ok(out) => panic!("{topics:?} should fail, printed:\n{}", out.stdout),
        Err(f) => f.to_string(),
    }
}

/// Plain output is ASCII and fits 80 columns.
fn check_layout(name: &str, out: &str) {
    check_layout_except(name, out, &[]);
}

/// The code lines of a Markdown text, which are printed as written.
fn code_lines(doc: &str) -> Vec<String> {
    let mut inside = false;
    let mut lines = Vec::new();
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
        } else if inside {
            lines.push(line.trim().to_string());
        }
    }
    lines
}

fn check_layout_except(name: &str, out: &str, verbatim: &[String]) {
    for (i, line) in out.lines().enumerate() {
        assert!(line.is_ascii(), "{name}:{}: not ASCII: {line}", i + 1);
        if verbatim.iter().any(|v| v == line.trim()) {
            continue;
        }
        assert!(
            // Only an unbreakable word (a URL) may stick out.
            line.chars().count() <= 80 || !line.trim().contains(' ') || line.contains("://"),
            "{name}:{}: {} columns: {line}",
            i + 1,
            line.chars().count()
        );
    }
}

fn svcctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(cargo_bin("svcctl"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    cmd
}

// Form 1.

#[test]
fn overview() {
    let out = text(&[]);
    check_layout("overview", &out);
    for t in [
        "ClusterIP",
        "NodePort",
        "LoadBalancer",
        "ExternalName",
        "clusterIP: None",
    ] {
        assert!(out.contains(t), "overview lacks {t}");
    }
    insta::assert_snapshot!("overview", out);
}

// Form 2.

#[test]
fn every_type() {
    for t in TypeTopic::ALL {
        let out = text(&[t.kind()]);
        check_layout(t.kind(), &out);
        for heading in [
            "What it is",
            "How it works",
            "Traffic path",
            "Example",
            "When to use it",
            "Common mistakes",
        ] {
            assert!(out.contains(heading), "{}: no `{heading}`", t.kind());
        }
        insta::assert_snapshot!(format!("type_{}", t.kind()), out);
    }
}

#[test]
fn type_names_are_case_insensitive_with_aliases() {
    assert_eq!(text(&["np"]), text(&["nodeport"]));
    assert_eq!(text(&["LB"]), text(&["loadbalancer"]));
    assert_eq!(text(&["ClusterIP"]), text(&["clusterip"]));
    assert_eq!(text(&["ExternalName"]), text(&["externalname"]));
    assert_eq!(text(&["Headless"]), text(&["headless"]));
}

#[test]
fn type_page_shows_what_svcctl_new_prints() {
    let out = text(&["externalname"]);
    let example = svcctl::generate::example_manifest("externalname").expect("an example");
    let indented: String = example
        .lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("    {l}\n")
            }
        })
        .collect();
    assert!(out.contains(&indented), "{out}");
}

#[test]
fn unicode_diagram_on_a_terminal() {
    let out = text_with(&["nodeport"], &Look::UNICODE, false);
    assert!(out.contains('┌') && out.contains('▼'), "{out}");
    let plain = text(&["nodeport"]);
    assert!(!plain.contains('┌') && plain.contains("+-"), "{plain}");
}

// Form 3.

const FIELDS: &[(&str, &str)] = &[
    ("field_service", "service"),
    ("field_spec_type", "spec.type"),
    ("field_spec_ports_nodeport", "spec.ports.nodePort"),
    ("field_spec_ports_targetport", "spec.ports.targetPort"),
    (
        "field_timeout_seconds",
        "service.spec.sessionAffinityConfig.clientIP.timeoutSeconds",
    ),
    ("field_spec_external_name", "spec.externalName"),
    ("field_spec_cluster_ip", "spec.clusterIP"),
    ("field_metadata_labels", "metadata.labels"),
];

#[test]
fn fields() {
    for (name, path) in FIELDS {
        let out = text(&[path]);
        check_layout(name, &out);
        assert!(
            out.starts_with("KIND:     Service\nVERSION:  v1\n"),
            "{out}"
        );
        insta::assert_snapshot!(*name, out);
    }
}

#[test]
fn field_paths_ignore_indices_and_the_service_prefix() {
    let plain = text(&["spec.ports.nodePort"]);
    assert_eq!(text(&["service.spec.ports.nodePort"]), plain);
    assert_eq!(text(&["spec.ports[0].nodePort"]), plain);
    assert_eq!(text(&["Service.spec.ports[1].nodePort"]), plain);
}

#[test]
fn fields_recursive() {
    let out = text_with(&["spec.ports"], &Look::PLAIN, true);
    insta::assert_snapshot!("field_spec_ports_recursive", out);
    let whole = text_with(&["service"], &Look::PLAIN, true);
    check_layout("service -r", &whole);
    insta::assert_snapshot!("field_service_recursive", whole);
    for nested in [
        "      timeoutSeconds <integer>",
        "    nodePort <integer>",
        "  status <ServiceStatus>",
    ] {
        assert!(whole.contains(nested), "no `{nested}` in\n{whole}");
    }
}

#[test]
fn field_json() {
    let v = json(&["spec.ports.nodePort"], false);
    assert_eq!(v["path"], "spec.ports.nodePort");
    assert_eq!(v["manifestPath"], "spec.ports[].nodePort");
    assert_eq!(v["type"], "integer");
    assert_eq!(
        v["appliesTo"],
        serde_json::json!(["NodePort", "LoadBalancer"])
    );
    assert!(v["default"].as_str().unwrap().contains("30000-32767"));
    assert!(
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "node-port-range")
    );
    let tree = json(&["spec"], true);
    let ports = tree["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "ports")
        .unwrap();
    assert_eq!(ports["type"], "[]ServicePort");
    assert!(
        ports["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "nodePort" && f["required"] == false)
    );
    insta::assert_json_snapshot!(
        "field_json_session_affinity",
        json(&["spec.sessionAffinity"], false)
    );
}

#[test]
fn unknown_fields_suggest_and_fail() {
    let e = error(&["spec.ports.nodeport"]);
    assert!(e.contains("did you mean `spec.ports.nodePort`?"), "{e}");
    assert!(e.contains("case-sensitive"), "{e}");
    let e = error(&["spec.prots"]);
    assert!(e.contains("did you mean `spec.ports`?"), "{e}");
    let e = error(&["targetPort"]);
    assert!(e.contains("`spec.ports.targetPort`"), "{e}");
    let e = error(&["nodprt"]);
    assert!(e.contains("`nodeport`"), "{e}");
    insta::assert_snapshot!("unknown_field", error(&["spec.sessionAfinity"]));
}

// Form 4.

#[test]
fn every_rule_is_explained_with_the_required_headings() {
    let mut all = String::new();
    for rule in RULES {
        let m = rule.meta();
        let docs = m.documentation();
        assert!(!docs.trim().is_empty(), "{} has no documentation", m.id);
        assert!(
            !docs.contains("TODO"),
            "{} still has a TODO in its documentation",
            m.id
        );
        let by_id = text(&[m.id]);
        assert_eq!(text(&[m.code]), by_id, "{} by code", m.id);
        assert_eq!(
            text(&[&m.code.to_ascii_lowercase()]),
            by_id,
            "{} by lower-case code",
            m.id
        );
        assert!(
            by_id.starts_with(&format!("{} {}\n", m.code, m.id)),
            "{by_id}"
        );
        for heading in [
            "What it does",
            "Why is this bad?",
            "Example",
            "Use instead",
            "References",
        ] {
            assert!(
                by_id.lines().any(|l| l == heading),
                "`svcctl explain {}` lacks the heading `{heading}`",
                m.id
            );
        }
        assert!(by_id.contains("Default severity:"), "{}", m.id);
        assert!(
            by_id.contains(&format!("--ignore {}", m.id)) || m.severity.is_none(),
            "{}",
            m.id
        );
        check_layout_except(m.id, &by_id, &code_lines(&docs));
        all.push_str(&by_id);
        all.push_str("\n\n");
    }
    insta::assert_snapshot!("rules_catalogue", all);
}

#[test]
fn rule_json() {
    let v = json(&["SVC012"], false);
    assert_eq!(v["id"], "node-port-range");
    assert_eq!(v["code"], "SVC012");
    assert_eq!(v["category"], "api");
    assert_eq!(v["severity"], "error");
    assert_eq!(v["fields"], serde_json::json!(["spec.ports.nodePort"]));
    assert!(
        v["documentation"]
            .as_str()
            .unwrap()
            .contains("## What it does")
    );
    assert_eq!(
        v["silence"]["annotation"]["svcctl.dev/ignore"],
        "node-port-range"
    );
}

// Form 5.

const MANIFESTS: &[&str] = &[
    "backend-service",
    "frontend-service",
    "web-service",
    "external-db",
    "headless-db",
    "multi-doc",
];

#[test]
fn manifests() {
    for name in MANIFESTS {
        let path = format!("fixtures/explain/{name}.yaml");
        let out = text(&[&path]);
        check_layout(name, &out);
        insta::assert_snapshot!(format!("file_{}", name.replace('-', "_")), out);
    }
}

#[test]
fn the_seed_examples_say_what_happens_to_traffic() {
    let frontend = text(&["fixtures/explain/frontend-service.yaml"]);
    let one_line = frontend.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        one_line.contains(
            "NodePort service frontend-service: every node listens on TCP 30007; the cluster IP listens on TCP 80; both forward to port 3000 of the Pods labelled app=frontend - the Deployment frontend in this file, 3 replicas."
        ),
        "{frontend}"
    );
    let backend = text(&["fixtures/explain/backend-service.yaml"]);
    assert!(
        backend.contains("spec.type                   ClusterIP"),
        "{backend}"
    );
    let external = text(&["fixtures/explain/external-db.yaml"]);
    assert!(
        external.contains("CNAME  db.example.com") || external.contains("CNAME db.example.com"),
        "{external}"
    );
    let headless = text(&["fixtures/explain/headless-db.yaml"]);
    assert!(
        headless.contains("db-0.db.data.svc.cluster.local"),
        "{headless}"
    );
}

#[test]
fn manifests_together_and_unicode() {
    let out = text_with(
        &[
            "fixtures/explain/frontend-service.yaml",
            "fixtures/explain/external-db.yaml",
        ],
        &Look::UNICODE,
        false,
    );
    assert!(out.contains('┴') || out.contains('┬'), "{out}");
    assert!(
        out.contains("— the Deployment frontend in this file"),
        "{out}"
    );
    insta::assert_snapshot!("files_unicode", out);
}

#[test]
fn manifest_json() {
    let v = json(
        &[
            "fixtures/explain/frontend-service.yaml",
            "fixtures/explain/multi-doc.yaml",
        ],
        false,
    );
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let svc = &files[0]["services"][0];
    assert_eq!(svc["name"], "frontend-service");
    assert_eq!(svc["type"], "NodePort");
    assert_eq!(svc["document"], 1);
    assert_eq!(svc["ports"][0]["nodePort"], 30007);
    assert_eq!(svc["backends"][0]["kind"], "Deployment");
    assert_eq!(svc["backends"][0]["replicas"], 3);
    assert!(
        svc["defaults"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["field"] == "spec.sessionAffinity" && d["value"] == "None")
    );
    let multi = &files[1];
    assert_eq!(multi["services"].as_array().unwrap().len(), 3);
    assert_eq!(multi["services"][0]["ports"][0]["targetPort"], "http");
    assert_eq!(multi["services"][0]["ports"][0]["resolvedTargetPort"], 8080);
    let finding = &multi["findings"][0];
    assert_eq!(finding["rule"], "node-port-range");
    assert_eq!(finding["field"], "spec.ports[0].nodePort");
    insta::assert_json_snapshot!(
        "file_json_external_db",
        json(&["fixtures/explain/external-db.yaml"], false)
    );
}

// The binary end to end.

#[test]
fn cli_exit_codes() {
    svcctl()
        .args(["explain"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Comparison"));
    svcctl()
        .args(["explain", "spec.ports.nodeport"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: `spec.ports.nodeport` is not a Service field",
        ))
        .stderr(predicate::str::contains(
            "did you mean `spec.ports.nodePort`?",
        ));
    svcctl()
        .args(["explain", "no/such/file.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/file.yaml: no such file or directory",
        ));
    svcctl()
        .args(["explain", "--format", "json", "nodeport"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--format json is available for fields, rules and files",
        ));
    // Findings are explained, not judged: the exit code stays 0.
    svcctl()
        .args(["explain", "--no-config", "fixtures/explain/multi-doc.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("error[node-port-range]"));
}

#[test]
fn cli_reads_stdin_and_stays_ascii_in_a_pipe() {
    let yaml = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/explain/web-service.yaml"),
    )
    .unwrap();
    let out = svcctl()
        .args(["explain", "--no-config", "-"])
        .write_stdin(yaml)
        .env("LANG", "en_US.UTF-8")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("-\n"), "{out}");
    assert!(out.contains("LoadBalancer service web-service"), "{out}");
    assert!(
        out.is_ascii() && !out.contains('\u{1b}'),
        "not a terminal: ASCII, no colour\n{out}"
    );
    // `--color always` stands for a terminal; `--ascii` still wins.
    let forced = svcctl()
        .args(["--color", "always", "explain", "nodeport"])
        .env("LANG", "en_US.UTF-8")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let forced = String::from_utf8(forced).unwrap();
    assert!(
        forced.contains('┌') && forced.contains('\u{1b}'),
        "{forced}"
    );
    let ascii = svcctl()
        .args(["--color", "always", "explain", "--ascii", "nodeport"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(ascii).unwrap().contains('┌'));
    let c_locale = svcctl()
        .args(["--color", "always", "explain", "nodeport"])
        .env("LC_ALL", "C")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(c_locale).unwrap().contains('┌'));
}

// See: issue 19, point 9: one meaning of the document index everywhere, the JSON contract's.
#[test]
fn explain_numbers_documents_from_0_as_lint_json_does() {
    let file = "fixtures/explain/multi-doc.yaml";
    let lint = svcctl()
        .args(["lint", "--no-config", "--format", "json", file])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&lint.stdout).unwrap();
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["object"]["name"] == "api-debug")
        .expect("a finding on Service api-debug");
    let document = finding["object"]["document"].as_u64().unwrap();
    let out = text(&[file]);
    assert!(
        out.contains(&format!("NodePort Service api-debug (document {document})")),
        "{out}"
    );
}

/// `explain spec.ports.targetPort` says what `ignored-on-headless` checks: on a headless Service
/// the targetPort is published but never reached by clients that resolve the name.
// See: issue 19, point 3.
#[test]
fn target_port_on_a_headless_service_is_explained_as_the_rule_checks_it() {
    let out = text(&["spec.ports.targetPort"]);
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("On a headless Service nothing translates port into targetPort: its EndpointSlices and DNS SRV records carry targetPort, but clients that resolve its name connect on port"),
        "{out}"
    );
    assert!(flat.contains("SVC080 ignored-on-headless"), "{out}");
    let rule = text(&["ignored-on-headless"]);
    assert!(rule.contains("targetPort"), "{rule}");
}

/// A near-Service (`kind: service`, no apiVersion, `core/v1`...) is explained as the Service it was
/// meant to be, with the note that the API server refuses it as written.
// See: issue 19, point 1.
#[test]
fn near_services_are_explained_as_the_services_they_were_meant_to_be() {
    let out = text(&["fixtures/rules/SVC041_invalid_type_meta/fail.yaml"]);
    assert!(!out.contains("No Service in this file"), "{out}");
    for name in [
        "kind-lower-case",
        "api-version-key",
        "no-api-version",
        "core-v1",
        "kind-key",
        "apps-v1",
        "both-wrong",
    ] {
        assert!(out.contains(&format!("Service {name} (")), "{name}:\n{out}");
    }
    assert!(
        out.contains("As written, the API server refuses this Service"),
        "{out}"
    );
}
