//! punctuation-width: full-width punctuation in Chinese text. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/punctuation-width.md is made from),
//! its check and its pass/fail tests, together.

use super::language::language_texts;
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::{Edit, Fix, Safety, Sink};
use crate::msg;
use crate::text::placeholder::{tokens, Token};

declare_rule! {
    /// ## 检查什么
    /// 中文里不用半角标点 , . ? ! : ; ( )：紧跟在汉字后面的，或夹在占位符和汉字之间的（您好,很高兴 → 您好，很高兴；{agent_id},请问 → {agent_id}，请问）。拉丁文和数字保留自己的标点（3.5.1、APP、网址）；省略号（...）不动。
    ///
    /// ## 修复
    /// `--fix` 只把这些字符换成对应的全角标点（，。？！：；（）），其余字节一概不动；只在能精确对应到源文件字节的位置修复。
    ///
    /// ## 为什么
    /// 话术会显示在坐席屏幕和在线聊天里；中文夹半角标点显得粗糙，也让语音合成的停顿出错。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 好的,我帮您查询一下.
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// say: 好的，我帮您查询一下。
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// No half-width , . ? ! : ; ( ) in Chinese text: one that follows a CJK character, or stands between a placeholder and a CJK character (您好,很高兴 -> 您好，很高兴; {agent_id},请问 -> {agent_id}，请问). Latin text and numbers keep theirs (3.5.1, APP, a URL); an ellipsis (...) is left alone.
    ///
    /// ## Fix
    /// `--fix` replaces just those characters with their full-width forms (，。？！：；（）) and no other byte, and only where the position maps exactly to the source.
    ///
    /// ## Why
    /// Scripts show on the agent's screen and in online chats; half-width marks in Chinese look sloppy and throw off text-to-speech pauses.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 好的,我帮您查询一下.
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// say: 好的，我帮您查询一下。
    /// ```
    ///
    /// ## Options
    /// None.
    PunctuationWidth {
        id: "punctuation-width",
        group: Language,
        severity: Warning,
        fix: Safe,
        summary: ("中文里用全角标点", "full-width punctuation in Chinese text"),
    }
}

/// The full-width form of a half-width mark this rule handles.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        '.' => '。',
        '?' => '？',
        '!' => '！',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Han ideographs (and CJK full-width punctuation, which counts as Chinese text).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3000..=0x303F | 0xFF01..=0xFF60)
}

impl Rule for PunctuationWidth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        for t in language_texts(cx) {
            let value = &t.text.value;
            let placeholder_ends: Vec<usize> = tokens(value)
                .filter_map(|tok| match tok {
                    Token::Placeholder { range, .. } => Some(range.end),
                    Token::Malformed { .. } => None,
                })
                .collect();
            // A mark right after a qualifying mark qualifies too (好的?! -> 好的？！):
            // otherwise each fix would make the next mark fixable, and a
            // second --fix would find more to do.
            let mut previous_qualified = false;
            for (i, c) in value.char_indices() {
                let Some(wide) = full_width(c) else {
                    previous_qualified = false;
                    continue;
                };
                let before = value[..i].chars().next_back();
                let after = value[i + 1..].chars().next();
                if c == '.' && (before == Some('.') || after == Some('.')) {
                    previous_qualified = false;
                    continue; // an ellipsis
                }
                let after_cjk = before.is_some_and(is_cjk) || previous_qualified;
                let between = placeholder_ends.contains(&i) && after.is_some_and(is_cjk);
                previous_qualified = after_cjk || between;
                if !previous_qualified {
                    continue;
                }
                let range = i..i + 1;
                let Some(finding) = sink.report_with(
                    &META,
                    || t.text.sub_span(&cx.source.text, range.clone()),
                    || msg!(zh: "中文里用了半角的“{c}”", en: "half-width “{c}” in Chinese text"),
                ) else {
                    continue;
                };
                let exact = t.text.exact_sub_span(&cx.source.text, range);
                finding.help(msg!(zh: "改为全角的“{wide}”", en: "use the full-width “{wide}”"));
                if let Some(span) = exact
                    .filter(|s| cx.source.text.get(s.clone()) == Some(c.encode_utf8(&mut [0; 4])))
                {
                    finding.fix(Fix {
                        safety: Safety::Safe,
                        edits: vec![Edit { span, replacement: wide.to_string() }],
                        description: msg!(zh: "把“{c}”改为“{wide}”", en: "replace “{c}” with “{wide}”"),
                    });
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
            assert_fails("punctuation-width", &with_say("'好的,我帮您查询一下.'")),
            [",", "."]
        );
        assert_eq!(
            assert_fails(
                "punctuation-width",
                &script(&BODY.replace("{agent_id}，请问", "{agent_id},请问"))
            ),
            [","]
        );
        assert_eq!(
            assert_fails("punctuation-width", &with_say("'请问(可选)是否需要?'")),
            ["(", ")", "?"]
        );
        let found = findings("punctuation-width", &[("a.yaml", &with_say("'好的,我来'"))]);
        assert!(found[0].fix.is_some());
    }

    #[test]
    fn passes() {
        for s in [
            "版本号2.8.0已发布。",
            "请打开APP,然后登录。",
            "网址是https://www.example.com。",
            "好的...我看一下。",
            "您好，很高兴为您服务。",
        ] {
            assert_passes("punctuation-width", &with_say(s));
        }
    }
}
