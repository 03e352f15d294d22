//! `huashu check`: the arguments made into a run (config, selection, the
//! walk), then one function per mode — the streamed check every CI and
//! pre-commit run makes, standard input (a check, or an editor's formatter),
//! and the collected check that fixes, diffs, adds suppressions or writes a
//! baseline before it reports.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::{CheckArgs, ColorChoice};
use crate::config::{self, Config};
use crate::finding::Lang;
use crate::report::{self, Format, Style};
use crate::{
    auto_color, baseline, check, finding, fix, jobs, lang_from_env, load_config, read, rules,
    suggest, suppressions, walk, write, Outcome,
};

/// A check, set up: the config in force, the selection, the walk, the
/// options of the engine. Every mode starts from here.
struct CheckRun<'a> {
    args: &'a CheckArgs,
    started: std::time::Instant,
    cwd: PathBuf,
    style: Style,
    lang: Lang,
    config: Arc<Config>,
    format: Format,
    /// The path `-`: standard input is the one file.
    stdin: bool,
    /// `--fix`, `--unsafe-fixes` or `--fix-only`.
    fix: bool,
    walk_options: walk::WalkOptions,
    root: PathBuf,
    whole_repo: bool,
    walked: walk::Walked,
    options: check::CheckOptions,
}

pub(crate) fn run(
    args: &CheckArgs,
    lang: Option<Lang>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let run = match CheckRun::set_up(args, lang, out, err)? {
        Ok(run) => run,
        Err(outcome) => return Ok(outcome),
    };
    // The plain check (every CI run, every pre-commit run) streams: each file
    // is reported as soon as it is finished, so memory does not grow with
    // the findings. Fixes, suppressions and a new baseline need the whole
    // report first.
    if !run.collects() {
        return check_streamed(&run, out, err);
    }
    let report = if run.stdin {
        match check_stdin(&run, out, err)? {
            Ok(report) => report,
            Err(outcome) => return Ok(outcome),
        }
    } else {
        run.check_files()
    };
    check_collected(&run, report, out, err)
}

impl<'a> CheckRun<'a> {
    /// The run the arguments ask for; `Err` when it ends before any check
    /// (a usage or config error, `--show-settings`, `--show-files`).
    fn set_up(
        args: &'a CheckArgs,
        lang: Option<Lang>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> std::io::Result<Result<CheckRun<'a>, Outcome>> {
        let started = std::time::Instant::now();
        let cwd = std::env::current_dir()?;
        let stdout_tty = std::io::stdout().is_terminal() && args.output.is_none();
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => auto_color(stdout_tty, |name| std::env::var_os(name)),
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
        let Some(mut config) = load_config(&args.config, &cwd, &style, err)? else {
            return Ok(Err(Outcome::Failure));
        };
        if lang.is_none() {
            if let Some(l) = config.lang {
                style.lang = l;
            }
        }
        let lang = style.lang;
        for name in args
            .select
            .iter()
            .chain(&args.extend_select)
            .chain(&args.ignore)
        {
            if !known_selector(name) {
                let groups = [
                    "structure",
                    "process",
                    "callback",
                    "language",
                    "suppression",
                    "all",
                ];
                let hint = suggest::did_you_mean(name, rules::ids().chain(groups));
                let line = match (lang, hint) {
                    (Lang::Zh, Some(s)) => format!("未知的规则或规则组 `{name}`（是不是 `{s}`？）；`huashu rules` 列出所有规则"),
                    (Lang::Zh, None) => format!("未知的规则或规则组 `{name}`；`huashu rules` 列出所有规则"),
                    (Lang::En, Some(s)) => format!("unknown rule or group `{name}` (did you mean `{s}`?); `huashu rules` lists every rule"),
                    (Lang::En, None) => format!("unknown rule or group `{name}`; `huashu rules` lists every rule"),
                };
                writeln!(err, "huashu: {line}")?;
                return Ok(Err(Outcome::Failure));
            }
        }
        // --extend-select: on top of --select (every rule without it), and a
        // rule the config turns off runs again at its default severity.
        let select: Vec<String> = if args.select.is_empty() {
            Vec::new()
        } else {
            args.select
                .iter()
                .chain(&args.extend_select)
                .cloned()
                .collect()
        };
        if !args.extend_select.is_empty() {
            config.turn_on(&args.extend_select);
        }
        // Shared from here on with the engine's `Settings`.
        let config = Arc::new(config);
        let format = args.format.unwrap_or(if stdout_tty {
            Format::Human
        } else {
            Format::Concise
        });
        let stdin = args.paths.len() == 1 && args.paths[0].as_os_str() == "-";
        if args.stdin_filename.is_some() && !stdin {
            writeln!(
                err,
                "huashu: {}",
                tr(
                    lang,
                    "--stdin-filename 要和路径 `-` 一起用",
                    "--stdin-filename goes with the path `-`"
                )
            )?;
            return Ok(Err(Outcome::Failure));
        }
        let walk_options = match walk_options(args, lang) {
            Ok(o) => o,
            Err(message) => {
                writeln!(err, "huashu: {message}")?;
                return Ok(Err(Outcome::Failure));
            }
        };

        let scope: Vec<PathBuf> = if stdin {
            Vec::new()
        } else if !args.paths.is_empty() {
            args.paths.clone()
        } else if !config.paths.is_empty() {
            config.paths.clone()
        } else {
            vec![PathBuf::from(".")]
        };
        // `exists` follows links: a dangling one named on the command line is
        // missing too.
        let missing: Vec<&PathBuf> = scope.iter().filter(|p| !p.exists()).collect();
        if !missing.is_empty() {
            for p in missing {
                let shown = walk::shown_name(p);
                let line = match lang {
                    Lang::Zh => format!("找不到路径：{shown}"),
                    Lang::En => format!("path not found: {shown}"),
                };
                writeln!(err, "huashu: {line}")?;
            }
            return Ok(Err(Outcome::Failure));
        }
        let root = walk::absolute(&config.root, &cwd);
        let whole_repo =
            args.paths.is_empty() || args.paths.iter().any(|p| walk::absolute(p, &cwd) == root);
        let pool = jobs::shared_pool(args.jobs);
        let walked = match &pool {
            Some(pool) => pool.install(|| walk::walk_with(&scope, &config, &cwd, &walk_options)),
            None => walk::walk_with(&scope, &config, &cwd, &walk_options),
        };
        if args.verbose {
            verbose_walk(&config, &scope, &walked, lang, &cwd, err)?;
        }
        if args.show_settings {
            show_settings(&config, &walk_options, &select, args, &cwd, out)?;
            return Ok(Err(Outcome::Clean));
        }
        if args.show_files {
            for f in &walked.files {
                writeln!(out, "{}", f.display)?;
            }
            if walked.files.is_empty() {
                no_files_warning(&scope, &walked, lang, &cwd, err)?;
            }
            return Ok(Err(Outcome::Clean));
        }
        if !stdin && walked.files.is_empty() && walked.problems.is_empty() {
            // Nothing to check is said, as ruff says it, never a silent pass.
            no_files_warning(&scope, &walked, lang, &cwd, err)?;
        }
        let fix = args.fix || args.unsafe_fixes || args.fix_only;
        let options = check::CheckOptions {
            keep_sources: format == Format::Human && !args.statistics,
            pool: pool.clone(),
            select,
            ignore: args.ignore.clone(),
            whole_repo,
            keep_digests: false,
        };
        let options = check::CheckOptions {
            keep_digests: fix || args.diff || args.add_suppressions,
            ..options
        };
        Ok(Ok(CheckRun {
            args,
            started,
            cwd,
            style,
            lang,
            config,
            format,
            stdin,
            fix,
            walk_options,
            root,
            whole_repo,
            walked,
            options,
        }))
    }

    /// Whether this run needs the whole report before it writes one.
    fn collects(&self) -> bool {
        let args = self.args;
        self.stdin
            || self.fix
            || args.diff
            || args.add_suppressions
            || args.write_baseline.is_some()
    }

    /// A run that names some files only still needs the repository's
    /// snippets: the rest of the default scope is their context, walked only
    /// if a checked script uses a snippet the scope does not define.
    fn context(&self) -> Vec<walk::FileEntry> {
        if self.whole_repo {
            return Vec::new();
        }
        let config = &self.config;
        let default_scope = if config.paths.is_empty() {
            vec![config.root.clone()]
        } else {
            config.paths.clone()
        };
        walk::walk_with(&default_scope, config, &self.cwd, &self.walk_options).files
    }

    /// Every walked file checked, the report collected.
    fn check_files(&self) -> check::Report {
        let walked = &self.walked;
        let context = || self.context();
        check::check_files(
            &walked.files,
            &walked.problems,
            &context,
            &self.config,
            &self.options,
        )
    }

    /// The baseline of `--baseline` (or the one `--write-baseline` replaces);
    /// `Err` after saying why it cannot be read.
    fn read_baseline(&self, err: &mut dyn Write) -> std::io::Result<Option<baseline::Baseline>> {
        let args = self.args;
        let baseline_path = args.baseline.as_ref().or(args.write_baseline.as_ref());
        match baseline_path.map(|path| (path, read::baseline(path))) {
            None => Ok(None),
            Some((_, Ok(b))) => Ok(Some(b)),
            Some((path, Err(e))) => {
                let shown = walk::shown_name(path);
                let line = match self.lang {
                    Lang::Zh => format!("无法读取基线文件 {shown}：{e}"),
                    Lang::En => format!("cannot read the baseline {shown}: {e}"),
                };
                writeln!(err, "huashu: {line}")?;
                Err(std::io::ErrorKind::InvalidData.into())
            }
        }
    }

    /// The reporter of `--format`. Source lines are drawn only by the human
    /// report; it reads a file again (a duplicate id's first definition) by
    /// its display path.
    fn reporter(&self) -> Box<dyn report::Reporter> {
        let paths: std::collections::HashMap<Arc<str>, PathBuf> = if self.options.keep_sources {
            self.walked
                .files
                .iter()
                .map(|f| (f.display.clone(), f.path.clone()))
                .collect()
        } else {
            Default::default()
        };
        let lookup: report::Lookup =
            Box::new(move |file| read::read_source(file, paths.get(file)?));
        report::reporter(self.format, self.args.statistics, self.style, lookup)
    }
}

/// The plain check: files reported as they are finished, in path order.
fn check_streamed(
    run: &CheckRun,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let (args, lang, walked) = (run.args, run.lang, &run.walked);
    let context = || run.context();
    let reporter = run.reporter();
    let Ok(baseline) = run.read_baseline(err) else {
        return Ok(Outcome::Failure);
    };
    let mut delivery = report::Delivery::new(reporter, baseline, args.quiet);
    let settings = huashu_linter::Settings {
        config: run.config.clone(),
        options: run.options.clone(),
    };
    let written = write_to(args.output.as_deref(), out, |w| {
        if walked.files.len() <= check::INLINE {
            // A handful of files (pre-commit, an editor): checked and
            // written on this thread, with no writer thread to start.
            let mut failed = None;
            huashu_linter::lint_files(
                &walked.files,
                &walked.problems,
                &context,
                &read::DiskReader,
                &settings,
                &mut |f| match delivery.file(f, w) {
                    Ok(()) => std::ops::ControlFlow::Continue(()),
                    Err(e) => {
                        failed = Some(e);
                        std::ops::ControlFlow::Break(())
                    }
                },
            );
            if let Some(e) = failed {
                return Err(e);
            }
            return delivery.finish(w);
        }
        std::thread::scope(|scope| {
            // The check runs beside the writer; a bounded channel keeps
            // it at most a few hundred files ahead.
            let (tx, rx) = std::sync::mpsc::sync_channel::<check::FileReport>(512);
            let (walked, context, settings) = (&walked, &context, &settings);
            let check = scope.spawn(move || {
                huashu_linter::lint_files(
                    &walked.files,
                    &walked.problems,
                    context,
                    &read::DiskReader,
                    settings,
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
    match written {
        Ok(summary) => finished(&summary, args, lang, run.started, err),
        Err(e) => output_failed(args, e, lang, err),
    }
}

/// Standard input as the file `--stdin-filename`: checked, or with `--fix`
/// an editor's formatter (the fixed text on standard output). `Err` when
/// the run ends here.
fn check_stdin(
    run: &CheckRun,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Result<check::Report, Outcome>> {
    let (args, lang, config, cwd) = (run.args, run.lang, &run.config, &run.cwd);
    let (fix, walk_options, options) = (run.fix, &run.walk_options, &run.options);
    let context = || run.context();
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
        let line = match lang {
            Lang::Zh => format!("无法读取标准输入：{e}"),
            Lang::En => format!("cannot read standard input: {e}"),
        };
        writeln!(err, "huashu: {line}")?;
        return Ok(Err(Outcome::Failure));
    }
    // A buffer the config does not cover (an editor runs huashu on every
    // YAML file it opens) or excludes is not checked; as a formatter
    // (--fix) it hands the text back unchanged, never an empty buffer.
    let covered = walk_options.check_outside_paths || walk::is_covered(&name, config, cwd);
    if !covered || walk::is_excluded(&name, config, cwd) {
        if fix {
            out.write_all(&bytes)?;
        }
        return Ok(Err(Outcome::Clean));
    }
    let display = walk::display(&name, cwd);
    let report = check::check_stdin(&display, &bytes, &context, config, options);
    if fix {
        // An editor's formatter: the fixed text goes to standard output
        // (what came in, unchanged, when it is not text huashu can fix).
        if bytes.len() as u64 > config.max_file_size {
            // Only part of it was read: printing that would cut the
            // editor's buffer short.
            writeln!(
                err,
                "huashu: {}",
                tr(
                    lang,
                    "标准输入超过大小上限，没有修复",
                    "standard input is over the size limit; not fixed"
                )
            )?;
            return Ok(Err(Outcome::Failure));
        }
        let Ok(text) = std::str::from_utf8(&bytes) else {
            out.write_all(&bytes)?;
            return Ok(Err(Outcome::Clean));
        };
        let plan = fix::plan(&report, args.unsafe_fixes);
        let fixed = plan
            .get(&display)
            .and_then(|edits| fix::apply(text, edits))
            .filter(|after| fix::same_structure(text, after));
        out.write_all(fixed.as_deref().unwrap_or(text).as_bytes())?;
        return Ok(Err(Outcome::Clean));
    }
    Ok(Ok(report))
}

/// The collected check: suppressions added, fixes applied or diffed, a
/// baseline written, each before the report that follows them.
fn check_collected(
    run: &CheckRun,
    mut report: check::Report,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let (args, lang, stdin, fix) = (run.args, run.lang, run.stdin, run.fix);
    let reporter = run.reporter();
    // Every write goes through one writer: inside the repository root only,
    // over the bytes that were checked only (src/write.rs). A file that
    // should have been written and was not fails the run (exit 2) once the
    // report is out.
    let mut writer = write::Writer::new(&run.root);
    let mut not_written = 0;
    if args.add_suppressions {
        not_written += add_suppressions(run, &mut report, &mut writer, err)?;
    }
    if !stdin && (fix || args.diff) {
        match fix_files(run, &mut report, &mut writer, out, err)? {
            Step::Continue(failed) => not_written += failed,
            Step::Done(outcome) => return Ok(outcome),
        }
    }
    if let Some(path) = &args.write_baseline {
        if let Some(outcome) = write_baseline(path, &report, lang, err)? {
            return Ok(outcome);
        }
    }
    let Ok(baseline) = run.read_baseline(err) else {
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
        Ok(_) if not_written > 0 => not_written_failure(not_written, lang, err),
        Ok(summary) => finished(&summary, args, lang, run.started, err),
        Err(e) => output_failed(args, e, lang, err),
    }
}

/// `--add-suppressions`: the comments written, the report made again;
/// how many files could not be written.
fn add_suppressions(
    run: &CheckRun,
    report: &mut check::Report,
    writer: &mut write::Writer,
    err: &mut dyn Write,
) -> std::io::Result<usize> {
    let lang = run.lang;
    let added = suppressions::add_all(report, writer, err)?;
    if added.comments > 0 {
        *report = run.check_files();
    }
    let n = added.comments;
    let line = match lang {
        Lang::Zh => format!("写入了 {n} 条豁免注释"),
        Lang::En => format!("added {n} suppression comments"),
    };
    writeln!(err, "huashu: {line}")?;
    Ok(added.failed)
}

/// What a step of the collected check leaves: the run goes on (with the
/// files it could not write), or it ends here.
enum Step {
    Continue(usize),
    Done(Outcome),
}

/// `--fix` (and `--fix-only`, `--show-fixes`) or `--diff`: the fixes
/// applied to the files and the report made again, or shown as a diff.
fn fix_files(
    run: &CheckRun,
    report: &mut check::Report,
    writer: &mut write::Writer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Step> {
    let (args, lang, format) = (run.args, run.lang, run.format);
    let mut not_written = 0;
    let plan = fix::plan(report, args.unsafe_fixes);
    let prepared = fix::prepare(&plan, report, &read::read_again);
    for (file, result) in &prepared {
        let why = match result {
            fix::FileFix::Declined(why) => why,
            fix::FileFix::Refused(why) => {
                not_written += usize::from(!args.diff);
                why
            }
            fix::FileFix::Fixed { .. } => continue,
        };
        not_fixing(file, why, lang, err)?;
    }
    if args.diff {
        let mut changed = false;
        for (file, result) in &prepared {
            if let fix::FileFix::Fixed { before, after, .. } = result {
                write!(out, "{}", fix::unified_diff(file, before, after))?;
                changed = true;
            }
        }
        return Ok(Step::Done(if changed && !args.exit_zero {
            Outcome::Findings
        } else {
            Outcome::Clean
        }));
    }
    // What was fixed, counted in findings (ruff's "Fixed 3 errors"),
    // per file and rule for --show-fixes.
    let mut fixed_rules: std::collections::BTreeMap<
        Arc<str>,
        std::collections::BTreeMap<&str, usize>,
    > = Default::default();
    for (file, result) in prepared {
        let (fix::FileFix::Fixed { before, after, .. }, Some(path)) =
            (result, report.paths.get(&file))
        else {
            continue;
        };
        match writer.replace(path, before.as_bytes(), after.as_bytes()) {
            Ok(()) => {
                let rules = fixed_rules.entry(file.clone()).or_default();
                let applied = report.findings.iter().filter(|f| {
                    f.file == file
                        && f.fix.as_ref().is_some_and(|x| {
                            args.unsafe_fixes || x.safety != finding::Safety::Unsafe
                        })
                });
                for f in applied {
                    *rules.entry(f.rule).or_default() += 1;
                }
            }
            Err(e) => {
                not_fixing(&file, &e, lang, err)?;
                not_written += 1;
            }
        }
    }
    let fixed: usize = fixed_rules.values().flat_map(|r| r.values()).sum();
    if fixed > 0 {
        *report = run.check_files();
    }
    report.fixed = fixed;
    if args.show_fixes || args.fix_only {
        // Before a text report, on standard output; a machine format
        // (or a report written to a file) keeps standard output its own.
        let text_report = matches!(format, Format::Human | Format::Concise)
            && args.output.is_none()
            && !args.statistics;
        let to: &mut dyn Write = if args.fix_only || text_report {
            out
        } else {
            err
        };
        show_fixes(&fixed_rules, args.show_fixes, lang, to)?;
    }
    if args.fix_only {
        return Ok(Step::Done(if not_written > 0 {
            not_written_failure(not_written, lang, err)?
        } else {
            Outcome::Clean
        }));
    }
    Ok(Step::Continue(not_written))
}

/// `--write-baseline`: today's findings recorded; `Some` when the run ends here.
fn write_baseline(
    path: &Path,
    report: &check::Report,
    lang: Lang,
    err: &mut dyn Write,
) -> std::io::Result<Option<Outcome>> {
    let recorded = baseline::Baseline::of(report);
    let shown = walk::shown_name(path);
    if let Err(e) = write::write_atomically(path, recorded.to_json().as_bytes()) {
        let line = match lang {
            Lang::Zh => format!("无法写入基线文件 {shown}：{e}"),
            Lang::En => format!("cannot write the baseline {shown}: {e}"),
        };
        writeln!(err, "huashu: {line}")?;
        return Ok(Some(Outcome::Failure));
    }
    let n = report.findings.len();
    let line = match lang {
        Lang::Zh => format!("在 {shown} 中记录了 {n} 个问题"),
        Lang::En => format!(
            "recorded {n} finding{} in {shown}",
            if n == 1 { "" } else { "s" }
        ),
    };
    writeln!(err, "huashu: {line}")?;
    Ok(None)
}

/// One of two texts, by language.
fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn not_fixing(
    file: &str,
    why: &dyn std::fmt::Display,
    lang: Lang,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let line = match lang {
        Lang::Zh => format!("没有修复 {file}：{why}"),
        Lang::En => format!("not fixing {file}: {why}"),
    };
    writeln!(err, "huashu: {line}")
}

fn not_written_failure(n: usize, lang: Lang, err: &mut dyn Write) -> std::io::Result<Outcome> {
    let line = match lang {
        Lang::Zh => format!("{n} 个需要修改的文件没有写入（见上文）"),
        Lang::En => format!("{n} file(s) that needed a change were not written (see above)"),
    };
    writeln!(err, "huashu: {line}")?;
    Ok(Outcome::Failure)
}

/// `--show-fixes` (per file and rule) or `--fix-only` (the count).
fn show_fixes(
    fixed: &std::collections::BTreeMap<Arc<str>, std::collections::BTreeMap<&str, usize>>,
    per_file: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let total: usize = fixed.values().flat_map(|r| r.values()).sum();
    let line = match lang {
        Lang::Zh if total == 0 => "没有可以修复的问题。".to_string(),
        Lang::Zh => format!(
            "修复了 {total} 个问题{}",
            if per_file { "：" } else { "。" }
        ),
        Lang::En if total == 0 => "No fixes applied.".to_string(),
        Lang::En => format!(
            "Fixed {total} problem{}{}",
            if total == 1 { "" } else { "s" },
            if per_file { ":" } else { "." }
        ),
    };
    writeln!(out, "{line}")?;
    if per_file {
        for (file, rules) in fixed {
            writeln!(out, "  {file}:")?;
            for (rule, n) in rules {
                writeln!(out, "    {n} × {rule}")?;
            }
        }
    }
    Ok(())
}

/// The `--exclude` and `--extend-exclude` globs, and the walk's switches.
fn walk_options(args: &CheckArgs, lang: Lang) -> Result<walk::WalkOptions, String> {
    let globs = |patterns: &[String]| -> Result<globset::GlobSet, String> {
        let mut set = globset::GlobSetBuilder::new();
        for p in patterns {
            if p.chars().count() > config::MAX_GLOB_CHARS {
                return Err(match lang {
                    Lang::Zh => format!("glob 模式超过 {} 个字符", config::MAX_GLOB_CHARS),
                    Lang::En => format!(
                        "glob pattern longer than {} characters",
                        config::MAX_GLOB_CHARS
                    ),
                });
            }
            let glob = globset::Glob::new(p).map_err(|e| match lang {
                Lang::Zh => format!("无效的 glob 模式 `{p}`：{e}"),
                Lang::En => format!("invalid glob pattern `{p}`: {e}"),
            })?;
            set.add(glob);
        }
        set.build().map_err(|e| e.to_string())
    };
    Ok(walk::WalkOptions {
        follow_links: args.follow_links,
        no_ignore: args.no_ignore,
        check_outside_paths: args.no_force_exclude,
        exclude: args.exclude.as_deref().map(globs).transpose()?,
        extend_exclude: Some(globs(&args.extend_exclude)?).filter(|s| !s.is_empty()),
    })
}

/// "No files to check", with why: nothing YAML there, or every file named
/// is outside the config's paths or excluded.
fn no_files_warning(
    scope: &[PathBuf],
    walked: &walk::Walked,
    lang: Lang,
    cwd: &Path,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let line = if !walked.outside_paths.is_empty() || !walked.excluded.is_empty() {
        let (outside, excluded) = (walked.outside_paths.len(), walked.excluded.len());
        match lang {
            Lang::Zh => format!(
                "警告：没有要检查的文件：命令行给出的文件中 {outside} 个不在配置的 paths 中，{excluded} 个被 exclude 排除（--no-force-exclude 仍然检查 paths 之外的文件）"
            ),
            Lang::En => format!(
                "warning: no files to check: of the files named, {outside} are outside the config's paths and {excluded} excluded (--no-force-exclude checks files outside the paths anyway)"
            ),
        }
    } else {
        let places = scope
            .iter()
            .map(|p| walk::display(p, cwd))
            .collect::<Vec<_>>()
            .join(", ");
        match lang {
            Lang::Zh => format!(
                "警告：在 {places} 中没有找到要检查的 YAML 文件（*.yaml、*.yml；隐藏的、被忽略的和排除的文件不算）"
            ),
            Lang::En => format!(
                "warning: no YAML files to check found in {places} (*.yaml, *.yml; hidden, ignored and excluded files left out)"
            ),
        }
    };
    writeln!(err, "huashu: {line}")
}

/// `--verbose`: what the run is about to check, on standard error (from
/// the main thread, before the check starts).
fn verbose_walk(
    config: &Config,
    scope: &[PathBuf],
    walked: &walk::Walked,
    lang: Lang,
    cwd: &Path,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let config_shown = config.file.as_deref().map_or_else(
        || tr(lang, "（无）", "(none)").to_string(),
        |p| walk::display(p, cwd).to_string(),
    );
    let scope_shown = scope
        .iter()
        .map(|p| walk::display(p, cwd))
        .collect::<Vec<_>>()
        .join(", ");
    let n = walked.files.len();
    match lang {
        Lang::Zh => {
            writeln!(err, "huashu: 配置：{config_shown}")?;
            writeln!(err, "huashu: 检查范围：{scope_shown}，共 {n} 个文件")?;
        }
        Lang::En => {
            writeln!(err, "huashu: config: {config_shown}")?;
            writeln!(err, "huashu: scope: {scope_shown}: {n} files")?;
        }
    }
    for f in &walked.outside_paths {
        let line = match lang {
            Lang::Zh => format!("跳过 {f}：不在配置的 paths 中"),
            Lang::En => format!("skipped {f}: outside the config's paths"),
        };
        writeln!(err, "huashu: {line}")?;
    }
    for f in &walked.excluded {
        let line = match lang {
            Lang::Zh => format!("跳过 {f}：被 exclude 排除"),
            Lang::En => format!("skipped {f}: excluded"),
        };
        writeln!(err, "huashu: {line}")?;
    }
    Ok(())
}

/// `--show-settings`: the settings in force, as `key: value` lines.
fn show_settings(
    config: &Config,
    walk_options: &walk::WalkOptions,
    select: &[String],
    args: &CheckArgs,
    cwd: &Path,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let shown = |p: &Path| walk::display(p, cwd);
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "[]".to_string()
        } else {
            format!("[{}]", items.join(", "))
        }
    };
    writeln!(
        out,
        "config: {}",
        config
            .file
            .as_deref()
            .map_or_else(|| "(none)".into(), &shown)
    )?;
    writeln!(out, "root: {}", shown(&config.root))?;
    writeln!(
        out,
        "paths: {}",
        list(config.paths.iter().map(|p| shown(p).to_string()).collect())
    )?;
    let exclude = args
        .exclude
        .clone()
        .map_or_else(|| config.exclude_patterns.clone(), |e| e.clone());
    writeln!(out, "exclude: {}", list(exclude))?;
    writeln!(out, "extend-exclude: {}", list(args.extend_exclude.clone()))?;
    writeln!(out, "respect-ignore-files: {}", !walk_options.no_ignore)?;
    writeln!(out, "follow-links: {}", walk_options.follow_links)?;
    writeln!(out, "force-exclude: {}", !walk_options.check_outside_paths)?;
    writeln!(
        out,
        "standard: {}",
        config
            .standard_file
            .as_deref()
            .map_or_else(|| "default".into(), &shown)
    )?;
    writeln!(
        out,
        "lang: {}",
        config.lang.map_or("(from LANG)", |l| match l {
            Lang::Zh => "zh",
            Lang::En => "en",
        })
    )?;
    writeln!(out, "max-file-size: {}", config.max_file_size)?;
    writeln!(out, "rules:")?;
    let options = check::CheckOptions {
        select: select.to_vec(),
        ignore: args.ignore.clone(),
        ..check::CheckOptions::default()
    };
    let enabled = check::Enabled::new(config, &options);
    for r in rules::ALL_RULES {
        let m = r.meta();
        let level = enabled.severity(m.id).map_or("off", |s| s.as_str());
        writeln!(out, "  {:<24} {level}", m.id)?;
    }
    Ok(())
}

/// The end of a check: the exit code, and why a run fails only because of
/// its warnings (`--max-warnings`, `--deny-warnings`), which a report's
/// counts do not say by themselves.
fn finished(
    summary: &check::Summary,
    args: &CheckArgs,
    lang: Lang,
    started: std::time::Instant,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let w = summary.warnings;
    let too_many = if args.deny_warnings && w > 0 {
        Some(match lang {
            Lang::Zh => format!("有 {w} 个警告，--deny-warnings 不允许警告"),
            Lang::En => format!(
                "{w} warning{} and --deny-warnings allows none",
                if w == 1 { "" } else { "s" }
            ),
        })
    } else {
        args.max_warnings
            .filter(|max| w > *max)
            .map(|max| match lang {
                Lang::Zh => format!("有 {w} 个警告，超过 --max-warnings {max}"),
                Lang::En => format!("{w} warnings, more than --max-warnings {max}"),
            })
    };
    let outcome = if summary.errors > 0 || too_many.is_some() {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    if let Some(why) = &too_many {
        if summary.errors == 0 {
            let line = match (lang, args.exit_zero) {
                (Lang::Zh, false) => format!("检查失败：{why}"),
                (Lang::Zh, true) => format!("{why}（--exit-zero：仍以 0 退出）"),
                (Lang::En, false) => format!("the run fails: {why}"),
                (Lang::En, true) => format!("{why} (--exit-zero: exiting 0 anyway)"),
            };
            writeln!(err, "huashu: {line}")?;
        }
    }
    if args.verbose {
        let ms = started.elapsed().as_millis();
        let line = match lang {
            Lang::Zh => format!("用时 {ms} 毫秒"),
            Lang::En => format!("took {ms} ms"),
        };
        writeln!(err, "huashu: {line}")?;
    }
    Ok(if args.exit_zero && outcome == Outcome::Findings {
        Outcome::Clean
    } else {
        outcome
    })
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
    lang: Lang,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    match &args.output {
        Some(path) => {
            let shown = walk::shown_name(path);
            let line = match lang {
                Lang::Zh => format!("无法写入 {shown}：{e}"),
                Lang::En => format!("cannot write {shown}: {e}"),
            };
            writeln!(err, "huashu: {line}")?;
            Ok(Outcome::Failure)
        }
        None => Err(e),
    }
}

/// A rule id, a group name, or `all`.
fn known_selector(name: &str) -> bool {
    name == "all"
        || rules::ALL_RULES
            .iter()
            .any(|r| r.meta().id == name || r.meta().group.as_str() == name)
}
