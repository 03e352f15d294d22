//! callback-reason: a callback step says why and what happens next. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/callback-reason.md is made from),
//! its check and its pass/fail tests, together.

use super::promise::promises;
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// callback 步骤说明为什么要回电、接下来做什么：含有规范的原因词（`callback.reasons`：查询、核实、核查、调查、确认、相关部门、后台、专人、上级、进一步处理）。
    ///
    /// ## 为什么
    /// 客户需要知道问题去了哪里、谁在处理，才愿意挂断等待，而不是觉得被推诿。
    ///
    /// ## 错误示例
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在3个工作日内给您回复，请您留下联系方式，好吗？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// - stage: callback
    ///   say: 这个情况需要与相关部门核实，我们会在3个工作日内给您回复，请您留下联系方式，好吗？
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// A callback step says why and what happens next: one of the standard's reason words (`callback.reasons`: 查询, 核实, 核查, 调查, 确认, 相关部门, 后台, 专人, 上级, 进一步处理).
    ///
    /// ## Why
    /// Customers hang up and wait when they know where their problem went and who is on it; otherwise it sounds like a brush-off.
    ///
    /// ## Bad
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在3个工作日内给您回复，请您留下联系方式，好吗？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// - stage: callback
    ///   say: 这个情况需要与相关部门核实，我们会在3个工作日内给您回复，请您留下联系方式，好吗？
    /// ```
    ///
    /// ## Options
    /// None.
    CallbackReason {
        id: "callback-reason",
        group: Callback,
        severity: Warning,
        fix: No,
        summary: ("回电承诺说明原因和后续处理", "a callback step says why and what happens next"),
    }
}

impl Rule for CallbackReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        for p in promises(cx).iter().filter(|p| p.in_callback_step) {
            if cx.standard().reasons.contains(p.spoken.text) {
                continue;
            }
            sink.report_spoken(&META, &p.spoken, p.anchor(), msg!(zh: "回电承诺没有说明原因或后续处理", en: "the callback does not say why or what happens next"))
                .help(msg!(zh: "说明要做什么，如：这个情况需要与相关部门核实，……", en: "say what happens, e.g. 这个情况需要与相关部门核实，……"));
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
                "callback-reason",
                &with_callback("我们会在3个工作日内给您回复，请您留下联系方式，好吗？")
            ),
            ["给您回复"]
        );
    }

    #[test]
    fn passes() {
        assert_passes(
            "callback-reason",
            &with_callback(
                "需要与相关部门核实，我们会在3个工作日内给您回复，请您留下联系方式，好吗？",
            ),
        );
        assert_passes(
            "callback-reason",
            &with_callback("我帮您提交后台处理，24小时内给您回电，请您确认一下手机号码，好吗？"),
        );
    }
}
