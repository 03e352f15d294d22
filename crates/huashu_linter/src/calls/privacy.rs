//! Transcripts hold card, ID and phone numbers. No output of `huashu calls`
//! repeats one in full: every turn text is masked before any check reads it
//! (so messages, excerpts and every format inherit the mask), keeping at
//! most the last four digits. Masking keeps every byte offset: an ASCII
//! digit becomes `*`, a full-width or Chinese digit (三 bytes in UTF-8)
//! becomes `＊`, so spans found on the masked text are spans of the original.

use std::borrow::Cow;
use std::ops::Range;

/// A run of this many digits or more is masked in turn texts: a mobile
/// number (11), a card number (13–19), a resident ID (18).
pub const MASK_FROM_DIGITS: usize = 11;
/// Digits left visible at the end of a masked run.
pub const KEEP_LAST: usize = 4;

/// The value of a digit as speech recognition writes it: 0-9, ０-９, and
/// the spoken Chinese digits (幺 is "one" when reading numbers out).
pub fn digit_value(c: char) -> Option<u8> {
    use crate::text::numeral::{ascii_digit, chinese_digit};
    let d = match c {
        '幺' => 1,
        c => ascii_digit(c).or_else(|| chinese_digit(c))?,
    };
    Some(d as u8)
}

/// A run of digits, with single spaces or hyphens between them (6222 0212
/// 3456 7890): its bytes, and its digits as ASCII (X for an ID's last one).
pub fn digit_runs(text: &str) -> Vec<(Range<usize>, String)> {
    runs(text, true)
}

/// Runs of digits; with `separators`, joined across single spaces and hyphens.
fn runs(text: &str, separators: bool) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let Some(d) = digit_value(c) else {
            continue;
        };
        let mut digits = String::from(char::from(b'0' + d));
        let mut end = start + c.len_utf8();
        loop {
            match chars.peek().copied() {
                Some((i, c)) if digit_value(c).is_some() => {
                    digits.push(char::from(b'0' + digit_value(c).unwrap_or(0)));
                    end = i + c.len_utf8();
                    chars.next();
                }
                Some((i, ' ' | '-')) if separators => {
                    // A separator counts only between digits.
                    let next = text[i + 1..].chars().next();
                    if next.and_then(digit_value).is_some() {
                        chars.next();
                    } else {
                        break;
                    }
                }
                Some((i, x @ ('X' | 'x'))) if digits.len() == 17 => {
                    digits.push('X');
                    end = i + x.len_utf8();
                    chars.next();
                    break;
                }
                _ => break,
            }
        }
        out.push((start..end, digits));
    }
    out
}

/// `text` with every long run of digits masked but its last four digits.
pub fn mask(text: &str) -> Cow<'_, str> {
    mask_runs(text, true, |digits| digits.len() >= MASK_FROM_DIGITS)
}

/// An identifier (call id, agent id): masked only where it holds what is
/// clearly a card number (Luhn, 13–19 digits) or a resident ID, so that
/// ordinary long ids stay readable (their hyphens separate fields, so runs
/// are not joined across them).
pub fn mask_id(text: &str) -> Cow<'_, str> {
    use crate::rules::text_checks::{luhn, resident_id};
    mask_runs(text, false, |digits| {
        ((13..=19).contains(&digits.len()) && luhn(digits)) || resident_id(digits)
    })
}

fn mask_runs(text: &str, separators: bool, masked: impl Fn(&str) -> bool) -> Cow<'_, str> {
    // Fast path: most texts have no run long enough.
    if text.bytes().filter(u8::is_ascii_digit).count() < MASK_FROM_DIGITS.min(13)
        && !text
            .chars()
            .any(|c| digit_value(c).is_some() && !c.is_ascii_digit())
    {
        return Cow::Borrowed(text);
    }
    let runs: Vec<Range<usize>> = runs(text, separators)
        .into_iter()
        .filter(|(_, d)| masked(d))
        .map(|(r, _)| r)
        .collect();
    if runs.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for run in runs {
        out.push_str(&text[last..run.start]);
        let part = &text[run.clone()];
        let total = part
            .chars()
            .filter(|c| digit_value(*c).is_some() || *c == 'X' || *c == 'x')
            .count();
        let mut seen = 0;
        for c in part.chars() {
            let is_digit = digit_value(c).is_some() || c == 'X' || c == 'x';
            if is_digit {
                seen += 1;
            }
            if is_digit && seen + KEEP_LAST <= total {
                out.push(if c.len_utf8() == 1 { '*' } else { '＊' });
            } else {
                out.push(c);
            }
        }
        last = run.end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_keep_their_last_four_and_their_length() {
        let t = "卡号是6222021234567890123，尾号0123";
        let m = mask(t);
        assert_eq!(m, "卡号是***************0123，尾号0123");
        assert_eq!(m.len(), t.len());
        let spoken = "身份证号幺一零一零五一九九零零一零一一二三四";
        let m = mask(spoken);
        assert!(m.ends_with("一二三四"), "{m}");
        assert!(!m.contains("幺一零"), "{m}");
        assert_eq!(m.len(), spoken.len());
        assert_eq!(mask("6222 0212 3456 7890"), "**** **** **** 7890");
        assert_eq!(mask("手机13812345678"), "手机*******5678");
        assert_eq!(mask("11010519491231002X"), "**************002X");
    }

    #[test]
    fn short_numbers_and_words_stay() {
        for t in [
            "3个工作日内",
            "工号1234",
            "一二三",
            "两个小时",
            "金额100000元",
        ] {
            assert_eq!(mask(t), t);
        }
    }

    #[test]
    fn ids_are_masked_only_where_they_hold_a_card() {
        assert_eq!(mask_id("call-20240315-000123"), "call-20240315-000123");
        assert_eq!(mask_id("card-4111111111111111"), "card-************1111");
    }
}
