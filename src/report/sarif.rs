//! SARIF 2.1.0, as GitHub code scanning reads it: every rule with its short
//! and full description, help and default level; every result with its rule,
//! level, message and region. Columns are Unicode code points, as huashu
//! counts them everywhere (`columnKind: unicodeCodePoints`); offsets are
//! given as bytes (`byteOffset`, `byteLength`), which is what huashu
//! counts them in — SARIF's `charOffset` would be code points too. File
//! names are URI references, percent-encoded (a space or a Chinese name is
//! not a valid URI as it stands); an absolute path is a `file://` URI.
//! tests/formats.rs validates the output against the official schema.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{FileView, Reporter, Style};
use crate::check::Summary;
use crate::finding::{Lang, Severity};
use crate::rules::ALL_RULES;
use crate::source::Located;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(s: &Located) -> Value {
    json!({
        "startLine": s.start.line,
        "startColumn": s.start.column,
        "endLine": s.end.line,
        "endColumn": s.end.column,
        "byteOffset": s.offset,
        "byteLength": s.length,
    })
}

fn location(file: &str, span: &Located) -> Value {
    json!({"physicalLocation": {"artifactLocation": {"uri": uri(file)}, "region": region(span)}})
}

/// A shown path as a URI reference (RFC 3986): every byte but the
/// unreserved characters and `/` percent-encoded, so that a relative path
/// with a colon is not read as a scheme; an absolute path as a `file:` URI.
pub fn uri(file: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(file.len() + 8);
    if file.starts_with('/') {
        out.push_str("file://");
    }
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn driver(lang: Lang) -> Value {
    let rules: Vec<Value> = ALL_RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            let doc = m.doc_in(lang);
            let other = m.doc_in(match lang {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            });
            json!({
                "id": m.id,
                "name": m.id,
                "shortDescription": {"text": m.summary_in(lang)},
                "fullDescription": {"text": doc.lines().skip_while(|l| l.starts_with('#') || l.is_empty()).take_while(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")},
                "help": {"text": doc, "markdown": format!("{doc}\n\n---\n\n{other}")},
                "helpUri": crate::rules::doc_url(m.id),
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {"tags": [m.group.as_str()]},
            })
        })
        .collect();
    json!({
        "name": "huashu",
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://github.com/huashu-lint/huashu",
        "rules": rules,
    })
}

/// The log's head (tool and rules) first, then one result a line.
pub struct Sarif {
    style: Style,
    started: bool,
    first: bool,
}

impl Sarif {
    pub fn new(style: Style) -> Sarif {
        Sarif {
            style,
            started: false,
            first: true,
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                out,
                r#"{{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{{"tool":{{"driver":"#
            )?;
            serde_json::to_writer(&mut *out, &driver(self.style.lang))?;
            write!(out, r#"}},"columnKind":"unicodeCodePoints","results":["#)?;
        }
        Ok(())
    }
}

impl Reporter for Sarif {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        self.start(out)?;
        let lang = self.style.lang;
        let index = |id: &str| ALL_RULES.iter().position(|r| r.meta().id == id);
        let fingerprints = super::fingerprints(file.findings);
        for (f, fingerprint) in file.findings.iter().zip(&fingerprints) {
            let mut text = f.message.get(lang).to_string();
            if let Some(h) = &f.help {
                text = format!("{text}\n{}", h.get(lang));
            }
            let result = json!({
                "ruleId": f.rule,
                "ruleIndex": index(f.rule),
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [location(&f.file, &f.span)],
                "relatedLocations": f.related.iter().enumerate().map(|(i, r)| {
                    let mut l = location(&r.file, &r.span);
                    l["id"] = json!(i);
                    l["message"] = json!({"text": r.message.get(lang)});
                    l
                }).collect::<Vec<_>>(),
                "partialFingerprints": {"huashu/v1": fingerprint},
            });
            out.write_all(if self.first { b"\n" } else { b",\n" })?;
            self.first = false;
            serde_json::to_writer(&mut *out, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "\n]}}]}}")
    }
}
