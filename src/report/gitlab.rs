//! GitLab Code Quality JSON. Fingerprints hash the file, the rule, the
//! offending text and its occurrence index among identical findings, so
//! they are unique within a report and survive edits elsewhere in the file.

use std::io::{self, Write};

use serde_json::json;

use super::Style;
use crate::check::Report;
use crate::finding::Severity;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let fingerprints = super::fingerprints(report);
    let issues: Vec<_> = report
        .findings
        .iter()
        .zip(&fingerprints)
        .map(|(f, fingerprint)| {
            json!({
                "description": f.message.get(style.lang),
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "location": {
                    "path": &*f.file,
                    "lines": {"begin": f.span.start.line, "end": f.span.end.line},
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
