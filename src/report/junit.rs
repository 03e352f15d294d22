//! `--format junit`: JUnit XML for CI test views, one test case per file
//! checked, its findings as failures; the header holds the counts, so the
//! cases are spooled until the end.

use std::io::{self, Seek, Write};

use tempfile::SpooledTempFile;

use super::{xml, FileView, Reporter, Style};
use crate::check::Summary;

/// JUnit's header carries the counts, known only at the end: the test cases
/// wait in a spooled buffer (in memory up to a few MB, then on disk).
pub struct Junit {
    style: Style,
    cases: SpooledTempFile,
    tests: usize,
    failures: usize,
}

impl Junit {
    pub fn new(style: Style) -> Junit {
        Junit {
            style,
            cases: SpooledTempFile::new(8 << 20),
            tests: 0,
            failures: 0,
        }
    }
}

impl Reporter for Junit {
    fn file(&mut self, file: &FileView, _out: &mut dyn Write) -> io::Result<()> {
        let name = xml(file.file);
        let w = &mut self.cases;
        self.tests += 1;
        if file.findings.is_empty() {
            writeln!(
                w,
                r#"    <testcase name="{name}" classname="huashu" file="{name}"/>"#
            )?;
            return Ok(());
        }
        writeln!(
            w,
            r#"    <testcase name="{name}" classname="huashu" file="{name}">"#
        )?;
        for f in file.findings {
            self.failures += 1;
            let message = f.message.get(self.style.lang);
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}",
                f.file,
                f.span.start.line,
                f.span.start.column,
                f.severity.as_str(),
                f.rule,
                message
            );
            if let Some(h) = &f.help {
                body = format!("{body}\n{}", h.get(self.style.lang));
            }
            writeln!(
                w,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                xml(message),
                f.rule,
                xml(&body)
            )?;
        }
        writeln!(w, "    </testcase>")
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let (tests, failures) = (self.tests, self.failures);
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="huashu" tests="{tests}" failures="{failures}">"#
        )?;
        writeln!(
            out,
            r#"  <testsuite name="huashu" tests="{tests}" failures="{failures}" errors="0">"#
        )?;
        self.cases.rewind()?;
        io::copy(&mut self.cases, out)?;
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}
