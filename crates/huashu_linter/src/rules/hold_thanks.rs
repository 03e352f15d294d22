//! hold-thanks: a hold is followed by a thank-you for waiting. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/hold-thanks.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileContext, Rule, RuleMeta, Spoken};
use crate::finding::Sink;
use crate::model::FileModel;
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// 让客户等待的话（规范 `process.hold`：请您稍等、请稍候、请不要挂机……）之后，话术里要有感谢等待的话（`process.thanks-for-waiting`：感谢您的耐心等待、让您久等了……），可以在同一句的后面，也可以在之后任何一句里（按开场白、步骤、结束语的顺序）。诊断指向等待用语。
    ///
    /// ## 为什么
    /// 让客户等待后致谢是服务规范的基本礼节；客户在等待中的不满，一句感谢能化解大半。
    ///
    /// ## 错误示例
    /// ```yaml
    /// - stage: resolve
    ///   say: [请您稍等，我为您查询一下。, 查到了，这笔转账已经到账。]
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// - stage: resolve
    ///   say: 请您稍等，我为您查询一下。
    /// - stage: resolve
    ///   say: 感谢您的耐心等待，这笔转账已经到账。
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// A line that puts the customer on hold (the standard's `process.hold`: 请您稍等, 请稍候, 请不要挂机 …) is followed by a thank-you for waiting (`process.thanks-for-waiting`: 感谢您的耐心等待, 让您久等了 …), later in the same line or in any later line (opener, steps, closing, in that order). The diagnostic points at the hold phrase.
    ///
    /// ## Why
    /// Thanking a customer for waiting is basic service courtesy; it defuses most of the irritation a hold causes.
    ///
    /// ## Bad
    /// ```yaml
    /// - stage: resolve
    ///   say: [请您稍等，我为您查询一下。, 查到了，这笔转账已经到账。]
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// - stage: resolve
    ///   say: 请您稍等，我为您查询一下。
    /// - stage: resolve
    ///   say: 感谢您的耐心等待，这笔转账已经到账。
    /// ```
    ///
    /// ## Options
    /// None.
    HoldThanks {
        id: "hold-thanks",
        group: Process,
        severity: Warning,
        fix: No,
        summary: ("让客户等待后感谢等待", "a hold is followed by a thank-you for waiting"),
    }
}

impl Rule for HoldThanks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let FileModel::Script(script) = cx.model else {
            return;
        };
        let standard = cx.standard();
        let lines: Vec<Spoken> = script.spoken_lines().filter_map(|l| cx.spoken(l)).collect();
        if !lines
            .iter()
            .any(|s| cx.presence(s.text).may(&standard.hold))
        {
            return;
        }
        // The last thank-you: (line index, byte offset in that line).
        let last_thanks = lines.iter().enumerate().rev().find_map(|(i, s)| {
            if !cx.presence(s.text).may(&standard.thanks_for_waiting) {
                return None;
            }
            standard
                .thanks_for_waiting
                .find_all(s.text)
                .last()
                .map(|(r, _)| (i, r.start))
        });
        for (i, spoken) in lines.iter().enumerate() {
            if !cx.presence(spoken.text).may(&standard.hold) {
                continue;
            }
            for (hold, _) in standard.hold.find_all(spoken.text) {
                if last_thanks.is_some_and(|at| at > (i, hold.start)) {
                    continue;
                }
                let phrase = &spoken.text[hold.clone()];
                sink.report_spoken(&META, spoken, hold.clone(), msg!(zh: "让客户“{phrase}”之后没有感谢客户的等待", en: "the customer is put on hold (“{phrase}”) but never thanked for waiting"))
                    .help(msg!(zh: "回来时先致谢，如：感谢您的耐心等待，……", en: "thank them when you come back: 感谢您的耐心等待，……"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    fn steps(s: &str) -> String {
        script(&BODY.replace("  - stage: listen\n    say: 嗯，我明白了。\n", s))
    }

    #[test]
    fn fails() {
        let s = steps("  - stage: listen\n    say: 嗯。\n  - stage: resolve\n    say: 请您稍等，我为您查询一下。\n  - stage: resolve\n    say: 查到了。\n");
        assert_eq!(assert_fails("hold-thanks", &s), ["请您稍等"]);
        // Thanks before the hold do not count.
        let s = steps("  - stage: listen\n    say: 感谢您的耐心等待。\n  - stage: resolve\n    say: 请稍候。\n");
        assert_eq!(assert_fails("hold-thanks", &s), ["请稍候"]);
    }

    #[test]
    fn passes() {
        assert_passes("hold-thanks", &script(BODY));
        assert_passes("hold-thanks", &steps("  - stage: listen\n    say: 嗯。\n  - stage: resolve\n    say: 请您稍等，我为您查询一下。\n  - stage: resolve\n    say: 让您久等了，查到了。\n"));
        assert_passes(
            "hold-thanks",
            &steps("  - stage: resolve\n    say: 请稍等片刻……好的，感谢您的耐心等待。\n"),
        );
        let s =
            steps("  - stage: listen\n    say: 嗯。\n  - stage: resolve\n    say: 请您稍等。\n");
        assert_passes(
            "hold-thanks",
            &s.replace(
                "  - 您还有其他疑问吗？",
                "  - 谢谢您的等待，您还有其他疑问吗？",
            ),
        );
    }
}
