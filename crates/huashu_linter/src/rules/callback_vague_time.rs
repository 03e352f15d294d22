//! callback-vague-time: no vague time word stands in for the window. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/callback-vague-time.md is made from),
//! its check and its pass/fail tests, together.

use super::promise::promises;
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// 回电承诺不用模糊的时间词代替时限（规范 `callback.vague`：尽快、稍后、过几天、改天、回头、晚些时候、近期……）。只在承诺没有具体时限、却用了模糊词时报告，指向那个词；“我们会尽快核实，在3个工作日内给您回复”有具体时限，不报告。
    ///
    /// ## 为什么
    /// “尽快”“稍后”在客户听来是一个时间，在坐席看来不是承诺；期待落空是投诉升级最常见的原因之一。
    ///
    /// ## 错误示例
    /// ```yaml
    /// - stage: callback
    ///   say: 我们稍后给您回电。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在2小时内给您回电，好吗？
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// No vague time word stands in for the window of a promised reply (the standard's `callback.vague`: 尽快, 稍后, 过几天, 改天, 回头, 晚些时候, 近期 …). It fires only when the promise has no concrete window and uses a vague word instead, and underlines that word; 我们会尽快核实，在3个工作日内给您回复 has a window and is fine.
    ///
    /// ## Why
    /// To the customer 尽快 or 稍后 is a time; to the agent it is no commitment. Disappointed expectations are among the commonest reasons a complaint escalates.
    ///
    /// ## Bad
    /// ```yaml
    /// - stage: callback
    ///   say: 我们稍后给您回电。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在2小时内给您回电，好吗？
    /// ```
    ///
    /// ## Options
    /// None.
    CallbackVagueTime {
        id: "callback-vague-time",
        group: Callback,
        severity: Error,
        fix: No,
        summary: ("回电承诺不用“尽快、稍后”代替时限", "no vague time word stands in for the window"),
    }
}

impl Rule for CallbackVagueTime {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let format = cx.standard().data.callback.format.msg();
        for p in promises(cx) {
            let (true, Some(vague)) = (p.windows.is_empty(), p.vague.clone()) else {
                continue;
            };
            let word = &p.spoken.text[vague.clone()];
            sink.report_spoken(
                &META,
                &p.spoken,
                vague,
                msg!(zh: "“{word}”不是具体的时限", en: "“{word}” is not a time window"),
            )
            .help(format.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails("callback-vague-time", &with_callback("我们稍后给您回电。")),
            ["稍后"]
        );
        assert_eq!(
            assert_fails(
                "callback-vague-time",
                &with_callback("我们会尽快给您回复，好吗？")
            ),
            ["尽快"]
        );
        let resolve = script(&BODY.replace("嗯，我明白了。", "过几天再通知您。"));
        assert_eq!(assert_fails("callback-vague-time", &resolve), ["过几天"]);
    }

    #[test]
    fn passes() {
        assert_passes(
            "callback-vague-time",
            &with_callback("我们会尽快核实，在3个工作日内给您回复，好吗？"),
        );
        assert_passes(
            "callback-vague-time",
            &with_callback("我们会在24小时内给您回电，好吗？"),
        );
        // 稍后 outside a promise is not this rule's business.
        assert_passes(
            "callback-vague-time",
            &script(&BODY.replace("嗯，我明白了。", "您稍后可以在手机银行查看。")),
        );
    }
}
