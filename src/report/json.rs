//! The JSON report (CLI.md, "Outputs"): lines and columns 1-based, columns
//! counted in characters, `end_*` exclusive, offsets and lengths in bytes.
//! `version` is the version of this output format, not of huashu.
//!
//! Diagnostics are written one at a time as the check hands them out, so a
//! report of many thousand findings never exists in memory; the summary
//! comes last (JSON objects are unordered: readers find it by name).

use std::io::{self, Write};

use super::{FileView, Reporter, Style};
use crate::check::Summary;
/// The per-finding object is the engine's, shared with the offline page.
pub use huashu_linter::json::DiagnosticOut;

pub const FORMAT_VERSION: u32 = 1;

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
            serde_json::to_writer(&mut *out, &DiagnosticOut::new(f, self.style.lang))?;
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
