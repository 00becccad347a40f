//! `svcctl apply` and `svcctl diff` end to end, against the in-process fake API server
//! (`tests/support/fake_apiserver.rs`, answers shaped like a real kube-apiserver v1.36.2) over a
//! plain-http kubeconfig on 127.0.0.1. No test here needs a cluster or the network; the one that
//! does is `#[ignore]` and reads `SVCCTL_TEST_KUBECONFIG`.
//!
//! See: issue 6 (svcctl apply and svcctl diff).
#![cfg(feature = "cluster")]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use serde_json::json;
use support::fake_apiserver::{Cause, FakeApiServer, RecordedRequest};
use tempfile::TempDir;

const SVC: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels:
    tier: front
    app: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
    nodePort: 30080
";

struct Env {
    server: FakeApiServer,
    dir: TempDir,
    kubeconfig: PathBuf,
}

impl Env {
    fn new() -> Env {
        let server = FakeApiServer::start();
        server.add_namespace("shop");
        let dir = tempfile::tempdir().unwrap();
        let kubeconfig = server.kubeconfig(dir.path());
        Env {
            server,
            dir,
            kubeconfig,
        }
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
    }

    /// `svcctl ARGS --kubeconfig <fake>`, run in the temp dir with no ambient kubeconfig.
    fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let kc = self.kubeconfig.to_str().unwrap();
        all.extend(["--kubeconfig", kc]);
        self.run_bare(&all, &[])
    }

    fn run_bare(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = bare_command(self.dir.path());
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from(cmd.output().unwrap(), self)
    }

    fn patches(&self) -> Vec<RecordedRequest> {
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.method == "PATCH")
            .collect()
    }

    fn filter(&self, text: &str) -> String {
        text.replace(&self.server.url(), "http://[FAKE]")
            .replace(self.dir.path().to_str().unwrap(), "[TMP]")
    }
}

fn bare_command(dir: &Path) -> Command {
    let mut cmd = Command::new(cargo_bin("svcctl"));
    cmd.current_dir(dir)
        .env_remove("KUBECONFIG")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .args(["--color", "never"]);
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn from(out: Output, env: &Env) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: env.filter(&String::from_utf8_lossy(&out.stdout)),
            stderr: env.filter(&String::from_utf8_lossy(&out.stderr)),
        }
    }

    fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

#[test]
fn apply_creates_then_reports_unchanged_and_configured() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let run = env.run(&["apply", "svc.yaml"]).expect(0);
    assert_eq!(
        run.stdout,
        "service/web created\nweb: 0 ready endpoints — no running Pod matches app=web\n"
    );
    assert_eq!(run.stderr, "");

    let requests = env.server.requests();
    let summary: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.response_status))
        .collect();
    assert_eq!(
        summary,
        [
            "GET /api/v1/namespaces/shop/services/web 404",
            "PATCH /api/v1/namespaces/shop/services/web 201",
            "GET /apis/discovery.k8s.io/v1/namespaces/shop/endpointslices 200",
        ]
    );
    let patch = &requests[1];
    assert_eq!(
        patch.header("content-type"),
        Some("application/apply-patch+yaml")
    );
    assert_eq!(patch.query_param("fieldManager"), Some("svcctl"));
    assert_eq!(patch.query_param("fieldValidation"), Some("Strict"));
    assert_eq!(patch.query_param("force"), None);
    assert_eq!(patch.query_param("dryRun"), None);
    // The document exactly as written, key order included (labels are not sorted).
    assert_eq!(
        patch.body,
        r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop","labels":{"tier":"front","app":"web"}},"spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":8080,"nodePort":30080}]}}"#
    );
    assert_eq!(
        requests[2].query_param("labelSelector"),
        Some("kubernetes.io/service-name=web")
    );
    assert!(env.server.object("shop", "services", "web").is_some());

    let run = env.run(&["apply", "svc.yaml"]).expect(0);
    assert!(
        run.stdout.starts_with("service/web unchanged\n"),
        "{}",
        run.stdout
    );

    env.write(
        "svc.yaml",
        &SVC.replace("targetPort: 8080", "targetPort: 9090"),
    );
    let run = env.run(&["apply", "svc.yaml"]).expect(0);
    assert!(
        run.stdout.starts_with("service/web configured\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn server_dry_run_sends_dry_run_all_and_creates_nothing() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let run = env
        .run(&["apply", "--dry-run=server", "svc.yaml"])
        .expect(0);
    assert_eq!(run.stdout, "service/web created (server dry run)\n");
    let patches = env.patches();
    assert_eq!(patches.len(), 1);
    assert_eq!(patches[0].query_param("dryRun"), Some("All"));
    assert_eq!(patches[0].query_param("fieldManager"), Some("svcctl"));
    assert!(env.server.object("shop", "services", "web").is_none());
    // No endpoints are reported for what was not created.
    assert!(
        env.server
            .requests()
            .iter()
            .all(|r| !r.path.contains("endpointslices"))
    );

    env.run(&["apply", "svc.yaml"]).expect(0);
    let run = env
        .run(&["apply", "--dry-run=server", "svc.yaml"])
        .expect(0);
    assert_eq!(run.stdout, "service/web unchanged (server dry run)\n");
    env.write(
        "svc.yaml",
        &SVC.replace("app: web\n  ports", "app: web2\n  ports"),
    );
    let run = env
        .run(&["apply", "--dry-run=server", "svc.yaml"])
        .expect(0);
    assert_eq!(run.stdout, "service/web configured (server dry run)\n");
}

#[test]
fn client_dry_run_prints_the_body_and_contacts_no_server() {
    let env = Env::new();
    env.write(
        "svc.yaml",
        &SVC.replace("  namespace: shop\n", "")
            .replace("tier: front", "release: \"1.10\""),
    );
    let run = env
        .run(&["apply", "--dry-run=client", "-n", "shop", "svc.yaml"])
        .expect(0);
    insta::assert_snapshot!(run.stdout);
    assert!(env.server.requests().is_empty());
}

#[test]
fn an_invalid_file_sends_no_request_at_all() {
    let env = Env::new();
    env.write(
        "svc.yaml",
        &SVC.replace("nodePort: 30080", "nodePort: 99999"),
    );
    let run = env.run(&["apply", "svc.yaml"]).expect(1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("svc.yaml:17:15"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("provided port is not in the valid range"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("nothing was sent to the cluster\n"),
        "{}",
        run.stderr
    );
    assert!(env.server.requests().is_empty());

    // diff lints too; its exit 1 means "a difference", so lint errors are exit 2.
    env.run(&["diff", "svc.yaml"]).expect(2);
    assert!(env.server.requests().is_empty());
}

#[test]
fn diff_exit_codes_follow_kubectl() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let new = env.run(&["diff", "svc.yaml"]).expect(1);
    insta::assert_snapshot!("diff_new_object", new.stdout);
    assert!(env.server.object("shop", "services", "web").is_none());
    assert!(
        env.patches()
            .iter()
            .all(|p| p.query_param("dryRun") == Some("All"))
    );

    env.run(&["apply", "svc.yaml"]).expect(0);
    let same = env.run(&["diff", "svc.yaml"]).expect(0);
    assert_eq!(same.stdout, "");

    env.write(
        "svc.yaml",
        &SVC.replace("targetPort: 8080", "targetPort: 9090")
            .replace("app: web\n  ports", "app: web-v2\n  ports"),
    );
    let changed = env.run(&["diff", "svc.yaml"]).expect(1);
    insta::assert_snapshot!("diff_changed_object", changed.stdout);
}

#[test]
fn a_422_points_at_the_line_of_the_field() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    env.server.reject_with_422(
        "web",
        vec![Cause::invalid(
            "spec.ports[0].nodePort",
            30080,
            "provided port is already allocated",
        )],
    );
    let run = env.run(&["apply", "svc.yaml"]).expect(1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.stderr);
    assert!(run.stderr.contains("[svc.yaml:17:15]"));

    // For diff any refusal is an error.
    env.run(&["diff", "svc.yaml"]).expect(2);
}

#[test]
fn a_conflict_lists_fields_and_managers_and_suggests_force() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let mut live: serde_json::Value = json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"type": "NodePort", "selector": {"app": "web-v2"},
                 "ports": [{"name": "http", "port": 80, "targetPort": 9090, "nodePort": 30080}]}
    });
    live = env.server.seed_as(live, "other-tool", "Apply");
    assert!(live.get("metadata").is_some());
    let run = env.run(&["apply", "svc.yaml"]).expect(1);
    insta::assert_snapshot!(run.stderr);
    assert!(run.stderr.contains("--force-conflicts"));

    let run = env
        .run(&["apply", "--force-conflicts", "svc.yaml"])
        .expect(0);
    assert!(
        run.stdout.starts_with("service/web configured\n"),
        "{}",
        run.stdout
    );
    let last = env.patches().pop().unwrap();
    assert_eq!(last.query_param("force"), Some("true"));
}

#[test]
fn an_unreachable_server_is_one_line() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(&env.kubeconfig)
        .unwrap()
        .replace(&env.server.url(), &format!("http://127.0.0.1:{port}"));
    let kc = env.dir.path().join("dead-kubeconfig");
    std::fs::write(&kc, text).unwrap();
    for cmd in ["apply", "diff"] {
        let run = env
            .run_bare(
                &[cmd, "svc.yaml", "--kubeconfig", kc.to_str().unwrap()],
                &[],
            )
            .expect(2);
        assert_eq!(
            run.stderr,
            format!(
                "error: cannot reach the API server at http://127.0.0.1:{port} (context \"fake\"): \
                 connection refused; is the cluster running, and is this the right --context?\n"
            )
        );
    }
}

#[test]
fn a_silent_server_times_out() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    // Connections are accepted (by the kernel's backlog) and never answered.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let text = std::fs::read_to_string(&env.kubeconfig)
        .unwrap()
        .replace(&env.server.url(), &format!("http://127.0.0.1:{port}"));
    let kc = env.dir.path().join("silent-kubeconfig");
    std::fs::write(&kc, text).unwrap();
    let started = Instant::now();
    let run = env
        .run_bare(
            &[
                "apply",
                "svc.yaml",
                "--timeout",
                "1s",
                "--kubeconfig",
                kc.to_str().unwrap(),
            ],
            &[],
        )
        .expect(2);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(
        run.stderr,
        format!(
            "error: the API server at http://127.0.0.1:{port} did not answer within 1s (--timeout)\n"
        )
    );
    drop(silent);
}

#[test]
fn stdin_is_an_input() {
    let env = Env::new();
    let mut cmd = bare_command(env.dir.path());
    cmd.args(["apply", "--dry-run=server", "-", "--kubeconfig"])
        .arg(&env.kubeconfig)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(SVC.as_bytes()).unwrap();
    }
    let run = Run::from(child.wait_with_output().unwrap(), &env).expect(0);
    assert_eq!(run.stdout, "service/web created (server dry run)\n");
}

#[test]
fn a_namespace_listed_first_exists_for_the_objects_after_it() {
    let env = Env::new();
    env.write(
        "app.yaml",
        &format!(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fresh\n---\n{}",
            SVC.replace("namespace: shop", "namespace: fresh")
        ),
    );
    let run = env.run(&["apply", "--all-kinds", "app.yaml"]).expect(0);
    assert!(
        run.stdout
            .starts_with("namespace/fresh created\nservice/web created\n"),
        "{}",
        run.stdout
    );
    let paths: Vec<String> = env.patches().iter().map(|p| p.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/api/v1/namespaces/fresh",
            "/api/v1/namespaces/fresh/services/web"
        ]
    );
}

#[test]
fn refused_credentials_are_one_line_and_print_no_secret() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    env.server.require_token(Some("the-right-token".into()));
    let text = std::fs::read_to_string(&env.kubeconfig)
        .unwrap()
        .replace("the-right-token", "s3cr3t-wrong-token");
    std::fs::write(&env.kubeconfig, text).unwrap();
    for cmd in ["apply", "diff"] {
        let run = env.run(&[cmd, "svc.yaml"]).expect(2);
        assert_eq!(
            run.stderr,
            "error: the API server at http://[FAKE] refused the credentials of context \"fake\" \
             (401 Unauthorized); log in again or fix this context's user in the kubeconfig\n"
        );
        assert!(!run.stdout.contains("s3cr3t") && !run.stderr.contains("s3cr3t"));
    }
}

#[test]
fn a_missing_namespace_is_one_line() {
    let env = Env::new();
    env.write(
        "svc.yaml",
        &format!("{}---\n{}", SVC, SVC.replace("name: web", "name: api"))
            .replace("  namespace: shop\n", "")
            .replace("    nodePort: 30080\n", ""),
    );
    let run = env.run(&["apply", "-n", "nope", "svc.yaml"]).expect(2);
    assert_eq!(
        run.stderr,
        "error: namespace \"nope\" does not exist on http://[FAKE]; create it (kubectl create \
         namespace nope) or choose another with --namespace\nsvcctl: 2 of 2 objects were not applied\n"
    );
    // The second object is not even tried.
    assert_eq!(env.patches().len(), 1);
}

#[test]
fn a_missing_kubeconfig_is_one_line() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let run = env.run_bare(&["apply", "svc.yaml"], &[]).expect(2);
    assert_eq!(
        run.stderr,
        "error: no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG, or create \
         ~/.kube/config (kind, minikube and cloud CLIs write one)\n"
    );
    let run = env
        .run_bare(
            &["diff", "svc.yaml"],
            &[("KUBECONFIG", "/nonexistent/a:/nonexistent/b")],
        )
        .expect(2);
    assert_eq!(
        run.stderr,
        "error: no kubeconfig: none of the files in KUBECONFIG exists (/nonexistent/a, \
         /nonexistent/b); fix KUBECONFIG or pass --kubeconfig FILE\n"
    );
    let run = env
        .run_bare(&["apply", "svc.yaml", "--kubeconfig", "nope.yaml"], &[])
        .expect(2);
    assert_eq!(
        run.stderr,
        "error: kubeconfig nope.yaml does not exist (--kubeconfig)\n"
    );
}

#[test]
fn a_namespace_flag_contradicting_the_object_is_an_error() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let run = env.run(&["apply", "-n", "other", "svc.yaml"]).expect(2);
    assert!(
        run.stderr
            .contains("the object's namespace \"shop\" does not match --namespace \"other\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[svc.yaml:5:14]"), "{}", run.stderr);
    assert!(env.server.requests().is_empty());
}

#[test]
fn kubeconfig_files_merge_and_the_context_gives_the_namespace() {
    let env = Env::new();
    // Without a nodePort: the same Service lands in two namespaces, and node ports are global.
    env.write(
        "svc.yaml",
        &SVC.replace("  namespace: shop\n", "")
            .replace("    nodePort: 30080\n", ""),
    );
    // Split the fake's kubeconfig in two: clusters and users in one file, contexts in another.
    let full = std::fs::read_to_string(&env.kubeconfig).unwrap();
    let (head, _) = full.split_once("contexts:").unwrap();
    std::fs::write(env.dir.path().join("a.yaml"), head).unwrap();
    std::fs::write(
        env.dir.path().join("b.yaml"),
        "apiVersion: v1\nkind: Config\ncontexts:\n- name: shop-ctx\n  context:\n    cluster: fake\n    \
         user: fake-user\n    namespace: shop\n- name: plain\n  context:\n    cluster: fake\n    \
         user: fake-user\ncurrent-context: shop-ctx\n",
    )
    .unwrap();
    let list = "missing.yaml:a.yaml:b.yaml";
    env.run_bare(&["apply", "svc.yaml"], &[("KUBECONFIG", list)])
        .expect(0);
    assert!(env.server.object("shop", "services", "web").is_some());
    env.run_bare(
        &["apply", "svc.yaml", "--context", "plain"],
        &[("KUBECONFIG", list)],
    )
    .expect(0);
    assert!(env.server.object("default", "services", "web").is_some());
    let run = env
        .run_bare(
            &["apply", "svc.yaml", "--context", "nope"],
            &[("KUBECONFIG", list)],
        )
        .expect(2);
    assert_eq!(
        run.stderr,
        "error: context \"nope\" is not in the kubeconfig (a.yaml, b.yaml; contexts: shop-ctx, \
         plain)\n"
    );
}

#[test]
fn ready_endpoints_are_counted() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    env.server.endpoints_with("shop", "web", 2, 1);
    let run = env.run(&["apply", "svc.yaml"]).expect(0);
    assert_eq!(run.stdout, "service/web created\nweb: 2 ready endpoints\n");
    env.server.endpoints_with("shop", "web", 0, 3);
    let run = env.run(&["apply", "svc.yaml"]).expect(0);
    assert_eq!(
        run.stdout,
        "service/web unchanged\nweb: 0 ready endpoints — 3 Pods match app=web but none is ready\n"
    );
}

#[test]
fn wait_returns_once_ready_and_fails_on_timeout() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let started = Instant::now();
    let run = env
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

    env.server.endpoints("shop", "web", 1);
    let run = env.run(&["apply", "--wait", "30s", "svc.yaml"]).expect(0);
    assert_eq!(run.stdout, "service/web unchanged\nweb: 1 ready endpoint\n");
}

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
    let env = Env::new();
    env.write("app.yaml", &format!("{DEPLOYMENT}---\n{SVC}"));
    let run = env.run(&["apply", "app.yaml"]).expect(0);
    assert_eq!(
        run.stderr,
        "svcctl: skipping 1 object that is not a core/v1 Service (--all-kinds sends other kinds too)\n"
    );
    assert!(run.stdout.starts_with("service/web created\n"));
    assert!(
        env.server
            .object("shop", "deployments.apps", "web")
            .is_none()
    );

    let run = env.run(&["apply", "--all-kinds", "app.yaml"]).expect(0);
    assert!(
        run.stdout
            .starts_with("deployment.apps/web created\nservice/web unchanged\n"),
        "{}",
        run.stdout
    );
    assert!(
        env.server
            .object("shop", "deployments.apps", "web")
            .is_some()
    );
}

#[test]
fn an_unknown_field_the_server_finds_points_at_its_line() {
    // With the lint rule silenced, `fieldValidation=Strict` still makes the server refuse it
    // (server-side apply answers 500 "field not declared in schema", with an SMD path).
    let env = Env::new();
    env.write(
        "svc.yaml",
        &SVC.replace("    targetPort: 8080\n", "    targetport: 8080\n"),
    );
    let run = env
        .run(&["apply", "--ignore", "unknown-field", "svc.yaml"])
        .expect(1);
    insta::assert_snapshot!(run.stderr);
    assert!(env.server.object("shop", "services", "web").is_none());
}

/// Against a real cluster: `SVCCTL_TEST_KUBECONFIG=~/.kube/config cargo test --test cluster --
/// --ignored`. Uses the context's namespace, sends only dry runs.
#[test]
#[ignore = "needs a cluster (SVCCTL_TEST_KUBECONFIG)"]
fn real_cluster_dry_run_and_diff() {
    let Some(kc) = std::env::var_os("SVCCTL_TEST_KUBECONFIG") else {
        panic!("set SVCCTL_TEST_KUBECONFIG to a kubeconfig of a disposable cluster");
    };
    let dir = tempfile::tempdir().unwrap();
    let svc = SVC
        .replace("  namespace: shop\n", "")
        .replace("name: web", "name: svcctl-e2e")
        .replace("    nodePort: 30080\n", "");
    std::fs::write(dir.path().join("svc.yaml"), svc).unwrap();
    let kc = kc.to_str().unwrap().to_string();
    let out = bare_command(dir.path())
        .args(["apply", "--dry-run=server", "svc.yaml", "--kubeconfig", &kc])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("service/svcctl-e2e "), "{stdout}");
    assert!(stdout.ends_with(" (server dry run)\n"), "{stdout}");
    let out = bare_command(dir.path())
        .args(["diff", "svc.yaml", "--kubeconfig", &kc])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// See: issue 19, point 7 (kubectl habits).
#[test]
fn apply_and_diff_take_files_with_dash_f_as_kubectl_does() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let run = env.run(&["apply", "-f", "svc.yaml"]).expect(0);
    assert!(
        run.stdout.starts_with("service/web created\n"),
        "{}",
        run.stdout
    );
    env.run(&["diff", "--filename", "svc.yaml"]).expect(0);
    env.run(&["diff", "-f", "svc.yaml", "-f", "svc.yaml"])
        .expect(0);
}

// kubectl 1.32: a bare `--dry-run` is `--dry-run=client` (with a deprecation warning there).
#[test]
fn a_bare_dry_run_means_client_as_in_kubectl() {
    let env = Env::new();
    env.write("svc.yaml", SVC);
    let client = env
        .run(&["apply", "--dry-run=client", "-f", "svc.yaml"])
        .expect(0);
    assert!(!client.stdout.is_empty());
    for args in [
        &["apply", "--dry-run", "-f", "svc.yaml"][..],
        &["apply", "-f", "svc.yaml", "--dry-run"][..],
        &["apply", "svc.yaml", "--dry-run"][..],
    ] {
        let bare = env.run(args).expect(0);
        assert_eq!(bare.stdout, client.stdout, "{args:?}");
    }
    // kubectl's older boolean spellings: true is client, false applies for real.
    let old_true = env
        .run(&["apply", "--dry-run=true", "-f", "svc.yaml"])
        .expect(0);
    assert_eq!(old_true.stdout, client.stdout);
    assert!(env.server.requests().is_empty());
    // The spelled-out form, with a space, keeps working.
    let server = env
        .run(&["apply", "--dry-run", "server", "svc.yaml"])
        .expect(0);
    assert_eq!(server.stdout, "service/web created (server dry run)\n");
    assert!(env.server.object("shop", "services", "web").is_none());
    assert!(
        env.patches()
            .iter()
            .all(|p| p.query_param("dryRun") == Some("All"))
    );
    let real = env
        .run(&["apply", "--dry-run=false", "-f", "svc.yaml"])
        .expect(0);
    assert!(
        real.stdout.starts_with("service/web created\n"),
        "{}",
        real.stdout
    );
    assert!(env.server.object("shop", "services", "web").is_some());
}

// Files are applied in the order they were given, whether as PATH or as -f.
#[test]
fn paths_and_dash_f_keep_their_command_line_order() {
    let env = Env::new();
    env.write(
        "ns.yaml",
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fresh\n",
    );
    env.write(
        "svc.yaml",
        &SVC.replace("namespace: shop", "namespace: fresh"),
    );
    let run = env
        .run(&["apply", "--all-kinds", "-f", "ns.yaml", "svc.yaml"])
        .expect(0);
    assert!(
        run.stdout
            .starts_with("namespace/fresh created\nservice/web created\n"),
        "{}",
        run.stdout
    );
}
