//! sensitive-data-request: no request for a password, SMS code, CVV or card expiry. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/sensitive-data-request.md is made from),
//! its check and its pass/fail tests, together.

use std::ops::Range;

use super::language::{report_text_hits, TextHit};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;
use crate::standard::Language;
use crate::text::clauses;

declare_rule! {
    /// ## 检查什么
    /// 不向客户索要密码、短信验证码、CVV/安全码或卡片有效期（规范 `lexicon.sensitive-data`）：同一分句里（中间没有标点）请求动词在敏感名词之前（请告诉我您的密码、请提供验证码），或“把”字句中名词在动词之前（麻烦把验证码报一下），或直接问“……是多少/是什么”（您的查询密码是多少）。分句里有否定（请勿、不要、切勿、不会、不得、谨防……）时不算：“请勿向任何人透露验证码”“工作人员不会向您索要密码”是提醒；客户自己输入（请输入支付密码）也不算。
    ///
    /// ## 为什么
    /// 银行工作人员在任何情况下都不会索要密码和验证码；话术里出现这样的请求，既违反规定，也会被诈骗分子模仿。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 麻烦把验证码报一下，我帮您操作。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// say: 请在手机银行中输入交易密码完成确认，验证码请勿告诉任何人。
    /// ```
    ///
    /// ## 选项
    /// 无；名词表用 `lexicon.sensitive-data.add/remove` 调整。
    /// ---
    /// ## What it checks
    /// No line asks the customer for a password, SMS code, CVV/安全码 or card expiry (the standard's `lexicon.sensitive-data`): a request verb and a sensitive noun in the same clause (no punctuation between), the verb before the noun (请告诉我您的密码, 请提供验证码), or after it in a 把 construction (麻烦把验证码报一下), or a direct question (您的查询密码是多少). Not when the clause is negated (请勿, 不要, 切勿, 不会, 不得, 谨防 …: 请勿向任何人透露验证码, 工作人员不会向您索要密码), nor when the customer types it in themselves (请输入支付密码).
    ///
    /// ## Why
    /// Bank staff never ask for passwords or codes; a script that does breaks the rules and is exactly what fraudsters imitate.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 麻烦把验证码报一下，我帮您操作。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// say: 请在手机银行中输入交易密码完成确认，验证码请勿告诉任何人。
    /// ```
    ///
    /// ## Options
    /// None; edit the nouns with `lexicon.sensitive-data.add/remove`.
    SensitiveDataRequest {
        id: "sensitive-data-request",
        group: Language,
        severity: Error,
        fix: No,
        summary: ("不索要密码、验证码、CVV、有效期", "no request for a password, SMS code, CVV or card expiry"),
    }
}

const QUESTIONS: &[&str] = &["是多少", "是什么", "多少"];

/// The request in one clause: from the verb (or 把) to the noun (or verb).
fn request(clause: &str, lang: &Language) -> Option<Range<usize>> {
    let noun = lang.sensitive_nouns.find(clause)?;
    let negated = |upto: usize| lang.negations.find(&clause[..upto]).is_some();
    // The verb before the noun: 请提供验证码.
    if let Some(verb) = lang.sensitive_verbs.find(&clause[..noun.start]) {
        return (!negated(verb.start)).then_some(verb.start..noun.end);
    }
    // 把 + noun + verb: 麻烦把验证码报一下.
    if let Some(ba) = clause[..noun.start].rfind('把') {
        if let Some(verb) = lang.sensitive_verbs.find_from(clause, noun.end) {
            return (!negated(ba)).then_some(ba..verb.end);
        }
    }
    // A direct question: 您的密码是多少.
    let rest = &clause[noun.end..];
    let asked = QUESTIONS
        .iter()
        .find_map(|q| rest.find(q).map(|i| noun.end + i + q.len()))?;
    (!negated(noun.start)).then_some(noun.start..asked)
}

impl Rule for SensitiveDataRequest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        report_text_hits(cx, sink, &META, |lang| &lang.sensitive_nouns, text_hits);
    }
}

/// The rule on one text (placeholders masked).
pub fn text_hits(text: &str, lang: &Language) -> Vec<TextHit> {
    let mut out = Vec::new();
    for clause in clauses(text) {
        let Some(r) = request(&text[clause.clone()], lang) else {
            continue;
        };
        let at = clause.start + r.start..clause.start + r.end;
        let asked = &text[at.clone()];
        out.push(TextHit {
            message: msg!(zh: "向客户索要敏感信息：“{asked}”", en: "the customer is asked for sensitive data: “{asked}”"),
            help: msg!(zh: "请客户自己在手机银行或设备上输入，并提醒：密码和验证码请勿告诉任何人，包括银行工作人员", en: "let the customer type it in themselves, and remind them: 密码和验证码请勿告诉任何人，包括银行工作人员"),
            range: at,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails("sensitive-data-request", &with_say("麻烦把验证码报一下。")),
            ["把验证码报一下"]
        );
        assert_eq!(
            assert_fails("sensitive-data-request", &with_say("请告诉我您的密码。")),
            ["告诉我您的密码"]
        );
        assert_eq!(
            assert_fails("sensitive-data-request", &with_say("请提供卡背面的CVV。")),
            ["提供卡背面的CVV"]
        );
        assert_eq!(
            assert_fails("sensitive-data-request", &with_say("您的查询密码是多少？")),
            ["查询密码是多少"]
        );
        assert_fails(
            "sensitive-data-request",
            &with_say("请说一下卡片的有效期。"),
        );
    }

    #[test]
    fn passes() {
        for s in [
            "工作人员不会向您索要验证码。",
            "请勿向任何人透露验证码。",
            "请在手机银行中输入交易密码完成确认。",
            "请不要把验证码告诉任何人。",
            "我们不会要求您提供密码。",
            "请输入您的支付密码。",
            "请提供您的身份证号码，密码请您自己输入。",
        ] {
            assert_passes("sensitive-data-request", &with_say(s));
        }
    }
}
