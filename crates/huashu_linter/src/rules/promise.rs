//! Shared by the callback-* rules (not a rule itself): which lines promise a
//! later reply, and what each promise says about when.

use std::ops::Range;

use super::{FileContext, Spoken};
use crate::model::{FileModel, Stage};
use crate::standard::{Standard, UnitKind};
use crate::text::numeral::numeral_before;
use crate::text::sentences;

/// A concrete time window: `3个工作日内`, `48小时`, `一到两天`, `明天`.
#[derive(Debug, Clone)]
pub struct Window {
    pub range: Range<usize>,
    /// The number (the upper bound of a range); 0 for a named day.
    pub value: u64,
    /// `None` for a named day (明天), which has no maximum to check.
    pub kind: Option<UnitKind>,
}

#[derive(Debug, Clone)]
pub struct Promise<'a> {
    pub spoken: Spoken<'a>,
    /// The line belongs to a callback step (contact, reason and consent apply).
    pub in_callback_step: bool,
    /// The promise phrase (给您回复 …), when there is one.
    pub phrase: Option<Range<usize>>,
    pub windows: Vec<Window>,
    /// The first vague time word (尽快 …), when there is one.
    pub vague: Option<Range<usize>>,
}

impl Promise<'_> {
    /// Where a finding about the promise as a whole points: the promise phrase, else the line.
    pub fn anchor(&self) -> Range<usize> {
        self.phrase.clone().unwrap_or(0..self.spoken.text.len())
    }
}

const RANGE_MARKS: &[char] = &['-', '~', '到', '至', '－', '—', '～', '或'];
const WITHIN: &[&str] = &["以内", "之内", "内"];

/// The concrete windows in `text`.
pub fn windows(text: &str, standard: &Standard) -> Vec<Window> {
    let mut out = Vec::new();
    for (unit, index) in standard.units.find_all(text) {
        let Some((number, value)) = numeral_before(text, unit.start) else {
            continue;
        };
        let mut start = number.start;
        // A range, 3到5个工作日 or 1-2天: the window starts at the lower bound.
        if let Some(mark) = text[..start]
            .chars()
            .next_back()
            .filter(|c| RANGE_MARKS.contains(c))
        {
            if let Some((lower, _)) = numeral_before(text, start - mark.len_utf8()) {
                start = lower.start;
            }
        }
        let mut end = unit.end;
        if let Some(w) = WITHIN.iter().find(|w| text[end..].starts_with(**w)) {
            end += w.len();
        }
        out.push(Window {
            range: start..end,
            value,
            kind: standard.unit_kind(index),
        });
    }
    for (r, _) in standard.concrete.find_all(text) {
        out.push(Window {
            range: r,
            value: 0,
            kind: None,
        });
    }
    out.sort_by_key(|w| w.range.start);
    out
}

/// Every promise of a later reply in the script: each line of a callback
/// step, and any other line holding a promise phrase. Worked out once per file.
pub fn promises<'c, 'a>(cx: &'c FileContext<'a>) -> &'c [Promise<'a>] {
    cx.promises.get_or_init(|| find_promises(cx))
}

fn find_promises<'a>(cx: &FileContext<'a>) -> Vec<Promise<'a>> {
    let FileModel::Script(script) = cx.model else {
        return Vec::new();
    };
    let standard = cx.standard();
    let mut lines: Vec<(bool, Spoken<'a>)> = Vec::new();
    for line in script.opener.iter().flat_map(|o| o.lines.iter()) {
        lines.extend(cx.spoken(line).map(|s| (false, s)));
    }
    for step in &script.steps {
        let callback = step.stage == Some(Stage::Callback);
        lines.extend(
            step.say
                .iter()
                .filter_map(|l| cx.spoken(l))
                .map(|s| (callback, s)),
        );
    }
    for line in script.closing.iter().flat_map(|c| c.lines.iter()) {
        lines.extend(cx.spoken(line).map(|s| (false, s)));
    }
    lines
        .into_iter()
        .filter_map(|(in_callback_step, spoken)| {
            let text = spoken.text;
            let presence = cx.presence(text);
            let phrase = if presence.may(&standard.promise) {
                standard.promise_in(text)
            } else {
                None
            };
            if text.trim().is_empty() {
                return None;
            }
            // Where the promise's window is looked for: a callback step is
            // about the callback as a whole; elsewhere, only the sentence
            // that promises counts (a 三十天 two sentences away is no window).
            let scope = match (&phrase, in_callback_step) {
                (_, true) => 0..text.len(),
                (Some(p), false) => sentences(text)
                    .into_iter()
                    .find(|s| s.start <= p.start && p.start < s.end)
                    .unwrap_or(0..text.len()),
                (None, false) => return None,
            };
            let part = &text[scope.clone()];
            let shift = |r: Range<usize>| r.start + scope.start..r.end + scope.start;
            Some(Promise {
                windows: windows(part, standard)
                    .into_iter()
                    .map(|w| Window {
                        range: shift(w.range),
                        ..w
                    })
                    .collect(),
                vague: standard.vague.find(part).map(shift),
                phrase,
                in_callback_step,
                spoken,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, u64)> {
        let s = Standard::default();
        windows(text, &s)
            .into_iter()
            .map(|w| (text[w.range].to_string(), w.value))
            .collect()
    }

    #[test]
    fn windows_in_text() {
        assert_eq!(
            found("我们会在3个工作日内给您回复"),
            [("3个工作日内".to_string(), 3)]
        );
        assert_eq!(found("两个工作日内"), [("两个工作日内".to_string(), 2)]);
        assert_eq!(found("48小时内"), [("48小时内".to_string(), 48)]);
        assert_eq!(
            found("二十四小时以内"),
            [("二十四小时以内".to_string(), 24)]
        );
        assert_eq!(found("3到5个工作日"), [("3到5个工作日".to_string(), 5)]);
        assert_eq!(found("明天上午"), [("明天".to_string(), 0)]);
        assert!(found("请在工作日办理").is_empty());
        assert!(found("每天都可以").is_empty());
    }
}
