//! The service standard is data (FORMAT.md §5): what an opener and a closing
//! must contain, what makes a callback promise, and the word lists. The
//! built-in `default` standard is `default.yaml`, embedded in the binary; a
//! bank's own is named by `standard: PATH` in huashu.yaml. The config's
//! `bank.name`, `lexicon` edits and rule options are merged in, and the
//! result is compiled once per run into phrase matchers (`Standard`).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::finding::{Lang, Msg};
use crate::model::{Channel, Direction};
use crate::msg;
use crate::text::lexicon::is_pattern;
use crate::text::lexicon::{PhraseSet, PresenceIndex};
use crate::text::pattern::Pattern;
use crate::text::{clauses, numeral, placeholder};

pub const DEFAULT_YAML: &str = include_str!("default.yaml");
/// The same standard as JSON, which loads in a tenth of the time (a
/// one-file run paid more for reading the YAML than for checking): made
/// from `default.yaml` by the test `builtin_snapshot_is_current`, which
/// fails when the two differ (`HUASHU_BLESS=1 cargo test -p huashu_linter --test standard_snapshot`
/// writes it anew).
const DEFAULT_JSON: &str = include_str!("default.json");

/// A text in both languages, as the standard file writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn msg(&self) -> Msg {
        Msg::new(self.zh.clone(), self.en.clone())
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A group of phrases, in order, inside one clause.
pub type Sequence = Vec<Vec<String>>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChannelPatterns {
    /// Phrase patterns (text::pattern); literal phrases are patterns too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// Patterns whose matches take back the hits they overlap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
    /// Literal phrases (the first form of a standard; still read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Bilingual>,
}

/// A required element of the opener or closing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ElementData {
    pub message: Bilingual,
    pub suggestion: Bilingual,
    /// Phrase patterns (text::pattern); literal phrases are patterns too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// Patterns whose matches take back the hits they overlap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
    /// Literal phrases (the first form of a standard; still read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    /// Replaces phrases, sequences and suggestion on the phone channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<ChannelPatterns>,
    /// Replaces phrases, sequences and suggestion on the online channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<ChannelPatterns>,
    /// Replaces them on outbound calls (the bank calls), whatever the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound: Option<ChannelPatterns>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OpenerData {
    pub greeting: ElementData,
    pub bank_name: ElementData,
    pub agent_id: ElementData,
    /// Inbound calls only.
    pub offer_help: ElementData,
    /// Outbound calls only; a standard written before call direction
    /// existed has none and gets the built-in one.
    #[serde(default = "builtin_confirm_identity")]
    pub confirm_identity: ElementData,
    /// Outbound calls only, like `confirm-identity`.
    #[serde(default = "builtin_purpose")]
    pub purpose: ElementData,
}

// The built-in standard names both, so filling them in never recurses.
fn builtin_confirm_identity() -> ElementData {
    StandardData::builtin().opener.confirm_identity
}

fn builtin_purpose() -> ElementData {
    StandardData::builtin().opener.purpose
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClosingData {
    pub further_needs: ElementData,
    pub thanks: ElementData,
    pub farewell: ElementData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    WorkingDays,
    Days,
    Hours,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub word: String,
    pub kind: UnitKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Maxima {
    pub working_days: u64,
    pub days: u64,
    pub hours: u64,
}

impl Maxima {
    pub fn of(&self, kind: UnitKind) -> u64 {
        match kind {
            UnitKind::WorkingDays => self.working_days,
            UnitKind::Days => self.days,
            UnitKind::Hours => self.hours,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CallbackData {
    pub promise: Vec<String>,
    pub units: Vec<Unit>,
    pub max: Maxima,
    pub concrete: Vec<String>,
    pub vague: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    pub contact_verbs: Vec<String>,
    pub contact_nouns: Vec<String>,
    /// Whole contact requests as patterns (麻烦把您的手机号留一下), besides
    /// a contact verb followed by a contact noun.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<String>,
    pub reasons: Vec<String>,
    pub consent: Vec<String>,
    pub format: Bilingual,
    /// Per list above (`promise`, `reasons`, `consent`, `contact` …): patterns
    /// whose matches take back the hits they overlap.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unless: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProcessData {
    pub empathy: Vec<String>,
    pub hold: Vec<String>,
    pub thanks_for_waiting: Vec<String>,
    pub question_words: Vec<String>,
    pub risk_level: Vec<String>,
    pub risk_warning: Vec<String>,
    /// Per list above (`empathy`, `hold` …): patterns whose matches take
    /// back the hits they overlap.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unless: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ForbiddenGroup {
    /// The family's name, as the message says it (存款类比 / deposit likeness).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Bilingual>,
    pub reason: Bilingual,
    pub suggestion: Bilingual,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sales_only: bool,
    /// Phrase patterns of the family (text::pattern).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// The family's legitimate uses: patterns whose matches take back the
    /// hits they overlap (不等同于存款; `(不|没)…零风险`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
    /// Literal phrases (the first form of a standard; still read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    /// Longer phrases that contain a forbidden one but are fine (the first
    /// form of `unless`; still read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
    /// A reason of its own for some phrases (those added in huashu.yaml).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AbsolutePromise {
    pub adverbs: Vec<String>,
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub allowed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SensitiveData {
    pub nouns: Vec<String>,
    pub verbs: Vec<String>,
    pub negations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LexiconData {
    /// term -> plain-language alternative ("" when none is agreed yet).
    pub jargon: BTreeMap<String, String>,
    pub explanation_markers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explanation_markers_except: Vec<String>,
    pub forbidden: BTreeMap<String, ForbiddenGroup>,
    pub vague_commitment: Vec<String>,
    pub absolute_promise: AbsolutePromise,
    pub casual_address: Vec<String>,
    pub sensitive_data: SensitiveData,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SentenceLength {
    pub phone: u64,
    pub online: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    pub sentence_length: SentenceLength,
    pub max_unexplained_jargon: u64,
}

/// The standard as its YAML file holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StandardData {
    pub name: String,
    pub version: u64,
    pub opener: OpenerData,
    pub closing: ClosingData,
    pub callback: CallbackData,
    pub process: ProcessData,
    pub lexicon: LexiconData,
    pub limits: Limits,
    /// What only `huashu calls` reads (timing, complaint signals, score
    /// weights); a standard that leaves it out gets the built-in values.
    #[serde(default)]
    pub calls: crate::calls::standard::CallsData,
}

/// Why a standard file was refused: where, and what.
#[derive(Debug, Clone)]
pub struct StandardError {
    pub span: Range<usize>,
    pub message: Msg,
}

/// Keys whose values are prose or plain terms, never phrase patterns.
const NOT_PATTERNS: &[&str] = &[
    "message",
    "suggestion",
    "reason",
    "format",
    "name",
    "notes",
    "jargon",
    "units",
    "max",
    "limits",
    "zh",
    "en",
];

/// The lists of `callback` and `process` that an `unless` map may name.
const UNLESS_LISTS: &[&str] = &[
    "promise",
    "concrete",
    "vague",
    "notices",
    "contact-verbs",
    "contact-nouns",
    "contact",
    "reasons",
    "consent",
    "empathy",
    "hold",
    "thanks-for-waiting",
    "question-words",
    "risk-level",
    "risk-warning",
];

/// Check every list entry written as a pattern (text::pattern), and the
/// list names of the `unless` maps; point at the first fault.
fn check_patterns(text: &str, node: &crate::yaml::Node) -> Result<(), StandardError> {
    use crate::yaml::NodeKind;
    match &node.kind {
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                let key = k.as_str().unwrap_or("");
                if NOT_PATTERNS.contains(&key) {
                    continue;
                }
                if key == "unless" {
                    if let Some(lists) = v.as_map() {
                        for (list, _) in lists {
                            let name = list.as_str().unwrap_or("");
                            if !UNLESS_LISTS.contains(&name) {
                                let known = UNLESS_LISTS.join(", ");
                                return Err(StandardError {
                                    span: list.span.clone(),
                                    message: msg!(zh: "`unless` 中没有名为 `{name}` 的列表；可用：{known}", en: "`unless` names no list `{name}`; known: {known}"),
                                });
                            }
                        }
                    }
                }
                check_patterns(text, v)?;
            }
        }
        NodeKind::Seq(items) => {
            for item in items {
                match &item.kind {
                    NodeKind::Scalar(s) if is_pattern(&s.value) => {
                        if let Err(e) = Pattern::parse_checked(&s.value) {
                            let span = crate::yaml::scalar_map::sub_span(
                                text,
                                item.span.clone(),
                                s.style,
                                &s.value,
                                e.at.clone(),
                            )
                            .0;
                            let (source, ez, ee) = (&s.value, &e.message.zh, &e.message.en);
                            return Err(StandardError {
                                span,
                                message: msg!(zh: "模式“{source}”有误：{ez}", en: "bad pattern `{source}`: {ee}"),
                            });
                        }
                    }
                    _ => check_patterns(text, item)?,
                }
            }
        }
        NodeKind::Scalar(_) => {}
    }
    Ok(())
}

impl StandardData {
    pub fn builtin() -> StandardData {
        // The embedded default is checked by a test; should it ever fail to
        // load, an empty standard would hide that, so this is loud.
        serde_json::from_str(DEFAULT_JSON)
            .unwrap_or_else(|e| panic!("the built-in standard is invalid: {e}"))
    }

    /// Parse a standard file. serde stops at the first problem; its position
    /// comes back as a byte span into `text`. Then every entry written as a
    /// pattern is checked, and the first bad one is pointed at.
    pub fn parse(text: &str) -> Result<StandardData, StandardError> {
        let parsed = crate::yaml::parse(text);
        if let Some(p) = parsed.problems.first() {
            let message = match &p.kind {
                crate::yaml::LoadProblemKind::Syntax(m) => format!("invalid YAML: {m}"),
                _ => "the standard must be one YAML document of reasonable size".to_string(),
            };
            return Err(StandardError {
                span: p.span.clone(),
                message: Msg::new(message.clone(), message),
            });
        }
        let data = serde_saphyr::from_str::<StandardData>(text).map_err(|e| {
            let at = e
                .location()
                .and_then(|l| l.span().byte_offset())
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or(0)
                .min(text.len());
            let message = e.to_string();
            let first_line = message.lines().next().unwrap_or("").to_string();
            StandardError {
                span: at..at,
                message: Msg::new(first_line.clone(), first_line),
            }
        })?;
        if let Some(root) = &parsed.root {
            check_patterns(text, root)?;
        }
        Ok(data)
    }

    /// The patterns a rule reads, by where they stand in the standard (for
    /// `huashu explain`): (`opener.greeting`, entries), (`… unless`, entries) ….
    pub fn patterns_of(&self, rule: &str) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        let mut list = |name: &str, entries: &[String]| {
            if !entries.is_empty() {
                out.push((name.to_string(), entries.to_vec()));
            }
        };
        let element = |list: &mut dyn FnMut(&str, &[String]), name: &str, e: &ElementData| {
            let mut all = e.patterns.clone();
            all.extend(e.phrases.iter().cloned());
            list(name, &all);
            list(&format!("{name} unless"), &e.unless);
            for (variant, c) in [
                ("phone", &e.phone),
                ("online", &e.online),
                ("outbound", &e.outbound),
            ] {
                if let Some(c) = c {
                    let mut all = c.patterns.clone();
                    all.extend(c.phrases.iter().cloned());
                    list(&format!("{name}.{variant}"), &all);
                    list(&format!("{name}.{variant} unless"), &c.unless);
                }
            }
        };
        let cb = &self.callback;
        let unless = |map: &BTreeMap<String, Vec<String>>, key: &str| {
            map.get(key).cloned().unwrap_or_default()
        };
        match rule {
            "opener-greeting" => element(&mut list, "opener.greeting", &self.opener.greeting),
            "opener-bank-name" => element(&mut list, "opener.bank-name", &self.opener.bank_name),
            "opener-agent-id" => element(&mut list, "opener.agent-id", &self.opener.agent_id),
            "opener-offer-help" => element(&mut list, "opener.offer-help", &self.opener.offer_help),
            "opener-confirm-identity" => element(
                &mut list,
                "opener.confirm-identity",
                &self.opener.confirm_identity,
            ),
            "opener-purpose" => element(&mut list, "opener.purpose", &self.opener.purpose),
            "closing-further-needs" => element(
                &mut list,
                "closing.further-needs",
                &self.closing.further_needs,
            ),
            "closing-thanks" => element(&mut list, "closing.thanks", &self.closing.thanks),
            "closing-farewell" => element(&mut list, "closing.farewell", &self.closing.farewell),
            "hold-thanks" => {
                list("process.hold", &self.process.hold);
                list(
                    "process.thanks-for-waiting",
                    &self.process.thanks_for_waiting,
                );
            }
            "complaint-empathy" => {
                list("process.empathy", &self.process.empathy);
                list(
                    "process.empathy unless",
                    &unless(&self.process.unless, "empathy"),
                );
            }
            "sales-risk-disclosure" => {
                list("process.risk-level", &self.process.risk_level);
                list("process.risk-warning", &self.process.risk_warning);
            }
            "callback-time-window"
            | "callback-vague-time"
            | "callback-contact"
            | "callback-reason"
            | "callback-confirm" => {
                list("callback.promise", &cb.promise);
                list("callback.promise unless", &unless(&cb.unless, "promise"));
                let own: &[(&str, &Vec<String>)] = match rule {
                    "callback-time-window" => &[("callback.concrete", &cb.concrete)],
                    "callback-vague-time" => &[("callback.vague", &cb.vague)],
                    "callback-contact" => &[
                        ("callback.contact-verbs", &cb.contact_verbs),
                        ("callback.contact-nouns", &cb.contact_nouns),
                        ("callback.contact", &cb.contact),
                    ],
                    "callback-reason" => &[("callback.reasons", &cb.reasons)],
                    _ => &[("callback.consent", &cb.consent)],
                };
                for (name, entries) in own {
                    list(name, entries);
                    let key = name.trim_start_matches("callback.");
                    list(&format!("{name} unless"), &unless(&cb.unless, key));
                }
            }
            "forbidden-phrase" => {
                for (family, group) in &self.lexicon.forbidden {
                    let mut all = group.patterns.clone();
                    all.extend(group.phrases.iter().cloned());
                    list(&format!("lexicon.forbidden.{family}"), &all);
                    let mut unless = group.unless.clone();
                    unless.extend(group.allowed.iter().cloned());
                    list(&format!("lexicon.forbidden.{family} unless"), &unless);
                }
            }
            "vague-commitment" => list("lexicon.vague-commitment", &self.lexicon.vague_commitment),
            "jargon-limit" => {
                list(
                    "lexicon.explanation-markers",
                    &self.lexicon.explanation_markers,
                );
                list(
                    "lexicon.explanation-markers-except",
                    &self.lexicon.explanation_markers_except,
                );
            }
            "absolute-promise" => {
                list(
                    "lexicon.absolute-promise.adverbs",
                    &self.lexicon.absolute_promise.adverbs,
                );
                list(
                    "lexicon.absolute-promise.outcomes",
                    &self.lexicon.absolute_promise.outcomes,
                );
                list(
                    "lexicon.absolute-promise.allowed",
                    &self.lexicon.absolute_promise.allowed,
                );
            }
            "casual-address" => list("lexicon.casual-address", &self.lexicon.casual_address),
            "sensitive-data-request" => {
                list(
                    "lexicon.sensitive-data.nouns",
                    &self.lexicon.sensitive_data.nouns,
                );
                list(
                    "lexicon.sensitive-data.verbs",
                    &self.lexicon.sensitive_data.verbs,
                );
                list(
                    "lexicon.sensitive-data.negations",
                    &self.lexicon.sensitive_data.negations,
                );
            }
            _ => {}
        }
        out
    }

    pub fn to_yaml(&self) -> String {
        serde_saphyr::to_string(self).unwrap_or_default()
    }
}

/// An element compiled for matching.
#[derive(Debug, Clone)]
pub struct Element {
    pub message: Msg,
    suggestion: Msg,
    general: Patterns,
    phone: Option<(Patterns, Option<Msg>)>,
    online: Option<(Patterns, Option<Msg>)>,
    outbound: Option<(Patterns, Option<Msg>)>,
}

/// What a script is: the channel and the direction of the call, which
/// decide the wording an element must take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    pub channel: Channel,
    pub direction: Direction,
}

#[derive(Debug, Clone, Default)]
struct Patterns {
    phrases: PhraseSet,
    sequences: Vec<Vec<Group>>,
}

#[derive(Debug, Clone)]
enum Group {
    Phrases(PhraseSet),
    /// `<number>` and/or `<placeholder>`, possibly with phrases.
    Special {
        phrases: PhraseSet,
        number: bool,
        placeholder: bool,
    },
}

impl Group {
    fn new(items: &[String]) -> Group {
        let number = items.iter().any(|i| i == "<number>");
        let placeholder = items.iter().any(|i| i == "<placeholder>");
        let phrases = PhraseSet::new(
            items
                .iter()
                .filter(|i| *i != "<number>" && *i != "<placeholder>"),
        );
        if number || placeholder {
            Group::Special {
                phrases,
                number,
                placeholder,
            }
        } else {
            Group::Phrases(phrases)
        }
    }

    /// The first match of this group in `text` at or after `from`.
    fn find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        match self {
            Group::Phrases(p) => p.find_from(text, from),
            Group::Special {
                phrases,
                number,
                placeholder,
            } => {
                let mut best = phrases.find_from(text, from);
                let mut consider = |r: Range<usize>| {
                    if best.as_ref().is_none_or(|b| r.start < b.start) {
                        best = Some(r);
                    }
                };
                if *placeholder {
                    let rest = text.get(from..).unwrap_or("");
                    if let Some(range) = placeholder::first_placeholder(rest) {
                        consider(range.start + from..range.end + from);
                    }
                }
                if *number {
                    let rest = text.get(from..).unwrap_or("");
                    if let Some((i, c)) = rest
                        .char_indices()
                        .find(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
                    {
                        consider(from + i..from + i + c.len_utf8());
                    }
                    if let Some(i) = rest.find(|c: char| numeral::is_numeral_char(c)) {
                        let c = rest[i..].chars().next().unwrap_or('0');
                        consider(from + i..from + i + c.len_utf8());
                    }
                }
                best
            }
        }
    }
}

impl Patterns {
    fn new(
        patterns: &[String],
        phrases: &[String],
        unless: &[String],
        sequences: &[Sequence],
    ) -> Patterns {
        Patterns {
            phrases: PhraseSet::with_masks(patterns.iter().chain(phrases), unless),
            sequences: sequences
                .iter()
                .map(|s| s.iter().map(|g| Group::new(g)).collect())
                .collect(),
        }
    }

    /// Where the element is said in `text`: a phrase, or a sequence inside one clause.
    fn find(&self, text: &str) -> Option<Range<usize>> {
        if let Some(r) = self.phrases.find(text) {
            return Some(r);
        }
        // Clauses are worth splitting only when some sequence can start.
        let can_start = self
            .sequences
            .iter()
            .any(|seq| seq.first().is_some_and(|g| g.find_from(text, 0).is_some()));
        if !can_start {
            return None;
        }
        for clause in clauses(text) {
            let part = &text[clause.clone()];
            for seq in &self.sequences {
                let mut from = 0;
                let mut start = None;
                let mut ok = true;
                for group in seq {
                    match group.find_from(part, from) {
                        Some(r) => {
                            start.get_or_insert(r.start);
                            from = r.end;
                        }
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    if let Some(s) = start {
                        return Some(clause.start + s..clause.start + from);
                    }
                }
            }
        }
        None
    }
}

impl Element {
    fn new(data: &ElementData) -> Element {
        let channel = |c: &Option<ChannelPatterns>| {
            c.as_ref().map(|c| {
                (
                    Patterns::new(&c.patterns, &c.phrases, &c.unless, &c.sequences),
                    c.suggestion.as_ref().map(Bilingual::msg),
                )
            })
        };
        Element {
            message: data.message.msg(),
            suggestion: data.suggestion.msg(),
            general: Patterns::new(&data.patterns, &data.phrases, &data.unless, &data.sequences),
            phone: channel(&data.phone),
            online: channel(&data.online),
            outbound: channel(&data.outbound),
        }
    }

    fn for_call(&self, call: Call) -> (&Patterns, &Msg) {
        let specific = match (call.direction, call.channel) {
            (Direction::Outbound, _) if self.outbound.is_some() => self.outbound.as_ref(),
            (_, Channel::Phone) => self.phone.as_ref(),
            (_, Channel::Online) => self.online.as_ref(),
        };
        match specific {
            Some((p, s)) => (p, s.as_ref().unwrap_or(&self.suggestion)),
            None => (&self.general, &self.suggestion),
        }
    }

    /// Whether the element is said in `text`, on this channel and direction.
    pub fn says(&self, text: &str, call: Call) -> bool {
        let patterns = self.for_call(call).0;
        patterns.phrases.contains(text)
            || (!patterns.sequences.is_empty() && patterns.find(text).is_some())
    }

    /// Where the element is said in `text`, on this channel and direction.
    pub fn find(&self, text: &str, call: Call) -> Option<Range<usize>> {
        self.for_call(call).0.find(text)
    }

    pub fn suggestion(&self, call: Call) -> &Msg {
        self.for_call(call).1
    }
}

/// The word lists of the language rules, compiled.
#[derive(Debug, Clone)]
pub struct Language {
    pub jargon: PhraseSet,
    /// The plain alternative of each jargon term, in `jargon`'s order ("" when none).
    pub jargon_plain: Vec<String>,
    pub markers: PhraseSet,
    /// Each forbidden family (`lexicon.forbidden`): its name and its matcher.
    pub forbidden: Vec<(String, PhraseSet)>,
    pub vague: PhraseSet,
    pub absolute_adverbs: PhraseSet,
    pub absolute_outcomes: PhraseSet,
    pub casual: PhraseSet,
    pub sensitive_nouns: PhraseSet,
    pub sensitive_verbs: PhraseSet,
    pub negations: PhraseSet,
    /// 你, but not inside 你们 (a group) or words such as 迷你.
    pub informal_you: PhraseSet,
}

impl Language {
    /// The hits of a forbidden family in the agent's own voice: a hit inside
    /// quotation marks reports what someone else said.
    pub fn family_hits(set: &PhraseSet, text: &str) -> Vec<Range<usize>> {
        let hits = set.find_all(text);
        if hits.is_empty() {
            return Vec::new();
        }
        let quoted = crate::text::quoted(text);
        hits.into_iter()
            .map(|(r, _)| r)
            .filter(|r| !quoted.iter().any(|q| q.start <= r.start && r.end <= q.end))
            .collect()
    }

    fn new(lex: &LexiconData) -> Language {
        let (terms, plain): (Vec<&String>, Vec<String>) =
            lex.jargon.iter().map(|(t, p)| (t, p.clone())).unzip();
        let forbidden = lex
            .forbidden
            .iter()
            .map(|(name, group)| {
                let set = PhraseSet::with_masks(
                    group.patterns.iter().chain(&group.phrases),
                    group.unless.iter().chain(&group.allowed),
                );
                (name.clone(), set.bounded())
            })
            .collect();
        let abs = &lex.absolute_promise;
        Language {
            jargon: PhraseSet::new(terms),
            jargon_plain: plain,
            markers: PhraseSet::with_masks(
                &lex.explanation_markers,
                &lex.explanation_markers_except,
            ),
            forbidden,
            vague: PhraseSet::new(&lex.vague_commitment).bounded(),
            absolute_adverbs: PhraseSet::with_masks(&abs.adverbs, &abs.allowed).bounded(),
            absolute_outcomes: PhraseSet::new(&abs.outcomes),
            casual: PhraseSet::new(&lex.casual_address),
            sensitive_nouns: PhraseSet::new(&lex.sensitive_data.nouns),
            sensitive_verbs: PhraseSet::new(&lex.sensitive_data.verbs),
            negations: PhraseSet::new(&lex.sensitive_data.negations),
            informal_you: PhraseSet::with_masks(["你"], ["你们", "迷你", "你我"]),
        }
    }
}

/// The effective standard, compiled once per run.
#[derive(Debug, Clone)]
pub struct Standard {
    /// One scan of a text tells which of the word lists below can match it.
    pub presence: PresenceIndex,
    pub language: Language,
    pub data: StandardData,
    pub greeting: Element,
    pub bank_name: Element,
    pub agent_id: Element,
    pub offer_help: Element,
    pub confirm_identity: Element,
    pub purpose: Element,
    pub further_needs: Element,
    pub thanks: Element,
    pub farewell: Element,
    pub promise: PhraseSet,
    pub units: PhraseSet,
    pub concrete: PhraseSet,
    pub vague: PhraseSet,
    pub notices: PhraseSet,
    pub contact_verbs: PhraseSet,
    pub contact_nouns: PhraseSet,
    pub contact: PhraseSet,
    pub reasons: PhraseSet,
    pub consent: PhraseSet,
    pub empathy: PhraseSet,
    pub hold: PhraseSet,
    pub thanks_for_waiting: PhraseSet,
    pub question_words: PhraseSet,
    pub risk_level: PhraseSet,
    pub risk_warning: PhraseSet,
}

impl Default for Standard {
    fn default() -> Standard {
        Standard::new(StandardData::builtin())
    }
}

impl Standard {
    pub fn new(data: StandardData) -> Standard {
        let callback_unless =
            |list: &str| data.callback.unless.get(list).cloned().unwrap_or_default();
        let process_unless =
            |list: &str| data.process.unless.get(list).cloned().unwrap_or_default();
        let callback =
            |v: &Vec<String>, list: &str| PhraseSet::with_masks(v, callback_unless(list));
        let process = |v: &Vec<String>, list: &str| PhraseSet::with_masks(v, process_unless(list));
        let mut standard = Standard {
            presence: PresenceIndex::new(&mut []),
            language: Language::new(&data.lexicon),
            greeting: Element::new(&data.opener.greeting),
            bank_name: Element::new(&data.opener.bank_name),
            agent_id: Element::new(&data.opener.agent_id),
            offer_help: Element::new(&data.opener.offer_help),
            further_needs: Element::new(&data.closing.further_needs),
            thanks: Element::new(&data.closing.thanks),
            farewell: Element::new(&data.closing.farewell),
            confirm_identity: Element::new(&data.opener.confirm_identity),
            purpose: Element::new(&data.opener.purpose),
            promise: callback(&data.callback.promise, "promise"),
            units: PhraseSet::new(data.callback.units.iter().map(|u| u.word.as_str())),
            concrete: callback(&data.callback.concrete, "concrete"),
            vague: callback(&data.callback.vague, "vague"),
            notices: callback(&data.callback.notices, "notices"),
            contact_verbs: callback(&data.callback.contact_verbs, "contact-verbs"),
            contact_nouns: callback(&data.callback.contact_nouns, "contact-nouns"),
            contact: callback(&data.callback.contact, "contact"),
            reasons: callback(&data.callback.reasons, "reasons"),
            consent: callback(&data.callback.consent, "consent"),
            empathy: process(&data.process.empathy, "empathy"),
            hold: process(&data.process.hold, "hold"),
            thanks_for_waiting: process(&data.process.thanks_for_waiting, "thanks-for-waiting"),
            question_words: process(&data.process.question_words, "question-words"),
            risk_level: process(&data.process.risk_level, "risk-level"),
            risk_warning: process(&data.process.risk_warning, "risk-warning"),
            data,
        };
        let l = &mut standard.language;
        let mut sets: Vec<&mut PhraseSet> = vec![
            &mut l.jargon,
            &mut l.vague,
            &mut l.absolute_adverbs,
            &mut l.casual,
            &mut l.sensitive_nouns,
            &mut l.informal_you,
            &mut standard.promise,
            &mut standard.units,
            &mut standard.concrete,
            &mut standard.vague,
            &mut standard.hold,
            &mut standard.thanks_for_waiting,
        ];
        sets.extend(l.forbidden.iter_mut().map(|(_, set)| set));
        standard.presence = PresenceIndex::new(&mut sets);
        standard
    }

    /// Where `text` promises a later reply: a promise phrase, unless a
    /// notice word stands before it in its sentence (系统会发送短信通知您
    /// is a notice, not a promise).
    pub fn promise_in(&self, text: &str) -> Option<Range<usize>> {
        let phrase = self.promise.find(text)?;
        let sentence = crate::text::sentences(text)
            .into_iter()
            .find(|s| s.start <= phrase.start && phrase.start < s.end)
            .unwrap_or(0..text.len());
        let before = text.get(sentence.start..phrase.start).unwrap_or("");
        (!self.notices.contains(before)).then_some(phrase)
    }

    /// Whether `text` asks for or confirms contact details: a contact verb
    /// and, later in the same clause, a contact noun; or one of the
    /// standard's whole contact requests (麻烦把您的手机号留一下).
    pub fn asks_for_contact(&self, text: &str) -> bool {
        self.contact.contains(text)
            || clauses(text).into_iter().any(|c| {
                let clause = &text[c];
                self.contact_verbs
                    .find(clause)
                    .is_some_and(|verb| self.contact_nouns.find_from(clause, verb.end).is_some())
            })
    }

    /// The unit kind of the `index`-th unit phrase.
    pub fn unit_kind(&self, index: usize) -> Option<UnitKind> {
        self.data.callback.units.get(index).map(|u| u.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_patterns_all_compile() {
        StandardData::parse(DEFAULT_YAML).unwrap_or_else(|e| panic!("{}", e.message.en));
    }

    #[test]
    fn builtin_loads_and_round_trips() {
        let data = StandardData::builtin();
        let again = StandardData::parse(&data.to_yaml()).unwrap();
        assert_eq!(data, again);
    }

    #[test]
    fn unknown_keys_are_refused_with_a_position() {
        let text = DEFAULT_YAML.replace("  greeting:\n", "  greting:\n");
        let err = StandardData::parse(&text).unwrap_err();
        assert!(err.message.en.contains("greting"), "{}", err.message.en);
        assert_eq!(&text[err.span.start..err.span.start + 7], "greting");
    }

    #[test]
    fn elements_match_phrases_and_sequences() {
        const PHONE: Call = Call {
            channel: Channel::Phone,
            direction: Direction::Inbound,
        };
        const ONLINE: Call = Call {
            channel: Channel::Online,
            direction: Direction::Inbound,
        };
        let s = Standard::default();
        assert!(s.agent_id.find("您好，工号1234为您服务", PHONE).is_some());
        assert!(s
            .agent_id
            .find("您好，工号{agent_no}为您服务", PHONE)
            .is_some());
        assert!(s.agent_id.find("您好，我是客服代表", PHONE).is_none());
        assert!(s
            .further_needs
            .find("请问您还有其他需要帮助的吗？", PHONE)
            .is_some());
        assert!(s.further_needs.find("还有，其他疑问", PHONE).is_none());
        assert!(s.thanks.find("感谢您的咨询", ONLINE).is_some());
        assert!(s.thanks.find("感谢您的咨询", PHONE).is_none());
        assert!(s.farewell.find("祝您周末愉快", PHONE).is_some());
    }
}
