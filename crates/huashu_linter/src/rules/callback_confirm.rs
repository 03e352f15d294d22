//! callback-confirm: a callback step ends by asking consent (好吗？). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/callback-confirm.md is made from),
//! its check and its pass/fail tests, together.

use std::ops::Range;

use super::promise::promises;
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;
use crate::standard::Standard;
use crate::text::sentences;

declare_rule! {
    /// ## 检查什么
    /// callback 步骤以征求客户同意结束：最后一句是问句，并含有规范的征询词（`callback.consent`：好吗、可以吗、行吗、方便吗、您看可以吗……）。诊断指向最后一句。
    ///
    /// ## 为什么
    /// 回电时间和方式要客户同意才算约定；征询一句，客户有机会说“那个时间我不方便”。
    ///
    /// ## 错误示例
    /// ```yaml
    /// - stage: callback
    ///   say: 需要与相关部门核实，请您留下联系方式，我们会在3个工作日内给您回复。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// - stage: callback
    ///   say: 需要与相关部门核实，请您留下联系方式，我们会在3个工作日内给您回复，好吗？
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// A callback step ends by asking the customer's consent: its last sentence is a question with one of the standard's consent words (`callback.consent`: 好吗, 可以吗, 行吗, 方便吗, 您看可以吗 …). The diagnostic points at the last sentence.
    ///
    /// ## Why
    /// A callback time is an agreement only when the customer agrees to it; asking gives them the chance to say the time does not suit them.
    ///
    /// ## Bad
    /// ```yaml
    /// - stage: callback
    ///   say: 需要与相关部门核实，请您留下联系方式，我们会在3个工作日内给您回复。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// - stage: callback
    ///   say: 需要与相关部门核实，请您留下联系方式，我们会在3个工作日内给您回复，好吗？
    /// ```
    ///
    /// ## Options
    /// None.
    CallbackConfirm {
        id: "callback-confirm",
        group: Callback,
        severity: Warning,
        fix: No,
        summary: ("回电承诺最后征求客户同意（好吗？）", "a callback step ends by asking consent (好吗？)"),
    }
}

/// The last sentence, and whether it asks for consent.
fn last_sentence(text: &str, standard: &Standard) -> Option<(Range<usize>, bool)> {
    let last = sentences(text).pop()?;
    let sentence = text[last.clone()].trim_end();
    let asked = text[last.end..].starts_with(['？', '?'])
        || standard
            .consent
            .find_all(sentence)
            .last()
            .is_some_and(|(r, _)| r.end == sentence.len());
    Some((last.clone(), asked && standard.consent.contains(sentence)))
}

impl Rule for CallbackConfirm {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        for p in promises(cx).iter().filter(|p| p.in_callback_step) {
            let Some((last, true)) =
                last_sentence(p.spoken.text, cx.standard()).map(|(r, ok)| (r, !ok))
            else {
                continue;
            };
            sink.report_spoken(&META, &p.spoken, last, msg!(zh: "回电承诺最后没有征求客户的同意", en: "the callback does not end by asking the customer's consent"))
                .help(msg!(zh: "以征询结束，如：……给您回复，好吗？", en: "end with a question, e.g. ……给您回复，好吗？"));
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
                "callback-confirm",
                &with_callback("需要核实，请您留下联系方式，我们会在3个工作日内给您回复。")
            ),
            ["需要核实，请您留下联系方式，我们会在3个工作日内给您回复"]
        );
        // Consent asked in an earlier sentence only.
        assert_fails(
            "callback-confirm",
            &with_callback("好吗？我们会在3个工作日内给您回复。"),
        );
    }

    #[test]
    fn passes() {
        for say in [
            "需要核实，我们会在3个工作日内给您回复，好吗？",
            "我们24小时内回电，您看可以吗？",
            "我们明天给您回电，方便吗",
            "3个工作日内回复您，可以吗?",
        ] {
            assert_passes("callback-confirm", &with_callback(say));
        }
    }
}
