//! callback-time-window: a callback promise states a concrete window within the maximum. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/callback-time-window.md is made from),
//! its check and its pass/fail tests, together.

use super::promise::promises;
use super::{declare_rule, FileContext, Rule, RuleMeta, RuleOption};
use crate::finding::Sink;
use crate::msg;
use crate::standard::{StandardData, UnitKind};

declare_rule! {
    /// ## 检查什么
    /// 每个回电承诺都给出具体的时限：数字（阿拉伯数字或中文数字：一……九十九、两、十五、二十四）加规范认可的单位（个工作日、工作日、小时、个小时、天、日），可带“内/以内”，如“3个工作日内”“48小时内”“两个工作日内”；也接受“今天、明天”等具体日子（规范 `callback.concrete`）。时限不能超过上限：默认 15 个工作日、15 天、72 小时。
    ///
    /// 适用于每个 callback 步骤的每一句，以及其他任何一句含有承诺回复的话（给您回复、联系您、回访……，规范 `callback.promise`）。有时限但超过上限时指向时限；没有时限时指向承诺用语（没有则指向整句）。用了“尽快、稍后”等模糊时间而没有时限的，只由 `callback-vague-time` 报告。
    ///
    /// ## 为什么
    /// 承诺了回复却不说时限，客户只能反复来电催问。2020 年《银行业保险业消费投诉处理管理办法》规定简单投诉 15 日内办结，默认上限即由此而来。
    ///
    /// ## 错误示例
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在20个工作日内给您回复，请您留下联系方式，好吗？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在3个工作日内给您回复，请您留下联系方式，好吗？
    /// ```
    ///
    /// ## 选项
    /// `max_working_days`（默认 15）、`max_days`（默认 15）、`max_hours`（默认 72），写在 huashu.yaml 的 `rules.callback-time-window` 下。
    /// ---
    /// ## What it checks
    /// Every promise of a later reply states a concrete window: a number (Arabic digits or Chinese numerals: 一 … 九十九, 两, 十五, 二十四) and a unit the standard accepts (个工作日, 工作日, 小时, 个小时, 天, 日), optionally followed by 内/以内, as in 3个工作日内, 48小时内, 两个工作日内; named days such as 今天 and 明天 count too (the standard's `callback.concrete`). The window must be within the maximum: 15 working days, 15 days and 72 hours by default.
    ///
    /// It applies to every line of a callback step, and to any other line that promises a reply (给您回复, 联系您, 回访 …, the standard's `callback.promise`). A window over the maximum is underlined; with no window, the promise phrase (else the line) is. A vague time word instead of a window (尽快, 稍后) is `callback-vague-time`'s alone.
    ///
    /// ## Why
    /// A promise without a deadline sends the customer back to the phone to chase it. The 2020 complaint-handling rules for banks and insurers (银行业保险业消费投诉处理管理办法) give 15 days for simple complaints; the default maxima follow from it.
    ///
    /// ## Bad
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在20个工作日内给您回复，请您留下联系方式，好吗？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在3个工作日内给您回复，请您留下联系方式，好吗？
    /// ```
    ///
    /// ## Options
    /// `max_working_days` (default 15), `max_days` (default 15), `max_hours` (default 72), under `rules.callback-time-window` in huashu.yaml.
    CallbackTimeWindow {
        id: "callback-time-window",
        group: Callback,
        severity: Error,
        fix: No,
        summary: ("回电承诺给出不超过上限的具体时限", "a callback promise states a concrete window within the maximum"),
        options: &[
            RuleOption { name: "max_working_days", doc: ("工作日上限（默认 15）", "most working days (default 15)"), apply: |s: &mut StandardData, v| s.callback.max.working_days = v },
            RuleOption { name: "max_days", doc: ("天数上限（默认 15）", "most days (default 15)"), apply: |s: &mut StandardData, v| s.callback.max.days = v },
            RuleOption { name: "max_hours", doc: ("小时上限（默认 72）", "most hours (default 72)"), apply: |s: &mut StandardData, v| s.callback.max.hours = v },
        ],
    }
}

impl Rule for CallbackTimeWindow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let standard = cx.standard();
        let max = &standard.data.callback.max;
        let format = standard.data.callback.format.msg();
        for p in promises(cx) {
            if p.windows.is_empty() {
                if p.vague.is_none() {
                    sink.report_spoken(&META, &p.spoken, p.anchor(), msg!(zh: "承诺回复，但没有说明时限", en: "a reply is promised without a time window"))
                        .help(format.clone());
                }
                continue;
            }
            for w in &p.windows {
                let Some(kind) = w.kind else {
                    continue;
                };
                let limit = max.of(kind);
                if w.value <= limit {
                    continue;
                }
                let window = &p.spoken.text[w.range.clone()];
                let (unit_zh, unit_en) = match kind {
                    UnitKind::WorkingDays => ("个工作日", "working days"),
                    UnitKind::Days => ("天", "days"),
                    UnitKind::Hours => ("小时", "hours"),
                };
                sink.report_spoken(&META, &p.spoken, w.range.clone(), msg!(zh: "时限“{window}”超过了 {limit}{unit_zh} 的上限", en: "the window “{window}” is over the maximum of {limit} {unit_en}"))
                    .help(msg!(zh: "承诺不超过 {limit}{unit_zh} 的时限；确需更长时，先给出阶段性答复的时间", en: "promise at most {limit} {unit_en}; if it truly takes longer, promise an interim reply within that"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails(
                "callback-time-window",
                &with_callback("我们会在20个工作日内给您回复，请您留下联系方式，好吗？")
            ),
            ["20个工作日内"]
        );
        assert_eq!(
            assert_fails(
                "callback-time-window",
                &with_callback("我们会在九十六小时内给您回电，请您留下联系方式，好吗？")
            ),
            ["九十六小时内"]
        );
        assert_eq!(
            assert_fails(
                "callback-time-window",
                &with_callback("核实后我们会给您回复，请您留下联系方式，好吗？")
            ),
            ["给您回复"]
        );
        // A window elsewhere in the line does not count for a promise in another sentence.
        let resolve = script(&BODY.replace(
            "嗯，我明白了。",
            "额度有效期为三十天。处理完以后我们会联系您。",
        ));
        assert_eq!(assert_fails("callback-time-window", &resolve), ["会联系您"]);
        // A promise outside a callback step is caught too.
        let resolve = script(&BODY.replace("嗯，我明白了。", "处理完以后我们会联系您。"));
        assert_eq!(assert_fails("callback-time-window", &resolve), ["会联系您"]);
    }

    #[test]
    fn passes() {
        for say in [
            "我们会在3个工作日内给您回复，请您留下联系方式，好吗？",
            "我们会在两个工作日内给您回电，请您核对一下预留的联系电话，可以吗？",
            "我们会在48小时内联系您，好吗？",
            "我们会尽快核实，在3个工作日内给您回复，好吗？",
            "明天上午我们会给您回电，好吗？",
            "十五个工作日内给您答复，好吗？",
        ] {
            assert_passes("callback-time-window", &with_callback(say));
        }
        // A vague word instead of a window is callback-vague-time's alone.
        assert_passes("callback-time-window", &with_callback("我们稍后给您回电。"));
        assert_passes("callback-time-window", &script(BODY));
        // An automatic notice is no agent's promise; a number elsewhere is no window.
        assert_passes(
            "callback-time-window",
            &script(&BODY.replace("嗯，我明白了。", "办理完成后系统会发送短信通知您。")),
        );
        assert_passes(
            "callback-time-window",
            &script(&BODY.replace("嗯，我明白了。", "临时额度有效期为三十天，到期后自动恢复。")),
        );
    }

    #[test]
    fn the_maximum_is_an_option() {
        let s = with_callback("我们会在5个工作日内给您回复，请您留下联系方式，好吗？");
        assert!(
            findings_with_config(
                "callback-time-window",
                &[("a.yaml", &s)],
                "rules:\n  callback-time-window:\n    max_working_days: 3\n"
            )
            .len()
                == 1
        );
        assert!(findings_with_config(
            "callback-time-window",
            &[("a.yaml", &s)],
            "rules:\n  callback-time-window:\n    max_working_days: 5\n"
        )
        .is_empty());
    }
}
