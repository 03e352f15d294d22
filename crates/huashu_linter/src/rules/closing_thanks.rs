//! closing-thanks: the closing thanks the customer, by channel. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/closing-thanks.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;

declare_rule! {
    /// ## 检查什么
    /// 结束语里感谢客户，按渠道区分：电话渠道（phone）感谢来电（感谢您的来电……），在线渠道（online）感谢咨询（感谢您的咨询……）。话术的 `channel` 未写时取配置的 `defaults.channel`，否则为 phone。
    ///
    /// ## 为什么
    /// 致谢是服务规范要求的结束要素；在线渠道说“感谢您的来电”会显得是照搬电话话术。
    ///
    /// ## 错误示例
    /// ```yaml
    /// channel: online
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - 感谢您的来电，再见。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// channel: online
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - 感谢您的咨询，再见。
    /// ```
    ///
    /// ## 选项
    /// 无；要求的说法在规范中（`huashu standard` 可查看和修改）。
    /// ---
    /// ## What it checks
    /// The closing thanks the customer, by channel: on the phone for the call (感谢您的来电 …), online for the enquiry (感谢您的咨询 …). A script without `channel` takes the config's `defaults.channel`, else phone.
    ///
    /// ## Why
    /// Thanks are a required element of the closing; 感谢您的来电 in an online chat shows a phone script was copied.
    ///
    /// ## Bad
    /// ```yaml
    /// channel: online
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - 感谢您的来电，再见。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// channel: online
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - 感谢您的咨询，再见。
    /// ```
    ///
    /// ## Options
    /// None; the accepted wording is in the standard (see `huashu standard`).
    ClosingThanks {
        id: "closing-thanks",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("结束语按渠道感谢客户（来电/咨询）", "the closing thanks the customer, by channel"),
    }
}

impl Rule for ClosingThanks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Closing,
            &cx.standard().thanks,
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
        assert_fails(
            "closing-thanks",
            &script(&BODY.replace("感谢您的来电，", "")),
        );
        // Online: thanks for the enquiry, not for the call.
        assert_fails(
            "closing-thanks",
            &format!("channel: online\n{}", script(BODY)),
        );
        let online = script(&BODY.replace(
            "  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n",
            "  - 好的，再见。\n",
        ));
        assert_fails("closing-thanks", &format!("channel: online\n{online}"));
    }

    #[test]
    fn passes() {
        assert_passes("closing-thanks", &script(BODY));
        assert_passes(
            "closing-thanks",
            &format!(
                "channel: online\n{}",
                script(&BODY.replace("感谢您的来电", "感谢您的咨询"))
            ),
        );
        assert_passes(
            "closing-thanks",
            &script(&BODY.replace("感谢您的来电", "谢谢您的来电")),
        );
        let online = script(&BODY.replace("感谢您的来电", "感谢您的咨询"));
        assert!(findings_with_config(
            "closing-thanks",
            &[("a.yaml", &online)],
            "defaults:\n  channel: online\n"
        )
        .is_empty());
    }
}
