//! Reporters: each turns the same sorted findings into one output format,
//! file by file as the check hands them out. They never decide anything
//! about the findings themselves.

mod checkstyle;
mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
mod rdjson;
mod sarif;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::sync::Arc;

use crate::baseline::Baseline;
use crate::check::{FileReport, Report, Summary};
use crate::finding::{Finding, Lang, Severity};
use crate::source::Source;

pub use human::render_config_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 图形化报告，标出出错的字符（终端上的默认）/ miette's graphical report (default on a terminal)
    Human,
    /// 每个问题一行 / path:line:col: severity[rule] message (default elsewhere)
    Concise,
    /// 一个 JSON 文档 / one JSON document
    Json,
    /// 每行一个 JSON 问题 / one JSON diagnostic a line
    JsonLines,
    /// SARIF 2.1.0（GitHub 代码扫描）/ SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// GitHub Actions 注释 / GitHub Actions workflow commands
    Github,
    /// GitLab 代码质量报告 / GitLab Code Quality
    Gitlab,
    /// JUnit XML 测试报告 / JUnit XML
    Junit,
    /// Checkstyle XML 报告 / Checkstyle XML
    Checkstyle,
    /// reviewdog 诊断格式 / reviewdog diagnostic format
    Rdjson,
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub lang: Lang,
    pub color: bool,
    /// Terminal width for the human format.
    pub width: usize,
}

/// What a reporter gets for one file: its findings in output order, and its
/// text when the run kept it.
pub struct FileView<'a> {
    pub file: &'a Arc<str>,
    pub findings: &'a [Finding],
    pub source: Option<&'a Arc<Source>>,
}

/// Reads a file's text again, for a report that shows source lines of a
/// file other than the one at hand (a duplicate id's first definition).
pub type Lookup<'a> = Box<dyn Fn(&Arc<str>) -> Option<Arc<Source>> + 'a>;

/// A report written as the run goes: one call per file, in path order
/// (files without findings too), then the summary. Nothing is held back
/// that a format does not need, so a large run's report streams.
pub trait Reporter {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()>;
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()>;
}

/// The reporter of a format (`statistics` for `--statistics`).
pub fn reporter<'a>(
    format: Format,
    statistics: bool,
    style: Style,
    lookup: Lookup<'a>,
) -> Box<dyn Reporter + 'a> {
    if statistics {
        return Box::new(Statistics::new(style, format));
    }
    match format {
        Format::Human => Box::new(human::Human::new(style, lookup)),
        Format::Concise => Box::new(concise::Concise { style }),
        Format::Json => Box::new(json::Json::new(style)),
        Format::JsonLines => Box::new(json_lines::JsonLines { style }),
        Format::Sarif => Box::new(sarif::Sarif::new(style)),
        Format::Github => Box::new(github::Github::new(style)),
        Format::Gitlab => Box::new(gitlab::Gitlab::new(style)),
        Format::Junit => Box::new(junit::Junit::new(style)),
        Format::Checkstyle => Box::new(checkstyle::Checkstyle::new(style)),
        Format::Rdjson => Box::new(rdjson::Rdjson::new(style)),
    }
}

/// Write a collected report in one format.
pub fn write(
    format: Format,
    report: &Report,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    // A source the check did not keep is read again from disk.
    let source = |f: &Arc<str>| {
        report
            .source(f)
            .or_else(|| crate::read::read_source(f, report.paths.get(f)?))
    };
    let reporter = reporter(format, false, *style, Box::new(source));
    deliver_report(reporter, report, out)
}

/// `--statistics` of a collected report.
pub fn write_statistics(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    deliver_report(
        Box::new(Statistics::new(*style, Format::Concise)),
        report,
        out,
    )
}

fn deliver_report(
    reporter: Box<dyn Reporter + '_>,
    report: &Report,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut delivery = Delivery::collected(reporter, None, false, report);
    for file in report.clone().into_files() {
        delivery.file(file, out)?;
    }
    delivery.finish(out).map(|_| ())
}

/// Hands finished files to a reporter — streamed from the check, or from a
/// collected report — after dropping what a baseline records and, with
/// `--quiet`, everything but errors; counts what is left for the summary.
pub struct Delivery<'a> {
    reporter: Box<dyn Reporter + 'a>,
    baseline: Option<Baseline>,
    quiet: bool,
    summary: Summary,
    /// Count the checked files as they come (a collected report knows them).
    count_files: bool,
}

impl<'a> Delivery<'a> {
    /// For files streamed from the check.
    pub fn new(
        reporter: Box<dyn Reporter + 'a>,
        baseline: Option<Baseline>,
        quiet: bool,
    ) -> Delivery<'a> {
        Delivery {
            reporter,
            baseline,
            quiet,
            summary: Summary::default(),
            count_files: true,
        }
    }

    /// For the files of a collected report (`Report::into_files`).
    pub fn collected(
        reporter: Box<dyn Reporter + 'a>,
        baseline: Option<Baseline>,
        quiet: bool,
        report: &Report,
    ) -> Delivery<'a> {
        Delivery {
            summary: Summary {
                files: report.files,
                fixed: report.fixed,
                ..Summary::default()
            },
            count_files: false,
            ..Delivery::new(reporter, baseline, quiet)
        }
    }

    pub fn file(&mut self, mut file: FileReport, out: &mut dyn Write) -> io::Result<()> {
        if let Some(b) = &mut self.baseline {
            let before = file.findings.len();
            b.filter_findings(&mut file.findings);
            self.summary.baselined += before - file.findings.len();
        }
        if self.quiet {
            let before = file.findings.len();
            file.findings.retain(|f| f.severity == Severity::Error);
            self.summary.quieted += before - file.findings.len();
        }
        if self.count_files {
            self.summary.files += usize::from(file.checked);
        }
        self.summary.count(&file.findings);
        if !file.checked && file.findings.is_empty() {
            // A path the walk could not enter, whose finding is turned off
            // or recorded in the baseline: not a file of the report.
            return Ok(());
        }
        self.reporter.file(
            &FileView {
                file: &file.file,
                findings: &file.findings,
                source: file.source.as_ref(),
            },
            out,
        )
    }

    /// Write the summary; the counts decide the exit code.
    pub fn finish(mut self, out: &mut dyn Write) -> io::Result<Summary> {
        self.reporter.finish(&self.summary, out)?;
        Ok(self.summary)
    }
}

/// Text for one line of a line-based report (concise, human): control
/// characters — a line break above all, which a YAML escape can put in a
/// value and so in a message — shown escaped, so that a report line is
/// never split and no terminal escape reaches the terminal.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text for an XML attribute or element: markup characters escaped, and the
/// characters XML 1.0 cannot hold at all (C0 controls but tab and line
/// breaks, which YAML escapes and file names can carry) replaced by U+FFFD,
/// so that a report is always well-formed.
pub fn xml(text: &str) -> std::borrow::Cow<'_, str> {
    let invalid = |c: char| {
        c < ' ' && !matches!(c, '\t' | '\n' | '\r') || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.contains(invalid) {
        let clean: String = text
            .chars()
            .map(|c| if invalid(c) { '\u{FFFD}' } else { c })
            .collect();
        return std::borrow::Cow::Owned(quick_xml::escape::escape(clean.as_str()).into_owned());
    }
    quick_xml::escape::escape(text)
}

/// The fingerprints of one file's findings, in order: identical findings
/// (same file, rule and text) are told apart by their occurrence index.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let n = seen.entry((&f.file, f.rule, &f.excerpt)).or_insert(0);
            let occurrence = *n;
            *n += 1;
            fingerprint(f, occurrence)
        })
        .collect()
}

/// A finding's stable identity: file, rule, offending text and which of the
/// identical findings it is — not its line, so edits elsewhere keep it.
pub fn fingerprint(f: &Finding, occurrence: usize) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [&*f.file, f.rule, &f.excerpt, &occurrence.to_string()] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `--statistics`: how many findings each rule has, most first — a table,
/// or JSON with `--format json` (ruff's `--statistics --output-format json`).
struct Statistics {
    style: Style,
    json: bool,
    counts: BTreeMap<&'static str, (usize, Severity)>,
}

impl Statistics {
    fn new(style: Style, format: Format) -> Statistics {
        Statistics {
            style,
            json: matches!(format, Format::Json | Format::JsonLines),
            counts: BTreeMap::new(),
        }
    }
}

impl Reporter for Statistics {
    fn file(&mut self, file: &FileView, _out: &mut dyn Write) -> io::Result<()> {
        for f in file.findings {
            self.counts.entry(f.rule).or_insert((0, f.severity)).0 += 1;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let lang = self.style.lang;
        let meta = |rule: &str| crate::rules::find(rule).map(|r| r.meta());
        if self.json {
            let rows: Vec<_> = rows
                .iter()
                .map(|(rule, (count, severity))| {
                    let m = meta(rule);
                    serde_json::json!({
                        "rule": rule,
                        "severity": severity.as_str(),
                        "count": count,
                        "fixable": m.is_some_and(|m| m.fix != crate::rules::Fixable::No),
                        "summary": m.map_or("", |m| m.summary_in(lang)),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "version": json::FORMAT_VERSION,
                "statistics": rows,
                "summary": summary,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            return writeln!(out);
        }
        for (rule, (count, severity)) in rows {
            let summary = meta(rule).map_or("", |m| m.summary_in(lang));
            writeln!(
                out,
                "{count:>6}  {rule:<24} {:<8} {summary}",
                severity.as_str()
            )?;
        }
        writeln!(out, "{}", summary_line(summary, lang))
    }
}

/// "Checked 3 files: 2 errors, 1 warning, 0 info." in the chosen language,
/// followed by what else the run did to the report: fixes applied,
/// findings a baseline hid, warnings `--quiet` left out — a run never
/// says "no problems found" while it hides some.
pub fn summary_line(summary: &Summary, lang: Lang) -> String {
    let (e, w, i) = (summary.errors, summary.warnings, summary.infos);
    let files = summary.files;
    let mut line = match lang {
        Lang::Zh if e + w + i == 0 && summary.quieted > 0 => {
            format!("检查了 {files} 个文件，没有错误。")
        }
        Lang::Zh if e + w + i == 0 && summary.baselined > 0 => {
            format!("检查了 {files} 个文件，没有新问题。")
        }
        Lang::Zh if e + w + i == 0 => format!("检查了 {files} 个文件，没有发现问题。"),
        Lang::Zh => format!("检查了 {files} 个文件：{e} 个错误，{w} 个警告，{i} 个提示。"),
        Lang::En if e + w + i == 0 && summary.quieted > 0 => {
            format!("Checked {files} {}: no errors.", plural(files, "file"))
        }
        Lang::En if e + w + i == 0 && summary.baselined > 0 => {
            format!(
                "Checked {files} {}: no new problems.",
                plural(files, "file")
            )
        }
        Lang::En if e + w + i == 0 => format!(
            "Checked {files} {}: no problems found.",
            plural(files, "file")
        ),
        Lang::En => format!(
            "Checked {files} {}: {e} {}, {w} {}, {i} {}.",
            plural(files, "file"),
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "info")
        ),
    };
    let (fixed, baselined, quieted) = (summary.fixed, summary.baselined, summary.quieted);
    if fixed > 0 {
        line += &match lang {
            Lang::Zh => format!("修复了 {fixed} 个问题。"),
            Lang::En => format!(" Fixed {fixed} {}.", plural(fixed, "problem")),
        };
    }
    if baselined > 0 {
        line += &match lang {
            Lang::Zh => format!("基线中记录的 {baselined} 个问题未显示。"),
            Lang::En => format!(
                " {baselined} {} recorded in the baseline not shown.",
                plural(baselined, "finding")
            ),
        };
    }
    if quieted > 0 {
        line += &match lang {
            Lang::Zh => format!("{quieted} 个警告和提示未显示（--quiet）。"),
            Lang::En => format!(
                " {quieted} {} and infos not shown (--quiet).",
                plural(quieted, "warning")
            ),
        };
    }
    line
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 || word == "info" {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
