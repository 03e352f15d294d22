//! `--format json` (one document: `calls`, then `summary`) and
//! `--format json-lines` (one call a line, then one summary line).

use std::io::Write;

use serde_json::{json, Value};

use super::CallReporter;
use crate::calls::check::CallResult;
use crate::calls::score::Summary;
use crate::finding::Lang;

/// A call as JSON: what every machine format says about it.
pub fn call_json(r: &CallResult, lang: Lang) -> Value {
    let findings: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let turn = f.turn.as_ref().map(|t| {
                let start = t.text[..t.range.start].chars().count();
                let length = t.text[t.range.clone()].chars().count();
                json!({
                    "index": t.index + 1,
                    "role": t.role.as_str(),
                    "begin_ms": t.begin,
                    "end_ms": t.end,
                    "text": t.text,
                    "start_char": start,
                    "length_chars": length,
                })
            });
            json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "message": f.message.get(lang),
                "help": f.help.as_ref().map(|h| h.get(lang)),
                "excerpt": f.excerpt(),
                "turn": turn,
            })
        })
        .collect();
    json!({
        "file": &*r.file,
        "line": r.line,
        "id": r.id,
        "agent": r.agent,
        "day": r.day,
        // An unreadable call has no channel or direction of its own.
        "channel": r.score.map(|_| match r.channel { crate::model::Channel::Phone => "phone", crate::model::Channel::Online => "online" }),
        "direction": r.score.map(|_| match r.direction { crate::model::Direction::Inbound => "inbound", crate::model::Direction::Outbound => "outbound" }),
        "turns": r.turns,
        "duration_ms": r.duration_ms,
        "score": r.score,
        "errors": r.errors(),
        "warnings": r.warnings(),
        "findings": findings,
    })
}

pub fn summary_json(s: &Summary) -> Value {
    serde_json::to_value(s).unwrap_or(Value::Null)
}

pub struct Json {
    lang: Lang,
    lines: bool,
    first: bool,
}

impl Json {
    pub fn new(lang: Lang, lines: bool) -> Json {
        Json {
            lang,
            lines,
            first: true,
        }
    }
}

impl CallReporter for Json {
    fn start(&mut self, w: &mut dyn Write) -> std::io::Result<()> {
        if !self.lines {
            write!(w, "{{\"version\":1,\"calls\":[")?;
        }
        Ok(())
    }

    fn call(&mut self, r: &CallResult, w: &mut dyn Write) -> std::io::Result<()> {
        let mut v = call_json(r, self.lang);
        if self.lines {
            if let Some(o) = v.as_object_mut() {
                o.insert("type".into(), json!("call"));
            }
            serde_json::to_writer(&mut *w, &v)?;
            writeln!(w)
        } else {
            if !self.first {
                write!(w, ",")?;
            }
            self.first = false;
            writeln!(w)?;
            serde_json::to_writer(&mut *w, &v).map_err(std::io::Error::other)
        }
    }

    fn finish(&mut self, summary: &Summary, w: &mut dyn Write) -> std::io::Result<()> {
        let mut s = summary_json(summary);
        if self.lines {
            if let Some(o) = s.as_object_mut() {
                o.insert("type".into(), json!("summary"));
            }
            serde_json::to_writer(&mut *w, &s)?;
            writeln!(w)
        } else {
            write!(w, "\n],\"summary\":")?;
            serde_json::to_writer(&mut *w, &s)?;
            writeln!(w, "}}")
        }
    }
}
