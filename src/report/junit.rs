//! JUnit XML: one test case per checked file, one failure per finding, so a
//! CI's test report lists the files and what is wrong in each.

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::Style;
use crate::check::Report;
use crate::finding::Finding;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> =
        report.paths.keys().map(|p| (&**p, Vec::new())).collect();
    for f in &report.findings {
        by_file.entry(&f.file).or_default().push(f);
    }
    let failures: usize = by_file.values().map(Vec::len).sum();
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests = by_file.len().to_string();
    let failures = failures.to_string();
    w.create_element("testsuites")
        .with_attributes([
            ("name", "huashu"),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
        ])
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attributes([
                    ("name", "huashu"),
                    ("tests", tests.as_str()),
                    ("failures", failures.as_str()),
                    ("errors", "0"),
                ])
                .write_inner_content(|w| {
                    for (file, findings) in &by_file {
                        let case = w.create_element("testcase").with_attributes([
                            ("name", *file),
                            ("classname", "huashu"),
                            ("file", *file),
                        ]);
                        if findings.is_empty() {
                            case.write_empty()?;
                            continue;
                        }
                        case.write_inner_content(|w| {
                            for f in findings {
                                let message = f.message.get(style.lang);
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
                                    body = format!("{body}\n{}", h.get(style.lang));
                                }
                                w.create_element("failure")
                                    .with_attributes([("message", message), ("type", f.rule)])
                                    .write_text_content(BytesText::new(&body))?;
                            }
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    writeln!(w.get_mut())
}
