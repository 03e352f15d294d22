//! Helpers for the text inside spoken lines: placeholders, sentences and
//! clauses, Chinese numerals, phrase matching.

pub mod lexicon;
pub mod numeral;
pub mod placeholder;

use std::ops::Range;

/// Sentence ends (FORMAT.md §5): 。！？!?；; and line breaks.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n' | '\r')
}

/// Clause ends: sentence ends, and commas, enumeration commas and colons.
pub fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '、' | '：' | ':')
}

fn split(text: &str, end: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if end(c) {
            if i > start {
                out.push(start..i);
            }
            start = i + c.len_utf8();
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
    split(text, is_sentence_end)
}

/// The clauses of `text`.
pub fn clauses(text: &str) -> Vec<Range<usize>> {
    split(text, is_clause_end)
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

    #[test]
    fn sentences_and_clauses() {
        let t = "您好，请问有什么可以帮您？我是客服。\n好的";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["您好，请问有什么可以帮您", "我是客服", "好的"]);
        let c: Vec<&str> = clauses(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(c, ["您好", "请问有什么可以帮您", "我是客服", "好的"]);
    }
}
