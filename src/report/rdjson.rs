//! reviewdog's diagnostic format (rdjson). reviewdog counts columns in
//! UTF-8 bytes, so this format gives byte columns; fixes become suggestions.

use std::io::{self, Write};

use serde_json::json;

use super::Style;
use crate::check::Report;
use crate::finding::Severity;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let range = |s: &crate::source::Located| {
        json!({
            "start": {"line": s.start.line, "column": s.start.byte_column},
            "end": {"line": s.end.line, "column": s.end.byte_column},
        })
    };
    let diagnostics: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let mut d = json!({
                "message": f.message.get(style.lang),
                "location": {"path": &*f.file, "range": range(&f.span)},
                "severity": match f.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                },
                "code": {"value": f.rule, "url": format!("https://github.com/huashu-lint/huashu/blob/main/docs/rules/{}.md", f.rule)},
            });
            // A suggestion needs the edit's own range; the finding's span is the edit's for every fix huashu offers.
            if let Some(fix) = f.fix.as_ref().filter(|x| x.edits.len() == 1 && x.edits[0].span.start == f.span.offset) {
                d["suggestions"] = json!([{"range": range(&f.span), "text": fix.edits[0].replacement}]);
            }
            d
        })
        .collect();
    let doc = json!({
        "source": {"name": "huashu", "url": "https://github.com/huashu-lint/huashu"},
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
