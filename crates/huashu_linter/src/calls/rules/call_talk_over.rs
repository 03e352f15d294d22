//! The call rule `call-talk-over`: the agent talking over the customer (checked in `calls::check`).

use crate::rules::{declare_rule, Rule, RuleMeta, RuleOption};
use crate::standard::StandardData;

declare_rule! {
    /// 坐席抢话：坐席在客户还没说完时开口，重叠超过 `calls.talk-over-ms`
    /// （默认 1000 毫秒）。不超过 `calls.backchannel-chars` 个字的应答
    /// （嗯、好的）不算。
    ///
    /// **为什么**：打断客户是最常见的服务投诉原因之一；先听完再说。
    ///
    /// **选项**：`min_overlap_ms`。
    /// ---
    /// The agent talks over the customer: an agent turn begins while the
    /// customer's turn is still going, overlapping it by more than
    /// `calls.talk-over-ms` (1,000 ms by default). Backchannels of at most
    /// `calls.backchannel-chars` characters (嗯, 好的) do not count.
    ///
    /// **Why**: being interrupted is among the commonest service complaints;
    /// listen to the end first.
    ///
    /// **Options**: `min_overlap_ms`.
    CallTalkOver {
        id: "call-talk-over",
        group: Process,
        severity: Warning,
        fix: No,
        summary: ("坐席不打断客户", "the agent does not talk over the customer"),
        options: &[
            RuleOption { name: "min_overlap_ms", doc: ("算作抢话的最小重叠（毫秒，默认 1000）", "overlap that counts, in ms (default 1000)"), apply: |s: &mut StandardData, v| s.calls.talk_over_ms = v },
        ],
    }
}

impl Rule for CallTalkOver {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
