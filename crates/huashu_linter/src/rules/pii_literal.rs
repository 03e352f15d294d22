//! pii-literal: no literal card, ID or mobile number. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/pii-literal.md is made from),
//! its check and its pass/fail tests, together.

use std::ops::Range;

use super::language::language_texts;
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::Sink;
use crate::msg;

declare_rule! {
    /// ## 检查什么
    /// 话术里没有写死的个人信息：银行卡号（13–19 位数字且通过 Luhn 校验）、18 位居民身份证号（校验位正确、出生日期合理）、大陆手机号（1[3-9] 开头的 11 位数字）。数字中间的空格或短横线也算在内（6222 0212 3456 7890）。
    ///
    /// ## 为什么
    /// 话术库会被很多人看到、复制、发到各种系统里；真实的卡号、身份证号、手机号写进话术就是个人信息泄露（《个人信息保护法》）。示例也应使用占位符或打码。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 您尾号的卡号是6222021234567890123吗？
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// variables: [card_tail]
    /// say: 您的卡号尾号是{card_tail}吗？
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// No personal data written into a script: card numbers (13–19 digits passing the Luhn check), 18-digit resident ID numbers (valid check digit, plausible birth date), mainland mobile numbers (11 digits starting 1[3-9]). Single spaces or hyphens between digit groups count too (6222 0212 3456 7890).
    ///
    /// ## Why
    /// A script repository is read, copied and pasted into many systems by many people; a real card, ID or phone number in it is a personal-data leak (Personal Information Protection Law). Examples should use placeholders or masked digits.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 您尾号的卡号是6222021234567890123吗？
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// variables: [card_tail]
    /// say: 您的卡号尾号是{card_tail}吗？
    /// ```
    ///
    /// ## Options
    /// None.
    PiiLiteral {
        id: "pii-literal",
        group: Language,
        severity: Error,
        fix: No,
        summary: ("不写死卡号、身份证号、手机号", "no literal card, ID or mobile number"),
    }
}

/// Runs of digits, allowing one space or hyphen between groups; an 18-character
/// ID may end in X. Returns (byte range, the digits).
fn digit_runs(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut end = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_digit() {
                digits.push(b as char);
                i += 1;
                end = i;
            } else if (b == b' ' || b == b'-')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                && !digits.is_empty()
            {
                i += 1;
            } else {
                break;
            }
        }
        if digits.len() == 17 && matches!(bytes.get(end), Some(b'X' | b'x')) {
            digits.push('X');
            end += 1;
        }
        // A number glued to Latin letters or a decimal point is a code or a version, not personal data.
        let glued = bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'.');
        if !glued {
            out.push((start..end, digits));
        }
        i = end.max(start + 1);
    }
    out
}

pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// GB 11643: weights and the check character of an 18-character ID.
pub fn resident_id(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let year: u32 = id[6..10].parse().unwrap_or(0);
    let month: u32 = id[10..12].parse().unwrap_or(0);
    let day: u32 = id[12..14].parse().unwrap_or(0);
    if !(1900..=2099).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == bytes[17].to_ascii_uppercase()
}

fn mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

impl Rule for PiiLiteral {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        for t in language_texts(cx) {
            for (range, digits) in digit_runs(&t.masked) {
                let (zh, en, placeholder) = if resident_id(&digits) {
                    ("身份证号", "a resident ID number", "{id_tail}")
                } else if mobile(&digits) {
                    ("手机号", "a mobile number", "{mobile_tail}")
                } else if (13..=19).contains(&digits.len()) && luhn(&digits) {
                    ("银行卡号", "a card number", "{card_tail}")
                } else {
                    continue;
                };
                let shown = &t.masked[range.clone()];
                sink.report(&META, t.text.sub_span(&cx.source.text, range.clone()), msg!(zh: "话术里写了{zh}：{shown}", en: "{en} is written out: {shown}"))
                    .help(msg!(zh: "改用占位符（如 {placeholder}，并在 variables 中声明）或打码（6222****1234）", en: "use a placeholder (such as {placeholder}, declared in variables) or mask it (6222****1234)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn checks() {
        assert!(luhn("4111111111111111"));
        assert!(!luhn("4111111111111112"));
        assert!(resident_id("11010519491231002X"));
        assert!(!resident_id("110105194912310021"));
        assert!(mobile("13812345678"));
        assert!(!mobile("12812345678"));
    }

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails("pii-literal", &with_say("您的卡号是4111111111111111吗？")),
            ["4111111111111111"]
        );
        assert_eq!(
            assert_fails(
                "pii-literal",
                &with_say("卡号 4111 1111 1111 1111 已挂失。")
            ),
            ["4111 1111 1111 1111"]
        );
        assert_eq!(
            assert_fails(
                "pii-literal",
                &with_say("身份证号11010519491231002X已登记。")
            ),
            ["11010519491231002X"]
        );
        assert_eq!(
            assert_fails("pii-literal", &with_say("请拨打13812345678联系客户经理。")),
            ["13812345678"]
        );
    }

    #[test]
    fn passes() {
        for s in [
            "版本号2.8.0已发布。",
            "请拨打95588或400-820-8888。",
            "尾号1234的卡。",
            "卡号6222****1234。",
            "编号4111111111111112。",
            "订单号AB4111111111111111。",
            "金额20261129.50元。",
        ] {
            assert_passes("pii-literal", &with_say(s));
        }
    }
}
