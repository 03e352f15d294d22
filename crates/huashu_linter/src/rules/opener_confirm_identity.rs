//! opener-confirm-identity: an outbound opener confirms whom it speaks to (请问是{customer_title}本人吗 …). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/opener-confirm-identity.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::model::Direction;

declare_rule! {
    /// ## 检查什么
    /// 银行外呼（`direction: outbound`）的开场白先确认对方是不是要找的客户：请问是{customer_title}本人吗、请问您是张先生吗、请问是尾号1234的持卡人吗……（见规范 `opener.confirm-identity`）。客户来电的话术不检查。
    ///
    /// ## 为什么
    /// 外呼时接电话的可能不是客户本人；先确认身份再谈业务，既是服务规范，也防止把客户信息告诉别人。
    ///
    /// ## 错误示例
    /// ```yaml
    /// direction: outbound
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，来电是想跟您确认一下额度调整。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// direction: outbound
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问是{customer_title}本人吗？
    /// ```
    ///
    /// ## 选项
    /// 无；要求的说法在规范中（`huashu standard` 可查看和修改）。
    /// ---
    /// ## What it checks
    /// On an outbound call (`direction: outbound`) the opener confirms whom the agent speaks to: 请问是{customer_title}本人吗, 请问您是张先生吗, 请问是尾号1234的持卡人吗 … (the standard's `opener.confirm-identity`). Inbound scripts are not checked.
    ///
    /// ## Why
    /// On an outbound call the person who answers may not be the customer; confirming first is the service standard and keeps the customer\'s business from being told to someone else.
    ///
    /// ## Bad
    /// ```yaml
    /// direction: outbound
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，来电是想跟您确认一下额度调整。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// direction: outbound
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问是{customer_title}本人吗？
    /// ```
    ///
    /// ## Options
    /// None; the accepted wording is in the standard (see `huashu standard`).
    OpenerConfirmIdentity {
        id: "opener-confirm-identity",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("外呼开场白确认对方身份（请问是{customer_title}本人吗……）", "an outbound opener confirms whom it speaks to (请问是{customer_title}本人吗 …)"),
    }
}

impl Rule for OpenerConfirmIdentity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Opener,
            &cx.standard().confirm_identity,
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
            "opener-confirm-identity",
            &outbound(&OUTBOUND.replace("，请问是{customer_title}本人吗？", "")),
        );
    }

    #[test]
    fn passes() {
        assert_passes("opener-confirm-identity", &outbound(OUTBOUND));
        for variant in [
            "，请问您是张先生吗？",
            "，请问是尾号1234的持卡人吗？",
            "，请问您是{customer_name}本人吗？",
        ] {
            assert_passes(
                "opener-confirm-identity",
                &outbound(&OUTBOUND.replace("，请问是{customer_title}本人吗？", variant)),
            );
        }
        // Not asked of an inbound call.
        assert_passes("opener-confirm-identity", &script(BODY));
    }
}
