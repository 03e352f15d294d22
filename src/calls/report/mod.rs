//! The reports of `huashu calls`, one file per format. A reporter is handed
//! each call as it is finished, in path order, then the run's figures;
//! every text it prints is already masked (`calls::privacy`).

use std::io::Write;

use super::check::CallResult;
use super::cli::CallsFormat;
use super::score::Summary;
use crate::finding::Lang;

mod csv;
mod html;
mod human;
mod json;
mod junit;

pub use json::call_json;

pub trait CallReporter {
    fn start(&mut self, _w: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }
    fn call(&mut self, r: &CallResult, w: &mut dyn Write) -> std::io::Result<()>;
    fn finish(&mut self, summary: &Summary, w: &mut dyn Write) -> std::io::Result<()>;
}

pub fn reporter(format: CallsFormat, lang: Lang) -> Box<dyn CallReporter> {
    match format {
        CallsFormat::Human => Box::new(human::Human::new(lang)),
        CallsFormat::Json => Box::new(json::Json::new(lang, false)),
        CallsFormat::JsonLines => Box::new(json::Json::new(lang, true)),
        CallsFormat::Junit => Box::new(junit::Junit::new(lang)),
        CallsFormat::Csv => Box::new(csv::Csv),
        CallsFormat::Html => Box::new(html::Html::new(lang)),
    }
}

/// `mm:ss.t` (or `h:mm:ss.t`) of a time in milliseconds.
pub fn clock(ms: u64) -> String {
    let tenths = (ms % 1000) / 100;
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{tenths}")
    } else {
        format!("{m:02}:{s:02}.{tenths}")
    }
}

/// A text for one line of a terminal or a CSV cell: control characters escaped.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// XML/HTML text: escaped, and characters XML 1.0 cannot hold replaced.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
