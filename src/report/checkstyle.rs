//! `--format checkstyle`: Checkstyle XML, which Jenkins and many code-review
//! tools read; one <file> per file with findings.

use std::io::{self, Write};

use super::{xml, FileView, Reporter, Style};
use crate::check::Summary;
use crate::finding::Severity;

/// One `<file>` element a file with findings, written as it comes.
pub struct Checkstyle {
    style: Style,
    started: bool,
}

impl Checkstyle {
    pub fn new(style: Style) -> Checkstyle {
        Checkstyle {
            style,
            started: false,
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
            writeln!(out, r#"<checkstyle version="4.3">"#)?;
        }
        Ok(())
    }
}

impl Reporter for Checkstyle {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        self.start(out)?;
        if file.findings.is_empty() {
            return Ok(());
        }
        writeln!(out, r#"  <file name="{}">"#, xml(file.file))?;
        for f in file.findings {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{severity}" message="{}" source="huashu.{}"/>"#,
                f.span.start.line,
                f.span.start.column,
                xml(f.message.get(self.style.lang)),
                f.rule
            )?;
        }
        writeln!(out, "  </file>")
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "</checkstyle>")
    }
}
