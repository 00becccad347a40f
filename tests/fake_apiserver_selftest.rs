//! Proves the fake API server (`tests/support/fake_apiserver.rs`) before the real client uses it:
//! plain `std::net::TcpStream` requests, no kube, no tokio.
//!
//! The central test replays every exchange of `tests/support/apiserver-exchanges.json` (recorded
//! against a real kube-apiserver v1.36.2) and requires the same status and the same body, key
//! order included, except for values a real server makes up (uids, timestamps,
//! resourceVersions, the allocated cluster IP), whose relations are checked instead.

mod support;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use support::fake_apiserver::{Cause, FakeApiServer, RECORDING, in_service_cidr};

// ------------------------------------------------------------------------------------------------
// A tiny HTTP/1.1 client
// ------------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect to the fake");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("set_read_timeout");
    stream
}

/// Reads one response (status line, headers, Content-Length body).
fn read_response(reader: &mut BufReader<TcpStream>) -> Resp {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).expect("header line");
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').expect("header colon");
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse().expect("content-length"))
        .expect("every response has a Content-Length");
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    Resp {
        status,
        headers,
        body: String::from_utf8(body).expect("utf-8 body"),
    }
}

fn request_bytes(
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Vec<u8> {
    let mut out =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(body) = body {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    if let Some(body) = body {
        out.push_str(body);
    }
    out.into_bytes()
}

fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Resp {
    let mut stream = connect(addr);
    let mut all = headers.to_vec();
    all.push(("Connection", "close"));
    stream
        .write_all(&request_bytes(method, target, &all, body))
        .expect("write request");
    let mut reader = BufReader::new(stream);
    read_response(&mut reader)
}

fn get(fake: &FakeApiServer, target: &str) -> Resp {
    send(fake.addr(), "GET", target, &[], None)
}

const APPLY: (&str, &str) = ("Content-Type", "application/apply-patch+yaml");

/// PATCH with an apply body, as kube sends it (JSON body, `?&fieldManager=...`).
fn apply(fake: &FakeApiServer, ns: &str, name: &str, query: &str, body: &Value) -> Resp {
    let target = format!("/api/v1/namespaces/{ns}/services/{name}?&{query}");
    send(
        fake.addr(),
        "PATCH",
        &target,
        &[APPLY],
        Some(&body.to_string()),
    )
}

fn service(name: &str, ns: &str, spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns}, "spec": spec})
}

fn web_spec(selector: &str, target_port: u16) -> Value {
    json!({"type": "NodePort", "selector": {"app": selector}, "ports": [{"name": "http", "port": 80, "targetPort": target_port, "nodePort": 30080}]})
}

fn recording() -> Value {
    serde_json::from_str(RECORDING).expect("recording is JSON")
}

fn recorded(title_start: &str) -> Value {
    recording()["exchanges"]
        .as_array()
        .expect("exchanges")
        .iter()
        .find(|e| {
            e["title"]
                .as_str()
                .is_some_and(|t| t.starts_with(title_start))
        })
        .unwrap_or_else(|| panic!("no recorded exchange titled {title_start:?}"))
        .clone()
}

// ------------------------------------------------------------------------------------------------
// The recording, replayed
// ------------------------------------------------------------------------------------------------

/// Replaces what a real server makes up, remembering the actual values.
fn normalize(v: &Value, seen: &mut Vec<(String, Value)>) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = serde_json::Map::new();
            for (k, x) in m {
                let replaced = match k.as_str() {
                    "uid" => Some(json!("<uid>")),
                    "creationTimestamp" | "time" => Some(json!("<time>")),
                    "resourceVersion" => Some(json!("<rv>")),
                    "clusterIP" if x != "10.96.0.0" => Some(json!("<allocated>")),
                    "clusterIPs" if x != &json!(["10.96.0.0"]) => Some(json!(["<allocated>"])),
                    _ => None,
                };
                match replaced {
                    Some(r) => {
                        seen.push((k.clone(), x.clone()));
                        out.insert(k.clone(), r);
                    }
                    None => {
                        out.insert(k.clone(), normalize(x, seen));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| normalize(x, seen)).collect()),
        other => other.clone(),
    }
}

fn first_seen<'a>(seen: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    seen.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn rv_of(seen: &[(String, Value)]) -> u64 {
    first_seen(seen, "resourceVersion")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .expect("a resourceVersion")
}

#[test]
fn replaying_the_recording_gives_every_recorded_answer() {
    let fake = FakeApiServer::start();
    fake.add_namespace("shop");
    fake.require_token(Some("s3cr3t".into()));

    let recording = recording();
    let exchanges = recording["exchanges"].as_array().expect("exchanges");
    assert!(exchanges.len() >= 19, "the whole recording is replayed");
    let mut actual_seen: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    for exchange in exchanges {
        let title = exchange["title"].as_str().expect("title");
        let request = &exchange["request"];
        let expected = &exchange["response"];
        let method = request["method"].as_str().expect("method");
        let path = request["path"].as_str().expect("path");
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if title.starts_with("wrong token") {
            headers.push(("Authorization", "Bearer not-the-token"));
        } else if !title.starts_with("no credentials") {
            headers.push(("Authorization", "Bearer s3cr3t"));
        }
        if let Some(ct) = request["content_type"].as_str() {
            headers.push(("Content-Type", ct));
        }
        // The recorded bodies are YAML, as kubectl sends them; the fake reads that subset.
        let resp = send(
            fake.addr(),
            method,
            path,
            &headers,
            request["body"].as_str(),
        );

        assert_eq!(
            resp.status,
            expected["status"].as_u64().expect("status") as u16,
            "{title}: status; body {}",
            resp.body
        );
        assert_eq!(
            resp.header("content-type"),
            expected["content_type"].as_str(),
            "{title}: content type"
        );
        let mut seen = Vec::new();
        let got = normalize(&resp.json(), &mut seen);
        let want = normalize(&expected["body"], &mut Vec::new());
        // Strings, not Values: the key order must be the recorded one too.
        assert_eq!(
            serde_json::to_string_pretty(&got).expect("ser"),
            serde_json::to_string_pretty(&want).expect("ser"),
            "{title}: body differs from the recording"
        );
        actual_seen.push((title.to_string(), seen));
    }

    let seen = |title: &str| -> &Vec<(String, Value)> {
        &actual_seen
            .iter()
            .find(|(t, _)| t.starts_with(title))
            .unwrap_or_else(|| panic!("{title}"))
            .1
    };
    // One object throughout: same uid from create to delete; the dry run made up another one.
    let uid = first_seen(seen("server-side apply, real: creates"), "uid")
        .expect("uid")
        .clone();
    for title in [
        "server-side apply again",
        "get live object",
        "server-side apply dry run of a change",
        "list services",
        "delete service",
    ] {
        assert_eq!(first_seen(seen(title), "uid"), Some(&uid), "{title}: uid");
    }
    assert_ne!(
        first_seen(seen("server-side apply, dry run (object"), "uid"),
        Some(&uid)
    );
    // resourceVersion: unchanged by the no-op apply, by GET and by the dry run; bumped by delete.
    let created = rv_of(seen("server-side apply, real: creates"));
    for title in [
        "server-side apply again",
        "get live object",
        "server-side apply dry run of a change",
    ] {
        assert_eq!(rv_of(seen(title)), created, "{title}: resourceVersion");
    }
    let list = seen("list services");
    let list_rv: u64 = list[0]
        .1
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("list rv");
    assert!(
        list_rv >= created,
        "the list's resourceVersion is the store's"
    );
    assert!(
        rv_of(seen("delete service")) > list_rv,
        "delete bumps the resourceVersion"
    );
    // The allocated cluster IP is in the service CIDR and stays.
    let ip = first_seen(seen("server-side apply, real: creates"), "clusterIP")
        .and_then(Value::as_str)
        .expect("clusterIP")
        .to_string();
    assert!(in_service_cidr(&ip), "{ip} in 10.96.0.0/12");
    assert_eq!(
        first_seen(seen("get live object"), "clusterIP").and_then(Value::as_str),
        Some(ip.as_str())
    );
    // The recorded sequence really stored what it should: the object is gone after delete.
    assert_eq!(fake.object("shop", "services", "web"), None);
    assert_eq!(fake.object("shop", "services", "web2"), None);
}

#[test]
fn core_discovery_is_served_verbatim_from_the_recording() {
    let fake = FakeApiServer::start();
    for path in ["/api", "/api/v1"] {
        let want = recording()["exchanges"]
            .as_array()
            .expect("exchanges")
            .iter()
            .find(|e| e["request"]["path"] == path)
            .expect("recorded")["response"]["body"]
            .clone();
        let resp = get(&fake, path);
        assert_eq!(resp.status, 200);
        assert_eq!(
            resp.body,
            format!("{}\n", serde_json::to_string(&want).expect("ser")),
            "{path} byte for byte (plus the newline)"
        );
    }
}

#[test]
fn group_discovery_version_and_aggregated_discovery() {
    let fake = FakeApiServer::start();
    let apis = get(&fake, "/apis").json();
    assert_eq!(apis["kind"], "APIGroupList");
    let groups: Vec<&str> = apis["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert_eq!(groups, ["apps", "discovery.k8s.io"]);
    assert_eq!(
        apis["groups"][0]["preferredVersion"],
        json!({"groupVersion": "apps/v1", "version": "v1"})
    );

    let apps = get(&fake, "/apis/apps/v1").json();
    assert_eq!(apps["kind"], "APIResourceList");
    assert_eq!(apps["groupVersion"], "apps/v1");
    let deployments = apps["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .find(|r| r["name"] == "deployments")
        .expect("deployments");
    assert_eq!(deployments["kind"], "Deployment");
    assert!(
        deployments["verbs"]
            .as_array()
            .expect("verbs")
            .contains(&json!("patch"))
    );
    assert_eq!(get(&fake, "/apis/apps").json()["kind"], "APIGroup");
    let slices = get(&fake, "/apis/discovery.k8s.io/v1").json();
    assert_eq!(slices["resources"][0]["name"], "endpointslices");

    let version = get(&fake, "/version").json();
    assert_eq!(version["gitVersion"], "v1.36.2");
    assert_eq!(
        (version["major"].as_str(), version["minor"].as_str()),
        (Some("1"), Some("36"))
    );

    let accept = (
        "Accept",
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
    );
    let aggregated = send(fake.addr(), "GET", "/apis", &[accept], None);
    assert_eq!(
        aggregated.header("content-type"),
        Some("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
    );
    let aggregated = aggregated.json();
    assert_eq!(aggregated["kind"], "APIGroupDiscoveryList");
    assert_eq!(aggregated["items"][0]["metadata"]["name"], "apps");
    let core = send(fake.addr(), "GET", "/api", &[accept], None).json();
    let services = core["items"][0]["versions"][0]["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .find(|r| r["resource"] == "services")
        .expect("services")
        .clone();
    assert_eq!(
        services["responseKind"],
        json!({"group": "", "version": "v1", "kind": "Service"})
    );
    assert_eq!(services["scope"], "Namespaced");
}

#[test]
fn unknown_paths_methods_and_patch_types_get_real_status_shapes() {
    let fake = FakeApiServer::start();
    let missing = get(&fake, "/apis/example.com/v1/widgets");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json(),
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "the server could not find the requested resource", "reason": "NotFound", "details": {}, "code": 404})
    );
    assert_eq!(
        get(&fake, "/api/v1/namespaces/default/services/web/status").status,
        404
    );
    let put = send(
        fake.addr(),
        "PUT",
        "/api/v1/namespaces/default/services/web",
        &[("Content-Type", "application/json")],
        Some("{}"),
    );
    assert_eq!(put.status, 405);
    assert_eq!(put.json()["reason"], "MethodNotAllowed");
    let merge = send(
        fake.addr(),
        "PATCH",
        "/api/v1/namespaces/default/services/web",
        &[("Content-Type", "application/merge-patch+json")],
        Some("{}"),
    );
    assert_eq!(merge.status, 415);
    assert_eq!(merge.json()["reason"], "UnsupportedMediaType");
    assert_eq!(get(&fake, "/healthz").body, "ok");
    let watch = get(&fake, "/api/v1/namespaces/default/services?watch=true");
    assert_eq!(
        (watch.status, watch.json()["reason"].as_str()),
        (405, Some("MethodNotAllowed"))
    );
}

// ------------------------------------------------------------------------------------------------
// HTTP
// ------------------------------------------------------------------------------------------------

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let fake = FakeApiServer::start();
    let stream = connect(fake.addr());
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    let body = service("web", "default", web_spec("web", 8080)).to_string();
    writer
        .write_all(&request_bytes("GET", "/api", &[], None))
        .expect("write");
    assert_eq!(read_response(&mut reader).json()["kind"], "APIVersions");
    writer
        .write_all(&request_bytes(
            "PATCH",
            "/api/v1/namespaces/default/services/web?fieldManager=svcctl",
            &[APPLY],
            Some(&body),
        ))
        .expect("write");
    assert_eq!(read_response(&mut reader).status, 201);
    // Pipelined: two requests written before reading.
    let mut both = request_bytes("GET", "/api/v1/namespaces/default/services/web", &[], None);
    both.extend(request_bytes(
        "GET",
        "/api/v1/namespaces/default/services/nope",
        &[],
        None,
    ));
    writer.write_all(&both).expect("write");
    assert_eq!(read_response(&mut reader).status, 200);
    assert_eq!(read_response(&mut reader).status, 404);
    assert_eq!(fake.requests().len(), 4);
}

#[test]
fn chunked_request_bodies_and_expect_continue() {
    let fake = FakeApiServer::start();
    let body = service("web", "default", web_spec("web", 8080)).to_string();
    let (a, b) = body.split_at(body.len() / 3);
    let mut stream = connect(fake.addr());
    let head = "PATCH /api/v1/namespaces/default/services/web?fieldManager=svcctl HTTP/1.1\r\nHost: x\r\n\
                Content-Type: application/apply-patch+yaml\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
    stream.write_all(head.as_bytes()).expect("head");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut interim = String::new();
    reader.read_line(&mut interim).expect("100 Continue");
    assert_eq!(interim.trim_end(), "HTTP/1.1 100 Continue");
    let mut blank = String::new();
    reader.read_line(&mut blank).expect("blank line");
    let chunked = format!(
        "{:x};ext=1\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\nX-Trailer: y\r\n\r\n",
        a.len(),
        b.len()
    );
    stream.write_all(chunked.as_bytes()).expect("chunks");
    let resp = read_response(&mut reader);
    assert_eq!(resp.status, 201, "{}", resp.body);
    assert_eq!(
        fake.requests()[0].body,
        body,
        "the recorded body is de-chunked"
    );
}

#[test]
fn requests_are_recorded_decoded() {
    let fake = FakeApiServer::start();
    let body = service("web", "default", web_spec("web", 8080));
    let target = "/api/v1/namespaces/default/services/web?&dryRun=All&force=true&fieldManager=svc%20ctl&fieldValidation=Strict";
    let resp = send(
        fake.addr(),
        "PATCH",
        target,
        &[APPLY, ("User-Agent", "kube-test")],
        Some(&body.to_string()),
    );
    assert_eq!(resp.status, 201);
    let selector = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb";
    get(&fake, selector);

    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let patch = &requests[0];
    assert_eq!(patch.method, "PATCH");
    assert_eq!(patch.path, "/api/v1/namespaces/default/services/web");
    assert_eq!(
        patch.query,
        [
            ("dryRun", "All"),
            ("force", "true"),
            ("fieldManager", "svc ctl"),
            ("fieldValidation", "Strict")
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert_eq!(patch.query_param("fieldManager"), Some("svc ctl"));
    assert_eq!(
        patch.header("content-type"),
        Some("application/apply-patch+yaml")
    );
    assert_eq!(patch.header("USER-AGENT"), Some("kube-test"));
    assert_eq!(patch.body_json(), Some(body));
    assert_eq!(patch.response_status, 201);
    assert_eq!(
        requests[1].query_param("labelSelector"),
        Some("kubernetes.io/service-name=web")
    );
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

#[test]
fn tokens_and_kubeconfig() {
    let fake = FakeApiServer::start();
    let dir = std::env::temp_dir().join(format!("fake-apiserver-selftest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");

    let open = std::fs::read_to_string(fake.kubeconfig(&dir)).expect("kubeconfig");
    assert!(
        open.contains(&format!("server: {}\n", fake.url())),
        "{open}"
    );
    assert!(open.contains("token: \"fake-token\"\n"), "{open}");
    assert_eq!(
        get(&fake, "/api/v1/namespaces/default/services/web").status,
        404,
        "no token needed by default"
    );

    fake.require_token(Some("s3cr3t".into()));
    let path = fake.kubeconfig(&dir);
    assert_eq!(path, dir.join("kubeconfig"));
    let text = std::fs::read_to_string(&path).expect("kubeconfig");
    for needle in [
        "kind: Config",
        "token: \"s3cr3t\"",
        "namespace: default",
        "current-context: fake",
        "user: fake-user",
        "cluster: fake",
    ] {
        assert!(text.contains(needle), "{needle:?} in {text}");
    }
    let other =
        std::fs::read_to_string(fake.kubeconfig_with(&dir, "staging", "shop")).expect("kubeconfig");
    assert!(
        other.contains("current-context: staging") && other.contains("namespace: shop"),
        "{other}"
    );

    let unauthorized = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "Unauthorized", "reason": "Unauthorized", "code": 401});
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("s3cr3t"),
        Some("Basic czNjcjN0"),
    ] {
        let headers: Vec<(&str, &str)> = auth.map(|a| ("Authorization", a)).into_iter().collect();
        for path in [
            "/api/v1/namespaces/default/services/web",
            "/version",
            "/api",
        ] {
            let resp = send(fake.addr(), "GET", path, &headers, None);
            assert_eq!(
                (resp.status, resp.json()),
                (401, unauthorized.clone()),
                "{auth:?} {path}"
            );
        }
    }
    assert_eq!(
        send(
            fake.addr(),
            "GET",
            "/api",
            &[("Authorization", "Bearer s3cr3t")],
            None
        )
        .status,
        200
    );
    fake.require_token(None);
    assert_eq!(get(&fake, "/api").status, 200);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_server_stops_on_drop() {
    let fake = FakeApiServer::start();
    let addr = fake.addr();
    // An idle keep-alive connection must not keep it alive.
    let idle = connect(addr);
    assert_eq!(get(&fake, "/api").status, 200);
    drop(fake);
    let mut idle_reader = BufReader::new(idle);
    let mut rest = String::new();
    assert_eq!(
        idle_reader.read_line(&mut rest).unwrap_or(0),
        0,
        "idle connection closed"
    );
    assert!(
        TcpStream::connect(addr).is_err(),
        "nothing listens any more"
    );
}

// ------------------------------------------------------------------------------------------------
// Server-side apply
// ------------------------------------------------------------------------------------------------

#[test]
fn apply_create_unchanged_update() {
    let fake = FakeApiServer::start();
    let rv0 = fake.resource_version();
    let created = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl&fieldValidation=Strict",
        &service("web", "default", web_spec("web", 8080)),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let created = created.json();
    assert_eq!(
        created["metadata"]["resourceVersion"],
        (rv0 + 1).to_string()
    );
    assert_eq!(
        created["spec"]["clusterIP"], "10.96.0.11",
        "deterministic allocation"
    );
    assert_eq!(
        created["spec"]["ports"][0],
        json!({"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080, "nodePort": 30080})
    );
    assert_eq!(created["metadata"]["managedFields"][0]["manager"], "svcctl");
    assert_eq!(
        fake.object("default", "services", "web").as_ref(),
        Some(&created)
    );

    // Same body: 200, same resourceVersion, same managedFields time, nothing stored.
    std::thread::sleep(Duration::from_millis(1100));
    let again = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &service("web", "default", web_spec("web", 8080)),
    );
    assert_eq!(again.status, 200);
    assert_eq!(
        again.json(),
        created,
        "unchanged means byte-identical, time included"
    );
    assert_eq!(fake.resource_version(), rv0 + 1);

    // A change: 200, bumped resourceVersion, new time; GET sees it.
    let changed = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &service("web", "default", web_spec("web-v2", 9090)),
    )
    .json();
    assert_eq!(
        changed["metadata"]["resourceVersion"],
        (rv0 + 2).to_string()
    );
    assert_ne!(
        changed["metadata"]["managedFields"][0]["time"],
        created["metadata"]["managedFields"][0]["time"]
    );
    assert_eq!(changed["metadata"]["uid"], created["metadata"]["uid"]);
    assert_eq!(
        changed["spec"]["clusterIP"], created["spec"]["clusterIP"],
        "allocations survive an apply without them"
    );
    let live = get(&fake, "/api/v1/namespaces/default/services/web").json();
    assert_eq!(live, changed);
    assert_eq!(live["spec"]["selector"], json!({"app": "web-v2"}));
}

#[test]
fn dry_run_answers_as_if_applied_and_stores_nothing() {
    let fake = FakeApiServer::start();
    let rv0 = fake.resource_version();
    let dry = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl&dryRun=All",
        &service("web", "default", web_spec("web", 8080)),
    );
    assert_eq!(dry.status, 201);
    let dry = dry.json();
    assert!(
        dry["metadata"].get("resourceVersion").is_none(),
        "recorded: no resourceVersion on a dry-run create"
    );
    assert_eq!(dry["spec"]["clusterIP"], "10.96.0.0", "recorded");
    assert_eq!(
        get(&fake, "/api/v1/namespaces/default/services/web").status,
        404
    );
    assert_eq!(fake.resource_version(), rv0);

    let live = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &service("web", "default", web_spec("web", 8080)),
    )
    .json();
    let diff = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl&dryRun=All",
        &service("web", "default", web_spec("web", 9090)),
    );
    assert_eq!(diff.status, 200);
    let diff = diff.json();
    assert_eq!(diff["spec"]["ports"][0]["targetPort"], 9090);
    assert_eq!(
        diff["metadata"]["resourceVersion"],
        live["metadata"]["resourceVersion"]
    );
    assert_eq!(fake.object("default", "services", "web"), Some(live));

    // Dry-run delete keeps the object.
    let deleted = send(
        fake.addr(),
        "DELETE",
        "/api/v1/namespaces/default/services/web?dryRun=All",
        &[],
        None,
    );
    assert_eq!(deleted.status, 200);
    assert!(fake.object("default", "services", "web").is_some());
}

#[test]
fn conflict_with_a_seeded_owner_and_force_takes_ownership() {
    let fake = FakeApiServer::start();
    let seeded = fake.seed(service("web", "shop", web_spec("web", 8080)));
    assert_eq!(
        seeded["metadata"]["managedFields"][0]["manager"],
        "kubectl-client-side-apply"
    );
    assert_eq!(
        seeded["metadata"]["managedFields"][0]["operation"],
        "Update"
    );
    // An Update owns the defaults it caused and gets "." entries, as on a real cluster.
    let owned = &seeded["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"];
    assert_eq!(owned["f:ports"]["."], json!({}));
    assert_eq!(
        owned["f:ports"]["k:{\"port\":80,\"protocol\":\"TCP\"}"]["f:protocol"],
        json!({})
    );
    assert_eq!(owned["f:sessionAffinity"], json!({}));
    assert!(
        owned.get("f:clusterIP").is_none(),
        "allocations are nobody's"
    );
    assert!(fake.requests().is_empty(), "seeding is not a request");

    let conflict = apply(
        &fake,
        "shop",
        "web",
        "fieldManager=svcctl",
        &service("web", "shop", web_spec("web", 9090)),
    );
    assert_eq!(conflict.status, 409);
    assert_eq!(
        conflict.json(),
        json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .spec.ports[port=80,protocol=\"TCP\"].targetPort",
            "reason": "Conflict",
            "details": {"causes": [{"reason": "FieldManagerConflict", "message": "conflict with \"kubectl-client-side-apply\" using v1", "field": ".spec.ports[port=80,protocol=\"TCP\"].targetPort"}]},
            "code": 409
        })
    );
    assert_eq!(
        fake.object("shop", "services", "web"),
        Some(seeded.clone()),
        "a conflict changes nothing"
    );

    let forced = apply(
        &fake,
        "shop",
        "web",
        "fieldManager=svcctl&force=true",
        &service("web", "shop", web_spec("web", 9090)),
    );
    assert_eq!(forced.status, 200, "{}", forced.body);
    let forced = forced.json();
    assert_eq!(forced["spec"]["ports"][0]["targetPort"], 9090);
    let managers = forced["metadata"]["managedFields"]
        .as_array()
        .expect("managedFields");
    assert_eq!(managers.len(), 2);
    assert_eq!(
        (
            managers[0]["manager"].as_str(),
            managers[0]["operation"].as_str()
        ),
        (Some("svcctl"), Some("Apply")),
        "Apply sorts first"
    );
    let port_key = "k:{\"port\":80,\"protocol\":\"TCP\"}";
    assert_eq!(
        managers[0]["fieldsV1"]["f:spec"]["f:ports"][port_key]["f:targetPort"],
        json!({})
    );
    let kubectl_port = &managers[1]["fieldsV1"]["f:spec"]["f:ports"][port_key];
    assert!(
        kubectl_port.get("f:targetPort").is_none(),
        "forced away: {kubectl_port}"
    );
    assert_eq!(
        kubectl_port["f:protocol"],
        json!({}),
        "the rest stays theirs"
    );
}

#[test]
fn applying_the_same_values_as_another_manager_shares_ownership() {
    let fake = FakeApiServer::start();
    let first = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &service("web", "default", web_spec("web", 8080)),
    )
    .json();
    let shared = apply(
        &fake,
        "default",
        "web",
        "fieldManager=other-tool",
        &service("web", "default", web_spec("web", 8080)),
    );
    assert_eq!(shared.status, 200, "{}", shared.body);
    let shared = shared.json();
    assert_eq!(shared["spec"], first["spec"]);
    let managers: Vec<&str> = shared["metadata"]["managedFields"]
        .as_array()
        .expect("mf")
        .iter()
        .filter_map(|m| m["manager"].as_str())
        .collect();
    assert_eq!(managers.len(), 2);
    assert!(managers.contains(&"other-tool") && managers.contains(&"svcctl"));
    assert_ne!(
        shared["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"],
        "managedFields changed"
    );

    // Now two appliers own the selector: changing it conflicts with the other one only.
    let conflict = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &service("web", "default", web_spec("web-v2", 8080)),
    )
    .json();
    assert_eq!(
        conflict["message"],
        "Apply failed with 1 conflict: conflict with \"other-tool\": .spec.selector"
    );
}

#[test]
fn several_conflicts_are_grouped_by_manager() {
    let fake = FakeApiServer::start();
    apply(
        &fake,
        "default",
        "web",
        "fieldManager=b-tool",
        &service(
            "web",
            "default",
            json!({"type": "NodePort", "selector": {"app": "web"}, "ports": [{"port": 80, "nodePort": 30080}]}),
        ),
    );
    apply(
        &fake,
        "default",
        "web",
        "fieldManager=a-tool",
        &service(
            "web",
            "default",
            json!({"sessionAffinity": "None", "ports": [{"port": 80, "targetPort": 8080}]}),
        ),
    );
    let conflict = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &service(
            "web",
            "default",
            json!({"sessionAffinity": "ClientIP", "selector": {"app": "x"}, "ports": [{"port": 80, "targetPort": 9090}]}),
        ),
    );
    assert_eq!(conflict.status, 409);
    let body = conflict.json();
    assert_eq!(
        body["message"],
        "Apply failed with 3 conflicts: conflicts with \"a-tool\":\n- .spec.sessionAffinity\n- .spec.ports[port=80,protocol=\"TCP\"].targetPort\nconflicts with \"b-tool\":\n- .spec.selector"
    );
    let fields: Vec<&str> = body["details"]["causes"]
        .as_array()
        .expect("causes")
        .iter()
        .filter_map(|c| c["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            ".spec.sessionAffinity",
            ".spec.ports[port=80,protocol=\"TCP\"].targetPort",
            ".spec.selector"
        ]
    );
}

#[test]
fn conflict_on_knob_matches_the_recorded_shape_until_forced() {
    let fake = FakeApiServer::start();
    fake.add_namespace("shop");
    fake.conflict_on(".spec.selector", "svcctl");
    fake.conflict_on(".spec.ports[port=80,protocol=\"TCP\"].targetPort", "svcctl");
    let resp = apply(
        &fake,
        "shop",
        "web",
        "fieldManager=other-tool",
        &service("web", "shop", web_spec("web-v2", 9090)),
    );
    assert_eq!(resp.status, 409);
    let recorded = recorded("server-side apply with another field manager and no force");
    assert_eq!(
        resp.json(),
        recorded["response"]["body"],
        "same as the recording"
    );

    let forced = apply(
        &fake,
        "shop",
        "web",
        "fieldManager=other-tool&force=true",
        &service("web", "shop", web_spec("web-v2", 9090)),
    );
    assert_eq!(forced.status, 201);
    fake.clear_conflicts();
    let plain = apply(
        &fake,
        "shop",
        "web",
        "fieldManager=other-tool",
        &service("web", "shop", web_spec("web-v2", 9090)),
    );
    assert_eq!(plain.status, 200);
}

#[test]
fn reject_with_422_knob_matches_the_recorded_shape() {
    let fake = FakeApiServer::start();
    fake.add_namespace("shop");
    let detail = "provided port is not in the valid range. The range of valid ports is 30000-32767";
    fake.reject_with_422(
        "bad",
        vec![Cause::invalid("spec.ports[0].nodePort", 99999, detail)],
    );
    let body = service(
        "bad",
        "shop",
        json!({"type": "NodePort", "selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": 8080, "nodePort": 30080}]}),
    );
    let resp = apply(
        &fake,
        "shop",
        "bad",
        "fieldManager=svcctl&force=true&dryRun=All",
        &body,
    );
    assert_eq!(resp.status, 422);
    assert_eq!(
        resp.json(),
        recorded("server-side apply of an invalid Service")["response"]["body"]
    );

    fake.reject_with_422(
        "bad",
        vec![
            Cause::required("spec.ports", ""),
            Cause::not_supported(
                "spec.type",
                "Foo",
                &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
            ),
            Cause::new(
                "FieldValueInvalid",
                "Invalid value: \"x\": custom",
                "metadata.name",
            ),
        ],
    );
    let several = apply(&fake, "shop", "bad", "fieldManager=svcctl", &body).json();
    assert_eq!(
        several["message"],
        "Service \"bad\" is invalid: [spec.ports: Required value, spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\", metadata.name: Invalid value: \"x\": custom]"
    );
    assert_eq!(
        several["details"]["causes"][1]["reason"],
        "FieldValueNotSupported"
    );
    assert_eq!(fake.object("shop", "services", "bad"), None);
    fake.clear_rejections();
    assert_eq!(
        apply(&fake, "shop", "bad", "fieldManager=svcctl", &body).status,
        201
    );
}

#[test]
fn typed_patch_errors_are_the_recorded_500() {
    let fake = FakeApiServer::start();
    let unknown_top = service(
        "web",
        "default",
        json!({"ports": [{"port": 80}], "selectr": {"app": "web"}}),
    );
    let resp = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl&fieldValidation=Strict",
        &unknown_top,
    );
    assert_eq!(resp.status, 500);
    assert_eq!(
        resp.json(),
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": "failed to create typed patch object (default/web; /v1, Kind=Service): .spec.selectr: field not declared in schema", "code": 500})
    );
    let several = service(
        "web",
        "default",
        json!({"ports": [{"port": 80, "nodeport": 30080}], "typo": 1}),
    );
    assert_eq!(
        apply(&fake, "default", "web", "fieldManager=svcctl", &several).json()["message"],
        "failed to create typed patch object (default/web; /v1, Kind=Service): errors:\n  .spec.ports[port=80,protocol=\"TCP\"].nodeport: field not declared in schema\n  .spec.typo: field not declared in schema"
    );
    let no_key = service("web", "default", json!({"ports": [{"name": "http"}]}));
    assert_eq!(
        apply(&fake, "default", "web", "fieldManager=svcctl", &no_key).json()["message"],
        "failed to create typed patch object (default/web; /v1, Kind=Service): .spec.ports: element 0: associative list with keys has an element that omits key field \"port\" (and doesn't have default value)"
    );
    let duplicate = service(
        "web",
        "default",
        json!({"ports": [{"port": 80}, {"port": 80, "protocol": "TCP"}]}),
    );
    assert_eq!(
        apply(&fake, "default", "web", "fieldManager=svcctl", &duplicate).json()["message"],
        "failed to create typed patch object (default/web; /v1, Kind=Service): .spec.ports: duplicate entries for key [port=80,protocol=\"TCP\"]"
    );
    let wrong_type = service(
        "web",
        "default",
        json!({"ports": [{"port": 80, "nodePort": "30080"}]}),
    );
    assert_eq!(
        apply(&fake, "default", "web", "fieldManager=svcctl", &wrong_type).json()["message"],
        "failed to create typed patch object (default/web; /v1, Kind=Service): .spec.ports[port=80,protocol=\"TCP\"].nodePort: expected numeric (int or float), got string"
    );
    let bad_meta = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "lables": {}}, "spec": {"ports": [{"port": 80}]}});
    assert!(
        apply(&fake, "default", "web", "fieldManager=svcctl", &bad_meta).json()["message"]
            .as_str()
            .is_some_and(|m| m.ends_with(
                "/web; /v1, Kind=Service): .metadata.lables: field not declared in schema"
            ))
    );
    assert_eq!(fake.object("default", "services", "web"), None);
}

#[test]
fn request_level_errors() {
    let fake = FakeApiServer::start();
    let body = service("web", "default", web_spec("web", 8080));
    let no_manager = apply(&fake, "default", "web", "force=true", &body);
    assert_eq!(no_manager.status, 422);
    assert_eq!(
        no_manager.json(),
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
               "reason": "Invalid",
               "details": {"group": "meta.k8s.io", "kind": "PatchOptions", "causes": [{"reason": "FieldValueRequired", "message": "Required value: is required for apply patch", "field": "fieldManager"}]},
               "code": 422})
    );
    let other_name = apply(&fake, "default", "api", "fieldManager=svcctl", &body);
    assert_eq!(
        (other_name.status, other_name.json()["message"].as_str()),
        (
            400,
            Some("the name of the object (web) does not match the name on the URL (api)")
        )
    );
    let other_ns = apply(&fake, "kube-system", "web", "fieldManager=svcctl", &body);
    assert_eq!(
        other_ns.json()["message"],
        "the namespace of the provided object does not match the namespace sent on the request"
    );
    let wrong_version = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &json!({"apiVersion": "apps/v1", "kind": "Service", "metadata": {"name": "web"}}),
    );
    assert_eq!(
        wrong_version.json()["message"],
        "Incorrect version specified in apply patch. Specified patch version: apps/v1, expected: v1"
    );
    let managed = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "managedFields": [{}]}});
    assert_eq!(
        apply(&fake, "default", "web", "fieldManager=svcctl", &managed).json()["message"],
        "metadata.managedFields must be nil"
    );
    let garbage = send(
        fake.addr(),
        "PATCH",
        "/api/v1/namespaces/default/services/web?fieldManager=svcctl",
        &[APPLY],
        Some("{not json"),
    );
    assert_eq!(garbage.status, 400);
    assert!(
        garbage.json()["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("error decoding YAML: "))
    );
    let list_body = send(
        fake.addr(),
        "PATCH",
        "/api/v1/namespaces/default/services/web?fieldManager=svcctl",
        &[APPLY],
        Some("- a\n- b\n"),
    );
    assert_eq!(
        list_body.json()["message"],
        "error decoding YAML: json: cannot unmarshal array into Go value of type map[string]interface {}"
    );

    // Optimistic concurrency through metadata.resourceVersion.
    let live = apply(&fake, "default", "web", "fieldManager=svcctl", &body).json();
    let mut stale = body.clone();
    stale["metadata"]["resourceVersion"] = json!("1");
    let stale = apply(&fake, "default", "web", "fieldManager=svcctl", &stale);
    assert_eq!(stale.status, 409);
    assert_eq!(
        stale.json()["details"],
        json!({"name": "web", "kind": "services"})
    );
    let mut current = body.clone();
    current["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"].clone();
    assert_eq!(
        apply(&fake, "default", "web", "fieldManager=svcctl", &current).status,
        200
    );
    assert!(
        fake.requests().iter().all(|r| r.response_status != 500),
        "no internal error along the way"
    );
}

#[test]
fn namespaces_exist_only_when_configured() {
    let fake = FakeApiServer::start();
    let names = |fake: &FakeApiServer| -> Vec<String> {
        get(fake, "/api/v1/namespaces").json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|n| n["metadata"]["name"].as_str().map(String::from))
            .collect()
    };
    assert_eq!(names(&fake), ["default", "kube-system"]);
    let body = service("web", "shop", web_spec("web", 8080));
    let missing = apply(&fake, "shop", "web", "fieldManager=svcctl", &body);
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json(),
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "namespaces \"shop\" not found", "reason": "NotFound", "details": {"name": "shop", "kind": "namespaces"}, "code": 404})
    );
    let dry = apply(
        &fake,
        "shop",
        "web",
        "fieldManager=svcctl&dryRun=All",
        &body,
    );
    assert_eq!(dry.status, 404, "dry run checks the namespace too");
    assert_eq!(get(&fake, "/api/v1/namespaces/shop").status, 404);

    fake.add_namespace("shop");
    let ns = get(&fake, "/api/v1/namespaces/shop").json();
    assert_eq!(
        (ns["kind"].as_str(), ns["status"]["phase"].as_str()),
        (Some("Namespace"), Some("Active"))
    );
    assert_eq!(
        ns["metadata"]["labels"]["kubernetes.io/metadata.name"],
        "shop"
    );
    assert_eq!(
        apply(&fake, "shop", "web", "fieldManager=svcctl", &body).status,
        201
    );

    fake.set_namespaces(&["prod"]);
    assert_eq!(names(&fake), ["prod"]);
    assert_eq!(
        apply(
            &fake,
            "default",
            "web",
            "fieldManager=svcctl",
            &service("web", "default", web_spec("web", 8080))
        )
        .status,
        404
    );
    let selected = get(
        &fake,
        "/api/v1/namespaces?labelSelector=kubernetes.io%2Fmetadata.name%3Dprod",
    )
    .json();
    assert_eq!(selected["items"].as_array().map(Vec::len), Some(1));
}

#[test]
fn endpoint_slices_seeded_and_selected_by_service() {
    let fake = FakeApiServer::start();
    fake.add_namespace("shop");
    fake.endpoints("shop", "web", 3);
    fake.endpoints_with("shop", "api", 1, 2);
    let list = |svc: &str| {
        get(&fake, &format!("/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3D{svc}")).json()
    };

    let web = list("web");
    assert_eq!(
        (web["kind"].as_str(), web["apiVersion"].as_str()),
        (Some("EndpointSliceList"), Some("discovery.k8s.io/v1"))
    );
    assert_eq!(
        web["metadata"]["resourceVersion"],
        fake.resource_version().to_string()
    );
    let items = web["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    let slice = &items[0];
    assert!(slice.get("kind").is_none(), "list items carry no kind");
    assert!(
        slice["metadata"]["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("web-") && n.len() == 9)
    );
    assert_eq!(
        slice["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"],
        "endpointslice-controller.k8s.io"
    );
    assert_eq!(slice["addressType"], "IPv4");
    assert_eq!(slice["ports"], Value::Null, "no Service yet");
    let ready = |s: &Value| {
        s["endpoints"]
            .as_array()
            .expect("endpoints")
            .iter()
            .filter(|e| e["conditions"]["ready"] == true)
            .count()
    };
    assert_eq!(
        (ready(slice), slice["endpoints"].as_array().map(Vec::len)),
        (3, Some(3))
    );
    let api = &list("api")["items"][0];
    assert_eq!(
        (ready(api), api["endpoints"].as_array().map(Vec::len)),
        (1, Some(3))
    );
    assert_eq!(
        api["endpoints"][2]["conditions"],
        json!({"ready": false, "serving": false, "terminating": false})
    );

    assert_eq!(
        list("nothing")["items"],
        json!([]),
        "recorded: an empty list for a Service without slices"
    );
    let all = get(&fake, "/apis/discovery.k8s.io/v1/endpointslices").json();
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2));
    let not_web = get(&fake, "/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?labelSelector=kubernetes.io%2Fservice-name!%3Dweb").json();
    assert_eq!(
        not_web["items"][0]["metadata"]["labels"]["kubernetes.io/service-name"],
        "api"
    );

    // Reseeding replaces; ports come from the Service once it exists.
    apply(
        &fake,
        "shop",
        "web",
        "fieldManager=svcctl",
        &service("web", "shop", web_spec("web", 8080)),
    );
    fake.endpoints("shop", "web", 0);
    let web = list("web");
    assert_eq!(web["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(web["items"][0]["endpoints"], json!([]));
    assert_eq!(
        web["items"][0]["ports"],
        json!([{"name": "http", "protocol": "TCP", "port": 8080}])
    );
    let name = web["items"][0]["metadata"]["name"]
        .as_str()
        .expect("name")
        .to_string();
    let single = get(
        &fake,
        &format!("/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices/{name}"),
    )
    .json();
    assert_eq!(single["kind"], "EndpointSlice");
}

#[test]
fn pruning_removes_what_the_manager_stopped_applying() {
    let fake = FakeApiServer::start();
    let mut body = service("web", "default", web_spec("web", 8080));
    body["metadata"]["labels"] = json!({"app": "web", "team": "a"});
    body["spec"]["ports"]
        .as_array_mut()
        .expect("ports")
        .push(json!({"name": "metrics", "port": 9100}));
    let first = apply(&fake, "default", "web", "fieldManager=svcctl", &body).json();
    assert_eq!(
        first["metadata"]["labels"],
        json!({"app": "web", "team": "a"})
    );
    assert_eq!(
        first["spec"]["ports"][1]["nodePort"], 32767,
        "automatic NodePorts count down from the top"
    );
    assert_eq!(
        first["metadata"]["managedFields"][0]["fieldsV1"]["f:metadata"],
        json!({"f:labels": {"f:app": {}, "f:team": {}}}),
        "Apply sets have no '.' for maps"
    );

    let pruned = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &service("web", "default", web_spec("web", 8080)),
    )
    .json();
    assert!(
        pruned["metadata"].get("labels").is_none(),
        "labels gone: {}",
        pruned["metadata"]
    );
    assert_eq!(
        pruned["spec"]["ports"].as_array().map(Vec::len),
        Some(1),
        "the metrics port is gone"
    );
    assert_ne!(
        pruned["metadata"]["resourceVersion"],
        first["metadata"]["resourceVersion"]
    );
    assert!(
        pruned["metadata"]["managedFields"][0]["fieldsV1"]
            .get("f:metadata")
            .is_none()
    );

    // What another manager owns survives the applier dropping it.
    let mut labelled = service("web", "default", json!({}));
    labelled["metadata"]["labels"] = json!({"owner": "ops"});
    apply(&fake, "default", "web", "fieldManager=ops", &labelled);
    let mut mine = service("web", "default", web_spec("web", 8080));
    mine["metadata"]["labels"] = json!({"owner": "ops"});
    apply(&fake, "default", "web", "fieldManager=svcctl", &mine);
    let kept = apply(
        &fake,
        "default",
        "web",
        "fieldManager=svcctl",
        &service("web", "default", web_spec("web", 8080)),
    )
    .json();
    assert_eq!(kept["metadata"]["labels"], json!({"owner": "ops"}));
}

#[test]
fn service_defaults_allocations_and_validation() {
    let fake = FakeApiServer::start();
    let cluster_ip = apply(
        &fake,
        "default",
        "plain",
        "fieldManager=svcctl",
        &service(
            "plain",
            "default",
            json!({"selector": {"app": "x"}, "ports": [{"port": 80, "targetPort": "http"}]}),
        ),
    )
    .json();
    assert_eq!(
        cluster_ip["spec"],
        json!({"ports": [{"protocol": "TCP", "port": 80, "targetPort": "http"}], "selector": {"app": "x"}, "clusterIP": "10.96.0.11", "clusterIPs": ["10.96.0.11"],
               "type": "ClusterIP", "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"})
    );
    assert_eq!(cluster_ip["status"], json!({"loadBalancer": {}}));

    let lb = apply(&fake, "default", "lb", "fieldManager=svcctl", &service("lb", "default", json!({"type": "LoadBalancer", "externalTrafficPolicy": "Local", "ports": [{"port": 443}]}))).json();
    assert_eq!(lb["spec"]["clusterIP"], "10.96.0.12");
    assert_eq!(
        lb["spec"]["ports"][0],
        json!({"protocol": "TCP", "port": 443, "targetPort": 443, "nodePort": 32767})
    );
    assert_eq!(lb["spec"]["allocateLoadBalancerNodePorts"], true);
    assert_eq!(lb["spec"]["healthCheckNodePort"], 32766);

    let external = apply(
        &fake,
        "default",
        "ext",
        "fieldManager=svcctl",
        &service(
            "ext",
            "default",
            json!({"type": "ExternalName", "externalName": "example.com"}),
        ),
    )
    .json();
    assert_eq!(
        external["spec"],
        json!({"type": "ExternalName", "sessionAffinity": "None", "externalName": "example.com"})
    );

    let headless = apply(
        &fake,
        "default",
        "db",
        "fieldManager=svcctl",
        &service(
            "db",
            "default",
            json!({"clusterIP": "None", "selector": {"app": "db"}, "ports": [{"port": 5432}]}),
        ),
    )
    .json();
    assert_eq!(
        (
            headless["spec"]["clusterIPs"].clone(),
            headless["spec"]["ipFamilyPolicy"].clone()
        ),
        (json!(["None"]), json!("SingleStack"))
    );

    // Allocator errors: range only on a real apply (recorded), "already allocated" in dry run too.
    let out_of_range = service(
        "bad2",
        "default",
        json!({"type": "NodePort", "ports": [{"port": 80, "nodePort": 99999}]}),
    );
    assert_eq!(
        apply(
            &fake,
            "default",
            "bad2",
            "fieldManager=svcctl",
            &out_of_range
        )
        .status,
        422
    );
    assert_eq!(
        apply(
            &fake,
            "default",
            "bad2",
            "fieldManager=svcctl&dryRun=All",
            &out_of_range
        )
        .status,
        201
    );
    let taken = service(
        "web2",
        "default",
        json!({"type": "NodePort", "ports": [{"port": 80, "nodePort": 32767}]}),
    );
    let taken = apply(
        &fake,
        "default",
        "web2",
        "fieldManager=svcctl&dryRun=All",
        &taken,
    )
    .json();
    assert_eq!(
        taken["message"],
        "Service \"web2\" is invalid: spec.ports[0].nodePort: Invalid value: 32767: provided port is already allocated"
    );
    // Re-applying a Service with its own nodePort is fine.
    let own = service(
        "lb",
        "default",
        json!({"type": "LoadBalancer", "externalTrafficPolicy": "Local", "ports": [{"port": 443, "nodePort": 32767}]}),
    );
    assert_eq!(
        apply(&fake, "default", "lb", "fieldManager=svcctl", &own).status,
        200
    );

    // Validation after allocation (not recorded; rules from the research note).
    let invalid = service(
        "bad",
        "default",
        json!({"type": "Weird", "ports": [{"port": 0, "protocol": "HTTP"}]}),
    );
    let invalid = apply(&fake, "default", "bad", "fieldManager=svcctl", &invalid).json();
    assert_eq!(
        invalid["message"],
        "Service \"bad\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\", spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive, spec.type: Unsupported value: \"Weird\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"]"
    );
    assert_eq!(
        invalid["details"]["causes"].as_array().map(Vec::len),
        Some(4)
    );

    // Changing the type away from NodePort drops the allocated nodePorts.
    let np = apply(
        &fake,
        "default",
        "np",
        "fieldManager=svcctl",
        &service(
            "np",
            "default",
            json!({"type": "NodePort", "ports": [{"port": 80}]}),
        ),
    )
    .json();
    assert_eq!(np["spec"]["externalTrafficPolicy"], "Cluster");
    let back = apply(
        &fake,
        "default",
        "np",
        "fieldManager=svcctl",
        &service(
            "np",
            "default",
            json!({"type": "ClusterIP", "ports": [{"port": 80}]}),
        ),
    )
    .json();
    assert!(
        back["spec"]["ports"][0].get("nodePort").is_none()
            && back["spec"].get("externalTrafficPolicy").is_none(),
        "{}",
        back["spec"]
    );
    assert_eq!(back["spec"]["clusterIP"], np["spec"]["clusterIP"]);
}

#[test]
fn get_list_and_delete() {
    let fake = FakeApiServer::start();
    fake.add_namespace("shop");
    for (ns, name) in [("shop", "b"), ("shop", "a"), ("default", "c")] {
        apply(
            &fake,
            ns,
            name,
            "fieldManager=svcctl",
            &service(name, ns, json!({"ports": [{"port": 80}]})),
        );
    }
    let shop = get(&fake, "/api/v1/namespaces/shop/services").json();
    let names: Vec<&str> = shop["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["metadata"]["name"].as_str())
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(
        (shop["kind"].as_str(), shop["apiVersion"].as_str()),
        (Some("ServiceList"), Some("v1"))
    );
    let everywhere = get(&fake, "/api/v1/services").json();
    assert_eq!(everywhere["items"].as_array().map(Vec::len), Some(3));
    let by_name = get(&fake, "/api/v1/services?fieldSelector=metadata.name%3Dc").json();
    assert_eq!(by_name["items"][0]["metadata"]["namespace"], "default");

    let missing = get(&fake, "/api/v1/namespaces/shop/services/zzz");
    assert_eq!(missing.json(), recorded("get after dry run")["response"]["body"].as_object().map(|_| {
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "services \"zzz\" not found", "reason": "NotFound", "details": {"name": "zzz", "kind": "services"}, "code": 404})
    }).expect("shape"));

    let before = fake.object("shop", "services", "a").expect("a");
    let deleted = send(
        fake.addr(),
        "DELETE",
        "/api/v1/namespaces/shop/services/a",
        &[],
        None,
    );
    assert_eq!(deleted.status, 200);
    let deleted = deleted.json();
    assert_eq!(deleted["metadata"]["uid"], before["metadata"]["uid"]);
    assert_eq!(
        deleted["metadata"]["resourceVersion"],
        fake.resource_version().to_string()
    );
    assert_eq!(get(&fake, "/api/v1/namespaces/shop/services/a").status, 404);
    assert_eq!(
        send(
            fake.addr(),
            "DELETE",
            "/api/v1/namespaces/shop/services/a",
            &[],
            None
        )
        .status,
        404
    );
}

#[test]
fn deployments_apply_generically() {
    let fake = FakeApiServer::start();
    let deployment = |image: &str, extra_container: bool| {
        let mut containers =
            vec![json!({"name": "web", "image": image, "ports": [{"containerPort": 8080}]})];
        if extra_container {
            containers.push(json!({"name": "sidecar", "image": "envoy:1.30"}));
        }
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
               "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": containers}}}})
    };
    let path = "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=svcctl";
    let created = send(
        fake.addr(),
        "PATCH",
        path,
        &[APPLY],
        Some(&deployment("nginx:1.27", true).to_string()),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let created = created.json();
    assert_eq!(created["metadata"]["generation"], 1);
    assert_eq!(created["spec"]["replicas"], 1);
    assert_eq!(
        created["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"],
        "IfNotPresent"
    );
    assert_eq!(
        created["spec"]["template"]["spec"]["containers"][0]["ports"][0]["protocol"],
        "TCP"
    );
    let fields = &created["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"];
    assert_eq!(fields["f:selector"], json!({}), "an atomic selector");
    assert!(
        fields["f:template"]["f:spec"]["f:containers"]
            .get("k:{\"name\":\"web\"}")
            .is_some()
    );

    let same = send(
        fake.addr(),
        "PATCH",
        path,
        &[APPLY],
        Some(&deployment("nginx:1.27", true).to_string()),
    )
    .json();
    assert_eq!(same, created);
    let changed = send(
        fake.addr(),
        "PATCH",
        path,
        &[APPLY],
        Some(&deployment("nginx:1.28", false).to_string()),
    )
    .json();
    assert_eq!(changed["metadata"]["generation"], 2);
    let containers = changed["spec"]["template"]["spec"]["containers"]
        .as_array()
        .expect("containers");
    assert_eq!(
        containers.len(),
        1,
        "the sidecar this manager dropped is pruned"
    );
    assert_eq!(containers[0]["image"], "nginx:1.28");
    assert_eq!(
        fake.object("default", "deployments.apps", "web")
            .map(|d| d["metadata"]["generation"].clone()),
        Some(json!(2))
    );
    let missing = get(&fake, "/apis/apps/v1/namespaces/default/deployments/nope").json();
    assert_eq!(missing["message"], "deployments.apps \"nope\" not found");
    assert_eq!(
        missing["details"],
        json!({"name": "nope", "group": "apps", "kind": "deployments"})
    );
    let list = get(&fake, "/apis/apps/v1/namespaces/default/deployments").json();
    assert_eq!(
        (list["kind"].as_str(), list["apiVersion"].as_str()),
        (Some("DeploymentList"), Some("apps/v1"))
    );
}

#[test]
fn yaml_bodies_in_the_supported_subset() {
    let fake = FakeApiServer::start();
    let yaml = r#"---
# a comment
apiVersion: v1
kind: Service
metadata:
  name: "web"   # trailing comment
  namespace: 'default'
  labels: {app: web, "tier": 'front #1'}
  annotations:
    note: "a: b"
    count: "3"
spec:
  selector:
    app: web
  ipFamilies: [IPv4]
  ports:
    - name: http
      port: 80
      targetPort: http-alt
    -   name: https
        port: 0x1BB
        protocol: TCP
  publishNotReadyAddresses: yes
"#;
    let resp = send(
        fake.addr(),
        "PATCH",
        "/api/v1/namespaces/default/services/web?fieldManager=kubectl",
        &[APPLY],
        Some(yaml),
    );
    assert_eq!(resp.status, 201, "{}", resp.body);
    let obj = resp.json();
    assert_eq!(
        obj["metadata"]["labels"],
        json!({"app": "web", "tier": "front #1"})
    );
    assert_eq!(
        obj["metadata"]["annotations"],
        json!({"count": "3", "note": "a: b"})
    );
    assert_eq!(obj["spec"]["ports"][0]["targetPort"], "http-alt");
    assert_eq!(obj["spec"]["ports"][1]["port"], 443);
    assert_eq!(obj["spec"]["publishNotReadyAddresses"], true);

    for unsupported in [
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    a: |\n      text\n",
        "a: 1\n---\nb: 2\n",
        "a: &x 1\n",
        "a: 1\n  b: 2\n",
    ] {
        let resp = send(
            fake.addr(),
            "PATCH",
            "/api/v1/namespaces/default/services/web?fieldManager=kubectl",
            &[APPLY],
            Some(unsupported),
        );
        assert_eq!(resp.status, 400, "{unsupported:?}: {}", resp.body);
        assert!(
            resp.json()["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("error decoding YAML: yaml: ")),
            "{}",
            resp.body
        );
    }
}
