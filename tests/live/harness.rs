//! The live harness: a real kube-apiserver v1.36.2 (`../shared/tools/kube-apiserver/start`),
//! shared by the whole run and reached through the kubeconfig in `SVCCTL_LIVE_KUBECONFIG`.
//!
//! Without that variable every live test returns at once, and the first one to do so prints a
//! single line (straight to the process's stderr, past the test harness's capture) saying how to
//! enable them, so `cargo test` passes on a machine without etcd. CI sets `SVCCTL_LIVE_REQUIRED=1`
//! as well, which turns a missing server into a failure instead of a silent pass.
//!
//! The server is shared and never reset: every test works in namespaces of its own whose names
//! are unique per test and per run ([`Conn::namespace`]), and never relies on anything being
//! deleted (namespaces stay Terminating forever on a server without controllers). Node ports are
//! global to the server: a test that keeps a Service lets the server pick its node ports, and
//! one that asks for a node port by number gives it back at once (a Service is deleted at once)
//! and keeps to numbers no other test asks for (`new.rs`: the `svcctl new` matrix's; `fuzz.rs`:
//! 30020-30049; recorded verdicts: 30060).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use assert_cmd::cargo::cargo_bin;
use kube::Client;
use kube::config::{KubeConfigOptions, Kubeconfig};
use serde_json::{Value, json};

pub const ENABLE_HINT: &str = "live API server tests skipped: run `scripts/test-live` to start a \
    kube-apiserver and run them, or set SVCCTL_LIVE_KUBECONFIG to the kubeconfig of a disposable \
    one on 127.0.0.1";

/// The server every live test talks to.
pub struct Live {
    pub kubeconfig: PathBuf,
    /// `https://127.0.0.1:PORT`, as the kubeconfig names it.
    pub server: String,
}

/// `Some` when live tests are enabled; prints the skip line once per test binary otherwise.
pub fn live() -> Option<&'static Live> {
    static LIVE: OnceLock<Option<Live>> = OnceLock::new();
    LIVE.get_or_init(|| {
        let Some(path) = std::env::var_os("SVCCTL_LIVE_KUBECONFIG").filter(|p| !p.is_empty())
        else {
            if std::env::var_os("SVCCTL_LIVE_REQUIRED").is_some_and(|v| v == "1") {
                panic!("SVCCTL_LIVE_REQUIRED=1 but SVCCTL_LIVE_KUBECONFIG is not set");
            }
            // Not eprintln!: the test harness would capture it and show it only on failure.
            let _ = writeln!(std::io::stderr(), "{ENABLE_HINT}");
            return None;
        };
        let kubeconfig = PathBuf::from(path);
        let text = std::fs::read_to_string(&kubeconfig)
            .unwrap_or_else(|e| panic!("SVCCTL_LIVE_KUBECONFIG={}: {e}", kubeconfig.display()));
        let server = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("server: "))
            .unwrap_or_else(|| panic!("{} names no server", kubeconfig.display()))
            .trim()
            .to_string();
        // These tests create and break things: never anything but a local throwaway server.
        assert!(
            server.starts_with("https://127.0.0.1:"),
            "live tests only run against a server on 127.0.0.1, not {server}"
        );
        Some(Live { kubeconfig, server })
    })
    .as_ref()
}

/// `let live = live!();` at the top of a live test: returns early when live tests are off.
#[macro_export]
macro_rules! live {
    () => {
        match $crate::harness::live() {
            Some(live) => live,
            None => return,
        }
    };
}

impl Live {
    pub fn kubeconfig_text(&self) -> String {
        std::fs::read_to_string(&self.kubeconfig).expect("the live kubeconfig is readable")
    }

    /// A client of its own (with its own runtime), for one test or one fuzzing worker.
    pub fn conn(&self) -> Conn {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let kc = Kubeconfig::read_from(&self.kubeconfig).expect("the live kubeconfig parses");
        let client = rt.block_on(async {
            let config = kube::Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
                .await
                .expect("the live kubeconfig is usable");
            Client::try_from(config).expect("a client")
        });
        Conn { rt, client }
    }

    /// `svcctl ARGS --kubeconfig <live>` in `dir`, with no ambient kubeconfig.
    pub fn svcctl(&self, dir: &Path, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let kc = self.kubeconfig.to_str().expect("a UTF-8 path");
        all.extend(["--kubeconfig", kc]);
        self.svcctl_bare(dir, &all)
    }

    /// `svcctl ARGS` in `dir`, with no kubeconfig at all unless ARGS name one.
    pub fn svcctl_bare(&self, dir: &Path, args: &[&str]) -> Run {
        let out = bare_command(dir).args(args).output().expect("svcctl runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: self.filter(dir, &String::from_utf8_lossy(&out.stdout)),
            stderr: self.filter(dir, &String::from_utf8_lossy(&out.stderr)),
        }
    }

    fn filter(&self, dir: &Path, text: &str) -> String {
        text.replace(&self.server, "https://[LIVE]")
            .replace(dir.to_str().unwrap_or("\u{0}"), "[TMP]")
    }
}

pub fn bare_command(dir: &Path) -> Command {
    let mut cmd = Command::new(cargo_bin("svcctl"));
    cmd.current_dir(dir)
        .env_remove("KUBECONFIG")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .args(["--color", "never"]);
    cmd
}

/// One svcctl run, with the server URL and temp dir filtered out of its output.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// A connection to the live server for setting up and inspecting state.
pub struct Conn {
    rt: tokio::runtime::Runtime,
    client: Client,
}

impl Conn {
    /// Any request; the status code and the JSON body (`Null` when there is none).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: Option<&[u8]>,
    ) -> (u16, Value) {
        let request = http::Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", content_type)
            .header("accept", "application/json")
            .body(kube::client::Body::from(body.unwrap_or_default().to_vec()))
            .expect("a valid request");
        self.rt.block_on(async {
            let response = tokio::time::timeout(Duration::from_secs(60), self.client.send(request))
                .await
                .unwrap_or_else(|_| panic!("{method} {path}: no answer within 60s"))
                .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
            let status = response.status().as_u16();
            let bytes = response
                .into_body()
                .collect_bytes()
                .await
                .unwrap_or_else(|e| panic!("{method} {path}: reading the body: {e}"));
            (
                status,
                serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            )
        })
    }

    pub fn get(&self, path: &str) -> (u16, Value) {
        self.request("GET", path, "application/json", None)
    }

    /// POST a JSON body; panics unless the server answers 201.
    #[track_caller]
    pub fn create(&self, path: &str, body: &Value) -> Value {
        let (code, answer) = self.post(path, body);
        assert_eq!(code, 201, "POST {path}: {answer}");
        answer
    }

    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let bytes = serde_json::to_vec(body).expect("JSON");
        self.request("POST", path, "application/json", Some(&bytes))
    }

    /// A namespace of its own: PREFIX, then the process id, a counter and the time in hex: unique per
    /// test and per run.
    pub fn namespace(&self, prefix: &str) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() % 0x100_0000_0000);
        // One word of fixed length: messages that wrap it, or quote it, stay the same each run.
        let name = format!(
            "{prefix}{:06x}{:03x}{nanos:010x}",
            std::process::id() % 0x100_0000,
            N.fetch_add(1, Ordering::Relaxed) % 0x1000
        );
        self.create(
            "/api/v1/namespaces",
            &json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}),
        );
        name
    }

    /// What the endpointslice controller and the kubelet would do for `ready + not_ready` Pods
    /// labelled `labels` behind the Service `svc`: the Pods (their status patched to Running, and
    /// Ready or not) and one EndpointSlice that lists them.
    pub fn pods_behind(&self, ns: &str, svc: &str, labels: &Value, ready: u32, not_ready: u32) {
        // The service-account admission plugin wants one, and no controller makes it here.
        let (code, answer) = self.post(
            &format!("/api/v1/namespaces/{ns}/serviceaccounts"),
            &json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}),
        );
        assert!(
            code == 201 || code == 409,
            "creating a ServiceAccount: {answer}"
        );
        let mut endpoints = Vec::new();
        for i in 0..ready + not_ready {
            let is_ready = i < ready;
            let name = format!("{svc}-pod-{i}");
            let ip = format!("10.244.0.{}", i + 10);
            let mut pod_labels = labels.clone();
            if let Some(m) = pod_labels.as_object_mut() {
                m.insert("svcctl-test/pod".into(), json!(name));
            }
            self.create(
                &format!("/api/v1/namespaces/{ns}/pods"),
                &json!({
                    "apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": name, "labels": pod_labels},
                    "spec": {"containers": [{"name": "app", "image": "registry.invalid/app"}]}
                }),
            );
            let status = json!({"status": {
                "phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
                "conditions": [{"type": "Ready", "status": if is_ready { "True" } else { "False" }}]
            }});
            let (code, answer) = self.request(
                "PATCH",
                &format!("/api/v1/namespaces/{ns}/pods/{name}/status"),
                "application/merge-patch+json",
                Some(&serde_json::to_vec(&status).expect("JSON")),
            );
            assert_eq!(code, 200, "patching the status of Pod {name}: {answer}");
            endpoints.push(json!({
                "addresses": [ip],
                "conditions": {"ready": is_ready, "serving": is_ready, "terminating": false},
                "targetRef": {"kind": "Pod", "namespace": ns, "name": name}
            }));
        }
        self.create(
            &format!("/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices"),
            &json!({
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": {
                    "generateName": format!("{svc}-"),
                    "labels": {
                        "kubernetes.io/service-name": svc,
                        "endpointslice.kubernetes.io/managed-by": "svcctl-tests"
                    }
                },
                "addressType": "IPv4",
                "endpoints": endpoints,
                "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]
            }),
        );
    }
}
