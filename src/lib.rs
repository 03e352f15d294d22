//! huashu (话术) checks repositories of bank customer-service phrase scripts
//! against a service standard and reports every problem with the exact
//! characters at fault.
//!
//! The flow: `cli` parses the arguments; `config` finds and validates
//! huashu.yaml; `walk` lists the files; `check` loads each file (`source`,
//! `yaml`, `model`) and runs the `rules`; `report` draws the findings.

pub mod baseline;
pub mod calls;
pub mod check;
pub mod cli;
pub mod config;
pub mod finding;
pub mod fix;
pub mod fuzzing;
pub mod init;
pub mod model;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod standard;
pub mod suggest;
pub mod suppress;
pub mod text;
pub mod walk;
pub mod write;
pub mod yaml;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cli::{CheckArgs, Cli, ColorChoice, Command, ConfigArgs, RulesFormat};
use config::Config;
use finding::Lang;
use report::{Format, Style};

/// How a run ended; `main` turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: nothing that fails the run.
    Clean,
    /// Exit 1: findings that fail the run.
    Findings,
    /// Exit 2: huashu could not do its job (bad arguments, bad config, missing path).
    Failure,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Failure => 2,
        }
    }
}

/// The message language when neither --lang nor the config says: the locale.
pub fn lang_from_env() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_default();
    if locale.starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let result = match &cli.command {
        Command::Check(args) => check_command(args, cli.lang, out, err),
        Command::Rules(args) => {
            rules_command(args.format, cli.lang.unwrap_or_else(lang_from_env), out)
        }
        Command::Explain { rule } => {
            explain_command(rule, cli.lang.unwrap_or_else(lang_from_env), out, err)
        }
        Command::Standard(args) => standard_command(args, cli.lang, out, err),
        Command::Schema { config } => {
            let schema = if *config {
                schema::config()
            } else {
                schema::scripts()
            };
            serde_json::to_writer_pretty(&mut *out, &schema)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
                .map(|()| Outcome::Clean)
        }
        Command::Init { dir } => init::run(dir.as_deref(), out, err),
        Command::Calls(args) => calls::run::command(args, cli.lang, out, err),
    };
    match result {
        Ok(outcome) => outcome,
        // The reader went away (`huashu check | head`): nothing to tell it.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Failure,
        Err(e) => {
            let _ = writeln!(err, "huashu: {e}");
            Outcome::Failure
        }
    }
}

fn rules_command(format: RulesFormat, lang: Lang, out: &mut dyn Write) -> std::io::Result<Outcome> {
    match format {
        RulesFormat::Json => {
            let list: Vec<_> = rules::ALL_RULES
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": m.id,
                        "group": m.group,
                        "severity": m.severity,
                        "fix": m.fix,
                        "summary": {"zh": m.summary.0, "en": m.summary.1},
                        "options": m.options.iter().map(|o| serde_json::json!({"name": o.name, "zh": o.doc.0, "en": o.doc.1})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Table => {
            let (h_id, h_group, h_sev, h_fix, h_sum) = match lang {
                Lang::Zh => ("规则", "组", "级别", "修复", "说明"),
                Lang::En => ("rule", "group", "severity", "fix", "summary"),
            };
            writeln!(
                out,
                "{h_id:<24} {h_group:<12} {h_sev:<8} {h_fix:<7} {h_sum}"
            )?;
            for r in rules::ALL_RULES {
                let m = r.meta();
                let fix = match m.fix {
                    rules::Fixable::No => "-",
                    rules::Fixable::Safe => "safe",
                    rules::Fixable::Unsafe => "unsafe",
                };
                writeln!(
                    out,
                    "{:<24} {:<12} {:<8} {:<7} {}",
                    m.id,
                    m.group.as_str(),
                    m.severity.as_str(),
                    fix,
                    m.summary_in(lang)
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

fn explain_command(
    id: &str,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(rule) = rules::find(id) else {
        let hint = suggest::did_you_mean(id, rules::ids())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        writeln!(
            err,
            "huashu: unknown rule `{id}`{hint}; `huashu rules` lists every rule"
        )?;
        return Ok(Outcome::Failure);
    };
    let m = rule.meta();
    writeln!(
        out,
        "# {} ({}, {})\n",
        m.id,
        m.group.as_str(),
        m.severity.as_str()
    )?;
    writeln!(out, "{}", m.doc_in(lang))?;
    // The wording the rule accepts or forbids, from the standard in force
    // (huashu.yaml's, when one is found; else the built-in one).
    let standard = std::env::current_dir()
        .ok()
        .and_then(|cwd| Config::discover(&cwd))
        .and_then(|path| Config::load(&path, display_path(&path)).ok())
        .map(|c| c.standard.data.clone())
        .unwrap_or_else(standard::StandardData::builtin);
    let lists = standard.patterns_of(m.id);
    if !lists.is_empty() {
        let heading = match lang {
            Lang::Zh => "## 生效规范中的说法（`huashu standard` 可查看全部，docs/standard.md 说明写法）",
            Lang::En => "## Patterns in the standard in force (all of it: `huashu standard`; the syntax: docs/standard.md)",
        };
        writeln!(out, "\n{heading}\n")?;
        for (name, entries) in lists {
            writeln!(out, "{name}:")?;
            for e in entries {
                writeln!(out, "  - {e}")?;
            }
        }
    }
    Ok(Outcome::Clean)
}

fn check_command(
    args: &CheckArgs,
    lang: Option<Lang>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let cwd = std::env::current_dir()?;
    let stdout_tty = std::io::stdout().is_terminal() && args.output.is_none();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(
            stdout_tty,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("TERM").as_deref(),
        ),
    };
    let width = if stdout_tty {
        terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0))
    } else {
        100
    };
    let mut style = Style {
        lang: lang.unwrap_or_else(lang_from_env),
        color,
        width,
    };
    let Some(config) = load_config(&args.config, &cwd, &style, err)? else {
        return Ok(Outcome::Failure);
    };
    if lang.is_none() {
        if let Some(l) = config.lang {
            style.lang = l;
        }
    }
    for name in args.select.iter().chain(&args.ignore) {
        if !known_selector(name) {
            let groups = [
                "structure",
                "process",
                "callback",
                "language",
                "suppression",
                "all",
            ];
            let hint = suggest::did_you_mean(name, rules::ids().chain(groups))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            writeln!(
                err,
                "huashu: unknown rule or group `{name}`{hint}; `huashu rules` lists every rule"
            )?;
            return Ok(Outcome::Failure);
        }
    }
    let format = args.format.unwrap_or(if stdout_tty {
        Format::Human
    } else {
        Format::Concise
    });
    let stdin = args.paths.len() == 1 && args.paths[0].as_os_str() == "-";
    if args.stdin_filename.is_some() && !stdin {
        writeln!(err, "huashu: --stdin-filename goes with the path `-`")?;
        return Ok(Outcome::Failure);
    }

    let scope: Vec<PathBuf> = if stdin {
        Vec::new()
    } else if !args.paths.is_empty() {
        args.paths.clone()
    } else if !config.paths.is_empty() {
        config.paths.clone()
    } else {
        vec![PathBuf::from(".")]
    };
    let missing: Vec<&PathBuf> = scope.iter().filter(|p| !p.exists()).collect();
    if !missing.is_empty() {
        for p in missing {
            writeln!(err, "huashu: path not found: {}", p.display())?;
        }
        return Ok(Outcome::Failure);
    }
    let root = walk::absolute(&config.root, &cwd);
    let whole_repo =
        args.paths.is_empty() || args.paths.iter().any(|p| walk::absolute(p, &cwd) == root);
    let walked = match check::thread_pool(args.jobs) {
        Some(pool) => pool.install(|| walk::walk(&scope, &config, &cwd)),
        None => walk::walk(&scope, &config, &cwd),
    };
    text::lexicon::expect_files(if stdin { 1 } else { walked.files.len() });
    let options = check::CheckOptions {
        keep_sources: format == Format::Human && !args.statistics,
        jobs: args.jobs,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        whole_repo,
        keep_digests: false,
    };
    // A run that names some files only still needs the repository's
    // snippets: the rest of the default scope is their context, walked only
    // if a checked script uses a snippet the scope does not define.
    let context = || -> Vec<walk::FileEntry> {
        if whole_repo {
            return Vec::new();
        }
        let default_scope = if config.paths.is_empty() {
            vec![config.root.clone()]
        } else {
            config.paths.clone()
        };
        walk::walk(&default_scope, &config, &cwd).files
    };

    // The plain check (every CI run, every pre-commit run) streams: each file
    // is reported as soon as it is finished, so memory does not grow with
    // the findings. Fixes, suppressions and a new baseline need the whole
    // report first.
    let collect = stdin
        || args.fix
        || args.unsafe_fixes
        || args.diff
        || args.add_suppressions
        || args.write_baseline.is_some();
    let options = check::CheckOptions {
        keep_digests: args.fix || args.unsafe_fixes || args.diff || args.add_suppressions,
        ..options
    };
    let baseline_path = args.baseline.as_ref().or(args.write_baseline.as_ref());
    let read_baseline = |err: &mut dyn Write| -> std::io::Result<Option<baseline::Baseline>> {
        match baseline_path.map(|path| (path, baseline::Baseline::load(path))) {
            None => Ok(None),
            Some((_, Ok(b))) => Ok(Some(b)),
            Some((path, Err(e))) => {
                writeln!(
                    err,
                    "huashu: cannot read the baseline {}: {e}",
                    path.display()
                )?;
                Err(std::io::ErrorKind::InvalidData.into())
            }
        }
    };
    // Source lines are drawn only by the human report; it reads a file again
    // (a duplicate id's first definition) by its display path.
    let paths: std::collections::HashMap<Arc<str>, PathBuf> = if options.keep_sources {
        walked
            .files
            .iter()
            .map(|f| (f.display.clone(), f.path.clone()))
            .collect()
    } else {
        Default::default()
    };
    let lookup: report::Lookup = Box::new(move |file| check::read_source(file, paths.get(file)?));
    let reporter = report::reporter(format, args.statistics, style, lookup);

    if !collect {
        let Ok(baseline) = read_baseline(err) else {
            return Ok(Outcome::Failure);
        };
        let mut delivery = report::Delivery::new(reporter, baseline, args.quiet);
        let written = write_to(args.output.as_deref(), out, |w| {
            std::thread::scope(|scope| {
                // The check runs beside the writer; a bounded channel keeps
                // it at most a few hundred files ahead.
                let (tx, rx) = std::sync::mpsc::sync_channel::<check::FileReport>(512);
                let (walked, context, config, options) = (&walked, &context, &config, &options);
                let check = scope.spawn(move || {
                    check::stream_files(
                        &walked.files,
                        &walked.problems,
                        context,
                        config,
                        options,
                        // A writer that failed (a closed pipe) ends the check.
                        &mut |f| match tx.send(f) {
                            Ok(()) => std::ops::ControlFlow::Continue(()),
                            Err(_) => std::ops::ControlFlow::Break(()),
                        },
                    );
                });
                let delivered = rx.into_iter().try_for_each(|f| delivery.file(f, w));
                // A check that failed must not end in a complete-looking report.
                if let Err(panic) = check.join() {
                    std::panic::resume_unwind(panic);
                }
                delivered
            })?;
            delivery.finish(w)
        });
        return match written {
            Ok(summary) => Ok(outcome(&summary, args)),
            Err(e) => output_failed(args, e, err),
        };
    }

    let mut report = if stdin {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("stdin.yaml"));
        // Read like a file: at most one byte past the size limit, and
        // bytes, so that GBK gets the not-utf8 finding and its hint.
        let mut bytes = Vec::new();
        let limit = config.max_file_size.saturating_add(1);
        if let Err(e) = std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin(), limit),
            &mut bytes,
        ) {
            writeln!(err, "huashu: cannot read standard input: {e}")?;
            return Ok(Outcome::Failure);
        }
        if walk::is_excluded(&name, &config, &cwd) {
            return Ok(Outcome::Clean);
        }
        let display = walk::display(&name, &cwd);
        let report = check::check_stdin(&display, &bytes, &context, &config, &options);
        if args.fix || args.unsafe_fixes {
            // An editor's formatter: the fixed text goes to standard output
            // (what came in, unchanged, when it is not text huashu can fix).
            if bytes.len() as u64 > config.max_file_size {
                // Only part of it was read: printing that would cut the
                // editor's buffer short.
                writeln!(
                    err,
                    "huashu: standard input is over the size limit; not fixed"
                )?;
                return Ok(Outcome::Failure);
            }
            let Ok(text) = std::str::from_utf8(&bytes) else {
                out.write_all(&bytes)?;
                return Ok(Outcome::Clean);
            };
            let plan = fix::plan(&report, args.unsafe_fixes);
            let fixed = plan
                .get(&display)
                .and_then(|edits| fix::apply(text, edits))
                .filter(|after| fix::same_structure(text, after));
            out.write_all(fixed.as_deref().unwrap_or(text).as_bytes())?;
            return Ok(Outcome::Clean);
        }
        report
    } else {
        check::check_files(&walked.files, &walked.problems, &context, &config, &options)
    };
    let recheck =
        || check::check_files(&walked.files, &walked.problems, &context, &config, &options);

    // Every write goes through one writer: inside the repository root only,
    // over the bytes that were checked only (src/write.rs). A file that
    // should have been written and was not fails the run (exit 2) once the
    // report is out.
    let mut writer = write::Writer::new(&root);
    let mut not_written = 0;
    if args.add_suppressions {
        let added = suppress::add_all(&report, &mut writer, err)?;
        not_written += added.failed;
        if added.comments > 0 {
            report = recheck();
        }
        writeln!(err, "huashu: added {} suppression comments", added.comments)?;
    }
    if !stdin && (args.fix || args.unsafe_fixes || args.diff) {
        let plan = fix::plan(&report, args.unsafe_fixes);
        let prepared = fix::prepare(&plan, &report);
        for (file, result) in &prepared {
            match result {
                fix::FileFix::Declined(why) => writeln!(err, "huashu: not fixing {file}: {why}")?,
                fix::FileFix::Refused(why) => {
                    writeln!(err, "huashu: not fixing {file}: {why}")?;
                    not_written += usize::from(!args.diff);
                }
                fix::FileFix::Fixed { .. } => {}
            }
        }
        if args.diff {
            let mut changed = false;
            for (file, result) in &prepared {
                if let fix::FileFix::Fixed { before, after, .. } = result {
                    write!(out, "{}", fix::unified_diff(file, before, after))?;
                    changed = true;
                }
            }
            return Ok(if changed {
                Outcome::Findings
            } else {
                Outcome::Clean
            });
        }
        let mut fixed = 0;
        for (file, result) in prepared {
            let (
                fix::FileFix::Fixed {
                    before,
                    after,
                    edits,
                },
                Some(path),
            ) = (result, report.paths.get(&file))
            else {
                continue;
            };
            match writer.replace(path, before.as_bytes(), after.as_bytes()) {
                Ok(()) => fixed += edits,
                Err(e) => {
                    writeln!(err, "huashu: not fixing {file}: {e}")?;
                    not_written += 1;
                }
            }
        }
        if fixed > 0 {
            report = recheck();
        }
        report.fixed = fixed;
    }

    if let Some(path) = &args.write_baseline {
        if let Err(e) = baseline::Baseline::of(&report).write(path) {
            writeln!(
                err,
                "huashu: cannot write the baseline {}: {e}",
                path.display()
            )?;
            return Ok(Outcome::Failure);
        }
    }
    let Ok(baseline) = read_baseline(err) else {
        return Ok(Outcome::Failure);
    };
    let mut delivery = report::Delivery::collected(reporter, baseline, args.quiet, &report);
    let written = write_to(args.output.as_deref(), out, |w| {
        for f in report.into_files() {
            delivery.file(f, w)?;
        }
        delivery.finish(w)
    });
    match written {
        Ok(_) if not_written > 0 => {
            writeln!(
                err,
                "huashu: {not_written} file(s) that needed a change were not written (see above)"
            )?;
            Ok(Outcome::Failure)
        }
        Ok(summary) => Ok(outcome(&summary, args)),
        Err(e) => output_failed(args, e, err),
    }
}

/// Write a report to `--output` (a file) or to `out`, buffered.
fn write_to<T>(
    output: Option<&Path>,
    out: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let mut buffered: std::io::BufWriter<Box<dyn Write + '_>> = match output {
        Some(path) => std::io::BufWriter::new(Box::new(std::fs::File::create(path)?)),
        None => std::io::BufWriter::new(Box::new(out)),
    };
    let written = write(&mut buffered)?;
    buffered.flush()?;
    Ok(written)
}

/// A report that could not be written: to `--output`, a failure of the run;
/// to standard output, an I/O error (a closed pipe ends the run quietly).
fn output_failed(
    args: &CheckArgs,
    e: std::io::Error,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    match &args.output {
        Some(path) => {
            writeln!(err, "huashu: cannot write {}: {e}", path.display())?;
            Ok(Outcome::Failure)
        }
        None => Err(e),
    }
}

/// `--color auto`: colour on a terminal, unless `NO_COLOR` is set (to
/// anything but the empty string) or the terminal says it cannot show it
/// (`TERM=dumb`, as Emacs' shell and some CI logs set).
pub fn auto_color(
    tty: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    tty && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

/// A rule id, a group name, or `all`.
fn known_selector(name: &str) -> bool {
    name == "all"
        || rules::ALL_RULES
            .iter()
            .any(|r| r.meta().id == name || r.meta().group.as_str() == name)
}

/// The config in force (found, named or none), or `None` after printing why it is unusable.
pub(crate) fn load_config(
    args: &ConfigArgs,
    cwd: &Path,
    style: &Style,
    err: &mut dyn Write,
) -> std::io::Result<Option<Config>> {
    let config_path = if args.no_config {
        None
    } else if let Some(p) = &args.config {
        if !p.is_file() {
            writeln!(
                err,
                "huashu: config file not found (or not a regular file): {}",
                p.display()
            )?;
            return Ok(None);
        }
        Some(p.clone())
    } else {
        match Config::discover(cwd) {
            Some(found) => {
                let shown = found.display();
                let how = format!(
                    "A config decides what huashu checks and where --fix writes. \
                     To trust it, name it with --config {shown}, or set HUASHU_TRUSTED_CONFIGS={shown} (or *)"
                );
                match config::trust(&found) {
                    config::Trust::Trusted => {}
                    config::Trust::Noted(why) => {
                        writeln!(err, "huashu: note: using {shown}: {why}. {how}")?;
                    }
                    config::Trust::Refused(why) => {
                        writeln!(err, "huashu: not using {shown}: {why}. {how}")?;
                        return Ok(None);
                    }
                }
                Some(found)
            }
            None => None,
        }
    };
    match &config_path {
        Some(path) => match Config::load(path, walk::display(path, cwd)) {
            Ok(c) => Ok(Some(c)),
            Err(e) => {
                let err_style = Style {
                    color: auto_color(
                        std::io::stderr().is_terminal(),
                        std::env::var_os("NO_COLOR").as_deref(),
                        std::env::var_os("TERM").as_deref(),
                    ),
                    ..*style
                };
                write!(err, "{}", report::render_config_error(&e, &err_style))?;
                Ok(None)
            }
        },
        None => Ok(Some(Config {
            root: cwd.to_path_buf(),
            ..Config::default()
        })),
    }
}

fn standard_command(
    args: &ConfigArgs,
    lang: Option<Lang>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let cwd = std::env::current_dir()?;
    let style = Style {
        lang: lang.unwrap_or_else(lang_from_env),
        color: false,
        width: 100,
    };
    let Some(config) = load_config(args, &cwd, &style, err)? else {
        return Ok(Outcome::Failure);
    };
    writeln!(
        out,
        "# huashu 服务规范 / service standard: {} (effective: huashu.yaml merged in)",
        config.standard.data.name
    )?;
    writeln!(out, "# 保存、修改，然后在 huashu.yaml 中写 `standard: 文件路径` / save, edit, then name it with `standard: PATH` in huashu.yaml")?;
    write!(out, "{}", config.standard.data.to_yaml())?;
    Ok(Outcome::Clean)
}

fn outcome(summary: &check::Summary, args: &CheckArgs) -> Outcome {
    let (errors, warnings) = (summary.errors, summary.warnings);
    let too_many_warnings =
        (args.deny_warnings && warnings > 0) || args.max_warnings.is_some_and(|max| warnings > max);
    if errors > 0 || too_many_warnings {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Paths as shown in output, for library users (tests, tools).
pub fn display_path(path: &Path) -> Arc<str> {
    std::env::current_dir().map_or_else(
        |_| path.to_string_lossy().into(),
        |cwd| walk::display(path, &cwd),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_in_auto_mode() {
        assert!(auto_color(true, None, Some(OsStr::new("xterm-256color"))));
        assert!(auto_color(true, Some(OsStr::new("")), None));
        assert!(!auto_color(false, None, None));
        assert!(!auto_color(true, Some(OsStr::new("1")), None));
        assert!(!auto_color(true, None, Some(OsStr::new("dumb"))));
    }
}
