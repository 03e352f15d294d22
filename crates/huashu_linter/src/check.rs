//! The check itself: files read, parsed and checked in parallel, chunk by
//! chunk in path order, and each finished — cross-file rules, severities,
//! suppressions, one deterministic order — as soon as nothing later can
//! change it, then handed out. Memory holds a chunk and a small index, never
//! the repository or the run's findings (docs/architecture.md, "The engine").
//!
//! The engine reads nothing itself: files come from the caller's `Reader`
//! (the command line reads the disk; tests and editors hand over texts), so
//! it runs wherever the caller does, a browser included.

use std::collections::{BTreeMap, HashSet};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;

#[cfg(feature = "parallel")]
use rayon::prelude::*;

use crate::config::Config;
use crate::finding::{Finding, Severity, Sink};
use crate::model::{self, FileModel};
use crate::rules::{
    self, FileContext, FileIds, IdEntry, RepoIndex, RuleMeta, SnippetDefinition, SnippetTable,
};
use crate::source::Source;
use crate::suppress::{self, Suppression};
use crate::yaml::{self, LoadProblemKind};

/// A file to check: its name as shown (relative, `/`-separated), and the
/// path the caller's `Reader` finds it by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileEntry {
    pub display: Arc<str>,
    pub path: PathBuf,
}

/// A path that could not be walked: a symlink loop or an unreadable folder.
/// It is reported (unreadable-file), never skipped in silence.
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub display: Arc<str>,
    pub loop_target: Option<Arc<str>>,
    pub error: String,
}

/// Reads the files a check names. The engine asks from any of its threads,
/// and again for a look-ahead, so a reader holds no state per file.
pub trait Reader: Sync {
    /// The bytes of `path`, unless it holds more than `max` (then its size).
    fn read(&self, path: &std::path::Path, max: u64) -> std::io::Result<Read>;
}

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The threads files are checked on; `None` is rayon's global pool.
    #[cfg(feature = "parallel")]
    pub pool: Option<Arc<rayon::ThreadPool>>,
    /// Only these rules (ids or group names), when not empty.
    pub select: Vec<String>,
    /// Never these rules (ids or group names).
    pub ignore: Vec<String>,
    /// The whole repository is in scope (unused-snippet only runs then).
    pub whole_repo: bool,
    /// Keep the text of files with findings, for a report that shows source
    /// lines; the machine formats need only the positions, computed already.
    pub keep_sources: bool,
    /// Keep a digest of every file's checked bytes, so that a write (a fix,
    /// a suppression) can refuse a file that changed since.
    pub keep_digests: bool,
}

/// The SHA-256 of a file's bytes as they were checked.
pub type Digest = [u8; 32];

pub fn digest(bytes: &[u8]) -> Digest {
    use sha2::Digest as _;
    let mut out = [0u8; 32];
    out.copy_from_slice(&sha2::Sha256::digest(bytes));
    out
}

/// One file's outcome, finished: cross-file findings added, severities
/// applied, suppressions honoured, findings in output order. The check hands
/// these out one by one, in path order, as soon as each is final.
#[derive(Debug)]
pub struct FileReport {
    pub file: Arc<str>,
    pub findings: Vec<Finding>,
    /// The file's text, when the run keeps sources and the file has findings.
    pub source: Option<Arc<Source>>,
    /// A file that was checked (not a path the walk could not enter).
    pub checked: bool,
    /// The digest of the bytes checked, when the run keeps them.
    pub digest: Option<Digest>,
}

/// How many files and findings a run has: the last thing a report says.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixed: usize,
    /// Findings a baseline recorded, left out of the report.
    #[serde(skip)]
    pub baselined: usize,
    /// Warnings and infos `--quiet` left out of the report.
    #[serde(skip)]
    pub quieted: usize,
}

impl Summary {
    pub fn count(&mut self, findings: &[Finding]) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// A whole run's outcome, collected: findings in output order, and what
/// reporters need to draw them. Fixes, baselines and tests work on this;
/// a plain check streams `FileReport`s instead.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// How many files were checked.
    pub files: usize,
    /// How many fixes were applied before this report was made.
    pub fixed: usize,
    /// The text of files with findings, by display path.
    pub sources: BTreeMap<Arc<str>, Arc<Source>>,
    /// Where each display path is on disk, to read a file again when drawing.
    pub paths: BTreeMap<Arc<str>, PathBuf>,
    /// The digest of each file's bytes as checked (`CheckOptions::keep_digests`).
    pub digests: BTreeMap<Arc<str>, Digest>,
}

impl Report {
    /// The source of `file`, when the check kept it.
    pub fn source(&self, file: &Arc<str>) -> Option<Arc<Source>> {
        self.sources.get(file).cloned()
    }

    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files: self.files,
            fixed: self.fixed,
            ..Summary::default()
        };
        summary.count(&self.findings);
        summary
    }

    /// The report file by file again, in path order: every checked file
    /// (with findings or not), every file with findings.
    pub fn into_files(mut self) -> Vec<FileReport> {
        self.findings.sort_by(|a, b| a.file.cmp(&b.file));
        let mut names: Vec<(Arc<str>, bool)> = self
            .paths
            .keys()
            .map(|p| (p.clone(), true))
            .chain(self.findings.iter().map(|f| (f.file.clone(), false)))
            .collect();
        names.sort();
        // A file both walked and with findings: once, as checked.
        names.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 |= b.1;
            }
            same
        });
        let mut findings = self.findings.into_iter().peekable();
        names
            .into_iter()
            .map(|(file, checked)| {
                let mut own = Vec::new();
                while let Some(f) = findings.next_if(|f| f.file == file) {
                    own.push(f);
                }
                FileReport {
                    source: self.sources.remove(&file),
                    digest: self.digests.remove(&file),
                    findings: own,
                    checked,
                    file,
                }
            })
            .collect()
    }

    /// Add one finished file.
    pub fn add(&mut self, file: FileReport) {
        self.files += usize::from(file.checked);
        if let Some(digest) = file.digest {
            self.digests.insert(file.file.clone(), digest);
        }
        if let Some(source) = file.source {
            self.sources.insert(file.file, source);
        }
        self.findings.extend(file.findings);
    }
}

/// Which rules run, at which severity: the config's levels, narrowed by --select/--ignore.
pub struct Enabled {
    levels: BTreeMap<&'static str, Severity>,
}

impl Enabled {
    pub fn new(config: &Config, options: &CheckOptions) -> Enabled {
        let matches = |list: &[String], meta: &RuleMeta| {
            list.iter()
                .any(|s| s == meta.id || s == meta.group.as_str() || s == "all")
        };
        let levels = rules::ALL_RULES
            .iter()
            .map(|r| r.meta())
            .filter(|m| options.select.is_empty() || matches(&options.select, m))
            .filter(|m| !matches(&options.ignore, m))
            .filter_map(|m| config.level(m).map(|s| (m.id, s)))
            .collect();
        Enabled { levels }
    }

    /// No rule on: a look at a file's ids and snippets only.
    fn none() -> Enabled {
        Enabled {
            levels: BTreeMap::new(),
        }
    }

    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.levels.get(rule).copied()
    }

    pub fn is_on(&self, meta: &RuleMeta) -> bool {
        self.levels.contains_key(meta.id)
    }
}

/// What checking one file leaves behind until its turn to be finished.
struct FileResult {
    display: Arc<str>,
    findings: Vec<Finding>,
    source: Option<Arc<Source>>,
    suppressions: Vec<Suppression>,
    ids: FileIds,
    snippet_defs: Vec<(String, SnippetDefinition)>,
    /// Checking was put off: the script `use:`s a snippet not known yet.
    deferred: bool,
    checked: bool,
    /// The source cannot be read again from disk (the readable part of a
    /// file that is not UTF-8 …): keep it for every report.
    keep_source: bool,
    digest: Option<Digest>,
}

impl FileResult {
    fn new(display: Arc<str>) -> FileResult {
        FileResult {
            display,
            findings: Vec::new(),
            source: None,
            suppressions: Vec::new(),
            ids: FileIds::default(),
            snippet_defs: Vec::new(),
            deferred: false,
            checked: true,
            keep_source: false,
            digest: None,
        }
    }
}

/// Where the bytes of a file come from.
enum Input<'a> {
    /// Read by the caller's `Reader`.
    File(&'a std::path::Path),
    Memory(&'a str),
    /// Standard input's bytes, read up to one byte past the size limit:
    /// decoded and limited like a file's.
    Stdin(&'a [u8]),
    /// A path the walk could not enter (a symlink loop, an unreadable folder).
    Unwalkable(&'a WalkProblem),
}

/// What reading a file gave.
pub enum Read {
    Bytes(Vec<u8>),
    /// Over the size limit (the size found): not read.
    TooLarge(u64),
}

impl Input<'_> {
    /// The text as the check would read it, or nothing when it would not
    /// (unreadable, too large, not UTF-8): for the look-aheads, which report
    /// nothing themselves.
    fn text(&self, config: &Config, reader: &dyn Reader) -> Option<String> {
        match self {
            Input::File(path) => match reader.read(path, config.max_file_size).ok()? {
                Read::Bytes(bytes) => String::from_utf8(bytes).ok(),
                Read::TooLarge(_) => None,
            },
            Input::Memory(text) => Some((*text).to_string()),
            Input::Stdin(bytes) => String::from_utf8(bytes.to_vec()).ok(),
            Input::Unwalkable(_) => None,
        }
    }
}

/// Check files through `reader`, plus the problems the walk met, and
/// collect the whole report. `context` holds files outside the scope whose
/// snippets the scope may `use:` (the rest of the repository, in a run that
/// names some files only).
pub fn check_files(
    files: &[FileEntry],
    walk_problems: &[WalkProblem],
    context: Context,
    reader: &dyn Reader,
    config: &Config,
    options: &CheckOptions,
) -> Report {
    let inputs = file_inputs(files, walk_problems);
    let mut report = collect(inputs, context, reader, config, options);
    report.paths = files
        .iter()
        .map(|f| (f.display.clone(), f.path.clone()))
        .collect();
    report
}

/// Check files like `check_files`, handing each finished file to
/// `emit` in path order instead of collecting them: memory holds a few
/// hundred files' results at a time, however large the repository. The run
/// ends early when `emit` says `Break` (its reader went away).
pub fn stream_files(
    files: &[FileEntry],
    walk_problems: &[WalkProblem],
    context: Context,
    reader: &dyn Reader,
    config: &Config,
    options: &CheckOptions,
    emit: &mut dyn FnMut(FileReport) -> ControlFlow<()>,
) {
    let inputs = file_inputs(files, walk_problems);
    run(inputs, context, reader, config, options, emit);
}

/// The walk's files and the paths it could not enter, as inputs.
fn file_inputs<'a>(
    files: &'a [FileEntry],
    walk_problems: &'a [WalkProblem],
) -> Vec<(Arc<str>, Input<'a>)> {
    let files = files
        .iter()
        .map(|f| (f.display.clone(), Input::File(&f.path)));
    let problems = walk_problems
        .iter()
        .map(|p| (p.display.clone(), Input::Unwalkable(p)));
    files.chain(problems).collect()
}

/// Run the check and collect every finished file into one report.
fn collect(
    inputs: Vec<(Arc<str>, Input)>,
    context: Context,
    reader: &dyn Reader,
    config: &Config,
    options: &CheckOptions,
) -> Report {
    let mut report = Report::default();
    run(inputs, context, reader, config, options, &mut |f| {
        report.add(f);
        ControlFlow::Continue(())
    });
    report
}

/// Check standard input as the file `display`, with the repository's
/// snippets as context. `bytes` are what was read, at most one byte past
/// the size limit: too large, or not UTF-8, is a finding as for a file.
pub fn check_stdin(
    display: &Arc<str>,
    bytes: &[u8],
    context: Context,
    reader: &dyn Reader,
    config: &Config,
    options: &CheckOptions,
) -> Report {
    let inputs = vec![(display.clone(), Input::Stdin(bytes))];
    collect(inputs, context, reader, config, options)
}

/// Check in-memory texts (standard input, tests) as if they were files.
pub fn check_texts(files: &[(&str, &str)], config: &Config, options: &CheckOptions) -> Report {
    let inputs = files
        .iter()
        .map(|(path, text)| (Arc::<str>::from(*path), Input::Memory(text)))
        .collect();
    collect(inputs, &Vec::new, &NoFiles, config, options)
}

/// The reader of a check that names no files (texts only): asked for none.
struct NoFiles;

impl Reader for NoFiles {
    fn read(&self, _: &std::path::Path, _: u64) -> std::io::Result<Read> {
        Err(std::io::ErrorKind::NotFound.into())
    }
}

/// Files that conventionally hold snippets: under a `snippets` folder, or
/// named like one. They are read first, so that scripts meet a full snippet
/// table; a snippet file anywhere else is still found, at the price of a
/// look-ahead over the files not checked yet.
fn looks_like_snippets(display: &str) -> bool {
    let mut parts = display.split('/');
    let file = parts.next_back().unwrap_or("");
    parts.any(|p| p == "snippets") || file.contains("snippet")
}

/// Whether a text may be a snippet file: one that says `snippets` at all
/// (the key may be quoted, in flow style, after a document marker …).
fn may_hold_snippets(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"snippets").is_some()
}

/// The snippet definitions of a text that holds some (no findings: this is a look-ahead).
fn snippets_in(display: &Arc<str>, text: String) -> Vec<(String, SnippetDefinition)> {
    let source = Source::new(display.clone(), text);
    match yaml::parse_with(&source.text, false)
        .root
        .map(|root| model::load(&root).0)
    {
        Some(FileModel::Snippets(defs)) => snippet_definitions(&source, &defs),
        _ => Vec::new(),
    }
}

/// The snippet ids a text `use:`s (a look-ahead, like `snippets_in`).
fn uses_in(text: &str) -> Vec<String> {
    if !text.contains("use") {
        return Vec::new();
    }
    match yaml::parse_with(text, false)
        .root
        .map(|root| model::load(&root).0)
    {
        Some(FileModel::Script(script)) => script.uses().map(|id| id.value.clone()).collect(),
        _ => Vec::new(),
    }
}

fn snippet_definitions(
    source: &Source,
    defs: &[model::SnippetDef],
) -> Vec<(String, SnippetDefinition)> {
    defs.iter()
        .map(|d| {
            (
                d.id.value.clone(),
                SnippetDefinition {
                    file: source.path.clone(),
                    id_span: source.locate(&d.id.span),
                    text: d.text.value.clone(),
                    text_span: source.locate(&d.text.span),
                },
            )
        })
        .collect()
}

/// Add definitions to the table; the first in path order wins.
pub(crate) fn extend_table(
    table: &mut SnippetTable,
    defs: impl IntoIterator<Item = (String, SnippetDefinition)>,
) {
    for (id, def) in defs {
        match table.get(&id) {
            Some(existing) if existing.file <= def.file => {}
            _ => {
                table.insert(id, def);
            }
        }
    }
}

/// The files outside the scope whose snippets the scope may use, found on demand.
pub type Context<'a> = &'a (dyn Fn() -> Vec<FileEntry> + Sync);

/// Files are checked in chunks of this many, in path order, and finished
/// and handed out chunk by chunk. A constant, so that no result depends on
/// the number of threads.
const CHUNK: usize = 256;

/// The most files a batch may have and still be checked on the calling
/// thread: starting threads costs more than a few files take.
pub const INLINE: usize = 4;

/// The state of one run.
struct Engine<'a> {
    /// Sorted by display path.
    inputs: Vec<(Arc<str>, Input<'a>)>,
    context: Context<'a>,
    reader: &'a dyn Reader,
    config: &'a Config,
    options: &'a CheckOptions,
    enabled: Enabled,
    index: RepoIndex,
    /// Every snippet defined in scope or context is in the table.
    table_complete: bool,
    /// The files named like snippet files have been read for the table.
    conventional_read: bool,
    /// Every `use:` in scope is in `index.used`.
    uses_complete: bool,
}

fn run(
    mut inputs: Vec<(Arc<str>, Input)>,
    context: Context,
    reader: &dyn Reader,
    config: &Config,
    options: &CheckOptions,
    emit: &mut dyn FnMut(FileReport) -> ControlFlow<()>,
) {
    inputs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut engine = Engine {
        context,
        reader,
        config,
        options,
        enabled: Enabled::new(config, options),
        index: RepoIndex {
            whole_repo: options.whole_repo,
            ..RepoIndex::default()
        },
        table_complete: false,
        conventional_read: false,
        uses_complete: false,
        inputs,
    };

    // Snippet files first, so that scripts meet a full table; they wait
    // (few, small) for their turn in path order.
    let (first, rest): (Vec<usize>, Vec<usize>) =
        (0..engine.inputs.len()).partition(|&i| looks_like_snippets(&engine.inputs[i].0));
    let results = engine.check_all(&first, true);
    engine.learn(&results);
    let mut waiting: std::collections::VecDeque<(usize, FileResult)> =
        first.into_iter().zip(results).collect();

    let mut start = 0;
    loop {
        let end = (start + CHUNK).min(rest.len());
        let (chunk, remaining) = (&rest[start..end], &rest[end..]);
        let results = engine.check_all(chunk, !engine.table_complete);
        engine.learn(&results);
        let mut batch: Vec<(usize, FileResult)> = chunk.iter().copied().zip(results).collect();
        let before = chunk.last().copied().filter(|_| !remaining.is_empty());
        while waiting
            .front()
            .is_some_and(|(i, _)| before.is_none_or(|b| *i < b))
        {
            batch.extend(waiting.pop_front());
        }
        batch.sort_by_key(|(i, _)| *i);
        let flow = engine.finish_batch(batch, remaining, emit);
        if remaining.is_empty() || flow.is_break() {
            break;
        }
        start = end;
    }
}

impl Engine<'_> {
    fn check_all(&self, items: &[usize], defer: bool) -> Vec<FileResult> {
        let (inputs, table, enabled) = (&self.inputs, &self.index.known_snippets, &self.enabled);
        let (config, options, reader) = (self.config, self.options, self.reader);
        let one = |&i: &usize| {
            let (display, input) = &inputs[i];
            check_one(
                display.clone(),
                input,
                reader,
                config,
                enabled,
                table,
                defer,
                options,
            )
        };
        self.map(items, one)
    }

    /// `f` over `items`: on the pool, or on this thread when they are a
    /// handful (an editor, a pre-commit run: no threads to start or wake)
    /// or when the engine is built without threads.
    fn map<T: Sync, U: Send>(&self, items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
        if items.len() <= INLINE {
            return items.iter().map(f).collect();
        }
        #[cfg(feature = "parallel")]
        {
            let work = || items.par_iter().map(f).collect();
            match &self.options.pool {
                Some(pool) => pool.install(work),
                None => work(),
            }
        }
        #[cfg(not(feature = "parallel"))]
        items.iter().map(f).collect()
    }

    /// Take in the snippets checked files define and the ones they use.
    fn learn(&mut self, results: &[FileResult]) {
        extend_table(
            &mut self.index.known_snippets,
            results.iter().flat_map(|r| r.snippet_defs.iter().cloned()),
        );
        self.index.used.extend(
            results
                .iter()
                .flat_map(|r| r.ids.uses.iter().map(|u| u.id.clone())),
        );
    }

    /// Make the snippet table complete: look ahead into the files not
    /// checked yet, and into the context (the rest of the repository, walked
    /// only now). Needed once at most, when a script uses a snippet not met
    /// so far — an error, or a snippet file outside the naming convention.
    ///
    /// The files named like snippet files (`snippets/`, `*snippet*`) are
    /// read first; the rest only when some of `needed` is still unknown.
    fn complete_table(&mut self, remaining: &[usize], needed: &[String]) {
        if self.table_complete {
            return;
        }
        let context = (self.context)();
        let outside: Vec<(Arc<str>, Input)> = context
            .iter()
            .filter(|f| {
                self.inputs
                    .binary_search_by(|(d, _)| d.cmp(&f.display))
                    .is_err()
            })
            .map(|f| (f.display.clone(), Input::File(&f.path)))
            .collect();
        let ahead: Vec<&(Arc<str>, Input)> = remaining
            .iter()
            .map(|&i| &self.inputs[i])
            .chain(&outside)
            .collect();
        let (named, others): (Vec<_>, Vec<_>) = ahead
            .into_iter()
            .partition(|(display, _)| looks_like_snippets(display));
        if !self.conventional_read {
            let defs = self.snippets_of(&named);
            extend_table(&mut self.index.known_snippets, defs);
            self.conventional_read = true;
        }
        let table = &self.index.known_snippets;
        if needed.iter().any(|id| !table.contains_key(id)) {
            let defs = self.snippets_of(&others);
            extend_table(&mut self.index.known_snippets, defs);
            self.table_complete = true;
        }
    }

    /// The snippets these files define.
    fn snippets_of(&self, files: &[&(Arc<str>, Input)]) -> Vec<(String, SnippetDefinition)> {
        let (config, reader) = (self.config, self.reader);
        let defs: Vec<Vec<(String, SnippetDefinition)>> = self.map(files, |(display, input)| {
            input
                .text(config, reader)
                .filter(|t| may_hold_snippets(t))
                .map(|t| snippets_in(display, t))
                .unwrap_or_default()
        });
        defs.into_iter().flatten().collect()
    }

    /// Make the set of used snippets complete: look ahead into the files not
    /// checked yet. Needed once at most, when a snippet file's turn comes
    /// before some scripts' (snippets sorted before scripts).
    fn complete_uses(&mut self, remaining: &[usize]) {
        if self.uses_complete {
            return;
        }
        let (inputs, config, reader) = (&self.inputs, self.config, self.reader);
        let used: Vec<Vec<String>> = self.map(remaining, |&i| {
            inputs[i]
                .1
                .text(config, reader)
                .map(|t| uses_in(&t))
                .unwrap_or_default()
        });
        self.index.used.extend(used.into_iter().flatten());
        self.uses_complete = true;
    }

    /// Finish a batch of checked files in path order and hand them out.
    fn finish_batch(
        &mut self,
        mut batch: Vec<(usize, FileResult)>,
        remaining: &[usize],
        emit: &mut dyn FnMut(FileReport) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let deferred: Vec<usize> = batch
            .iter()
            .filter(|(_, r)| r.deferred)
            .map(|(i, _)| *i)
            .collect();
        if !deferred.is_empty() {
            // A snippet met since (later in this chunk, or in the snippet
            // files) is enough; only a still unknown one needs the look-ahead.
            let table = &self.index.known_snippets;
            let unresolved: Vec<String> = batch
                .iter()
                .filter(|(_, r)| r.deferred)
                .flat_map(|(_, r)| r.ids.uses.iter())
                .filter(|u| !table.contains_key(&u.id))
                .map(|u| u.id.clone())
                .collect();
            if !unresolved.is_empty() {
                self.complete_table(remaining, &unresolved);
            }
            let rechecked = self.check_all(&deferred, false);
            self.learn(&rechecked);
            let mut rechecked = rechecked.into_iter();
            for (_, r) in batch.iter_mut().filter(|(_, r)| r.deferred) {
                *r = rechecked.next().expect("one result per deferred file");
            }
        }
        let defines_snippets = batch.iter().any(|(_, r)| !r.ids.snippet_ids.is_empty());
        if defines_snippets && self.index.whole_repo && self.enabled.is_on(&rules::UNUSED_SNIPPET) {
            self.complete_uses(remaining);
        }
        for (_, r) in batch {
            emit(self.finish(r))?;
        }
        ControlFlow::Continue(())
    }

    /// Add the cross-file findings, apply severities and suppressions, sort.
    fn finish(&mut self, r: FileResult) -> FileReport {
        finish_file(r, &mut self.index, &self.enabled, self.options.keep_sources)
    }
}

/// Finish one checked file: its cross-file findings (against what `index`
/// knows of the files before it), severities, suppressions, output order.
/// The file's ids are recorded in `index` for the files after it.
fn finish_file(
    r: FileResult,
    index: &mut RepoIndex,
    enabled: &Enabled,
    keep_sources: bool,
) -> FileReport {
    let mut findings = r.findings;
    for rule in rules::ALL_RULES.iter().filter(|r| enabled.is_on(r.meta())) {
        rule.check_repo(index, &r.ids, &mut findings);
    }
    index.record(&r.ids);
    findings.retain_mut(|f| match enabled.severity(f.rule) {
        Some(s) => {
            f.severity = s;
            true
        }
        None => false,
    });
    if !r.suppressions.is_empty() {
        if let Some(source) = &r.source {
            apply_suppressions(&mut findings, &r.suppressions, source, enabled);
        }
    }
    findings.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let keep = keep_sources || r.keep_source;
    let source = r.source.filter(|_| keep && !findings.is_empty());
    FileReport {
        file: r.display,
        findings,
        source,
        checked: r.checked,
        digest: r.digest,
    }
}

/// The cross-file facts of one text: its ids and `use:`s, and the snippets
/// it defines (a `Project` keeps these per file).
pub(crate) fn file_facts(
    display: Arc<str>,
    text: &str,
) -> (FileIds, Vec<(String, SnippetDefinition)>) {
    let r = check_one(
        display,
        &Input::Memory(text),
        &NoFiles,
        &Config::default(),
        &Enabled::none(),
        &SnippetTable::default(),
        false,
        &CheckOptions::default(),
    );
    (r.ids, r.snippet_defs)
}

/// Check one text against a repository `index` the caller built (a
/// `Project`'s): the file's own snippets and `use:`s are added to it first,
/// as a run that reads the whole repository would have them.
pub(crate) fn check_in_index(
    display: Arc<str>,
    text: &str,
    mut index: RepoIndex,
    config: &Config,
    options: &CheckOptions,
) -> FileReport {
    let enabled = Enabled::new(config, options);
    let r = check_one(
        display,
        &Input::Memory(text),
        &NoFiles,
        config,
        &enabled,
        &index.known_snippets,
        false,
        options,
    );
    extend_table(&mut index.known_snippets, r.snippet_defs.iter().cloned());
    index.used.extend(r.ids.uses.iter().map(|u| u.id.clone()));
    finish_file(r, &mut index, &enabled, options.keep_sources)
}

/// Drop the findings a suppression covers; report the suppressions that cover nothing.
fn apply_suppressions(
    findings: &mut Vec<Finding>,
    suppressions: &[Suppression],
    source: &Source,
    enabled: &Enabled,
) {
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    let index = suppress::Index::new(suppressions, source);
    findings.retain(|f| {
        let mut keep = true;
        for si in index.candidates(f.span.start.line) {
            let s = &suppressions[si];
            if !suppress::covers(s, f.span.offset, f.span.start.line) {
                continue;
            }
            for (ri, (id, _)) in s.rules.iter().enumerate() {
                if id == f.rule {
                    used.insert((si, ri));
                    keep = false;
                }
            }
        }
        keep
    });
    let Some(severity) = enabled.severity(rules::UNUSED_SUPPRESSION.id) else {
        return;
    };
    let mut sink = Sink::new(source);
    let unused = suppressions.iter().enumerate().flat_map(|(si, s)| {
        let used = &used;
        s.rules
            .iter()
            .enumerate()
            .filter(move |(ri, _)| !used.contains(&(si, *ri)))
            .map(|(_, rule)| rule)
    });
    rules::unused_suppression::report(&mut sink, unused, &|meta| enabled.is_on(meta));
    for mut f in sink.into_findings() {
        f.severity = severity;
        findings.push(f);
    }
}

/// Read, parse, validate and check one file. With `defer`, a script that
/// `use:`s a snippet missing from `snippets` is not checked now (its result
/// says `deferred`): the snippet may be defined in a file not read yet.
#[allow(clippy::too_many_arguments)]
fn check_one(
    display: Arc<str>,
    input: &Input,
    reader: &dyn Reader,
    config: &Config,
    enabled: &Enabled,
    snippets: &SnippetTable,
    defer: bool,
    options: &CheckOptions,
) -> FileResult {
    let mut result = FileResult::new(display.clone());
    if let Input::Unwalkable(problem) = input {
        let source = Arc::new(Source::new(display, String::new()));
        let mut sink = Sink::new(&source);
        rules::unreadable_file::unwalkable(
            &mut sink,
            problem.loop_target.as_deref(),
            &problem.error,
        );
        result.findings = sink.into_findings();
        result.source = Some(source);
        result.checked = false;
        result.keep_source = true;
        return result;
    }
    let text = match read(&display, input, reader, config) {
        Ok(text) => {
            if options.keep_digests && matches!(input, Input::File(_)) {
                result.digest = Some(digest(text.as_bytes()));
            }
            text
        }
        Err(failed) => {
            let (source, finding) = *failed;
            result.findings.push(finding);
            result.source = Some(Arc::new(source));
            result.keep_source = true;
            return result;
        }
    };
    let source = Source::new(display, text);
    let mut sink = Sink::new(&source);
    // Comments matter only for suppressions (`# huashu: allow …`): a file
    // that never says `huashu:` is parsed without collecting them.
    let comments = memchr::memmem::find(source.text.as_bytes(), b"huashu:").is_some();
    let parsed = yaml::parse_with(&source.text, comments);
    for p in &parsed.problems {
        match &p.kind {
            LoadProblemKind::Syntax(m) => rules::yaml_syntax::report(&mut sink, p.span.clone(), m),
            kind => rules::schema::load_problem(&mut sink, p.span.clone(), kind),
        }
    }
    result.suppressions = suppress::collect(&source, &parsed.comments);
    suppress::widen(&mut result.suppressions, &source, parsed.root.as_ref());

    let model = match &parsed.root {
        Some(root) => {
            let (model, problems) = model::load(root);
            rules::schema::model_problems(&mut sink, problems);
            model
        }
        None => {
            if parsed.problems.is_empty() {
                let has_comments = if comments {
                    !parsed.comments.is_empty()
                } else {
                    !yaml::parse(&source.text).comments.is_empty()
                };
                rules::schema::no_content(&mut sink, has_comments);
            }
            FileModel::Neither
        }
    };

    let entry = |text: &model::Text| IdEntry {
        file: source.path.clone(),
        id: text.value.clone(),
        span: source.locate(&text.span),
    };
    match &model {
        FileModel::Script(script) => {
            result.ids.script_id = script.id.as_ref().map(entry);
            result.ids.uses = script.uses().map(entry).collect();
        }
        FileModel::Snippets(defs) => {
            result.ids.snippet_ids = defs.iter().map(|d| entry(&d.id)).collect();
            result.snippet_defs = snippet_definitions(&source, defs);
        }
        FileModel::Neither => {}
    }
    let unknown = |u: &IdEntry| !snippets.contains_key(&u.id);
    if defer && result.ids.uses.iter().any(unknown) {
        result.deferred = true;
        return result;
    }

    let cx = FileContext::new(&source, &model, config, snippets);
    for rule in rules::ALL_RULES.iter().filter(|r| enabled.is_on(r.meta())) {
        rule.check_file(&cx, &mut sink);
    }
    result.findings = sink.into_findings();
    if options.keep_sources || !result.suppressions.is_empty() {
        result.source = Some(Arc::new(source));
    }
    result
}

/// The file's text, or the finding that says why there is none.
fn read(
    display: &Arc<str>,
    input: &Input,
    reader: &dyn Reader,
    config: &Config,
) -> Result<String, Box<(Source, Finding)>> {
    let fail = |text: String, report: &dyn Fn(&mut Sink)| {
        let source = Source::new(display.clone(), text);
        let mut sink = Sink::new(&source);
        report(&mut sink);
        let finding = sink.into_findings().remove(0);
        Box::new((source, finding))
    };
    let max = config.max_file_size;
    let bytes = match input {
        // A buffer (an editor's, the page's) is held to the limit a file
        // is: over it, one finding instead of a check that would take seconds.
        Input::Memory(text) if text.len() as u64 > max => {
            let size = text.len() as u64;
            return Err(fail(String::new(), &|sink| {
                rules::schema::file_too_large(sink, size, max)
            }));
        }
        Input::Memory(text) => return Ok((*text).to_string()),
        Input::Unwalkable(_) => return Ok(String::new()),
        Input::Stdin(bytes) if bytes.len() as u64 > max => {
            return Err(fail(String::new(), &|sink| {
                rules::schema::stdin_too_large(sink, max)
            }));
        }
        Input::Stdin(bytes) => bytes.to_vec(),
        Input::File(path) => match reader.read(path, max) {
            Ok(Read::Bytes(bytes)) => bytes,
            Ok(Read::TooLarge(size)) => {
                return Err(fail(String::new(), &|sink| {
                    rules::schema::file_too_large(sink, size, max)
                }));
            }
            Err(e) => {
                return Err(fail(String::new(), &|sink| {
                    rules::unreadable_file::read_error(sink, &e)
                }));
            }
        },
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            Err(fail(prefix, &|sink| {
                rules::not_utf8::report(sink, bytes, valid)
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_findings_in_one_long_quoted_value_stay_linear() {
        // Each finding decoded the whole quoted value again, and counted its
        // column from the start of the line: quadratic in the line's length.
        let say = "保本,".repeat(20_000);
        let text = format!("id: p.case\ntitle: 理财\ncategory: sales\nopener:\n  - 您好\nsteps:\n  - stage: resolve\n    say: \"{say}\"\nclosing:\n  - 再见\n");
        let started = std::time::Instant::now();
        let report = check_texts(
            &[("p.yaml", &text)],
            &Config::default(),
            &CheckOptions::default(),
        );
        let forbidden: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "forbidden-phrase")
            .collect();
        // The first MAX_PER_RULE are listed, then one notice of the rest,
        // at the first one left out.
        let max = crate::finding::MAX_PER_RULE;
        assert_eq!(forbidden.len(), max + 1);
        let last = forbidden[max - 1];
        assert_eq!(
            (last.span.start.line, last.span.start.column),
            (8, 11 + 3 * (max - 1))
        );
        let notice = forbidden[max];
        assert_eq!(
            (notice.span.start.line, notice.span.start.column),
            (8, 11 + 3 * max)
        );
        assert!(
            notice.message.en.starts_with(&format!(
                "{} more `forbidden-phrase` findings",
                20_000 - max
            )),
            "{}",
            notice.message.en
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn many_suppressions_and_findings_stay_linear() {
        // Every finding was compared with every suppression comment.
        let items: String = (0..20_000)
            .map(|_| "  - 保本 # huashu: allow empty-line\n")
            .collect();
        let text = format!("id: p.case\ntitle: 理财\ncategory: sales\nopener:\n  - 您好\nsteps:\n  - stage: resolve\n    say: 好的\nclosing:\n{items}");
        let started = std::time::Instant::now();
        let report = check_texts(
            &[("p.yaml", &text)],
            &Config::default(),
            &CheckOptions::default(),
        );
        let count = |rule: &str| report.findings.iter().filter(|f| f.rule == rule).count();
        // Each rule lists MAX_PER_RULE findings and one notice of the rest.
        let max = crate::finding::MAX_PER_RULE;
        assert_eq!(count("forbidden-phrase"), max + 1);
        assert_eq!(count("unused-suppression"), max + 1);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }
}
