//! Checkstyle XML, which many CI and review tools import.

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;

use super::Style;
use crate::check::Report;
use crate::finding::{Finding, Severity};

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        by_file.entry(&f.file).or_default().push(f);
    }
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("checkstyle")
        .with_attribute(("version", "4.3"))
        .write_inner_content(|w| {
            for (file, findings) in &by_file {
                w.create_element("file")
                    .with_attribute(("name", *file))
                    .write_inner_content(|w| {
                        for f in findings {
                            let (line, column) = (
                                f.span.start.line.to_string(),
                                f.span.start.column.to_string(),
                            );
                            let severity = match f.severity {
                                Severity::Error => "error",
                                Severity::Warning => "warning",
                                Severity::Info => "info",
                            };
                            let source = format!("huashu.{}", f.rule);
                            w.create_element("error")
                                .with_attributes([
                                    ("line", line.as_str()),
                                    ("column", column.as_str()),
                                    ("severity", severity),
                                    ("message", f.message.get(style.lang)),
                                    ("source", source.as_str()),
                                ])
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    writeln!(w.get_mut())
}
