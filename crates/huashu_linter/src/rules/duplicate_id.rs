//! duplicate-id: no two scripts, and no two snippets, share an id. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/duplicate-id.md is made from),
//! its check and its pass/fail tests, together.

use std::collections::HashMap;
use std::sync::Arc;

use super::{declare_rule, FileIds, IdEntry, RepoIndex, Rule, RuleMeta};
use crate::finding::{Finding, Related};
use crate::msg;
use crate::source::Located;

declare_rule! {
    /// ## 检查什么
    /// 没有两个话术共用一个 `id`，也没有两个共享话术共用一个编号（跨文件检查）。诊断指向后出现的那个（按路径排序），并把第一个定义作为相关位置。
    ///
    /// ## 为什么
    /// 话术平台按编号发布和引用话术；编号重复时，一个会悄悄覆盖另一个。
    ///
    /// ## 错误示例
    /// `scripts/a.yaml` 和 `scripts/b.yaml` 都写了 `id: card.loss-report`。
    ///
    /// ## 正确示例
    /// 各自使用唯一的编号：`card.loss-report`、`card.loss-report-online`。
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// No two scripts share an `id`, and no two snippets share an id (across files). The diagnostic points at the later one (in path order), with the first definition as related information.
    ///
    /// ## Why
    /// The script platform publishes and links scripts by id; with a duplicate, one silently replaces the other.
    ///
    /// ## Bad
    /// Both `scripts/a.yaml` and `scripts/b.yaml` say `id: card.loss-report`.
    ///
    /// ## Good
    /// Each has its own id: `card.loss-report`, `card.loss-report-online`.
    ///
    /// ## Options
    /// None.
    DuplicateId {
        id: "duplicate-id",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("话术编号和共享话术编号唯一", "no two scripts, and no two snippets, share an id"),
    }
}

/// Report `e` when its id is defined already: in an earlier file
/// (`earlier`) or earlier in this one (`here`).
fn duplicate(
    e: &IdEntry,
    earlier: &HashMap<String, (Arc<str>, Located)>,
    here: &mut HashMap<String, (Arc<str>, Located)>,
    snippet: bool,
    out: &mut Vec<Finding>,
) {
    let Some((file, span)) = earlier.get(&e.id).or_else(|| here.get(&e.id)) else {
        here.insert(e.id.clone(), (e.file.clone(), e.span.clone()));
        return;
    };
    let id = &e.id;
    let line = span.start.line;
    let (message, help) = if snippet {
        (
            msg!(zh: "共享话术编号 `{id}` 重复，首次定义在 {file}:{line}", en: "snippet id `{id}` is already defined at {file}:{line}"),
            msg!(zh: "给这个共享话术换一个唯一的编号，或删除重复的定义", en: "give this snippet a unique id, or remove the duplicate"),
        )
    } else {
        (
            msg!(zh: "话术编号 `{id}` 重复，首次定义在 {file}:{line}", en: "script id `{id}` is already used at {file}:{line}"),
            msg!(zh: "给这个话术换一个唯一的编号", en: "give this script a unique id"),
        )
    };
    let mut f = Finding::new(&META, e.file.clone(), e.span.clone(), message, &e.id);
    f.help(help).related(Related {
        file: file.clone(),
        span: span.clone(),
        message: msg!(zh: "首次定义", en: "first defined here"),
    });
    out.push(f);
}

impl Rule for DuplicateId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, index: &RepoIndex, file: &FileIds, out: &mut Vec<Finding>) {
        let mut here = HashMap::new();
        if let Some(e) = &file.script_id {
            duplicate(e, &index.first_scripts, &mut here, false, out);
        }
        here.clear();
        for e in &file.snippet_ids {
            duplicate(e, &index.first_snippets, &mut here, true, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails_across_files() {
        let a = script(BODY);
        let found = findings(
            "duplicate-id",
            &[("scripts/a.yaml", &a), ("scripts/b.yaml", &a)],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(&*found[0].file, "scripts/b.yaml");
        assert_eq!(&*found[0].related[0].file, "scripts/a.yaml");
        let found = findings(
            "duplicate-id",
            &[
                ("s/a.yaml", "snippets:\n  x: 您好\n"),
                ("s/b.yaml", "snippets:\n  x: 再见\n"),
            ],
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn passes() {
        let a = script(BODY);
        let b = a.replace("id: t.case", "id: t.other");
        assert!(findings("duplicate-id", &[("a.yaml", &a), ("b.yaml", &b)]).is_empty());
        // A script and a snippet may share an id: they live in different namespaces.
        assert!(findings(
            "duplicate-id",
            &[("a.yaml", &a), ("s.yaml", "snippets:\n  t.case: 您好\n")]
        )
        .is_empty());
    }
}
