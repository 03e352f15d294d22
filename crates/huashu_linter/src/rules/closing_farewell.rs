//! closing-farewell: the closing says goodbye in its last line. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/closing-farewell.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;

declare_rule! {
    /// ## 检查什么
    /// 结束语的最后一句道别：再见、祝您生活愉快、祝您工作顺利，或“祝您”加“愉快/顺利/健康”。
    ///
    /// ## 为什么
    /// 道别标志着通话结束，放在最后一句，坐席不会在道别后再开启新话题。
    ///
    /// ## 错误示例
    /// ```yaml
    /// closing:
    ///   - 再见。
    ///   - 您还有其他疑问吗？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - 感谢您的来电，再见。
    /// ```
    ///
    /// ## 选项
    /// 无；要求的说法在规范中（`huashu standard` 可查看和修改）。
    /// ---
    /// ## What it checks
    /// The last line of the closing says goodbye: 再见, 祝您生活愉快, 祝您工作顺利, or 祝您 + 愉快/顺利/健康.
    ///
    /// ## Why
    /// The farewell ends the call; in the last line, so that nothing follows it.
    ///
    /// ## Bad
    /// ```yaml
    /// closing:
    ///   - 再见。
    ///   - 您还有其他疑问吗？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - 感谢您的来电，再见。
    /// ```
    ///
    /// ## Options
    /// None; the accepted wording is in the standard (see `huashu standard`).
    ClosingFarewell {
        id: "closing-farewell",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("结束语最后一句道别（再见/祝您……）", "the closing says goodbye in its last line"),
    }
}

impl Rule for ClosingFarewell {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Closing,
            &cx.standard().farewell,
            true,
            Calls::All,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        let reordered = script(&BODY.replace(
            "  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n",
            "  - 感谢您的来电，再见。\n  - 您还有其他疑问吗？\n",
        ));
        assert_eq!(assert_fails("closing-farewell", &reordered), ["closing"]);
        assert_fails(
            "closing-farewell",
            &script(&BODY.replace("，祝您生活愉快，再见。", "。")),
        );
    }

    #[test]
    fn passes() {
        assert_passes("closing-farewell", &script(BODY));
        assert_passes(
            "closing-farewell",
            &script(&BODY.replace("祝您生活愉快，再见。", "祝您周末愉快！")),
        );
        assert_passes(
            "closing-farewell",
            &script(&BODY.replace("祝您生活愉快，再见。", "祝您工作顺利。")),
        );
    }
}
