//! forbidden-phrase: no forbidden phrase (compliance, taboos, rhetorical questions). The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/forbidden-phrase.md is made from),
//! its check and its pass/fail tests, together.

use super::language::{language_texts, TextHit};
use super::{declare_rule, FileContext, Rule, RuleMeta};
use crate::finding::{Msg, Sink};
use crate::msg;
use crate::standard::{ForbiddenGroup, Language, Standard};
use crate::text::clauses;
use crate::text::lexicon::Presence;

declare_rule! {
    /// ## 检查什么
    /// 不出现规范禁用词表（`lexicon.forbidden`）中的说法，按组给出原因和替代说法：
    /// - 合规（所有话术）：保本保息、零风险、稳赚不赔、保证收益、预期收益率、安全账户、和存款一样……；
    /// - 无法证实的绝对化用语（只查营销类话术）：最好、最强、唯一、首只、名列前茅……；
    /// - 服务忌语（坐席本人的推诿）：我不知道、不归我管、你自己看着办……；
    /// - 反问、责备客户：不是说过了吗、听懂了吗、怎么又要问……。
    ///
    /// 这些都是短语而不是单字：“如果您不知道卡号”不是忌语；较长的允许说法会盖过其中的禁用词（“不等同于存款”是必需的风险提示，不是“等同于存款”）。
    ///
    /// ## 为什么
    /// 资管新规（银发〔2018〕106号）禁止承诺保本保收益；《理财公司理财产品销售管理暂行办法》（2021）第二十五条禁止宣传预期收益、混淆理财与存款；“安全账户”是诈骗常用话术；服务忌语和反问是投诉的常见起因。
    ///
    /// ## 错误示例
    /// ```yaml
    /// say: 这款产品稳赚不赔，和存款一样安全。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// say: 理财产品不等同于存款，产品有风险，投资须谨慎。
    /// ```
    ///
    /// ## 选项
    /// 无；词表用 huashu.yaml 的 `lexicon.forbidden.add/remove` 调整（`add: {包您满意: 原因}`）。
    /// ---
    /// ## What it checks
    /// No phrase from the standard's forbidden lists (`lexicon.forbidden`), each group with its reason and an alternative:
    /// - compliance (all scripts): 保本保息, 零风险, 稳赚不赔, 保证收益, 预期收益率, 安全账户, 和存款一样 …;
    /// - unproven superlatives (sales scripts only): 最好, 最强, 唯一, 首只, 名列前茅 …;
    /// - service taboos in the agent's own voice: 我不知道, 不归我管, 你自己看着办 …;
    /// - rhetorical or blaming questions: 不是说过了吗, 听懂了吗, 怎么又要问 ….
    ///
    /// They are phrases, not single words: 如果您不知道卡号 is fine; a longer allowed phrase masks a forbidden one inside it (不等同于存款 is the required warning, not 等同于存款).
    ///
    /// ## Why
    /// 资管新规 (银发〔2018〕106号) bans promising principal or returns; the 2021 rules on selling wealth-management products (art. 25) ban expected-yield publicity and mixing products up with deposits; 安全账户 is a scam phrase; taboos and rhetorical questions are common causes of complaints.
    ///
    /// ## Bad
    /// ```yaml
    /// say: 这款产品稳赚不赔，和存款一样安全。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// say: 理财产品不等同于存款，产品有风险，投资须谨慎。
    /// ```
    ///
    /// ## Options
    /// None; edit the lists with `lexicon.forbidden.add/remove` in huashu.yaml (`add: {包您满意: reason}`).
    ForbiddenPhrase {
        id: "forbidden-phrase",
        group: Language,
        severity: Error,
        fix: No,
        summary: ("不出现禁用的说法（合规、忌语、反问）", "no forbidden phrase (compliance, taboos, rhetorical questions)"),
    }
}

impl Rule for ForbiddenPhrase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let standard = cx.standard();
        for t in language_texts(cx) {
            for (range, family, group) in hit_ranges(&t.masked, t.presence, standard, t.sales) {
                // A line can hold a million hits: the words of a finding
                // are written only for the ones listed.
                let mut help = None;
                let listed = sink.report_with(
                    &META,
                    || t.text.sub_span(&cx.source.text, range.clone()),
                    || {
                        let hit = hit(&t.masked, group, family, range.clone());
                        help = Some(hit.help);
                        hit.message
                    },
                );
                if let (Some(finding), Some(help)) = (listed, help) {
                    finding.help(help);
                }
            }
        }
    }
}

/// The rule on one text (placeholders masked): `presence` says which word
/// lists can match it; `sales` turns on the sales-only families.
pub fn text_hits(text: &str, presence: Presence, standard: &Standard, sales: bool) -> Vec<TextHit> {
    hit_ranges(text, presence, standard, sales)
        .into_iter()
        .map(|(range, family, group)| hit(text, group, family, range))
        .collect()
}

/// `text_hits` before their words: each hit's range, family and group.
fn hit_ranges<'s>(
    text: &str,
    presence: Presence,
    standard: &'s Standard,
    sales: bool,
) -> Vec<(std::ops::Range<usize>, &'s str, &'s ForbiddenGroup)> {
    // (range, family): one per offending clause and family, and where
    // two families hit the same words (稳赚不赔 is risk denial and a
    // promised return), the longer hit, or the first family, speaks.
    let mut found: Vec<(std::ops::Range<usize>, &str, &ForbiddenGroup)> = Vec::new();
    let mut clause_list = None;
    for (family, set) in &standard.language.forbidden {
        if !presence.may(set) {
            continue;
        }
        let Some(group) = standard.data.lexicon.forbidden.get(family) else {
            continue;
        };
        if group.sales_only && !sales {
            continue;
        }
        let hits = Language::family_hits(set, text);
        if hits.is_empty() {
            continue;
        }
        let clause_list = clause_list.get_or_insert_with(|| clauses(text));
        let mut last_clause = None;
        for range in hits {
            let clause = clause_list.partition_point(|c| c.end <= range.start);
            if last_clause == Some(clause) {
                continue;
            }
            last_clause = Some(clause);
            found.push((range, family, group));
        }
    }
    // Left to right, keeping of two overlapping hits the longer:
    // one pass, however many hits a line has.
    found.sort_by_key(|(r, _, _)| (r.start, std::cmp::Reverse(r.len())));
    let mut kept: Vec<&(std::ops::Range<usize>, &str, &ForbiddenGroup)> = Vec::new();
    for hit in &found {
        match kept.last() {
            Some(last) if hit.0.start < last.0.end => {
                if hit.0.len() > last.0.len()
                    && kept
                        .len()
                        .checked_sub(2)
                        .is_none_or(|i| kept[i].0.end <= hit.0.start)
                {
                    kept.pop();
                    kept.push(hit);
                }
            }
            _ => kept.push(hit),
        }
    }
    kept.into_iter()
        .map(|(range, family, group)| (range.clone(), *family, *group))
        .collect()
}

fn hit(text: &str, group: &ForbiddenGroup, family: &str, range: std::ops::Range<usize>) -> TextHit {
    let phrase = &text[range.clone()];
    let reason = match group.notes.get(phrase) {
        Some(note) => Msg::new(note.clone(), note.clone()),
        None => group.reason.msg(),
    };
    let (nz, ne) = match &group.name {
        Some(name) => (name.zh.as_str(), name.en.as_str()),
        None => (family, family),
    };
    let (rz, re, sz, se) = (
        &reason.zh,
        &reason.en,
        &group.suggestion.zh,
        &group.suggestion.en,
    );
    TextHit {
        message: msg!(zh: "禁用的说法（{nz}）：“{phrase}”", en: "forbidden ({ne}): “{phrase}”"),
        help: msg!(zh: "{rz}。{sz}", en: "{re}. {se}"),
        range,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails("forbidden-phrase", &with_say("这款产品稳赚不赔。")),
            ["稳赚不赔"]
        );
        assert_eq!(
            assert_fails("forbidden-phrase", &with_say("理财就等同于存款。")),
            ["等同于存款"]
        );
        assert_eq!(
            assert_fails("forbidden-phrase", &with_say("这个我不知道，不归我管。")),
            ["我不知道", "不归我管"]
        );
        assert_eq!(
            assert_fails("forbidden-phrase", &with_say("你听懂了吗？")),
            ["听懂了吗"]
        );
        assert_eq!(
            assert_fails("forbidden-phrase", &with_say("请把钱转到安全账户。")),
            ["安全账户"]
        );
        let sales =
            with_say("这是市场上最好的产品。").replace("category: service", "category: sales");
        assert_eq!(assert_fails("forbidden-phrase", &sales), ["市场上最好"]);
    }

    #[test]
    fn families_not_strings() {
        for (say, hit) in [
            ("我刚才不是已经跟您说过了吗？", "不是已经跟您说过"),
            ("你怎么不早点来？", "你怎么不早点"),
            ("这不归我们管。", "不归我们管"),
            ("有意见你去投诉。", "有意见你去投诉"),
            ("这款理财跟存款差不多。", "跟存款差不多"),
            ("这个产品一点风险都没有。", "一点风险都没有"),
            ("肯定能拿到5%的收益。", "肯定能拿到5%"),
        ] {
            assert_eq!(
                assert_fails("forbidden-phrase", &with_say(say)),
                [hit],
                "{say}"
            );
        }
        // The message names the family.
        let found = findings_with_config(
            "forbidden-phrase",
            &[("a.yaml", &with_say("这款理财跟存款差不多。"))],
            "",
        );
        assert!(
            found[0].message.zh.contains("混同存款"),
            "{}",
            found[0].message.zh
        );
        assert!(
            found[0].message.en.contains("deposit likeness"),
            "{}",
            found[0].message.en
        );
    }

    #[test]
    fn one_finding_where_families_overlap() {
        assert_eq!(
            assert_fails("forbidden-phrase", &with_say("这款产品稳赚不赔。")),
            ["稳赚不赔"]
        );
    }

    #[test]
    fn passes() {
        for s in [
            "如果您不知道开户行的名称，可以拨打卡背面的客服电话。",
            "理财产品不等同于存款，产品有风险，投资须谨慎。",
            "这款产品不保本，请您注意风险。",
            "您最好先带上身份证。",
            // Legitimate uses of the families' words.
            "任何投资都不是零风险，请您注意。",
            "银行不会要求您转账到所谓的安全账户。",
            "请您一定保管好密码。",
            "请您一定要通过官方渠道核实。",
            "为了确保本金安全，您可以考虑国债。",
            "这是我们的评估计划。",
            // Someone else's words, quoted.
            "您说“你们不是说过了吗”，是我们之前没解释到位，抱歉。",
        ] {
            assert_passes("forbidden-phrase", &with_say(s));
        }
        // Superlatives are a sales-script matter.
        assert_passes("forbidden-phrase", &with_say("这是我们唯一的网点。"));
        let sales =
            with_say("您最好先完成风险评估。").replace("category: service", "category: sales");
        assert_passes("forbidden-phrase", &sales);
    }

    #[test]
    fn config_can_add() {
        let s = with_say("包您满意。");
        let found = findings_with_config(
            "forbidden-phrase",
            &[("a.yaml", &s)],
            "lexicon:\n  forbidden:\n    add: {包您满意: 服务承诺需有依据}\n",
        );
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .help
            .as_ref()
            .unwrap()
            .zh
            .contains("服务承诺需有依据"));
    }
}
