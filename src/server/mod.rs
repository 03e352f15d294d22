//! `huashu server`: the checks, fixes and rule docs inside the editor, as
//! the author types — a Language Server over stdio on the engine's API
//! (`huashu_linter::{Project, lint_file}`), with `lsp-server`'s message
//! types and `lsp-types`, synchronous as ruff's server is.
//!
//! One thread reads frames (`transport`), the main loop owns all state.
//! Keystrokes are coalesced rather than delayed: a change marks its buffer
//! dirty, and buffers are checked when no message is waiting — a burst of
//! changes costs one check, a lone keystroke is answered at once (a check
//! of one file takes a millisecond or two; a fixed delay would only add
//! latency). Cross-file facts live in the workspace's `Project`, updated
//! per buffer: a keystroke that changes no id, snippet or `use:` re-checks
//! its own buffer only; one that does re-checks every open buffer.
//!
//! Findings are identical to `huashu check` run in the workspace folder:
//! the server runs there, with the config and files the command would find.

// `lsp_types::Uri` hashes and compares by its text, which never changes;
// clippy sees the parser's cache inside it and warns about keys by mistake.
#![allow(clippy::mutable_key_type)]

mod actions;
mod convert;
mod navigate;
mod transport;
mod uri;
mod workspace;

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use huashu_linter::finding::{Finding, Lang};
use huashu_linter::source::{LineIndex, PositionEncoding};
use huashu_linter::Project;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{self as lsp, Uri};
use serde_json::{json, Value};

use convert::Text;
use transport::Incoming;
use workspace::{Reload, Role, Workspace};

/// What the command line passes in.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// `--baseline FILE`: findings recorded there are not shown.
    pub baseline: Option<PathBuf>,
}

/// Serve on stdin and stdout until `exit`. `Ok(true)`: a clean exit
/// (`shutdown` then `exit`), as LSP's exit code 0 means.
pub fn run(options: Options) -> io::Result<bool> {
    let (tx, rx) = mpsc::sync_channel::<Incoming>(64);
    std::thread::Builder::new()
        .name("huashu-server-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = io::BufReader::new(stdin.lock());
            // Ends with the stream (or a broken frame): the main loop sees
            // the channel close and stops.
            while let Ok(Some(incoming)) = transport::read(&mut input) {
                let exit = matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
                if tx.send(incoming).is_err() || exit {
                    break;
                }
            }
        })?;
    let stdout = io::stdout();
    let mut server = Server::new(Box::new(io::BufWriter::new(stdout.lock())), options);
    server.serve(rx)
}

/// An open buffer.
struct Document {
    text: String,
    index: LineIndex,
    version: i32,
    path: Option<PathBuf>,
    /// The findings of `text` when `checked` (for code actions and hover).
    findings: Vec<Finding>,
    checked: bool,
}

impl Document {
    fn at(&self, encoding: PositionEncoding) -> Text<'_> {
        Text {
            text: &self.text,
            index: &self.index,
            encoding,
        }
    }
}

/// Where span `span` of the repository's file `display` is, as a location:
/// in its buffer when it is open, else in the file on disk.
fn locate(
    ws: &Workspace,
    docs: &HashMap<Uri, Document>,
    encoding: PositionEncoding,
    display: &str,
    span: &huashu_linter::source::Located,
) -> lsp::Location {
    let path = ws.path_of(display);
    match docs.iter().find(|(_, d)| d.path.as_deref() == Some(&*path)) {
        Some((uri, d)) => lsp::Location::new(
            uri.clone(),
            d.at(encoding).range(span.offset..span.offset + span.length),
        ),
        None => lsp::Location::new(
            uri::from_path(&path),
            convert::location_on_disk(&path, span, encoding),
        ),
    }
}

struct Server {
    out: Box<dyn Write>,
    options: Options,
    encoding: PositionEncoding,
    editor_lang: Lang,
    /// The client pulls diagnostics (`textDocument/diagnostic`).
    pull: bool,
    /// The client can be asked to pull again (`workspace/diagnostic/refresh`).
    refresh: bool,
    show_document: bool,
    watch_registration: bool,
    root: PathBuf,
    ws: Option<Workspace>,
    docs: HashMap<Uri, Document>,
    dirty: BTreeSet<Uri>,
    /// Files shown with config problems, to clear when they are gone.
    config_shown: BTreeSet<Uri>,
    next_id: i32,
    shutdown: bool,
}

/// A request's failure, answered as a JSON-RPC error.
struct Failure(ErrorCode, String);

type Answer = Result<Value, Failure>;

fn invalid(message: impl Into<String>) -> Failure {
    Failure(ErrorCode::InvalidParams, message.into())
}

fn params<P: serde::de::DeserializeOwned>(value: Value) -> Result<P, Failure> {
    serde_json::from_value(value).map_err(|e| invalid(format!("invalid params: {e}")))
}

impl Server {
    fn new(out: Box<dyn Write>, options: Options) -> Server {
        Server {
            out,
            options,
            encoding: PositionEncoding::Utf16,
            editor_lang: crate::lang_from_env(),
            pull: false,
            refresh: false,
            show_document: false,
            watch_registration: false,
            root: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            ws: None,
            docs: HashMap::new(),
            dirty: BTreeSet::new(),
            config_shown: BTreeSet::new(),
            next_id: 0,
            shutdown: false,
        }
    }

    fn send(&mut self, message: Message) {
        // A client that went away is noticed by the reader; nothing to do here.
        let _ = transport::write(&mut self.out, &message);
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    fn request(&mut self, method: &str, params: impl serde::Serialize) {
        self.next_id += 1;
        let id = RequestId::from(format!("huashu-{}", self.next_id));
        self.send(Message::Request(Request::new(id, method.into(), params)));
    }

    fn log(&mut self, kind: lsp::MessageType, message: String) {
        self.notify(
            lsp::notification::LogMessage::METHOD,
            lsp::LogMessageParams { typ: kind, message },
        );
    }

    fn lang(&self) -> Lang {
        self.ws
            .as_ref()
            .map_or(self.editor_lang, |ws| ws.lang(self.editor_lang))
    }

    fn serve(&mut self, rx: mpsc::Receiver<Incoming>) -> io::Result<bool> {
        loop {
            let incoming = if self.dirty.is_empty() {
                rx.recv().ok()
            } else {
                match rx.try_recv() {
                    Ok(incoming) => Some(incoming),
                    Err(mpsc::TryRecvError::Empty) => {
                        let checked =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                self.check_dirty()
                            }));
                        if checked.is_err() {
                            self.log(
                                lsp::MessageType::ERROR,
                                "huashu failed checking a file; please report it".into(),
                            );
                        }
                        continue;
                    }
                    Err(mpsc::TryRecvError::Disconnected) => None,
                }
            };
            let Some(incoming) = incoming else {
                return Ok(false); // the stream ended without `exit`
            };
            match incoming {
                Incoming::Malformed(why) => {
                    // JSON-RPC answers a message it cannot read with id null.
                    let body = json!({
                        "jsonrpc": "2.0",
                        "id": null,
                        "error": {"code": ErrorCode::ParseError as i32, "message": why},
                    })
                    .to_string();
                    let _ = write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len());
                    let _ = self.out.flush();
                }
                Incoming::Message(Message::Request(request)) => self.on_request(request),
                Incoming::Message(Message::Notification(n)) => {
                    if n.method == "exit" {
                        return Ok(self.shutdown);
                    }
                    self.on_notification(n);
                }
                Incoming::Message(Message::Response(_)) => {} // answers to our requests
            }
        }
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        let answer = if self.shutdown {
            Err(Failure(
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            ))
        } else {
            // A panic in a handler answers that request with an error; the
            // server and its state go on (the state is only changed by
            // notifications, never half-way by a request).
            let method = request.method.clone();
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.dispatch(&method, request.params)
            })) {
                Ok(answer) => answer,
                Err(_) => Err(Failure(
                    ErrorCode::InternalError,
                    format!("huashu failed on {method}; please report it"),
                )),
            }
        };
        let response = match answer {
            Ok(value) => Response::new_ok(id, value),
            Err(Failure(code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(response));
    }

    fn dispatch(&mut self, method: &str, p: Value) -> Answer {
        use lsp::request::*;
        match method {
            Initialize::METHOD => self.initialize(params(p)?),
            Shutdown::METHOD => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            DocumentDiagnosticRequest::METHOD => self.pull_diagnostics(params(p)?),
            CodeActionRequest::METHOD => self.code_actions(params(p)?),
            ExecuteCommand::METHOD => self.execute(params(p)?),
            HoverRequest::METHOD => self.hover(params(p)?),
            GotoDefinition::METHOD => self.definition(params(p)?),
            References::METHOD => self.references(params(p)?),
            Completion::METHOD => self.completion(params(p)?),
            PrepareRenameRequest::METHOD => self.prepare_rename(params(p)?),
            Rename::METHOD => self.rename(params(p)?),
            _ => Err(Failure(
                ErrorCode::MethodNotFound,
                format!("huashu does not answer {method}"),
            )),
        }
    }

    fn on_notification(&mut self, n: Notification) {
        use lsp::notification::*;
        let method = n.method.clone();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            match method.as_str() {
                Initialized::METHOD => self.initialized(),
                DidOpenTextDocument::METHOD => {
                    if let Ok(p) = params(n.params) {
                        self.did_open(p)
                    }
                }
                DidChangeTextDocument::METHOD => {
                    if let Ok(p) = params(n.params) {
                        self.did_change(p)
                    }
                }
                DidCloseTextDocument::METHOD => {
                    if let Ok(p) = params(n.params) {
                        self.did_close(p)
                    }
                }
                DidSaveTextDocument::METHOD => {
                    if let Ok(p) = params::<lsp::DidSaveTextDocumentParams>(n.params) {
                        self.disk_changed(&[p.text_document.uri])
                    }
                }
                DidChangeWatchedFiles::METHOD => {
                    if let Ok(p) = params::<lsp::DidChangeWatchedFilesParams>(n.params) {
                        let uris: Vec<Uri> = p.changes.into_iter().map(|c| c.uri).collect();
                        self.disk_changed(&uris)
                    }
                }
                _ => {} // $/cancelRequest, $/setTrace …: nothing to do
            }
        }));
        if result.is_err() {
            self.log(
                lsp::MessageType::ERROR,
                format!("huashu failed on {method}; please report it"),
            );
        }
    }

    fn initialize(&mut self, p: lsp::InitializeParams) -> Answer {
        let caps = &p.capabilities;
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        if offered.is_some_and(|list| list.contains(&lsp::PositionEncodingKind::UTF8)) {
            self.encoding = PositionEncoding::Utf8;
        }
        if let Some(locale) = &p.locale {
            self.editor_lang = if locale.to_ascii_lowercase().starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            };
        }
        let text = caps.text_document.as_ref();
        self.pull = text.and_then(|t| t.diagnostic.as_ref()).is_some();
        self.refresh = caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        self.show_document = caps
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support);
        self.watch_registration = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        #[allow(deprecated)] // root_uri: older clients send nothing else
        let root = p
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(p.root_uri.clone())
            .and_then(|u| uri::to_path(&u));
        if let Some(root) = root.filter(|r| r.is_dir()) {
            self.root = root;
        }
        let _ = std::env::set_current_dir(&self.root);
        if let Some(b) = p
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("baseline"))
            .and_then(|b| b.as_str())
        {
            self.options.baseline =
                Some(crate::walk::absolute(std::path::Path::new(b), &self.root));
        }
        let encoding = match self.encoding {
            PositionEncoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            _ => lsp::PositionEncodingKind::UTF16,
        };
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(encoding),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                    save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            diagnostic_provider: self.pull.then(|| {
                lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                    identifier: Some("huashu".into()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    ..Default::default()
                })
            }),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![
                        lsp::CodeActionKind::QUICKFIX,
                        lsp::CodeActionKind::from(actions::FIX_ALL),
                    ]),
                    ..Default::default()
                },
            )),
            execute_command_provider: Some(lsp::ExecuteCommandOptions {
                commands: vec![actions::SELECT_REASON.into()],
                ..Default::default()
            }),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            definition_provider: Some(lsp::OneOf::Left(true)),
            references_provider: Some(lsp::OneOf::Left(true)),
            rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(vec!["{".into(), " ".into(), ",".into()]),
                ..Default::default()
            }),
            ..Default::default()
        };
        serde_json::to_value(lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "huashu".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
        .map_err(|e| Failure(ErrorCode::InternalError, e.to_string()))
    }

    /// The workspace is read once the client is ready for messages (its
    /// problems are shown as they are found).
    fn initialized(&mut self) {
        if self.watch_registration {
            let watchers: Vec<lsp::FileSystemWatcher> = ["**/*.yaml", "**/*.yml", "**/*.json"]
                .iter()
                .map(|glob| lsp::FileSystemWatcher {
                    glob_pattern: lsp::GlobPattern::String(glob.to_string()),
                    kind: None,
                })
                .collect();
            let registration = lsp::Registration {
                id: "huashu-watch".into(),
                method: lsp::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(
                    lsp::DidChangeWatchedFilesRegistrationOptions { watchers },
                )
                .ok(),
            };
            self.request(
                lsp::request::RegisterCapability::METHOD,
                lsp::RegistrationParams {
                    registrations: vec![registration],
                },
            );
        }
        self.load_workspace();
    }

    fn load_workspace(&mut self) {
        let ws = Workspace::load(self.root.clone(), self.options.baseline.clone());
        self.ws = Some(ws);
        self.after_settings_change();
        // Buffers opened before the workspace was read are placed in it.
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            self.update_project(&uri);
        }
        self.invalidate_all();
    }

    fn ws(&mut self) -> &mut Workspace {
        if self.ws.is_none() {
            // A client that never sent `initialized`: read it now.
            self.ws = Some(Workspace::load(
                self.root.clone(),
                self.options.baseline.clone(),
            ));
        }
        self.ws.as_mut().expect("loaded above")
    }

    /// Show what is wrong with the settings (config problems in their file,
    /// an untrusted config or a bad baseline as a message).
    fn after_settings_change(&mut self) {
        let lang = self.lang();
        let encoding = self.encoding;
        let ws = self.ws();
        let problems = ws.config_error.clone();
        let notes: Vec<String> = ws
            .untrusted
            .iter()
            .map(|m| m.get(lang).to_string())
            .chain(ws.baseline_error.iter().cloned())
            .collect();
        let root = ws.root.clone();
        for note in notes {
            self.notify(
                lsp::notification::ShowMessage::METHOD,
                lsp::ShowMessageParams {
                    typ: lsp::MessageType::WARNING,
                    message: note,
                },
            );
        }
        let mut shown = BTreeSet::new();
        if let Some(error) = problems {
            let path = crate::walk::absolute(std::path::Path::new(&*error.source.path), &root);
            let uri = self.uri_for(&path);
            let diagnostics = convert::config_diagnostics(&error, encoding, lang);
            shown.insert(uri.clone());
            self.publish(uri, None, diagnostics);
        }
        for uri in std::mem::take(&mut self.config_shown) {
            if !shown.contains(&uri) {
                self.publish(uri, None, Vec::new());
            }
        }
        self.config_shown = shown;
    }

    /// The URI the client uses for `path`: its own spelling when the file
    /// is open, else the path encoded.
    fn uri_for(&self, path: &std::path::Path) -> Uri {
        self.docs
            .iter()
            .find(|(_, d)| d.path.as_deref() == Some(path))
            .map_or_else(|| uri::from_path(path), |(u, _)| u.clone())
    }

    fn publish(&mut self, uri: Uri, version: Option<i32>, diagnostics: Vec<lsp::Diagnostic>) {
        self.notify(
            lsp::notification::PublishDiagnostics::METHOD,
            lsp::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    fn did_open(&mut self, p: lsp::DidOpenTextDocumentParams) {
        let doc = p.text_document;
        let path = uri::to_path(&doc.uri).map(|p| crate::walk::absolute(&p, &self.root));
        self.docs.insert(
            doc.uri.clone(),
            Document {
                index: LineIndex::new(&doc.text),
                text: doc.text,
                version: doc.version,
                path,
                findings: Vec::new(),
                checked: false,
            },
        );
        self.update_project(&doc.uri);
        self.dirty.insert(doc.uri);
    }

    fn did_change(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let encoding = self.encoding;
        let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let at = doc.at(encoding);
                    let (start, end) = (at.offset(range.start), at.offset(range.end));
                    let end = end.max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
                None => doc.text = change.text,
            }
            doc.index = LineIndex::new(&doc.text);
        }
        doc.version = p.text_document.version;
        doc.checked = false;
        let uri = p.text_document.uri;
        if self.update_project(&uri) {
            self.invalidate_all();
        }
        self.dirty.insert(uri);
    }

    fn did_close(&mut self, p: lsp::DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(doc) = self.docs.remove(&uri) else {
            return;
        };
        self.dirty.remove(&uri);
        if !self.pull {
            self.publish(uri.clone(), None, Vec::new());
        }
        // The buffer may have been closed unsaved: the disk is the truth again.
        if let Some(path) = doc.path {
            let ws = self.ws();
            if let Role::Checked(display) = ws.role(&path) {
                match workspace::read_text(&path, ws.config().max_file_size) {
                    Some(text) => ws.project.set_file(&display, &text),
                    None => ws.project.remove_file(&display),
                }
                self.invalidate_all();
            }
        }
    }

    /// Lay the buffer `uri` over the project. `true` when that changed
    /// what other files see (an id, a snippet, a `use:`).
    fn update_project(&mut self, uri: &Uri) -> bool {
        let Some((path, text)) = self
            .docs
            .get(uri)
            .and_then(|d| Some((d.path.clone()?, d.text.clone())))
        else {
            return false;
        };
        let ws = self.ws();
        let Role::Checked(display) = ws.role(&path) else {
            return false;
        };
        let facts = Project::facts_of(&display, &text);
        let same = ws
            .project
            .facts(&display)
            .is_some_and(|old| old.same_for_others(&facts));
        ws.project.set_facts(&display, facts);
        !same
    }

    fn disk_changed(&mut self, uris: &[Uri]) {
        let mut reload = false;
        for uri in uris {
            let Some(path) = uri::to_path(uri) else {
                continue;
            };
            let path = crate::walk::absolute(&path, &self.root);
            let open = self
                .docs
                .values()
                .any(|d| d.path.as_deref() == Some(&*path));
            let ws = self.ws();
            let role = ws.role(&path);
            // An open buffer is newer than the disk, unless it is the config.
            if open && role != Role::Settings {
                continue;
            }
            if ws.disk_changed(&path) == Reload::Everything {
                reload = true;
                if role == Role::Settings || ws.role(&path) == Role::Settings {
                    let uris: Vec<Uri> = self.docs.keys().cloned().collect();
                    for uri in uris {
                        self.update_project(&uri);
                    }
                    self.after_settings_change();
                }
            }
        }
        if reload {
            self.invalidate_all();
        }
    }

    /// Every open buffer's findings may have changed (another file did):
    /// check them all again.
    fn invalidate_all(&mut self) {
        for doc in self.docs.values_mut() {
            doc.checked = false;
        }
        self.dirty.extend(self.docs.keys().cloned());
    }

    /// Check every dirty buffer and push its diagnostics (for a pulling
    /// client, ask it to pull again instead).
    fn check_dirty(&mut self) {
        let dirty = std::mem::take(&mut self.dirty);
        let mut any = false;
        for uri in dirty {
            self.ensure_checked(&uri);
            any = true;
            if !self.pull {
                let diagnostics = self.diagnostics(&uri);
                let version = self.docs.get(&uri).map(|d| d.version);
                self.publish(uri, version, diagnostics);
            }
        }
        if any && self.pull && self.refresh {
            self.request(
                lsp::request::WorkspaceDiagnosticRefresh::METHOD,
                Value::Null,
            );
        }
    }

    /// Check `uri` if its findings are not those of its text.
    fn ensure_checked(&mut self, uri: &Uri) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        if doc.checked {
            return;
        }
        let path = doc.path.clone();
        let text = doc.text.clone();
        let ws = self.ws();
        let findings = match path.map(|p| ws.role(&p)) {
            Some(Role::Checked(display)) => ws.lint(&display, &text),
            _ => Vec::new(),
        };
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.findings = findings;
            doc.checked = true;
        }
    }

    /// The diagnostics of an open buffer: its findings, or the problems of
    /// the settings when it is huashu.yaml or the standard (validated as
    /// typed, put in force when saved).
    fn diagnostics(&mut self, uri: &Uri) -> Vec<lsp::Diagnostic> {
        let lang = self.lang();
        let encoding = self.encoding;
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        let path = doc.path.clone();
        if let Some(path) = &path {
            if self
                .ws
                .as_ref()
                .is_some_and(|ws| ws.role(path) == Role::Settings)
            {
                return self.settings_diagnostics(uri, path);
            }
        }
        let Some(ws) = self.ws.as_ref() else {
            return Vec::new();
        };
        let doc = &self.docs[uri];
        let at = doc.at(encoding);
        let docs = &self.docs;
        let locate = |file: &str, span: &huashu_linter::source::Located| {
            Some(locate(ws, docs, encoding, file, span))
        };
        doc.findings
            .iter()
            .map(|f| convert::diagnostic(f, &at, lang, &locate))
            .collect()
    }

    /// huashu.yaml or the standard, as typed: loaded with the open buffers
    /// in place of the files.
    fn settings_diagnostics(&mut self, uri: &Uri, path: &std::path::Path) -> Vec<lsp::Diagnostic> {
        let lang = self.lang();
        let encoding = self.encoding;
        let buffers: HashMap<PathBuf, String> = self
            .docs
            .values()
            .filter_map(|d| Some((d.path.clone()?, d.text.clone())))
            .collect();
        let ws = self.ws();
        let Some(config_path) = ws.config_path.clone() else {
            return Vec::new();
        };
        let overlay =
            |p: &std::path::Path| buffers.get(&crate::walk::absolute(p, &ws.root)).cloned();
        match crate::config_file::load_overlaid(
            &config_path,
            crate::display_path(&config_path),
            &overlay,
        ) {
            Ok(_) => Vec::new(),
            Err(error) => {
                let at = crate::walk::absolute(std::path::Path::new(&*error.source.path), &ws.root);
                if at == path {
                    convert::config_diagnostics(&error, encoding, lang)
                } else {
                    let _ = uri;
                    Vec::new()
                }
            }
        }
    }

    fn pull_diagnostics(&mut self, p: lsp::DocumentDiagnosticParams) -> Answer {
        let uri = p.text_document.uri;
        if !self.docs.contains_key(&uri) {
            return Err(invalid(format!("{} is not open", uri.as_str())));
        }
        self.dirty.remove(&uri);
        self.ensure_checked(&uri);
        let items = self.diagnostics(&uri);
        to_value(lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    /// The open buffer `uri`, checked: an error for a file the server does
    /// not have open.
    fn open_doc(&mut self, uri: &Uri) -> Result<(), Failure> {
        if !self.docs.contains_key(uri) {
            return Err(invalid(format!("{} is not open", uri.as_str())));
        }
        self.ensure_checked(uri);
        Ok(())
    }

    fn code_actions(&mut self, p: lsp::CodeActionParams) -> Answer {
        let lang = self.lang();
        let encoding = self.encoding;
        let uri = p.text_document.uri;
        self.open_doc(&uri)?;
        let doc = &self.docs[&uri];
        let at = doc.at(encoding);
        let list = actions::actions(
            &uri,
            &at,
            &doc.findings,
            p.range,
            p.context.only.as_deref(),
            lang,
        );
        to_value(list)
    }

    fn execute(&mut self, p: lsp::ExecuteCommandParams) -> Answer {
        if p.command != actions::SELECT_REASON {
            return Err(invalid(format!("unknown command {}", p.command)));
        }
        let [uri, range] = p.arguments.as_slice() else {
            return Err(invalid("huashu.selectReason takes a URI and a range"));
        };
        let uri: Uri = params(uri.clone())?;
        let range: lsp::Range = params(range.clone())?;
        if self.show_document {
            self.request(
                lsp::request::ShowDocument::METHOD,
                lsp::ShowDocumentParams {
                    uri,
                    external: None,
                    take_focus: Some(true),
                    selection: Some(range),
                },
            );
        }
        Ok(Value::Null)
    }

    /// The buffer, the byte offset of a position in it, and what stands there.
    fn at_position(
        &mut self,
        p: &lsp::TextDocumentPositionParams,
    ) -> Result<(usize, Option<navigate::Target>), Failure> {
        let encoding = self.encoding;
        self.open_doc(&p.text_document.uri)?;
        let doc = &self.docs[&p.text_document.uri];
        let at = doc.at(encoding);
        let offset = at.offset(p.position);
        let facts = Project::facts_of("", &doc.text);
        Ok((offset, navigate::target_at(&doc.text, &facts, offset)))
    }

    fn hover(&mut self, p: lsp::HoverParams) -> Answer {
        let lang = self.lang();
        let (offset, target) = self.at_position(&p.text_document_position_params)?;
        let uri = &p.text_document_position_params.text_document.uri;
        let doc = &self.docs[uri];
        let under: Vec<&Finding> = doc
            .findings
            .iter()
            .filter(|f| f.span.offset <= offset && offset <= f.span.offset + f.span.length)
            .collect();
        let Some(ws) = self.ws.as_ref() else {
            return Ok(Value::Null);
        };
        let Some(markdown) =
            navigate::hover(target.as_ref(), &under, &ws.project, &doc.text, ws, lang)
        else {
            return Ok(Value::Null);
        };
        to_value(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: markdown,
            }),
            range: None,
        })
    }

    /// Where the project's file `display` has the span: a location.
    fn location(
        &self,
        display: &str,
        span: &huashu_linter::source::Located,
    ) -> Option<lsp::Location> {
        Some(locate(
            self.ws.as_ref()?,
            &self.docs,
            self.encoding,
            display,
            span,
        ))
    }

    fn definition(&mut self, p: lsp::GotoDefinitionParams) -> Answer {
        let (_, target) = self.at_position(&p.text_document_position_params)?;
        let Some(navigate::Target::Snippet(id, _)) = target else {
            return Ok(Value::Null);
        };
        let Some(ws) = self.ws.as_ref() else {
            return Ok(Value::Null);
        };
        let found: Vec<lsp::Location> = ws
            .project
            .snippet_definitions(&id)
            .take(1)
            .filter_map(|d| self.location(&d.file, &d.id_span))
            .collect();
        to_value(lsp::GotoDefinitionResponse::Array(found))
    }

    fn references(&mut self, p: lsp::ReferenceParams) -> Answer {
        let (_, target) = self.at_position(&p.text_document_position)?;
        let Some(navigate::Target::Snippet(id, _)) = target else {
            return Ok(Value::Null);
        };
        let Some(ws) = self.ws.as_ref() else {
            return Ok(Value::Null);
        };
        let mut found: Vec<lsp::Location> = Vec::new();
        if p.context.include_declaration {
            found.extend(
                ws.project
                    .snippet_definitions(&id)
                    .filter_map(|d| self.location(&d.file, &d.id_span)),
            );
        }
        found.extend(
            ws.project
                .uses_of(&id)
                .filter_map(|u| self.location(&u.file, &u.span)),
        );
        to_value(found)
    }

    fn completion(&mut self, p: lsp::CompletionParams) -> Answer {
        let lang = self.lang();
        let encoding = self.encoding;
        let position = p.text_document_position;
        self.open_doc(&position.text_document.uri)?;
        let doc = &self.docs[&position.text_document.uri];
        let at = doc.at(encoding);
        let offset = at.offset(position.position);
        let line_start = doc.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let Some((what, replace)) = navigate::completion_context(&doc.text[line_start..offset])
        else {
            return Ok(Value::Null);
        };
        let range = at.range(offset - replace..offset);
        let Some(ws) = self.ws.as_ref() else {
            return Ok(Value::Null);
        };
        let kind = match what {
            navigate::Complete::Snippets => lsp::CompletionItemKind::REFERENCE,
            navigate::Complete::Placeholders => lsp::CompletionItemKind::VARIABLE,
            navigate::Complete::Rules => lsp::CompletionItemKind::KEYWORD,
            navigate::Complete::Stages => lsp::CompletionItemKind::ENUM_MEMBER,
        };
        let items: Vec<lsp::CompletionItem> =
            navigate::completion_items(&what, &ws.project, &doc.text, ws, lang)
                .into_iter()
                .map(|(label, detail)| lsp::CompletionItem {
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                        range,
                        label.clone(),
                    ))),
                    label,
                    kind: Some(kind),
                    detail: (!detail.is_empty()).then_some(detail),
                    ..Default::default()
                })
                .collect();
        to_value(lsp::CompletionResponse::Array(items))
    }

    fn prepare_rename(&mut self, p: lsp::TextDocumentPositionParams) -> Answer {
        let encoding = self.encoding;
        let (_, target) = self.at_position(&p)?;
        let Some(navigate::Target::Snippet(_, span)) = target else {
            return Ok(Value::Null);
        };
        let doc = &self.docs[&p.text_document.uri];
        let at = doc.at(encoding);
        to_value(lsp::PrepareRenameResponse::Range(at.range(span)))
    }

    /// Rename a snippet id: its definitions and every `use:` of it, in
    /// every file of the repository.
    fn rename(&mut self, p: lsp::RenameParams) -> Answer {
        let (_, target) = self.at_position(&p.text_document_position)?;
        let Some(navigate::Target::Snippet(id, _)) = target else {
            return Err(invalid("only a snippet id can be renamed"));
        };
        if !huashu_linter::model::is_id(&p.new_name) {
            return Err(invalid(match self.lang() {
                Lang::Zh => format!(
                    "`{}` 不是合法的编号：只用小写字母、数字、点、下划线和连字符",
                    p.new_name
                ),
                Lang::En => format!(
                    "`{}` is not a valid id: use lowercase letters, digits, `.`, `_` and `-`",
                    p.new_name
                ),
            }));
        }
        let Some(ws) = self.ws.as_ref() else {
            return Ok(Value::Null);
        };
        let places: Vec<(std::sync::Arc<str>, huashu_linter::source::Located)> = ws
            .project
            .snippet_definitions(&id)
            .map(|d| (d.file.clone(), d.id_span.clone()))
            .chain(
                ws.project
                    .uses_of(&id)
                    .map(|u| (u.file.clone(), u.span.clone())),
            )
            .collect();
        let mut changes: HashMap<Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for (file, span) in places {
            if let Some(location) = self.location(&file, &span) {
                changes
                    .entry(location.uri)
                    .or_default()
                    .push(lsp::TextEdit::new(location.range, p.new_name.clone()));
            }
        }
        to_value(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        })
    }
}

fn to_value(v: impl serde::Serialize) -> Answer {
    serde_json::to_value(v).map_err(|e| Failure(ErrorCode::InternalError, e.to_string()))
}
