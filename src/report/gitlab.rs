//! GitLab Code Quality JSON. Fingerprints hash the file, the rule, the
//! offending text and its occurrence index among identical findings, so
//! they are unique within a report and survive edits elsewhere in the file.

use std::io::{self, Write};

use serde_json::json;

use super::{FileView, Reporter, Style};
use crate::check::Summary;
use crate::finding::Severity;

/// A JSON array, one issue a line.
pub struct Gitlab {
    style: Style,
    first: bool,
}

impl Gitlab {
    pub fn new(style: Style) -> Gitlab {
        Gitlab { style, first: true }
    }
}

impl Reporter for Gitlab {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        let fingerprints = super::fingerprints(file.findings);
        for (f, fingerprint) in file.findings.iter().zip(&fingerprints) {
            let issue = json!({
                "description": f.message.get(self.style.lang),
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
            });
            out.write_all(if self.first { b"[\n" } else { b",\n" })?;
            self.first = false;
            serde_json::to_writer(&mut *out, &issue)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.first { b"[]\n" } else { b"\n]\n" })
    }
}
