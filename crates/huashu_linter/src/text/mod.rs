//! Helpers for the text inside spoken lines: placeholders, sentences and
//! clauses, Chinese numerals, phrase matching.

pub mod lexicon;
pub mod literals;
pub mod numeral;
pub mod pattern;
pub mod placeholder;
pub mod words;

use std::ops::Range;

/// Sentence ends (FORMAT.md §5): 。！？!?；; and line breaks.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n' | '\r')
}

/// Clause ends: sentence ends, and commas, enumeration commas and colons.
pub fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '、' | '：' | ':')
}

/// The length of the end mark that starts at byte `i`, if one does: the
/// marks of `is_sentence_end` (and with `clause`, of `is_clause_end`) read
/// from their UTF-8 bytes, without decoding the text around them.
fn end_mark(bytes: &[u8], i: usize, clause: bool) -> Option<usize> {
    let next = |k: usize| bytes.get(i + k).copied();
    match bytes[i] {
        b'!' | b'?' | b';' | b'\n' | b'\r' => Some(1),
        b',' | b':' if clause => Some(1),
        // 。 U+3002, 、 U+3001
        0xE3 => match (next(1), next(2)) {
            (Some(0x80), Some(0x82)) => Some(3),
            (Some(0x80), Some(0x81)) if clause => Some(3),
            _ => None,
        },
        // ！ U+FF01, ？ U+FF1F, ； U+FF1B; ， U+FF0C, ： U+FF1A
        0xEF => match (next(1), next(2)) {
            (Some(0xBC), Some(0x81 | 0x9F | 0x9B)) => Some(3),
            (Some(0xBC), Some(0x8C | 0x9A)) if clause => Some(3),
            _ => None,
        },
        _ => None,
    }
}

/// Split at end marks. Every rule splits every line, so this reads bytes:
/// all marks are ASCII or three-byte characters whose lead bytes are rare.
fn split(text: &str, clause: bool) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match end_mark(bytes, i, clause) {
            Some(n) => {
                if i > start {
                    out.push(start..i);
                }
                i += n;
                start = i;
            }
            None => i += 1,
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.retain(|r| !text[r.clone()].trim().is_empty());
    out
}

/// The sentences of `text` (ranges without their end marks), empty ones dropped.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    split(text, false)
}

/// The clauses of `text`.
pub fn clauses(text: &str) -> Vec<Range<usize>> {
    split(text, true)
}

/// The spans of `text` inside quotation marks (“…” 「…」 『…』 ‘…’ "…"):
/// words the agent reports, not the agent's own (您说“你们不是说过了吗”).
/// An unclosed mark quotes nothing.
pub fn quoted(text: &str) -> Vec<Range<usize>> {
    const PAIRS: [(char, char); 5] = [
        ('“', '”'),
        ('「', '」'),
        ('『', '』'),
        ('‘', '’'),
        ('"', '"'),
    ];
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in text.char_indices() {
        match open {
            Some((close, start)) if c == close => {
                out.push(start..i + c.len_utf8());
                open = None;
            }
            Some(_) => {}
            None => {
                if let Some((_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
                    open = Some((*close, i));
                }
            }
        }
    }
    out
}

/// Whether `range` stands inside a pair of curly quotation marks (“…”,
/// 「…」, 『…』, ‘…’), looking at most `REACH` characters to either side, so
/// that the answer costs the same on any line.
pub fn inside_quotes(text: &str, range: &Range<usize>) -> bool {
    const REACH: usize = 64;
    const PAIRS: [(char, char); 4] = [('“', '”'), ('「', '」'), ('『', '』'), ('‘', '’')];
    let before = text.get(..range.start).unwrap_or("");
    // Most hits have no quotation mark anywhere near: every mark here is
    // E2 80 xx or E3 80 xx in UTF-8, and `REACH` characters are at most
    // four times as many bytes, so a scan of those bytes for the middle
    // 0x80 settles it without decoding a character.
    let window = &before.as_bytes()[before.len().saturating_sub(4 * REACH)..];
    let is_mark = |i: usize| {
        i >= 1
            && matches!(
                (window[i - 1], window.get(i + 1)),
                (0xE2, Some(0x98 | 0x99 | 0x9C | 0x9D)) | (0xE3, Some(0x8C..=0x8F))
            )
    };
    if !memchr::memrchr_iter(0x80, window).any(is_mark) {
        return false;
    }
    let open = before.chars().rev().take(REACH).find_map(|c| {
        PAIRS
            .iter()
            .find(|(o, c2)| c == *o || c == *c2)
            .map(|p| (c, p.1))
    });
    let Some((found, close)) = open else {
        return false;
    };
    // The nearest mark before the hit must open a quotation (not close one),
    // and its closing mark must come after the hit.
    found != close
        && text
            .get(range.end..)
            .unwrap_or("")
            .chars()
            .take(REACH)
            .any(|c| c == close)
}

/// The clause of `text` that holds byte `at`.
pub fn clause_at(text: &str, at: usize) -> Range<usize> {
    clauses(text)
        .into_iter()
        .find(|r| r.start <= at && at < r.end)
        .unwrap_or(at..at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level splitter agrees with the character predicates, for
    /// every character.
    #[test]
    fn byte_marks_are_the_character_marks() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("甲{c}乙");
            let at = "甲".len();
            let bytes = text.as_bytes();
            let expect = |yes: bool| yes.then_some(c.len_utf8());
            assert_eq!(
                end_mark(bytes, at, false),
                expect(is_sentence_end(c)),
                "{c:?}"
            );
            assert_eq!(end_mark(bytes, at, true), expect(is_clause_end(c)), "{c:?}");
        }
    }

    #[test]
    fn quotations() {
        let t = "您说“你们不是说过了吗”，还有「这个」和\"那个\"，未闭合“的";
        let q: Vec<&str> = quoted(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, ["“你们不是说过了吗”", "「这个」", "\"那个\""]);
    }

    #[test]
    fn sentences_and_clauses() {
        let t = "您好，请问有什么可以帮您？我是客服。\n好的";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["您好，请问有什么可以帮您", "我是客服", "好的"]);
        let c: Vec<&str> = clauses(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(c, ["您好", "请问有什么可以帮您", "我是客服", "好的"]);
    }
}
