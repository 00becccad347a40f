//! `svcctl lsp` driven as an editor drives it: the binary is spawned and spoken to in JSON-RPC
//! over its stdio, and the exact ranges and texts it answers with are asserted.

#[path = "lsp/client.rs"]
mod client;

use std::path::Path;
use std::time::Duration;

use client::{Client, file_uri};
use serde_json::{Value, json};

const SERVICE: &str = r#"apiVersion: v1
kind: Service
metadata: {annotations: {note: "café 𝄞"}, name: Web_1}
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 99999
"#;

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: nginx
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
";

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("the fixture is written");
    }
    dir
}

fn open(c: &mut Client, path: &Path, text: &str) -> String {
    let uri = file_uri(path);
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    uri
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// (code, range, first line of the message) of each diagnostic.
fn summary(diagnostics: &[Value]) -> Vec<(String, Value, String)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"].clone(),
                d["message"]
                    .as_str()
                    .unwrap_or_default()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

fn shut_down(mut c: Client) {
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait().code(), Some(0));
}

fn change(c: &mut Client, uri: &str, version: i32, edits: Value) {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": edits}),
    );
}

#[test]
fn diagnostics_follow_incremental_edits_with_utf16_ranges() {
    let dir = workspace(&[("svc.yaml", SERVICE), ("deploy.yaml", DEPLOYMENT)]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let uri = open(&mut c, &dir.path().join("svc.yaml"), SERVICE);
    let diagnostics = c.diagnostics(&uri);
    // "café 𝄞" is 7 characters, 11 bytes and 8 UTF-16 units: the name starts at unit 49.
    assert_eq!(
        summary(&diagnostics),
        [
            (
                "SVC005".to_string(),
                range(2, 49, 2, 54),
                "metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')".to_string()
            ),
            (
                "SVC012".to_string(),
                range(11, 16, 11, 21),
                "spec.ports[0].nodePort: Invalid value: 99999: provided port is not in the valid range. The range of valid ports is 30000-32767".to_string()
            ),
        ]
    );
    let node_port = &diagnostics[1];
    assert_eq!(node_port["severity"], 1);
    assert_eq!(node_port["source"], "svcctl");
    assert_eq!(
        node_port["codeDescription"]["href"],
        "https://github.com/svcctl/svcctl/blob/main/docs/rules.md#node-port-range"
    );
    assert_eq!(
        node_port["message"].as_str().unwrap().lines().nth(1),
        Some(
            "help: leave `nodePort` out to let the cluster choose one, or pick a port in 30000-32767"
        )
    );
    // Two edits in one change, the second relative to the text the first left.
    change(
        &mut c,
        &uri,
        2,
        json!([
            {"range": range(11, 16, 11, 21), "text": "30080"},
            {"range": range(2, 49, 2, 54), "text": "web"},
        ]),
    );
    assert_eq!(summary(&c.diagnostics(&uri)), []);
    // An edit after the non-ASCII text of the line.
    change(
        &mut c,
        &uri,
        3,
        json!([{"range": range(2, 49, 2, 52), "text": "Web_2"}]),
    );
    let codes: Vec<(String, Value)> = summary(&c.diagnostics(&uri))
        .into_iter()
        .map(|(c, r, _)| (c, r))
        .collect();
    assert_eq!(codes, [("SVC005".to_string(), range(2, 49, 2, 54))]);
    shut_down(c);
}

#[test]
fn cross_object_rules_read_the_other_files_of_the_folder_and_follow_open_ones() {
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: wbe\n  ports:\n    - port: 80\n      targetPort: http\n";
    let dir = workspace(&[("svc.yaml", service), ("deploy.yaml", DEPLOYMENT)]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let uri = open(&mut c, &dir.path().join("svc.yaml"), service);
    let found = summary(&c.diagnostics(&uri));
    assert_eq!(
        found
            .iter()
            .map(|(c, r, _)| (c.as_str(), r.clone()))
            .collect::<Vec<_>>(),
        [("SVC050", range(5, 2, 5, 10))],
        "{found:?}"
    );
    change(
        &mut c,
        &uri,
        2,
        json!([{"range": range(6, 9, 6, 12), "text": "web"}]),
    );
    assert_eq!(summary(&c.diagnostics(&uri)), []);
    // The workload's port renamed in the editor, unsaved: the Service's targetPort now names
    // nothing.
    let deploy_uri = open(&mut c, &dir.path().join("deploy.yaml"), DEPLOYMENT);
    assert_eq!(summary(&c.diagnostics(&deploy_uri)), []);
    // Opening a file of the folder lints the folder again, the Service too.
    assert_eq!(summary(&c.diagnostics(&uri)), []);
    change(
        &mut c,
        &deploy_uri,
        2,
        json!([{"range": range(17, 20, 17, 24), "text": "web"}]),
    );
    let found = summary(&c.diagnostics(&uri));
    assert_eq!(
        found
            .iter()
            .map(|(c, r, _)| (c.as_str(), r.clone()))
            .collect::<Vec<_>>(),
        [("SVC051", range(9, 18, 9, 22))],
        "{found:?}"
    );
    shut_down(c);
}

#[test]
fn ignore_this_rule_here_writes_the_comment_lint_honours() {
    let dir = workspace(&[("svc.yaml", SERVICE)]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let uri = open(&mut c, &dir.path().join("svc.yaml"), SERVICE);
    let diagnostics = c.diagnostics(&uri);
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(11, 18, 11, 18), "context": {"diagnostics": [diagnostics[1]]}}),
    );
    let actions = r["result"].as_array().expect("a list of actions").clone();
    assert_eq!(actions.len(), 1, "{r}");
    let action = &actions[0];
    assert_eq!(
        action["title"],
        "Ignore node-port-range (SVC012) on this line"
    );
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], false);
    assert_eq!(action["diagnostics"][0]["code"], "SVC012");
    let edits = &action["edit"]["changes"][&uri];
    assert_eq!(
        edits,
        &json!([{"range": range(11, 0, 11, 0), "newText": "      # svcctl-ignore: node-port-range\n"}])
    );
    // Applied as an editor applies it, the finding is gone and the other stays.
    change(
        &mut c,
        &uri,
        2,
        json!([{"range": range(11, 0, 11, 0), "text": "      # svcctl-ignore: node-port-range\n"}]),
    );
    let left: Vec<String> = summary(&c.diagnostics(&uri))
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    assert_eq!(left, ["SVC005"]);
    shut_down(c);
}

fn hover_text(c: &mut Client, uri: &str, line: u32, character: u32) -> (String, Value) {
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let value = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(r["result"]["contents"]["kind"], "markdown", "{r}");
    (value, r["result"]["range"].clone())
}

#[test]
fn hover_explains_fields_types_and_findings() {
    let dir = workspace(&[("svc.yaml", SERVICE)]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let uri = open(&mut c, &dir.path().join("svc.yaml"), SERVICE);
    c.diagnostics(&uri);
    let (text, at) = hover_text(&mut c, &uri, 11, 8);
    assert!(text.starts_with("```text\nKIND:     Service\nVERSION:  v1\n\nFIELD:    nodePort <integer>\nPATH:     spec.ports[].nodePort\n"), "{text}");
    assert_eq!(at, range(11, 6, 11, 14));
    let (text, at) = hover_text(&mut c, &uri, 4, 10);
    assert!(text.starts_with("```text\nNodePort Service\n"), "{text}");
    assert_eq!(at, range(4, 8, 4, 16));
    let (text, at) = hover_text(&mut c, &uri, 11, 18);
    assert!(text.starts_with("**SVC012 node-port-range**: "), "{text}");
    assert!(text.contains("## What it does"), "{text}");
    assert_eq!(at, range(11, 16, 11, 21));
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 8, "character": 4}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    shut_down(c);
}

fn labels(c: &mut Client, uri: &str, line: u32, character: u32) -> Vec<String> {
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn completion_offers_fields_enum_values_and_the_selected_workloads_port_names() {
    let other = DEPLOYMENT
        .replace("app: web", "app: db")
        .replace("name: http", "name: sql")
        .replace("name: metrics", "name: admin");
    let text = "apiVersion: v1\nkind: Service\nspec:\n  sessionAffinity: \n  selector:\n    app: web\n  ports:\n    - protocol: \n      targetPort: \n      \n";
    let dir = workspace(&[("deploy.yaml", DEPLOYMENT), ("db.yaml", &other)]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let uri = open(&mut c, &dir.path().join("svc.yaml"), text);
    assert_eq!(labels(&mut c, &uri, 3, 19), ["None", "ClientIP"]);
    assert_eq!(labels(&mut c, &uri, 7, 16), ["TCP", "UDP", "SCTP"]);
    assert_eq!(labels(&mut c, &uri, 8, 18), ["http", "metrics"]);
    let fields = labels(&mut c, &uri, 9, 6);
    for f in [
        "appProtocol",
        "name",
        "nodePort",
        "port",
        "protocol",
        "targetPort",
    ] {
        assert!(fields.contains(&f.to_string()), "{fields:?}");
    }
    assert!(!fields.contains(&"selector".to_string()), "{fields:?}");
    shut_down(c);
}

#[test]
fn settings_come_from_the_workspace_config_then_the_client() {
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30080\n";
    let dir = workspace(&[
        (".svcctl.yaml", "node-port-range: 30000-30050\n"),
        ("svc.yaml", service),
    ]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let uri = open(&mut c, &dir.path().join("svc.yaml"), service);
    let found = summary(&c.diagnostics(&uri));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .2
            .ends_with("The range of valid ports is 30000-30050"),
        "{found:?}"
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"svcctl": {"nodePortRange": "30000-32767"}}}),
    );
    assert_eq!(summary(&c.diagnostics(&uri)), []);
    shut_down(c);

    let mut c = Client::initialized(dir.path(), json!({"nodePortRange": "31000-31010"}));
    let uri = open(&mut c, &dir.path().join("svc.yaml"), service);
    let found = summary(&c.diagnostics(&uri));
    assert!(
        found[0]
            .2
            .ends_with("The range of valid ports is 31000-31010"),
        "{found:?}"
    );
    // A setting that cannot be read is said, and the rest still applies.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"svcctl": {"nodePortRange": "high"}}}),
    );
    let message = c.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .starts_with("svcctl: svcctl.nodePortRange: "),
        "{message}"
    );
    let found = summary(&c.diagnostics(&uri));
    assert!(
        found[0]
            .2
            .ends_with("The range of valid ports is 30000-30050"),
        "{found:?}"
    );
    shut_down(c);
}

#[test]
fn malformed_messages_and_unknown_methods_are_answered_and_the_server_goes_on() {
    let dir = workspace(&[]);
    let mut c = Client::spawn(dir.path());
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let r = c.wait_for(|m| m.get("error").is_some());
    assert_eq!(
        (r["error"]["code"].clone(), r["id"].clone()),
        (json!(-32700), Value::Null),
        "{r}"
    );
    c.send(&json!({"jsonrpc": "2.0", "id": 77}));
    let r = c.wait_for(|m| m["id"] == 77);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    drop(c);

    let mut c = Client::initialized(dir.path(), Value::Null);
    let r = c.request("svcctl/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    c.notify("svcctl/noSuchNotification", json!({}));
    assert_eq!(c.anything_within(Duration::from_millis(300)), None);
    // Still serving.
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nowhere.yaml"}, "position": {"line": 0, "character": 0}}));
    assert_eq!(r["result"], Value::Null, "{r}");
    // `exit` without `shutdown`: exit code 1, as the protocol says.
    c.notify("exit", Value::Null);
    assert_eq!(c.wait().code(), Some(1));
}

#[test]
fn a_client_that_disappears_mid_request_ends_the_server() {
    let dir = workspace(&[("svc.yaml", SERVICE)]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    c.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"textDocument/hover\"");
    assert_eq!(c.close_and_wait().code(), Some(1));
}

#[test]
fn after_shutdown_requests_are_refused_and_exit_ends_cleanly() {
    let dir = workspace(&[]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait().code(), Some(0));
}

/// Neovim's LSP client (Debian's `neovim`) against the server, headless: what
/// `vim.diagnostic.get()` shows for a fixture with a mistake. Skipped with one line when `nvim`
/// is missing, unless `SVCCTL_NVIM_REQUIRED=1` (CI) makes that a failure.
#[test]
fn neovim_shows_the_diagnostics() {
    let nvim_found = std::process::Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !nvim_found {
        assert!(
            std::env::var("SVCCTL_NVIM_REQUIRED").as_deref() != Ok("1"),
            "SVCCTL_NVIM_REQUIRED=1 but nvim is not installed (apt-get install neovim)"
        );
        eprintln!("skipped: nvim is not installed (apt-get install neovim)");
        return;
    }
    let dir = workspace(&[("svc.yaml", SERVICE), ("deploy.yaml", DEPLOYMENT)]);
    let out = dir.path().join("shown.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp/nvim.lua");
    let mut child = std::process::Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("SVCCTL_BIN", assert_cmd::cargo::cargo_bin("svcctl"))
        .env("SVCCTL_DIR", dir.path())
        .env("SVCCTL_FILE", dir.path().join("svc.yaml"))
        .env("SVCCTL_OUT", &out)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("nvim starts");
    let started = std::time::Instant::now();
    while child.try_wait().expect("nvim can be waited for").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("nvim did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let shown = std::fs::read_to_string(&out).expect("the script wrote what Neovim shows");
    // Neovim keeps byte columns: the server's UTF-16 unit 49 is byte 52 of the line ("café 𝄞"
    // is 8 units and 11 bytes), so this also checks the conversion both ways.
    assert_eq!(
        shown,
        "2:52-2:57 ERROR SVC005 metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n\
         11:16-11:21 ERROR SVC012 spec.ports[0].nodePort: Invalid value: 99999: provided port is not in the valid range. The range of valid ports is 30000-32767\n"
    );
}

#[test]
fn fixes_are_code_actions_and_safe_ones_are_preferred() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: Nodeport\n  selector:\n    app: web\n  ports:\n    - name: HTTP_API\n      port: 80\n";
    let dir = workspace(&[]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let uri = open(&mut c, &dir.path().join("svc.yaml"), text);
    let found = summary(&c.diagnostics(&uri));
    assert_eq!(
        found
            .iter()
            .map(|(c, r, _)| (c.as_str(), r.clone()))
            .collect::<Vec<_>>(),
        [
            ("SVC029", range(5, 8, 5, 16)),
            ("SVC014", range(9, 12, 9, 20))
        ],
        "{found:?}"
    );
    let actions = |c: &mut Client, line: u32| -> Vec<(String, bool, Value)> {
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range(line, 14, line, 14), "context": {"diagnostics": []}}),
        );
        r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .map(|a| {
                (
                    a["title"].as_str().unwrap_or_default().to_string(),
                    a["isPreferred"].as_bool().unwrap_or_default(),
                    a["edit"]["changes"][&uri].clone(),
                )
            })
            .collect()
    };
    let on_type = actions(&mut c, 5);
    assert_eq!(
        on_type[0],
        (
            "write `type: NodePort`".to_string(),
            true,
            json!([{"range": range(5, 8, 5, 16), "newText": "NodePort"}])
        ),
        "{on_type:?}"
    );
    assert_eq!(on_type[1].0, "Ignore invalid-type (SVC029) on this line");
    assert_eq!(
        on_type[2].0,
        "Fix all safe problems in this file (svcctl fix)"
    );
    assert_eq!(on_type.len(), 3);
    let on_name = actions(&mut c, 9);
    assert_eq!(on_name.len(), 3, "{on_name:?}");
    assert!(!on_name[0].1, "an unsafe fix is not preferred: {on_name:?}");
    assert!(on_name[0].0.contains("http-api"), "{on_name:?}");
    // The safe fix applied as the editor applies it: the finding is gone.
    change(
        &mut c,
        &uri,
        2,
        json!([{"range": range(5, 8, 5, 16), "text": "NodePort"}]),
    );
    let left: Vec<String> = summary(&c.diagnostics(&uri))
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    assert_eq!(left, ["SVC014"]);
    shut_down(c);
}

#[test]
fn files_changed_on_disk_are_read_again_when_the_client_watches_them() {
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n";
    let dir = workspace(&[("svc.yaml", service), ("deploy.yaml", DEPLOYMENT)]);
    let mut c = Client::spawn(dir.path());
    let root = file_uri(dir.path());
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
    );
    assert_eq!(r["result"]["serverInfo"]["name"], "svcctl", "{r}");
    c.notify("initialized", json!({}));
    let register = c.wait_for(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        register["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    c.send(&json!({"jsonrpc": "2.0", "id": register["id"], "result": null}));
    let uri = open(&mut c, &dir.path().join("svc.yaml"), service);
    assert_eq!(summary(&c.diagnostics(&uri)), []);
    // Another program renames the container port: the Service's targetPort names nothing now.
    let deploy = dir.path().join("deploy.yaml");
    std::fs::write(&deploy, DEPLOYMENT.replace("name: http", "name: web")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&deploy), "type": 2}]}),
    );
    let found = summary(&c.diagnostics(&uri));
    assert_eq!(
        found
            .iter()
            .map(|(c, r, _)| (c.as_str(), r.clone()))
            .collect::<Vec<_>>(),
        [("SVC051", range(9, 18, 9, 22))],
        "{found:?}"
    );
    shut_down(c);
}

#[test]
fn other_yaml_is_left_alone_but_a_service_being_typed_is_not() {
    let dir = workspace(&[]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let ci = open(
        &mut c,
        &dir.path().join("ci.yaml"),
        "steps:\n  - run: [1, 2\n",
    );
    assert_eq!(summary(&c.diagnostics(&ci)), []);
    let typing = "apiVersion: v1\nkind: Service\nspec:\n  ports: [80\n";
    let svc = open(&mut c, &dir.path().join("svc.yaml"), typing);
    let found = summary(&c.diagnostics(&svc));
    assert_eq!(
        found.iter().map(|(c, _, _)| c.as_str()).collect::<Vec<_>>(),
        ["SVC001"],
        "{found:?}"
    );
    shut_down(c);
}

#[test]
fn fix_all_runs_svcctl_fix_and_sends_the_result_with_apply_edit() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web # the front end\nspec:\n  type: Nodeport\n  ports:\n    - port: 80\n      protocol: tcp\n";
    let dir = workspace(&[]);
    let mut c = Client::initialized(dir.path(), Value::Null);
    let uri = open(&mut c, &dir.path().join("svc.yaml"), text);
    let found: Vec<String> = summary(&c.diagnostics(&uri))
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    c.next_id += 1;
    let id = c.next_id;
    c.send(&json!({"jsonrpc": "2.0", "id": id, "method": "workspace/executeCommand", "params": {"command": "svcctl.fixAll", "arguments": [uri]}}));
    let apply = c.wait_for(|m| m["method"] == "workspace/applyEdit");
    assert_eq!(apply["params"]["label"], "svcctl fix");
    // One edit from the first change to the last; everything around it (the comment) untouched.
    assert_eq!(
        apply["params"]["edit"]["changes"][&uri],
        json!([{"range": range(5, 12, 8, 19), "newText": "Port\n  ports:\n    - port: 80\n      protocol: TCP"}])
    );
    c.send(&json!({"jsonrpc": "2.0", "id": apply["id"], "result": {"applied": true}}));
    let r = c.wait_for(|m| m["id"] == id && m.get("method").is_none());
    assert_eq!(r["result"], 2, "{r}");
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "svcctl.noSuch", "arguments": []}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    shut_down(c);
}
