//! honorific-you: address the customer as 您, not 你. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/honorific-you.md is made from),
//! its check and its pass/fail tests, together.

use super::language::language_texts;
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::{Edit, Fix, Safety, Sink};
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// 坐席称呼客户用“您”，不用“你”（你好 → 您好，你的 → 您的）。“你们”指一群人，不报告；“迷你”这样的词也不报告。
    ///
    /// ## 修复
    /// `--unsafe-fixes` 把“你”改成“您”。它被列为可能改变含义的修复：话术里偶尔引用的是客户的原话。
    ///
    /// ## 为什么
    /// 银行服务规范要求对客户使用敬语“您”。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 你的账户已经冻结了。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// say: 您的账户已经冻结了。
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// The agent addresses the customer as 您, not 你 (你好 -> 您好, 你的 -> 您的). 你们, a group, is left alone, and so are words such as 迷你.
    ///
    /// ## Fix
    /// `--unsafe-fixes` turns 你 into 您. It counts as a fix that may change meaning: a script occasionally quotes the customer's own words.
    ///
    /// ## Why
    /// The service standard asks agents to use the honorific 您 with customers.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 你的账户已经冻结了。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// say: 您的账户已经冻结了。
    /// ```
    ///
    /// ## Options
    /// None.
    HonorificYou {
        id: "honorific-you",
        group: Language,
        severity: Warning,
        fix: Unsafe,
        summary: ("称呼客户用“您”而不是“你”", "address the customer as 您, not 你"),
    }
}

impl Rule for HonorificYou {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let informal = &cx.standard().language.informal_you;
        for t in language_texts(cx)
            .iter()
            .filter(|t| t.presence.may(informal))
        {
            for (range, _) in informal.find_all(&t.masked) {
                let exact = t.text.exact_sub_span(&cx.source.text, range.clone());
                let finding = sink.report(
                    &META,
                    t.text.sub_span(&cx.source.text, range),
                    msg!(zh: "对客户称“你”", en: "the customer is addressed as 你"),
                );
                finding.help(msg!(zh: "用敬语“您”", en: "use the honorific 您"));
                if let Some(span) = exact.filter(|s| cx.source.text.get(s.clone()) == Some("你")) {
                    finding.fix(Fix {
                        safety: Safety::Unsafe,
                        edits: vec![Edit {
                            span,
                            replacement: "您".into(),
                        }],
                        description: msg!(zh: "把“你”改为“您”", en: "replace 你 with 您"),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails("honorific-you", &with_say("你的账户已经冻结了。")),
            ["你"]
        );
        assert_eq!(
            assert_fails("honorific-you", &with_say("你好，你听我说。")).len(),
            2
        );
        let found = findings("honorific-you", &[("a.yaml", &with_say("\"你好\""))]);
        assert!(found[0].fix.is_some());
    }

    #[test]
    fn passes() {
        assert_passes("honorific-you", &with_say("您的账户已经冻结了。"));
        assert_passes("honorific-you", &with_say("你们单位的代发工资已经到账。"));
        assert_passes("honorific-you", &with_say("这张迷你卡可以贴在手机上。"));
    }
}
