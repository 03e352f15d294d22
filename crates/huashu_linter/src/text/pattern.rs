//! Phrase patterns: how a standard says what an element or a forbidden
//! family sounds like (FORMAT.md §5, docs/standard.md), in a syntax a bank's
//! quality team can read and edit:
//!
//! | write | means |
//! |---|---|
//! | `感谢您的来电` | these characters (Latin letters in any case; spaces are ignored, `\ ` is one) |
//! | `(来电\|致电)` | one of the alternatives |
//! | `[请问]` | optional (`[请问\|麻烦]`: optionally one of them) |
//! | `…` or `...` | a gap of up to 8 characters inside one clause (`…{15}`: up to 15, at most 30) |
//! | `……` or `......` | a gap of up to 20 characters inside one sentence: it may cross commas (`……{30}`) |
//! | `<number>` `<money>` `<percent>` | a number (Arabic or Chinese), an amount, a percentage |
//! | `<you>` | 您 or 你 |
//! | `<placeholder>` | any `{name}` |
//! | `<title>` | how the agent names the customer: `{customer_title}`, `{customer_name}`, 张先生, 李女士, 王总 … |
//! | `<end>` | the end of the clause (`请讲<end>` is not 请讲一下) |
//!
//! A matcher is a list of such patterns and a list of `unless` patterns:
//! a hit is dropped when an `unless` pattern matches text that overlaps it
//! (不等同于存款 drops 等同于存款; `(不|没)…零风险` drops 零风险 after a
//! negation in the same clause). A hit that starts or ends inside a word is
//! dropped too (`words`).
//!
//! Patterns compile to `regex` automata, which match in time linear in the
//! text whatever the pattern; a gap never crosses a clause end, so a
//! pattern never reaches across a sentence. A pattern that can match
//! nothing (only optional parts and gaps), or that is too large, is refused
//! with the position of the fault.

use std::ops::Range;
use std::sync::OnceLock;

use super::literals::{Kind, Literals};
use crate::finding::Msg;
use crate::msg;

mod vm;

/// A gap's length when the pattern does not say.
pub const DEFAULT_GAP: usize = 8;
/// A sentence gap's length (`……`) when the pattern does not say.
pub const DEFAULT_SENTENCE_GAP: usize = 20;
/// The longest gap a pattern may ask for: a sentence, not a paragraph.
pub const MAX_GAP: usize = 30;
/// The most literal strings one pattern may stand for when its alternatives
/// and optional parts are multiplied out.
const MAX_EXPANSION: u64 = 100_000;
/// The longest pattern, in bytes.
const MAX_PATTERN_BYTES: usize = 2_000;

/// Characters that end a clause: a gap never crosses one.
const CLAUSE_ENDS: &str = "，,。！？!?；;：:、\\n\\r";
/// Characters that end a sentence: a sentence gap never crosses one.
const SENTENCE_ENDS: &str = "。！？!?；;\\n\\r";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Number,
    Money,
    Percent,
    You,
    Placeholder,
    Title,
    /// The end of a clause (a clause mark or the end of the text).
    End,
}

const SLOTS: [(&str, Slot); 7] = [
    ("number", Slot::Number),
    ("money", Slot::Money),
    ("percent", Slot::Percent),
    ("you", Slot::You),
    ("placeholder", Slot::Placeholder),
    ("title", Slot::Title),
    ("end", Slot::End),
];

const NUMBER: &str = r"(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?)";

impl Slot {
    fn regex(self) -> String {
        match self {
            Slot::Number => NUMBER.to_string(),
            Slot::Money => format!(r"(?:{NUMBER}\s*(?:万元|亿元|美元|港元|元|块钱|块|万|亿))"),
            Slot::Percent => format!(r"(?:百分之{NUMBER}|{NUMBER}\s*[%％]|{NUMBER}个点)"),
            Slot::You => "[您你]".to_string(),
            // The mark is matched, then trimmed off the hit (`find_from`).
            Slot::End => format!(r"(?:$|[{CLAUSE_ENDS}])"),
            Slot::Placeholder => r"\{[a-z_][a-z0-9_]*\}".to_string(),
            Slot::Title => {
                r"(?:\{customer_title\}|\{customer_name\}|[\x{4e00}-\x{9fff}]{1,2}(?:先生|女士|小姐|阿姨|叔叔|老师|经理|同学|师傅)|[\x{4e00}-\x{9fff}](?:总|姐|哥))"
                    .to_string()
            }
        }
    }

    /// Strings one of which every match of the slot contains, when there
    /// are few enough to be worth a pre-filter.
    fn required(self) -> Option<Vec<String>> {
        let list: &[&str] = match self {
            Slot::Number | Slot::Placeholder | Slot::End => return None,
            Slot::Money => &["元", "块", "万", "亿"],
            Slot::Percent => &["百分之", "%", "％", "个点"],
            Slot::You => &["您", "你"],
            Slot::Title => &[
                "{customer_",
                "先生",
                "女士",
                "小姐",
                "阿姨",
                "叔叔",
                "老师",
                "经理",
                "同学",
                "师傅",
                "总",
                "姐",
                "哥",
            ],
        };
        Some(list.iter().map(|s| s.to_string()).collect())
    }
}

/// One part of a pattern.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    /// One of several sequences.
    Choice(Vec<Vec<Part>>),
    /// Optionally one of several sequences.
    Optional(Vec<Vec<Part>>),
    Gap(usize),
    /// A gap that may cross commas, but not a sentence end.
    SentenceGap(usize),
    Slot(Slot),
}

/// Why a pattern was refused: where in the pattern (bytes), and what.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternError {
    pub at: Range<usize>,
    pub message: Msg,
}

struct Parser<'a> {
    src: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, at: Range<usize>, message: Msg) -> PatternError {
        PatternError { at, message }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.at..)?.chars().next()
    }

    /// Alternatives separated by `|`, up to `close` (or the end when `None`).
    fn alternatives(
        &mut self,
        open: Option<(char, usize)>,
    ) -> Result<Vec<Vec<Part>>, PatternError> {
        let close = open.map(|(c, _)| if c == '(' { ')' } else { ']' });
        let mut alternatives = Vec::new();
        let mut current: Vec<Part> = Vec::new();
        let mut alt_start = self.at;
        loop {
            let Some(c) = self.peek() else {
                if let Some((c, at)) = open {
                    let shut = if c == '(' { ')' } else { ']' };
                    return Err(self.error(
                        at..at + 1,
                        msg!(zh: "“{c}”没有对应的“{shut}”", en: "`{c}` is never closed with `{shut}`"),
                    ));
                }
                break;
            };
            let start = self.at;
            self.at += c.len_utf8();
            match c {
                '|' | ')' | ']' if Some(c) == close || c == '|' => {
                    trailing_gap(&current, alt_start..start)?;
                    if current.is_empty() {
                        return Err(self.error(
                            alt_start..start + 1,
                            msg!(zh: "空的选项：可选部分请用 [ ] 写", en: "an empty alternative: write an optional part with [ ]"),
                        ));
                    }
                    alternatives.push(std::mem::take(&mut current));
                    alt_start = self.at;
                    if c != '|' {
                        return Ok(alternatives);
                    }
                }
                ')' | ']' => {
                    return Err(self.error(
                        start..self.at,
                        msg!(zh: "多余的“{c}”", en: "`{c}` closes nothing"),
                    ));
                }
                '(' | '[' => {
                    let inner = self.alternatives(Some((c, start)))?;
                    current.push(if c == '(' {
                        Part::Choice(inner)
                    } else {
                        Part::Optional(inner)
                    });
                }
                '<' => {
                    let rest = self.src.get(self.at..).unwrap_or("");
                    let Some(end) = rest.find('>') else {
                        return Err(self.error(
                            start..self.at,
                            msg!(zh: "“<”没有对应的“>”", en: "`<` is never closed with `>`"),
                        ));
                    };
                    let name = &rest[..end];
                    self.at += end + 1;
                    match SLOTS.iter().find(|(n, _)| *n == name) {
                        Some((_, slot)) => current.push(Part::Slot(*slot)),
                        None => {
                            let known = SLOTS
                                .iter()
                                .map(|(n, _)| format!("<{n}>"))
                                .collect::<Vec<_>>()
                                .join(" ");
                            return Err(self.error(
                                start..self.at,
                                msg!(zh: "未知的槽位“<{name}>”；可用：{known}", en: "unknown slot `<{name}>`; known: {known}"),
                            ));
                        }
                    }
                }
                '…' | '.' => {
                    if c == '.' && !self.src[start..].starts_with("...") {
                        push_char(&mut current, c);
                        continue;
                    }
                    if c == '.' {
                        self.at = start + 3;
                    }
                    // `……` (the Chinese ellipsis) or `......`: inside one sentence.
                    let sentence = self.src[self.at..].starts_with('…')
                        || self.src[self.at..].starts_with("...");
                    if sentence {
                        self.at += if self.src[self.at..].starts_with('…') {
                            '…'.len_utf8()
                        } else {
                            3
                        };
                    }
                    let mut gap = if sentence {
                        DEFAULT_SENTENCE_GAP
                    } else {
                        DEFAULT_GAP
                    };
                    let rest = self.src.get(self.at..).unwrap_or("");
                    if rest.starts_with('{') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
                    {
                        let rest = &self.src[self.at..];
                        let end = rest.find('}').unwrap_or(0);
                        match rest.get(1..end).and_then(|n| n.parse::<usize>().ok()) {
                            Some(n) if (1..=MAX_GAP).contains(&n) => gap = n,
                            _ => {
                                let to = if end > 0 {
                                    self.at + end + 1
                                } else {
                                    self.at + 1
                                };
                                return Err(self.error(
                                    start..to,
                                    msg!(zh: "间隔的长度要写成 …{{N}}，N 为 1 到 {MAX_GAP}", en: "a gap's length is written …{{N}}, N from 1 to {MAX_GAP}"),
                                ));
                            }
                        }
                        self.at += end + 1;
                    }
                    if current.is_empty() {
                        return Err(gap_misplaced(start..self.at));
                    }
                    trailing_gap(&current, start..self.at)?;
                    current.push(if sentence {
                        Part::SentenceGap(gap)
                    } else {
                        Part::Gap(gap)
                    });
                }
                '\\' => match self.peek() {
                    Some(next) => {
                        self.at += next.len_utf8();
                        push_char(&mut current, next);
                    }
                    None => return Err(self.error(
                        start..self.at,
                        msg!(zh: "末尾的“\\”后面没有字符", en: "a `\\` at the end escapes nothing"),
                    )),
                },
                '?' | '*' | '+'
                    if matches!(
                        current.last(),
                        Some(Part::Choice(_) | Part::Optional(_) | Part::Slot(_))
                    ) =>
                {
                    return Err(self.error(
                        start..self.at,
                        msg!(zh: "模式不用“{c}”：可选部分写成 [ ]，如 [请问]", en: "patterns have no `{c}`: write an optional part as [ ], e.g. [请问]"),
                    ));
                }
                c if c.is_whitespace() => {}
                c => push_char(&mut current, c),
            }
        }
        trailing_gap(&current, alt_start..self.src.len())?;
        if current.is_empty() {
            let at = alt_start.min(self.src.len());
            return Err(self.error(
                at..self.src.len().max(at),
                msg!(zh: "空的模式或选项", en: "an empty pattern or alternative"),
            ));
        }
        alternatives.push(current);
        Ok(alternatives)
    }
}

/// A gap must stand between two parts: not last (nor after another gap).
fn trailing_gap(parts: &[Part], at: Range<usize>) -> Result<(), PatternError> {
    match parts.last() {
        Some(Part::Gap(_) | Part::SentenceGap(_)) => Err(gap_misplaced(at)),
        _ => Ok(()),
    }
}

fn gap_misplaced(at: Range<usize>) -> PatternError {
    PatternError {
        at,
        message: msg!(zh: "间隔“…”必须写在两个部分之间", en: "a gap `…` must stand between two parts"),
    }
}

fn push_char(parts: &mut Vec<Part>, c: char) {
    match parts.last_mut() {
        Some(Part::Literal(s)) => s.push(c),
        _ => parts.push(Part::Literal(c.to_string())),
    }
}

/// Whether a sequence can match the empty string.
fn can_be_empty(seq: &[Part]) -> bool {
    seq.iter().all(|p| match p {
        Part::Literal(_) | Part::Slot(_) => false,
        Part::Choice(alts) => alts.iter().any(|a| can_be_empty(a)),
        Part::Optional(_) | Part::Gap(_) | Part::SentenceGap(_) => true,
    })
}

/// How many literal strings a sequence stands for (saturating).
fn expansion(seq: &[Part]) -> u64 {
    seq.iter().fold(1u64, |n, p| {
        let k = match p {
            Part::Choice(alts) => alts
                .iter()
                .map(|a| expansion(a))
                .fold(0u64, u64::saturating_add),
            Part::Optional(alts) => alts
                .iter()
                .map(|a| expansion(a))
                .fold(1u64, u64::saturating_add),
            Part::Gap(_) | Part::SentenceGap(_) | Part::Literal(_) | Part::Slot(_) => 1,
        };
        n.saturating_mul(k)
    })
}

/// A literal as a regex. Latin letters match in any case; case folding is
/// asked for only where there are some. (The regex form of a pattern
/// orders alternatives, and is the reference the automaton is tested
/// against.)
#[cfg(test)]
fn literal_regex(literal: &str) -> String {
    let mut escaped = String::with_capacity(literal.len() + 8);
    for c in literal.chars() {
        // regex_syntax::is_meta_character
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    if literal.bytes().any(|b| b.is_ascii_alphabetic()) {
        format!("(?i:{escaped})")
    } else {
        escaped
    }
}

/// How many characters `to_regex` writes for `seq`, counted without
/// writing them: the length orders a list's patterns, and a one-file run
/// would otherwise build every pattern's regex only to measure it.
fn regex_chars(seq: &[Part]) -> usize {
    seq.iter()
        .map(|p| match p {
            Part::Literal(s) => {
                let escapes = s
                    .chars()
                    .filter(|c| "\\.+*?()|[]{}^$#&-~".contains(*c))
                    .count();
                let wrap = if s.bytes().any(|b| b.is_ascii_alphabetic()) {
                    5
                } else {
                    0
                };
                s.chars().count() + escapes + wrap
            }
            Part::Choice(alts) | Part::Optional(alts) => {
                let inner: usize = alts.iter().map(|a| regex_chars(a)).sum();
                let optional = usize::from(matches!(p, Part::Optional(_)));
                "(?:".len() + inner + alts.len().saturating_sub(1) + ")".len() + optional
            }
            Part::Gap(n) => bounded_class_chars(CLAUSE_ENDS, *n),
            Part::SentenceGap(n) => bounded_class_chars(SENTENCE_ENDS, *n),
            Part::Slot(slot) => slot.regex().chars().count(),
        })
        .sum()
}

/// The characters of `[^{class}]{0,n}?`.
fn bounded_class_chars(class: &str, n: usize) -> usize {
    "[^]{0,}?".len() + class.chars().count() + n.to_string().len()
}

#[cfg(test)]
fn to_regex(seq: &[Part], out: &mut String) {
    for p in seq {
        match p {
            Part::Literal(s) => out.push_str(&literal_regex(s)),
            Part::Choice(alts) | Part::Optional(alts) => {
                out.push_str("(?:");
                // Longer alternatives first: leftmost-first matching then
                // takes the longest one that fits (摊余成本 before 成本).
                let mut rendered: Vec<String> = alts
                    .iter()
                    .map(|a| {
                        let mut s = String::new();
                        to_regex(a, &mut s);
                        s
                    })
                    .collect();
                rendered.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
                out.push_str(&rendered.join("|"));
                out.push(')');
                if matches!(p, Part::Optional(_)) {
                    out.push('?');
                }
            }
            Part::Gap(n) => out.push_str(&format!("[^{CLAUSE_ENDS}]{{0,{n}}}?")),
            Part::SentenceGap(n) => out.push_str(&format!("[^{SENTENCE_ENDS}]{{0,{n}}}?")),
            Part::Slot(slot) => out.push_str(&slot.regex()),
        }
    }
}

/// The most strings a pattern of fixed parts is matched as, literally.
const MAX_EXPANDED: usize = 256;

/// The most strings a run of adjacent parts may expand to before it stops
/// being worth a pre-filter.
const MAX_RUN: usize = 16;

/// Every string a part can match, when it is a handful of fixed strings
/// (a literal, a choice of literals, `<you>`).
fn fixed_strings(part: &Part, cap: usize) -> Option<Vec<String>> {
    match part {
        Part::Literal(s) => Some(vec![s.clone()]),
        Part::Slot(Slot::You) => Some(vec!["您".into(), "你".into()]),
        Part::Choice(alts) => choice_strings(alts, cap),
        Part::Optional(alts) => {
            let mut all = choice_strings(alts, cap)?;
            all.push(String::new());
            (all.len() <= cap).then_some(all)
        }
        _ => None,
    }
}

/// Every string one of `alts` can match, when each is fixed parts.
fn choice_strings(alts: &[Vec<Part>], cap: usize) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for a in alts {
        all.extend(sequence_strings(a, cap)?);
        if all.len() > cap {
            return None;
        }
    }
    Some(all)
}

/// Every string a sequence of fixed parts can match: a literal (most
/// parts) is appended in place, anything else multiplied out.
fn sequence_strings(seq: &[Part], cap: usize) -> Option<Vec<String>> {
    let mut run = vec![String::new()];
    for p in seq {
        match p {
            Part::Literal(s) => run.iter_mut().for_each(|r| r.push_str(s)),
            _ => run = product(&run, &fixed_strings(p, cap)?, cap)?,
        }
    }
    Some(run)
}

fn product(left: &[String], right: &[String], cap: usize) -> Option<Vec<String>> {
    if left.len() * right.len() > cap {
        return None;
    }
    Some(
        left.iter()
            .flat_map(|l| {
                right.iter().map(move |r| {
                    let mut joined = String::with_capacity(l.len() + r.len());
                    joined.push_str(l);
                    joined.push_str(r);
                    joined
                })
            })
            .collect(),
    )
}

/// The strings every match of a pattern starts with, when each of its
/// alternatives starts with a few fixed parts (as many as keep the list
/// at `MAX_RUN` strings).
fn leading(part: &Part) -> Option<Vec<String>> {
    let Part::Choice(alts) = part else {
        return None;
    };
    let mut all = Vec::new();
    for a in alts {
        let mut run = vec![String::new()];
        for p in a {
            match fixed_strings(p, MAX_RUN).and_then(|strings| product(&run, &strings, MAX_RUN)) {
                Some(joined) => run = joined,
                None => break,
            }
        }
        if run.iter().any(String::is_empty) {
            return None;
        }
        all.extend(run);
    }
    Some(all)
}

/// Both bounds, or `None` when either is unbounded.
fn add_bounds(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    Some(a? + b?)
}

/// How far into a slot's match its required strings start, at most.
fn slot_offset(slot: Slot) -> Option<usize> {
    match slot {
        Slot::You => Some(0),
        // {customer_ at 0; 先生 after at most two Han characters.
        Slot::Title => Some(6),
        // The unit or the sign follows a number of any length.
        Slot::Money | Slot::Percent | Slot::Number | Slot::Placeholder | Slot::End => None,
    }
}

/// Strings one of which every match of `seq` contains, chosen to be as
/// selective as the sequence allows, and how many bytes into a match such
/// a string starts at most (`None`: unbounded); `None` when no such list
/// exists. Adjacent fixed parts are joined (`(您|你)好` needs 您好 or 你好,
/// not just 好): a pre-filter on single characters would pass nearly
/// every line.
fn required(seq: &[Part]) -> Option<(Vec<String>, Option<usize>)> {
    let (candidate, _, at) = required_candidate(seq)?;
    Some((candidate.strings(), at))
}

/// How many strings a list has, the shortest and all together (in
/// characters): what choosing among candidates needs, without making them.
#[derive(Debug, Clone, Copy)]
struct Stats {
    count: u64,
    shortest: u64,
    total: u64,
}

impl Stats {
    fn one(chars: u64) -> Stats {
        Stats {
            count: 1,
            shortest: chars,
            total: chars,
        }
    }

    /// Every string of `self` followed by every string of `next`.
    fn then(self, next: Stats, cap: u64) -> Option<Stats> {
        let count = self.count.checked_mul(next.count).filter(|&c| c <= cap)?;
        Some(Stats {
            count,
            shortest: self.shortest + next.shortest,
            total: self.total * next.count + next.total * self.count,
        })
    }

    /// The strings of both lists.
    fn or(self, other: Stats) -> Stats {
        Stats {
            count: self.count + other.count,
            shortest: self.shortest.min(other.shortest),
            total: self.total + other.total,
        }
    }

    /// The order `required` prefers: the longest shortest string, then the
    /// longest strings on average (一个词 is rarer than 电话), then the fewest.
    fn key(self) -> (u64, u64, std::cmp::Reverse<u64>) {
        (
            self.shortest.min(4),
            (10 * self.total / self.count.max(1)).min(40),
            std::cmp::Reverse(self.count),
        )
    }
}

/// `fixed_strings(part, cap)`'s list, counted instead of made.
fn fixed_stats(part: &Part, cap: u64) -> Option<Stats> {
    let seq = |a: &[Part]| {
        a.iter()
            .try_fold(Stats::one(0), |s, p| s.then(fixed_stats(p, cap)?, cap))
    };
    let stats = match part {
        Part::Literal(s) => Stats::one(s.chars().count() as u64),
        Part::Slot(Slot::You) => Stats {
            count: 2,
            shortest: 1,
            total: 2,
        },
        Part::Choice(alts) => alts
            .iter()
            .map(|a| seq(a))
            .reduce(|x, y| Some(x?.or(y?)))??,
        Part::Optional(alts) => alts
            .iter()
            .map(|a| seq(a))
            .try_fold(Stats::one(0), |x, y| Some(x.or(y?)))?,
        _ => return None,
    };
    (stats.count <= cap).then_some(stats)
}

/// A list of required strings, before it is made.
enum Required<'a> {
    /// The product of some adjacent fixed parts.
    Run(&'a [Part]),
    /// Each alternative's list.
    Choice(Vec<Required<'a>>),
    Slot(Slot),
}

impl Required<'_> {
    fn strings(&self) -> Vec<String> {
        match self {
            Required::Run(parts) => parts.iter().fold(vec![String::new()], |mut run, p| {
                // A literal (most parts) is appended in place: no list of
                // one string made and multiplied out.
                if let Part::Literal(s) = p {
                    run.iter_mut().for_each(|r| r.push_str(s));
                    return run;
                }
                product(
                    &run,
                    &fixed_strings(p, MAX_RUN).unwrap_or_default(),
                    usize::MAX,
                )
                .unwrap_or_default()
            }),
            Required::Choice(alts) => alts.iter().flat_map(Required::strings).collect(),
            Required::Slot(slot) => slot.required().unwrap_or_default(),
        }
    }
}

fn slot_stats(slot: Slot) -> Option<Stats> {
    slot.required()?
        .iter()
        .map(|s| Stats::one(s.chars().count() as u64))
        .reduce(Stats::or)
}

/// `required`'s choice, with its statistics and offset.
fn required_candidate(seq: &[Part]) -> Option<(Required<'_>, Stats, Option<usize>)> {
    let cap = MAX_RUN as u64;
    let mut candidates: Vec<(Required, Stats, Option<usize>)> = Vec::new();
    // The current run of fixed parts: where it starts, its statistics, its offset.
    let mut run: Option<(usize, Stats, Option<usize>)> = None;
    for (i, p) in seq.iter().enumerate() {
        let before = || vm::max_bytes(&seq[..i]);
        match fixed_stats(p, cap) {
            Some(stats) => {
                run = Some(match run.take() {
                    Some((start, r, at)) => match r.then(stats, cap) {
                        Some(joined) => (start, joined, at),
                        None => {
                            candidates.push((Required::Run(&seq[start..i]), r, at));
                            (i, stats, before())
                        }
                    },
                    None => (i, stats, before()),
                });
            }
            None => {
                if let Some((start, r, at)) = run.take() {
                    candidates.push((Required::Run(&seq[start..i]), r, at));
                }
                match p {
                    Part::Choice(alts) => {
                        let mut all = Vec::new();
                        let mut stats: Option<Stats> = None;
                        let mut inner = Some(0);
                        let mut every = true;
                        for a in alts {
                            match required_candidate(a) {
                                Some((c, st, at)) => {
                                    all.push(c);
                                    stats = Some(stats.map_or(st, |s| s.or(st)));
                                    inner = match (inner, at) {
                                        (Some(x), Some(y)) => Some(x.max(y)),
                                        _ => None,
                                    };
                                }
                                None => every = false,
                            }
                        }
                        if let (true, Some(stats)) = (every, stats) {
                            candidates.push((
                                Required::Choice(all),
                                stats,
                                add_bounds(before(), inner),
                            ));
                        }
                    }
                    Part::Slot(slot) => {
                        if let Some(stats) = slot_stats(*slot) {
                            candidates.push((
                                Required::Slot(*slot),
                                stats,
                                add_bounds(before(), slot_offset(*slot)),
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some((start, r, at)) = run {
        candidates.push((Required::Run(&seq[start..]), r, at));
    }
    // A list that can be empty requires nothing.
    candidates.retain(|(_, stats, _)| stats.shortest > 0);
    candidates
        .into_iter()
        .max_by_key(|(_, stats, _)| stats.key())
}

/// One checked pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    required: Option<Vec<String>>,
    /// How many bytes into a match a required string starts, at most.
    anchor_offset: Option<usize>,
    /// The parsed pattern.
    part: Part,
}

impl Pattern {
    /// Parse and check one pattern.
    pub fn parse(source: &str) -> Result<Pattern, PatternError> {
        if source.len() > MAX_PATTERN_BYTES {
            return Err(PatternError {
                at: 0..source.len(),
                message: msg!(zh: "模式太长（最多 {MAX_PATTERN_BYTES} 字节）", en: "the pattern is too long (at most {MAX_PATTERN_BYTES} bytes)"),
            });
        }
        let mut parser = Parser { src: source, at: 0 };
        let alternatives = parser.alternatives(None)?;
        let seq = vec![Part::Choice(alternatives)];
        if can_be_empty(&seq) {
            return Err(PatternError {
                at: 0..source.len(),
                message: msg!(zh: "模式可以什么都不匹配（只有可选部分和间隔）", en: "the pattern can match nothing at all (only optional parts and gaps)"),
            });
        }
        if expansion(&seq) > MAX_EXPANSION {
            return Err(PatternError {
                at: 0..source.len(),
                message: msg!(zh: "模式展开后太大（超过 {MAX_EXPANSION} 种说法）：请拆成几个模式", en: "the pattern expands to too many phrasings (over {MAX_EXPANSION}): split it"),
            });
        }
        let (required, anchor_offset) = match required(&seq) {
            Some((r, at)) => (Some(r), at),
            None => (None, None),
        };
        Ok(Pattern {
            source: source.to_string(),
            required,
            anchor_offset,
            part: seq
                .into_iter()
                .next()
                .unwrap_or(Part::Literal(String::new())),
        })
    }

    /// Parse, and compile once, so that a pattern too large for the
    /// automaton limits is refused when a standard file loads, not when it
    /// is used (the built-in standard is checked so by a test instead, and
    /// a one-file run does not pay for it).
    pub fn parse_checked(source: &str) -> Result<Pattern, PatternError> {
        let pattern = Pattern::parse(source)?;
        let size = vm::Program::new(&pattern.part).len();
        if size > MAX_PROGRAM {
            return Err(PatternError {
                at: 0..source.len(),
                message: msg!(zh: "模式太复杂（{size} 条指令，最多 {MAX_PROGRAM}）：请拆成几个模式", en: "the pattern is too complex ({size} instructions, at most {MAX_PROGRAM}): split it"),
            });
        }
        Ok(pattern)
    }

    /// Every string the pattern can match, when it is a handful of fixed
    /// strings (no gap, no slot but `<you>`): such a pattern is matched as
    /// literal phrases, which needs no automaton to be compiled.
    pub fn expansions(&self) -> Option<Vec<String>> {
        let strings = fixed_strings(&self.part, MAX_EXPANDED)?;
        (!strings.iter().any(String::is_empty)).then_some(strings)
    }

    /// The pattern written as a regex: the reference the automaton is
    /// tested against (its length, counted by `regex_chars`, orders a
    /// list's patterns).
    #[cfg(test)]
    fn regex(&self) -> String {
        let mut regex = String::new();
        to_regex(std::slice::from_ref(&self.part), &mut regex);
        regex
    }

    /// Whether the pattern stands for a handful of fixed strings (no gap,
    /// no slot but `<you>`), so that `expansions` gives them: counted,
    /// not expanded.
    pub fn is_fixed(&self) -> bool {
        fixed_stats(&self.part, MAX_EXPANDED as u64).is_some()
    }

    /// Strings one of which every match holds, when there is such a list.
    pub fn required(&self) -> Option<&[String]> {
        self.required.as_deref()
    }

    /// A literal phrase as a pattern (for lists that hold plain phrases).
    pub fn literal(phrase: &str) -> Pattern {
        Pattern {
            source: phrase.to_string(),
            required: Some(vec![phrase.to_string()]),
            anchor_offset: Some(0),
            part: Part::Literal(phrase.to_string()),
        }
    }
}

/// The patterns as one regex, in the order of preference: the reference
/// the automaton of `vm` is tested against.
#[cfg(test)]
fn build(patterns: &[Pattern]) -> Result<Option<regex::Regex>, regex::Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut alternatives: Vec<String> = patterns.iter().map(Pattern::regex).collect();
    alternatives.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    regex::RegexBuilder::new(&format!("(?:{})", alternatives.join("|")))
        .size_limit(4 << 20)
        .dfa_size_limit(4 << 20)
        .build()
        .map(Some)
}

/// Alternatives in the order a match prefers them: longer ones first
/// (摊余成本 before 成本), measured as their regex is long, so that the
/// automaton and the reference regex agree; ties keep the written order.
fn preference_order(alts: &[Vec<Part>]) -> Vec<&Vec<Part>> {
    let mut ordered: Vec<(usize, &Vec<Part>)> = alts.iter().map(|a| (regex_chars(a), a)).collect();
    ordered.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    ordered.into_iter().map(|(_, a)| a).collect()
}

/// The most instructions one pattern may compile to.
const MAX_PROGRAM: usize = 100_000;

thread_local! {
    static SCRATCH: std::cell::RefCell<vm::Scratch> = std::cell::RefCell::new(vm::Scratch::default());
}

/// A list of patterns, searched as one: the leftmost hit of any, and at
/// that start the preferred pattern. Each pattern compiles on first use;
/// a text is searched only by the patterns whose required strings it
/// holds, from a little before the first of them.
#[derive(Debug, Default)]
struct Alternatives {
    patterns: Vec<Pattern>,
    programs: Vec<OnceLock<vm::Program>>,
    /// Each pattern's rank in the order of preference (0 first), on first use.
    rank: OnceLock<Vec<u32>>,
    anchors: OnceLock<Anchors>,
}

impl Clone for Alternatives {
    fn clone(&self) -> Alternatives {
        Alternatives::new(self.patterns.clone())
    }
}

/// The required strings of every pattern as one automaton.
#[derive(Debug, Default)]
struct Anchors {
    automaton: Option<Literals>,
    /// The pattern of each string of the automaton.
    owner: Vec<u32>,
    /// Patterns that need no particular string.
    always: Vec<u32>,
    /// How many bytes into a match each pattern's anchors start, at most.
    offset: Vec<Option<usize>>,
}

/// One pattern's part in a search of one text.
#[derive(Debug)]
struct Candidate {
    pattern: u32,
    /// Where its required strings start, in order (`None`: anywhere).
    anchors: Option<Vec<usize>>,
    cursor: usize,
    /// Its leftmost match from `.0` on, once searched.
    found: Option<(usize, Option<(usize, usize)>)>,
}

/// The search of one text by a list of patterns.
struct Search<'a> {
    set: &'a Alternatives,
    text: &'a str,
    /// In order of preference.
    candidates: Vec<Candidate>,
}

impl Alternatives {
    fn new(patterns: Vec<Pattern>) -> Alternatives {
        Alternatives {
            programs: (0..patterns.len()).map(|_| OnceLock::new()).collect(),
            patterns,
            rank: OnceLock::new(),
            anchors: OnceLock::new(),
        }
    }

    fn rank(&self) -> &[u32] {
        self.rank.get_or_init(|| {
            let lengths: Vec<usize> = self
                .patterns
                .iter()
                .map(|p| regex_chars(std::slice::from_ref(&p.part)))
                .collect();
            let mut order: Vec<usize> = (0..self.patterns.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(lengths[i]));
            let mut rank = vec![0u32; self.patterns.len()];
            for (r, &i) in order.iter().enumerate() {
                rank[i] = r as u32;
            }
            rank
        })
    }

    fn program(&self, i: usize) -> &vm::Program {
        self.programs[i].get_or_init(|| vm::Program::new(&self.patterns[i].part))
    }

    fn anchors(&self) -> &Anchors {
        self.anchors.get_or_init(|| {
            let mut strings = Vec::new();
            let mut owner = Vec::new();
            let mut always = Vec::new();
            let mut offset = Vec::new();
            for (i, p) in self.patterns.iter().enumerate() {
                // What every match starts with, when that is a handful of
                // strings: one start to try per anchor. Else the selective
                // strings somewhere inside, and the starts before them.
                // A leading single character (不, 是) would anchor at
                // nearly every line: then the inner strings, if longer.
                let shortest = |list: &[String]| list.iter().map(|s| s.chars().count()).min();
                let (anchor, at) = match leading(&p.part) {
                    Some(lead)
                        if shortest(&lead) >= Some(2)
                            || p.required.as_deref().and_then(shortest) <= shortest(&lead) =>
                    {
                        (Some(lead), Some(0))
                    }
                    _ => (p.required.clone(), p.anchor_offset),
                };
                offset.push(at);
                match anchor {
                    Some(list) => {
                        for r in list {
                            strings.push(r);
                            owner.push(i as u32);
                        }
                    }
                    None => always.push(i as u32),
                }
            }
            let automaton = Literals::new(&strings, Kind::Overlapping);
            Anchors {
                automaton,
                owner,
                always,
                offset,
            }
        })
    }

    /// Prepare the search of `text`: which patterns may match it, and where.
    fn search<'a>(&'a self, text: &'a str) -> Search<'a> {
        let mut candidates: Vec<Candidate> = Vec::new();
        if !self.patterns.is_empty() {
            let anchors = self.anchors();
            let mut slot: Vec<u32> = vec![u32::MAX; self.patterns.len()];
            for &p in &anchors.always {
                slot[p as usize] = candidates.len() as u32;
                candidates.push(Candidate {
                    pattern: p,
                    anchors: None,
                    cursor: 0,
                    found: None,
                });
            }
            if let Some(literals) = &anchors.automaton {
                literals.for_each_overlapping(text, |m, i| {
                    let p = anchors.owner[i];
                    let s = slot[p as usize];
                    if s == u32::MAX {
                        slot[p as usize] = candidates.len() as u32;
                        candidates.push(Candidate {
                            pattern: p,
                            anchors: Some(vec![m.start]),
                            cursor: 0,
                            found: None,
                        });
                    } else if let Some(list) = &mut candidates[s as usize].anchors {
                        list.push(m.start);
                    }
                });
            }
            for c in &mut candidates {
                if let Some(list) = &mut c.anchors {
                    // Overlapping matches come in order of their ends.
                    list.sort_unstable();
                }
            }
            let rank = self.rank();
            candidates.sort_by_key(|c| rank[c.pattern as usize]);
        }
        Search {
            set: self,
            text,
            candidates,
        }
    }
}

impl Search<'_> {
    /// The leftmost match at or after `from` (the preferred pattern's at
    /// that start), and the index of its candidate.
    fn next(&mut self, from: usize) -> Option<(Range<usize>, usize)> {
        if from > self.text.len() {
            return None;
        }
        let text = self.text;
        let mut best: Option<(usize, usize, usize)> = None;
        for (k, c) in self.candidates.iter_mut().enumerate() {
            let valid = c
                .found
                .is_some_and(|(at, m)| at <= from && m.is_none_or(|(s, _)| s >= from));
            if !valid {
                let program = self.set.program(c.pattern as usize);
                let offset = self.set.anchors().offset[c.pattern as usize];
                let find = |at: usize, anchored: bool| {
                    SCRATCH.with(|s| program.find(text, at, anchored, &mut s.borrow_mut()))
                };
                let m = match &c.anchors {
                    None => find(from, false),
                    Some(list) => {
                        while c.cursor < list.len() && list[c.cursor] < from {
                            c.cursor += 1;
                        }
                        match offset {
                            // A match holds a required string at most
                            // `offset` bytes in: only the starts that near
                            // an anchor are tried, each on its own.
                            Some(offset) => {
                                let mut floor = from;
                                let mut m = None;
                                'anchors: for &anchor in &list[c.cursor..] {
                                    let mut at = anchor.saturating_sub(offset).max(floor);
                                    while !text.is_char_boundary(at) {
                                        at += 1;
                                    }
                                    while at <= anchor {
                                        if let Some(found) = find(at, true) {
                                            m = Some(found);
                                            break 'anchors;
                                        }
                                        at += text[at..].chars().next().map_or(1, char::len_utf8);
                                    }
                                    floor = at;
                                }
                                m
                            }
                            None => list.get(c.cursor).and_then(|_| find(from, false)),
                        }
                    }
                };
                c.found = Some((from, m));
            }
            if let Some((_, Some((s, e)))) = c.found {
                // Candidates are in order of preference: a tie keeps the first.
                if best.is_none_or(|(bs, _, _)| s < bs) {
                    best = Some((s, e, k));
                }
            }
        }
        best.map(|(s, e, k)| (s..e, k))
    }

    /// Other candidates' matches that start exactly at `start`, in order
    /// of preference, but `skip`'s.
    fn anchored_at(&self, start: usize, skip: usize) -> impl Iterator<Item = Range<usize>> + '_ {
        self.candidates
            .iter()
            .enumerate()
            .filter(move |(k, _)| *k != skip)
            .filter_map(move |(_, c)| {
                let program = self.set.program(c.pattern as usize);
                SCRATCH
                    .with(|s| program.find(self.text, start, true, &mut s.borrow_mut()))
                    .map(|(s, e)| s..e)
            })
    }
}

/// Patterns and the `unless` patterns that take hits back, compiled on
/// first use (a run that never meets a text that may match builds nothing).
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    targets: Alternatives,
    unless: Alternatives,
}

impl Matcher {
    pub fn new(patterns: Vec<Pattern>, unless: Vec<Pattern>) -> Matcher {
        Matcher {
            targets: Alternatives::new(patterns),
            unless: Alternatives::new(unless),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.targets.patterns.is_empty()
    }

    /// Strings one of which every hit contains (for a pre-filter), or
    /// `None` when some pattern has no such list.
    pub fn required(&self) -> Option<Vec<String>> {
        let mut all = Vec::new();
        for p in &self.targets.patterns {
            all.extend(p.required.clone()?);
        }
        Some(all)
    }

    /// Whether an `unless` pattern matches text that overlaps `range`.
    /// Only matches that start at most `UNLESS_REACH` characters before the
    /// hit are looked for.
    pub fn overlaps(&self, text: &str, range: &Range<usize>) -> bool {
        self.overlaps_in(&mut None, text, range)
    }

    /// `overlaps`, keeping what it works out in `memo` for the next hit of
    /// the same text: each start of each `unless` pattern is tried once per
    /// text, however many hits look at it, so thousands of hits on one long
    /// line stay linear. Hits must come left to right for the memo to pay;
    /// one further left starts it again.
    pub(crate) fn overlaps_in<'a>(
        &'a self,
        memo: &mut Option<Box<Unless<'a>>>,
        text: &'a str,
        range: &Range<usize>,
    ) -> bool {
        if self.unless.patterns.is_empty() {
            return false;
        }
        let from = back_chars(text, range.start, UNLESS_REACH);
        // A match that starts at or after the hit's end cannot overlap it.
        let before = range.end.max(range.start + 1);
        let memo = match memo {
            Some(m)
                if std::ptr::eq(m.search.text, text)
                    && std::ptr::eq(m.search.set, &self.unless)
                    && m.from <= from =>
            {
                m
            }
            _ => memo.insert(Box::new(Unless::new(&self.unless, text, from))),
        };
        memo.extend(before);
        memo.matches.iter().any(|list| {
            let first = list.partition_point(|&(s, _)| s < from);
            list[first..]
                .iter()
                .take_while(|&&(s, _)| s < before)
                .any(|&(_, e)| range.start < e)
        })
    }

    /// The first hit at or after `from`: a match that overlaps an `unless`
    /// match or cuts through a word is dropped (another pattern that
    /// matches at the same start may stand instead), and the search goes
    /// on from its next character, so a later phrasing can still be found.
    fn next_hit<'a>(
        &'a self,
        search: &mut Search<'a>,
        memo: &mut Option<Box<Unless<'a>>>,
        from: usize,
    ) -> Option<Range<usize>> {
        let text = search.text;
        let mut from = from;
        loop {
            let (m, k) = search.next(from)?;
            let range = without_end_mark(text, m.clone());
            if self.stands(memo, text, &range) {
                return Some(range);
            }
            let other = search
                .anchored_at(m.start, k)
                .map(|r| without_end_mark(text, r))
                .find(|other| *other != range && self.stands(memo, text, other));
            if other.is_some() {
                return other;
            }
            from = m.start + text[m.start..].chars().next().map_or(1, char::len_utf8);
        }
    }

    pub fn find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        if self.targets.patterns.is_empty() {
            return None;
        }
        let mut search = self.targets.search(text);
        self.next_hit(&mut search, &mut None, from)
    }

    /// Whether a match is a hit: not empty, not in quotation marks (someone
    /// else's words), between words, and overlapped by no `unless` match.
    fn stands<'a>(
        &'a self,
        memo: &mut Option<Box<Unless<'a>>>,
        text: &'a str,
        range: &Range<usize>,
    ) -> bool {
        !range.is_empty()
            && !super::inside_quotes(text, range)
            && super::words::on_boundaries(text, range)
            && !self.overlaps_in(memo, text, range)
    }

    /// Every hit in `text`, left to right, none overlapping.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let mut hits = Vec::new();
        if self.targets.patterns.is_empty() {
            return hits;
        }
        let mut search = self.targets.search(text);
        let mut memo = None;
        let mut from = 0;
        while let Some(range) = self.next_hit(&mut search, &mut memo, from) {
            from = range.end;
            hits.push(range);
        }
        hits
    }

    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_from(text, 0)
    }
}

/// The `unless` matches of one text, worked out left to right as hits ask
/// for them (see `Matcher::overlaps_in`).
pub(crate) struct Unless<'a> {
    /// The `unless` patterns' search of the whole text: which may match,
    /// and the anchors where they may.
    search: Search<'a>,
    /// Starts before this byte have not been tried (and will not be).
    from: usize,
    /// Every start before this byte has been tried, for every candidate.
    tried: usize,
    /// For each candidate: its match at each start tried, by start.
    matches: Vec<Vec<(usize, usize)>>,
}

/// How far past its start an `unless` match is looked for (bytes): the
/// text a pattern of gaps and words can span, with room to spare. A slot
/// such as `<number>` could run on through a long run of digits; this
/// bounds each try, so that a line of a million digits costs a million
/// short tries, not a million long ones.
const UNLESS_SPAN: usize = 4 * 4 * UNLESS_REACH;

impl<'a> Unless<'a> {
    fn new(set: &'a Alternatives, text: &'a str, from: usize) -> Unless<'a> {
        let search = set.search(text);
        let matches = vec![Vec::new(); search.candidates.len()];
        Unless {
            search,
            from,
            tried: from,
            matches,
        }
    }

    /// Try every start before `before` not tried yet.
    fn extend(&mut self, before: usize) {
        if before <= self.tried {
            return;
        }
        let text = self.search.text;
        let set = self.search.set;
        let (lo, hi) = (self.tried, before.min(text.len() + 1));
        for (c, matches) in self.search.candidates.iter_mut().zip(&mut self.matches) {
            let program = set.program(c.pattern as usize);
            let offset = set.anchors().offset[c.pattern as usize];
            let mut at = lo;
            while at < hi {
                // The next start this candidate can have: near an anchor
                // when it has anchors and knows how far into a match they
                // lie, else anywhere.
                if let Some(list) = &c.anchors {
                    while c.cursor < list.len() && list[c.cursor] < at {
                        c.cursor += 1;
                    }
                    // A match holds one of the anchors at or after its start.
                    let Some(&anchor) = list.get(c.cursor) else {
                        break;
                    };
                    if let Some(offset) = offset {
                        at = at.max(anchor.saturating_sub(offset));
                    }
                    while !text.is_char_boundary(at) {
                        at += 1;
                    }
                    if at >= hi {
                        break;
                    }
                }
                let c = text[at..].chars().next();
                // Most starts near an anchor cannot start a match at all.
                if program.may_start(c) {
                    let mut end = (at + UNLESS_SPAN).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    let found =
                        SCRATCH.with(|s| program.find(&text[..end], at, true, &mut s.borrow_mut()));
                    if let Some(m) = found {
                        matches.push(m);
                    }
                }
                at += c.map_or(1, char::len_utf8);
            }
        }
        self.tried = before;
    }
}

/// A hit that ends with a clause mark (matched by `<end>`) ends before it.
fn without_end_mark(text: &str, range: Range<usize>) -> Range<usize> {
    match text[range.clone()].chars().next_back() {
        Some(c) if range.len() > c.len_utf8() && super::is_clause_end(c) => {
            range.start..range.end - c.len_utf8()
        }
        _ => range,
    }
}

/// How far around a hit (in characters) its `unless` patterns are looked for.
const UNLESS_REACH: usize = 48;

/// The byte offset `n` characters before `at` (or 0).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(at, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(patterns: &[&str], unless: &[&str]) -> Matcher {
        Matcher::new(
            patterns
                .iter()
                .map(|p| Pattern::parse(p).unwrap())
                .collect(),
            unless.iter().map(|p| Pattern::parse(p).unwrap()).collect(),
        )
    }

    fn hits<'t>(m: &Matcher, text: &'t str) -> Vec<&'t str> {
        m.find_all(text).into_iter().map(|r| &text[r]).collect()
    }

    /// The length that orders patterns is counted, not written: the count
    /// must be the written regex's, for every pattern of the built-in
    /// standard and for every kind of part.
    #[test]
    fn regex_lengths_are_counted_exactly() {
        let data = serde_json::to_value(crate::standard::StandardData::builtin()).unwrap();
        let mut strings = Vec::new();
        fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
                serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        walk(&data, &mut strings);
        strings.extend(
            [
                "a.b(c|d)",
                "[您|你]…好",
                "<money><percent><you><title><end><placeholder><number>",
                "x...y",
                "ABC",
            ]
            .map(String::from),
        );
        let mut checked = 0;
        for s in &strings {
            if let Ok(p) = Pattern::parse(s) {
                assert_eq!(
                    regex_chars(std::slice::from_ref(&p.part)),
                    p.regex().chars().count(),
                    "{s}"
                );
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn alternatives_options_gaps_and_slots() {
        let thanks = m(&["(感谢|谢谢)[您的](来电|致电)"], &[]);
        assert_eq!(hits(&thanks, "好的，谢谢来电，再见"), ["谢谢来电"]);
        assert_eq!(hits(&thanks, "感谢您的致电"), ["感谢您的致电"]);
        let contact = m(&["(把|将)<you>的…(手机号|联系电话)…留"], &[]);
        assert_eq!(hits(&contact, "麻烦把您的手机号留一下"), ["把您的手机号留"]);
        // A gap stays inside its clause; a sentence gap crosses commas only.
        assert!(hits(&contact, "麻烦把您的，手机号留一下").is_empty());
        let help = m(&["没办法……帮<you>"], &[]);
        assert_eq!(hits(&help, "我没办法，但我帮您转接"), ["没办法，但我帮您"]);
        assert!(hits(&help, "我没办法。我帮您转接").is_empty());
        let agent = m(&["<number>号为<you>服务"], &[]);
        assert_eq!(hits(&agent, "您好，8012号为您服务"), ["8012号为您服务"]);
        let ret = m(&["(肯定|一定)…<percent>"], &[]);
        assert_eq!(hits(&ret, "肯定能拿到5%的收益"), ["肯定能拿到5%"]);
        assert_eq!(hits(&ret, "一定有百分之四点五"), ["一定有百分之四点五"]);
        let ask = m(&["请讲<end>"], &[]);
        assert_eq!(hits(&ask, "您好，请讲。"), ["请讲"]);
        assert_eq!(hits(&ask, "您好，请讲"), ["请讲"]);
        assert!(hits(&ask, "请讲一下卡号").is_empty());
        let who = m(&["请问是<title>[本人]吗"], &[]);
        assert_eq!(hits(&who, "请问是张先生本人吗"), ["请问是张先生本人吗"]);
        assert_eq!(
            hits(&who, "请问是{customer_title}吗"),
            ["请问是{customer_title}吗"]
        );
    }

    #[test]
    fn unless_takes_overlapping_hits_back() {
        let risk = m(&["零风险", "保本"], &["(不|没|并非|不是)…(零风险|保本)"]);
        assert_eq!(hits(&risk, "这款产品零风险"), ["零风险"]);
        assert!(hits(&risk, "任何投资都不是零风险").is_empty());
        assert!(hits(&risk, "这款产品不保本").is_empty());
        // The same clause only.
        assert_eq!(hits(&risk, "不用担心，这款产品保本"), ["保本"]);
    }

    #[test]
    fn word_boundaries() {
        let risk = m(&["保本"], &[]);
        assert!(hits(&risk, "请确保本金安全").is_empty());
        let vague = m(&["估计"], &[]);
        assert!(hits(&vague, "这是评估计划").is_empty());
        assert_eq!(hits(&vague, "我估计明天到"), ["估计"]);
    }

    #[test]
    fn case_insensitive_latin() {
        assert_eq!(hits(&m(&["CVV"], &[]), "卡背面的cvv码"), ["cvv"]);
    }

    #[test]
    fn bad_patterns_point_at_the_fault() {
        let err = |p: &str| Pattern::parse_checked(p).unwrap_err();
        assert_eq!(err("(感谢|谢谢").at, 0..1);
        assert_eq!(err("感谢)").at, 6..7);
        assert_eq!(err("(感谢|)").at, 8..9);
        assert_eq!(err("<numbr>号").at, 0..7);
        assert!(err("<numbr>号").message.en.contains("<number>"));
        assert_eq!(err("…您好").at, 0..3);
        assert!(err("您好…").message.en.contains("between"));
        assert!(err("(您好…|再见)").message.en.contains("between"));
        assert_eq!(err("您好…{99}再见").at, 6..13);
        assert!(err("[您好]").message.en.contains("nothing"));
        assert!(err("[您]…[好]").message.en.contains("nothing"));
        assert!(err("").message.en.contains("empty"));
        assert_eq!(err("(请|麻烦)?稍等").at, 12..13);
        let bomb = "(a|b|c|d|e|f|g|h|i|j)".repeat(6);
        assert!(err(&bomb).message.en.contains("too many"));
    }

    #[test]
    fn required_strings_are_selective() {
        assert_eq!(
            Pattern::parse("请问(您|你)需要办理").unwrap().required,
            Some(vec![
                "请问您需要办理".to_string(),
                "请问你需要办理".to_string()
            ])
        );
        assert_eq!(
            Pattern::parse("(您|你)好").unwrap().required,
            Some(vec!["您好".to_string(), "你好".to_string()])
        );
        assert_eq!(
            Pattern::parse("<number>天").unwrap().required,
            Some(vec!["天".to_string()])
        );
        assert_eq!(Pattern::parse("[请]<number>").unwrap().required, None);
    }

    #[test]
    fn fixed_patterns_are_counted_as_they_expand() {
        for source in [
            "[请|麻烦][<you>][先](不要|别|先别|请勿)挂[机|断|电话]",
            "(您|你)好",
            "[请](稍等|稍候)",
            "感谢…来电",
            "<number>天",
            &"(a|b)".repeat(8),
            &"(a|b)".repeat(9),
        ] {
            let p = Pattern::parse(source).unwrap();
            assert_eq!(p.is_fixed(), p.expansions().is_some(), "{source}");
        }
    }

    #[test]
    fn literals_are_escaped_as_regex_escapes_them() {
        for literal in ["3.5", "(注)", "a+b*c?", "{x}[y]|z^$#&-~\\", "您好"] {
            let escaped = regex::escape(literal);
            let want = if literal.bytes().any(|b| b.is_ascii_alphabetic()) {
                format!("(?i:{escaped})")
            } else {
                escaped
            };
            assert_eq!(literal_regex(literal), want);
        }
    }

    #[test]
    fn literal_dots_and_escapes() {
        assert_eq!(hits(&m(&["3.5"], &[]), "利率3.5"), ["3.5"]);
        assert_eq!(hits(&m(&[r"\(注\)"], &[]), "说明(注)"), ["(注)"]);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const PATTERN_TOKENS: &[&str] = &[
        "您",
        "感谢您来电",
        "请问您",
        "业务",
        "你",
        "好",
        "不是",
        "说",
        "(",
        ")",
        "[",
        "]",
        "|",
        "…",
        "……",
        "…{3}",
        "……{2}",
        "<number>",
        "<money>",
        "<percent>",
        "<you>",
        "<placeholder>",
        "<title>",
        "<end>",
        "元",
        "点",
        "，",
        "a",
        "B",
        "%",
        "先生",
        "总",
        "吗",
        "\\.",
    ];
    const TEXT_TOKENS: &[&str] = &[
        "您",
        "你",
        "好",
        "不是",
        "说",
        "，",
        "。",
        "、",
        "1",
        "23",
        "３",
        "三",
        "十",
        "点",
        "五",
        "元",
        "万元",
        "%",
        "个点",
        "百分之",
        "张",
        "先生",
        "王总",
        "{customer_title}",
        "{name_x}",
        "{Bad}",
        " ",
        "a",
        "A",
        "b",
        "吗",
        "?",
        ".",
    ];

    fn joined(
        tokens: &'static [&'static str],
        n: std::ops::Range<usize>,
    ) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(tokens), n).prop_map(|v| v.concat())
    }

    /// Every match `vm` finds, in order, from each position the reference
    /// regex would be asked from.
    fn both(patterns: &[Pattern], text: &str) -> Result<(), TestCaseError> {
        let regex = build(patterns).unwrap().unwrap();
        let set = Alternatives::new(patterns.to_vec());
        let mut search = set.search(text);
        let mut from = 0;
        while from <= text.len() {
            let want = regex.find_at(text, from).map(|m| m.range());
            let got = search.next(from).map(|(r, _)| r);
            prop_assert_eq!(
                &got,
                &want,
                "{:?} in {:?} from {}",
                patterns.iter().map(|p| &p.source).collect::<Vec<_>>(),
                text,
                from
            );
            match want {
                Some(r) if !r.is_empty() => from = r.end,
                Some(r) => from = r.end + text[r.end..].chars().next().map_or(1, char::len_utf8),
                None => break,
            }
        }
        Ok(())
    }

    /// `required` as it was first written, making every list: the counted
    /// version must choose the same.
    fn required_reference(seq: &[Part]) -> Option<(Vec<String>, Option<usize>)> {
        let mut candidates: Vec<(Vec<String>, Option<usize>)> = Vec::new();
        let mut run: Option<(Vec<String>, Option<usize>)> = None;
        for (i, p) in seq.iter().enumerate() {
            let before = || vm::max_bytes(&seq[..i]);
            match fixed_strings(p, MAX_RUN) {
                Some(strings) => {
                    run = Some(match run.take() {
                        Some((r, at)) => match product(&r, &strings, MAX_RUN) {
                            Some(joined) => (joined, at),
                            None => {
                                candidates.push((r, at));
                                (strings, before())
                            }
                        },
                        None => (strings, before()),
                    });
                }
                None => {
                    candidates.extend(run.take());
                    match p {
                        Part::Choice(alts) => {
                            let mut all = Vec::new();
                            let mut every = true;
                            let mut inner = Some(0);
                            for a in alts {
                                match required_reference(a) {
                                    Some((r, at)) => {
                                        all.extend(r);
                                        inner = match (inner, at) {
                                            (Some(x), Some(y)) => Some(x.max(y)),
                                            _ => None,
                                        };
                                    }
                                    None => every = false,
                                }
                            }
                            if every {
                                candidates.push((all, add_bounds(before(), inner)));
                            }
                        }
                        Part::Slot(slot) => candidates.extend(
                            slot.required()
                                .map(|r| (r, add_bounds(before(), slot_offset(*slot)))),
                        ),
                        _ => {}
                    }
                }
            }
        }
        candidates.extend(run);
        // A list that can be empty requires nothing.
        candidates.retain(|(list, _)| list.iter().all(|s| !s.is_empty()));
        // The most selective: the longest shortest string, then the longest
        // strings on average (一个词 is rarer than 电话), then the fewest strings.
        candidates.into_iter().max_by_key(|(list, _)| {
            let lengths = list.iter().map(|s| s.chars().count());
            let shortest = lengths.clone().min().unwrap_or(0);
            let average = 10 * lengths.sum::<usize>() / list.len().max(1);
            (
                shortest.min(4),
                average.min(40),
                std::cmp::Reverse(list.len()),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn required_strings_are_chosen_as_the_reference_chooses(source in joined(PATTERN_TOKENS, 1..9)) {
            if let Ok(p) = Pattern::parse(&source) {
                let seq = std::slice::from_ref(&p.part);
                prop_assert_eq!(required(seq), required_reference(seq), "{}", source);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The automaton finds exactly what the reference regex (the
        /// pattern written as a `regex`) finds: the same leftmost match,
        /// the same alternative, the same gap.
        #[test]
        fn the_automaton_agrees_with_the_regex(
            sources in prop::collection::vec(joined(PATTERN_TOKENS, 1..7), 1..4),
            text in joined(TEXT_TOKENS, 0..30),
        ) {
            let patterns: Vec<Pattern> = sources.iter().filter_map(|s| Pattern::parse(s).ok()).collect();
            if !patterns.is_empty() {
                both(&patterns, &text)?;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any text is a pattern or a fault inside it: never a panic, and the
        /// fault's span lies on character boundaries of the pattern. A pattern
        /// that parses matches inside the text it is run on.
        #[test]
        fn patterns_parse_or_point_inside(source in "[()\\[\\]|<>…您好你们不是.,，。{}0-9a-z\\\\?numberyouend ]{0,40}", text in "[您好你们不是说过吗，。0-9a-z{}]{0,40}") {
            match Pattern::parse_checked(&source) {
                Err(e) => {
                    prop_assert!(e.at.start <= e.at.end && e.at.end <= source.len(), "{:?} {source:?}", e.at);
                    prop_assert!(source.is_char_boundary(e.at.start) && source.is_char_boundary(e.at.end));
                }
                Ok(p) => {
                    let m = Matcher::new(vec![p], Vec::new());
                    for hit in m.find_all(&text) {
                        prop_assert!(hit.start < hit.end && hit.end <= text.len());
                        prop_assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
                    }
                }
            }
        }
    }
}
