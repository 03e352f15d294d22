//! The `huashu calls` command: find the call files, stream them in path
//! order through the thread pool, report each call as it is finished.
//!
//! Three stages, joined by bounded channels so memory stays bounded
//! whatever the input: a reader thread (files in path order; JSON Lines
//! read line by line under the size cap, a longer line skipped as it
//! streams past) batches the work by count and by bytes; the check stage
//! runs each batch in parallel (rayon) and keeps its order; the calling
//! thread writes the report and adds up the figures. The output is the
//! same whatever `--jobs` is. Nothing here prints from a worker thread.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

/// The settings of a calls check, which the engine prepares.
pub use super::check::Prepared;
use super::check::{check_call, malformed_result, CallContext, CallResult};
use super::cli::CallsArgs;
use super::input::{self, LineReader, RawLine};
use super::report;
use super::rules::known_selector;
use super::score::Summary;
use crate::finding::{Lang, Msg, Severity};
use crate::msg;
use crate::report::Style;
use crate::Outcome;

/// How a file holds its calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One call (or a list of calls) as one JSON document.
    Json,
    /// One call per line.
    JsonLines,
    /// Plain text with role prefixes.
    Plain,
}

/// The kind of a file by its extension (`None`: not a call file).
pub fn kind_of(path: &Path) -> Option<Kind> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "json" => Some(Kind::Json),
        "jsonl" | "ndjson" => Some(Kind::JsonLines),
        "txt" => Some(Kind::Plain),
        _ => None,
    }
}

/// One piece of work for the pool.
#[derive(Debug)]
pub enum Job {
    Line {
        file: Arc<str>,
        stem: Arc<str>,
        line: usize,
        text: String,
    },
    Whole {
        file: Arc<str>,
        stem: Arc<str>,
        kind: Kind,
        text: String,
    },
    Problem {
        file: Arc<str>,
        stem: Arc<str>,
        line: usize,
        message: Msg,
    },
}

impl Job {
    fn bytes(&self) -> usize {
        match self {
            Job::Line { text, .. } | Job::Whole { text, .. } => text.len(),
            Job::Problem { .. } => 64,
        }
    }
}

/// Check one job: the calls it holds, in order.
pub fn check_job(job: Job, cx: &CallContext) -> Vec<CallResult> {
    match job {
        Job::Line {
            file,
            stem,
            line,
            text,
        } => {
            let fallback = format!("{stem}:{line}");
            vec![match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(v) => match input::call_from_value(&v, &fallback) {
                    Ok(call) => check_call(&call, file, line, cx),
                    Err(m) => {
                        let id = id_of(&v).unwrap_or(fallback);
                        malformed_result(file, line, id, m.message, cx.rules)
                    }
                },
                Err(e) => {
                    let m = input::json_error(&e);
                    malformed_result(file, line, fallback, m.message, cx.rules)
                }
            }]
        }
        Job::Whole {
            file,
            stem,
            kind,
            text,
        } => {
            let fallback = stem.to_string();
            match kind {
                Kind::Plain => vec![match input::parse_plain(&text, &fallback) {
                    Ok(call) => check_call(&call, file, 1, cx),
                    Err(m) => malformed_result(file, m.line, fallback, m.message, cx.rules),
                }],
                _ => match serde_json::from_str::<serde_json::Value>(&text) {
                    Ok(serde_json::Value::Array(items)) => items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let fallback = format!("{stem}[{i}]");
                            match input::call_from_value(v, &fallback) {
                                Ok(call) => check_call(&call, file.clone(), 1, cx),
                                Err(m) => {
                                    let (zh, en) = (&m.message.zh, &m.message.en);
                                    malformed_result(
                                        file.clone(),
                                        1,
                                        id_of(v).unwrap_or(fallback),
                                        msg!(zh: "第 {i} 通（从 0 数）：{zh}", en: "call [{i}]: {en}"),
                                        cx.rules,
                                    )
                                }
                            }
                        })
                        .collect(),
                    Ok(v) => vec![match input::call_from_value(&v, &fallback) {
                        Ok(call) => check_call(&call, file, 1, cx),
                        Err(m) => malformed_result(file, 1, id_of(&v).unwrap_or(fallback), m.message, cx.rules),
                    }],
                    Err(e) => {
                        let m = input::json_error(&e);
                        vec![malformed_result(file, m.line, fallback, m.message, cx.rules)]
                    }
                },
            }
        }
        Job::Problem {
            file,
            stem,
            line,
            message,
        } => vec![malformed_result(
            file,
            line,
            format!("{stem}:{line}"),
            message,
            cx.rules,
        )],
    }
}

/// The id of a call that could not be read, when it has a plain one.
fn id_of(v: &serde_json::Value) -> Option<String> {
    let map = v.as_object()?;
    ["id", "call_id", "callId"]
        .iter()
        .find_map(|k| map.get(*k))
        .and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

/// A call file to read.
#[derive(Debug, Clone)]
pub struct Input {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    pub display: Arc<str>,
    pub kind: Kind,
}

/// The call files under `paths`, each folder's in name order; a file named
/// explicitly is read whatever its extension (JSON Lines unless it says
/// otherwise). `Err` lists the paths that do not exist.
pub fn inputs(paths: &[PathBuf], cwd: &Path) -> Result<Vec<Input>, Vec<PathBuf>> {
    let missing: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && !p.exists())
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input {
                path: None,
                display: "-".into(),
                kind: Kind::JsonLines,
            });
        } else if p.is_dir() {
            let mut found: Vec<Input> = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    !e.file_name().to_string_lossy().starts_with('.') && e.file_type().is_file()
                })
                .filter_map(|e| {
                    kind_of(e.path()).map(|kind| Input {
                        display: shown(e.path(), cwd),
                        path: Some(e.path().to_path_buf()),
                        kind,
                    })
                })
                .collect();
            found.sort_by(|a, b| a.display.cmp(&b.display));
            out.extend(found);
        } else {
            out.push(Input {
                display: shown(p, cwd),
                path: Some(p.clone()),
                kind: kind_of(p).unwrap_or(Kind::JsonLines),
            });
        }
    }
    Ok(out)
}

/// A path as reports show it, with a card or ID number in it masked.
fn shown(path: &Path, cwd: &Path) -> Arc<str> {
    let display = crate::walk::display(path, cwd);
    match super::privacy::mask_id(&display) {
        std::borrow::Cow::Borrowed(_) => display,
        std::borrow::Cow::Owned(masked) => masked.into(),
    }
}

/// The most calls, and bytes, in one batch handed to the pool.
const BATCH_CALLS: usize = 512;
const BATCH_BYTES: usize = 4 << 20;

/// Read every input in order, sending batches of jobs; stops when the
/// receiver is gone. `cap` bounds a line and a whole file.
pub fn read_inputs(inputs: &[Input], cap: u64, send: &mut dyn FnMut(Vec<Job>) -> bool) {
    let mut batch: Vec<Job> = Vec::new();
    let mut bytes = 0;
    let mut push = |job: Job, batch: &mut Vec<Job>, bytes: &mut usize| -> bool {
        *bytes += job.bytes();
        batch.push(job);
        if batch.len() >= BATCH_CALLS || *bytes >= BATCH_BYTES {
            *bytes = 0;
            return send(std::mem::take(batch));
        }
        true
    };
    let cap_usize = usize::try_from(cap).unwrap_or(usize::MAX);
    for input in inputs {
        let file = input.display.clone();
        let stem: Arc<str> = input
            .path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or_else(|| "stdin".into(), |s| s.to_string_lossy().into());
        let problem = |line: usize, message: Msg| Job::Problem {
            file: file.clone(),
            stem: stem.clone(),
            line,
            message,
        };
        let reader: Box<dyn Read + Send> = match &input.path {
            None => Box::new(std::io::stdin()),
            Some(path) => match open_regular(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    let e = e.to_string();
                    if !push(
                        problem(1, msg!(zh: "无法读取：{e}", en: "cannot be read: {e}")),
                        &mut batch,
                        &mut bytes,
                    ) {
                        return;
                    }
                    continue;
                }
            },
        };
        match input.kind {
            Kind::JsonLines => {
                let mut lines =
                    LineReader::new(BufReader::with_capacity(1 << 16, reader), cap_usize);
                loop {
                    let job = match lines.next_line() {
                        Ok(None) => break,
                        Ok(Some(RawLine::Text { line, text })) => Job::Line {
                            file: file.clone(),
                            stem: stem.clone(),
                            line,
                            text,
                        },
                        Ok(Some(RawLine::TooLong { line, bytes })) => problem(
                            line,
                            msg!(zh: "这一行有 {bytes} 字节，超过 {cap} 字节的上限（max_file_size_mb），未读取", en: "this line is {bytes} bytes, over the limit of {cap} (max_file_size_mb); not read"),
                        ),
                        Ok(Some(RawLine::NotUtf8 { line })) => problem(
                            line,
                            msg!(zh: "这一行不是 UTF-8 文本", en: "this line is not UTF-8 text"),
                        ),
                        Err(e) => {
                            let e = e.to_string();
                            let line = 0;
                            problem(line, msg!(zh: "读取中断：{e}", en: "reading failed: {e}"))
                        }
                    };
                    let failed = matches!(job, Job::Problem { line: 0, .. });
                    if !push(job, &mut batch, &mut bytes) {
                        return;
                    }
                    if failed {
                        break;
                    }
                }
            }
            kind => {
                let mut text = Vec::new();
                let job = match reader.take(cap + 1).read_to_end(&mut text) {
                    Err(e) => {
                        let e = e.to_string();
                        problem(1, msg!(zh: "无法读取：{e}", en: "cannot be read: {e}"))
                    }
                    Ok(n) if n as u64 > cap => problem(
                        1,
                        msg!(zh: "文件超过 {cap} 字节的上限（max_file_size_mb），未读取", en: "the file is over the limit of {cap} bytes (max_file_size_mb); not read"),
                    ),
                    Ok(_) => match String::from_utf8(text) {
                        Ok(mut text) => {
                            if text.starts_with('\u{feff}') {
                                text.drain(..3);
                            }
                            Job::Whole {
                                file: file.clone(),
                                stem: stem.clone(),
                                kind,
                                text,
                            }
                        }
                        Err(_) => problem(
                            1,
                            msg!(zh: "文件不是 UTF-8 文本", en: "the file is not UTF-8 text"),
                        ),
                    },
                };
                if !push(job, &mut batch, &mut bytes) {
                    return;
                }
            }
        }
    }
    if !batch.is_empty() {
        send(batch);
    }
}

/// A regular file, opened without waiting on a FIFO.
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Check `inputs`, handing each call's result to `each` in path order;
/// `jobs` threads (`None`: one per core).
pub fn stream(
    inputs: &[Input],
    prepared: &Prepared,
    jobs: Option<usize>,
    each: &mut dyn FnMut(CallResult) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let cap = prepared.config.max_file_size;
    let pool = crate::jobs::thread_pool(jobs);
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = std::sync::mpsc::sync_channel::<Vec<Job>>(2);
        let (res_tx, res_rx) = std::sync::mpsc::sync_channel::<Vec<CallResult>>(2);
        scope.spawn(move || {
            read_inputs(inputs, cap, &mut |batch| job_tx.send(batch).is_ok());
        });
        let checker = scope.spawn(move || {
            let cx = prepared.context();
            for batch in job_rx {
                let run = || -> Vec<CallResult> {
                    batch
                        .into_par_iter()
                        .with_max_len(8)
                        .map(|job| check_job(job, &cx))
                        .flatten_iter()
                        .collect()
                };
                let results = match &pool {
                    Some(pool) => pool.install(run),
                    None => run(),
                };
                if res_tx.send(results).is_err() {
                    return;
                }
            }
        });
        let mut outcome = Ok(());
        for results in res_rx.iter() {
            for r in results {
                if let Err(e) = each(r) {
                    outcome = Err(e);
                    break;
                }
            }
            if outcome.is_err() {
                break;
            }
        }
        // Dropping the receiver stops the checker, which stops the reader.
        drop(res_rx);
        if let Err(panic) = checker.join() {
            std::panic::resume_unwind(panic);
        }
        outcome
    })
}

pub fn command(
    args: &CallsArgs,
    lang: Option<Lang>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    if args.schema {
        serde_json::to_writer_pretty(&mut *out, &super::schema::calls())?;
        writeln!(out)?;
        return Ok(Outcome::Clean);
    }
    let cwd = std::env::current_dir()?;
    let mut style = Style {
        lang: lang.unwrap_or_else(crate::lang_from_env),
        color: false,
        width: 100,
    };
    let Some(config) = crate::load_config(&args.config, &cwd, &style, err)? else {
        return Ok(Outcome::Failure);
    };
    if lang.is_none() {
        if let Some(l) = config.lang {
            style.lang = l;
        }
    }
    for name in args.select.iter().chain(&args.ignore) {
        if !known_selector(name) {
            writeln!(
                err,
                "huashu: unknown rule or group `{name}` for calls; `huashu rules` and docs/calls.md list them"
            )?;
            return Ok(Outcome::Failure);
        }
    }
    let inputs = match inputs(&args.paths, &cwd) {
        Ok(i) => i,
        Err(missing) => {
            for p in missing {
                writeln!(err, "huashu: path not found: {}", p.display())?;
            }
            return Ok(Outcome::Failure);
        }
    };
    let prepared = Prepared::new(config, &args.select, &args.ignore, !args.literal);
    let mut reporter = report::reporter(args.format, style.lang);
    let mut summary = Summary::default();
    let mut failed = false;
    let mut write = |w: &mut dyn Write| -> std::io::Result<()> {
        reporter.start(w)?;
        stream(&inputs, &prepared, args.jobs, &mut |r| {
            failed |= r.findings.iter().any(|f| f.severity == Severity::Error)
                || args
                    .fail_under
                    .is_some_and(|min| r.score.is_some_and(|s| s < min));
            summary.add(&r);
            reporter.call(&r, w)
        })?;
        reporter.finish(&summary, w)
    };
    let written = match &args.output {
        Some(path) => std::fs::File::create(path).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            write(&mut w)?;
            w.flush()
        }),
        None => {
            let mut w = std::io::BufWriter::new(&mut *out);
            write(&mut w).and_then(|()| w.flush())
        }
    };
    match written {
        Ok(()) => Ok(if failed {
            Outcome::Findings
        } else {
            Outcome::Clean
        }),
        Err(e) if args.output.is_some() => {
            writeln!(err, "huashu: cannot write the report: {e}")?;
            Ok(Outcome::Failure)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind_of(Path::new("a/b.JSONL")), Some(Kind::JsonLines));
        assert_eq!(kind_of(Path::new("a.json")), Some(Kind::Json));
        assert_eq!(kind_of(Path::new("a.txt")), Some(Kind::Plain));
        assert_eq!(kind_of(Path::new("a.yaml")), None);
    }
}
