//! `svcctl apply` and `svcctl diff` where no real API server is needed or can help: what is
//! refused before any request, kubeconfig resolution errors, and the faults a real server cannot
//! be made to show on demand (a 500, a connection cut mid-answer, a slow or silent server),
//! served by `tests/support/fault_server.rs`. Everything the server decides is tested against a
//! real kube-apiserver in `tests/live`.
//!
//! See: issue 6 (svcctl apply and svcctl diff), issue 21 (live tests, a fake only for faults).
#![cfg(feature = "cluster")]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use support::fault_server::{Fault, FaultServer, kubeconfig_for};
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
    server: FaultServer,
    dir: TempDir,
    kubeconfig: PathBuf,
}

impl Env {
    fn new(fault: Fault) -> Env {
        let server = FaultServer::start(fault);
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

    fn filter(&self, text: &str) -> String {
        text.replace(&self.server.url(), "http://[FAKE]")
            .replace(self.dir.path().to_str().unwrap(), "[TMP]")
    }

    /// A kubeconfig like the fake's, pointing at `url` instead.
    fn kubeconfig_at(&self, name: &str, url: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, kubeconfig_for(url)).unwrap();
        path.to_str().unwrap().to_string()
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
fn client_dry_run_prints_the_body_and_contacts_no_server() {
    let env = Env::new(Fault::InternalError);
    env.write(
        "svc.yaml",
        &SVC.replace("  namespace: shop\n", "")
            .replace("tier: front", "release: \"1.10\""),
    );
    let run = env
        .run(&["apply", "--dry-run=client", "-n", "shop", "svc.yaml"])
        .expect(0);
    insta::assert_snapshot!(run.stdout);
    assert_eq!(env.server.requests(), 0);
}

#[test]
fn an_invalid_file_sends_no_request_at_all() {
    let env = Env::new(Fault::InternalError);
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
    // diff lints too; its exit 1 means "a difference", so lint errors are exit 2.
    env.run(&["diff", "svc.yaml"]).expect(2);
    assert_eq!(env.server.requests(), 0);
}

#[test]
fn an_internal_error_of_the_server_is_one_line_with_its_message() {
    let env = Env::new(Fault::InternalError);
    env.write("svc.yaml", SVC);
    let run = env.run(&["apply", "svc.yaml"]).expect(2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: service/web: Internal error occurred: etcdserver: request timed out (500 \
         InternalError)\nsvcctl: 1 of 1 object was not applied\n"
    );
    let run = env.run(&["diff", "svc.yaml"]).expect(2);
    assert!(
        run.stderr
            .contains("etcdserver: request timed out (500 InternalError)"),
        "{}",
        run.stderr
    );
    assert!(env.server.requests() >= 2);
}

#[test]
fn a_connection_cut_mid_answer_is_one_line() {
    let env = Env::new(Fault::CutMidResponse);
    env.write("svc.yaml", SVC);
    for cmd in ["apply", "diff"] {
        let run = env.run(&[cmd, "svc.yaml"]).expect(2);
        insta::assert_snapshot!(format!("cut_mid_answer_{cmd}"), run.stderr);
    }
}

#[test]
fn an_unreachable_server_is_one_line() {
    let env = Env::new(Fault::InternalError);
    env.write("svc.yaml", SVC);
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let kc = env.kubeconfig_at("dead-kubeconfig", &format!("http://127.0.0.1:{port}"));
    for cmd in ["apply", "diff"] {
        let run = env
            .run_bare(&[cmd, "svc.yaml", "--kubeconfig", &kc], &[])
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
    let env = Env::new(Fault::InternalError);
    env.write("svc.yaml", SVC);
    // Connections are accepted (by the kernel's backlog) and never answered.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let kc = env.kubeconfig_at("silent-kubeconfig", &format!("http://127.0.0.1:{port}"));
    let started = Instant::now();
    let run = env
        .run_bare(
            &["apply", "svc.yaml", "--timeout", "1s", "--kubeconfig", &kc],
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
fn a_slow_server_times_out() {
    let env = Env::new(Fault::Slow(Duration::from_secs(10)));
    env.write("svc.yaml", SVC);
    let started = Instant::now();
    let run = env.run(&["diff", "svc.yaml", "--timeout", "1s"]).expect(2);
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_eq!(
        run.stderr,
        "error: the API server at http://[FAKE] did not answer within 1s (--timeout)\n"
    );
    assert_eq!(env.server.requests(), 1);
}

#[test]
fn a_missing_kubeconfig_is_one_line() {
    let env = Env::new(Fault::InternalError);
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
    let env = Env::new(Fault::InternalError);
    env.write("svc.yaml", SVC);
    let run = env.run(&["apply", "-n", "other", "svc.yaml"]).expect(2);
    assert!(
        run.stderr
            .contains("the object's namespace \"shop\" does not match --namespace \"other\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[svc.yaml:5:14]"), "{}", run.stderr);
    assert_eq!(env.server.requests(), 0);
}
