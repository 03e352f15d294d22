//! unused-suppression: a `# huashu: allow …` comment that suppresses
//! nothing, or names no rule.

use std::ops::Range;

use crate::finding::Sink;
use crate::msg;
use crate::suggest::did_you_mean;

use super::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## 检查什么
    /// 每条豁免注释都有用：`# huashu: allow 规则` 若没有抑制任何问题，或写了不存在的规则编号（给出“是不是想写”），就报告它。对本次运行中关闭的规则（配置为 off，或被 --select/--ignore 排除）的豁免不报告。
    ///
    /// 豁免的写法：行尾的 `# huashu: allow 规则[, 规则…] [-- 原因]` 作用于这一行；单独一行的作用于下面第一个非空、非注释的行；`# huashu: allow-file 规则[, 规则…]` 作用于整个文件。
    ///
    /// ## 为什么
    /// 问题修好后留下的豁免会在以后悄悄掩盖新的问题。
    ///
    /// ## 错误示例
    /// ```yaml
    /// # huashu: allow empty-line -- 这一行其实并不空
    /// title: 银行卡挂失
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - "" # huashu: allow empty-line -- 留给坐席自由发挥
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// Every suppression comment earns its place: a `# huashu: allow RULE` that suppresses nothing, or names an unknown rule id (with "did you mean"), is reported. Suppressions of rules that are off in this run (`off` in the config, or left out by --select/--ignore) are not.
    ///
    /// How to suppress: `# huashu: allow RULE[, RULE…] [-- reason]` at the end of a line covers that line; on a line of its own it covers the next line that is neither blank nor a comment; `# huashu: allow-file RULE[, RULE…]` covers the whole file.
    ///
    /// ## Why
    /// A suppression left behind after the problem was fixed silently hides the next one.
    ///
    /// ## Bad
    /// ```yaml
    /// # huashu: allow empty-line -- this line is not empty at all
    /// title: 银行卡挂失
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// closing:
    ///   - 您还有其他疑问吗？
    ///   - "" # huashu: allow empty-line -- left to the agent
    /// ```
    ///
    /// ## Options
    /// None.
    UnusedSuppression {
        id: "unused-suppression",
        group: Suppression,
        severity: Warning,
        fix: No,
        summary: ("豁免注释确实抑制了问题，且规则存在", "a suppression suppresses something and names a known rule"),
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The suppressed rules (id as written, span) that covered no finding:
/// a rule that exists and runs suppresses nothing; an id that names no rule
/// is a typo. A rule turned off is not reported (it could not have fired).
pub(crate) fn report<'a>(
    sink: &mut Sink,
    unused: impl IntoIterator<Item = &'a (String, Range<usize>)>,
    is_on: &dyn Fn(&RuleMeta) -> bool,
) {
    for (id, span) in unused {
        match super::find(id) {
            Some(rule) if !is_on(rule.meta()) => {}
            Some(_) => {
                sink.report(&META, span.clone(), msg!(zh: "对 `{id}` 的豁免没有抑制任何问题", en: "the suppression of `{id}` suppresses nothing"))
                    .help(msg!(zh: "删除这条豁免（问题已修复或不在这一行）", en: "remove it: the problem is fixed, or is not on this line"));
            }
            None => {
                let help = match did_you_mean(id, super::ids()) {
                    Some(s) => msg!(zh: "是不是想写 `{s}`？", en: "did you mean `{s}`?"),
                    None => {
                        msg!(zh: "`huashu rules` 列出所有规则", en: "`huashu rules` lists every rule")
                    }
                };
                sink.report(&META, span.clone(), msg!(zh: "豁免中的规则 `{id}` 不存在", en: "the suppression names an unknown rule `{id}`"))
                    .help(help);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn suppressions_work() {
        let end_of_line = script(&BODY.replace(
            "  - 您还有其他疑问吗？\n",
            "  - \"\" # huashu: allow empty-line -- reason\n",
        ));
        assert!(findings("empty-line", &[("a.yaml", &end_of_line)]).is_empty());
        assert!(findings("unused-suppression", &[("a.yaml", &end_of_line)]).is_empty());
        let above = script(&BODY.replace(
            "  - 您还有其他疑问吗？\n",
            "  # huashu: allow empty-line\n  - \"\"\n",
        ));
        assert!(findings("empty-line", &[("a.yaml", &above)]).is_empty());
        let file = format!(
            "# huashu: allow-file empty-line\n{}",
            script(&BODY.replace("嗯，我明白了。", "''"))
        );
        assert!(findings("empty-line", &[("a.yaml", &file)]).is_empty());
        assert!(findings("unused-suppression", &[("a.yaml", &file)]).is_empty());
    }

    #[test]
    fn fails() {
        let unused = format!("# huashu: allow empty-line\n{}", script(BODY));
        assert_eq!(assert_fails("unused-suppression", &unused), ["empty-line"]);
        let unknown = format!("# huashu: allow-file emty-line\n{}", script(BODY));
        let found = findings("unused-suppression", &[("a.yaml", &unknown)]);
        assert!(found[0].help.as_ref().unwrap().en.contains("`empty-line`"));
    }
}
