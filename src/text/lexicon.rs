//! A set of phrases matched as literal substrings, leftmost-longest, Latin
//! letters case-insensitive (FORMAT.md §5), built once per run.

use std::ops::Range;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// Whether this run checks enough text for a DFA to pay for its longer
/// build (set once the walk knows how many files there are). A one-file
/// pre-commit run is faster with a contiguous NFA, which builds in a
/// fraction of the time; a repository is faster with a DFA.
static MANY_FILES: AtomicBool = AtomicBool::new(true);

fn automaton_kind() -> AhoCorasickKind {
    if MANY_FILES.load(Ordering::Relaxed) {
        AhoCorasickKind::DFA
    } else {
        AhoCorasickKind::ContiguousNFA
    }
}

/// Tell the matchers how many files this run checks (before the first search).
pub fn expect_files(n: usize) {
    MANY_FILES.store(n > 20, Ordering::Relaxed);
}

#[derive(Debug, Clone)]
pub struct PhraseSet {
    phrases: Vec<String>,
    /// Phrases at or past this index are masks: longer allowed phrases that
    /// hide a shorter target (不等同于存款 hides 等同于存款; 立即 hides 即).
    /// They take part in leftmost-longest matching but are never reported.
    targets: usize,
    /// Built on first use, so that its kind can follow the run's size.
    automaton: OnceLock<Option<AhoCorasick>>,
    /// Its bit in a `PresenceIndex`, when it has one.
    bit: Option<u32>,
}

/// Which of some phrase sets can match a text, found with one scan instead
/// of one per set: a set none of whose phrases occurs anywhere in a text
/// cannot match it, nor any part of it.
#[derive(Debug, Clone)]
pub struct PresenceIndex {
    phrases: Vec<String>,
    /// Built on first use, like a `PhraseSet`'s.
    automaton: OnceLock<Option<AhoCorasick>>,
    /// For each phrase of the automaton, the bits of the sets that hold it.
    bits: Vec<u64>,
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
        // A bank's standard may list tens of thousands of terms: one hash
        // look-up per phrase, never a scan of the phrases so far.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, set) in sets.iter_mut().enumerate().take(64) {
            set.bit = Some(i as u32);
            for phrase in &set.phrases[..set.targets] {
                match seen.entry(phrase.to_ascii_lowercase()) {
                    std::collections::hash_map::Entry::Occupied(at) => bits[*at.get()] |= 1 << i,
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(phrases.len());
                        phrases.push(phrase.clone());
                        bits.push(1 << i);
                    }
                }
            }
        }
        PresenceIndex {
            phrases,
            automaton: OnceLock::new(),
            bits,
        }
    }

    pub fn scan(&self, text: &str) -> Presence {
        let automaton = self.automaton.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .kind(Some(automaton_kind()))
                .prefilter(false)
                .build(&self.phrases)
                .ok()
        });
        let Some(a) = automaton else {
            return Presence::ALL;
        };
        let mut found = 0u64;
        for m in a.find_overlapping_iter(text) {
            found |= self
                .bits
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or(u64::MAX);
        }
        Presence(found)
    }
}

impl Default for PhraseSet {
    fn default() -> PhraseSet {
        PhraseSet::new(Vec::<String>::new())
    }
}

impl PhraseSet {
    pub fn new<S: AsRef<str>>(phrases: impl IntoIterator<Item = S>) -> PhraseSet {
        PhraseSet::with_masks(phrases, Vec::<String>::new())
    }

    /// Targets, and masks that win over a target wherever they match.
    pub fn with_masks<S: AsRef<str>, M: AsRef<str>>(
        targets: impl IntoIterator<Item = S>,
        masks: impl IntoIterator<Item = M>,
    ) -> PhraseSet {
        let mut phrases: Vec<String> = targets
            .into_iter()
            .map(|p| p.as_ref().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let targets = phrases.len();
        phrases.extend(
            masks
                .into_iter()
                .map(|p| p.as_ref().to_string())
                .filter(|p| !p.is_empty()),
        );
        let automaton = OnceLock::new();
        PhraseSet {
            phrases,
            targets,
            automaton,
            bit: None,
        }
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                // Without a prefilter: a rare-byte prefilter only slows Chinese
                // text down (the lead bytes of CJK characters are anything but
                // rare). Measured in docs/performance.md.
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .kind(Some(automaton_kind()))
                    .prefilter(false)
                    .build(&self.phrases)
                    .ok()
            })
            .as_ref()
    }

    /// Every non-overlapping match of a target: (byte range, index of the phrase).
    pub fn find_all(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        match self.automaton() {
            Some(a) if !self.phrases.is_empty() => a
                .find_iter(text)
                .map(|m| (m.start()..m.end(), m.pattern().as_usize()))
                .filter(|(_, i)| *i < self.targets)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The first match of a target at or after `from`.
    pub fn find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        let rest = text.get(from..)?;
        let a = self.automaton()?;
        if self.targets == self.phrases.len() {
            let m = a.find(rest)?;
            return Some(m.start() + from..m.end() + from);
        }
        a.find_iter(rest)
            .find(|m| m.pattern().as_usize() < self.targets)
            .map(|m| m.start() + from..m.end() + from)
    }

    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_from(text, 0)
    }

    pub fn contains(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    pub fn phrase(&self, index: usize) -> &str {
        self.phrases.get(index).map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.targets == 0
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
