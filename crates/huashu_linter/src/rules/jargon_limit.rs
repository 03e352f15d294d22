//! jargon-limit: no sentence piles up unexplained jargon. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/jargon-limit.md is made from),
//! its check and its pass/fail tests, together.

use super::language::language_texts;
use super::{declare_rule, FileContext, Rule, RuleMeta, RuleOption};
use crate::finding::Sink;
use crate::msg;
use crate::standard::StandardData;
use crate::text::sentences;

declare_rule! {
    /// ## 检查什么
    /// 一句话里未经解释的银行术语（规范 `lexicon.jargon`：头寸、敞口、轧差、LPR……）不超过 `max_unexplained` 个（默认 1）。术语后面在同一句里出现解释标记（也就是、简单来说、相当于、即……），或下一句以解释标记开头，或紧跟括号注释（“T+1（下一个工作日）”），就算已解释。超过时每个未解释的术语都会标出，帮助里给出通俗说法。
    ///
    /// ## 为什么
    /// 客户听不懂术语，又不好意思追问，服务就等于没做。服务规范要求用客户听得懂的话解释业务。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 您这笔业务涉及头寸、敞口和轧差。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// say: 这笔款项T+1到账，也就是下一个工作日到账。
    /// ```
    ///
    /// ## 选项
    /// `max_unexplained`（默认 1）：一句中最多允许几个未解释的术语。词表用 huashu.yaml 的 `lexicon.jargon.add/remove` 调整。
    /// ---
    /// ## What it checks
    /// No sentence holds more than `max_unexplained` (default 1) banking terms (the standard's `lexicon.jargon`: 头寸, 敞口, 轧差, LPR …) that are left unexplained. A term is explained when an explanation marker (也就是, 简单来说, 相当于, 即 …) follows it later in the same sentence, opens the next sentence, or a parenthesised gloss follows it (T+1（下一个工作日）). Past the limit every unexplained term is underlined, with its plain alternative as help.
    ///
    /// ## Why
    /// A customer who does not understand the terms rarely asks; the answer is lost. The service standard asks agents to explain business in words customers understand.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 您这笔业务涉及头寸、敞口和轧差。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// say: 这笔款项T+1到账，也就是下一个工作日到账。
    /// ```
    ///
    /// ## Options
    /// `max_unexplained` (default 1): the most unexplained terms a sentence may hold. Edit the list with `lexicon.jargon.add/remove` in huashu.yaml.
    JargonLimit {
        id: "jargon-limit",
        group: Language,
        severity: Warning,
        fix: No,
        summary: ("一句话里未解释的术语不超过上限", "no sentence piles up unexplained jargon"),
        options: &[RuleOption {
            name: "max_unexplained",
            doc: ("一句中最多几个未解释的术语（默认 1）", "most unexplained terms in one sentence (default 1)"),
            apply: |s: &mut StandardData, v| s.limits.max_unexplained_jargon = v,
        }],
    }
}

impl Rule for JargonLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let standard = cx.standard();
        let lang = &standard.language;
        let max =
            usize::try_from(standard.data.limits.max_unexplained_jargon).unwrap_or(usize::MAX);
        for t in language_texts(cx) {
            let text = t.masked.as_ref();
            if !t.presence.may(&lang.jargon) {
                continue;
            }
            // One search over the line; sentences matter only past the limit.
            let all = lang.jargon.find_all(text);
            if all.len() <= max {
                continue;
            }
            let sentences = sentences(text);
            for (n, sentence) in sentences.iter().enumerate() {
                let part = &text[sentence.clone()];
                let terms: Vec<_> = all
                    .iter()
                    .filter(|(r, _)| sentence.start <= r.start && r.end <= sentence.end)
                    .map(|(r, i)| (r.start - sentence.start..r.end - sentence.start, *i))
                    .collect();
                if terms.len() <= max {
                    continue;
                }
                let next_opens_with_marker = sentences.get(n + 1).is_some_and(|next| {
                    lang.markers
                        .find(text[next.clone()].trim_start())
                        .is_some_and(|m| m.start == 0)
                });
                // A term is explained by a marker anywhere after it in the sentence.
                let last_marker = lang.markers.find_all(part).last().map(|(r, _)| r.start);
                let unexplained: Vec<_> = terms
                    .iter()
                    .filter(|(range, _)| {
                        let glossed = part[range.end..].starts_with(['（', '(']);
                        let marked_later = last_marker.is_some_and(|m| m >= range.end);
                        !(glossed || marked_later || next_opens_with_marker)
                    })
                    .cloned()
                    .collect();
                if unexplained.len() <= max {
                    continue;
                }
                let count = unexplained.len();
                for (range, index) in unexplained {
                    let term = &part[range.clone()];
                    let plain = lang.jargon_plain.get(index).map_or("", String::as_str);
                    let help = if plain.is_empty() {
                        msg!(zh: "用客户听得懂的话解释“{term}”，如：{term}，也就是……", en: "explain “{term}” in plain words: {term}，也就是……")
                    } else {
                        msg!(zh: "说“{plain}”，或解释：{term}，也就是{plain}", en: "say “{plain}”, or explain it: {term}，也就是{plain}")
                    };
                    let at = sentence.start + range.start..sentence.start + range.end;
                    sink.report(&META, t.text.sub_span(&cx.source.text, at), msg!(zh: "术语“{term}”未解释（这句话有 {count} 个未解释的术语，上限 {max}）", en: "unexplained term “{term}” ({count} in this sentence, at most {max})"))
                        .help(help);
                }
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
                "jargon-limit",
                &with_say("您这笔业务涉及头寸、敞口和轧差。")
            ),
            ["头寸", "敞口", "轧差"]
        );
        assert_eq!(
            assert_fails("jargon-limit", &with_say("这笔贷款可以展期，利率参考LPR。")),
            ["展期", "LPR"]
        );
        // 立即 is no explanation marker.
        assert_fails("jargon-limit", &with_say("借记卡冲正会立即生效。"));
    }

    #[test]
    fn passes() {
        assert_passes(
            "jargon-limit",
            &with_say("这笔款项T+1到账，也就是下一个工作日到账。"),
        );
        assert_passes(
            "jargon-limit",
            &with_say("这张借记卡，也就是储蓄卡，已经冲正，简单来说就是交易撤销了。"),
        );
        assert_passes("jargon-limit", &with_say("您的借记卡已经办好了。"));
        assert_passes(
            "jargon-limit",
            &with_say("利率参考LPR（贷款市场报价利率）和基点（万分之一）。"),
        );
        assert_passes(
            "jargon-limit",
            &with_say("利率会参考LPR和基点。也就是说，市场利率变了，您的利率也跟着变。"),
        );
        // A placeholder is one word: its name is never a term.
        assert_passes(
            "jargon-limit",
            &format!(
                "variables: [lpr_rate]\n{}",
                with_say("您的利率为{lpr_rate}，展期后不变。")
            ),
        );
    }

    #[test]
    fn the_limit_is_an_option() {
        let s = with_say("您这笔业务涉及头寸、敞口和轧差。");
        assert!(findings_with_config(
            "jargon-limit",
            &[("a.yaml", &s)],
            "rules:\n  jargon-limit:\n    max_unexplained: 3\n"
        )
        .is_empty());
    }
}
