//! The JSON report (CLI.md, "Outputs"): lines and columns 1-based, columns
//! counted in characters, `end_*` exclusive, offsets and lengths in bytes.
//! `version` is the version of this output format, not of huashu.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::Style;
use crate::check::Report;
use crate::finding::{Finding, Severity};
use crate::source::Located;

pub const FORMAT_VERSION: u32 = 1;

pub fn span(s: &Located) -> Value {
    json!({
        "offset": s.offset,
        "length": s.length,
        "line": s.start.line,
        "column": s.start.column,
        "end_line": s.end.line,
        "end_column": s.end.column,
    })
}

pub fn diagnostic(f: &Finding, style: &Style) -> Value {
    json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "message": f.message.get(style.lang),
        "help": f.help.as_ref().map(|h| h.get(style.lang)),
        "file": &*f.file,
        "span": span(&f.span),
        "related": f.related.iter().map(|r| json!({
            "file": &*r.file,
            "span": span(&r.span),
            "message": r.message.get(style.lang),
        })).collect::<Vec<_>>(),
    })
}

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let doc = json!({
        "version": FORMAT_VERSION,
        "summary": {
            "files": report.files,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "fixed": 0,
        },
        "diagnostics": report.findings.iter().map(|f| diagnostic(f, style)).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
