//! vague-commitment: no hedged answer (大概, 估计 …). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/vague-commitment.md is made from),
//! its check and its pass/fail tests, together.

use super::language::{report_text_hits, TextHit};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;
use crate::standard::Language;

declare_rule! {
    /// ## 检查什么
    /// 不用含糊的答复（规范 `lexicon.vague-commitment`：应该可以吧、应该没问题、大概、可能吧、好像、差不多吧、估计、说不定）。
    ///
    /// ## 为什么
    /// 服务规范要求答复准确：确定的事情直接说明；不确定的，说明会去核实，而不是让客户自己猜。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 估计没问题，应该可以吧。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// say: 这个我需要为您核实一下，核实后给您准确答复。
    /// ```
    ///
    /// ## 选项
    /// 无；词表用 `lexicon.vague-commitment.add/remove` 调整。
    /// ---
    /// ## What it checks
    /// No hedged answer (the standard's `lexicon.vague-commitment`: 应该可以吧, 应该没问题, 大概, 可能吧, 好像, 差不多吧, 估计, 说不定).
    ///
    /// ## Why
    /// The service standard asks for precise answers: say it plainly when it is certain, and say you will check when it is not, rather than leaving the customer to guess.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 估计没问题，应该可以吧。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// say: 这个我需要为您核实一下，核实后给您准确答复。
    /// ```
    ///
    /// ## Options
    /// None; edit the list with `lexicon.vague-commitment.add/remove`.
    VagueCommitment {
        id: "vague-commitment",
        group: Language,
        severity: Warning,
        fix: No,
        summary: ("不用含糊的答复（大概、估计……）", "no hedged answer (大概, 估计 …)"),
    }
}

impl Rule for VagueCommitment {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        report_text_hits(cx, sink, &META, |lang| &lang.vague, text_hits);
    }
}

/// The rule on one text (placeholders masked).
pub fn text_hits(text: &str, lang: &Language) -> Vec<TextHit> {
    lang.vague
        .find_all(text)
        .into_iter()
        .map(|(range, _)| {
            let word = &text[range.clone()];
            TextHit {
                message: msg!(zh: "含糊的答复“{word}”", en: "hedged answer “{word}”"),
                help: msg!(zh: "确定的就直接说明；不确定的就说：我为您核实一下，核实后给您准确答复", en: "state it if it is certain; otherwise say you will check: 我为您核实一下，核实后给您准确答复"),
                range,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails(
                "vague-commitment",
                &script(&BODY.replace("嗯，我明白了。", "估计没问题。"))
            ),
            ["估计"]
        );
        assert_eq!(
            assert_fails(
                "vague-commitment",
                &script(&BODY.replace("嗯，我明白了。", "应该可以吧，大概明天到账。"))
            ),
            ["应该可以吧", "大概"]
        );
    }

    #[test]
    fn passes() {
        assert_passes(
            "vague-commitment",
            &script(&BODY.replace(
                "嗯，我明白了。",
                "这个我需要为您核实一下，核实后给您准确答复。",
            )),
        );
    }
}
