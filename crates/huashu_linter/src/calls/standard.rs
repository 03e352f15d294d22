//! The `calls:` part of the service standard: the thresholds and word lists
//! only calls need (timing, complaint signals, spoken phrases, score
//! weights). Its defaults are `standard.yaml` beside this file, so a
//! standard written before calls existed keeps working; `huashu standard`
//! prints the values in force.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::finding::Severity;
use crate::text::lexicon::PhraseSet;

pub const CALLS_YAML: &str = include_str!("standard.yaml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Weights {
    #[serde(default = "d::error")]
    pub error: u32,
    #[serde(default = "d::warning")]
    pub warning: u32,
    #[serde(default = "d::info")]
    pub info: u32,
    /// The most findings of one rule that count against one call.
    #[serde(default = "d::cap")]
    pub cap: u32,
    #[serde(default)]
    pub rules: BTreeMap<String, u32>,
}

/// Field defaults, read from the embedded file (which names every field,
/// so reading it never asks for a default).
mod d {
    use super::*;
    macro_rules! defaults {
        ($($name:ident: $ty:ty = $($path:ident).+;)*) => {
            $(pub fn $name() -> $ty { builtin().$($path).+.clone() })*
        };
    }
    defaults! {
        opener_turns: usize = opener_turns;
        closing_turns: usize = closing_turns;
        max_silence_ms: u64 = max_silence_ms;
        max_hold_silence_ms: u64 = max_hold_silence_ms;
        max_speech_rate: u64 = max_speech_rate;
        min_rate_chars: usize = min_rate_chars;
        min_rate_ms: u64 = min_rate_ms;
        talk_over_ms: u64 = talk_over_ms;
        backchannel_chars: usize = backchannel_chars;
        callback_exchange: usize = callback_exchange;
        complaint: Vec<String> = complaint;
        resolution: Vec<String> = resolution;
        bank_name: Vec<String> = bank_name;
        spoken: Vec<String> = spoken;
        weights: Weights = weights;
        error: u32 = weights.error;
        warning: u32 = weights.warning;
        info: u32 = weights.info;
        cap: u32 = weights.cap;
    }
}

fn builtin() -> &'static CallsData {
    static BUILTIN: OnceLock<CallsData> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        // The embedded file is checked by a test; loud if it ever breaks.
        serde_saphyr::from_str(CALLS_YAML)
            .unwrap_or_else(|e| panic!("the built-in calls standard is invalid: {e}"))
    })
}

impl Weights {
    pub fn of(&self, rule: &str, severity: Severity) -> u32 {
        self.rules.get(rule).copied().unwrap_or(match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CallsData {
    #[serde(default = "d::opener_turns")]
    pub opener_turns: usize,
    #[serde(default = "d::closing_turns")]
    pub closing_turns: usize,
    #[serde(default = "d::max_silence_ms")]
    pub max_silence_ms: u64,
    #[serde(default = "d::max_hold_silence_ms")]
    pub max_hold_silence_ms: u64,
    #[serde(default = "d::max_speech_rate")]
    pub max_speech_rate: u64,
    #[serde(default = "d::min_rate_chars")]
    pub min_rate_chars: usize,
    #[serde(default = "d::min_rate_ms")]
    pub min_rate_ms: u64,
    #[serde(default = "d::talk_over_ms")]
    pub talk_over_ms: u64,
    #[serde(default = "d::backchannel_chars")]
    pub backchannel_chars: usize,
    #[serde(default = "d::callback_exchange")]
    pub callback_exchange: usize,
    #[serde(default = "d::complaint")]
    pub complaint: Vec<String>,
    #[serde(default = "d::resolution")]
    pub resolution: Vec<String>,
    #[serde(default = "d::bank_name")]
    pub bank_name: Vec<String>,
    #[serde(default = "d::spoken")]
    pub spoken: Vec<String>,
    #[serde(default = "d::weights")]
    pub weights: Weights,
}

impl Default for CallsData {
    fn default() -> CallsData {
        builtin().clone()
    }
}

/// The `calls:` lists compiled once per run.
#[derive(Debug, Clone)]
pub struct CallStandard {
    pub data: CallsData,
    pub complaint: PhraseSet,
    pub resolution: PhraseSet,
    pub bank_name: PhraseSet,
    pub tolerance: super::asr::Tolerance,
}

impl CallStandard {
    /// `bank` is huashu.yaml's `bank.name`, also a spoken phrase.
    pub fn new(data: &CallsData, bank: &[String]) -> CallStandard {
        CallStandard {
            complaint: PhraseSet::new(&data.complaint),
            resolution: PhraseSet::new(&data.resolution),
            bank_name: PhraseSet::new(&data.bank_name),
            tolerance: super::asr::Tolerance::new(
                data.spoken
                    .iter()
                    .chain(bank.iter().filter(|b| !b.contains('{'))),
            ),
            data: data.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_patterns_compile() {
        let data = CallsData::default();
        assert_eq!(data.max_silence_ms, 8000);
        for p in data
            .complaint
            .iter()
            .chain(&data.resolution)
            .chain(&data.bank_name)
        {
            if crate::text::lexicon::is_pattern(p) {
                crate::text::pattern::Pattern::parse_checked(p)
                    .unwrap_or_else(|e| panic!("{p}: {}", e.message.en));
            }
        }
    }

    #[test]
    fn a_standard_without_calls_gets_the_defaults() {
        let data = crate::standard::StandardData::builtin();
        assert_eq!(data.calls, CallsData::default());
        let partial: CallsData = serde_saphyr::from_str("max-silence-ms: 5000\n").unwrap();
        assert_eq!(partial.max_silence_ms, 5000);
        assert_eq!(partial.closing_turns, 2);
    }
}
