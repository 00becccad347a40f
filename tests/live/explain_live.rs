//! `svcctl explain svc/NAME`: a live Service explained like a file, with the endpoints its
//! EndpointSlices really hold (Pods, addresses, ports, nodes, readiness) in the traffic picture.
//! The server has no controllers, so each test plays the kubelet (Pod status) and the
//! EndpointSlice controller (the slice) itself.

use serde_json::{Value, json};

use crate::harness::{Conn, Live, Run};
use crate::live;

struct Case {
    live: &'static Live,
    conn: Conn,
    dir: tempfile::TempDir,
    ns: String,
}

impl Case {
    fn new(live: &'static Live, prefix: &str) -> Case {
        let conn = live.conn();
        let ns = conn.namespace(prefix);
        let (code, answer) = conn.post(
            &format!("/api/v1/namespaces/{ns}/serviceaccounts"),
            &json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}),
        );
        assert!(code == 201 || code == 409, "a ServiceAccount: {answer}");
        Case {
            live,
            conn,
            dir: tempfile::tempdir().expect("a temp dir"),
            ns,
        }
    }

    /// svcctl with the live kubeconfig; the namespace shows as `[NS]`, allocated cluster IPs as
    /// `[CLUSTER-IP]`.
    fn run(&self, args: &[&str]) -> Run {
        let run = self.live.svcctl(self.dir.path(), args);
        // The IP and the spaces after it keep their width, so boxes stay the same size.
        let ip = regex::Regex::new(r"10\.(9[6-9]|1[01][0-9])\.\d+\.\d+ *").expect("regex");
        let clean = |t: &str| {
            ip.replace_all(&t.replace(&self.ns, "[NS]"), |c: &regex::Captures<'_>| {
                let width = c.get(0).map_or(0, |m| m.as_str().len());
                format!("{:<width$}", "[CLUSTER-IP]")
            })
            .lines()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect::<String>()
        };
        Run {
            stdout: clean(&run.stdout),
            stderr: clean(&run.stderr),
            ..run
        }
    }

    fn service(&self, body: Value) {
        self.conn
            .create(&format!("/api/v1/namespaces/{}/services", self.ns), &body);
    }

    /// A Pod labelled `app`, scheduled on `node`, its status patched as the kubelet would:
    /// Running with `ip`, Ready or not. Its container declares `http` as `port`.
    fn pod(&self, name: &str, app: &str, node: &str, ip: &str, port: i32, ready: bool) {
        let ns = &self.ns;
        self.conn.create(
            &format!("/api/v1/namespaces/{ns}/pods"),
            &json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": name, "labels": {"app": app}},
                "spec": {"nodeName": node, "containers": [{"name": "app", "image": "registry.invalid/app",
                    "ports": [{"name": "http", "containerPort": port}]}]}
            }),
        );
        let status = json!({"status": {
            "phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
            "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}]
        }});
        let (code, answer) = self.conn.request(
            "PATCH",
            &format!("/api/v1/namespaces/{ns}/pods/{name}/status"),
            "application/merge-patch+json",
            Some(&serde_json::to_vec(&status).expect("JSON")),
        );
        assert_eq!(code, 200, "patching the status of Pod {name}: {answer}");
    }

    /// The slice the EndpointSlice controller writes for `svc`: one endpoint per
    /// (pod, ip, node, zone, ready), the named port resolved to `port`.
    fn slice(&self, svc: &str, port: i32, endpoints: &[(&str, &str, &str, &str, bool)]) {
        let ns = &self.ns;
        let endpoints: Vec<Value> = endpoints
            .iter()
            .map(|(pod, ip, node, zone, ready)| {
                json!({
                    "addresses": [ip],
                    "conditions": {"ready": ready, "serving": ready, "terminating": false},
                    "nodeName": node, "zone": zone,
                    "targetRef": {"kind": "Pod", "namespace": ns, "name": pod}
                })
            })
            .collect();
        self.conn.create(
            &format!("/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices"),
            &json!({
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": {"generateName": format!("{svc}-"), "labels": {
                    "kubernetes.io/service-name": svc,
                    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}},
                "addressType": "IPv4",
                "endpoints": endpoints,
                "ports": [{"name": "http", "port": port, "protocol": "TCP"}]
            }),
        );
    }

    /// `web`: a ClusterIP Service for app=web on a named target port, with two ready Pods and
    /// one that is not.
    fn web(&self) {
        self.service(json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"selector": {"app": "web"},
                     "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}
        }));
        self.pod("web-7c9d-abcde", "web", "node-a", "10.244.1.7", 8080, true);
        self.pod("web-7c9d-fghij", "web", "node-b", "10.244.2.9", 8080, true);
        self.pod(
            "web-7c9d-klmno",
            "web",
            "node-b",
            "10.244.2.10",
            8080,
            false,
        );
        self.slice(
            "web",
            8080,
            &[
                ("web-7c9d-abcde", "10.244.1.7", "node-a", "zone-1", true),
                ("web-7c9d-fghij", "10.244.2.9", "node-b", "zone-2", true),
                ("web-7c9d-klmno", "10.244.2.10", "node-b", "zone-2", false),
            ],
        );
    }
}

#[test]
fn a_live_service_is_explained_with_its_real_endpoints() {
    let live = live!();
    let case = Case::new(live, "explain");
    case.web();
    let run = case
        .run(&["explain", "svc/web", "-n", &case.ns, "--ascii"])
        .expect(0);
    assert_eq!(run.stderr, "");
    // The named target port resolves through the slice; every Pod is there, with its node.
    let words = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "forwards to port http (8080 in the live endpoints) of the Pods labelled app=web - \
             in the cluster, 3 endpoints: 2 ready, 1 not ready."
        ),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_lists_the_endpoints_and_cluster_takes_bare_names() {
    let live = live!();
    let case = Case::new(live, "explainjson");
    case.web();
    let run = case
        .run(&[
            "explain",
            "--cluster",
            "web",
            "-n",
            &case.ns,
            "--format",
            "json",
        ])
        .expect(0);
    let out: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let svc = &out["files"][0]["services"][0];
    assert_eq!(svc["name"], "web");
    assert_eq!(svc["ports"][0]["resolvedTargetPort"], 8080);
    let endpoints = svc["endpoints"].as_array().expect("endpoints");
    let summary: Vec<(String, bool, String)> = endpoints
        .iter()
        .map(|e| {
            (
                e["pod"].as_str().unwrap_or_default().to_string(),
                e["ready"].as_bool().unwrap_or_default(),
                e["node"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("web-7c9d-abcde".to_string(), true, "node-a".to_string()),
            ("web-7c9d-fghij".to_string(), true, "node-b".to_string()),
            ("web-7c9d-klmno".to_string(), false, "node-b".to_string()),
        ]
    );
    // What the server wrote is not shown as if the user had.
    assert!(!run.stdout.contains("resourceVersion") && !run.stdout.contains("managedFields"));
}

#[test]
fn a_selector_that_matches_nothing_says_there_are_no_endpoints() {
    let live = live!();
    let case = Case::new(live, "explainnone");
    case.service(json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "api"},
        "spec": {"selector": {"app": "api"}, "ports": [{"port": 80, "targetPort": 8080}]}
    }));
    case.slice("api", 8080, &[]);
    let run = case
        .run(&["explain", "svc/api", "-n", &case.ns, "--ascii"])
        .expect(0);
    assert!(
        run.stdout
            .contains("list no endpoints, so every connection fails"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("no endpoints"), "{}", run.stdout);
}

#[test]
fn a_missing_service_or_context_is_one_line_and_exit_2() {
    let live = live!();
    let case = Case::new(live, "explainmiss");
    let run = case.run(&["explain", "svc/nope", "-n", &case.ns]).expect(2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: Service \"nope\" not found in namespace \"[NS]\" (context \"kapi\"); list them \
         with `kubectl get svc -n [NS]`\n"
    );
    let run = case
        .run(&["explain", "svc/web", "-n", &case.ns, "--context", "nope"])
        .expect(2);
    assert!(
        run.stderr
            .starts_with("error: context \"nope\" is not in the kubeconfig")
            && run.stderr.lines().count() == 1,
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreachable_server_is_one_line_and_exit_2() {
    let live = live!();
    let case = Case::new(live, "explaindown");
    // A port that nothing listens on: bind one, note it, let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let text = live
        .kubeconfig_text()
        .replace(&live.server, &format!("https://127.0.0.1:{port}"));
    let kc = case.dir.path().join("down");
    std::fs::write(&kc, text).expect("writable temp dir");
    let run = live
        .svcctl_bare(
            case.dir.path(),
            &[
                "explain",
                "svc/web",
                "--kubeconfig",
                kc.to_str().expect("UTF-8"),
            ],
        )
        .expect(2);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot reach the API server at https://127.0.0.1:{port} (context \"kapi\"): \
             connection refused; is the cluster running, and is this the right --context?\n"
        )
    );
}

#[test]
fn a_local_load_balancer_says_which_nodes_have_endpoints_and_that_it_has_no_address() {
    let live = live!();
    let case = Case::new(live, "explainlb");
    case.service(json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "edge"},
        "spec": {"type": "LoadBalancer", "externalTrafficPolicy": "Local",
                 "selector": {"app": "edge"}, "ports": [{"port": 443, "targetPort": 8443}]}
    }));
    case.slice(
        "edge",
        8443,
        &[
            ("edge-1", "10.244.3.1", "node-c", "zone-1", true),
            ("edge-2", "10.244.3.2", "node-c", "zone-1", true),
            ("edge-3", "10.244.4.1", "node-d", "zone-2", false),
        ],
    );
    let run = case
        .run(&["explain", "svc/edge", "-n", &case.ns, "--ascii"])
        .expect(0);
    let words = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "the load balancer has no address yet (kubectl shows EXTERNAL-IP <pending>)",
        "externalTrafficPolicy: Local: only node-c has a ready endpoint; every other node drops",
        "3 endpoints: 2 ready, 1 not ready",
    ] {
        assert!(words.contains(expected), "{expected:?} in\n{}", run.stdout);
    }
    // Once a load-balancer controller sets the address, it is named.
    let status = json!({"status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.7"}]}}});
    let (code, answer) = case.conn.request(
        "PATCH",
        &format!("/api/v1/namespaces/{}/services/edge/status", case.ns),
        "application/merge-patch+json",
        Some(&serde_json::to_vec(&status).expect("JSON")),
    );
    assert_eq!(code, 200, "{answer}");
    let run = case
        .run(&["explain", "svc/edge", "-n", &case.ns, "--ascii"])
        .expect(0);
    let words = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("the load balancer's address is 203.0.113.7."),
        "{}",
        run.stdout
    );
}
