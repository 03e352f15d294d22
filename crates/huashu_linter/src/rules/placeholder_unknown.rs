//! placeholder-unknown: every {name} is standard, configured or declared in variables. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/placeholder-unknown.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::model::FileModel;
use crate::msg;
use crate::suggest::did_you_mean;
use crate::text::placeholder::{tokens, Token};

/// Placeholders every script may use (FORMAT.md §2).
pub const STANDARD_PLACEHOLDERS: &[&str] = &[
    "bank",
    "agent_id",
    "agent_name",
    "customer_title",
    "customer_name",
];

declare_rule! {
    /// ## 检查什么
    /// 每个 `{名称}` 占位符都是已知的：标准占位符（`bank`、`agent_id`、`agent_name`、`customer_title`、`customer_name`）、huashu.yaml 的 `placeholders`，或本话术 `variables` 中声明的。拼写接近已知名称时给出“是不是想写”。共享话术中的占位符按标准占位符和配置检查。
    ///
    /// ## 为什么
    /// 话术平台不认识的占位符会原样念给客户听（“我是{bnak}客服”）。
    ///
    /// ## 错误示例
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bnak}客服代表{agent_id}，请问有什么可以帮到您？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// variables: [card_tail]
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
    /// steps:
    ///   - stage: resolve
    ///     say: 尾号{card_tail}的卡已经为您挂失。
    /// ```
    ///
    /// ## 选项
    /// 无；在 huashu.yaml 的 `placeholders` 中添加全库可用的占位符。
    /// ---
    /// ## What it checks
    /// Every `{name}` placeholder is known: a standard one (`bank`, `agent_id`, `agent_name`, `customer_title`, `customer_name`), one of huashu.yaml's `placeholders`, or one the script declares in `variables`; "did you mean" when it is close to a known name. Snippet placeholders are checked against the standard and configured ones.
    ///
    /// ## Why
    /// A placeholder the script platform does not know is read out to the customer as it stands ("我是{bnak}客服").
    ///
    /// ## Bad
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bnak}客服代表{agent_id}，请问有什么可以帮到您？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// variables: [card_tail]
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
    /// steps:
    ///   - stage: resolve
    ///     say: 尾号{card_tail}的卡已经为您挂失。
    /// ```
    ///
    /// ## Options
    /// None; add repository-wide placeholders under `placeholders` in huashu.yaml.
    PlaceholderUnknown {
        id: "placeholder-unknown",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("占位符是标准的、配置的或在 variables 中声明的", "every {name} is standard, configured or declared in variables"),
    }
}

impl Rule for PlaceholderUnknown {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let variables: &[String] = match cx.model {
            FileModel::Script(s) => &s.variables,
            _ => &[],
        };
        let known: Vec<&str> = STANDARD_PLACEHOLDERS
            .iter()
            .copied()
            .chain(cx.config.placeholders.iter().map(String::as_str))
            .chain(variables.iter().map(String::as_str))
            .collect();
        for text in cx.model.spoken_texts() {
            for token in tokens(&text.value) {
                let Token::Placeholder { range, name } = token else {
                    continue;
                };
                if known.contains(&name) {
                    continue;
                }
                let help = match did_you_mean(name, known.iter().copied()) {
                    Some(s) => {
                        msg!(zh: "是不是想写 `{{{s}}}`？如果是本话术的新占位符，请在 variables 中声明", en: "did you mean `{{{s}}}`? if it is a new placeholder of this script, declare it in variables")
                    }
                    None => {
                        msg!(zh: "在本话术的 variables 或 huashu.yaml 的 placeholders 中声明它", en: "declare it in this script's variables or in huashu.yaml's placeholders")
                    }
                };
                sink.report(
                    &META,
                    text.sub_span(&cx.source.text, range),
                    msg!(zh: "未知的占位符 `{{{name}}}`", en: "unknown placeholder `{{{name}}}`"),
                )
                .help(help);
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
            assert_fails(
                "placeholder-unknown",
                &script(&BODY.replace("{bank}", "{bnak}"))
            ),
            ["{bnak}"]
        );
        let quoted = script(&BODY.replace("say: 嗯，我明白了。", "say: \"尾号\\t{card_tial}\""));
        assert_eq!(
            assert_fails("placeholder-unknown", &quoted),
            ["{card_tial}"]
        );
        let block = script(&BODY.replace(
            "say: 嗯，我明白了。",
            "say: |\n      第一行\n      第二行{branch}",
        ));
        assert_eq!(assert_fails("placeholder-unknown", &block), ["{branch}"]);
        assert_fails("placeholder-unknown", "snippets:\n  x: 尾号{card_tail}\n");
    }

    #[test]
    fn passes() {
        assert_passes("placeholder-unknown", &script(BODY));
        assert_passes(
            "placeholder-unknown",
            &script(&format!(
                "variables: [card_tail]\n{}",
                BODY.replace("嗯，我明白了。", "尾号{card_tail}的卡")
            )),
        );
        assert_passes(
            "placeholder-unknown",
            &script(&BODY.replace("嗯，我明白了。", "{{字面的大括号}}")),
        );
    }
}
