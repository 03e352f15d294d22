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

use regex::{Regex, RegexBuilder};

use crate::finding::Msg;
use crate::msg;

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
/// asked for only where there are some (it makes every literal costlier).
fn literal_regex(literal: &str) -> String {
    if literal.bytes().any(|b| b.is_ascii_alphabetic()) {
        format!("(?i:{})", regex::escape(literal))
    } else {
        regex::escape(literal)
    }
}

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
        Part::Choice(alts) => {
            let mut all = Vec::new();
            for a in alts {
                let mut run = vec![String::new()];
                for p in a {
                    run = product(&run, &fixed_strings(p, cap)?, cap)?;
                }
                all.extend(run);
            }
            (all.len() <= cap).then_some(all)
        }
        Part::Optional(alts) => {
            let mut all = fixed_strings(&Part::Choice(alts.clone()), cap)?;
            all.push(String::new());
            (all.len() <= cap).then_some(all)
        }
        _ => None,
    }
}

fn product(left: &[String], right: &[String], cap: usize) -> Option<Vec<String>> {
    if left.len() * right.len() > cap {
        return None;
    }
    Some(
        left.iter()
            .flat_map(|l| right.iter().map(move |r| format!("{l}{r}")))
            .collect(),
    )
}

/// Strings one of which every match of `seq` contains, chosen to be as
/// selective as the sequence allows; `None` when no such list exists.
/// Adjacent fixed parts are joined (`(您|你)好` needs 您好 or 你好, not
/// just 好): a pre-filter on single characters would pass nearly every line.
fn required(seq: &[Part]) -> Option<Vec<String>> {
    let mut candidates: Vec<Vec<String>> = Vec::new();
    let mut run: Option<Vec<String>> = None;
    for p in seq {
        match fixed_strings(p, MAX_RUN) {
            Some(strings) => {
                run = Some(match run.take() {
                    Some(r) => match product(&r, &strings, MAX_RUN) {
                        Some(joined) => joined,
                        None => {
                            candidates.push(r);
                            strings
                        }
                    },
                    None => strings,
                });
            }
            None => {
                candidates.extend(run.take());
                match p {
                    Part::Choice(alts) => {
                        let mut all = Vec::new();
                        let mut every = true;
                        for a in alts {
                            match required(a) {
                                Some(r) => all.extend(r),
                                None => every = false,
                            }
                        }
                        if every {
                            candidates.push(all);
                        }
                    }
                    Part::Slot(slot) => candidates.extend(slot.required()),
                    _ => {}
                }
            }
        }
    }
    candidates.extend(run);
    // A list that can be empty requires nothing.
    candidates.retain(|list| list.iter().all(|s| !s.is_empty()));
    // The most selective: the longest shortest string, then the longest
    // strings on average (一个词 is rarer than 电话), then the fewest strings.
    candidates.into_iter().max_by_key(|list| {
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

/// One checked pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    regex: String,
    required: Option<Vec<String>>,
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
        let mut regex = String::new();
        to_regex(&seq, &mut regex);
        Ok(Pattern {
            source: source.to_string(),
            regex,
            required: required(&seq),
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
        build(std::slice::from_ref(&pattern)).map_err(|e| PatternError {
            at: 0..source.len(),
            message: msg!(zh: "模式太复杂：{e}", en: "the pattern is too complex: {e}"),
        })?;
        Ok(pattern)
    }

    /// Every string the pattern can match, when it is a handful of fixed
    /// strings (no gap, no slot but `<you>`): such a pattern is matched as
    /// literal phrases, which needs no automaton to be compiled.
    pub fn expansions(&self) -> Option<Vec<String>> {
        let strings = fixed_strings(&self.part, MAX_EXPANDED)?;
        (!strings.iter().any(String::is_empty)).then_some(strings)
    }

    /// A literal phrase as a pattern (for lists that hold plain phrases).
    pub fn literal(phrase: &str) -> Pattern {
        Pattern {
            source: phrase.to_string(),
            regex: literal_regex(phrase),
            required: Some(vec![phrase.to_string()]),
            part: Part::Literal(phrase.to_string()),
        }
    }
}

fn build(patterns: &[Pattern]) -> Result<Option<Regex>, regex::Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut alternatives: Vec<&str> = patterns.iter().map(|p| p.regex.as_str()).collect();
    alternatives.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    RegexBuilder::new(&format!("(?:{})", alternatives.join("|")))
        .size_limit(4 << 20)
        .dfa_size_limit(4 << 20)
        .build()
        .map(Some)
}

/// Patterns and the `unless` patterns that take hits back, compiled on
/// first use (a run that never meets a text that may match builds nothing).
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    patterns: Vec<Pattern>,
    unless: Vec<Pattern>,
    compiled: OnceLock<(Option<Regex>, Option<Regex>)>,
    /// Strings one of which every hit contains, as an automaton: a text
    /// without any of them is not searched (`None` inside: no such strings).
    prefilter: OnceLock<Option<aho_corasick::AhoCorasick>>,
    /// Each pattern on its own, built only when a combined match is dropped:
    /// the combined automaton yields one match per start, and another
    /// pattern may still fit there.
    each: Vec<OnceLock<Option<Regex>>>,
}

impl Matcher {
    pub fn new(patterns: Vec<Pattern>, unless: Vec<Pattern>) -> Matcher {
        Matcher {
            each: (0..patterns.len()).map(|_| OnceLock::new()).collect(),
            patterns,
            unless,
            compiled: OnceLock::new(),
            prefilter: OnceLock::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Strings one of which every hit contains (for a pre-filter), or
    /// `None` when some pattern has no such list.
    pub fn required(&self) -> Option<Vec<String>> {
        let mut all = Vec::new();
        for p in &self.patterns {
            all.extend(p.required.clone()?);
        }
        Some(all)
    }

    fn compiled(&self) -> &(Option<Regex>, Option<Regex>) {
        // A standard file's patterns were each compiled when it loaded (the
        // built-in ones by a test): a failure here would only mean no hits.
        self.compiled.get_or_init(|| {
            (
                build(&self.patterns).ok().flatten(),
                build(&self.unless).ok().flatten(),
            )
        })
    }

    /// Whether an `unless` pattern matches text that overlaps `range`.
    /// Only a window around the hit is searched, so that many hits on one
    /// long line stay linear: an `unless` match reaching further than
    /// `UNLESS_REACH` characters from the hit is not looked for.
    pub fn overlaps(&self, text: &str, range: &Range<usize>) -> bool {
        let (_, Some(unless)) = self.compiled() else {
            return false;
        };
        let start = back_chars(text, range.start, UNLESS_REACH);
        let end = forward_chars(text, range.end, UNLESS_REACH);
        let window = &text[start..end];
        unless.find_iter(window).any(|m| {
            let (s, e) = (start + m.start(), start + m.end());
            s < range.end.max(range.start + 1) && range.start < e
        })
    }

    /// The first hit at or after `from`: a match that overlaps an `unless`
    /// match or cuts through a word is dropped, and the search goes on from
    /// its next character, so a shorter or later phrasing can still be found.
    pub fn find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        let prefilter = self.prefilter.get_or_init(|| {
            let required = self.required()?;
            aho_corasick::AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .kind(Some(super::lexicon::automaton_kind()))
                .build(&required)
                .ok()
        });
        if let Some(ac) = prefilter {
            if !ac.is_match(text.get(from..).unwrap_or("")) {
                return None;
            }
        }
        let (Some(targets), _) = self.compiled() else {
            return None;
        };
        let mut from = from;
        while from <= text.len() {
            let m = targets.find_at(text, from)?;
            let range = without_end_mark(text, m.range());
            if self.stands(text, &range) {
                return Some(range);
            }
            if self.patterns.len() > 1 {
                // Only patterns whose required strings stand near the start
                // are compiled and tried (a clause at most away).
                let near = &text[range.start..forward_chars(text, range.start, 64)];
                let other = self.patterns.iter().zip(&self.each).find_map(|(p, each)| {
                    if let Some(required) = &p.required {
                        if !required.iter().any(|r| near.contains(r.as_str())) {
                            return None;
                        }
                    }
                    let r = each.get_or_init(|| build(std::slice::from_ref(p)).ok().flatten());
                    let m = r
                        .as_ref()?
                        .find_at(text, range.start)
                        .filter(|m| m.start() == range.start)?;
                    let other = without_end_mark(text, m.range());
                    (other != range && self.stands(text, &other)).then_some(other)
                });
                if other.is_some() {
                    return other;
                }
            }
            from = range.start + text[range.start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// Whether a match is a hit: not empty, not in quotation marks (someone
    /// else's words), between words, and overlapped by no `unless` match.
    fn stands(&self, text: &str, range: &Range<usize>) -> bool {
        !range.is_empty()
            && !super::inside_quotes(text, range)
            && super::words::on_boundaries(text, range)
            && !self.overlaps(text, range)
    }

    /// Every hit in `text`, left to right, none overlapping.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let mut hits = Vec::new();
        let mut from = 0;
        while let Some(range) = self.find_from(text, from) {
            from = range.end;
            hits.push(range);
        }
        hits
    }

    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_from(text, 0)
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

/// The byte offset `n` characters after `at` (or the end).
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
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
    fn literal_dots_and_escapes() {
        assert_eq!(hits(&m(&["3.5"], &[]), "利率3.5"), ["3.5"]);
        assert_eq!(hits(&m(&[r"\(注\)"], &[]), "说明(注)"), ["(注)"]);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

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
