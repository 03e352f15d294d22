//! `--format csv`: one summary row per call, for a spreadsheet. Cells are
//! quoted as RFC 4180 says, and a cell that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@` first) is led by `'`.

use std::io::Write;

use super::CallReporter;
use crate::calls::check::CallResult;
use crate::calls::score::Summary;

pub struct Csv;

pub const HEADER: &str = "file,line,call_id,agent,day,channel,direction,category,turns,duration_ms,score,errors,warnings,findings,rules";

pub fn cell(s: &str) -> String {
    let s = super::one_line(s);
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl CallReporter for Csv {
    fn start(&mut self, w: &mut dyn Write) -> std::io::Result<()> {
        writeln!(w, "{HEADER}")
    }

    fn call(&mut self, r: &CallResult, w: &mut dyn Write) -> std::io::Result<()> {
        let mut rules: Vec<&str> = r.findings.iter().map(|f| f.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        let opt = |v: Option<String>| v.unwrap_or_default();
        writeln!(
            w,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            cell(&r.file),
            r.line,
            cell(&r.id),
            cell(&opt(r.agent.clone())),
            cell(&opt(r.day.clone())),
            // An unreadable call has no channel or direction of its own.
            r.score.map_or("", |_| match r.channel {
                crate::model::Channel::Phone => "phone",
                crate::model::Channel::Online => "online",
            }),
            r.score.map_or("", |_| match r.direction {
                crate::model::Direction::Inbound => "inbound",
                crate::model::Direction::Outbound => "outbound",
            }),
            r.category.map_or("", |c| match c {
                crate::model::Category::Inquiry => "inquiry",
                crate::model::Category::Service => "service",
                crate::model::Category::Complaint => "complaint",
                crate::model::Category::Sales => "sales",
            }),
            r.turns,
            opt(r.duration_ms.map(|d| d.to_string())),
            opt(r.score.map(|s| s.to_string())),
            r.errors(),
            r.warnings(),
            r.findings.len(),
            cell(&rules.join(";")),
        )
    }

    fn finish(&mut self, _summary: &Summary, _w: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }
}
