//! clarify-is-question: every clarify line is a question. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/clarify-is-question.md is made from),
//! its check and its pass/fail tests, together.

use super::{declare_rule, FileContext, Rule, RuleMeta, Spoken};
use crate::finding::Sink;
use crate::model::{FileModel, Stage};
use crate::msg;
use crate::standard::Standard;
use crate::text::sentences;

declare_rule! {
    /// ## 检查什么
    /// clarify（澄清）步骤的每一句都是问句：以问号（？或 ?）结尾，或最后一句里有疑问词（规范 `process.question-words`：吗、呢、是否、哪）。`say` 有几种说法时每一种都检查。
    ///
    /// ## 为什么
    /// 澄清是为了让客户回答；陈述句不会得到回答，坐席只好再问一次。
    ///
    /// ## 错误示例
    /// ```yaml
    /// - stage: clarify
    ///   say: 您需要办理临时挂失。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// - stage: clarify
    ///   say: 请问您是需要临时挂失，还是正式挂失呢？
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// Every line of a clarify step is a question: it ends in a question mark (？ or ?), or its last sentence asks with a question word (the standard's `process.question-words`: 吗, 呢, 是否, 哪). Each alternative of `say` is checked.
    ///
    /// ## Why
    /// A clarifying step is there to get an answer; a statement gets none, and the agent has to ask again.
    ///
    /// ## Bad
    /// ```yaml
    /// - stage: clarify
    ///   say: 您需要办理临时挂失。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// - stage: clarify
    ///   say: 请问您是需要临时挂失，还是正式挂失呢？
    /// ```
    ///
    /// ## Options
    /// None.
    ClarifyIsQuestion {
        id: "clarify-is-question",
        group: Process,
        severity: Warning,
        fix: No,
        summary: ("澄清步骤是问句", "every clarify line is a question"),
    }
}

/// Whether a line asks something.
fn is_question(text: &str, standard: &Standard) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '）' | ')')
    });
    if trimmed.ends_with(['？', '?']) {
        return true;
    }
    sentences(trimmed)
        .last()
        .is_some_and(|last| standard.question_words.contains(&trimmed[last.clone()]))
}

impl Rule for ClarifyIsQuestion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let FileModel::Script(script) = cx.model else {
            return;
        };
        for step in script
            .steps
            .iter()
            .filter(|s| s.stage == Some(Stage::Clarify))
        {
            for spoken in step.say.iter().filter_map(|l| cx.spoken(l)) {
                if spoken.text.trim().is_empty() || is_question(spoken.text, cx.standard()) {
                    continue;
                }
                report(sink, &spoken);
            }
        }
    }
}

fn report(sink: &mut Sink, spoken: &Spoken) {
    sink.report_spoken(&META, spoken, 0..spoken.text.len(), msg!(zh: "澄清步骤的这一句不是问句", en: "this clarify line is not a question"))
        .help(msg!(zh: "改成问句，如：请问您是需要临时挂失，还是正式挂失呢？", en: "ask it, e.g. 请问您是需要临时挂失，还是正式挂失呢？"));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    fn clarify(say: &str) -> String {
        script(&BODY.replace(
            "  - stage: listen\n    say: 嗯，我明白了。\n",
            &format!("  - stage: clarify\n    say: {say}\n"),
        ))
    }

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails("clarify-is-question", &clarify("您需要办理临时挂失。")),
            ["您需要办理临时挂失。"]
        );
        assert_fails("clarify-is-question", &clarify("好的，我来为您查询"));
        assert_fails(
            "clarify-is-question",
            &clarify("[请问是哪张卡？, 我来查一下。]"),
        );
    }

    #[test]
    fn passes() {
        for say in [
            "请问您是需要临时挂失，还是正式挂失呢？",
            "请问是哪张卡",
            "您是否已经报警",
            "您方便告诉我卡号后四位吗",
            "请问您的卡号是?",
            "\"请问要办理哪项业务？\"",
        ] {
            assert_passes("clarify-is-question", &clarify(say));
        }
    }
}
