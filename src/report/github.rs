//! GitHub Actions workflow commands: one annotation a finding,
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`.

use std::io::{self, Write};

use super::{FileView, Reporter, Style};
use crate::check::Summary;
use crate::finding::Severity;

/// Escape the message part (GitHub's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (GitHub's `escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub struct Github {
    pub style: Style,
}

impl Reporter for Github {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.style.lang;
        for f in file.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = f.message.get(lang).to_string();
            if let Some(h) = &f.help {
                message = format!("{message}\n{}", h.get(lang));
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&f.file),
                f.span.start.line,
                f.span.start.column,
                f.span.end.line,
                f.span.end.column,
                property(f.rule),
                data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
