//! absolute-promise: no unconditional promise of outcome (一定到账 …). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/absolute-promise.md is made from),
//! its check and its pass/fail tests, together.

use super::language::{report_text_hits, TextHit};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;
use crate::standard::Language;
use crate::text::clause_at;

declare_rule! {
    /// ## 检查什么
    /// 不无条件地担保结果：保证、一定、肯定、绝对、百分之百，并且在同一分句的后面出现结果词（解决、到账、办好、没问题、成功、退回、通过、办妥）。“保证金”是名词，“不一定”“无法保证”是否定，“请您一定……”是提醒，都不算。诊断从担保词标到结果词。
    ///
    /// ## 为什么
    /// 结果往往不由坐席决定（审批、清算、对方银行）；担保落空，客户就有了投诉的理由。应承诺自己会做什么，而不是担保结果。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 我肯定帮您办好，今天一定到账。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// say: 我会尽力为您办理，一般当天到账，具体以系统处理为准。
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// No unconditional promise of an outcome: 保证, 一定, 肯定, 绝对 or 百分之百, followed later in the same clause by an outcome (解决, 到账, 办好, 没问题, 成功, 退回, 通过, 办妥). 保证金 is a noun, 不一定 and 无法保证 are negations, 请您一定 is a reminder: none of them counts. The underline runs from the adverb to the outcome.
    ///
    /// ## Why
    /// The outcome is seldom the agent's to decide (approvals, clearing, the other bank); a guarantee that fails gives the customer a reason to complain. Promise what you will do, not the result.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 我肯定帮您办好，今天一定到账。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// say: 我会尽力为您办理，一般当天到账，具体以系统处理为准。
    /// ```
    ///
    /// ## Options
    /// None.
    AbsolutePromise {
        id: "absolute-promise",
        group: Language,
        severity: Warning,
        fix: No,
        summary: ("不无条件担保结果（一定到账……）", "no unconditional promise of outcome (一定到账 …)"),
    }
}

impl Rule for AbsolutePromise {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        report_text_hits(cx, sink, &META, |lang| &lang.absolute_adverbs, text_hits);
    }
}

/// The rule on one text (placeholders masked).
pub fn text_hits(text: &str, lang: &Language) -> Vec<TextHit> {
    let mut out = Vec::new();
    for (adverb, _) in lang.absolute_adverbs.find_all(text) {
        let clause = clause_at(text, adverb.start);
        let Some(outcome) = lang
            .absolute_outcomes
            .find_from(&text[..clause.end], adverb.end)
        else {
            continue;
        };
        let promise = &text[adverb.start..outcome.end];
        out.push(TextHit {
            message: msg!(zh: "无条件的担保“{promise}”", en: "unconditional promise “{promise}”"),
            help: msg!(zh: "承诺自己会做什么，而不是担保结果，如：我会尽力为您处理，具体以……为准", en: "promise what you will do, not the outcome: 我会尽力为您处理，具体以……为准"),
            range: adverb.start..outcome.end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails("absolute-promise", &with_say("我肯定帮您办好。")),
            ["肯定帮您办好"]
        );
        assert_eq!(
            assert_fails(
                "absolute-promise",
                &with_say("今天一定到账，百分之百没问题。")
            ),
            ["一定到账", "百分之百没问题"]
        );
        assert_fails("absolute-promise", &with_say("我保证帮您解决。"));
    }

    #[test]
    fn passes() {
        for s in [
            "这笔保证金会退回到您的账户。",
            "不一定能通过审批，我会尽力为您处理。",
            "请您一定携带身份证，才能办理成功。",
            "我一定尽力，结果以审批为准。",
            "我们无法保证审批通过。",
            "一定要注意，到账后请核对金额。",
        ] {
            assert_passes("absolute-promise", &with_say(s));
        }
    }
}
