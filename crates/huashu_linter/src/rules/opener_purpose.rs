//! opener-purpose: an outbound opener says why the bank calls (来电是想……). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/opener-purpose.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::model::Direction;

declare_rule! {
    /// ## 检查什么
    /// 银行外呼（`direction: outbound`）的开场白说明为什么打这个电话：来电是想跟您确认……、给您打电话是为了……、这次致电主要是通知您……（见规范 `opener.purpose`）。客户来电的话术不检查。
    ///
    /// ## 为什么
    /// 客户没有准备接这个电话；开门见山说明来意，客户才愿意继续听，也不会误以为是诈骗电话。
    ///
    /// ## 错误示例
    /// ```yaml
    /// direction: outbound
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问是{customer_title}本人吗？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// direction: outbound
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问是{customer_title}本人吗？给您打电话是为了确认您的额度调整申请。
    /// ```
    ///
    /// ## 选项
    /// 无；要求的说法在规范中（`huashu standard` 可查看和修改）。
    /// ---
    /// ## What it checks
    /// On an outbound call (`direction: outbound`) the opener says why the bank calls: 来电是想跟您确认……, 给您打电话是为了……, 这次致电主要是通知您…… (the standard's `opener.purpose`). Inbound scripts are not checked.
    ///
    /// ## Why
    /// The customer did not expect the call; saying why at once keeps them listening and sets the call apart from a scam.
    ///
    /// ## Bad
    /// ```yaml
    /// direction: outbound
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问是{customer_title}本人吗？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// direction: outbound
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问是{customer_title}本人吗？给您打电话是为了确认您的额度调整申请。
    /// ```
    ///
    /// ## Options
    /// None; the accepted wording is in the standard (see `huashu standard`).
    OpenerPurpose {
        id: "opener-purpose",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("外呼开场白说明来电目的（来电是想……）", "an outbound opener says why the bank calls (来电是想……)"),
    }
}

impl Rule for OpenerPurpose {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Opener,
            &cx.standard().purpose,
            false,
            Calls::Only(Direction::Outbound),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_fails(
            "opener-purpose",
            &outbound(
                &OUTBOUND.replace("\n  - 来电是想跟您确认一下您上周申请的信用卡额度调整。", ""),
            ),
        );
    }

    #[test]
    fn passes() {
        assert_passes("opener-purpose", &outbound(OUTBOUND));
        for variant in [
            "\n  - 给您打电话是为了提醒您信用卡下周到期。",
            "\n  - 这次致电主要是通知您账户升级的事。",
            "\n  - 今天联系您是关于您反映的扣费问题。",
        ] {
            assert_passes(
                "opener-purpose",
                &outbound(&OUTBOUND.replace(
                    "\n  - 来电是想跟您确认一下您上周申请的信用卡额度调整。",
                    variant,
                )),
            );
        }
        // Not asked of an inbound call.
        assert_passes("opener-purpose", &script(BODY));
    }
}
