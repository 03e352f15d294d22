//! opener-agent-id: the opener gives the agent number ({agent_id} or 工号 + number). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/opener-agent-id.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;

declare_rule! {
    /// ## 检查什么
    /// 开场白里报出坐席工号：`{agent_id}` 占位符，或“工号”后面跟着号码或占位符（见规范 `opener.agent-id`）。
    ///
    /// ## 为什么
    /// 报出工号让客户知道在和谁通话，便于后续查询、表扬或投诉，是服务可追溯的基础。
    ///
    /// ## 错误示例
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank}客服代表，请问有什么可以帮到您？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// opener:
    ///   - 您好，{bank}客服中心，工号{agent_id}为您服务，请问有什么可以帮到您？
    /// ```
    ///
    /// ## 选项
    /// 无；要求的说法在规范中（`huashu standard` 可查看和修改）。
    /// ---
    /// ## What it checks
    /// The opener gives the agent's number: the `{agent_id}` placeholder, or 工号 followed by a number or a placeholder (the standard's `opener.agent-id`).
    ///
    /// ## Why
    /// Giving the agent number tells customers who they are talking to, so that the call can be traced, praised or complained about.
    ///
    /// ## Bad
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank}客服代表，请问有什么可以帮到您？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// opener:
    ///   - 您好，{bank}客服中心，工号{agent_id}为您服务，请问有什么可以帮到您？
    /// ```
    ///
    /// ## Options
    /// None; the accepted wording is in the standard (see `huashu standard`).
    OpenerAgentId {
        id: "opener-agent-id",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("开场白报出工号（{agent_id} 或“工号”加号码）", "the opener gives the agent number ({agent_id} or 工号 + number)"),
    }
}

impl Rule for OpenerAgentId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Opener,
            &cx.standard().agent_id,
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
        assert_fails("opener-agent-id", &script(&BODY.replace("{agent_id}", "")));
        assert_fails(
            "opener-agent-id",
            &script(&BODY.replace("客服代表{agent_id}", "客服代表，工号保密")),
        );
    }

    #[test]
    fn passes() {
        assert_passes("opener-agent-id", &script(BODY));
        assert_passes(
            "opener-agent-id",
            &script(&BODY.replace("客服代表{agent_id}", "客服代表，工号1024")),
        );
        assert_passes(
            "opener-agent-id",
            &script(&BODY.replace("客服代表{agent_id}", "客服代表，工号一零二四")),
        );
        assert_passes(
            "opener-agent-id",
            &format!(
                "variables: [agent_no]\n{}",
                script(&BODY.replace("客服代表{agent_id}", "客服代表，工号{agent_no}"))
            ),
        );
    }
}
