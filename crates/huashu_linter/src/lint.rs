//! The engine's entry points, on paths and texts: what a front-end (the
//! command line, an editor's language server, a web page) calls.
//!
//! - `Settings`: huashu.yaml in force and which rules run.
//! - `Project`: the repository's cross-file facts (script ids, snippet
//!   definitions, `use:`s), kept per file and updated one file at a time,
//!   so that an editor re-checks the file that changed, not the repository.
//! - `lint_file`: one text against a `Project`: its findings, fixes included.
//! - `lint_files`: a whole run, streamed file by file in path order, the
//!   files read through the caller's `Reader` (the command line's check).
//! - `read_failure`: a file the caller could not read is a finding too.
//!
//! ```
//! use huashu_linter::{lint_file, Project, Settings};
//!
//! let settings = Settings::from_yaml("rules:\n  empty-line: off\n", &|_| unreachable!()).unwrap();
//! let mut project = Project::new();
//! project.set_file("snippets/common.yaml", "snippets:\n  farewell: 感谢您的来电，再见。\n");
//! let script = "id: card.lost\ntitle: 挂失\ncategory: service\nopener:\n  - 您好\nsteps:\n  - stage: resolve\n    say: 好的\nclosing:\n  - use: farewel\n";
//! project.set_file("scripts/lost.yaml", script);
//!
//! let findings = lint_file("scripts/lost.yaml", script, &settings, &project);
//! let unknown = findings.iter().find(|f| f.rule == "unknown-snippet").unwrap();
//! assert_eq!(unknown.excerpt, "farewel");
//! assert_eq!(unknown.help.as_ref().unwrap().en, "did you mean `farewell`?");
//! // Positions are bytes inside the engine; an editor wants UTF-16 units.
//! let source = huashu_linter::source::Source::new("scripts/lost.yaml".into(), script.into());
//! let at = source.line_column(unknown.span.offset, huashu_linter::source::PositionEncoding::Utf16);
//! assert_eq!((at.line, at.column), (9, 9));
//! ```

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use crate::check::{
    self, CheckOptions, Context, FileEntry, FileReport, Read, Reader, Report, WalkProblem,
};
use crate::config::{Config, ConfigError, StandardText};
use crate::finding::Finding;
use crate::rules::{FileIds, IdEntry, RepoIndex, SnippetDefinition};

/// What a check runs with: the config (huashu.yaml, the standard with its
/// edits) and the options of the run (which rules, what to keep).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub config: Arc<Config>,
    pub options: CheckOptions,
}

impl Settings {
    /// Every rule at its configured level.
    pub fn new(config: Config) -> Settings {
        Settings {
            config: Arc::new(config),
            options: CheckOptions::default(),
        }
    }

    /// huashu.yaml's text, as if it were `huashu.yaml` at the repository's
    /// root. A standard file it names (`standard: PATH`) comes from
    /// `read_standard`: the caller reads it (from disk, from an editor's
    /// buffers), or refuses it with a `ConfigError`.
    pub fn from_yaml(
        text: &str,
        read_standard: &dyn Fn(&Path) -> Result<StandardText, ConfigError>,
    ) -> Result<Settings, ConfigError> {
        let file = Path::new("huashu.yaml");
        let config =
            Config::from_yaml(text.to_string(), "huashu.yaml".into(), file, read_standard)?;
        Ok(Settings::new(config))
    }

    /// Only these rules (ids, group names or `all`), as `--select`.
    pub fn select(mut self, selectors: &[&str]) -> Settings {
        self.options.select = selectors.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Never these rules (ids, group names or `all`), as `--ignore`.
    pub fn ignore(mut self, selectors: &[&str]) -> Settings {
        self.options.ignore = selectors.iter().map(|s| s.to_string()).collect();
        self
    }
}

/// The repository's cross-file facts, file by file: what `duplicate-id`,
/// `unknown-snippet` and `unused-snippet` need to judge one file. Each file
/// is parsed once when it is set; a change to one file costs that file.
#[derive(Debug, Default)]
pub struct Project {
    /// By path, in path order: the order "the first definition" follows.
    files: BTreeMap<Arc<str>, FileFacts>,
}

/// What one file contributes to the repository's facts: its ids, its
/// snippet definitions, its `use:`s. Worked out from a text alone
/// (`Project::facts_of`), so a front-end may parse many files on several
/// threads and hand the facts over one by one.
#[derive(Debug)]
pub struct FileFacts {
    ids: FileIds,
    snippets: Vec<(String, SnippetDefinition)>,
}

impl FileFacts {
    /// The script's id, where the file is a script that has one.
    pub fn script_id(&self) -> Option<&IdEntry> {
        self.ids.script_id.as_ref()
    }

    /// The snippets the file defines, in file order.
    pub fn snippets(&self) -> &[(String, SnippetDefinition)] {
        &self.snippets
    }

    /// The `use:`s of the file, in file order.
    pub fn uses(&self) -> &[IdEntry] {
        &self.ids.uses
    }

    /// Whether two versions of a file tell the rest of the repository the
    /// same: the same ids, snippet texts and `use:`s, wherever they stand.
    /// An edit that keeps them (most keystrokes) changes no other file's
    /// findings.
    pub fn same_for_others(&self, other: &FileFacts) -> bool {
        let ids = |f: &FileFacts| {
            (
                f.ids.script_id.as_ref().map(|e| e.id.clone()),
                f.ids
                    .snippet_ids
                    .iter()
                    .map(|e| e.id.clone())
                    .collect::<Vec<_>>(),
                f.ids.uses.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
                f.snippets
                    .iter()
                    .map(|(id, d)| (id.clone(), d.text.clone()))
                    .collect::<Vec<_>>(),
            )
        };
        ids(self) == ids(other)
    }
}

impl Project {
    /// The facts the project holds of `path`.
    pub fn facts(&self, path: &str) -> Option<&FileFacts> {
        self.files.get(path)
    }

    pub fn new() -> Project {
        Project::default()
    }

    /// Add a file, or replace what the project knew of it. `path` is the
    /// name findings carry (relative, `/`-separated).
    pub fn set_file(&mut self, path: &str, text: &str) {
        let facts = Project::facts_of(path, text);
        self.set_facts(path, facts);
    }

    /// The facts of `text` as the file `path`, without a project: the part
    /// of `set_file` that parses, free to run on any thread.
    pub fn facts_of(path: &str, text: &str) -> FileFacts {
        let (ids, snippets) = check::file_facts(path.into(), text);
        FileFacts { ids, snippets }
    }

    /// Add a file by facts worked out with `facts_of` (for the same `path`).
    pub fn set_facts(&mut self, path: &str, facts: FileFacts) {
        self.files.insert(path.into(), facts);
    }

    /// Forget a file (deleted, renamed away).
    pub fn remove_file(&mut self, path: &str) {
        self.files.remove(path);
    }

    /// The files the project knows, in path order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(|p| &**p)
    }

    /// Whether the project knows `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Every definition of snippet `id`, in path order: the first is the
    /// one in force, any other is a `duplicate-id`.
    pub fn snippet_definitions<'a>(
        &'a self,
        id: &'a str,
    ) -> impl Iterator<Item = &'a SnippetDefinition> + 'a {
        self.files.values().flat_map(move |facts| {
            facts
                .snippets
                .iter()
                .filter(move |(s, _)| s == id)
                .map(|(_, def)| def)
        })
    }

    /// Every `use:` of snippet `id` (its file and the id's span), in path order.
    pub fn uses_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a IdEntry> + 'a {
        self.files
            .values()
            .flat_map(move |facts| facts.ids.uses.iter().filter(move |u| u.id == id))
    }

    /// Every snippet id defined somewhere, each once, in id order.
    pub fn snippet_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .files
            .values()
            .flat_map(|facts| facts.snippets.iter().map(|(id, _)| id.as_str()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// What a run over the whole repository knows when `path`'s turn comes:
    /// every snippet and every `use:` of the other files, and the ids of
    /// the files before it in path order.
    fn index_for(&self, path: &str) -> RepoIndex {
        let mut index = RepoIndex {
            whole_repo: true,
            ..RepoIndex::default()
        };
        for (file, facts) in self.files.iter().filter(|(file, _)| &***file != path) {
            check::extend_table(&mut index.known_snippets, facts.snippets.iter().cloned());
            index
                .used
                .extend(facts.ids.uses.iter().map(|u| u.id.clone()));
            if &**file < path {
                index.record(&facts.ids);
            }
        }
        index
    }
}

/// Check one file's `text` against the repository `project` knows (the
/// project's own copy of `path`, if any, is not used: `text` is the file
/// now). The findings come in output order, at the configured severities,
/// suppressions applied, each with its fix where one is offered.
pub fn lint_file(path: &str, text: &str, settings: &Settings, project: &Project) -> Vec<Finding> {
    let index = project.index_for(path);
    check::check_in_index(
        path.into(),
        text,
        index,
        &settings.config,
        &settings.options,
    )
    .findings
}

/// The finding for a file the caller could not read (`unreadable-file`,
/// unless the settings turn it off).
pub fn read_failure(path: &str, error: &std::io::Error, settings: &Settings) -> Vec<Finding> {
    /// Answers every read with the caller's error.
    struct Failing<'a>(&'a std::io::Error);
    impl Reader for Failing<'_> {
        fn read(&self, _: &Path, _: u64) -> std::io::Result<Read> {
            Err(std::io::Error::new(self.0.kind(), self.0.to_string()))
        }
    }
    let files = [FileEntry {
        display: path.into(),
        path: path.into(),
    }];
    let report: Report = check::check_files(
        &files,
        &[],
        &Vec::new,
        &Failing(error),
        &settings.config,
        &settings.options,
    );
    report.findings
}

/// Check `files` (read through `reader`) and the paths a walk could not
/// enter, handing each finished file to `emit` in path order, as soon as
/// nothing later can change it. `context`: files outside the scope whose
/// snippets the scope may `use:`, listed only if one is needed. The run
/// ends early when `emit` says `Break`.
pub fn lint_files(
    files: &[FileEntry],
    walk_problems: &[WalkProblem],
    context: Context,
    reader: &dyn Reader,
    settings: &Settings,
    emit: &mut dyn FnMut(FileReport) -> ControlFlow<()>,
) {
    check::stream_files(
        files,
        walk_problems,
        context,
        reader,
        &settings.config,
        &settings.options,
        emit,
    );
}
