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
use crate::model::Channel;
use crate::text::lexicon::{PhraseSet, PresenceIndex};
use crate::text::{clauses, numeral, placeholder};

pub const DEFAULT_YAML: &str = include_str!("default.yaml");

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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OpenerData {
    pub greeting: ElementData,
    pub bank_name: ElementData,
    pub agent_id: ElementData,
    pub offer_help: ElementData,
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
    pub reasons: Vec<String>,
    pub consent: Vec<String>,
    pub format: Bilingual,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ForbiddenGroup {
    pub reason: Bilingual,
    pub suggestion: Bilingual,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sales_only: bool,
    pub phrases: Vec<String>,
    /// Longer phrases that contain a forbidden one but are fine (不等同于存款).
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
}

/// Why a standard file was refused: where, and what.
#[derive(Debug, Clone)]
pub struct StandardError {
    pub span: Range<usize>,
    pub message: String,
}

impl StandardData {
    pub fn builtin() -> StandardData {
        // The embedded default is checked by a test; should it ever fail to
        // load, an empty standard would hide that, so this is loud.
        StandardData::parse(DEFAULT_YAML)
            .unwrap_or_else(|e| panic!("the built-in standard is invalid: {}", e.message))
    }

    /// Parse a standard file. serde stops at the first problem; its position
    /// comes back as a byte span into `text`.
    pub fn parse(text: &str) -> Result<StandardData, StandardError> {
        let parsed = crate::yaml::parse(text);
        if let Some(p) = parsed.problems.first() {
            let message = match &p.kind {
                crate::yaml::LoadProblemKind::Syntax(m) => format!("invalid YAML: {m}"),
                _ => "the standard must be one YAML document of reasonable size".to_string(),
            };
            return Err(StandardError {
                span: p.span.clone(),
                message,
            });
        }
        serde_saphyr::from_str::<StandardData>(text).map_err(|e| {
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
                message: first_line,
            }
        })
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
    fn new(phrases: &[String], sequences: &[Sequence]) -> Patterns {
        Patterns {
            phrases: PhraseSet::new(phrases),
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
                    Patterns::new(&c.phrases, &c.sequences),
                    c.suggestion.as_ref().map(Bilingual::msg),
                )
            })
        };
        Element {
            message: data.message.msg(),
            suggestion: data.suggestion.msg(),
            general: Patterns::new(&data.phrases, &data.sequences),
            phone: channel(&data.phone),
            online: channel(&data.online),
        }
    }

    fn for_channel(&self, channel: Channel) -> (&Patterns, &Msg) {
        let specific = match channel {
            Channel::Phone => self.phone.as_ref(),
            Channel::Online => self.online.as_ref(),
        };
        match specific {
            Some((p, s)) => (p, s.as_ref().unwrap_or(&self.suggestion)),
            None => (&self.general, &self.suggestion),
        }
    }

    /// Where the element is said in `text` on `channel`.
    pub fn find(&self, text: &str, channel: Channel) -> Option<Range<usize>> {
        self.for_channel(channel).0.find(text)
    }

    pub fn suggestion(&self, channel: Channel) -> &Msg {
        self.for_channel(channel).1
    }
}

/// The word lists of the language rules, compiled.
#[derive(Debug, Clone)]
pub struct Language {
    pub jargon: PhraseSet,
    /// The plain alternative of each jargon term, in `jargon`'s order ("" when none).
    pub jargon_plain: Vec<String>,
    pub markers: PhraseSet,
    pub forbidden: PhraseSet,
    /// The group of each forbidden phrase, in `forbidden`'s order.
    pub forbidden_group: Vec<String>,
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
    fn new(lex: &LexiconData) -> Language {
        let (terms, plain): (Vec<&String>, Vec<String>) =
            lex.jargon.iter().map(|(t, p)| (t, p.clone())).unzip();
        let mut forbidden = Vec::new();
        let mut forbidden_group = Vec::new();
        let mut allowed = Vec::new();
        for (name, group) in &lex.forbidden {
            for phrase in &group.phrases {
                forbidden.push(phrase.clone());
                forbidden_group.push(name.clone());
            }
            allowed.extend(group.allowed.iter().cloned());
        }
        let abs = &lex.absolute_promise;
        Language {
            jargon: PhraseSet::new(terms),
            jargon_plain: plain,
            markers: PhraseSet::with_masks(
                &lex.explanation_markers,
                &lex.explanation_markers_except,
            ),
            forbidden: PhraseSet::with_masks(forbidden, allowed),
            forbidden_group,
            vague: PhraseSet::new(&lex.vague_commitment),
            absolute_adverbs: PhraseSet::with_masks(&abs.adverbs, &abs.allowed),
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
        let set = |v: &Vec<String>| PhraseSet::new(v);
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
            promise: set(&data.callback.promise),
            units: PhraseSet::new(data.callback.units.iter().map(|u| u.word.as_str())),
            concrete: set(&data.callback.concrete),
            vague: set(&data.callback.vague),
            notices: set(&data.callback.notices),
            contact_verbs: set(&data.callback.contact_verbs),
            contact_nouns: set(&data.callback.contact_nouns),
            reasons: set(&data.callback.reasons),
            consent: set(&data.callback.consent),
            empathy: set(&data.process.empathy),
            hold: set(&data.process.hold),
            thanks_for_waiting: set(&data.process.thanks_for_waiting),
            question_words: set(&data.process.question_words),
            risk_level: set(&data.process.risk_level),
            risk_warning: set(&data.process.risk_warning),
            data,
        };
        let l = &mut standard.language;
        standard.presence = PresenceIndex::new(&mut [
            &mut l.jargon,
            &mut l.forbidden,
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
        ]);
        standard
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
    fn builtin_loads_and_round_trips() {
        let data = StandardData::builtin();
        let again = StandardData::parse(&data.to_yaml()).unwrap();
        assert_eq!(data, again);
    }

    #[test]
    fn unknown_keys_are_refused_with_a_position() {
        let text = DEFAULT_YAML.replace("  greeting:\n", "  greting:\n");
        let err = StandardData::parse(&text).unwrap_err();
        assert!(err.message.contains("greting"), "{}", err.message);
        assert_eq!(&text[err.span.start..err.span.start + 7], "greting");
    }

    #[test]
    fn elements_match_phrases_and_sequences() {
        let s = Standard::default();
        assert!(s
            .agent_id
            .find("您好，工号1234为您服务", Channel::Phone)
            .is_some());
        assert!(s
            .agent_id
            .find("您好，工号{agent_no}为您服务", Channel::Phone)
            .is_some());
        assert!(s
            .agent_id
            .find("您好，我是客服代表", Channel::Phone)
            .is_none());
        assert!(s
            .further_needs
            .find("请问您还有其他需要帮助的吗？", Channel::Phone)
            .is_some());
        assert!(s
            .further_needs
            .find("还有，其他疑问", Channel::Phone)
            .is_none());
        assert!(s.thanks.find("感谢您的咨询", Channel::Online).is_some());
        assert!(s.thanks.find("感谢您的咨询", Channel::Phone).is_none());
        assert!(s.farewell.find("祝您周末愉快", Channel::Phone).is_some());
    }
}
