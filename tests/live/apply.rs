//! `svcctl apply` and `svcctl diff` against the real API server: what they print and exit with,
//! and what the server holds afterwards. Each test has namespaces of its own; none pins a node
//! port (node ports are global to the server and outlive a run), so they run in any order, in
//! parallel, and again on the same server.
//!
//! See: issue 6 (svcctl apply and svcctl diff), issue 21 (live tests).

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::harness::{Conn, Live, Run};
use crate::live;

/// `{ns}` is the test's namespace.
const SVC: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: {ns}
  labels:
    tier: front
    app: web
spec:
  type: ClusterIP
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
";

/// [`SVC`] as a NodePort Service. Only the tests about node ports use it: a node port allocated
/// here is taken for the server's life, and `tests/live/new.rs` asks for some by number.
fn node_port_svc() -> String {
    SVC.replace("type: ClusterIP", "type: NodePort")
}

struct Case {
    live: &'static Live,
    conn: Conn,
    dir: TempDir,
    ns: String,
}

impl Case {
    fn new(live: &'static Live, prefix: &str) -> Case {
        let conn = live.conn();
        let ns = conn.namespace(prefix);
        Case {
            live,
            conn,
            dir: tempfile::tempdir().expect("a temp dir"),
            ns,
        }
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text.replace("{ns}", &self.ns))
            .expect("writable temp dir");
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// svcctl with the live kubeconfig; the namespace shows as `[NS]` in its output.
    fn run(&self, args: &[&str]) -> Run {
        self.unns(self.live.svcctl(self.dir.path(), args))
    }

    fn run_bare(&self, args: &[&str]) -> Run {
        self.unns(self.live.svcctl_bare(self.dir.path(), args))
    }

    fn unns(&self, run: Run) -> Run {
        Run {
            stdout: run.stdout.replace(&self.ns, "[NS]"),
            stderr: run.stderr.replace(&self.ns, "[NS]"),
            ..run
        }
    }

    fn service(&self, name: &str) -> Option<Value> {
        let (code, body) = self
            .conn
            .get(&format!("/api/v1/namespaces/{}/services/{name}", self.ns));
        match code {
            200 => Some(body),
            404 => None,
            _ => panic!("GET service {name}: {code} {body}"),
        }
    }

    fn kubeconfig_with(&self, name: &str, edit: impl Fn(&str) -> String) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, edit(&self.live.kubeconfig_text())).expect("writable temp dir");
        path.display().to_string()
    }
}

/// Server-made values (allocated IPs and ports) as placeholders, for snapshots.
fn unallocated(text: &str) -> String {
    let ip = regex::Regex::new(r"10\.(9[6-9]|1[01][0-9])\.\d+\.\d+").expect("regex");
    let port = regex::Regex::new(r"\b3[0-2]\d{3}\b").expect("regex");
    port.replace_all(&ip.replace_all(text, "[CLUSTER-IP]"), "[NODE-PORT]")
        .into_owned()
}

fn managers(obj: &Value) -> Vec<(String, String)> {
    obj.pointer("/metadata/managedFields")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|m| {
                    let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    (s("manager"), s("operation"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn apply_creates_then_reports_unchanged_and_configured() {
    let live = live!();
    let case = Case::new(live, "apply");
    case.write("svc.yaml", SVC);
    let run = case.run(&["apply", "svc.yaml"]).expect(0);
    assert_eq!(
        run.stdout,
        "service/web created\nweb: 0 ready endpoints — no running Pod matches app=web\n"
    );
    assert_eq!(run.stderr, "");
    let live_svc = case.service("web").expect("created");
    assert_eq!(managers(&live_svc), [("svcctl".into(), "Apply".into())]);
    assert_eq!(
        live_svc.pointer("/metadata/labels"),
        Some(&json!({"tier": "front", "app": "web"}))
    );
    let rv = live_svc.pointer("/metadata/resourceVersion").cloned();

    let run = case.run(&["apply", "svc.yaml"]).expect(0);
    assert!(
        run.stdout.starts_with("service/web unchanged\n"),
        "{}",
        run.stdout
    );
    let again = case.service("web").expect("still there");
    assert_eq!(again.pointer("/metadata/resourceVersion").cloned(), rv);

    case.write(
        "svc.yaml",
        &SVC.replace("targetPort: 8080", "targetPort: 9090"),
    );
    let run = case.run(&["apply", "svc.yaml"]).expect(0);
    assert!(
        run.stdout.starts_with("service/web configured\n"),
        "{}",
        run.stdout
    );
    let changed = case.service("web").expect("still there");
    assert_eq!(
        changed.pointer("/spec/ports/0/targetPort"),
        Some(&json!(9090))
    );
}

#[test]
fn server_dry_run_stores_nothing_and_says_what_would_happen() {
    let live = live!();
    let case = Case::new(live, "dryrun");
    case.write("svc.yaml", SVC);
    let run = case
        .run(&["apply", "--dry-run=server", "svc.yaml"])
        .expect(0);
    // No endpoints are reported for what was not created.
    assert_eq!(run.stdout, "service/web created (server dry run)\n");
    assert!(case.service("web").is_none());

    case.run(&["apply", "svc.yaml"]).expect(0);
    let run = case
        .run(&["apply", "--dry-run=server", "svc.yaml"])
        .expect(0);
    assert_eq!(run.stdout, "service/web unchanged (server dry run)\n");
    case.write(
        "svc.yaml",
        &SVC.replace("app: web\n  ports", "app: web2\n  ports"),
    );
    let run = case
        .run(&["apply", "--dry-run=server", "svc.yaml"])
        .expect(0);
    assert_eq!(run.stdout, "service/web configured (server dry run)\n");
    let kept = case.service("web").expect("still there");
    assert_eq!(kept.pointer("/spec/selector"), Some(&json!({"app": "web"})));
}

#[test]
fn client_dry_run_prints_the_body_and_creates_nothing() {
    let live = live!();
    let case = Case::new(live, "client");
    case.write("svc.yaml", SVC);
    let run = case
        .run(&["apply", "--dry-run=client", "svc.yaml"])
        .expect(0);
    assert!(
        run.stdout
            .contains("(client dry run, nothing sent)\napiVersion: v1\n"),
        "{}",
        run.stdout
    );
    assert!(case.service("web").is_none());
}

#[test]
fn an_invalid_file_is_not_sent() {
    let live = live!();
    let case = Case::new(live, "invalid");
    case.write(
        "svc.yaml",
        &node_port_svc().replace("targetPort: 8080", "targetPort: 8080\n    nodePort: 99999"),
    );
    let run = case.run(&["apply", "svc.yaml"]).expect(1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("svc.yaml:17:15"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("nothing was sent to the cluster\n"),
        "{}",
        run.stderr
    );
    assert!(case.service("web").is_none());
    // diff lints too; its exit 1 means "a difference", so lint errors are exit 2.
    case.run(&["diff", "svc.yaml"]).expect(2);
}

#[test]
fn diff_exits_1_for_a_new_or_changed_object_0_for_none_2_for_a_refusal() {
    let live = live!();
    let case = Case::new(live, "diff");
    case.write("svc.yaml", SVC);
    let new = case.run(&["diff", "svc.yaml"]).expect(1);
    insta::assert_snapshot!("live_diff_new_object", unallocated(&new.stdout));
    assert!(case.service("web").is_none());

    case.run(&["apply", "svc.yaml"]).expect(0);
    let same = case.run(&["diff", "svc.yaml"]).expect(0);
    assert_eq!(same.stdout, "");

    case.write(
        "svc.yaml",
        &SVC.replace("targetPort: 8080", "targetPort: 9090")
            .replace("app: web\n  ports", "app: web-v2\n  ports"),
    );
    let changed = case.run(&["diff", "svc.yaml"]).expect(1);
    insta::assert_snapshot!("live_diff_changed_object", unallocated(&changed.stdout));

    // The server refuses a cluster IP change: diff cannot say what would happen.
    case.write(
        "bad.yaml",
        &SVC.replace("  ports:", "  clusterIP: 10.96.0.10\n  ports:"),
    );
    let refused = case.run(&["diff", "bad.yaml"]).expect(2);
    assert!(
        refused.stderr.contains("may not change once set"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_node_port_already_allocated_points_at_its_line() {
    let live = live!();
    let case = Case::new(live, "nodeport");
    case.write("first.yaml", &node_port_svc());
    case.run(&["apply", "first.yaml"]).expect(0);
    let taken = case
        .service("web")
        .and_then(|s| s.pointer("/spec/ports/0/nodePort").cloned())
        .and_then(|p| p.as_u64())
        .expect("an allocated node port");
    case.write(
        "second.yaml",
        &node_port_svc()
            .replace("name: web\n", "name: api\n")
            .replace(
                "targetPort: 8080",
                &format!("targetPort: 8080\n    nodePort: {taken}"),
            ),
    );
    let run = case.run(&["apply", "second.yaml"]).expect(1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(unallocated(&run.stderr));
    assert!(case.service("api").is_none());
    // For diff any refusal is an error.
    case.run(&["diff", "second.yaml"]).expect(2);
}

#[test]
fn a_conflict_lists_fields_and_managers_and_force_takes_them_over() {
    let live = live!();
    let case = Case::new(live, "conflict");
    let theirs = json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "web", "namespace": case.ns},
        "spec": {"type": "ClusterIP", "selector": {"app": "web-v2"},
                 "ports": [{"name": "http", "port": 80, "targetPort": 9090}]}
    });
    let (code, body) = case.conn.request(
        "PATCH",
        &format!(
            "/api/v1/namespaces/{}/services/web?fieldManager=other-tool",
            case.ns
        ),
        "application/apply-patch+yaml",
        Some(&serde_json::to_vec(&theirs).expect("JSON")),
    );
    assert_eq!(code, 201, "{body}");
    case.write("svc.yaml", SVC);
    let run = case.run(&["apply", "svc.yaml"]).expect(1);
    insta::assert_snapshot!(run.stderr);
    assert!(run.stderr.contains("--force-conflicts"));

    let run = case
        .run(&["apply", "--force-conflicts", "svc.yaml"])
        .expect(0);
    assert!(
        run.stdout.starts_with("service/web configured\n"),
        "{}",
        run.stdout
    );
    let now = case.service("web").expect("still there");
    assert_eq!(now.pointer("/spec/selector"), Some(&json!({"app": "web"})));
    assert!(managers(&now).contains(&("svcctl".into(), "Apply".into())));
}

#[test]
fn an_unknown_field_the_server_finds_points_at_its_line() {
    // With the lint rule silenced, `fieldValidation=Strict` still makes the server refuse it
    // (server-side apply answers 500 "field not declared in schema", with an SMD path).
    let live = live!();
    let case = Case::new(live, "unknown");
    case.write(
        "svc.yaml",
        &SVC.replace("    targetPort: 8080\n", "    targetport: 8080\n"),
    );
    let run = case
        .run(&["apply", "--ignore", "unknown-field", "svc.yaml"])
        .expect(1);
    insta::assert_snapshot!(run.stderr);
    assert!(case.service("web").is_none());
}

#[test]
fn a_missing_namespace_is_one_line_and_stops_its_objects() {
    let live = live!();
    let case = Case::new(live, "nons");
    case.write(
        "svc.yaml",
        &format!("{SVC}---\n{}", SVC.replace("name: web", "name: api"))
            .replace("  namespace: {ns}\n", ""),
    );
    let run = case
        .run(&["apply", "-n", "svcctl-no-such-namespace", "svc.yaml"])
        .expect(2);
    assert_eq!(
        run.stderr,
        "error: namespace \"svcctl-no-such-namespace\" does not exist on https://[LIVE]; create \
         it (kubectl create namespace svcctl-no-such-namespace) or choose another with \
         --namespace\nsvcctl: 2 of 2 objects were not applied\n"
    );
}

#[test]
fn a_wrong_token_is_one_line_and_prints_no_secret() {
    let live = live!();
    let case = Case::new(live, "token");
    case.write("svc.yaml", SVC);
    let token = regex::Regex::new(r"(?m)^(\s*token:).*$").expect("regex");
    let kc = case.kubeconfig_with("wrong-token", |text| {
        token.replace(text, "$1 s3cr3t-wrong-token").into_owned()
    });
    for cmd in ["apply", "diff"] {
        let run = case
            .run_bare(&[cmd, "svc.yaml", "--kubeconfig", &kc])
            .expect(2);
        assert_eq!(
            run.stderr,
            "error: the API server at https://[LIVE] refused the credentials of context \"kapi\" \
             (401 Unauthorized); log in again or fix this context's user in the kubeconfig\n"
        );
        assert!(!run.stdout.contains("s3cr3t") && !run.stderr.contains("s3cr3t"));
    }
    assert!(case.service("web").is_none());
}

#[test]
fn a_certificate_authority_that_does_not_match_is_one_line() {
    let live = live!();
    let case = Case::new(live, "tls");
    case.write("svc.yaml", SVC);
    // Any CA certificate but the server's: this one signed nothing.
    let other_ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/live/other-ca.crt");
    let ca = regex::Regex::new(r"(?m)^(\s*)certificate-authority-data:.*$").expect("regex");
    let kc = case.kubeconfig_with("other-ca", |text| {
        ca.replace(
            text,
            format!("${{1}}certificate-authority: {}", other_ca.display()).as_str(),
        )
        .into_owned()
    });
    for cmd in ["apply", "diff"] {
        let run = case
            .run_bare(&[cmd, "svc.yaml", "--kubeconfig", &kc])
            .expect(2);
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            "error: cannot reach the API server at https://[LIVE] (context \"kapi\"): invalid \
             peer certificate: UnknownIssuer; check the cluster's certificate-authority in the \
             kubeconfig\n"
        );
    }
    assert!(case.service("web").is_none());
}

#[test]
fn stdin_is_an_input() {
    let live = live!();
    let case = Case::new(live, "stdin");
    let mut cmd = crate::harness::bare_command(case.dir.path());
    cmd.args(["apply", "--dry-run=server", "-", "--kubeconfig"])
        .arg(&live.kubeconfig)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("svcctl runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("piped");
        stdin
            .write_all(SVC.replace("{ns}", &case.ns).as_bytes())
            .expect("svcctl reads stdin");
    }
    let out = child.wait_with_output().expect("svcctl ends");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "service/web created (server dry run)\n"
    );
}

#[test]
fn a_namespace_listed_first_exists_for_the_objects_after_it() {
    let live = live!();
    let case = Case::new(live, "nsfirst");
    // A namespace of the test's own, made from its unique name.
    let fresh = format!("{}-x", case.ns);
    case.write(
        "app.yaml",
        &format!(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {fresh}\n---\n{}",
            SVC.replace("namespace: {ns}", &format!("namespace: {fresh}"))
        ),
    );
    let run = case.run(&["apply", "--all-kinds", "app.yaml"]).expect(0);
    assert!(
        run.stdout
            .starts_with("namespace/[NS]-x created\nservice/web created\n"),
        "{}",
        run.stdout
    );
    let (code, _) = case
        .conn
        .get(&format!("/api/v1/namespaces/{fresh}/services/web"));
    assert_eq!(code, 200);
}

#[test]
fn kubeconfig_files_merge_and_the_context_gives_the_namespace() {
    let live = live!();
    let case = Case::new(live, "merge");
    let other = case.conn.namespace("mergeplain");
    case.write("svc.yaml", &SVC.replace("  namespace: {ns}\n", ""));
    // The live kubeconfig split in two: clusters and users in one file, contexts in another.
    let full = live.kubeconfig_text();
    let (head, _) = full
        .split_once("contexts:")
        .expect("contexts in the kubeconfig");
    std::fs::write(case.dir.path().join("a.yaml"), head).expect("writable");
    std::fs::write(
        case.dir.path().join("b.yaml"),
        format!(
            "apiVersion: v1\nkind: Config\ncontexts:\n- name: shop-ctx\n  context:\n    cluster: \
             kapi\n    user: admin\n    namespace: {}\n- name: plain\n  context:\n    cluster: \
             kapi\n    user: admin\n    namespace: {other}\ncurrent-context: shop-ctx\n",
            case.ns
        ),
    )
    .expect("writable");
    let list = format!(
        "missing.yaml:{}:{}",
        case.path("a.yaml"),
        case.path("b.yaml")
    );
    let with_list = |args: &[&str]| -> Run {
        let out = crate::harness::bare_command(case.dir.path())
            .args(args)
            .env("KUBECONFIG", &list)
            .output()
            .expect("svcctl runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    with_list(&["apply", "svc.yaml"]).expect(0);
    assert!(case.service("web").is_some());
    with_list(&["apply", "svc.yaml", "--context", "plain"]).expect(0);
    let (code, _) = case
        .conn
        .get(&format!("/api/v1/namespaces/{other}/services/web"));
    assert_eq!(code, 200);
    let run = with_list(&["apply", "svc.yaml", "--context", "nope"]).expect(2);
    assert_eq!(
        run.stderr
            .replace(case.dir.path().to_str().unwrap_or("\u{0}"), "[TMP]"),
        "error: context \"nope\" is not in the kubeconfig ([TMP]/a.yaml, [TMP]/b.yaml; contexts: \
         shop-ctx, plain)\n"
    );
}

#[test]
fn ready_endpoints_are_counted() {
    let live = live!();
    let case = Case::new(live, "ready");
    case.write("svc.yaml", SVC);
    case.conn
        .pods_behind(&case.ns, "web", &json!({"app": "web"}), 2, 1);
    let run = case.run(&["apply", "svc.yaml"]).expect(0);
    assert_eq!(run.stdout, "service/web created\nweb: 2 ready endpoints\n");

    let other = Case::new(live, "notready");
    other.write("svc.yaml", SVC);
    other
        .conn
        .pods_behind(&other.ns, "web", &json!({"app": "web"}), 0, 3);
    let run = other.run(&["apply", "svc.yaml"]).expect(0);
    assert_eq!(
        run.stdout,
        "service/web created\nweb: 0 ready endpoints — 3 Pods match app=web but none is ready\n"
    );
}

#[test]
fn wait_times_out_without_ready_endpoints_and_returns_once_there_is_one() {
    let live = live!();
    let case = Case::new(live, "wait");
    case.write("svc.yaml", SVC);
    let started = Instant::now();
    let run = case
        .run(&["apply", "--wait", "1500ms", "svc.yaml"])
        .expect(1);
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!(
        run.stdout,
        "service/web created\nweb: 0 ready endpoints — no running Pod matches app=web\n"
    );
    assert_eq!(
        run.stderr,
        "error: timed out after 1.5s waiting for web (--wait)\n"
    );

    // A Pod that becomes ready while svcctl waits.
    let ns = case.ns.clone();
    let setter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        let live = crate::harness::live().expect("live tests are on");
        live.conn()
            .pods_behind(&ns, "web", &json!({"app": "web"}), 1, 0);
    });
    let started = Instant::now();
    let run = case.run(&["apply", "--wait", "60s", "svc.yaml"]).expect(0);
    setter.join().expect("the Pod was set up");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(run.stdout, "service/web unchanged\nweb: 1 ready endpoint\n");
}

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: {ns}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
";

#[test]
fn all_kinds_sends_the_other_objects_in_file_order() {
    let live = live!();
    let case = Case::new(live, "allkinds");
    case.write("app.yaml", &format!("{DEPLOYMENT}---\n{SVC}"));
    let run = case.run(&["apply", "app.yaml"]).expect(0);
    assert_eq!(
        run.stderr,
        "svcctl: skipping 1 object that is not a core/v1 Service (--all-kinds sends other kinds too)\n"
    );
    assert!(run.stdout.starts_with("service/web created\n"));
    let deployment = format!("/apis/apps/v1/namespaces/{}/deployments/web", case.ns);
    assert_eq!(case.conn.get(&deployment).0, 404);

    let run = case.run(&["apply", "--all-kinds", "app.yaml"]).expect(0);
    assert!(
        run.stdout
            .starts_with("deployment.apps/web created\nservice/web unchanged\n"),
        "{}",
        run.stdout
    );
    assert_eq!(case.conn.get(&deployment).0, 200);
}

const CLUSTER_IP_SVC: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: {ns}
spec:
  selector:
    app: web
  ports:
  - port: 80
";

const EXTERNAL_NAME_SVC: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: {ns}
spec:
  type: ExternalName
  externalName: web.example.com
";

#[test]
fn type_changes_between_cluster_ip_and_external_name_apply_when_the_file_leaves_the_ip_alone() {
    // Server-side apply lets the server drop and re-allocate the cluster IP it owns; kubectl's
    // old "spec.clusterIP: field is immutable" came from client-side apply sending it back.
    let live = live!();
    let case = Case::new(live, "typechange");
    case.write("svc.yaml", CLUSTER_IP_SVC);
    case.run(&["apply", "svc.yaml"]).expect(0);
    case.write("svc.yaml", EXTERNAL_NAME_SVC);
    let run = case.run(&["apply", "svc.yaml"]).expect(0);
    assert_eq!(run.stdout, "service/web configured\n");
    let now = case.service("web").expect("still there");
    assert_eq!(now.pointer("/spec/clusterIP"), None);
    case.write("svc.yaml", CLUSTER_IP_SVC);
    case.run(&["apply", "svc.yaml"]).expect(0);
    let back = case.service("web").expect("still there");
    assert!(back.pointer("/spec/clusterIP").is_some(), "{back}");
}

#[test]
fn a_cluster_ip_the_server_will_not_change_points_at_clusterip_and_says_what_to_do() {
    let live = live!();
    let case = Case::new(live, "immutable");
    case.write("svc.yaml", CLUSTER_IP_SVC);
    case.run(&["apply", "svc.yaml"]).expect(0);
    // Headless now: the allocated IP cannot become None.
    case.write(
        "svc.yaml",
        &CLUSTER_IP_SVC.replace("  ports:", "  clusterIP: None\n  ports:"),
    );
    let run = case.run(&["apply", "svc.yaml"]).expect(1);
    insta::assert_snapshot!(run.stderr);
    // diff fails the same way, with the same advice.
    let run = case.run(&["diff", "svc.yaml"]).expect(2);
    let words: Vec<&str> = run.stderr.split_whitespace().collect();
    assert!(
        words
            .join(" ")
            .contains("(kubectl delete service web -n [NS]) and apply again"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_cluster_ip_on_an_external_name_the_server_refuses_points_at_clusterip() {
    // With the lint rule silenced, the server's own refusal lands on the same line.
    let live = live!();
    let case = Case::new(live, "extname");
    case.write(
        "svc.yaml",
        &EXTERNAL_NAME_SVC.replace(
            "  externalName:",
            "  clusterIP: 10.96.0.200\n  externalName:",
        ),
    );
    let run = case
        .run(&[
            "apply",
            "--ignore",
            "cluster-ip-on-external-name",
            "svc.yaml",
        ])
        .expect(1);
    assert!(
        run.stderr
            .contains("spec.clusterIPs: Forbidden: may not be set for ExternalName services")
            && run.stderr.contains("[svc.yaml:8:14]"),
        "{}",
        run.stderr
    );
}

// See: issue 19, point 7 (kubectl habits).
#[test]
fn apply_and_diff_take_files_with_dash_f_as_kubectl_does() {
    let live = live!();
    let case = Case::new(live, "dashf");
    case.write("svc.yaml", SVC);
    let run = case.run(&["apply", "-f", "svc.yaml"]).expect(0);
    assert!(
        run.stdout.starts_with("service/web created\n"),
        "{}",
        run.stdout
    );
    case.run(&["diff", "--filename", "svc.yaml"]).expect(0);
    case.run(&["diff", "-f", "svc.yaml", "-f", "svc.yaml"])
        .expect(0);
    case.write(
        "svc.yaml",
        &SVC.replace("targetPort: 8080", "targetPort: 9090"),
    );
    case.run(&["diff", "-f", "svc.yaml"]).expect(1);
}

// kubectl 1.32: a bare `--dry-run` is `--dry-run=client` (with a deprecation warning there).
// See: issue 19, point 7.
#[test]
fn a_bare_dry_run_means_client_as_in_kubectl() {
    let live = live!();
    let case = Case::new(live, "baredry");
    case.write("svc.yaml", SVC);
    let client = case
        .run(&["apply", "--dry-run=client", "-f", "svc.yaml"])
        .expect(0);
    assert!(!client.stdout.is_empty());
    for args in [
        &["apply", "--dry-run", "-f", "svc.yaml"][..],
        &["apply", "-f", "svc.yaml", "--dry-run"][..],
        &["apply", "svc.yaml", "--dry-run"][..],
    ] {
        let bare = case.run(args).expect(0);
        assert_eq!(bare.stdout, client.stdout, "{args:?}");
    }
    // kubectl's older boolean spellings: true is client, false applies for real.
    let old_true = case
        .run(&["apply", "--dry-run=true", "-f", "svc.yaml"])
        .expect(0);
    assert_eq!(old_true.stdout, client.stdout);
    assert!(
        case.service("web").is_none(),
        "a client dry run sends nothing"
    );
    // The spelled-out form, with a space, keeps working.
    let server = case
        .run(&["apply", "--dry-run", "server", "svc.yaml"])
        .expect(0);
    assert_eq!(server.stdout, "service/web created (server dry run)\n");
    assert!(
        case.service("web").is_none(),
        "a server dry run stores nothing"
    );
    let real = case
        .run(&["apply", "--dry-run=false", "-f", "svc.yaml"])
        .expect(0);
    assert!(
        real.stdout.starts_with("service/web created\n"),
        "{}",
        real.stdout
    );
    assert!(case.service("web").is_some(), "--dry-run=false applies");
}

// Files are applied in the order they were given, whether as PATH or as -f.
// See: issue 19, point 7.
#[test]
fn paths_and_dash_f_keep_their_command_line_order() {
    let live = live!();
    let case = Case::new(live, "order");
    // A namespace no test has made yet: the Service in it can only be created after it.
    let fresh = format!("{}-new", case.ns);
    case.write(
        "ns.yaml",
        &format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {fresh}\n"),
    );
    case.write(
        "svc.yaml",
        &SVC.replace("namespace: {ns}", &format!("namespace: {fresh}")),
    );
    let run = case
        .run(&["apply", "--all-kinds", "-f", "ns.yaml", "svc.yaml"])
        .expect(0);
    assert!(
        run.stdout.starts_with(&format!(
            "namespace/{} created\nservice/web created\n",
            fresh.replace(&case.ns, "[NS]")
        )),
        "{}",
        run.stdout
    );
}
