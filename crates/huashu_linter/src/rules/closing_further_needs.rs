//! closing-further-needs: the closing asks whether anything else is needed. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/closing-further-needs.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;

declare_rule! {
    /// ## 检查什么
    /// 结束语里询问客户是否还有其他需要：“还有”加“其他/别的/什么”加“疑问/问题/需要/业务……”，在同一分句中（如：您还有其他疑问吗？）。
    ///
    /// ## 为什么
    /// 服务流程的最后阶段是“总结与结束”：确认客户的问题都已解决，再道谢告别，避免客户再次来电。
    ///
    /// ## 错误示例
    /// ```yaml
    /// closing:
    ///   - 感谢您的来电，祝您生活愉快，再见。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// closing:
    ///   - 请问您还有其他疑问吗？
    ///   - 感谢您的来电，祝您生活愉快，再见。
    /// ```
    ///
    /// ## 选项
    /// 无；要求的说法在规范中（`huashu standard` 可查看和修改）。
    /// ---
    /// ## What it checks
    /// The closing asks whether anything else is needed: 还有 + 其他/别的/什么 + 疑问/问题/需要/业务 … in one clause (您还有其他疑问吗？).
    ///
    /// ## Why
    /// The last stage of the service process is to close and summarise: make sure nothing is left open before thanking and saying goodbye, so the customer need not call again.
    ///
    /// ## Bad
    /// ```yaml
    /// closing:
    ///   - 感谢您的来电，祝您生活愉快，再见。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// closing:
    ///   - 请问您还有其他疑问吗？
    ///   - 感谢您的来电，祝您生活愉快，再见。
    /// ```
    ///
    /// ## Options
    /// None; the accepted wording is in the standard (see `huashu standard`).
    ClosingFurtherNeeds {
        id: "closing-further-needs",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("结束语询问是否还有其他需要", "the closing asks whether anything else is needed"),
    }
}

impl Rule for ClosingFurtherNeeds {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Closing,
            &cx.standard().further_needs,
            false,
            Calls::All,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails(
                "closing-further-needs",
                &script(&BODY.replace("  - 您还有其他疑问吗？\n", ""))
            ),
            ["closing"]
        );
        // The words must stand in one clause.
        assert_fails(
            "closing-further-needs",
            &script(&BODY.replace("您还有其他疑问吗？", "还有，其他的疑问都已解答。")),
        );
    }

    #[test]
    fn passes() {
        assert_passes("closing-further-needs", &script(BODY));
        for line in [
            "请问还有什么可以帮您？",
            "您还有其他需要帮助的吗？",
            "请问您还有别的问题吗？",
            "还有其他业务需要办理吗？",
        ] {
            assert_passes(
                "closing-further-needs",
                &script(&BODY.replace("您还有其他疑问吗？", line)),
            );
        }
    }
}
