//! A set of phrases matched as literal substrings, leftmost-longest, Latin
//! letters case-insensitive (FORMAT.md §5), built once per run.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

#[derive(Debug, Clone)]
pub struct PhraseSet {
    phrases: Vec<String>,
    automaton: Option<AhoCorasick>,
}

impl Default for PhraseSet {
    fn default() -> PhraseSet {
        PhraseSet::new(Vec::<String>::new())
    }
}

impl PhraseSet {
    pub fn new<S: AsRef<str>>(phrases: impl IntoIterator<Item = S>) -> PhraseSet {
        let phrases: Vec<String> = phrases
            .into_iter()
            .map(|p| p.as_ref().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        // A DFA without a prefilter: the phrase lists are small, and a
        // rare-byte prefilter only slows Chinese text down (the lead bytes
        // of CJK characters are anything but rare). Measured in
        // docs/performance.md.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(&phrases)
            .ok();
        PhraseSet { phrases, automaton }
    }

    /// Every non-overlapping match: (byte range, index of the phrase).
    pub fn find_all(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        match &self.automaton {
            Some(a) if !self.phrases.is_empty() => a
                .find_iter(text)
                .map(|m| (m.start()..m.end(), m.pattern().as_usize()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The first match at or after `from`.
    pub fn find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        let rest = text.get(from..)?;
        let m = self.automaton.as_ref()?.find(rest)?;
        Some(m.start() + from..m.end() + from)
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
        self.phrases.is_empty()
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
}
