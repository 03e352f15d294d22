//! Numbers as agents write them: Arabic digits (half- or full-width) and
//! Chinese numerals up to the thousands (一 … 九十九, 两, 十五, 二十四, 一百).

use std::ops::Range;

pub fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

pub fn ascii_digit(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(c as u64 - '0' as u64),
        '０'..='９' => Some(c as u64 - '０' as u64),
        _ => None,
    }
}

pub fn is_numeral_char(c: char) -> bool {
    ascii_digit(c).is_some() || chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// The value of a whole numeral, or `None` when it is not one.
pub fn value(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    if s.starts_with(|c| ascii_digit(c).is_some()) {
        // One pass that stops at the first non-digit or overflow.
        return s.chars().try_fold(0u64, |acc, c| {
            acc.checked_mul(10)?.checked_add(ascii_digit(c)?)
        });
    }
    let mut total = 0u64;
    let mut pending: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if pending.is_some_and(|p| p != 0) && d != 0 {
                return None; // two digits in a row: 二三 is not a numeral
            }
            pending = Some(d);
        } else if let Some(unit) = chinese_unit(c) {
            total += pending.take().unwrap_or(1) * unit;
        } else {
            return None;
        }
    }
    Some(total + pending.unwrap_or(0))
}

/// The longest numeral read before a unit, in characters. Numerals in
/// scripts are a few characters (48, 二十四); a longer run of digits is read
/// from its last `MAX_NUMERAL` characters only, so that a 4 MB run of digits
/// before every 小时 costs the same as a short one (each suffix is tried).
pub const MAX_NUMERAL: usize = 24;

/// The numeral that ends exactly at byte `end` of `text`: its range and value.
pub fn numeral_before(text: &str, end: usize) -> Option<(Range<usize>, u64)> {
    let head = text.get(..end)?;
    let start = head
        .char_indices()
        .rev()
        .take(MAX_NUMERAL)
        .take_while(|(_, c)| is_numeral_char(*c))
        .last()
        .map(|(i, _)| i)?;
    // The longest suffix that reads as a numeral (十 alone is ten; 第二十 still ends in 二十).
    let mut at = start;
    while at < end {
        if let Some(v) = value(&text[at..end]) {
            return Some((at..end, v));
        }
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        for (s, v) in [
            ("3", 3),
            ("15", 15),
            ("１５", 15),
            ("一", 1),
            ("两", 2),
            ("十", 10),
            ("十五", 15),
            ("二十四", 24),
            ("九十九", 99),
            ("一百", 100),
            ("一百零五", 105),
        ] {
            assert_eq!(value(s), Some(v), "{s}");
        }
        assert_eq!(value("二三"), None);
        assert_eq!(value("个"), None);
    }

    #[test]
    fn numeral_before_a_unit() {
        let t = "在二十四小时内";
        let end = t.find("小时").unwrap();
        let (r, v) = numeral_before(t, end).unwrap();
        assert_eq!((&t[r], v), ("二十四", 24));
        let t = "在48小时内";
        assert_eq!(numeral_before(t, t.find("小时").unwrap()).unwrap().1, 48);
        assert!(numeral_before("个工作日", 0).is_none());
    }

    #[test]
    fn a_long_run_of_digits_is_read_from_its_end_quickly() {
        // Quadratic before: every suffix of the run was tried from its start.
        let t = format!("{}48小时", "9".repeat(2_000_000));
        let started = std::time::Instant::now();
        let (r, _) = numeral_before(&t, t.find("小时").unwrap()).unwrap();
        assert!(r.len() <= MAX_NUMERAL);
        let t = format!("{}1小时", "十".repeat(1_000_000));
        assert!(numeral_before(&t, t.find("小时").unwrap()).is_some());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
