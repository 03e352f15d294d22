//! placeholder-malformed: no unbalanced or empty braces, no invalid placeholder names. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/placeholder-malformed.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;
use crate::text::placeholder::{tokens, Malformed, Token};

declare_rule! {
    /// ## 检查什么
    /// 大括号成对且括住一个合法名称：没有未闭合的 `{`、多余的 `}`、空的 `{}`，也没有 `{Name With Spaces}` 这样的非法名称。`{{` 和 `}}` 表示字面的大括号。
    ///
    /// ## 为什么
    /// 写坏的占位符不会被替换，客户会听到半截的括号和名称。
    ///
    /// ## 错误示例
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank客服代表{agent_id}，请问有什么可以帮到您？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// Braces pair up around a valid name: no unclosed `{`, stray `}`, empty `{}`, and no invalid name such as `{Name With Spaces}`. `{{` and `}}` are literal braces.
    ///
    /// ## Why
    /// A broken placeholder is not replaced; the customer hears half a bracket and a name.
    ///
    /// ## Bad
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank客服代表{agent_id}，请问有什么可以帮到您？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// opener:
    ///   - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
    /// ```
    ///
    /// ## Options
    /// None.
    PlaceholderMalformed {
        id: "placeholder-malformed",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("大括号成对，占位符名称合法", "no unbalanced or empty braces, no invalid placeholder names"),
    }
}

impl Rule for PlaceholderMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        for text in cx.model.spoken_texts() {
            for token in tokens(&text.value) {
                let Token::Malformed { range, kind } = token else {
                    continue;
                };
                let raw = text.value.get(range.clone()).unwrap_or("");
                let (message, help) = match kind {
                    Malformed::Unclosed => (
                        msg!(zh: "`{{` 没有闭合", en: "`{{` is never closed"),
                        msg!(zh: "补上 `}}`，如 {{bank}}；要写字面的大括号请用 `{{{{`", en: "add the `}}`, as in {{bank}}; write `{{{{` for a literal brace"),
                    ),
                    Malformed::Unopened => (
                        msg!(zh: "多余的 `}}`", en: "`}}` without a `{{`"),
                        msg!(zh: "删除它，或补上 `{{`；要写字面的大括号请用 `}}}}`", en: "remove it or add the `{{`; write `}}}}` for a literal brace"),
                    ),
                    Malformed::Empty => (
                        msg!(zh: "空的占位符 `{{}}`", en: "empty placeholder `{{}}`"),
                        msg!(zh: "在括号里写上占位符名称，如 {{customer_title}}", en: "name the placeholder, as in {{customer_title}}"),
                    ),
                    Malformed::BadName => (
                        msg!(zh: "`{raw}` 不是合法的占位符", en: "`{raw}` is not a valid placeholder"),
                        msg!(zh: "占位符名称只用小写字母、数字和下划线，如 {{customer_name}}", en: "placeholder names use lowercase letters, digits and _, as in {{customer_name}}"),
                    ),
                };
                sink.report(&META, text.sub_span(&cx.source.text, range), message)
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
                "placeholder-malformed",
                &script(&BODY.replace("{bank}", "{bank"))
            ),
            ["{"]
        );
        assert_eq!(
            assert_fails(
                "placeholder-malformed",
                &script(&BODY.replace("嗯，我明白了。", "您好{Customer Name}"))
            ),
            ["{Customer Name}"]
        );
        assert_eq!(
            assert_fails(
                "placeholder-malformed",
                &script(&BODY.replace("嗯，我明白了。", "'空的{}'"))
            ),
            ["{}"]
        );
        assert_eq!(
            assert_fails(
                "placeholder-malformed",
                &script(&BODY.replace("嗯，我明白了。", "多余}"))
            ),
            ["}"]
        );
    }

    #[test]
    fn passes() {
        assert_passes("placeholder-malformed", &script(BODY));
        assert_passes(
            "placeholder-malformed",
            &script(&BODY.replace("嗯，我明白了。", "'{{字面}}'")),
        );
    }
}
