//! The JSON report (CLI.md, "Outputs"): lines and columns 1-based, columns
//! counted in characters, `end_*` exclusive, offsets and lengths in bytes.
//! `version` is the version of this output format, not of huashu.
//!
//! Diagnostics are written one at a time, so a report of many thousand
//! findings never exists twice in memory.

use std::io::{self, Write};

use serde::Serialize;

use super::Style;
use crate::check::Report;
use crate::finding::{Finding, Severity};
use crate::source::Located;

pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct SpanOut {
    offset: usize,
    length: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl From<&Located> for SpanOut {
    fn from(s: &Located) -> SpanOut {
        SpanOut {
            offset: s.offset,
            length: s.length,
            line: s.start.line,
            column: s.start.column,
            end_line: s.end.line,
            end_column: s.end.column,
        }
    }
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    file: &'a str,
    span: SpanOut,
    message: &'a str,
}

#[derive(Serialize)]
struct EditOut<'a> {
    offset: usize,
    length: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct FixOut<'a> {
    safety: crate::finding::Safety,
    description: &'a str,
    edits: Vec<EditOut<'a>>,
}

#[derive(Serialize)]
pub struct DiagnosticOut<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    span: SpanOut,
    related: Vec<RelatedOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

impl<'a> DiagnosticOut<'a> {
    pub fn new(f: &'a Finding, style: &Style) -> DiagnosticOut<'a> {
        DiagnosticOut {
            rule: f.rule,
            severity: f.severity.as_str(),
            message: f.message.get(style.lang),
            help: f.help.as_ref().map(|h| h.get(style.lang)),
            file: &f.file,
            span: SpanOut::from(&f.span),
            related: f
                .related
                .iter()
                .map(|r| RelatedOut {
                    file: &r.file,
                    span: SpanOut::from(&r.span),
                    message: r.message.get(style.lang),
                })
                .collect(),
            fix: f.fix.as_ref().map(|fix| FixOut {
                safety: fix.safety,
                description: fix.description.get(style.lang),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| EditOut {
                        offset: e.span.start,
                        length: e.span.len(),
                        replacement: &e.replacement,
                    })
                    .collect(),
            }),
        }
    }
}

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let summary = serde_json::json!({
        "files": report.files,
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "infos": report.count(Severity::Info),
        "fixed": report.fixed,
    });
    write!(out, "{{\"version\":{FORMAT_VERSION},\"summary\":")?;
    serde_json::to_writer(&mut *out, &summary)?;
    write!(out, ",\"diagnostics\":[")?;
    for (i, f) in report.findings.iter().enumerate() {
        if i > 0 {
            write!(out, ",")?;
        }
        writeln!(out)?;
        serde_json::to_writer(&mut *out, &DiagnosticOut::new(f, style))?;
    }
    writeln!(out, "\n]}}")
}
