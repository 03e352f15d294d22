//! reviewdog's diagnostic format (rdjson). reviewdog counts columns in
//! UTF-8 bytes, so this format gives byte columns; fixes become suggestions.

use std::io::{self, Write};

use serde_json::json;

use super::{FileView, Reporter, Style};
use crate::check::Summary;
use crate::finding::Severity;
use crate::source::Located;

fn range(s: &Located) -> serde_json::Value {
    json!({
        "start": {"line": s.start.line, "column": s.start.byte_column},
        "end": {"line": s.end.line, "column": s.end.byte_column},
    })
}

/// `{"source": …, "diagnostics": [ … ]}`, one diagnostic a line.
pub struct Rdjson {
    style: Style,
    first: bool,
}

impl Rdjson {
    pub fn new(style: Style) -> Rdjson {
        Rdjson { style, first: true }
    }
}

impl Reporter for Rdjson {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        for f in file.findings {
            let mut d = json!({
                "message": f.message.get(self.style.lang),
                "location": {"path": &*f.file, "range": range(&f.span)},
                "severity": match f.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                },
                "code": {"value": f.rule, "url": format!("https://github.com/huashu-lint/huashu/blob/main/docs/rules/{}.md", f.rule)},
            });
            // A suggestion needs the edit's own range; the finding's span is the edit's for every fix huashu offers.
            if let Some(fix) = f
                .fix
                .as_ref()
                .filter(|x| x.edits.len() == 1 && x.edits[0].span.start == f.span.offset)
            {
                d["suggestions"] =
                    json!([{"range": range(&f.span), "text": fix.edits[0].replacement}]);
            }
            if self.first {
                writeln!(out, "{{\"source\":{SOURCE},\"diagnostics\":[")?;
                self.first = false;
            } else {
                out.write_all(b",\n")?;
            }
            serde_json::to_writer(&mut *out, &d)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if self.first {
            writeln!(out, "{{\"source\":{SOURCE},\"diagnostics\":[]}}")
        } else {
            writeln!(out, "\n]}}")
        }
    }
}

const SOURCE: &str = r#"{"name":"huashu","url":"https://github.com/huashu-lint/huashu"}"#;
