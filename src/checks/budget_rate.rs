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
    docs: "## 作用\n按评分方案的公式（如 全年执行数 ÷ 全年预算数）重算执行率，按表上印出的小数位数比较：四舍五入或截断（部分省级系统截断）后一致即可；计分的表没有填执行率的，也报告。总额行为 0 而按其中各行复核时，由 budget-total-blank 报告。\n\n## 原因\n执行率是预算执行得分的依据，填错会直接带错得分。\n\n## 示例\n12275.49 ÷ 14988.39 = 81.90%，表上印 81.9：一致。\n\n## 依据\n财预〔2020〕10号附件：预算执行率 = 全年执行数 ÷ 全年预算数。",
    docs_en: "## What it checks\nRecomputes the 执行率 (execution rate) by the scheme's formula (such as 全年执行数 ÷ 全年预算数) and compares it at the number of decimal places printed on the sheet: it agrees when rounded or cut off there (some provincial systems truncate); a blank rate on a form that scores budget execution is reported too. A zero total row read from its 其中 rows is budget-total-blank's.\n\n## Why\nThe 执行率 is what the budget execution score is based on; a wrong rate carries straight into a wrong score.\n\n## Example\n12275.49 ÷ 14988.39 = 81.90%, the sheet prints 81.9: consistent.\n\n## Basis\nAnnex to 财预〔2020〕10号: 预算执行率 = 全年执行数 ÷ 全年预算数.",
    check: &BudgetRate,
};

impl Check for BudgetRate {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let b = &cx.report.budget;
        let Some(rate) = b.rate.filter(|_| !b.from_sources && !b.rate_printed) else {
            return;
        };
        let Some(budget) = cx.sheet.budget.as_ref() else {
            return;
        };
        let Some(printed) = budget.total.rate.as_ref() else {
            // A form that scores budget execution prints its rate.
            if b.scored {
                out.push(
                    RULE.finding(
                        Text::new(
                            format!(
                                "执行率未填写，按 {} 计算为 {}",
                                b.rate_explanation,
                                percent(rate)
                            ),
                            format!(
                                "the rate is blank; {} gives {}",
                                b.rate_explanation,
                                percent(rate)
                            ),
                        ),
                        Text::new(
                            format!("填写执行率 {}", percent(rate)),
                            format!("fill in the rate, {}", percent(rate)),
                        ),
                    )
                    .at(
                        &cx.sheet.source,
                        cx.sheet
                            .budget_cell("rate")
                            .unwrap_or_else(|| budget.total.pos.clone()),
                    )
                    .field("budget.total.rate"),
                );
            }
            return;
        };
        let Some(claimed) = b.rate_claimed else {
            return;
        };
        // Compare at the precision printed: 81.9 agrees with 81.8997…%.
        let places = claimed.scale().saturating_sub(2);
        let Some(as_printed) = rate.checked_mul(rust_decimal::Decimal::ONE_HUNDRED) else {
            return;
        };
        // Rounded, or cut off as some provincial systems print it: 89.97% as 89.9.
        let claimed_percent = claimed.checked_mul(rust_decimal::Decimal::ONE_HUNDRED);
        let agrees = [
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            rust_decimal::RoundingStrategy::ToZero,
        ]
        .into_iter()
        .any(|strategy| {
            claimed_percent == Some(as_printed.round_dp_with_strategy(places, strategy))
        });
        if !agrees {
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
