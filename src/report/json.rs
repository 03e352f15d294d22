//! The JSON report (CLI.md, "Outputs"): lines and columns 1-based, columns
//! counted in characters, `end_*` exclusive, offsets and lengths in bytes.
//! `version` is the version of this output format, not of huashu.
//!
//! Diagnostics are written one at a time as the check hands them out, so a
//! report of many thousand findings never exists in memory; the summary
//! comes last (JSON objects are unordered: readers find it by name).

use std::io::{self, Write};

use serde::Serialize;

use super::{FileView, Reporter, Style};
use crate::check::Summary;
use crate::finding::Finding;
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

/// `{"version":1,"diagnostics":[…],"summary":{…}}`: the diagnostics as the
/// check hands them out, one a line, then the summary, known only then.
pub struct Json {
    style: Style,
    first: bool,
}

impl Json {
    pub fn new(style: Style) -> Json {
        Json { style, first: true }
    }
}

impl Reporter for Json {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        for f in file.findings {
            if self.first {
                writeln!(out, "{{\"version\":{FORMAT_VERSION},\"diagnostics\":[")?;
                self.first = false;
            } else {
                out.write_all(b",\n")?;
            }
            serde_json::to_writer(&mut *out, &DiagnosticOut::new(f, &self.style))?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if self.first {
            write!(out, "{{\"version\":{FORMAT_VERSION},\"diagnostics\":[")?;
        } else {
            writeln!(out)?;
        }
        write!(out, "],\"summary\":")?;
        serde_json::to_writer(&mut *out, summary)?;
        writeln!(out, "}}")
    }
}
