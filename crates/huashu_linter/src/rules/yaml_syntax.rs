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
