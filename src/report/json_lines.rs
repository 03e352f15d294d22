//! `--format json-lines`: one JSON object per finding per line (the json
//! format's diagnostic shape), for tools that read a stream.

use std::io::{self, Write};

use super::json::DiagnosticOut;
use super::{FileView, Reporter, Style};
use crate::check::Summary;

pub struct JsonLines {
    pub style: Style,
}

impl Reporter for JsonLines {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        for f in file.findings {
            serde_json::to_writer(&mut *out, &DiagnosticOut::new(f, self.style.lang))?;
            writeln!(out)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
