//! The call rule `call-silence`: long silences before the agent speaks (checked in `calls::check`).

use crate::rules::{declare_rule, Rule, RuleMeta, RuleOption};
use crate::standard::StandardData;

declare_rule! {
    /// 客户等待坐席说话的静音过长：坐席开口前，与上一句结束之间的间隔超过
    /// `calls.max-silence-ms`（默认 8000 毫秒）。坐席刚请客户稍等时（上一句
    /// 坐席话里有 `process.hold` 的说法），上限是 `calls.max-hold-silence-ms`
    /// （默认 60000 毫秒）。只在每句都有时间时检查。
    ///
    /// **为什么**：长时间无人说话，客户会以为电话断了；等待要先说明。
    ///
    /// **选项**：`max_ms`、`max_hold_ms`。
    /// ---
    /// The customer waits too long for the agent: the gap before an agent
    /// turn, after the turn before it ended, is over `calls.max-silence-ms`
    /// (8,000 ms by default). Right after the agent asked the customer to
    /// hold (a `process.hold` phrase in the agent's turn before), the limit
    /// is `calls.max-hold-silence-ms` (60,000 ms). Checked only when every
    /// turn has its times.
    ///
    /// **Why**: after a long silence the customer thinks the line is dead;
    /// a wait is announced first.
    ///
    /// **Options**: `max_ms`, `max_hold_ms`.
    CallSilence {
        id: "call-silence",
        group: Process,
        severity: Warning,
        fix: No,
        summary: ("坐席开口前的静音不超过上限", "no long silence before the agent speaks"),
        options: &[
            RuleOption { name: "max_ms", doc: ("静音上限（毫秒，默认 8000）", "longest silence in ms (default 8000)"), apply: |s: &mut StandardData, v| s.calls.max_silence_ms = v },
            RuleOption { name: "max_hold_ms", doc: ("请客户稍等后的静音上限（毫秒，默认 60000）", "longest silence after a hold, in ms (default 60000)"), apply: |s: &mut StandardData, v| s.calls.max_hold_silence_ms = v },
        ],
    }
}

impl Rule for CallSilence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
