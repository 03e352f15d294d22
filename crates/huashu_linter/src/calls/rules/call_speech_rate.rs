//! The call rule `call-speech-rate`: the agent's speech rate (checked in `calls::check`).

use crate::rules::{declare_rule, Rule, RuleMeta, RuleOption};
use crate::standard::StandardData;

declare_rule! {
    /// 坐席语速过快：一句话的字数（不计标点和空格）除以时长，超过
    /// `calls.max-speech-rate`（默认每分钟 320 字）。少于 `calls.min-rate-chars`
    /// 字或短于 `calls.min-rate-ms` 毫秒的句子不计。
    ///
    /// **为什么**：电话里说得太快，客户听不清，尤其是风险提示和条款。
    ///
    /// **选项**：`max_per_minute`。
    /// ---
    /// The agent speaks too fast: a turn's characters (without punctuation
    /// and spaces) over its duration exceed `calls.max-speech-rate` (320
    /// characters a minute by default). Turns shorter than
    /// `calls.min-rate-chars` characters or `calls.min-rate-ms` ms are not
    /// rated.
    ///
    /// **Why**: on the phone, fast speech is not understood, least of all a
    /// risk warning or a condition.
    ///
    /// **Options**: `max_per_minute`.
    CallSpeechRate {
        id: "call-speech-rate",
        group: Process,
        severity: Warning,
        fix: No,
        summary: ("坐席语速不超过上限", "the agent does not speak too fast"),
        options: &[
            RuleOption { name: "max_per_minute", doc: ("每分钟字数上限（默认 320）", "most characters a minute (default 320)"), apply: |s: &mut StandardData, v| s.calls.max_speech_rate = v },
        ],
    }
}

impl Rule for CallSpeechRate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
