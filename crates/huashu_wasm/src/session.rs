//! What the page asks and what it is answered, as JSON: one request type
//! per thing the page does (configure, open a folder, check the file being
//! edited, fix it, list the rules), one answer each. The session keeps the
//! settings in force and the repository's files between requests.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use huashu_linter::check::Report;
use huashu_linter::config::{ConfigError, StandardText};
use huashu_linter::finding::{Finding, Lang, Msg, Safety};
use huashu_linter::json::DiagnosticOut;
use huashu_linter::source::Source;
use huashu_linter::{fix, lint_file, rules, Project, Settings};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::positions::Utf16;

/// One request from the page.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum Request {
    /// huashu.yaml's text (empty: none). A `standard: PATH` it names is read
    /// from the files set so far.
    Configure { config: String },
    /// A repository folder opened: its files replace every file set before.
    SetFiles { files: Vec<FileIn> },
    /// Forget one file.
    RemoveFile { path: String },
    /// The file being edited, as it is now: kept in the project and checked.
    Check { path: String, text: String },
    /// Every file of the repository that the config covers, checked together.
    CheckAll,
    /// The edits that fix every safe finding (and the unsafe ones too, when
    /// asked) of `text`, verified to keep the file's structure.
    FixAll {
        path: String,
        text: String,
        #[serde(default)]
        include_unsafe: bool,
    },
    /// Every rule, its documentation and the standard's wording for it.
    Rules,
}

#[derive(Debug, Deserialize)]
struct FileIn {
    path: String,
    text: String,
}

/// The settings in force, the project's files, and the config that set them.
pub struct Session {
    settings: Settings,
    /// Whether the settings come from the config as last given (false: it
    /// has problems, and the last good settings are still in force).
    config_ok: bool,
    project: Project,
    /// Whether a repository folder is open. Without one, the file being
    /// edited is checked as `huashu check FILE` checks a file named alone:
    /// `unused-snippet`, which needs every script, does not run.
    repository: bool,
    /// The files' texts by path, to check them all and to read a standard
    /// file the config names.
    files: BTreeMap<String, String>,
}

impl Default for Session {
    fn default() -> Session {
        Session::new()
    }
}

impl Session {
    /// No config (the built-in standard, every rule at its level), no files.
    pub fn new() -> Session {
        Session {
            settings: Settings::default(),
            config_ok: true,
            project: Project::new(),
            repository: false,
            files: BTreeMap::new(),
        }
    }

    /// Answer one request (JSON text) with JSON text. A request that cannot
    /// be read is answered `{"error": …}`; nothing panics on any input.
    pub fn handle(&mut self, request: &str) -> String {
        let answer = match serde_json::from_str::<Request>(request) {
            Ok(request) => self.answer(request),
            Err(e) => json!({ "error": e.to_string() }),
        };
        answer.to_string()
    }

    fn answer(&mut self, request: Request) -> Value {
        match request {
            Request::Configure { config } => self.configure(&config),
            Request::SetFiles { files } => {
                self.project = Project::new();
                self.files.clear();
                self.repository = !files.is_empty();
                for f in files {
                    self.project.set_file(&f.path, &f.text);
                    self.files.insert(f.path, f.text);
                }
                json!({ "files": self.files.len() })
            }
            Request::RemoveFile { path } => {
                self.project.remove_file(&path);
                self.files.remove(&path);
                json!({ "files": self.files.len() })
            }
            Request::Check { path, text } => {
                self.project.set_file(&path, &text);
                let findings = lint_file(&path, &text, &self.file_settings(), &self.project);
                self.files.insert(path.clone(), text);
                let text = &self.files[&path];
                json!({ "path": path, "findings": findings_json(&findings, text) })
            }
            Request::CheckAll => self.check_all(),
            Request::FixAll {
                path,
                text,
                include_unsafe,
            } => self.fix_all(&path, &text, include_unsafe),
            Request::Rules => self.rules(),
        }
    }

    fn configure(&mut self, text: &str) -> Value {
        let files = &self.files;
        let read_standard = |path: &Path| -> Result<StandardText, ConfigError> {
            let key = relative(path);
            match files.get(&key) {
                Some(text) => Ok(StandardText {
                    display: key.as_str().into(),
                    text: text.clone(),
                }),
                None => Err(ConfigError::whole_file(
                    key.as_str().into(),
                    huashu_linter::msg!(zh: "找不到规范文件 `{key}`：请打开包含它的话术库文件夹", en: "standard file `{key}` not found: open the repository folder that holds it"),
                    None,
                )),
            }
        };
        let result = if text.trim().is_empty() {
            Ok(Settings::default())
        } else {
            Settings::from_yaml(text, &read_standard)
        };
        match result {
            Ok(settings) => {
                self.settings = settings;
                self.config_ok = true;
                json!({ "ok": true, "problems": [], "standard": self.standard() })
            }
            Err(error) => {
                self.config_ok = false;
                json!({ "ok": false, "problems": problems_json(&error), "standard": self.standard() })
            }
        }
    }

    /// The settings for the file being edited: a file alone is not a
    /// repository, so no rule judges it against every script.
    fn file_settings(&self) -> Settings {
        if self.repository {
            self.settings.clone()
        } else {
            self.settings.clone().ignore(&["unused-snippet"])
        }
    }

    /// The effective standard, as `huashu standard` prints it.
    fn standard(&self) -> Value {
        let data = &self.settings.config.standard.data;
        json!({ "name": data.name, "yaml": data.to_yaml(), "config_ok": self.config_ok })
    }

    /// Whether the config covers `path` as `huashu check` run at the
    /// repository's root would: a YAML file, not hidden, not in `target/`
    /// or `node_modules/`, not huashu.yaml or the standard file, inside
    /// `paths` (when given) and not matched by `exclude`. (Ignore files are
    /// not read here: the page has no git.)
    fn in_scope(&self, path: &str) -> bool {
        let config = &self.settings.config;
        let p = Path::new(path);
        let yaml = path.ends_with(".yaml") || path.ends_with(".yml");
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let skipped_dir = p.components().any(|c| {
            let c = c.as_os_str().to_str().unwrap_or("");
            c.starts_with('.') || c == "target" || c == "node_modules"
        });
        let is_standard = config
            .standard_file
            .as_deref()
            .is_some_and(|s| relative(s) == path);
        let in_paths = config.paths.is_empty()
            || config.paths.iter().any(|root| {
                let root = relative(root);
                root.is_empty() || root == path || p.starts_with(&root)
            });
        yaml && !skipped_dir
            && name != "huashu.yaml"
            && !is_standard
            && in_paths
            && !config.exclude.is_match(p)
    }

    fn check_all(&self) -> Value {
        let mut files = Vec::new();
        let mut skipped = Vec::new();
        for (path, text) in &self.files {
            if !self.in_scope(path) {
                skipped.push(path.as_str());
                continue;
            }
            let findings = lint_file(path, text, &self.settings, &self.project);
            files.push(json!({ "path": path, "findings": findings_json(&findings, text) }));
        }
        json!({ "files": files, "skipped": skipped })
    }

    fn fix_all(&mut self, path: &str, text: &str, include_unsafe: bool) -> Value {
        self.project.set_file(path, text);
        self.files.insert(path.to_string(), text.to_string());
        let report = Report {
            findings: lint_file(path, text, &self.file_settings(), &self.project),
            ..Report::default()
        };
        let plan = fix::plan(&report, include_unsafe);
        let edits = plan.values().next().cloned().unwrap_or_default();
        if edits.is_empty() {
            return json!({ "edits": [], "declined": false });
        }
        match fix::apply(text, &edits) {
            Some(after) if fix::same_structure(text, &after) => {
                let at = Utf16::new(text, edits.iter().flat_map(|e| [e.span.start, e.span.end]));
                let out: Vec<Value> = edits
                    .iter()
                    .map(|e| json!({ "from": at.at(e.span.start), "to": at.at(e.span.end), "insert": e.replacement }))
                    .collect();
                json!({ "edits": out, "declined": false })
            }
            _ => json!({ "edits": [], "declined": true }),
        }
    }

    fn rules(&self) -> Value {
        let standard = &self.settings.config.standard.data;
        let list: Vec<Value> = rules::ALL_RULES
            .iter()
            .map(|r| {
                let m = r.meta();
                let level = self.settings.config.level(m).map_or("off", |s| s.as_str());
                json!({
                    "id": m.id,
                    "group": m.group.as_str(),
                    "severity": m.severity.as_str(),
                    "level": level,
                    "fix": m.fix,
                    "summary": { "zh": m.summary.0, "en": m.summary.1 },
                    "doc": { "zh": m.doc_in(Lang::Zh), "en": m.doc_in(Lang::En) },
                    "patterns": standard.patterns_of(m.id),
                })
            })
            .collect();
        json!({ "rules": list })
    }
}

/// A path the engine joined to the config's root (`./scripts`), as the
/// page names files (`scripts`).
fn relative(path: &Path) -> String {
    let p = path.strip_prefix(".").unwrap_or(path);
    p.to_string_lossy().replace('\\', "/")
}

/// Each finding: the command line's JSON object in both languages, and
/// where it is (and what its fix edits) in the text's UTF-16 units.
fn findings_json(findings: &[Finding], text: &str) -> Vec<Value> {
    let at = Utf16::new(
        text,
        findings.iter().flat_map(|f| {
            let span = [f.span.offset, f.span.offset + f.span.length];
            let edits = f
                .fix
                .iter()
                .flat_map(|fix| fix.edits.iter().flat_map(|e| [e.span.start, e.span.end]));
            span.into_iter().chain(edits)
        }),
    );
    findings
        .iter()
        .map(|f| {
            let fix = f.fix.as_ref().map(|fix| {
                json!({
                    "safety": fix.safety,
                    "safe": fix.safety == Safety::Safe,
                    "edits": fix.edits.iter().map(|e| json!({
                        "from": at.at(e.span.start), "to": at.at(e.span.end), "insert": e.replacement,
                    })).collect::<Vec<_>>(),
                })
            });
            json!({
                "rule": f.rule,
                "group": rules::find(f.rule).map_or("", |r| r.meta().group.as_str()),
                "severity": f.severity.as_str(),
                "from": at.at(f.span.offset),
                "to": at.at(f.span.offset + f.span.length),
                "line": f.span.start.line,
                "column": f.span.start.column,
                "fix": fix,
                "zh": DiagnosticOut::new(f, Lang::Zh),
                "en": DiagnosticOut::new(f, Lang::En),
            })
        })
        .collect()
}

/// huashu.yaml's problems (or its standard file's), placed in UTF-16 units
/// of the text they are in.
fn problems_json(error: &ConfigError) -> Vec<Value> {
    let source: &Arc<Source> = &error.source;
    let text = &source.text;
    let at = Utf16::new(
        text,
        error
            .problems
            .iter()
            .flat_map(|(span, _, _)| [source.clamp(span.start), source.clamp(span.end)]),
    );
    let both = |m: &Msg| json!({ "zh": m.zh, "en": m.en });
    error
        .problems
        .iter()
        .map(|(span, message, help)| {
            let (start, end) = (source.clamp(span.start), source.clamp(span.end));
            let located = source.locate(&(start..end));
            json!({
                "file": &*source.path,
                "from": at.at(start),
                "to": at.at(end),
                "line": located.start.line,
                "column": located.start.column,
                "message": both(message),
                "help": help.as_ref().map(both),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
