//! opener-offer-help: the opener offers help (请问有什么可以帮到您 …). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/opener-offer-help.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::model::Direction;

declare_rule! {
    /// ## 检查什么
    /// 客户来电（`direction: inbound`，默认）的开场白主动询问需求：请问有什么可以帮到您、请问您需要办理什么业务、您今天想办什么业务……（见规范 `opener.offer-help`）。银行外呼（`direction: outbound`）不问“有什么可以帮您”，而是确认对方身份并说明来电目的（`opener-confirm-identity`、`opener-purpose`），所以本规则不适用于外呼话术。
    ///
    /// ## 为什么
    /// 主动询问把话轮交给客户，进入“倾听与理解”阶段；没有询问的开场常让客户不知道该说什么。
    ///
    /// ## 错误示例
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
    /// ```
    ///
    /// ## 选项
    /// 无；要求的说法在规范中（`huashu standard` 可查看和修改）。
    /// ---
    /// ## What it checks
    /// On an inbound call (`direction: inbound`, the default) the opener offers help: 请问有什么可以帮到您, 请问您需要办理什么业务, 您今天想办什么业务 … (the standard's `opener.offer-help`). An outbound call (`direction: outbound`) does not ask how it can help: it confirms whom it speaks to and says why it calls (`opener-confirm-identity`, `opener-purpose`), so this rule does not apply to outbound scripts.
    ///
    /// ## Why
    /// Offering help hands the turn to the customer and opens the listening stage; without it customers often do not know what to say.
    ///
    /// ## Bad
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
    /// ```
    ///
    /// ## Options
    /// None; the accepted wording is in the standard (see `huashu standard`).
    OpenerOfferHelp {
        id: "opener-offer-help",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("开场白主动询问需求（请问有什么可以帮到您……）", "the opener offers help (请问有什么可以帮到您 …)"),
    }
}

impl Rule for OpenerOfferHelp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Opener,
            &cx.standard().offer_help,
            false,
            Calls::Only(Direction::Inbound),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_fails(
            "opener-offer-help",
            &script(&BODY.replace("，请问有什么可以帮到您？", "。")),
        );
    }

    #[test]
    fn passes() {
        assert_passes("opener-offer-help", &script(BODY));
        // Not asked of an outbound call.
        assert_passes(
            "opener-offer-help",
            &outbound(&BODY.replace("，请问有什么可以帮到您？", "。")),
        );
        assert_passes(
            "opener-offer-help",
            &script(&BODY.replace("请问有什么可以帮到您？", "请问您需要办理什么业务？")),
        );
        assert_passes(
            "opener-offer-help",
            &script(&BODY.replace("请问有什么可以帮到您？", "请问有什么能帮您？")),
        );
    }
}
