//! yaml-syntax: a file that does not parse, reported where the parser stopped.

use std::ops::Range;

use crate::finding::Sink;
use crate::msg;

use super::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## 检查什么
    /// 文件必须是合法的 YAML。解析器在哪里停下，诊断就指向哪里，并给出解析器的说明。
    ///
    /// ## 为什么
    /// 无法解析的文件，其余规则都无法检查；CI 必须让它失败，而不是悄悄跳过。
    ///
    /// ## 错误示例
    /// ```yaml
    /// opener: [您好，请问有什么可以帮到您？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// opener: [您好，请问有什么可以帮到您？]
    /// ```
    ///
    /// ## 选项
    /// 无。缩进只能用空格；huashu 按 YAML 1.2 规范的缩进规则解析。
    /// ---
    /// ## What it checks
    /// The file must be valid YAML. The diagnostic points where the parser stopped and gives its explanation.
    ///
    /// ## Why
    /// A file that does not parse cannot be checked by any other rule; CI must fail on it rather than skip it.
    ///
    /// ## Bad
    /// ```yaml
    /// opener: [您好，请问有什么可以帮到您？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// opener: [您好，请问有什么可以帮到您？]
    /// ```
    ///
    /// ## Options
    /// None. Indent with spaces only; huashu follows the YAML 1.2 indentation rules.
    YamlSyntax {
        id: "yaml-syntax",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("文件是合法的 YAML", "the file parses as YAML"),
    }
}

impl Rule for YamlSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The parser's error at the place it stopped.
pub(crate) fn report(sink: &mut Sink, span: Range<usize>, parser_says: &str) {
    let m = parser_says;
    sink.report(&META, span, msg!(zh: "YAML 语法错误：{m}", en: "invalid YAML: {m}"))
        .help(msg!(zh: "检查这一位置附近的缩进（只用空格）、冒号、引号和括号", en: "check the indentation (spaces only), colons, quotes and brackets near this position"));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_fails("yaml-syntax", "opener: [您好\n");
        assert_fails("yaml-syntax", "a:\n\tb: 1\n");
        assert_fails("yaml-syntax", "a: \"unterminated\n");
        assert_fails("yaml-syntax", "a: *nowhere\n");
    }

    #[test]
    fn passes() {
        assert_passes("yaml-syntax", &script(BODY));
        assert_passes("yaml-syntax", "[1, 2]\n");
    }
}
