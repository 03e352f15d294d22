//! `json-lines`: one diagnostic object a line (the `json` format's objects), no summary.

use std::io::{self, Write};

use super::json::DiagnosticOut;
use super::Style;
use crate::check::Report;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        serde_json::to_writer(&mut *out, &DiagnosticOut::new(f, style))?;
        writeln!(out)?;
    }
    Ok(())
}
