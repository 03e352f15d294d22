//! understand-first: a listen or clarify step comes before the first resolve or callback. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/understand-first.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::model::{FileModel, Stage};
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// 第一个 resolve（解决）或 callback（回电承诺）步骤之前，至少有一个 listen（倾听复述）或 clarify（澄清提问）步骤。诊断指向第一个 resolve/callback 步骤的 `stage`。
    ///
    /// ## 为什么
    /// 服务流程的第二阶段是“倾听与理解”：先确认听懂了客户的问题，再给出答案。跳过这一步，答非所问的概率和重复来电都会增加。
    ///
    /// ## 错误示例
    /// ```yaml
    /// steps:
    ///   - stage: resolve
    ///     say: 我已经为您办理了临时挂失。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// steps:
    ///   - stage: listen
    ///     say: 嗯，您是说银行卡找不到了，对吗？
    ///   - stage: resolve
    ///     say: 我已经为您办理了临时挂失。
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// At least one listen (acknowledge, restate) or clarify (ask) step comes before the first resolve or callback step. The diagnostic points at that step's `stage`.
    ///
    /// ## Why
    /// The second stage of the service process is to listen and understand: make sure the problem is understood before answering it. Skipping it leads to wrong answers and repeat calls.
    ///
    /// ## Bad
    /// ```yaml
    /// steps:
    ///   - stage: resolve
    ///     say: 我已经为您办理了临时挂失。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// steps:
    ///   - stage: listen
    ///     say: 嗯，您是说银行卡找不到了，对吗？
    ///   - stage: resolve
    ///     say: 我已经为您办理了临时挂失。
    /// ```
    ///
    /// ## Options
    /// None.
    UnderstandFirst {
        id: "understand-first",
        group: Process,
        severity: Warning,
        fix: No,
        summary: ("先倾听或澄清，再解决或承诺回电", "a listen or clarify step comes before the first resolve or callback"),
    }
}

impl Rule for UnderstandFirst {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let FileModel::Script(script) = cx.model else {
            return;
        };
        let Some(first) = script
            .steps
            .iter()
            .position(|s| matches!(s.stage, Some(Stage::Resolve | Stage::Callback)))
        else {
            return;
        };
        if script.steps[..first]
            .iter()
            .any(|s| matches!(s.stage, Some(Stage::Listen | Stage::Clarify)))
        {
            return;
        }
        let step = &script.steps[first];
        let span = step.stage_span.clone().unwrap_or(step.span.clone());
        sink.report(&META, span, msg!(zh: "在倾听或澄清客户的问题之前就开始解决", en: "resolving before listening to or clarifying the customer's problem"))
            .help(msg!(zh: "在前面加一个 listen 步骤复述客户的问题（如：您是说……，对吗？），或一个 clarify 步骤提问", en: "add a listen step that restates the problem (您是说……，对吗？) or a clarify step before it"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        let s = script(&BODY.replace(
            "  - stage: listen\n    say: 嗯，我明白了。\n",
            "  - stage: resolve\n    say: 已经为您办好了。\n",
        ));
        assert_eq!(assert_fails("understand-first", &s), ["resolve"]);
        let s = script(&BODY.replace("  - stage: listen\n    say: 嗯，我明白了。\n", "  - stage: empathy\n    say: 别着急。\n  - stage: callback\n    say: 我们会在3个工作日内给您回复，请您留下联系方式，好吗？\n  - stage: listen\n    say: 嗯。\n"));
        assert_eq!(assert_fails("understand-first", &s), ["callback"]);
    }

    #[test]
    fn passes() {
        assert_passes("understand-first", &script(BODY));
        let s = script(&BODY.replace(
            "  - stage: listen\n    say: 嗯，我明白了。\n",
            "  - stage: clarify\n    say: 请问是哪张卡呢？\n  - stage: resolve\n    say: 好的。\n",
        ));
        assert_passes("understand-first", &s);
    }
}
