//! Reporters: each turns the same sorted findings into one output format.
//! They never decide anything about the findings themselves.

mod concise;
mod human;
mod json;

use std::io::{self, Write};

use crate::check::Report;
use crate::finding::Lang;

pub use human::render_config_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's graphical report (default on a terminal)
    Human,
    /// path:line:col: severity[rule] message (default elsewhere)
    Concise,
    /// one JSON document
    Json,
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
    }
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
