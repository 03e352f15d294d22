//! complaint-empathy: a complaint script soothes before its first resolve step. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/complaint-empathy.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::model::{Category, FileModel, Stage};
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// 投诉类（`category: complaint`）话术在第一个 resolve 步骤之前安抚客户：有一个 empathy 步骤，或者开场白、之前的步骤里已经说了安抚的话（规范 `process.empathy`：理解您的心情、给您添麻烦了、非常抱歉……）。诊断指向第一个 resolve 步骤的 `stage`；没有 resolve 步骤时指向 `steps`。
    ///
    /// ## 为什么
    /// 投诉客户先要被理解，才听得进解决方案。服务规范要求先安抚情绪、再处理问题。
    ///
    /// ## 错误示例
    /// ```yaml
    /// category: complaint
    /// steps:
    ///   - stage: listen
    ///     say: 您是说转账还没到账，对吗？
    ///   - stage: resolve
    ///     say: 系统显示这笔转账正在处理中。
    ///   - stage: empathy
    ///     say: 给您添麻烦了。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// category: complaint
    /// steps:
    ///   - stage: listen
    ///     say: 您是说转账还没到账，对吗？
    ///   - stage: empathy
    ///     say: 非常理解您的心情，给您添麻烦了。
    ///   - stage: resolve
    ///     say: 系统显示这笔转账正在处理中。
    /// ```
    ///
    /// ## 选项
    /// 无；安抚用语见规范 `process.empathy`。
    /// ---
    /// ## What it checks
    /// A complaint script (`category: complaint`) soothes the customer before its first resolve step: an empathy step, or soothing words already in the opener or an earlier step (the standard's `process.empathy`: 理解您的心情, 给您添麻烦了, 非常抱歉 …). The diagnostic points at the first resolve step's `stage`, or at `steps` when there is none.
    ///
    /// ## Why
    /// A complaining customer must feel understood before a solution can land; the service standard puts empathy before handling.
    ///
    /// ## Bad
    /// ```yaml
    /// category: complaint
    /// steps:
    ///   - stage: listen
    ///     say: 您是说转账还没到账，对吗？
    ///   - stage: resolve
    ///     say: 系统显示这笔转账正在处理中。
    ///   - stage: empathy
    ///     say: 给您添麻烦了。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// category: complaint
    /// steps:
    ///   - stage: listen
    ///     say: 您是说转账还没到账，对吗？
    ///   - stage: empathy
    ///     say: 非常理解您的心情，给您添麻烦了。
    ///   - stage: resolve
    ///     say: 系统显示这笔转账正在处理中。
    /// ```
    ///
    /// ## Options
    /// None; the soothing phrases are the standard's `process.empathy`.
    ComplaintEmpathy {
        id: "complaint-empathy",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("投诉话术先安抚，再解决", "a complaint script soothes before its first resolve step"),
    }
}

impl Rule for ComplaintEmpathy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let FileModel::Script(script) = cx.model else {
            return;
        };
        if script.category != Some(Category::Complaint) || script.steps.is_empty() {
            return;
        }
        let first_resolve = script
            .steps
            .iter()
            .position(|s| s.stage == Some(Stage::Resolve));
        let before = &script.steps[..first_resolve.unwrap_or(script.steps.len())];
        if before.iter().any(|s| s.stage == Some(Stage::Empathy)) {
            return;
        }
        let empathy = &cx.standard().empathy;
        let opener = script.opener.iter().flat_map(|o| o.lines.iter());
        let earlier = before.iter().flat_map(|s| s.say.iter());
        if opener
            .chain(earlier)
            .filter_map(|l| cx.spoken(l))
            .any(|s| empathy.contains(s.text))
        {
            return;
        }
        let span = match first_resolve {
            Some(i) => script.steps[i].stage_span.clone(),
            None => script.steps_key_span.clone(),
        };
        let Some(span) = span else {
            return;
        };
        sink.report(&META, span, msg!(zh: "投诉话术在安抚客户之前就开始处理问题", en: "the complaint is handled before the customer is soothed"))
            .help(msg!(zh: "在第一个 resolve 之前加一个 empathy 步骤，如：非常理解您的心情，给您添麻烦了，我会尽力帮您处理。", en: "add an empathy step before the first resolve, e.g. 非常理解您的心情，给您添麻烦了，我会尽力帮您处理。"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    fn complaint(steps: &str) -> String {
        script(&BODY.replace("  - stage: listen\n    say: 嗯，我明白了。\n", steps))
            .replace("category: service", "category: complaint")
    }

    #[test]
    fn fails() {
        let late = complaint("  - stage: listen\n    say: 嗯。\n  - stage: resolve\n    say: 系统显示正在处理。\n  - stage: empathy\n    say: 给您添麻烦了。\n");
        assert_eq!(assert_fails("complaint-empathy", &late), ["resolve"]);
        let none = complaint("  - stage: listen\n    say: 嗯，您是说还没到账。\n");
        assert_eq!(assert_fails("complaint-empathy", &none), ["steps"]);
    }

    #[test]
    fn passes() {
        assert_passes("complaint-empathy", &complaint("  - stage: empathy\n    say: 非常理解您的心情。\n  - stage: resolve\n    say: 系统显示正在处理。\n"));
        // Empathy in words before the first resolve counts too.
        assert_passes("complaint-empathy", &complaint("  - stage: listen\n    say: 给您添麻烦了，您是说转账还没到账，对吗？\n  - stage: resolve\n    say: 系统显示正在处理。\n"));
        // Not a complaint: not this rule's business.
        assert_passes("complaint-empathy", &script(BODY));
    }
}
