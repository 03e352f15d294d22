//! The concise report: one line a finding, `path:line:col: severity[rule]
//! message`, for CI logs and editors' problem matchers. File names and
//! messages are kept to one line each (control characters escaped).

use std::io::{self, Write};

use super::{FileView, Reporter, Style};
use crate::check::Summary;
use crate::finding::Severity;

pub struct Concise {
    pub style: Style,
}

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Reporter for Concise {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        for f in file.findings {
            let message = super::one_line(f.message.get(self.style.lang));
            let (line, column) = (f.span.start.line, f.span.start.column);
            let (severity, rule) = (f.severity.as_str(), f.rule);
            if self.style.color {
                // As ruff colours it: the path bold, the severity in its
                // colour (red, yellow, cyan), the rule id bold.
                let tint = match f.severity {
                    Severity::Error => "\x1b[1;31m",
                    Severity::Warning => "\x1b[1;33m",
                    Severity::Info => "\x1b[1;36m",
                };
                writeln!(
                    out,
                    "{BOLD}{}{RESET}:{line}:{column}: {tint}{severity}{RESET}[{BOLD}{rule}{RESET}] {message}",
                    f.file
                )?;
            } else {
                writeln!(
                    out,
                    "{}:{line}:{column}: {severity}[{rule}] {message}",
                    f.file
                )?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", super::summary_line(summary, self.style.lang))
    }
}
