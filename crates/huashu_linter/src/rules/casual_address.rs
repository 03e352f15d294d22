//! casual-address: no over-familiar form of address (美女, 亲 …). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/casual-address.md is made from),
//! its check and its pass/fail tests, together.

use std::ops::Range;

use super::language::{language_texts, TextHit};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;
use crate::text::clauses;

declare_rule! {
    /// ## 检查什么
    /// 不用过分随意的称呼（规范 `lexicon.casual-address`：亲、亲爱的、美女、帅哥、老板、兄弟、哥、姐、大爷、大妈、小姐、喂）称呼客户。只在它作为称呼出现时报告：单独成为一个分句（“美女，您好”“亲！”“喂，您好”），或两个字以上的称呼紧挨着问候语（“您好美女”“帅哥你好”）。出现在别的词里面不算：哥伦比亚、亲自、父亲、兄弟姐妹。
    ///
    /// ## 为什么
    /// 银行服务规范要求称呼得体、尊重客户；随意的称呼显得不专业，也可能冒犯客户。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 美女，您好，请问有什么可以帮您？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// say: "{customer_title}，您好，请问有什么可以帮您？"
    /// ```
    ///
    /// ## 选项
    /// 无；词表用 `lexicon.casual-address.add/remove` 调整。
    /// ---
    /// ## What it checks
    /// No over-familiar form of address (the standard's `lexicon.casual-address`: 亲, 亲爱的, 美女, 帅哥, 老板, 兄弟, 哥, 姐, 大爷, 大妈, 小姐, 喂). Reported only where it addresses someone: as a clause of its own (美女，您好; 亲！; 喂，您好), or, for forms of two characters or more, right beside a greeting (您好美女; 帅哥你好). Never inside other words: 哥伦比亚, 亲自, 父亲, 兄弟姐妹.
    ///
    /// ## Why
    /// The service standard asks for a respectful form of address; a casual one sounds unprofessional and can offend.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 美女，您好，请问有什么可以帮您？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// say: "{customer_title}，您好，请问有什么可以帮您？"
    /// ```
    ///
    /// ## Options
    /// None; edit the list with `lexicon.casual-address.add/remove`.
    CasualAddress {
        id: "casual-address",
        group: Language,
        severity: Warning,
        fix: No,
        summary: ("不用随意的称呼（美女、亲……）", "no over-familiar form of address (美女, 亲 …)"),
    }
}

const GREETINGS: &[&str] = &[
    "您好",
    "你好",
    "早上好",
    "上午好",
    "中午好",
    "下午好",
    "晚上好",
];

/// The address terms of one clause: the whole clause, or a term of two or
/// more characters right before or after a greeting that fills the clause.
fn address(clause: &str, terms: &crate::text::lexicon::PhraseSet) -> Option<Range<usize>> {
    let trimmed = clause.trim();
    let lead = clause.len() - clause.trim_start().len();
    let whole = terms
        .find_all(trimmed)
        .into_iter()
        .find(|(r, _)| r.start == 0 && r.end == trimmed.len());
    if let Some((r, _)) = whole {
        return Some(r.start + lead..r.end + lead);
    }
    let long = |r: &Range<usize>| trimmed[r.clone()].chars().count() >= 2;
    for g in GREETINGS {
        if let Some(rest) = trimmed.strip_prefix(g) {
            if let Some((r, _)) = terms
                .find_all(rest)
                .into_iter()
                .find(|(r, _)| r.start == 0 && r.end == rest.len() && long(r))
            {
                return Some(r.start + lead + g.len()..r.end + lead + g.len());
            }
        }
        if let Some(head) = trimmed.strip_suffix(g) {
            if let Some((r, _)) = terms
                .find_all(head)
                .into_iter()
                .find(|(r, _)| r.start == 0 && r.end == head.len() && long(r))
            {
                return Some(r.start + lead..r.end + lead);
            }
        }
    }
    None
}

impl Rule for CasualAddress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let terms = &cx.standard().language.casual;
        for t in language_texts(cx) {
            if !t.presence.may(terms) {
                continue;
            }
            for hit in text_hits(&t.masked, terms) {
                sink.report(
                    &META,
                    t.text.sub_span(&cx.source.text, hit.range),
                    hit.message,
                )
                .help(hit.help);
            }
        }
    }
}

/// The rule on one text (placeholders masked), with the casual terms.
pub fn text_hits(text: &str, terms: &crate::text::lexicon::PhraseSet) -> Vec<TextHit> {
    let mut out = Vec::new();
    for clause in clauses(text) {
        if let Some(r) = address(&text[clause.clone()], terms) {
            let at = clause.start + r.start..clause.start + r.end;
            let word = &text[at.clone()];
            out.push(TextHit {
                message: msg!(zh: "随意的称呼“{word}”", en: "over-familiar address “{word}”"),
                help: msg!(zh: "用 {{customer_title}}（如：张先生、李女士）称呼客户", en: "address the customer as {{customer_title}} (张先生, 李女士)"),
                range: at,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails("casual-address", &with_say("美女，您好。")),
            ["美女"]
        );
        assert_eq!(
            assert_fails("casual-address", &with_say("亲！这个可以办。")),
            ["亲"]
        );
        assert_eq!(
            assert_fails("casual-address", &with_say("您好美女，请讲。")),
            ["美女"]
        );
        assert_eq!(
            assert_fails("casual-address", &with_say("帅哥你好。")),
            ["帅哥"]
        );
        assert_eq!(
            assert_fails("casual-address", &with_say("喂，您好。")),
            ["喂"]
        );
    }

    #[test]
    fn passes() {
        for s in [
            "这张卡在哥斯达黎加也能使用。",
            "您可以亲自到网点办理。",
            "您的父亲可以代办吗？",
            "兄弟姐妹也可以代办。",
            "亲爱的客户朋友请注意。",
            "哥伦比亚比索不能兑换。",
        ] {
            assert_passes("casual-address", &with_say(s));
        }
    }
}
