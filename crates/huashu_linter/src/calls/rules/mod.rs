//! The rules only calls have (timing, a number read out, an unreadable
//! call), and which rules run on calls at which severity. A call is also
//! checked by the script rules whose meaning is the same (opener-*,
//! closing-*, the language rules, callback-*, hold-thanks,
//! complaint-empathy): they keep their ids, so huashu.yaml's `rules:`
//! severities apply to both. Each rule's doc comment is its documentation
//! (`huashu explain call-silence`, docs/calls-rules.md).

use std::collections::BTreeMap;

use crate::config::{Config, Level};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub mod call_malformed;
pub mod call_pii_spoken;
pub mod call_silence;
pub mod call_speech_rate;
pub mod call_talk_over;
pub mod call_times;

/// The rules only calls have, in catalogue order.
pub static CALL_RULES: &[&dyn Rule] = &[
    &call_malformed::CallMalformed,
    &call_times::CallTimes,
    &call_silence::CallSilence,
    &call_speech_rate::CallSpeechRate,
    &call_talk_over::CallTalkOver,
    &call_pii_spoken::CallPiiSpoken,
];

/// The script rules that also read calls, by id.
pub const SHARED_RULES: &[&str] = &[
    "opener-greeting",
    "opener-bank-name",
    "opener-agent-id",
    "opener-offer-help",
    "opener-confirm-identity",
    "opener-purpose",
    "closing-further-needs",
    "closing-thanks",
    "closing-farewell",
    "complaint-empathy",
    "hold-thanks",
    "callback-time-window",
    "callback-vague-time",
    "callback-contact",
    "callback-reason",
    "callback-confirm",
    "forbidden-phrase",
    "vague-commitment",
    "absolute-promise",
    "casual-address",
    "honorific-you",
    "sensitive-data-request",
    "sentence-length",
];

/// Rules that cannot be judged from speech: off on calls unless huashu.yaml
/// sets their severity or `--select` names them.
pub const OFF_FOR_SPEECH: &[&str] = &["honorific-you", "punctuation-width"];

/// Every rule that can run on a call.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    SHARED_RULES
        .iter()
        .filter_map(|id| crate::rules::find(id).map(|r| r.meta()))
        .chain(CALL_RULES.iter().map(|r| r.meta()))
}

/// Which rules run on calls, at which severity.
#[derive(Debug, Clone, Default)]
pub struct CallRules {
    levels: BTreeMap<&'static str, Severity>,
}

impl CallRules {
    pub fn new(config: &Config, select: &[String], ignore: &[String]) -> CallRules {
        let matches = |list: &[String], meta: &RuleMeta| {
            list.iter()
                .any(|s| s == meta.id || s == meta.group.as_str() || s == "all")
        };
        let levels = metas()
            .filter(|m| select.is_empty() || matches(select, m))
            .filter(|m| !matches(ignore, m))
            .filter(|m| {
                !OFF_FOR_SPEECH.contains(&m.id)
                    || select.iter().any(|s| s == m.id)
                    || config
                        .rules
                        .get(m.id)
                        .is_some_and(|s| matches!(s.level, Level::Set(_)))
            })
            .filter_map(|m| config.level(m).map(|s| (m.id, s)))
            .collect();
        CallRules { levels }
    }

    /// Every rule at its default severity (tests, the library API).
    pub fn all_default() -> CallRules {
        CallRules::new(&Config::default(), &[], &[])
    }

    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.levels.get(rule).copied()
    }

    pub fn on(&self, rule: &str) -> bool {
        self.levels.contains_key(rule)
    }
}

/// Whether `name` selects some rule that runs on calls (an id or a group).
pub fn known_selector(name: &str) -> bool {
    name == "all"
        || metas().any(|m| m.id == name || m.group.as_str() == name)
        || OFF_FOR_SPEECH.contains(&name)
}
