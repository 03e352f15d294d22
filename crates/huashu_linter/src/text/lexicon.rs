//! A set of phrases, leftmost-longest, Latin letters case-insensitive
//! (FORMAT.md §5), built once per run. An entry is a literal phrase or a
//! phrase pattern (`text::pattern`): every list of the standard accepts
//! both, so a bank's old standard of literal lists loads as it did.
//! Literal phrases are matched by one Aho-Corasick automaton, patterns by
//! one regex; masks (allowed phrases) take back the hits they overlap.

use std::ops::Range;
use std::sync::OnceLock;

use super::literals::{Kind, Literals};
use super::pattern::{Matcher, Pattern, Unless};
use super::words;

#[derive(Debug, Clone)]
pub struct PhraseSet {
    /// The targets written as plain phrases.
    literal: Vec<String>,
    /// The targets written as patterns of a handful of fixed strings: they
    /// are matched as those strings (no automaton of their own), expanded
    /// on first use.
    fixed: Vec<Pattern>,
    /// The masks written as plain phrases: longer allowed phrases that hide
    /// a shorter target (不等同于存款 hides 等同于存款; 立即 hides 即).
    /// They take part in leftmost-longest matching but are never reported.
    literal_masks: Vec<String>,
    /// Built on first use, so that its kind can follow the run's size.
    compiled: OnceLock<Literal>,
    /// Its bit in a `PresenceIndex`, when it has one.
    bit: Option<u32>,
    /// Strings one of which every literal hit holds: the literal phrases,
    /// and each expanded pattern's required strings (`PresenceIndex`).
    keys: Vec<String>,
    /// The entries written as patterns (with every mask as an `unless`),
    /// and the masks written as patterns, which also take literal hits back.
    patterns: Option<Box<PatternPart>>,
    /// Hits must start and end between words (`text::words`).
    bounded: bool,
}

/// The literal part of a set, as searched.
#[derive(Debug, Clone)]
struct Literal {
    /// The literal targets, the expanded patterns' strings, the literal masks.
    phrases: Vec<String>,
    /// Phrases at or past this index are masks.
    targets: usize,
    /// Targets at or past this index came from patterns and are always
    /// bounded by words.
    bounded_from: usize,
    automaton: Option<Literals>,
}

#[derive(Debug, Clone)]
struct PatternPart {
    targets: Matcher,
    /// Masks written as patterns, for the literal hits (as a matcher's `unless`).
    unless: Matcher,
    /// The index `find_all` reports for a pattern hit: the first pattern entry's.
    index: usize,
}

/// Whether a list entry is written as a pattern rather than a literal phrase.
pub fn is_pattern(entry: &str) -> bool {
    entry.contains(['(', ')', '[', ']', '|', '<', '>', '…', '\\']) || entry.contains("...")
}

/// Which of some phrase sets can match a text, found with one scan instead
/// of one per set: a set none of whose phrases occurs anywhere in a text
/// cannot match it, nor any part of it.
#[derive(Debug, Clone)]
pub struct PresenceIndex {
    phrases: Vec<String>,
    /// Built on first use, like a `PhraseSet`'s.
    automaton: OnceLock<Option<Literals>>,
    /// For each phrase of the automaton, the bits of the sets that hold it.
    bits: Vec<u64>,
    /// The bits of the sets that may match any text (a pattern that needs
    /// no particular string, such as `<number>天`).
    always: u64,
}

/// The sets that may match one text (see `PresenceIndex`).
#[derive(Debug, Clone, Copy)]
pub struct Presence(u64);

impl Presence {
    /// Everything may match (for texts no index has looked at).
    pub const ALL: Presence = Presence(u64::MAX);

    pub fn may(self, set: &PhraseSet) -> bool {
        set.bit.is_none_or(|b| self.0 & (1 << b) != 0)
    }
}

impl PresenceIndex {
    /// Index `sets` (at most 64), giving each its bit.
    pub fn new(sets: &mut [&mut PhraseSet]) -> PresenceIndex {
        let mut phrases: Vec<String> = Vec::new();
        let mut bits: Vec<u64> = Vec::new();
        let mut always = 0u64;
        // A bank's standard may list tens of thousands of terms: one hash
        // look-up per phrase, never a scan of the phrases so far.
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, set) in sets.iter_mut().enumerate().take(64) {
            set.bit = Some(i as u32);
            let mut required: Vec<String> = set.keys.clone();
            match set.patterns.as_ref().map(|p| p.targets.required()) {
                Some(Some(more)) => required.extend(more),
                // A pattern with no string it must contain: the set may match anything.
                Some(None) => always |= 1 << i,
                None => {}
            }
            for phrase in required {
                match index.get(&phrase.to_ascii_lowercase()) {
                    Some(&at) => bits[at] |= 1 << i,
                    None => {
                        index.insert(phrase.to_ascii_lowercase(), phrases.len());
                        phrases.push(phrase);
                        bits.push(1 << i);
                    }
                }
            }
        }
        PresenceIndex {
            phrases,
            automaton: OnceLock::new(),
            bits,
            always,
        }
    }

    pub fn scan(&self, text: &str) -> Presence {
        let automaton = self
            .automaton
            .get_or_init(|| Literals::new(&self.phrases, Kind::Overlapping));
        let Some(a) = automaton else {
            return Presence::ALL;
        };
        let mut found = self.always;
        a.for_each_overlapping(text, |_, i| {
            found |= self.bits.get(i).copied().unwrap_or(u64::MAX);
        });
        Presence(found)
    }
}

impl Default for PhraseSet {
    fn default() -> PhraseSet {
        PhraseSet::new(Vec::<String>::new())
    }
}

impl PhraseSet {
    /// Entries (literal phrases or patterns) that the standard has checked
    /// already: an entry that does not parse as a pattern is taken literally.
    pub fn new<S: AsRef<str>>(phrases: impl IntoIterator<Item = S>) -> PhraseSet {
        PhraseSet::with_masks(phrases, Vec::<String>::new())
    }

    /// Targets, and masks that win over a target wherever they overlap it.
    pub fn with_masks<S: AsRef<str>, M: AsRef<str>>(
        targets: impl IntoIterator<Item = S>,
        masks: impl IntoIterator<Item = M>,
    ) -> PhraseSet {
        let entries: Vec<String> = targets
            .into_iter()
            .map(|p| p.as_ref().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let masks: Vec<String> = masks
            .into_iter()
            .map(|p| p.as_ref().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let parse = |e: &String| match is_pattern(e) {
            true => Pattern::parse(e).ok(),
            false => None,
        };
        let mut literal = Vec::new();
        let mut fixed = Vec::new();
        let mut pattern_targets = Vec::new();
        let mut keys = Vec::new();
        let mut index = None;
        for (i, e) in entries.iter().enumerate() {
            match parse(e) {
                // A pattern of fixed strings is matched as those strings:
                // no automaton to compile (a one-file run pays for every one).
                Some(p) if p.is_fixed() => {
                    // Every expansion holds one of these: fewer, longer
                    // strings for the presence index than every phrasing.
                    match p.required() {
                        Some(required) => keys.extend(required.iter().cloned()),
                        None => keys.extend(p.expansions().unwrap_or_default()),
                    }
                    fixed.push(p);
                }
                Some(p) => {
                    index.get_or_insert(i);
                    pattern_targets.push(p);
                }
                None => {
                    keys.push(e.clone());
                    literal.push(e.clone());
                }
            }
        }
        let mut literal_masks = Vec::new();
        let mut pattern_masks = Vec::new();
        let mut all_masks = Vec::new();
        for m in &masks {
            match parse(m) {
                Some(p) => {
                    pattern_masks.push(p.clone());
                    all_masks.push(p);
                }
                None => {
                    literal_masks.push(m.clone());
                    all_masks.push(Pattern::literal(m));
                }
            }
        }
        let patterns = (!pattern_targets.is_empty() || !pattern_masks.is_empty()).then(|| {
            Box::new(PatternPart {
                targets: Matcher::new(pattern_targets, all_masks),
                unless: Matcher::new(Vec::new(), pattern_masks),
                index: index.unwrap_or(usize::MAX),
            })
        });
        PhraseSet {
            literal,
            fixed,
            literal_masks,
            compiled: OnceLock::new(),
            bit: None,
            keys,
            patterns,
            bounded: false,
        }
    }

    /// The same set, whose hits must start and end between words.
    pub fn bounded(mut self) -> PhraseSet {
        self.bounded = true;
        self
    }

    fn literal(&self) -> &Literal {
        self.compiled.get_or_init(|| {
            let mut phrases = self.literal.clone();
            // Phrases from patterns are matched as patterns are: between words.
            let bounded_from = phrases.len();
            for p in &self.fixed {
                phrases.extend(p.expansions().unwrap_or_default());
            }
            let targets = phrases.len();
            phrases.extend(self.literal_masks.iter().cloned());
            Literal {
                automaton: Literals::new(&phrases, Kind::LeftmostLongest),
                phrases,
                targets,
                bounded_from,
            }
        })
    }

    /// Whether some target is written as a phrase or a fixed pattern.
    fn has_literal_targets(&self) -> bool {
        !self.literal.is_empty() || !self.fixed.is_empty()
    }

    /// Whether a literal hit stands: between words when the set is bounded,
    /// and overlapped by no mask written as a pattern.
    fn literal_hit_stands<'a>(
        &'a self,
        memo: &mut Option<Box<Unless<'a>>>,
        text: &'a str,
        range: &Range<usize>,
        index: usize,
    ) -> bool {
        !super::inside_quotes(text, range)
            && (!(self.bounded || index >= self.literal().bounded_from)
                || words::on_boundaries(text, range))
            && self
                .patterns
                .as_ref()
                .is_none_or(|p| !p.unless.overlaps_in(memo, text, range))
    }

    /// The first literal hit at or after `from`.
    fn first_literal(&self, text: &str, from: usize) -> Option<(Range<usize>, usize)> {
        if !self.has_literal_targets() {
            return None;
        }
        let literal = self.literal();
        let mut memo = None;
        literal
            .automaton
            .as_ref()?
            .find_iter(text, from)
            .filter(|(_, i)| *i < literal.targets)
            .find(|(r, i)| self.literal_hit_stands(&mut memo, text, r, *i))
    }

    /// Every non-overlapping hit of a target, left to right: (byte range,
    /// index of the phrase; a pattern's hit gets the first pattern entry's).
    /// The literal hits and the pattern hits are each found in one pass and
    /// merged, so many hits on one long line stay linear.
    pub fn find_all(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let literal: Vec<(Range<usize>, usize)> = match self.has_literal_targets() {
            true => {
                let literal = self.literal();
                let mut memo = None;
                match &literal.automaton {
                    Some(a) => a
                        .find_iter(text, 0)
                        .filter(|(r, i)| {
                            *i < literal.targets && self.literal_hit_stands(&mut memo, text, r, *i)
                        })
                        .collect(),
                    None => Vec::new(),
                }
            }
            false => Vec::new(),
        };
        let pattern: Vec<(Range<usize>, usize)> = match self.patterns.as_ref() {
            Some(p) if !p.targets.is_empty() => p
                .targets
                .find_all(text)
                .into_iter()
                .map(|r| (r, p.index))
                .collect(),
            _ => Vec::new(),
        };
        if pattern.is_empty() {
            return literal;
        }
        if literal.is_empty() {
            return pattern;
        }
        let mut all: Vec<(Range<usize>, usize)> = literal.into_iter().chain(pattern).collect();
        all.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut out: Vec<(Range<usize>, usize)> = Vec::with_capacity(all.len());
        for hit in all {
            if out.last().is_none_or(|(last, _)| hit.0.start >= last.end) {
                out.push(hit);
            }
        }
        out
    }

    /// The leftmost hit at or after `from` (the longer one of two that start together).
    fn find_hit(&self, text: &str, from: usize) -> Option<(Range<usize>, usize)> {
        if from > text.len() {
            return None;
        }
        let literal = self.first_literal(text, from);
        let pattern = self
            .patterns
            .as_ref()
            .filter(|p| !p.targets.is_empty())
            .and_then(|p| p.targets.find_from(text, from).map(|r| (r, p.index)));
        match (literal, pattern) {
            (Some(l), Some(p)) => Some(
                if (p.0.start, std::cmp::Reverse(p.0.end)) < (l.0.start, std::cmp::Reverse(l.0.end))
                {
                    p
                } else {
                    l
                },
            ),
            (l, p) => l.or(p),
        }
    }

    /// The first hit at or after `from`.
    pub fn find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        self.find_hit(text, from).map(|(r, _)| r)
    }

    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_from(text, 0)
    }

    /// Whether any target is said: a literal hit answers without the
    /// patterns' automaton being built or run.
    pub fn contains(&self, text: &str) -> bool {
        self.first_literal(text, 0).is_some()
            || self
                .patterns
                .as_ref()
                .is_some_and(|p| !p.targets.is_empty() && p.targets.find(text).is_some())
    }

    pub fn phrase(&self, index: usize) -> &str {
        self.literal().phrases.get(index).map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        !self.has_literal_targets() && self.patterns.as_ref().is_none_or(|p| p.targets.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftmost_longest_and_case_insensitive() {
        let set = PhraseSet::new(["成本", "摊余成本", "LPR"]);
        let found: Vec<_> = set
            .find_all("按摊余成本计算，参考lpr")
            .into_iter()
            .map(|(_, i)| set.phrase(i).to_string())
            .collect();
        assert_eq!(found, ["摊余成本", "LPR"]);
    }

    #[test]
    fn masks_hide_shorter_targets() {
        let set = PhraseSet::with_masks(["等同于存款", "即"], ["不等同于存款", "立即"]);
        assert!(set.find("理财产品不等同于存款").is_none());
        assert!(set.find("理财就等同于存款").is_some());
        assert!(set.find("请立即办理").is_none());
        assert_eq!(set.find_all("T+1即下一个工作日").len(), 1);
    }
}
