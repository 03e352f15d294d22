//! opener-bank-name: the opener names the bank ({bank} or the configured name). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/opener-bank-name.md is made from),
//! its check and its pass/fail tests, together.

use super::elements::{check_element, Calls, Part};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;

declare_rule! {
    /// ## 检查什么
    /// 开场白里报出银行名称：`{bank}` 占位符，或 huashu.yaml 中 `bank.name` 配置的行名（见规范 `opener.bank-name`）。
    ///
    /// ## 为什么
    /// 客户需要确认自己打进的是哪家银行；防范冒充银行的诈骗电话也要求坐席主动报出行名。
    ///
    /// ## 错误示例
    /// ```yaml
    /// opener:
    ///   - 您好，我是客服代表{agent_id}，请问有什么可以帮到您？
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
    /// The opener names the bank: the `{bank}` placeholder, or the name configured as `bank.name` in huashu.yaml (the standard's `opener.bank-name`).
    ///
    /// ## Why
    /// Customers need to know which bank they reached; guarding against impostor calls also requires the agent to name the bank.
    ///
    /// ## Bad
    /// ```yaml
    /// opener:
    ///   - 您好，我是客服代表{agent_id}，请问有什么可以帮到您？
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
    OpenerBankName {
        id: "opener-bank-name",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("开场白报出行名（{bank} 或配置的行名）", "the opener names the bank ({bank} or the configured name)"),
    }
}

impl Rule for OpenerBankName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        check_element(
            cx,
            sink,
            &META,
            Part::Opener,
            &cx.standard().bank_name,
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
            assert_fails("opener-bank-name", &script(&BODY.replace("{bank}", ""))),
            ["opener"]
        );
    }

    #[test]
    fn passes() {
        assert_passes("opener-bank-name", &script(BODY));
        let named = script(&BODY.replace("{bank}", "示例银行"));
        assert!(findings_with_config(
            "opener-bank-name",
            &[("a.yaml", &named)],
            "bank:\n  name: 示例银行\n"
        )
        .is_empty());
        assert!(!findings_with_config(
            "opener-bank-name",
            &[("a.yaml", &named)],
            "bank:\n  name: 另一家银行\n"
        )
        .is_empty());
    }
}
