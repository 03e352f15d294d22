//! sales-risk-disclosure: a sales script states the risk level and a risk warning. The rule's metadata, its documentation (the
//! doc comment `huashu explain` prints and docs/rules/sales-risk-disclosure.md is made from),
//! its check and its pass/fail tests, together.

use std::ops::Range;

use super::{declare_rule, FileContext, Rule, RuleMeta, Spoken};
use crate::finding::Sink;
use crate::model::{Category, FileModel};
use crate::msg;
use crate::standard::Standard;

declare_rule! {
    /// ## 检查什么
    /// 营销类（`category: sales`）话术说明产品的风险等级（R1–R5、风险等级、风险评级），并给出风险提示（理财非存款、不等同于存款、产品有风险、投资须谨慎、投资有风险……，见规范 `process.risk-level` 与 `process.risk-warning`）。缺哪一项报哪一项，指向 `category` 的值。
    ///
    /// ## 为什么
    /// 《理财公司理财产品销售管理暂行办法》（2021）要求销售时充分揭示风险、说明产品风险等级，并提示“理财非存款、产品有风险、投资须谨慎”。
    ///
    /// ## 错误示例
    /// ```yaml
    /// category: sales
    /// steps:
    ///   - stage: resolve
    ///     say: 这款产品期限一年，收益稳健。
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// category: sales
    /// steps:
    ///   - stage: resolve
    ///     say: 这款产品的风险等级为R2，理财非存款，产品有风险，投资须谨慎。
    /// ```
    ///
    /// ## 选项
    /// 无。
    /// ---
    /// ## What it checks
    /// A sales script (`category: sales`) states the product's risk level (R1–R5, 风险等级, 风险评级) and a risk warning (理财非存款, 不等同于存款, 产品有风险, 投资须谨慎, 投资有风险 …; the standard's `process.risk-level` and `process.risk-warning`). Each missing part is one finding, on the `category` value.
    ///
    /// ## Why
    /// The 2021 rules on selling wealth-management products require the risk to be disclosed, the product's risk level stated, and the warning 理财非存款、产品有风险、投资须谨慎 given.
    ///
    /// ## Bad
    /// ```yaml
    /// category: sales
    /// steps:
    ///   - stage: resolve
    ///     say: 这款产品期限一年，收益稳健。
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// category: sales
    /// steps:
    ///   - stage: resolve
    ///     say: 这款产品的风险等级为R2，理财非存款，产品有风险，投资须谨慎。
    /// ```
    ///
    /// ## Options
    /// None.
    SalesRiskDisclosure {
        id: "sales-risk-disclosure",
        group: Process,
        severity: Error,
        fix: No,
        summary: ("营销话术说明风险等级并提示风险", "a sales script states the risk level and a risk warning"),
    }
}

/// A risk level in `text`: R1–R5 standing alone (not inside a longer code
/// such as CR1 or R15), or a phrase such as 风险等级.
fn has_risk_level(text: &str, standard: &Standard) -> bool {
    let standalone = |r: &Range<usize>| {
        let before = text[..r.start].chars().next_back();
        let after = text[r.end..].chars().next();
        let code = text[r.clone()].starts_with(['R', 'r']);
        !code
            || (!before.is_some_and(|c| c.is_ascii_alphanumeric())
                && !after.is_some_and(|c| c.is_ascii_digit()))
    };
    standard
        .risk_level
        .find_all(text)
        .iter()
        .any(|(r, _)| standalone(r))
}

impl Rule for SalesRiskDisclosure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileContext, sink: &mut Sink) {
        let FileModel::Script(script) = cx.model else {
            return;
        };
        if script.category != Some(Category::Sales) {
            return;
        }
        let Some(span) = script.category_span.clone() else {
            return;
        };
        let lines: Vec<Spoken> = script.spoken_lines().filter_map(|l| cx.spoken(l)).collect();
        let standard = cx.standard();
        if !lines.iter().any(|s| has_risk_level(s.text, standard)) {
            sink.report(&META, span.clone(), msg!(zh: "营销话术没有说明产品的风险等级", en: "the sales script does not state the product's risk level"))
                .help(msg!(zh: "说明风险等级，如：这款产品的风险等级为R2（中低风险）。", en: "state it, e.g. 这款产品的风险等级为R2（中低风险）。"));
        }
        if !lines.iter().any(|s| standard.risk_warning.contains(s.text)) {
            sink.report(&META, span, msg!(zh: "营销话术没有风险提示", en: "the sales script gives no risk warning"))
                .help(msg!(zh: "加上风险提示，如：理财非存款，产品有风险，投资须谨慎。", en: "add the warning: 理财非存款，产品有风险，投资须谨慎。"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    fn sales(say: &str) -> String {
        script(&BODY.replace("嗯，我明白了。", say)).replace("category: service", "category: sales")
    }

    #[test]
    fn fails() {
        assert_eq!(
            assert_fails(
                "sales-risk-disclosure",
                &sales("这款产品期限一年，收益稳健。")
            ),
            ["sales", "sales"]
        );
        assert_eq!(
            assert_fails("sales-risk-disclosure", &sales("这款产品的风险等级为R2。")).len(),
            1
        );
        assert_eq!(
            assert_fails(
                "sales-risk-disclosure",
                &sales("产品有风险，投资须谨慎。编号CR15。")
            )
            .len(),
            1
        );
    }

    #[test]
    fn passes() {
        assert_passes(
            "sales-risk-disclosure",
            &sales("这款产品的风险等级为R2，理财非存款，产品有风险，投资须谨慎。"),
        );
        assert_passes(
            "sales-risk-disclosure",
            &sales("该产品风险评级为r3，不等同于存款。"),
        );
        assert_passes("sales-risk-disclosure", &script(BODY));
    }
}
