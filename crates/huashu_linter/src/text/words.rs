//! Word boundaries (FORMAT.md §5): a hit that starts or ends inside a
//! Chinese word is no hit — 确保本金 holds no 保本, 评估计划 no 估计,
//! 保证金 no 保证, 再见面 no 再见.
//!
//! Chinese writes no spaces, so "inside a word" is decided the way jieba
//! decides it: the most probable segmentation of the characters around the
//! boundary, over a dictionary of word frequencies (a DAG of dictionary
//! words, best path by summed log-frequency). Only a short window of
//! Chinese characters on each side is segmented, and only for a hit a
//! matcher has already found, so the cost is a few hundred comparisons per
//! hit and never grows with the line.
//!
//! The dictionary is jieba's (MIT, `words/LICENSE-jieba`), cut to words of
//! one to four characters seen at least ten times and stored as sorted
//! fixed-size records that are binary-searched where they lie in the binary:
//! nothing is parsed or allocated at start-up (`words/build_dictionary.py`
//! makes the files).

use std::ops::Range;

/// Words of 1, 2, 3 and 4 characters: each record is the word's UTF-8
/// bytes (three per character) and one byte, 10 × ln(frequency).
static WORDS: [&[u8]; 4] = [
    include_bytes!("words/words1.bin"),
    include_bytes!("words/words2.bin"),
    include_bytes!("words/words3.bin"),
    include_bytes!("words/words4.bin"),
];

/// The first and last character a dictionary word may hold (build_dictionary.py).
const FIRST_CJK: u32 = 0x3400;
const LAST_CJK: u32 = 0x9FFF;
const SPAN: usize = (LAST_CJK - FIRST_CJK + 1) as usize;

/// For each table, where the words starting with each character begin:
/// words starting with `c` are records `START[t][c - FIRST_CJK]` up to the
/// next entry. Worked out by the compiler, so a look-up searches the dozen
/// words that share its first character, not the whole table, and nothing
/// is built at start-up. Every table holds fewer than 65,536 records (a
/// compile error otherwise).
static START: [[u16; SPAN + 1]; 4] = [
    first_char_starts(include_bytes!("words/words1.bin"), 1),
    first_char_starts(include_bytes!("words/words2.bin"), 2),
    first_char_starts(include_bytes!("words/words3.bin"), 3),
    first_char_starts(include_bytes!("words/words4.bin"), 4),
];

/// The code point of the three-byte UTF-8 character at `at`.
const fn char_at(bytes: &[u8], at: usize) -> u32 {
    ((bytes[at] as u32 & 0x0F) << 12)
        | ((bytes[at + 1] as u32 & 0x3F) << 6)
        | (bytes[at + 2] as u32 & 0x3F)
}

const fn first_char_starts(table: &[u8], chars: usize) -> [u16; SPAN + 1] {
    let record = 3 * chars + 1;
    let records = table.len() / record;
    assert!(records < 1 << 16, "a word table has 65,536 records or more");
    let mut starts = [0u16; SPAN + 1];
    let mut slot = 0;
    let mut r = 0;
    while r < records {
        let c = char_at(table, r * record);
        assert!(
            FIRST_CJK <= c && c <= LAST_CJK,
            "a dictionary word starts outside U+3400–U+9FFF"
        );
        while slot <= (c - FIRST_CJK) as usize {
            starts[slot] = r as u16;
            slot += 1;
        }
        r += 1;
    }
    while slot <= SPAN {
        starts[slot] = records as u16;
        slot += 1;
    }
    starts
}

/// ln of the dictionary's total frequency (build_dictionary.py prints it, ×10).
const LN_TOTAL: f32 = 17.9;

/// How many characters on each side of a boundary are segmented. Chinese
/// words in the dictionary are at most four characters long, so two words'
/// worth on each side settles the path through the boundary.
const WINDOW: usize = 8;

/// Chinese characters the dictionary can hold (three UTF-8 bytes each).
fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c)
}

/// 10 × ln(frequency) of a dictionary word of `chars` characters.
fn frequency(word: &[u8], chars: usize) -> Option<u8> {
    let table = WORDS.get(chars.checked_sub(1)?)?;
    let record = 3 * chars + 1;
    if word.len() != 3 * chars || chars == 0 {
        return None;
    }
    let first = char_at(word, 0).checked_sub(FIRST_CJK)? as usize;
    let starts = START[chars - 1].get(first..first + 2)?;
    // Keys compare as big-endian integers (lexicographic order for equal
    // lengths): one comparison instead of a memcmp call per probe.
    let want = key(word);
    let (mut lo, mut hi) = (usize::from(starts[0]), usize::from(starts[1]));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let at = mid * record;
        match key(table.get(at..at + 3 * chars)?).cmp(&want) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return table.get(at + 3 * chars).copied(),
        }
    }
    None
}

/// Up to 16 bytes as a big-endian integer, left-aligned: for keys of one
/// length, integer order is byte order.
fn key(bytes: &[u8]) -> u128 {
    // Shifts, not a zeroed buffer and a copy: this runs for every probe,
    // and the buffer cost two library calls each time.
    let n = bytes.len().min(16);
    let k = bytes[..n]
        .iter()
        .fold(0u128, |k, &b| k << 8 | u128::from(b));
    if n == 0 {
        0
    } else {
        k << (8 * (16 - n))
    }
}

/// Whether byte `at` of `text` falls between two words. It does at the
/// ends of the text and next to anything that is not a Chinese character
/// (punctuation, Latin letters, digits, a placeholder's brace).
pub fn is_boundary(text: &str, at: usize) -> bool {
    boundary(text, at, None)
}

/// Whether `hit` starts and ends between words. A short hit (four
/// characters at most, the length of a word) counts as a word itself, as a
/// user dictionary adds the words one looks for in jieba, at its own
/// frequency or that of a rare word: it is dropped only when the text around
/// it reads better as other words (确保|本金 rather than 确|保本|金). A
/// longer hit is several words, and only the dictionary decides where its
/// ends fall.
pub fn on_boundaries(text: &str, hit: &Range<usize>) -> bool {
    boundary(text, hit.start, Some(hit)) && boundary(text, hit.end, Some(hit))
}

/// The log-frequency a short hit gets as a word when the dictionary does
/// not know it: that of a word seen about 20 times, a rare one.
const HIT_LN_FREQUENCY: f32 = 3.0;

fn boundary(text: &str, at: usize, hit: Option<&Range<usize>>) -> bool {
    if !text.is_char_boundary(at) {
        return false;
    }
    // The window, on the stack: every hit of every line comes here.
    let mut chars = ['\0'; 2 * WINDOW];
    let mut offsets = [0usize; 2 * WINDOW];
    let (before, after) = text.split_at(at);
    let mut left = 0;
    for (i, c) in before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_cjk(*c))
        .take(WINDOW)
    {
        chars[WINDOW - 1 - left] = c;
        offsets[WINDOW - 1 - left] = i;
        left += 1;
    }
    let mut right = 0;
    for (i, c) in after
        .char_indices()
        .take_while(|(_, c)| is_cjk(*c))
        .take(WINDOW)
    {
        chars[WINDOW + right] = c;
        offsets[WINDOW + right] = at + i;
        right += 1;
    }
    if left == 0 || right == 0 {
        return true;
    }
    let window = WINDOW - left..WINDOW + right;
    let (chars, offsets) = (&chars[window.clone()], &offsets[window]);
    // The hit, as characters of the window (clipped to it), when it is short.
    let short = |h: &&Range<usize>| {
        text.get((*h).clone())
            .is_some_and(|t| t.chars().count() <= 4)
    };
    let forced = hit.filter(short).and_then(|h| {
        let start = offsets.iter().position(|&o| o >= h.start)?;
        let end = offsets
            .iter()
            .position(|&o| o >= h.end)
            .unwrap_or(chars.len());
        (end > start).then_some((start, end))
    });
    cuts_at(chars, forced, left)
}

/// Whether the most probable segmentation of `chars` cuts at `cut`,
/// jieba's way: the best path through the DAG of dictionary words, scored by
/// summed log-probability, ties to the longer word. `forced` is one more
/// word (the hit), as characters `start..end`.
fn cuts_at(chars: &[char], forced: Option<(usize, usize)>, cut: usize) -> bool {
    let n = chars.len();
    let mut utf8 = [0u8; 6 * WINDOW];
    for (i, c) in chars.iter().enumerate() {
        c.encode_utf8(&mut utf8[3 * i..3 * i + 3]);
    }
    // best[i]: (score of the best segmentation of chars[i..], length of its first word)
    let mut best = [(0f32, 1usize); 2 * WINDOW + 1];
    for i in (0..n).rev() {
        let mut choice = (f32::NEG_INFINITY, 1);
        let mut consider = |len: usize, ln_frequency: f32, best: &[(f32, usize)]| {
            let score = ln_frequency - LN_TOTAL + best[i + len].0;
            if score >= choice.0 {
                choice = (score, len);
            }
        };
        for len in 1..=4.min(n - i) {
            match frequency(&utf8[3 * i..3 * (i + len)], len) {
                Some(f) => consider(len, f32::from(f) / 10.0, &best),
                // An unknown single character counts as seen once.
                None if len == 1 => consider(1, 0.0, &best),
                None => {}
            }
        }
        if let Some((start, end)) = forced.filter(|(s, _)| *s == i) {
            let known = frequency(&utf8[3 * start..3 * end], end - start);
            consider(
                end - start,
                known.map_or(HIT_LN_FREQUENCY, |f| f32::from(f) / 10.0),
                &best,
            );
        }
        best[i] = choice;
    }
    let mut i = 0;
    while i < cut {
        i += best[i].1.max(1);
    }
    i == cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(text: &str, phrase: &str) -> bool {
        let start = text.find(phrase).unwrap();
        on_boundaries(text, &(start..start + phrase.len()))
    }

    #[test]
    fn the_dictionary_is_sorted_and_searchable() {
        for (i, table) in WORDS.iter().enumerate() {
            let record = 3 * (i + 1) + 1;
            assert_eq!(table.len() % record, 0);
            let keys: Vec<&[u8]> = table.chunks(record).map(|r| &r[..record - 1]).collect();
            assert!(
                keys.windows(2).all(|w| w[0] < w[1]),
                "words{} not sorted",
                i + 1
            );
        }
        assert!(frequency("知道".as_bytes(), 2).is_some());
        assert!(frequency("确保".as_bytes(), 2).is_some());
        assert!(frequency("确保".as_bytes(), 3).is_none());
    }

    #[test]
    fn every_word_is_found_through_its_first_character() {
        for (i, table) in WORDS.iter().enumerate() {
            let chars = i + 1;
            let record = 3 * chars + 1;
            for r in table.chunks(record) {
                assert_eq!(frequency(&r[..record - 1], chars), Some(r[record - 1]));
            }
        }
        // Words no table holds, at the edges of the index too.
        for absent in [
            "\u{3400}\u{3400}",
            "\u{9FFF}\u{9FFF}",
            "确保确保",
            "保本金额度",
        ] {
            assert_eq!(frequency(absent.as_bytes(), absent.chars().count()), None);
        }
    }

    #[test]
    fn hits_inside_words_are_dropped() {
        assert!(!hit("请确保本金安全", "保本"));
        assert!(!hit("这是我们的评估计划", "估计"));
        assert!(!hit("需要缴纳保证金", "保证"));
        assert!(!hit("再见面时请带上身份证", "再见"));
    }

    #[test]
    fn hits_between_words_stay() {
        assert!(hit("这款产品保本保息", "保本"));
        assert!(hit("我估计明天能到账", "估计"));
        assert!(hit("我保证今天办好", "保证"));
        assert!(hit("祝您生活愉快，再见", "再见"));
        assert!(hit("这个我不知道", "我不知道"));
        assert!(hit("{customer_title}您好", "您好"));
    }
}
