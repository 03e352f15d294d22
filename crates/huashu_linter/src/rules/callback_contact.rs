//! callback-contact: a callback step asks for or confirms contact details. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/callback-contact.md is made from),
//! its check and its pass/fail tests, together.

use super::promise::promises;
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// callback 步骤请客户留下或确认联系方式：同一分句里先有联系动词（留下、确认、核对、提供、登记、告诉我们……），后有联系名词（联系方式、联系电话、手机号、电话号码、电话……），如“请您留下联系方式”“核对一下预留的联系电话”。`say` 有几种说法时每一种都检查。
    ///
    /// ## 为什么
    /// 回电要打得通：在承诺时确认号码，避免回电时找不到客户，让承诺落空。
    ///
    /// ## 错误示例
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在3个工作日内给您回复，好吗？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在3个工作日内给您回复，请您核对一下预留的联系电话，好吗？
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// A callback step asks for or confirms the customer's contact details: a contact verb (留下, 确认, 核对, 提供, 登记, 告诉我们 …) and, later in the same clause, a contact noun (联系方式, 联系电话, 手机号, 电话号码, 电话 …), as in 请您留下联系方式 or 核对一下预留的联系电话. Each alternative of `say` is checked.
    ///
    /// ## Why
    /// The callback has to reach the customer: confirming the number when promising it keeps the promise from failing.
    ///
    /// ## Bad
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在3个工作日内给您回复，好吗？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// - stage: callback
    ///   say: 我们会在3个工作日内给您回复，请您核对一下预留的联系电话，好吗？
    /// ```
    ///
    /// ## Options
    /// None.
    CallbackContact {
        id: "callback-contact",
        group: Callback,
        severity: Error,
        fix: No,
        summary: ("回电承诺请客户留下或确认联系方式", "a callback step asks for or confirms contact details"),
    }
}

impl Rule for CallbackContact {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        for p in promises(cx).iter().filter(|p| p.in_callback_step) {
            if cx.standard().asks_for_contact(p.spoken.text) {
                continue;
            }
            sink.report_spoken(&META, &p.spoken, p.anchor(), msg!(zh: "承诺回电，但没有请客户留下或确认联系方式", en: "a callback is promised without asking for or confirming contact details"))
                .help(msg!(zh: "加上，如：请您留下联系方式 / 请您核对一下预留的手机号码", en: "add, e.g. 请您留下联系方式 or 请您核对一下预留的手机号码"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails(
                "callback-contact",
                &with_callback("我们会在3个工作日内给您回复，好吗？")
            ),
            ["给您回复"]
        );
        // Noun before verb, or across a comma, is no request.
        assert_fails(
            "callback-contact",
            &with_callback("您的电话我们已经确认，3个工作日内给您回复，好吗？"),
        );
        assert_fails(
            "callback-contact",
            &with_callback(
                "[3个工作日内给您回复，请您留下联系方式，好吗？, 3个工作日内给您回复，好吗？]",
            ),
        );
    }

    #[test]
    fn passes() {
        for say in [
            "我们会在3个工作日内给您回复，请您留下联系方式，好吗？",
            "我们会在两个工作日内给您回电，请您核对一下预留的联系电话，可以吗？",
            "3个工作日内给您回复，麻烦您确认一下预留的手机号码，好吗？",
            "请您提供一个方便接听的电话号码，我们24小时内给您回电，好吗？",
        ] {
            assert_passes("callback-contact", &with_callback(say));
        }
        // Not a callback step: contact is not required.
        assert_passes(
            "callback-contact",
            &script(&BODY.replace("嗯，我明白了。", "3个工作日内会通知您。")),
        );
    }
}
