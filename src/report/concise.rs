//! The concise report: one line a finding, `path:line:col: severity[rule]
//! message`, for CI logs and editors' problem matchers. File names and
//! messages are kept to one line each (control characters escaped).

use std::io::{self, Write};

use super::{FileView, Reporter, Style};
use crate::check::Summary;

pub struct Concise {
    pub style: Style,
}

impl Reporter for Concise {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        for f in file.findings {
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                f.file,
                f.span.start.line,
                f.span.start.column,
                f.severity.as_str(),
                f.rule,
                super::one_line(f.message.get(self.style.lang))
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", super::summary_line(summary, self.style.lang))
    }
}
