//! Speech recognition writes what it heard, not what was meant: 公号 for
//! 工号, 在见 for 再见, 你 for 您. Before the standard's phrases are looked
//! for in a turn, the turn is *read as spoken*: every stretch whose toneless
//! pinyin equals one of the standard's spoken phrases (`calls.spoken`) is
//! read as that phrase, and 你 (not 你们) is read as 您, which speech cannot
//! tell apart. Each replaced character has the same UTF-8 length as the
//! one it replaces (both are three-byte CJK), so every span found on the
//! text as spoken is a span of the transcript.
//!
//! The cost of the tolerance (a real 在见 read as 再见) is measured by
//! tests/calls_corpus.rs with and without it (docs/calls.md).

use std::borrow::Cow;
use std::collections::HashMap;

use pinyin::ToPinyin;

/// FNV-1a: the keys are short pinyin syllables, looked up once per
/// character of every agent turn; SipHash's strength is not needed here.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// The spoken phrases, indexed by the pinyin of their first character.
#[derive(Debug, Clone, Default)]
pub struct Tolerance {
    phrases: Vec<(Vec<&'static str>, Vec<char>)>,
    by_first: FnvMap<&'static str, Vec<usize>>,
}

fn syllable(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.plain())
}

impl Tolerance {
    pub fn new<S: AsRef<str>>(spoken: impl IntoIterator<Item = S>) -> Tolerance {
        let mut t = Tolerance::default();
        for phrase in spoken {
            let chars: Vec<char> = phrase.as_ref().chars().collect();
            let Some(sounds) = chars
                .iter()
                .map(|c| syllable(*c).filter(|_| c.len_utf8() == 3))
                .collect::<Option<Vec<_>>>()
            else {
                continue; // only phrases of Chinese characters can be heard wrongly this way
            };
            if sounds.len() < 2 {
                continue; // one syllable alone has too many homophones
            }
            let index = t.phrases.len();
            t.by_first.entry(sounds[0]).or_default().push(index);
            t.phrases.push((sounds, chars));
        }
        // Longer phrases first where several start alike.
        for list in t.by_first.values_mut() {
            list.sort_by_key(|i| std::cmp::Reverse(t.phrases[*i].1.len()));
        }
        t
    }

    /// `text` as spoken: homophones of the standard's phrases read as those
    /// phrases, 你 as 您. Byte offsets are unchanged.
    pub fn read<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let chars: Vec<char> = text.chars().collect();
        let mut out: Option<Vec<char>> = None;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '你' && chars.get(i + 1) != Some(&'们') {
                out.get_or_insert_with(|| chars.clone())[i] = '您';
                i += 1;
                continue;
            }
            let Some(first) = (c.len_utf8() == 3).then(|| syllable(c)).flatten() else {
                i += 1;
                continue;
            };
            let Some(candidates) = self.by_first.get(first) else {
                i += 1;
                continue;
            };
            let mut advanced = false;
            for &p in candidates {
                let (sounds, phrase) = &self.phrases[p];
                let n = sounds.len();
                let Some(window) = chars.get(i..i + n) else {
                    continue;
                };
                if window == phrase.as_slice() {
                    i += n;
                    advanced = true;
                    break;
                }
                let same_sound = window
                    .iter()
                    .zip(sounds)
                    .all(|(c, s)| c.len_utf8() == 3 && syllable(*c) == Some(*s));
                if same_sound {
                    out.get_or_insert_with(|| chars.clone())[i..i + n].copy_from_slice(phrase);
                    i += n;
                    advanced = true;
                    break;
                }
            }
            if !advanced {
                i += 1;
            }
        }
        match out {
            Some(chars) => Cow::Owned(chars.into_iter().collect()),
            None => Cow::Borrowed(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homophones_are_read_as_the_standard_phrase() {
        let t = Tolerance::new(["工号", "再见", "稍等"]);
        assert_eq!(t.read("公号一二三四为你服务"), "工号一二三四为您服务");
        assert_eq!(t.read("祝您生活愉快在见"), "祝您生活愉快再见");
        assert_eq!(t.read("请烧等"), "请稍等");
        assert_eq!(t.read("你们好"), "你们好");
        let text = "公号在见";
        assert_eq!(t.read(text).len(), text.len());
    }

    #[test]
    fn other_words_stay() {
        let t = Tolerance::new(["工号", "再见"]);
        assert_eq!(t.read("我想查询余额"), "我想查询余额");
        assert!(matches!(t.read("abc 123"), Cow::Borrowed(_)));
    }
}
