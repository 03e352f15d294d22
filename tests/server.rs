//! `huashu server` end to end: the real binary, JSON-RPC over stdio with
//! Content-Length framing, as an editor drives it. Diagnostics are compared
//! with `huashu check --format json` on the same text, ranges in UTF-16.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    /// Messages read but not yet asked for.
    seen: Vec<Value>,
    next_id: i64,
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    std::io::Read::read_exact(r, &mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(root: &Path, args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huashu"))
            .arg("server")
            .args(args)
            .current_dir(root)
            .env("LANG", "zh_CN.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start huashu server");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            seen: Vec::new(),
            next_id: 0,
        }
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        self.send_raw(&v.to_string());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The first message (read now or before) that `pick` accepts.
    fn wait_for(&mut self, what: &str, pick: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pick) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) if pick(&v) => return v,
                Ok(v) => self.seen.push(v),
                Err(_) => panic!("no {what} within {WAIT:?}; seen: {:#?}", self.seen),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(&format!("answer to {method}"), |v| {
            v["id"] == id && v.get("method").is_none()
        })
    }

    /// The next diagnostics published for `uri` (at `version`, if given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let v = self.wait_for(&format!("diagnostics of {uri}"), |v| {
            v["method"] == "textDocument/publishDiagnostics"
                && v["params"]["uri"] == uri
                && version.is_none_or(|n| v["params"]["version"] == n)
        });
        v["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, root: &Path, extra: Value) -> Value {
        let mut params = json!({
            "processId": null,
            "rootUri": uri(root),
            "locale": "zh-cn",
            "capabilities": {
                "window": {"showDocument": {"support": true}},
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
            },
        });
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                p.insert(k.clone(), v.clone());
            }
        }
        let answer = self.request("initialize", params);
        self.notify("initialized", json!({}));
        answer
    }

    fn open(&mut self, path: &Path, text: &str) -> String {
        let u = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "yaml", "version": 1, "text": text}}),
        );
        u
    }

    fn shutdown(mut self) -> i32 {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The `file:` URI of a path, percent-encoded as editors send it.
fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for &b in path.to_str().unwrap().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the demo repository.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    copy_dir(Path::new("fixtures/demo"), &root);
    (dir, root)
}

/// LSP position (UTF-16) of a byte offset.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, before[start..].encode_utf16().count() as u64)
}

/// A diagnostic as (rule, start, end), each end as (line, UTF-16 column).
type Seen = (String, (u64, u64), (u64, u64));

/// (rule, start, end) of the diagnostics, sorted.
fn summary(diagnostics: &[Value]) -> Vec<Seen> {
    let pos = |p: &Value| {
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    let mut out: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                pos(&d["range"]["start"]),
                pos(&d["range"]["end"]),
            )
        })
        .collect();
    out.sort();
    out
}

/// What `huashu check --format json` says of `file` (relative to `root`),
/// in the same shape.
fn cli_summary(root: &Path, file: &str) -> Vec<Seen> {
    let out = Command::new(env!("CARGO_BIN_EXE_huashu"))
        .args(["check", "--format", "json"])
        .current_dir(root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    let mut summary: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            let offset = d["span"]["offset"].as_u64().unwrap() as usize;
            let length = d["span"]["length"].as_u64().unwrap() as usize;
            (
                d["rule"].as_str().unwrap().to_string(),
                position(&text, offset),
                position(&text, offset + length),
            )
        })
        .collect();
    summary.sort();
    summary
}

/// Apply LSP text edits (UTF-16 ranges) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, col) = (
            p["line"].as_u64().unwrap() as usize,
            p["character"].as_u64().unwrap() as usize,
        );
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= col || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

#[test]
fn an_editing_session_from_open_to_exit() {
    let (_dir, root) = demo();
    // A line with a character outside the BMP: UTF-16 columns differ from characters.
    let script_path = root.join("scripts/service/card-loss.yaml");
    let original = std::fs::read_to_string(&script_path)
        .unwrap()
        .replace("嗯，我明白了,", "嗯𠮷，我明白了,");
    std::fs::write(&script_path, &original).unwrap();

    let mut c = Client::start(&root, &[]);
    let init = c.initialize(&root, json!({}));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "huashu");

    // Open: the diagnostics are the command line's, ranges in UTF-16.
    let script = c.open(&script_path, &original);
    let diags = c.diagnostics(&script, Some(1));
    let expected = cli_summary(&root, "scripts/service/card-loss.yaml");
    assert!(!expected.is_empty());
    assert_eq!(summary(&diags), expected);
    let comma = diags
        .iter()
        .find(|d| d["code"] == "punctuation-width")
        .unwrap();
    let comma_line = original
        .lines()
        .position(|l| l.contains("明白了,"))
        .unwrap() as u64;
    let col = original.lines().nth(comma_line as usize).unwrap();
    let col16 = col[..col.find(',').unwrap()].encode_utf16().count() as u64;
    assert_eq!(
        comma["range"]["start"],
        json!({"line": comma_line, "character": col16})
    );
    assert_eq!(
        comma["range"]["end"],
        json!({"line": comma_line, "character": col16 + 1})
    );
    assert_eq!(comma["source"], "huashu");
    assert!(comma["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/rules/punctuation-width.md"));
    assert!(
        comma["message"].as_str().unwrap().contains("半角"),
        "{comma}"
    );

    // Code actions at the comma: the fix first (preferred), a suppression with a reason.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": script}, "range": comma["range"], "context": {"diagnostics": [comma]}}),
    );
    let list = actions["result"].as_array().unwrap();
    let fix = list
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a preferred fix");
    assert!(fix["title"].as_str().unwrap().starts_with("修复"), "{fix}");
    let suppress = list
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("忽略"))
        .expect("a suppression");
    let edits = &suppress["edit"]["changes"][&script];
    let suppressed = apply(&original, edits.as_array().unwrap());
    assert!(
        suppressed.contains("    # huashu: allow punctuation-width -- 原因\n  - stage: listen\n")
            || suppressed.contains("  # huashu: allow punctuation-width -- 原因\n"),
        "{suppressed}"
    );
    // The command selects the reason for typing (window/showDocument).
    let command = suppress["command"].clone();
    let ran = c.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    assert!(ran.get("error").is_none(), "{ran}");
    let show = c.wait_for("showDocument", |v| v["method"] == "window/showDocument");
    let sel = &show["params"]["selection"];
    let line = suppressed
        .lines()
        .nth(sel["start"]["line"].as_u64().unwrap() as usize)
        .unwrap();
    let chars: Vec<u16> = line.encode_utf16().collect();
    let selected = String::from_utf16(
        &chars[sel["start"]["character"].as_u64().unwrap() as usize
            ..sel["end"]["character"].as_u64().unwrap() as usize],
    )
    .unwrap();
    assert_eq!(selected, "原因");

    // Hover on a diagnostic: the rule's documentation, as `huashu explain` prints it.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": script}, "position": comma["range"]["start"]}),
    );
    let doc = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(doc.starts_with("# punctuation-width ("), "{doc}");
    assert!(doc.contains("## 为什么"), "{doc}");
    // And on a rule id in a suppression comment.
    let comment_line = suppressed
        .lines()
        .position(|l| l.contains("# huashu: allow"))
        .unwrap();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": script, "version": 2}, "contentChanges": [{"text": suppressed}]}),
    );
    let quiet = c.diagnostics(&script, Some(2));
    assert!(
        quiet.iter().all(|d| d["code"] != "punctuation-width"),
        "{quiet:#?}"
    );
    let column = suppressed
        .lines()
        .nth(comment_line)
        .unwrap()
        .find("punctuation")
        .unwrap()
        + 2;
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": script}, "position": {"line": comment_line, "character": column}}),
    );
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("# punctuation-width ("));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": script, "version": 3}, "contentChanges": [{"text": original}]}),
    );
    c.diagnostics(&script, Some(3));

    // Apply the fix: the finding is gone, the rest stays.
    let fixed = apply(
        &original,
        fix["edit"]["changes"][&script].as_array().unwrap(),
    );
    assert!(fixed.contains("明白了，"));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": script, "version": 4}, "contentChanges": [{"text": fixed}]}),
    );
    let after = c.diagnostics(&script, Some(4));
    assert!(after.iter().all(|d| d["code"] != "punctuation-width"));
    assert_eq!(after.len(), diags.len() - 1);

    // Go to the snippet a `use:` names, and find its uses.
    let use_line = fixed
        .lines()
        .position(|l| l.contains("use: farewell-phone"))
        .unwrap();
    let at = json!({"line": use_line, "character": 12});
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": script}, "position": at}),
    );
    let snippets = uri(&root.join("snippets/common.yaml"));
    assert_eq!(def["result"][0]["uri"], snippets.as_str(), "{def}");
    assert_eq!(def["result"][0]["range"]["start"]["line"], 4);
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": script}, "position": at, "context": {"includeDeclaration": false}}),
    );
    assert!(refs["result"].as_array().unwrap().len() >= 2, "{refs}");

    // Completion after `use: `: the repository's snippet ids.
    let mut typed = fixed.clone();
    typed.push_str("  - use: fare\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": script, "version": 5}, "contentChanges": [{"text": typed}]}),
    );
    let last = typed.lines().count() - 1;
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": script}, "position": {"line": last, "character": 13}}),
    );
    let labels: Vec<&str> = items["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"farewell-phone"), "{labels:?}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": script, "version": 6}, "contentChanges": [{"text": fixed}]}),
    );
    c.diagnostics(&script, Some(6));

    // Edit the snippet file in the editor: the script that uses it changes at once.
    let snippets_path = root.join("snippets/common.yaml");
    let snippet_text = std::fs::read_to_string(&snippets_path).unwrap();
    c.open(&snippets_path, &snippet_text);
    c.diagnostics(&snippets, Some(1));
    let renamed = snippet_text.replace("farewell-phone:", "farewell-call:");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": snippets, "version": 2}, "contentChanges": [{"text": renamed}]}),
    );
    let now = c.diagnostics(&script, Some(6));
    assert!(
        now.iter().any(|d| d["code"] == "unknown-snippet"),
        "{now:#?}"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": snippets, "version": 3}, "contentChanges": [{"text": snippet_text}]}),
    );
    let back = c.diagnostics(&script, Some(6));
    assert!(back.iter().all(|d| d["code"] != "unknown-snippet"));

    // Change huashu.yaml on disk: new settings, new diagnostics.
    let config = root.join("huashu.yaml");
    let config_text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{config_text}  jargon-limit: off\n  hold-thanks: off\n  empty-line: off\n  callback-vague-time: off\n  placeholder-unknown: off\n  sentence-length: off\n  closing-thanks: off\n  understand-first: off\n")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    let with_config = c.diagnostics(&script, Some(6));
    std::fs::write(&script_path, &fixed).unwrap();
    assert_eq!(
        summary(&with_config),
        cli_summary(&root, "scripts/service/card-loss.yaml")
    );
    // A broken config: its problems in huashu.yaml, the server alive.
    std::fs::write(
        &config,
        "paths: [scripts, snippets]\nrules:\n  no-such-rule: off\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    let problems = c.diagnostics(&uri(&config), None);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["code"], "config");
    assert_eq!(problems[0]["range"]["start"]["line"], 2);

    // A malformed message and a request for a file that is not open: errors, and the server goes on.
    c.send_raw("{this is not json");
    let parse_error = c.wait_for("parse error", |v| v["error"]["code"] == -32700);
    assert_eq!(parse_error["id"], Value::Null);
    let unknown = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&root.join("nowhere.yaml"))}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    let missing = c.request("huashu/unknownMethod", json!({}));
    assert_eq!(missing["error"]["code"], -32601);
    let still = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": script}, "position": {"line": 0, "character": 0}}),
    );
    assert!(still.get("error").is_none(), "{still}");

    // Close: diagnostics cleared. Then shutdown and exit with 0.
    c.seen.clear();
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": script}}),
    );
    assert!(c.diagnostics(&script, None).is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let (_dir, root) = demo();
    let path = root.join("scripts/service/card-loss.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut c = Client::start(&root, &[]);
    let init = c.initialize(
        &root,
        json!({"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    let u = c.open(&path, &text);
    let diags = c.diagnostics(&u, Some(1));
    let comma = diags
        .iter()
        .find(|d| d["code"] == "punctuation-width")
        .unwrap();
    let line = text.lines().position(|l| l.contains("明白了,")).unwrap();
    let byte_col = text.lines().nth(line).unwrap().find(',').unwrap();
    assert_eq!(
        comma["range"]["start"],
        json!({"line": line, "character": byte_col})
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn pull_diagnostics_and_fix_all_on_save() {
    let (_dir, root) = demo();
    let path = root.join("scripts/service/card-loss.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("找不到了，", "找不到了,");
    let mut c = Client::start(&root, &[]);
    let init = c.initialize(
        &root,
        json!({"capabilities": {"textDocument": {"diagnostic": {}}}}),
    );
    assert!(init["result"]["capabilities"]["diagnosticProvider"].is_object());
    let u = c.open(&path, &text);
    let pulled = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    let items = pulled["result"]["items"].as_array().unwrap();
    assert_eq!(
        items
            .iter()
            .filter(|d| d["code"] == "punctuation-width")
            .count(),
        2
    );
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let list = actions["result"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0]["kind"], "source.fixAll.huashu");
    let fixed = apply(&text, list[0]["edit"]["changes"][&u].as_array().unwrap());
    assert!(fixed.contains("明白了，") && fixed.contains("找不到了，"));
    assert_eq!(fixed.len(), text.len() + 4);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn rename_a_snippet_across_the_repository() {
    let (_dir, root) = demo();
    let snippets = root.join("snippets/common.yaml");
    let text = std::fs::read_to_string(&snippets).unwrap();
    let mut c = Client::start(&root, &[]);
    c.initialize(&root, json!({}));
    let u = c.open(&snippets, &text);
    let line = text
        .lines()
        .position(|l| l.contains("farewell-phone:"))
        .unwrap();
    let at = json!({"line": line, "character": 4});
    let prepared = c.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": u}, "position": at}),
    );
    assert_eq!(
        prepared["result"]["start"],
        json!({"line": line, "character": 2})
    );
    let bad = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": at, "newName": "再见"}),
    );
    assert!(bad["error"]["message"]
        .as_str()
        .unwrap()
        .contains("不是合法的编号"));
    let edit = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": at, "newName": "goodbye-phone"}),
    );
    let changes = edit["result"]["changes"].as_object().unwrap();
    // The definition and every script that uses it.
    let uses = walkdir::WalkDir::new(root.join("scripts"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "yaml")
                && !e.path().to_string_lossy().contains("drafts")
        })
        .filter(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .contains("use: farewell-phone")
        })
        // Its `closeing:` is a misspelt key, not a section: no use there.
        .filter(|e| !e.path().ends_with("atm-retained.yaml"))
        .count();
    assert_eq!(changes.len(), uses + 1, "{changes:#?}");
    for (file, edits) in changes {
        for e in edits.as_array().unwrap() {
            assert_eq!(e["newText"], "goodbye-phone", "{file}");
        }
    }
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_is_code_1_and_a_closed_pipe_ends_the_server() {
    let (_dir, root) = demo();
    let mut c = Client::start(&root, &[]);
    c.initialize(&root, json!({}));
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    let mut c = Client::start(&root, &[]);
    c.initialize(&root, json!({}));
    drop(c.stdin);
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
}

/// An edit: replace UTF-16 range [start, end) of one line with text.
#[derive(Debug, Clone)]
struct RandomEdit {
    line: usize,
    start: usize,
    len: usize,
    text: &'static str,
}

fn edits() -> impl Strategy<Value = Vec<RandomEdit>> {
    let text = prop::sample::select(vec![
        "",
        ",",
        "，",
        "您好",
        "𠮷",
        "\n",
        "{bank}",
        "{",
        "  - use: hold\n",
        "请您稍等",
        ": ",
        "保本",
        "\"",
        "#",
    ]);
    prop::collection::vec(
        (0usize..30, 0usize..40, 0usize..4, text).prop_map(|(line, start, len, text)| RandomEdit {
            line,
            start,
            len,
            text,
        }),
        1..12,
    )
}

/// The byte offset of a UTF-16 position, as the server reads one (past the
/// line's end: its end; inside a character: its start).
fn offset16(text: &str, line: usize, col: usize) -> usize {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if line >= lines.len() {
        return text.len();
    }
    let start: usize = lines[..line].iter().map(|l| l.len()).sum();
    let content = lines[line].strip_suffix('\n').unwrap_or(lines[line]);
    let mut units = 0;
    for (i, c) in content.char_indices() {
        if units + c.len_utf16() > col {
            return start + i;
        }
        units += c.len_utf16();
    }
    start + content.len()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Random edits never crash the server, and it ends with the
    /// diagnostics a fresh `huashu check` gives for the final text.
    #[test]
    fn random_edits_end_as_a_fresh_check(edits in edits()) {
        let (_dir, root) = demo();
        let path = root.join("scripts/service/card-loss.yaml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mut c = Client::start(&root, &[]);
        c.initialize(&root, json!({}));
        let u = c.open(&path, &text);
        let mut version = 1;
        for e in &edits {
            let start = offset16(&text, e.line, e.start);
            let end = offset16(&text, e.line, e.start + e.len).max(start);
            let (l1, c1) = position(&text, start);
            let (l2, c2) = position(&text, end);
            text.replace_range(start..end, e.text);
            version += 1;
            c.notify("textDocument/didChange", json!({
                "textDocument": {"uri": u, "version": version},
                "contentChanges": [{"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": e.text}],
            }));
        }
        let diags = c.diagnostics(&u, Some(version));
        std::fs::write(&path, &text).unwrap();
        prop_assert_eq!(summary(&diags), cli_summary(&root, "scripts/service/card-loss.yaml"));
        prop_assert_eq!(c.shutdown(), 0);
    }
}

#[test]
fn a_copied_id_is_a_duplicate_in_the_other_open_file_at_once() {
    let (_dir, root) = demo();
    let first = root.join("scripts/inquiry/annual-fee.yaml");
    let second = root.join("scripts/service/card-loss.yaml");
    let first_text = std::fs::read_to_string(&first).unwrap();
    let second_text = std::fs::read_to_string(&second).unwrap();
    let mut c = Client::start(&root, &[]);
    c.initialize(&root, json!({}));
    let u1 = c.open(&first, &first_text);
    let u2 = c.open(&second, &second_text);
    c.diagnostics(&u1, Some(1));
    let before = c.diagnostics(&u2, Some(1));
    assert!(before.iter().all(|d| d["code"] != "duplicate-id"));
    // The earlier file (in path order) takes the later one's id, unsaved:
    // the later file is the duplicate, and says where the first one is.
    let first_id = first_text.lines().next().unwrap().to_string();
    let copied = first_text.replacen(&first_id, "id: card.loss-report", 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u1, "version": 2}, "contentChanges": [{"text": copied}]}),
    );
    let after = c.diagnostics(&u2, Some(1));
    let dup = after
        .iter()
        .find(|d| d["code"] == "duplicate-id")
        .expect("a duplicate");
    assert_eq!(dup["relatedInformation"][0]["location"]["uri"], u1.as_str());
    assert_eq!(
        dup["relatedInformation"][0]["location"]["range"]["start"]["line"],
        0
    );
    assert_eq!(c.shutdown(), 0);
}
