//! `--format junit`: a test suite per file, a test case per call, a failure
//! per finding (CI shows a call with findings as a failed test). Suites are
//! written as their files stream past, so the suite elements carry no
//! counts (JUnit readers count the test cases themselves).

use std::io::Write;

use super::{clock, xml_escape, CallReporter};
use crate::calls::check::CallResult;
use crate::calls::score::Summary;
use crate::finding::Lang;

pub struct Junit {
    lang: Lang,
    file: Option<String>,
}

impl Junit {
    pub fn new(lang: Lang) -> Junit {
        Junit { lang, file: None }
    }
}

impl CallReporter for Junit {
    fn start(&mut self, w: &mut dyn Write) -> std::io::Result<()> {
        writeln!(
            w,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"huashu calls\">"
        )
    }

    fn call(&mut self, r: &CallResult, w: &mut dyn Write) -> std::io::Result<()> {
        if self.file.as_deref() != Some(&*r.file) {
            if self.file.is_some() {
                writeln!(w, "  </testsuite>")?;
            }
            writeln!(w, "  <testsuite name=\"{}\">", xml_escape(&r.file))?;
            self.file = Some(r.file.to_string());
        }
        let score = r.score.map_or_else(|| "-".to_string(), |s| s.to_string());
        write!(
            w,
            "    <testcase classname=\"{}\" name=\"{}\">",
            xml_escape(&r.file),
            xml_escape(&format!("{} (line {}, score {score})", r.id, r.line))
        )?;
        for f in &r.findings {
            let at = f.turn.as_ref().map_or(String::new(), |t| {
                let time = t
                    .begin
                    .map(|b| format!(" {}", clock(b)))
                    .unwrap_or_default();
                format!(
                    "turn {} {}{time}: {}\n",
                    t.index + 1,
                    t.role.label(self.lang),
                    t.text
                )
            });
            let help = f.help.as_ref().map(|h| h.get(self.lang)).unwrap_or("");
            write!(
                w,
                "\n      <failure type=\"{}\" message=\"{}\">{}</failure>",
                f.rule,
                xml_escape(f.message.get(self.lang)),
                xml_escape(&format!(
                    "{}: {} [{}]\n{at}{help}",
                    f.severity.as_str(),
                    f.message.get(self.lang),
                    f.rule
                )),
            )?;
        }
        if r.findings.is_empty() {
            writeln!(w, "</testcase>")
        } else {
            writeln!(w, "\n    </testcase>")
        }
    }

    fn finish(&mut self, summary: &Summary, w: &mut dyn Write) -> std::io::Result<()> {
        if self.file.is_some() {
            writeln!(w, "  </testsuite>")?;
        }
        let _ = summary;
        writeln!(w, "</testsuites>")
    }
}
