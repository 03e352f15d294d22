//! The small automaton a phrase pattern compiles to, and the search that
//! runs it. A pattern is a handful of characters, alternatives, bounded
//! gaps and slots; a general regex engine spent most of a one-file run
//! compiling such patterns (a gap is a negated Unicode class, repeated up
//! to 30 times, as UTF-8 byte automata). Here a gap is one instruction per
//! character that asks `is_clause_end`, so a pattern compiles in
//! microseconds, and only the patterns a text may match are run at all.
//!
//! The search is a Pike VM: every thread advances one character at a time,
//! in priority order, so it finds what a backtracking regex would find —
//! the leftmost match, and at that start the first alternative in the
//! pattern's order, the fewest gap characters — in time linear in the text
//! (instructions × characters), whatever the pattern.

use super::{Part, Slot};

/// One instruction. Jumps are indexes into the program.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Inst {
    /// This character; with `fold`, a Latin letter in either case (`c` is
    /// stored in lower case).
    Char {
        c: char,
        fold: bool,
    },
    /// One character of a class.
    Class(Class),
    /// Go on at both, preferring the first.
    Split(u32, u32),
    Jump(u32),
    /// Only at the end of the text.
    EndOfText,
    Match,
}

/// The character classes the slots and gaps need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Anything but a clause end (a gap).
    NotClauseEnd,
    /// Anything but a sentence end (a sentence gap).
    NotSentenceEnd,
    ClauseEnd,
    /// 0-9 and the full-width digits.
    Digit,
    /// `.` or `．`
    Point,
    /// 零〇一二两三四五六七八九十百千万
    Numeral,
    /// 零〇一二三四五六七八九 (after 点)
    NumeralDigit,
    /// 您 or 你
    You,
    /// U+4E00..U+9FFF
    Han,
    Space,
    /// `%` or `％`
    PercentSign,
    /// a-z or _
    NameStart,
    /// a-z, 0-9 or _
    NameChar,
}

impl Class {
    fn matches(self, c: char) -> bool {
        match self {
            Class::NotClauseEnd => !crate::text::is_clause_end(c),
            Class::NotSentenceEnd => !crate::text::is_sentence_end(c),
            Class::ClauseEnd => crate::text::is_clause_end(c),
            Class::Digit => c.is_ascii_digit() || ('０'..='９').contains(&c),
            Class::Point => matches!(c, '.' | '．'),
            Class::Numeral => matches!(
                c,
                '零' | '〇'
                    | '一'
                    | '二'
                    | '两'
                    | '三'
                    | '四'
                    | '五'
                    | '六'
                    | '七'
                    | '八'
                    | '九'
                    | '十'
                    | '百'
                    | '千'
                    | '万'
            ),
            Class::NumeralDigit => matches!(
                c,
                '零' | '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
            ),
            Class::You => matches!(c, '您' | '你'),
            Class::Han => ('\u{4e00}'..='\u{9fff}').contains(&c),
            Class::Space => c.is_whitespace(),
            Class::PercentSign => matches!(c, '%' | '％'),
            Class::NameStart => c.is_ascii_lowercase() || c == '_',
            Class::NameChar => c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_',
        }
    }
}

/// A compiled pattern.
#[derive(Debug, Clone, Default)]
pub(super) struct Program {
    insts: Vec<Inst>,
    /// The instructions that can consume a match's first character: a
    /// position none of them accepts starts nothing.
    first: Vec<Inst>,
    /// For each instruction, the characters (as `bit`s) that the threads
    /// its empty moves reach could consume: a thread is not added when the
    /// next character is not among them. Pruned at the fork, an
    /// alternation of a dozen words costs the one word that can go on,
    /// not a dozen threads that die at the next step.
    masks: Vec<u64>,
}

/// A character's bit in a `Program` mask (a 64-bit hash set: a collision
/// only keeps a thread that then dies, as every thread did before).
fn bit(c: char) -> u64 {
    1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
}

impl Class {
    /// The `bit`s of the characters the class accepts, or every bit for a
    /// large class.
    fn mask(self) -> u64 {
        let of = |chars: &mut dyn Iterator<Item = char>| chars.fold(0u64, |m, c| m | bit(c));
        match self {
            Class::Digit => of(&mut ('0'..='9').chain('０'..='９')),
            Class::Point => of(&mut ['.', '．'].into_iter()),
            Class::Numeral => of(&mut "零〇一二两三四五六七八九十百千万".chars()),
            Class::NumeralDigit => of(&mut "零〇一二三四五六七八九".chars()),
            Class::You => of(&mut ['您', '你'].into_iter()),
            Class::PercentSign => of(&mut ['%', '％'].into_iter()),
            Class::NameStart => of(&mut ('a'..='z').chain(['_'])),
            Class::NameChar => of(&mut ('a'..='z').chain('0'..='9').chain(['_'])),
            Class::NotClauseEnd
            | Class::NotSentenceEnd
            | Class::ClauseEnd
            | Class::Han
            | Class::Space => u64::MAX,
        }
    }
}

/// Compiles parts into instructions, in the order `to_regex` writes them.
struct Compiler {
    insts: Vec<Inst>,
}

/// A piece of program to emit (an alternative of a choice).
type Emit<'a> = Box<dyn Fn(&mut Compiler) + 'a>;

/// A hole to patch: the instruction at this index jumps nowhere yet.
const HOLE: u32 = u32::MAX;

impl Compiler {
    fn push(&mut self, inst: Inst) -> u32 {
        self.insts.push(inst);
        (self.insts.len() - 1) as u32
    }

    fn pc(&self) -> u32 {
        self.insts.len() as u32
    }

    /// Point every `HOLE` of the instructions from `from` on at `to`.
    fn patch(&mut self, from: u32, to: u32) {
        for inst in &mut self.insts[from as usize..] {
            match inst {
                Inst::Split(a, b) => {
                    if *a == HOLE {
                        *a = to;
                    }
                    if *b == HOLE {
                        *b = to;
                    }
                }
                Inst::Jump(a) if *a == HOLE => *a = to,
                _ => {}
            }
        }
    }

    fn literal(&mut self, s: &str) {
        let fold = s.bytes().any(|b| b.is_ascii_alphabetic());
        for c in s.chars() {
            self.push(Inst::Char {
                c: if fold { c.to_ascii_lowercase() } else { c },
                fold,
            });
        }
    }

    fn chars(&mut self, s: &str) {
        for c in s.chars() {
            self.push(Inst::Char { c, fold: false });
        }
    }

    /// One of several alternatives, in the given order of preference.
    fn alternatives(&mut self, alts: &[&dyn Fn(&mut Compiler)]) {
        let mut jumps = Vec::new();
        for (i, alt) in alts.iter().enumerate() {
            if i + 1 < alts.len() {
                let split = self.push(Inst::Split(0, 0));
                alt(self);
                jumps.push(self.push(Inst::Jump(0)));
                let next = self.pc();
                self.insts[split as usize] = Inst::Split(split + 1, next);
            } else {
                alt(self);
            }
        }
        let end = self.pc();
        for j in jumps {
            self.insts[j as usize] = Inst::Jump(end);
        }
    }

    /// `x?` (greedy: take it if it fits).
    fn optional(&mut self, x: &dyn Fn(&mut Compiler)) {
        let split = self.push(Inst::Split(0, 0));
        x(self);
        let end = self.pc();
        self.insts[split as usize] = Inst::Split(split + 1, end);
    }

    /// `x+` (greedy).
    fn plus(&mut self, x: &dyn Fn(&mut Compiler)) {
        let start = self.pc();
        x(self);
        let split = self.push(Inst::Split(start, 0));
        let end = self.pc();
        self.insts[split as usize] = Inst::Split(start, end);
    }

    /// `x*` (greedy).
    fn star(&mut self, x: &dyn Fn(&mut Compiler)) {
        let split = self.push(Inst::Split(0, 0));
        x(self);
        self.push(Inst::Jump(split));
        let end = self.pc();
        self.insts[split as usize] = Inst::Split(split + 1, end);
    }

    /// `[class]{0,n}?`: lazy, each copy may leave the whole repetition.
    fn lazy_gap(&mut self, class: Class, n: usize) {
        let from = self.pc();
        for _ in 0..n {
            let split = self.pc();
            // Leaving is preferred (lazy); the hole is the repetition's end.
            self.push(Inst::Split(HOLE, split + 1));
            self.push(Inst::Class(class));
        }
        let end = self.pc();
        self.patch(from, end);
    }

    fn number(&mut self) {
        self.alternatives(&[
            &|c: &mut Compiler| {
                c.plus(&|c| {
                    c.push(Inst::Class(Class::Digit));
                });
                c.optional(&|c| {
                    c.push(Inst::Class(Class::Point));
                    c.plus(&|c| {
                        c.push(Inst::Class(Class::Digit));
                    });
                });
            },
            &|c: &mut Compiler| {
                c.plus(&|c| {
                    c.push(Inst::Class(Class::Numeral));
                });
                c.optional(&|c| {
                    c.chars("点");
                    c.plus(&|c| {
                        c.push(Inst::Class(Class::NumeralDigit));
                    });
                });
            },
        ]);
    }

    fn spaces(&mut self) {
        self.star(&|c| {
            c.push(Inst::Class(Class::Space));
        });
    }

    fn words(&mut self, words: &[&str]) {
        let alts: Vec<Emit> = words
            .iter()
            .map(|w| {
                let w = w.to_string();
                Box::new(move |c: &mut Compiler| c.chars(&w)) as Emit
            })
            .collect();
        let refs: Vec<&dyn Fn(&mut Compiler)> = alts.iter().map(|b| b.as_ref()).collect();
        self.alternatives(&refs);
    }

    /// A slot, as `Slot::regex` writes it.
    fn slot(&mut self, slot: Slot) {
        match slot {
            Slot::Number => self.number(),
            Slot::Money => {
                self.number();
                self.spaces();
                self.words(&[
                    "万元", "亿元", "美元", "港元", "元", "块钱", "块", "万", "亿",
                ]);
            }
            Slot::Percent => self.alternatives(&[
                &|c: &mut Compiler| {
                    c.chars("百分之");
                    c.number();
                },
                &|c: &mut Compiler| {
                    c.number();
                    c.spaces();
                    c.push(Inst::Class(Class::PercentSign));
                },
                &|c: &mut Compiler| {
                    c.number();
                    c.chars("个点");
                },
            ]),
            Slot::You => {
                self.push(Inst::Class(Class::You));
            }
            Slot::End => self.alternatives(&[
                &|c: &mut Compiler| {
                    c.push(Inst::EndOfText);
                },
                &|c: &mut Compiler| {
                    c.push(Inst::Class(Class::ClauseEnd));
                },
            ]),
            Slot::Placeholder => {
                self.chars("{");
                self.push(Inst::Class(Class::NameStart));
                self.star(&|c| {
                    c.push(Inst::Class(Class::NameChar));
                });
                self.chars("}");
            }
            Slot::Title => self.alternatives(&[
                &|c: &mut Compiler| c.chars("{customer_title}"),
                &|c: &mut Compiler| c.chars("{customer_name}"),
                &|c: &mut Compiler| {
                    c.push(Inst::Class(Class::Han));
                    c.optional(&|c| {
                        c.push(Inst::Class(Class::Han));
                    });
                    c.words(&[
                        "先生", "女士", "小姐", "阿姨", "叔叔", "老师", "经理", "同学", "师傅",
                    ]);
                },
                &|c: &mut Compiler| {
                    c.push(Inst::Class(Class::Han));
                    c.words(&["总", "姐", "哥"]);
                },
            ]),
        }
    }

    fn seq(&mut self, seq: &[Part]) {
        for part in seq {
            self.part(part);
        }
    }

    fn part(&mut self, part: &Part) {
        match part {
            Part::Literal(s) => self.literal(s),
            Part::Choice(alts) | Part::Optional(alts) => {
                let ordered = super::preference_order(alts);
                let closures: Vec<Emit> = ordered
                    .iter()
                    .map(|a| {
                        Box::new(move |c: &mut Compiler| c.seq(a)) as Box<dyn Fn(&mut Compiler)>
                    })
                    .collect();
                let refs: Vec<&dyn Fn(&mut Compiler)> =
                    closures.iter().map(|b| b.as_ref()).collect();
                if matches!(part, Part::Optional(_)) {
                    self.optional(&|c| c.alternatives(&refs));
                } else {
                    self.alternatives(&refs);
                }
            }
            Part::Gap(n) => self.lazy_gap(Class::NotClauseEnd, *n),
            Part::SentenceGap(n) => self.lazy_gap(Class::NotSentenceEnd, *n),
            Part::Slot(slot) => self.slot(*slot),
        }
    }
}

/// The longest match of a sequence in bytes, or `None` when unbounded (a
/// number or a name runs on).
pub(super) fn max_bytes(seq: &[Part]) -> Option<usize> {
    seq.iter().try_fold(0usize, |sum, part| {
        let n = match part {
            Part::Literal(s) => s.len(),
            Part::Choice(alts) | Part::Optional(alts) => alts
                .iter()
                .map(|a| max_bytes(a))
                .try_fold(0usize, |m, b| b.map(|b| m.max(b)))?,
            Part::Gap(n) | Part::SentenceGap(n) => 4 * n,
            Part::Slot(Slot::You | Slot::End) => 3,
            Part::Slot(Slot::Title) => "{customer_title}".len(),
            Part::Slot(Slot::Number | Slot::Money | Slot::Percent | Slot::Placeholder) => {
                return None
            }
        };
        Some(sum + n)
    })
}

/// Each instruction's mask (see `Program::masks`): its own characters,
/// or the union over the instructions its empty moves reach. A match or
/// the end-of-text test keeps every thread that reaches it.
fn masks(insts: &[Inst]) -> Vec<u64> {
    let own = |inst: &Inst| match *inst {
        Inst::Char { c, fold } => bit(c) | if fold { bit(c.to_ascii_uppercase()) } else { 0 },
        Inst::Class(class) => class.mask(),
        Inst::Match | Inst::EndOfText => u64::MAX,
        Inst::Split(..) | Inst::Jump(_) => 0,
    };
    let mut seen = vec![u32::MAX; insts.len()];
    let mut stack = Vec::new();
    (0..insts.len())
        .map(|from| {
            let mut mask = 0u64;
            stack.push(from as u32);
            while let Some(pc) = stack.pop() {
                if std::mem::replace(&mut seen[pc as usize], from as u32) == from as u32 {
                    continue;
                }
                match insts[pc as usize] {
                    Inst::Split(a, b) => stack.extend([a, b]),
                    Inst::Jump(a) => stack.push(a),
                    ref inst => mask |= own(inst),
                }
            }
            mask
        })
        .collect()
}

impl Program {
    pub(super) fn new(part: &Part) -> Program {
        let mut c = Compiler { insts: Vec::new() };
        c.part(part);
        c.push(Inst::Match);
        let insts = c.insts;
        let mut first = Vec::new();
        let mut seen = vec![false; insts.len()];
        let mut stack = vec![0u32];
        while let Some(pc) = stack.pop() {
            if std::mem::replace(&mut seen[pc as usize], true) {
                continue;
            }
            match insts[pc as usize] {
                Inst::Split(a, b) => stack.extend([b, a]),
                Inst::Jump(a) => stack.push(a),
                Inst::EndOfText => stack.push(pc + 1),
                inst => first.push(inst),
            }
        }
        let masks = masks(&insts);
        Program {
            insts,
            first,
            masks,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.insts.len()
    }

    /// Whether a match can start with `c` (or at the end, `None`).
    pub(super) fn may_start(&self, c: Option<char>) -> bool {
        // The first instruction's mask holds every character a match can
        // start with: most positions are ruled out by one test.
        if let (Some(c), Some(&mask)) = (c, self.masks.first()) {
            if mask & bit(c) == 0 {
                return false;
            }
        }
        self.first.iter().any(|inst| match (inst, c) {
            (Inst::Match, _) => true,
            (_, None) => false,
            (i, Some(c)) => accepts(i, c),
        })
    }
}

fn accepts(inst: &Inst, c: char) -> bool {
    match *inst {
        Inst::Char { c: want, fold } => c == want || (fold && c.to_ascii_lowercase() == want),
        Inst::Class(class) => class.matches(c),
        _ => false,
    }
}

/// Thread lists and sets, kept between searches.
#[derive(Default)]
pub(super) struct Scratch {
    current: Threads,
    next: Threads,
    stack: Vec<u32>,
}

/// The threads at one position, in priority order, one per instruction.
#[derive(Default)]
struct Threads {
    /// (instruction, where its match started)
    list: Vec<(u32, usize)>,
    /// For each instruction, its index in `dense` when present (sparse set).
    sparse: Vec<u32>,
    dense: Vec<u32>,
}

impl Threads {
    fn reset(&mut self, n: usize) {
        self.list.clear();
        self.dense.clear();
        if self.sparse.len() < n {
            self.sparse.resize(n, 0);
        }
    }

    /// Mark `pc` as seen; false when it was already.
    fn insert(&mut self, pc: u32) -> bool {
        let i = self.sparse[pc as usize] as usize;
        if i < self.dense.len() && self.dense[i] == pc {
            return false;
        }
        self.sparse[pc as usize] = self.dense.len() as u32;
        self.dense.push(pc);
        true
    }
}

/// Follow the empty moves from `pc` at byte `at`, in priority order, and
/// add the instructions that consume a character (or match) to `threads`.
#[allow(clippy::too_many_arguments)]
fn add(
    program: &Program,
    threads: &mut Threads,
    stack: &mut Vec<u32>,
    pc: u32,
    start: usize,
    at: usize,
    text_len: usize,
    next: Option<char>,
) {
    let insts = &program.insts;
    // At the end of the text nothing is consumed: only a match or the
    // end-of-text test can go on, and those keep every mask.
    let want = next.map_or(u64::MAX, bit);
    stack.push(pc);
    while let Some(pc) = stack.pop() {
        if program.masks[pc as usize] & want == 0 || !threads.insert(pc) {
            continue;
        }
        match insts[pc as usize] {
            Inst::Split(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            Inst::Jump(a) => stack.push(a),
            Inst::EndOfText => {
                if at == text_len {
                    stack.push(pc + 1);
                }
            }
            _ => threads.list.push((pc, start)),
        }
    }
}

impl Program {
    /// The leftmost match starting at or after `begin` (only at `begin`
    /// when `anchored`), as a backtracking regex would choose it.
    pub(super) fn find(
        &self,
        text: &str,
        begin: usize,
        anchored: bool,
        scratch: &mut Scratch,
    ) -> Option<(usize, usize)> {
        let insts = &self.insts;
        let n = insts.len();
        let Scratch {
            current,
            next,
            stack,
        } = scratch;
        current.reset(n);
        let mut matched = None;
        let mut at = begin;
        loop {
            let c = text.get(at..).and_then(|rest| rest.chars().next());
            if matched.is_none() && (!anchored || at == begin) {
                if current.list.is_empty() && !self.may_start(c) {
                    // Nothing alive and nothing can start here: skip ahead.
                    match c {
                        Some(c) if !anchored => {
                            at += c.len_utf8();
                            current.reset(n);
                            continue;
                        }
                        _ => return None,
                    }
                }
                add(self, current, stack, 0, at, at, text.len(), c);
            }
            if current.list.is_empty() {
                return matched;
            }
            next.reset(n);
            let after = at + c.map_or(0, char::len_utf8);
            let following = text.get(after..).and_then(|rest| rest.chars().next());
            for &(pc, start) in &current.list {
                match insts[pc as usize] {
                    Inst::Match => {
                        matched = Some((start, at));
                        // Lower-priority threads lose to this match.
                        break;
                    }
                    inst => {
                        if let Some(c) = c {
                            if accepts(&inst, c) {
                                add(
                                    self,
                                    next,
                                    stack,
                                    pc + 1,
                                    start,
                                    after,
                                    text.len(),
                                    following,
                                );
                            }
                        }
                    }
                }
            }
            std::mem::swap(current, next);
            if c.is_none() {
                return matched;
            }
            at = after;
        }
    }
}
