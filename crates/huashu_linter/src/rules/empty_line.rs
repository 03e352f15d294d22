//! empty-line: no empty or whitespace-only line. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/empty-line.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// 开场白、结束语、`say` 和共享话术中没有空的或只有空白的台词（包括只写了 `- ` 的列表项）。
    ///
    /// ## 为什么
    /// 空台词在话术平台上显示为一个空白气泡，坐席不知道该说什么；通常是复制粘贴时漏掉了内容。
    ///
    /// ## 错误示例
    /// ```yaml
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - "  "
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - 感谢您的来电，再见。
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// No empty or whitespace-only line in an opener, a closing, a `say` or a snippet (a bare `- ` list item included).
    ///
    /// ## Why
    /// An empty line shows as a blank bubble in the script platform and leaves the agent with nothing to say; it is usually content lost in a copy and paste.
    ///
    /// ## Bad
    /// ```yaml
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - "  "
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - 感谢您的来电，再见。
    /// ```
    ///
    /// ## Options
    /// None.
    EmptyLine {
        id: "empty-line",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("没有空的台词", "no empty or whitespace-only line"),
    }
}

impl Rule for EmptyLine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        for text in cx.model.spoken_texts() {
            if text.value.trim().is_empty() {
                sink.report(&META, text.span.clone(), msg!(zh: "这句台词是空的", en: "this line is empty"))
                    .help(msg!(zh: "写上坐席要说的话，或删除这一项", en: "write what the agent says, or remove the item"));
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
                "empty-line",
                &script(&BODY.replace("  - 您还有其他疑问吗？\n", "  - \"  \"\n"))
            ),
            ["\"  \""]
        );
        assert_fails(
            "empty-line",
            &script(&BODY.replace("  - 您还有其他疑问吗？\n", "  -\n")),
        );
        assert_fails(
            "empty-line",
            &script(&BODY.replace("say: 嗯，我明白了。", "say: ''")),
        );
        assert_fails("empty-line", "snippets:\n  blank: \" \"\n");
    }

    #[test]
    fn passes() {
        assert_passes("empty-line", &script(BODY));
        assert_passes("empty-line", "snippets:\n  hello: 您好\n");
    }
}
