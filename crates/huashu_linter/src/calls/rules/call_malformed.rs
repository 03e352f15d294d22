//! The call rule `call-malformed`: an unreadable call record (checked in `calls::check`).

use crate::rules::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// 通话无法读取：JSON 不完整或无效、字段类型不对、没有对话、坐席没有说话、
    /// 一行超过大小上限、不是 UTF-8。报告指出文件和行号；这通通话不打分，
    /// 其余通话照常检查。
    ///
    /// **为什么**：质检不能悄悄跳过通话。一通读不了的通话要么是导出有问题，
    /// 要么是录音转写失败，都需要有人去看。
    ///
    /// **示例**：`{"id": "c1", "turns": [{"role": "agent", "words": 5}]}`
    /// → 第 1 句的 `words` 应为文本，实际是数字。
    /// ---
    /// A call that cannot be read: truncated or invalid JSON, a field of the
    /// wrong type, no turns, an agent who never speaks, a line over the size
    /// limit, bytes that are not UTF-8. The finding names the file and line;
    /// the call gets no score; every other call is still checked.
    ///
    /// **Why**: an inspection must not skip calls silently. A call that
    /// cannot be read is a broken export or a failed transcription; both need
    /// someone to look.
    ///
    /// **Example**: `{"id": "c1", "turns": [{"role": "agent", "words": 5}]}`
    /// → turn 1: `words` must be text, found a number.
    CallMalformed {
        id: "call-malformed",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("通话记录无法读取", "a call record that cannot be read"),
    }
}

impl Rule for CallMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
