//! unknown-snippet: every use: names a defined snippet. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/unknown-snippet.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileIds, RepoIndex, Rule, RuleMeta};
use crate::finding::Finding;
use crate::msg;
use crate::suggest::did_you_mean;

declare_rule! {
    /// ## 检查什么
    /// 每个 `{use: 编号}` 都引用了范围内定义过的共享话术；编号拼写接近时给出“是不是想写”。未定义的引用对其他规则来说没有文本。
    ///
    /// ## 为什么
    /// 引用不存在的共享话术，话术平台会显示空白，坐席到了这一步无话可说。
    ///
    /// ## 错误示例
    /// ```yaml
    /// closing:
    ///   - use: farewel-phone
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// closing:
    ///   - use: farewell-phone
    /// ```
    ///
    /// ## 选项
    /// 无。只检查部分文件时（如 pre-commit），共享话术文件也要在范围内，或在 huashu.yaml 的 `paths` 中。
    /// ---
    /// ## What it checks
    /// Every `{use: id}` names a snippet defined in scope, with "did you mean" for a near miss. For the other rules such a line has no text.
    ///
    /// ## Why
    /// A `use:` of a snippet that does not exist shows as a blank in the script platform and leaves the agent with nothing to say.
    ///
    /// ## Bad
    /// ```yaml
    /// closing:
    ///   - use: farewel-phone
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// closing:
    ///   - use: farewell-phone
    /// ```
    ///
    /// ## Options
    /// None. When checking some files only (pre-commit), keep the snippet files in scope too.
    UnknownSnippet {
        id: "unknown-snippet",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("每个 use: 都引用已定义的共享话术", "every use: names a defined snippet"),
    }
}

impl Rule for UnknownSnippet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, index: &RepoIndex, file: &FileIds, out: &mut Vec<Finding>) {
        let defined = &index.known_snippets;
        let mut candidates: Vec<&str> = Vec::new();
        for u in file.uses.iter().filter(|u| !defined.contains_key(&u.id)) {
            let id = &u.id;
            if candidates.is_empty() {
                // Sorted, so that "did you mean" breaks ties the same way every run.
                candidates = defined.keys().map(String::as_str).collect();
                candidates.sort_unstable();
            }
            let help = match did_you_mean(id, candidates.iter().copied()) {
                Some(s) => msg!(zh: "是不是想写 `{s}`？", en: "did you mean `{s}`?"),
                None => {
                    msg!(zh: "在 snippets 文件中定义 `{id}`，或改用已有的共享话术", en: "define `{id}` in a snippet file, or use an existing snippet")
                }
            };
            let mut f = Finding::new(
                &META,
                u.file.clone(),
                u.span.clone(),
                msg!(zh: "没有编号为 `{id}` 的共享话术", en: "no snippet has the id `{id}`"),
                &u.id,
            );
            f.help(help);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        let s = script(&BODY.replace("  - 您还有其他疑问吗？\n", "  - use: farewel\n"));
        let found = findings(
            "unknown-snippet",
            &[
                ("scripts/a.yaml", &s),
                ("snippets/s.yaml", "snippets:\n  farewell: 再见\n"),
            ],
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].help.as_ref().unwrap().en.contains("`farewell`"));
    }

    #[test]
    fn passes() {
        let s = script(&BODY.replace("  - 您还有其他疑问吗？\n", "  - {use: farewell}\n"));
        assert!(findings(
            "unknown-snippet",
            &[
                ("scripts/a.yaml", &s),
                ("snippets/s.yaml", "snippets:\n  farewell: 再见\n")
            ]
        )
        .is_empty());
    }
}
