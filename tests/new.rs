//! `svcctl new` end to end: the manifest of every type and of the issue's seed examples
//! (snapshots of stdout and stderr), `--from`, the output file options, every refusal, and a
//! round trip over a matrix of options in which everything generated must lint without an error.
//!
//! See: issue 4 (`svcctl new`).

use std::path::Path;

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;

#[path = "support/new_matrix.rs"]
mod new_matrix;
use new_matrix::{MATRIX, words};

fn svcctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(cargo_bin("svcctl"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    cmd
}

/// Run `svcctl new --no-config ARGS`, expect exit 0, and return stdout and stderr.
fn generate(args: &[&str]) -> (String, String) {
    let out = svcctl()
        .arg("new")
        .arg("--no-config")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "svcctl new {args:?}\n{stderr}");
    (stdout, stderr)
}

/// The command, its stdout and its stderr, as one reviewable text.
fn transcript(args: &[&str]) -> String {
    let (stdout, stderr) = generate(args);
    format!(
        "$ svcctl new {}\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    )
}

/// Run `svcctl new --no-config ARGS`, expect exit 2 with nothing on stdout, return stderr.
fn refuse(args: &[&str]) -> String {
    let out = svcctl()
        .arg("new")
        .arg("--no-config")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "svcctl new {args:?} should be refused\n{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "svcctl new {args:?} printed {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

#[test]
fn every_type() {
    for (name, args) in [
        (
            "type_clusterip",
            &["clusterip", "web", "--port", "80:8080"][..],
        ),
        ("type_nodeport", &["nodeport", "web", "--port", "80:8080"]),
        (
            "type_loadbalancer",
            &["loadbalancer", "web", "--port", "80:8080"],
        ),
        (
            "type_externalname",
            &["externalname", "db", "--external-name", "db.example.com"],
        ),
        ("type_headless", &["headless", "web", "--port", "8080"]),
    ] {
        insta::assert_snapshot!(name, transcript(args));
    }
}

#[test]
fn seed_examples() {
    insta::assert_snapshot!(
        "seed_backend_service",
        transcript(&[
            "clusterip",
            "backend-service",
            "--port",
            "80:8080",
            "--selector",
            "app=backend"
        ])
    );
    insta::assert_snapshot!(
        "seed_frontend_service",
        transcript(&[
            "nodeport",
            "frontend-service",
            "--port",
            "80",
            "--target",
            "3000",
            "--node-port",
            "30007",
            "--selector",
            "app=frontend",
        ])
    );
    insta::assert_snapshot!(
        "seed_web_service",
        transcript(&[
            "loadbalancer",
            "web-service",
            "--port",
            "80:8080",
            "--selector",
            "app=web"
        ])
    );
    insta::assert_snapshot!(
        "seed_external_db",
        transcript(&[
            "externalname",
            "external-db",
            "--external-name",
            "db.example.com"
        ])
    );
}

#[test]
fn names_and_selectors_default_and_say_so() {
    // The design card's own example: no NAME.
    insta::assert_snapshot!(
        "default_name",
        transcript(&["nodeport", "--port", "80", "--target", "3000"])
    );
    insta::assert_snapshot!(
        "name_from_app_selector",
        transcript(&[
            "clusterip",
            "--port",
            "80:http",
            "--selector",
            "tier=front,app=shop"
        ])
    );
    insta::assert_snapshot!(
        "name_from_external_name",
        transcript(&["externalname", "--external-name", "billing.example.com."])
    );
}

#[test]
fn ports_get_real_names_when_there_are_several() {
    insta::assert_snapshot!(
        "several_ports",
        transcript(&[
            "loadbalancer",
            "dns",
            "--port",
            "53:53/udp",
            "--port",
            "53:53/TCP",
            "--port",
            "443:https",
            "--port",
            "8081",
            "--port",
            "9000/sctp",
            "--node-port",
            "30053,30053,auto,30081",
        ])
    );
    insta::assert_snapshot!(
        "explicit_port_names",
        transcript(&[
            "clusterip",
            "api",
            "--port",
            "80:8080,9090",
            "--port-name",
            "web,prom",
            "--app-protocol",
            "http,http",
        ])
    );
    let (single, _) = generate(&["clusterip", "web", "--port", "443:https"]);
    assert!(
        !single.contains("name: https"),
        "one port stays unnamed:\n{single}"
    );
    let (named, _) = generate(&["clusterip", "web", "--port", "443", "--port-name", "tls"]);
    assert!(named.contains("  - name: tls\n"), "{named}");
}

#[test]
fn every_option() {
    insta::assert_snapshot!(
        "loadbalancer_every_option",
        transcript(&[
            "loadbalancer",
            "shop",
            "-n",
            "prod",
            "--port",
            "80:http,443:https",
            "--node-port",
            "30080,30443",
            "--selector",
            "app.kubernetes.io/name=shop,app.kubernetes.io/component=web",
            "--label",
            "team=payments",
            "--label",
            "app.kubernetes.io/part-of=shop",
            "--annotation",
            "example.com/owner=payments@example.com",
            "--annotation",
            "example.com/note=yes: really",
            "--external-traffic-policy",
            "local",
            "--internal-traffic-policy",
            "Local",
            "--session-affinity",
            "ClientIP",
            "--session-affinity-timeout",
            "3600",
            "--load-balancer-class",
            "service.k8s.aws/nlb",
            "--source-range",
            "203.0.113.0/24,2001:DB8::/32",
            "--ip-family-policy",
            "PreferDualStack",
            "--ip-family",
            "IPv4,IPv6",
        ])
    );
    insta::assert_snapshot!(
        "headless_for_peers",
        transcript(&[
            "headless",
            "db-peers",
            "--port",
            "5432:postgres",
            "--selector",
            "app=db",
            "--publish-not-ready-addresses",
        ])
    );
    insta::assert_snapshot!(
        "selectorless",
        transcript(&["headless", "legacy-db", "--port", "5432", "--no-selector"])
    );
}

#[test]
fn json_is_the_same_manifest() {
    let args = [
        "nodeport",
        "web",
        "--port",
        "80:http,443:https",
        "--node-port",
        "30080",
        "--label",
        "on=yes",
    ];
    let (yaml, _) = generate(&args);
    let (json, _) = generate(&[&args[..], &["--format", "json"]].concat());
    insta::assert_snapshot!("json_format", json);
    let from_json: Value = serde_json::from_str(&json).unwrap();
    let stream = svcctl::model::yaml::parse_stream(&yaml, svcctl::model::yaml::Limits::default());
    assert!(stream.errors.is_empty());
    let root = stream.documents[0].root.as_ref().unwrap();
    let from_yaml = svcctl::model::decode::decode(root, svcctl::model::schema::service());
    assert!(from_yaml.issues.is_empty(), "{:?}", from_yaml.issues);
    assert_eq!(svcctl::model::decode::to_json(root), from_json);
}

#[test]
fn from_a_workload() {
    insta::assert_snapshot!(
        "from_deployment",
        transcript(&["nodeport", "--from", "fixtures/new/deployment.yaml"])
    );
    insta::assert_snapshot!(
        "from_deployment_with_port",
        transcript(&[
            "loadbalancer",
            "web-public",
            "--from",
            "fixtures/new/deployment.yaml",
            "--port",
            "443:http"
        ])
    );
    insta::assert_snapshot!(
        "from_statefulset_headless",
        transcript(&[
            "headless",
            "--from",
            "fixtures/new/statefulset.yaml",
            "--publish-not-ready-addresses"
        ])
    );
    insta::assert_snapshot!(
        "from_pod_dns",
        transcript(&["clusterip", "--from", "fixtures/new/pod.yaml"])
    );
    insta::assert_snapshot!(
        "from_several_pick_one",
        transcript(&[
            "clusterip",
            "--from",
            "fixtures/new/several.yaml",
            "--workload",
            "daemonset/agent",
            "--port",
            "80"
        ])
    );
    insta::assert_snapshot!(
        "from_job_with_port",
        transcript(&[
            "clusterip",
            "--from",
            "fixtures/new/job.yaml",
            "--port",
            "80:8080"
        ])
    );
    // `kubectl get deploy web -o yaml | svcctl new … --from -`
    let text = std::fs::read_to_string("fixtures/new/deployment.yaml").unwrap();
    let out = svcctl()
        .args(["new", "--no-config", "clusterip", "--from", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("targetPort: metrics"));
}

/// Input that cannot make a valid Service, and what the message must say.
#[rustfmt::skip]
const REFUSALS: &[(&str, &str)] = &[
    // Ports.
    ("nodeport web --port 0", "--port 0: port must be between 1 and 65535, inclusive"),
    ("nodeport web --port 65536", "--port 65536: port must be between 1 and 65535, inclusive"),
    ("clusterip web --port 80:0", "the target port must be between 1 and 65535"),
    ("clusterip web --port 80:70000", "the target port must be between 1 and 65535"),
    ("clusterip web --port http", "--port http: port \"http\" is not a number"),
    ("clusterip web --port 443:HTTPS", "did you mean \"https\"?"),
    ("clusterip web --port 443:https-for-the-web", "must be no more than 15 characters"),
    ("clusterip web --port 443:my--tls", "must not contain consecutive hyphens"),
    ("clusterip web --port 80/http", "Unsupported value: \"http\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
    ("clusterip web --port 80:", "an empty TARGET"),
    ("clusterip web --port 80 --port 80/tcp", "port 80/TCP is given twice"),
    ("clusterip web", "a clusterip Service needs at least one port"),
    ("nodeport web", "a nodeport Service needs at least one port"),
    ("clusterip web --port 80,443 --target 8080", "--target sets the target of a single port, but there are 2"),
    ("clusterip web --port 80:8080 --target 9090", "already has a target"),
    ("clusterip web --target 8080", "--target needs a --port"),
    ("clusterip web --port 80 --port-name a,b", "2 --port-name values for 1 port"),
    ("clusterip web --port 80,443 --port-name x,x", "--port-name x is given twice"),
    ("clusterip web --port 80 --port-name Web_Port", "--port-name \"Web_Port\""),
    ("clusterip web --port 80 --app-protocol not/a/protocol", "--app-protocol \"not/a/protocol\""),
    // Node ports.
    ("nodeport web --port 80 --node-port 99999", RANGE),
    ("nodeport web --port 80 --node-port -1", RANGE),
    ("loadbalancer web --port 80 --node-port 8080", RANGE),
    ("nodeport web --port 80 --node-port http", "is not a number"),
    ("clusterip web --port 80 --node-port 30007", "--node-port is only for nodeport and loadbalancer Services"),
    ("headless web --port 80 --node-port 30007", "a headless Service has no node ports"),
    ("externalname web --external-name a.example.com --node-port 30007", "an externalname Service has no node ports"),
    ("nodeport web --port 80 --node-port 30001,30002", "2 --node-port values for 1 port"),
    ("nodeport web --port 80,443 --node-port 30001,30001", "--node-port 30001 is given for port 80 and port 443"),
    // ExternalName.
    ("externalname web", "an externalname Service needs --external-name HOST"),
    ("externalname web --external-name Not_A_DNS", "--external-name \"Not_A_DNS\": a lowercase RFC 1123 subdomain"),
    ("externalname web --external-name DB.example.com", "did you mean db.example.com?"),
    ("externalname web --external-name .", "Required value"),
    ("externalname web --external-name 10.0.0.5", "an ExternalName is a DNS name (a CNAME), not an address"),
    ("externalname web --external-name a.example.com --selector app=web", "--selector: an externalname Service is a DNS alias"),
    ("externalname web --external-name a.example.com --port 80:8080", "--port 80:8080: an externalname Service has no Pods"),
    ("externalname web --external-name a.example.com --ip-family IPv4", "--ip-family: may not be set for ExternalName services"),
    ("externalname web --external-name a.example.com --session-affinity ClientIP", "--session-affinity"),
    ("clusterip web --port 80 --external-name a.example.com", "--external-name is only for externalname Services"),
    // Headless.
    ("headless web --port 80 --node-port 30007", "--node-port is only for nodeport and loadbalancer Services"),
    ("headless web --port 80 --external-traffic-policy Local", "may only be set for externally-accessible services"),
    ("headless web --port 80 --internal-traffic-policy Local", "a headless Service has no virtual IP"),
    ("headless web --port 80 --session-affinity ClientIP", "a headless Service has no virtual IP to keep affinity on"),
    // Names and metadata.
    ("clusterip Web_1 --port 80", "NAME \"Web_1\" is not a valid Service name"),
    ("clusterip Web_1 --port 80", "did you mean web-1?"),
    ("clusterip --port 80 --selector app=Web_Shop", "the name \"Web_Shop\" (from the app selector value) is not a valid Service name"),
    ("clusterip 1web --port 80 --kube-version 1.35", "a DNS-1035 label"),
    ("clusterip web --port 80 -n Prod", "--namespace \"Prod\""),
    ("clusterip web --port 80 --label team", "--label \"team\": \"team\" is not KEY=VALUE"),
    ("clusterip web --port 80 --annotation example.com/a/b=x", "--annotation \"example.com/a/b\""),
    ("clusterip web --port 80 --annotation note", "--annotation \"note\" is not KEY=VALUE"),
    (
        "clusterip web --port 80 --annotation service.kubernetes.io/topology-mode=Auto --annotation service.kubernetes.io/topology-aware-hints=Disabled",
        "must match annotations[service.kubernetes.io/topology-aware-hints]",
    ),
    (
        "clusterip web --port 80 --annotation service.beta.kubernetes.io/load-balancer-source-ranges=10.0.0.0/8",
        "may only be used when `type` is 'LoadBalancer'",
    ),
    (
        "loadbalancer web --port 80 --source-range 10.0.0.0/8 --annotation service.beta.kubernetes.io/load-balancer-source-ranges=10.0.0.0/8",
        "give the ranges once",
    ),
    // Selectors.
    ("clusterip web --port 80 --selector app", "--selector \"app\": \"app\" is not KEY=VALUE"),
    ("clusterip web --port 80 --selector app=web,app=api", "--selector gives app twice"),
    ("clusterip web --port 80 --selector=-bad=web", "key \"-bad\""),
    ("clusterip web --port 80 --selector 'app=a b'", "value \"a b\""),
    ("clusterip web --port 80 --selector ,", "--selector is empty"),
    // Type-specific fields.
    ("clusterip web --port 80 --external-traffic-policy Local", "may only be set for externally-accessible services"),
    ("clusterip web --port 80 --session-affinity-timeout 60", "needs --session-affinity ClientIP"),
    ("clusterip web --port 80 --session-affinity ClientIP --session-affinity-timeout 0", "must be between 1 and 86400 seconds"),
    ("clusterip web --port 80 --session-affinity ClientIP --session-affinity-timeout 86401", "must be between 1 and 86400 seconds"),
    ("clusterip web --port 80 --session-affinity ClientIP --session-affinity-timeout 1h", "is not a number of seconds"),
    ("nodeport web --port 80 --load-balancer-class x.io/lb", "--load-balancer-class is only for loadbalancer Services"),
    ("loadbalancer web --port 80 --load-balancer-class Bad/Class", "--load-balancer-class \"Bad/Class\""),
    ("nodeport web --port 80 --source-range 10.0.0.0/8", "--source-range is only for loadbalancer Services"),
    ("loadbalancer web --port 80 --source-range 192.168.1.5/24", "did you mean 192.168.1.0/24 or 192.168.1.5/32?"),
    ("loadbalancer web --port 80 --source-range 10.0.0.1", "a single address is 10.0.0.1/32"),
    ("loadbalancer web --port 80 --source-range 010.0.0.0/8", "must not have leading 0s"),
    ("loadbalancer web --port 80 --source-range example.com", "must be a valid CIDR value"),
    ("clusterip web --port 80 --ip-family IPv4,IPv6", "need --ip-family-policy PreferDualStack or RequireDualStack"),
    ("clusterip web --port 80 --ip-family IPv4,IPv4", "--ip-family IPv4 is given twice"),
    ("clusterip web --port 80 --ip-family IPv6 --ip-families IPv4", "--ip-family IPv6: not configured on this cluster"),
    ("clusterip web --port 80 --ip-family-policy RequireDualStack --ip-families IPv4", "this cluster is not configured for dual-stack services"),
    // --from.
    ("clusterip --from fixtures/new/missing.yaml", "--from fixtures/new/missing.yaml: no such file or directory"),
    ("clusterip --from fixtures/new/services.yaml", "no Deployment, StatefulSet, DaemonSet"),
    ("clusterip --from fixtures/new/several.yaml", "holds 3 workloads"),
    ("clusterip --from fixtures/new/several.yaml --workload api", "write KIND/NAME"),
    ("clusterip --from fixtures/new/several.yaml --workload nope", "--workload nope: no such workload"),
    ("clusterip --from fixtures/new/job.yaml", "declares no container ports"),
    ("clusterip --from fixtures/new/deployment.yaml --port 80:htp", "declares no port named htp"),
    ("clusterip --from fixtures/new/deployment.yaml --port 80:htp", "did you mean http?"),
    ("clusterip --from fixtures/new/deployment.yaml --port 80:http/UDP", "port http of deployment.apps/web is TCP, not UDP"),
    ("clusterip --from fixtures/new/deployment.yaml -n other", "deployment.apps/web lives in namespace shop"),
    ("externalname x --external-name a.example.com --from fixtures/new/deployment.yaml", "--from: an externalname Service"),
    // Settings.
    ("nodeport web --port 80 --node-port-range oops", "--node-port-range"),
];

const RANGE: &str =
    "provided port is not in the valid range. The range of valid ports is 30000-32767";

#[test]
fn refusals() {
    let mut all = String::new();
    for (line, expected) in REFUSALS {
        let args = words(line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let stderr = refuse(&args);
        assert!(
            stderr.contains(expected),
            "svcctl new {line}:\n  expected {expected:?}\n  got {stderr}"
        );
        all.push_str(&format!("$ svcctl new {line}\n{stderr}\n"));
    }
    insta::assert_snapshot!("refusals", all);
}

/// A headless Service whose targetPort differs from its port is valid, and EndpointSlice readers
/// (a Gateway, an Ingress controller) use the pair, but clients that resolve the name connect on
/// `port`. `new` writes it and says what `svcctl lint` says about the result, word for word.
// See: issue 19, point 3.
#[test]
fn headless_with_a_different_target_port_is_written_with_lint_s_warning() {
    let (stdout, stderr) = generate(&[
        "headless",
        "db",
        "--port",
        "5432:5433",
        "--selector",
        "app=db",
    ]);
    assert!(
        stdout.contains("port: 5432") && stdout.contains("targetPort: 5433"),
        "{stdout}"
    );
    let out = svcctl()
        .args(["lint", "--no-config", "--format", "json", "-"])
        .write_stdin(stdout)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings: Vec<(&str, &str, &str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["field"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
                d["help"].as_str().unwrap(),
            )
        })
        .collect();
    let [(rule, field, message, help)] = findings.as_slice() else {
        panic!("one finding expected: {findings:?}");
    };
    assert_eq!(
        (*rule, *field),
        ("ignored-on-headless", "spec.ports[0].targetPort")
    );
    assert!(
        message.starts_with("port 5432 is not remapped to targetPort 5433"),
        "{message}"
    );
    assert_eq!(
        stderr,
        format!("warning[ignored-on-headless] {field}: {message} (help: {help})\n")
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let stderr = refuse(&[
        "nodeport",
        "Web",
        "--port",
        "0",
        "--port",
        "80",
        "--node-port",
        "auto,99999",
        "--selector",
        "app",
    ]);
    insta::assert_snapshot!("several_refusals", stderr);
    assert_eq!(stderr.matches("error: ").count(), 4, "{stderr}");
}

#[test]
fn node_port_range_follows_the_setting_and_the_config_file() {
    let (out, _) = generate(&[
        "nodeport",
        "web",
        "--port",
        "80",
        "--node-port",
        "20106",
        "--node-port-range",
        "20106-32767",
    ]);
    assert!(out.contains("nodePort: 20106"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".svcctl.yaml"),
        "node-port-range: 20106-32767\n",
    )
    .unwrap();
    let out = svcctl()
        .current_dir(dir.path())
        .args([
            "new",
            "nodeport",
            "web",
            "--port",
            "80",
            "--node-port",
            "20106",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = svcctl()
        .current_dir(dir.path())
        .args([
            "new",
            "nodeport",
            "web",
            "--port",
            "80",
            "--node-port",
            "32768",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("The range of valid ports is 20106-32767")
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn output_file_is_never_clobbered_and_appends_as_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("svc.yaml");
    let file_arg = file.to_str().unwrap();
    let (stdout, stderr) = generate(&["clusterip", "web", "--port", "80", "-o", file_arg]);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains(&format!("note: wrote service/web to {file_arg}")),
        "{stderr}"
    );
    let first = read(&file);
    assert!(first.starts_with("apiVersion: v1\n"));

    let stderr = refuse(&["clusterip", "api", "--port", "80", "-o", file_arg]);
    assert!(
        stderr.contains("already exists; use --force to overwrite it or --append"),
        "{stderr}"
    );
    assert_eq!(read(&file), first, "a refusal leaves the file alone");

    generate(&[
        "clusterip",
        "api",
        "--port",
        "80",
        "-o",
        file_arg,
        "--force",
    ]);
    assert!(read(&file).contains("name: api"));
    assert!(!read(&file).contains("name: web"));

    let (_, stderr) = generate(&[
        "nodeport", "web", "--port", "80", "-o", file_arg, "--append",
    ]);
    assert!(stderr.contains("note: appended service/web to"), "{stderr}");
    let both = read(&file);
    assert_eq!(both.matches("\n---\n").count(), 1, "{both}");
    assert!(both.contains("name: api") && both.contains("name: web"));
    let report = svcctl()
        .args(["lint", "--no-config", file_arg])
        .output()
        .unwrap();
    assert_eq!(
        report.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&report.stdout)
    );

    // --append to a file that does not exist yet creates it, with no separator.
    let fresh = dir.path().join("fresh.yaml");
    generate(&[
        "clusterip",
        "web",
        "--port",
        "80",
        "-o",
        fresh.to_str().unwrap(),
        "--append",
    ]);
    assert!(read(&fresh).starts_with("apiVersion: v1\n"));

    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn append_refuses_what_would_conflict_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("services.yaml");
    std::fs::copy("fixtures/new/services.yaml", &file).unwrap();
    let before = read(&file);
    let file_arg = file.to_str().unwrap();
    let stderr = refuse(&[
        "nodeport",
        "admin",
        "--port",
        "8080",
        "--node-port",
        "30080",
        "-o",
        file_arg,
        "--append",
    ]);
    assert!(
        stderr.contains("would make it invalid, so nothing was written"),
        "{stderr}"
    );
    assert!(stderr.contains("30080"), "{stderr}");
    let stderr = refuse(&[
        "nodeport", "frontend", "--port", "80", "-o", file_arg, "--append",
    ]);
    assert!(stderr.contains("would make it invalid"), "{stderr}");
    assert_eq!(read(&file), before);
    let stderr = refuse(&[
        "nodeport", "admin", "--port", "80", "-o", file_arg, "--append", "--format", "json",
    ]);
    assert!(stderr.contains("--append adds a YAML document"), "{stderr}");
    let stderr = refuse(&[
        "nodeport",
        "admin",
        "--port",
        "80",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert!(stderr.contains("is a directory"), "{stderr}");
    // The same Service name in another namespace does not conflict.
    generate(&[
        "nodeport", "frontend", "-n", "staging", "--port", "80", "-o", file_arg, "--append",
    ]);
}

#[test]
fn help_lists_examples() {
    let out = svcctl().args(["new", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("svcctl new nodeport frontend --port 80 --target 3000 --node-port 30007")
    );
    assert!(help.contains("--external-traffic-policy"));
}

/// Every combination is generated (YAML and JSON) into one folder, which must then lint with no
/// error-level finding at all, every file holding exactly one Service.
#[test]
fn round_trip_lints_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = 0;
    for (i, line) in MATRIX.iter().enumerate() {
        for format in ["yaml", "json"] {
            let path = dir.path().join(format!("{i:02}.{format}"));
            let mut args = words(line);
            args.extend(["--format", format, "-o", path.to_str().unwrap()].map(String::from));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            generate(&args);
            files += 1;
        }
    }
    // Each Service is linted on its own: names repeat across files, by design of the matrix.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let out = svcctl()
            .args(["lint", "--no-config", "--format", "json", "--select", "all"])
            .arg(&path)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<&Value> = report["diagnostics"]
            .as_array()
            .map(|d| d.iter().filter(|d| d["severity"] == "error").collect())
            .unwrap_or_default();
        assert!(
            errors.is_empty(),
            "{}:\n{}\n{errors:#?}",
            path.display(),
            std::fs::read_to_string(&path).unwrap()
        );
        assert_eq!(report["summary"]["services"], 1, "{}", path.display());
        // What remains describes a choice the command line made on purpose: a NodePort, an
        // open LoadBalancer, the same port over TCP and UDP.
        for d in report["diagnostics"].as_array().into_iter().flatten() {
            let rule = d["rule"].as_str().unwrap_or_default();
            assert!(
                [
                    "node-port-exposed",
                    "load-balancer-without-source-ranges",
                    "same-port-tcp-and-udp"
                ]
                .contains(&rule),
                "{}: unexpected finding {d:#}",
                path.display()
            );
        }
    }
    assert_eq!(files, MATRIX.len() * 2);
}

#[test]
fn explain_examples_are_what_the_command_prints() {
    for kind in [
        "clusterip",
        "nodeport",
        "loadbalancer",
        "externalname",
        "headless",
    ] {
        let command = svcctl::generate::example_command(kind).unwrap();
        let args: Vec<&str> = command.split_whitespace().skip(2).collect();
        let (stdout, _) = generate(&args);
        assert_eq!(
            svcctl::generate::example_manifest(kind).as_deref(),
            Some(stdout.as_str()),
            "{command}"
        );
    }
}
