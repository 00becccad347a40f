//! `svcctl audit` against the real API server: every check, set up as the controllers and the
//! kubelet would leave the cluster (Pods created and their status patched, EndpointSlices written
//! as the endpointslice controller would, load balancer status set through the status
//! subresource, Nodes created), each asserting the exact finding. Each test audits a namespace
//! of its own, so they run in any order, in parallel, and again on the same server.
//!
//! See: issue 24 (svcctl audit).

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::harness::{Conn, Live, Run};
use crate::live;

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
        // The service-account admission plugin wants one before any Pod, and no controller
        // makes it here.
        conn.create(
            &format!("/api/v1/namespaces/{ns}/serviceaccounts"),
            &json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}),
        );
        Case {
            live,
            conn,
            dir: tempfile::tempdir().expect("a temp dir"),
            ns,
        }
    }

    fn service(&self, name: &str, spec: Value) -> Value {
        self.conn.create(
            &format!("/api/v1/namespaces/{}/services", self.ns),
            &json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec}),
        )
    }

    /// A Pod with these labels and container ports, then its status as the kubelet would write
    /// it: `None` leaves it Pending.
    fn pod(&self, name: &str, labels: Value, ports: Value, ready: Option<bool>, node: &str) {
        let mut spec = json!({"containers": [{"name": "app", "image": "registry.invalid/app", "ports": ports}]});
        if !node.is_empty() {
            spec["nodeName"] = json!(node);
        }
        self.conn.create(
            &format!("/api/v1/namespaces/{}/pods", self.ns),
            &json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels}, "spec": spec}),
        );
        let Some(ready) = ready else { return };
        let status = json!({"status": {
            "phase": "Running", "podIP": "10.244.1.10", "podIPs": [{"ip": "10.244.1.10"}],
            "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}]
        }});
        self.patch_status(
            &format!("/api/v1/namespaces/{}/pods/{name}/status", self.ns),
            &status,
        );
    }

    fn patch_status(&self, path: &str, body: &Value) {
        let (code, answer) = self.conn.request(
            "PATCH",
            path,
            "application/merge-patch+json",
            Some(&serde_json::to_vec(body).expect("JSON")),
        );
        assert_eq!(code, 200, "PATCH {path}: {answer}");
    }

    /// An EndpointSlice as the endpointslice controller writes it: (Pod, ready, node) per endpoint.
    fn slice(&self, name: &str, service: &str, endpoints: &[(&str, bool, &str)]) {
        let endpoints: Vec<Value> = endpoints
            .iter()
            .enumerate()
            .map(|(i, (pod, ready, node))| {
                let mut e = json!({
                    "addresses": [format!("10.244.2.{}", i + 1)],
                    "conditions": {"ready": ready, "serving": ready, "terminating": false},
                    "targetRef": {"kind": "Pod", "namespace": self.ns, "name": pod}
                });
                if !node.is_empty() {
                    e["nodeName"] = json!(node);
                }
                e
            })
            .collect();
        self.conn.create(
            &format!(
                "/apis/discovery.k8s.io/v1/namespaces/{}/endpointslices",
                self.ns
            ),
            &json!({
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": {"name": name, "labels": {
                    "kubernetes.io/service-name": service,
                    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"
                }},
                "addressType": "IPv4",
                "endpoints": endpoints,
                "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]
            }),
        );
    }

    fn run(&self, args: &[&str]) -> Run {
        let run = self.live.svcctl(self.dir.path(), args);
        Run {
            stdout: run.stdout.replace(&self.ns, "[NS]"),
            stderr: run.stderr.replace(&self.ns, "[NS]"),
            ..run
        }
    }

    /// `svcctl audit -n NS --format json ARGS`: (code, rule, object, message) of each finding in
    /// this test's namespace (`-A` audits see other tests' too).
    fn audit(&self, args: &[&str]) -> (i32, Vec<(String, String, String)>) {
        let mut all = vec!["audit", "--format", "json"];
        if !args.contains(&"-A") {
            all.extend(["-n", &self.ns]);
        }
        all.extend(args);
        let run = self.run(&all);
        assert!(
            run.code == 0 || run.code == 1,
            "exit {}: {}",
            run.code,
            run.stderr
        );
        let doc: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
        assert_eq!(doc["source"], "cluster");
        assert_eq!(doc["context"], "kapi");
        let findings = doc["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["object"]["namespace"] == "[NS]")
            .map(|d| {
                assert_eq!(d["file"], Value::Null);
                assert_eq!(d["source"], "cluster");
                let o = &d["object"];
                (
                    d["rule"].as_str().unwrap_or_default().to_string(),
                    format!(
                        "{} {}",
                        o["kind"].as_str().unwrap_or(""),
                        o["name"].as_str().unwrap_or("")
                    ),
                    d["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        (run.code, findings)
    }
}

fn finding(rule: &str, object: &str, message: &str) -> (String, String, String) {
    (rule.into(), object.into(), message.into())
}

#[test]
fn a_selector_that_matches_no_pod_names_the_near_miss() {
    let live = live!();
    let case = Case::new(live, "audsel");
    case.service(
        "web",
        json!({"selector": {"app": "wbe"}, "ports": [{"port": 80}]}),
    );
    case.service(
        "api",
        json!({"selector": {"app": "api", "tier": "back"}, "ports": [{"port": 80}]}),
    );
    case.service(
        "ok",
        json!({"selector": {"app": "web"}, "ports": [{"port": 80}]}),
    );
    case.pod("web-1", json!({"app": "web"}), json!([]), Some(true), "");
    case.pod("api-1", json!({"app": "api"}), json!([]), Some(true), "");
    case.slice("ok-1", "ok", &[("web-1", true, "")]);
    let (code, findings) = case.audit(&["--select", "selector-matches-no-pod"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [
            finding(
                "selector-matches-no-pod",
                "Service api",
                "the selector app=api,tier=back matches none of the 2 Pods in namespace [NS]; Pod api-1 has every other selector label but no tier label"
            ),
            finding(
                "selector-matches-no-pod",
                "Service web",
                "the selector app=wbe matches none of the 2 Pods in namespace [NS]; Pod web-1 has app=web, not wbe"
            ),
        ]
    );
}

#[test]
fn pods_in_another_namespace_are_named_with_all_namespaces() {
    let live = live!();
    let case = Case::new(live, "audns");
    let other = case.conn.namespace("audnsother");
    case.service(
        "pay",
        json!({"selector": {"svcctl-test/app": other}, "ports": [{"port": 80}]}),
    );
    case.conn.create(
        &format!("/api/v1/namespaces/{other}/serviceaccounts"),
        &json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}),
    );
    case.conn.create(
        &format!("/api/v1/namespaces/{other}/pods"),
        &json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "pay-1", "labels": {"svcctl-test/app": other}},
            "spec": {"containers": [{"name": "app", "image": "registry.invalid/app"}]}}),
    );
    let (_, findings) = case.audit(&["-A", "--select", "selector-matches-no-pod"]);
    assert_eq!(
        findings,
        [finding(
            "selector-matches-no-pod",
            "Service pay",
            &format!(
                "the selector svcctl-test/app={other} matches none of the 0 Pods in namespace [NS]; Pods with these labels run in namespace {other}, and a Service only selects Pods of its own namespace"
            )
        )]
    );
}

#[test]
fn matching_pods_none_ready_are_counted() {
    let live = live!();
    let case = Case::new(live, "audready");
    case.service(
        "web",
        json!({"selector": {"app": "web"}, "ports": [{"port": 80}]}),
    );
    case.pod("web-1", json!({"app": "web"}), json!([]), None, "");
    case.pod("web-2", json!({"app": "web"}), json!([]), Some(false), "");
    case.pod("web-3", json!({"app": "web"}), json!([]), Some(false), "");
    let (code, findings) = case.audit(&["--select", "cluster"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [finding(
            "no-ready-endpoints",
            "Service web",
            "3 Pods match the selector app=web but none is ready (1 Pending, 2 running but not ready, 0 terminating): every connection to the Service is refused"
        )]
    );
}

#[test]
fn endpoint_slices_that_disagree_with_the_pods_are_stale() {
    let live = live!();
    let case = Case::new(live, "audstale");
    case.service(
        "web",
        json!({"selector": {"app": "web"}, "ports": [{"port": 80}]}),
    );
    case.service(
        "api",
        json!({"selector": {"app": "api"}, "ports": [{"port": 80}]}),
    );
    case.pod("web-2", json!({"app": "web"}), json!([]), Some(true), "");
    case.pod("api-1", json!({"app": "api"}), json!([]), Some(true), "");
    case.slice("web-abcde", "web", &[("web-0", true, "")]);
    let (code, findings) = case.audit(&["--select", "cluster"]);
    assert_eq!(code, 0, "stale slices are a warning");
    assert_eq!(
        findings,
        [
            finding(
                "stale-endpoint-slices",
                "Service api",
                "no EndpointSlice lists the 1 ready Pod the selector matches (api-1)"
            ),
            finding(
                "stale-endpoint-slices",
                "Service web",
                "its EndpointSlices route to 1 endpoint whose Pod is gone, unready or no longer selected (web-0); 1 ready Pod is missing from them (web-2)"
            ),
        ]
    );
}

#[test]
fn target_ports_are_resolved_in_the_selected_pods() {
    let live = live!();
    let case = Case::new(live, "audport");
    case.service(
        "named",
        json!({"selector": {"app": "a"}, "ports": [{"port": 80, "targetPort": "http"}]}),
    );
    case.service(
        "numbered",
        json!({"selector": {"app": "a"}, "ports": [{"port": 80, "targetPort": 80}]}),
    );
    case.service(
        "split",
        json!({"selector": {"app": "b"}, "ports": [{"port": 80, "targetPort": "http"}]}),
    );
    case.pod(
        "a-1",
        json!({"app": "a"}),
        json!([{"name": "web", "containerPort": 8080}]),
        Some(true),
        "",
    );
    case.pod(
        "b-1",
        json!({"app": "b"}),
        json!([{"name": "http", "containerPort": 8080}]),
        Some(true),
        "",
    );
    case.pod(
        "b-2",
        json!({"app": "b"}),
        json!([{"name": "http", "containerPort": 9090}]),
        Some(true),
        "",
    );
    let (code, findings) = case.audit(&[
        "--select",
        "target-port-name-not-in-pods,target-port-not-in-pods,pods-disagree-on-port",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [
            finding(
                "target-port-name-not-in-pods",
                "Service named",
                "targetPort \"http\" is declared by no container of the 1 Pod the selector matches (a-1): connections to port 80 are refused"
            ),
            finding(
                "target-port-not-in-pods",
                "Service numbered",
                "targetPort 80 is declared by no container of the Pods the selector matches, which declare 8080; it works only if something listens on 80 anyway"
            ),
            finding(
                "pods-disagree-on-port",
                "Service split",
                "the Pods the selector matches disagree about port \"http\": 8080 in b-1, 9090 in b-2; traffic to port 80 lands on a different container port depending on the Pod"
            ),
        ]
    );
}

#[test]
fn a_class_served_in_another_namespace_is_served_in_an_audit_of_one_namespace() {
    let live = live!();
    let other = Case::new(live, "audlbo");
    let case = Case::new(live, "audlbn");
    let class = format!("example.com/{}", case.ns);
    other.service(
        "served",
        json!({"type": "LoadBalancer", "loadBalancerClass": class, "ports": [{"port": 80}]}),
    );
    other.patch_status(
        &format!("/api/v1/namespaces/{}/services/served/status", other.ns),
        &json!({"status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.11"}]}}}),
    );
    case.service(
        "classy",
        json!({"type": "LoadBalancer", "loadBalancerClass": class, "ports": [{"port": 80}]}),
    );
    // `-n` lists this namespace's Services only; the class's controller is serving another.
    let (code, findings) = case.audit(&["--select", "load-balancer-class-unserved"]);
    assert_eq!((code, findings), (0, Vec::new()));
}

#[test]
fn load_balancers_without_an_address_are_pending_and_unserved_classes_named() {
    let live = live!();
    let case = Case::new(live, "audlb");
    let class = format!("example.com/{}", case.ns);
    case.service(
        "pending",
        json!({"type": "LoadBalancer", "ports": [{"port": 80}]}),
    );
    case.service(
        "classy",
        json!({"type": "LoadBalancer", "loadBalancerClass": class, "ports": [{"port": 80}]}),
    );
    case.service(
        "served",
        json!({"type": "LoadBalancer", "ports": [{"port": 80}]}),
    );
    case.patch_status(
        &format!("/api/v1/namespaces/{}/services/served/status", case.ns),
        &json!({"status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}]}}}),
    );
    let select = [
        "--select",
        "load-balancer-pending,load-balancer-class-unserved",
    ];
    // Just created: not pending yet by the default --pending-after 5m.
    let (_, findings) = case.audit(&select);
    assert_eq!(
        findings,
        [finding(
            "load-balancer-class-unserved",
            "Service classy",
            "loadBalancerClass \"example.com/[NS]\" is served by nothing: no LoadBalancer Service of that class has an address, so this one will stay <pending>"
        )]
    );
    let mut args = select.to_vec();
    args.extend(["--pending-after", "0s"]);
    let (code, findings) = case.audit(&args);
    assert_eq!(code, 0);
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert_eq!(findings[1].1, "Service pending");
    assert!(
        findings[1].2.starts_with(
            "the load balancer has no address (status.loadBalancer.ingress is empty) "
        ) && findings[1]
            .2
            .ends_with("s after the Service was created: EXTERNAL-IP stays <pending>"),
        "{findings:?}"
    );
}

#[test]
fn local_traffic_names_the_nodes_that_drop_it() {
    let live = live!();
    let case = Case::new(live, "audlocal");
    // Nodes are cluster-wide: this test's own, removed before and after (other tests make none).
    let clear = || {
        let (code, answer) = case.conn.request(
            "DELETE",
            "/api/v1/nodes?labelSelector=svcctl-test%2Faudit%3Dlocal",
            "application/json",
            None,
        );
        assert_eq!(code, 200, "{answer}");
    };
    clear();
    for (node, ready) in [
        ("audit-node-a", "True"),
        ("audit-node-b", "True"),
        ("audit-node-c", "False"),
    ] {
        case.conn.create(
            "/api/v1/nodes",
            &json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": node, "labels": {"svcctl-test/audit": "local"}}}),
        );
        case.patch_status(
            &format!("/api/v1/nodes/{node}/status"),
            &json!({"status": {"conditions": [{"type": "Ready", "status": ready, "reason": "KubeletReady", "message": "test"}]}}),
        );
    }
    let svc = case.service(
        "web",
        json!({"type": "LoadBalancer", "externalTrafficPolicy": "Local", "selector": {"app": "web"}, "ports": [{"port": 80}]}),
    );
    // The server always allocates healthCheckNodePort here, so the missing-port finding cannot
    // be produced live (its fixture covers it); it must not be reported either.
    assert!(
        svc.pointer("/spec/healthCheckNodePort")
            .and_then(Value::as_i64)
            .is_some()
    );
    case.pod(
        "web-1",
        json!({"app": "web"}),
        json!([]),
        Some(true),
        "audit-node-a",
    );
    case.slice("web-1", "web", &[("web-1", true, "audit-node-a")]);
    let (_, findings) = case.audit(&[
        "--select",
        "local-traffic-dropped-on-nodes,local-traffic-without-health-check",
    ]);
    clear();
    assert_eq!(
        findings,
        [finding(
            "local-traffic-dropped-on-nodes",
            "Service web",
            "externalTrafficPolicy is Local and only 1 of the 2 ready nodes run a ready endpoint (audit-node-a); traffic that reaches node audit-node-b is dropped"
        )]
    );
}

#[test]
fn selectorless_services_orphaned_slices_and_external_names() {
    let live = live!();
    let case = Case::new(live, "audhand");
    case.service("legacy-db", json!({"ports": [{"port": 5432}]}));
    case.service("kept-db", json!({"ports": [{"port": 5432}]}));
    case.service("old-db", json!({"ports": [{"port": 5432}]}));
    case.conn.create(
        &format!("/api/v1/namespaces/{}/endpoints", case.ns),
        &json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "old-db"},
            "subsets": [{"addresses": [{"ip": "10.1.2.4"}], "ports": [{"port": 5432}]}]}),
    );
    case.slice("kept-db-1", "kept-db", &[("x", true, "")]);
    case.slice("legacy-bd-1", "legacy-bd", &[("x", true, "")]);
    case.service("db", json!({"type": "ExternalName", "externalName": "db.example.com", "ports": [{"port": 5432}]}));
    let (code, findings) = case.audit(&[
        "--select",
        "selectorless-without-endpoints,orphaned-endpoint-slice,external-name-with-ports",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        findings,
        [
            finding(
                "orphaned-endpoint-slice",
                "EndpointSlice legacy-bd-1",
                "the EndpointSlice belongs to Service legacy-bd, which does not exist in namespace [NS]: its 1 endpoint serves nothing"
            ),
            finding(
                "external-name-with-ports",
                "Service db",
                "an ExternalName Service is a DNS alias (CNAME to db.example.com); its 1 port changes nothing: clients connect to db.example.com on whatever port they choose"
            ),
            finding(
                "selectorless-without-endpoints",
                "Service legacy-db",
                "the Service has no selector and no EndpointSlice or Endpoints of its own: it sends traffic nowhere"
            ),
        ]
    );
}

/// The Gateway API's HTTPRoute, as a bare CRD (no controller needed: the API server serves it).
fn ensure_httproute_crd(conn: &Conn) {
    let (code, answer) = conn.post(
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        &json!({
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "httproutes.gateway.networking.k8s.io",
                "annotations": {"api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/gateway-api/pull/1538"}},
            "spec": {
                "group": "gateway.networking.k8s.io", "scope": "Namespaced",
                "names": {"plural": "httproutes", "singular": "httproute", "kind": "HTTPRoute", "listKind": "HTTPRouteList"},
                "versions": [{"name": "v1", "served": true, "storage": true,
                    "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]
            }
        }),
    );
    assert!(
        code == 201 || code == 409,
        "creating the HTTPRoute CRD: {answer}"
    );
    for _ in 0..100 {
        let (code, _) = conn.get("/apis/gateway.networking.k8s.io/v1/httproutes");
        if code == 200 {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the HTTPRoute CRD was not served within 10s");
}

#[test]
fn ingress_and_route_backends_must_exist() {
    let live = live!();
    let case = Case::new(live, "audback");
    ensure_httproute_crd(&case.conn);
    case.service(
        "web",
        json!({"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]}),
    );
    case.conn.create(
        &format!("/apis/networking.k8s.io/v1/namespaces/{}/ingresses", case.ns),
        &json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "front"},
            "spec": {"defaultBackend": {"service": {"name": "wbe", "port": {"number": 80}}},
                "rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": "web", "port": {"name": "http"}}}}]}}]}}),
    );
    case.conn.create(
        &format!("/apis/gateway.networking.k8s.io/v1/namespaces/{}/httproutes", case.ns),
        &json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": {"name": "route"},
            "spec": {"rules": [{"backendRefs": [{"name": "web", "port": 8080}]}]}}),
    );
    let (code, findings) = case.audit(&["--select", "backend-missing-in-cluster"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [
            finding(
                "backend-missing-in-cluster",
                "HTTPRoute route",
                "the backend sends to port 8080 of Service web, which has no such port (it has 80 (http))"
            ),
            finding(
                "backend-missing-in-cluster",
                "Ingress front",
                "the backend names Service wbe, which does not exist in namespace [NS]: requests routed to it fail (503 or 500, depending on the controller)"
            ),
        ]
    );
}

#[test]
fn offline_rules_run_on_live_services_without_live_object_noise() {
    let live = live!();
    let case = Case::new(live, "audlint");
    // Allocated clusterIP, nodePorts and healthCheckNodePort, status, resourceVersion, uid,
    // managedFields: none of it is a finding.
    case.service("np", json!({"type": "NodePort", "ports": [{"port": 80}]}));
    case.service("lb", json!({"type": "LoadBalancer", "externalTrafficPolicy": "Local", "loadBalancerSourceRanges": ["10.0.0.0/8"], "selector": {"app": "x"}, "ports": [{"port": 80}]}));
    case.service(
        "headless",
        json!({"clusterIP": "None", "selector": {"app": "x"}, "ports": [{"port": 80}]}),
    );
    // What an offline rule does find on a live object.
    case.service("ext", json!({"type": "ExternalName", "externalName": "db.example.com", "selector": {"app": "db"}}));
    // Every offline rule, those off by default too.
    let (_, findings) = case.audit(&["--select", "all", "--ignore", "cluster"]);
    assert_eq!(
        findings,
        [
            finding(
                "field-ignored-for-type",
                "Service ext",
                "spec.selector is ignored when spec.type is \"ExternalName\""
            ),
            finding(
                "node-port-exposed",
                "Service lb",
                "type LoadBalancer also opens this Service on a port of every node (allocateLoadBalancerNodePorts defaults to true)"
            ),
            finding(
                "node-port-exposed",
                "Service np",
                "type NodePort opens this Service on a port of every node"
            ),
        ]
    );
}

#[test]
fn human_output_groups_by_namespace_and_ends_with_a_summary() {
    let live = live!();
    let case = Case::new(live, "audhuman");
    case.service(
        "web",
        json!({"selector": {"app": "wbe"}, "ports": [{"port": 80}]}),
    );
    case.pod("web-1", json!({"app": "web"}), json!([]), Some(true), "");
    let run = case.run(&["audit", "-n", &case.ns]).expect(1);
    assert_eq!(
        run.stdout,
        "namespace [NS]\n  error[SVC100 selector-matches-no-pod] Service [NS]/web\n    spec.selector: the selector app=wbe matches none of the 1 Pods in namespace [NS]; Pod web-1 has app=web, not wbe\n    help: make every selector label equal to a label of the Pods (or fix the Pods' template)\n"
    );
    assert_eq!(
        run.stderr,
        "svcctl: 1 error, 0 warnings, 0 infos in 1 Service (1 namespace, context \"kapi\")\n"
    );
    for format in ["concise", "github", "sarif", "junit"] {
        let run = case
            .run(&["audit", "-n", &case.ns, "--format", format])
            .expect(1);
        assert!(
            run.stdout.contains("selector-matches-no-pod"),
            "{format}: {}",
            run.stdout
        );
    }
    // A slice of a Service the names leave out is not an orphan.
    case.service("other", json!({"ports": [{"port": 80}]}));
    case.slice("other-1", "other", &[("x", true, "")]);
    let run = case
        .run(&[
            "audit", "-n", &case.ns, "--format", "concise", "web", "nothere",
        ])
        .expect(1);
    assert_eq!(
        run.stdout,
        "Service [NS]/web: error[selector-matches-no-pod] spec.selector: the selector app=wbe matches none of the 1 Pods in namespace [NS]; Pod web-1 has app=web, not wbe\n"
    );
    case.run(&[
        "audit",
        "-n",
        &case.ns,
        "--ignore",
        "selector-matches-no-pod",
    ])
    .expect(0);
    case.run(&["audit", "-n", &case.ns, "-l", "nothing=here"])
        .expect(0);
}

#[test]
fn no_cluster_wrong_token_and_missing_context_are_one_line_exit_2() {
    let live = live!();
    let case = Case::new(live, "auderr");
    let token = regex::Regex::new(r"(?m)^(\s*token:).*$").expect("regex");
    let wrong = case.dir.path().join("wrong-token");
    std::fs::write(
        &wrong,
        token
            .replace(&live.kubeconfig_text(), "$1 s3cr3t-wrong-token")
            .into_owned(),
    )
    .expect("writable");
    let run = live
        .svcctl_bare(
            case.dir.path(),
            &["audit", "--kubeconfig", wrong.to_str().unwrap_or_default()],
        )
        .expect(2);
    assert_eq!(
        run.stderr,
        "error: the API server at https://[LIVE] refused the credentials of context \"kapi\" (401 Unauthorized); log in again or fix this context's user in the kubeconfig\n"
    );
    assert!(!run.stderr.contains("s3cr3t"));
    let run = case.run(&["audit", "--context", "nope"]).expect(2);
    assert_eq!(
        run.stderr,
        "error: context \"nope\" is not in the kubeconfig ([TMP-KUBECONFIG]; contexts: kapi)\n"
            .replace("[TMP-KUBECONFIG]", &live.kubeconfig.display().to_string())
    );
    let run = live.svcctl_bare(case.dir.path(), &["audit"]).expect(2);
    assert!(
        run.stderr.starts_with("error: no kubeconfig found"),
        "{}",
        run.stderr
    );
    let closed = case.dir.path().join("closed");
    std::fs::write(
        &closed,
        live.kubeconfig_text()
            .replace(&live.server, "https://127.0.0.1:9"),
    )
    .expect("writable");
    let run = live
        .svcctl_bare(
            case.dir.path(),
            &["audit", "--kubeconfig", closed.to_str().unwrap_or_default()],
        )
        .expect(2);
    assert_eq!(
        run.stderr,
        "error: cannot reach the API server at https://127.0.0.1:9 (context \"kapi\"): connection refused; is the cluster running, and is this the right --context?\n"
    );
}

/// The second server of `scripts/kube-apiserver-rbac` (RBAC on, every request in an audit log,
/// and a token for a user `auditor` with no permission of its own); `None` when it was not
/// started, which fails the test under `SVCCTL_LIVE_REQUIRED=1`.
struct Rbac {
    live: &'static Live,
    audit_log: std::path::PathBuf,
    auditor_token: String,
}

fn rbac() -> Option<Rbac> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(kubeconfig), Some(audit_log), Some(auditor_token)) = (
        var("SVCCTL_LIVE_RBAC_KUBECONFIG"),
        var("SVCCTL_LIVE_RBAC_AUDIT_LOG"),
        var("SVCCTL_LIVE_RBAC_AUDITOR_TOKEN"),
    ) else {
        assert!(
            var("SVCCTL_LIVE_REQUIRED").as_deref() != Some("1"),
            "SVCCTL_LIVE_REQUIRED=1 but the RBAC server is not running (scripts/kube-apiserver-rbac; scripts/test-live starts it)"
        );
        return None;
    };
    let text = std::fs::read_to_string(&kubeconfig).expect("the RBAC kubeconfig is readable");
    let server = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("server: "))
        .expect("a server")
        .trim()
        .to_string();
    assert!(server.starts_with("https://127.0.0.1:"), "{server}");
    let live = Box::leak(Box::new(Live {
        kubeconfig: kubeconfig.into(),
        server,
    }));
    Some(Rbac {
        live,
        audit_log: audit_log.into(),
        auditor_token,
    })
}

/// Read-only RBAC as an audit runs with: a list it may not make degrades the checks that need it
/// with one warning naming the verb and the resource; Services it may not list end the run. And
/// the server's own audit log shows that the audit made nothing but get and list requests, paged.
#[test]
fn refused_lists_degrade_with_one_warning_and_an_audit_only_reads() {
    let _ = live!();
    let Some(rbac) = rbac() else { return };
    let case = Case::new(rbac.live, "audrbac");
    case.service(
        "web",
        json!({"selector": {"app": "wbe"}, "ports": [{"port": 80}]}),
    );
    case.pod("web-1", json!({"app": "web"}), json!([]), Some(true), "");
    let token = regex::Regex::new(r"(?m)^(\s*token:).*$").expect("regex");
    let auditor = case.dir.path().join("auditor");
    let admin = rbac.live.kubeconfig_text();
    let text = token.replace(&admin, format!("$1 {}", rbac.auditor_token));
    std::fs::write(&auditor, text.as_ref()).expect("writable");
    let auditor = auditor.to_str().unwrap_or_default().to_string();
    let audit = |args: &[&str]| {
        let mut all = vec!["audit", "--kubeconfig", auditor.as_str()];
        all.extend(args);
        let run = rbac.live.svcctl_bare(case.dir.path(), &all);
        Run {
            stdout: run.stdout.replace(&case.ns, "[NS]"),
            stderr: run.stderr.replace(&case.ns, "[NS]"),
            ..run
        }
    };
    // No permission at all yet: earlier runs' grants to the auditor go first.
    let (_, bindings) = case
        .conn
        .get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings");
    for name in bindings["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b.pointer("/metadata/name").and_then(Value::as_str))
        .filter(|n| n.starts_with("svcctl-audit-"))
    {
        let path = format!("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/{name}");
        let (code, answer) = case.conn.request("DELETE", &path, "application/json", None);
        assert_eq!(code, 200, "{answer}");
    }
    let run = audit(&["-n", &case.ns]).expect(2);
    assert_eq!(
        run.stderr,
        "error: cannot list services in namespace [NS] (403 Forbidden): an audit needs to list Services; ask for RBAC permission to list services, or use another --context\n"
    );
    // Everything an audit reads but Nodes.
    let role = format!("svcctl-audit-{}", case.ns);
    case.conn.create(
        "/apis/rbac.authorization.k8s.io/v1/clusterroles",
        &json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": role},
            "rules": [
                {"apiGroups": [""], "resources": ["services", "pods", "endpoints"], "verbs": ["get", "list"]},
                {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": ["list"]},
                {"apiGroups": ["networking.k8s.io"], "resources": ["ingresses"], "verbs": ["list"]}
            ]}),
    );
    case.conn.create(
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
        &json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": role},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "auditor"}]}),
    );
    // The authorizer sees a new binding within moments.
    let mut run = audit(&["-A", "--format", "concise"]);
    for _ in 0..50 {
        if run.code != 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        run = audit(&["-A", "--format", "concise"]);
    }
    let run = run.expect(1);
    // Other namespaces have findings of their own (`default/kubernetes` has no endpoints on a
    // server without its endpoint reconciler).
    let ours: Vec<&str> = run.stdout.lines().filter(|l| l.contains("[NS]")).collect();
    assert_eq!(
        ours,
        [
            "Service [NS]/web: error[selector-matches-no-pod] spec.selector: the selector app=wbe matches none of the 1 Pods in namespace [NS]; Pod web-1 has app=web, not wbe"
        ]
    );
    let mut stderr = run.stderr.lines();
    assert_eq!(
        stderr.next(),
        Some(
            "warning: cannot list nodes at cluster scope (403 Forbidden): the externalTrafficPolicy: Local node check is skipped"
        )
    );
    assert!(stderr.next().is_some_and(|l| l.starts_with("svcctl: ")));
    assert_eq!(stderr.next(), None);
    // What the server recorded of the auditor's requests: reads only, lists paged.
    let log = std::fs::read_to_string(&rbac.audit_log).expect("the audit log");
    let mut verbs = std::collections::BTreeSet::new();
    for event in log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
    {
        if event.pointer("/user/username").and_then(Value::as_str) != Some("auditor") {
            continue;
        }
        let verb = event["verb"].as_str().unwrap_or_default().to_string();
        let uri = event["requestURI"].as_str().unwrap_or_default();
        if verb == "list" {
            assert!(uri.contains("limit=500"), "an unpaged list: {uri}");
        }
        assert!(!uri.contains("watch"), "a watch: {uri}");
        verbs.insert(verb);
    }
    assert_eq!(verbs, ["get", "list"].map(String::from).into());
}
