//! `svcctl lsp`: a Language Server Protocol server on stdio. The editor gets, while typing, what
//! `svcctl lint` reports (the same engine over the same texts, with the files of the document's
//! folder for the cross-object rules), code actions (fixes, and "ignore this rule here"), hover
//! from `svcctl explain`, and completion from the Service schema and the workspace's workloads.
//!
//! The server is synchronous, as the lint engine is: one thread reads frames ([`transport`]),
//! this loop handles them in order. Changes are debounced by coalescing: every message already
//! queued is taken in before the dirty folders are linted once, so a burst of keystrokes costs
//! one lint, and a request (hover, completion, code action) always sees diagnostics of the text
//! it is about.

mod actions;
mod completion;
mod cursor;
mod diagnostics;
mod document;
mod hover;
mod transport;
mod uri;
mod workspace;

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    ApplyWorkspaceEditParams, CodeActionKind, CodeActionOptions, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    ExecuteCommandOptions, ExecuteCommandParams, HoverParams, HoverProviderCapability,
    InitializeParams, InitializeResult, MessageType, PublishDiagnosticsParams, SaveOptions,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::config::{self, Config};
use crate::lint::driver::lint_texts;
use crate::lint::fix::{FixOptions, fix_texts};
use crate::lint::{Category, LintOptions};
use diagnostics::Published;
use document::Document;
use transport::Incoming;
use workspace::{ClientSettings, Files};

pub use completion::PortName;

/// How a session ended: the protocol asks for exit code 0 after `shutdown` then `exit`, and 1
/// when the client exits (or disappears) without asking for a shutdown first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    AfterShutdown,
    WithoutShutdown,
}

/// Serve one client over `input` and `output` until it exits or goes away.
pub fn serve(input: impl BufRead + Send + 'static, output: impl Write) -> Ended {
    let (to_server, from_reader) = mpsc::channel();
    std::thread::spawn(move || transport::read_loop(input, to_server));
    let mut server = Server::new(output);
    loop {
        let Ok(first) = from_reader.recv() else {
            return server.ended();
        };
        let mut batch = vec![first];
        batch.extend(from_reader.try_iter());
        for incoming in batch {
            if let Some(ended) = server.take(incoming) {
                return ended;
            }
        }
        if server.flush().is_err() {
            return server.ended();
        }
    }
}

/// An open document and whether it is a manifest svcctl lints.
struct Open {
    doc: Document,
    manifest: bool,
}

struct Server<W: Write> {
    out: W,
    initialized: bool,
    shut_down: bool,
    /// The output failed: the client is gone.
    gone: bool,
    root: Option<PathBuf>,
    files: Files,
    open: HashMap<Uri, Open>,
    published: HashMap<Uri, Vec<Published>>,
    /// Folders (or unsaved documents' names) whose open documents need linting.
    dirty: BTreeSet<String>,
    config: Config,
    client: ClientSettings,
    options: LintOptions,
    /// The client can be asked to report changes on disk (`workspace/didChangeWatchedFiles`).
    can_watch: bool,
    /// `workspace/applyEdit` requests sent, for their ids.
    applying: u64,
}

/// Where a document is linted together with its neighbours: its folder (what `svcctl lint`
/// pairs objects across), or, for a document that is not a file, itself.
fn group_of(uri: &Uri) -> String {
    match uri::path_of(uri) {
        Some(path) => path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        None => uri.as_str().to_string(),
    }
}

fn is_config(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| config::FILE_NAMES.contains(&n))
}

/// Whether a document has a `kind: Service` line (any case, quoted or not), parsed or not yet.
fn mentions_service(text: &str) -> bool {
    text.lines().any(|line| {
        line.trim_start()
            .strip_prefix("kind:")
            .map(|v| {
                v.split(" #")
                    .next()
                    .unwrap_or(v)
                    .trim()
                    .trim_matches(['"', '\''])
            })
            .is_some_and(|v| v.eq_ignore_ascii_case("service"))
    }) || text.contains("\"kind\": \"Service\"")
        || text.contains("\"kind\":\"Service\"")
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, String> {
    serde_json::from_value(value).map_err(|e| format!("invalid params: {e}"))
}

impl<W: Write> Server<W> {
    fn new(out: W) -> Self {
        Server {
            out,
            initialized: false,
            shut_down: false,
            gone: false,
            root: None,
            files: Files::default(),
            open: HashMap::new(),
            published: HashMap::new(),
            dirty: BTreeSet::new(),
            config: Config::default(),
            client: ClientSettings::default(),
            options: LintOptions::default(),
            can_watch: false,
            applying: 0,
        }
    }

    fn ended(&self) -> Ended {
        if self.shut_down {
            Ended::AfterShutdown
        } else {
            Ended::WithoutShutdown
        }
    }

    fn send(&mut self, message: Message) {
        if transport::write_message(&mut self.out, &message).is_err() {
            self.gone = true;
        }
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    fn show(&mut self, typ: MessageType, message: String) {
        self.notify("window/showMessage", ShowMessageParams { typ, message });
    }

    /// Handle one incoming item; `Some` ends the session.
    fn take(&mut self, incoming: Incoming) -> Option<Ended> {
        match incoming {
            Incoming::Closed => return Some(self.ended()),
            Incoming::Invalid(answer) => {
                if transport::write_value(&mut self.out, &answer).is_err() {
                    self.gone = true;
                }
            }
            Incoming::Message(Message::Request(request)) => self.request(request),
            Incoming::Message(Message::Notification(n)) if n.method == "exit" => {
                return Some(self.ended());
            }
            Incoming::Message(Message::Notification(n)) => {
                // A notification that fails is dropped, and said; the session goes on.
                let method = n.method.clone();
                match catch_unwind(AssertUnwindSafe(|| self.notification(n))) {
                    Ok(Ok(())) => {}
                    Ok(Err(why)) => {
                        self.show(MessageType::WARNING, format!("svcctl: {method}: {why}"))
                    }
                    Err(_) => self.show(MessageType::ERROR, format!("svcctl failed on {method}")),
                }
            }
            // Answers to requests this server never sends.
            Incoming::Message(Message::Response(_)) => {}
        }
        self.gone.then(|| self.ended())
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let answer = if self.shut_down {
            Err((
                ErrorCode::InvalidRequest,
                "the server is shut down".to_string(),
            ))
        } else if !self.initialized && request.method != "initialize" {
            Err((
                ErrorCode::ServerNotInitialized,
                "initialize first".to_string(),
            ))
        } else {
            // A request answers with what the text now is: lint what is pending first.
            if request.method != "initialize" && self.flush().is_err() {
                return;
            }
            match catch_unwind(AssertUnwindSafe(|| self.answer(request))) {
                Ok(answer) => answer,
                Err(_) => Err((
                    ErrorCode::InternalError,
                    "svcctl failed on this request".to_string(),
                )),
            }
        };
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(response));
    }

    fn answer(&mut self, request: Request) -> Result<Value, (ErrorCode, String)> {
        let invalid = |why: String| (ErrorCode::InvalidParams, why);
        let json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match request.method.as_str() {
            "initialize" if self.initialized => {
                Err((ErrorCode::InvalidRequest, "already initialized".into()))
            }
            "initialize" => {
                let p: InitializeParams = params(request.params).map_err(invalid)?;
                json(serde_json::to_value(self.initialize(p)))
            }
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => {
                let p: HoverParams = params(request.params).map_err(invalid)?;
                let at = p.text_document_position_params;
                let hover = self.open.get(&at.text_document.uri).and_then(|o| {
                    let published = self
                        .published
                        .get(&at.text_document.uri)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    o.manifest
                        .then(|| hover::hover(&o.doc, published, at.position))
                        .flatten()
                });
                json(serde_json::to_value(hover))
            }
            "textDocument/completion" => {
                let p: CompletionParams = params(request.params).map_err(invalid)?;
                let at = p.text_document_position;
                let items = match self.open.get(&at.text_document.uri) {
                    Some(o) if o.manifest => {
                        let uri = &at.text_document.uri;
                        completion::complete(&o.doc, at.position, |selector| {
                            self.container_ports(uri, selector.as_deref())
                        })
                    }
                    _ => Vec::new(),
                };
                json(serde_json::to_value(CompletionResponse::Array(items)))
            }
            "textDocument/codeAction" => {
                let p: CodeActionParams = params(request.params).map_err(invalid)?;
                let uri = &p.text_document.uri;
                let actions = match (self.open.get(uri), self.published.get(uri)) {
                    (Some(o), Some(published)) => {
                        actions::code_actions(uri, &o.doc, published, p.range)
                    }
                    _ => Vec::new(),
                };
                json(serde_json::to_value(actions))
            }
            "workspace/executeCommand" => {
                let p: ExecuteCommandParams = params(request.params).map_err(invalid)?;
                if p.command != actions::FIX_ALL {
                    return Err(invalid(format!("unknown command {}", p.command)));
                }
                let uri = p
                    .arguments
                    .first()
                    .and_then(Value::as_str)
                    .and_then(|u| u.parse::<Uri>().ok())
                    .ok_or_else(|| invalid(format!("{} takes a document URI", actions::FIX_ALL)))?;
                json(serde_json::to_value(self.fix_all(&uri)))
            }
            other => Err((ErrorCode::MethodNotFound, format!("unknown method {other}"))),
        }
    }

    fn initialize(&mut self, p: InitializeParams) -> InitializeResult {
        #[allow(deprecated)] // rootUri is what older clients send instead of workspaceFolders.
        let root = p
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(p.root_uri.clone());
        self.root = root.as_ref().and_then(uri::path_of);
        self.can_watch = p
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            == Some(true);
        if let Some(root) = &self.root {
            self.files = Files::scan(root);
        }
        if let Some(options) = &p.initialization_options {
            self.client = ClientSettings::from_json(options);
        }
        self.reload_config();
        self.initialized = true;
        InitializeResult {
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![":".into(), " ".into(), "-".into()]),
                    ..CompletionOptions::default()
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![actions::FIX_ALL.into()],
                    ..ExecuteCommandOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE_FIX_ALL,
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "svcctl".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        }
    }

    /// Read `.svcctl.yaml` again and recompute the options; every open document is linted again.
    fn reload_config(&mut self) {
        let (config, problem) = workspace::load_config(self.root.as_deref());
        self.config = config;
        let mut problems: Vec<String> = problem.into_iter().collect();
        let (options, more) = workspace::lint_options(&self.config, &self.client);
        problems.extend(more);
        self.options = options;
        for problem in problems {
            self.show(MessageType::WARNING, format!("svcctl: {problem}"));
        }
        let groups: Vec<String> = self.open.keys().map(group_of).collect();
        self.dirty.extend(groups);
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        if !self.initialized {
            // Before `initialize`, notifications are dropped (the protocol's rule).
            return Ok(());
        }
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let p: DidOpenTextDocumentParams = params(n.params)?;
                let item = p.text_document;
                let manifest = uri::path_of(&item.uri).map_or(
                    ["yaml", "json"].contains(&item.language_id.as_str()),
                    |path| workspace::is_manifest_path(&path),
                );
                if manifest {
                    self.dirty.insert(group_of(&item.uri));
                }
                self.open.insert(
                    item.uri,
                    Open {
                        doc: Document::new(item.text, item.version),
                        manifest,
                    },
                );
            }
            "textDocument/didChange" => {
                let p: DidChangeTextDocumentParams = params(n.params)?;
                let uri = p.text_document.uri;
                let Some(open) = self.open.get_mut(&uri) else {
                    return Err(format!("{} is not open", uri.as_str()));
                };
                open.doc.apply(p.content_changes, p.text_document.version);
                if open.manifest {
                    self.dirty.insert(group_of(&uri));
                }
            }
            "textDocument/didSave" => {
                let p: DidSaveTextDocumentParams = params(n.params)?;
                self.on_disk_change(&p.text_document.uri);
            }
            "textDocument/didClose" => {
                let p: DidCloseTextDocumentParams = params(n.params)?;
                let uri = p.text_document.uri;
                if self.open.remove(&uri).is_some_and(|o| o.manifest) {
                    self.published.remove(&uri);
                    self.notify(
                        "textDocument/publishDiagnostics",
                        PublishDiagnosticsParams::new(uri.clone(), Vec::new(), None),
                    );
                }
                self.on_disk_change(&uri);
            }
            "workspace/didChangeConfiguration" => {
                let p: DidChangeConfigurationParams = params(n.params)?;
                if !p.settings.is_null() {
                    self.client = ClientSettings::from_json(&p.settings);
                    self.reload_config();
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let p: DidChangeWatchedFilesParams = params(n.params)?;
                for change in p.changes {
                    self.on_disk_change(&change.uri);
                }
            }
            // Files changed on disk by other programs (a checkout, a generator) are seen only
            // if the client watches them for the server.
            "initialized" if self.can_watch => {
                let registration = json!({"registrations": [{
                    "id": "svcctl-watch",
                    "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": {"watchers": [
                        {"globPattern": "**/*.{yaml,yml,json}"},
                        {"globPattern": "**/.svcctl.{yaml,yml}"},
                    ]},
                }]});
                self.send(Message::Request(Request::new(
                    RequestId::from("svcctl-watch".to_string()),
                    "client/registerCapability".into(),
                    registration,
                )));
            }
            // `$/cancelRequest` (every request is answered before the next is read),
            // `$/setTrace` and whatever else: nothing to do.
            _ => {}
        }
        Ok(())
    }

    /// A file changed on disk (saved, closed, or changed by another program).
    fn on_disk_change(&mut self, uri: &Uri) {
        let Some(path) = uri::path_of(uri) else {
            return;
        };
        if is_config(&path) {
            self.reload_config();
            return;
        }
        if workspace::is_manifest_path(&path) {
            self.files.refresh(&path);
            self.dirty.insert(group_of(uri));
        }
    }

    /// The texts linted together for `group`: the folder's files from disk, with the open
    /// documents' texts in place of theirs.
    fn texts_of(&self, group: &str) -> Vec<(String, String)> {
        let mut texts: Vec<(String, String)> = Vec::new();
        let folder = Path::new(group);
        for (path, text) in self.files.in_folder(folder) {
            let name = path.display().to_string();
            let open = uri::uri_of_path(path).is_some_and(|u| self.open.contains_key(&u));
            if !open {
                texts.push((name, text.clone()));
            }
        }
        for (uri, open) in &self.open {
            if open.manifest && group_of(uri) == group {
                texts.push((uri::name_of(uri), open.doc.text.clone()));
            }
        }
        texts
    }

    /// Lint every dirty group and publish the diagnostics of its open documents.
    fn flush(&mut self) -> Result<(), ()> {
        for group in std::mem::take(&mut self.dirty) {
            let texts = self.texts_of(&group);
            let options = &self.options;
            let Ok(report) = catch_unwind(AssertUnwindSafe(|| lint_texts(texts, options))) else {
                self.show(MessageType::ERROR, format!("svcctl failed to lint {group}"));
                continue;
            };
            let mut by_name: HashMap<&str, Vec<&crate::lint::Diagnostic>> = HashMap::new();
            for d in &report.diagnostics {
                by_name.entry(d.file.name.as_str()).or_default().push(d);
            }
            let uris: Vec<Uri> = self
                .open
                .iter()
                .filter(|(uri, o)| o.manifest && group_of(uri) == group)
                .map(|(uri, _)| uri.clone())
                .collect();
            for uri in uris {
                let Some(open) = self.open.get(&uri) else {
                    continue;
                };
                let name = uri::name_of(&uri);
                let found = by_name
                    .get(name.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                // Other YAML is left alone: a CI file or a compose file that does not parse is
                // not svcctl's business in the editor, while a Service being typed is.
                let ours = mentions_service(&open.doc.text)
                    || found.iter().any(|d| d.rule.category != Category::Syntax);
                let published: Vec<Published> = found
                    .iter()
                    .filter(|_| ours)
                    .map(|d| diagnostics::to_lsp(d, &open.doc.index))
                    .collect();
                let params = PublishDiagnosticsParams::new(
                    uri.clone(),
                    published.iter().map(|p| p.lsp.clone()).collect(),
                    Some(open.doc.version),
                );
                self.published.insert(uri, published);
                self.notify("textDocument/publishDiagnostics", params);
            }
        }
        if self.gone { Err(()) } else { Ok(()) }
    }

    /// Apply `svcctl fix`'s safe fixes to an open document, as `svcctl fix` would (fix, lint
    /// again, fix what is left), and ask the client to apply the result as one edit; the number
    /// of fixes applied.
    fn fix_all(&mut self, uri: &Uri) -> usize {
        let Some(open) = self.open.get(uri) else {
            return 0;
        };
        let name = uri::name_of(uri);
        let run = fix_texts(
            self.texts_of(&group_of(uri)),
            &self.options,
            &FixOptions::default(),
            |n| n == name,
        );
        let edit = run
            .texts
            .iter()
            .find(|t| t.name == name)
            .and_then(|t| actions::minimal_edit(&open.doc, &t.fixed));
        let Some(edit) = edit else {
            return 0;
        };
        self.applying += 1;
        let id = RequestId::from(format!("svcctl-apply-{}", self.applying));
        let params = ApplyWorkspaceEditParams {
            label: Some("svcctl fix".into()),
            edit: actions::single_edit(uri, vec![edit]),
        };
        self.send(Message::Request(Request::new(
            id,
            "workspace/applyEdit".into(),
            params,
        )));
        run.applied_total()
    }

    /// The named container ports of the workloads beside the document that `selector` selects.
    fn container_ports(&self, uri: &Uri, selector: Option<&[(String, String)]>) -> Vec<PortName> {
        let texts = self.texts_of(&group_of(uri));
        completion::container_ports(texts.iter().map(|(_, t)| t.as_str()), selector)
    }
}
