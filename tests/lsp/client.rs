//! A scripted LSP client: spawns `svcctl lsp`, writes JSON-RPC frames to its stdin and reads
//! frames from its stdout on a thread, so a test can wait for a response or a notification with
//! a deadline instead of hanging when the server misbehaves.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use serde_json::{Value, json};

pub const DEADLINE: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Value>,
    pub next_id: i64,
    /// Notifications read while waiting for something else, oldest first.
    pub notifications: Vec<Value>,
}

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn file_uri(path: &Path) -> String {
    let mut text = String::from("file://");
    for b in path.to_str().expect("a UTF-8 path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            text.push(b as char);
        } else {
            text.push_str(&format!("%{b:02X}"));
        }
    }
    text
}

impl Client {
    pub fn spawn(dir: &Path) -> Client {
        let mut child = Command::new(cargo_bin("svcctl"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("svcctl lsp starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut out) {
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            from_server: rx,
            next_id: 0,
            notifications: Vec::new(),
        }
    }

    /// Spawn and initialize with `dir` as the workspace folder.
    pub fn initialized(dir: &Path, options: Value) -> Client {
        let mut c = Client::spawn(dir);
        let uri = file_uri(dir);
        let result = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "ws"}],
                "capabilities": {},
                "initializationOptions": options,
            }),
        );
        assert_eq!(result["result"]["serverInfo"]["name"], "svcctl", "{result}");
        c.notify("initialized", json!({}));
        c
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("the server reads");
        stdin.flush().expect("the server reads");
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (the whole response object).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message that `matches`; notifications read meanwhile are kept.
    pub fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_server.recv_timeout(left) {
                Ok(m) if matches(&m) => return m,
                Ok(m) => {
                    if m.get("method").is_some() && m.get("id").is_none() {
                        self.notifications.push(m);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no answer from svcctl lsp in {DEADLINE:?}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("svcctl lsp closed its output"),
            }
        }
    }

    /// The diagnostics published next for `uri` (already read ones first).
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(at) = self.notifications.iter().position(is_for) {
            let m = self.notifications.remove(at);
            return m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        let m = self.wait_for(is_for);
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Close stdin (the client goes away) and wait for the server to end.
    pub fn close_and_wait(&mut self) -> ExitStatus {
        self.stdin = None;
        self.wait()
    }

    pub fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("the server can be waited for") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("svcctl lsp did not end within {DEADLINE:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Whether a message arrives within `wait` (for asserting that none does).
    pub fn anything_within(&mut self, wait: Duration) -> Option<Value> {
        self.from_server.recv_timeout(wait).ok()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
