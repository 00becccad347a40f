//! Every `svcctl new` output is created on the real API server, and the server's verdict is the
//! one `svcctl lint` gives with this server's settings (IPv4 only, service CIDR 10.96.0.0/12):
//! created when lint finds no `api` error, else refused with exactly lint's field paths and
//! messages (the dual-stack requests this single-stack server must refuse).
//!
//! See: issue 4 (`svcctl new`), issue 21 (live tests).

use serde_json::{Value, json};

use crate::harness::bare_command;
use crate::live;
use crate::new_matrix::{MATRIX, words};
use crate::verdict::{ServerVerdict, disagreement, lint_errors, server_options};

#[test]
fn every_generated_service_is_created_or_refused_exactly_as_lint_says() {
    let live = live!();
    let conn = live.conn();
    let ns = conn.namespace("new");
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut created, mut refused, mut disagreements) = (0, Vec::new(), Vec::new());
    for (i, line) in MATRIX.iter().enumerate() {
        let path = dir.path().join(format!("{i:02}.json"));
        let mut args = words(line);
        args.extend(
            ["--format", "json", "-o", path.to_str().unwrap_or_default()].map(String::from),
        );
        let out = bare_command(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .arg("new")
            .arg("--no-config")
            .args(&args)
            .output()
            .expect("svcctl new runs");
        assert_eq!(out.status.code(), Some(0), "svcctl new {line}");
        let mut svc: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("written")).expect("JSON");
        // Into this test's namespace, whatever -n or the workload said; lint sees what is sent.
        svc["metadata"]["namespace"] = json!(ns);
        std::fs::write(&path, serde_json::to_string_pretty(&svc).expect("JSON")).expect("written");
        let name = svc["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();

        let lint = lint_errors(&svc.to_string(), &server_options());
        let (code, answer) = conn.post(
            &format!("/api/v1/namespaces/{ns}/services?fieldValidation=Strict"),
            &svc,
        );
        let server = ServerVerdict::from_answer(code, &answer);
        if !matches!(code, 201 | 422) {
            disagreements.push(format!(
                "svcctl new {line}: the server answered {code} {answer}"
            ));
            continue;
        }
        if code == 201 {
            created += 1;
            // Node ports are global: give them back for the lines that ask for the same ones.
            let (code, answer) = conn.request(
                "DELETE",
                &format!("/api/v1/namespaces/{ns}/services/{name}"),
                "application/json",
                None,
            );
            assert_eq!(code, 200, "deleting {name}: {answer}");
        } else {
            refused.push(*line);
        }
        // Exactly the same errors, word for word, not only those of the server's first stage.
        if lint != server.causes {
            disagreements.push(format!(
                "svcctl new {line}\n  lint:   {lint:?}\n  server: {:?}",
                server.causes
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // The single-stack server refuses exactly the requests for IPv6 (lint agreed on each above).
    assert_eq!(
        refused,
        [
            "clusterip j --port 80 --ip-family-policy RequireDualStack --ip-family IPv6,IPv4",
            "clusterip k --port 80 --ip-family IPv6",
            "loadbalancer f3 --port 80 --ip-family-policy PreferDualStack --ip-family IPv4,IPv6",
            "headless e5 --port 8080 --ip-family-policy RequireDualStack",
        ]
    );
    assert_eq!(created, MATRIX.len() - refused.len());
}

/// What a refused `svcctl new` command line asked for, as the Service it would have written:
/// `(command line, metadata, spec)`. Command-line mistakes with no manifest to match (`--port
/// http`, `--target` without `--port`, a missing `--from` file…) are left out.
fn refused_requests() -> Vec<(&'static str, Value, Value)> {
    let web = json!({"name": "web"});
    let sel = json!({"app": "web"});
    let p80 = json!([{"port": 80, "protocol": "TCP", "targetPort": 80}]);
    vec![
        (
            "nodeport web --port 0",
            web.clone(),
            json!({"type": "NodePort", "selector": sel, "ports": [{"port": 0}]}),
        ),
        (
            "nodeport web --port 65536",
            web.clone(),
            json!({"type": "NodePort", "selector": sel, "ports": [{"port": 65536}]}),
        ),
        (
            "clusterip web --port 80:0",
            web.clone(),
            json!({"selector": sel, "ports": [{"port": 80, "targetPort": 0}]}),
        ),
        (
            "clusterip web --port 80:70000",
            web.clone(),
            json!({"selector": sel, "ports": [{"port": 80, "targetPort": 70000}]}),
        ),
        (
            "clusterip web --port 443:HTTPS",
            web.clone(),
            json!({"selector": sel, "ports": [{"port": 443, "targetPort": "HTTPS"}]}),
        ),
        (
            "clusterip web --port 443:https-for-the-web",
            web.clone(),
            json!({"selector": sel, "ports": [{"port": 443, "targetPort": "https-for-the-web"}]}),
        ),
        (
            "clusterip web --port 443:my--tls",
            web.clone(),
            json!({"selector": sel, "ports": [{"port": 443, "targetPort": "my--tls"}]}),
        ),
        (
            "clusterip web --port 80/http",
            web.clone(),
            json!({"selector": sel, "ports": [{"port": 80, "protocol": "http"}]}),
        ),
        (
            "clusterip web --port 80 --port 80/tcp",
            web.clone(),
            json!({"selector": sel, "ports": [{"name": "a", "port": 80, "protocol": "TCP"}, {"name": "b", "port": 80, "protocol": "TCP"}]}),
        ),
        ("clusterip web", web.clone(), json!({"selector": sel})),
        (
            "nodeport web",
            web.clone(),
            json!({"type": "NodePort", "selector": sel}),
        ),
        (
            "clusterip web --port 80,443 --port-name x,x",
            web.clone(),
            json!({"selector": sel, "ports": [{"name": "x", "port": 80}, {"name": "x", "port": 443}]}),
        ),
        (
            "clusterip web --port 80 --port-name Web_Port",
            web.clone(),
            json!({"selector": sel, "ports": [{"name": "Web_Port", "port": 80}]}),
        ),
        (
            "clusterip web --port 80 --app-protocol not/a/protocol",
            web.clone(),
            json!({"selector": sel, "ports": [{"port": 80, "appProtocol": "not/a/protocol"}]}),
        ),
        (
            "nodeport web --port 80 --node-port 99999",
            web.clone(),
            json!({"type": "NodePort", "selector": sel, "ports": [{"port": 80, "nodePort": 99999}]}),
        ),
        (
            "nodeport web --port 80 --node-port -1",
            web.clone(),
            json!({"type": "NodePort", "selector": sel, "ports": [{"port": 80, "nodePort": -1}]}),
        ),
        (
            "loadbalancer web --port 80 --node-port 8080",
            web.clone(),
            json!({"type": "LoadBalancer", "selector": sel, "ports": [{"port": 80, "nodePort": 8080}]}),
        ),
        (
            "clusterip web --port 80 --node-port 30007",
            web.clone(),
            json!({"selector": sel, "ports": [{"port": 80, "nodePort": 30007}]}),
        ),
        (
            "headless web --port 80 --node-port 30007",
            web.clone(),
            json!({"clusterIP": "None", "selector": sel, "ports": [{"port": 80, "nodePort": 30007}]}),
        ),
        (
            "externalname web --external-name a.example.com --node-port 30007",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "a.example.com", "ports": [{"port": 80, "nodePort": 30007}]}),
        ),
        (
            "nodeport web --port 80,443 --node-port 30001,30001",
            web.clone(),
            json!({"type": "NodePort", "selector": sel, "ports": [{"name": "a", "port": 80, "nodePort": 30001}, {"name": "b", "port": 443, "nodePort": 30001}]}),
        ),
        (
            "externalname web",
            web.clone(),
            json!({"type": "ExternalName"}),
        ),
        (
            "externalname web --external-name Not_A_DNS",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "Not_A_DNS"}),
        ),
        (
            "externalname web --external-name DB.example.com",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "DB.example.com"}),
        ),
        (
            "externalname web --external-name .",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "."}),
        ),
        (
            "externalname web --external-name 10.0.0.5",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "10.0.0.5"}),
        ),
        (
            "externalname web --external-name a.example.com --selector app=web",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "a.example.com", "selector": sel}),
        ),
        (
            "externalname web --external-name a.example.com --port 80:8080",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "a.example.com", "ports": [{"port": 80, "targetPort": 8080}]}),
        ),
        (
            "externalname web --external-name a.example.com --ip-family IPv4",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "a.example.com", "ipFamilies": ["IPv4"]}),
        ),
        (
            "externalname web --external-name a.example.com --session-affinity ClientIP",
            web.clone(),
            json!({"type": "ExternalName", "externalName": "a.example.com", "sessionAffinity": "ClientIP"}),
        ),
        (
            "clusterip web --port 80 --external-name a.example.com",
            web.clone(),
            json!({"selector": sel, "ports": p80, "externalName": "a.example.com"}),
        ),
        (
            "headless web --port 80 --external-traffic-policy Local",
            web.clone(),
            json!({"clusterIP": "None", "selector": sel, "ports": p80, "externalTrafficPolicy": "Local"}),
        ),
        (
            "headless web --port 80 --internal-traffic-policy Local",
            web.clone(),
            json!({"clusterIP": "None", "selector": sel, "ports": p80, "internalTrafficPolicy": "Local"}),
        ),
        (
            "headless web --port 80 --session-affinity ClientIP",
            web.clone(),
            json!({"clusterIP": "None", "selector": sel, "ports": p80, "sessionAffinity": "ClientIP"}),
        ),
        (
            "headless web --port 80:8080",
            web.clone(),
            json!({"clusterIP": "None", "selector": sel, "ports": [{"port": 80, "targetPort": 8080}]}),
        ),
        (
            "clusterip Web_1 --port 80",
            json!({"name": "Web_1"}),
            json!({"selector": sel, "ports": p80}),
        ),
        (
            "clusterip --port 80 --selector app=Web_Shop",
            json!({"name": "Web_Shop"}),
            json!({"selector": {"app": "Web_Shop"}, "ports": p80}),
        ),
        (
            "clusterip web --port 80 --annotation example.com/a/b=x",
            json!({"name": "web", "annotations": {"example.com/a/b": "x"}}),
            json!({"selector": sel, "ports": p80}),
        ),
        (
            "clusterip web --port 80 --annotation service.kubernetes.io/topology-mode=Auto --annotation service.kubernetes.io/topology-aware-hints=Disabled",
            json!({"name": "web", "annotations": {"service.kubernetes.io/topology-mode": "Auto", "service.kubernetes.io/topology-aware-hints": "Disabled"}}),
            json!({"selector": sel, "ports": p80}),
        ),
        (
            "clusterip web --port 80 --annotation service.beta.kubernetes.io/load-balancer-source-ranges=10.0.0.0/8",
            json!({"name": "web", "annotations": {"service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8"}}),
            json!({"selector": sel, "ports": p80}),
        ),
        (
            "loadbalancer web --port 80 --source-range 10.0.0.0/8 --annotation service.beta.kubernetes.io/load-balancer-source-ranges=10.0.0.0/8",
            json!({"name": "web", "annotations": {"service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8"}}),
            json!({"type": "LoadBalancer", "selector": sel, "ports": p80, "loadBalancerSourceRanges": ["10.0.0.0/8"]}),
        ),
        (
            "clusterip web --port 80 --selector=-bad=web",
            web.clone(),
            json!({"selector": {"-bad": "web"}, "ports": p80}),
        ),
        (
            "clusterip web --port 80 --selector 'app=a b'",
            web.clone(),
            json!({"selector": {"app": "a b"}, "ports": p80}),
        ),
        (
            "clusterip web --port 80 --external-traffic-policy Local",
            web.clone(),
            json!({"selector": sel, "ports": p80, "externalTrafficPolicy": "Local"}),
        ),
        (
            "clusterip web --port 80 --session-affinity-timeout 60",
            web.clone(),
            json!({"selector": sel, "ports": p80, "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 60}}}),
        ),
        (
            "clusterip web --port 80 --session-affinity ClientIP --session-affinity-timeout 0",
            web.clone(),
            json!({"selector": sel, "ports": p80, "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 0}}}),
        ),
        (
            "clusterip web --port 80 --session-affinity ClientIP --session-affinity-timeout 86401",
            web.clone(),
            json!({"selector": sel, "ports": p80, "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 86401}}}),
        ),
        (
            "nodeport web --port 80 --load-balancer-class x.io/lb",
            web.clone(),
            json!({"type": "NodePort", "selector": sel, "ports": p80, "loadBalancerClass": "x.io/lb"}),
        ),
        (
            "loadbalancer web --port 80 --load-balancer-class Bad/Class",
            web.clone(),
            json!({"type": "LoadBalancer", "selector": sel, "ports": p80, "loadBalancerClass": "Bad/Class"}),
        ),
        (
            "nodeport web --port 80 --source-range 10.0.0.0/8",
            web.clone(),
            json!({"type": "NodePort", "selector": sel, "ports": p80, "loadBalancerSourceRanges": ["10.0.0.0/8"]}),
        ),
        (
            "loadbalancer web --port 80 --source-range 192.168.1.5/24",
            web.clone(),
            json!({"type": "LoadBalancer", "selector": sel, "ports": p80, "loadBalancerSourceRanges": ["192.168.1.5/24"]}),
        ),
        (
            "loadbalancer web --port 80 --source-range 10.0.0.1",
            web.clone(),
            json!({"type": "LoadBalancer", "selector": sel, "ports": p80, "loadBalancerSourceRanges": ["10.0.0.1"]}),
        ),
        (
            "loadbalancer web --port 80 --source-range 010.0.0.0/8",
            web.clone(),
            json!({"type": "LoadBalancer", "selector": sel, "ports": p80, "loadBalancerSourceRanges": ["010.0.0.0/8"]}),
        ),
        (
            "loadbalancer web --port 80 --source-range example.com",
            web.clone(),
            json!({"type": "LoadBalancer", "selector": sel, "ports": p80, "loadBalancerSourceRanges": ["example.com"]}),
        ),
        (
            "clusterip web --port 80 --ip-family IPv4,IPv6",
            web.clone(),
            json!({"selector": sel, "ports": p80, "ipFamilies": ["IPv4", "IPv6"]}),
        ),
        (
            "clusterip web --port 80 --ip-family IPv4,IPv4",
            web.clone(),
            json!({"selector": sel, "ports": p80, "ipFamilyPolicy": "RequireDualStack", "ipFamilies": ["IPv4", "IPv4"]}),
        ),
        (
            "clusterip web --port 80 --ip-family IPv6 --ip-families IPv4",
            web.clone(),
            json!({"selector": sel, "ports": p80, "ipFamilies": ["IPv6"]}),
        ),
        (
            "clusterip web --port 80 --ip-family-policy RequireDualStack --ip-families IPv4",
            web.clone(),
            json!({"selector": sel, "ports": p80, "ipFamilyPolicy": "RequireDualStack"}),
        ),
    ]
}

/// Refusals of `svcctl new` that the API server would accept, on purpose: each asks for
/// something the server stores and then ignores or silently rewrites, which is never what the
/// command line meant.
const STRICTER_THAN_THE_SERVER: &[&str] = &[
    // The server defaults a target port of 0 to the port.
    "clusterip web --port 80:0",
    // An ExternalName Service has no Pods and no node: node ports, selector, ports and affinity
    // do nothing, and a CNAME to an IP resolves nowhere.
    "externalname web --external-name a.example.com --node-port 30007",
    "externalname web --external-name 10.0.0.5",
    "externalname web --external-name a.example.com --selector app=web",
    "externalname web --external-name a.example.com --port 80:8080",
    "externalname web --external-name a.example.com --session-affinity ClientIP",
    // Only an ExternalName Service reads externalName.
    "clusterip web --port 80 --external-name a.example.com",
    // A headless Service has no virtual IP: no remapping, no traffic policy, no affinity.
    "headless web --port 80 --internal-traffic-policy Local",
    "headless web --port 80 --session-affinity ClientIP",
    "headless web --port 80:8080",
    // The spec field wins over the annotation, which is then dead weight.
    "loadbalancer web --port 80 --source-range 10.0.0.0/8 --annotation service.beta.kubernetes.io/load-balancer-source-ranges=10.0.0.0/8",
    // A timeout for an affinity that is off.
    "clusterip web --port 80 --session-affinity-timeout 60",
];

#[test]
fn every_refusal_of_new_is_refused_by_the_server_too_or_listed_as_deliberate() {
    let live = live!();
    let conn = live.conn();
    let ns = conn.namespace("refusals");
    let (mut accepted, mut disagreements) = (Vec::new(), Vec::new());
    for (line, metadata, spec) in refused_requests() {
        let svc =
            json!({"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec});
        let (code, answer) = conn.post(
            &format!("/api/v1/namespaces/{ns}/services?fieldValidation=Strict"),
            &svc,
        );
        // Lint judges each of these Services as the server does, too.
        let server = ServerVerdict::from_answer(code, &answer);
        if let Some(d) = disagreement(
            &lint_errors(&svc.to_string(), &server_options()),
            &server,
            true,
        ) {
            disagreements.push(format!("{line}: {d}"));
        }
        match code {
            201 => {
                accepted.push(line);
                let name = svc["metadata"]["name"].as_str().unwrap_or_default();
                conn.request(
                    "DELETE",
                    &format!("/api/v1/namespaces/{ns}/services/{name}"),
                    "application/json",
                    None,
                );
            }
            400 | 422 => {}
            _ => panic!("{line}: {code} {answer}"),
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert_eq!(accepted, STRICTER_THAN_THE_SERVER);
    // `-n Prod`: the server refuses such a namespace as well.
    let (code, _) = conn.post(
        "/api/v1/namespaces",
        &json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "Prod"}}),
    );
    assert_eq!(code, 422);
}
