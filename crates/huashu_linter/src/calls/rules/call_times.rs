//! The call rule `call-times`: call times that do not hold together (checked in `calls::check`).

use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// 通话的时间不一致：某句结束早于开始、开始时间比上一句早（时间倒退），
    /// 或只有部分句子有时间。这通通话的其余检查照常进行，只跳过时间类检查
    /// （call-silence、call-speech-rate、call-talk-over）。
    /// ---
    /// The call's times do not hold together: a turn ends before it begins, a
    /// turn begins before the one before it (times go backwards), or only
    /// some turns have times. Every other check still runs on the call; the
    /// timing checks (call-silence, call-speech-rate, call-talk-over) skip it.
    CallTimes {
        id: "call-times",
        group: Structure,
        severity: Warning,
        fix: No,
        summary: ("通话时间不一致，跳过时间类检查", "call times that do not hold together (timing checks skipped)"),
    }
}

impl Rule for CallTimes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
