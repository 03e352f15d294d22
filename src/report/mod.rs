//! Reporters: each turns the same sorted findings into one output format.
//! They never decide anything about the findings themselves.

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

use std::io::{self, Write};

use crate::check::Report;
use crate::finding::Lang;

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

pub fn write(
    format: Format,
    report: &Report,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, style, out),
        Format::Concise => concise::write(report, style, out),
        Format::Json => json::write(report, style, out),
        Format::JsonLines => json_lines::write(report, style, out),
        Format::Sarif => sarif::write(report, style, out),
        Format::Github => github::write(report, style, out),
        Format::Gitlab => gitlab::write(report, style, out),
        Format::Junit => junit::write(report, style, out),
        Format::Checkstyle => checkstyle::write(report, style, out),
        Format::Rdjson => rdjson::write(report, style, out),
    }
}

/// The fingerprint of every finding, in order: identical findings (same
/// file, rule and text) are told apart by their occurrence index.
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: std::collections::HashMap<(&str, &str, &str), usize> =
        std::collections::HashMap::new();
    report
        .findings
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
pub fn fingerprint(f: &crate::finding::Finding, occurrence: usize) -> String {
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

/// `--statistics`: how many findings each rule has, most first.
pub fn write_statistics(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<&str, (usize, crate::finding::Severity)> =
        std::collections::BTreeMap::new();
    for f in &report.findings {
        counts.entry(f.rule).or_insert((0, f.severity)).0 += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (rule, (count, severity)) in rows {
        let summary = crate::rules::find(rule).map_or("", |r| r.meta().summary_in(style.lang));
        writeln!(
            out,
            "{count:>6}  {rule:<24} {:<8} {summary}",
            severity.as_str()
        )?;
    }
    writeln!(out, "{}", summary_line(report, style.lang))
}

/// "Found 2 errors and 1 warning in 3 files." in the chosen language.
pub fn summary_line(report: &Report, lang: Lang) -> String {
    use crate::finding::Severity::*;
    let (e, w, i) = (
        report.count(Error),
        report.count(Warning),
        report.count(Info),
    );
    let files = report.files;
    match lang {
        Lang::Zh if e + w + i == 0 => format!("检查了 {files} 个文件，没有发现问题。"),
        Lang::Zh => format!("检查了 {files} 个文件：{e} 个错误，{w} 个警告，{i} 个提示。"),
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
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 || word == "info" {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
