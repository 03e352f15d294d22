//! `path:line:col: severity[rule] message`, one line a finding: for editors'
//! problem matchers and for logs.

use std::io::{self, Write};

use super::Style;
use crate::check::Report;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.file,
            f.span.start.line,
            f.span.start.column,
            f.severity.as_str(),
            f.rule,
            f.message.get(style.lang)
        )?;
    }
    writeln!(out, "{}", super::summary_line(report, style.lang))
}
