//! Many literal strings searched at once, Latin letters in either case.
//!
//! A run over a repository searches millions of texts: an Aho-Corasick
//! DFA pays for its build many times over. A pre-commit run over one or
//! two files searches a few hundred short lines, and building automata
//! for the whole standard was most of its time; there a table of the
//! strings by their first character, which builds in microseconds, finds
//! the same matches. Each set searches with its table first and builds its
//! automaton once it has searched `TABLE_SEARCHES` units of text (a text
//! counts one unit per started `UNIT` bytes): the run itself says how much
//! text there is, so no caller has to (an editor checks one file, then the
//! next, with the same standard), and one huge line pays for the automaton
//! at once instead of a table look-up per character.

use std::collections::HashMap;
use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// The searches a set answers from its table before it builds its
/// automaton: more than a pre-commit run of a few files makes (a file has
/// a few dozen texts), far fewer than a repository's.
const TABLE_SEARCHES: u32 = 2048;

/// The bytes of text that count as one search (a script's line is shorter).
const UNIT: usize = 1024;

/// How a search reports matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Non-overlapping, the longest of those that start leftmost.
    LeftmostLongest,
    /// Every occurrence of every string.
    Overlapping,
}

#[derive(Debug)]
pub struct Literals {
    table: Table,
    kind: Kind,
    /// Built on the `TABLE_SEARCHES`-th search; `None` if it cannot be
    /// built (the table goes on answering).
    automaton: OnceLock<Option<AhoCorasick>>,
    searches: AtomicU32,
}

impl Clone for Literals {
    fn clone(&self) -> Literals {
        Literals {
            table: self.table.clone(),
            kind: self.kind,
            automaton: self.automaton.clone(),
            searches: AtomicU32::new(self.searches.load(Ordering::Relaxed)),
        }
    }
}

/// The search structure one search uses.
enum Inner<'a> {
    Automaton(&'a AhoCorasick),
    Table(&'a Table),
}

/// The strings by their first character (ASCII letters folded). Each
/// bucket is sorted by its strings' folded bytes, and knows the lengths
/// its strings have: the strings that occur at a position are found by
/// one binary search per length, so a standard with 45,000 terms that
/// start alike costs a few dozen comparisons per position, not 45,000.
#[derive(Debug, Clone)]
struct Table {
    strings: Vec<Box<[u8]>>,
    by_first: HashMap<char, Bucket, BuildFold>,
}

#[derive(Debug, Clone, Default)]
struct Bucket {
    /// Indexes of the strings: longest first (of equal ones, the first
    /// written first) in a small bucket, which is scanned; by (folded
    /// bytes, index) in a large one, which is searched.
    sorted: Vec<u32>,
    /// In a large bucket, the byte lengths of its strings, longest first,
    /// each once (empty in a small one).
    lengths: Vec<usize>,
}

/// The most strings a bucket holds and is still scanned, not searched.
const SCANNED: usize = 64;

/// A multiplicative hash for `char` keys (SipHash is most of a look-up).
#[derive(Debug, Default, Clone, Copy)]
struct BuildFold;

#[derive(Debug, Default)]
struct Fold(u64);

impl std::hash::Hasher for Fold {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl std::hash::BuildHasher for BuildFold {
    type Hasher = Fold;
    fn build_hasher(&self) -> Fold {
        Fold(0)
    }
}

fn first_folded(s: &str) -> Option<char> {
    s.chars().next().map(|c| c.to_ascii_lowercase())
}

/// Byte order with ASCII letters folded to lower case.
fn cmp_folded(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

impl Table {
    fn new<S: AsRef<str>>(strings: &[S]) -> Table {
        let mut by_first: HashMap<char, Bucket, BuildFold> = HashMap::default();
        for (i, s) in strings.iter().enumerate() {
            if let Some(c) = first_folded(s.as_ref()) {
                by_first.entry(c).or_default().sorted.push(i as u32);
            }
        }
        let strings: Vec<Box<[u8]>> = strings
            .iter()
            .map(|s| s.as_ref().as_bytes().into())
            .collect();
        for bucket in by_first.values_mut() {
            if bucket.sorted.len() <= SCANNED {
                let len = |i: u32| strings[i as usize].len();
                bucket
                    .sorted
                    .sort_by_key(|&i| (std::cmp::Reverse(len(i)), i));
                continue;
            }
            bucket.sorted.sort_by(|&a, &b| {
                cmp_folded(&strings[a as usize], &strings[b as usize]).then(a.cmp(&b))
            });
            bucket.lengths = bucket
                .sorted
                .iter()
                .map(|&i| strings[i as usize].len())
                .collect();
            bucket.lengths.sort_unstable_by(|a, b| b.cmp(a));
            bucket.lengths.dedup();
        }
        Table { strings, by_first }
    }

    /// Call `f` with each string that occurs at byte `at`, longest first
    /// (of equal ones, the first written first), until it says stop.
    fn visit(&self, text: &str, at: usize, c: char, mut f: impl FnMut(u32) -> ControlFlow<()>) {
        let rest = &text.as_bytes()[at..];
        let Some(bucket) = self.by_first.get(&c.to_ascii_lowercase()) else {
            return;
        };
        if bucket.lengths.is_empty() {
            for &i in &bucket.sorted {
                let s = &self.strings[i as usize];
                if rest.len() >= s.len()
                    && rest[..s.len()].eq_ignore_ascii_case(s)
                    && f(i).is_break()
                {
                    return;
                }
            }
            return;
        }
        for &len in bucket.lengths.iter().filter(|&&len| len <= rest.len()) {
            let key = &rest[..len];
            let string = |i: u32| &self.strings[i as usize][..];
            let from = bucket
                .sorted
                .partition_point(|&i| cmp_folded(string(i), key).is_lt());
            for &i in &bucket.sorted[from..] {
                if !cmp_folded(string(i), key).is_eq() {
                    break;
                }
                if f(i).is_break() {
                    return;
                }
            }
        }
    }

    /// The longest string that occurs at byte `at`.
    fn first_at(&self, text: &str, at: usize, c: char) -> Option<u32> {
        let mut found = None;
        self.visit(text, at, c, |i| {
            found = Some(i);
            ControlFlow::Break(())
        });
        found
    }
}

impl Literals {
    /// `None` when there are no strings.
    pub fn new<S: AsRef<str>>(strings: &[S], kind: Kind) -> Option<Literals> {
        if strings.is_empty() {
            return None;
        }
        Some(Literals {
            table: Table::new(strings),
            kind,
            automaton: OnceLock::new(),
            searches: AtomicU32::new(0),
        })
    }

    /// The table for the first searches, the automaton after them.
    fn inner(&self, text: &str) -> Inner<'_> {
        if let Some(built) = self.automaton.get() {
            return built
                .as_ref()
                .map_or(Inner::Table(&self.table), Inner::Automaton);
        }
        let units = u32::try_from(text.len() / UNIT + 1).unwrap_or(u32::MAX);
        let before = self.searches.fetch_add(units, Ordering::Relaxed);
        if before.saturating_add(units) <= TABLE_SEARCHES {
            return Inner::Table(&self.table);
        }
        let built = self
            .automaton
            .get_or_init(|| automaton(&self.table.strings, self.kind));
        built
            .as_ref()
            .map_or(Inner::Table(&self.table), Inner::Automaton)
    }

    /// Leftmost-longest matches from `from` on, none overlapping: (bytes,
    /// index of the string). For a `Kind::LeftmostLongest` set.
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
        from: usize,
    ) -> Box<dyn Iterator<Item = (Range<usize>, usize)> + 'a> {
        match self.inner(text) {
            Inner::Automaton(a) => {
                let input = aho_corasick::Input::new(text).span(from.min(text.len())..text.len());
                Box::new(
                    a.find_iter(input)
                        .map(|m| (m.start()..m.end(), m.pattern().as_usize())),
                )
            }
            Inner::Table(t) => {
                let mut at = from;
                Box::new(std::iter::from_fn(move || {
                    while let Some(c) = text.get(at..).and_then(|r| r.chars().next()) {
                        if let Some(i) = t.first_at(text, at, c) {
                            let end = at + t.strings[i as usize].len();
                            let start = at;
                            at = end;
                            return Some((start..end, i as usize));
                        }
                        at += c.len_utf8();
                    }
                    None
                }))
            }
        }
    }

    /// Every occurrence of every string, by index. For a
    /// `Kind::Overlapping` set.
    pub fn for_each_overlapping(&self, text: &str, mut f: impl FnMut(Range<usize>, usize)) {
        match self.inner(text) {
            Inner::Automaton(a) => {
                for m in a.find_overlapping_iter(text) {
                    f(m.start()..m.end(), m.pattern().as_usize());
                }
            }
            Inner::Table(t) => {
                for (at, c) in text.char_indices() {
                    t.visit(text, at, c, |i| {
                        f(at..at + t.strings[i as usize].len(), i as usize);
                        ControlFlow::Continue(())
                    });
                }
            }
        }
    }
}

/// The automaton of `strings`. Without a prefilter: a rare-byte prefilter
/// only slows Chinese text down (the lead bytes of CJK characters are
/// anything but rare). Measured in docs/performance.md.
fn automaton(strings: &[Box<[u8]>], kind: Kind) -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .match_kind(match kind {
            Kind::LeftmostLongest => MatchKind::LeftmostLongest,
            Kind::Overlapping => MatchKind::Standard,
        })
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .prefilter(false)
        .build(strings)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The same set twice: one searching with its table, one that has
    /// built its automaton.
    fn both<S: AsRef<str>>(strings: &[S], kind: Kind) -> (Literals, Literals) {
        let table = Literals::new(strings, kind).unwrap();
        let automaton = Literals::new(strings, kind).unwrap();
        automaton.searches.store(TABLE_SEARCHES, Ordering::Relaxed);
        automaton.inner("");
        assert!(matches!(automaton.inner(""), Inner::Automaton(_)));
        assert!(matches!(table.inner(""), Inner::Table(_)));
        // One text as long as the table's whole allowance builds the
        // automaton at once.
        let long = Literals::new(strings, kind).unwrap();
        let text = "x".repeat(UNIT * TABLE_SEARCHES as usize);
        assert!(matches!(long.inner(&text), Inner::Automaton(_)));
        (table, automaton)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The table finds what the automaton finds.
        #[test]
        fn tables_and_automata_agree(
            strings in prop::collection::vec("[您好你aAbB，1]{1,4}", 1..8),
            text in "[您好你aAbB，1 ]{0,30}",
            from in 0usize..8,
        ) {
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let (table, automaton) = both(&strings, Kind::LeftmostLongest);
            let a: Vec<_> = table.find_iter(&text, from).collect();
            let b: Vec<_> = automaton.find_iter(&text, from).collect();
            prop_assert_eq!(a, b);
            let (table, automaton) = both(&strings, Kind::Overlapping);
            let mut a = Vec::new();
            table.for_each_overlapping(&text, |r, i| a.push((r, i)));
            let mut b = Vec::new();
            automaton.for_each_overlapping(&text, |r, i| b.push((r, i)));
            a.sort_by_key(|(r, i)| (r.start, r.end, *i));
            b.sort_by_key(|(r, i)| (r.start, r.end, *i));
            prop_assert_eq!(a, b);
        }
    }
}
