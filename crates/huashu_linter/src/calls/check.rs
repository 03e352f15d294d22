//! Checking one call against the standard: pure (a `Call` in, findings
//! out), no I/O, no threads. The standard's elements, word lists and the
//! script rules' text checks are reused on the agent's turns; customer
//! turns are context only (a complaint, the turn the agent talks over),
//! never findings.
//!
//! Every turn is masked (`privacy`) before anything reads it, then read as
//! spoken (`asr`) for matching; both keep byte offsets, so a hit found on
//! the text as spoken underlines the same characters of the transcript.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use super::input::{Call, Role};
use super::privacy;
use super::rules::CallRules;
use super::standard::CallStandard;
use crate::finding::{Msg, Severity};
use crate::model::{Category, Channel, Direction};
use crate::msg;
use crate::rules::text_checks::{self, TextHit};
use crate::standard::{Element, Standard};
use crate::text::lexicon::Presence;
use crate::text::sentences;

/// Where a finding is in a call: the turn, its role and times, and the
/// (masked) words around the characters at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnSpot {
    /// 0-based.
    pub index: usize,
    pub role: Role,
    pub begin: Option<u64>,
    pub end: Option<u64>,
    /// The turn's words, masked, cut to a window around `range` when long.
    pub text: String,
    /// The characters at fault, bytes of `text`.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallFinding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Msg,
    pub help: Option<Msg>,
    pub turn: Option<TurnSpot>,
}

impl CallFinding {
    /// The characters at fault (masked), or "" for a finding on the call.
    pub fn excerpt(&self) -> &str {
        self.turn
            .as_ref()
            .and_then(|t| t.text.get(t.range.clone()))
            .unwrap_or("")
    }
}

/// One call's result: what the reports show about it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallResult {
    pub file: Arc<str>,
    /// The line the call starts at (1 for a file holding one call).
    pub line: usize,
    /// Masked where it holds a card or ID number.
    pub id: String,
    pub agent: Option<String>,
    pub day: Option<String>,
    pub channel: Channel,
    pub direction: Direction,
    pub category: Option<Category>,
    pub turns: usize,
    /// From the first begin to the last end, when the call has times.
    pub duration_ms: Option<u64>,
    pub findings: Vec<CallFinding>,
    /// `None` for a call that could not be read.
    pub score: Option<u32>,
}

impl CallResult {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }
}

/// What checking a call reads: the standard in force, compiled once per run.
pub struct CallContext<'a> {
    pub standard: &'a Standard,
    pub calls: &'a CallStandard,
    pub rules: &'a CallRules,
    pub default_channel: Channel,
    pub default_direction: Direction,
    /// Read turns as spoken (homophones, 你/您); on by default.
    pub tolerance: bool,
}

/// The most findings of one rule kept for one call.
pub const MAX_PER_RULE: usize = 50;

/// Bytes of context kept on each side of a finding in a long turn.
const CONTEXT_BYTES: usize = 90;
/// The most of a finding's own characters kept.
const MAX_SPAN_BYTES: usize = 300;

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// An agent turn, prepared once for every check.
struct AgentTurn<'c> {
    index: usize,
    /// The transcript, masked.
    masked: Cow<'c, str>,
    /// The masked transcript as spoken (same byte offsets).
    spoken: String,
    presence: Presence,
}

struct Checker<'a, 'c> {
    cx: &'a CallContext<'a>,
    call: &'c Call,
    masked: Vec<Cow<'c, str>>,
    findings: Vec<CallFinding>,
    /// Findings kept per rule.
    counts: Vec<(&'static str, usize)>,
}

impl<'c> Checker<'_, 'c> {
    fn spot(&self, index: usize, range: Range<usize>) -> TurnSpot {
        let turn = &self.call.turns[index];
        let text: &str = &self.masked[index];
        let start = floor_boundary(text, range.start);
        let end = ceil_boundary(text, range.end.max(start))
            .min(ceil_boundary(text, start + MAX_SPAN_BYTES));
        let from = floor_boundary(text, start.saturating_sub(CONTEXT_BYTES));
        let to = ceil_boundary(text, end + CONTEXT_BYTES);
        let (head, tail) = (from > 0, to < text.len());
        let mut shown = String::new();
        if head {
            shown.push('…');
        }
        let offset = shown.len();
        shown.push_str(&text[from..to]);
        if tail {
            shown.push('…');
        }
        TurnSpot {
            index,
            role: turn.role,
            begin: turn.begin,
            end: turn.end,
            text: shown,
            range: start - from + offset..end - from + offset,
        }
    }

    fn report(
        &mut self,
        rule: &'static str,
        at: Option<(usize, Range<usize>)>,
        message: Msg,
        help: Option<Msg>,
    ) {
        let Some(severity) = self.cx.rules.severity(rule) else {
            return;
        };
        // A hostile turn (a taboo repeated a million times) must not grow
        // memory with it: past the cap, a rule's findings in a call are not kept.
        match self.counts.iter_mut().find(|(r, _)| *r == rule) {
            Some((_, n)) if *n >= MAX_PER_RULE => return,
            Some((_, n)) => *n += 1,
            None => self.counts.push((rule, 1)),
        }
        let turn = at.map(|(i, r)| self.spot(i, r));
        // Messages quote the words at fault: masked like every text.
        let message = Msg::new(
            privacy::mask(&message.zh).into_owned(),
            privacy::mask(&message.en).into_owned(),
        );
        self.findings.push(CallFinding {
            rule,
            severity,
            message,
            help,
            turn,
        });
    }

    fn report_hit(&mut self, rule: &'static str, index: usize, hit: TextHit) {
        self.report(rule, Some((index, hit.range)), hit.message, Some(hit.help));
    }
}

/// Check one call. `line` and `file` only label the result.
pub fn check_call(call: &Call, file: Arc<str>, line: usize, cx: &CallContext) -> CallResult {
    let channel = call.channel.unwrap_or(cx.default_channel);
    let direction = call.direction.unwrap_or(cx.default_direction);
    let masked: Vec<Cow<str>> = call.turns.iter().map(|t| privacy::mask(&t.text)).collect();
    let mut ck = Checker {
        cx,
        call,
        masked,
        findings: Vec::new(),
        counts: Vec::new(),
    };
    let standard = cx.standard;
    let agent: Vec<AgentTurn> = call
        .turns
        .iter()
        .enumerate()
        .filter(|(_, t)| t.role == Role::Agent)
        .map(|(i, _)| {
            let masked = ck.masked[i].clone();
            let spoken = if cx.tolerance {
                cx.calls.tolerance.read(&masked).into_owned()
            } else {
                masked.to_string()
            };
            AgentTurn {
                index: i,
                presence: standard.presence.scan(&spoken),
                masked,
                spoken,
            }
        })
        .collect();
    let std_call = crate::standard::Call { channel, direction };

    for p in &call.time_problems {
        ck.report("call-times", Some((p.turn, 0..0)), p.message.clone(), None);
    }
    spoken_numbers(&mut ck, &agent);
    elements(&mut ck, &agent, std_call);
    language(
        &mut ck,
        &agent,
        channel,
        call.category == Some(Category::Sales),
    );
    callbacks(&mut ck, &agent);
    hold_thanks(&mut ck, &agent);
    complaint_empathy(&mut ck, &agent);
    if call.timed() {
        timing(&mut ck, &agent);
    }

    let mut findings = ck.findings;
    findings.sort_by(|a, b| {
        let key = |f: &CallFinding| {
            (
                f.turn.as_ref().map_or(0, |t| t.index + 1),
                f.turn.as_ref().map_or(0, |t| t.range.start),
                f.rule,
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.message.en.cmp(&b.message.en))
    });
    let duration_ms = call.timed().then(|| {
        let first = call.turns.iter().filter_map(|t| t.begin).min().unwrap_or(0);
        let last = call.turns.iter().filter_map(|t| t.end).max().unwrap_or(0);
        last.saturating_sub(first)
    });
    let score = super::score::score(&findings, &cx.calls.data.weights);
    CallResult {
        file,
        line,
        id: privacy::mask_id(&call.id).into_owned(),
        agent: call
            .agent
            .as_deref()
            .map(|a| privacy::mask_id(a).into_owned()),
        day: call.day.clone(),
        channel,
        direction,
        category: call.category,
        turns: call.turns.len(),
        duration_ms,
        findings,
        score: Some(score),
    }
}

/// A call that could not be read, as a result with its one finding.
pub fn malformed_result(
    file: Arc<str>,
    line: usize,
    id: String,
    message: Msg,
    rules: &CallRules,
) -> CallResult {
    let findings = rules
        .severity("call-malformed")
        .map(|severity| CallFinding {
            rule: "call-malformed",
            severity,
            message: Msg::new(
                privacy::mask(&message.zh).into_owned(),
                privacy::mask(&message.en).into_owned(),
            ),
            help: None,
            turn: None,
        })
        .into_iter()
        .collect();
    CallResult {
        file,
        line,
        id: privacy::mask_id(&id).into_owned(),
        agent: None,
        day: None,
        channel: Channel::Phone,
        direction: Direction::Inbound,
        category: None,
        turns: 0,
        duration_ms: None,
        findings,
        score: None,
    }
}

/// call-pii-spoken: on the transcript itself (before masking).
fn spoken_numbers(ck: &mut Checker, agent: &[AgentTurn]) {
    if !ck.cx.rules.on("call-pii-spoken") {
        return;
    }
    for t in agent {
        let raw = &ck.call.turns[t.index].text;
        for (range, digits) in privacy::digit_runs(raw) {
            let what = if text_checks::resident_id(&digits) {
                ("身份证号", "resident ID number")
            } else if (13..=19).contains(&digits.len()) && text_checks::luhn(&digits) {
                ("银行卡号", "card number")
            } else {
                continue;
            };
            let tail: String = digits
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let (wz, we) = what;
            ck.report(
                "call-pii-spoken",
                Some((t.index, range)),
                msg!(zh: "坐席念出了完整的{wz}（尾号 {tail}）", en: "the agent reads out a full {we} (ending {tail})"),
                Some(msg!(zh: "核对时只说尾号，如：尾号{tail}的卡", en: "say the last four digits only: 尾号{tail}的卡")),
            );
        }
    }
}

/// The opener elements among the agent's first turns, the closing
/// elements among the last, for the call's channel and direction.
fn elements(ck: &mut Checker, agent: &[AgentTurn], call: crate::standard::Call) {
    let (standard, data) = (ck.cx.standard, &ck.cx.calls.data);
    let Some(first) = agent.first() else {
        return;
    };
    let last = agent.last().unwrap_or(first);
    let opener = &agent[..data.opener_turns.clamp(1, agent.len())];
    let closing = &agent[agent.len() - data.closing_turns.clamp(1, agent.len())..];
    let inbound = call.direction == Direction::Inbound;
    let checks: [(&'static str, &Element, bool, bool); 9] = [
        ("opener-greeting", &standard.greeting, true, true),
        ("opener-bank-name", &standard.bank_name, true, true),
        ("opener-agent-id", &standard.agent_id, true, true),
        ("opener-offer-help", &standard.offer_help, true, inbound),
        (
            "opener-confirm-identity",
            &standard.confirm_identity,
            true,
            !inbound,
        ),
        ("opener-purpose", &standard.purpose, true, !inbound),
        (
            "closing-further-needs",
            &standard.further_needs,
            false,
            true,
        ),
        ("closing-thanks", &standard.thanks, false, true),
        ("closing-farewell", &standard.farewell, false, true),
    ];
    for (rule, element, is_opener, applies) in checks {
        if !applies || !ck.cx.rules.on(rule) {
            continue;
        }
        let turns = if is_opener { opener } else { closing };
        let said = turns.iter().any(|t| {
            element.says(&t.spoken, call)
                || (rule == "opener-bank-name" && ck.cx.calls.bank_name.contains(&t.spoken))
        });
        if said {
            continue;
        }
        let at = if is_opener { first } else { last };
        let n = turns.len();
        let which = if is_opener {
            msg!(zh: "（坐席的前 {n} 句）", en: " (the agent's first {n} turns)")
        } else {
            msg!(zh: "（坐席的最后 {n} 句）", en: " (the agent's last {n} turns)")
        };
        let message = Msg::new(
            format!("{}{}", element.message.zh, which.zh),
            format!("{}{}", element.message.en, which.en),
        );
        let len = at.masked.len();
        ck.report(
            rule,
            Some((at.index, 0..len)),
            message,
            Some(element.suggestion(call).clone()),
        );
    }
}

/// The language rules on each agent turn.
fn language(ck: &mut Checker, agent: &[AgentTurn], channel: Channel, sales: bool) {
    let standard = ck.cx.standard;
    let lang = &standard.language;
    let limit = match channel {
        Channel::Phone => standard.data.limits.sentence_length.phone,
        Channel::Online => standard.data.limits.sentence_length.online,
    };
    for t in agent {
        let text = t.spoken.as_str();
        let mut hits: Vec<(&'static str, TextHit)> = Vec::new();
        if ck.cx.rules.on("forbidden-phrase") {
            hits.extend(
                text_checks::forbidden_phrase(text, t.presence, standard, sales)
                    .into_iter()
                    .map(|h| ("forbidden-phrase", h)),
            );
        }
        if ck.cx.rules.on("absolute-promise") && t.presence.may(&lang.absolute_adverbs) {
            hits.extend(
                text_checks::absolute_promise(text, lang)
                    .into_iter()
                    .map(|h| ("absolute-promise", h)),
            );
        }
        if ck.cx.rules.on("vague-commitment") && t.presence.may(&lang.vague) {
            hits.extend(
                text_checks::vague_commitment(text, lang)
                    .into_iter()
                    .map(|h| ("vague-commitment", h)),
            );
        }
        if ck.cx.rules.on("sensitive-data-request") && t.presence.may(&lang.sensitive_nouns) {
            hits.extend(
                text_checks::sensitive_data_request(text, lang)
                    .into_iter()
                    .map(|h| ("sensitive-data-request", h)),
            );
        }
        if ck.cx.rules.on("casual-address") && t.presence.may(&lang.casual) {
            hits.extend(
                text_checks::casual_address(text, &lang.casual)
                    .into_iter()
                    .map(|h| ("casual-address", h)),
            );
        }
        for (rule, hit) in hits {
            ck.report_hit(rule, t.index, hit);
        }
        // 你 as written by the recogniser (the text as spoken reads it as 您).
        if ck.cx.rules.on("honorific-you") {
            for (range, _) in lang.informal_you.find_all(&t.masked) {
                ck.report(
                    "honorific-you",
                    Some((t.index, range)),
                    msg!(zh: "对客户称“你”", en: "the customer is addressed as 你"),
                    Some(msg!(zh: "用敬语“您”", en: "use the honorific 您")),
                );
            }
        }
        // Sentences exist only where the recogniser punctuates; a turn
        // without any end mark cannot be judged by sentence.
        if ck.cx.rules.on("sentence-length")
            && t.masked.contains(['。', '！', '？', '!', '?', '；', ';'])
        {
            for s in sentences(&t.masked) {
                let length = text_checks::spoken_length(&t.masked[s.clone()]);
                if length as u64 > limit {
                    ck.report(
                        "sentence-length",
                        Some((t.index, s)),
                        msg!(zh: "这句话有 {length} 个字，超过 {limit} 字的上限", en: "this sentence is {length} characters long, over the limit of {limit}"),
                        Some(msg!(zh: "拆成几句短句，每句说一件事", en: "split it into shorter sentences, one thing each")),
                    );
                }
            }
        }
    }
}

/// Callback promises made in the call: each promise, with the agent's turn
/// before it and `callback-exchange` turns after it, must give a window
/// (not a vague word), ask for or confirm contact details, say why, and ask
/// the customer's consent.
fn callbacks(ck: &mut Checker, agent: &[AgentTurn]) {
    let rules = [
        "callback-time-window",
        "callback-vague-time",
        "callback-contact",
        "callback-reason",
        "callback-confirm",
    ];
    if !rules.iter().any(|r| ck.cx.rules.on(r)) {
        return;
    }
    let standard = ck.cx.standard;
    let after = ck.cx.calls.data.callback_exchange;
    let max = &standard.data.callback.max;
    let format = standard.data.callback.format.msg();
    let mut judged_until = None;
    for (k, t) in agent.iter().enumerate() {
        if judged_until.is_some_and(|end| k <= end) || !t.presence.may(&standard.promise) {
            continue;
        }
        let Some(phrase) = standard.promise_in(&t.spoken) else {
            continue;
        };
        let end = (k + after).min(agent.len() - 1);
        judged_until = Some(end);
        let exchange = &agent[k.saturating_sub(1)..=end];
        let from_promise = &agent[k..=end];
        // The window: said in the promise or in the turns after it.
        let mut windows = Vec::new();
        for (j, u) in from_promise.iter().enumerate() {
            windows.extend(
                text_checks::windows(&u.spoken, standard)
                    .into_iter()
                    .map(|w| (j, w)),
            );
        }
        let vague = standard.vague.find(&t.spoken);
        if windows.is_empty() {
            match vague {
                Some(v) => {
                    let word = t.spoken[v.clone()].to_string();
                    ck.report("callback-vague-time", Some((t.index, v)), msg!(zh: "“{word}”不是具体的时限", en: "“{word}” is not a time window"), Some(format.clone()));
                }
                None => ck.report("callback-time-window", Some((t.index, phrase.clone())), msg!(zh: "承诺回复，但没有说明时限", en: "a reply is promised without a time window"), Some(format.clone())),
            }
        }
        for (j, w) in &windows {
            let Some(kind) = w.kind else {
                continue;
            };
            let limit = max.of(kind);
            if w.value <= limit {
                continue;
            }
            let u = &from_promise[*j];
            let window = u.spoken[w.range.clone()].to_string();
            let (unit_zh, unit_en) = match kind {
                crate::standard::UnitKind::WorkingDays => ("个工作日", "working days"),
                crate::standard::UnitKind::Days => ("天", "days"),
                crate::standard::UnitKind::Hours => ("小时", "hours"),
            };
            ck.report("callback-time-window", Some((u.index, w.range.clone())), msg!(zh: "时限“{window}”超过了 {limit}{unit_zh} 的上限", en: "the window “{window}” is over the maximum of {limit} {unit_en}"), Some(msg!(zh: "承诺不超过 {limit}{unit_zh} 的时限", en: "promise at most {limit} {unit_en}")));
        }
        if !exchange
            .iter()
            .any(|u| standard.asks_for_contact(&u.spoken))
        {
            ck.report("callback-contact", Some((t.index, phrase.clone())), msg!(zh: "承诺回电，但前后没有请客户留下或确认联系方式", en: "a callback is promised without asking for or confirming contact details"), Some(msg!(zh: "加上，如：请您留下联系方式 / 请您核对一下预留的手机号码", en: "add, e.g. 请您留下联系方式 or 请您核对一下预留的手机号码")));
        }
        if !exchange
            .iter()
            .any(|u| standard.reasons.contains(&u.spoken))
        {
            ck.report("callback-reason", Some((t.index, phrase.clone())), msg!(zh: "回电承诺没有说明原因或后续处理", en: "the callback does not say why or what happens next"), Some(msg!(zh: "说明要做什么，如：这个情况需要与相关部门核实，……", en: "say what happens, e.g. 这个情况需要与相关部门核实，……")));
        }
        if !from_promise
            .iter()
            .any(|u| standard.consent.contains(&u.spoken))
        {
            ck.report("callback-confirm", Some((t.index, phrase.clone())), msg!(zh: "回电承诺没有征求客户的同意", en: "the callback does not ask the customer's consent"), Some(msg!(zh: "以征询结束，如：……给您回复，好吗？", en: "end with a question, e.g. ……给您回复，好吗？")));
        }
    }
}

/// A hold is followed, later in the call, by thanks for waiting.
fn hold_thanks(ck: &mut Checker, agent: &[AgentTurn]) {
    if !ck.cx.rules.on("hold-thanks") {
        return;
    }
    let standard = ck.cx.standard;
    let last_thanks = agent.iter().enumerate().rev().find_map(|(k, t)| {
        if !t.presence.may(&standard.thanks_for_waiting) {
            return None;
        }
        standard
            .thanks_for_waiting
            .find_all(&t.spoken)
            .last()
            .map(|(r, _)| (k, r.start))
    });
    for (k, t) in agent.iter().enumerate() {
        if !t.presence.may(&standard.hold) {
            continue;
        }
        for (hold, _) in standard.hold.find_all(&t.spoken) {
            if last_thanks.is_some_and(|at| at > (k, hold.start)) {
                continue;
            }
            let phrase = t.spoken[hold.clone()].to_string();
            ck.report("hold-thanks", Some((t.index, hold)), msg!(zh: "让客户“{phrase}”之后没有感谢客户的等待", en: "the customer is put on hold (“{phrase}”) but never thanked for waiting"), Some(msg!(zh: "回来时先致谢，如：感谢您的耐心等待，……", en: "thank them when you come back: 感谢您的耐心等待，……")));
        }
    }
}

/// When the customer complains (a complaint signal in a customer turn, or
/// a call of category complaint), the agent soothes before resolving.
fn complaint_empathy(ck: &mut Checker, agent: &[AgentTurn]) {
    if !ck.cx.rules.on("complaint-empathy") {
        return;
    }
    let (standard, calls) = (ck.cx.standard, ck.cx.calls);
    let call = ck.call;
    let signal = call.turns.iter().enumerate().find(|(i, t)| {
        // The customer's own words: the spoken phrases are the agent's.
        t.role == Role::Customer && calls.complaint.contains(&ck.masked[*i])
    });
    let from = match (signal, call.category) {
        (Some((i, _)), _) => i,
        (None, Some(Category::Complaint)) => 0,
        _ => return,
    };
    let after: Vec<&AgentTurn> = agent.iter().filter(|t| t.index > from).collect();
    if after.is_empty() {
        return;
    }
    // The first turn that resolves; the agent has soothed when an empathy
    // phrase comes before its resolution (or anywhere after the complaint
    // when nothing is resolved).
    for t in &after {
        let empathy = standard.empathy.find(&t.spoken);
        let resolution = calls.resolution.find(&t.spoken);
        match (empathy, resolution) {
            (Some(e), Some(r)) if e.start <= r.start => return,
            (Some(_), None) => return,
            (_, Some(r)) => {
                ck.report("complaint-empathy", Some((t.index, r)), msg!(zh: "客户投诉后，坐席还没有安抚就开始处理问题", en: "the customer complains and the agent resolves before soothing"), Some(msg!(zh: "先安抚，如：非常理解您的心情，给您添麻烦了，我会尽力帮您处理。", en: "soothe first, e.g. 非常理解您的心情，给您添麻烦了，我会尽力帮您处理。")));
                return;
            }
            (None, None) => {}
        }
    }
    let at = after[0];
    let len = at.masked.len();
    ck.report("complaint-empathy", Some((at.index, 0..len)), msg!(zh: "客户投诉后，坐席始终没有安抚客户", en: "the customer complains and the agent never soothes them"), Some(msg!(zh: "先安抚，如：非常理解您的心情，给您添麻烦了，我会尽力帮您处理。", en: "soothe first, e.g. 非常理解您的心情，给您添麻烦了，我会尽力帮您处理。")));
}

fn seconds(ms: u64) -> String {
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}

/// Silences, speech rate and talking over, on calls whose every turn has times.
fn timing(ck: &mut Checker, agent: &[AgentTurn]) {
    let data = &ck.cx.calls.data;
    let standard = ck.cx.standard;
    let turns = &ck.call.turns;
    let mut findings: Vec<(&'static str, usize, Msg, Msg)> = Vec::new();
    // Silence before each agent turn, after everything said before it.
    let mut ended: Option<u64> = None;
    let mut held = false;
    let mut last_customer: Option<usize> = None;
    let mut agent_iter = agent.iter().peekable();
    for (i, t) in turns.iter().enumerate() {
        let (Some(begin), Some(end)) = (t.begin, t.end) else {
            return;
        };
        let this_agent = agent_iter.peek().filter(|a| a.index == i).is_some();
        if t.role == Role::Agent {
            let a = agent_iter.next();
            if let Some(gap) = ended.map(|e| begin.saturating_sub(e)) {
                let limit = if held {
                    data.max_hold_silence_ms
                } else {
                    data.max_silence_ms
                };
                if gap > limit {
                    let (g, l) = (seconds(gap), seconds(limit));
                    findings.push(("call-silence", i, msg!(zh: "坐席开口前静音 {g} 秒，超过 {l} 秒的上限", en: "{g} s of silence before the agent speaks, over the limit of {l} s"), msg!(zh: "需要时间时先告知客户，如：请您稍等，我为您查询一下", en: "tell the customer first when you need time: 请您稍等，我为您查询一下")));
                }
            }
            // Talking over: the customer's turn is still going.
            let chars = t.text.chars().filter(|c| c.is_alphanumeric()).count();
            if let Some(c) = last_customer {
                let customer_end = turns[c].end.unwrap_or(0);
                if customer_end > begin
                    && customer_end - begin > data.talk_over_ms
                    && chars > data.backchannel_chars
                {
                    let o = seconds(customer_end - begin);
                    findings.push(("call-talk-over", i, msg!(zh: "客户还没说完，坐席就开口（重叠 {o} 秒）", en: "the agent starts while the customer is still speaking ({o} s overlap)"), msg!(zh: "先听客户说完，再回应", en: "let the customer finish, then answer")));
                }
            }
            // Speech rate.
            let duration = end.saturating_sub(begin);
            if chars >= data.min_rate_chars && duration >= data.min_rate_ms {
                let rate = chars as u64 * 60_000 / duration.max(1);
                if rate > data.max_speech_rate {
                    let max = data.max_speech_rate;
                    findings.push(("call-speech-rate", i, msg!(zh: "语速每分钟 {rate} 字，超过 {max} 字的上限", en: "{rate} characters a minute, over the limit of {max}"), msg!(zh: "放慢语速，重要信息逐项说清", en: "slow down; say important points one by one")));
                }
            }
            held = a.is_some_and(|a| {
                this_agent && a.presence.may(&standard.hold) && standard.hold.contains(&a.spoken)
            });
        } else {
            last_customer = Some(i);
        }
        ended = Some(ended.map_or(end, |e| e.max(end)));
    }
    for (rule, i, message, help) in findings {
        let len = ck.masked[i].len();
        ck.report(rule, Some((i, 0..len)), message, Some(help));
    }
}

/// The run's settings, ready to check calls (also the library entry point).
pub struct Prepared {
    pub standard: crate::config::LazyStandard,
    pub calls: CallStandard,
    pub rules: CallRules,
    pub config: crate::config::Config,
    pub tolerance: bool,
}

impl Prepared {
    pub fn new(
        config: crate::config::Config,
        select: &[String],
        ignore: &[String],
        tolerance: bool,
    ) -> Prepared {
        let standard = config.standard.clone();
        let calls = CallStandard::new(
            &standard.data.calls,
            &standard.data.opener.bank_name.phrases,
        );
        let rules = CallRules::new(&config, select, ignore);
        Prepared {
            standard,
            calls,
            rules,
            config,
            tolerance,
        }
    }

    pub fn context(&self) -> CallContext<'_> {
        CallContext {
            standard: &self.standard,
            calls: &self.calls,
            rules: &self.rules,
            default_channel: self.config.default_channel,
            default_direction: self.config.default_direction,
            tolerance: self.tolerance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::input::parse_json;
    use crate::config::Config;

    #[test]
    fn a_hostile_turn_keeps_a_bounded_number_of_findings() {
        let taboo = "这个不归我管，".repeat(3_000);
        let json = serde_json::json!({"id": "h", "turns": [{"role": "agent", "words": taboo}]});
        let call = parse_json(&json.to_string(), "h").unwrap();
        let prepared = Prepared::new(Config::default(), &[], &[], true);
        let r = check_call(&call, "h.json".into(), 1, &prepared.context());
        let taboos = r
            .findings
            .iter()
            .filter(|f| f.rule == "forbidden-phrase")
            .count();
        assert_eq!(taboos, MAX_PER_RULE);
        // Each finding keeps a window of the turn, not the turn.
        assert!(r
            .findings
            .iter()
            .all(|f| f.turn.as_ref().is_none_or(|t| t.text.len() < 800)));
        // A longer turn is no speech at all.
        let json = serde_json::json!({"id": "h", "turns": [{"role": "agent", "words": "好".repeat(30_000)}]});
        let e = parse_json(&json.to_string(), "h").unwrap_err();
        assert!(
            e.message.en.contains("no turn of speech is that long"),
            "{}",
            e.message.en
        );
    }
}
