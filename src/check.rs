//! The check itself: every file read, parsed and checked in parallel, then
//! the cross-file rules over a small index, then suppressions, then one
//! deterministic order. Memory holds the index and the findings, not the
//! repository: a file's text is kept only when it has something to show.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::finding::{Finding, Msg, Severity, Sink};
use crate::model::{self, FileModel, Line};
use crate::msg;
use crate::rules::{
    self, FileContext, IdEntry, RepoIndex, RuleMeta, SnippetDefinition, SnippetTable,
};
use crate::source::Source;
use crate::suggest::did_you_mean;
use crate::suppress::{self, Suppression};
use crate::walk::{FileEntry, WalkProblem};
use crate::yaml::{self, LoadProblemKind};

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Worker threads; `None` is one per core.
    pub jobs: Option<usize>,
    /// Only these rules (ids or group names), when not empty.
    pub select: Vec<String>,
    /// Never these rules (ids or group names).
    pub ignore: Vec<String>,
    /// The whole repository is in scope (unused-snippet only runs then).
    pub whole_repo: bool,
    /// Keep the text of files with findings, for a report that shows source
    /// lines; the machine formats need only the positions, computed already.
    pub keep_sources: bool,
}

/// The run's outcome: findings in output order, and what reporters need to draw them.
#[derive(Debug, Default)]
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
}

impl Report {
    /// The source of `file`, kept from the check or read again.
    pub fn source(&self, file: &Arc<str>) -> Option<Arc<Source>> {
        if let Some(s) = self.sources.get(file) {
            return Some(s.clone());
        }
        let bytes = std::fs::read(self.paths.get(file)?).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        Some(Arc::new(Source::new(file.clone(), text)))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
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

    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.levels.get(rule).copied()
    }

    pub fn is_on(&self, meta: &RuleMeta) -> bool {
        self.levels.contains_key(meta.id)
    }
}

/// What one file leaves behind for the cross-file phase.
struct FileResult {
    display: Arc<str>,
    findings: Vec<Finding>,
    source: Option<Arc<Source>>,
    suppressions: Vec<Suppression>,
    script_id: Option<IdEntry>,
    snippet_ids: Vec<IdEntry>,
    snippet_defs: Vec<(String, SnippetDefinition)>,
    uses: Vec<IdEntry>,
    /// Checking was put off: the script `use:`s a snippet not known yet.
    deferred: bool,
}

impl FileResult {
    fn new(display: Arc<str>) -> FileResult {
        FileResult {
            display,
            findings: Vec::new(),
            source: None,
            suppressions: Vec::new(),
            script_id: None,
            snippet_ids: Vec::new(),
            snippet_defs: Vec::new(),
            uses: Vec::new(),
            deferred: false,
        }
    }
}

/// Where the bytes of a file come from.
enum Input<'a> {
    Disk(&'a std::path::Path),
    Memory(&'a str),
}

/// Check files from disk, plus the problems the walk met. `context` holds
/// files outside the scope whose snippets the scope may `use:` (the rest of
/// the repository, in a run that names some files only).
pub fn check_files(
    files: &[FileEntry],
    walk_problems: &[WalkProblem],
    context: Context,
    config: &Config,
    options: &CheckOptions,
) -> Report {
    let inputs: Vec<(Arc<str>, Input)> = files
        .iter()
        .map(|f| (f.display.clone(), Input::Disk(&f.path)))
        .collect();
    let mut report = run(inputs, context, config, options);
    report.paths = files
        .iter()
        .map(|f| (f.display.clone(), f.path.clone()))
        .collect();
    let enabled = Enabled::new(config, options);
    // Only walk problems need placing among the (already sorted) findings.
    let severity = enabled
        .severity(rules::UNREADABLE_FILE.id)
        .filter(|_| !walk_problems.is_empty());
    if let Some(severity) = severity {
        for p in walk_problems {
            let source = Arc::new(Source::new(p.display.clone(), String::new()));
            let message = match &p.loop_target {
                Some(target) => {
                    msg!(zh: "符号链接形成循环（指回 {target}），未再跟随", en: "symbolic link loop (points back to {target}); not followed")
                }
                None => {
                    let e = &p.error;
                    msg!(zh: "无法读取：{e}", en: "cannot be read: {e}")
                }
            };
            let mut sink = Sink::new(&source);
            sink.report(&rules::UNREADABLE_FILE, 0..0, message);
            for mut f in sink.findings {
                f.severity = severity;
                report.findings.push(f);
            }
            report.sources.insert(p.display.clone(), source);
        }
        report
            .findings
            .sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    report
}

/// Check standard input as the file `display`, with the repository's snippets as context.
pub fn check_stdin(
    display: &Arc<str>,
    text: &str,
    context: Context,
    config: &Config,
    options: &CheckOptions,
) -> Report {
    run(
        vec![(display.clone(), Input::Memory(text))],
        context,
        config,
        options,
    )
}

/// Check in-memory texts (standard input, tests) as if they were files.
pub fn check_texts(files: &[(&str, &str)], config: &Config, options: &CheckOptions) -> Report {
    let inputs = files
        .iter()
        .map(|(path, text)| (Arc::<str>::from(*path), Input::Memory(text)))
        .collect();
    run(inputs, &Vec::new, config, options)
}

/// Files that conventionally hold snippets: under a `snippets` folder, or
/// named like one. They are read first, so that scripts meet a full snippet
/// table; a snippet file anywhere else is still found, at the price of
/// checking the scripts that use it a second time.
fn looks_like_snippets(display: &str) -> bool {
    let mut parts = display.split('/');
    let file = parts.next_back().unwrap_or("");
    parts.any(|p| p == "snippets") || file.contains("snippet")
}

/// Whether a text may be a snippet file: a line that starts with `snippets:`.
fn may_hold_snippets(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim_start_matches('\u{feff}').starts_with("snippets:"))
}

fn parallel<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> T + Send) -> T {
    match jobs.and_then(|n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .ok()
    }) {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Snippet definitions of files outside the scope (no findings: not checked).
fn context_snippets(
    files: &[&FileEntry],
    only_if_marked: bool,
) -> Vec<(String, SnippetDefinition)> {
    files
        .par_iter()
        .flat_map_iter(|f| {
            let text = std::fs::read(&f.path)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_default();
            if only_if_marked && !may_hold_snippets(&text) {
                return Vec::new();
            }
            let source = Source::new(f.display.clone(), text);
            match yaml::parse(&source.text)
                .root
                .map(|root| model::load(&root).0)
            {
                Some(FileModel::Snippets(defs)) => snippet_definitions(&source, &defs),
                _ => Vec::new(),
            }
        })
        .collect()
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
fn extend_table(
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
pub type Context<'a> = &'a dyn Fn() -> Vec<FileEntry>;

fn run(
    inputs: Vec<(Arc<str>, Input)>,
    context: Context,
    config: &Config,
    options: &CheckOptions,
) -> Report {
    let enabled = Enabled::new(config, options);
    let mut table = SnippetTable::new();
    let check_all =
        |items: &[&(Arc<str>, Input)], table: &SnippetTable, defer: bool| -> Vec<FileResult> {
            parallel(options.jobs, || {
                items
                    .par_iter()
                    .map(|(display, input)| {
                        check_one(
                            display.clone(),
                            input,
                            config,
                            &enabled,
                            table,
                            defer,
                            options.keep_sources,
                        )
                    })
                    .collect()
            })
        };

    // 1. Snippet files first.
    let (first, rest): (Vec<_>, Vec<_>) = inputs.iter().partition(|(d, _)| looks_like_snippets(d));
    let mut results = check_all(&first, &table, true);
    extend_table(
        &mut table,
        results.iter().flat_map(|r| r.snippet_defs.iter().cloned()),
    );

    // 2. Everything else; a script that uses a snippet not known yet waits.
    let second = check_all(&rest, &table, true);
    extend_table(
        &mut table,
        second.iter().flat_map(|r| r.snippet_defs.iter().cloned()),
    );
    results.extend(second);

    // 3. The scripts that waited, once every snippet in scope is known. Only
    //    now is the context (the rest of the repository) walked and read:
    //    a run whose snippets are all in scope never pays for it.
    let waiting: Vec<Arc<str>> = results
        .iter()
        .filter(|r| r.deferred)
        .map(|r| r.display.clone())
        .collect();
    if !waiting.is_empty() {
        let context: Vec<FileEntry> = context()
            .into_iter()
            .filter(|f| !inputs.iter().any(|(d, _)| *d == f.display))
            .collect();
        let (likely, others): (Vec<&FileEntry>, Vec<&FileEntry>) = context
            .iter()
            .partition(|f| looks_like_snippets(&f.display));
        extend_table(
            &mut table,
            parallel(options.jobs, || context_snippets(&likely, false)),
        );
        extend_table(
            &mut table,
            parallel(options.jobs, || context_snippets(&others, true)),
        );
        results.retain(|r| !r.deferred);
        let third: Vec<&(Arc<str>, Input)> =
            inputs.iter().filter(|(d, _)| waiting.contains(d)).collect();
        results.extend(check_all(&third, &table, false));
    }
    results.sort_by(|a, b| a.display.cmp(&b.display));

    let mut report = Report {
        files: results.len(),
        ..Report::default()
    };
    let mut index = RepoIndex {
        whole_repo: options.whole_repo,
        ..RepoIndex::default()
    };
    let mut suppressions: BTreeMap<Arc<str>, Vec<Suppression>> = BTreeMap::new();
    // Exact capacity: a large run's findings are its largest allocation.
    report
        .findings
        .reserve_exact(results.iter().map(|r| r.findings.len()).sum());
    for r in results {
        if let Some(s) = r.source {
            report.sources.insert(r.display.clone(), s);
        }
        if !r.suppressions.is_empty() {
            suppressions.insert(r.display.clone(), r.suppressions);
        }
        index.scripts.extend(r.script_id);
        index.snippets.extend(r.snippet_ids);
        index.uses.extend(r.uses);
        report.findings.extend(r.findings);
    }
    index.known_snippets = table;

    let mut repo_findings = Vec::new();
    for rule in rules::ALL_RULES.iter().filter(|r| enabled.is_on(r.meta())) {
        rule.check_repo(&index, &mut repo_findings);
    }
    report.findings.extend(repo_findings);

    for f in &mut report.findings {
        if let Some(s) = enabled.severity(f.rule) {
            f.severity = s;
        }
    }
    report
        .findings
        .retain(|f| enabled.severity(f.rule).is_some());
    apply_suppressions(&mut report, &suppressions, &enabled);
    report
        .findings
        .sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report
}

fn apply_suppressions(
    report: &mut Report,
    suppressions: &BTreeMap<Arc<str>, Vec<Suppression>>,
    enabled: &Enabled,
) {
    let mut used: HashSet<(Arc<str>, usize, usize)> = HashSet::new();
    report.findings.retain(|f| {
        let Some(list) = suppressions.get(&f.file) else {
            return true;
        };
        let mut keep = true;
        for (si, s) in list.iter().enumerate() {
            if !suppress::covers(s, f.span.offset, f.span.start.line) {
                continue;
            }
            for (ri, (id, _)) in s.rules.iter().enumerate() {
                if id == f.rule {
                    used.insert((f.file.clone(), si, ri));
                    keep = false;
                }
            }
        }
        keep
    });
    let Some(severity) = enabled.severity(rules::UNUSED_SUPPRESSION.id) else {
        return;
    };
    for (file, list) in suppressions {
        let Some(source) = report.source(file) else {
            continue;
        };
        let mut sink = Sink::new(&source);
        for (si, s) in list.iter().enumerate() {
            for (ri, (id, span)) in s.rules.iter().enumerate() {
                if used.contains(&(file.clone(), si, ri)) {
                    continue;
                }
                match rules::find(id) {
                    Some(rule) if !enabled.is_on(rule.meta()) => {}
                    Some(_) => {
                        sink.report(&rules::UNUSED_SUPPRESSION, span.clone(), msg!(zh: "对 `{id}` 的豁免没有抑制任何问题", en: "the suppression of `{id}` suppresses nothing"))
                            .help(msg!(zh: "删除这条豁免（问题已修复或不在这一行）", en: "remove it: the problem is fixed, or is not on this line"));
                    }
                    None => {
                        let help = match did_you_mean(id, rules::ids()) {
                            Some(s) => msg!(zh: "是不是想写 `{s}`？", en: "did you mean `{s}`?"),
                            None => {
                                msg!(zh: "`huashu rules` 列出所有规则", en: "`huashu rules` lists every rule")
                            }
                        };
                        sink.report(&rules::UNUSED_SUPPRESSION, span.clone(), msg!(zh: "豁免中的规则 `{id}` 不存在", en: "the suppression names an unknown rule `{id}`"))
                            .help(help);
                    }
                }
            }
        }
        if !sink.findings.is_empty() {
            report
                .sources
                .entry(file.clone())
                .or_insert_with(|| source.clone());
        }
        for mut f in sink.findings {
            f.severity = severity;
            report.findings.push(f);
        }
    }
}

/// Read, parse, validate and check one file. With `defer`, a script that
/// `use:`s a snippet missing from `snippets` is not checked now (its result
/// says `deferred`): the snippet may be defined in a file not read yet.
fn check_one(
    display: Arc<str>,
    input: &Input,
    config: &Config,
    enabled: &Enabled,
    snippets: &SnippetTable,
    defer: bool,
    keep_sources: bool,
) -> FileResult {
    let mut result = FileResult::new(display.clone());
    let text = match read(&display, input, config) {
        Ok(text) => text,
        Err(failed) => {
            let (source, finding) = *failed;
            result.findings.push(finding);
            result.source = Some(Arc::new(source));
            return result;
        }
    };
    let source = Source::new(display, text);
    let mut sink = Sink::new(&source);
    let parsed = yaml::parse(&source.text);
    for p in &parsed.problems {
        match &p.kind {
            LoadProblemKind::Syntax(m) => {
                sink.report(&rules::YAML_SYNTAX, p.span.clone(), msg!(zh: "YAML 语法错误：{m}", en: "invalid YAML: {m}"))
                    .help(msg!(zh: "检查这一位置附近的缩进（只用空格）、冒号、引号和括号", en: "check the indentation (spaces only), colons, quotes and brackets near this position"));
            }
            LoadProblemKind::ExtraDocument => {
                sink.report(&rules::SCHEMA, p.span.clone(), msg!(zh: "一个文件只能有一个 YAML 文档，这里开始了第二个", en: "a file holds one YAML document; a second one starts here"))
                    .help(msg!(zh: "把第二个文档移到单独的文件中", en: "move the second document into a file of its own"));
            }
            LoadProblemKind::TooDeep => {
                let max = yaml::MAX_DEPTH;
                sink.report(&rules::SCHEMA, p.span.clone(), msg!(zh: "嵌套超过 {max} 层，不再读取", en: "nested more than {max} levels deep; not read further"))
                    .help(msg!(zh: "话术只有几层嵌套：检查这里的括号或缩进", en: "a phrase script nests only a few levels: check the brackets or indentation here"));
            }
            LoadProblemKind::TooManyNodes => {
                let max = yaml::MAX_NODES;
                sink.report(&rules::SCHEMA, p.span.clone(), msg!(zh: "展开别名后超过 {max} 个节点（别名炸弹？），不再读取", en: "more than {max} nodes once aliases are expanded (an alias bomb?); not read further"))
                    .help(msg!(zh: "不要用锚点和别名层层复制内容；共享的话术请用 snippets", en: "don't multiply content with anchors and aliases; share lines with snippets"));
            }
        }
    }
    result.suppressions = suppress::collect(&source, &parsed.comments);
    suppress::widen(&mut result.suppressions, &source, parsed.root.as_ref());

    let model = match &parsed.root {
        Some(root) => {
            let (model, problems) = model::load(root);
            for p in problems {
                let f = sink.report(&rules::SCHEMA, p.span, p.message);
                if let Some(h) = p.help {
                    f.help(h);
                }
            }
            model
        }
        None => {
            if parsed.problems.is_empty() {
                let has_comments = !parsed.comments.is_empty();
                let (zh, en) = if has_comments {
                    ("文件只有注释", "the file holds only comments")
                } else {
                    ("文件是空的", "the file is empty")
                };
                sink.report(&rules::SCHEMA, 0..0, Msg::new(format!("{zh}：不是话术也不是共享话术"), format!("{en}: neither a script nor a snippet file")))
                    .help(msg!(zh: "写入话术（id、title、category、opener、steps、closing），或删除这个文件", en: "write a script (id, title, category, opener, steps, closing), or delete the file"));
            }
            FileModel::Neither
        }
    };

    if defer {
        if let FileModel::Script(script) = &model {
            let unknown = script
                .spoken_lines()
                .any(|l| matches!(l, Line::Use { id, .. } if !snippets.contains_key(&id.value)));
            if unknown {
                result.deferred = true;
                return result;
            }
        }
    }

    let cx = FileContext::new(&source, &model, config, snippets);
    for rule in rules::ALL_RULES.iter().filter(|r| enabled.is_on(r.meta())) {
        rule.check_file(&cx, &mut sink);
    }

    let entry = |text: &model::Text| IdEntry {
        file: source.path.clone(),
        id: text.value.clone(),
        span: source.locate(&text.span),
    };
    match &model {
        FileModel::Script(script) => {
            result.script_id = script.id.as_ref().map(entry);
            result.uses = script
                .spoken_lines()
                .filter_map(|l| match l {
                    Line::Use { id, .. } => Some(entry(id)),
                    Line::Text(_) => None,
                })
                .collect();
        }
        FileModel::Snippets(defs) => {
            result.snippet_ids = defs.iter().map(|d| entry(&d.id)).collect();
            result.snippet_defs = snippet_definitions(&source, defs);
        }
        FileModel::Neither => {}
    }
    result.findings = sink.findings;
    if (keep_sources && !result.findings.is_empty()) || !result.suppressions.is_empty() {
        result.source = Some(Arc::new(source));
    }
    result
}

/// The file's text, or the finding that says why there is none.
fn read(
    display: &Arc<str>,
    input: &Input,
    config: &Config,
) -> Result<String, Box<(Source, Finding)>> {
    let fail = |text: String,
                span: std::ops::Range<usize>,
                rule: &'static RuleMeta,
                message: Msg,
                help: Option<Msg>| {
        let source = Source::new(display.clone(), text);
        let mut sink = Sink::new(&source);
        let f = sink.report(rule, span, message);
        if let Some(h) = help {
            f.help(h);
        }
        let finding = sink.findings.remove(0);
        Box::new((source, finding))
    };
    let bytes = match input {
        Input::Memory(text) => return Ok((*text).to_string()),
        Input::Disk(path) => {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            if size > config.max_file_size {
                let (mb, max) = (size as f64 / 1_048_576.0, config.max_file_size / 1_048_576);
                return Err(fail(
                    String::new(),
                    0..0,
                    &rules::SCHEMA,
                    msg!(zh: "文件有 {mb:.1} MB，超过 {max} MB 的上限，未读取", en: "the file is {mb:.1} MB, over the {max} MB limit; not read"),
                    Some(
                        msg!(zh: "话术文件通常只有几 KB；确需更大时在 huashu.yaml 中调高 max_file_size_mb", en: "scripts are a few KB; if this one must be larger, raise max_file_size_mb in huashu.yaml"),
                    ),
                ));
            }
            match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    return Err(fail(
                        String::new(),
                        0..0,
                        &rules::UNREADABLE_FILE,
                        msg!(zh: "无法读取文件：{e}", en: "cannot read the file: {e}"),
                        None,
                    ));
                }
            }
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (zh, en) = crate::rules::not_utf8_message(bytes, valid);
            Err(fail(
                prefix,
                valid..valid,
                &rules::NOT_UTF8,
                Msg::new(zh, en),
                Some(
                    msg!(zh: "请把文件另存为 UTF-8 编码（例如：iconv -f GB18030 -t UTF-8）", en: "save the file as UTF-8 (for example: iconv -f GB18030 -t UTF-8)"),
                ),
            ))
        }
    }
}
