//! `budget-rate`: the printed 执行率 differs from the one the figures give.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::percent;
use crate::lang::Text;

pub struct BudgetRate;

pub static RULE: Rule = Rule {
    name: "budget-rate",
    severity: Severity::Error,
    summary_zh: "填报的执行率与预算数据计算的不符",
    summary_en: "the printed 执行率 differs from the one the budget figures give",
    docs: "## 作用\n按评分方案的公式（如 全年执行数 ÷ 全年预算数）重算执行率，按表上印出的小数位数比较。\n\n## 原因\n执行率是预算执行得分的依据，填错会直接带错得分。\n\n## 示例\n12275.49 ÷ 14988.39 = 81.90%，表上印 81.9：一致。\n\n## 依据\n财预〔2020〕10号附件：预算执行率 = 全年执行数 ÷ 全年预算数。",
    docs_en: "## What it checks\nRecomputes the 执行率 (execution rate) by the scheme's formula (such as 全年执行数 ÷ 全年预算数) and compares it at the number of decimal places printed on the sheet.\n\n## Why\nThe 执行率 is what the budget execution score is based on; a wrong rate carries straight into a wrong score.\n\n## Example\n12275.49 ÷ 14988.39 = 81.90%, the sheet prints 81.9: consistent.\n\n## Basis\nAnnex to 财预〔2020〕10号: 预算执行率 = 全年执行数 ÷ 全年预算数.",
    check: &BudgetRate,
};

impl Check for BudgetRate {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let b = &cx.report.budget;
        let (Some(claimed), Some(rate)) = (b.rate_claimed, b.rate) else {
            return;
        };
        let Some(printed) = cx.sheet.budget.as_ref().and_then(|x| x.total.rate.as_ref()) else {
            return;
        };
        // Compare at the precision printed: 81.9 agrees with 81.8997…%.
        let places = claimed.scale().saturating_sub(2);
        let Some(as_printed) = rate.checked_mul(rust_decimal::Decimal::ONE_HUNDRED) else {
            return;
        };
        let rounded = as_printed
            .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        if claimed.checked_mul(rust_decimal::Decimal::ONE_HUNDRED) != Some(rounded) {
            out.push(
                RULE.finding(
                    Text::new(
                        format!(
                            "执行率填报 {}，按 {} 计算为 {}",
                            printed.value.trim(),
                            b.rate_explanation,
                            percent(rate)
                        ),
                        format!(
                            "执行率 is printed as {}, but {} gives {}",
                            printed.value.trim(),
                            b.rate_explanation,
                            percent(rate)
                        ),
                    ),
                    Text::new(
                        format!("将执行率改为 {}", percent(rate)),
                        format!("correct the rate to {}", percent(rate)),
                    ),
                )
                .at(&cx.sheet.source, printed.pos.clone())
                .field("budget.total.rate"),
            );
        }
    }
}
