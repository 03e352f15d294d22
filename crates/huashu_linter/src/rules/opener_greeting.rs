//! opener-greeting: the opener greets (您好 …). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/opener-greeting.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;

declare_rule! {
    /// ## 检查什么
    /// 开场白（所有行，含引用的共享话术）里有一句问候：您好、早上好、下午好……（见规范 `opener.greeting`）。缺少时在 `opener` 键上报告一次，帮助里给出规范的推荐说法。
    ///
    /// ## 为什么
    /// 服务流程的第一阶段是开场：先问候，再报行名、工号，主动询问需求。没有问候的开场让客户觉得生硬、不被尊重。
    ///
    /// ## 错误示例
    /// ```yaml
    /// opener:
    ///   - 我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
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
    /// The opener (all its lines, snippets included) greets the customer: 您好, 早上好, 下午好 … (the standard's `opener.greeting`). When it does not, one finding on the `opener` key, with the standard's wording as help.
    ///
    /// ## Why
    /// The first stage of the service process is the opener: greet, name the bank, give the agent number, offer help. An opener without a greeting sounds curt.
    ///
    /// ## Bad
    /// ```yaml
    /// opener:
    ///   - 我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
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
    OpenerGreeting {
        id: "opener-greeting",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("开场白有问候语（您好……）", "the opener greets (您好 …)"),
    }
}

impl Rule for OpenerGreeting {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Opener,
            &cx.standard().greeting,
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
                "opener-greeting",
                &script(&BODY.replace("您好，很高兴", "很高兴"))
            ),
            ["opener"]
        );
    }

    #[test]
    fn passes() {
        assert_passes("opener-greeting", &script(BODY));
        assert_passes(
            "opener-greeting",
            &script(&BODY.replace("您好，很高兴", "下午好，很高兴")),
        );
        // Built from a snippet.
        let s = script(&BODY.replace(
            "  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？",
            "  - use: opener",
        ));
        assert!(findings("opener-greeting", &[("scripts/a.yaml", &s), ("snippets/s.yaml", "snippets:\n  opener: 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\n")]).is_empty());
    }

    #[test]
    fn a_snippet_without_it_is_related_information() {
        let s = script(&BODY.replace(
            "  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？",
            "  - use: opener",
        ));
        let found = findings(
            "opener-greeting",
            &[
                ("scripts/a.yaml", &s),
                (
                    "snippets/s.yaml",
                    "snippets:\n  opener: 我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\n",
                ),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(&*found[0].related[0].file, "snippets/s.yaml");
    }
}
