//! sentence-length: no sentence longer than the channel's limit (phone 60). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/sentence-length.md is made from),
//! its check and its pass/fail tests, together.

use super::language::language_texts;
use super::{declare_rule, FileContext, Rule, RuleMeta, RuleOption};
use crate::finding::Sink;
use crate::model::Channel;
use crate::msg;
use crate::standard::StandardData;
use crate::text::placeholder::{tokens, Token};
use crate::text::sentences;

/// How many characters a placeholder counts for: a typical filled-in value
/// (示例银行, 张先生), not the length of its name.
pub const PLACEHOLDER_CHARS: usize = 4;

declare_rule! {
    /// ## 检查什么
    /// 没有哪一句话超过渠道的长度上限（规范 `limits.sentence-length`：电话 60 字，在线 120 字）。句子按 。！？!?；; 和换行切分，长度按字符计，不按字节；一个占位符按 4 个字计（填入后的典型长度，如“示例银行”“张先生”）。共享话术按配置的默认渠道计。
    ///
    /// ## 为什么
    /// 电话里客户只能靠听，一句话太长就记不住前半句；在线渠道可以长一些，但也要分句。
    ///
    /// ## 错误示例
    /// 电话话术里一句 80 个字、一口气说完的话。
    ///
    /// ## 正确示例
    /// 拆成两三句，每句说一件事。
    ///
    /// ## 选项
    /// `phone`（默认 60）、`online`（默认 120）：各渠道一句话的最大字数。
    /// ---
    /// ## What it checks
    /// No sentence is longer than its channel's limit (the standard's `limits.sentence-length`: phone 60, online 120 characters). Sentences are split on 。！？!?；; and line breaks; length counts characters, not bytes, and a placeholder counts as 4 (the length of a typical value, such as 示例银行 or 张先生). Snippets are measured against the config's default channel.
    ///
    /// ## Why
    /// On the phone the customer can only listen: by the end of a long sentence its beginning is gone. Online can be longer, but still needs breaks.
    ///
    /// ## Bad
    /// An 80-character sentence in a phone script, said in one breath.
    ///
    /// ## Good
    /// Two or three sentences, one thing each.
    ///
    /// ## Options
    /// `phone` (default 60), `online` (default 120): the longest sentence, in characters, per channel.
    SentenceLength {
        id: "sentence-length",
        group: Language,
        severity: Warning,
        fix: No,
        summary: ("句子不超过渠道的长度上限（电话 60 字）", "no sentence longer than the channel's limit (phone 60)"),
        options: &[
            RuleOption { name: "phone", doc: ("电话渠道一句的最大字数（默认 60）", "longest phone sentence in characters (default 60)"), apply: |s: &mut StandardData, v| s.limits.sentence_length.phone = v },
            RuleOption { name: "online", doc: ("在线渠道一句的最大字数（默认 120）", "longest online sentence in characters (default 120)"), apply: |s: &mut StandardData, v| s.limits.sentence_length.online = v },
        ],
    }
}

/// A sentence's spoken length: characters, a placeholder counting as `PLACEHOLDER_CHARS`.
pub fn spoken_length(sentence: &str) -> usize {
    let mut length = sentence.trim().chars().count();
    for token in tokens(sentence) {
        if let Token::Placeholder { range, .. } = token {
            length = length + PLACEHOLDER_CHARS - range.len();
        }
    }
    length
}

impl Rule for SentenceLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let limits = &cx.standard().data.limits.sentence_length;
        for t in language_texts(cx) {
            let (limit, channel_zh, channel_en) = match t.channel {
                Channel::Phone => (limits.phone, "电话", "phone"),
                Channel::Online => (limits.online, "在线", "online"),
            };
            let value = &t.text.value;
            for sentence in sentences(value) {
                let length = spoken_length(&value[sentence.clone()]);
                if length as u64 <= limit {
                    continue;
                }
                sink.report(&META, t.text.sub_span(&cx.source.text, sentence), msg!(zh: "这句话有 {length} 个字，超过{channel_zh}渠道 {limit} 字的上限", en: "this sentence is {length} characters long, over the {channel_en} limit of {limit}"))
                    .help(msg!(zh: "拆成几句短句，每句说一件事", en: "split it into shorter sentences, one thing each"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        let long = "您".repeat(80);
        assert_eq!(
            assert_fails("sentence-length", &with_say(&format!("{long}。好的。"))),
            [long]
        );
        assert_fails(
            "sentence-length",
            &with_say(&format!("{}{{bank}}{}", "您".repeat(30), "好".repeat(27))),
        );
    }

    #[test]
    fn passes() {
        assert_passes(
            "sentence-length",
            &with_say(&format!("{}。{}。", "您".repeat(60), "好".repeat(60))),
        );
        // Online allows 120.
        let online = format!(
            "channel: online\n{}",
            with_say(&"您".repeat(100)).replace("感谢您的来电", "感谢您的咨询")
        );
        assert_passes("sentence-length", &online);
        // A placeholder counts as 4 however long its name.
        assert_passes(
            "sentence-length",
            &with_say(&format!("{}{{customer_title}}", "您".repeat(56))),
        );
    }
}
