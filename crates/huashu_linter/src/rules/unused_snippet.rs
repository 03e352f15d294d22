//! unused-snippet: every snippet is used somewhere (whole-repository runs). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/unused-snippet.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileIds, RepoIndex, Rule, RuleMeta};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// 每个共享话术都至少被一个话术 `use:` 引用。只有整个仓库都在检查范围内时才运行（`huashu check` 不带路径，或带上配置文件所在的目录），否则只检查部分文件时会误报。
    ///
    /// ## 为什么
    /// 没人引用的共享话术往往是改名后的残留，维护时容易被误以为仍在使用。
    ///
    /// ## 错误示例
    /// `snippets: {old-farewell: 再见}`，但没有任何话术 `use: old-farewell`。
    ///
    /// ## 正确示例
    /// 删除它，或在话术中引用它。
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// Every snippet is `use:`d by at least one script. Runs only when the whole repository is in scope (`huashu check` with no paths, or with the config's folder), since a partial run would see false alarms.
    ///
    /// ## Why
    /// A snippet nobody uses is usually left over from a rename, and misleads whoever maintains it.
    ///
    /// ## Bad
    /// `snippets: {old-farewell: 再见}` with no script saying `use: old-farewell`.
    ///
    /// ## Good
    /// Remove it, or use it in a script.
    ///
    /// ## Options
    /// None.
    UnusedSnippet {
        id: "unused-snippet",
        group: Structure,
        severity: Warning,
        fix: No,
        summary: ("每个共享话术都有话术引用（整库检查时）", "every snippet is used somewhere (whole-repository runs)"),
    }
}

impl Rule for UnusedSnippet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, index: &RepoIndex, file: &FileIds, out: &mut Vec<Finding>) {
        if !index.whole_repo {
            return;
        }
        for s in file
            .snippet_ids
            .iter()
            .filter(|s| !index.used.contains(&s.id))
        {
            let id = &s.id;
            let mut f = Finding::new(
                &META,
                s.file.clone(),
                s.span.clone(),
                msg!(zh: "共享话术 `{id}` 没有被任何话术引用", en: "snippet `{id}` is not used by any script"),
                &s.id,
            );
            f.help(msg!(zh: "删除它，或在话术中用 `use: {id}` 引用它", en: "remove it, or use it in a script with `use: {id}`"));
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{check_texts, CheckOptions};
    use crate::config::Config;
    use crate::rules::testing::*;

    fn run(whole_repo: bool) -> usize {
        let s = script(&BODY.replace("  - 您还有其他疑问吗？\n", "  - use: used\n"));
        let files = [
            ("scripts/a.yaml", s.as_str()),
            (
                "snippets/s.yaml",
                "snippets:\n  used: 您还有其他疑问吗？\n  spare: 再见\n",
            ),
        ];
        let options = CheckOptions {
            whole_repo,
            ..CheckOptions::default()
        };
        check_texts(&files, &Config::default(), &options)
            .findings
            .iter()
            .filter(|f| f.rule == "unused-snippet")
            .count()
    }

    #[test]
    fn fails_on_whole_repo_runs_only() {
        assert_eq!(run(true), 1);
        assert_eq!(run(false), 0);
    }
}
