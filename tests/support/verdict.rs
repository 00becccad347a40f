//! svcctl's verdict on a Service against a real API server's, and when they disagree. Shared by
//! the live tests (`tests/live`: `svcctl new`, the differential fuzzer) and the offline check of
//! the recorded verdicts (`tests/apiserver_verdicts.rs`).
//!
//! Lint reports every `api` error of a Service at once; the API server stops at the first stage
//! that fails (decoding, the registry's allocation checks, validation) and reports only that
//! stage's causes. So they agree when both accept, or when both refuse and every field the server
//! names is one lint names too (and, where asked, with the same message).

use std::collections::BTreeSet;

use serde_json::Value;
use svcctl::k8s::settings::{parse_cidrs, parse_families};
use svcctl::lint::driver::{LintOptions, lint_texts};
use svcctl::lint::{Category, Severity};

/// `(field path, message)`, field `""` when there is none.
pub type Errors = BTreeSet<(String, String)>;

/// Lint's settings for the server `../shared/tools/kube-apiserver/start` runs.
pub fn server_options() -> LintOptions {
    let mut options = LintOptions::default();
    options.settings.service_cidrs = parse_cidrs("10.96.0.0/12").ok();
    options.settings.ip_families = parse_families("IPv4").ok();
    options
}

/// The `api` errors lint finds in `text` (one Service, JSON or YAML).
pub fn lint_errors(text: &str, options: &LintOptions) -> Errors {
    let report = lint_texts(
        vec![("service.json".to_string(), text.to_string())],
        options,
    );
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.rule.category == Category::Api)
        .map(|d| (d.field.clone().unwrap_or_default(), d.message.clone()))
        .collect()
}

/// What the server answered to a create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerVerdict {
    pub code: u16,
    pub causes: Errors,
    pub message: String,
}

impl ServerVerdict {
    pub fn from_answer(code: u16, answer: &Value) -> ServerVerdict {
        let causes = answer
            .pointer("/details/causes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|c| {
                let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
                (s("field"), s("message"))
            })
            .collect();
        ServerVerdict {
            code,
            causes,
            message: answer["message"].as_str().unwrap_or_default().to_string(),
        }
    }

    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "code": self.code,
            "message": self.message,
            "causes": self.causes.iter().map(|(f, m)| serde_json::json!({"field": f, "message": m})).collect::<Vec<_>>(),
        })
    }

    pub fn from_json(v: &Value) -> ServerVerdict {
        ServerVerdict::from_answer(
            v["code"]
                .as_u64()
                .and_then(|c| u16::try_from(c).ok())
                .unwrap_or(0),
            &serde_json::json!({"message": v["message"], "details": {"causes": v["causes"]}}),
        )
    }
}

/// Why lint and the server disagree, or `None`. With `messages`, each of the server's causes
/// must be one of lint's errors word for word; without, only its field.
pub fn disagreement(lint: &Errors, server: &ServerVerdict, messages: bool) -> Option<String> {
    let problem = match server.code {
        201 if lint.is_empty() => return None,
        201 => "the server created it; lint refuses it".to_string(),
        // Decoding errors name their fields only in the message.
        400 if server.causes.is_empty() => {
            let named = decode_fields(&server.message);
            let missing: Vec<&String> = named
                .iter()
                .filter(|(field, indexless)| {
                    !lint.iter().any(|(f, _)| {
                        if *indexless {
                            without_indices(f) == *field
                        } else {
                            f == field
                        }
                    })
                })
                .map(|(field, _)| field)
                .collect();
            match (lint.is_empty(), missing.is_empty()) {
                (false, true) => return None,
                (true, _) => "the server refused it; lint finds nothing".to_string(),
                (false, false) => format!("lint misses the fields the server names: {missing:?}"),
            }
        }
        // The allocator's internal errors (a health-check node port) name no field.
        500 if server.causes.iter().all(|(f, _)| f.is_empty()) => {
            if !lint.is_empty() {
                return None;
            }
            "the server refused it; lint finds nothing".to_string()
        }
        400 | 422 | 500 => {
            let missing: Vec<&(String, String)> = server
                .causes
                .iter()
                .filter(|(field, message)| {
                    !lint
                        .iter()
                        .any(|(f, m)| f == field && (!messages || same_message(m, message)))
                })
                .collect();
            if missing.is_empty() {
                return None;
            }
            format!("lint misses the server's {missing:?}")
        }
        code => format!("unexpected answer {code}"),
    };
    Some(format!(
        "{problem}\n  lint:   {lint:?}\n  server: {} {:?} {}",
        server.code, server.causes, server.message
    ))
}

/// The fields a decoding error names: `unknown field "spec.foo"`, `duplicate field "spec.type"`
/// (exact paths), and `Go struct field ServicePort.spec.ports.port of type int32` (a path without
/// list indices: `true`).
pub fn decode_fields(message: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for marker in ["unknown field \"", "duplicate field \""] {
        for part in message.split(marker).skip(1) {
            if let Some((field, _)) = part.split_once('"') {
                out.push((field.to_string(), false));
            }
        }
    }
    if let Some(rest) = message.split("Go struct field ").nth(1)
        && let Some((qualified, _)) = rest.split_once(" of type")
        && let Some((_, field)) = qualified.split_once('.')
    {
        out.push((field.to_string(), true));
    }
    out
}

/// `spec.ports[0].port` → `spec.ports.port`.
pub fn without_indices(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut depth = 0;
    for c in field.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// `fixtures/apiserver/verdicts.jsonl`: Services lint once judged unlike the real API server,
/// each with the server's verdict on it.
pub const RECORDED: &str = "fixtures/apiserver/verdicts.jsonl";

/// One recorded case: its name, why it is there, the exact text sent, the server's verdict
/// (`None` until recorded).
pub struct Recorded {
    pub name: String,
    pub why: String,
    pub text: String,
    pub server: Option<ServerVerdict>,
    /// Compare messages too (off where the server's message holds an allocated number).
    pub messages: bool,
}

impl Recorded {
    /// Whether the server still answers as recorded.
    pub fn still(&self, now: &ServerVerdict) -> bool {
        let Some(then) = &self.server else {
            return false;
        };
        let fields =
            |v: &ServerVerdict| v.causes.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>();
        if self.messages {
            then == now
        } else {
            then.code == now.code && fields(then) == fields(now)
        }
    }
}

pub fn recorded() -> Vec<Recorded> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RECORDED);
    let text = std::fs::read_to_string(&path).expect("the recorded verdicts are readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON line");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            Recorded {
                name: s("name"),
                why: s("why"),
                text: s("text"),
                server: v.get("server").map(ServerVerdict::from_json),
                messages: v["messages"].as_bool().unwrap_or(true),
            }
        })
        .collect()
}

pub fn to_line(r: &Recorded) -> String {
    let mut v = serde_json::json!({"name": r.name, "why": r.why, "text": r.text});
    if !r.messages {
        v["messages"] = Value::Bool(false);
    }
    if let Some(server) = &r.server {
        v["server"] = server.to_json();
    }
    v.to_string()
}

/// Lint's message is the server's, except where the server names a nodePort it has just
/// allocated, which lint cannot know.
fn same_message(lint: &str, server: &str) -> bool {
    lint == server
        || (lint.starts_with("Duplicate value: (the nodePort allocated for port ")
            && server
                .strip_prefix("Duplicate value: ")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}
