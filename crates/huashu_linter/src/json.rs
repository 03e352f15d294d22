//! One finding as JSON: the object `huashu check --format json` lists under
//! `diagnostics` (and `json-lines` prints one a line). It lives in the
//! engine, not in the command line's reporter, because the offline page
//! (crates/huashu_wasm) must show exactly the same object for the same text:
//! one serialisation, two front-ends.
//!
//! Lines and columns 1-based, columns counted in characters, `end_*`
//! exclusive, offsets and lengths in bytes (docs/format.md, CLI.md).

use serde::Serialize;

use crate::finding::{Finding, Lang, Safety};
use crate::source::Located;

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
    safety: Safety,
    description: &'a str,
    edits: Vec<EditOut<'a>>,
}

/// A finding's JSON object, its texts in `lang`.
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
    pub fn new(f: &'a Finding, lang: Lang) -> DiagnosticOut<'a> {
        DiagnosticOut {
            rule: f.rule,
            severity: f.severity.as_str(),
            message: f.message.get(lang),
            help: f.help.as_ref().map(|h| h.get(lang)),
            file: &f.file,
            span: SpanOut::from(&f.span),
            related: f
                .related
                .iter()
                .map(|r| RelatedOut {
                    file: &r.file,
                    span: SpanOut::from(&r.span),
                    message: r.message.get(lang),
                })
                .collect(),
            fix: f.fix.as_ref().map(|fix| FixOut {
                safety: fix.safety,
                description: fix.description.get(lang),
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
